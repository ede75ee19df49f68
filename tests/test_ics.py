"""`migralint calendar`: the plan's dates as RFC 5545, read back by two
independent parsers (icalendar, which writes it, and vobject)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from helpers import EXAMPLE, EXAMPLE_PATH, ROOT, line_of, mutate, run_cli

icalendar = pytest.importorskip("icalendar", reason="the calendar extra is not installed")
vobject = pytest.importorskip("vobject", reason="vobject (the test extra) is not installed")

from migralint.cli import cli  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
D = dt.date
PLAN = "Northwind ESP consolidation"
TIMELINE = ROOT / "examples" / "findings" / "timeline.yaml"
EPOCH = "1735689600"  # 2025-01-01T00:00:00Z

# Every event of the clean example: label -> (start, exclusive end or None).
CLEAN_EVENTS: dict[str, tuple[dt.date | dt.datetime, dt.date | None]] = {
    "RFP": (D(2023, 1, 16), D(2023, 1, 17)),
    "contract signed": (D(2024, 5, 1), D(2024, 5, 2)),
    "kickoff": (D(2024, 6, 3), D(2024, 6, 4)),
    "discovery": (D(2024, 6, 3), D(2024, 8, 1)),
    "build": (D(2024, 8, 1), D(2024, 12, 21)),
    "uat": (D(2025, 1, 6), D(2025, 2, 15)),
    "parallel-run": (D(2025, 2, 17), D(2025, 3, 11)),
    "decommission": (D(2025, 4, 14), D(2025, 5, 17)),
    "cutover": (dt.datetime(2025, 3, 11, 10, tzinfo=BERLIN), None),
    "rollback decision deadline": (dt.datetime(2025, 3, 17, 12, tzinfo=BERLIN), None),
    "Peak season": (D(2024, 11, 18), D(2025, 1, 1)),
    "Spring sale": (D(2025, 3, 20), D(2025, 3, 25)),
    "retirement": (D(2025, 5, 16), D(2025, 5, 17)),
    "LegacyMail contract ends": (D(2025, 6, 30), D(2025, 7, 1)),
    "LegacyMail notice deadline (P90D before its end)": (D(2025, 4, 1), D(2025, 4, 2)),
    "TextBlast contract ends": (D(2025, 6, 30), D(2025, 7, 1)),
    "TextBlast notice deadline (P30D before its end)": (D(2025, 5, 31), D(2025, 6, 1)),
    "export subscribers": (D(2025, 5, 9), D(2025, 5, 10)),
    "export engagement-history": (D(2025, 5, 9), D(2025, 5, 10)),
    "export suppression-list": (D(2025, 2, 10), D(2025, 2, 11)),
    "export sms-consent-records": (D(2025, 5, 9), D(2025, 5, 10)),
    "export campaign-reports": (D(2025, 5, 9), D(2025, 5, 10)),
    "opt-out sync": (D(2025, 2, 10), D(2025, 4, 15)),
    "IP warm-up": (D(2025, 1, 20), D(2025, 3, 8)),
    "first campaign": (D(2025, 2, 18), D(2025, 2, 19)),
    "parity": (D(2025, 4, 14), D(2025, 4, 15)),
    "launch predictive-send-time": (D(2025, 6, 2), D(2025, 6, 3)),
    "campaign managers": (D(2025, 1, 13), D(2025, 2, 8)),
    "agency partners": (D(2025, 1, 20), D(2025, 2, 1)),
    "notify employees": (D(2024, 12, 2), D(2024, 12, 3)),
    "notify agencies": (D(2025, 1, 10), D(2025, 1, 11)),
    "retirement report due": (D(2025, 7, 15), D(2025, 7, 16)),
}
CLEAN_CATEGORIES = {
    "cutover": "cutover",
    "rollback decision deadline": "rollback decision deadline",
    "parallel-run": "phase",
    "Peak season": "freeze window",
    "LegacyMail notice deadline (P90D before its end)": "notice deadline",
    "export subscribers": "export deadline",
    "campaign managers": "training",
    "notify employees": "stakeholder notice",
    "RFP": "milestone",
    "retirement report due": "retirement report",
}


def calendar(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    out: str = "plan.ics",
    cwd: Path | None = None,
) -> tuple[int, bytes, str]:
    """(exit code, the calendar's bytes, standard error) of `migralint calendar
    ARGS -o tmp_path/out`, run from ``cwd`` (``tmp_path`` when None)."""
    monkeypatch.chdir(cwd or tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    target = tmp_path / out
    result = CliRunner().invoke(cli, ["calendar", *args, "-o", str(target)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, target.read_bytes() if target.exists() else b"", result.stderr


def events(data: bytes) -> dict[str, icalendar.Event]:
    """The VEVENTs by SUMMARY (which must be unique here)."""
    found = icalendar.Calendar.from_ical(data).walk("VEVENT")
    by_summary = {str(e["SUMMARY"]): e for e in found}
    assert len(by_summary) == len(found)
    return by_summary


def uids(data: bytes) -> dict[str, str]:
    """SUMMARY -> UID."""
    return {summary: str(e["UID"]) for summary, e in events(data).items()}


def write(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


# The clean example --------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("clean")
    with pytest.MonkeyPatch.context() as monkeypatch:
        code, data, stderr = calendar(folder, monkeypatch, str(EXAMPLE_PATH))
    assert code == 0, stderr
    return data


def test_clean_example_every_event_in_icalendar(clean: bytes) -> None:
    found = events(clean)
    assert {s.removeprefix(f"{PLAN}: ") for s in found} == set(CLEAN_EVENTS)
    assert len(found) == 32
    for label, (start, end) in CLEAN_EVENTS.items():
        event = found[f"{PLAN}: {label}"]
        assert event.decoded("DTSTART") == start, label
        if end is None:
            assert "DTEND" not in event, label
        else:
            assert event["DTSTART"].params["VALUE"] == "DATE", label
            assert event.decoded("DTEND") == end, label
    for label, words in CLEAN_CATEGORIES.items():
        assert found[f"{PLAN}: {label}"]["CATEGORIES"].cats == [words]


def test_clean_example_every_event_in_vobject(clean: bytes) -> None:
    parsed = vobject.readOne(clean.decode("utf-8"))
    found = {e.summary.value.removeprefix(f"{PLAN}: "): e for e in parsed.vevent_list}
    assert len(parsed.vevent_list) == 32
    assert set(found) == set(CLEAN_EVENTS)
    for label, (start, end) in CLEAN_EVENTS.items():
        event = found[label]
        if isinstance(start, dt.datetime):
            assert event.dtstart.value == start, label
            assert event.dtstart.value.tzinfo._tzid == "Europe/Berlin"
            assert not hasattr(event, "dtend")
        else:
            assert event.dtstart.value == start and type(event.dtstart.value) is dt.date, label
            assert event.dtend.value == end, label
    assert parsed.vtimezone.tzid.value == "Europe/Berlin"
    assert found["cutover"].duration.value == dt.timedelta(hours=1)
    assert found["cutover"].categories.value == ["cutover"]


def test_cutover_and_rollback_are_instants_in_the_plans_zone(clean: bytes) -> None:
    found = events(clean)
    cutover = found[f"{PLAN}: cutover"]
    start = cutover.decoded("DTSTART")
    assert cutover["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start.tzinfo.key == "Europe/Berlin"
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2025, 3, 11, 10, 0)
    assert start == dt.datetime(2025, 3, 11, 9, 0, tzinfo=UTC)
    assert cutover.decoded("DURATION") == dt.timedelta(hours=1)
    rollback = found[f"{PLAN}: rollback decision deadline"]
    assert rollback["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert rollback.decoded("DTSTART") == dt.datetime(2025, 3, 17, 11, 0, tzinfo=UTC)
    assert rollback.decoded("DURATION") == dt.timedelta(0)
    zones = icalendar.Calendar.from_ical(clean).walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
    assert b"DTSTART;TZID=Europe/Berlin:20250311T100000\r\n" in clean


def test_notice_deadlines_ring_14_days_before(clean: bytes) -> None:
    found = events(clean)
    ringing = {s: e for s, e in found.items() if e.walk("VALARM")}
    assert sorted(ringing) == [
        f"{PLAN}: LegacyMail notice deadline (P90D before its end)",
        f"{PLAN}: TextBlast notice deadline (P30D before its end)",
    ]
    for summary, event in ringing.items():
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == dt.timedelta(days=-14)
        assert str(alarm["DESCRIPTION"]) == summary
    assert clean.count(b"TRIGGER:-P14D\r\n") == 2


def test_calendar_header_and_reproducible_stamp(clean: bytes) -> None:
    parsed = icalendar.Calendar.from_ical(clean)
    assert str(parsed["PRODID"]) == "-//migralint//migralint 0.1.0//EN"
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["CALSCALE"]) == "GREGORIAN"
    assert str(parsed["X-WR-CALNAME"]) == PLAN
    for event in parsed.walk("VEVENT"):
        assert event.decoded("DTSTAMP") == dt.datetime(2025, 1, 1, tzinfo=UTC)
        assert event["SEQUENCE"] == 0


def test_same_plan_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean: bytes
) -> None:
    code, data, _ = calendar(tmp_path, monkeypatch, str(EXAMPLE_PATH))
    assert code == 0 and data == clean


def test_crlf_and_folded_lines(clean: bytes) -> None:
    assert clean.endswith(b"END:VCALENDAR\r\n")
    lines = clean.split(b"\r\n")
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded


def test_uids_unique_and_as_documented(clean: bytes) -> None:
    found = uids(clean)
    assert len(set(found.values())) == 32

    def expected(kind: str, key: str) -> str:
        text = json.dumps([PLAN, "Northwind Outfitters", kind, key])
        return hashlib.sha256(text.encode("ascii")).hexdigest()[:32] + "@migralint"

    assert found[f"{PLAN}: cutover"] == expected("cutover", "timeline.cutover.at")
    assert found[f"{PLAN}: export subscribers"] == expected("export", "export subscribers")
    assert found[f"{PLAN}: LegacyMail notice deadline (P90D before its end)"] == expected(
        "notice", "LegacyMail"
    )


def test_standard_output_keeps_crlf(tmp_path: Path) -> None:
    """Written to a pipe the calendar is the same bytes as to a file."""
    result = subprocess.run(
        [sys.executable, "-m", "migralint", "calendar", str(EXAMPLE_PATH)],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert result.stdout.count(b"\n") == result.stdout.count(b"\r\n")
    assert len(events(result.stdout)) == 32


# UIDs survive a new version of the plan ------------------------------------------------


def test_moved_dates_keep_their_uids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first_code, first, _ = calendar(tmp_path, monkeypatch, str(EXAMPLE_PATH), out="v1.ics")
    moved = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00", "at: 2025-03-12T10:00:00+01:00")
    moved = mutate(
        moved,
        "export_by: 2025-02-10\n",
        "export_by: 2025-02-11\n",
    )
    write(tmp_path, "v2.yaml", moved)
    _, second, _ = calendar(tmp_path, monkeypatch, "v2.yaml", out="v2.ics")
    before, after = uids(first), uids(second)
    assert first_code == 0
    assert set(before.values()) == set(after.values())
    assert before == after  # each event keeps its own UID, the moved ones too
    found = events(second)
    assert found[f"{PLAN}: cutover"].decoded("DTSTART") == dt.datetime(
        2025, 3, 12, 10, tzinfo=BERLIN
    )
    assert found[f"{PLAN}: export suppression-list"].decoded("DTSTART") == D(2025, 2, 11)
    assert events(first)[f"{PLAN}: export suppression-list"].decoded("DTSTART") == D(2025, 2, 10)


def test_a_new_dataset_adds_one_uid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, first, _ = calendar(tmp_path, monkeypatch, str(EXAMPLE_PATH), out="v1.ics")
    # Inserted first: every other dataset moves down the list and keeps its UID.
    grown = mutate(
        EXAMPLE,
        "  datasets:\n",
        "  datasets:\n"
        "    - id: loyalty-points\n"
        "      kind: other\n"
        "      personal_data: false\n"
        "      disposition: archive\n"
        "      retention: {required: P1Y, basis: Loyalty terms}\n"
        "      export_by: 2025-05-02\n"
        "      verification: Balances reconciled\n",
    )
    write(tmp_path, "v2.yaml", grown)
    _, second, _ = calendar(tmp_path, monkeypatch, "v2.yaml", out="v2.ics")
    before, after = set(uids(first).values()), uids(second)
    assert before <= set(after.values())
    assert set(after.values()) - before == {after[f"{PLAN}: export loyalty-points"]}


def test_renamed_file_keeps_uids_a_nameless_plan_goes_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "renamed.yaml", EXAMPLE)
    _, first, _ = calendar(tmp_path, monkeypatch, str(EXAMPLE_PATH), out="a.ics")
    _, second, _ = calendar(tmp_path, monkeypatch, "renamed.yaml", out="b.ics")
    assert uids(first) == uids(second)
    nameless = mutate(EXAMPLE, f"  name: {PLAN}\n", "")
    write(tmp_path, "one.yaml", nameless)
    write(tmp_path, "two.yaml", nameless)
    _, one, _ = calendar(tmp_path, monkeypatch, "one.yaml", out="one.ics")
    _, two, _ = calendar(tmp_path, monkeypatch, "two.yaml", out="two.ics")
    assert "one.yaml: cutover" in uids(one)
    assert set(uids(one).values()).isdisjoint(uids(two).values())
    text = json.dumps(["one.yaml", "cutover", "timeline.cutover.at"])
    expected = hashlib.sha256(text.encode("ascii")).hexdigest()[:32] + "@migralint"
    assert uids(one)["one.yaml: cutover"] == expected


# Findings in the descriptions -------------------------------------------------------------


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """SUMMARY label -> DESCRIPTION of the timeline findings' calendar."""
    folder = tmp_path_factory.mktemp("timeline")
    with pytest.MonkeyPatch.context() as monkeypatch:
        code, data, stderr = calendar(
            folder, monkeypatch, "examples/findings/timeline.yaml", cwd=ROOT
        )
    assert code == 1, stderr
    return {s.removeprefix(f"{PLAN}: "): str(e["DESCRIPTION"]) for s, e in events(data).items()}


def _codes(description: str) -> list[str]:
    """The codes of the findings a description lists, in its order."""
    severities = (" error: ", " warning: ", " info: ")
    return [
        line.split()[0]
        for line in description.split("\n")
        if any(line.split(":")[0].endswith(s[:-2]) for s in severities)
    ]


def test_descriptions_name_the_file_and_line(timeline: dict[str, str]) -> None:
    text = TIMELINE.read_text(encoding="utf-8")
    where = "examples/findings/timeline.yaml line"
    assert timeline["cutover"].split("\n")[0] == f"{where} {line_of(text, '    at: 2025-03-11')}"
    assert timeline["cutover"].split("\n")[0] == f"{where} 69"
    assert timeline["Winter sale"].split("\n")[0] == f"{where} 78"
    assert timeline["cutover"].endswith("\n\nNo findings about this date.")
    assert timeline["Spring sale"].endswith("\n\nNo findings about these dates.")


def test_a_finding_about_an_events_node_is_in_its_description(timeline: dict[str, str]) -> None:
    rollback = timeline["rollback decision deadline"]
    assert _codes(rollback) == ["TL010"]
    assert "\nTL010 warning: timeline.cutover.rollback.decision_deadline: 2025-03-13T12:00:00" in (
        rollback
    )
    assert rollback.endswith("(or UTC with Z) (line 74)")
    assert _codes(timeline["TextBlast contract ends"]) == ["TL004"]
    # TL014 is about sending.ip_warmup, TL011 about sending.ip_warmup.starts (under it).
    assert _codes(timeline["IP warm-up"]) == ["TL014", "TL011"]


def test_a_finding_pinned_on_an_events_days_is_in_its_description(
    timeline: dict[str, str],
) -> None:
    # TL002 is about the first campaign, 2025-02-18: inside the Winter sale and the parallel run.
    assert _codes(timeline["first campaign"]) == ["TL002"]
    assert _codes(timeline["Winter sale"]) == ["TL002"]
    assert _codes(timeline["parallel-run"]) == ["TL002"]
    # The warm-up starts 2024-12-02, inside the build phase and the peak-season freeze.
    assert _codes(timeline["build"]) == ["TL014", "TL011"]
    assert _codes(timeline["notify employees"]) == ["TL014", "TL011"]
    assert _codes(timeline["uat"]) == []
    # Its own finding first, then the others on its day (all four DA004 of 2025-05-09).
    engagement = timeline["export engagement-history"].split("\n")
    assert _codes(timeline["export engagement-history"]) == ["DA004"] * 4
    assert engagement[3].startswith("DA004 error: dataset `engagement-history`")
    assert engagement[4].startswith("DA004 error: dataset `subscribers`")


def test_many_findings_on_one_day_are_counted_not_all_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten exports on one day after the contract ends: ten DA004. Each export
    lists its own and three others, then counts the rest."""
    extra = "".join(
        f"    - id: extra-{n}\n"
        "      kind: other\n"
        "      personal_data: false\n"
        "      disposition: archive\n"
        "      retention: {required: P1Y, basis: Policy}\n"
        "      export_by: 2025-07-04\n"
        "      verification: Counts reconciled\n"
        for n in range(10)
    )
    write(tmp_path, "many.yaml", mutate(EXAMPLE, "  datasets:\n", "  datasets:\n" + extra))
    code, data, _ = calendar(tmp_path, monkeypatch, "many.yaml")
    assert code == 1
    description = str(events(data)[f"{PLAN}: export extra-4"]["DESCRIPTION"])
    lines = description.split("\n")
    assert _codes(description) == ["DA004"] * 4
    assert lines[3].startswith("DA004 error: dataset `extra-4`")
    assert [line[:29] for line in lines[4:7]] == [
        "DA004 error: dataset `extra-0",
        "DA004 error: dataset `extra-1",
        "DA004 error: dataset `extra-2",
    ]
    assert lines[7] == "... and 6 more: migralint check many.yaml"
    assert len(lines) == 8


