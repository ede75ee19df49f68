"""`migralint report`: the HTML page read back with html.parser (well
formed, no network reference, the DOM hooks the browser tests use), its
verdicts, timelines, findings and audit, and the command's exits."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import EXAMPLE, EXAMPLE_PATH, ROOT, mutate, run_cli
from migralint import __version__, agenda, rules
from migralint.commands import CheckSettings, collect
from migralint.report import page, render, timeline

pytest.importorskip("jinja2", reason="the report needs Jinja2 (pip install 'migralint[report]')")

FINDINGS = ROOT / "examples" / "findings"
TIMELINE = FINDINGS / "timeline.yaml"
TODAY = dt.date(2025, 1, 15)
VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source"}
EXPECTED_KINDS = {
    "phase",
    "cutover",
    "rollback",
    "freeze",
    "notice",
    "export",
    "sync",
    "warmup",
    "first-campaign",
    "parity",
    "launch",
    "training",
    "notify",
}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.content: list[str | Node] = []  # text and elements, in order

    @property
    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.content)

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        found = []
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if (
                (tag is None or node.tag == tag)
                and (cls is None or cls in node.classes)
                and all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
            ):
                found.append(node)
            stack.extend(reversed(node.children))
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} class={cls} {attrs}>"
        return found[0]

    def child(self, tag: str) -> Node:
        return next(c for c in self.children if c.tag == tag)


class Tree(HTMLParser):
    """The page as nodes; an end tag that closes another element, or an
    element left open, is an error (the page must be well formed)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.ids: list[str] = []
        self.feed(html)
        self.close()
        assert self.current is self.root, f"<{self.current.tag}> never closed"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.content.append(node)
        if "id" in node.attrs:
            self.ids.append(node.attrs["id"])
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.content.append(node)
        if "id" in node.attrs:
            self.ids.append(node.attrs["id"])

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}>"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.content.append(data)


def report_of(*paths: Path | str, today: dt.date = TODAY, **settings: object) -> str:
    run = collect(
        CheckSettings(paths=tuple(str(p) for p in paths), today=TODAY, **settings),  # type: ignore[arg-type]
        keep_plan=True,
    )
    return render(run, today)


