"""A plan's dated events, as plain data for the reports that draw or list
them (the HTML report's timeline, the calendar).

``view(doc)`` reads a loaded plan once and returns a ``PlanView``: the
header fields, every event the plan dates (phases, the cutover, deadlines,
windows...) with the node it comes from, and the moment of every dated
node, so that a finding about a node can be pinned at its date. It is
computed where the plan is loaded (in a worker, for many plans) and
travels back pickled: nothing here refers to the YAML tree.

It knows the plan format, not the rules: the calendars it adds around the
cutover (public holidays, weekends, the US retail peak) are facts of the
calendar, not findings.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from migralint import paths, timeutil
from migralint.i18n.values import N_, Day, Phrase
from migralint.loader import Document

Moment = dt.date | dt.datetime

# How far around the cutover public holidays and weekends are shown.
AROUND_CUTOVER = dt.timedelta(days=28)
# The retail peak as TL015's defaults draw it: four weeks before Black
# Friday to a week after Cyber Monday.
PEAK_BEFORE = dt.timedelta(days=28)
PEAK_AFTER = dt.timedelta(days=7)
# A plan with more dated nodes than this keeps the first ones only for
# pinning findings (the huge plans of the benchmark have tens of thousands).
MAX_DATES = 200_000


@dataclass(frozen=True)
class Event:
    """Something the plan dates: an instant, a day, or a span of days.

    ``end`` is the inclusive last day of a span (None for an instant or a
    day). ``kind`` says what it is (see ``KINDS``); ``pointer`` is the
    dotted path of the node it comes from (empty for calendar facts).
    ``label`` is the English, as it always was (the calendar's UIDs are made
    from it); our words in it are a ``Phrase``, which says itself in the
    reader's language, the plan's values in it stay as the plan wrote them."""

    kind: str
    label: str
    start: Moment
    end: Moment | None = None
    pointer: str = ""
    line: int = 0


# Every kind of event, in the order a legend lists them, with its words
# (catalog messages: translated where they are shown).
KINDS: dict[str, str] = {
    "phase": N_("phase"),
    "cutover": N_("cutover"),
    "rollback": N_("rollback decision deadline"),
    "freeze": N_("freeze window"),
    "peak": N_("retail peak"),
    "holiday": N_("public holiday"),
    "weekend": N_("weekend"),
    "milestone": N_("milestone"),
    "retirement": N_("retirement"),
    "contract-end": N_("contract end"),
    "notice": N_("notice deadline"),
    "export": N_("export deadline"),
    "sync": N_("opt-out sync"),
    "warmup": N_("IP warm-up"),
    "first-campaign": N_("first campaign"),
    "parity": N_("parity"),
    "launch": N_("feature launch"),
    "training": N_("training"),
    "notify": N_("stakeholder notice"),
    "report": N_("retirement report"),
}


# The agenda's own words in its events' labels, by kind, as catalog messages:
# the labels ``read`` and ``_calendar`` make say these (a plan's own names, a
# phase's id or a freeze window's name, are the plan's and stay as they are).
# The report says a label in another language with ``say_label``.
LABELS: dict[str, tuple[str, ...]] = {
    "milestone": (N_("RFP"), N_("contract signed"), N_("kickoff")),
    "phase": (N_("phase"),),
    "cutover": (N_("cutover"),),
    "rollback": (N_("rollback decision deadline"),),
    "freeze": (N_("freeze window"),),
    "retirement": (N_("retirement"),),
    "contract-end": (N_("{name} contract ends"),),
    "notice": (N_("{name} notice deadline ({period} before its end)"),),
    "export": (N_("export {id}"),),
    "sync": (N_("opt-out sync"),),
    "warmup": (N_("IP warm-up"),),
    "first-campaign": (N_("first campaign"),),
    "parity": (N_("parity"),),
    "launch": (N_("launch {id}"),),
    "training": (N_("training"),),
    "notify": (N_("notify {group}"),),
    "report": (N_("retirement report due"),),
    "weekend": (N_("weekend"), N_("weekend ({countries})")),
    "peak": (N_("retail peak {year} (Black Friday {day})"),),
}
LABEL_LIMIT = 600  # characters: two names and a duration, generously
# What a label says when the plan does not name the thing.
UNNAMED = frozenset({N_("legacy platform"), N_("dataset"), N_("feature"), N_("stakeholders")})


def say_label(kind: str, label: str, tr: Any) -> str | None:
    """The label of an event of ``kind`` in ``tr``'s language when the
    agenda worded it (None when it is the plan's own name): its words
    translated, the names and dates in it as they are. A label longer than
    ``LABEL_LIMIT`` is said as it is (its pattern's groups would backtrack)."""
    if len(label) > LABEL_LIMIT:
        return None
    for template in LABELS.get(kind, ()):
        if "{" not in template:
            if label == template:
                return tr.gettext(template)
            continue
        found = _label_pattern(template).fullmatch(label)
        if found is not None:
            values = {k: tr.gettext(v) if v in UNNAMED else v for k, v in found.groupdict().items()}
            return tr(template, **values)
    return None


@lru_cache(maxsize=64)
def _label_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(
            re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+)" for n, part in enumerate(parts)
        )
    )


