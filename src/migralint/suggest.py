"""Did-you-mean suggestions whose cost does not grow with the input.

``difflib.get_close_matches`` compares a word with every choice, and each
comparison costs up to the product of the two lengths: against thousands of
similar ids (a plan can hold as many as it likes) that is most of a second per
finding. Here the choices are indexed once, sorted by their text and by their
reversed text, and a word is compared only with the few choices that share
most of its start and its end: a typo anywhere but at both ends of a word
still finds its neighbours. Short lists (rule names, schema keys) are compared
in full, with the same answer as difflib's.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Iterable

CUTOFF = 0.6  # difflib's default similarity
# Lists this short are compared in full; longer ones through the index.
MAX_CANDIDATES = 64
# Choices taken on each side of the word in each of the two sorted orders,
# and how many of those (the ones sharing most of its two ends) are compared.
NEIGHBOURS = 12
COMPARED = 4
# Nobody mistypes a paragraph: longer words (and choices) get no suggestion,
# and one comparison never costs more than MAX_WORD squared.
MAX_WORD = 100
# Suggestions per file and check (a ``Budget``): the findings past them (far
# past what a report shows by default) go without, so a plan of a million
# typos costs a million counts rather than a million comparisons.
MAX_QUERIES = 1000


class Budget:
    """How many more suggestions one file's check may look up."""

    def __init__(self, queries: int = MAX_QUERIES) -> None:
        self.left = queries

    def take(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


class Suggester:
    """The choices of one list, indexed once for many bounded lookups."""

    def __init__(self, choices: Iterable[object]) -> None:
        unique = {c for c in choices if isinstance(c, str) and 0 < len(c) <= MAX_WORD}
        self._forward = sorted(unique)
        self._backward = sorted(c[::-1] for c in unique) if len(unique) > MAX_CANDIDATES else []

    def closest(self, word: object, *, cutoff: float = CUTOFF) -> str | None:
        """The choice most like ``word`` (difflib's ratio, at least ``cutoff``),
        or None."""
        if not isinstance(word, str) or not word or len(word) > MAX_WORD or not self._forward:
            return None
        if len(self._forward) <= MAX_CANDIDATES:
            return _best(word, self._forward, cutoff)
        near = set(_around(self._forward, word))
        near.update(c[::-1] for c in _around(self._backward, word[::-1]))
        # difflib costs tens of microseconds a pair: only the neighbours that
        # share most of the word's two ends are compared.
        ranked = sorted(near, key=lambda c: (-_shared_ends(word, c), c))
        return _best(word, ranked[:COMPARED], cutoff)


def _best(word: str, candidates: Iterable[str], cutoff: float) -> str | None:
    """What ``difflib.get_close_matches(word, candidates, n=1, cutoff)`` returns
    (the highest ratio, ties to the greater text), computing each ratio once."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return best[1] if best else None


def _around(ordered: list[str], word: str) -> list[str]:
    """The choices next to where ``word`` sorts: those sharing its longest prefix."""
    at = bisect_left(ordered, word)
    return ordered[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]


def _shared_ends(word: str, choice: str) -> int:
    """How many characters ``choice`` shares with the start and the end of ``word``."""
    limit = min(len(word), len(choice))
    start = 0
    while start < limit and word[start] == choice[start]:
        start += 1
    end = 0
    while end < limit - start and word[-1 - end] == choice[-1 - end]:
        end += 1
    return start + end


def closest(
    word: object, choices: Iterable[object], *, limit: int = MAX_CANDIDATES, cutoff: float = CUTOFF
) -> str | None:
    """The choice most like ``word``, compared with at most a bounded number
    of choices (all of them when there are at most ``limit``)."""
    if not isinstance(word, str) or not word or len(word) > MAX_WORD:
        return None
    listed = list(choices)
    if len(listed) <= limit:
        return _best(word, [c for c in listed if isinstance(c, str) and len(c) <= MAX_WORD], cutoff)
    return Suggester(listed).closest(word, cutoff=cutoff)


def suggestion(
    word: object,
    choices: Iterable[object] | Suggester,
    *,
    budget: Budget | None = None,
    cutoff: float = CUTOFF,
) -> str | None:
    """The closest choice, excerpted (it may come from the input's own list,
    so it is shown like any text an input controls), or None (also once
    ``budget`` is spent)."""
    from migralint.textutil import excerpt

    if budget is not None and not budget.take():
        return None
    if isinstance(choices, Suggester):
        found = choices.closest(word, cutoff=cutoff)
    else:
        found = closest(word, choices, cutoff=cutoff)
    return excerpt(found) if found is not None else None


def hint(
    word: object,
    choices: Iterable[object] | Suggester,
    *,
    budget: Budget | None = None,
    cutoff: float = CUTOFF,
) -> str:
    """``"; did you mean `X`?"`` for the closest choice (a phrase, said in the
    reader's language where a message says it), or ``""``."""
    found = suggestion(word, choices, budget=budget, cutoff=cutoff)
    return did_you_mean(found) if found is not None else ""


def did_you_mean(choice: str) -> str:
    """The clause that suggests ``choice`` (already excerpted)."""
    from migralint.i18n.values import N_, Phrase

    return Phrase(N_("; did you mean `{choice}`?"), choice=choice)
