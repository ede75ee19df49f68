"""Only real YAML comments are waiver directives, and a comment that starts
like a directive but is not a valid one is PL009 saying what is wrong."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import EXAMPLE, line_of, mutate
from helpers import run_cli as run

CUTOVER = """\
  cutover:
    at: 2025-03-11T10:00:00+01:00      # Tuesday morning, Berlin time
    team: [Dana Ortiz, Malik Chen, NewCloud onboarding engineer, CRM on-call]
    rollback:
      fallback: legacymail
      criteria: Deliverability below 95% or any opt-out not reflected within 1 hour
      decision_deadline: 2025-03-17T12:00:00+01:00
"""
FRIDAY = "2025-03-14T16:30:00+01:00"
ROLLBACK = "{fallback: legacymail, criteria: x, decision_deadline: 2025-03-17T12:00:00+01:00}"
DIRECTIVE = '# migralint: disable=TL001 reason="CAB-1234 approved" approver=J.Doe'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def check(repo: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    (repo / "plan.yaml").write_text(text)
    return run("check", "plan.yaml", "--format", "json", *args, cwd=repo)


def found(result: subprocess.CompletedProcess[str]) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]]


def block_scalar(header: str) -> str:
    """The directive as the last line of a block scalar, just above the
    Friday cutover: string data, not a comment."""
    return f"""\
  cutover:
    team: [Dana Ortiz, Malik Chen, NewCloud onboarding engineer, CRM on-call]
    rollback:
      fallback: legacymail
      decision_deadline: 2025-03-17T12:00:00+01:00
      criteria: {header}
        Deliverability below 95%
        {DIRECTIVE}
    at: {FRIDAY}
"""


def multi_line_quoted(quote: str) -> str:
    """The directive on a continuation line of a quoted string, the line
    above the cutover."""
    directive = DIRECTIVE.replace('"', "")  # reason=CAB-1234 approved: still a valid waiver
    return f"""\
  cutover: {{team: [{quote}Dana Ortiz
      {directive}
      Malik Chen{quote}], at: {FRIDAY}, rollback: {ROLLBACK}}}
"""


def one_line_quoted(quote: str) -> str:
    """A flow mapping on one line: a string value holding ` # migralint: ...`
    on the cutover's own line."""
    directive = DIRECTIVE.replace('"', "")
    return (
        f"  cutover: {{at: {FRIDAY}, team: [{quote}Dana Ortiz {directive}{quote}], "
        f"rollback: {ROLLBACK}}}\n"
    )


STRINGS = {
    "folded": block_scalar(">"),
    "literal": block_scalar("|"),
    "literal-strip": block_scalar("|-"),
    "folded-keep": block_scalar(">+"),
    "literal-indent-indicator": block_scalar("|2"),
    "folded-indent-strip": block_scalar(">2-"),
    "block-header-comment": block_scalar("|  # a real comment, not a directive"),
    "double-quoted-multi-line": multi_line_quoted('"'),
    "single-quoted-multi-line": multi_line_quoted("'"),
    "flow-mapping-double-quoted": one_line_quoted('"'),
    "flow-mapping-single-quoted": one_line_quoted("'"),
}


@pytest.mark.parametrize("shape", sorted(STRINGS))
def test_directive_inside_a_string_does_not_waive(repo: Path, shape: str) -> None:
    text = mutate(EXAMPLE, CUTOVER, STRINGS[shape])
    result = check(repo, text, "--show-waived")
    assert result.returncode == 1, result.stdout + result.stderr
    line = line_of(text, f"at: {FRIDAY}")
    column = text.splitlines()[line - 1].index(FRIDAY) + 1
    # The Friday cutover is reported; the string is neither a waiver, nor an
    # unused one, nor a broken one.
    assert found(result) == [("TL001", line, column)]
    assert json.loads(result.stdout)["waived"] == []


