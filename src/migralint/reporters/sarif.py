"""SARIF 2.1.0: one rule entry per rule that ran (help text and a help URI
into docs/rules.md), results with physical locations.

With ``--show-waived``, waived and baselined findings are results too, each
with a ``suppressions`` entry (SARIF 2.1.0 §3.35): kind ``inSource`` for an
inline waiver, ``external`` for a configuration waiver or a baseline,
status ``accepted``, and the waiver's reason, approver and expiry as the
justification. Code-scanning tools then show them as dismissed, not gone."""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from migralint import __version__
from migralint.finding import Finding
from migralint.reporters import Report, help_uri, safe
from migralint.textutil import escape

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule) -> dict:  # type: ignore[no-untyped-def]
    summary = escape(rule.summary)
    rationale = escape(" ".join(rule.rationale.split()))
    text = f"{summary}\n\n{rationale}\n\nSource: {escape(rule.source)}"
    return {
        "id": escape(rule.code),
        "name": escape(rule.name),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale},
        "help": {"text": text, "markdown": text + f"\n\n[Rule reference]({help_uri(rule)})"},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [escape(rule.family_title or rule.family)]},
    }


def _uri(path: str) -> str:
    """A URI reference (RFC 3986): spaces, `%` and controls in file names are escaped."""
    return quote(PurePath(path).as_posix(), safe="/", errors="surrogateescape")


def _result(finding: Finding, index: dict[str, int]) -> dict:
    finding = safe(finding)
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
    return result


def _waived(item, index: dict[str, int]) -> dict:  # type: ignore[no-untyped-def]
    waiver = item.waiver
    result = _result(item.finding, index)
    inline = waiver.at is None  # a comment in the plan; else an entry of a configuration
    justification = f"{waiver.describe()} (waiver at {waiver.source}:{waiver.line})"
    result["suppressions"] = [
        {
            "kind": "inSource" if inline else "external",
            "status": "accepted",
            "justification": escape(justification),
        }
    ]
    return result


def _baselined(finding: Finding, index: dict[str, int]) -> dict:
    result = _result(finding, index)
    result["suppressions"] = [
        {"kind": "external", "status": "accepted", "justification": "in the baseline"}
    ]
    return result


def render(report: Report) -> str:
    rules = list(report.rules)
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = [_result(finding, index) for finding in report.findings]
    if report.show_waived:
        results += [_waived(item, index) for item in report.waived]
        results += [_baselined(finding, index) for finding in report.baselined]
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
