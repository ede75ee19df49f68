"""The translator of a run: a bundled language, plus the user's catalogs
for the texts of their own rule files.

A configuration's ``translations:`` names folders in Babel's layout
(``LANG/LC_MESSAGES/DOMAIN.po``, as ``pybabel init -d FOLDER -l LANG``
makes them). Their ``.po`` files come from the repository, so from the pull
request in a gate: each is read with a size limit, parsed by Babel, and a
translation whose placeholders differ from its English is refused, as a
broken configuration is (exit 2, with its position).
"""

from __future__ import annotations

import io
import string
from functools import lru_cache
from itertools import islice
from pathlib import Path

from migralint import inputs
from migralint.errors import ConfigError
from migralint.i18n.translator import ENGLISH, Translator, translator
from migralint.textutil import excerpt

MAX_CATALOG = 4 * 1024 * 1024  # a catalog of every text of a thousand rules is under 2 MB
MAX_CATALOGS = 64  # .po files per folder and language
MAX_TOTAL = 16 * 1024 * 1024  # every catalog of a run together


def translator_for(lang: str, buddhist: bool, folders: tuple[Path, ...] = ()) -> Translator:
    """The run's translator for plans governed by a configuration with these
    ``translations`` folders."""
    if lang == "en":
        return ENGLISH
    if not folders:
        return translator(lang, buddhist)
    return _with_catalogs(lang, buddhist, tuple(str(f) for f in folders))


@lru_cache(maxsize=32)
def _with_catalogs(lang: str, buddhist: bool, folders: tuple[str, ...]) -> Translator:
    extra: dict[tuple[str, str], str] = {}
    budget = MAX_TOTAL
    for folder in folders:
        messages = Path(folder) / lang / "LC_MESSAGES"
        if not inputs.inside(messages, folder):
            # `ko` or `LC_MESSAGES` as a symbolic link to a folder elsewhere.
            raise ConfigError(f"{_shown(messages)}: resolves outside its folder of catalogs")
        found = sorted(islice(messages.glob("*.po"), MAX_CATALOGS + 1))
        if len(found) > MAX_CATALOGS:
            raise ConfigError(
                f"{_shown(Path(folder))}: {len(found):,} catalogs for `{lang}`; "
                f"at most {MAX_CATALOGS} are read"
            )
        for path in found:
            if path.is_symlink():  # what it names may be outside the repository
                raise ConfigError(f"{_shown(path)}: a catalog may not be a symbolic link")
            size = path.stat().st_size
            if size > budget:
                raise ConfigError(
                    f"{_shown(path)}: the catalogs of `{lang}` hold more than "
                    f"{MAX_TOTAL // (1024 * 1024)} MB together"
                )
            budget -= size
            extra.update(read_catalog(path, lang))
    return Translator(lang, buddhist=buddhist, extra=extra)


def _shown(path: Path) -> str:
    from migralint.config import _shown as shown

    return shown(path)


def placeholders(text: str) -> set[str] | None:
    """The names a template fills (``{value}``), or None when it is not a
    valid template of plain names: as in a rule file's messages, no format
    spec (``{value:>999999999}`` would build a gigabyte), no conversion and
    no attribute or index access (``{value.__class__}``)."""
    try:
        fields = [(n, s, c) for _, n, s, c in string.Formatter().parse(text) if n is not None]
    except ValueError:
        return None
    if any(not name.isidentifier() or spec or conversion for name, spec, conversion in fields):
        return None
    return {name for name, _, _ in fields}


def read_catalog(path: Path, lang: str) -> dict[tuple[str, str], str]:
    """(context, English) -> translation for every translated message of one
    ``.po`` file; raises ConfigError for a file that is not a catalog or a
    translation that fills other placeholders than its English."""
    from babel.messages.pofile import PoFileError, read_po

    shown = _shown(path)
    content = inputs.read_bounded(
        path, label=shown, limit=MAX_CATALOG, what="catalog", error=ConfigError
    )
    try:
        catalog = read_po(io.BytesIO(content), locale=lang, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 0) or 1
        raise ConfigError(f"{shown}:{line}:1: not a gettext catalog: {exc}") from None
    found: dict[tuple[str, str], str] = {}
    for message in catalog:
        if not message.id or isinstance(message.id, tuple) or not message.string:
            continue
        translated = message.string if isinstance(message.string, str) else message.string[0]
        said, english = placeholders(translated), placeholders(message.id)
        if said is None and english is not None:
            raise ConfigError(
                f"{shown}:{message.lineno or 1}:1: the translation of {excerpt(message.id)!r} "
                "is not a message template of plain `{name}` fields"
            )
        if said != english:
            raise ConfigError(
                f"{shown}:{message.lineno or 1}:1: the translation of {excerpt(message.id)!r} "
                f"fills {sorted(said or ())} where the English fills {sorted(english or ())}"
            )
        found[(message.context or "", message.id)] = translated
    return found