# Several plans, broken plans, exit codes -----------------------------------------------------


def test_two_plans_one_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = mutate(EXAMPLE, f"  name: {PLAN}\n", "  name: Contoso CRM move\n")
    write(tmp_path, "b.yaml", other)
    write(tmp_path, "a.yaml", EXAMPLE)
    # Two copies of one plan under two names conflict across plans (XP): this is
    # about the calendar, so those rules are left out.
    code, data, _ = calendar(tmp_path, monkeypatch, "--ignore", "XP", "b.yaml", "a.yaml")
    assert code == 0
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["X-WR-CALNAME"]) == "migralint: 2 plans"
    summaries = [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")]
    assert len(summaries) == 64
    assert sum(s.startswith(f"{PLAN}: ") for s in summaries) == 32
    assert sum(s.startswith("Contoso CRM move: ") for s in summaries) == 32
    assert len({str(e["UID"]) for e in parsed.walk("VEVENT")}) == 64
    assert len(vobject.readOne(data.decode("utf-8")).vevent_list) == 64
    # Plans come in path order, whatever the order of the arguments.
    assert summaries[0] == f"{PLAN}: RFP" and summaries[32] == "Contoso CRM move: RFP"


def test_each_zone_gets_one_vtimezone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = mutate(EXAMPLE, f"  name: {PLAN}\n", "  name: Contoso CRM move\n")
    other = mutate(other, "timezone: Europe/Berlin ", "timezone: America/New_York ")
    write(tmp_path, "a.yaml", EXAMPLE)
    write(tmp_path, "b.yaml", other)
    write(tmp_path, "c.yaml", mutate(other, "Contoso CRM move", "Contoso CRM move, again"))
    _, data, _ = calendar(tmp_path, monkeypatch, "--ignore", "TL", "a.yaml", "b.yaml", "c.yaml")
    parsed = icalendar.Calendar.from_ical(data)
    zones = [str(z["TZID"]) for z in parsed.walk("VTIMEZONE")]
    assert zones == ["America/New_York", "Europe/Berlin"]
    cutover = events(data)["Contoso CRM move: cutover"]
    assert cutover["DTSTART"].params["TZID"] == "America/New_York"
    start = cutover.decoded("DTSTART")
    assert (start.hour, start.tzinfo.key) == (5, "America/New_York")
    assert start == dt.datetime(2025, 3, 11, 9, tzinfo=UTC)
    other_parser = vobject.readOne(data.decode("utf-8"))
    assert sorted(z.tzid.value for z in other_parser.vtimezone_list) == zones


def test_two_plans_of_one_name_share_no_uid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "a.yaml", EXAMPLE)
    write(tmp_path, "b.yaml", EXAMPLE)
    _, alone, _ = calendar(tmp_path, monkeypatch, "a.yaml", out="alone.ics")
    _, both, _ = calendar(tmp_path, monkeypatch, "b.yaml", "a.yaml", out="both.ics")
    found = [str(e["UID"]) for e in icalendar.Calendar.from_ical(both).walk("VEVENT")]
    assert len(found) == 64 and len(set(found)) == 64
    assert found[:32] == list(uids(alone).values())  # the first in path order keeps its own


