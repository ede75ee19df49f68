"""Escaping and excerpts of text an input controls."""

from __future__ import annotations

import pytest

from migralint.textutil import ELLIPSIS, EXCERPT_LIMIT, escape, excerpt


@pytest.mark.parametrize("code", [*range(0x20), *range(0x7F, 0xA0)])
def test_every_c0_and_c1_control_is_escaped(code: int) -> None:
    shown = escape(f"a{chr(code)}b")
    assert chr(code) not in shown
    assert shown.startswith("a\\") and shown.endswith("b")


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u2069", "\u200f", "\u061c", "\u2028"])
def test_bidi_and_separators_are_escaped(char: str) -> None:
    assert escape(char) == f"\\u{ord(char):04x}"


def test_plain_text_and_other_scripts_are_kept() -> None:
    assert escape("Zürich 서울 ภาษาไทย العربية") == "Zürich 서울 ภาษาไทย العربية"


def test_excerpt_cuts_with_an_ellipsis() -> None:
    assert excerpt("x" * 1000) == "x" * EXCERPT_LIMIT + ELLIPSIS
    assert excerpt("short") == "short"


def test_excerpt_of_a_huge_container_is_short() -> None:
    shown = excerpt(["y" * 1_000_000] * 1000)
    assert len(shown) < 4 * EXCERPT_LIMIT
