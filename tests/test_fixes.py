"""Fixes as exact text edits: for each fixable rule a failing plan, the edit,
and the plan after it, byte for byte (migralint.fixes)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import lint
from migralint.finding import Finding
from migralint.fixes import Edit, Fix, apply, fixes_for

HEAD = "migralint: 1\nplan: {name: Northwind, timezone: Europe/Berlin}\n"


def only(text: str, code: str) -> list[Fix]:
    """The fixes of the findings of ``code`` that migralint reports on ``text``."""
    found = [f for f in lint(text) if f.code == code]
    assert found, f"no {code} finding"
    return fixes_for(text, found)


def fixed(text: str, code: str, unsafe: bool = False) -> str:
    chosen = [f for f in only(text, code) if f.safe or unsafe]
    return apply(text, chosen)[0]


# --- PL004: values a YAML 1.1 reader reads differently ------------------------


def test_pl004_flow_sequence_value_is_quoted() -> None:
    text = HEAD.replace("}", ", countries: [DE, US, NO]}")
    (fix,) = only(text, "PL004")
    assert fix.title == "Quote `NO`"
    assert fix.safe
    start = text.index("NO]")
    assert fix.edits == (Edit(start, start + 2, '"NO"'),)
    assert apply(text, [fix]) == (text.replace("US, NO]", 'US, "NO"]'), [fix])
    assert not [f for f in lint(apply(text, [fix])[0]) if f.code == "PL004"]


def test_pl004_block_values_and_keys() -> None:
    text = HEAD + "x-notes:\n  yes: on   # a comment\n  times: [16:00, 1_000, 0b101]\n"
    assert fixed(text, "PL004") == HEAD + (
        'x-notes:\n  "yes": "on"   # a comment\n  times: ["16:00", "1_000", "0b101"]\n'
    )
    titles = [f.title for f in only(text, "PL004")]
    assert titles == [
        "Quote `yes`",
        "Quote `on`",
        "Quote `16:00`",
        "Quote `1_000`",
        "Quote `0b101`",
    ]


def test_pl004_octal_is_written_as_yaml_12_reads_it() -> None:
    text = HEAD + "x-mode: 0755\nx-signed: -007\nx-zero: 00\n"
    fixes = only(text, "PL004")
    assert [f.title for f in fixes] == [
        "Write `0755` as `755`",
        "Write `-007` as `-7`",
        "Write `00` as `0`",
    ]
    start = text.index("0755")
    assert fixes[0].edits == (Edit(start, start + 4, "755"),)
    assert apply(text, fixes)[0] == HEAD + "x-mode: 755\nx-signed: -7\nx-zero: 0\n"


def test_pl004_octal_with_separators_is_a_string_and_quoted() -> None:
    # `0_7` is a string to YAML 1.2 (no number has `_`) and 7 to YAML 1.1.
    text = HEAD + "x-code: 0_7\n"
    assert fixed(text, "PL004") == HEAD + 'x-code: "0_7"\n'


def test_pl004_multi_line_plain_scalar_is_not_fixed() -> None:
    finding = Finding("plan.yaml", 3, 9, "PL004", "yaml11-ambiguity", "warning", "m")
    assert fixes_for(HEAD + "x-note: no\n  more\n", [finding]) == []


def test_pl004_quoted_already_gives_no_fix() -> None:
    finding = Finding("plan.yaml", 3, 9, "PL004", "yaml11-ambiguity", "warning", "m")
    assert fixes_for(HEAD + 'x-note: "no"\n', [finding]) == []


# --- SC001: an unknown key with one close known key -------------------------


def test_sc001_unknown_key_is_renamed() -> None:
    text = HEAD + "timeline:\n  cutovr:   # the typo\n    at: 2025-06-10T10:00:00+02:00\n"
    (fix,) = only(text, "SC001")
    assert fix.title == "Rename `cutovr` to `cutover`"
    assert fix.safe
    start = text.index("cutovr")
    assert fix.edits == (Edit(start, start + 6, "cutover"),)
    assert apply(text, [fix])[0] == text.replace("cutovr:", "cutover:")


def test_sc001_quoted_key_keeps_its_quotes() -> None:
    text = HEAD + "timeline:\n  'kickof': 2025-01-06\n"
    assert fixed(text, "SC001") == HEAD + "timeline:\n  'kickoff': 2025-01-06\n"


def test_sc001_no_fix_when_the_key_exists() -> None:
    text = HEAD + "timeline:\n  cutovr: {at: 2025-06-10T10:00:00+02:00}\n  cutover: {}\n"
    assert only(text, "SC001") == []


def test_sc001_no_fix_when_two_known_keys_are_close() -> None:
    # `notice_period` is close to `notice_givn` as well as `notice_given`.
    text = HEAD + (
        "platforms:\n  legacy:\n    - id: a\n      name: A\n      category: esp\n"
        "      contract: {ends: 2025-06-30, notice_givn: 2025-02-28}\n"
    )
    found = [f for f in lint(text) if f.code == "SC001" and "unknown" in f.message]
    assert [f.message for f in found] == [
        "platforms.legacy[0].contract.notice_givn: unknown key `notice_givn`; "
        "did you mean `notice_given`?"
    ]
    assert fixes_for(text, found) == []


def test_sc001_no_fix_without_a_suggestion() -> None:
    text = HEAD + "timeline:\n  zzzzzz: 1\n"
    assert only(text, "SC001") == []


# --- PL003: the missing header ----------------------------------------------


def test_pl003_header_goes_before_the_first_key_after_comments_and_markers() -> None:
    text = "# Northwind\n%YAML 1.2\n---\nplan: {name: Northwind}\n"
    (fix,) = only(text, "PL003")
    assert fix.title == "Add the `migralint: 1` header"
    start = text.index("plan:")
    assert fix.edits == (Edit(start, start, "migralint: 1\n"),)
    assert (
        apply(text, [fix])[0]
        == "# Northwind\n%YAML 1.2\n---\nmigralint: 1\nplan: {name: Northwind}\n"
    )


def test_pl003_keeps_indentation_and_crlf() -> None:
    text = "  plan: {name: Northwind}\r\n  timeline: {}\r\n"
    assert (
        fixed(text, "PL003") == "  migralint: 1\r\n  plan: {name: Northwind}\r\n  timeline: {}\r\n"
    )


def test_pl003_no_fix_for_a_wrong_version_or_a_flow_root() -> None:
    assert only("migralint: 2\nplan: {name: N}\n", "PL003") == []
    assert only("{plan: {name: N}}\n", "PL003") == []
    assert only("- plan\n", "PL003") == []
    assert only("# only a comment\n", "PL003") == []


def test_pl003_after_a_byte_order_mark() -> None:
    text = "\ufeffplan: {name: Northwind}\n"
    (fix,) = only(text, "PL003")
    assert fix.edits == (Edit(1, 1, "migralint: 1\n"),)
    assert apply(text, [fix])[0] == "\ufeffmigralint: 1\nplan: {name: Northwind}\n"


# --- TL010 (unsafe): the zone's real offset ---------------------------------


def test_tl010_writes_the_zone_offset_keeping_the_wall_clock() -> None:
    text = HEAD + "timeline:\n  cutover:\n    at: 2025-06-10T10:00:00+01:00   # June\n"
    (fix,) = only(text, "TL010")
    assert fix.title == "Write the zone's offset +02:00 (moves the instant)"
    assert not fix.safe
    start = text.index("+01:00")
    assert fix.edits == (Edit(start, start + 6, "+02:00"),)
    assert fixed(text, "TL010") == text  # not a safe fix
    after = fixed(text, "TL010", unsafe=True)
    assert after == text.replace("+01:00", "+02:00")
    assert not [f for f in lint(after) if f.code == "TL010"]


def test_tl010_keeps_the_offset_style_and_the_quotes() -> None:
    text = HEAD + 'timeline:\n  cutover:\n    at: "2025-01-14T10:00:00+0200"\n'
    assert fixed(text, "TL010", unsafe=True) == text.replace("+0200", "+0100")
    text = HEAD + "timeline:\n  cutover:\n    at: 2025-01-14T10:00+02\n"
    assert fixed(text, "TL010", unsafe=True) == text.replace("+02\n", "+01\n")


def test_tl010_no_fix_for_a_time_the_clock_skips() -> None:
    # 02:30 does not exist in Berlin on 2025-03-30: no offset keeps that wall-clock time.
    text = HEAD + "timeline:\n  cutover:\n    at: 2025-03-30T02:30:00+03:00\n"
    assert only(text, "TL010") == []


# --- GV004 and others: no fix -----------------------------------------------


def test_findings_without_a_fixer_get_none() -> None:
    finding = Finding("plan.yaml", 1, 1, "GV004", "todo-left", "warning", "TODO")
    assert fixes_for("migralint: 1\nplan: {name: TODO}\n", [finding]) == []


# --- apply ------------------------------------------------------------------


def test_apply_skips_overlapping_fixes_in_finding_order() -> None:
    finding = Finding("plan.yaml", 1, 1, "PL004", "n", "warning", "m")
    first = Fix(finding, "a", True, (Edit(0, 3, "abc"),))
    overlapping = Fix(finding, "b", True, (Edit(2, 4, "x"),))
    insertion_at_same_place = Fix(finding, "c", True, (Edit(0, 0, "y"),))
    after = Fix(finding, "d", True, (Edit(4, 5, "Z"), Edit(3, 3, "-")))
    text, applied = apply("0123456", [first, overlapping, insertion_at_same_place, after])
    assert applied == [first, after]
    assert text == "abc-3Z56"


def test_apply_ignores_edits_outside_the_text() -> None:
    finding = Finding("plan.yaml", 1, 1, "PL004", "n", "warning", "m")
    assert apply("ab", [Fix(finding, "x", True, (Edit(1, 5, "z"),))]) == ("ab", [])


def test_crlf_and_other_bytes_untouched_across_rules() -> None:
    text = (
        "# plan\r\nmigralint: 1\r\nplan: {name: Northwind, timezone: Europe/Berlin, "
        "countries: [DE, NO]}   # keep\r\ntimeline:\r\n  kickof: 2025-01-06\r\n"
    )
    fixes = fixes_for(text, lint(text))
    assert [f.finding.code for f in fixes] == ["PL004", "SC001"]
    assert apply(text, fixes)[0] == text.replace("NO]", '"NO"]').replace("kickof", "kickoff")


# --- never raises -----------------------------------------------------------

CODES = st.sampled_from(["PL003", "PL004", "SC001", "TL010", "GV004"])
MESSAGES = st.sampled_from(["", "unknown key `a`; did you mean `b`?", "x"])


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab:-[]{},\"' \n\r\t#&*!|>%\ufeff0NOy12+T")), max_size=60
    ),
    where=st.lists(st.tuples(st.integers(-2, 8), st.integers(-2, 20), CODES, MESSAGES), max_size=6),
)
def test_never_raises_for_any_text(text: str, where: list) -> None:
    findings = [
        Finding("p.yaml", line, column, code, "n", "warning", message, pointer="a")
        for line, column, code, message in where
    ]
    fixes = fixes_for(text, findings)
    new, applied = apply(text, fixes)
    assert isinstance(new, str)
    assert len(applied) <= len(fixes) <= len(findings)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80))
def test_reported_findings_on_random_text_never_raise(text: str) -> None:
    found = lint(text)
    apply(text, fixes_for(text, found))
