# The certificate renderer on its own, through bin/render-harness
# (tests/render_harness.c, built by `make test`): one certificate per grade
# plus the longest name and scope, and the longest QR URL the default
# template must hold (version 20), each checked the way a reader would: the
# texts come back out of it exactly (pdftotext), the printed QR decodes to
# the URL byte for byte (pdftoppm at 150 dpi, zbarimg), the file stays under
# 200 KB, every font is embedded, and pdf_extract_record returns the
# attached record and the QR URL exactly. Then the refusals (characters no
# font draws, invalid UTF-8, malformed templates), images in templates, that
# the faster cmap maps every code point as libharu does, and under valgrind
# that rendering and extraction leak nothing. tests/cli/pdf.sh checks the
# same renderer through `issuer render` with real signed records.
source "$(dirname "$0")/../lib.sh"
HARNESS="$ROOT/$BIN/render-harness"
MAX_BYTES=204800
# The harness reads templates/default.json from the repository root.
cd "$ROOT" || exit 2

if [[ ! -x $HARNESS ]]; then
    failed "$HARNESS is missing: run make $BIN/render-harness"
    exit 1
fi

mkdir "$WORK/cases"
check "renders every case" "$HARNESS" cases "$WORK/cases"

# Text without any whitespace: pdftotext breaks wrapped lines where the
# renderer did, and that is the only difference allowed.
squeeze() { tr -d ' \n\t\f'; }

expected() { # expected CASE FIELD: the values of FIELD in CASE.expect
    awk -F '\t' -v field="$2" '$1 == field { print $2 }' "$WORK/cases/$1.expect"
}

contains() { # contains HAYSTACK_FILE NEEDLE: an empty needle is no match
    local needle
    needle=$(printf '%s' "$2" | squeeze)
    [[ -n $needle ]] || return 1
    squeeze <"$1" | grep -F -- "$needle" >/dev/null # not -q: under pipefail, an early exit fails tr
}

check_texts() {
    local case_name=$1 pdf="$WORK/cases/$1.pdf" x y w h field date
    pdftotext -enc UTF-8 "$pdf" "$WORK/page.txt" 2>"$WORK/warnings"
    check "$case_name: pdftotext reads it without a warning (a valid ToUnicode map)" test ! -s "$WORK/warnings"
    read -r x y w h <"$WORK/cases/$case_name.crop"
    pdftotext -enc UTF-8 -r 72 -x "$x" -y "$y" -W "$w" -H "$h" "$pdf" "$WORK/values.txt" 2>/dev/null
    for field in name uscc scope; do
        check "$case_name: $field reads back exactly" contains "$WORK/values.txt" "$(expected "$case_name" "$field")"
    done
    for field in number issue expiry; do
        check "$case_name: $field reads back exactly" contains "$WORK/page.txt" "$(expected "$case_name" "$field")"
    done
    expected "$case_name" surveillance >"$WORK/dates"
    check "$case_name: the case lists surveillance dates" test -s "$WORK/dates"
    while read -r date; do
        check "$case_name: surveillance $date reads back" contains "$WORK/page.txt" "$date"
    done <"$WORK/dates"
}

check_qr() {
    local case_name=$1
    rm -f "$WORK"/page-*.png
    pdftoppm -r 150 -png "$WORK/cases/$case_name.pdf" "$WORK/page" 2>/dev/null
    zbarimg --raw -q "$WORK"/page-*1.png 2>/dev/null >"$WORK/scanned" || true
    # zbarimg ends its output with one newline; the URL file has none.
    printf '%s\n' "$(cat "$WORK/cases/$case_name.url")" >"$WORK/wanted"
    check "$case_name: QR at 150 dpi decodes to the URL byte for byte" cmp -s "$WORK/scanned" "$WORK/wanted"
}

all_fonts_embedded() { # pdffonts lists a font, and the emb column of each says yes
    pdffonts "$1" 2>/dev/null | awk 'NR > 2 { fonts++; if ($(NF-4) != "yes") bad = 1 }
                                     END { exit bad || !fonts }'
}

check_file() {
    local case_name=$1 pdf="$WORK/cases/$1.pdf" bytes
    bytes=$(wc -c <"$pdf")
    check "$case_name: $bytes bytes, under $MAX_BYTES" test "$bytes" -lt "$MAX_BYTES"
    check "$case_name: every font embedded" all_fonts_embedded "$pdf"
    "$HARNESS" extract "$pdf" "$WORK/record" "$WORK/url"
    check "$case_name: extracted record is the attached record" cmp -s "$WORK/record" "$WORK/cases/$case_name.record"
    check "$case_name: extracted URL is the QR URL" cmp -s "$WORK/url" "$WORK/cases/$case_name.url"
}

