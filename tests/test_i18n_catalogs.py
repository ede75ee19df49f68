"""The catalogs: complete, current and faithful to the English; users'
rule files carry their own translations, extracted with pybabel."""

from __future__ import annotations

import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from helpers import LOCAL_RULE, run_cli
from migralint.i18n import LANGUAGES, LOCALE_DIR
from migralint.i18n.build import main as build
from migralint.i18n.catalogs import placeholders

ROOT = Path(__file__).resolve().parent.parent
OTHERS = [lang for lang in LANGUAGES if lang != "en"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_templates_and_compiled_catalogs_are_current() -> None:
    """`python -m migralint.i18n.build` leaves nothing to change: the .pot
    holds every message of the code and the rule files, each .po is merged
    with it (no stale message kept), and each .mo is compiled from its .po."""
    assert build(["--check"]) == 0


@pytest.mark.parametrize("domain", ["migralint", "rules"])
@pytest.mark.parametrize("lang", OTHERS)
def test_every_message_is_translated_with_the_same_placeholders(lang: str, domain: str) -> None:
    with (LOCALE_DIR / f"{domain}.pot").open("rb") as handle:
        template = read_po(handle)
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    assert have == wanted  # none missing, none stale
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {ids[0][:80]!r}")
            continue
        english = placeholders(ids[0])
        if english is None:  # not a template (libyaml's "expected ',' or '}'"): never formatted
            continue
        for said in strings:
            if placeholders(said) != english:
                problems.append(f"placeholders differ: {ids[0][:60]!r} -> {said[:60]!r}")
    assert problems == []


def _project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "local.yaml").write_text(LOCAL_RULE, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(
        "migralint: 1\ndiscovery:\n  integrations:\n    - {id: crm-sync, owner: ops}\n",
        encoding="utf-8",
    )
    return tmp_path


_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "LO001"
msgid "integration `{item}` has no `system`; name the system it connects"
msgstr "{translated}"
"""


def test_a_rule_file_s_own_catalog_translates_its_messages(tmp_path: Path) -> None:
    project = _project(tmp_path)
    folder = project / "policies" / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    said = "la integración `{item}` no indica `system`; indique el sistema que conecta"
    (folder / "local.po").write_text(_PO.replace("{translated}", said), encoding="utf-8")
    (project / ".migralint.yaml").write_text(
        "rules: [policies/local.yaml]\ntranslations: [policies/locale]\n", encoding="utf-8"
    )
    spanish = run_cli("check", "--lang", "es", "--select", "LO", "plan.yaml", cwd=project)
    assert "plan.yaml:4:7: LO001" in spanish.stdout
    assert "la integración `crm-sync` no indica `system`" in spanish.stdout
    english = run_cli("check", "--select", "LO", "plan.yaml", cwd=project)
    assert "integration `crm-sync` has no `system`" in english.stdout


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        # str.format on a translation: a width would build a gigabyte, an
        # attribute would reach into Python's objects.
        (_PO.replace("{translated}", "{item:>999999999}").encode(), "plain `{name}` fields"),
        (_PO.replace("{translated}", "{item.__class__}").encode(), "plain `{name}` fields"),
        (_PO.replace("{translated}", "{item!r}").encode(), "plain `{name}` fields"),
        (
            _PO.replace("{translated}", "la integración no indica {sistema}").encode(),
            "fills ['sistema']",
        ),
        (b"this is not a po file\n", "not a gettext catalog"),
        (b"\xff\xfe not UTF-8", "not a gettext catalog"),
    ],
)
def test_a_broken_user_catalog_is_a_configuration_error(
    tmp_path: Path, content: str, problem: str
) -> None:
    project = _project(tmp_path)
    folder = project / "policies" / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "local.po").write_bytes(content)
    (project / ".migralint.yaml").write_text(
        "rules: [policies/local.yaml]\ntranslations: [policies/locale]\n", encoding="utf-8"
    )
    result = run_cli("check", "--lang", "fr", "plan.yaml", cwd=project)
    assert result.returncode == 2
    # (in French: the error is in the language asked for)
    assert result.stderr.startswith(
        "migralint\u202f: erreur\u202f: policies/locale/fr/LC_MESSAGES/local.po:"
    )
    assert problem in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_catalog_folder_outside_the_repository_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path / "repo")
    (project / ".migralint.yaml").write_text("translations: [../elsewhere]\n", encoding="utf-8")
    result = run_cli("check", "--lang", "fr", "plan.yaml", cwd=project)
    assert result.returncode == 2
    assert "translations[0]" in result.stderr and "folder of catalogs" in result.stderr


def test_an_oversized_user_catalog_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    folder = project / "policies" / "locale" / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "big.po").write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    (project / ".migralint.yaml").write_text(
        "rules: [policies/local.yaml]\ntranslations: [policies/locale]\n", encoding="utf-8"
    )
    result = run_cli("check", "--lang", "ko", "plan.yaml", cwd=project)
    assert result.returncode == 2 and "big.po" in result.stderr


@pytest.mark.skipif(
    shutil.which("pybabel") is None and not (Path(sys.executable).parent / "pybabel").exists(),
    reason="pybabel is not installed",
)
def test_pybabel_extracts_a_user_rule_file_with_migralint_s_extractor(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "babel.cfg").write_text("[migralint-rules: policies/**.yaml]\n", encoding="utf-8")
    pybabel = shutil.which("pybabel") or str(Path(sys.executable).parent / "pybabel")
    subprocess.run(
        [pybabel, "-q", "extract", "-F", "babel.cfg", "-o", "rules.pot", "."],
        cwd=project,
        check=True,
    )
    with (project / "rules.pot").open("rb") as handle:
        found = {(m.context, m.id) for m in read_po(handle) if m.id}
    assert ("LO001", "An integration does not say which system it connects.") in found
    assert ("LO001", "integration `{item}` has no `system`; name the system it connects") in found
    assert ("LO", "Local conventions") in found


def test_a_symlinked_catalog_and_too_many_catalogs_are_refused(tmp_path: Path) -> None:
    project = _project(tmp_path / "repo")
    folder = project / "policies" / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    secret = tmp_path / "secret.po"
    secret.write_text(_PO.replace("{translated}", "x {item}"), encoding="utf-8")
    (folder / "linked.po").symlink_to(secret)
    (project / ".migralint.yaml").write_text(
        "rules: [policies/local.yaml]\ntranslations: [policies/locale]\n", encoding="utf-8"
    )
    linked = run_cli("check", "--lang", "es", "plan.yaml", cwd=project)
    assert linked.returncode == 2 and "symbolic link" in linked.stderr
    (folder / "linked.po").unlink()
    for number in range(65):
        (folder / f"c{number}.po").write_text("", encoding="utf-8")
    many = run_cli("check", "--lang", "es", "plan.yaml", cwd=project)
    assert many.returncode == 2 and "at most 64" in many.stderr


def test_a_translations_folder_that_is_not_there_is_a_configuration_error(tmp_path: Path) -> None:
    # A misspelt folder would otherwise leave the rule texts in English, unsaid.
    project = _project(tmp_path)
    (project / ".migralint.yaml").write_text(
        "rules: [policies/local.yaml]\ntranslations: [policies/locael]\n", encoding="utf-8"
    )
    result = run_cli("check", "--lang", "fr", "plan.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.endswith(
        ".migralint.yaml:2:16: translations[0]: policies/locael is not a folder\n"
    )
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("linked", ["es", "es/LC_MESSAGES"])
def test_a_language_folder_linked_outside_its_folder_of_catalogs_is_refused(
    tmp_path: Path, linked: str
) -> None:
    # The catalogs themselves are not links, but the folder holding them
    # names one outside the repository.
    project = _project(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "LC_MESSAGES").mkdir(parents=True)
    (elsewhere / "LC_MESSAGES" / "x.po").write_text(
        _PO.replace("{translated}", "x {item}"), encoding="utf-8"
    )
    locale = project / "policies" / "locale"
    (locale / linked).parent.mkdir(parents=True, exist_ok=True)
    (locale / linked).symlink_to(elsewhere if linked == "es" else elsewhere / "LC_MESSAGES")
    (project / ".migralint.yaml").write_text(
        "rules: [policies/local.yaml]\ntranslations: [policies/locale]\n", encoding="utf-8"
    )
    result = run_cli("check", "--lang", "es", "plan.yaml", cwd=project)
    assert result.returncode == 2, result.stdout
    assert result.stderr.endswith(
        "policies/locale/es/LC_MESSAGES: resolves outside its folder of catalogs\n"
    )
    assert result.stdout == ""
