# The bad-input table (tests/bad-inputs.txt): every malformed request gets
# its documented exit status and one clear line, and changes nothing.
source "$(dirname "$0")/../lib.sh"
make_body
export ISSUER VERIFIER DATA
export N P HEAD_KID
N=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 "$DATA/five-star.json")
P=$("$ISSUER" issue --db reg.db --key auditor.key --date 2026-11-25 "$DATA/four-star.json")
"$ISSUER" export --db reg.db "$N" -o record.json
"$ISSUER" keygen --role head --name 王五 --out spare >/dev/null
HEAD_KID=$(python3 -c "import json; print(json.load(open('head.pub.jwk'))['kid'])")
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
printf 'SQLite format 3\0 but not really' >not-a-registry.db
printf '{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"x","role":"head","name":"x"}' >bad.jwk
printf '{"kty": ' >notjson.jwk
printf '{"format":"starmark-trust/1","body":{"id":"OTHER","name":"x"},"keys":[]}' >other-trust.json
python3 -c "print('[' * 100000 + ']' * 100000)" >nested.json
python3 "$ROOT/tests/mutate.py" "$DATA/five-star.json" above.json "d['scores']['repair'] = 7.5"
python3 "$ROOT/tests/mutate.py" "$DATA/five-star.json" badcode.json "d['holder']['uscc'] = '91350100M000100Y4Z'"
head -c 300000 /dev/zero | tr '\0' 'a' >huge.json
printf '%%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n' >fake.pdf

# An error is one line on stderr; a verifier's "not genuine" is its answer,
# on stdout. Either way the words must name what is wrong.
says() {
    local pattern=$1 what=$2
    if cat last.out last.err | grep -Eq -- "$pattern" && [[ $(wc -l <last.err) -le 1 ]]; then
        pass "$what"
    else
        failed "$what: it said: $(cat last.err last.out | head -c 300)"
    fi
}

count=0
while IFS= read -r line; do
    [[ -z $line || $line == \#* ]] && continue
    status=${line%% :: *}
    rest=${line#* :: }
    pattern=${rest%% :: *}
    command=${rest#* :: }
    before=$(dump)
    expect_status "$status" "bad input: $command" bash -c "$command"
    says "$pattern" "says what is wrong: $command"
    check "registry unchanged by: $command" test "$before" = "$(dump)"
    count=$((count + 1))
done <"$ROOT/tests/bad-inputs.txt"
check "the table has at least 50 bad inputs ($count)" test "$count" -ge 50