for case_name in grade-0 grade-3 grade-4 grade-5 long qr-v20; do
    check_texts "$case_name"
    check_qr "$case_name"
    check_file "$case_name"
done
check "the longest URL case needs QR version 20 ($(wc -c <"$WORK/cases/qr-v20.url") bytes)" \
    grep -qx 20 "$WORK/cases/qr-v20.version"

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
}' >"$WORK/nested.pdf"
timeout 10 "$HARNESS" extract "$WORK/nested.pdf" "$WORK/record" "$WORK/url" 2>"$WORK/message"
check "nested objects are refused quickly: $(cat "$WORK/message")" grep -q "objects overlap" "$WORK/message"

# ---- refusals ----

refuses() { # refuses DESCRIPTION NAME EXPECTED_MESSAGE_PART
    rm -f "$WORK/refused.pdf"
    "$HARNESS" name "$2" "$WORK/refused.pdf" 2>"$WORK/message"
    local status=$?
    if [[ $status -eq 2 ]] && grep -qF -- "$3" "$WORK/message" && [[ ! -e $WORK/refused.pdf ]]; then
        pass "$1: $(cat "$WORK/message")"
    else
        failed "$1 (exit $status: $(cat "$WORK/message"))"
    fi
}

refuses "non-BMP character refused" "𠮷野家餐饮有限公司" "holder name: cannot print \"𠮷\" (U+20BB7)"
refuses "character no font has refused" "䶵源科技有限公司" "holder name: cannot print \"䶵\" (U+4DB5)"
refuses "invalid UTF-8 refused" "$(printf 'bad\377name')" "holder name: invalid UTF-8"
refuses "control character refused" "$(printf 'tab\tname')" "holder name: control character U+0009"

"$HARNESS" name "深圳市喆堃科技有限公司" "$WORK/fallback.pdf" 2>"$WORK/message"
check "a character only the fallback face has renders with it" \
    bash -c "pdffonts '$WORK/fallback.pdf' 2>/dev/null | grep -q UMing"
check "... and reads back from it" \
    bash -c "pdftotext -enc UTF-8 '$WORK/fallback.pdf' - 2>/dev/null | grep -qxF 深圳市喆堃科技有限公司"

# ---- templates ----

bad_template() { # bad_template DESCRIPTION SED_SCRIPT EXPECTED_MESSAGE_PART
    sed "$2" templates/default.json >"$WORK/bad.json"
    "$HARNESS" template "$WORK/bad.json" 2>"$WORK/message"
    local status=$?
    if [[ $status -eq 2 ]] && grep -qF -- "$3" "$WORK/message"; then
        pass "$1: $(cat "$WORK/message")"
    else
        failed "$1 (exit $status: $(cat "$WORK/message"))"
    fi
}

check "the default template loads" "$HARNESS" template templates/default.json
bad_template "unknown field refused" 's/"page": {/"page": {"colour": "#000000", /' 'unknown field "colour"'
bad_template "duplicate key refused" 's/"page": {/"page": {"width_mm": 100, /' 'duplicate'
bad_template "overlapping boxes refused" 's/"dates":      {"x": 204, "y": [0-9]*/"dates":      {"x": 204, "y": 100/' 'boxes_mm.emblem overlaps boxes_mm.dates'
bad_template "unknown placeholder refused" 's/{url}/{ulr}/' 'unknown placeholder "{ulr}"'
bad_template "bad colour refused" 's/"#8A1C1C"/"red"/' 'must be a colour'
bad_template "QR modules under 1.5 pt refused" 's/"min_module_pt": 1.5/"min_module_pt": 1.0/' 'qr.min_module_pt must be a number from 1.5'

# ---- images ----

# A seal: a translucent red disc with a white star, RGBA with 8 bits per
# channel (and a 16-bit copy, which libharu cannot embed), written by
# Python's zlib so that no image tool is needed.
python3 - "$WORK/seal.png" "$WORK/seal16.png" <<'PY'
import struct, sys, zlib
from math import cos, pi, sin

size = 300
star = [(150 + (80 if k % 2 == 0 else 32) * sin(k * pi / 5),
         150 - (80 if k % 2 == 0 else 32) * cos(k * pi / 5)) for k in range(10)]

