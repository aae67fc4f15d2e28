# tests/web-lib.sh: what the web tests and the web bench share, sourced
# after tests/lib.sh (it uses $ROOT, $BIN, $WORK and $ISSUER):
#   - web_start DOCROOT: a private lighttpd on a free 127.0.0.1 port with
#     mod_cgi, serving DOCROOT; $WEB_URL is its address. It is stopped when
#     the calling script exits (a trap on EXIT), and only that process.
#   - make_web_body: a published test body with one certificate in every
#     state a person can meet on the verification page.
CGI="$ROOT/$BIN/verify.cgi"

# A port nobody listens on now (the kernel's choice for port 0).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# web_conf DOCROOT PORT: the lighttpd configuration. Requests for
# /NAME/verify.cgi, for each NAME in $WEB_CONFIGS, run with
# STARMARK_CONFIG=$WORK/NAME.conf, the others with $WORK/verify.conf, so one
# server can show several configurations. /fcgi/verify is the same program
# under FastCGI: lighttpd starts two long-lived processes of it, with
# $WORK/verify.conf; with $OK_FCGI set, /fcgi/ok is that trivial FastCGI
# responder, two processes likewise (the bench's reference). lighttpd
# would re-encode a broken %-escape and refuse control characters itself;
# here it passes queries on as they come (as nginx does), so verify.cgi's
# own checks are what is tested.
web_conf() {
    local ok_fcgi=""
    [[ -n ${OK_FCGI:-} ]] && ok_fcgi=$(printf ', "/fcgi/ok" => ((\n    "socket" => "%s",\n    "bin-path" => "%s",\n    "max-procs" => 2,\n    "check-local" => "disable"\n))' "$WORK/ok-fastcgi.socket" "$OK_FCGI")
    cat <<CONF
server.document-root = "$1"
server.bind = "127.0.0.1"
server.port = $2
server.modules = ("mod_cgi", "mod_setenv", "mod_fastcgi")
server.errorlog = "$WORK/lighttpd-error.log"
server.http-parseopts = ("url-normalize" => "disable", "url-ctrls-reject" => "disable")
mimetype.assign = (".txt" => "text/plain; charset=utf-8")
cgi.assign = (".cgi" => "")
setenv.add-environment = ("STARMARK_CONFIG" => "$WORK/verify.conf")
fastcgi.server = ("/fcgi/verify" => ((
    "socket" => "$WORK/fastcgi.socket",
    "bin-path" => "$CGI",
    "bin-environment" => ("STARMARK_CONFIG" => "$WORK/verify.conf"),
    "max-procs" => 2,
    "check-local" => "disable"
))$ok_fcgi)
CONF
    local name
    for name in ${WEB_CONFIGS:-}; do
        printf '$HTTP["url"] =~ "^/%s/" {\n    setenv.add-environment = ("STARMARK_CONFIG" => "%s")\n}\n' \
            "$name" "$WORK/$name.conf"
    done
}

web_stop() {
    if [[ -n ${WEB_PID:-} ]]; then
        kill "$WEB_PID" 2>/dev/null
        wait "$WEB_PID" 2>/dev/null
        WEB_PID=
    fi
}

# web_start DOCROOT: starts lighttpd and waits until it answers.
web_start() {
    local port
    port=$(free_port)
    web_conf "$1" "$port" >"$WORK/lighttpd.conf"
    lighttpd -D -f "$WORK/lighttpd.conf" 2>>"$WORK/lighttpd-error.log" &
    WEB_PID=$!
    trap web_stop EXIT
    WEB_URL="http://127.0.0.1:$port"
    for _ in $(seq 50); do
        curl -s -o /dev/null "$WEB_URL/" && return 0
        sleep 0.1
    done
    echo "lighttpd did not start: $(tail -3 "$WORK/lighttpd-error.log")" >&2
    return 1
}

# The date in China (certificates are dated in Asia/Shanghai), moved by
# a `date -d` phrase: shanghai_day "-13 months".
shanghai_day() {
    TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%F) ${1:-}" +%F
}

# issue_on DATE ASSESSMENT [PYTHON]: issues and approves an assessment on
# DATE, its audit ending five days before; prints the number.
issue_on() {
    local day=$1 source=$2 change=${3:-}
    python3 "$ROOT/tests/mutate.py" "$source" assessment.json \
        "d['audit']['end_date'] = '$(TZ=Asia/Shanghai date -d "$day -5 days" +%F)'; $change"
    "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date "$day" \
        assessment.json | tail -1
}

# Sets VALID SUSPENDED REVOKED WITHDRAWN EXPIRED OVERDUE NOT_YET (issued
# for a later date) XSS (all published) and UNPUBLISHED (issued after the
# publication: status unknown), with the publication in pub/ and the
# configuration in verify.conf.
make_web_body() {
    make_body
    EXPIRED=$(issue_on "$(shanghai_day '-4 years')" "$DATA/four-star.json")
    "$ISSUER" sweep --db reg.db --at "$(shanghai_day '-6 months')" >/dev/null
    OVERDUE=$(issue_on "$(shanghai_day '-13 months')" "$DATA/three-star.json")
    VALID=$(issue_on "$(shanghai_day '-10 days')" "$DATA/five-star.json")
    SUSPENDED=$(issue_on "$(shanghai_day '-20 days')" "$DATA/four-star.json")
    REVOKED=$(issue_on "$(shanghai_day '-20 days')" "$DATA/three-star.json")
    WITHDRAWN=$(issue_on "$(shanghai_day '-20 days')" "$DATA/five-star.json")
    NOT_YET=$(issue_on "$(shanghai_day '+5 days')" "$DATA/four-star.json")
    XSS=$(issue_on "$(shanghai_day '-10 days')" "$DATA/three-star.json" \
        "d['holder']['name'] = '<script>alert(1)</script>\"&amp;有限公司'")
    "$ISSUER" suspend --db reg.db "$SUSPENDED" --code nonconformity \
        --reason "投诉处理不符合要求" >/dev/null
    "$ISSUER" revoke --db reg.db "$REVOKED" --code fraud --reason "提供虚假材料" >/dev/null
    "$ISSUER" withdraw --db reg.db "$WITHDRAWN" --code business_closed \
        --reason "获证组织已停业" >/dev/null
    "$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
    UNPUBLISHED=$(issue_on "$(shanghai_day '-1 day')" "$DATA/five-star.json")
    printf '# the test body\ntrust = trust.json\npublication = pub\n' >verify.conf
}

# The query string of a certificate's QR code: "c=<compact JWS>".
qr_query() {
    local url
    url=$("$ISSUER" qr --db reg.db "$1")
    echo "${url#*\?}"
}
