#!/usr/bin/python3
"""Checks a report of March 2025 made by tests/cli/report.sh, cell by cell.

    report_check.py workbook FILE.xlsx [--english] [--all]
    report_check.py csv FILE.csv [--english] [--all] [--changes]

The workbook is read with openpyxl (Debian's python3-openpyxl: run it with
/usr/bin/python3), an implementation independent of the one that wrote it.
The expected rows are the scenario's, written out here from the rules of
docs/regulator-report.md; the holders come from the assessments and the
scores from the registry. Environment: WORK (the scratch folder) and A..I,
the certificate numbers. Prints "ok - ..." or "not ok - ..." per check.
"""
import csv
import datetime
import io
import json
import os
import sqlite3
import sys

import openpyxl

mode, path = sys.argv[1], sys.argv[2]
english, everything, changes_only = (flag in sys.argv[3:] for flag in ("--english", "--all", "--changes"))
work = os.environ["WORK"]
N = {letter: os.environ[letter] for letter in "ABCDEFGHI"}

CERTIFICATE_HEADERS = [
    ("认证机构批准号", "Approval number of the certification body"),
    ("认证机构名称", "Certification body"), ("证书编号", "Certificate number"),
    ("获证组织名称", "Certified organization"), ("统一社会信用代码", "Unified social credit code"),
    ("获证组织地址", "Address of the certified organization"),
    ("认证项目", "Certification programme"), ("认证依据", "Standard"), ("认证范围", "Scope"),
    ("认证等级", "Grade"), ("得分", "Score"), ("发证日期", "Issue date"), ("有效期至", "Valid until"),
    ("证书状态", "Status"), ("状态变更日期", "Status changed on"),
    ("状态变更原因", "Reason for the status change"), ("下次监督审核日期", "Next surveillance due"),
    ("换发的证书编号", "Superseded by certificate")]
CHANGE_HEADERS = [("证书编号", "Certificate number"), ("变更日期", "Date"),
                  ("变更前状态", "Status before"), ("变更后状态", "Status after"),
                  ("原因代码", "Reason code"), ("变更原因", "Reason")]
GRADES = {"compliant": "达标级", "three_star": "三星级", "four_star": "四星级", "five_star": "五星级"}
EXPIRED = "有效期届满：validity period ended"
ASSESSMENTS = {"A": "a.json", "B": "b.json", "C": "c.json", "D": "d.json", "E": "regrade.json",
               "F": "f.json", "G": "g.json", "H": "h.json", "I": "i.json"}
# letter: issued, valid until, status at the end of March, changed on, reason, next due, superseded by
STANDINGS = {
    "F": ("2022-03-10", "2025-03-09", "过期", "2025-03-10", EXPIRED, None, None),
    "G": ("2022-03-25", "2025-03-24", "过期", "2025-03-25", EXPIRED, None, None),
    "D": ("2024-03-20", "2027-03-19", "注销", "2025-03-18",
          f"已换发新证书：superseded by {N['E']} (grade four_star)", None, N["E"]),
    "H": ("2024-04-10", "2027-04-09", "有效", None, None, "2026-03-25", None),
    "C": ("2024-05-10", "2027-05-09", "注销", "2025-03-05", "获证组织申请：获证组织申请注销", None, None),
    "B": ("2024-06-01", "2027-05-31", "撤销", "2025-03-15", "违规使用认证证书或标志：冒用认证标志",
          None, None),
    "I": ("2024-08-01", "2027-07-31", "有效", None, None, "2025-08-01", None),
    "A": ("2025-03-03", "2028-03-02", "有效", "2025-03-20", "整改完成，恢复有效：整改完成，复查通过",
          "2026-03-03", None),
    "E": ("2025-03-18", "2028-03-17", "有效", None, None, "2026-03-18", None),
}
CHANGES = [
    ("C", "2025-03-05", "有效", "注销", "holder_request", "获证组织申请：获证组织申请注销"),
    ("F", "2025-03-10", "有效", "过期", "validity_ended", EXPIRED),
    ("A", "2025-03-10", "有效", "暂停", "nonconformity", "不再符合认证要求：维修记录不完整"),
    ("B", "2025-03-15", "暂停", "撤销", "misuse_of_mark", "违规使用认证证书或标志：冒用认证标志"),
    ("D", "2025-03-18", "有效", "注销", "superseded", f"已换发新证书：superseded by {N['E']} (grade four_star)"),
    ("A", "2025-03-20", "暂停", "有效", "corrected", "整改完成，恢复有效：整改完成，复查通过"),
    ("G", "2025-03-25", "有效", "过期", "validity_ended", EXPIRED),
]


def ok(condition, what):
    print(f"{'ok' if condition else 'not ok'} - {os.path.basename(path)}: {what}")


def typed(value, kind):
    return (None, "empty") if value is None else (value, kind)


def certificate_row(letter):
    with open(os.path.join(work, ASSESSMENTS[letter]), encoding="utf-8") as f:
        assessment = json.load(f)
    holder = assessment["holder"]
    db = sqlite3.connect(os.path.join(work, "reg.db"))
    score, grade = db.execute("SELECT score, grade FROM certificates WHERE number = ?",
                              (N[letter],)).fetchone()
    issued, expires, status, since, reason, due, successor = STANDINGS[letter]
    return [("CNCA-R-2002-001", "text"), ("示范认证中心", "text"), (N[letter], "text"),
            (holder["name"], "text"), (holder["uscc"], "text"), (holder["address"], "text"),
            ("商品售后服务认证", "text"), ("GB/T 27922-2011", "text"), (assessment["scope"], "text"),
            (GRADES[grade], "text"), (score / 10, "score"), (issued, "date"), (expires, "date"),
            (status, "text"), typed(since, "date"), typed(reason, "text"), typed(due, "date"),
            typed(successor, "text")]


