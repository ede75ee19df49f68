"""`migralint calendar` in the reader's language: English byte for byte as
it always was, the other languages valid RFC 5545 with the same events."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT

icalendar = pytest.importorskip("icalendar", reason="the calendar extra is not installed")
vobject = pytest.importorskip("vobject", reason="vobject (the test extra) is not installed")

from migralint.cli import cli  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "calendar.ics"
EPOCH = "1735689600"  # 2025-01-01T00:00:00Z
# The golden's command, from the repository's root (relative paths, as documented).
PLANS = ("examples/findings/timeline.yaml", "examples/northwind-clean.yaml")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> bytes:
    """The bytes of `migralint calendar ARGS PLANS -o FILE`, run from the
    repository's root in a locale that asks for no language."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    target = tmp_path / "plan.ics"
    result = CliRunner().invoke(cli, ["calendar", *args, *PLANS, "-o", str(target)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.stderr  # the timeline example has errors
    return target.read_bytes()


def test_english_is_byte_for_byte_the_golden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert calendar(tmp_path, monkeypatch) == GOLDEN.read_bytes()
