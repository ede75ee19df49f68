"""Regular expressions from rule files, matched in linear time.

A rule file comes from a pull request, so a pattern such as ``(a+)+$`` must
not be able to stall a gate. Patterns are compiled with RE2 (google-re2),
whose automaton matches in time linear in the text, whatever the pattern;
what RE2 does not support (backreferences, look-around) is refused when the
rule file loads. A pattern is at most ``MAX_LENGTH`` characters and its
compiled program at most ``MAX_MEMORY`` bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

MAX_LENGTH = 1000
MAX_MEMORY = 1 << 20  # 1 MB per compiled pattern


class PatternError(ValueError):
    pass


@lru_cache(maxsize=1024)
def compile(pattern: str, ignore_case: bool = False) -> Any:
    """The compiled pattern; raises PatternError in plain words."""
    import re2

    if not isinstance(pattern, str):
        raise PatternError(f"a pattern must be a string, not {type(pattern).__name__}")
    if len(pattern) > MAX_LENGTH:
        raise PatternError(f"the pattern is {len(pattern)} characters long (at most {MAX_LENGTH})")
    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_MEMORY
    options.case_sensitive = not ignore_case
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise PatternError(
            f"`{pattern}` is not a pattern migralint can match in linear time ({detail})"
        ) from None


# Whether a pattern is found in a short string, remembered: plan values repeat
# (statuses, owners, kinds), within a plan and across the plans of one run.
# Bounded in patterns, in entries and in the length of what is kept.
_MEMO_LENGTH = 200


@lru_cache(maxsize=64)
def searcher(pattern: str, ignore_case: bool = False) -> Callable[[str], bool]:
    """``text -> bool``: whether ``pattern`` is found in ``text``; raises
    PatternError as :func:`compile` does."""
    search = compile(pattern, ignore_case).search

    @lru_cache(maxsize=4096)
    def remembered(text: str) -> bool:
        return search(text) is not None

    def found(text: str) -> bool:
        if len(text) <= _MEMO_LENGTH:
            return remembered(text)
        return search(text) is not None

    return found


def problem(pattern: Any) -> str | None:
    """Why ``pattern`` cannot be used, or None."""
    try:
        compile(pattern)
    except PatternError as exc:
        return str(exc)
    return None


def search(pattern: str, text: str, ignore_case: bool = False) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (anchor it with ``^``
    and ``$`` to match the whole text)."""
    return compile(pattern, ignore_case).search(text) is not None
