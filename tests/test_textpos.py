"""Positions: YAML's (line, column) in code points, offsets, LSP's UTF-16,
and where the scalars are; and the editor's waiver edit and hover texts."""

from __future__ import annotations

import datetime as dt

import pytest

from migralint.finding import Finding
from migralint.lsp import actions, hover
from migralint.textpos import (
    LSP_BREAK,
    Lines,
    indexed,
    line_break,
    scalar_at,
    scalars,
    utf16_length,
)

MIXED = "\ufeffa: NO\r\nb: [😀, NO]\rc: x\u2028d: 한국\n"


def test_yaml_positions_skip_the_bom_and_break_where_yaml_does():
    lines = Lines(MIXED)
    assert len(lines) == 5  # \r\n, \r, LS and \n all end a line for YAML
    assert lines.line_text(1) == "a: NO"
    assert lines.offset(1, 4) == MIXED.index("NO")
    assert lines.offset(2, 8) == MIXED.index("NO]")
    assert lines.offset(4, 4) == MIXED.index("한")
    assert lines.position(MIXED.index("한")) == (4, 4)
    assert lines.offset(1, 99) == MIXED.index("\r\n")  # past the line's end: its end
    assert lines.offset(99, 1) == len(MIXED)


def test_lsp_positions_count_utf16_and_break_only_at_cr_and_lf():
    lines = Lines(MIXED, LSP_BREAK)
    assert len(lines) == 4  # the line separator is text to LSP
    # The BOM is a character of LSP's first line.
    assert lines.to_utf16(MIXED.index("NO")) == (0, 4)
    # The emoji is two UTF-16 units.
    assert lines.to_utf16(MIXED.index("NO]")) == (1, 8)
    assert lines.from_utf16(1, 8) == MIXED.index("NO]")
    # A position inside the surrogate pair is clamped to the emoji's start.
    assert lines.from_utf16(1, 5) == MIXED.index("😀")
    assert lines.to_utf16(MIXED.index("한")) == (2, 8)  # after `c: x`, LS, `d: `
    assert lines.from_utf16(9, 0) == len(MIXED)
    assert utf16_length("a😀b") == 4


def test_inserted_lines_end_as_editors_break_lines():
    assert line_break("# c\x85\nplan: x\r\n") == "\n"
    assert line_break("# c\u2028plan: x\r\n") == "\r\n"
    assert line_break("plan: x") == "\n"


def test_scalars_know_their_ends_styles_and_keys():
    text = 'plan: {name: "x y", countries: [DE, NO]}\nlist:\n  - |\n    block\n'
    found = indexed(scalars(text))
    values = {(s.value, s.style, s.key) for s in found.values()}
    assert ("plan", "", True) in values and ("x y", '"', False) in values
    assert ("NO", "", False) in values and ("block\n", "|", False) in values
    no = scalar_at(found, text.index("NO") + 2)  # a cursor just after the word
    assert (no.start, no.end) == (text.index("NO"), text.index("NO") + 2)
    assert scalar_at(found, text.index("{")) is None


def test_scalars_of_broken_yaml_stop_at_the_error():
    found = scalars("a: 1\nb: [2\nc: {")
    assert [s.value for s in found.values()][:3] == ["a", "1", "b"]


def _finding(line: int, column: int, code: str = "TL001") -> Finding:
    return Finding("plan.yaml", line, column, code, "x", "error", "m")


TODAY = dt.date(2025, 1, 10)


def test_waiver_edit_above_the_line_with_its_indentation_and_line_ending():
    text = "migralint: 1\r\ntimeline:\r\n  cutover: {at: 2025-03-14T16:00:00}\r\n"
    start, end, new = actions.waiver_edit(text, _finding(3, 3), TODAY, "J. Doe")
    assert start == end == text.index("  cutover")
    assert new == (
        '  # migralint: disable=TL001 reason="TODO" approver="J. Doe" expires=2025-02-09\r\n'
    )


def test_waiver_edit_joins_the_waiver_already_above():
    text = (
        "timeline:\n"
        '  # migralint: disable=TL003 reason="CAB-1" approver=Ops expires=2025-03-01\n'
        "  cutover: x\n"
    )
    start, end, new = actions.waiver_edit(text, _finding(3, 3), TODAY, "J. Doe")
    assert (start, end, new) == (text.index(" reason"), text.index(" reason"), ",TL001")
    waived = text[:start] + new + text[end:]
    assert actions.waiver_edit(waived, _finding(3, 3), TODAY, "J. Doe") is None


@pytest.mark.parametrize("code", ["PL001", "PL011"])
def test_no_waiver_for_what_no_waiver_applies_to(code):
    assert actions.waiver_edit("a: 1\n", _finding(1, 1, code), TODAY, "x") is None


PLAN = {
    "plan": {"timezone": "Europe/Berlin", "countries": ["DE", "US"]},
    "timeline": {
        "freeze_windows": [{"name": "Peak", "starts": "2024-11-18", "ends": "2024-12-31"}]
    },
}


def test_hover_texts_of_dates_times_and_durations():
    assert hover.value_text("2025-03-11T10:00:00+01:00", PLAN) == (
        "Tuesday 11 March 2025, 10:00 Europe/Berlin, 09:00 UTC"
    )
    # A naive date-time is read in the plan's zone; UTC on another day says so.
    assert hover.value_text("2025-03-11T00:30:00", PLAN) == (
        "Tuesday 11 March 2025, 00:30 Europe/Berlin, 23:30 UTC (Mon)"
    )
    assert hover.value_text("2024-12-25", PLAN) == (
        "Wednesday 25 December 2024\n\nPublic holiday in DE: Christmas Day\n\n"
        "Public holiday in US: Christmas Day\n\nIn the freeze window Peak"
    )
    assert hover.value_text("2025-03-15", PLAN) == (
        "Saturday 15 March 2025\n\nA weekend day in DE\n\nA weekend day in US"
    )
    assert hover.value_text("P1Y6M", PLAN) == "P1Y6M: 1 year 6 months"
    assert hover.value_text("Europe/Berlin", PLAN) is None
    # A plan whose countries are not a list, and a moment at the calendar's edge.
    assert hover.value_text("2025-03-14", {"plan": {"countries": 5}}) == "Friday 14 March 2025"
    assert hover.value_text("9999-12-31T23:59:59-10:00", PLAN) is None
    # Without a zone, a date-time is shown as written, and in UTC.
    assert hover.value_text("2025-03-11T10:00:00+05:30", {}) == (
        "Tuesday 11 March 2025, 10:00 UTC+05:30, 04:30 UTC"
    )


def test_hover_text_of_a_finding_escapes_what_the_plan_wrote():
    finding = Finding("p.yaml", 1, 1, "X1", "x", "warning", "see <b>[link](http://e)</b>")
    text = hover.finding_text(finding, None)
    assert "<b>" not in text and "\\[link\\]" in text
