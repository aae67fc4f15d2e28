# The transparency log (docs/transparency-log.md): what `issuer publish`
# writes under PUB/log is read by an independent checker written against
# Go's sumdb/note and sumdb/tlog (tests/tlogcheck, Debian's golang-go and
# golang-golang-x-mod-dev); every status lookup needs the log to back it;
# real forks and rollbacks are refused by a verifier that remembers what it
# saw, by verify.cgi and by a witness; witnesses cosign and a buyer counts
# them; the monitor lists everything and finds what was broken; and every
# bad input is refused with its reason.
source "$(dirname "$0")/../lib.sh"
make_body
issue() { "$ISSUER" issue --db reg.db --again --key auditor.key --approve-key head.key --date "${2:-2026-11-25}" "$1" | tail -1; }
A=$(issue "$DATA/five-star.json")
B=$(issue "$DATA/four-star.json")
C=$(issue "$DATA/three-star.json")
for n in $A $B $C; do "$ISSUER" export --db reg.db "$n" -o "$n.json"; done
"$ISSUER" suspend --db reg.db "$B" --reason "投诉处理不符合要求" --code nonconformity >/dev/null
expect_status 0 "the first publish writes the log" "$ISSUER" publish --db reg.db --key head.key --out pub
check "it says how long the log is: 3 records and 3 responses" grep -q "log of 6 entries" last.out
status() { "$VERIFIER" --trust trust.json --status "$@"; }
# verdict STATUS PATTERN WHAT COMMAND...: exit STATUS, saying PATTERN.
verdict() {
    local want=$1 pattern=$2 what=$3; shift 3
    expect_status "$want" "$what" "$@"
    check "$what: says \"$pattern\"" grep -qF -- "$pattern" last.out last.err
}

# --- The independent checker ----------------------------------------------
export GOCACHE="$WORK/go-cache" GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS=
check "the Go checker builds offline against Debian's x/mod" \
    bash -c "cd '$ROOT/tests/tlogcheck' && go build -o '$WORK/tlogcheck' ."
VKEY=$("$WORK/tlogcheck" vkey log.pub.jwk)
check "Go derives the log's verifier key from its JWK: origin, key ID, type 01" \
    grep -qE '^verify\.example\.cn/log\+[0-9a-f]{8}\+A[Q-Za-f]' <<<"$VKEY"
expect_status 0 "Go opens our checkpoint with the log's key and checks every entry (CheckRecord)" \
    "$WORK/tlogcheck" entries "$VKEY" pub/log
check "6 entries in the tree of 6" grep -q "^6 entries of verify.example.cn/log included in the tree of 6" last.out
head -3 pub/log/checkpoint >checkpoint.text
check "the checkpoint: origin, size, base64 root" \
    bash -c "sed -n 1p checkpoint.text | grep -qx verify.example.cn/log && sed -n 2p checkpoint.text | grep -qx 6 && sed -n 3p checkpoint.text | grep -qE '^[A-Za-z0-9+/]{43}=$'"
check "then a blank line and one signature line by the log" \
    bash -c "test \"\$(sed -n 4p pub/log/checkpoint)\" = '' && test \$(wc -l <pub/log/checkpoint) -eq 5 && sed -n 5p pub/log/checkpoint | grep -q '^— verify.example.cn/log '"
# The entries are exactly the signed objects: the records as `issuer
# export` writes them, then the status responses as published.
/usr/bin/python3 - pub/log/tile/entries/000.p/6 <<'PY' >entries.txt
import sys
data = open(sys.argv[1], "rb").read()
at, n = 0, 0
while at < len(data):
    size = int.from_bytes(data[at:at + 2], "big")
    open("entry.%d" % n, "wb").write(data[at + 2:at + 2 + size])
    at, n = at + 2 + size, n + 1
print(n)
PY
check "the bundle holds 6 entries" test "$(cat entries.txt)" -eq 6
check "entry 0 is A's record, byte for byte" cmp -s entry.0 "$A.json"
check "entry 2 is C's record" cmp -s entry.2 "$C.json"
shard_of() { /usr/bin/python3 -c "import hashlib, sys; d = hashlib.sha256(sys.argv[1].encode()).digest(); print('%03x' % ((d[0] << 2 | d[1] >> 6) & 0x3ff))" "$1"; }
published_response() { local n=$1; cmp -s "pub/current/certs/$(shard_of "$n")/$n.status.jws" "$2"; }
check "the entries after the records are the published status responses" \
    bash -c "$(declare -f shard_of published_response); for n in $A $B $C; do published_response \$n entry.3 || published_response \$n entry.4 || published_response \$n entry.5 || exit 1; done"
