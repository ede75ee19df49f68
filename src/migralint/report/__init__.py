"""`migralint report`: one self-contained HTML page (every style and
picture inline, nothing fetched) with, for each plan, a verdict, a
timeline drawn as SVG, the findings with the plan lines around them and
their rules' reasons, and an audit of what was waived or baselined.

``render(run, today)`` builds the page model once (page.py; the timeline's
geometry in timeline.py) and lays it out with Jinja2 templates (autoescaped,
compiled once per process). ``today`` is the only clock the report reads.
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

# Opens every finding's explanation before printing (paper cannot click);
# the page reads the same without it.
PRINT_SCRIPT = (
    'addEventListener("beforeprint",function(){'
    'document.querySelectorAll("details.why").forEach(function(d){d.open=true})});'
)


def render(run: Any, today: dt.date) -> str:
    """The report of ``run`` (commands.collect with ``keep_plan``), made on ``today``."""
    from markupsafe import Markup

    from migralint.report import page

    # The page model and the rendering make many small objects and no
    # garbage worth collecting: the collector's passes over the run's
    # objects would cost more than the report itself (3x on 1,000 plans).
    collecting = gc.isenabled()
    gc.disable()
    try:
        model = page.build(run, today)
        css = _stylesheet()
        template = _environment().get_template("report.html.j2")
        return template.render(
            page=model, css=Markup(css), script=Markup(PRINT_SCRIPT), csp=_policy(css)
        )
    finally:
        if collecting:
            gc.enable()


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    from migralint.report import timeline, words

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("migralint.report", "templates"),
        autoescape=True,  # every template, the SVG included
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    # What the macros need (imported macros do not see the render's context).
    environment.globals["severity_titles"] = words.SEVERITY_TITLES
    environment.globals["severity_paths"] = {
        severity: timeline.shape_path(shape, 8, 8, 6)
        for severity, shape in words.SEVERITY_SHAPES.items()
    }
    return environment


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    return (resources.files("migralint.report") / "templates" / "report.css").read_text("utf-8")


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _policy(css: str) -> str:
    """A Content-Security-Policy that lets the page's own style and script
    run and nothing else load: no request of any kind leaves the page."""
    return (
        "default-src 'none'; "
        f"style-src 'sha256-{_digest(css)}'; "
        f"script-src 'sha256-{_digest(PRINT_SCRIPT)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
