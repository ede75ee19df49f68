"""PL004: a plain value that a YAML 1.1 reader types differently.

The fix keeps what migralint reads (YAML 1.2 core) and makes a YAML 1.1
reader read the same: a string (``NO``, ``yes``, ``16:00``, ``1_000``) is
quoted; an octal-looking number (``0755``, which YAML 1.2 reads as 755) is
written without its leading zeros, since quoting it would make it a string.
"""

from __future__ import annotations

from migralint import loader
from migralint.finding import Finding
from migralint.fixes.model import Edit, Fix
from migralint.fixes.source import Source, quoted
from migralint.textutil import excerpt

# A plain implicit key may be at most 1024 characters long (YAML 1.2, 7.4.2):
# two quotes more must still fit.
_MAX_KEY = 1022


def fix(source: Source, finding: Finding) -> Fix | None:
    scalar = source.scalar(finding)
    if scalar is None or not scalar.plain:
        return None
    value = source.simple(scalar)
    if value is None:
        return None
    typed, kind = loader._plain_reading(value)
    if kind is None:
        return None  # both readers agree: nothing to fix
    if isinstance(typed, str):
        replacement = quoted(value)
        if replacement is None or (scalar.key and len(value) > _MAX_KEY):
            return None
        title = f"Quote `{excerpt(value)}`"
    elif type(typed) is int:
        replacement = _without_leading_zeros(value)
        if replacement is None or loader._plain_reading(replacement) != (typed, None):
            return None
        title = f"Write `{excerpt(value)}` as `{excerpt(replacement)}`"
    else:
        return None
    return Fix(finding, title, True, (Edit(scalar.start, scalar.end, replacement),))


def _without_leading_zeros(value: str) -> str | None:
    sign = value[0] if value[:1] in ("+", "-") else ""
    digits = value[len(sign) :]
    if not digits.isascii() or not digits.isdigit():
        return None
    return sign + (digits.lstrip("0") or "0")