check "the index says where each record and response is in the log" \
    grep -qE "^$A 1 [^ ]{43} [^ ]{43} [345] 0$" "pub/current/certs/$(shard_of "$A")/index.txt"
check "the manifest's generation keeps the checkpoint" cmp -s pub/log/checkpoint pub/current/checkpoint

# --- Status lookups need the log --------------------------------------------
verdict 0 "Logged       in verify.example.cn/log (6 entries): record entry 0" \
    "a valid record's status is backed by the log" status pub "$A.json"
verdict 4 "Suspended" "a suspended one is too" status pub "$B.json"
expect_status 0 "--json names the log and the two entries" status pub --json "$A.json"
check "the JSON status has its log" \
    /usr/bin/python3 -c "import json; s = json.load(open('last.out'))['status']['log']; assert s['origin'] == 'verify.example.cn/log' and s['size'] == 6 and s['record_entry'] == 0, s"
"$ISSUER" qr --db reg.db "$C" >c.qr
expect_status 0 "a scanned QR code is backed by the log" status pub --qr "$(cat c.qr)"
# broken COPY COMMAND: a copy of pub changed by COMMAND (run in the copy).
broken() { rm -rf "$1" && cp -a pub "$1" && (cd "$1" && eval "$2"); }
flip_byte() { /usr/bin/python3 -c "import sys; p = sys.argv[1]; d = bytearray(open(p, 'rb').read()); d[int(sys.argv[2])] ^= 1; open(p, 'wb').write(bytes(d))" "$@"; }
broken tile "flip_byte log/tile/0/000.p/6 40"
verdict 7 "is not in the log at entry" "a tile with a wrong hash: status unknown" status tile "$A.json"
broken no-tile "rm log/tile/0/000.p/6"
verdict 7 "No such file" "a missing tile: status unknown" status no-tile "$A.json"
broken short-tile "truncate -s 100 log/tile/0/000.p/6"
verdict 7 "not the 6 hashes (192 bytes) of its tile" "a truncated tile: status unknown" status short-tile "$A.json"
broken copy "sed -i 2s/6/7/ current/checkpoint"
verdict 7 "the log's checkpoint is not the one the publication lists" \
    "the generation's checkpoint altered: status unknown" status copy "$A.json"
/usr/bin/python3 -c "
import json; t = json.load(open('trust.json'))
t['keys'] = [k for k in t['keys'] if k['role'] != 'log']
json.dump(t, open('trust-no-log.json', 'w'), ensure_ascii=False)"
verdict 7 "carries no signature by a log key of the trust store" \
    "a trust store without the log key: status unknown" \
    "$VERIFIER" --trust trust-no-log.json --status pub "$A.json"
/usr/bin/python3 -c "
import json; t = json.load(open('trust.json'))
for k in t['keys']:
    if k['role'] == 'log': k['not_after'] = '2026-01-31'
json.dump(t, open('trust-log-closed.json', 'w'), ensure_ascii=False)"
verdict 7 "is trusted only from the start to 2026-01-31, not on the day of the check" \
    "a log key whose window has closed counts for no checkpoint" \
    "$VERIFIER" --trust trust-log-closed.json --status pub "$A.json"
# A record the body holds out of its log: a genuine record of the same
# number, from a copy of the registry, and the same record re-indented.
cp reg.db reg-hidden.db
D=$(issue "$DATA/five-star.json")
"$ISSUER" issue --db reg-hidden.db --again --key auditor.key --approve-key head.key --date 2026-11-25 \
    "$DATA/three-star.json" >/dev/null
"$ISSUER" export --db reg-hidden.db "$D" -o hidden.json
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
"$ISSUER" export --db reg.db "$D" -o "$D.json"
expect_status 0 "the hidden record is genuine on its own" "$VERIFIER" --trust trust.json --at 2026-12-01 hidden.json
verdict 7 "the record is not the one the body published and logged as $D" \
    "a genuine record the body kept out of its log: status unknown" status pub hidden.json
/usr/bin/python3 -c "import json, sys; json.dump(json.load(open('$A.json')), open('reindented.json', 'w'), indent=4)"
verdict 7 "the record is not the one the body published and logged" \
    "the same record re-indented is not the logged bytes" status pub reindented.json