@dataclass
class PlanView:
    name: str = ""
    organization: str = ""
    kind: str = ""
    owner: str = ""
    sponsor: str = ""
    timezone: str = "UTC"
    countries: tuple[str, ...] = ()
    industry: str = ""
    events: list[Event] = field(default_factory=list)
    # Dotted path -> moment, for every dated node in document order; or, when
    # the nodes findings are about were given, for those (None: undated).
    dates: dict[str, Moment | None] = field(default_factory=dict)

    def pin(self, pointer: str) -> Moment | None:
        """The date a finding about ``pointer`` is pinned at: the node's own
        moment, else the first dated node under it (``timeline.cutover`` ->
        its ``at``); None when nothing there is dated."""
        if not pointer:
            return None
        if pointer in self.dates:
            return self.dates[pointer]
        keys = self._keys()
        index = bisect.bisect_left(keys, pointer)
        under = []
        for key in keys[index : index + 64]:
            if not key.startswith(pointer):
                break
            if key[len(pointer)] in ".[" and self.dates[key] is not None:
                under.append(key)
        if not under:
            return None
        order = self._order()
        return self.dates[min(under, key=order.__getitem__)]

    def _order(self) -> dict[str, int]:
        order = self.__dict__.get("_order_of")
        if order is None:
            order = {key: n for n, key in enumerate(self.dates)}
            self.__dict__["_order_of"] = order
        return order

    def _keys(self) -> list[str]:
        keys = self.__dict__.get("_sorted")
        if keys is None:
            keys = sorted(self.dates)
            self.__dict__["_sorted"] = keys
        return keys

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_sorted", None)
        state.pop("_order_of", None)
        return state

    @property
    def cutover(self) -> Moment | None:
        return next((e.start for e in self.events if e.kind == "cutover"), None)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def view(doc: Document, pins: Iterable[str] | None = None) -> PlanView:
    """The plan's header, events and dated nodes (an unreadable plan has
    none). Given ``pins`` (the dotted paths findings are about), only those
    nodes' dates are looked up, walking only the branches that lead to them;
    otherwise every dated node is recorded."""
    data = doc.data if doc.readable and isinstance(doc.data, dict) else {}
    plan = data.get("plan") if isinstance(data.get("plan"), dict) else {}
    zone_name = _text(plan.get("timezone")) or "UTC"
    tz = timeutil.zone(zone_name) or timeutil.zone("UTC")
    sponsor = plan.get("executive_sponsor")
    if isinstance(sponsor, dict):
        who = _text(sponsor.get("name"))
        role = _text(sponsor.get("role"))
        sponsor = f"{who} ({role})" if who and role else who or role
    countries = plan.get("countries")
    out = PlanView(
        name=_text(plan.get("name")),
        organization=_text(plan.get("organization")),
        kind=_text(plan.get("kind")),
        owner=_text(plan.get("owner")),
        sponsor=_text(sponsor),
        timezone=zone_name if timeutil.zone(zone_name) else "UTC",
        countries=tuple(c for c in countries if isinstance(c, str))
        if isinstance(countries, list)
        else (),
        industry=_text(plan.get("industry")),
    )
    if not data:
        return out
    _Reader(doc, data, tz, out).read()
    out.dates = _dated_nodes(data, tz) if pins is None else _pinned(data, tz, set(pins))
    return out


