"""Which rules run: ``select``/``ignore`` lists of codes, names or family
prefixes (``TL``), as ruff reads them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from migralint import suggest
from migralint.errors import ConfigError
from migralint.i18n.values import Phrase
from migralint.rules import Rule
from migralint.textutil import excerpt

_PREFIX = re.compile(r"^[A-Z]{2}[0-9]{0,3}$")


def matches(rule: Rule, selector: str) -> bool:
    if selector.lower() == rule.name:
        return True
    upper = selector.upper()
    return bool(_PREFIX.match(upper)) and rule.code.startswith(upper)


def validate_selectors(rules: Iterable[Rule], selectors: Iterable[str], origin: str) -> None:
    rules = list(rules)
    for selector in selectors:
        if selector.upper() == "ALL":
            continue
        if not any(matches(rule, selector) for rule in rules):
            choices = sorted({r.code for r in rules} | {r.name for r in rules})
            hint = suggest.hint(selector, choices)
            raise ConfigError(
                Phrase(
                    "{origin}: no rule matches `{selector}`{hint}",
                    origin=origin,
                    selector=excerpt(selector),
                    hint=hint,
                )
            )


def select_rules(
    rules: list[Rule], select: list[str], ignore: list[str], origin: str = "command line"
) -> list[Rule]:
    """The rules left after ``select`` (all when empty) minus ``ignore``."""
    validate_selectors(rules, [*select, *ignore], origin)

    def picked(rule: Rule, selectors: list[str]) -> bool:
        return any(s.upper() == "ALL" or matches(rule, s) for s in selectors)

    chosen = [r for r in rules if not select or picked(r, select)]
    return [r for r in chosen if not picked(r, ignore)]
