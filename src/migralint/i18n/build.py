"""Build the bundled catalogs: ``python -m migralint.i18n.build``.

Extracts the templates (``locale/migralint.pot`` from the code, templates
and starter plan; ``locale/rules.pot`` from ``rules/*.yaml``), merges them
into each language's ``.po`` (new messages empty, gone ones dropped) and
compiles the ``.mo`` files the wheel ships. ``--check`` changes nothing and
exits 1 when a file is not current (the tests run it). Catalogs are read and
written with Babel, as ``pybabel extract/update/compile`` would.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from migralint.i18n import LANGUAGES, LOCALE_DIR
from migralint.i18n.extract import extract_rules

PACKAGE = Path(__file__).resolve().parent.parent
REPO = PACKAGE.parent.parent
RULES_DIR = REPO / "rules"
DOMAINS = ("migralint", "rules")
# The code's keywords: gettext's, and `N_` for texts marked where they are
# defined and translated where they are shown.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
    # Translator(...) and its plural(); values that say themselves (i18n/values.py).
    "tr": None,
    "plural": (1, 2),
    "Phrase": None,
    "Plural": (1, 2),
    "Word": ((1, "c"), 2),
}
CODE_MAP = [
    ("**/i18n/build.py", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/templates/**.j2", "jinja2"),  # the report's templates (report.html.j2...)
    ("**/templates/**.yaml", "migralint.i18n.extract:extract_starter"),
]
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}


def _template(domain: str) -> Catalog:
    catalog = Catalog(
        project="migralint",
        domain=domain,
        msgid_bugs_address="",
        copyright_holder="migralint developers",
        charset="utf-8",
        fuzzy=False,
    )
    if domain == "rules":
        for path in sorted(RULES_DIR.glob("*.yaml")):
            with path.open("rb") as handle:
                for line, text, comments, context in extract(
                    extract_rules, handle, keywords=KEYWORDS
                ):
                    catalog.add(
                        text,
                        locations=[(f"rules/{path.name}", line)],
                        auto_comments=comments,
                        context=context,
                    )
        return catalog
    for name, line, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=CODE_MAP,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
        options_map={"**/templates/**.html": JINJA_OPTIONS, "**/templates/**.j2": JINJA_OPTIONS},
    ):
        catalog.add(
            message,
            locations=[(f"src/migralint/{Path(name).as_posix()}", line)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _brace_only(catalog: Catalog) -> None:
    """migralint formats with ``str.format`` only: a `%` in a message
    ("120% of their time") is text, not a printf directive, so the
    ``python-format`` flag Babel guesses would make `msgfmt -c` reject
    correct translations."""
    for message in catalog:
        message.flags.discard("python-format")


def _po_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def _dump_po(catalog: Catalog, **options: bool) -> bytes:
    out = io.BytesIO()
    # File names without line numbers: moving code does not make every catalog stale.
    write_po(
        out, catalog, width=0, omit_header=False, sort_output=False, include_lineno=False, **options
    )
    return out.getvalue()


def _dump_mo(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def outputs() -> dict[Path, bytes]:
    """Every generated file and the bytes it should hold."""
    files: dict[Path, bytes] = {}
    for domain in DOMAINS:
        template = _template(domain)
        template.creation_date = template.revision_date = _EPOCH
        _brace_only(template)
        files[LOCALE_DIR / f"{domain}.pot"] = _dump_po(template, ignore_obsolete=True)
        for lang in LANGUAGES:
            if lang == "en":
                continue
            path = _po_path(lang, domain)
            if path.exists():
                with path.open("rb") as handle:
                    catalog = read_po(handle, locale=lang, domain=domain)
            else:
                catalog = Catalog(locale=lang, domain=domain, project="migralint", fuzzy=False)
            catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
            _brace_only(catalog)
            catalog.obsolete.clear()
            catalog.creation_date = catalog.revision_date = _EPOCH
            po = _dump_po(catalog, ignore_obsolete=True, include_previous=False)
            files[path] = po
            # Compiled from the .po as written, so one build is a fixed point.
            files[path.with_suffix(".mo")] = _dump_mo(read_po(io.BytesIO(po), locale=lang))
    return files


def _epoch():
    import datetime as dt

    return dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


_EPOCH = _epoch()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m migralint.i18n.build",
        description="Extract, update and compile the bundled message catalogs.",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = []
    for path, content in outputs().items():
        if path.exists() and path.read_bytes() == content:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'} {path.relative_to(REPO)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
