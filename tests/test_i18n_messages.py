"""Every rule's message in every language, with the values of its `fail`
example: no placeholder left, in the language's script (Korean, Thai,
Arabic) or at least not the English (Spanish, French), with the dates in
the language's format."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from migralint import loader
from migralint import rules as rulefiles
from migralint.discovery import Target
from migralint.engine import Engine, rule_failed
from migralint.i18n.catalogs import placeholders
from migralint.i18n.translator import ENGLISH, translator
from migralint.policytest import as_plan, portfolio_parts
from migralint.portfolio import lint_together
from migralint.runner import Job, lint_target

LANGUAGES = ("es", "fr", "ko", "th", "ar")
SCRIPT = {"ko": "[\uac00-\ud7a3]", "th": "[\u0e00-\u0e7f]", "ar": "[\u0600-\u06ff]"}
RULES = rulefiles.bundled_rules()
# Rules whose findings are made around the engine (a file that cannot be
# read, waivers, the cap, a failing check): their examples run as `check` runs.
AROUND_THE_ENGINE = {"PL008", "PL009", "PL010", "PL011", "PL012"}


def _findings(rule: rulefiles.Rule, tr, tmp_path: Path) -> list:  # type: ignore[no-untyped-def]
    snippet = rule.examples["fail"]
    if rule.code == "PL011":
        return [
            rule_failed(
                "plan.yaml", "TL003", "holiday", OverflowError("date value out of range"), tr
            )
        ]
    if rule.code in AROUND_THE_ENGINE:
        return _around(rule, tr, tmp_path)
    engine = Engine([rule], translator=tr)
    if rule.scope == "portfolio":
        docs = []
        for number, (part, _) in enumerate(portfolio_parts(snippet), start=1):
            docs.append((f"plan {number}", loader.load(as_plan(part)[0].encode())))
        return [f for f in lint_together(engine, docs) if f.code == rule.code]
    doc = loader.load(as_plan(snippet)[0].encode())
    return [f for f in engine.lint(doc, "plan.yaml") if f.code == rule.code]


_TWO_FINDINGS = """\
migralint: 1
plan: {name: N, timezone: Europe/Berlin, owner: TODO a, executive_sponsor: {name: TODO b, role: c}}
"""


def _around(rule: rulefiles.Rule, tr, tmp_path: Path) -> list:  # type: ignore[no-untyped-def]
    """The findings of a rule made by the runner, as `check` makes them."""
    job = Job(lang=tr.lang, today=dt.date(2025, 1, 15))
    if rule.code == "PL008":
        target = Target(str(tmp_path / "does-not-exist.yaml"), explicit=True)
    elif rule.code == "PL012":
        job = Job(lang=tr.lang, today=dt.date(2025, 1, 15), max_findings=1)
        plan = tmp_path / "plan.yaml"
        plan.write_text(_TWO_FINDINGS, encoding="utf-8")
        target = Target(str(plan), explicit=True)
    else:
        plan = tmp_path / "plan.yaml"
        text = as_plan(rule.examples["fail"])[0]
        plan.write_text(text if text.startswith("migralint:") else "migralint: 1\n" + text, "utf-8")
        target = Target(str(plan), explicit=True)
    result = lint_target(target, job)
    return [f for f in result.findings if f.code == rule.code]


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("english")
    return {r.code: [f.message for f in _findings(r, ENGLISH, folder)] for r in RULES}


def test_every_rule_makes_a_message_from_its_fail_example(english) -> None:  # type: ignore[no-untyped-def]
    portfolio = {r.code for r in RULES if r.scope == "portfolio"}
    silent = [code for code, said in english.items() if not said]
    assert silent == [], f"rules whose fail example makes no message here: {silent}"
    assert portfolio  # the portfolio rules are among them, compared over their plans


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_message_is_in_the_language(lang: str, english, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tr = translator(lang)
    problems = []
    for rule in RULES:
        said = [f.message for f in _findings(rule, tr, tmp_path)]
        assert len(said) == len(english[rule.code]), rule.code
        for message, source in zip(said, english[rule.code], strict=True):
            if re.search(r"\{[a-z_]+\}", message) or ("{" in message and "{" not in source):
                problems.append(f"{rule.code}: a placeholder is left: {message}")
            if message.count("?") > source.count("?"):
                problems.append(f"{rule.code}: a value is missing (?): {message}")
            if lang in SCRIPT and not re.search(SCRIPT[lang], message):
                problems.append(f"{rule.code}: not in the language's script: {message}")
            if lang not in SCRIPT and message == source:
                problems.append(f"{rule.code}: still the English: {message}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_template_fills_what_the_english_fills(lang: str) -> None:
    """A translation that names a value its check does not fill would show
    `?`; one that drops a value loses what the finding is about."""
    tr = translator(lang)
    for rule in RULES:
        for then in rule.then:
            if not then.message:
                continue
            said = tr.rule(rule.code, then.message)
            assert placeholders(said) == placeholders(then.message), (rule.code, said)
            list(string.Formatter().parse(said))  # a valid template


@pytest.mark.parametrize(
    ("lang", "date"),
    [
        ("es", "viernes, 14 de marzo de 2025"),
        ("fr", "vendredi 14 mars 2025"),
        ("ko", "2025년 3월 14일 금요일"),
        ("th", "วันศุกร์ที่ 14 มีนาคม ค.ศ. 2025"),
        ("ar", "الجمعة، 14 مارس 2025"),
    ],
)
def test_the_cutover_is_said_in_the_language_s_date_format(lang: str, date: str) -> None:
    rule = next(r for r in RULES if r.code == "TL001")
    doc = loader.load(as_plan(rule.examples["fail"])[0].encode())
    (finding,) = [f for f in Engine([rule], translator=translator(lang)).lint(doc, "p.yaml")]
    assert date in finding.message
    assert "16:30 Europe/Berlin" in finding.message  # the zone stays its IANA name
    assert finding.line == 5 and finding.column == 9  # where it was in English


def test_thai_dates_in_the_buddhist_era_when_asked() -> None:
    rule = next(r for r in RULES if r.code == "TL001")
    doc = loader.load(as_plan(rule.examples["fail"])[0].encode())
    (gregorian,) = Engine([rule], translator=translator("th")).lint(doc, "p.yaml")
    (buddhist,) = Engine([rule], translator=translator("th", True)).lint(doc, "p.yaml")
    assert "ค.ศ. 2025" in gregorian.message and "2568" not in gregorian.message
    assert "พ.ศ. 2568" in buddhist.message and "2025" not in buddhist.message.split("Europe")[0]


def test_french_says_the_first_of_a_month_as_an_ordinal() -> None:
    tr = translator("fr")
    assert tr.moment(dt.date(2025, 4, 1)) == "mardi 1er avril 2025"
    assert tr.day(dt.date(2025, 4, 1)) == "1er avril 2025"
    assert tr.moment(dt.datetime(2025, 4, 1, 9, 0), "Europe/Paris").startswith(
        "mardi 1er avril 2025"
    )
    assert tr.day(dt.date(2025, 4, 11)) == "11 avril 2025"  # only the first
    assert tr.day(dt.date(2025, 4, 21)) == "21 avril 2025"
    assert translator("es").day(dt.date(2025, 4, 1)) == "1 de abril de 2025"  # French only
