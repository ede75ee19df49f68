"""The same inputs give byte-identical output, whatever the order of the
files on the command line and however many worker processes lint them.

More plans than commands.PARALLEL_THRESHOLD, in nested folders, so that
`--jobs 2` really takes the parallel path. Every run of the module starts
at once (bounded by the cores) and the tests compare the outputs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate
from migralint.commands import PARALLEL_THRESHOLD, lint_all
from migralint.discovery import collect
from migralint.runner import Job

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")

WAIVED = mutate(
    FRIDAY,
    "    at: 2025-03-14T16:30:00+01:00 ",
    '    # migralint: disable=TL001 reason="CAB-1" approver="J. Doe" expires=2099-01-01\n'
    "    at: 2025-03-14T16:30:00+01:00 ",
)
VARIANTS = [
    WAIVED,  # first, so that two files in one folder have waived findings
    EXAMPLE,  # clean
    FRIDAY,  # TL001
    mutate(FRIDAY, "      system: Loyalty app\n", ""),
    mutate(EXAMPLE, "  kind: consolidate", "  kind: merge"),  # SC001
    mutate(EXAMPLE, "  countries: [DE, US]", "  countries: [DE, NO, US]"),  # PL004
    mutate(EXAMPLE, "    - id: textblast\n", "    - id: legacymail\n"),  # duplicate id
    mutate(FRIDAY, "  name: Northwind ESP consolidation\n", "  name: a\n  name: b\n"),  # PL002
    FRIDAY + "---\nmigralint: 1\n",  # PL007
    "migralint: 1\nplan: {name: [x\n",  # PL001
    "migralint: 2\nname: not this version\n",  # PL003
    "migralint: 1\n",  # many findings, all at 1:1: the tie-break decides the order
]
COUNT = 22
FORMATS = {
    "text": ("--format", "text"),
    "text-source": ("--format", "text", "--show-source", "--statistics"),
    "text-waived": ("--format", "text", "--show-waived"),
    "json": ("--format", "json"),
    "json-waived": ("--format", "json", "--show-waived"),
    "sarif": ("--format", "sarif"),
    "gitlab": ("--format", "gitlab"),
    "junit": ("--format", "junit"),
    "github": ("--format", "github"),
}
_TIMESTAMP = re.compile(r' timestamp="[^"]*"')


def make_tree(root: Path) -> list[str]:
    """COUNT plans in plans/, plans/team<k>/ and plans/team<k>/sub<j>/, named
    so that the walk's order (a folder's files, then its subfolders) is not
    the sorted order of the paths (plans/z00.yaml walks first, sorts last)."""
    paths = []
    for index in range(COUNT):
        team = f"plans/team{index % 4}"
        folder = ["plans", team, f"{team}/sub{index % 2}"][index % 3]
        (root / folder).mkdir(parents=True, exist_ok=True)
        path = f"{folder}/z{index:02d}.yaml"
        (root / path).write_text(VARIANTS[index % len(VARIANTS)], encoding="utf-8")
        paths.append(path)
    return sorted(paths)


def normalise(output_format: str, text: str) -> str:
    return _TIMESTAMP.sub("", text) if output_format == "junit" else text


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("determinism")
    return root, make_tree(root)


@pytest.fixture(scope="module")
def outputs(tree: tuple[Path, list[str]]) -> dict[tuple[str, str], tuple[int, str, str]]:
    """(format, how) -> (exit code, stdout, stderr) for every run of the module."""
    root, paths = tree
    # Each kind of run gets its own hash seed: nothing may depend on set order.
    how = {
        "scan-j1": ("--jobs", "1", "plans"),  # the reference
        "scan-j2": ("--jobs", "2", "plans"),
        "reversed-j2": ("--jobs", "2", *reversed(paths)),
    }
    seeds = {name: str(index + 1) for index, name in enumerate(how)}
    # And for two formats, the parallel walk runs without the on-disk cache
    # (bundled rules, holidays): a cold cache must not change a byte either.
    uncached = {("text", "scan-j2"), ("json", "scan-j2")}
    runs = {(fmt, name): (*FORMATS[fmt], *args) for fmt in FORMATS for name, args in how.items()}

    def run(key: tuple[str, str]) -> tuple[int, str, str]:
        result = subprocess.run(
            [sys.executable, "-m", "migralint", "check", "--no-color", *runs[key]],
            capture_output=True,
            text=True,
            cwd=root,
            timeout=120,
            env={
                **os.environ,
                "NO_COLOR": "1",
                "PYTHONHASHSEED": seeds[key[1]],
                "MIGRALINT_NO_CACHE": "1" if key in uncached else "",
            },
        )
        return result.returncode, result.stdout, result.stderr

    with ThreadPoolExecutor(max_workers=(os.cpu_count() or 1) + 1) as pool:
        done = dict(zip(runs, pool.map(run, runs), strict=True))
    return {key: (code, normalise(key[0], out), err) for key, (code, out, err) in done.items()}


def test_the_tree_takes_the_parallel_path(tree: tuple[Path, list[str]]) -> None:
    _, paths = tree
    assert len(paths) >= PARALLEL_THRESHOLD + 4
    assert len({Path(p).parent for p in paths}) >= 5


@pytest.mark.slow  # 27 runs of the command line: ~8 s on 2 idle cores
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_run_succeeds(outputs: dict, fmt: str) -> None:
    for how in ("scan-j1", "scan-j2", "reversed-j2"):
        code, out, err = outputs[(fmt, how)]
        assert code == 1, (how, err)
        assert "Traceback" not in err and "internal error" not in err
        assert out


@pytest.mark.slow  # 27 runs of the command line: ~8 s on 2 idle cores
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_order_of_files_does_not_matter(outputs: dict, fmt: str) -> None:
    """Files named in reverse order give what the directory walk gives."""
    assert outputs[(fmt, "reversed-j2")] == outputs[(fmt, "scan-j1")]


@pytest.mark.slow  # 27 runs of the command line: ~8 s on 2 idle cores
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_number_of_jobs_does_not_matter(outputs: dict, fmt: str) -> None:
    assert outputs[(fmt, "scan-j2")] == outputs[(fmt, "scan-j1")]


@pytest.mark.slow  # 27 runs of the command line: ~8 s on 2 idle cores
def test_the_outputs_hold_what_the_plans_break(outputs: dict, tree: tuple) -> None:
    _, out, _ = outputs[("text", "scan-j1")]
    for code in ("TL001", "SC001", "PL001", "PL002", "PL003", "PL004", "PL007", "SC003"):
        assert f": {code} " in out, code
    assert out.splitlines()[-1].endswith(f"({COUNT} files checked; 2 waived)")
    _, waived, _ = outputs[("text-waived", "scan-j1")]
    assert "waived (2):" in waived  # z00.yaml and z12.yaml


def test_parallel_lint_in_process_matches_serial(tree: tuple[Path, list[str]]) -> None:
    root, paths = tree
    targets = collect([str(root / p) for p in reversed(paths)])
    job = Job()
    serial = lint_all(targets, job, 1)
    parallel = lint_all(targets, job, 2)
    assert [r.path for r in parallel] == [t.path for t in targets]
    assert [(r.path, r.findings, r.waived, r.internal_error) for r in parallel] == [
        (r.path, r.findings, r.waived, r.internal_error) for r in serial
    ]
