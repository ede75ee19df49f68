"""TL010 (unsafe): a date-time whose offset is not its zone's.

The wall-clock time is kept and the zone's real offset for that local time
is written, in the style of the one it replaces (``+02:00``, ``+0200``,
``+02``). That moves the instant by the difference, which is why the fix is
unsafe: the author may have meant the instant and mistyped the time.
"""

from __future__ import annotations

import datetime as dt
import re

from migralint import timeutil
from migralint.finding import Finding
from migralint.fixes.model import Edit, Fix
from migralint.fixes.source import Source

_OFFSET = re.compile(r"[+-][0-9]{2}(?::?[0-9]{2})?\Z")


def fix(source: Source, finding: Finding) -> Fix | None:
    scalar = source.scalar(finding)
    if scalar is None or scalar.key:
        return None
    value = source.simple(scalar)
    if value is None or not timeutil.has_explicit_offset(value):
        return None
    tz = _plan_zone(source)
    if tz is None:
        return None
    written = _OFFSET.search(value)
    moment = timeutil.parse_datetime(value, tz)
    if written is None or moment is None:
        return None
    offset = _real_offset(moment, tz)
    if offset is None or offset == moment.utcoffset():
        return None
    text = _format(offset, written.group())
    if text is None:
        return None
    start = scalar.start + (1 if scalar.style else 0) + written.start()
    title = f"Write the zone's offset {_format(offset, '+00:00')} (moves the instant)"
    return Fix(finding, title, False, (Edit(start, start + len(written.group()), text),))


def _plan_zone(source: Source) -> dt.tzinfo | None:
    data = source.doc.data
    plan = data.get("plan") if type(data) is dict else None
    name = plan.get("timezone") if type(plan) is dict else None
    if not isinstance(name, str) or name in ("UTC", "Etc/UTC"):
        return None
    return timeutil.zone(name)


def _real_offset(moment: dt.datetime, tz: dt.tzinfo) -> dt.timedelta | None:
    """The zone's offset at the moment's wall-clock time, when that time
    exists there once the offset is written (not in a gap of the clock)."""
    local = moment.replace(tzinfo=None)
    try:
        offset = local.replace(tzinfo=tz).utcoffset()
        if offset is None:
            return None
        fixed = local.replace(tzinfo=dt.timezone(offset))
        again = fixed.astimezone(tz)
    except (OverflowError, ValueError):
        return None
    if again.replace(tzinfo=None) != local or again.utcoffset() != offset:
        return None
    return offset


def _format(offset: dt.timedelta, like: str) -> str | None:
    """``offset`` written as ``like`` is (with a colon, without, hours only)."""
    seconds = int(offset.total_seconds())
    if seconds % 60:
        return None  # an offset of seconds (local mean time) has no ISO 8601 form here
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    if hours > 23:
        return None
    if ":" in like or (len(like) == 3 and minutes):
        return f"{sign}{hours:02d}:{minutes:02d}"
    if len(like) == 3:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}{minutes:02d}"
