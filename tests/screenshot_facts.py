"""screenshot_facts.py PNG [DOM SELECTOR]: what tests/cli/browser.sh checks
in a Chromium screenshot, read with the standard library alone (no image
package is installed for the tests). Prints the PNG's size as WIDTHxHEIGHT
and, given a DOM (the page as Chromium dumped it) and a SELECTOR, the
background colour the page's own <style> gives SELECTOR and the share of
the screenshot's pixels in exactly that colour:  360x740 #0a6b2c 0.148
Exits 1 when the PNG cannot be read or the stylesheet has no such rule."""
import re
import struct
import sys
import zlib


def png_rows(path):
    """(width, height, rows of RGB bytes) of an 8-bit, non-interlaced RGB(A) PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    at, chunks = 8, {}
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.setdefault(kind, []).append(data[at + 8:at + 8 + length])
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0])
    if depth != 8 or colour not in (2, 6) or interlace:
        sys.exit(f"{path}: depth {depth}, colour type {colour}, interlace {interlace}: not read here")
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    stride = width * step
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        unfilter(kind, row, previous, step)
        rows.append(b"".join(row[x:x + 3] for x in range(0, stride, step)))
        previous = row
    return width, height, rows


def unfilter(kind, row, previous, step):
    """Undoes one row's PNG filter (None, Sub, Up, Average, Paeth) in place."""
    if kind == 0:
        return
    for i in range(len(row)):
        left = row[i - step] if i >= step else 0
        up = previous[i]
        if kind == 1:
            row[i] = (row[i] + left) & 255
        elif kind == 2:
            row[i] = (row[i] + up) & 255
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 255
        elif kind == 4:
            corner = previous[i - step] if i >= step else 0
            guess = left + up - corner
            near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up),
                       (abs(guess - corner), 2, corner))
            row[i] = (row[i] + near[2]) & 255


def background(dom_path, selector):
    """The #rrggbb background the page's <style> gives SELECTOR, or None."""
    dom = open(dom_path, encoding="utf-8").read()
    style = re.search(r"<style>(.*?)</style>", dom, re.S)
    rule = style and re.search(re.escape(selector) + r"(?=[,{])[^{]*\{[^}]*background:#([0-9a-fA-F]{6})",
                               style.group(1))
    return rule and rule.group(1).lower()


width, height, rows = png_rows(sys.argv[1])
if len(sys.argv) < 4:
    print(f"{width}x{height}")
    sys.exit(0)
colour = background(sys.argv[2], sys.argv[3])
if not colour:
    sys.exit(f"{sys.argv[2]}: no background for {sys.argv[3]} in its stylesheet")
pixel = bytes.fromhex(colour)
count = sum(sum(1 for x in range(0, len(row), 3) if row[x:x + 3] == pixel) for row in rows)
print(f"{width}x{height} #{colour} {count / (width * height):.3f}")
