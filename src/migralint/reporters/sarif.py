"""SARIF 2.1.0: one rule entry per rule that ran (help text, and for a
bundled rule a help URI into docs/rules.md), results with physical
locations. A file inside the source root (the CI workspace, else the
repository, else the working folder) is named relative to ``%SRCROOT%``,
which ``originalUriBaseIds`` defines; one outside it by a ``file://`` URI.
The ``migralint/v1`` partial fingerprint is the finding's content hash with
the file's path, so two identical plans do not share fingerprints.

With ``--show-waived``, waived and baselined findings are results too, each
with a ``suppressions`` entry (SARIF 2.1.0 §3.35): kind ``inSource`` for an
inline waiver, ``external`` for a configuration waiver or a baseline,
status ``accepted``, and the waiver's reason, approver and expiry as the
justification. Code-scanning tools then show them as dismissed, not gone."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePath
from urllib.parse import quote

from migralint import __version__
from migralint.finding import Finding
from migralint.i18n.translator import ENGLISH, Translator
from migralint.reporters import Report, help_uri, root_relative, safe, source_root
from migralint.textutil import escape

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule, tr: Translator = ENGLISH) -> dict:  # type: ignore[no-untyped-def]
    summary = escape(tr.rule(rule.code, rule.summary))
    rationale = escape(" ".join(tr.rule(rule.code, rule.rationale).split()))
    source = tr("Source: {source}", source=escape(tr.rule(rule.code, rule.source)))
    text = f"{summary}\n\n{rationale}\n\n{source}"
    uri = help_uri(rule)
    reference = f"\n\n[{tr('Rule reference')}]({uri})" if uri else ""
    entry = {
        "id": escape(rule.code),
        "name": escape(rule.name),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale},
        "help": {"text": text, "markdown": text + reference},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [escape(rule.family_title or rule.family)]},
    }
    if uri:
        entry["helpUri"] = uri
    return entry


def _uri(path: str) -> str:
    """A URI reference (RFC 3986): spaces, `%` and controls in file names are escaped."""
    return quote(PurePath(path).as_posix(), safe="/", errors="surrogateescape")


ROOT_ID = "%SRCROOT%"


def _location(path: str, root: str) -> dict:
    relative = root_relative(path, root)
    if relative is not None:
        return {"uri": _uri(relative), "uriBaseId": ROOT_ID}
    return {"uri": Path(os.path.abspath(path)).as_uri()}


def _result(finding: Finding, index: dict[str, int], root: str) -> dict:
    finding = safe(finding)
    where = _location(finding.path, root)
    basis = f"{where['uri']}\0{finding.fingerprint or finding.code}"
    result = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": where,
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "partialFingerprints": {
            "migralint/v1": hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]
        },
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    return result


def _waived(item, index: dict[str, int], root: str) -> dict:  # type: ignore[no-untyped-def]
    waiver = item.waiver
    result = _result(item.finding, index, root)
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


def _baselined(finding: Finding, index: dict[str, int], root: str) -> dict:
    result = _result(finding, index, root)
    result["suppressions"] = [
        {"kind": "external", "status": "accepted", "justification": "in the baseline"}
    ]
    return result


def render(report: Report) -> str:
    rules = list(report.rules)
    index = {rule.code: i for i, rule in enumerate(rules)}
    root = source_root()
    results = [_result(finding, index, root) for finding in report.findings]
    if report.show_waived:
        results += [_waived(item, index, root) for item in report.waived]
        results += [_baselined(finding, index, root) for finding in report.baselined]
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
                        "rules": [_rule(rule, report.tr) for rule in rules],
                    }
                },
                # The language of the messages (BCP 47), when not SARIF's default English.
                **({} if report.tr.english else {"language": report.tr.tag}),
                "originalUriBaseIds": {ROOT_ID: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