def test_real_comment_after_a_string_on_the_same_line_still_waives(repo: Path) -> None:
    line = (
        f'  cutover: {{at: {FRIDAY}, team: ["Dana # migralint: disable=TL003 reason=x"], '
        f"rollback: {ROLLBACK}}}  {DIRECTIVE}\n"
    )
    text = mutate(EXAMPLE, CUTOVER, line)
    result = check(repo, text, "--show-waived")
    assert result.returncode == 0, result.stdout
    assert found(result) == []
    (waived,) = json.loads(result.stdout)["waived"]
    assert (waived["code"], waived["line"]) == ("TL001", line_of(text, "cutover: {at:"))
    assert waived["waiver"] == f"plan.yaml:{line_of(text, 'cutover: {at:')}"


def test_real_comment_after_a_block_scalar_still_waives(repo: Path) -> None:
    text = mutate(
        EXAMPLE,
        CUTOVER,
        block_scalar(">").replace(f"        {DIRECTIVE}\n", "    " + DIRECTIVE + "\n"),
    )
    result = check(repo, text)
    assert result.returncode == 0, result.stdout
    assert found(result) == []


def test_hash_without_a_blank_before_it_is_not_a_comment(repo: Path) -> None:
    # `a#b` is a plain scalar: the `#` starts no comment, so this is no waiver
    # (not even an unused one).
    text = mutate(
        EXAMPLE,
        "      criteria: Deliverability below 95% or any opt-out not reflected within 1 hour\n",
        "      criteria: Deliverability#migralint:disable=TL001 reason=x\n",
    )
    result = check(repo, text)
    assert (result.returncode, found(result)) == (0, [])


MALFORMED = [
    (
        '# migralint: disable TL001 reason="x"',
        "not a waiver: `disable` must be followed by `=` and the rules it waives, as in "
        '`# migralint: disable=TL001 reason="..."`',
    ),
    (
        '# migralint: disable-file=TL001 reason="x"',
        "not a waiver: unknown directive `disable-file`; did you mean `disable`? (file-wide "
        "waivers are not supported; list the lines or use a configuration waiver)",
    ),
    (
        '# migralint: disable-next-line=TL001 reason="x"',
        "not a waiver: unknown directive `disable-next-line`; did you mean `disable`? (a "
        "waiver covers its own line, or the next one when it stands on a line of its own)",
    ),
    (
        '# migralint: disable=TLX01 reason="x"',
        "waiver of TLX01 names the unknown rule `TLX01`; did you mean `TL001`?",
    ),
    (
        '# migralint: disable=friday-afternon-cutover reason="x"',
        "waiver of friday-afternon-cutover names the unknown rule `friday-afternon-cutover`; "
        "did you mean `friday-afternoon-cutover`?",
    ),
    (
        '# migralint: disable=ALL reason="x"',
        "waiver of ALL names `ALL`; a waiver names the rules it waives",
    ),
    (
        '# MigraLint: Disable=TL001 reason="x"',
        'not a waiver: write the directive in lower case, as in `# migralint: disable=TL001 reason="..."`',
    ),
    (
        '# migralint: Disable=TL001 reason="x"',
        'not a waiver: write the directive in lower case, as in `# migralint: disable=TL001 reason="..."`',
    ),
    (
        "# migralint: enable=TL001",
        "not a waiver: `enable` is not supported: a waiver covers only its own line (or the "
        "next one, on a line of its own), so there is nothing to switch back on",
    ),
    (
        "# migralint:",
        'not a waiver: the directive is empty; write `# migralint: disable=TL001 reason="..."`',
    ),
    (
        '# migralint disable=TL001 reason="x"',
        'not a waiver: `migralint` must be followed by `:`, as in `# migralint: disable=TL001 reason="..."`',
    ),
    (
        '# migralint-disable=TL001 reason="x"',
        'not a waiver: `migralint` must be followed by `:`, as in `# migralint: disable=TL001 reason="..."`',
    ),
    (
        '# migralint: disable = TL001 reason="x"',
        "not a waiver: write `disable=` with no blank before `=`",
    ),
    (
        "# migralint: ignore=TL001",
        "not a waiver: unknown directive `ignore`; the only directive is `disable=`",
    ),
    (
        "# migralint: disabel=TL001",
        "not a waiver: unknown directive `disabel`; did you mean `disable`?",
    ),
]


