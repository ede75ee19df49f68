"""Choosing the language (`--lang`, `language:`, the locale) and what each
command says in it: `check`, `explain`, `rules`, `init`, errors, SARIF."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers import run_cli
from migralint import i18n
from migralint.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
TIMELINE = "examples/findings/timeline.yaml"
SCRIPT = {"ko": "[\uac00-\ud7a3]", "th": "[\u0e00-\u0e7f]", "ar": "[\u0600-\u06ff]"}
# The day each language's findings of the timeline example name first.
DATES = {
    "es": "martes, 15 de abril de 2025",
    "fr": "mardi 15 avril 2025",
    "ko": "2025년 4월 15일 화요일",
    "th": "วันอังคารที่ 15 เมษายน ค.ศ. 2025",
    "ar": "الثلاثاء، 15 أبريل 2025",
}


def _env(**values: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    env.update(values)
    return env


# -- which language --------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ko", ("ko", False)),
        ("es-MX", ("es", False)),
        ("fr_CA.UTF-8", ("fr", False)),
        ("th-u-ca-buddhist", ("th", True)),
        ("th_TH.UTF-8@buddhist", ("th", True)),
        ("ar_SA", ("ar", False)),
        ("C", ("en", False)),
        ("POSIX", ("en", False)),
        ("en_GB.UTF-8", ("en", False)),
        ("de_DE", None),
        ("es-u-ca-buddhist", ("es", False)),
    ],
)
def test_a_tag_names_a_bundled_language(tag: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert i18n.parse(tag) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "ko_KR.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "ko_KR.UTF-8", "LC_ALL": "th_TH.UTF-8"}, "th"),
        ({"LANG": "ko_KR.UTF-8", "LANGUAGE": "de:ar:es"}, "ar"),  # its first bundled one
        ({"LC_ALL": "C", "LANGUAGE": "es"}, "en"),  # GNU gettext: C ignores LANGUAGE
        ({"LANG": "de_DE.UTF-8"}, "en"),  # no catalog: English
        ({"LANG": "C.UTF-8", "LANGUAGE": "fr"}, "en"),
    ],
)
def test_the_locale_is_read_as_gettext_reads_it(environ: dict, expected: str) -> None:
    assert i18n.from_environment(environ)[0] == expected


def test_an_explicit_language_wins_and_machine_formats_stay_english() -> None:
    env = {"LANG": "ko_KR.UTF-8"}
    assert i18n.choose("fr", "es", env) == ("fr", False)
    assert i18n.choose(None, "es", env) == ("es", False)
    assert i18n.choose(None, None, env) == ("ko", False)
    assert i18n.choose(None, "es", env, machine=True) == ("en", False)
    assert i18n.choose("ar", None, env, machine=True) == ("ar", False)
    assert i18n.choose("xx", None, env) == ("en", False)  # no catalog: English


def test_without_babel_a_named_language_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_has_babel", lambda: False)
    with pytest.raises(UsageError, match=r"--lang ko needs Babel.*migralint\[i18n\]"):
        i18n.choose("ko", None, {})
    with pytest.raises(UsageError, match=r"language: es needs Babel"):
        i18n.choose(None, "es", {})
    assert i18n.choose(None, None, {"LANG": "ko_KR.UTF-8"}) == ("en", False)  # the locale: English


# -- check -----------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(DATES))
def test_check_prints_every_finding_in_the_language(lang: str) -> None:
    english = run_cli("check", "--no-show-source", TIMELINE, cwd=ROOT)
    result = run_cli("check", "--lang", lang, "--no-show-source", TIMELINE, cwd=ROOT)
    assert result.returncode == english.returncode == 1
    lines, source = result.stdout.splitlines(), english.stdout.splitlines()
    assert len(lines) == len(source) == 11
    for line, was in zip(lines[:-1], source[:-1], strict=True):
        where, code = was.split(" ")[:2]
        assert line.startswith(f"{where} {code} ")  # the position and code as in English
        assert line.endswith(was[was.rindex(" [") :])  # the rule's name too
        assert "{" not in line
        if lang in SCRIPT:
            message = line[len(where) + len(code) + 2 : line.rindex(" [")]
            assert re.search(SCRIPT[lang], message), line
        else:
            assert line != was
    assert DATES[lang] in result.stdout
    assert lines[-1] != source[-1]  # the summary line too
    # A terminal lays lines out left to right: no bidi control reorders them
    # (Arabic included), so each starts with its path, position and code.
    assert not re.search("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", result.stdout)
    assert re.search(r"\b2025-04-15\b", result.stdout.split(DATES[lang])[0]) is None


def test_the_configuration_s_language_and_the_locale(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    plan = (ROOT / TIMELINE).read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / ".migralint.yaml").write_text("language: fr\n", encoding="utf-8")
    configured = run_cli("check", "plan.yaml", cwd=tmp_path, env=_env(LANG="ko_KR.UTF-8"))
    assert DATES["fr"] in configured.stdout
    (tmp_path / ".migralint.yaml").write_text("select: [TL]\n", encoding="utf-8")
    located = run_cli("check", "plan.yaml", cwd=tmp_path, env=_env(LANG="ko_KR.UTF-8"))
    assert DATES["ko"] in located.stdout
    # Machine formats stay English unless asked, whatever the locale.
    machine = run_cli(
        "check", "--format", "json", "plan.yaml", cwd=tmp_path, env=_env(LANG="ko_KR.UTF-8")
    )
    assert not re.search(SCRIPT["ko"], machine.stdout)
    bad = run_cli("check", "plan.yaml", cwd=tmp_path, env=_env(LANG="de_DE.UTF-8"))
    assert "Tuesday 2025-04-15" in bad.stdout  # no catalog for German: English


def test_an_invalid_language_setting_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plan.yaml").write_text("migralint: 1\n", encoding="utf-8")
    (tmp_path / ".migralint.yaml").write_text("language: [ko]\n", encoding="utf-8")
    result = run_cli("check", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("migralint: error: .migralint.yaml:1:11: ")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("x", "language: 'x' does not have the expected form"),
        ('""', "language: must not be empty"),
        ("ko_KR.UTF-8", "language: 'ko_KR.UTF-8' does not have the expected form"),
    ],
)
def test_a_malformed_language_setting_is_named_as_such(
    tmp_path: Path, value: str, said: str
) -> None:
    # A one-letter value is not "empty": the error says what is wrong with it.
    (tmp_path / ".git").mkdir()
    (tmp_path / "plan.yaml").write_text("migralint: 1\n", encoding="utf-8")
    (tmp_path / ".migralint.yaml").write_text(f"language: {value}\n", encoding="utf-8")
    result = run_cli("check", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"migralint: error: .migralint.yaml:1:11: {said}\n"
    assert result.stdout == ""


def test_sarif_records_the_language_asked_for() -> None:
    english = json.loads(run_cli("check", "--format", "sarif", TIMELINE, cwd=ROOT).stdout)
    assert "language" not in english["runs"][0]
    korean = json.loads(
        run_cli("check", "--format", "sarif", "--lang", "ko", TIMELINE, cwd=ROOT).stdout
    )
    run = korean["runs"][0]
    assert run["language"] == "ko"
    assert all(re.search(SCRIPT["ko"], r["message"]["text"]) for r in run["results"])
    assert [r["ruleId"] for r in run["results"]] == [
        r["ruleId"] for r in english["runs"][0]["results"]
    ]
    # Fingerprints do not depend on the language.
    assert [r.get("partialFingerprints") for r in run["results"]] == [
        r.get("partialFingerprints") for r in english["runs"][0]["results"]
    ]


def test_thai_in_the_buddhist_era() -> None:
    result = run_cli("check", "--lang", "th-u-ca-buddhist", TIMELINE, cwd=ROOT)
    assert "วันอังคารที่ 15 เมษายน พ.ศ. 2568" in result.stdout
    assert "ค.ศ." not in result.stdout


# -- explain, rules, init, errors --------------------------------------------


def _latin_words(text: str) -> list[str]:
    """The Latin-script words of ``text`` that are not identifiers:
    backquoted spans, codes, the rule's name and IANA zones taken out."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\b[A-Z]{2}\d{3}\b|friday-afternoon-cutover|\b[A-Z][a-z]+/[A-Za-z_]+", " ", text)
    return re.findall(r"[A-Za-z]{2,}", text)


