"""Control characters never reach the terminal, in any format.

The outside review printed a forged `no problems in 1 file` line and raw
ESC sequences through PL002 (a duplicate key) and PL005 (a tag) messages
and through file names; the `github` format passed ESC through. Every C0
and C1 control, DEL, ESC sequences, CR, NUL and the bidi controls go here
through a plan value, a key, a tag and a file name, and through each
format: the output holds none of them raw (except the format's own line
breaks), and no forged summary line."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate
from helpers import run_cli as run
from migralint.commands import CheckSettings, run_check
from migralint.reporters import FORMATS

BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
CODES = [*range(0x20), 0x7F, *range(0x80, 0xA0), *BIDI, 0x2028, 0x2029]
CHARS = [chr(c) for c in CODES]
SEQUENCES = ["\x1b[31m", "\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\r\n", "\x9b31m"]
FORGED = "no problems in 1 file"
# Raw in any output: every character above. The formats' own line breaks are
# "\n" only (checked apart, by the number of lines).
RAW = re.compile("[" + "".join(re.escape(c) for c in CHARS if c != "\n") + "\ud800-\udfff]")
SCOPE = "    scope: [opt-outs, welcome-journey, abandoned-cart, crm-sync]\n"


def yaml_escaped(text: str) -> str:
    """``text`` inside a YAML double-quoted scalar (every character as \\uXXXX)."""
    return "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) >= 0x7F else c for c in text)


def tag_escaped(text: str) -> str:
    """``text`` as a tag's URI characters: each byte of its UTF-8 as %XX."""
    return "".join(f"%{b:02X}" for b in text.encode("utf-8"))


def payload(char: str) -> str:
    return f"x{char}{FORGED}{char}\x1b[2Ky"


def plan_for(channel: str, text: str) -> str:
    """A plan whose findings quote ``text`` through ``channel``."""
    if channel == "value":  # SC002 quotes an unknown parallel-run scope id
        return mutate(EXAMPLE, SCOPE, f'    scope: [opt-outs, "{yaml_escaped(text)}"]\n')
    if channel == "key":  # PL002 quotes a repeated key
        key = yaml_escaped(text)
        return EXAMPLE + f'"{key}": 1\n"{key}": 2\n'
    if channel == "tag":  # PL005 quotes a tag (URI escapes are decoded)
        return EXAMPLE + f"extra: !x{tag_escaped(text)} 1\n"
    return EXAMPLE + "extra: 1\nextra: 2\n"  # "name": a finding in a file named so


def file_name(channel: str, text: str) -> str:
    if channel != "name":
        return "plan.yaml"
    return "p" + text.replace("\0", "").replace("/", "") + ".yaml"


def assert_safe(output: str, fmt: str, findings_expected: bool = True) -> None:
    found = RAW.search(output)
    assert found is None, f"raw {found.group()!r} in {fmt} output: {output[:2000]!r}"
    lines = output.splitlines()  # (also splits on \x1c-\x1e, \x85, U+2028/9: none left)
    assert lines == output.split("\n")[:-1], "a line break other than the format's own"
    assert not any(line.lstrip(" \"'").startswith(FORGED) for line in lines), output
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(output)
    if fmt == "junit":
        ET.fromstring(output)  # still well-formed XML


def check_in_process(folder: Path, name: str, fmt: str, code: str, capsys, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(folder)
    settings = CheckSettings(
        paths=(name,), output_format=fmt, select=(code,), jobs=1, show_source=True
    )
    run_check(settings)
    return capsys.readouterr().out


CHANNELS = ["value", "key", "tag", "name"]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("char", CHARS + SEQUENCES, ids=lambda c: repr(c)[1:-1])
def test_control_character_in_plan_or_name_is_escaped_in_every_format(
    tmp_path: Path, channel: str, char: str, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    text = payload(char)
    name = file_name(channel, text)
    if channel == "name" and char in ("\0", "/"):
        pytest.skip("no file name can hold NUL or `/` (payload stays a name)")
    (tmp_path / name).write_text(plan_for(channel, text), encoding="utf-8")
    # (only the rule that quotes the payload: the real command runs them all)
    code = {"value": "SC002", "key": "PL002", "tag": "PL005", "name": "PL002"}[channel]
    for fmt in FORMATS:
        output = check_in_process(tmp_path, name, fmt, code, capsys, monkeypatch)
        assert_safe(output, fmt)
    # The finding that quotes the payload is there, escaped, not dropped.
    text_output = check_in_process(tmp_path, name, "text", code, capsys, monkeypatch)
    assert f" {code} error " in text_output
    if not (channel == "tag" and char == "\0"):  # (the reader ends a tag at NUL)
        assert "\\x1b[2Ky" in text_output


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("channel", CHANNELS)
def test_every_control_at_once_through_the_real_command(
    tmp_path: Path, channel: str, fmt: str
) -> None:
    """The process's own stdout and stderr, all characters in one plan (one file name)."""
    text = "".join(f"{c}{FORGED}" for c in CHARS + SEQUENCES)
    name = file_name(channel, text if channel == "name" else "")
    if channel == "name":  # at most 255 bytes in one name: the characters one by one
        name = "p" + "".join(c for c in CHARS if c not in "\0/") + ".yaml"
    (tmp_path / name).write_text(plan_for(channel, text), encoding="utf-8")
    result = run("check", "--format", fmt, "--show-waived", "--show-source", name, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert_safe(result.stdout, fmt)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_file_name_that_is_not_utf8_is_escaped(tmp_path: Path) -> None:
    """b"\\x9b" is the 8-bit CSI control: a name's undecodable bytes are shown as \\xNN."""
    raw = tmp_path.as_posix().encode() + b"/p\x9b\xff.yaml"
    with open(raw, "w", encoding="utf-8") as handle:
        handle.write(plan_for("name", ""))
    for fmt in FORMATS:
        result = run("check", "--format", fmt, ".", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "x9b" in result.stdout and "xff" in result.stdout, result.stdout
        assert_safe(result.stdout, fmt)