"$ISSUER" export --db reg.db "$A" >printed.json
expect_status 0 "a record printed by issuer export (a final newline) is the logged one" status pub printed.json
"$ISSUER" qr --db reg-hidden.db "$D" >hidden.qr
verdict 7 "the QR code's claim is not the one the body published and logged" \
    "the hidden record's QR code: status unknown" status pub --qr "$(cat hidden.qr)"

# --- The log grows: tiles, consistency, incremental writes --------------------
cp pub/log/checkpoint checkpoint.6
mkdir -p more
/usr/bin/python3 "$ROOT/tests/make-assessments.py" "$DATA/five-star.json" 140 more >/dev/null
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 more/*.json >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >last.out
size=$(sed -n 2p pub/log/checkpoint)
check "the log now spans full tiles ($size entries)" test "$size" -gt 256
check "a full level-0 tile and bundle, and a level-1 tile" \
    test -f pub/log/tile/0/000 -a -f pub/log/tile/entries/000 -a -f "pub/log/tile/1/000.p/1"
check "full tiles are 256 hashes" test "$(stat -c %s pub/log/tile/0/000)" -eq 8192
check "the partial tiles a kept generation's checkpoint needs are kept" \
    test -f pub/log/tile/0/000.p/6 -a -f pub/log/tile/entries/000.p/6
expect_status 0 "Go checks every entry of the grown log" "$WORK/tlogcheck" entries "$VKEY" pub/log
expect_status 0 "Go proves the old tree a prefix of the new (CheckTree)" \
    "$WORK/tlogcheck" consistency "$VKEY" checkpoint.6 pub/log
cp pub/log/checkpoint checkpoint.before
inode=$(stat -c %i pub/log/tile/0/000)
"$ISSUER" reinstate --db reg.db "$B" --reason "整改完成" --code corrected >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
check "an incremental publish leaves full tiles as they were" test "$(stat -c %i pub/log/tile/0/000)" = "$inode"
check "and adds one entry" test "$(sed -n 2p pub/log/checkpoint)" -eq "$((size + 1))"
expect_status 0 "Go: the tree before is a prefix of the tree after" \
    "$WORK/tlogcheck" consistency "$VKEY" checkpoint.before pub/log
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
check "a publish with no change keeps the checkpoint" cmp -s pub/log/checkpoint pub/current/checkpoint
expect_status 0 "the grown log backs the lookups" status pub "$B.json"
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
check "a partial tile goes once its full tile exists and no kept generation needs it" \
    test ! -e pub/log/tile/0/000.p -a ! -e pub/log/tile/entries/000.p
check "the partial tiles of the kept generations stay" \
    bash -c "for g in pub/gen/*/; do s=\$(sed -n 2p \$g/checkpoint); test -f pub/log/tile/0/001.p/\$((s - 256)) || exit 1; done"

# --- Offline proofs (tlog-proof) --------------------------------------------
expect_status 0 "issuer proof writes a tlog-proof" "$ISSUER" proof --db reg.db "$A" -o a.tlog-proof
check "it is c2sp.org/tlog-proof@v1, index 0" \
    bash -c "sed -n 1p a.tlog-proof | grep -qx c2sp.org/tlog-proof@v1 && sed -n 2p a.tlog-proof | grep -qx 'index 0'"
expect_status 0 "Go checks the proof against the record's bytes" \
    "$WORK/tlogcheck" proof "$VKEY" a.tlog-proof "$A.json"
verdict 0 "Proof        the record is entry 0 of the log verify.example.cn/log" \
    "verifier --proof: the record is in the log" "$VERIFIER" --trust trust.json --proof a.tlog-proof "$A.json"
verdict 7 "is not in the tree" "a proof for another record: status unknown" \
    "$VERIFIER" --trust trust.json --proof a.tlog-proof "$C.json"
sed 's/^index 0$/index 1/' a.tlog-proof >other-index.tlog-proof
verdict 7 "entry 1 is not in the tree" "a proof for another index: status unknown" \
    "$VERIFIER" --trust trust.json --proof other-index.tlog-proof "$A.json"
# The checkpoint inside a proof, edited line by line.
edit_proof() { /usr/bin/python3 - "$@" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
exec(sys.argv[3])
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
}
edit_proof a.tlog-proof spaced.tlog-proof 'text = text.replace("\u2014 verify.example.cn/log ", "\u2014 verify.example.cn/log  ")'
verdict 7 "not base64" "a signature line with an extra space" \
    "$VERIFIER" --trust trust.json --proof spaced.tlog-proof "$A.json"
