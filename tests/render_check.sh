#!/bin/sh
# render_check.sh: end-to-end checks of the certificate renderer.
#
# Builds tests/render_harness.c with this one command (from the repository root):
#
#   gcc -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -D_POSIX_C_SOURCE=200809L -O2 -g -Icommon -Iissuer tests/render_harness.c issuer/render.c issuer/render_page.c issuer/template.c issuer/text_layout.c issuer/fontcheck.c issuer/pdf_font.c issuer/pdf_embed.c issuer/qr.c issuer/ornament.c common/pdf_record.c common/util.c common/date.c common/json_strict.c -o "$WORK/render_harness" $(pkg-config --cflags --libs jansson libqrencode) -lhpdf -lm
#
# then renders one certificate per grade plus the longest name and scope,
# and checks each PDF the way a reader would: the texts come back out of it
# exactly (pdftotext), the printed QR decodes to the URL byte for byte
# (pdftoppm at 150 dpi, zbarimg), the file stays under 200 KB, every font is
# embedded, and pdf_extract_record returns the attached record and the QR
# URL exactly. Then it checks refusals: characters no font draws, invalid
# UTF-8, and malformed templates; that the faster cmap maps every code
# point as libharu does; and, when valgrind is installed, that rendering
# and extraction leak nothing.
#
# Needs: gcc, libhpdf-dev, libqrencode-dev, libjansson-dev, poppler-utils,
# zbar-tools, fonts-dejavu-core, fonts-arphic-gbsn00lp, fonts-arphic-uming.
# Usage: tests/render_check.sh [--no-valgrind]

set -u
cd "$(dirname "$0")/.." || exit 2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/render_check.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
HARNESS="$WORK/render_harness"
MAX_BYTES=204800
failures=0

pass() { printf 'ok   %s\n' "$1"; }
flunk() { printf 'FAIL %s\n' "$1"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    description=$1; shift
    if "$@"; then pass "$description"; else flunk "$description"; fi
}

gcc -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -D_POSIX_C_SOURCE=200809L -O2 -g -Icommon -Iissuer tests/render_harness.c issuer/render.c issuer/render_page.c issuer/template.c issuer/text_layout.c issuer/fontcheck.c issuer/pdf_font.c issuer/pdf_embed.c issuer/qr.c issuer/ornament.c common/pdf_record.c common/util.c common/date.c common/json_strict.c -o "$HARNESS" $(pkg-config --cflags --libs jansson libqrencode) -lhpdf -lm || { echo "FAIL build"; exit 1; }
pass "harness builds with -Wall -Wextra -Werror"

mkdir "$WORK/out"
check "renders every case" "$HARNESS" cases "$WORK/out"

# Text without any whitespace: pdftotext breaks wrapped lines where the
# renderer did, and that is the only difference allowed.
squeeze() { tr -d ' \n\t\f'; }

expected() { # expected CASE FIELD: the values of FIELD in CASE.expect
    awk -F '\t' -v field="$2" '$1 == field { print $2 }' "$WORK/out/$1.expect"
}

contains() { # contains HAYSTACK_FILE NEEDLE
    needle=$(printf '%s' "$2" | squeeze)
    squeeze < "$1" | grep -qF -- "$needle"
}

check_texts() {
    case_name=$1 pdf="$WORK/out/$1.pdf"
    pdftotext -enc UTF-8 "$pdf" "$WORK/page.txt" 2>/dev/null
    read -r x y w h < "$WORK/out/$case_name.crop"
    pdftotext -enc UTF-8 -r 72 -x "$x" -y "$y" -W "$w" -H "$h" "$pdf" "$WORK/values.txt" 2>/dev/null
    for field in name uscc scope; do
        check "$case_name: $field reads back exactly" contains "$WORK/values.txt" "$(expected "$case_name" "$field")"
    done
    for field in number issue expiry; do
        check "$case_name: $field reads back exactly" contains "$WORK/page.txt" "$(expected "$case_name" "$field")"
    done
    expected "$case_name" surveillance > "$WORK/dates"
    while read -r date; do
        check "$case_name: surveillance $date reads back" contains "$WORK/page.txt" "$date"
    done < "$WORK/dates"
}

