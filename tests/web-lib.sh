# tests/web-lib.sh: what the web tests and the web bench share, sourced
# after tests/lib.sh (it uses $ROOT, $BIN, $WORK and $ISSUER):
#   - web_start DOCROOT: a private web server on a free 127.0.0.1 port,
#     serving DOCROOT and running its *.cgi; $WEB_URL is its address and
#     $WEB_ERROR_LOG the log where verify.cgi's lines land. $WEB_SERVER
#     picks the server: lighttpd (the default, mod_cgi), nginx-cgi (nginx,
#     *.cgi through fcgiwrap) or nginx-fastcgi (nginx, *.cgi answered by
#     verify.cgi processes that spawn-fcgi started). Everything it starts is
#     stopped when the calling script exits (a trap on EXIT), and only that;
#     with $WEB_PIDS_FILE set, their process ids are also listed there.
#   - spawn_fastcgi SOCKET, start_fcgiwrap SOCKET, nginx_start CONF,
#     lighttpd_start CONF: the parts, for tests that bring their own
#     configuration.
#   - make_web_body: a published test body with one certificate in every
#     state a person can meet on the verification page.
CGI="$ROOT/$BIN/verify.cgi"
WEB_SERVER=${WEB_SERVER:-lighttpd}
case $WEB_SERVER in
    lighttpd) WEB_ERROR_LOG="$WORK/lighttpd-error.log" ;;
    nginx-cgi | nginx-fastcgi) WEB_ERROR_LOG="$WORK/nginx-error.log" ;;
    *) echo "web-lib.sh: unknown WEB_SERVER \"$WEB_SERVER\"" >&2; exit 2 ;;
esac
WEB_STARTED=()  # every process id this script started, stopped by web_stop

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
    local pid
    for pid in "${WEB_STARTED[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${WEB_STARTED[@]}"; do
        # Not all are our children (spawn-fcgi's are init's): wait for each.
        wait "$pid" 2>/dev/null
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
    WEB_STARTED=()
    WEB_PID=
}

# started PID...: remembers processes to stop (and lists them in $WEB_PIDS_FILE).
started() {
    WEB_STARTED+=("$@")
    [[ -z ${WEB_PIDS_FILE:-} ]] || printf '%s\n' "$@" >>"$WEB_PIDS_FILE"
    trap web_stop EXIT
}

# wait_for_web URL NAME: until URL answers, or one line on why not.
wait_for_web() {
    for _ in $(seq 50); do
        curl -s -o /dev/null "$1" && return 0
        sleep 0.1
    done
    echo "$2 did not start: $(tail -3 "$WEB_ERROR_LOG")" >&2
    return 1
}

# web_start DOCROOT: starts the $WEB_SERVER and waits until it answers.
web_start() {
    local port
    port=$(free_port)
    WEB_URL="http://127.0.0.1:$port"
    if [[ $WEB_SERVER == lighttpd ]]; then
        web_conf "$1" "$port" >"$WORK/lighttpd.conf"
        lighttpd_start "$WORK/lighttpd.conf"
    else
        spawn_fastcgi "$WORK/fastcgi.socket" || return 1
        [[ $WEB_SERVER == nginx-fastcgi ]] || start_fcgiwrap "$WORK/fcgiwrap.socket" || return 1
        nginx_conf "$1" "$port" >"$WORK/nginx.conf"
        nginx_start "$WORK/nginx.conf" || return 1
    fi
    wait_for_web "$WEB_URL/" "$WEB_SERVER"
}

# lighttpd_start CONF: lighttpd in the foreground with CONF.
lighttpd_start() {
    lighttpd -D -f "$1" 2>>"$WORK/lighttpd-error.log" &
    WEB_PID=$!
    started "$WEB_PID"
}

# The process ids of the long-lived verify.cgi processes behind /fcgi/verify.
web_fastcgi_pids() {
    if [[ $WEB_SERVER == lighttpd ]]; then pgrep -P "$WEB_PID" -x verify.cgi
    else cat "$WORK/spawn-fcgi.pids"; fi
}