def inside(x, y, polygon):
    hit = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit

def pixel(x, y):
    if (x - 150) ** 2 + (y - 150) ** 2 > 142 ** 2:
        return (0, 0, 0, 0)
    return (255, 255, 255, 255) if inside(x, y, star) else (200, 16, 46, 217)

rows = [[pixel(x + 0.5, y + 0.5) for x in range(size)] for y in range(size)]

def png(path, depth):
    packing = ">4B" if depth == 8 else ">4H"
    scale = 1 if depth == 8 else 257
    raw = b"".join(b"\0" + b"".join(struct.pack(packing, *(v * scale for v in p)) for p in row)
                   for row in rows)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, depth, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

png(sys.argv[1], 8)
png(sys.argv[2], 16)
PY
sed "s|\"images\": \[\]|\"images\": [{\"file\": \"$WORK/seal.png\", \"box_mm\": {\"x\": 150, \"y\": 150, \"width\": 34, \"height\": 34}}, {\"file\": \"$WORK/seal.png\", \"box_mm\": {\"x\": 30, \"y\": 20, \"width\": 22, \"height\": 22}}]|" \
    templates/default.json >"$WORK/sealed.json"
check "a template with a seal and a logo renders" \
    "$HARNESS" name "深圳市华信达电子科技有限公司" "$WORK/sealed.pdf" "$WORK/sealed.json"
bytes=$(wc -c <"$WORK/sealed.pdf" 2>/dev/null || echo 0)
check "with images: $bytes bytes, under $MAX_BYTES" test "$bytes" -gt 0 -a "$bytes" -lt "$MAX_BYTES"
check "with images: the QR still decodes" bash -c "pdftoppm -r 150 -png '$WORK/sealed.pdf' '$WORK/sealed' 2>/dev/null && zbarimg --raw -q '$WORK'/sealed-*1.png 2>/dev/null | grep -q '^https://verify.example-body.cn/verify?c='"
sed "s|$WORK/seal.png|$WORK/seal16.png|g" "$WORK/sealed.json" >"$WORK/sealed16.json"
"$HARNESS" template "$WORK/sealed16.json" 2>"$WORK/message"
check "a 16-bit PNG is refused: $(cat "$WORK/message")" grep -q "16 bits per channel" "$WORK/message"
sed 's|"x": 150, "y": 150|"x": 205, "y": 150|' "$WORK/sealed.json" >"$WORK/over_qr.json"
"$HARNESS" template "$WORK/over_qr.json" 2>"$WORK/message"
check "an image over the QR is refused: $(cat "$WORK/message")" grep -q "overlaps boxes_mm.qr" "$WORK/message"

# ---- the faster cmap ----

for font in /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf \
            /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf /usr/share/fonts/truetype/arphic/uming.ttc; do
    check "flattened cmap of $(basename "$font") maps all 65536 code points as libharu does" \
        "$HARNESS" cmap "$font" 0
done

if "$HARNESS" bench 20 >"$WORK/bench" 2>&1; then
    pass "rendering in memory: $(cat "$WORK/bench")"
else
    failed "bench: $(cat "$WORK/bench")"
fi

# ---- memory ----

# setup installs valgrind; without it (or with an AddressSanitizer build,
# which valgrind cannot run) these checks are skipped, and say so.
if ! command -v valgrind >/dev/null; then
    echo "# valgrind is not installed: the memory checks are skipped"
elif [[ $(ldd "$HARNESS" 2>/dev/null) == *libasan* ]]; then
    echo "# $HARNESS is built with AddressSanitizer, which checks memory instead of valgrind"
else
    grind() { valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 "$@"; }
    refused_cleanly() { grind "$@" 2>/dev/null; [[ $? -eq 2 ]]; }
    check "valgrind: rendering is clean" grind "$HARNESS" name "深圳市喆堃科技有限公司" "$WORK/grind.pdf"
    check "valgrind: refusing is clean" refused_cleanly "$HARNESS" name '𠮷' "$WORK/none.pdf"
    check "valgrind: rendering with images is clean" \
        grind "$HARNESS" name "深圳市华信达电子科技有限公司" "$WORK/grind2.pdf" "$WORK/sealed.json"
    check "valgrind: extracting is clean" grind "$HARNESS" extract "$WORK/cases/long.pdf" "$WORK/record" "$WORK/url"
    check "valgrind: a bad template is clean" refused_cleanly "$HARNESS" template "$WORK/bad.json"
fi
