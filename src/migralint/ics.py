"""`migralint calendar`: the plans' dates as one iCalendar file (RFC 5545).

The maintained ``icalendar`` package writes the syntax (escaping, line
folding at 75 octets, CRLF, VTIMEZONE from the zoneinfo database); this
module only decides what goes in:

- the cutover, the rollback decision deadline and any other date-time the
  plan gives: at their exact instant, on the wall clock of the plan's zone
  (``DTSTART;TZID=Europe/Berlin``), with a VTIMEZONE for each zone used;
- phases, freeze windows, the opt-out sync, the IP warm-up and trainings:
  all-day spans, ``DTEND`` the day after the plan's inclusive ``ends``
  (an iCalendar end is exclusive);
- every other date (milestones, contract ends, notice deadlines, exports,
  retirement, parity, launches, stakeholder notices, the report): all-day;
  a notice deadline rings 14 days before (a VALARM);
- calendar facts (holidays, weekends, retail peaks) are not the plan's
  events and stay out.

Each event's description names the plan file and line and the findings
about it: those about its node (or a node under it) and those pinned on
its days, a few of each (``MAX_OWN``, ``MAX_NEARBY``), then how many more.

The texts are in the run's language (``run.report.tr``: ``--lang``, the
configuration's ``language:``, else the locale; the calendar is for people):
each SUMMARY, DESCRIPTION and CATEGORIES of another language than English
says so with its ``LANGUAGE`` parameter, and so does the calendar's NAME
(RFC 7986); X-WR-CALNAME is its name too. The plan's values (names, ids,
paths) and the findings' codes stay as they are; English is as it always
was, byte for byte.

UIDs are stable, so that importing the calendar of a newer version of a
plan updates its events instead of adding copies: the first 32 hex digits
of the SHA-256 of the JSON array ``[*identity, kind, key]`` (ASCII-escaped),
then ``@migralint``, where

- identity is the plan's name and organization (the file's path relative
  to the working folder when the plan has no name), so that moving or
  renaming the file keeps the UIDs;
- kind is the event's kind (``cutover``, ``export``...);
- key is what the event is about, never its date nor its language (a
  calendar imported again in another language updates the same events):
  the plan path of a singleton (``timeline.cutover.at``), and for a list
  item its label in English, which carries the item's id, name, audience
  or group (``export subscribers``), not its index, so that reordering
  or inserting items keeps the UIDs; a notice deadline's key is its platform's name (its
  label also names the notice period, which may change).

Two events with the same identity, kind and key (two unnamed phases, two
plans of the same name) get a counter in document order, plans taken in
path order, so that no two events of one calendar share a UID. SEQUENCE
is 0; DTSTAMP is ``SOURCE_DATE_EPOCH`` when set (a reproducible file),
else the time of the run.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from migralint import __version__, agenda, timeutil
from migralint.i18n.translator import Translator
from migralint.i18n.values import Localized, Phrase
from migralint.textutil import escape

PRODID = f"-//migralint//migralint {__version__}//EN"
# How long an instant is drawn: the cutover is work; a deadline takes no time.
INSTANT_LENGTH = {"cutover": dt.timedelta(hours=1)}
NOTICE_ALARM = dt.timedelta(days=-14)
# An event's description lists at most this many findings about its own
# node, and this many others on its days (then how many more): 10,000
# exports on one day must not each list the findings of all the others.
MAX_OWN = 10
MAX_NEARBY = 3
# A zone's VTIMEZONE spans the years of its instants; a plan whose instants
# are further apart than this gets them in UTC instead (still exact).
MAX_ZONE_YEARS = 200
UID_DOMAIN = "migralint"


def render(run: Any) -> str:
    """One VCALENDAR with the events of every plan of ``run`` (a
    ``commands.Run``), as text with CRLF line endings."""
    from icalendar import Calendar

    tr: Translator = run.report.tr
    plans = [
        r
        for r in sorted(run.results, key=lambda r: r.path)
        if r.plan is not None and any(e.pointer for e in r.plan.events)
    ]
    by_path: dict[str, list] = {}
    for finding in run.report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    uids = _Uids()
    items: list[_Item] = []
    for result in plans:
        findings = _Findings(by_path.get(result.path, []), result.plan)
        items += _plan_items(result.path, result.plan, findings, uids, tr)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if len(plans) == 1:
        name = _plan_title(plans[0].path, plans[0].plan)
    elif not plans:
        name = tr("migralint: no plans")
    else:
        # Translators: the name of a calendar of several plans; {count} is how many.
        name = tr.plural(
            "migralint: {count} plan", "migralint: {count} plans", len(plans), count=len(plans)
        )
    language = _language(tr)
    calendar.add("name", name, parameters=language)
    calendar.add("x-wr-calname", name)
    for timezone in _timezones(items):
        calendar.add_component(timezone)
    stamp = _dtstamp()
    for item in items:
        calendar.add_component(item.component(stamp, language))
    return calendar.to_ical().decode("utf-8")


@dataclass
class _Item:
    """One event, decided but not yet written."""

    uid: str
    summary: str
    description: str
    category: str
    start: dt.date | dt.datetime
    end: dt.date | None = None  # the exclusive DTEND of an all-day span
    length: dt.timedelta | None = None  # the DURATION of an instant
    alarm: bool = False

    def component(self, stamp: dt.datetime, language: dict[str, str] | None = None) -> Any:
        """The VEVENT; ``language`` the parameters of its texts (``LANGUAGE``)."""
        from icalendar import Alarm, Event

        event = Event()
        event.add("uid", self.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", 0)
        event.add("summary", self.summary, parameters=language)
        event.add("dtstart", self.start)
        if self.end is not None:
            event.add("dtend", self.end)
        if self.length is not None:
            event.add("duration", self.length)
        if not isinstance(self.start, dt.datetime):
            event.add("transp", "TRANSPARENT")  # a phase does not make anyone busy
        event.add("categories", [self.category], parameters=language)
        event.add("description", self.description, parameters=language)
        if self.alarm:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", NOTICE_ALARM)
            alarm.add("description", self.summary, parameters=language)
            event.add_component(alarm)
        return event


def _language(tr: Translator) -> dict[str, str] | None:
    """The parameters of a text in ``tr``'s language: none in English (the
    calendar as it always was), else its BCP 47 tag (``LANGUAGE=ko``)."""
    return None if tr.english else {"LANGUAGE": tr.tag}


def _label(label: str, tr: Translator) -> str:
    """An event's label in ``tr``'s language, what the plan wrote in it escaped
    (not our words, nor Babel's: an Arabic date's marks are its own)."""
    if tr.english or not isinstance(label, Phrase):
        return escape(label) if isinstance(label, str) else label
    params = {
        key: tr.value(value)
        if isinstance(value, Localized) and not isinstance(value, Phrase)
        else _label(value, tr)
        for key, value in label.params.items()
    }
    return tr(label.template, **params)


def _plan_title(path: str, plan: Any) -> str:
    return escape(plan.name) if plan.name else escape(path)


def _relative(path: str) -> str:
    """The path as given, relative to the working folder when absolute."""
    if os.path.isabs(path):
        with contextlib.suppress(ValueError):  # on another drive: as given
            path = os.path.relpath(path)
    return os.path.normpath(path).replace(os.sep, "/") if path != "-" else path


def _identity(path: str, plan: Any) -> list[str]:
    if plan.name:
        return [plan.name, plan.organization]
    return [_relative(path)]


def _key(event: agenda.Event) -> str:
    """What the event is about, not when: a list item's label (it names the
    item), else its plan path."""
    if "[" not in event.pointer:
        return event.pointer
    if event.kind == "notice":
        # `LegacyMail notice deadline (P90D before its end)`: the period may change.
        return event.label.rsplit(" notice deadline (", 1)[0]
    return event.label


class _Uids:
    """Stable UIDs, never one twice in a calendar."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, identity: list[str], kind: str, key: str) -> str:
        parts: list[Any] = [*identity, kind, key]
        count = 1
        while True:
            text = json.dumps(parts, ensure_ascii=True)
            uid = f"{hashlib.sha256(text.encode('ascii')).hexdigest()[:32]}@{UID_DOMAIN}"
            if uid not in self.used:
                self.used.add(uid)
                return uid
            count += 1
            parts = [*identity, kind, key, count]


