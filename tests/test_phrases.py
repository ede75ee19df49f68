"""Message parts the code composes say themselves in the reader's language,
while their English stays exactly what migralint always printed.

A stub translator marks every catalog text it is asked for (« and »), so a
test sees which parts went through the catalog and that the values were
put back in their places."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any
from zoneinfo import ZoneInfo

from migralint import caps, loader, schema, waivers
from migralint.checks import calendar, portfolio
from migralint.i18n.values import Localized, Phrase, localize
from migralint.matching import RuleIndex


class Marking:
    """Translator-like: marks texts, and says formats in a recognisable way."""

    english = False

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"

    def pgettext(self, context: str, message: str) -> str:
        return f"«{context}|{message}»"

    def value(self, value: Any) -> Any:
        return value.localize(self) if isinstance(value, Localized) else value

    def number(self, n: int | float) -> str:
        return f"#{n}"

    def day(self, day: dt.date) -> str:
        return f"day:{day.isoformat()}"

    def moment(self, moment: dt.date, zone: str = "") -> str:
        return f"moment:{moment.isoformat()}"

    def weekday(self, index: int) -> str:
        return f"weekday:{index}"

    def span(self, parts: tuple, sign: str = "") -> str:
        return f"span:{parts}"

    def listing(self, items: list[str], style: str = "standard") -> str:
        return f"{style}[{'|'.join(items)}]"


TR = Marking()


def said(value: Any) -> str:
    assert isinstance(value, Localized), value
    return TR.value(value)


def test_libyaml_words_are_phrases_and_their_english_is_libyamls() -> None:
    message = loader.load('a: "x').diagnostics[0].message
    assert message == "while scanning a quoted scalar; found unexpected end of stream"
    assert said(message) == ("««while scanning a quoted scalar»; «found unexpected end of stream»»")


def test_duplicate_key_and_yaml11_reading() -> None:
    duplicate = loader.load("a: 1\na: 2\n").diagnostics[0].message
    assert duplicate == (
        "duplicate key `a` (first at line 1); YAML readers silently keep only the last value of `a`"
    )
    assert said(duplicate) == (
        "«duplicate key `a` (first at line 1); YAML readers silently keep only the last "
        "value of `a`»"
    )
    octal = loader.load("a: 0755\n").diagnostics[0].message
    assert octal == (
        "`0755` is read as the number 755 (YAML 1.2), but a YAML 1.1 reader reads it as "
        "the octal number 493; quote it to say which you mean"
    )
    assert "as «the octal number 493»; quote" in said(octal)


def test_a_tab_that_indents_says_so() -> None:
    message = loader.load("a:\n\t- b\n").diagnostics[0].message
    assert message == "a tab indents this line, and tabs cannot indent YAML; use spaces"
    assert said(message) == f"«{message}»"


def test_unknown_words_of_the_reader_stay_as_they_are() -> None:
    assert loader._reader_words("something libyaml never says") == "something libyaml never says"
    assert not isinstance(loader._reader_words("something libyaml never says"), Localized)


def test_schema_unknown_key_is_one_sentence_with_its_suggestion() -> None:
    messages = [e.message for e in schema.validate({"migralint": 1, "plann": {}})]
    assert messages == [
        "plann: unknown key `plann`; did you mean `plan`?",
        "the plan: `plan` is required",
        "the plan: `timeline` is required",
    ]
    assert said(messages[0]) == "«{place}: unknown key `{key}`; did you mean `{choice}`?»".format(
        place="plann", key="plann", choice="plan"
    )
    assert said(messages[1]) == "««the plan»: `plan` is required»"


def test_windows_say_their_weekdays_and_their_words() -> None:
    window = calendar._describe_window({"weekday": "before-weekend", "from": "16:00"})
    assert window == "Friday from 16:00 (before the weekend)"
    assert said(window) == "««or[weekday:4] from 16:00» (before the weekend)»"
    weekend = calendar._describe_window({"weekday": "weekend"})
    assert weekend == "the weekend (Saturday-Sunday)"
    assert said(weekend) == "«the weekend («weekday:5-weekday:6»)»"


def test_clock_changes_say_their_days() -> None:
    problem, change, first, second = calendar.clock_change(
        dt.datetime(2025, 3, 30, 2, 30), ZoneInfo("Europe/Berlin")
    )
    assert (problem, change, first, second) == (
        "does not exist",
        "on 2025-03-30 the clocks jump from 02:00 to 03:00",
        "2025-03-30 01:30 +01:00 (00:30 UTC)",
        "2025-03-30 03:30 +02:00 (01:30 UTC)",
    )
    assert said(problem) == "«does not exist»"
    assert said(change) == "«on day:2025-03-30 the clocks jump from 02:00 to 03:00»"
    assert said(first) == "«day:2025-03-30 01:30 +01:00 (00:30 UTC)»"
    twice = calendar.clock_change(dt.datetime(2025, 10, 26, 2, 30), ZoneInfo("Europe/Berlin"))
    assert twice[:2] == ("happens twice", "on 2025-10-26 the clocks go back from 03:00 to 02:00")


def test_the_caps_message_has_its_plural_and_its_grouped_counts() -> None:
    assert caps._message("TL001", 3, 100) == (
        "3 more TL001 findings in this file are not shown (--max-findings 100)"
    )
    assert said(caps._message("TL001", 3, 100)) == (
        "«#3 more TL001 findings in this file are not shown (--max-findings 100)»"
    )
    assert caps._message("TL001", 1, 0) == (
        "1 more TL001 finding in this file is not shown "
        "(the reader records at most so many of one kind)"
    )
    stopped = caps._message("TL001", 1234, 100, True)
    assert stopped == (
        "rule TL001 stopped after 10,000 findings in this file; 1,234 of them and any "
        "after them are not shown"
    )
    assert "after #10000 findings" in said(stopped) and "; #1234 of them" in said(stopped)


def test_other_plans_are_a_list_with_a_count() -> None:
    assert portfolio._others([], 1) == "1 other plan"
    assert said(portfolio._others([], 2)) == "«#2 other plans»"
    others = portfolio._others(["A", "B", "C", "D"], 1500)
    assert others == "A, B, C and 1,497 more"
    assert said(others) == "standard[A|B|C|«#1497 more»]"


def test_waiver_problems_are_clauses_of_phrases() -> None:
    text = (
        "a: 1 # migralint: disable=TL001\n"
        "b: 2 # migralint: disable=TL01 reason=x\n"
        "c: 3 # migralint: Disable\n"
    )
    found = waivers.parse_inline(text, "p.yaml", RuleIndex([("TL001", "cutover-window")]))
    made: list[tuple[str, str]] = []

    def make(code: str, path: str, line: int, column: int, message: str) -> None:
        made.append((code, message))

    waivers.apply([], found, dt.date(2025, 1, 1), {"TL001"}, make)
    assert made == [
        ("PL009", 'waiver of TL001 has no reason; add reason="..." so auditors know why'),
        ("PL009", "waiver of TL01 names the unknown rule `TL01`; did you mean `TL001`?"),
        (
            "PL009",
            "not a waiver: write the directive in lower case, as in `# migralint: "
            'disable=TL001 reason="..."`',
        ),
    ]
    assert said(made[1][1]) == (
        "«waiver of TL01 «names the unknown rule `TL01`; did you mean `TL001`?»»"
    )


def test_an_expired_waiver_says_so_in_the_runs_language() -> None:
    from migralint.finding import Finding

    text = "a: 1 # migralint: disable=TL001 reason=ok approver=Jo expires=2024-12-31\n"
    found = waivers.parse_inline(text, "p.yaml", RuleIndex([("TL001", "cutover-window")]))
    finding = Finding("p.yaml", 1, 4, "TL001", "cutover-window", "error", "it is late")
    english = waivers.apply([finding], found, dt.date(2025, 1, 1), {"TL001"}, lambda *a: None)
    assert english.findings[0].message == (
        "it is late (waiver by Jo expired on 2024-12-31; renew it or fix the plan)"
    )
    marked = waivers.apply([finding], found, dt.date(2025, 1, 1), {"TL001"}, lambda *a: None, TR)
    assert marked.findings[0].message == (
        "«it is late (waiver by Jo expired on day:2024-12-31; renew it or fix the plan)»"
    )


def test_phrases_cross_processes_with_what_they_need() -> None:
    message = loader.load('a: "x').diagnostics[0].message
    again = pickle.loads(pickle.dumps(message))
    assert again == message and type(again) is type(message)
    assert said(again) == said(message)
    nested = Phrase("{a} and {b}", a=Phrase("x"), b=3)
    assert localize(pickle.loads(pickle.dumps(nested)), TR) == "««x» and 3»"


def test_clauses_are_joined_as_the_language_joins_them() -> None:
    from migralint.i18n.values import Clauses

    text = "a: 1 # migralint: disable= expires=soon\n"
    found = waivers.parse_inline(text, "p.yaml", RuleIndex([("TL001", "cutover-window")]))
    problems = Clauses(found[0].problems)
    assert problems == (
        'names no rule (disable=CODE); has no reason; add reason="..." so auditors know '
        "why; expiry `soon` is not a date (YYYY-MM-DD)"
    )
    assert said(problems).count("«list separator|; »") == 2
