#!/usr/bin/env python3
"""Validate findings.ocsf.json with an independent implementation of the OCSF schema.

The `ocsf-json-schema` package (PyPI) bundles the OCSF releases and generates a JSON Schema
(draft 2020-12) for a class with its profiles; `jsonschema` validates each event with it.
Usage: ocsf.py FILE VERSION CLASS PROFILE[,PROFILE]  ->  prints {"count": N, "invalid": [...]}
"""
import json
import sys

from jsonschema import Draft202012Validator
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

path, version, class_name, profiles = sys.argv[1:5]
schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version=version)).get_class_schema(
    class_name=class_name, profiles=[p for p in profiles.split(",") if p]
)
validator = Draft202012Validator(schema)
events = json.load(open(path, encoding="utf-8"))
invalid = []
for i, event in enumerate(events):
    errors = [f"{list(e.path)}: {e.message[:300]}" for e in validator.iter_errors(event)]
    if errors:
        invalid.append({"index": i, "errors": errors[:5]})
json.dump({"count": len(events), "invalid": invalid[:20]}, sys.stdout)
