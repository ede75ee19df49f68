"""The on-disk cache only makes things faster: same rules, same holidays."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from migralint import cache, rules
from migralint.checks import calendar


def test_cached_rules_equal_validated_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIGRALINT_CACHE_DIR", str(tmp_path))
    rules.bundled_rules.cache_clear()
    first = rules.bundled_rules()  # validates and writes the cache
    assert len(list(tmp_path.glob("rules-*.json"))) == 1
    rules.bundled_rules.cache_clear()
    second = rules.bundled_rules()  # from the cache
    assert first == second == rules.validate_bundled()
    rules.bundled_rules.cache_clear()


def test_a_corrupt_cache_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRALINT_CACHE_DIR", str(tmp_path))
    rules.bundled_rules.cache_clear()
    rules.bundled_rules()
    (entry,) = tmp_path.glob("rules-*.json")
    entry.write_text(json.dumps([{"code": "XX001"}]))
    rules.bundled_rules.cache_clear()
    assert rules.bundled_rules() == rules.validate_bundled()
    entry.write_text("{not json")
    rules.bundled_rules.cache_clear()
    assert rules.bundled_rules() == rules.validate_bundled()
    rules.bundled_rules.cache_clear()


def test_holidays_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRALINT_CACHE_DIR", str(tmp_path))
    calendar._holidays.cache_clear()
    fresh = calendar._holidays("DE", 2025)
    calendar._holidays.cache_clear()
    cached = calendar._holidays("DE", 2025)
    assert fresh == cached
    assert cached[dt.date(2025, 12, 25)] == "Christmas Day"
    assert calendar._holidays("XX", 2025) is None
    calendar._holidays.cache_clear()
    assert calendar._holidays("XX", 2025) is None
    calendar._holidays.cache_clear()


def test_no_cache_and_an_unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRALINT_NO_CACHE", "1")
    assert cache.folder() is None
    cache.put("x", "k", {"a": 1})  # a no-op
    monkeypatch.delenv("MIGRALINT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("MIGRALINT_CACHE_DIR", str(blocker / "sub"))
    cache.put("x", "k", {"a": 1})  # cannot create the folder: ignored
    assert cache.get("x", "k") is None