edit_proof a.tlog-proof origin.tlog-proof 'text = text.replace("\nverify.example.cn/log\n", "\nverify.example.cn/log \n")'
verdict 7 "origin is empty or holds a space" "a checkpoint origin with a trailing space" \
    "$VERIFIER" --trust trust.json --proof origin.tlog-proof "$A.json"
edit_proof a.tlog-proof badsig.tlog-proof '
head, _, line = text.rpartition("\u2014 verify.example.cn/log ")
sig = line.strip(); sig = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
text = head + "\u2014 verify.example.cn/log " + sig + "\n"'
verdict 7 "does not verify" "a bad signature line by the log key" \
    "$VERIFIER" --trust trust.json --proof badsig.tlog-proof "$A.json"
edit_proof a.tlog-proof unknown.tlog-proof 'text = text + "\u2014 someone.example/else AAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"'
verdict 0 "Proof        the record is entry 0" "an unknown key's signature line is ignored" \
    "$VERIFIER" --trust trust.json --proof unknown.tlog-proof "$A.json"
edit_proof a.tlog-proof only-unknown.tlog-proof '
head, _, line = text.rpartition("\u2014 verify.example.cn/log ")
text = head + "\u2014 someone.example/else " + line'
verdict 7 "carries no signature by a log key of the trust store" \
    "an unknown key's signature is never counted" \
    "$VERIFIER" --trust trust.json --proof only-unknown.tlog-proof "$A.json"
edit_proof a.tlog-proof renamed.tlog-proof '
head, _, line = text.rpartition("\u2014 verify.example.cn/log ")
text = head + "\u2014 verify.example.cn/other " + line'
verdict 7 "carries no signature by a log key" "the log key's signature under another name is not counted" \
    "$VERIFIER" --trust trust.json --proof renamed.tlog-proof "$A.json"
# The log key signs, but for another origin (its key ID computed with that
# name): a log key counts only for the log it is named for.
openssl pkey -in log.key -passin pass:"$STARMARK_PASSPHRASE" -out log-plain.pem 2>/dev/null
/usr/bin/python3 - a.tlog-proof other-origin.tlog-proof <<'PY'
import base64, hashlib, subprocess, sys
text = open(sys.argv[1], encoding="utf-8").read()
head, _, rest = text.partition("\n\n")
checkpoint = rest.split("\n\n")[0] + "\n"
body = checkpoint.replace("verify.example.cn/log\n", "elsewhere.example/log\n", 1)
der = subprocess.run(["openssl", "pkey", "-in", "log-plain.pem", "-pubout", "-outform", "DER"],
                     capture_output=True, check=True).stdout
key_id = hashlib.sha256(b"elsewhere.example/log\n\x01" + der[-32:]).digest()[:4]
open("body.txt", "w").write(body)
sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", "log-plain.pem", "-in", "body.txt"],
                     capture_output=True, check=True).stdout
line = "\u2014 elsewhere.example/log " + base64.b64encode(key_id + sig).decode() + "\n"
open(sys.argv[2], "w", encoding="utf-8").write(head + "\n\n" + body + "\n" + line)
PY
verdict 7 "carries no signature by a log key of the trust store" \
    "the log key's signature on another origin's checkpoint is not counted" \
    "$VERIFIER" --trust trust.json --proof other-origin.tlog-proof "$A.json"
printf 'c2sp.org/tlog-proof@v1\nindex 0\n' >truncated.tlog-proof
verdict 7 "no blank line before its checkpoint" "a truncated proof" \
    "$VERIFIER" --trust trust.json --proof truncated.tlog-proof "$A.json"
expect_status 2 "a proof of a record not yet published is refused" \
    "$ISSUER" proof --db reg-hidden.db "$D"

