"""The conventions users bring from ruff and yamllint: standard input,
--exit-zero, --quiet, --extend-select/--extend-ignore, -V, .gitignore,
FORCE_COLOR, sizes with units, --statistics order, --select '', TOML
configurations, `schema`, `cache`, and the generators' --help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLE, ROOT, mutate
from helpers import run_cli as run
from migralint.rules import bundled_rules

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
TL001_LINE = "62:9: TL001 error cutover Friday 2025-03-14 16:30 Europe/Berlin"


def piped(*args: str, text: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "migralint", *args],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


# --- standard input -----------------------------------------------------------


def test_a_plan_from_standard_input_is_checked_under_its_stdin_filename(tmp_path: Path) -> None:
    result = piped("check", "-", "--stdin-filename", "plans/q3.yaml", text=FRIDAY, cwd=tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 1, out + result.stderr.decode()
    assert out.splitlines()[0].startswith(f"plans/q3.yaml:{TL001_LINE}")
    assert out.splitlines()[-1] == "1 error in 1 file (1 file checked)"


def test_a_plan_from_standard_input_without_a_name_is_shown_as_dash(tmp_path: Path) -> None:
    result = piped("check", "-", text=EXAMPLE, cwd=tmp_path)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert result.stdout.decode() == "no problems in 1 file\n"
    friday = piped("check", "-", "--format", "json", text=FRIDAY, cwd=tmp_path)
    assert b'"path": "-"' in friday.stdout


def test_the_stdin_filename_finds_the_configuration_of_its_folder(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / ".migralint.yaml").write_text("ignore: [TL001]\n")
    named = piped("check", "-", "--stdin-filename", "plans/q3.yaml", text=FRIDAY, cwd=tmp_path)
    assert named.returncode == 0, named.stdout.decode() + named.stderr.decode()
    assert named.stdout.decode().startswith("no problems in 1 file (configured by ")
    elsewhere = piped("check", "-", "--stdin-filename", "q3.yaml", text=FRIDAY, cwd=tmp_path)
    assert elsewhere.returncode == 1


def test_standard_input_is_read_within_the_size_limit(tmp_path: Path) -> None:
    big = "migralint: 1\n" + "# padding\n" * 200
    result = piped("check", "-", "--max-file-size", "1KB", text=big, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode().splitlines()[0] == (
        "-:1:1: PL006 error the file is more than 1 KB, larger than the 1 KB limit, and is not "
        "checked (raise the limit with --max-file-size) [input-limit-exceeded]"
    )


def test_stdin_filename_without_dash_and_two_dashes_are_usage_errors(tmp_path: Path) -> None:
    lone = run("check", "--stdin-filename", "a.yaml", "x.yaml", cwd=tmp_path)
    assert lone.returncode == 2
    assert "--stdin-filename names the plan read from `-`; give `-` too" in lone.stderr
    twice = piped("check", "-", "-", text=EXAMPLE, cwd=tmp_path)
    assert twice.returncode == 2
    assert b"`-` (standard input) can be named only once" in twice.stderr


def test_a_plan_file_beside_standard_input_is_checked_too(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    result = piped("check", "a.yaml", "-", "--stdin-filename", "b.yaml", text=FRIDAY, cwd=tmp_path)
    lines = result.stdout.decode().splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == ["a.yaml", "b.yaml"]
    assert lines[-1] == "2 errors in 2 files (2 files checked)"


# --- exit code, quiet, version --------------------------------------------------


def test_exit_zero_reports_the_findings_and_exits_0(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    result = run("check", "--exit-zero", "a.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"a.yaml:{TL001_LINE}")
    assert result.stdout.splitlines()[-1] == "1 error in 1 file (1 file checked)"


def test_exit_zero_does_not_hide_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "--exit-zero", "--select", "XX999", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2


def test_quiet_prints_the_findings_only(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    (tmp_path / "b.yaml").write_text(EXAMPLE)
    result = run("check", "-q", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith(f"a.yaml:{TL001_LINE}")
    clean = run("check", "--quiet", "b.yaml", cwd=tmp_path)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")


def test_dash_v_is_version_and_says_what_a_bug_report_needs() -> None:
    from migralint import __version__

    short, long = run("-V"), run("--version")
    assert short.stdout == long.stdout
    lines = long.stdout.splitlines()
    assert lines[0] == f"migralint, version {__version__}"
    assert lines[1].startswith("  python    3.")
    assert lines[2].startswith("  yaml      PyYAML ") and "libyaml: " in lines[2]
    assert lines[3] == f"  rules     {len(bundled_rules())} bundled"
    import holidays

    assert lines[4] == f"  holidays  {holidays.__version__}"
    assert lines[5].startswith("  tzdata    ") and "package " in lines[5]


# --- selection ------------------------------------------------------------------


def test_select_empty_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    for flag in ("--select", "--extend-select"):
        result = run("check", flag, "", "a.yaml", cwd=tmp_path)
        assert result.returncode == 2, flag
        assert result.stderr.splitlines()[-1] == (
            f"Error: {flag} '': name at least one rule (a code, a name or a family such as TL); "
            "leave the option out to run every rule"
        )


def test_extend_select_adds_to_the_configuration_s_select(tmp_path: Path) -> None:
    text = mutate(FRIDAY, "  owner: Dana", "  ownr: Dana")  # SC001 beside TL001
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / ".migralint.yaml").write_text("select: [SC]\n")
    only = run("check", "a.yaml", cwd=tmp_path)
    assert {line.split()[1] for line in only.stdout.splitlines()[:-1]} == {"SC001"}
    extended = run("check", "--extend-select", "TL001", "a.yaml", cwd=tmp_path)
    assert {line.split()[1] for line in extended.stdout.splitlines()[:-1]} == {"SC001", "TL001"}
    replaced = run("check", "--select", "TL001", "a.yaml", cwd=tmp_path)
    assert {line.split()[1] for line in replaced.stdout.splitlines()[:-1]} == {"TL001"}


def test_extend_ignore_adds_to_the_configuration_s_ignore(tmp_path: Path) -> None:
    text = mutate(FRIDAY, "  owner: Dana", "  ownr: Dana")
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / ".migralint.yaml").write_text("ignore: [SC001, GV003]\n")
    kept = run("check", "a.yaml", cwd=tmp_path)
    assert {line.split()[1] for line in kept.stdout.splitlines()[:-1]} == {"TL001"}
    both = run("check", "--extend-ignore", "TL001", "a.yaml", cwd=tmp_path)
    assert both.returncode == 0, both.stdout
    replaced = run("check", "--ignore", "TL001", "a.yaml", cwd=tmp_path)
    assert {line.split()[1] for line in replaced.stdout.splitlines()[:-1]} == {"SC001", "GV003"}
    typo = run("check", "--extend-ignore", "TL0001", "a.yaml", cwd=tmp_path)
    assert typo.returncode == 2
    assert "command line: no rule matches `TL0001`" in typo.stderr


def test_statistics_are_sorted_by_count_then_code(tmp_path: Path) -> None:
    text = mutate(FRIDAY, "  owner: Dana", "  ownr: Dana")
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "b.yaml").write_text(FRIDAY)
    result = run("check", "--statistics", "a.yaml", "b.yaml", cwd=tmp_path)
    stats = [line for line in result.stdout.splitlines() if line.startswith("    ")]
    counts = [(int(line.split()[0]), line.split()[1]) for line in stats]
    assert counts == sorted(counts, key=lambda c: (-c[0], c[1]))
    assert counts[0] == (2, "TL001")


# --- folder search --------------------------------------------------------------


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_text(FRIDAY)
    (tmp_path / "plans" / "draft.yaml").write_text(FRIDAY)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "copy.yaml").write_text(FRIDAY)
    return tmp_path


def _paths(out: str) -> set[str]:
    return {line.split(":")[0] for line in out.splitlines() if ": TL001 " in line}


def test_a_folder_search_respects_gitignore(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / ".gitignore").write_text("build/\n# drafts\nplans/draft*.yaml\n")
    result = run("check", ".", cwd=repo)
    assert _paths(result.stdout) == {"plans/a.yaml"}
    assert result.stdout.splitlines()[-1] == (
        "1 error in 1 file (1 file checked; 2 passed over by .gitignore)"
    )
    every = run("check", "--no-respect-gitignore", ".", cwd=repo)
    assert _paths(every.stdout) == {"plans/a.yaml", "plans/draft.yaml", "build/copy.yaml"}


def test_a_named_file_is_checked_whatever_gitignore_says(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / ".gitignore").write_text("*.yaml\n")
    result = run("check", "plans/draft.yaml", cwd=repo)
    assert _paths(result.stdout) == {"plans/draft.yaml"}


def test_gitignore_negation_deeper_files_and_parent_files(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / ".gitignore").write_text("*.yaml\n!a.yaml\n")
    (repo / "plans" / ".gitignore").write_text("!draft.yaml\n")
    assert _paths(run("check", ".", cwd=repo).stdout) == {"plans/a.yaml", "plans/draft.yaml"}
    # Searching the subfolder, the root's .gitignore still applies.
    sub = run("check", ".", cwd=repo / "build")
    assert sub.returncode == 2 and "no plans found under ." in sub.stderr
    # ... and the error says why nothing was found.
    assert sub.stderr.rstrip().endswith(
        "; 1 passed over by .gitignore (--no-respect-gitignore checks them)"
    )


def test_a_symlinked_gitignore_is_not_read(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (tmp_path.parent / f"{tmp_path.name}-outside").write_text("*.yaml\n")
    os.symlink(tmp_path.parent / f"{tmp_path.name}-outside", repo / ".gitignore")
    assert len(_paths(run("check", ".", cwd=repo).stdout)) == 3


def test_a_backtracking_gitignore_pattern_does_not_stall_the_search(tmp_path: Path) -> None:
    import time

    from migralint import gitignore

    ignore = gitignore.parse("*a*a*a*a*a*a*a*a*a*a*b\n", str(tmp_path))
    assert ignore is not None
    start = time.perf_counter()
    assert not gitignore.ignored((ignore,), str(tmp_path / ("a" * 250)), False)
    # Python's re takes hours on this; RE2 a few microseconds.
    assert time.perf_counter() - start < 1.0


def test_exclude_is_repeatable(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = run("check", "--exclude", "build", "--exclude", "draft.yaml", ".", cwd=repo)
    assert _paths(result.stdout) == {"plans/a.yaml"}


# --- colour -------------------------------------------------------------------------


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(values)
    return env


def test_force_color_colours_a_pipe_and_no_color_wins(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    plain = run("check", "a.yaml", cwd=tmp_path, env=_env())
    assert "\033[" not in plain.stdout
    forced = run("check", "a.yaml", cwd=tmp_path, env=_env(FORCE_COLOR="1"))
    assert "\033[31merror\033[0m" in forced.stdout
    both = run("check", "a.yaml", cwd=tmp_path, env=_env(FORCE_COLOR="1", NO_COLOR="1"))
    assert "\033[" not in both.stdout
    flag = run("check", "--no-color", "a.yaml", cwd=tmp_path, env=_env(FORCE_COLOR="1"))
    assert "\033[" not in flag.stdout


# --- sizes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "size"),
    [("10MB", 10 * 2**20), ("10 MB", 10 * 2**20), ("512KB", 512 * 1024), ("2048", 2048)],
)
def test_max_file_size_takes_units(given: str, size: int) -> None:
    from migralint.inputs import parse_size

    assert parse_size(given) == size


def test_max_file_size_with_a_unit_limits_and_says_the_file_s_size(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(EXAMPLE)
    size = (tmp_path / "a.yaml").stat().st_size
    result = run("check", "--max-file-size", "2KB", "a.yaml", cwd=tmp_path)
    assert result.stdout.splitlines()[0] == (
        f"a.yaml:1:1: PL006 error the file is {size / 1024:.1f} KB, larger than the 2 KB limit, "
        "and is not checked (raise the limit with --max-file-size) [input-limit-exceeded]"
    )
    assert run("check", "--max-file-size", "1 MB", "a.yaml", cwd=tmp_path).returncode == 0


def test_a_bad_size_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "--max-file-size", "ten", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "`ten` is not a size (a number of bytes, or with KB, MB or GB: 10MB)"
        in result.stderr.splitlines()[-1]
    )


def test_max_file_size_in_the_configuration_takes_units(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(EXAMPLE)
    (tmp_path / ".migralint.yaml").write_text("max-file-size: 2 KB\n")
    result = run("check", "a.yaml", cwd=tmp_path)
    assert "larger than the 2 KB limit" in result.stdout
    (tmp_path / ".migralint.yaml").write_text("max-file-size: lots\n")
    bad = run("check", "a.yaml", cwd=tmp_path)
    assert bad.returncode == 2
    assert "`lots` is not a size" in bad.stderr


# --- configuration, schema, cache, generators -----------------------------------


def test_a_toml_configuration_is_read_as_toml(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    (tmp_path / "ci.toml").write_text('ignore = ["TL001"]\n')
    result = run("check", "--config", "ci.toml", "a.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (tmp_path / "bad.toml").write_text("ignore = [TL001\n")
    bad = run("check", "--config", "bad.toml", "a.yaml", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.startswith("migralint: error: bad.toml:1:")
    assert "not valid TOML" in bad.stderr


def test_schema_config_and_rules_together_is_a_usage_error() -> None:
    result = run("schema", "--config", "--rules")
    assert result.returncode == 2
    assert "--config and --rules each print one schema; give one of them" in result.stderr
    assert '"title"' in run("schema", "--rules").stdout


def test_cache_dir_and_clean(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    env = {**os.environ, "MIGRALINT_CACHE_DIR": str(folder), "XDG_STATE_HOME": str(tmp_path)}
    env.pop("MIGRALINT_NO_CACHE", None)
    assert run("cache", "dir", env=env).stdout == f"{folder}\n"
    (tmp_path / "a.yaml").write_text(EXAMPLE)
    assert run("check", "a.yaml", cwd=tmp_path, env=env).returncode == 0
    entries = sorted(p.name for p in folder.iterdir())
    assert entries and all(name.startswith("holidays-") for name in entries)
    (folder / "notes.txt").write_text("mine")  # not the cache's: left alone
    cleaned = run("cache", "clean", env=env)
    noun = "entry" if len(entries) == 1 else "entries"
    assert cleaned.stdout == f"removed {len(entries)} cache {noun} from {folder}\n"
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    (folder / "notes.txt").unlink()
    assert run("cache", "clean", env=env).stdout == f"removed 0 cache entries from {folder}\n"
    assert not folder.exists()


@pytest.mark.parametrize("module", ["docgen", "rulesgen", "validatorgen"])
def test_the_generators_print_help_and_write_nothing(tmp_path: Path, module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", f"migralint.{module}", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: python -m migralint.{module} ")
    assert list(tmp_path.iterdir()) == []
    assert not (ROOT / "--help").exists()
