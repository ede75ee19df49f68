"""Each machine-readable output checked against what its real consumer reads:
SARIF against the OASIS schema, JUnit against the Ant and Jenkins XSDs,
GitLab Code Quality against GitLab's required fields, GitHub workflow
commands against the Actions toolkit's escaping. Real processes, as in
test_cli.py; positions are compared with the text output of the same plan."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate, shared_dir
from helpers import run_cli as run
from migralint import docgen
from migralint import rules as rulefiles

CUTOVER = "at: 2025-03-11T10:00:00+01:00 "
PLAYBOOK = "  playbook: https://wiki.northwind.example/martech/esp-consolidation\n"
TEAM = "    team: [Dana Ortiz, Malik Chen, NewCloud onboarding engineer, CRM on-call]\n"
SPRING = "{name: Spring sale, starts: 2025-03-20, ends: 2025-03-24}"

FRIDAY = mutate(EXAMPLE, CUTOVER, "at: 2025-03-14T16:30:00+01:00 ")  # TL001 error
SATURDAY = mutate(EXAMPLE, CUTOVER, "at: 2025-03-15T10:00:00+01:00 ")  # TL001 warning
# One plan, three severities: TL001 error, PR008 warning, DI009 info.
MIXED = mutate(mutate(FRIDAY, PLAYBOOK, ""), TEAM, "")
# The freeze window covers the cutover and the workflow switches: five TL002
# errors whose messages quote the window's name, with `%`, CR LF, `,` and `:`.
FREEZE = mutate(
    EXAMPLE, SPRING, '{name: "Spring 100%\\r\\nsale, a:b", starts: 2025-03-10, ends: 2025-03-12}'
)
# A window name with C0 control characters (legal in YAML as escapes).
CONTROL = mutate(
    EXAMPLE, SPRING, '{name: "Spring\\x01sale\\x1b", starts: 2025-03-10, ends: 2025-03-12}'
)

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
DOCS = "https://github.com/migralint/migralint/blob/main/docs/rules.md"
TEXT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2}\d{3}) ")


def run_bytes(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "migralint", *args], capture_output=True, cwd=cwd, timeout=120
    )


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return name


def findings(*paths: str, cwd: Path) -> list[dict]:
    """The findings of the JSON output, in report order (path, line, column)."""
    result = run("check", "--format", "json", *paths, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def text_positions(*paths: str, cwd: Path) -> list[tuple[str, int, int, str]]:
    """(path, line, column, code) of each line of the text output."""
    result = run("check", "--format", "text", *paths, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    out = []
    for line in result.stdout.splitlines()[:-1]:  # the last line is the summary
        match = TEXT_LINE.match(line)
        assert match, line
        out.append((match["path"], int(match["line"]), int(match["col"]), match["code"]))
    return out


def all_rules() -> list[tuple[str, str]]:
    """(code, name) of every bundled rule, from `migralint rules`."""
    lines = run("rules").stdout.splitlines()[:-1]
    return [(line.split()[0], line.split()[1]) for line in lines]


def github_slugs(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    slugs = set()
    for line in markdown.splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            slugs.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return slugs


# ---------------------------------------------------------------------- SARIF

# RFC 3986: unreserved, reserved and percent-encoded characters only, at most
# one `#`. jsonschema checks "uri"/"uri-reference" only with optional packages
# installed, so the format checker gets these two checks itself.
_URI_CHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})"
_URI_REFERENCE = re.compile(rf"{_URI_CHAR}*(?:#{_URI_CHAR}*)?")
_URI = re.compile(rf"[A-Za-z][A-Za-z0-9+.\-]*:{_URI_CHAR}*(?:#{_URI_CHAR}*)?")


def sarif_validator():  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = shared_dir("corpora", "schemas") / "sarif-schema-2.1.0.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    checker = jsonschema.FormatChecker()
    if "uri" not in checker.checkers:
        checker.checks("uri")(lambda value: not isinstance(value, str) or _URI.fullmatch(value))
    if "uri-reference" not in checker.checkers:
        checker.checks("uri-reference")(
            lambda value: not isinstance(value, str) or _URI_REFERENCE.fullmatch(value)
        )
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def assert_valid_sarif(log: dict) -> None:
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def sarif(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], dict]:
    result = run("check", "--format", "sarif", *args, cwd=cwd)
    assert result.stderr == ""
    return result, json.loads(result.stdout)


def test_sarif_error_warning_and_note_are_valid_and_placed(tmp_path: Path) -> None:
    write(tmp_path, "plans/mixed.yaml", MIXED)
    result, log = sarif("plans/mixed.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert_valid_sarif(log)
    assert log["version"] == "2.1.0"
    (the_run,) = log["runs"]
    rules = the_run["tool"]["driver"]["rules"]
    results = the_run["results"]

    expected = findings("plans/mixed.yaml", cwd=tmp_path)
    assert [(f["code"], f["severity"]) for f in expected] == [
        ("DI009", "info"),
        ("PR008", "warning"),
        ("TL001", "error"),
    ]
    positions = text_positions("plans/mixed.yaml", cwd=tmp_path)
    assert len(results) == len(positions) == len(expected)
    for result_, finding, (path, line, column, code) in zip(
        results, expected, positions, strict=True
    ):
        assert result_["ruleId"] == finding["code"] == code
        assert rules[result_["ruleIndex"]]["id"] == code
        assert result_["level"] == LEVELS[finding["severity"]]
        assert result_["message"]["text"] == finding["message"]
        (location,) = result_["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == path == "plans/mixed.yaml"
        assert physical["region"]["startLine"] == line
        assert physical["region"]["startColumn"] == column
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    tl001 = next(r for r in results if r["ruleId"] == "TL001")
    assert tl001["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 61,
        "startColumn": 9,
    }


def test_sarif_describes_every_rule_that_ran_once(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED)
    _, log = sarif("mixed.yaml", cwd=tmp_path)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    bundled = all_rules()
    assert len(ids) == len(set(ids)) == len(bundled)
    assert {(rule["id"], rule["name"]) for rule in rules} == set(bundled)

    # docs/rules.md as docgen writes it (test_docs.py keeps the file equal to this).
    anchors = github_slugs(docgen.render(rulefiles.bundled_rules()))
    for rule in rules:
        uri = rule["helpUri"]
        assert uri == f"{DOCS}#{rule['id'].lower()}-{rule['name']}"
        assert uri.split("#", 1)[1] in anchors, f"{uri}: no such heading in docs/rules.md"
        assert rule["help"]["text"].strip()
        assert rule["shortDescription"]["text"] in rule["help"]["text"]
        assert uri in rule["help"]["markdown"]
    tl001 = rules[ids.index("TL001")]
    assert tl001["helpUri"] == f"{DOCS}#tl001-friday-afternoon-cutover"
    assert tl001["name"] == "friday-afternoon-cutover"
    assert tl001["defaultConfiguration"] == {"level": "error"}


def test_sarif_lists_only_the_selected_rules(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED)
    result, log = sarif("--select", "TL", "mixed.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert_valid_sarif(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == sorted(c for c, _ in all_rules() if c[:2] == "TL")
    (only,) = log["runs"][0]["results"]
    assert only["ruleId"] == "TL001"
    assert rules[only["ruleIndex"]]["id"] == "TL001"


def test_sarif_saturday_cutover_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "saturday.yaml", SATURDAY)
    result, log = sarif("saturday.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert_valid_sarif(log)
    (only,) = log["runs"][0]["results"]
    assert (only["ruleId"], only["level"]) == ("TL001", "warning")


def test_sarif_clean_plan_has_no_results_and_is_valid(tmp_path: Path) -> None:
    write(tmp_path, "clean.yaml", EXAMPLE)
    result, log = sarif("clean.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(all_rules())


def test_sarif_columns_count_code_points(tmp_path: Path) -> None:
    """columnKind is unicodeCodePoints: `ä` and an emoji before the finding count once each."""
    # Listed twice: 0.5 + 0.9 is over full time, at the second entry.
    member = '{name: "Mälik 🎉", role: CRM administrator, allocation: 0.9}'
    plan = mutate(
        EXAMPLE,
        "{name: Malik Chen, role: CRM administrator, allocation: 0.4}",
        '{name: "Mälik 🎉", role: analyst, allocation: 0.5}\n    - ' + member,
    )
    write(tmp_path, "plan.yaml", plan)
    _, log = sarif("--select", "GV002", "plan.yaml", cwd=tmp_path)
    assert_valid_sarif(log)
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"
    line = next(n for n, text in enumerate(plan.splitlines(), 1) if member in text)
    column = plan.splitlines()[line - 1].index("0.9") + 1
    assert text_positions("--select", "GV002", "plan.yaml", cwd=tmp_path) == [
        ("plan.yaml", line, column, "GV002")
    ]
    (only,) = log["runs"][0]["results"]
    region = only["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (line, column)


def test_sarif_uri_of_a_path_with_space_and_percent(tmp_path: Path) -> None:
    """artifactLocation.uri is an RFC 3986 URI reference (SARIF 2.1.0 §3.10.2):
    a space or a bare `%` in a file name is percent-encoded."""
    path = write(tmp_path, "my plans/q1 100%.yaml", FRIDAY)
    _, log = sarif(path, cwd=tmp_path)
    assert_valid_sarif(log)
    (only,) = log["runs"][0]["results"]
    uri = only["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "#" not in uri and "?" not in uri, uri
    assert urllib.parse.unquote(uri) == path


# ---------------------------------------------------------------------- JUnit


def junit_schema(name: str):  # type: ignore[no-untyped-def]
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(shared_dir("corpora", "schemas") / name))


def assert_valid_xml(schema, document: str) -> None:  # type: ignore[no-untyped-def]
    errors = list(schema.iter_errors(document))
    assert not errors, "\n".join(f"{e.path}: {e.reason}" for e in errors)


def junit_two_plans(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    write(tmp_path, "clean.yaml", EXAMPLE)
    write(tmp_path, "mixed.yaml", MIXED)
    result = run("check", "--format", "junit", "clean.yaml", "mixed.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    return result


def test_junit_one_testcase_per_file_and_rule(tmp_path: Path) -> None:
    result = junit_two_plans(tmp_path)
    assert_valid_xml(junit_schema("junit.xsd"), result.stdout)  # strict Ant
    assert_valid_xml(junit_schema("junit-jenkins-xunit-10.xsd"), result.stdout)

    root = ET.fromstring(result.stdout)
    rules = all_rules()
    expected = findings("clean.yaml", "mixed.yaml", cwd=tmp_path)
    assert {f["path"] for f in expected} == {"mixed.yaml"}
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["clean.yaml", "mixed.yaml"]
    total_failures = 0
    for suite in suites:
        path = suite.get("name")
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == [f"{code} {name}" for code, name in rules]
        assert {c.get("classname") for c in cases} == {path}
        failed = {}
        for case in cases:
            (failure,) = case.findall("failure") or [None]
            if failure is not None:
                failed[case.get("name").split()[0]] = failure
        mine = [f for f in expected if f["path"] == path and f["severity"] == "error"]
        below = [f for f in expected if f["path"] == path and f["severity"] != "error"]
        assert set(failed) == {f["code"] for f in mine}
        out = suite.find("system-out").text or ""
        for finding in below:  # under --fail-on: the suite's output, not a failure
            assert (
                f"{path}:{finding['line']}:{finding['column']}: {finding['code']} "
                f"{finding['severity']} {finding['message']} [{finding['name']}]"
            ) in out
        for finding in mine:
            failure = failed[finding["code"]]
            assert failure.get("type") == finding["severity"]
            assert finding["message"] in failure.get("message")
            assert (
                f"{path}:{finding['line']}:{finding['column']}: {finding['code']} "
                f"{finding['severity']} {finding['message']} [{finding['name']}]"
            ) in failure.text
        assert suite.get("tests") == str(len(rules))
        assert suite.get("failures") == str(len(failed))
        assert suite.get("errors") == "0"
        total_failures += len(failed)
    assert total_failures == 1
    clean, mixed = suites
    assert clean.get("failures") == "0" and list(clean.iter("failure")) == []
    assert mixed.get("failures") == "1"


def test_junit_is_well_formed_with_control_characters_in_messages(tmp_path: Path) -> None:
    """XML 1.0 cannot hold U+0001 even escaped; a YAML escape can put it into a message."""
    write(tmp_path, "control.yaml", CONTROL)
    result = run("check", "--format", "junit", "control.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    failures = list(ET.fromstring(result.stdout).iter("failure"))
    assert len(failures) == 1 and "Spring" in failures[0].get("message")
    assert "\x01" not in result.stdout and "\x1b" not in result.stdout
    assert_valid_xml(junit_schema("junit.xsd"), result.stdout)
    assert_valid_xml(junit_schema("junit-jenkins-xunit-10.xsd"), result.stdout)


# --------------------------------------------------------------------- GitLab


def gitlab(*paths: str, cwd: Path) -> list:
    result = run_bytes("check", "--format", "gitlab", *paths, cwd=cwd)
    assert result.returncode == 1, result.stderr
    assert not result.stdout.startswith(b"\xef\xbb\xbf"), "GitLab rejects a byte order mark"
    assert result.stdout.lstrip()[:1] == b"["
    report = json.loads(result.stdout.decode("utf-8"))
    assert isinstance(report, list)
    return report


def test_gitlab_required_fields(tmp_path: Path) -> None:
    write(tmp_path, "plans/mixed.yaml", MIXED)
    write(tmp_path, "plans/freeze.yaml", FREEZE)
    paths = ("plans/mixed.yaml", "plans/freeze.yaml")
    report = gitlab(*paths, cwd=tmp_path)
    expected = findings(*paths, cwd=tmp_path)
    assert len(report) == len(expected) == 8
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for issue, finding in zip(report, expected, strict=True):
        assert isinstance(issue, dict)
        for key in ("description", "check_name", "fingerprint", "severity"):
            assert isinstance(issue[key], str) and issue[key], (key, issue)
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["severity"] == severities[finding["severity"]]
        assert finding["code"] in issue["check_name"]
        assert finding["message"] in issue["description"]
        location = issue["location"]
        assert isinstance(location, dict)
        assert isinstance(location["path"], str)
        assert location["path"] == finding["path"]
        assert not Path(location["path"]).is_absolute()
        begin = location["lines"]["begin"]
        assert type(begin) is int
        assert begin == finding["line"]
    assert {i["severity"] for i in report} == {"major", "minor", "info"}
    fingerprints = [i["fingerprint"] for i in report]
    assert len(set(fingerprints)) == len(fingerprints), "fingerprints must be distinct"


def test_gitlab_fingerprints_are_stable(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED)
    write(tmp_path, "freeze.yaml", FREEZE)
    first = gitlab("mixed.yaml", "freeze.yaml", cwd=tmp_path)
    second = gitlab("mixed.yaml", "freeze.yaml", cwd=tmp_path)
    assert first == second
    # A line added above the findings moves them, and changes no fingerprint.
    write(tmp_path, "mixed.yaml", "# reviewed by the CAB\n" + MIXED)
    moved = gitlab("mixed.yaml", "freeze.yaml", cwd=tmp_path)
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in first]
    old = [i["location"]["lines"]["begin"] for i in first if i["location"]["path"] == "mixed.yaml"]
    new = [i["location"]["lines"]["begin"] for i in moved if i["location"]["path"] == "mixed.yaml"]
    assert new == [n + 1 for n in old]


def test_gitlab_clean_plan_is_an_empty_array(tmp_path: Path) -> None:
    write(tmp_path, "clean.yaml", EXAMPLE)
    result = run_bytes("check", "--format", "gitlab", "clean.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert not result.stdout.startswith(b"\xef\xbb\xbf")
    assert json.loads(result.stdout.decode("utf-8")) == []


# --------------------------------------------------------------------- GitHub


def gh_data(text: str) -> str:
    """The Actions toolkit's escapeData."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(text: str) -> str:
    """The Actions toolkit's escapeProperty."""
    return gh_data(text).replace(":", "%3A").replace(",", "%2C")


