#!/usr/bin/env bash
# make demo: the whole story on an embedded default, in demo/ (git-ignored).
# A certification body is set up with its keys, three assessments become
# certificates of different grades, each is verified, a tampered copy is
# rejected, a PDF is printed and its QR code scanned, statuses are
# published with their transparency log, one certificate is suspended, the
# log audited and witnessed, the audit log checked, and the month reported
# to the regulator.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ISSUER="$ROOT/bin/issuer"
VERIFIER="$ROOT/bin/verifier"
DATA="$ROOT/tests/data"
rm -rf "$ROOT/demo" && mkdir -p "$ROOT/demo" && cd "$ROOT/demo"
# A demo passphrase; a real body types it at the prompt instead.
export STARMARK_PASSPHRASE=demo-only-passphrase

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Prints the command (on stderr, so it never mixes into captured output), then runs it.
show() { printf '$ %s\n' "$*" | sed "s|$ROOT/||g" >&2; "$@"; }

step "1. The certification body creates its registry"
show "$ISSUER" init --db registry.db --body-id CB-DEMO-001 --body-name "示范认证中心有限公司" \
    --prefix SMD --verify-url https://verify.example-body.cn/v

step "2. The lead auditor and the head each generate a key, and the body its log's (encrypted, mode 0600)"
show "$ISSUER" keygen --role auditor --name 李明 --out lead-auditor
show "$ISSUER" keygen --role head --name 张伟 --out head
show "$ISSUER" keygen --role log --name verify.example-body.cn/log --out log
ls -l lead-auditor.key head.key log.key | awk '{print "   ", $1, $NF}'

step "3. The keys are registered with the body and published in keys/trust.json"
mkdir -p keys
show "$ISSUER" trust add --db registry.db --trust keys/trust.json lead-auditor.pub.jwk
show "$ISSUER" trust add --db registry.db --trust keys/trust.json head.pub.jwk
show "$ISSUER" trust add --db registry.db --trust keys/trust.json log.pub.jwk
show "$ISSUER" log key --db registry.db log.key

step "4. The lead auditor signs three audit conclusions (pending approval)"
show "$ISSUER" issue --db registry.db --key lead-auditor.key --date 2026-11-25 \
    "$DATA/five-star.json" "$DATA/four-star.json" "$DATA/three-star.json" | tee numbers.txt

step "5. A pending conclusion is not a certificate yet"
first=$(head -1 numbers.txt)
show "$ISSUER" export --db registry.db "$first" || echo "   (refused, as it should be)"

step "6. The head of the body approves: the certificates are issued"
show "$ISSUER" approve --db registry.db --key head.key --date 2026-11-26 $(cat numbers.txt)
show "$ISSUER" list --db registry.db

step "7. Each certificate is exported and verified offline by a buyer"
for number in $(cat numbers.txt); do
    "$ISSUER" export --db registry.db "$number" -o "$number.json"
    show "$VERIFIER" --trust keys/trust.json "$number.json"
    echo
done

step "8. A forger edits the grade of a three-star record to five stars"
third=$(tail -1 numbers.txt)
node -e '
const fs = require("fs");
const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const p = JSON.parse(Buffer.from(r.payload, "base64url"));
p.grade = "five_star";
r.payload = Buffer.from(JSON.stringify(p)).toString("base64url");
fs.writeFileSync("forged.json", JSON.stringify(r, null, 2));
' "$third.json"
if show "$VERIFIER" --trust keys/trust.json forged.json; then
    echo "   THE FORGERY WAS ACCEPTED: this is a bug" && exit 1
else
    echo "   (rejected with exit status $?: not genuine)"
fi

step "9. The same record, checked three years later"
show "$VERIFIER" --trust keys/trust.json --at 2029-11-26 "$first.json" \
    || echo "   (exit status $?: expired)"

step "10. The official PDF certificate, with its QR code"
show "$ISSUER" render --db registry.db "$first" -o "$first.pdf"
if command -v pdftoppm >/dev/null && command -v zbarimg >/dev/null; then
    pdftoppm -r 150 -png "$first.pdf" scan
    scanned=$(zbarimg --raw -q scan-1.png 2>/dev/null)
    printf '   a phone camera reads: %.70s...\n' "$scanned"
    show "$VERIFIER" --trust keys/trust.json --qr "$scanned" | head -4
fi
show "$VERIFIER" --trust keys/trust.json "$first.pdf" | head -3

step "11. The body publishes statuses; a buyer checks the current status"
show "$ISSUER" publish --db registry.db --key head.key --out public
show "$VERIFIER" --trust keys/trust.json --status public "$third.json" | tail -3

step "12. A complaint is confirmed: the body suspends the certificate (Art. 26) and republishes"
show "$ISSUER" suspend --db registry.db "$third" --code nonconformity --reason "投诉处理不符合要求"
show "$ISSUER" publish --db registry.db --key head.key --out public
show "$VERIFIER" --trust keys/trust.json --status public "$third.json" | grep -E "GENUINE|Status|Reason" \
    || echo "   (exit status 4: suspended)"
printf '   the public notice: demo/public/current/notice.html\n'

step "13. Anyone audits the transparency log; a witness cosigns it; a buyer asks for the witness"
show "$VERIFIER" log audit public/log --trust keys/trust.json | tail -4
openssl genpkey -algorithm ed25519 -out witness.key 2>/dev/null && chmod 600 witness.key
show "$ISSUER" witness key --key witness.key --name witness.example-association.cn | tee witness.vkey
show "$ISSUER" witness cosign --key witness.key --name witness.example-association.cn \
    --trust keys/trust.json --state witness-state --log public/log
show "$VERIFIER" --trust keys/trust.json --status public --witness witness.vkey "$first.json" \
    | grep -E "GENUINE|Logged"
show "$ISSUER" proof --db registry.db "$first" -o "$first.tlog-proof"
show "$VERIFIER" --trust keys/trust.json --proof "$first.tlog-proof" "$first.json" | grep Proof

step "14. The registry's audit log is intact"
show "$ISSUER" audit verify --db registry.db --trust keys/trust.json

step "15. The month's report to the regulator (CNCA), due by the 10th of the next"
show "$ISSUER" report --db registry.db --month 2026-11 -o report-2026-11.xlsx

printf '\nEverything is in demo/. Try: bin/verifier --trust demo/keys/trust.json demo/%s.pdf --json\n' "$first"