def test_exit_codes_follow_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert calendar(tmp_path, monkeypatch, str(EXAMPLE_PATH), out="a.ics")[0] == 0
    assert calendar(tmp_path, monkeypatch, str(TIMELINE), out="b.ics")[0] == 1
    code, _, _ = calendar(tmp_path, monkeypatch, "--exit-zero", str(TIMELINE), out="c.ics")
    assert code == 0


def test_never_over_a_file_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.ics").write_text("mine\n")
    result = run_cli("calendar", str(EXAMPLE_PATH), "-o", "plan.ics", cwd=tmp_path)
    assert result.returncode == 2 and (tmp_path / "plan.ics").read_text() == "mine\n"
    assert result.stderr == (
        "migralint: error: plan.ics exists; not overwriting the calendar "
        "(use --force to replace it)\n"
    )
    code, data, _ = calendar(tmp_path, monkeypatch, "--force", str(EXAMPLE_PATH))
    assert code == 0 and len(events(data)) == 32


def test_an_unreadable_plan_leaves_a_calendar_of_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "broken.yaml", "migralint: 1\nplan: {name: [x\n")
    write(tmp_path, "good.yaml", EXAMPLE)
    code, data, stderr = calendar(tmp_path, monkeypatch, "broken.yaml", "good.yaml")
    assert code == 1
    assert "Traceback" not in stderr
    found = events(data)
    assert len(found) == 32 and all(s.startswith(f"{PLAN}: ") for s in found)
    assert str(icalendar.Calendar.from_ical(data)["X-WR-CALNAME"]) == PLAN


