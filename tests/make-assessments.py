#!/usr/bin/env python3
"""make-assessments.py TEMPLATE COUNT DIR [AUDIT_END_DATE]: COUNT assessments
for distinct holders, each with a valid credit code, for the benchmarks."""
import json
import os
import sys

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(first17):
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + ALPHABET[(31 - total % 31) % 31]


template_path, count, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
template = json.load(open(template_path, encoding="utf-8"))
if len(sys.argv) > 4:
    template["audit"]["end_date"] = sys.argv[4]
os.makedirs(directory, exist_ok=True)
for i in range(count):
    template["holder"]["name"] = "基准测试企业%06d有限公司" % i
    template["holder"]["uscc"] = credit_code("91510100%09d" % i)
    with open(os.path.join(directory, "%06d.json" % i), "w", encoding="utf-8") as f:
        json.dump(template, f, ensure_ascii=False)