# spawn_fastcgi SOCKET: two verify.cgi processes answering FastCGI on
# SOCKET, started by spawn-fcgi (which exits; init adopts them).
spawn_fastcgi() {
    rm -f "$1" "$WORK/spawn-fcgi.pids"
    if ! spawn-fcgi -s "$1" -F 2 -P "$WORK/spawn-fcgi.pids" -- "$CGI" >/dev/null 2>&1; then
        echo "spawn-fcgi could not start $CGI" >&2
        return 1
    fi
    started $(cat "$WORK/spawn-fcgi.pids")
}

# start_fcgiwrap SOCKET: fcgiwrap runs each CGI request's SCRIPT_FILENAME,
# and (-f) sends its standard error to nginx's error log.
start_fcgiwrap() {
    rm -f "$1"
    fcgiwrap -f -s "unix:$1" 2>>"$WEB_ERROR_LOG" &
    started $!
    for _ in $(seq 50); do
        [[ -S $1 ]] && return 0
        sleep 0.1
    done
    echo "fcgiwrap did not start" >&2
    return 1
}

# nginx_start CONF: nginx in the foreground with CONF (its pid, error log
# and temporary files in $WORK), until it answers.
nginx_start() {
    mkdir -p "$WORK/nginx-temp"
    nginx -p "$WORK/nginx-temp" -e "$WEB_ERROR_LOG" -c "$1" 2>>"$WEB_ERROR_LOG" &
    WEB_PID=$!
    started "$WEB_PID"
    wait_for_pid_file "$WORK/nginx.pid" || return 1
    # Its workers too, so that a test can check they are gone.
    started $(pgrep -P "$WEB_PID")
}

wait_for_pid_file() {
    for _ in $(seq 50); do
        [[ -s $1 ]] && return 0
        sleep 0.1
    done
    echo "nginx did not start: $(tail -3 "$WEB_ERROR_LOG")" >&2
    return 1
}

# nginx_http PORT SERVER-BODY...: an nginx.conf for tests: one server on
# 127.0.0.1:PORT, everything it writes kept in $WORK.
nginx_http() {
    local port=$1; shift
    cat <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WEB_ERROR_LOG;
$([[ $(id -u) -ne 0 ]] || echo "user root;")
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx-temp/body;
    fastcgi_temp_path $WORK/nginx-temp/fastcgi;
    proxy_temp_path $WORK/nginx-temp/proxy;
    uwsgi_temp_path $WORK/nginx-temp/uwsgi;
    scgi_temp_path $WORK/nginx-temp/scgi;
    types { text/plain txt; }
    server {
        listen 127.0.0.1:$port;
$(printf '        %s\n' "$@")
    }
}
CONF
}

# fastcgi_location MATCH CONFIG: a location whose requests go to verify.cgi
# with STARMARK_CONFIG=CONFIG: through fcgiwrap (nginx-cgi) or to the
# spawn-fcgi processes (nginx-fastcgi, and /fcgi/verify always).
fastcgi_location() {
    local socket="$WORK/fastcgi.socket"
    [[ $WEB_SERVER == nginx-cgi && $1 != "= /fcgi/verify" ]] && socket="$WORK/fcgiwrap.socket"
    printf '%s\n' "location $1 {" "    include /etc/nginx/fastcgi_params;" \
        "    fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;" \
        "    fastcgi_param STARMARK_CONFIG $2;" "    fastcgi_pass unix:$socket;" "}"
}

# nginx_conf DOCROOT PORT: the nginx twin of web_conf: the same locations
# and configurations ($WEB_CONFIGS), the queries passed on as they come.
nginx_conf() {
    local docroot=$1 port=$2 name locations=()
    for name in ${WEB_CONFIGS:-}; do
        mapfile -t -O "${#locations[@]}" locations \
            < <(fastcgi_location "~ ^/$name/[^/]*\\.cgi\$" "$WORK/$name.conf")
    done
    mapfile -t -O "${#locations[@]}" locations \
        < <(fastcgi_location '~ \.cgi$' "$WORK/verify.conf"
            fastcgi_location "= /fcgi/verify" "$WORK/verify.conf")
    nginx_http "$port" "root $docroot;" "${locations[@]}"
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
