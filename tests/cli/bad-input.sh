# The bad-input table (tests/bad-inputs.txt): every malformed request gets
# its documented exit status and one clear line, and changes nothing: no
# file is written, and the registry a row names with --db is unchanged.
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

# What a row could change. The registry its --db names, for the rows that
# name one (no other row can open a registry): reg.db's dump, another
# file's bytes, or that it is absent. And, for every row, every file in the
# folder (but reg.db's WAL and shared-memory files, which opening the
# registry may touch).
registry_state() {
    if [[ ! -e $1 ]]; then echo "absent"
    elif [[ $1 == reg.db ]]; then dump
    else sha256sum "$1"; fi
}
files_state() {
    find . \( -name 'last.*' -o -name 'reg.db-*' \) -prune -o -type f -exec sha256sum {} + -o -print \
        | sort
}

count=0 registry_rows=0
while IFS= read -r line; do
    [[ -z $line || $line == \#* ]] && continue
    status=${line%% :: *}
    rest=${line#* :: }
    pattern=${rest%% :: *}
    command=${rest#* :: }
    registry=
    [[ $command =~ --db\ ([^ ]+) ]] && registry=${BASH_REMATCH[1]}
    [[ -n $registry ]] && registry_before=$(registry_state "$registry")
    files_before=$(files_state)
    expect_status "$status" "bad input: $command" bash -c "$command"
    says "$pattern" "says what is wrong: $command"
    if [[ -n $registry ]]; then
        check "registry $registry unchanged by: $command" \
            test "$registry_before" = "$(registry_state "$registry")"
        registry_rows=$((registry_rows + 1))
    fi
    check "no file written by: $command" test "$files_before" = "$(files_state)"
    count=$((count + 1))
done <"$ROOT/tests/bad-inputs.txt"
check "the table has at least 50 bad inputs ($count, $registry_rows of them naming a registry)" \
    test "$count" -ge 50
