# tests/body.sh: a scratch certification body in the current folder
# (reg.db, trust.json, auditor.key, head.key, log.key), for the test
# suites, the benches and the fuzz seeds. Needs $ISSUER and
# STARMARK_PASSPHRASE.

# make_body [ID PREFIX NAME [AUDITOR-ALG [HEAD-ALG]]]: the body (by default
# CB-TEST, prefix TEST) with one auditor (李明, matching tests/data) and one
# head (张伟) key, of the algorithms given (issuer keygen --alg; ed25519),
# and the transparency log's key (Ed25519, named for the log's origin,
# verify.example.cn/log), which every publish signs the log with.
make_body() {
    local id=${1:-CB-TEST} prefix=${2:-TEST} name=${3:-测试认证中心}
    "$ISSUER" init --db reg.db --body-id "$id" --body-name "$name" --prefix "$prefix" \
        --verify-url https://verify.example.cn/v >/dev/null
    "$ISSUER" keygen --role auditor --name 李明 --out auditor --alg "${4:-ed25519}" >/dev/null
    "$ISSUER" keygen --role head --name 张伟 --out head --alg "${5:-ed25519}" >/dev/null
    "$ISSUER" keygen --role log --name verify.example.cn/log --out log >/dev/null
    "$ISSUER" trust add --db reg.db --trust trust.json auditor.pub.jwk >/dev/null
    "$ISSUER" trust add --db reg.db --trust trust.json head.pub.jwk >/dev/null
    "$ISSUER" trust add --db reg.db --trust trust.json log.pub.jwk >/dev/null
    "$ISSUER" log key --db reg.db log.key >/dev/null
}