check_qr() {
    case_name=$1
    pdftoppm -r 150 -png "$WORK/out/$case_name.pdf" "$WORK/page" 2>/dev/null
    zbarimg --raw -q "$WORK/page-1.png" 2>/dev/null > "$WORK/scanned" || true
    # zbarimg ends its output with one newline; the URL file has none.
    printf '%s\n' "$(cat "$WORK/out/$case_name.url")" > "$WORK/wanted"
    check "$case_name: QR at 150 dpi decodes to the URL byte for byte" cmp -s "$WORK/scanned" "$WORK/wanted"
}

check_file() {
    case_name=$1 pdf="$WORK/out/$1.pdf"
    bytes=$(wc -c < "$pdf")
    check "$case_name: $bytes bytes, under $MAX_BYTES" test "$bytes" -lt "$MAX_BYTES"
    check "$case_name: every font embedded" sh -c "pdffonts '$pdf' 2>/dev/null | awk 'NR > 2 && \$(NF-4) != \"yes\" { bad = 1 } END { exit bad }'"
    "$HARNESS" extract "$pdf" "$WORK/record" "$WORK/url"
    check "$case_name: extracted record is the attached record" cmp -s "$WORK/record" "$WORK/out/$case_name.record"
    check "$case_name: extracted URL is the QR URL" cmp -s "$WORK/url" "$WORK/out/$case_name.url"
}

for case_name in grade-0 grade-3 grade-4 grade-5 long; do
    check_texts "$case_name"
    check_qr "$case_name"
    check_file "$case_name"
done

# A crafted file whose objects nest inside each other would make a naive
# scan quadratic (50,000 objects: ~10^10 bytes read); the extractor must
# give up at once.
awk -v n=50000 'BEGIN {
    head = "%PDF-1.4\n"; printf "%s", head; at = length(head)
    for (k = 1; k <= n; k++) { h = k " 0 obj (\n"; offset[k] = at; at += length(h); printf "%s", h }
    for (k = 1; k <= n; k++) { printf ") endobj\n"; at += 9 }
    printf "xref\n0 %d\n0000000000 65535 f\r\n", n + 1
    for (k = 1; k <= n; k++) printf "%010d 00000 n\r\n", offset[k]
    printf "trailer\n<< /Size %d >>\nstartxref\n%d\n%%%%EOF\n", n + 1, at
}' > "$WORK/nested.pdf"
timeout 10 "$HARNESS" extract "$WORK/nested.pdf" "$WORK/record" "$WORK/url" 2> "$WORK/message"
check "nested objects are refused quickly: $(cat "$WORK/message")" grep -q "objects overlap" "$WORK/message"

# ---- refusals ----

refuses() { # refuses DESCRIPTION NAME EXPECTED_MESSAGE_PART
    rm -f "$WORK/refused.pdf"
    "$HARNESS" name "$2" "$WORK/refused.pdf" 2> "$WORK/message"
    status=$?
    if [ "$status" -eq 2 ] && grep -qF -- "$3" "$WORK/message" && [ ! -e "$WORK/refused.pdf" ]; then
        pass "$1: $(cat "$WORK/message")"
    else
        flunk "$1 (exit $status: $(cat "$WORK/message"))"
    fi
}

refuses "non-BMP character refused" "𠮷野家餐饮有限公司" "holder name: cannot print \"𠮷\" (U+20BB7)"
refuses "character no font has refused" "䶵源科技有限公司" "holder name: cannot print \"䶵\" (U+4DB5)"
refuses "invalid UTF-8 refused" "$(printf 'bad\377name')" "holder name: invalid UTF-8"
refuses "control character refused" "$(printf 'tab\tname')" "holder name: control character U+0009"

"$HARNESS" name "深圳市喆堃科技有限公司" "$WORK/fallback.pdf" 2> "$WORK/message"
check "a character only the fallback face has renders with it" sh -c "pdffonts '$WORK/fallback.pdf' 2>/dev/null | grep -q UMing"

# ---- templates ----

bad_template() { # bad_template DESCRIPTION SED_SCRIPT EXPECTED_MESSAGE_PART
    sed "$2" templates/default.json > "$WORK/bad.json"
    "$HARNESS" template "$WORK/bad.json" 2> "$WORK/message"
    status=$?
    if [ "$status" -eq 2 ] && grep -qF -- "$3" "$WORK/message"; then
        pass "$1: $(cat "$WORK/message")"
    else
        flunk "$1 (exit $status: $(cat "$WORK/message"))"
    fi
}