def test_missing_icalendar_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """Without the calendar extra (find_spec says so), a real process says
    how to install it, in one line."""
    script = (
        "import importlib.util, sys\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name == 'icalendar' else real(name, *a)\n"
        f"sys.argv = ['migralint', 'calendar', {str(EXAMPLE_PATH)!r}, '-o', 'plan.ics']\n"
        "from migralint.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr == (
        "migralint: error: `migralint calendar` needs icalendar, which is not installed: "
        "pip install 'migralint[calendar]'\n"
    )
    assert not (tmp_path / "plan.ics").exists()


# Hostile strings and zones ----------------------------------------------------------------


def test_hostile_plan_name_is_escaped_and_parseable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "Évil\\x07 plan; with, commas\\u202e and a \\\\ backslash " + "ü" * 40
    hostile = mutate(EXAMPLE, f"  name: {PLAN}\n", f'  name: "{name}"\n')
    write(tmp_path, "hostile.yaml", hostile)
    code, data, _ = calendar(tmp_path, monkeypatch, "hostile.yaml")
    assert code == 0
    shown = "Évil\\x07 plan; with, commas\\u202e and a \\ backslash " + "ü" * 40
    assert b"\x07" not in data and "\u202e".encode() not in data
    assert b"plan\\; with\\, commas" in data  # escaped by icalendar, not by hand
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["X-WR-CALNAME"]) == shown
    assert f"{shown}: cutover" in {str(e["SUMMARY"]) for e in parsed.walk("VEVENT")}
    other = vobject.readOne(data.decode("utf-8"))
    assert f"{shown}: cutover" in {e.summary.value for e in other.vevent_list}


