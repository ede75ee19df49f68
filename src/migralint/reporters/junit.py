"""JUnit XML (the strict Ant schema): one test suite per plan file, one
test case per plan file and rule, failures carrying the findings at or
above the fail level (``--fail-on``). A finding below it is not a failure
(the job passes, so the report must not show red): its test case passes,
and the finding is listed in the suite's ``system-out`` (the strict schema
gives test cases no output of their own)."""

from __future__ import annotations

import datetime as dt
import re
import socket
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass

from migralint.reporters import Report, safe
from migralint.reporters.text import line
from migralint.textutil import escape

# Characters XML 1.0 cannot hold, even escaped (control characters a YAML
# escape can put into a plan's values, and so into messages).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Escaped as in every format (controls and bidi), then what XML 1.0 cannot hold."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", escape(text))


@dataclass(frozen=True)
class Case:
    """One test case: its name, its class (a file), and its failure if any
    (type, message, text)."""

    name: str
    classname: str
    failure: tuple[str, str, str] | None = None


def render_suites(
    suites: list[tuple[str, list[Case]]], outputs: dict[str, str] | None = None
) -> str:
    """JUnit XML of named suites of cases (the strict Ant schema): what
    `check` and `test` both write. Every text is escaped here."""
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat()
    host = socket.gethostname() or "localhost"
    # The strict Ant schema allows no attribute on <testsuites>: the counts
    # live on each <testsuite>.
    root = ET.Element("testsuites")
    for number, (suite_name, cases) in enumerate(suites):
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_xml_text(suite_name),
            package="migralint",
            id=str(number),
            timestamp=stamp,
            hostname=host,
            tests=str(len(cases)),
            failures=str(sum(1 for c in cases if c.failure)),
            errors="0",
            time="0",
        )
        ET.SubElement(suite, "properties")
        for item in cases:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_xml_text(item.name),
                classname=_xml_text(item.classname),
                time="0",
            )
            if item.failure:
                kind, message, text = item.failure
                failure = ET.SubElement(
                    case, "failure", type=_xml_text(kind), message=_xml_text(message)
                )
                failure.text = _xml_text(text)
        out = ET.SubElement(suite, "system-out")
        if outputs and outputs.get(suite_name):
            out.text = "\n".join(_xml_text(line) for line in outputs[suite_name].split("\n"))
        ET.SubElement(suite, "system-err")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render(report: Report) -> str:
    by_file: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for finding in map(safe, report.findings):
        by_file[finding.path][finding.code].append(finding)
    files = [escape(p) for p in report.files]
    files += sorted(set(by_file) - set(files))
    rules = list(report.rules)
    names = {r.code: r.name for r in rules}
    from migralint.finding import SEVERITY_RANK

    suites = []
    outputs: dict[str, str] = {}
    for path in files:
        found = by_file.get(path, {})
        codes = [r.code for r in rules] + sorted(set(found) - {r.code for r in rules})
        level = SEVERITY_RANK[report.fail_levels.get(path, "error")]
        cases = []
        below: list[str] = []
        for code in codes:
            every = found.get(code, [])
            items = [f for f in every if SEVERITY_RANK[f.severity] >= level]
            below += [line(f) for f in every if SEVERITY_RANK[f.severity] < level]
            failure = None
            if items:
                failure = (
                    items[0].severity,
                    f"{len(items)} finding(s): {items[0].message}",
                    "\n".join(line(f) for f in items),
                )
            name = names.get(code) or found[code][0].name
            cases.append(Case(f"{code} {name}", path, failure))
        suites.append((path, cases))
        if below:
            outputs[path] = "below the fail level (not failures):\n" + "\n".join(below)
    return render_suites(suites, outputs)
