"""What a package index and a user of the sdist get: the licence, the type
marker, the metadata, and an sdist whose own tests run once unpacked.

Building goes through `python -m build` as a release would (an isolated
environment with hatchling from the package index), hence slow.
"""

from __future__ import annotations

import email.parser
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT, unavailable

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel built from it (build's default), in a scratch folder."""
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source") / "migralint"
    # A copy without the working tree's caches and virtual environments.
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node", "node_modules", "__pycache__", "*.egg-info", "out"
        ),
    )
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 and "No module named build" in done.stderr:
        unavailable(
            "`build` is not installed (pip install -e '.[test]')",
            "`build` is missing; install the test extras",
        )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _sdist(dist: Path) -> tarfile.TarFile:
    (path,) = dist.glob("migralint-*.tar.gz")
    return tarfile.open(path)


def _tracked() -> list[str]:
    """The files the suite may read: everything git tracks, or (outside a
    checkout, as in an unpacked sdist) everything beside this file."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return listed.stdout.split()
    return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()]


def test_the_sdist_holds_everything_the_tests_read(dist):
    with _sdist(dist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    wanted = [
        name
        for name in _tracked()
        if name.startswith(
            ("src/", "rules/", "schemas/", "examples/", "tests/", "docs/", "editors/")
        )
        or name in ("LICENSE", "README.md", "pyproject.toml", ".ci/run", ".pre-commit-hooks.yaml")
    ]
    missing = sorted(set(wanted) - names)
    assert missing == []
    assert "src/migralint/py.typed" in names


def test_the_metadata_says_what_an_index_page_shows(dist):
    (wheel,) = dist.glob("migralint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.parser.Parser().parsestr(archive.read(metadata).decode())
    assert "migralint/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert meta["License-Expression"] == "MIT"
    classifiers = meta.get_all("Classifier")
    assert "Development Status :: 4 - Beta" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert "Typing :: Typed" in classifiers
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert urls["Repository"] == "https://github.com/migralint/migralint"
    assert {"Homepage", "Documentation", "Issues"} <= set(urls)


def test_the_wheel_holds_the_reports_templates(dist):
    """`migralint report` loads its templates and stylesheet as package data."""
    (wheel,) = dist.glob("migralint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    folder = ROOT / "src" / "migralint" / "report" / "templates"
    wanted = {f"migralint/report/templates/{p.name}" for p in folder.iterdir() if p.is_file()}
    assert "migralint/report/templates/report.html.j2" in wanted
    assert "migralint/report/templates/report.css" in wanted
    assert sorted(wanted - names) == []


def test_the_sdists_own_tests_pass_once_unpacked(dist, tmp_path):
    """The project tests (the ones that read `.ci/run` and the hook file) and a
    sample of the rest, run from the unpacked sdist against its own sources."""
    with _sdist(dist) as archive:
        archive.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.glob("migralint-*")
    env = {**os.environ, "PYTHONPATH": str(unpacked / "src")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_project.py",
            "tests/test_docs.py",
            "tests/test_rule_examples.py",
            "tests/test_init.py",
        ],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
