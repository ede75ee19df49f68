"""The page model: everything the templates show, computed once from a
run, as plain dataclasses (the templates only lay it out)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from migralint import __version__, agenda
from migralint.finding import SEVERITY_RANK, Finding
from migralint.i18n.translator import ENGLISH, Translator
from migralint.i18n.values import N_
from migralint.report import audit, chart, findings, portfolio, timeline, words
from migralint.textutil import escape


@dataclass(frozen=True)
class FamilyCount:
    family: str
    title: str
    counts: str


@dataclass
class Verdict:
    """Whether the plan may go to cutover approval: no finding at or above
    its fail level (so the verdict agrees with the exit code)."""

    ready: bool
    text: str
    errors: int
    warnings: int
    infos: int
    fail_level: str
    families: list[FamilyCount] = field(default_factory=list)
    word: str = ""  # Ready, Not ready (in the page's language)

    def __post_init__(self) -> None:
        if not self.word:
            self.word = "Ready" if self.ready else "Not ready"

    @property
    def css(self) -> str:
        return "verdict-ready" if self.ready else "verdict-not-ready"


@dataclass
class PlanPage:
    index: int
    anchor: str
    name: str
    path: str
    fields: list[tuple[str, str]]
    verdict: Verdict
    chart: chart.Chart | None
    closeup: chart.Chart | None  # the weeks around the cutover, where its calendar is legible
    groups: list[findings.Group]
    count: int
    pinned: int
    cross_plan: int
    internal_error: str = ""


@dataclass
class Page:
    title: str
    today: str
    version: str
    bundled_rules: int
    selected_rules: int
    plans: list[PlanPage]
    portfolio: portfolio.Portfolio | None
    audit: audit.Audit
    lang: str = "en"  # BCP 47, the page's `lang`
    rtl: bool = False  # a language written right to left: the page's `dir`
    heading: Any = ""  # the title as the page's heading (markup: its name isolated, right to left)


def verdict(found: list[Finding], fail_level: str, rules: findings.Rules) -> Verdict:
    counts = {"error": 0, "warning": 0, "info": 0}
    families: dict[str, dict[str, int]] = {}
    titles: dict[str, str] = {}
    threshold = SEVERITY_RANK.get(fail_level, SEVERITY_RANK["error"])
    blocking = 0
    for finding in found:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
        family, title = rules.family(finding.code)
        titles[family] = title
        per = families.setdefault(family, {"error": 0, "warning": 0, "info": 0})
        per[finding.severity] = per.get(finding.severity, 0) + 1
        if SEVERITY_RANK.get(finding.severity, 0) >= threshold:
            blocking += 1
    tr = rules.tr
    said = words.counts_text(counts["error"], counts["warning"], counts["info"], tr)
    ready = blocking == 0
    if tr.english:
        text = f"Ready: {said}" if ready else f"Not ready for cutover approval: {said}"
        word = "Ready" if ready else "Not ready"
    else:
        text = (
            tr("Ready: {counts}", counts=said)
            if ready
            else tr("Not ready for cutover approval: {counts}", counts=said)
        )
        word = tr.gettext("Ready") if ready else tr.gettext("Not ready")
    return Verdict(
        ready=ready,
        text=text,
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        fail_level=fail_level,
        families=[
            FamilyCount(family, titles[family], words.counts_text(*c.values(), tr=tr))
            for family, c in sorted(families.items())
        ],
        word=word,
    )


# The plan's fields the page shows, with their labels.
FIELDS = (
    ("organization", N_("Organisation")),
    ("kind", N_("Kind")),
    ("owner", N_("Owner")),
    ("sponsor", N_("Executive sponsor")),
    ("timezone", N_("Time zone")),
    ("countries", N_("Countries")),
    ("industry", N_("Industry")),
)


def _fields(
    plan: agenda.PlanView | None, path: str, tr: Translator = ENGLISH
) -> list[tuple[str, str]]:
    """(label, value) of the plan's header fields (the page then names its file)."""
    out: list[tuple[str, str]] = []
    if plan is not None:
        for name, label in FIELDS:
            value = ", ".join(plan.countries[:40]) if name == "countries" else getattr(plan, name)
            if value:
                said = label if tr.english else tr.gettext(label)
                out.append((said, words.text(value, 160)))
    return out


# The close-up spans this many days either side of the cutover.
CLOSEUP_DAYS = agenda.AROUND_CUTOVER.days  # where the agenda draws holidays and weekends
# A portfolio of more plans than this is an archive more than a handover: its
# plans get their whole timeline only (the close-ups would double the page).
CLOSEUPS_UP_TO = 50