def test_explain_tl001_in_thai_is_thai_apart_from_identifiers() -> None:
    result = run_cli("explain", "TL001", "--lang", "th", cwd=ROOT)
    assert result.returncode == 0
    sections = result.stdout.rstrip("\n").split("\n\n")
    # The last three sections are the options and the failing and passing
    # plans: YAML, identifiers and values (their comments are translated).
    prose, plans = "\n\n".join(sections[:-3]), "\n\n".join(sections[-2:])
    assert re.search(SCRIPT["th"], prose)
    assert _latin_words(prose) == []
    assert "16:30:00+01:00" in plans and re.search(SCRIPT["th"], plans)  # its comments


def test_rules_lists_summaries_in_the_language() -> None:
    result = run_cli("rules", "--lang", "ko", cwd=ROOT)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("PL001  yaml-syntax")
    assert all(re.search(SCRIPT["ko"], line) for line in lines)


def test_init_writes_spanish_comments(tmp_path: Path) -> None:
    result = run_cli("init", "--lang", "es", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("se escribió") or "migration-plan.yaml" in result.stdout
    text = (tmp_path / "migration-plan.yaml").read_text(encoding="utf-8")
    english = run_cli("init", "en.yaml", cwd=tmp_path)
    assert english.returncode == 0
    source = (tmp_path / "en.yaml").read_text(encoding="utf-8")
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "# " in line]
    assert "plan" in text and "TODO" in text  # values and placeholders stay
    assert [c for c in comments if "replace every TODO" in c or c.strip() == "IANA zone"] == []
    assert comments != [line.split("#", 1)[1] for line in source.splitlines() if "# " in line]
    # The Spanish plan is the same plan: the same data, and it passes the schema.
    import yaml

    assert yaml.safe_load(text) == yaml.safe_load(source.replace("en.yaml", "migration-plan.yaml"))


def test_errors_are_in_the_language_asked_for(tmp_path: Path) -> None:
    result = run_cli("check", "--lang", "es", "--config", "missing.yaml", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("migralint: ")
    assert result.stderr != "migralint: error: --config missing.yaml: no such file\n"
