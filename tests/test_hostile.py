"""Hostile inputs: each one in a run with a good plan beside it. The hostile
file gets a finding at its position, the good plan is still checked and its
finding reported, the run ends in bounded time (and, for the inputs built to
exhaust memory, in bounded memory), and nothing prints a traceback."""

from __future__ import annotations

import builtins
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate
from migralint import loader
from migralint.commands import CheckSettings, run_check
from migralint.discovery import Target
from migralint.runner import Job, lint_target

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
GOOD = "good.yaml"
GOOD_FINDING = ("TL001", 62, 9)  # what the good plan always reports
GIB = 1 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def run(
    cwd: Path,
    *args: str,
    limit_memory: bool = False,
    timeout: float = 60,
    prefix: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "migralint", "check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        preexec_fn=_limit_memory if limit_memory else None,
    )


def beside_good(
    tmp_path: Path,
    name: str,
    content: str | bytes | None,
    *options: str,
    limit_memory: bool = False,
    prefix: tuple[str, ...] = (),
) -> list[tuple[str, int, int, str]]:
    """Check the hostile file ``name`` (written from ``content`` unless None)
    next to a good plan; return the hostile file's (code, line, column, message)."""
    (tmp_path / GOOD).write_text(FRIDAY, encoding="utf-8")
    if isinstance(content, str):
        (tmp_path / name).write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        (tmp_path / name).write_bytes(content)
    result = run(
        tmp_path, "--format", "json", *options, GOOD, name, limit_memory=limit_memory, prefix=prefix
    )
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    assert result.returncode == 1, result.stdout[-3000:]
    payload = json.loads(result.stdout)
    good = [(f["code"], f["line"], f["column"]) for f in payload["findings"] if f["path"] == GOOD]
    assert good == [GOOD_FINDING], "the good plan must still be checked"
    assert {f["path"] for f in payload["findings"]} <= {GOOD, name}
    assert payload["summary"]["files"] == 2
    return [
        (f["code"], f["line"], f["column"], f["message"])
        for f in payload["findings"]
        if f["path"] == name
    ]


def codes_at(found: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int]]:
    return [(code, line, column) for code, line, column, _ in found]


# Alias bombs and deep nesting ---------------------------------------------


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    names = [chr(ord("a") + i) for i in range(levels)]
    rows = [f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * width) + "]"]
    for previous, name in itertools.pairwise(names):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]")
    return "migralint: 1\n" + "\n".join(rows) + "\n"


def test_alias_bomb(tmp_path: Path) -> None:
    text = billion_laughs()
    found = beside_good(tmp_path, "bomb.yaml", text, limit_memory=True)
    assert len(found) == 1
    code, line, column, message = found[0]
    assert code == "PL006"
    assert "alias bomb" in message
    # Reported at the alias that crosses the limit: a `*d` of row `e`, where
    # the expansion first passes 100,000 nodes.
    row = text.splitlines()[line - 1]
    assert row.startswith("e: &e [")
    assert row[column - 1 : column + 1] == "*d"


def test_alias_bomb_in_process_is_not_expanded() -> None:
    doc = loader.load(billion_laughs(levels=30))
    assert not doc.readable and doc.data is None
    assert [d.code for d in doc.diagnostics] == ["PL006"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("x: " + "[" * 10_000 + "]" * 10_000, id="flow-sequences"),
        pytest.param("x: " + "{a: " * 10_000 + "1" + "}" * 10_000, id="flow-mappings"),
        pytest.param("x:\n" + "- " * 10_000 + "leaf", id="block-sequences"),
        pytest.param("x: " + "[{a: " * 5_000 + "1" + "}]" * 5_000, id="mixed-flow"),
    ],
)
def test_deep_nesting(tmp_path: Path, body: str) -> None:
    found = beside_good(tmp_path, "deep.yaml", f"migralint: 1\n{body}\n", limit_memory=True)
    assert len(found) == 1
    code, line, column, message = found[0]
    assert code == "PL006"
    assert "nesting" in message
    assert line in (2, 3) and column > 100


@pytest.mark.parametrize(("depth", "limited"), [(199, False), (200, True)])
def test_nesting_limit_boundary(depth: int, limited: bool) -> None:
    # The root mapping is level 1, so 199 flow sequences inside it make 200.
    doc = loader.load("migralint: 1\nx: " + "[" * depth + "]" * depth + "\n")
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == (
        [("PL006", 2, 3 + depth)] if limited else []
    )