def plan_page(
    index: int,
    result: Any,
    found: list[Finding],
    fail_level: str,
    rules: findings.Rules,
    lines: list[str],
    today: dt.date,
    with_closeup: bool = True,
) -> PlanPage:
    path = escape(result.path)
    plan: agenda.PlanView | None = result.plan if isinstance(result.plan, agenda.PlanView) else None
    name = words.text(plan.name, 120) if plan and plan.name else os.path.basename(path) or path
    tr = rules.tr
    ordered = findings.order(found, rules)
    views = [findings.view(f, n, index, rules, lines) for n, f in enumerate(ordered, start=1)]
    pinned: list[chart.Pinned] = []
    if plan is not None:
        tz = chart.zone_of(plan)
        for finding, item in zip(ordered, views, strict=True):
            moment = plan.pin(finding.pointer) if finding.pointer else None
            if moment is not None:
                item.when = words.moment(moment, tz, tr)
                said = chart.Pinned(
                    item.number, finding.severity, finding.code, finding.message, moment
                )
                pinned.append(said)
    first_on_line: dict[int, int] = {}
    for item in views:
        if item.line not in first_on_line or item.number < first_on_line[item.line]:
            first_on_line[item.line] = item.number
    drawn = chart.build(plan, pinned, index, today, name, first_on_line, tr=tr) if plan else None
    closeup = None
    if with_closeup and drawn is not None and plan is not None and plan.cutover is not None:
        middle = timeline.position(plan.cutover, chart.zone_of(plan))
        weeks = (middle - CLOSEUP_DAYS, middle + CLOSEUP_DAYS)
        closeup = chart.build(plan, pinned, index, today, name, first_on_line, window=weeks, tr=tr)
    return PlanPage(
        index=index,
        anchor=f"plan-{index}",
        name=name,
        path=path,
        fields=_fields(plan, path, tr),
        verdict=verdict(ordered, fail_level, rules),
        chart=drawn,
        closeup=closeup,
        groups=findings.groups(views),
        count=len(views),
        pinned=len(pinned),
        cross_plan=sum(1 for f in found if f.code.startswith("XP")),
        internal_error=words.text(result.internal_error or "", 400),
    )


class _Orphan:
    """Findings about a file that is not among the results (none are
    expected): they still get a section, so that none goes unshown."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.plan = None
        self.internal_error = None


def build(run: Any, today: dt.date, say: Any = None) -> Page:
    """The page of ``run`` in its report's language (``run.report.tr``)."""
    report = run.report
    if say is None:
        from migralint.report.say import Say

        say = Say(getattr(report, "tr", ENGLISH))
    tr = say.tr
    rules = findings.Rules(report.rules, tr)
    by_path: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    # In path order, as every format lists files: the page is the same
    # whatever the order of the arguments.
    results = sorted(run.results, key=lambda r: r.path)
    known = {escape(r.path) for r in results}
    results += [_Orphan(path) for path in by_path if path not in known]
    plans = []
    for index, result in enumerate(results, start=1):
        path = escape(result.path)
        plans.append(
            plan_page(
                index,
                result,
                by_path.get(path, []),
                report.fail_levels.get(path, "error"),
                rules,
                report.sources.get(path, []),
                today,
                with_closeup=len(results) <= CLOSEUPS_UP_TO,
            )
        )
    from migralint import rules as rulefiles

    bundled = len(rulefiles.bundled_rules())
    index_of = {plan.path: plan.index for plan in plans}
    heading: Any
    if tr.english:
        if len(plans) == 1:
            title = f"{plans[0].name}: migration plan report"
        else:
            title = f"{len(plans):,} migration plans: portfolio report"
        heading = title
    elif len(plans) == 1:
        title = tr("{name}: migration plan report", name=plans[0].name)
        heading = say("{name}: migration plan report", name=plans[0].name)
    else:
        title = tr.plural(
            "{n} migration plan: portfolio report",
            "{n} migration plans: portfolio report",
            len(plans),
        )
        heading = title
    return Page(
        title=title,
        heading=heading,
        lang=tr.tag,
        rtl=tr.rtl,
        today=words.day(today, tr),
        version=__version__,
        bundled_rules=bundled,
        selected_rules=len(report.rules),
        plans=plans,
        portfolio=portfolio.build(plans, results, today, tr) if len(plans) > 1 else None,
        audit=audit.build(report, today, index_of, bundled),
    )
