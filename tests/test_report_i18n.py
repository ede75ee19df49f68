"""The HTML report in the reader's language.

English is what the report has always been, byte for byte: tests/golden/
holds pages made before the report was translated, and the same inputs must
render to the same bytes, whether the templates are compiled with their
messages folded into their text (what English pages use) or said by the
translator at runtime. In each bundled language a page renders with its
`lang`, without a placeholder left, in the language's script; the catalogs
are still being translated, so a language is tested with its real catalogs
where they translate and otherwise with the English marked in its script
(``Marked``). The Arabic page is right to left, which Chromium checks: the
layout mirrored, codes and dates left to right, the timeline's time axis
too, and axe-core passes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT, mutate, unavailable
from migralint import agenda, loader
from migralint.commands import CheckSettings, collect
from migralint.i18n.translator import ENGLISH, Translator

pytest.importorskip("jinja2", reason="the report needs Jinja2 (pip install 'migralint[report]')")
pytest.importorskip("babel", reason="other languages need Babel (pip install 'migralint[i18n]')")

from migralint import report
from migralint.report import folding
from migralint.report.say import Say

TODAY = dt.date(2025, 1, 15)
GOLDEN = Path(__file__).resolve().parent / "golden"
# The golden pages and the files they report (tests/golden/, made from the
# repository's root with today = 2025-01-15).
GOLDENS = {
    "one": ("examples/findings/timeline.yaml",),
    "clean": ("examples/northwind-clean.yaml",),
    "portfolio": (
        "examples/findings/portfolio-loyalty.yaml",
        "examples/findings/portfolio-sms.yaml",
        "examples/northwind-clean.yaml",
    ),
}
LANGUAGES = ("es", "fr", "ko", "th", "ar")
# What marks an untranslated message in each language (the script's letters
# where the language has its own script).
MARKS = {"es": "ñ", "fr": "ç", "ko": "한", "th": "ไ", "ar": "ع"}
SCRIPTS = {
    "ko": re.compile("[\uac00-\ud7af]"),
    "th": re.compile("[\u0e00-\u0e7f]"),
    "ar": re.compile("[\u0600-\u06ff]"),
}
PLACEHOLDER = re.compile(r"\{\w*\}")


class Marked(Translator):
    """A language's translator whose untranslated messages are the English
    between marks in the language's script (a translated one is as its
    catalog says): the page shows what went through the translator."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.mark = MARKS[lang]

    def _said(self, english: tuple[str, ...], said: str) -> str:
        return f"{self.mark} {said} {self.mark}" if said in english else said

    def gettext(self, message: str) -> str:
        return self._said((message,), super().gettext(message)) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._said((singular, plural), super().ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        said = super().pgettext(context, message)
        return said if context.endswith("separator") else self._said((message,), said)

    def rule(self, context: str, text: str) -> str:
        return self._said((text,), super().rule(context, text)) if text else text


def _run(paths: tuple[str, ...], lang: str = "en", tr: Translator | None = None) -> Any:
    run = collect(CheckSettings(paths=paths, today=TODAY, lang=lang), keep_plan=True)
    if tr is not None:
        run = dataclasses.replace(run, report=dataclasses.replace(run.report, tr=tr))
    return run


def _page(paths: tuple[str, ...], lang: str = "en", tr: Translator | None = None) -> str:
    return report.render(_run(paths, lang, tr), TODAY)


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pages name their files as given, relative to the repository's root.
    monkeypatch.chdir(ROOT)


# -- the page read back ----------------------------------------------------


class Text(HTMLParser):
    """A page's text nodes, each with the elements around it (innermost
    last), and its attributes that people read."""

    VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "path", "line", "rect"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.nodes: list[tuple[list[tuple[str, dict[str, str]]], str]] = []
        self.attributes: list[str] = []
        self.root: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.root = found
        self.attributes += [found[k] for k in ("aria-label", "title", "data-label") if k in found]
        if tag not in self.VOID:
            self.stack.append((tag, found))

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, -1, -1):
            if self.stack[at][0] == tag:
                del self.stack[at:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.nodes.append((list(self.stack), data))

    def visible(self, *outside: str) -> list[str]:
        """The text nodes people read, outside the elements named."""
        hidden = {"style", "script", *outside}
        return [text for stack, text in self.nodes if not hidden & {tag for tag, _ in stack}]


def _whole(html: str, tag: str, cls: str = "") -> list[str]:
    """The text of each ``<tag class=cls>`` element (markup inside removed)."""
    attrs = rf'[^>]*class="[^"]*\b{cls}\b[^"]*"[^>]*' if cls else r"[^>]*"
    found = re.findall(rf"<{tag}{attrs}>(.*?)</{tag}>", html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in found]


# -- English: as it always was ---------------------------------------------


@pytest.mark.parametrize("name", GOLDENS)
def test_an_english_page_is_its_golden_byte_for_byte(name: str) -> None:
    page = _page(GOLDENS[name])
    assert page.encode("utf-8") == (GOLDEN / f"report.{name}.html").read_bytes()


@pytest.mark.parametrize("name", GOLDENS)
def test_english_said_at_runtime_is_english_folded(monkeypatch, name: str) -> None:
    """The English environment folds the messages into the templates; the
    translator says them the same at runtime (what folding cannot reach)."""
    runtime = report._environment(False)
    monkeypatch.setattr(report, "_environment", lambda english=True: runtime)
    page = _page(GOLDENS[name])
    assert page.encode("utf-8") == (GOLDEN / f"report.{name}.html").read_bytes()


def test_the_english_page_says_what_it_always_said() -> None:
    page = _page(GOLDENS["one"])
    for fragment in (
        '<!DOCTYPE html>\n<html lang="en">\n<head>',
        '<a class="skip-link" href="#main">Skip to the report</a>',
        "<span>Report made 2025-01-15</span>",
        "<span>Not ready for cutover approval: 5 errors, 5 warnings</span>",
        "Not ready means at least one finding at or above <strong>error</strong>, this file's "
        "fail level (the level at which <code>migralint check</code> fails).",
        "<li><strong>TL</strong> Timeline and contract: 1 error, 5 warnings</li>",
        "<p>10 findings, worst first; 10 pinned on the timeline at the date they are about.</p>",
        "<summary>The timeline in words (44 events)</summary>",
        '<th scope="col">Kind</th><th scope="col">Event</th><th scope="col">When</th>',
        '<td data-label="Plan line">calendar</td>',
        "examples/findings/timeline.yaml, line 166, column 18",
        ">Findings</text>",
        "<summary>Why it matters and how to fix it</summary>",
        "<h3>Waived findings</h3>\n<p>No finding was waived.</p>",
    ):
        assert fragment in page, fragment
    # Nothing of a right-to-left page.
    assert " dir=" not in page and "<bdi>" not in page
    assert "inset-inline-start" not in page


# -- every language --------------------------------------------------------


def _english_words(ours: list[str]) -> set[str]:
    page = _page(GOLDENS["one"])
    return set(Text(page).visible("code", "pre", "bdi", "svg")) | set(ours)


def _ours(page: str) -> list[str]:
    """The page's own words: its headings, table heads, summaries, field
    labels, verdict, legend, tooltips and table labels."""
    return [
        *_whole(page, "h3"),
        *_whole(page, "h5"),
        *_whole(page, "summary"),
        *_whole(page, "dt"),
        *re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', page),
        *_whole(page, "p", "verdict"),
        *_whole(page, "p", "fail-level"),
        *_whole(page, "ul", "legend"),
        *_whole(page, "a", "skip-link"),
        *Text(page).attributes,
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_in_each_language_goes_through_its_translator(lang: str) -> None:
    tr = Marked(lang)
    page = _page(GOLDENS["one"], lang, tr)
    english = _ours(_page(GOLDENS["one"]))
    text = Text(page)
    assert text.root.get("lang") == lang
    assert text.root.get("dir") == ("rtl" if lang == "ar" else None)
    # No placeholder left unfilled, in the text or in what assistive technology reads.
    shown = text.visible("code", "pre")
    assert [t for t in shown if PLACEHOLDER.search(t)] == []
    assert [a for a in text.attributes if PLACEHOLDER.search(a)] == []
    # The page's own words are the language's: its headings, table heads,
    # summaries, field labels, verdict, legend, tooltips and table labels.
    # Spanish and French share the English script: their words are marked
    # when a catalog lacks them, and differ from the English when it has them.
    script = SCRIPTS.get(lang)
    ours = _ours(page)
    if script is not None:
        assert ours and [t for t in ours if not script.search(t)] == []
    else:
        assert ours and [t for t in ours if t in english and tr.mark not in t] == []
    # Most text outside codes and isolated values is in the language's
    # script (the rest: the plan's own words, shown as they are).
    said = text.visible("code", "pre", "bdi", "svg")
    if script is not None:
        assert sum(1 for t in said if script.search(t)) > 0.6 * len(said)
    else:
        words = _english_words(english)
        assert sum(1 for t in said if t not in words) > 0.6 * len(said)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_with_the_real_catalogs_renders(lang: str) -> None:
    page = _page(GOLDENS["portfolio"], lang)
    text = Text(page)
    assert text.root.get("lang") == lang
    assert [t for t in text.visible("code", "pre") if PLACEHOLDER.search(t)] == []
    # Dates are the language's (CLDR's month names), on the axis too.
    script = SCRIPTS.get(lang)
    if script is not None:
        assert script.search(_whole(page, "p", "meta")[0])
        axis = re.findall(r'<g class="axis">(.*?)</g>', page)
        assert axis and all(script.search(re.sub(r"<[^>]+>", "", a)) for a in axis)


def test_the_real_arabic_page_is_right_to_left() -> None:
    page = _page(GOLDENS["one"], "ar")
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n')
    # The mirrored layout is the page's own stylesheet.
    assert "border-inline-start" in page and "inset-inline-start" in page
    # Codes, source and timelines left to right; values isolated.
    assert '<code dir="ltr">DA004</code>' in page
    assert '<pre class="source" dir="ltr"' in page
    assert page.count('<svg class="chart" dir="ltr"') == 2
    assert "<dd><bdi>Europe/Berlin</bdi></dd>" in page
    assert '<dd id="plan-1-file"><bdi>examples/findings/timeline.yaml</bdi></dd>' in page
    # Its dates are Arabic's (the month's name), its codes and values as they are.
    assert re.search(r"<bdi>15 يناير 2025</bdi>", page)
    assert 'data-code="DA004"' in page


def test_the_thai_buddhist_calendar_dates_the_axis_in_its_era() -> None:
    page = _page(GOLDENS["one"], "th-u-ca-buddhist")
    assert page.startswith('<!DOCTYPE html>\n<html lang="th-u-ca-buddhist">')
    axis = " ".join(re.findall(r'<g class="axis">(.*?)</g>', page))
    assert "2568" in axis and "2025" not in axis


def test_the_agenda_words_each_label_it_makes() -> None:
    """Every label the agenda words itself is one of its catalog's messages
    (say_label finds it), so no drift leaves a label in English."""
    own = {"cutover", "rollback", "retirement", "sync", "warmup", "first-campaign", "parity"}
    own |= {"report", "weekend", "contract-end", "notice", "export", "launch", "notify", "peak"}
    seen = set()
    for plan in sorted((ROOT / "examples").rglob("*.yaml")):
        try:
            view = agenda.view(loader.load(plan.read_bytes()))
        except Exception:  # a plan the examples break on purpose
            continue
        for event in view.events:
            if event.kind in own or event.kind == "milestone":
                assert agenda.say_label(event.kind, event.label, ENGLISH) == event.label, event
                seen.add(event.kind)
    assert own - seen <= {"retirement", "report", "launch", "notify"}  # not all examples date all


# -- the folding -----------------------------------------------------------


FOLDED = """\
<p>{{ _("Plain text, and the plan's name") }}</p>
<p{{ ltr }} title="{{ tr('column {column}', column=n) }}">{{ _("{path}, line {line}", path=path, line=n) }}</p>
<p>{{ plural("{n} finding", "{n} findings", n, when=path) }} {{ plural("{n} thing", "{n} things", 1) }}</p>
<p>{{ _("{findings}; {more}.", findings=plural("{n} finding", "{n} findings", n), more=_("more")) }}</p>
<p>{{ _("at or above {level}", level=markup("<strong", ltr, ">", path, "</strong>")) }} {{ iso(path) }}</p>
<p>{{ _(message) }}</p>
"""


@pytest.mark.parametrize("n", [1, 2, 12345])
def test_folded_english_is_english_said_at_runtime(n: int) -> None:
    import jinja2

    say = Say(ENGLISH)
    values = {
        "_": say,
        "tr": say.text,
        "plural": say.plural,
        "iso": say.iso,
        "markup": say.markup,
        "ltr": say.ltr,
        "path": "a <b> & 'c'.yaml",
        "n": n,
        "message": "Given by a variable",
    }
    folded = folding.EnglishEnvironment(autoescape=True).from_string(FOLDED)
    runtime = jinja2.Environment(autoescape=True).from_string(FOLDED)
    said = folded.render(**values)
    assert said == runtime.render(**values)
    assert "a &lt;b&gt; &amp; &#39;c&#39;.yaml, line" in said
    assert "<p>Plain text, and the plan's name</p>" in said
    # What folds is no call at all: the compiled template outputs its text,
    # and only a message given by a variable is left to the translator.
    code = folding.EnglishEnvironment(autoescape=True).compile(FOLDED, raw=True)
    assert "yield '<p>Plain text, and the plan" in code
    assert code.count("context.call") == 1


# -- in a browser ----------------------------------------------------------


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Arabic report of the timeline example with a waiver (its expiry a
    date in the audit), its words Arabic's or marked in Arabic script."""
    folder = tmp_path_factory.mktemp("ar")
    source = (ROOT / "examples" / "findings" / "timeline.yaml").read_text(encoding="utf-8")
    waived = mutate(
        source,
        "      destination: newcloud\n      export_by: 2025-05-09\n"
        "      verification: Record counts",
        "      destination: newcloud\n"
        '      # migralint: disable=DA004 reason="CAB-1234" approver="J. Doe" expires=2030-04-01\n'
        "      export_by: 2025-05-09\n      verification: Record counts",
    )
    plan = folder / "timeline.yaml"
    plan.write_text(waived, encoding="utf-8")
    run = collect(CheckSettings(paths=(str(plan),), today=TODAY, lang="ar"), keep_plan=True)
    run = dataclasses.replace(run, report=dataclasses.replace(run.report, tr=Marked("ar")))
    html = folder / "report-ar.html"
    html.write_text(report.render(run, TODAY), encoding="utf-8")
    return html


@pytest.fixture(scope="module")
def browsing() -> Any:
    """The browser tests' module (its visits, axe-core and artifacts)."""
    pytest.importorskip("playwright.sync_api")
    return importlib.import_module("test_report_browser")


@pytest.fixture(scope="module")
def browser(browsing: Any) -> Any:
    """One headless Chromium, as the browser tests launch it: offline."""
    executable = browsing.screenshots.find_chromium()
    if executable is None:
        unavailable(
            "Chromium is not installed (the browser tests of the report); `.ci/run` installs it",
            "Chromium is missing; CI must install it (`.ci/run`: apt-get install chromium)",
        )
    with browsing.playwright_api.sync_playwright() as playwright:
        launched = browsing.screenshots.launch(playwright, executable)
        try:
            yield launched
        finally:
            launched.close()


# Each character's box, left to right on screen in the order of the text
# (compared within a line: a narrow cell may wrap a date at its hyphens).
IN_ORDER = """nodes => nodes.map(node => {
    const text = node.firstChild;
    const boxes = [];
    for (let i = 0; i < text.length; i++) {
        if (!text.data[i].trim()) continue;
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        boxes.push(range.getBoundingClientRect());
    }
    const ordered = boxes.every((box, i) => {
        if (i === 0) return true;
        const before = boxes[i - 1];
        return Math.abs(box.top - before.top) > 2 ? box.top > before.top : box.left > before.left;
    });
    return [node.textContent, boxes.length > 0 && ordered];
})"""


@pytest.mark.slow
def test_the_arabic_report_reads_right_to_left_in_a_browser(browser, browsing, arabic) -> None:
    with browsing.visit(browser, arabic) as seen:
        page = seen.page
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert seen.errors == [] and browsing._outside(seen) == []
        # The headings' text sits against the content's right edge.
        edges = page.evaluate(
            """() => {
                const main = document.querySelector('main').getBoundingClientRect();
                return [...document.querySelectorAll('h1, h2, section.plan > h3')].map(h => {
                    const range = document.createRange();
                    range.selectNodeContents(h);
                    const text = range.getBoundingClientRect();
                    const box = h.getBoundingClientRect();
                    return [h.textContent.slice(0, 40), main.right - text.right, text.left - box.left];
                });
            }"""
        )
        assert len(edges) >= 4
        assert [e for e in edges if abs(e[1]) > 2] == []
        assert any(e[2] > 100 for e in edges)  # a short heading is far from the left
        # Rule codes and a date: their characters left to right, not mirrored.
        codes = page.locator("code, bdi").filter(has_text=re.compile(r"^[A-Z]{2}\d{3}$"))
        dates = page.locator("bdi").filter(has_text=re.compile(r"^\d{4}-\d{2}-\d{2}$"))
        assert codes.count() >= 5 and dates.count() >= 1
        for nodes in (codes, dates):
            read = nodes.evaluate_all(IN_ORDER)
            assert [text for text, ordered in read if not ordered] == []
        # The time axis runs left to right: the first phase left of the cutover.
        figure = page.locator("figure.timeline").first
        assert figure.locator("svg").evaluate("s => getComputedStyle(s).direction") == "ltr"
        first = figure.locator("g.event[data-kind=phase]", has_text="discovery").first
        cutover = figure.locator("g.event[data-kind=cutover]").first
        assert first.bounding_box()["x"] < cutover.bounding_box()["x"]
        ticks = figure.locator("g.axis text")
        assert ticks.first.bounding_box()["x"] < ticks.last.bounding_box()["x"]
        # It scrolls from its earliest dates on a narrow screen.
        assert figure.evaluate("f => f.scrollLeft") == 0
        # Source code stays left to right.
        assert page.locator("pre.source").first.evaluate("p => getComputedStyle(p).direction") == (
            "ltr"
        )
        png = browsing._artifacts() / "report-ar.png"
        png.unlink(missing_ok=True)
        page.screenshot(path=str(png), full_page=True)
    width, height = browsing._png_size(png)
    assert width == browsing.DESKTOP["width"] and height > browsing.DESKTOP["height"]


@pytest.mark.slow
@pytest.mark.parametrize("viewport", ["DESKTOP", "PHONE"])
def test_axe_finds_no_serious_violation_in_the_arabic_report(
    browser, browsing, arabic, viewport
) -> None:
    script = browsing._axe_script()
    size = getattr(browsing, viewport)
    with browsing.visit(browser, arabic, size, bypass_csp=True) as seen:
        if viewport == "PHONE":
            assert seen.page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1
        violations = browsing._axe(seen.page, script)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert [v["id"] for v in serious] == [], "axe-core:\n" + browsing._describe(serious)