# Size limits ----------------------------------------------------------------


def write_padded(path: Path, size: int) -> None:
    """The Friday plan padded with comment lines to at least ``size`` bytes, written fast."""
    line = b"# " + b"x" * 1021 + b"\n"
    block = line * 1024  # 1 MiB
    head = FRIDAY.encode("utf-8")
    with path.open("wb") as handle:
        handle.write(head)
        remaining = size - len(head)
        while remaining > 0:
            chunk = block if remaining >= len(block) else line * (remaining // len(line) + 1)
            handle.write(chunk)
            remaining -= len(chunk)


def test_100_mb_file_is_not_read(tmp_path: Path) -> None:
    write_padded(tmp_path / "huge.yaml", 100 * 1024 * 1024)
    found = beside_good(tmp_path, "huge.yaml", None, limit_memory=True)
    assert found == [
        (
            "PL006",
            1,
            1,
            "the file is 100.0 MB, larger than the 10 MB limit, and is not checked "
            "(raise the limit with --max-file-size)",
        )
    ]


def test_max_file_size_raises_the_limit(tmp_path: Path) -> None:
    write_padded(tmp_path / "big.yaml", 11 * 1024 * 1024)  # just over the default
    assert codes_at(beside_good(tmp_path, "big.yaml", None)) == [("PL006", 1, 1)]
    raised = beside_good(tmp_path, "big.yaml", None, "--max-file-size", "12000000")
    assert codes_at(raised) == [GOOD_FINDING]  # read and checked like the good plan


def test_max_file_size_lowers_the_limit(tmp_path: Path) -> None:
    good_size = len(FRIDAY.encode("utf-8"))
    write_padded(tmp_path / "big.yaml", good_size + 5000)
    found = beside_good(tmp_path, "big.yaml", None, "--max-file-size", str(good_size + 100))
    assert found == [
        (
            "PL006",
            1,
            1,
            f"the file is {(tmp_path / 'big.yaml').stat().st_size / 1024:.1f} KB, larger than the "
            f"{good_size + 100:,} bytes limit, and is not checked "
            "(raise the limit with --max-file-size)",
        )
    ]


def test_max_file_size_is_inclusive(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(FRIDAY, encoding="utf-8")
    size = plan.stat().st_size
    exact = lint_target(Target(str(plan), explicit=True), Job(max_file_size=size))
    assert [(f.code, f.line, f.column) for f in exact.findings] == [GOOD_FINDING]
    under = lint_target(Target(str(plan), explicit=True), Job(max_file_size=size - 1))
    assert [(f.code, f.line, f.column) for f in under.findings] == [("PL006", 1, 1)]


# Not text -------------------------------------------------------------------


def test_binary_file(tmp_path: Path) -> None:
    # An executable: the first byte (DEL) is already not YAML text.
    content = b"\x7fELF\x02\x01\x01\x00" + random.Random(0).randbytes(4096)
    found = beside_good(tmp_path, "program", content)
    assert found == [("PL001", 1, 1, "the file holds a character YAML does not allow (#x007f)")]


def test_nul_bytes(tmp_path: Path) -> None:
    content = b"migralint: 1\nplan:\n  name: x\x00\x00\x00" + random.Random(0).randbytes(4096)
    found = beside_good(tmp_path, "nul.yaml", content)
    assert found == [("PL001", 3, 10, "the file is binary, not YAML text (it holds NUL bytes)")]


def test_random_bytes_with_nuls(tmp_path: Path) -> None:
    rnd = random.Random(1)
    content = bytes(rnd.choice([0, rnd.randrange(256)]) for _ in range(4096))
    found = beside_good(tmp_path, "noise.yaml", content)
    assert [code for code, *_ in found] == ["PL001"]
    assert found[0][3].startswith(("the file is binary", "the file is not UTF-8 text"))


LATIN1_MIDDLE = "migralint: 1\nplan:\n  name: café\n  owner: Dana\n".encode("latin-1")
LATIN1_END = "migralint: 1\nplan:\n  name: café\n".encode("latin-1")


@pytest.mark.parametrize("content", [LATIN1_MIDDLE, LATIN1_END], ids=["middle", "end"])
def test_latin1_text_points_at_the_bad_byte(tmp_path: Path, content: bytes) -> None:
    found = beside_good(tmp_path, "latin1.yaml", content)
    assert [(code, line, column) for code, line, column, _ in found] == [("PL001", 3, 12)]
    assert found[0][3].startswith("the file is not UTF-8 text")
    assert "0xe9" in found[0][3]  # the byte of `é`, after `  name: caf` (11 characters)


@pytest.mark.parametrize(
    "newline",
    [b"\n", b"\r\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8"],
    ids=["LF", "CRLF", "CR", "NEL", "LS"],
)
@pytest.mark.parametrize("bad", [b"\x00", b"\x07", b"\xe9"], ids=["NUL", "BEL", "latin1"])
def test_a_bad_byte_is_placed_by_yamls_line_breaks(newline: bytes, bad: bytes) -> None:
    """libyaml (and so every other finding) counts CR, NEL, LS and PS as line
    breaks too; a reader error is placed the same way."""
    doc = loader.load(b"migralint: 1" + newline + b"plan: " + bad + newline)
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("PL001", 2, 7)]


def test_utf8_bom_before_a_plan(tmp_path: Path) -> None:
    assert beside_good(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + FRIDAY.encode("utf-8")) == [
        (
            "TL001",
            62,
            9,
            "cutover Friday 2025-03-14 16:30 Europe/Berlin is inside the forbidden "
            "window Friday from 16:00 (before the weekend); move it to an earlier working day, in the morning",
        )
    ]
    (tmp_path / "clean.yaml").write_bytes(b"\xef\xbb\xbf" + EXAMPLE.encode("utf-8"))
    result = run(tmp_path, "clean.yaml")
    assert (result.returncode, result.stdout, result.stderr) == (0, "no problems in 1 file\n", "")


# Not a plan -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ["", "\n\n", "# only\n# comments\n", "   \n# indented comment"],
    ids=["empty", "blank-lines", "comments", "comment-no-newline"],
)
def test_empty_or_comments_only(tmp_path: Path, content: str) -> None:
    found = beside_good(tmp_path, "empty.yaml", content)
    assert codes_at(found) == [("PL003", 1, 1)]
    assert "empty" in found[0][3]