def test_github_commands_per_severity(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED)
    result = run("check", "--format", "github", "mixed.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert result.stdout.endswith("\n")
    assert lines[2] == (
        "::error file=mixed.yaml,line=61,col=9,title=TL001 friday-afternoon-cutover::"
        "cutover Friday 2025-03-14 16:30 Europe/Berlin is inside the forbidden window "
        "Friday from 16:00 (before the weekend); move it to an earlier working day, in the morning"
    )
    expected = findings("mixed.yaml", cwd=tmp_path)
    assert lines == [
        f"::{COMMANDS[f['severity']]} file={f['path']},line={f['line']},col={f['column']},"
        f"title={f['code']} {f['name']}::{f['message']}"
        for f in expected
    ]
    assert [line.split(" ", 1)[0] for line in lines] == ["::notice", "::warning", "::error"]


def test_github_escapes_messages(tmp_path: Path) -> None:
    write(tmp_path, "freeze.yaml", FREEZE)
    result = run("check", "--format", "github", "freeze.yaml", cwd=tmp_path)
    assert result.returncode == 1
    expected = findings("freeze.yaml", cwd=tmp_path)
    assert len(expected) == 5
    # Control characters of a plan's values are escaped in every message.
    assert all("Spring 100%\\r\\nsale, a:b" in f["message"] for f in expected)
    lines = result.stdout.split("\n")
    assert lines.pop() == ""
    assert "\r" not in result.stdout
    assert len(lines) == 5, "a newline in a message must not end the command"
    for line, finding in zip(lines, expected, strict=True):
        assert "`Spring 100%25\\r\\nsale, a:b`" in line  # `,` and `:` stay in the message
        assert line == (
            f"::error file=freeze.yaml,line={finding['line']},col={finding['column']},"
            f"title=TL002 cutover-in-freeze-window::{gh_data(finding['message'])}"
        )


@pytest.mark.parametrize(
    "name",
    [
        "plans/q1,v2 100%.yaml",
        pytest.param(
            "plans/q1,v2: final.yaml",
            marks=pytest.mark.skipif(sys.platform == "win32", reason="no `:` in Windows names"),
        ),
    ],
)
def test_github_escapes_properties(tmp_path: Path, name: str) -> None:
    write(tmp_path, name, FRIDAY)
    result = run("check", "--format", "github", name, cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    escaped = gh_property(name)
    assert "," not in escaped and ":" not in escaped
    assert line.startswith(
        f"::error file={escaped},line=62,col=9,title=TL001 friday-afternoon-cutover::cutover "
    )
    properties = line[len("::error ") : line.index("::", 2)]
    assert properties.split(",") == [
        f"file={escaped}",
        "line=62",
        "col=9",
        "title=TL001 friday-afternoon-cutover",
    ]
    assert urllib.parse.unquote(properties.split(",")[0][len("file=") :]) == name


# --------------------------------------------------------------------- --output


def test_output_writes_the_report_to_the_file(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED)
    on_stdout = run_bytes("check", "--format", "gitlab", "mixed.yaml", cwd=tmp_path)
    result = run_bytes(
        "check", "--format", "gitlab", "--output", "report.json", "mixed.yaml", cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == b""
    assert result.stderr == b""
    written = (tmp_path / "report.json").read_bytes()
    assert written == on_stdout.stdout
    assert not written.startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mixed.yaml", "report.json"]


def test_output_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED)
    report = tmp_path / "report.json"
    report.write_bytes(b"someone's notes\n")
    result = run("check", "--format", "json", "--output", "report.json", "mixed.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), result.stderr
    assert result.stderr.startswith("migralint: error: ")
    assert "report.json" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert report.read_bytes() == b"someone's notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mixed.yaml", "report.json"]

    forced = run(
        "check",
        "--format",
        "json",
        "--output",
        "report.json",
        "--force",
        "mixed.yaml",
        cwd=tmp_path,
    )
    assert forced.returncode == 1, forced.stderr
    assert forced.stdout == ""
    payload = json.loads(report.read_text(encoding="utf-8"))
    assert [f["code"] for f in payload["findings"]] == ["DI009", "PR008", "TL001"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mixed.yaml", "report.json"]


# ------------------------------------------------------------- suppressions


def test_sarif_marks_waived_and_baselined_results_as_suppressed(tmp_path: Path) -> None:
    """--show-waived: inline waivers are `inSource`, configuration waivers and
    the baseline `external`, all `accepted`, the reason as justification."""
    (tmp_path / ".git").mkdir()
    inline = mutate(
        FRIDAY,
        "    at: 2025-03-14T16:30:00+01:00 ",
        '    # migralint: disable=TL001 reason="CAB-1234 approved" approver="J. Doe"\n'
        "    at: 2025-03-14T16:30:00+01:00 ",
    )
    write(tmp_path, "inline.yaml", inline)
    write(tmp_path, "configured.yaml", FRIDAY)
    write(tmp_path, "known.yaml", FRIDAY)
    write(
        tmp_path,
        ".migralint.yaml",
        "waivers:\n  - {rule: TL001, at: timeline.cutover, file: configured.yaml, "
        "reason: CAB-99, approver: Ops, expires: 2099-01-01}\n",
    )
    written = run("check", "--write-baseline", "b.json", "known.yaml", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    args = ("--baseline", "b.json", "inline.yaml", "configured.yaml", "known.yaml")
    plain = json.loads(run("check", "--format", "sarif", *args, cwd=tmp_path).stdout)
    assert plain["runs"][0]["results"] == []  # without --show-waived: not listed
    result, log = sarif("--show-waived", *args, cwd=tmp_path)
    assert result.returncode == 0
    assert_valid_sarif(log)
    by_file = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r
        for r in log["runs"][0]["results"]
    }
    assert sorted(by_file) == ["configured.yaml", "inline.yaml", "known.yaml"]
    assert {r["ruleId"] for r in by_file.values()} == {"TL001"}
    assert by_file["inline.yaml"]["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "reason: CAB-1234 approved; approver: J. Doe "
            "(waiver at inline.yaml:62)",
        }
    ]
    assert by_file["configured.yaml"]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "reason: CAB-99; approver: Ops; expires: 2099-01-01 "
            "(waiver at .migralint.yaml:2)",
        }
    ]
    assert by_file["known.yaml"]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "in the baseline"}
    ]
    text = run("check", "--show-waived", *args, cwd=tmp_path).stdout.splitlines()
    assert text[-1] == "no problems in 3 files (2 waived, 1 in the baseline)"
