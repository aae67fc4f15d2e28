# What a FastCGI process of verify.cgi remembers between requests
# (verifier/web/cgi_memory.h) never outlives what it rests on: a new
# publication, a changed trust store, a changed configuration and a changed
# log state all show in the very next answer, for a question the process
# answered (and kept) before. (A publication going stale is judged at every request from the
# times it carries; tests/cli/cgi.sh covers stale publications.)
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/web-lib.sh"
make_web_body
mkdir -p www
echo "static" >www/static.txt
web_start "$WORK/www" || exit 1

QUERY=$(qr_query "$VALID")
# ask NAME QUERY CLASS [CURL-ARGS]: the FastCGI answer's banner class.
ask() {
    local what=$1 query=$2 want=$3; shift 3
    local body
    body=$(curl -s "$@" "$WEB_URL/fcgi/verify?$query")
    if grep -q "class=\"banner s-$want\"" <<<"$body"; then pass "$what: $want"
    else failed "$what: wanted $want, got $(grep -o 'class="banner s-[a-z_]*"' <<<"$body")"; fi
}
ask_json() {
    local what=$1 query=$2 want=$3
    local result
    result=$(curl -s -H 'Accept: application/json' "$WEB_URL/fcgi/verify?$query" \
             | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["result"])')
    if [[ $result == "$want" ]]; then pass "$what: $want"
    else failed "$what: wanted $want, got $result"; fi
}

# Each question is asked several times, so that both processes answered
# (and kept) it before anything changes.
for _ in 1 2 3 4; do
    ask "the QR code before the change" "$QUERY" valid
    ask "the number before the change" "no=$VALID" valid
    ask_json "the JSON before the change" "$QUERY" valid
done

# A new publication: the certificate is suspended.
"$ISSUER" suspend --db reg.db "$VALID" --code nonconformity --reason "投诉未处理" >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
for _ in 1 2; do
    ask "the QR code after a new publication" "$QUERY" suspended
    ask "the number after a new publication" "no=$VALID" suspended
    ask_json "the JSON after a new publication" "$QUERY" suspended
done
"$ISSUER" reinstate --db reg.db "$VALID" --code corrected --reason "已整改" >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
for _ in 1 2 3 4; do ask "reinstated and published again" "$QUERY" valid; done

# The trust store changes under the running processes: the head key's
# window closes before the certificate was issued. (trust.json is written
# anew, as `issuer trust close` writes it: a new file renamed into place.)
cp trust.json trust-before.json
/usr/bin/python3 -c "
import json; t = json.load(open('trust.json'))
for k in t['keys']:
    if k['role'] == 'head': k['not_after'] = '$(shanghai_day '-30 days')'
json.dump(t, open('trust.new', 'w'), ensure_ascii=False)"
mv trust.new trust.json
for _ in 1 2; do
    ask "the QR code after the head key's window closed" "$QUERY" not_genuine
    ask "the number after the head key's window closed" "no=$VALID" not_genuine
done
cp trust-before.json trust.new && mv trust.new trust.json
for _ in 1 2; do ask "the trust store put back" "$QUERY" valid; done

# The configuration changes: it now names another publication directory,
# which lacks the certificate.
mkdir -p empty/gen/000001
ln -s gen/000001 empty/current
cp verify.conf verify-before.conf
printf 'trust = trust.json\npublication = empty\n' >verify.conf
for _ in 1 2; do ask "the configuration names another publication" "$QUERY" status_unknown; done
cp verify-before.conf verify.conf
for _ in 1 2; do ask "the configuration put back" "$QUERY" valid; done

# The log state (log_state): answers rest on it too. Another process
# records a checkpoint of the same size with another root (as if it had
# been shown a fork): a kept answer must not outlive that, and the log as
# published is now a split view; with the state put back, valid again.
mkdir -p log-state
printf 'trust = trust.json\npublication = pub\nlog_state = log-state\n' >verify.conf
for _ in 1 2 3 4; do ask "with a log state kept" "$QUERY" valid; done
kept=$(ls log-state/*.checkpoint)
cp "$kept" seen.checkpoint
/usr/bin/python3 - seen.checkpoint <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
lines[2] = "A" * 43 + "="
open(sys.argv[1] + ".fork", "w", encoding="utf-8").write("\n".join(lines))
PY
cp seen.checkpoint.fork state.new && mv state.new "$kept"
for _ in 1 2; do ask "after another process saw a fork of the log" "$QUERY" status_unknown; done
cp seen.checkpoint state.new && mv state.new "$kept"
for _ in 1 2 3 4; do ask "the log state put back" "$QUERY" valid; done
