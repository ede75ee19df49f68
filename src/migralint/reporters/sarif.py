"""SARIF 2.1.0: one rule entry per rule that ran (help text and a help URI
into docs/rules.md), results with physical locations."""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from migralint import __version__
from migralint.reporters import Report, help_uri

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule) -> dict:  # type: ignore[no-untyped-def]
    text = f"{rule.summary}\n\n{' '.join(rule.rationale.split())}\n\nSource: {rule.source}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.rationale.split())},
        "help": {"text": text, "markdown": text + f"\n\n[Rule reference]({help_uri(rule)})"},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [rule.family_title or rule.family]},
    }


def _uri(path: str) -> str:
    """A URI reference (RFC 3986): spaces and `%` in file names are escaped."""
    return quote(PurePath(path).as_posix(), safe="/")


def render(report: Report) -> str:
    rules = list(report.rules)
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for finding in report.findings:
        result = {
            "ruleId": finding.code,
            "level": _LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(finding.path)},
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    }
                }
            ],
            "partialFingerprints": {"migralint/v1": finding.fingerprint or finding.code},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "migralint",
                        "version": __version__,
                        "informationUri": "https://github.com/migralint/migralint",
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
