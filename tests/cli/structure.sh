# The structure the code promises (docs/README.md): all SQL lives in
# issuer/registry/, behind its functions. No other file of the issuer,
# common/ or the verifier names SQLite, includes its header or the
# registry's private registry_sql.h, or holds SQL text; and the verifier
# and verify.cgi carry no SQLite at all.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

sources() { find issuer common verifier -name '*.[ch]' | sort; }
outside_registry() { sources | grep -v '^issuer/registry/'; }
SQL_TEXT='"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK)[[:space:]]'

# The patterns find what they look for, where it belongs.
check "the SQL pattern finds the registry's queries" \
    grep -qE "$SQL_TEXT" issuer/registry/registry_certificates.c
check "the SQLite pattern finds the registry's calls" grep -q 'sqlite3_' issuer/registry/registry_sql.c
INCLUDES_SQLITE='#include[[:space:]]*[<"](sqlite3\.h|registry_sql\.h)[>"]'
check "the include pattern finds the registry's own" \
    grep -qE "$INCLUDES_SQLITE" issuer/registry/registry_keys.c
check "there are files outside issuer/registry/ to search" \
    test "$(outside_registry | wc -l)" -gt 50

found() { # found PATTERN: the files outside issuer/registry/ that match it
    outside_registry | xargs grep -lE -- "$1"
}
check "no file outside issuer/registry/ calls SQLite (sqlite3_)" test -z "$(found 'sqlite3_')"
check "no file outside issuer/registry/ holds SQL text" test -z "$(found "$SQL_TEXT")"
check "no file outside issuer/registry/ includes sqlite3.h or registry_sql.h" \
    test -z "$(found "$INCLUDES_SQLITE")"
check "the registry's public headers do not include sqlite3.h" \
    test -z "$(ls issuer/registry/*.h | grep -v registry_sql.h | xargs grep -l 'sqlite3\.h')"

# The binaries: symbols listed at all (not stripped), and none of SQLite's.
symbols() { nm "$ROOT/$BIN/$1" 2>/dev/null; }
check "the issuer's symbol table shows SQLite (the pattern works)" \
    bash -c "nm '$ROOT/$BIN/issuer' | grep -q 'sqlite3_'"
for program in verifier verify.cgi; do
    check "$program has a symbol table" test "$(symbols "$program" | grep -c ' main$')" -eq 1
    check "$program contains no SQLite symbol" bash -c "! nm '$ROOT/$BIN/$program' | grep -qi sqlite"
done