def expected_rows():
    if changes_only:
        return [[(N[letter], "text"), (day, "date"), (before, "text"), (after, "text"),
                 (code, "text"), (reason, "text")]
                for letter, day, before, after, code, reason in CHANGES]
    letters = [letter for letter in STANDINGS if everything or letter != "I"]
    return [certificate_row(letter) for letter in sorted(letters, key=lambda letter: N[letter])]


def header_rows(headers):
    return [[zh for zh, _ in headers]] + ([[en for _, en in headers]] if english else [])


def cell_matches(cell, value, kind):
    if kind == "empty":
        return cell.value is None
    if kind == "date":
        return cell.is_date and cell.number_format == "yyyy-mm-dd" \
            and cell.value == datetime.datetime.strptime(value, "%Y-%m-%d")
    if kind == "score":
        return cell.data_type == "n" and cell.number_format == "0.0" and cell.value == value
    return cell.data_type == "s" and cell.number_format == "@" and cell.value == value


def display_width(text):
    return sum(2 if ord(character) >= 0x2E80 else 1 for character in text)


def check_sheet(sheet, headers, rows):
    top = 2 if english else 1
    ok(sheet.freeze_panes == f"A{top + 1}", f"{sheet.title}: the header row is frozen ({sheet.freeze_panes})")
    got = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=top)]
    ok(got == header_rows(headers), f"{sheet.title}: the headers, in order")
    ok(all(cell.font.b for row in sheet.iter_rows(max_row=top) for cell in row),
       f"{sheet.title}: the header is bold")
    data = list(sheet.iter_rows(min_row=top + 1))
    ok(len(data) == len(rows) and sheet.max_column == len(headers),
       f"{sheet.title}: {len(rows)} rows of {len(headers)} columns ({len(data)} x {sheet.max_column})")
    wrong = [f"row {r + 1} {headers[c][0]}: {cell.value!r} ({cell.data_type}, {cell.number_format}),"
             f" wanted {value!r} as {kind}"
             for r, (cells, row) in enumerate(zip(data, rows))
             for c, (cell, (value, kind)) in enumerate(zip(cells, row))
             if not cell_matches(cell, value, kind) or cell.font.b]
    ok(not wrong, f"{sheet.title}: every cell's value, type and format; " + "; ".join(wrong[:3]))
    narrow = [f"{letter}: {sheet.column_dimensions[letter].width} < {need}"
              for letter, need in needed_widths(sheet, top)
              if sheet.column_dimensions[letter].width < need]
    ok(not narrow, f"{sheet.title}: every column as wide as its text, a Chinese character as two; "
       + "; ".join(narrow[:3]))
    return data


def needed_widths(sheet, top):
    for column in sheet.iter_cols():
        texts = [cell.value if isinstance(cell.value, str)
                 else f"{cell.value:.1f}" if isinstance(cell.value, (int, float)) else "2025-03-31"
                 for cell in column if cell.value is not None]
        yield column[0].column_letter, max(display_width(text) for text in texts)


def check_workbook():
    book = openpyxl.load_workbook(path)
    ok(book.sheetnames == ["证书信息表", "证书状态变更表"], f"the sheets are 证书信息表 and 证书状态变更表 ({book.sheetnames})")
    rows = check_sheet(book["证书信息表"], CERTIFICATE_HEADERS, expected_rows())
    by_number = {row[2].value: row for row in rows}
    code = by_number[N["C"]][4]
    ok(code.value == "913101151234567012" and code.data_type == "s",
       f"a credit code of 18 digits stays text ({code.value!r}, {code.data_type})")
    number = by_number[N["A"]][2]
    ok(number.value == N["A"] and number.data_type == "s", f"{N['A']} stays text")
    name = by_number[N["H"]][3]
    ok(name.data_type == "s" and name.value.startswith("=HYPERLINK"),
       f"a holder name like a formula is text, not a formula ({name.data_type})")
    global changes_only
    changes_only = True
    check_sheet(book["证书状态变更表"], CHANGE_HEADERS, expected_rows())
    ok(book.properties.created == datetime.datetime(2025, 3, 31, 15, 59, 59),
       f"created at the end of the month, not now ({book.properties.created})")


def csv_text(value, kind):
    if kind == "empty":
        return ""
    if kind == "score":
        return f"{value:.1f}"
    return "'" + value if kind == "text" and value[:1] in ("=", "+", "-", "@") else value


def check_csv():
    with open(path, "rb") as f:
        raw = f.read()
    ok(raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark")
    ok(raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
    headers = CHANGE_HEADERS if changes_only else CERTIFICATE_HEADERS
    top = 2 if english else 1
    ok(rows[:top] == header_rows(headers), "the headers, in order")
    want = [[csv_text(value, kind) for value, kind in row] for row in expected_rows()]
    wrong = [f"row {r + 1}: {got} wanted {row}" for r, (got, row) in enumerate(zip(rows[top:], want))
             if got != row]
    ok(len(rows) - top == len(want) and not wrong,
       f"{len(want)} rows, every field as the workbook has it; " + "; ".join(wrong[:2]))
    if not changes_only:
        name = [row[3] for row in rows if row[2] == N["H"]]
        ok(name and name[0].startswith("'=HYPERLINK"), "a name like a formula starts with an apostrophe")


check_workbook() if mode == "workbook" else check_csv()