def check_json(*paths: Path | str) -> dict:
    done = run_cli("check", "--format", "json", *map(str, paths))
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def assert_self_contained(html: str, tree: Tree) -> None:
    """No request of any kind: nothing loads from anywhere, and the links
    that leave the page are plain anchors."""
    assert not re.search(r"url\(|@import", html, re.I)
    for node in tree.root.all():
        assert node.tag not in ("link", "img", "iframe", "object", "embed", "audio", "video")
        assert not {"src", "srcset", "xlink:href", "data", "poster", "action"} & set(node.attrs)
        for name, value in node.attrs.items():
            if re.match(r"\s*(https?:)?//", value, re.I):
                assert (node.tag, name) == ("a", "href"), (node.tag, name, value)
    for style in tree.root.all("style"):
        assert "http" not in style.text()
    policy = tree.root.one("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert policy.startswith("default-src 'none'; ")


def assert_sound(html: str) -> Tree:
    tree = Tree(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    duplicates = {i for i in tree.ids if tree.ids.count(i) > 1}
    assert duplicates == set()
    ids = set(tree.ids)
    for node in tree.root.all():
        for name in ("aria-labelledby", "aria-describedby"):
            for target in node.attrs.get(name, "").split():
                assert target in ids, (name, target)
        href = node.attrs.get("href", "")
        if node.tag == "a" and href.startswith("#"):
            assert href[1:] in ids, href
    assert len(tree.root.all("h1")) == 1
    assert_self_contained(html, tree)
    return tree


def kinds_in(figure: Node) -> set[str]:
    return {g.attrs["data-kind"] for g in figure.all("g", "event")}


# --- one clean plan


@pytest.fixture(scope="module")
def clean() -> tuple[str, Tree]:
    html = report_of(EXAMPLE_PATH)
    return html, assert_sound(html)


def test_the_clean_example_is_ready(clean) -> None:
    _, tree = clean
    (verdict,) = tree.root.all("p", "verdict")
    assert verdict.classes == {"verdict", "verdict-ready"}
    assert verdict.attrs["role"] == "status"
    assert verdict.text() == "Ready: no errors, no warnings"
    assert verdict.one("svg").attrs["aria-hidden"] == "true"  # the shape beside the words
    assert tree.root.all("article", "finding") == []
    section = tree.root.one("section", "plan")
    assert section.attrs["id"] == "plan-1"
    assert section.one("h2").text() == "Northwind ESP consolidation"


def test_the_clean_example_draws_every_kind_of_date(clean) -> None:
    _, tree = clean
    figure = tree.root.one("figure", "timeline")
    assert figure.attrs["id"] == "timeline-1"
    kinds = kinds_in(figure)
    assert kinds >= EXPECTED_KINDS
    assert kinds & {"holiday", "weekend"}
    (svg,) = figure.all("svg")
    assert svg.attrs["role"] == "img"
    assert svg.child("title").attrs["id"] == svg.attrs["aria-labelledby"] == "timeline-1-title"
    assert svg.child("desc").text().startswith("From 2022-12-19 to 2025-08-12. Cutover Tuesday")
    for event in figure.all("g", "event"):
        assert event.children[0].tag == "title" and event.children[0].text()
    cutover = figure.one("g", "event", data_kind="cutover")
    assert (
        cutover.child("title").text() == "cutover: cutover, Tuesday 2025-03-11 10:00 Europe/Berlin"
    )
    # The text alternative right after the picture: every event, in words.
    assert figure.children[figure.children.index(svg) + 1].classes == {"timeline-text"}
    rows = figure.one("details", "timeline-text").one("tbody").all("tr")
    # 32 dated nodes; 8 weekends and Washington's Birthday (US, 2025-02-17) in the
    # four weeks either side of the cutover; the retail peaks of 2023 and 2024 (2025's
    # is after the plan's last date: calendar facts never widen the axis).
    assert len(rows) == 43
    assert [r.children[1].text() for r in rows if r.children[0].text() == "public holiday"] == [
        "Washington's Birthday (US)"
    ]
    assert [row.children[1].text() for row in rows if row.children[0].text() == "retail peak"] == [
        "retail peak 2023 (Black Friday 2023-11-24)",
        "retail peak 2024 (Black Friday 2024-11-29)",
    ]
    first = rows[0]
    assert [cell.text() for cell in first.children] == [
        "milestone",
        "RFP",
        "Monday 2023-01-16",
        "line 51",
    ]


def test_the_page_says_which_migralint_and_rules_made_it(clean) -> None:
    html, tree = clean
    meta = tree.root.one("p", "meta").text()
    bundled = len(rules.bundled_rules())
    assert "Report made 2025-01-15" in meta
    assert f"migralint {__version__}" in meta
    assert f"the {bundled} rules bundled with migralint {__version__}, {bundled} selected" in meta
    fields = dict(zip(
        [n.text() for n in tree.root.all("dt")], [n.text() for n in tree.root.all("dd")], strict=True
    ))  # fmt: skip
    assert fields == {
        "Organisation": "Northwind Outfitters",
        "Kind": "consolidate",
        "Owner": "Dana Ortiz (Marketing Operations)",
        "Executive sponsor": "Priya Raman (CMO)",
        "Time zone": "Europe/Berlin",
        "Countries": "DE, US",
        "Industry": "retail",
        "File": fields["File"],
    }
    assert fields["File"].endswith("examples/northwind-clean.yaml")
    assert "@media print" in html and "@page { size: A4" in html


# --- one plan with findings


@pytest.fixture(scope="module")
def timeline_plan() -> tuple[str, Tree, dict]:
    html = report_of(TIMELINE)
    return html, assert_sound(html), check_json(TIMELINE)


def test_a_plan_with_errors_is_not_ready(timeline_plan) -> None:
    _, tree, _ = timeline_plan
    verdict = tree.root.one("p", "verdict")
    assert "verdict-not-ready" in verdict.classes
    assert verdict.text() == "Not ready for cutover approval: 5 errors, 5 warnings"
    families = [li.text() for li in tree.root.one("ul", "families").all("li")]
    assert families == [
        "DA Data and retention: 4 errors, no warnings",
        "TL Timeline and contract: 1 error, 5 warnings",
    ]


def test_every_finding_check_reports_is_an_article(timeline_plan) -> None:
    _, tree, payload = timeline_plan
    articles = tree.root.all("article", "finding")
    assert len(articles) == len(payload["findings"]) == 10
    assert sorted((a.attrs["data-code"], a.attrs["data-severity"]) for a in articles) == sorted(
        (f["code"], f["severity"]) for f in payload["findings"]
    )
    # Numbered worst first, from 1, the number in the id and in the heading.
    assert [a.attrs["id"] for a in articles] == [f"finding-1-{n}" for n in range(1, 11)]
    assert [a.one("span", "num").text() for a in articles] == [str(n) for n in range(1, 11)]
    assert [a.attrs["data-severity"] for a in articles] == ["error"] * 5 + ["warning"] * 5
    groups = [h.text() for h in tree.root.all("h3") if "group" in h.parent.classes]
    assert groups == [
        "Errors · Data and retention (DA) 4",
        "Errors · Timeline and contract (TL) 1",
        "Warnings · Timeline and contract (TL) 5",
    ]


def test_a_finding_shows_its_lines_and_its_rule(timeline_plan) -> None:
    _, tree, _ = timeline_plan
    (article,) = [a for a in tree.root.all("article", "finding") if a.attrs["data-code"] == "TL002"]
    lines = article.one("pre", "source").all("span", "line")
    assert [line.one("span", "ln").text() for line in lines] == ["240", "241", "242", "243", "244"]
    focus = [line for line in lines if "focus" in line.classes]
    assert [line.one("span", "ln").text() for line in focus] == ["242"]
    assert focus[0].one("mark", "col").text() == "2"  # column 19: the first digit of the date
    assert focus[0].text() == "242  first_campaign: 2025-02-18   # TL002"
    why = article.one("details", "why")
    assert why.one("summary").text() == "Why it matters and how to fix it"
    assert [h.text() for h in why.all("h5")] == ["Why", "How to fix"]
    (name,) = [r.name for r in rules.bundled_rules() if r.code == "TL002"]
    assert article.one("h4").text() == f"5 error TL002 {name}"
    docs = [a.attrs["href"] for a in why.all("a")]
    assert docs == [f"https://github.com/migralint/migralint/blob/main/docs/rules.md#tl002-{name}"]


def test_markers_link_to_findings_and_sit_at_their_dates(timeline_plan) -> None:
    _, tree, payload = timeline_plan
    figure = tree.root.one("figure", "timeline")
    ids = set(Tree(timeline_plan[0]).ids)
    markers = figure.all("a", "marker")
    assert markers
    for marker in markers:
        assert marker.attrs["href"][1:] in ids
        assert marker.attrs["data-severity"] in ("error", "warning", "info")
    # TL002 at line 242 is about sending.first_campaign, 2025-02-18.
    (finding,) = [f for f in payload["findings"] if f["code"] == "TL002"]
    assert (finding["line"], finding["pointer"]) == (242, "sending.first_campaign")
    (article,) = [a for a in tree.root.all("article", "finding") if a.attrs["data-code"] == "TL002"]
    (marker,) = [m for m in markers if m.attrs["href"] == "#" + article.attrs["id"]]
    run = collect(CheckSettings(paths=(str(TIMELINE),), today=TODAY), keep_plan=True)
    scale = page.build(run, TODAY).plans[0].chart.drawing.scale
    expected = round(scale.x(timeline.position(dt.date(2025, 2, 18))), 1)
    assert float(marker.attrs["data-x"]) == expected
    campaign = figure.one("g", "event", data_kind="first-campaign")
    assert float(campaign.attrs["data-x"]) == expected
    assert marker.one("text").text() == article.one("span", "num").text()
    # The four DA004 findings share one date: one cluster, linked to the first of them.
    (cluster,) = [g for g in figure.all("g", "cluster", data_count="4") if g.all("a", "marker")]
    assert cluster.one("a", "marker").attrs["href"] == "#finding-1-1"
    assert cluster.one("a", "marker").one("text").text() == "1 +3"


def test_a_chart_with_links_is_a_group_and_one_without_is_a_picture(clean, timeline_plan):
    """A role="img" hides its children: a chart whose markers link to findings
    is a named group instead (axe-core: nested-interactive)."""
    assert clean[1].root.one("figure", "timeline").one("svg").attrs["role"] == "img"
    svg = timeline_plan[1].root.one("figure", "timeline").one("svg")
    assert svg.attrs["role"] == "group"
    assert svg.all("a", "marker") and svg.attrs["aria-labelledby"] == "timeline-1-title"


def test_the_weeks_around_the_cutover_have_a_closeup(clean, timeline_plan) -> None:
    """Four weeks either side of the cutover: its weekends and holidays are
    drawn there, and only the findings pinned inside those weeks."""
    _, tree = clean[:2]
    closeup = tree.root.one("figure", "closeup")
    assert closeup.attrs["id"] == "closeup-1"
    weekends = closeup.all("g", "event", data_kind="weekend")
    assert len(weekends) == 8  # 2025-02-11 .. 2025-04-08 holds eight Saturday-Sunday pairs
    assert len(closeup.all("g", "event", data_kind="cutover")) == 1
    assert closeup.all("g", "event", data_kind="phase")  # the parallel run, cut at the edge
    assert closeup.all("g", "event", data_kind="milestone") == []  # the RFP is years away
    _, tree, _ = timeline_plan
    closeup = tree.root.one("figure", "closeup")
    hrefs = sorted(a.attrs["href"] for a in closeup.all("a", "marker"))
    assert hrefs == ["#finding-1-5", "#finding-1-8"]


def test_the_text_table_links_dated_findings(timeline_plan) -> None:
    _, tree, _ = timeline_plan
    rows = tree.root.one("figure", "timeline").one("details", "timeline-text").all("tr")
    linked = {row.all("td")[-1].one("a").attrs["href"] for row in rows if row.all("a")}
    assert "#finding-1-5" in linked  # TL002, the first campaign at line 242


# --- several plans


@pytest.fixture(scope="module")
def portfolio() -> tuple[str, Tree, dict]:
    html = report_of(FINDINGS)
    return html, assert_sound(html), check_json(FINDINGS)


def test_a_portfolio_starts_with_an_index_of_its_plans(portfolio) -> None:
    _, tree, payload = portfolio
    plans = len(payload["files"])
    assert plans == len(list(FINDINGS.glob("*.yaml"))) == 12
    index = tree.root.one("nav", "portfolio-index")
    rows = index.one("tbody").all("tr")
    assert len(rows) == plans
    wanted = [f"#plan-{n}" for n in range(1, plans + 1)]
    assert [row.one("a").attrs["href"] for row in rows] == wanted
    assert {row.one("span", "status").text() for row in rows} == {"Not ready"}
    assert len(tree.root.all("section", "plan")) == len(tree.root.all("p", "verdict")) == plans
    assert len(tree.root.all("article", "finding")) == len(payload["findings"])


def test_cross_plan_findings_are_in_each_plan_and_counted_in_the_index() -> None:
    pair = sorted(FINDINGS.glob("portfolio-*.yaml"))
    html = report_of(*pair)
    tree = assert_sound(html)
    payload = check_json(*pair)
    xp = [f for f in payload["findings"] if f["code"].startswith("XP")]
    assert len(xp) == 8
    rows = tree.root.one("nav", "portfolio-index").one("tbody").all("tr")
    cells = [{c.attrs.get("data-label"): c.text() for c in row.children} for row in rows]
    assert [c["Cross-plan"] for c in cells] == ["4", "4"]
    for number in (1, 2):
        section = tree.root.one("section", "plan", id=f"plan-{number}")
        codes = sorted(a.attrs["data-code"] for a in section.all("article", "finding"))
        assert codes == ["XP001", "XP002", "XP002", "XP003"]


def test_a_portfolio_timeline_has_a_lane_per_plan(portfolio) -> None:
    _, tree, _ = portfolio
    figure = tree.root.one("figure", "portfolio-timeline")
    lanes = figure.all("g", "lane")
    assert [lane.attrs["data-plan"] for lane in lanes] == [str(n) for n in range(1, 13)]
    cutovers = [lane for lane in lanes if lane.all("g", "event", data_kind="cutover")]
    assert len(cutovers) == 11  # shape.yaml is too broken to date its cutover
    assert all(lane.all("g", "event", data_kind="freeze") for lane in cutovers)


# --- what no plan may do to the page


HOSTILE_NAME = "</title><script>alert(1)</script>"


def hostile_plan() -> str:
    text = mutate(EXAMPLE, "name: Northwind ESP consolidation", f"name: '{HOSTILE_NAME}'")
    text = mutate(
        text,
        "{name: Spring sale,",
        '{name: "</svg><img src=x onerror=alert(2)> \\" \' \\u202e\\u0007",',
    )
    text = mutate(text, "owner: Dana Ortiz (Marketing Operations)", 'owner: "Dana \\u202eOrtiz"')
    return mutate(text, "{id: discovery,", "{id: " + "x" * 50_000 + ",")


def test_hostile_strings_are_escaped_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_plan(), encoding="utf-8")
    html = report_of(path)
    tree = assert_sound(html)
    assert "<script>alert" not in html
    assert "<img" not in html
    assert len(tree.root.all("script")) == 1  # the page's own, for printing
    assert "\u202e" not in html and "\x07" not in html
    assert "x" * 400 not in html  # a huge string is excerpted
    assert len(html) < 200_000
    assert tree.root.one("head").child("title").text().startswith(HOSTILE_NAME)
    assert tree.root.one("section", "plan").child("h2").text() == HOSTILE_NAME
    assert (
        tree.root.one("figure", "timeline").one("svg", "chart").child("title").text()
        == f"Timeline of {HOSTILE_NAME}"
    )
    freeze_titles = [
        g.child("title").text() for g in tree.root.all("g", "event", data_kind="freeze")
    ]
    assert any(
        "</svg><img src=x onerror=alert(2)>" in t and "\\u202e\\x07" in t for t in freeze_titles
    )


def test_an_unreadable_plan_still_gets_its_section(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("migralint: 1\nplan:\n  name: [unclosed\n  x: y\n")
    out = tmp_path / "report.html"
    done = run_cli("report", "broken.yaml", "-o", str(out), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    tree = assert_sound(out.read_text(encoding="utf-8"))
    section = tree.root.one("section", "plan")
    assert section.one("h2").text() == "broken.yaml"
    assert [a.attrs["data-code"] for a in section.all("article", "finding")] == ["PL001"]
    assert tree.root.all("figure", "timeline") == []
    assert section.one("p", "no-timeline").text().startswith("No dates to draw")


# --- the audit


def test_waivers_are_audited_and_expired_ones_say_so(tmp_path: Path) -> None:
    friday = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
    waived = mutate(
        friday,
        "  cutover:\n",
        '  cutover:\n    # migralint: disable=TL001 reason="CAB-1234 <approved>" '
        'approver="J. Doe" expires=2030-04-01\n',
    )
    path = tmp_path / "plan.yaml"
    path.write_text(waived, encoding="utf-8")
    html = report_of(path)
    tree = assert_sound(html)
    assert tree.root.one("p", "verdict").text() == "Ready: no errors, no warnings"
    audit = tree.root.one("section", "audit")
    (row,) = audit.all("tr", "waived")
    assert row.classes == {"waived"}
    cells = [cell.text() for cell in row.children]
    assert cells[1:7] == ["63", "TL001", cells[3], "CAB-1234 <approved>", "J. Doe", "2030-04-01"]
    assert cells[7].startswith("active")
    # The same run reported later, when the waiver has expired.
    late = Tree(report_of(path, today=dt.date(2031, 1, 1)))
    (row,) = late.root.one("section", "audit").all("tr", "waived")
    assert row.classes == {"waived", "expired"}
    assert row.one("span", "state").text() == "expired"


def test_the_baseline_and_the_configuration_are_audited(tmp_path: Path) -> None:
    friday = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
    (tmp_path / "plan.yaml").write_text(friday, encoding="utf-8")
    done = run_cli("check", "plan.yaml", "--write-baseline", "base.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "r.html"
    done = run_cli("report", "plan.yaml", "--baseline", "base.json", "-o", "r.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    tree = assert_sound(out.read_text(encoding="utf-8"))
    audit = tree.root.one("section", "audit")
    (row,) = audit.all("tr", "baselined")
    assert [cell.text() for cell in row.children][:3] == ["plan.yaml", "62", "TL001"]
    configs = audit.all("table")[-1].one("tbody").all("tr")
    assert [[cell.text() for cell in r.children] for r in configs] == [["defaults", "error", "1"]]
    assert f"{len(rules.bundled_rules())} rules selected for this run" in audit.text()


# --- the command


@pytest.mark.parametrize(("path", "code"), [(EXAMPLE_PATH, 0), (TIMELINE, 1)])
def test_report_exits_as_check_does(tmp_path: Path, path: Path, code: int) -> None:
    assert run_cli("check", str(path)).returncode == code
    out = tmp_path / "r.html"
    done = run_cli("report", str(path), "-o", str(out))
    assert done.returncode == code, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_output_is_written_atomically_and_never_over_a_file(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("mine", encoding="utf-8")
    done = run_cli("report", str(EXAMPLE_PATH), "-o", str(out))
    assert done.returncode == 2
    assert "--force" in done.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    done = run_cli("report", str(EXAMPLE_PATH), "-o", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]  # no temporary file left


# --- a huge plan


def test_a_huge_plan_stays_readable_and_bounded(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = generate
    spec.loader.exec_module(generate)
    path = tmp_path / "huge.yaml"
    path.write_text(generate.huge_plan_text(2000, generate.DEFAULT_SEED), encoding="utf-8")
    run = collect(CheckSettings(paths=(str(path),), today=TODAY), keep_plan=True)
    plan = run.results[0].plan
    assert isinstance(plan, agenda.PlanView)
    exports = sum(1 for e in plan.events if e.kind == "export")
    assert exports > 1500
    started = time.perf_counter()
    html = render(run, TODAY)
    assert time.perf_counter() - started < 10
    tree = assert_sound(html)
    svg = tree.root.one("figure", "timeline").one("svg")
    assert len(svg.all()) < 1500
    clusters = svg.all("g", "cluster", data_kind="export")
    assert sum(int(c.attrs["data-count"]) for c in clusters) == exports
    table = tree.root.one("figure", "timeline").one("details", "timeline-text")
    assert len(table.one("tbody").all("tr")) == 300
    scale = page.build(run, TODAY).plans[0].chart.drawing.scale
    outside = sum(
        1
        for e in plan.events
        if not e.pointer and scale.clip(*timeline.span(e.start, e.end)) is None
    )
    more = table.one("p", "more").text()
    assert more.startswith(f"and {len(plan.events) - outside - 300:,} more: ")


def test_a_large_portfolio_leaves_out_the_closeups(monkeypatch: pytest.MonkeyPatch) -> None:
    pair = sorted(FINDINGS.glob("portfolio-*.yaml"))
    tree = assert_sound(report_of(*pair))
    assert [f.attrs["id"] for f in tree.root.all("figure", "closeup")] == ["closeup-1", "closeup-2"]
    monkeypatch.setattr(page, "CLOSEUPS_UP_TO", 1)
    tree = assert_sound(report_of(*pair))
    assert tree.root.all("figure", "closeup") == []
    assert len(tree.root.all("figure", "timeline")) == 2


def test_the_page_does_not_depend_on_the_order_of_the_arguments() -> None:
    pair = sorted(FINDINGS.glob("portfolio-*.yaml"))
    assert report_of(*pair) == report_of(*reversed(pair))
