"""The on-disk cache can only make a run faster, never change its result.

A cache restored by a CI system is input that someone else wrote: every
kind of poisoned entry found by the outside review is written where its key
would be, and the run must give the findings it gives without a cache.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from helpers import EXAMPLE, ROOT, lint, mutate, run_cli
from migralint import __version__, cache, resources, rules, rulesgen
from migralint.checks import calendar

# Friday 18 April 2025, 16:30 in Berlin: Good Friday (TL003) and a Friday
# afternoon (TL001), in a plan whose countries are DE and US.
GOOD_FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00", "at: 2025-04-18T16:30:00+02:00")


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder and key of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MIGRALINT_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("MIGRALINT_NO_CACHE", raising=False)
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    calendar._holidays.cache_clear()
    cache._secret.cache_clear()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MIGRALINT_NO_CACHE"}
    env |= {"MIGRALINT_CACHE_DIR": str(tmp_path / "cache")}
    env |= {"XDG_STATE_HOME": str(tmp_path / "state"), **extra}
    return env


def _findings(text: str) -> list[tuple[str, str, int, int]]:
    return [(f.code, f.severity, f.line, f.column) for f in lint(text)]


def _holiday_entry(folder: Path, country: str = "DE", year: int = 2025) -> Path:
    release = calendar._holidays_release()
    return folder / f"holidays-{cache.key(country, str(year), release)}.json"


# -- the bundled rules: package data, built at development time ------------


def test_generated_bundled_rules_are_current() -> None:
    committed = (ROOT / "src" / "migralint" / "_bundled_rules.py").read_text(encoding="utf-8")
    assert committed == rulesgen.generate(), "run `python -m migralint.rulesgen`"


def test_bundled_rules_equal_the_validated_rule_files() -> None:
    rules.bundled_rules.cache_clear()
    bundled = rules.bundled_rules()
    assert isinstance(bundled, tuple)
    assert bundled == rules.validate_bundled()
    assert [r.code for r in bundled] == sorted((r.code for r in bundled), key=_catalogue)


def _catalogue(code: str) -> tuple[int, str]:
    return (rules.FAMILY_ORDER.index(code[:2]), code)


def test_bundled_rules_need_neither_jsonschema_nor_the_cache(tmp_path: Path) -> None:
    probe = (
        "import sys; from migralint import rules; print(len(rules.bundled_rules())); "
        "print('jsonschema' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=_env(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == [str(len(rules.bundled_rules())), "False"]
    assert not (tmp_path / "cache").exists()


def _old_rules_key() -> str:
    """Where the rules cache entry used to be (its key was computable)."""
    files = [(entry.name, entry.read_bytes()) for entry in resources.rule_files()]
    return cache.key(__version__, *(part for name, text in files for part in (name, text)))


def _all_info(data: list) -> list:
    return [{**rule, "severity": "info"} for rule in data]


def _no_forbidden(data: list) -> list:
    out = []
    for rule in data:
        if rule["code"] == "TL001":
            rule = {**rule, "options": {**rule["options"], "forbidden": []}}
        out.append(rule)
    return out


@pytest.mark.parametrize(
    "poison",
    [lambda data: [], _all_info, _no_forbidden],
    ids=["no-rules", "severities-info", "tl001-forbidden-empty"],
)
def test_poisoned_rules_cache_entry_changes_nothing(tmp_path: Path, poison: object) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD_FRIDAY, encoding="utf-8")
    clean = run_cli(
        "check", "--format", "json", str(plan), env=_env(tmp_path, MIGRALINT_NO_CACHE="1")
    )
    assert clean.returncode == 1
    folder = tmp_path / "cache"
    folder.mkdir()
    data = [asdict(rule) for rule in rules.bundled_rules()]
    (folder / f"rules-{_old_rules_key()}.json").write_text(json.dumps(poison(data)))
    poisoned = run_cli("check", "--format", "json", str(plan), env=_env(tmp_path))
    assert (poisoned.returncode, poisoned.stdout) == (clean.returncode, clean.stdout)
    assert {"TL001", "TL003"} <= {f["code"] for f in json.loads(poisoned.stdout)["findings"]}


# -- the holidays: signed, bounded, validated, else recomputed --------------


def test_holidays_from_the_cache_equal_computed_ones(fresh_cache: Path) -> None:
    fresh = calendar._holidays("DE", 2025)
    assert _holiday_entry(fresh_cache).is_file()
    _forget()
    cached = calendar._holidays("DE", 2025)
    assert fresh == cached
    assert cached[dt.date(2025, 12, 25)] == "Christmas Day"
    assert calendar._holidays("XX", 2025) is None
    assert len(list(fresh_cache.glob("holidays-*.json"))) == 1  # nothing for an unknown code


def _signed(value: object, country: str = "DE", year: int = 2025) -> bytes:
    """An entry signed with this machine's key: what a bug of ours could write."""
    entry_key = cache.key(country, str(year), calendar._holidays_release())
    body = json.dumps(value).encode()
    return cache._mac(cache._secret(), "holidays", entry_key, body).encode() + b"\n" + body


