"""migralint in its users' languages: gettext catalogs managed with Babel."""

from __future__ import annotations

from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# English is the source language; the others have catalogs.
LANGUAGES = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ko": "한국어",
    "th": "ไทย",
    "ar": "العربية",
}

# Languages written right to left (the HTML report mirrors its layout).
RTL = frozenset({"ar"})

# The Unicode extension that asks Thai dates for the Buddhist era's years
# (BCP 47, as browsers and ICU spell it): `--lang th-u-ca-buddhist`.
BUDDHIST = "u-ca-buddhist"


def parse(tag: str) -> tuple[str, bool] | None:
    """A bundled language from a BCP 47 tag or a POSIX locale name
    (``ko``, ``es-MX``, ``fr_FR.UTF-8``, ``th-u-ca-buddhist``,
    ``th_TH.UTF-8@buddhist``): (language, Buddhist era), or None when
    migralint has no catalog for it. ``C`` and ``POSIX`` are English."""
    text = tag.strip().lower().replace("_", "-")
    buddhist = BUDDHIST in text or text.endswith("@buddhist")
    base = text.split(".")[0].split("@")[0]
    if base in ("c", "posix"):
        return "en", False
    lang = base.split("-")[0]
    if lang not in LANGUAGES:
        return None
    return lang, buddhist and lang == "th"


def from_environment(environ: dict[str, str]) -> tuple[str, bool]:
    """The language gettext would choose from the environment: the locale
    of messages (``LC_ALL``, else ``LC_MESSAGES``, else ``LANG``); unless it
    is ``C``, ``LANGUAGE``'s list of preferences comes first, as in GNU
    gettext. The first bundled language wins; none is English."""
    locale = next((environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(k)), "")
    if locale and parse(locale) == ("en", False) and locale.split(".")[0].upper() in ("C", "POSIX"):
        return "en", False
    for tag in [*environ.get("LANGUAGE", "").split(":"), locale]:
        if tag.strip():
            found = parse(tag)
            if found is not None:
                return found
    return "en", False


# The formats other programs read: their messages stay English unless the
# language is asked for explicitly (`--lang`), so that tooling keyed on
# messages and the fingerprints made from them stay stable.
MACHINE_FORMATS = frozenset({"json", "sarif", "gitlab", "junit", "github"})


def choose(
    explicit: str | None,
    configured: str | None,
    environ: dict[str, str],
    *,
    machine: bool = False,
) -> tuple[str, bool]:
    """The run's language, (language, Buddhist era): ``--lang``, else the
    configuration's ``language``, else the environment's locale; for a
    machine format only ``--lang``. A language migralint has no catalog for
    is English; a bundled one needs Babel (the ``i18n`` extra) for its
    dates and numbers: asked for by name without it, that is a usage error,
    while a locale merely set in the environment falls back to English."""
    from migralint.errors import UsageError

    if explicit is not None:
        chosen, asked = parse(explicit) or ("en", False), f"--lang {explicit}"
    elif machine:
        return "en", False
    elif configured is not None:
        chosen, asked = parse(configured) or ("en", False), f"language: {configured}"
    else:
        chosen, asked = from_environment(environ), None
    if chosen[0] != "en" and not _has_babel():
        if asked is None:
            return "en", False
        raise UsageError(
            f"{asked} needs Babel, which is not installed: pip install 'migralint[i18n]'"
        )
    return chosen


def _has_babel() -> bool:
    import importlib.util

    return importlib.util.find_spec("babel") is not None