def test_multi_document_stream(tmp_path: Path) -> None:
    text = FRIDAY + "---\nmigralint: 1\nplan: {name: second}\n"
    found = beside_good(tmp_path, "multi.yaml", text)
    second = FRIDAY.count("\n") + 1
    # The first document is still checked; the second is reported at its `---`.
    assert codes_at(found) == [GOOD_FINDING, ("PL007", second, 1)]


def test_explicit_document_markers_are_one_document(tmp_path: Path) -> None:
    found = beside_good(tmp_path, "marked.yaml", "---\n" + FRIDAY + "...\n")
    assert codes_at(found) == [("TL001", 63, 9)]


# Paths that are not plain files ----------------------------------------------


def test_directory_symlink_loop(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    (plans / "sub").mkdir(parents=True)
    (plans / "a.yaml").write_text(FRIDAY)
    (plans / "sub" / "b.yaml").write_text(FRIDAY)
    os.symlink(plans, plans / "sub" / "loop")
    os.symlink(plans, plans / "loop")
    os.symlink(plans / "a.yaml", plans / "sub" / "alias.yaml")  # the same file again
    result = run(tmp_path, "--format", "json", "plans", timeout=30)
    assert result.stderr == ""
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    paths = [f["path"] for f in payload["findings"]]
    assert sorted(paths) == ["plans/a.yaml", "plans/sub/b.yaml"]
    assert payload["summary"]["files"] == 2


def test_missing_file(tmp_path: Path) -> None:
    found = beside_good(tmp_path, "nope.yaml", None)
    assert found == [("PL008", 1, 1, "no such file or directory")]


def test_dangling_symlink(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.yaml", tmp_path / "dangling.yaml")
    found = beside_good(tmp_path, "dangling.yaml", None)
    assert codes_at(found) == [("PL008", 1, 1)]


def test_fifo_given_explicitly_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it for reading would block forever
    found = beside_good(tmp_path, "pipe.yaml", None)
    assert found == [("PL008", 1, 1, "not a regular file")]


def _refuse_to_open(monkeypatch: pytest.MonkeyPatch, refused: Path) -> None:
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, (str, os.PathLike)) and os.path.abspath(file) == str(refused):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)


