#!/usr/bin/env python3
"""Validate findings.asff.json against Security Hub's own API model (botocore's service model of
BatchImportFindings: required members, types, lengths), in batches of 100 as the API takes them.
Usage: asff.py FILE  ->  prints {"count": N, "batches": B, "reports": [...]}
"""
import json
import sys

import botocore.session
from botocore.validate import ParamValidator

shape = (
    botocore.session.get_session()
    .get_service_model("securityhub")
    .operation_model("BatchImportFindings")
    .input_shape
)
findings = json.load(open(sys.argv[1], encoding="utf-8"))
reports = []
batches = 0
for i in range(0, len(findings), 100):
    batches += 1
    report = ParamValidator().validate({"Findings": findings[i : i + 100]}, shape)
    if report.has_errors():
        reports.append(report.generate_report()[:2000])
json.dump({"count": len(findings), "batches": batches, "reports": reports}, sys.stdout)