class _Reader:
    def __init__(self, doc: Document, data: dict, tz: dt.tzinfo, out: PlanView) -> None:
        self.doc, self.data, self.tz, self.out = doc, data, tz, out

    def select(self, path: str) -> list[tuple[paths.PlanPath, Any]]:
        return paths.parse(path).select(self.data)

    def moment(self, value: Any) -> Moment | None:
        return timeutil.parse_moment(value, self.tz)

    def add(
        self, kind: str, label: str, pointer: paths.PlanPath, start: Any, end: Any = None
    ) -> None:
        first = self.moment(start)
        if first is None:
            return
        last = self.moment(end) if end is not None else None
        line = self.doc.position(pointer)[0] if pointer else 0
        self.out.events.append(Event(kind, label, first, last, paths.dotted(pointer), line))

    def point(self, kind: str, label: str, path: str) -> None:
        for pointer, value in self.select(path):
            self.add(kind, label, pointer, value)

    def spans(self, kind: str, path: str, label_key: str, fallback: str) -> None:
        for pointer, item in self.select(path):
            if not isinstance(item, dict):
                continue
            label = _text(item.get(label_key)) or fallback
            if "starts" in item and "ends" in item and self.moment(item["ends"]) is not None:
                self.add(kind, label, pointer, item.get("starts"), item.get("ends"))
            elif "starts" in item:
                self.add(kind, label, (*pointer, "starts"), item.get("starts"))

    def read(self) -> None:
        self.point("milestone", Phrase("RFP"), "timeline.rfp")
        self.point("milestone", Phrase("contract signed"), "timeline.contract_signed")
        self.point("milestone", Phrase("kickoff"), "timeline.kickoff")
        # A phase, a freeze window, a training go by their id, name, audience.
        self.spans("phase", "timeline.phases[]", "id", Phrase("phase"))
        self.point("cutover", Phrase("cutover"), "timeline.cutover.at")
        self.point(
            "rollback",
            Phrase("rollback decision deadline"),
            "timeline.cutover.rollback.decision_deadline",
        )
        self.spans("freeze", "timeline.freeze_windows[]", "name", Phrase("freeze window"))
        self.point("retirement", Phrase("retirement"), "timeline.retirement")
        for pointer, item in self.select("platforms.legacy[]"):
            if not isinstance(item, dict) or not isinstance(item.get("contract"), dict):
                continue
            name = _text(item.get("name")) or _text(item.get("id")) or Phrase("legacy platform")
            contract = item["contract"]
            ends = self.moment(contract.get("ends"))
            self.add(
                "contract-end",
                # Translators: {name} is a legacy platform's name (LegacyMail).
                Phrase("{name} contract ends", name=name),
                (*pointer, "contract", "ends"),
                contract.get("ends"),
            )
            notice = timeutil.parse_duration(contract.get("notice_period"))
            if isinstance(ends, dt.date) and notice is not None:
                deadline = notice.add_to(ends, sign=-1)
                if deadline is not None:
                    self.add(
                        "notice",
                        # Translators: {period} is the contract's notice period as the
                        # plan writes it, an ISO 8601 duration (P90D).
                        Phrase(
                            "{name} notice deadline ({period} before its end)",
                            name=name,
                            period=contract["notice_period"],
                        ),
                        (*pointer, "contract", "notice_period"),
                        deadline.isoformat(),
                    )
        for pointer, item in self.select("data.datasets[]"):
            if isinstance(item, dict) and "export_by" in item:
                dataset = _text(item.get("id")) or Phrase("dataset")
                # Translators: {dataset} is a dataset's id (subscribers).
                label = Phrase("export {dataset}", dataset=dataset)
                self.add("export", label, (*pointer, "export_by"), item["export_by"])
        for pointer, item in self.select("consent.opt_out_sync"):
            if isinstance(item, dict):
                label = Phrase("opt-out sync")
                self.add("sync", label, pointer, item.get("starts"), item.get("ends"))
        for pointer, item in self.select("sending.ip_warmup"):
            if isinstance(item, dict):
                label = Phrase("IP warm-up")
                self.add("warmup", label, pointer, item.get("starts"), item.get("ends"))
        self.point("first-campaign", Phrase("first campaign"), "sending.first_campaign")
        self.point("parity", Phrase("parity"), "features.parity")
        for pointer, item in self.select("features.new[]"):
            if isinstance(item, dict) and "launch" in item:
                feature = _text(item.get("id")) or Phrase("feature")
                # Translators: {feature} is a new feature's id (predictive-send-time).
                label = Phrase("launch {feature}", feature=feature)
                self.add("launch", label, (*pointer, "launch"), item["launch"])
        self.spans("training", "communication.training[]", "audience", Phrase("training"))
        for pointer, item in self.select("communication.stakeholders[]"):
            if isinstance(item, dict) and "notify_by" in item:
                group = _text(item.get("group")) or Phrase("stakeholders")
                # Translators: {group} is a group of stakeholders (employees, agencies).
                label = Phrase("notify {group}", group=group)
                self.add("notify", label, (*pointer, "notify_by"), item["notify_by"])
        label = Phrase("retirement report due")
        self.point("report", label, "communication.retirement_report.due")
        self._calendar()

    def _calendar(self) -> None:
        """Public holidays and weekends of the plan's countries around the
        cutover, and the retail peak of a retailer's cutover year."""
        cutover = self.out.cutover
        if cutover is None:
            return
        day = timeutil.local_date(cutover, self.tz)
        if day is None:  # a cutover at the calendar's ends has no days around it
            return
        from migralint.checks.calendar import holiday_on
        from migralint.checks.countries import ALIASES, HOLIDAY_COUNTRIES, weekend_of

        countries = []
        for code in self.out.countries:
            code = ALIASES.get(code.upper(), code.upper())
            if code in HOLIDAY_COUNTRIES and code not in countries:
                countries.append(code)
        try:
            first, last = day - AROUND_CUTOVER, day + AROUND_CUTOVER
        except OverflowError:
            return
        weekends: dict[frozenset[int], list[str]] = {}
        for code in countries:
            weekends.setdefault(weekend_of(code), []).append(code)
        if not countries:
            weekends[frozenset({5, 6})] = []
        current = first
        while current <= last:
            for code in countries:
                name = holiday_on(code, current)
                if name:
                    self.out.events.append(Event("holiday", f"{name} ({code})", current))
            current += dt.timedelta(days=1)
        for days_off, codes in weekends.items():
            current = first
            while current <= last:
                if current.weekday() in days_off:
                    end = current
                    while (
                        end + dt.timedelta(days=1) <= last
                        and (end + dt.timedelta(days=1)).weekday() in days_off
                    ):
                        end += dt.timedelta(days=1)
                    if codes:
                        # Translators: {countries} are ISO 3166 codes (DE, FR).
                        label = Phrase("weekend ({countries})", countries=", ".join(codes))
                    else:
                        label = Phrase("weekend")
                    self.out.events.append(Event("weekend", label, current, end))
                    current = end
                current += dt.timedelta(days=1)
        if self.out.industry == "retail":
            self._peaks(day)

    def _peaks(self, cutover: dt.date) -> None:
        """The retail peak of every year the plan's own events span (at most
        a few), so that a freeze or a phase in a peak is seen beside it."""
        from migralint.checks.calendar import us_retail_peak

        years = [_day(e.start).year for e in self.out.events if e.pointer]
        first = max(min(years, default=cutover.year), cutover.year - 5)
        last = min(max(years, default=cutover.year), cutover.year + 5, 9999)
        for year in range(first, last + 1):
            black_friday, cyber_monday = us_retail_peak(year)
            self.out.events.append(
                Event(
                    "peak",
                    Phrase(
                        "retail peak {year} (Black Friday {day})",
                        year=year,
                        day=Day(black_friday),
                    ),
                    black_friday - PEAK_BEFORE,
                    cyber_monday + PEAK_AFTER,
                )
            )


