#!/usr/bin/env python3
"""Writes a changed copy of a JSON file: mutate.py IN OUT 'PYTHON-STATEMENT'.

The statement changes the parsed document `d`, e.g. "d['scores']['repair'] = 7.5".
Used by the shell tests to make one malformed assessment per refusal.
"""
import json
import sys

source, target, statement = sys.argv[1:4]
with open(source, encoding="utf-8") as f:
    d = json.load(f)
exec(statement)
with open(target, "w", encoding="utf-8") as f:
    json.dump(d, f, ensure_ascii=False, indent=2)
