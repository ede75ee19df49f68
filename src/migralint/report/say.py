"""The run's translator as the page uses it: ``Say``, the templates' ``_``,
``tr``, ``plural``, ``iso``, ``markup`` and ``ltr`` (markupsafe: Jinja2's)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from migralint.i18n.translator import ENGLISH, Translator
from migralint.report.words import SEVERITY_TITLES

_BDI = Markup("<bdi>%s</bdi>")
_LTR = Markup(' dir="ltr"')
_NOTHING = Markup("")


class Say:
    """The run's translator as the page uses it, one per rendering (its
    lookups are cached for the page): ``say("text {x}", x=...)`` is the
    message in the reader's language as markup, its values escaped, and in
    a right-to-left page each value isolated in ``<bdi>`` (a value that is
    markup already, ``<code>`` or a link, isolates itself). ``text`` says
    the same without isolation (for attributes and the SVG's titles).

    English returns each message as it is written (the templates' own
    text, trusted) and formats its values as the templates always did:
    ``{n}`` ungrouped. A translation is escaped, so a catalog cannot put
    markup in the page."""

    def __init__(self, tr: Translator = ENGLISH) -> None:
        self.tr = tr
        self.english = tr.english
        self.rtl = tr.rtl
        self.lang = tr.tag
        # On a right-to-left page, what stays left to right says so (codes, source, the timeline).
        self.ltr = _LTR if tr.rtl else _NOTHING
        self.separator = ", " if tr.english else tr.pgettext("list separator", ", ")
        self.severity_titles = {k: self.tr.gettext(v) for k, v in SEVERITY_TITLES.items()}
        self._templates: dict[str, str] = {}
        self._said: dict[str, Markup] = {}

    # -- messages --------------------------------------------------------
    def _template(self, message: str) -> str:
        found = self._templates.get(message)
        if found is None:
            found = message if self.english else str(escape(self.tr.gettext(message)))
            self._templates[message] = found
        return found

    def _values(self, params: dict[str, Any], isolate: bool) -> dict[str, Any]:
        if self.english:
            return {k: escape(v) for k, v in params.items()}
        value = self.tr.value
        if not isolate or not self.rtl:
            return {k: escape(value(v)) for k, v in params.items()}
        return {k: v if isinstance(v, Markup) else _BDI % value(v) for k, v in params.items()}

    def __call__(self, message: str, /, **params: Any) -> Markup:
        if not params:
            found = self._said.get(message)
            if found is None:
                found = self._said[message] = Markup(self._template(message))
            return found
        return Markup(self._template(message).format_map(self._values(params, True)))

    def text(self, message: str, /, **params: Any) -> Markup:
        """A message for an attribute or a text-only element: no isolation."""
        if not params:
            return self(message)
        return Markup(self._template(message).format_map(self._values(params, False)))

    def plural(self, singular: str, plural: str, n: int, /, **params: Any) -> Markup:
        """A message with a count in the form for it; ``{n}`` is the count
        (ungrouped in English, as the templates printed it)."""
        if self.english:
            template = singular if n == 1 else plural
            return Markup(template.format_map({"n": n, **self._values(params, True)}))
        template = str(escape(self.tr.ngettext(singular, plural, n)))
        values = self._values(params, True)
        number = self.tr.number(n)
        values["n"] = _BDI % number if self.rtl else number
        return Markup(template.format_map(values))

    # -- values ----------------------------------------------------------
    def iso(self, value: Any) -> Markup:
        """A value from the plan or the run (a path, a name, a date) as the
        page shows it; isolated in ``<bdi>`` on a right-to-left page."""
        return _BDI % value if self.rtl else escape(value)

    @staticmethod
    def markup(*parts: Any) -> Markup:
        """Markup for a message's value: the template's own text (trusted)
        and values (escaped), in turn: ``markup('<a href="#', anchor, '">')``."""
        return Markup("").join(
            Markup(part) if number % 2 == 0 else escape(part) for number, part in enumerate(parts)
        )

    def join(self, items: list[Any]) -> Markup:
        """Items, the language's list separator between them."""
        if self.rtl:
            return Markup(self.separator).join(_BDI % item for item in items)
        return Markup(escape(self.separator)).join(items)
