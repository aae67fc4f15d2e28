# Progress lines: `issuer render --all` and `issuer publish` draw one on
# standard error when it is a terminal (script(1) gives them a pseudo-
# terminal here), redrawn in place, with the count done of the total and a
# rate; without a terminal they print nothing more than before.
source "$(dirname "$0")/../lib.sh"
make_body
python3 "$ROOT/tests/make-assessments.py" "$DATA/five-star.json" 12 batch
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
    batch/*.json >/dev/null
# A pending conclusion is not rendered, and not counted.
"$ISSUER" issue --db reg.db --key auditor.key --date 2026-11-25 "$DATA/four-star.json" >/dev/null
mkdir pdf-terminal pdf-plain

# on_terminal COMMAND: runs it with a terminal as standard error (stdout
# is redirected inside, to terminal.out); what the terminal showed goes to
# terminal.txt, and the status is the command's.
on_terminal() {
    script -qec "$* >'$WORK/terminal.out'" /dev/null >"$WORK/terminal.txt"
}

expect_status 0 "render --all on a terminal" on_terminal "$ISSUER" render --db reg.db --all --out-dir pdf-terminal
check "draws a progress line" grep -q 'rendering: 0/12 certificates' terminal.txt
check "redrawn in place (carriage return, erase line)" grep -q $'\r\e\[Krendering: ' terminal.txt
check "ending at 12/12 with a rate" grep -Eq 'rendering: 12/12 certificates, [0-9]+/s' terminal.txt
check "and a newline" bash -c "tail -c 2 terminal.txt | od -c | grep -q '\\\\n'"
check "standard output is only the summary" grep -qx "12 certificates rendered to pdf-terminal" terminal.out
expect_status 0 "render --all without a terminal" "$ISSUER" render --db reg.db --all --out-dir pdf-plain
expect_message "^issuer: 12 of them with no log proof embedded: the published log does not hold their records yet; publish, then render again$" \
    "prints no progress line, only the note that nothing was published to prove yet"
check "and the same summary" grep -qx "12 certificates rendered to pdf-plain" "$WORK/last.out"

expect_status 0 "publish on a terminal" on_terminal "$ISSUER" publish --db reg.db --key head.key --out pub
check "draws a progress line" grep -Eq 'publishing: 12/12 certificates, [0-9]+/s' terminal.txt
check "standard output is only the summary" grep -q "^published serial 1 to pub (full): 12 certificates" terminal.out
expect_status 0 "a full publish without a terminal" "$ISSUER" publish --db reg.db --key head.key --out pub --full
check "prints no progress line" test ! -s "$WORK/last.err"
check "and the summary" grep -q "^published serial 2 to pub (full): 12 certificates" "$WORK/last.out"
expect_status 2 "a failing render on a terminal" on_terminal "$ISSUER" render --db reg.db --all --out-dir missing-folder
check "ends its progress line before the error" grep -q '^issuer: ' terminal.txt
