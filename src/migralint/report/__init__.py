"""`migralint report`: one self-contained HTML page (every style and
picture inline, nothing fetched) with, for each plan, a verdict, a
timeline drawn as SVG, the findings with the plan lines around them and
their rules' reasons, and an audit of what was waived or baselined.

``render(run, today)`` builds the page model once (page.py; the timeline's
geometry in timeline.py) and lays it out with Jinja2 templates (autoescaped,
compiled once per process). ``today`` is the only clock the report reads.

The page's hooks, for tests and scripts that read it (P is a plan's number
in the page, N a finding's number within its plan, both from 1):
``section.plan#plan-P``; ``p.verdict.verdict-ready`` or
``p.verdict.verdict-not-ready`` (role status); ``figure.timeline#timeline-P``
holding one ``svg[role=img]`` (its ``title`` and ``desc``) and, right after
it, ``details.timeline-text`` (a table of the events); in the SVG, each
drawn event ``g.event[data-kind]`` (a kind of ``agenda.KINDS``, with a
``title`` child; ``g.cluster[data-count]`` when it stands for several) and
each dated finding ``a.marker[href="#finding-P-N"][data-severity]``; each
finding ``article.finding#finding-P-N[data-code][data-severity]``; with
several plans ``nav.portfolio-index`` and ``figure.portfolio-timeline`` with
a ``g.lane[data-plan=P]`` per plan; ``section.audit`` with ``tr.waived``
(``tr.waived.expired``) and ``tr.baselined``. Marks carry ``data-x``, their
x in the SVG's units (timeline.Scale.x).

The page is in the run's language (``run.report.tr``): every text goes
through a ``say.Say`` made for the rendering (the templates' ``_``,
``tr`` and ``plural``), and ``<html lang>`` says which. A right-to-left
language's page has ``dir="rtl"`` and a stylesheet that mirrors the layout
(report-rtl.css); its codes, paths, dates and plan values are isolated
(``<bdi>``, ``<code dir="ltr">``), its source and its timelines stay left to
right. An English page is what it always was, byte for byte.
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
    """The report of ``run`` (commands.collect with ``keep_plan``), made on
    ``today``, in the language of its report (``run.report.tr``)."""
    from markupsafe import Markup

    from migralint.i18n.translator import ENGLISH
    from migralint.report import page
    from migralint.report.say import Say

    # The page model and the rendering make many small objects and no
    # garbage worth collecting: the collector's passes over the run's
    # objects would cost more than the report itself (3x on 1,000 plans).
    collecting = gc.isenabled()
    gc.disable()
    try:
        say = Say(getattr(run.report, "tr", ENGLISH))
        model = page.build(run, today, say)
        css = _stylesheet() + (_stylesheet("report-rtl.css") if say.rtl else "")
        template = _environment(say.english).get_template("report.html.j2")
        return template.render(
            page=model,
            css=Markup(css),
            script=Markup(PRINT_SCRIPT),
            csp=_policy(css),
            # The page's words (imported macros do not see these: they need none).
            _=say,
            tr=say.text,
            plural=say.plural,
            iso=say.iso,
            markup=say.markup,
            ltr=say.ltr,
            say=say,
            severity_titles=say.severity_titles,
        )
    finally:
        if collecting:
            gc.enable()


@lru_cache(maxsize=2)
def _environment(english: bool = True) -> Any:
    """The templates' environment; for English pages, one that folds their
    messages into their text when it compiles them (folding.py)."""
    import jinja2

    from migralint.report import folding, timeline, words

    kind = folding.EnglishEnvironment if english else jinja2.Environment
    environment = kind(
        loader=jinja2.PackageLoader("migralint.report", "templates"),
        autoescape=True,  # every template, the SVG included
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    # What the macros need (imported macros do not see the render's context).
    environment.globals["severity_paths"] = {
        severity: timeline.shape_path(shape, 8, 8, 6)
        for severity, shape in words.SEVERITY_SHAPES.items()
    }
    return environment


@lru_cache(maxsize=2)
def _stylesheet(name: str = "report.css") -> str:
    return (resources.files("migralint.report") / "templates" / name).read_text("utf-8")


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
