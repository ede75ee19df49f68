"""JUnit XML (the strict Ant schema): one test suite per plan file, one
test case per plan file and rule, failures carrying the findings."""

from __future__ import annotations

import datetime as dt
import re
import socket
import xml.etree.ElementTree as ET
from collections import defaultdict

from migralint.reporters import Report, safe
from migralint.reporters.text import line
from migralint.textutil import escape

# Characters XML 1.0 cannot hold, even escaped (control characters a YAML
# escape can put into a plan's values, and so into messages).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Escaped as in every format (controls and bidi), then what XML 1.0 cannot hold."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", escape(text))


def render(report: Report) -> str:
    by_file: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for finding in map(safe, report.findings):
        by_file[finding.path][finding.code].append(finding)
    files = [escape(p) for p in report.files]
    files += sorted(set(by_file) - set(files))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat()
    host = socket.gethostname() or "localhost"
    # The strict Ant schema allows no attribute on <testsuites>: the counts
    # live on each <testsuite>.
    root = ET.Element("testsuites")
    rules = list(report.rules)
    for number, path in enumerate(files):
        found = by_file.get(path, {})
        codes = [r.code for r in rules] + sorted(set(found) - {r.code for r in rules})
        names = {r.code: r.name for r in rules}
        suite_failures = sum(1 for c in codes if found.get(c))
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_xml_text(path),
            package="migralint",
            id=str(number),
            timestamp=stamp,
            hostname=host,
            tests=str(len(codes)),
            failures=str(suite_failures),
            errors="0",
            time="0",
        )
        ET.SubElement(suite, "properties")
        for code in codes:
            name = names.get(code) or found[code][0].name
            case = ET.SubElement(
                suite,
                "testcase",
                name=_xml_text(f"{code} {name}"),
                classname=_xml_text(path),
                time="0",
            )
            if found.get(code):
                items = found[code]
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=items[0].severity,
                    message=_xml_text(f"{len(items)} finding(s): {items[0].message}"),
                )
                failure.text = _xml_text("\n".join(line(f) for f in items))
        ET.SubElement(suite, "system-out")
        ET.SubElement(suite, "system-err")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