class _Findings:
    """A plan's findings, indexed once by plan path and by pinned day, so
    that each event finds its own without reading them all."""

    def __init__(self, findings: list, plan: Any) -> None:
        self.findings = findings
        self.zone = timeutil.zone(plan.timezone) or timeutil.zone("UTC")
        self.days: list[dt.date | None] = []
        pointed = []
        dated = []
        for n, finding in enumerate(findings):
            day = None
            if finding.pointer:
                pointed.append((finding.pointer, n))
                pin = plan.pin(finding.pointer)
                day = _local_day(pin, self.zone) if pin is not None else None
                if day is not None:
                    dated.append((day, n))
            self.days.append(day)
        pointed.sort()
        dated.sort()
        self.pointers = [p for p, _ in pointed]
        self.pointed = [n for _, n in pointed]
        self.day_keys = [d for d, _ in dated]
        self.dated = [n for _, n in dated]

    def about(self, pointer: str, first: dt.date, last: dt.date) -> tuple[list, list, int]:
        """(up to MAX_OWN findings about the node at ``pointer`` or a node
        under it, up to MAX_NEARBY others pinned on the days ``first`` to
        ``last``, how many there are in all)."""
        own: list[int] = []
        for prefix, exact in ((pointer, True), (pointer + ".", False), (pointer + "[", False)):
            index = bisect.bisect_left(self.pointers, prefix)
            while index < len(self.pointers):
                key = self.pointers[index]
                if not (key == prefix if exact else key.startswith(prefix)):
                    break
                own.append(self.pointed[index])
                index += 1
        own.sort()
        mine = set(own)
        low = bisect.bisect_left(self.day_keys, first)
        high = bisect.bisect_right(self.day_keys, last)
        on_days = sum(1 for n in own if (d := self.days[n]) is not None and first <= d <= last)
        total = len(own) + (high - low) - on_days
        nearby: list[int] = []
        index = low
        while len(nearby) < MAX_NEARBY and index < high:
            if self.dated[index] not in mine:
                nearby.append(self.dated[index])
            index += 1
        return (
            [self.findings[n] for n in own[:MAX_OWN]],
            [self.findings[n] for n in nearby],
            total,
        )


