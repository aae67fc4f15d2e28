#!/usr/bin/env python3
"""Changes a certificate PDF the way a forger or another tool would, for tests/cli/pdf.sh
and tests/cli/tlog.sh.

  pdf_edit.py record IN OUT RECORD.json  replace the embedded record (incremental update)
  pdf_edit.py url IN OUT URL             point the QR link at URL (incremental update)
  pdf_edit.py proof IN OUT PROOF         replace the embedded log proof (incremental update)
  pdf_edit.py remove IN OUT              remove the attachment: drop the EmbeddedFiles tree
                                         and free its objects (incremental update)
  pdf_edit.py flip IN OUT                change one character inside the record's payload
                                         in place (same length, still base64url)
  pdf_edit.py unsign IN OUT              free the seal's signature dictionary (incremental
                                         update): the newest revision has no signature
  pdf_edit.py producer IN OUT            change one letter of the /Producer in place: a
                                         byte the record does not cover but a seal does

An incremental update appends new definitions of the changed objects, a
cross-reference section for them and a trailer whose /Prev points at the
original one, as PDF editors and signing tools do; everything before it
stays byte for byte. Only the layout starmark's renderer writes (classic
cross-reference table, plain record stream) is understood.
"""
import re
import sys


def objects(pdf):
    """Object number -> (start, end) of every 'N 0 obj ... endobj', streams skipped by /Length."""
    found = {}
    for m in re.finditer(rb"(?m)^(\d+) 0 obj\b", pdf):
        found[int(m.group(1))] = m.start()
    spans = {}
    for number, start in found.items():
        end = pdf.index(b"endobj", start)
        stream = pdf.find(b"stream\r\n", start, end)
        if stream != -1:
            end = pdf.index(b"endobj", pdf.index(b"endstream", stream))
        spans[number] = (start, end + len(b"endobj"))
    return spans


def find_object(pdf, marker):
    for number, (start, end) in objects(pdf).items():
        head = pdf[start:min(end, start + 400)]
        if marker in head:
            return number, pdf[start:end]
    sys.exit("pdf_edit: no object with %r" % marker)


def trailer(pdf):
    at = pdf.rindex(b"trailer")
    text = pdf[at:].decode("latin-1")
    startxref = int(re.search(r"startxref\s+(\d+)", text).group(1))
    size = int(re.search(r"/Size (\d+)", text).group(1))
    root = re.search(r"/Root (\d+ \d+ R)", text).group(1)
    info = re.search(r"/Info (\d+ \d+ R)", text)
    return startxref, size, root, info.group(1) if info else None


def update(pdf, replaced, freed=()):
    """Appends new definitions {number: bytes of 'N 0 obj ... endobj'} and
    marks the objects in freed as deleted."""
    startxref, size, root, info = trailer(pdf)
    out = bytearray(pdf)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for number in sorted(replaced):
        offsets[number] = len(out)
        out += replaced[number] + b"\n"
    xref = len(out)
    out += b"xref\n"
    entries = {number: b"%010d 00000 n\r\n" % at for number, at in offsets.items()}
    entries.update({number: b"0000000000 00001 f\r\n" for number in freed})
    for number in sorted(entries):
        out += b"%d 1\n" % number + entries[number]
    out += b"trailer\n<<\n/Root %s\n" % root.encode()
    if info:
        out += b"/Info %s\n" % info.encode()
    out += b"/Size %d\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (size, startxref, xref)
    return bytes(out)


def embedded_file(number, subtype, data):
    """Object number as an uncompressed embedded file of that media type."""
    return (b"%d 0 obj\n<<\n/Length %d\n/Type /EmbeddedFile\n/Subtype %s\n"
            b"/Params <<\n/Size %d\n>>\n>>\nstream\r\n" % (number, len(data), subtype, len(data))
            + data + b"\r\nendstream\nendobj")


def replace_record(pdf, record):
    number, _ = find_object(pdf, b"/Type /EmbeddedFile")
    return update(pdf, {number: embedded_file(number, b"/application#2Fjose+json", record)})


def replace_proof(pdf, proof):
    number, _ = find_object(pdf, b"/Subtype /text#2Fx.tlog-proof")
    return update(pdf, {number: embedded_file(number, b"/text#2Fx.tlog-proof", proof)})


def replace_url(pdf, url):
    number, text = find_object(pdf, b"/Subtype /Link")
    if b"starmark-verify" not in text:
        sys.exit("pdf_edit: the first link is not the verification link")
    escaped = url.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    changed = re.sub(rb"/URI \((?:\\.|[^\\)])*\)", lambda _: b"/URI (" + escaped + b")", text)
    return update(pdf, {number: changed})


def remove(pdf):
    number, text = find_object(pdf, b"/EmbeddedFiles")
    changed = re.sub(rb"/EmbeddedFiles \d+ 0 R\s*", b"", text)
    stream, _ = find_object(pdf, b"/Type /EmbeddedFile\n")
    spec, _ = find_object(pdf, b"/Type /Filespec")
    return update(pdf, {number: changed}, (stream, spec))


def unsign(pdf):
    number, _ = find_object(pdf, b"/Type/Sig")
    return update(pdf, {}, (number,))


def producer(pdf):
    at = pdf.index(b"/Producer (Haru") + len(b"/Producer (")
    return pdf[:at] + b"J" + pdf[at + 1:]


def flip(pdf):
    number, text = find_object(pdf, b"/Type /EmbeddedFile")
    start = pdf.index(text)
    key = pdf.index(b'"payload"', start)
    value = pdf.index(b'"', key + len(b'"payload"') + 1) + 1
    at = value + 40  # inside the payload's base64url text
    old = pdf[at:at + 1]
    new = b"B" if old != b"B" else b"C"
    return pdf[:at] + new + pdf[at + 1:]


def main():
    command, source, target = sys.argv[1:4]
    with open(source, "rb") as f:
        pdf = f.read()
    if command == "record":
        with open(sys.argv[4], "rb") as f:
            pdf = replace_record(pdf, f.read())
    elif command == "proof":
        with open(sys.argv[4], "rb") as f:
            pdf = replace_proof(pdf, f.read())
    elif command == "url":
        pdf = replace_url(pdf, sys.argv[4].encode())
    elif command == "remove":
        pdf = remove(pdf)
    elif command == "flip":
        pdf = flip(pdf)
    elif command == "unsign":
        pdf = unsign(pdf)
    elif command == "producer":
        pdf = producer(pdf)
    else:
        sys.exit("pdf_edit: unknown command " + command)
    with open(target, "wb") as f:
        f.write(pdf)


if __name__ == "__main__":
    main()
