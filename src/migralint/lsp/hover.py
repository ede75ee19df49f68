"""What a hover says: on a finding, its rule (why, how to fix); on a date or
a date-time, its weekday and local time in the plan's zone and in UTC, and
the holidays and freezes it falls in; on a duration, the duration in words.

Plain functions of the text and the findings, in Markdown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from migralint import timeutil
from migralint.finding import Finding
from migralint.rules import Rule

UTC = dt.UTC


def finding_text(finding: Finding, rule: Rule | None, fix_title: str | None = None) -> str:
    """A finding in Markdown: the rule, what is wrong here, why, how to fix."""
    head = f"**{finding.code}** `{finding.name}` ({finding.severity})"
    out = [head, "", _escape(finding.message)]
    if rule is not None:
        out += ["", _escape(" ".join(rule.summary.split()))]
        out += ["", f"**Why:** {_escape(' '.join(rule.rationale.split()))}"]
        fixing = []
        if fix_title:
            fixing.append(f"{_escape(fix_title)} (a quick fix does it).")
        if rule.details:
            fixing.append(_escape(" ".join(rule.details.split())))
        if fixing:
            out += ["", "**How to fix:** " + " ".join(fixing)]
        example = rule.examples.get("pass", "").rstrip()
        if example:
            out += ["", "What passes:", "", "```yaml", example, "```"]
    return "\n".join(out)


def _escape(text: str) -> str:
    """Text from a plan or a rule file, safe in Markdown: no raw HTML, no
    link or image syntax that the text did not mean."""
    return (
        text.replace("\\", "\\\\")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )


def value_text(value: str, data: Any, freezes: tuple = ()) -> str | None:
    """What a scalar's value means, when it is a date, a date-time or a
    duration; None otherwise."""
    plan = data.get("plan") if isinstance(data, dict) else None
    zone_name = plan.get("timezone") if isinstance(plan, dict) else None
    zone = timeutil.zone(zone_name) if isinstance(zone_name, str) else None
    listed = plan.get("countries") if isinstance(plan, dict) else None
    countries = [c for c in listed if isinstance(c, str)] if isinstance(listed, list) else []
    try:
        return _value_text(value, data, zone, zone_name, countries, freezes)
    except (OverflowError, ValueError):  # a moment at the calendar's very edge
        return None


def _value_text(
    value: str,
    data: Any,
    zone: dt.tzinfo | None,
    zone_name: Any,
    countries: list[str],
    freezes: tuple,
) -> str | None:
    day = timeutil.parse_date(value)
    moment: dt.date | dt.datetime | None = day
    if day is not None:
        lines = [_day_words(day)]
    else:
        at = timeutil.parse_datetime(value, zone)
        if at is None:
            duration = timeutil.parse_duration(value)
            return f"{value}: {timeutil.humanize(duration)}" if duration else None
        moment = at
        if zone is not None:
            local = at.astimezone(zone)
            day = local.date()
            shown = f"{_day_words(day)}, {local:%H:%M} {zone_name}"
        else:
            day = at.date()
            offset = at.strftime("%z")
            label = f"UTC{offset[:3]}:{offset[3:]}" if offset not in ("+0000", "") else "UTC"
            shown = f"{_day_words(day)}, {at:%H:%M} {label}"
        utc = at.astimezone(UTC)
        if shown.endswith(" UTC") and utc == at:
            lines = [shown]
        else:
            lines = [f"{shown}, {utc:%H:%M} UTC" + ("" if utc.date() == day else f" ({utc:%a})")]
    lines += _calendar_notes(day, moment, zone or UTC, countries, data, freezes)
    return "\n\n".join(lines)


def _day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _calendar_notes(
    day: dt.date,
    moment: dt.date | dt.datetime | None,
    zone: dt.tzinfo,
    countries: list[str],
    data: Any,
    freezes: tuple,
) -> list[str]:
    from migralint import periods
    from migralint.checks.calendar import holiday_on, weekend_of

    notes = []
    for country in countries[:20]:
        try:
            name = holiday_on(country, day)
        except Exception:  # a code the calendar does not know
            name = None
        if name:
            notes.append(f"Public holiday in {country}: {_escape(name)}")
        elif day.weekday() in weekend_of(country):
            notes.append(f"A weekend day in {country}")
    windows: list[dict] = []
    timeline = data.get("timeline") if isinstance(data, dict) else None
    if isinstance(timeline, dict) and isinstance(timeline.get("freeze_windows"), list):
        windows += [w for w in timeline["freeze_windows"] if isinstance(w, dict)]
    windows += [w for w in freezes if isinstance(w, dict)]
    for window in windows[:200]:
        if moment is None or periods.problem(window) is not None:
            continue
        try:
            span = periods.containing(window, moment, zone, countries, holiday_on)
        except Exception:
            span = None
        if span:
            notes.append(f"In the freeze window {_escape(periods.name_of(window))}")
    return notes
