"""The text being fixed, and what fixers read from it, each worked out once
and only when a fixer asks: its lines, its scalars, its plan."""

from __future__ import annotations

from functools import cached_property

from migralint import loader, textpos
from migralint.finding import Finding

QUOTES = ('"', "'")


class Source:
    def __init__(self, text: str) -> None:
        self.text = text
        self.memo: dict[str, object] = {}  # what a fixer works out once per text

    @cached_property
    def lines(self) -> textpos.Lines:
        return textpos.Lines(self.text)

    @cached_property
    def scalars(self) -> dict[int, textpos.Scalar]:
        return textpos.scalars(self.text, self.lines)

    @cached_property
    def doc(self) -> loader.Document:
        return loader.load(self.text)

    @cached_property
    def line_break(self) -> str:
        """The file's own line break (its first one; ``\\n`` when it has none)."""
        return textpos.line_break(self.text)

    def offset(self, finding: Finding) -> int:
        return self.lines.offset(finding.line, finding.column)

    def scalar(self, finding: Finding) -> textpos.Scalar | None:
        """The scalar that starts where the finding is."""
        return self.scalars.get(self.offset(finding))

    def simple(self, scalar: textpos.Scalar) -> str | None:
        """The scalar's text between its quotes (all of it when plain), when
        it is written on one line as its value, without escapes; else None."""
        raw = self.text[scalar.start : scalar.end]
        if scalar.style in QUOTES:
            if len(raw) < 2 or raw[0] != scalar.style or raw[-1] != scalar.style:
                return None
            raw = raw[1:-1]
        elif scalar.style:
            return None  # a block scalar (| or >)
        if raw != scalar.value or textpos.YAML_BREAK.search(raw):
            return None
        return raw


def quoted(value: str) -> str | None:
    """``value`` as a one-line quoted scalar: double quotes, single ones when
    it holds ``"`` or ``\\``; None when it would need escapes either way."""
    if textpos.YAML_BREAK.search(value) or any(not c.isprintable() for c in value):
        return None
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