def _day(moment: Moment) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _pinned(data: dict, tz: dt.tzinfo, wanted: set[str]) -> dict[str, Moment | None]:
    """The date of each wanted node: its own, or its first dated node in
    document order; the walk enters only the branches that lead to one."""
    wanted.discard("")
    ahead = {p[:i] for p in wanted for i, c in enumerate(p) if c in ".[" and i}
    out: dict[str, Moment] = {}
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, where = stack.pop()
        if where in wanted:
            # None: looked up and undated (not to be guessed from what is under it).
            out[where] = next(iter(_dated_nodes(node, tz, where, limit=1).values()), None)
        if where and where not in ahead:
            continue
        if type(node) is dict:
            for key, value in node.items():
                if isinstance(key, str):
                    stack.append((value, f"{where}.{key}" if where else key))
        elif type(node) is list:
            for index, value in enumerate(node):
                stack.append((value, f"{where}[{index}]"))
    return out


def _dated_nodes(
    data: Any, tz: dt.tzinfo, root: str = "", limit: int = MAX_DATES
) -> dict[str, Moment]:
    """Every string leaf that is a date or date-time, by dotted path."""
    out: dict[str, Moment] = {}
    stack: list[tuple[Any, str]] = [(data, root)]
    while stack and len(out) < limit:
        node, where = stack.pop()
        # Children are pushed last first, so that they are read in document order.
        if type(node) is dict:
            for key, value in reversed(node.items()):
                if isinstance(key, str):
                    stack.append((value, f"{where}.{key}" if where else key))
        elif type(node) is list:
            for index in range(len(node) - 1, -1, -1):
                stack.append((node[index], f"{where}[{index}]"))
        elif type(node) is str and 10 <= len(node) <= 40 and node[:1].isdigit():
            moment = timeutil.parse_moment(node, tz)
            if moment is not None:
                out[where] = moment
    return out
