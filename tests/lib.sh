# tests/lib.sh: what every shell test sources. It sets up a scratch folder,
# a demo body with keys, and the assertions; each assertion prints one line
# "ok - ..." or "not ok - ...", which tests/run.sh counts.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${STARMARK_BIN:-bin}
ISSUER="$ROOT/$BIN/issuer"
VERIFIER="$ROOT/$BIN/verifier"
DATA="$ROOT/tests/data"
export STARMARK_PASSPHRASE=test-passphrase
unset STARMARK_DB STARMARK_TRUST

WORK=$(mktemp -d "$ROOT/tests/out/${TEST_NAME:-test}.XXXXXX" 2>/dev/null \
       || { mkdir -p "$ROOT/tests/out"; mktemp -d "$ROOT/tests/out/${TEST_NAME:-test}.XXXXXX"; })
cd "$WORK"

# With STARMARK_VALGRIND set, each program runs under valgrind memcheck
# through a one-word wrapper, so "$ISSUER" stays a single command; a memory
# error or a leak makes it exit 99, which no test expects.
if [[ -n ${STARMARK_VALGRIND:-} ]]; then
    for program in issuer verifier; do
        cat >"$WORK/$program-under-valgrind" <<WRAPPER
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$ROOT/$BIN/$program" "\$@"
WRAPPER
        chmod +x "$WORK/$program-under-valgrind"
    done
    ISSUER="$WORK/issuer-under-valgrind"
    VERIFIER="$WORK/verifier-under-valgrind"
fi

pass() { echo "ok - $*"; }
failed() { echo "not ok - $*"; }

# check DESCRIPTION COMMAND...: the command must succeed.
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then pass "$what"; else failed "$what"; fi; }

# expect_status STATUS DESCRIPTION COMMAND...: exit status must be STATUS;
# the command's stderr is kept in $WORK/last.err and stdout in $WORK/last.out.
expect_status() {
    local want=$1 what=$2; shift 2
    "$@" >"$WORK/last.out" 2>"$WORK/last.err"
    local got=$?
    if [[ $got -eq $want ]]; then pass "$what (exit $want)"
    else failed "$what: exit $got, wanted $want: $(head -c 300 "$WORK/last.err")"; fi
}

# expect_message PATTERN DESCRIPTION: the last stderr matches PATTERN and is one line.
expect_message() {
    local pattern=$1 what=$2
    if grep -Eq -- "$pattern" "$WORK/last.err" && [[ $(wc -l <"$WORK/last.err") -eq 1 ]]; then
        pass "$what"
    else failed "$what: stderr was: $(head -c 300 "$WORK/last.err")"; fi
}

source "$ROOT/tests/body.sh"  # make_body

# The registry reg.db as SQL. One that cannot be dumped (absent, not a
# database, no sqlite3) gives a new line each time, so that comparing two
# dumps cannot pass for want of any.
dump() {
    local sql
    sql=$(sqlite3 -readonly reg.db .dump 2>/dev/null)
    if [[ $sql == *"CREATE TABLE"* ]]; then printf '%s\n' "$sql"
    else echo "reg.db cannot be dumped ($(od -An -N8 -tx8 /dev/urandom))"; fi
}