# --- Rollbacks and forks ------------------------------------------------------
mkdir -p state
expect_status 0 "a verifier keeping the log state follows the log" status pub --log-state state "$A.json"
check "it keeps the checkpoint it saw" cmp -s state/*.checkpoint pub/log/checkpoint
rm -rf pub-old && cp -a pub pub-old
"$ISSUER" suspend --db reg.db "$C" --reason "抽查不合格" --code nonconformity >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
expect_status 0 "a later publication: accepted, consistent with the one seen" \
    status pub --log-state state "$B.json"
expect_status 4 "it is read through the log" status pub --log-state state "$C.json"
verdict 7 "a rollback" "the older publication served again: refused" status pub-old --log-state state "$A.json"
check "the refused checkpoint is kept as evidence" cmp -s state/*.refused pub-old/log/checkpoint
# A real fork: the registry copied, each copy changes the same certificate
# differently, both publish incrementally, each to its own copy of the
# publication at the same path (as two machines would).
cp reg.db reg-fork.db
rm -rf pub-snapshot && cp -a pub pub-snapshot
"$ISSUER" revoke --db reg.db "$A" --reason "提供虚假材料" --code fraud >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
mv pub pub-main && cp -a pub-snapshot pub
"$ISSUER" withdraw --db reg-fork.db "$A" --reason "获证组织申请注销" --code holder_request >/dev/null
"$ISSUER" publish --db reg-fork.db --key head.key --out pub >/dev/null
rm -rf pub-fork && mv pub pub-fork && mv pub-main pub
check "both logs have the same size ($(sed -n 2p pub/log/checkpoint))" \
    test "$(sed -n 2p pub/log/checkpoint)" = "$(sed -n 2p pub-fork/log/checkpoint)"
expect_status 5 "the verifier sees the revocation" status pub --log-state state "$A.json"
verdict 7 "a split view" "the other fork is refused by a verifier that saw the first" \
    status pub-fork --log-state state "$A.json"
expect_status 5 "a verifier that saw neither accepts the fork alone" status pub-fork "$A.json"
check "Go agrees: the fork does not extend the checkpoint the verifier saw" \
    bash -c "! '$WORK/tlogcheck' consistency '$VKEY' pub/log/checkpoint pub-fork/log"
"$ISSUER" suspend --db reg-fork.db "$B" --reason "再次投诉" --code nonconformity >/dev/null
"$ISSUER" publish --db reg-fork.db --key head.key --out pub-fork >/dev/null
verdict 7 "does not extend the tree of" "a longer fork is refused too" \
    status pub-fork --log-state state "$A.json"
expect_status 2 "the fork's registry refuses to sign into the first log" \
    "$ISSUER" publish --db reg-fork.db --key head.key --out pub
expect_message "is not a prefix of the registry's log; signing would fork the log" "it says why"
cp reg.db reg-behind.db
"$ISSUER" suspend --db reg.db "$D" --reason "x" --code nonconformity >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
expect_status 2 "a registry restored from an older copy refuses to publish" \
    "$ISSUER" publish --db reg-behind.db --key head.key --out pub
expect_message "is ahead of the registry's log" "it says the log is ahead of it"

# verify.cgi keeps the log state too (its configuration's log_state).
mkdir -p cgi-state
printf 'trust = trust.json\npublication = pub\nlog_state = cgi-state\n' >main.conf
printf 'trust = trust.json\npublication = pub-fork\nlog_state = cgi-state\n' >fork.conf
cgi() { env REQUEST_METHOD=GET QUERY_STRING="$1" STARMARK_CONFIG="$WORK/$2" "$ROOT/$BIN/verify.cgi" >cgi.out 2>cgi.err; }
cgi "no=$A&lang=en" main.conf
check "verify.cgi answers from the log it follows" grep -q 's-revoked' cgi.out
check "and keeps its checkpoint" cmp -s cgi-state/*.checkpoint pub/log/checkpoint
cgi "no=$A&lang=en" fork.conf
check "verify.cgi shown the fork: status unknown" grep -q 's-status_unknown' cgi.out
check "it says split view" grep -q "split view" cgi.out
printf 'trust = trust.json\npublication = pub\nlog_state = nowhere\n' >bad.conf
cgi "no=$A" bad.conf
check "a log_state that is not a directory is an operator error (503)" \
    bash -c "grep -q 'Status: 503' cgi.out && grep -q 'log_state' cgi.err"

# --- Witnesses ------------------------------------------------------------------
for w in 1 2; do
    openssl genpkey -algorithm ed25519 -out "w$w.key" 2>/dev/null && chmod 600 "w$w.key"
    "$ISSUER" witness key --key "w$w.key" --name "witness$w.example/w" >"w$w.vkey"
done
check "a witness's verifier key: name, key ID, type 04" \
    grep -qE '^witness1\.example/w\+[0-9a-f]{8}\+B[A-P]' w1.vkey
cosign() { "$ISSUER" witness cosign --key "w$1.key" --name "witness$1.example/w" --trust trust.json --state "wstate$1" --log "$2"; }
mkdir -p wstate1 wstate2
expect_status 0 "witness 1 cosigns the log" cosign 1 pub/log
expect_status 0 "Go checks the cosignature/v1 line" "$WORK/tlogcheck" cosignature "$(cat w1.vkey)" pub/log/checkpoint
expect_status 0 "Go still opens the checkpoint, ignoring the witness's line" \
    "$WORK/tlogcheck" entries "$VKEY" pub/log
expect_status 0 "witness 1 required: met" status pub --witness w1.vkey "$B.json"
verdict 7 "cosigned by 1 of the 2 witnesses required (none from witness2.example/w)" \
    "two witnesses required, one cosigned: status unknown" \
    status pub --witness w1.vkey --witness w2.vkey "$B.json"
expect_status 0 "a quorum of 1 of the 2: met" \
    status pub --witness w1.vkey --witness w2.vkey --witness-quorum 1 "$B.json"
expect_status 0 "witness 2 cosigns" cosign 2 pub/log
expect_status 0 "both required: met" status pub --witness w1.vkey --witness w2.vkey "$B.json"
expect_status 0 "cosigning again replaces the witness's own line" cosign 1 pub/log
check "one line per witness" test "$(grep -c '^— witness' pub/log/checkpoint)" -eq 2
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
expect_status 0 "a publish with no change keeps the witnesses' lines" \
    status pub --witness w1.vkey --witness w2.vkey "$B.json"
"$ISSUER" reinstate --db reg.db "$D" --reason "已整改" --code corrected >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
verdict 7 "cosigned by 0 of the 1" "a new checkpoint is not cosigned yet" \
    status pub --witness w1.vkey "$B.json"
expect_status 0 "the witness cosigns the grown log (consistent with what it cosigned)" cosign 1 pub/log
expect_status 0 "and the quorum is met again" status pub --witness w1.vkey "$B.json"
expect_status 0 "a proof carries the witnesses' cosignatures" "$ISSUER" proof --db reg.db "$A" -o w.tlog-proof
expect_status 5 "verifier --proof --witness: the proof's checkpoint is cosigned" \
    "$VERIFIER" --trust trust.json --proof w.tlog-proof --witness w1.vkey --status pub "$A.json"
expect_status 1 "a witness refuses to cosign the fork" cosign 1 pub-fork/log
check "saying why" grep -q "refusing to cosign: a split view" last.err
expect_status 1 "a witness refuses a checkpoint the trust store's log key did not sign" \
    "$ISSUER" witness cosign --key w2.key --name witness2.example/w --trust trust-no-log.json \
    --state wstate2 --log pub/log
cp -a pub pub-badcosig
/usr/bin/python3 - pub-badcosig/log/checkpoint <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
for i, line in enumerate(lines):
    if line.startswith("\u2014 witness1"):
        head, sig = line.rsplit(" ", 1)
        lines[i] = head + " " + sig[:20] + ("A" if sig[20] != "A" else "B") + sig[21:]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines))
PY
verdict 7 "witness witness1.example/w's cosignature does not verify" \
    "a witness's bad cosignature: status unknown" status pub-badcosig --witness w1.vkey "$B.json"
expect_status 2 "a log's verifier key is not a witness's" status pub --witness <(echo "$VKEY") "$B.json"
expect_status 2 "--witness-quorum above the witnesses given" \
    status pub --witness w1.vkey --witness-quorum 2 "$B.json"

# --- The monitor ----------------------------------------------------------------
expect_status 0 "verifier log audit: the log is consistent" "$VERIFIER" log audit pub/log --trust trust.json
check "it lists every certificate the body issued" \
    test "$(grep -cE '^TEST-[0-9]{4}-[0-9]{6}  ' last.out)" -eq "$(sqlite3 reg.db "SELECT count(*) FROM certificates WHERE status != 'pending'")"
check "with its status history" \
    bash -c "grep -A3 '^$B ' last.out | grep -q 'suspended since' && grep -A3 '^$B ' last.out | grep -q 'valid since'"
check "and says it is consistent" grep -q "; consistent$" last.out
expect_status 0 "the monitor keeps a log state too" "$VERIFIER" log audit pub/log --trust trust.json --log-state mstate
expect_status 1 "the monitor shown the fork after the first: inconsistent" \
    "$VERIFIER" log audit pub-fork/log --trust trust.json --log-state mstate
broken audit-entry "flip_byte log/tile/entries/000 300"
expect_status 1 "an entry changed in its bundle" "$VERIFIER" log audit audit-entry/log --trust trust.json
check "found: its hash is not in the tile" grep -q "is not the hashes of its entries" last.err
broken audit-truncated "truncate -s 5000 log/tile/entries/000"
verdict 1 "truncated" "a truncated bundle" "$VERIFIER" log audit audit-truncated/log --trust trust.json
broken audit-tile "flip_byte log/tile/1/000.p/1 3"
verdict 1 "the hash tile 1/0 is not the hashes of the tiles below it" "a level-1 tile with a wrong hash" \
    "$VERIFIER" log audit audit-tile/log --trust trust.json
broken audit-checkpoint "sed -i 2s/.*/1/ log/checkpoint"
verdict 1 "does not verify" "a checkpoint whose size was changed" \
    "$VERIFIER" log audit audit-checkpoint/log --trust trust.json
