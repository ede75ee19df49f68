"""The HTML report in a real browser: Chromium, driven by Playwright.

Each report is made by the command line, as a user makes it, and opened from
disk. It must load without a script error and without a single request
beyond its own file; draw its timeline; show each finding of `check` once,
its timeline marker leading to it; fit a phone's width; print; and pass
axe-core with no serious or critical violation. Screenshots and the printed
PDF go to MIGRALINT_ARTIFACTS (default .ci/artifacts/report/), which CI keeps.

Chromium is the system's (Debian's package), launched offline; axe-core
comes from `.ci/run`'s npm install (or MIGRALINT_AXE). Without them the
tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import os
import re
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE, ROOT, mutate, run_cli, unavailable
from migralint import agenda, loader

pytestmark = pytest.mark.slow  # a browser, and three reports made by the command line

playwright_api = pytest.importorskip("playwright.sync_api")

_spec = importlib.util.spec_from_file_location("screenshots", ROOT / "docs" / "screenshots.py")
assert _spec and _spec.loader
screenshots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshots)

# Report name -> the paths given to `migralint report` and `migralint check`.
CASES: dict[str, tuple[str, ...]] = {
    "northwind-clean": ("examples/northwind-clean.yaml",),
    "timeline": ("examples/findings/timeline.yaml",),
    "portfolio": ("examples/findings",),
}
WITH_MARKERS = ["timeline", "portfolio"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SHAPES = "path, circle, rect, polygon, ellipse, use"  # what draws a marker's mark


# -- the tools -------------------------------------------------------------


def _axe_script() -> Path:
    named = os.environ.get("MIGRALINT_AXE")
    path = (
        Path(named) if named else ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
    )
    if not path.is_file():
        unavailable(
            f"axe-core is not installed ({path}; the accessibility audit); `.ci/run` installs it",
            f"axe-core is missing at {path}; CI must install it (`.ci/run`: npm install axe-core)",
        )
    return path


def _artifacts() -> Path:
    named = os.environ.get("MIGRALINT_ARTIFACTS")
    folder = Path(named) if named else ROOT / ".ci" / "artifacts" / "report"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module: the system's, offline."""
    executable = screenshots.find_chromium()
    if executable is None:
        unavailable(
            "Chromium is not installed (`chromium` or `chromium-browser` on PATH, or "
            "MIGRALINT_CHROMIUM; the browser tests of the report); `.ci/run` installs it",
            "Chromium is missing; CI must install it (`.ci/run`: apt-get install chromium)",
        )
    with playwright_api.sync_playwright() as playwright:
        launched = screenshots.launch(playwright, executable)
        try:
            yield launched
        finally:
            launched.close()


# -- the reports -----------------------------------------------------------


@dataclass
class Made:
    """A report as the command line wrote it, and what `check` says of the
    same paths."""

    html: Path
    findings: list[dict]
    files: list[str]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Made]:
    """The report of a case, made once per module, on first use."""
    cache: dict[str, Made] = {}

    def get(name: str) -> Made:
        if name not in cache:
            cache[name] = _make(tmp_path_factory.mktemp(name), name, CASES[name])
        return cache[name]

    return get


def _make(folder: Path, name: str, paths: tuple[str, ...], cwd: Path = ROOT) -> Made:
    html = folder / f"{name}.html"
    checked = run_cli("check", "--format", "json", *paths, cwd=cwd)
    assert checked.returncode in (0, 1), checked.stderr
    reported = run_cli("report", *paths, "-o", str(html), cwd=cwd)
    # `report` exits as `check` does, and says nothing on stdout.
    assert (reported.returncode, reported.stdout) == (checked.returncode, ""), reported.stderr
    payload = json.loads(checked.stdout)
    return Made(html, payload["findings"], [f["path"] for f in payload["files"]])


# -- a visit ---------------------------------------------------------------


