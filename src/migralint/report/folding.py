"""English pages at the cost they always had: the templates compiled for
English have their messages folded into their text.

The templates say every text through the page's translator (``_``, ``tr``,
``plural``, ``iso`` and ``ltr``: say.Say). In another language those are
calls made while the page is rendered. In English each would return its
message as it is written, its values escaped: the same bytes as the text the
templates held before they were translated, but at the price of a call, a
format and a markup string per row of the report's tables and per finding.
So the English environment rewrites, when it compiles a template,

- ``{{ _("line {line}", line=r.line) }}`` (and ``tr(...)``) into the text
  ``line {{ r.line }}``, each value output (and escaped) where its
  placeholder stands;
- ``{{ plural("{n} event", "{n} events", n) }}`` into ``{% if n == 1 %}``
  one text ``{% else %}`` the other;
- ``{{ markup('<a href="#', anchor, '">') }}`` (markup given as a
  message's value: its literal text, then a value, then text...) into
  ``<a href="#{{ anchor }}">``;
- ``{{ iso(value) }}`` into ``{{ value }}``, and ``{{ ltr }}`` into nothing.

What it cannot fold (a message given by a variable, a message used outside
an output) is left to the runtime translator, which says the same in
English. ``tests/test_report_i18n.py`` renders English both ways and holds
them to the same bytes.
"""

from __future__ import annotations

import string
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

MESSAGES = frozenset({"_", "tr"})  # a message and its values
PLURAL = "plural"  # a message in the form for a count
ISOLATE = "iso"  # a value isolated on a right-to-left page
LTR = "ltr"  # ' dir="ltr"' on a right-to-left page
MARKUP = "markup"  # markup: literal text and values, in turn


def _text(expr: nodes.Expr) -> str | None:
    return expr.value if isinstance(expr, nodes.Const) and isinstance(expr.value, str) else None


class Fold(NodeTransformer):
    """The English page's messages as template text (see the module)."""

    def visit_Output(self, node: nodes.Output) -> list[nodes.Node]:
        return _group(self._items(node.nodes, node.lineno), node.lineno)

    def _items(self, exprs: list[nodes.Node], lineno: int) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for expr in exprs:
            out.extend(self._fold(expr, lineno))
        return out

    def _fold(self, expr: nodes.Node, lineno: int) -> list[nodes.Node]:
        """What ``expr`` outputs, as output items (expressions and text) and
        ``If`` statements (a plural's forms)."""
        if isinstance(expr, nodes.Name) and expr.name == LTR:
            return []
        if not (
            isinstance(expr, nodes.Call)
            and isinstance(expr.node, nodes.Name)
            and expr.dyn_args is None
            and expr.dyn_kwargs is None
        ):
            return [self.visit(expr)]
        name = expr.node.name
        params = {keyword.key: keyword.value for keyword in expr.kwargs}
        if name == ISOLATE and len(expr.args) == 1 and not params:
            return self._fold(expr.args[0], lineno)
        if name == MARKUP and not params and all(_text(a) is not None for a in expr.args[::2]):
            items: list[nodes.Node] = []
            for number, part in enumerate(expr.args):
                if number % 2 == 0:
                    items.append(nodes.TemplateData(_text(part), lineno=lineno))
                else:
                    items.extend(self._fold(part, lineno))
            return items
        if name in MESSAGES and len(expr.args) == 1:
            message = _text(expr.args[0])
            if message is not None and _fills(message, params):
                return self._message(message, params, lineno)
        if name == PLURAL and len(expr.args) == 3:
            singular, plural = _text(expr.args[0]), _text(expr.args[1])
            if (
                singular is not None
                and plural is not None
                and _fills(singular, {**params, "n": None})
                and _fills(plural, {**params, "n": None})
            ):
                count = expr.args[2]
                with_count = {**params, "n": count}
                one = self._message(singular, _copies(with_count), lineno)
                many = self._message(plural, _copies(with_count), lineno)
                test = nodes.Compare(
                    _copy(count), [nodes.Operand("eq", nodes.Const(1))], lineno=lineno
                )
                return [
                    nodes.If(test, _group(one, lineno), [], _group(many, lineno), lineno=lineno)
                ]
        return [self.visit(expr)]

    def _message(
        self, message: str, params: dict[str, nodes.Expr], lineno: int
    ) -> list[nodes.Node]:
        items: list[nodes.Node] = []
        for literal, field, _, _ in string.Formatter().parse(message):
            if literal:
                items.append(nodes.TemplateData(literal, lineno=lineno))
            if field is not None:
                items.extend(self._fold(params[field], lineno))
        return items


def _fills(message: str, params: dict[str, Any]) -> bool:
    """Whether ``message``'s placeholders are plain names given in ``params``
    (no format spec, no conversion): only those fold."""
    try:
        fields = list(string.Formatter().parse(message))
    except ValueError:
        return False
    return all(
        field is None or (field in params and not spec and not conversion)
        for _, field, spec, conversion in fields
    )


def _copies(params: dict[str, nodes.Expr]) -> dict[str, nodes.Expr]:
    return {key: _copy(value) for key, value in params.items()}


def _copy(node: Any) -> Any:
    """A copy of an expression's nodes (a plural's values appear in both its
    forms); the environment is set on the whole tree afterwards."""
    if isinstance(node, list):
        return [_copy(item) for item in node]
    if not isinstance(node, nodes.Node):
        return node
    fields = [_copy(getattr(node, name, None)) for name in node.fields]
    return type(node)(*fields, lineno=node.lineno)


def _group(items: list[nodes.Node], lineno: int) -> list[nodes.Node]:
    """Output items as statements: runs of expressions in an ``Output``."""
    out: list[nodes.Node] = []
    run: list[nodes.Node] = []
    for item in items:
        if isinstance(item, nodes.If):
            if run:
                out.append(nodes.Output(run, lineno=lineno))
                run = []
            out.append(item)
        else:
            run.append(item)
    if run:
        out.append(nodes.Output(run, lineno=lineno))
    return out


class EnglishEnvironment(jinja2.Environment):
    """An environment whose templates are compiled with their messages
    folded into their text (English pages only)."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        folded = Fold().visit(tree)
        folded.set_environment(self)
        return folded