broken audit-spaced "sed -i '1s/\$/ /' log/checkpoint"
verdict 1 "origin is empty or holds a space" "a checkpoint with an extra space" \
    "$VERIFIER" log audit audit-spaced/log --trust trust.json

# --- What the writer refuses ------------------------------------------------------
cp reg.db reg-big.db
big=$(head -c 70000 /dev/zero | tr '\0' x)
sqlite3 reg-big.db "INSERT INTO log_entries VALUES ((SELECT max(position) + 1 FROM log_entries), 'status', '$A', '$big', 'now')"
rm -rf pub-big && cp -a pub pub-big
verdict 2 "is longer than the 65535 a log entry may have" "an entry over 65,535 bytes is never written" \
    "$ISSUER" publish --db reg-big.db --key head.key --out pub-big
expect_status 2 "a publish without the log's key" \
    "$ISSUER" publish --db reg.db --key head.key --log-key head.key --out pub
expect_message "is registered as head, not log" "says the key is not the log's"
"$ISSUER" keygen --role log --name elsewhere.example/log --out other-log >/dev/null
"$ISSUER" trust add --db reg.db --trust trust-other.json other-log.pub.jwk >/dev/null
expect_status 2 "a log key named for another origin" \
    "$ISSUER" publish --db reg.db --key head.key --log-key other-log.key --out pub
