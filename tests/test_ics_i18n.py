"""`migralint calendar` in the reader's language: English byte for byte as
it always was, the other languages valid RFC 5545 with the same events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import EXAMPLE, ROOT, mutate

icalendar = pytest.importorskip("icalendar", reason="the calendar extra is not installed")
vobject = pytest.importorskip("vobject", reason="vobject (the test extra) is not installed")

from migralint import ics  # noqa: E402
from migralint.cli import cli  # noqa: E402
from migralint.commands import CheckSettings, collect  # noqa: E402
from migralint.i18n.translator import Translator, translator  # noqa: E402
from migralint.i18n.values import Phrase  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "calendar.ics"
EPOCH = "1735689600"  # 2025-01-01T00:00:00Z
# The golden's command, from the repository's root (relative paths, as documented).
PLANS = ("examples/findings/timeline.yaml", "examples/northwind-clean.yaml")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> bytes:
    """The bytes of `migralint calendar ARGS PLANS -o FILE`, run from the
    repository's root in a locale that asks for no language."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    target = tmp_path / "plan.ics"
    result = CliRunner().invoke(cli, ["calendar", *args, *PLANS, "-o", str(target)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.stderr  # the timeline example has errors
    return target.read_bytes()


def test_english_is_byte_for_byte_the_golden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert calendar(tmp_path, monkeypatch) == GOLDEN.read_bytes()


# The other languages -------------------------------------------------------------------

LANGUAGES = ("es", "fr", "ko", "th", "ar")
# A finding's date in the descriptions: DA004 quotes the export of 2025-05-09.
EXPORTED = dt.date(2025, 5, 9)
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


class Marking(Translator):
    """Every catalog message of the code marked with the language: a
    translator whose words surely differ from English, whatever the
    catalogs hold yet (the rules' texts and Babel's formats are the real ones)."""

    def gettext(self, message: str) -> str:
        return f"[{self.lang}] {message}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"[{self.lang}] {singular if n == 1 else plural}"

    def pgettext(self, context: str, message: str) -> str:
        return f"[{self.lang}] {message}"


@pytest.fixture(scope="module")
def english() -> bytes:
    return GOLDEN.read_bytes()


@pytest.fixture(scope="module", params=LANGUAGES)
def translated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """(language, the calendar's bytes with --lang LANGUAGE)."""
    folder = tmp_path_factory.mktemp(f"calendar-{request.param}")
    with pytest.MonkeyPatch.context() as monkeypatch:
        return request.param, calendar(folder, monkeypatch, "--lang", request.param)


def by_uid(data: bytes) -> dict[str, icalendar.Event]:
    found = icalendar.Calendar.from_ical(data).walk("VEVENT")
    events = {str(e["UID"]): e for e in found}
    assert len(events) == len(found)
    return events


def when(event: icalendar.Event) -> tuple:
    """DTSTART, DTEND and DURATION as the file writes them (TZID and all)."""
    return tuple(
        (event[name].to_ical(), dict(event[name].params)) if name in event else None
        for name in ("DTSTART", "DTEND", "DURATION")
    )


def texts(event: icalendar.Event) -> list[str]:
    return [str(event["SUMMARY"]), str(event["DESCRIPTION"])] + [
        str(alarm["DESCRIPTION"]) for alarm in event.walk("VALARM")
    ]


def test_same_uids_and_times_in_every_language(translated: tuple, english: bytes) -> None:
    """Imported again in another language, the calendar updates the same events."""
    _, data = translated
    events, originals = by_uid(data), by_uid(english)
    assert list(events) == list(originals)  # the same UIDs, in the same order
    for uid, event in events.items():
        assert when(event) == when(originals[uid]), uid
        assert len(event.walk("VALARM")) == len(originals[uid].walk("VALARM")), uid
    assert data.count(b"TRIGGER:-P14D\r\n") == english.count(b"TRIGGER:-P14D\r\n") == 4
    assert icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"


def test_every_text_says_its_language(translated: tuple) -> None:
    lang, data = translated
    for event in by_uid(data).values():
        for name in ("SUMMARY", "DESCRIPTION", "CATEGORIES"):
            assert event[name].params["LANGUAGE"] == lang, name
        for alarm in event.walk("VALARM"):
            assert alarm["DESCRIPTION"].params["LANGUAGE"] == lang
    parsed = icalendar.Calendar.from_ical(data)
    assert parsed["NAME"].params["LANGUAGE"] == lang
    assert f"SUMMARY;LANGUAGE={lang}:".encode() in data


def test_read_back_by_vobject(translated: tuple, english: bytes) -> None:
    lang, data = translated
    parsed = vobject.readOne(data.decode("utf-8"))
    original = vobject.readOne(english.decode("utf-8"))
    assert [e.uid.value for e in parsed.vevent_list] == [e.uid.value for e in original.vevent_list]
    for event, before in zip(parsed.vevent_list, original.vevent_list, strict=True):
        assert event.dtstart.value == before.dtstart.value
        assert event.summary.params["LANGUAGE"] == [lang]
        assert event.description.params["LANGUAGE"] == [lang]
        assert event.summary.value.startswith("Northwind ESP consolidation")  # the plan's name


def test_no_placeholder_left_and_dates_in_the_locales_format(translated: tuple) -> None:
    lang, data = translated
    tr = translator(lang)
    day = tr.moment(EXPORTED)
    assert day != "Friday 2025-05-09"
    found = []
    for event in by_uid(data).values():
        for text in texts(event):
            assert not PLACEHOLDER.search(text), text
            assert "Friday 2025-05-09" not in text
            found.append(day in text)
    assert any(found), day
    if lang == "ko":
        assert "2025년 5월 9일 금요일" in data.decode("utf-8").replace("\r\n ", "")


def test_the_buddhist_era_in_thai(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = calendar(tmp_path, monkeypatch, "--lang", "th-u-ca-buddhist")
    events = by_uid(data)
    assert list(events) == list(by_uid(GOLDEN.read_bytes()))
    assert all(e["SUMMARY"].params["LANGUAGE"] == "th-u-ca-buddhist" for e in events.values())
    descriptions = "".join(str(e["DESCRIPTION"]) for e in events.values())
    assert "2568" in descriptions and "2025" not in translator("th", True).moment(EXPORTED)


# Every text of ours goes through the translator -------------------------------------------


@pytest.fixture(scope="module", params=LANGUAGES)
def marked(request: pytest.FixtureRequest) -> tuple[str, bytes, dict[str, bool]]:
    """(language, the calendar of a run in LANGUAGE rendered with a Marking
    translator, whether each English label is ours: a Phrase, not the plan's)."""
    lang = request.param
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(ROOT)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        run = collect(CheckSettings(paths=PLANS, lang=lang, jobs=1), keep_plan=True)
        run.report = dataclasses.replace(run.report, tr=Marking(lang))
        ours = {
            str(e.label): isinstance(e.label, Phrase)
            for r in run.results
            for e in r.plan.events
            if e.pointer
        }
        return lang, ics.render(run).encode("utf-8"), ours


def test_every_summary_and_description_is_translated(marked: tuple, english: bytes) -> None:
    lang, data, _ = marked
    events, originals = by_uid(data), by_uid(english)
    assert list(events) == list(originals)
    mark = f"[{lang}] "
    for uid, event in events.items():
        before = originals[uid]
        assert when(event) == when(before)
        summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
        assert summary != str(before["SUMMARY"])
        assert summary.startswith(f"{mark}Northwind ESP consolidation: "), summary
        assert description != str(before["DESCRIPTION"])
        # The file and line, then whether there are findings: each line ours.
        lines = description.split("\n")
        assert lines[0].startswith(f"{mark}examples/") and lines[0].endswith(
            f" line {event_line(before)}"
        )
        assert lines[2].startswith(mark)
        assert all(line.startswith(mark) for line in lines[3:])
        assert event["CATEGORIES"].cats[0].startswith(mark)
        for alarm in event.walk("VALARM"):
            assert str(alarm["DESCRIPTION"]) == summary
    assert str(icalendar.Calendar.from_ical(data)["X-WR-CALNAME"]) == f"{mark}migralint: 2 plans"


def event_line(event: icalendar.Event) -> str:
    """The line number an English description starts with."""
    return str(event["DESCRIPTION"]).split("\n")[0].rsplit(" ", 1)[1]


def test_plan_values_and_codes_stay_as_they_are(marked: tuple, english: bytes) -> None:
    lang, data, ours = marked
    mark = f"[{lang}] "
    events, originals = by_uid(data), by_uid(english)
    for uid, event in events.items():
        before = str(originals[uid]["SUMMARY"]).removeprefix("Northwind ESP consolidation: ")
        summary = str(event["SUMMARY"]).removeprefix(f"{mark}Northwind ESP consolidation: ")
        # `export {dataset}` marked with its id as it is; a phase's id, a
        # freeze window's name, a training's audience: the plan's, unmarked.
        assert summary == (f"{mark}{before}" if ours[before] else before)
    assert {"discovery", "Spring sale", "campaign managers"} <= {
        k for k, v in ours.items() if not v
    }
    assert {"cutover", "export subscribers", "LegacyMail contract ends"} <= {
        k for k, v in ours.items() if v
    }
    found = [str(e["DESCRIPTION"]) for e in events.values()]
    assert any(f"\n{mark}TL010 [{lang}] warning: " in text for text in found)


def test_the_findings_not_listed_are_counted_in_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten exports on one day: each description lists four DA004, then how
    many more, in the plural the language gives that count."""
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
    (tmp_path / "many.yaml").write_text(
        mutate(EXAMPLE, "  datasets:\n", "  datasets:\n" + extra), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    run = collect(CheckSettings(paths=("many.yaml",), lang="ko", jobs=1), keep_plan=True)
    run.report = dataclasses.replace(run.report, tr=Marking("ko"))
    events = icalendar.Calendar.from_ical(ics.render(run)).walk("VEVENT")
    (export,) = [e for e in events if str(e["SUMMARY"]).endswith("export extra-4")]
    lines = str(export["DESCRIPTION"]).split("\n")
    assert lines[2] == "[ko] Findings about this date:"
    assert lines[3].startswith("[ko] DA004 [ko] error: ")
    assert lines[7] == "[ko] ... and 6 more: migralint check many.yaml"
    # The calendar's name is the plan's own: a value, not our words.
    assert str(icalendar.Calendar.from_ical(ics.render(run))["X-WR-CALNAME"]) == (
        "Northwind ESP consolidation"
    )