@pytest.mark.parametrize(("comment", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_directive_is_pl009_at_its_hash(repo: Path, comment: str, message: str) -> None:
    text = mutate(EXAMPLE, CUTOVER, CUTOVER.replace("  cutover:\n", f"  cutover:\n    {comment}\n"))
    text = text.replace("2025-03-11T10:00:00+01:00", FRIDAY, 1)
    result = check(repo, text)
    assert result.returncode == 1
    line = line_of(text, comment)
    payload = json.loads(result.stdout)["findings"]
    # The PL009 sits at the comment's `#`; the finding it meant to waive stays.
    assert found(result) == [("PL009", line, 5), ("TL001", line + 1, 9)]
    assert payload[0]["message"] == message


def test_malformed_trailing_directive_column(repo: Path) -> None:
    comment = "# migralint: disable-file=TL001"
    text = EXAMPLE.replace(
        "    at: 2025-03-11T10:00:00+01:00      # Tuesday morning, Berlin time",
        f"    at: {FRIDAY}   {comment}",
    )
    result = check(repo, text)
    line = line_of(text, comment)
    assert found(result) == [("TL001", line, 9), ("PL009", line, 9 + len(FRIDAY) + 3)]


@pytest.mark.parametrize(
    "comment",
    [
        "# migralint checks this plan in CI",
        "# see the migralint: docs",
        "# note # migralint: disable=TL001",
        "#migralinter: not ours",
    ],
)
def test_prose_comments_are_not_directives(repo: Path, comment: str) -> None:
    text = EXAMPLE.replace("# A complete, clean migration plan", comment, 1)
    result = check(repo, text)
    assert result.returncode == 0
    assert found(result) == []


def test_the_plans_own_migralint_key_is_never_a_directive(repo: Path) -> None:
    assert "migralint: 1" in EXAMPLE
    result = check(repo, EXAMPLE.replace("migralint: 1", "migralint: 1  # version"))
    assert (result.returncode, found(result)) == (0, [])


def test_unparsable_plan_falls_back_to_line_comments(repo: Path) -> None:
    text = EXAMPLE + 'broken: "unterminated\n# migralint: disable-file=PL001\n'
    result = check(repo, text)
    codes = [code for code, _, _ in found(result)]
    assert "PL001" in codes
    assert ("PL009", line_of(text, "disable-file"), 1) in found(result)


def test_configuration_waiver_of_an_unknown_rule_is_pl009(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text(
        "waivers:\n  - {rule: TLX01, at: timeline.cutover.at, reason: x}\n"
    )
    result = check(repo, EXAMPLE)
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["path"], finding["code"], finding["line"], finding["column"]) == (
        ".migralint.yaml",
        "PL009",
        2,
        5,
    )
    assert finding["message"] == (
        "waiver of TLX01 names the unknown rule `TLX01`; did you mean `TL001`?"
    )


def test_a_directive_names_rules_that_exist_even_unselected(repo: Path) -> None:
    text = EXAMPLE.replace(
        "    at: 2025-03-11T10:00:00+01:00      # Tuesday morning, Berlin time",
        f'    at: {FRIDAY}  # migralint: disable=TL001 reason="x"',
    )
    result = check(repo, text, "--select", "PL")
    assert (result.returncode, found(result)) == (0, [])


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", ""), ("\r", ""), ("\n", "\ufeff")])
def test_line_breaks_and_byte_order_mark_keep_positions(repo: Path, newline: str, bom: str) -> None:
    text = mutate(EXAMPLE, CUTOVER, block_scalar("|"))
    text = text.replace(
        "# A complete, clean migration plan", '# migralint: disable-file=TL001 reason="x"', 1
    )
    (repo / "plan.yaml").write_bytes((bom + text.replace("\n", newline)).encode("utf-8"))
    result = run("check", "plan.yaml", "--format", "json", cwd=repo)
    line = line_of(text, f"at: {FRIDAY}")
    # The directive inside the literal scalar still waives nothing; the
    # malformed one on line 1 is placed at its `#`, the byte order mark not
    # counted.
    assert found(result) == [("PL009", 1, 1), ("TL001", line, 9)]