expect_message "is not the log's origin \"verify.example.cn/log\"" "says which origin it should be"
expect_status 2 "a log key's name must be an origin" \
    "$ISSUER" keygen --role log --name "has space" --out spaced
expect_status 2 "an origin with a final slash is refused at init" \
    "$ISSUER" init --db other.db --body-id X --body-name X --prefix X --verify-url https://x.example/v --log-origin x.example/log/

# --- The proof inside the PDF -------------------------------------------------------
# A new body: issuer render embeds the proof issuer proof writes once the
# published log holds the record, and verifier CERT.pdf checks it as
# --proof would; before that, the PDF carries none and render says so.
mkdir body2 && cd body2
make_body
P=$(issue "$DATA/five-star.json")
Q=$(issue "$DATA/four-star.json")
"$ISSUER" export --db reg.db "$P" -o "$P.json"
VKEY2=$("$WORK/tlogcheck" vkey log.pub.jwk)
expect_status 0 "render before any publish" "$ISSUER" render --db reg.db "$P" -o before.pdf
expect_message "^issuer: $P: no log proof embedded: the published log does not hold its record yet; publish, then render again$" \
    "says, in one line, that no log proof was embedded"
check "qpdf lists the record only" test "$(qpdf --list-attachments before.pdf | cut -d' ' -f1)" = starmark-record.json
expect_status 0 "verifier: the PDF without a proof is valid, as before" "$VERIFIER" --trust trust.json before.pdf
check "and shows no proof line" bash -c "! grep -q 'Proof' '$WORK/last.out'"
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
expect_status 0 "render after the publish" "$ISSUER" render --db reg.db "$P" -o after.pdf
check "says nothing on standard error" test ! -s "$WORK/last.err"
check "poppler's pdfdetach lists the record and its log proof" \
    bash -c "pdfdetach -list after.pdf | grep -q '1: starmark-record.json' && pdfdetach -list after.pdf | grep -q '2: starmark-record.tlog-proof'"
qpdf --show-attachment=starmark-record.tlog-proof after.pdf >embedded.tlog-proof
"$ISSUER" proof --db reg.db "$P" -o written.tlog-proof
check "the embedded proof is byte for byte what issuer proof writes" cmp embedded.tlog-proof written.tlog-proof
expect_status 0 "Go checks the proof qpdf extracted against the record" \
    "$WORK/tlogcheck" proof "$VKEY2" embedded.tlog-proof "$P.json"