def test_a_newline_in_a_label_stays_on_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = mutate(EXAMPLE, "name: Spring sale,", 'name: "Spring\\nEND:VEVENT;sale",')
    write(tmp_path, "hostile.yaml", hostile)
    code, data, _ = calendar(tmp_path, monkeypatch, "hostile.yaml")
    assert code == 0
    assert len(events(data)) == 32
    assert f"{PLAN}: Spring\\nEND:VEVENT;sale" in events(data)
    assert data.count(b"\r\nEND:VEVENT\r\n") == 32


def test_a_plan_in_utc_needs_no_vtimezone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    utc = mutate(EXAMPLE, "timezone: Europe/Berlin ", "timezone: UTC ")
    write(tmp_path, "utc.yaml", utc)
    _, data, _ = calendar(tmp_path, monkeypatch, "--ignore", "TL", "utc.yaml")
    assert b"DTSTART:20250311T090000Z\r\n" in data
    assert b"VTIMEZONE" not in data


def test_an_instant_far_from_the_others_is_written_in_utc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A VTIMEZONE over 800 years would be huge: the zone's instants are
    written in UTC instead, still exact."""
    far = mutate(
        EXAMPLE,
        "decision_deadline: 2025-03-17T12:00:00+01:00",
        "decision_deadline: 2825-03-17T12:00:00+01:00",
    )
    write(tmp_path, "far.yaml", far)
    _, data, _ = calendar(tmp_path, monkeypatch, "far.yaml")
    found = events(data)
    assert b"VTIMEZONE" not in data
    assert found[f"{PLAN}: cutover"].decoded("DTSTART") == dt.datetime(2025, 3, 11, 9, tzinfo=UTC)
    assert b"DTSTART:20250311T090000Z\r\n" in data
    assert found[f"{PLAN}: rollback decision deadline"].decoded("DTSTART") == dt.datetime(
        2825, 3, 17, 11, tzinfo=UTC
    )


def test_odd_spans_and_the_calendars_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An end before its start is one day; date-time ends are read as their
    local day; a cutover in year 1 and a span to 9999-12-31 still make
    events (never an internal error)."""
    odd = mutate(EXAMPLE, "ends: 2024-12-20}", "ends: 2024-07-20}")
    odd = mutate(
        odd,
        "starts: 2025-01-06, ends: 2025-02-14",
        "starts: 2025-01-06T09:00:00, ends: 2025-02-14T23:30:00-05:00",
    )
    odd = mutate(odd, "at: 2025-03-11T10:00:00+01:00", "at: 0001-01-01T00:30:00+01:00")
    odd = mutate(
        odd, "starts: 2025-03-20, ends: 2025-03-24", "starts: 9999-12-30, ends: 9999-12-31"
    )
    write(tmp_path, "odd.yaml", odd)
    code, data, stderr = calendar(tmp_path, monkeypatch, "odd.yaml")
    assert code == 1 and "internal error" not in stderr
    found = events(data)
    assert len(found) == 32
    build = found[f"{PLAN}: build"]
    assert (build.decoded("DTSTART"), build.decoded("DTEND")) == (D(2024, 8, 1), D(2024, 8, 2))
    uat = found[f"{PLAN}: uat"]  # 2025-02-14T23:30-05:00 is Saturday 05:30 in Berlin
    assert (uat.decoded("DTSTART"), uat.decoded("DTEND")) == (D(2025, 1, 6), D(2025, 2, 16))
    cutover = found[f"{PLAN}: cutover"]
    assert (cutover.decoded("DTSTART"), cutover.decoded("DTEND")) == (D(1, 1, 1), D(1, 1, 2))
    spring = found[f"{PLAN}: Spring sale"]
    assert spring.decoded("DTSTART") == D(9999, 12, 30) and "DTEND" not in spring
    assert spring.decoded("DURATION") == dt.timedelta(days=2)
    assert len(vobject.readOne(data.decode("utf-8")).vevent_list) == 32


def test_no_plan_with_dates_gives_an_empty_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "broken.yaml", "migralint: 1\nplan: {name: [x\n")
    code, data, _ = calendar(tmp_path, monkeypatch, "broken.yaml")
    assert code == 1
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["X-WR-CALNAME"]) == "migralint: no plans"
    assert parsed.walk("VEVENT") == []
