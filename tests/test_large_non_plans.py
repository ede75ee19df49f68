"""A file over the size limit is screened in chunks: one that can never be a
plan (no `migralint`, no escape that could spell it) is passed over under
--skip-non-plans and in a folder run; one that may be a plan is PL006."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EXAMPLE
from helpers import run_cli as run
from migralint import discovery

SIZE = 13 * 1024 * 1024  # over the default limit of 10 MB
CONFIG_MAP_HEAD = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fixtures\ndata:\n"


def config_map(size: int = SIZE, head: bytes = CONFIG_MAP_HEAD) -> bytes:
    """A Kubernetes ConfigMap of about ``size`` bytes that never says the word."""
    line = b"  key-%08d: " + b"x" * 100 + b"\n"
    count = max(0, size - len(head)) // len(line % 0) + 1
    return head + b"".join(line % i for i in range(count))


def test_a_large_non_plan_is_passed_over_under_skip_non_plans(tmp_path: Path) -> None:
    (tmp_path / "configmap.yaml").write_bytes(config_map())
    result = run("check", "--skip-non-plans", "configmap.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PL006" not in result.stdout


def test_a_large_non_plan_is_passed_over_in_a_folder_run(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "configmap.yaml").write_bytes(config_map())
    (folder / "plan.yaml").write_text(EXAMPLE, encoding="utf-8")
    result = run("check", "plans", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "configmap.yaml" not in result.stdout
    assert result.stdout == "no problems in 1 file\n", result.stdout  # the plan only


def test_a_large_file_with_the_key_on_its_first_line_is_pl006(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_bytes(config_map(head=b"migralint: 1\n" + CONFIG_MAP_HEAD))
    result = run("check", "--skip-non-plans", "big.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith(
        "big.yaml:1:1: PL006 error the file is 13.0 MB, larger than the 10 MB limit"
    )
    # Found in a folder, the same.
    folder = run("check", ".", cwd=tmp_path)
    assert (folder.returncode, folder.stdout) == (1, result.stdout)


def straddling(at: int = discovery.SCREEN_CHUNK - 4, size: int = 3 * 1024 * 1024) -> bytes:
    """A non-plan whose only `migralint` is cut in two by the first chunk boundary."""
    filler = config_map(size)
    comment = b"\n# migralint\n"
    start = at - comment.index(b"m")
    content = filler[:start] + comment + filler[start + len(comment) :]
    assert content.index(b"migralint") < discovery.SCREEN_CHUNK < content.index(b"migralint") + 9
    return content


def test_a_word_across_a_chunk_boundary_is_seen(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(straddling())
    assert discovery.file_may_be_plan(str(big))
    assert discovery.looks_like_plan(str(big), limit=1_000_000)
    assert discovery.unreadable_may_be_plan(str(big), 1_000_000)
    result = run(
        "check", "--skip-non-plans", "--max-file-size", "1000000", "big.yaml", cwd=tmp_path
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith(
        "big.yaml:1:1: PL006 error the file is 3.0 MB, larger than the 1,000,000 bytes limit"
    )


def test_the_same_file_without_the_word_is_cleared(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(straddling().replace(b"migralint", b"migrations"[:9]))
    assert not discovery.file_may_be_plan(str(big))
    assert not discovery.looks_like_plan(str(big), limit=1_000_000)
    result = run(
        "check", "--skip-non-plans", "--max-file-size", "1000000", "big.yaml", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "trigger",
    [b'"\\x6digralint"', b'"\\u006digralint"', b'"migra\\\nlint"', b'"migra\\\xe2\x80\xa8lint"'],
)
def test_an_escape_across_a_chunk_boundary_is_seen(tmp_path: Path, trigger: bytes) -> None:
    filler = config_map(3 * 1024 * 1024)
    start = discovery.SCREEN_CHUNK - 1 - trigger.index(b"\\")  # the boundary after the backslash
    line = b"\nk: " + trigger + b"\n"
    start -= 4
    big = tmp_path / "big.yaml"
    big.write_bytes(filler[:start] + line + filler[start + len(line) :])
    assert discovery.file_may_be_plan(str(big))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_large_file_is_decoded_by_its_byte_order_mark(tmp_path: Path, codec: str) -> None:
    text = config_map(600_000).decode()
    plain, word = tmp_path / "plain.yaml", tmp_path / "word.yaml"
    plain.write_bytes(("\ufeff" + text).encode(codec))
    # An odd cut: the word's characters straddle the chunk boundary too.
    cut = discovery.SCREEN_CHUNK // len("\ufeff".encode(codec)) - 5
    word.write_bytes(("\ufeff" + text[:cut] + "migralint" + text[cut:]).encode(codec))
    assert not discovery.file_may_be_plan(str(plain))
    assert discovery.file_may_be_plan(str(word))
    assert discovery.file_may_be_plan(str(word), chunk=1_000_001)  # a character cut in two


def test_memory_is_bounded_by_the_chunk(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(config_map(SIZE))
    import tracemalloc

    tracemalloc.start()
    try:
        assert not discovery.file_may_be_plan(str(big))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 6 * discovery.SCREEN_CHUNK < SIZE / 2  # a few chunks, not the file