expect_status 0 "verifier CERT.pdf checks the embedded proof" "$VERIFIER" --trust trust.json after.pdf
check "Proof        the record is entry 0 of the log (4 entries)" \
    grep -qx "  Proof        the record is entry 0 of the log verify.example.cn/log (4 entries)" "$WORK/last.out"
expect_status 0 "verifier --json CERT.pdf" "$VERIFIER" --trust trust.json --json after.pdf
check "--json: the proof, proven, entry 0 of 4" /usr/bin/python3 -c "
import json; p = json.load(open('$WORK/last.out'))['proof']
assert p == {'proven': True, 'origin': 'verify.example.cn/log', 'size': 4, 'index': 0}, p"
sed 's/^index 0$/index 1/' embedded.tlog-proof >index1.tlog-proof
expect_status 7 "--proof FILE is checked instead of the PDF's own" \
    "$VERIFIER" --trust trust.json --proof index1.tlog-proof after.pdf
/usr/bin/python3 "$ROOT/tests/pdf_edit.py" proof after.pdf altered.pdf index1.tlog-proof
expect_status 7 "a PDF whose proof names another index: status unknown" "$VERIFIER" --trust trust.json altered.pdf
check "saying why" grep -q "Proof        NOT SHOWN: .*entry 1 is not in the tree" "$WORK/last.out"
/usr/bin/python3 - after.pdf flipped.pdf <<'PY'
import sys
pdf = bytearray(open(sys.argv[1], "rb").read())
at = pdf.index(b"index 0\n") + len(b"index 0\n") + 5   # inside the first hash
pdf[at] = ord("A") if pdf[at] != ord("A") else ord("B")
open(sys.argv[2], "wb").write(bytes(pdf))
PY
expect_status 7 "a PDF whose proof's hash was changed in place: status unknown" \
    "$VERIFIER" --trust trust.json flipped.pdf
check "saying the proof does not show it" grep -q "Proof        NOT SHOWN: " "$WORK/last.out"
/usr/bin/python3 -c "
import json; t = json.load(open('trust.json'))
t['keys'] = [k for k in t['keys'] if k['role'] != 'log']
json.dump(t, open('trust-no-log.json', 'w'), ensure_ascii=False)"
expect_status 7 "a trust store without the log key cannot check the PDF's proof: status unknown" \
    "$VERIFIER" --trust trust-no-log.json after.pdf
check "saying so" grep -q "carries no signature by a log key of the trust store" "$WORK/last.out"
head -c 70000 /dev/zero | tr '\0' x >huge.tlog-proof
/usr/bin/python3 "$ROOT/tests/pdf_edit.py" proof after.pdf huge.pdf huge.tlog-proof
expect_status 1 "a PDF whose proof is over 64 KiB is refused before it is parsed" \
    "$VERIFIER" --trust trust.json huge.pdf
check "saying so" grep -q "the PDF's log proof is empty, too large or binary" "$WORK/last.out"
mkdir all
expect_status 0 "render --all after the publish" "$ISSUER" render --db reg.db --all --out-dir all
check "with no note" test ! -s "$WORK/last.err"
check "every PDF carries its proof" \
    bash -c "qpdf --list-attachments all/$P.pdf | grep -q tlog-proof && qpdf --list-attachments all/$Q.pdf | grep -q tlog-proof"
expect_status 0 "the second certificate's proof checks too" "$VERIFIER" --trust trust.json "all/$Q.pdf"
check "as entry 1" grep -q "Proof        the record is entry 1 of the log" "$WORK/last.out"
R=$(issue "$DATA/three-star.json")
mkdir all2
expect_status 0 "render --all with a record issued since the publish" \
    "$ISSUER" render --db reg.db --all --out-dir all2
expect_message "^issuer: 1 of them with no log proof embedded: the published log does not hold their records yet; publish, then render again$" \
    "one line counts the PDFs without a proof"
check "that one carries none, the others do" \
    bash -c "! qpdf --list-attachments all2/$R.pdf | grep -q tlog-proof && qpdf --list-attachments all2/$P.pdf | grep -q tlog-proof"
mv pub pub-moved
expect_status 2 "render when the last publication was moved away" \
    "$ISSUER" render --db reg.db "$P" -o moved.pdf
expect_message "^issuer: the last publication, .*/pub, is not there: its log proves the certificates \(publish again, or restore it\)$" \
    "says, in one line, that the publication is not there"
check "and writes no PDF" test ! -e moved.pdf
mv pub-moved pub
cd "$WORK"
