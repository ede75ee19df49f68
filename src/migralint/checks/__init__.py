"""The check library: small generic functions that rule files apply with options.

``REGISTRY`` maps a check's name (as rule files write it) to its function and
the JSON Schema of the arguments it accepts. A rule file can only name a
check that is registered here; that is the whole surface a rule file can
reach.
"""

from __future__ import annotations

from migralint.checks.base import REGISTRY, Context, Problem, check, portfolio_check

# Importing the modules registers their checks.
from migralint.checks import (  # noqa: F401  # isort: skip
    aggregate,
    calendar,
    dates,
    people,
    portfolio,
    presence,
    schedule,
    structure,
)

__all__ = ["REGISTRY", "Context", "Problem", "check", "portfolio_check"]
