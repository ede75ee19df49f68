"""The README's screenshots of the HTML report, taken in Chromium.

    python docs/screenshots.py

writes docs/report-northwind-clean.png and docs/report-timeline.png: the
first 1,600 pixels of each report at 1,280 pixels wide. It needs a Chromium
(Debian's package: /usr/bin/chromium; or MIGRALINT_CHROMIUM=PATH) and the
Python package playwright (in the `test` extra); it downloads no browser and
lets the page reach nothing but its own file. tests/test_report_browser.py
launches its browser with the same settings and runs this when
MIGRALINT_UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Playwright, Route

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
WIDTH = 1280
MAX_HEIGHT = 1600

# Screenshot name -> the plans of its report (relative to the checkout).
SHOTS = {
    "report-northwind-clean": ("examples/northwind-clean.yaml",),
    "report-timeline": ("examples/findings/timeline.yaml",),
}

# Headless, and quiet on the network: without the background-networking
# switches Chromium reaches out for updates, field trials and sync.
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def find_chromium() -> str | None:
    """MIGRALINT_CHROMIUM, else `chromium` or `chromium-browser` on PATH."""
    named = os.environ.get("MIGRALINT_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright: Playwright, executable: str) -> Browser:
    return playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))


def offline(context: BrowserContext, allowed: str, blocked: list[str] | None = None) -> None:
    """Let the pages of ``context`` load ``allowed`` (and data: URIs) only;
    every other request is aborted, and its URL added to ``blocked``."""

    def handle(route: Route) -> None:
        url = route.request.url
        if url == allowed or url.startswith("data:"):
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(url)
            route.abort()

    context.route("**/*", handle)


def render_report(paths: tuple[str, ...], output: Path) -> subprocess.CompletedProcess[str]:
    """`migralint report PATHS -o OUTPUT`, run from the checkout (so that the
    report names the plans as the README does)."""
    return subprocess.run(
        [sys.executable, "-m", "migralint", "report", *paths, "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def capture(browser: Browser, html: Path, png: Path) -> None:
    """The top of the report ``html`` (at most MAX_HEIGHT pixels) at WIDTH
    pixels wide, one device pixel per CSS pixel."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, device_scale_factor=1)
    try:
        offline(context, html.as_uri())
        page = context.new_page()
        page.goto(html.as_uri(), wait_until="load")
        height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
        page.screenshot(
            path=str(png),
            full_page=True,
            clip={"x": 0, "y": 0, "width": WIDTH, "height": height},
        )
    finally:
        context.close()


def write_all(browser: Browser, folder: Path = DOCS) -> list[Path]:
    """Render each report of SHOTS and write its screenshot into ``folder``."""
    written = []
    with tempfile.TemporaryDirectory(prefix="migralint-screenshots-") as tmp:
        for name, paths in SHOTS.items():
            html = Path(tmp) / f"{name}.html"
            done = render_report(paths, html)
            if done.returncode not in (0, 1) or not html.exists():
                raise RuntimeError(f"migralint report {' '.join(paths)} failed:\n{done.stderr}")
            png = folder / f"{name}.png"
            capture(browser, html, png)
            written.append(png)
    return written


def main() -> int:
    executable = find_chromium()
    if executable is None:
        print("screenshots: no Chromium (install it, or set MIGRALINT_CHROMIUM)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright, executable)
        try:
            for png in write_all(browser):
                print(f"{png.relative_to(ROOT)}: {png.stat().st_size} bytes")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
