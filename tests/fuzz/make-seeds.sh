#!/usr/bin/env bash
# Makes the seed inputs in tests/fuzz/seeds/ from a real scratch body, and
# its public trust store tests/fuzz/trust.json (the private keys are thrown
# away). Run it again when a format changes; the seeds are committed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SEEDS="$ROOT/tests/fuzz/seeds"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export STARMARK_PASSPHRASE=seeds
I="$ROOT/bin/issuer"
ISSUER=$I
source "$ROOT/tests/body.sh"
make_body CB-FUZZ FUZZ "模糊测试认证中心"
# SM2 keys for the same two people, so that the seeds hold records signed by
# each algorithm and by both: Ed25519 throughout, SM2 throughout, and an SM2
# auditor with an Ed25519 head; manifests and status responses by either.
"$I" keygen --role auditor --name 李明 --out auditor-sm2 --alg sm2 >/dev/null
"$I" keygen --role head --name 张伟 --out head-sm2 --alg sm2 >/dev/null
"$I" trust add --db reg.db --trust trust.json auditor-sm2.pub.jwk >/dev/null
"$I" trust add --db reg.db --trust trust.json head-sm2.pub.jwk >/dev/null
"$I" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
    "$ROOT"/tests/data/*.json >numbers.txt
"$I" issue --db reg.db --again --key auditor-sm2.key --approve-key head-sm2.key --date 2026-11-25 \
    "$ROOT"/tests/data/five-star.json >>numbers.txt
"$I" issue --db reg.db --again --key auditor-sm2.key --approve-key head.key --date 2026-11-25 \
    "$ROOT"/tests/data/four-star.json >>numbers.txt
"$I" suspend --db reg.db "$(head -1 numbers.txt)" --reason "投诉处理" --code nonconformity >/dev/null
"$I" publish --db reg.db --key head.key --out pub >/dev/null
"$I" publish --db reg.db --key head-sm2.key --out pub-sm2 >/dev/null

# Only the folders made here: the cgi_request, cgi_config and json seeds are written by hand.
rm -rf "$SEEDS"/{record,payload,assessment,claim,trust,published,scheme,jwk,template,dates,pdf_record}
rm -rf "$SEEDS"/{checkpoint,tile,bundle,proof}
mkdir -p "$SEEDS"/{record,payload,assessment,claim,trust,published,scheme,jwk,template,dates,pdf_record}
mkdir -p "$SEEDS"/{checkpoint,tile,bundle,proof}
cp trust.json "$ROOT/tests/fuzz/trust.json"
cp trust.json "$SEEDS/trust/"
cp auditor.pub.jwk head.pub.jwk auditor-sm2.pub.jwk head-sm2.pub.jwk "$SEEDS/jwk/"
cp "$ROOT"/tests/data/*.json "$SEEDS/assessment/"
cp "$ROOT"/common/schemes/*.json "$SEEDS/scheme/"
cp "$ROOT"/templates/default.json "$SEEDS/template/"
for n in $(cat numbers.txt); do
    "$I" export --db reg.db "$n" -o "$SEEDS/record/$n.json"
    python3 -c "import base64, json, sys; p = json.load(open(sys.argv[1]))['payload']; \
sys.stdout.buffer.write(base64.urlsafe_b64decode(p + '=' * (-len(p) % 4)))" \
        "$SEEDS/record/$n.json" >"$SEEDS/payload/$n.json"
    "$I" qr --db reg.db "$n" | tr -d '\n' >"$SEEDS/claim/$n.txt"
done
# Rendered after the publish: the PDFs carry the record's log proof too.
"$I" render --db reg.db "$(head -1 numbers.txt)" -o "$SEEDS/pdf_record/certificate.pdf" >/dev/null
"$I" seal demo-ca --out seal --no-passphrase >/dev/null
"$I" render --db reg.db "$(head -1 numbers.txt)" -o "$SEEDS/pdf_record/sealed.pdf" \
    --seal-key seal/seal.key --seal-cert seal/seal.crt >/dev/null
# A published file is one byte choosing its kind (tests/fuzz/fuzz_published.c)
# and the file.
{ printf '\001'; cat pub/current/manifest.jws; } >"$SEEDS/published/manifest"
{ printf '\001'; cat pub-sm2/current/manifest.jws; } >"$SEEDS/published/manifest-sm2"
{ printf '\002'; cat pub/current/shards.txt; } >"$SEEDS/published/shards"
for file in $(find -L pub/current/certs -name 'index.txt' | head -3); do
    { printf '\003'; cat "$file"; } >"$SEEDS/published/index-$(basename "$(dirname "$(readlink -f "$file")")")"
done
for file in $(find -L pub/current/certs -name '*.status.jws' | head -3); do
    { printf '\000'; cat "$file"; } >"$SEEDS/published/response-$(basename "$file")"
done
file=$(find -L pub-sm2/current/certs -name '*.status.jws' | head -1)
{ printf '\000'; cat "$file"; } >"$SEEDS/published/response-sm2-$(basename "$file")"
# The log: its checkpoint, a tile and a bundle (with the size or width
# their targets read first), a proof.
cp pub/log/checkpoint "$SEEDS/checkpoint/checkpoint"
size=$(sed -n 2p pub/log/checkpoint)
tile=$(find pub/log/tile/0 -type f | head -1)
bundle=$(find pub/log/tile/entries -type f | head -1)
{ python3 -c "import sys; sys.stdout.buffer.write(($size).to_bytes(8, 'big') + (1 << 32 | 2).to_bytes(8, 'big'))"; cat "$tile"; } >"$SEEDS/tile/tile"
{ python3 -c "import sys; sys.stdout.buffer.write(bytes([$size % 256]))"; cat "$bundle"; } >"$SEEDS/bundle/bundle"
"$I" proof --db reg.db "$(head -1 numbers.txt)" -o "$SEEDS/proof/record.tlog-proof"
printf '2026-11-25' >"$SEEDS/dates/date"
printf '2024-02-29' >"$SEEDS/dates/leap"
printf '2026-11-27T10:00:00+08:00' >"$SEEDS/dates/timestamp"
echo "seeds written to $SEEDS"
