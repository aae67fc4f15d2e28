# verify.cgi behind nginx (Debian's package) on 127.0.0.1 only. Every
# request/answer check tests/cli/cgi.sh makes behind lighttpd (statuses,
# bad input, headers, escaping, 503 on a bad configuration, FastCGI beside
# CGI) is made again twice: with verify.cgi as FastCGI processes started by
# spawn-fcgi, and as plain CGI through fcgiwrap. Then the example
# configurations make install ships (deploy/nginx-*.conf), included as an
# administrator would; and nothing started is left running.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/web-lib.sh"

# still_running PIDS-FILE: the listed processes that are still alive.
still_running() {
    local pid alive=()
    while read -r pid; do
        kill -0 "$pid" 2>/dev/null && alive+=("$pid")
    done <"$1"
    echo "${alive[*]}"
}

for mode in fastcgi cgi; do
    : >"$WORK/$mode.pids"
    WEB_SERVER=nginx-$mode WEB_PIDS_FILE="$WORK/$mode.pids" TEST_NAME=nginx-$mode \
        bash "$ROOT/tests/cli/cgi.sh" >"$mode.out" 2>&1
    status=$?
    sed -n "s/^\(not \)\{0,1\}ok - /&nginx $mode: /p" "$mode.out"
    if [[ $status -ne 0 ]] && ! grep -q '^not ok - ' "$mode.out"; then
        failed "nginx $mode: cgi.sh stopped with status $status: $(tail -3 "$mode.out")"
    fi
    check "nginx $mode: cgi.sh made its checks ($(grep -c '^ok - ' "$mode.out") passed)" \
        test "$(grep -c '^ok - ' "$mode.out")" -ge 300
    # nginx with its worker, two verify.cgi processes, and fcgiwrap for CGI.
    check "nginx $mode: it started nginx and verify.cgi's processes" \
        test "$(wc -l <"$WORK/$mode.pids")" -ge $([[ $mode == cgi ]] && echo 5 || echo 4)
    check "nginx $mode: all of them stopped afterwards" test -z "$(still_running "$WORK/$mode.pids")"
done

# The shipped examples: the same files make install writes, with only the
# paths moved into this test's folder.
WEB_SERVER=nginx-cgi
make_web_body
mkdir www
printf 'trust = trust.json\npublication = pub\ncolour = red\n' >broken.conf
example() { # example NAME CONFIG: deploy/nginx-NAME.conf, pointed at CONFIG
    sed -e "s|@CGIDIR@/verify.cgi|$CGI|" -e "s|/run/starmark-verify.socket|$WORK/fastcgi.socket|" \
        -e "s|/run/fcgiwrap.socket|$WORK/fcgiwrap.socket|" \
        -e "s|/etc/starmark/verify.conf|$WORK/$2|" "$ROOT/deploy/nginx-$1.conf"
}
# nginx reads "include fastcgi_params;" beside its configuration file.
ln -s /etc/nginx/fastcgi_params fastcgi_params
mkdir nginx-temp
spawn_fastcgi "$WORK/fastcgi.socket" || exit 1
start_fcgiwrap "$WORK/fcgiwrap.socket" || exit 1
for name in fastcgi cgi; do
    example "$name" verify.conf >"example-$name.conf"
    example "$name" broken.conf | sed 's|location = /verify|location = /broken|' \
        >"example-$name-broken.conf"
    port=$(free_port)
    nginx_http "$port" "root $WORK/www;" "include $WORK/example-$name.conf;" \
        "include $WORK/example-$name-broken.conf;" >"nginx-$name.conf"
    check "deploy/nginx-$name.conf: nginx accepts it" \
        nginx -t -q -p "$WORK/nginx-temp" -e "$WEB_ERROR_LOG" -c "$WORK/nginx-$name.conf"
    nginx_start "$WORK/nginx-$name.conf" || exit 1
    WEB_URL="http://127.0.0.1:$port"
    wait_for_web "$WEB_URL/" nginx || exit 1
    check "deploy/nginx-$name.conf: /verify answers a QR code as valid" \
        bash -c "curl -s '$WEB_URL/verify?$(qr_query "$VALID")' | grep -q 'class=\"banner s-valid\"'"
    check "deploy/nginx-$name.conf: /verify answers a revoked number" \
        bash -c "curl -s '$WEB_URL/verify?no=$REVOKED&lang=en' | grep -q 'class=\"banner s-revoked\"'"
    check "deploy/nginx-$name.conf: a bad query is a 400" \
        test "$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/verify?no=%ZZ")" = 400
    check "deploy/nginx-$name.conf: a broken configuration is a 503" \
        test "$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/broken?no=$VALID")" = 503
    check "deploy/nginx-$name.conf: and nginx's error log says why" \
        grep -q "FastCGI sent in stderr: \"verify.cgi: .*broken.conf:3: unknown key" "$WEB_ERROR_LOG"
    kill "$WEB_PID" && wait "$WEB_PID"
    : >"$WEB_ERROR_LOG"
done