def test_unreadable_file_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The `cannot read` branch of runner.read_document (a regular file that
    open() refuses), through the whole check command, with a good plan beside."""
    (tmp_path / GOOD).write_text(FRIDAY)
    secret = tmp_path / "secret.yaml"
    secret.write_text(EXAMPLE)
    _refuse_to_open(monkeypatch, secret)
    monkeypatch.chdir(tmp_path)
    code = run_check(
        CheckSettings(paths=(GOOD, "secret.yaml"), output_format="json", jobs=1, color=False)
    )
    captured = capsys.readouterr()
    assert captured.err == ""
    out = json.loads(captured.out)
    assert code == 1
    found = [(f["path"], f["code"], f["line"], f["column"], f["message"]) for f in out["findings"]]
    assert found == [
        (GOOD, *GOOD_FINDING, found[0][4]),
        ("secret.yaml", "PL008", 1, 1, "cannot read the file: Permission denied"),
    ]


def _can_read(path: Path, prefix: tuple[str, ...]) -> bool:
    probe = [*prefix, sys.executable, "-c", f"open({str(path)!r}, 'rb').close()"]
    return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0


@pytest.fixture
def unprivileged(tmp_path: Path) -> Iterator[tuple[str, ...]]:
    """``locked.yaml`` (a plan, chmod 000) in tmp_path, and a command prefix
    under which it cannot be read. Root reads a chmod 000 file anyway: as
    root, migralint runs under setpriv without the capabilities that bypass
    file permissions, or the test skips when that is not possible."""
    path = tmp_path / "locked.yaml"
    path.write_text(EXAMPLE)
    path.chmod(0)
    try:
        prefix: tuple[str, ...] = ()
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root, where chmod 000 does not stop reading")
            prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search", "--")
        if _can_read(path, prefix):
            pytest.skip("chmod 000 does not stop reading here (root, capabilities kept)")
        yield prefix
    finally:
        path.chmod(0o644)


def test_unreadable_file_found_in_a_directory(
    tmp_path: Path, unprivileged: tuple[str, ...]
) -> None:
    (tmp_path / GOOD).write_text(FRIDAY)
    result = run(tmp_path, "--format", "json", ".", prefix=unprivileged)
    assert result.stderr == ""
    assert result.returncode == 1
    found = [
        (f["path"], f["code"], f["line"], f["column"], f["message"])
        for f in json.loads(result.stdout)["findings"]
    ]
    assert found == [
        (GOOD, *GOOD_FINDING, found[0][4]),
        ("locked.yaml", "PL008", 1, 1, "cannot read the file: Permission denied"),
    ]


def test_unreadable_file_named_explicitly(tmp_path: Path, unprivileged: tuple[str, ...]) -> None:
    found = beside_good(tmp_path, "locked.yaml", None, prefix=unprivileged)
    assert found == [("PL008", 1, 1, "cannot read the file: Permission denied")]


# Tags that other YAML readers execute ---------------------------------------


def test_python_tags_are_inert(tmp_path: Path) -> None:
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    text = (
        "migralint: 1\n"
        "plan:\n"
        f'  name: !!python/object/apply:os.system ["touch {marker}"]\n'
        "  owner: !!python/name:os.system\n"
        f'  playbook: !!python/object/new:subprocess.check_call [["touch", "{marker}"]]\n'
        "  timezone: !!python/module:os\n"
    )
    found = beside_good(tmp_path, "tags.yaml", text)
    assert not marker.exists(), "a tag was constructed"
    tags = [(line, column, message) for code, line, column, message in found if code == "PL005"]
    assert [(line, column) for line, column, _ in tags] == [(3, 9), (4, 10), (5, 13), (6, 13)]
    assert "`!!python/object/apply:os.system` is not supported" in tags[0][2]
    assert "`!!python/name:os.system` is not supported" in tags[1][2]
    assert "Traceback" not in json.dumps(found)


def test_python_tags_load_as_plain_data() -> None:
    doc = loader.load(
        "migralint: 1\n"
        'a: !!python/object/apply:os.system ["id"]\n'
        "b: !!python/name:os.system\n"
        "c: !!python/object:builtins.dict {x: 1}\n"
        "d: !custom 12\n"
    )
    assert doc.data == {"migralint": 1, "a": ["id"], "b": "", "c": {"x": 1}, "d": "12"}
    assert [d.code for d in doc.diagnostics] == ["PL005"] * 4
