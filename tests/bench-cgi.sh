#!/usr/bin/env bash
# make bench, web part: wrk against one private lighttpd on 127.0.0.1, in
# one run, for verify.cgi (?c= and ?no=, as CGI and under FastCGI), a
# trivial C CGI and a trivial FastCGI responder that print "ok", and a
# static file, printed side by side with the targets:
#   - as CGI, verify.cgi reaches at least 50% of the trivial CGI's
#     requests/s, and its latency with 100,000 published certificates stays
#     within 1.2x of its latency with 1,000 (issue 5);
#   - under FastCGI, at least 50% of the trivial FastCGI responder's
#     requests/s, both with two processes (issue 10).
# Every wrk run is bounded (BENCH_SECONDS each, 8 connections, loopback).
# BENCH_WEB_COUNT changes the size of the large publication.
TEST_NAME=bench-cgi
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/web-lib.sh"
set -e
# A fixed folder, as bench.sh has: tests/run.sh clears the temporary ones
# (NAME.XXXXXX) when it starts, which must not pull this one away mid-run.
rmdir "$WORK"
WORK="${BENCH_DIR:-/tmp/starmark-bench}/web"
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
LARGE=${BENCH_WEB_COUNT:-100000}
SMALL=1000
SECONDS_EACH=${BENCH_SECONDS:-8}

now() { date +%s.%N; }
elapsed() { echo "scale=1; ($(now) - $1) / 1" | bc; }

# Distinct holders, each with a valid credit code, audited today - 15 days.
make_assessments() {
    python3 "$ROOT/tests/make-assessments.py" "$DATA/five-star.json" "$LARGE" assessments \
        "$(shanghai_day '-15 days')"
}

# issue_range FIRST COUNT: issues assessments FIRST.. in calls of 10,000.
issue_range() {
    (cd assessments && ls | sed -n "$(($1 + 1)),$(($1 + $2))p") |
        sed 's|^|assessments/|' |
        xargs -n 10000 "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key \
            --date "$(shanghai_day '-10 days')" >>numbers.txt
}

start=$(now)
make_body
make_assessments
issue_range 0 "$SMALL"
"$ISSUER" publish --db reg.db --key head.key --out pub-small --valid-for 48 >/dev/null
issue_range "$SMALL" "$((LARGE - SMALL))"
"$ISSUER" publish --db reg.db --key head.key --out pub-large --valid-for 48 >/dev/null
setup_seconds=$(elapsed "$start")

mkdir -p www/large
gcc -O2 -o www/ok.cgi "$ROOT/tests/ok_cgi.c"
gcc -O2 -o ok.fcgi "$ROOT/tests/ok_fcgi.c" -lfcgi
export OK_FCGI="$WORK/ok.fcgi"
echo ok >www/static.txt
ln -s "$CGI" www/verify.cgi
ln -s "$CGI" www/large/verify.cgi
printf 'trust = trust.json\npublication = pub-small\n' >verify.conf
printf 'trust = trust.json\npublication = pub-large\n' >large.conf
WEB_CONFIGS=large
web_start "$WORK/www"

# A certificate in both publications, from its QR code and its number.
number=$(sed -n "$((SMALL / 2))p" numbers.txt)
claim=$(qr_query "$number")
for path in "verify.cgi?$claim" "verify.cgi?no=$number" "large/verify.cgi?$claim" \
            "large/verify.cgi?no=$number"; do
    curl -s "$WEB_URL/$path" | grep -q 'class="banner s-valid"' \
        || { echo "bench: $path is not a valid answer" >&2; exit 1; }
done

# measure NAME PATH: requests/s and latency (average and median, ms).
declare -A RATE AVERAGE MEDIAN
to_ms() { awk '{ v = $1; if (v ~ /us$/) v /= 1000; else if (v ~ /ms$/) v += 0; else if (v ~ /s$/) v *= 1000; printf "%.2f", v }'; }
measure() {
    local output
    output=$(wrk -t1 -c8 -d"${SECONDS_EACH}s" --latency "$WEB_URL/$2")
    RATE[$1]=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$output")
    AVERAGE[$1]=$(awk '$1 == "Latency" {print $2; exit}' <<<"$output" | to_ms)
    MEDIAN[$1]=$(awk '$1 == "50%" {print $2}' <<<"$output" | to_ms)
    if grep -q "Non-2xx" <<<"$output"; then echo "bench: errors from $2: $output" >&2; exit 1; fi
}
# Small and large alternate, so a change in the machine's load touches both.
measure static static.txt
measure ok ok.cgi
measure c_small "verify.cgi?$claim"
measure c_large "large/verify.cgi?$claim"
measure no_small "verify.cgi?no=$number"
measure no_large "large/verify.cgi?no=$number"
measure fcgi_ok fcgi/ok
measure fcgi_c "fcgi/verify?$claim"
measure fcgi_no "fcgi/verify?no=$number"
web_stop

share() { echo "scale=0; 100 * ${RATE[$1]} / ${RATE[${2:-ok}]}" | bc; }
ratio() { echo "scale=2; ${AVERAGE[$1]} / ${AVERAGE[$2]}" | bc; }
row() { printf '%-40s %10s %10s %10s   %s\n' "$@"; }
echo
echo "web endpoint: lighttpd $(lighttpd -v | sed 's/lighttpd\/\([^ ]*\).*/\1/'), wrk -t1 -c8 -d${SECONDS_EACH}s, 127.0.0.1 ($setup_seconds s to issue and publish $LARGE)"
row "endpoint" "requests/s" "avg ms" "median ms" "target (same run)"
row "static file" "${RATE[static]}" "${AVERAGE[static]}" "${MEDIAN[static]}" ""
row "trivial C CGI (\"ok\")" "${RATE[ok]}" "${AVERAGE[ok]}" "${MEDIAN[ok]}" "the reference"
for kind in c no; do
    row "verify.cgi ?$kind= ($SMALL published)" "${RATE[${kind}_small]}" \
        "${AVERAGE[${kind}_small]}" "${MEDIAN[${kind}_small]}" \
        "$(share "${kind}_small")% of trivial CGI, target >= 50%"
    row "verify.cgi ?$kind= ($LARGE published)" "${RATE[${kind}_large]}" \
        "${AVERAGE[${kind}_large]}" "${MEDIAN[${kind}_large]}" \
        "latency $(ratio "${kind}_large" "${kind}_small")x of $SMALL, target <= 1.2x"
done
row "trivial FastCGI responder (2 procs)" "${RATE[fcgi_ok]}" "${AVERAGE[fcgi_ok]}" \
    "${MEDIAN[fcgi_ok]}" "the FastCGI reference"
for kind in c no; do
    row "verify.cgi ?$kind= under FastCGI (2 procs)" "${RATE[fcgi_$kind]}" \
        "${AVERAGE[fcgi_$kind]}" "${MEDIAN[fcgi_$kind]}" \
        "$(share "fcgi_$kind" fcgi_ok)% of trivial FastCGI, target >= 50%"
done
verdict() { awk "BEGIN { exit !($1) }" && echo "$2 target met" || echo "$2 target NOT met"; }
verdict "$(share c_small) >= 50 && $(share no_small) >= 50" "throughput as CGI"
verdict "$(share fcgi_c fcgi_ok) >= 50 && $(share fcgi_no fcgi_ok) >= 50" \
    "throughput under FastCGI"
verdict "$(ratio c_large c_small) <= 1.2 && $(ratio no_large no_small) <= 1.2" "latency at $LARGE"
cd "$ROOT" && rm -rf "$WORK"