check "the default template loads" "$HARNESS" template templates/default.json
bad_template "unknown field refused" 's/"page": {/"page": {"colour": "#000000", /' 'unknown field "colour"'
bad_template "duplicate key refused" 's/"page": {/"page": {"width_mm": 100, /' 'duplicate'
bad_template "overlapping boxes refused" 's/"dates":      {"x": 204, "y": 119/"dates":      {"x": 204, "y": 100/' 'boxes_mm.emblem overlaps boxes_mm.dates'
bad_template "unknown placeholder refused" 's/{url}/{ulr}/' 'unknown placeholder "{ulr}"'
bad_template "bad colour refused" 's/"#8A1C1C"/"red"/' 'must be a colour'
bad_template "QR modules under 1.5 pt refused" 's/"min_module_pt": 1.5/"min_module_pt": 1.0/' 'qr.min_module_pt must be a number from 1.5'

# ---- images ----

if command -v convert > /dev/null; then
    # A seal: a translucent red disc with a star, 8 bits per channel.
    convert -size 300x300 xc:none -fill 'rgba(200,16,46,0.85)' -draw 'circle 150,150 150,8' \
        -fill white -draw 'polygon 150,70 168,125 226,125 179,159 197,214 150,180 103,214 121,159 74,125 132,125' \
        -depth 8 "PNG32:$WORK/seal.png"
    sed "s|\"images\": \[\]|\"images\": [{\"file\": \"$WORK/seal.png\", \"box_mm\": {\"x\": 150, \"y\": 150, \"width\": 34, \"height\": 34}}, {\"file\": \"$WORK/seal.png\", \"box_mm\": {\"x\": 30, \"y\": 20, \"width\": 22, \"height\": 22}}]|" \
        templates/default.json > "$WORK/sealed.json"
    check "a template with a seal and a logo renders" "$HARNESS" name "深圳市华信达电子科技有限公司" "$WORK/sealed.pdf" "$WORK/sealed.json"
    bytes=$(wc -c < "$WORK/sealed.pdf")
    check "with images: $bytes bytes, under $MAX_BYTES" test "$bytes" -lt "$MAX_BYTES"
    convert "$WORK/seal.png" -depth 16 "PNG64:$WORK/seal16.png"
    sed "s|$WORK/seal.png|$WORK/seal16.png|g" "$WORK/sealed.json" > "$WORK/sealed16.json"
    "$HARNESS" template "$WORK/sealed16.json" 2> "$WORK/message"
    check "a 16-bit PNG is refused: $(cat "$WORK/message")" grep -q "16 bits per channel" "$WORK/message"
    sed 's|"x": 150, "y": 150|"x": 205, "y": 150|' "$WORK/sealed.json" > "$WORK/over_qr.json"
    "$HARNESS" template "$WORK/over_qr.json" 2> "$WORK/message"
    check "an image over the QR is refused: $(cat "$WORK/message")" grep -q "overlaps boxes_mm.qr" "$WORK/message"
fi

# ---- the faster cmap ----

for font in /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf /usr/share/fonts/truetype/arphic/uming.ttc; do
    check "flattened cmap of $(basename "$font") maps all 65536 code points as libharu does" sh -c "'$HARNESS' cmap '$font' 0 > /dev/null"
done

"$HARNESS" bench 40

# ---- memory ----

if [ "${1:-}" != "--no-valgrind" ] && command -v valgrind > /dev/null; then
    grind() { valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 "$@"; }
    check "valgrind: rendering is clean" grind "$HARNESS" name "深圳市喆堃科技有限公司" "$WORK/grind.pdf"
    check "valgrind: refusing is clean" sh -c "valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 '$HARNESS' name '𠮷' '$WORK/none.pdf' 2>/dev/null; test \$? -eq 2"
    if [ -e "$WORK/sealed.json" ]; then
        check "valgrind: rendering with images is clean" grind "$HARNESS" name "深圳市华信达电子科技有限公司" "$WORK/grind2.pdf" "$WORK/sealed.json"
    fi
    check "valgrind: extracting is clean" grind "$HARNESS" extract "$WORK/out/long.pdf" "$WORK/record" "$WORK/url"
    check "valgrind: a bad template is clean" sh -c "valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 '$HARNESS' template '$WORK/bad.json' 2>/dev/null; test \$? -eq 2"
fi

if [ "$failures" -eq 0 ]; then
    echo "render_check: all passed"
else
    echo "render_check: $failures failed"
    exit 1
fi