def _release() -> str:
    return calendar._holidays_release()


POISONED_HOLIDAYS = {
    "unsigned-known-false": lambda: json.dumps({"known": False}).encode(),
    "unsigned-no-days": lambda: json.dumps(
        {"country": "DE", "year": 2025, "release": _release(), "days": {}}
    ).encode(),
    "signed-known-false": lambda: _signed({"known": False}),
    "signed-wrong-year": lambda: _signed(
        {"country": "DE", "year": 2024, "release": _release(), "days": {}}
    ),
    "signed-bad-date": lambda: _signed(
        {"country": "DE", "year": 2025, "release": _release(), "days": {"2025-02-30": "x"}}
    ),
    "signed-date-of-another-year": lambda: _signed(
        {"country": "DE", "year": 2025, "release": _release(), "days": {"2024-04-18": "x"}}
    ),
    "signed-name-not-a-string": lambda: _signed(
        {"country": "DE", "year": 2025, "release": _release(), "days": {"2025-04-18": 1}}
    ),
    "signed-extra-key": lambda: _signed(
        {"country": "DE", "year": 2025, "release": _release(), "days": {}, "known": True}
    ),
    "nested-json": lambda: b"[" * 200_000 + b"]" * 200_000,
    "signed-nested-json": lambda: _signed(None)[:65] + b"[" * 30_000 + b"]" * 30_000,
    "oversized": lambda: _signed(
        {"country": "DE", "year": 2025, "release": _release(), "days": {}, "pad": "x" * 10**6}
    ),
    "not-utf8": lambda: b"\xff\xfe" * 100,
    "empty": lambda: b"",
}


@pytest.mark.parametrize("content", POISONED_HOLIDAYS.values(), ids=POISONED_HOLIDAYS.keys())
def test_poisoned_holiday_entry_changes_nothing(fresh_cache: Path, content: object) -> None:
    expected = _findings(GOOD_FRIDAY)  # computes and caches the real holidays
    assert "TL003" in {code for code, *_ in expected}
    _forget()
    entry = _holiday_entry(fresh_cache)
    entry.write_bytes(content())
    assert _findings(GOOD_FRIDAY) == expected
    _forget()
    assert _findings(GOOD_FRIDAY) == expected  # and again, after any rewrite


def test_entry_of_another_country_copied_to_this_key_is_ignored(fresh_cache: Path) -> None:
    expected = _findings(GOOD_FRIDAY)
    calendar._holidays("BR", 2025)  # signed and valid, but for Brazil
    _holiday_entry(fresh_cache, "DE").write_bytes(_holiday_entry(fresh_cache, "BR").read_bytes())
    _forget()
    assert _findings(GOOD_FRIDAY) == expected