@dataclass
class Visit:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def visit(browser: Any, html: Path, viewport: dict[str, int] = DESKTOP, **options: Any):
    """Open ``html`` from disk in a fresh context; every request, console
    error and uncaught exception is recorded, and every request but the
    file's own (and data: URIs) is aborted."""
    context = browser.new_context(viewport=viewport, device_scale_factor=1, **options)
    url = html.as_uri()
    try:
        page = context.new_page()
        seen = Visit(page, url)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                message.type == "error" and seen.errors.append(f"console: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: seen.errors.append(f"pageerror: {error}"))
        page.on(
            "dialog",
            lambda dialog: (seen.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()),
        )
        screenshots.offline(context, url, seen.blocked)
        response = page.goto(url, wait_until="load")
        assert response is None or response.ok
        yield seen
    finally:
        context.close()


def _outside(seen: Visit) -> list[str]:
    return [u for u in seen.requests if u != seen.url and not u.startswith("data:")]


def _in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return bool(
        box
        and box["width"] > 0
        and box["height"] > 0
        and box["y"] < size["height"]
        and box["y"] + box["height"] > 0
        and box["x"] < size["width"]
        and box["x"] + box["width"] > 0
    )


def _expected_events(paths: tuple[str, ...]) -> collections.Counter:
    """How many events of each kind the plans date (the agenda the report draws)."""
    counts: collections.Counter = collections.Counter()
    for given in paths:
        target = ROOT / given
        for plan in sorted(target.glob("*.yaml")) if target.is_dir() else [target]:
            counts.update(e.kind for e in agenda.view(loader.load(plan.read_bytes())).events)
    return counts


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# -- the tests -------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_the_report_loads_from_disk_offline_without_errors(browser, made, name: str) -> None:
    report = made(name)
    with visit(browser, report.html) as seen:
        seen.page.wait_for_load_state("networkidle")
        assert seen.errors == []
        assert _outside(seen) == []
        assert seen.blocked == []
        assert seen.requests[0] == seen.url


@pytest.mark.parametrize("name", CASES)
def test_the_timeline_is_drawn_with_its_phases_cutover_and_markers(browser, made, name) -> None:
    report = made(name)
    expected = _expected_events(CASES[name])
    assert expected["phase"] >= 1 and expected["cutover"] >= 1
    with visit(browser, report.html) as seen:
        page = seen.page
        sections = page.locator("section.plan")
        assert sections.count() == len(report.files)
        assert page.locator("section.plan[id^=plan-]").evaluate_all(
            "nodes => nodes.map(n => n.id)"
        ) == [f"plan-{n}" for n in range(1, len(report.files) + 1)]
        assert page.locator("section.plan p.verdict[role=status]").count() == len(report.files)
        svg = page.locator("figure.timeline svg")
        assert svg.count() >= 1
        box = svg.first.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        # The picture has a name and a description, and a table says it in text.
        first = page.locator("figure.timeline").first
        assert first.locator("svg > title").first.text_content().strip()
        assert first.locator("svg > desc").first.text_content().strip()
        assert first.locator("details.timeline-text table").count() == 1
        for kind in ("phase", "cutover"):
            drawn = page.locator(f"figure.timeline g.event[data-kind={kind}]")
            assert drawn.count() == expected[kind], kind
            assert drawn.filter(visible=True).count() >= 1, kind
        markers = page.locator("figure.timeline a.marker")
        if name == "northwind-clean":
            assert markers.count() == 0
            return
        assert markers.count() >= 1
        # Every marker leads to a finding of its own severity.
        pairs = markers.evaluate_all(
            """nodes => nodes.map(a => {
                const href = a.getAttribute('href');
                const target = document.getElementById(href.slice(1));
                return [href, a.dataset.severity,
                        target && target.matches('article.finding') ? target.dataset.severity : null];
            })"""
        )
        broken = [p for p in pairs if not p[0].startswith("#finding-") or p[1] != p[2]]
        assert broken == []


@pytest.mark.parametrize("name", CASES)
def test_each_finding_of_check_is_shown_once(browser, made, name: str) -> None:
    report = made(name)
    with visit(browser, report.html) as seen:
        articles = seen.page.locator("section.plan article.finding")
        shown = articles.evaluate_all(
            """nodes => nodes.map(n => [n.id, n.closest('section.plan').id,
                                        n.dataset.code, n.dataset.severity])"""
        )
    assert len(shown) == len(report.findings)
    assert collections.Counter((code, severity) for _, _, code, severity in shown) == (
        collections.Counter((f["code"], f["severity"]) for f in report.findings)
    )
    # finding-P-N sits in plan-P, and no two findings share an id.
    assert len({i for i, *_ in shown}) == len(shown)
    misplaced = [
        (i, s)
        for i, s, *_ in shown
        if not re.fullmatch(rf"finding-{s.removeprefix('plan-')}-\d+", i)
    ]
    assert misplaced == []


def test_the_portfolio_has_an_index_and_one_lane_per_plan(browser, made) -> None:
    report = made("portfolio")
    with visit(browser, report.html) as seen:
        page = seen.page
        index = page.locator("nav.portfolio-index")
        assert index.count() == 1
        # The index leads to every plan.
        targets = index.locator("a[href^='#plan-']").evaluate_all(
            "nodes => nodes.map(a => a.getAttribute('href'))"
        )
        assert sorted(set(targets)) == sorted(f"#plan-{n}" for n in range(1, len(report.files) + 1))
        lanes = page.locator("figure.portfolio-timeline g.lane").evaluate_all(
            "nodes => nodes.map(n => n.dataset.plan)"
        )
        assert lanes and len(set(lanes)) == len(lanes)
        assert set(lanes) <= {str(n) for n in range(1, len(report.files) + 1)}


@pytest.mark.parametrize("name", WITH_MARKERS)
def test_a_marker_leads_to_its_finding(browser, made, name: str) -> None:
    report = made(name)
    with visit(browser, report.html) as seen:
        page = seen.page
        marker = page.locator("figure.timeline a.marker").first
        href = marker.get_attribute("href")
        assert href and href.startswith("#finding-")
        assert not _in_viewport(page, href), "the finding is in view before the click"
        # A click on the drawn mark (the link's box also spans its label and
        # the gap between them, where the chart's bands lie).
        try:
            marker.locator(SHAPES).first.click(timeout=5_000)
        except playwright_api.TimeoutError:
            # An SVG link Playwright does not take for clickable: a click event then.
            marker.dispatch_event("click")
        page.wait_for_function("hash => location.hash === hash", arg=href, timeout=5_000)
        playwright_api.expect(page.locator(href)).to_be_in_viewport()
        assert _in_viewport(page, href)
        assert seen.errors == [] and _outside(seen) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("name", WITH_MARKERS)
def test_every_marker_is_on_top_where_it_is_drawn(browser, made, name, viewport) -> None:
    """The middle of each marker's mark belongs to the marker (or to another
    marker of its cluster): no band, rule or label of the chart covers it."""
    report = made(name)
    with visit(browser, report.html, viewport) as seen:
        covered = seen.page.evaluate(
            """shapes => [...document.querySelectorAll('a.marker')].flatMap(a => {
                const mark = a.querySelector(shapes) || a;
                mark.scrollIntoView({block: 'center', inline: 'center'});
                const r = mark.getBoundingClientRect();
                const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                const owner = hit && hit.closest('a.marker');
                const cluster = a.closest('g.cluster');
                if (owner === a || (owner && cluster && owner.closest('g.cluster') === cluster)) {
                    return [];
                }
                return [[a.getAttribute('href'), hit ? hit.outerHTML.slice(0, 120) : null]];
            })""",
            SHAPES,
        )
    assert covered == []


@pytest.mark.parametrize("name", CASES)
def test_screenshots_and_the_printed_report(browser, made, name: str) -> None:
    report = made(name)
    folder = _artifacts()
    for viewport in (DESKTOP, PHONE):
        png = folder / f"{name}-{viewport['width']}.png"
        png.unlink(missing_ok=True)
        with visit(browser, report.html, viewport) as seen:
            seen.page.screenshot(path=str(png), full_page=True)
        width, height = _png_size(png)
        assert width == viewport["width"]
        assert height >= viewport["height"]
        assert png.stat().st_size > 10_000
    pdf = folder / f"{name}.pdf"
    pdf.unlink(missing_ok=True)
    with visit(browser, report.html) as seen:
        seen.page.pdf(path=str(pdf), format="A4", print_background=True)
        assert seen.errors == []
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 1


@pytest.mark.parametrize("name", CASES)
def test_the_phone_layout_does_not_scroll_sideways(browser, made, name: str) -> None:
    report = made(name)
    with visit(browser, report.html, PHONE) as seen:
        page = seen.page
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        # Nothing is merely cut off either: each finding fits the width.
        wide = page.locator("article.finding, section.plan p.verdict").evaluate_all(
            """(nodes, width) => nodes
                .filter(n => n.getBoundingClientRect().right > width + 1)
                .map(n => n.id || n.className)""",
            PHONE["width"],
        )
        assert wide == []
        # A timeline may scroll, inside its own figure only.
        figures = page.locator("figure.timeline, figure.portfolio-timeline").evaluate_all(
            """(nodes, width) => nodes
                .filter(n => n.getBoundingClientRect().right > width + 1)
                .map(n => n.id || n.className)""",
            PHONE["width"],
        )
        assert figures == []


def _axe(page: Any, script: Path) -> list[dict]:
    # Every text alternative and every finding's details are audited too.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.add_script_tag(path=str(script))
    # Only violations come back whole (passes would be thousands of nodes to carry).
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
            lines.append(f"        {node['html'][:200]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("name", CASES)
def test_axe_finds_no_serious_accessibility_violation(browser, made, name, viewport) -> None:
    script = _axe_script()
    report = made(name)
    # bypass_csp: the report may forbid inline scripts; axe is the test's, not the report's.
    with visit(browser, report.html, viewport, bypass_csp=True) as seen:
        violations = _axe(seen.page, script)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert [v["id"] for v in serious] == [], "axe-core:\n" + _describe(serious)


def test_text_from_the_plan_stays_text_in_the_browser(browser, tmp_path: Path) -> None:
    """Markup in a plan's strings is shown, never run or loaded."""
    hostile = "<img src=x onerror=window.pwned=1><script>window.pwned=2</script>"
    text = mutate(EXAMPLE, "name: Northwind ESP consolidation", f"name: '{hostile}'")
    text = mutate(
        text,
        "owner: Dana Ortiz (Marketing Operations)",
        "owner: '<a href=\"https://evil.example/\">Dana</a> \u202eplh'",
    )
    (tmp_path / "hostile.yaml").write_text(text, encoding="utf-8")
    report = _make(tmp_path, "hostile", ("hostile.yaml",), cwd=tmp_path)
    with visit(browser, report.html) as seen:
        page = seen.page
        assert page.evaluate("window.pwned") is None
        assert page.locator("img[src=x], a[href^='https://evil']").count() == 0
        assert hostile in page.locator("body").inner_text()
        assert seen.errors == [] and _outside(seen) == [] and seen.blocked == []


# -- the README's screenshots ----------------------------------------------


def test_the_readme_screenshots(request: pytest.FixtureRequest) -> None:
    """docs/report-*.png: regenerated when MIGRALINT_UPDATE_SCREENSHOTS=1;
    otherwise checked, so that a test run leaves the checkout as it was."""
    if os.environ.get("MIGRALINT_UPDATE_SCREENSHOTS") == "1":
        screenshots.write_all(request.getfixturevalue("browser"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in screenshots.SHOTS:
        png = ROOT / "docs" / f"{name}.png"
        assert png.exists(), f"{png} is missing: MIGRALINT_UPDATE_SCREENSHOTS=1 makes it"
        width, height = _png_size(png)
        assert width == screenshots.WIDTH
        assert 400 <= height <= screenshots.MAX_HEIGHT
        assert 10_000 < png.stat().st_size < 400_000
        url = f"https://raw.githubusercontent.com/migralint/migralint/main/docs/{name}.png"
        assert f"]({url})" in readme, f"the README shows {url}"