def _local_day(moment: Any, zone: dt.tzinfo) -> dt.date | None:
    """The day of ``moment`` in the plan's zone (as written at the
    calendar's ends, where the zone's day does not exist)."""
    if isinstance(moment, dt.datetime):
        return timeutil.local_date(moment, zone) or moment.date()
    return moment if isinstance(moment, dt.date) else None


def _plan_items(
    path: str, plan: Any, findings: _Findings, uids: _Uids, tr: Translator
) -> list[_Item]:
    from migralint.reporters.text import severity_word

    zone = findings.zone
    identity = _identity(path, plan)
    title = _plan_title(path, plan)
    shown_path = escape(path)
    out = []
    for event in plan.events:
        if not event.pointer:  # a holiday, a weekend, the retail peak: not the plan's
            continue
        first = _local_day(event.start, zone)
        if first is None:
            continue
        start: dt.date | dt.datetime = first
        length = None
        last = first
        if event.end is not None:
            ends = _local_day(event.end, zone)
            if ends is not None and ends > first:
                last = ends
        elif isinstance(event.start, dt.datetime):
            local = _in_zone(event.start, zone)
            if local is not None:
                start, length = local, INSTANT_LENGTH.get(event.kind, dt.timedelta(0))
        end = None
        if length is None:
            # DTEND is exclusive: the day after the last; a span to 9999-12-31
            # has no such day, and says its length instead.
            end = timeutil.next_day(last)
            if end is None and last > first:
                length = last - first + dt.timedelta(days=1)
        own, nearby, total = findings.about(event.pointer, first, last)
        one_day = last == first
        lines = [
            # Translators: where the event is in the plan (plan.yaml line 69).
            tr("{path} line {line}", path=shown_path, line=event.line)
            if event.line
            else shown_path,
            "",
        ]
        if own or nearby:
            lines.append(
                tr("Findings about this date:") if one_day else tr("Findings about these dates:")
            )
            for f in own + nearby:
                severity = f.severity if tr.english else severity_word(tr, f.severity)
                lines.append(
                    # Translators: a finding: its code (TL010), its severity, its message.
                    tr(
                        "{code} {severity}: {message} (line {line})",
                        code=f.code,
                        severity=severity,
                        message=f.message,
                        line=f.line,
                    )
                )
            more = total - len(own) - len(nearby)
            if more:
                lines.append(
                    # Translators: the findings a description does not list;
                    # "migralint check {path}" is the command that shows them all.
                    tr.plural(
                        "... and {n} more: migralint check {path}",
                        "... and {n} more: migralint check {path}",
                        more,
                        path=shown_path,
                    )
                )
        else:
            lines.append(
                tr("No findings about this date.")
                if one_day
                else tr("No findings about these dates.")
            )
        kind = agenda.KINDS.get(event.kind, event.kind)
        out.append(
            _Item(
                uid=uids.take(identity, event.kind, _key(event)),
                # Translators: a calendar event's title: the plan's name, then the event
                # (Northwind ESP consolidation: cutover).
                summary=tr("{plan}: {event}", plan=title, event=_label(event.label, tr)),
                description="\n".join(lines),
                category=tr.gettext(kind),
                start=start,
                end=end,
                length=length,
                alarm=event.kind == "notice",
            )
        )
    return out


def _in_zone(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
    """``moment`` on the wall clock of the plan's zone, or None at the
    calendar's ends (the event is then drawn on its day)."""
    if not 2 <= moment.year <= 9997:
        return None
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return None


def _timezones(items: list[_Item]) -> list[Any]:
    """A VTIMEZONE for each zone the instants use, over their years. A zone
    whose instants are too far apart to describe briefly (or that the
    package cannot describe) has them written in UTC instead."""
    from icalendar import Timezone

    years: dict[str, list[_Item]] = {}
    for item in items:
        if isinstance(item.start, dt.datetime):
            key = getattr(item.start.tzinfo, "key", None)
            if key and key != "UTC":
                years.setdefault(key, []).append(item)
    out = []
    for key in sorted(years):
        zoned = years[key]
        first = min(i.start.year for i in zoned)
        last = max(i.start.year for i in zoned)
        component = None
        if last - first <= MAX_ZONE_YEARS:
            try:
                component = Timezone.from_tzinfo(
                    ZoneInfo(key),
                    first_date=dt.date(first, 1, 1),
                    last_date=dt.date(last + 1, 1, 1),
                )
            except Exception:  # the package could not describe the zone: UTC is exact too
                component = None
        if component is None:
            for item in zoned:
                item.start = item.start.astimezone(dt.UTC)
        else:
            out.append(component)
    return out


def _dtstamp() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible output), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(microsecond=0)
        except (OverflowError, OSError, ValueError):
            pass
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