@pytest.mark.parametrize("kind", ["symlink-to-a-file-elsewhere", "directory", "dangling-symlink"])
def test_holiday_entry_that_is_not_a_regular_file_is_ignored(
    fresh_cache: Path, tmp_path: Path, kind: str
) -> None:
    expected = _findings(GOOD_FRIDAY)
    entry = _holiday_entry(fresh_cache)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(
        _signed({"country": "DE", "year": 2025, "release": _release(), "days": {}})
    )
    entry.unlink()
    if kind == "directory":
        entry.mkdir()
    else:
        entry.symlink_to(elsewhere if kind.startswith("symlink") else tmp_path / "missing")
    _forget()
    assert _findings(GOOD_FRIDAY) == expected
    assert elsewhere.read_bytes().endswith(b'"days": {}}')  # never written through


def test_fifo_as_holiday_entry_does_not_hang_the_run(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD_FRIDAY, encoding="utf-8")
    clean = run_cli("check", str(plan), env=_env(tmp_path, MIGRALINT_NO_CACHE="1"))
    folder = tmp_path / "cache"
    folder.mkdir()
    os.mkfifo(_holiday_entry(folder, "DE"))
    os.mkfifo(_holiday_entry(folder, "US"))
    done = run_cli("check", str(plan), env=_env(tmp_path), timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (1, clean.stdout, "")
    assert "TL003" in done.stdout


def test_a_key_others_can_read_signs_nothing(fresh_cache: Path, tmp_path: Path) -> None:
    assert cache._secret() is not None
    key_file = cache.key_file()
    assert key_file.stat().st_mode & 0o777 == 0o600
    key_file.chmod(0o644)
    cache._secret.cache_clear()
    assert cache._secret() is None
    cache.put("holidays", "k", {"a": 1})
    assert not list(fresh_cache.glob("holidays-k*"))


def test_a_restored_cache_from_another_machine_is_not_trusted(
    fresh_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _findings(GOOD_FRIDAY)
    entry = _holiday_entry(fresh_cache)
    genuine = entry.read_bytes()
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-machine"))
    _forget()
    assert cache.get("holidays", entry.name[len("holidays-") : -len(".json")]) is None
    assert _findings(GOOD_FRIDAY) == expected
    assert entry.read_bytes() != genuine  # recomputed and signed anew


def test_number_of_entries_is_bounded(fresh_cache: Path) -> None:
    for index in range(cache.MAX_ENTRIES + 40):
        cache.put("holidays", f"k{index}", {"n": index})
        os.utime(fresh_cache / f"holidays-k{index}.json", ns=(index * 10**9, index * 10**9))
    entries = list(fresh_cache.glob("holidays-*.json"))
    assert len(entries) == cache.MAX_ENTRIES
    assert cache.get("holidays", f"k{cache.MAX_ENTRIES + 39}") == {"n": cache.MAX_ENTRIES + 39}
    assert cache.get("holidays", "k0") is None  # the oldest went first


@pytest.mark.slow
def test_plan_listing_5000_distinct_countries_writes_a_bounded_cache(tmp_path: Path) -> None:
    names = [f"C{index:04d}" for index in range(5000)]
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        mutate(GOOD_FRIDAY, "countries: [DE, US]", f"countries: [{', '.join(names)}, DE]"),
        encoding="utf-8",
    )
    clean = run_cli(
        "check", "--format", "json", str(plan), env=_env(tmp_path, MIGRALINT_NO_CACHE="1")
    )
    done = run_cli("check", "--format", "json", str(plan), env=_env(tmp_path))
    assert (done.returncode, done.stdout) == (clean.returncode, clean.stdout)
    entries = list((tmp_path / "cache").iterdir())
    assert 1 <= len(entries) <= 2  # DE (and at most the year after), never the 5,000 names


def test_no_cache_and_an_unwritable_cache(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIGRALINT_NO_CACHE", "1")
    assert cache.folder() is None
    cache.put("x", "k", {"a": 1})  # a no-op
    monkeypatch.delenv("MIGRALINT_NO_CACHE")
    blocker = fresh_cache.parent / "file"
    blocker.write_text("")
    monkeypatch.setenv("MIGRALINT_CACHE_DIR", str(blocker / "sub"))
    cache.put("x", "k", {"a": 1})  # cannot create the folder: ignored
    assert cache.get("x", "k") is None
