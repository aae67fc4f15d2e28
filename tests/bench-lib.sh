# tests/bench-lib.sh: what the bench scripts share, sourced after they set
# ROOT and ISSUER.

# bench_body: a body CB-BENCH in the current folder (reg.db, trust.json),
# with one auditor (李明) and one head (张伟) key, both trusted.
bench_body() {
    "$ISSUER" init --db reg.db --body-id CB-BENCH --body-name "基准测试认证中心" --prefix BENCH \
        --verify-url https://verify.example.cn/v >/dev/null
    "$ISSUER" keygen --role auditor --name 李明 --out auditor >/dev/null
    "$ISSUER" keygen --role head --name 张伟 --out head >/dev/null
    "$ISSUER" trust add --db reg.db --trust trust.json auditor.pub.jwk >/dev/null
    "$ISSUER" trust add --db reg.db --trust trust.json head.pub.jwk >/dev/null
}
