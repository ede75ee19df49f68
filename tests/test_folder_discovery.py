"""Folder discovery: no file the loader reads as a plan is passed over, a
folder run that finds no plan fails, deep and unreadable folders are
findings, exclude patterns; and under --skip-non-plans a file that does not
load is failed only when it plausibly is a plan."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import EXAMPLE, mutate
from helpers import run_cli as run
from migralint import cli, discovery, loader

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
KEY_LINE = "migralint: 1\n"  # line 5 of the example
TL001_LINE, TL001_COLUMN = 62, 9


def check(
    *args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """`migralint check ARGS` in this process (serial), as main() runs it."""
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["migralint", "check", "-j", "1", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def with_key(line: str, text: str = FRIDAY) -> str:
    """The Friday plan with its `migralint: 1` line replaced."""
    return mutate(text, KEY_LINE, line)


def utf16(text: str, codec: str) -> bytes:
    return "\ufeff".encode(codec) + text.encode(codec)


# (file name under plans/, content, line of TL001): each is a plan the loader
# reads as one (checked below), spelled so that a sniffing screen misses it.
PADDING = "# " + "x" * 78 + "\n"
PADDED_LINES = 64 * 1024 // len(PADDING) + 1
PLAN_SPELLINGS = {
    "flow-json": ("plan.yaml", None, 1),  # built from the data below
    "explicit-key": ("plan.yaml", with_key("? migralint\n: 1\n"), 63),
    "anchored-key": ("plan.yaml", with_key("&v migralint: 1\n"), 62),
    "after-64-KiB-of-comments": ("plan.yaml", PADDING * PADDED_LINES + FRIDAY, 62 + PADDED_LINES),
    "utf-16-le-bom": ("plan.yaml", utf16(FRIDAY, "utf-16-le"), 62),
    "utf-16-be-bom": ("plan.yaml", utf16(FRIDAY, "utf-16-be"), 62),
    "cr-only-line-breaks": ("plan.yaml", FRIDAY.replace("\n", "\r"), 62),
    "upper-case-suffix": ("plan.YAML", FRIDAY, 62),
    "mixed-case-suffix": ("plan.Yml", FRIDAY, 62),
    "under-node_modules": ("node_modules/pkg/plan.yaml", FRIDAY, 62),
    "under-venv": ("venv/plan.yaml", FRIDAY, 62),
    "under-dot-venv-and-tox": (".venv/.tox/plan.yaml", FRIDAY, 62),
    "hex-escape": ("plan.yaml", with_key('"\\x6digralint": 1\n'), 62),
    "unicode-escape": ("plan.yaml", with_key('"migr\\u0061lint": 1\n'), 62),
    "long-unicode-escape": ("plan.yaml", with_key('"migr\\U00000061lint": 1\n'), 62),
    # An explicit key: an implicit one cannot span lines.
    "escaped-line-break": ("plan.yaml", with_key('? "migr\\\n  alint"\n: 1\n'), 64),
    "escaped-crlf-line-break": ("plan.yaml", with_key('? "migr\\\r\n  alint"\n: 1\n'), 64),
    "tagged-key": ("plan.yaml", with_key("!!str migralint: 1\n"), 62),
    "merge-key": ("plan.yaml", with_key("<<: {migralint: 1}\n"), 62),
    "merge-of-anchored-escape": (
        "plan.yaml",
        with_key('x-defaults: &base {"\\x6digralint": 1}\n<<: *base\n'),
        63,
    ),
    "alias-as-key": ("plan.yaml", with_key('x-name: &k "\\x6digralint"\n*k : 1\n'), 63),
    "yaml-directive": ("plan.yaml", "%YAML 1.1\n---\n" + FRIDAY, 64),
    "document-start": ("plan.yaml", "---\n" + FRIDAY, 63),
}


def _content(name: str) -> bytes:
    _, content, _ = PLAN_SPELLINGS[name]
    if content is None:  # the whole plan as one line of JSON
        content = json.dumps(loader.load(FRIDAY.encode()).data)
    return content.encode("utf-8") if isinstance(content, str) else content


@pytest.mark.parametrize("spelling", sorted(PLAN_SPELLINGS))
def test_folder_discovery_finds_every_spelling_of_a_plan(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    relative, _, line = PLAN_SPELLINGS[spelling]
    content = _content(spelling)
    doc = loader.load(content)
    assert doc.readable and "migralint" in doc.data, "the loader must read it as a plan"
    plan = tmp_path / "plans" / relative
    plan.parent.mkdir(parents=True)
    plan.write_bytes(content)
    code, out, err = check("plans/", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    shown = f"plans/{relative}"
    column = None if spelling == "flow-json" else TL001_COLUMN
    tl001 = [x for x in out.splitlines() if ": TL001 error cutover Friday 2025-03-14 16:30" in x]
    assert len(tl001) == 1, out + err
    where = tl001[0].split(": TL001")[0]
    if column is None:  # one line: the column is wherever JSON put the value
        assert where.startswith(f"{shown}:1:"), where
    else:
        assert where == f"{shown}:{line}:{column}"
    assert out.splitlines()[-1].endswith("(1 file checked)"), out
    assert code == 1
    # Named explicitly, the same findings: discovery agrees with the loader.
    named, named_out, _ = check(shown, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert (named, named_out) == (code, out)


def test_utf32_plan_is_found_and_reported_not_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The loader cannot read UTF-32; a plan written in it is reported (PL001)."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for codec in ("utf-32-le", "utf-32-be"):
        (plans / f"{codec}.yaml").write_bytes(utf16(FRIDAY, codec))
    code, out, _ = check("plans/", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert "plans/utf-32-be.yaml:1:1: PL001 error" in out
    assert "plans/utf-32-le.yaml:1:3: PL001 error" in out  # read as UTF-16: NUL after the mark
    assert out.splitlines()[-1] == "2 errors in 2 files (2 files checked)"


# --- the screen: false positives allowed, never a false negative -----------

_KEYS = st.sampled_from(["plan", "timeline", "x", "<<z", "migr", "alint"])
_VALUES = st.recursive(
    st.one_of(st.integers(), st.text(max_size=8), st.booleans(), st.none()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=8,
)


def _spell(word: str, choices: list[int]) -> str:
    """``word`` as a double-quoted YAML scalar, each character as itself,
    \\x, \\u or \\U escaped, or after an escaped line break."""
    out = []
    for char, choice in zip(word, choices, strict=True):
        code = ord(char)
        out.append(
            [char, f"\\x{code:02x}", f"\\u{code:04X}", f"\\U{code:08x}", f"\\\n  {char}"][choice]
        )
    return '"' + "".join(out) + '"'


@settings(max_examples=300, deadline=None)
@given(
    data=st.dictionaries(_KEYS, _VALUES, max_size=4),
    style=st.sampled_from([None, True, False]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"]),
    escapes=st.lists(st.integers(0, 4), min_size=9, max_size=9),
    line_break=st.sampled_from(["\n", "\r", "\r\n"]),
)
def test_the_screen_never_misses_a_plan(
    data: dict, style: bool | None, encoding: str, escapes: list[int], line_break: str
) -> None:
    body = {"migralint": 1, **data}
    text = yaml_dump(body, style)
    key = _spell("migralint", escapes)
    # An explicit key (`? ...`), since an implicit one cannot span lines.
    text = text.replace("migralint:", f"? {key}\n:", 1) if style is False else text
    text = text.replace("\n", line_break)
    content = utf16(text, encoding) if encoding.startswith("utf-16") else text.encode(encoding)
    doc = loader.load(content)
    # Every generated file is a plan to the loader (else the test proves nothing)...
    assert doc.readable and isinstance(doc.data, dict) and "migralint" in doc.data, content[:200]
    # ... and the screen lets each through.
    assert discovery.may_be_plan(content), content[:200]


def yaml_dump(data: dict, style: bool | None) -> str:
    import yaml

    return yaml.safe_dump(data, default_flow_style=style, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize(
    "text",
    [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
        "repos:\n  - repo: https://example.com/x\n    hooks: [{id: y}]\n",
        'on: push\njobs: {t: {runs-on: ubuntu-latest, steps: [{run: "echo \\"hi\\" \\\\n"}]}}\n',
        "base: &b {a: 1}\nuse: *b\n<<: *b\n",
    ],
)
def test_the_screen_passes_over_ordinary_yaml(text: str) -> None:
    assert not discovery.may_be_plan(text.encode())


def test_the_screen_reads_a_file_over_the_limit_as_a_candidate(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 1000)
    assert not discovery.looks_like_plan(str(big), limit=5000)
    assert not discovery.looks_like_plan(str(big), limit=4999)  # screened in chunks
    big.write_bytes(b"a: 1\n" * 1000 + b"migralint: 1\n")
    assert discovery.looks_like_plan(str(big), limit=4999)


# --- a folder run that finds no plan ---------------------------------------


def test_a_folder_without_plans_is_an_error_not_a_pass(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "settings.yaml").write_text("repos: []\n")
    (plans / "notes.txt").write_text(FRIDAY)
    result = run("check", "plans/", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == (
        "migralint: error: no plans found under plans/ "
        "(a plan is a YAML file whose root mapping has a `migralint` key)\n"
    )
    assert result.stdout == ""
    result = run("check", "plans", str(tmp_path / "plans"), cwd=tmp_path)
    assert result.returncode == 2
    assert f"no plans found under plans, {tmp_path / 'plans'} (" in result.stderr
    result = run("check", cwd=plans)  # the default: .
    assert result.returncode == 2
    assert "no plans found under . (" in result.stderr


def test_named_non_plans_under_skip_non_plans_still_pass(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml", "c.yml"):
        (tmp_path / name).write_text("repos: []\n")
    result = run("check", "--skip-non-plans", "a.yaml", "b.yaml", "c.yml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "no problems in 0 files\n")
    assert result.stderr.startswith("migralint: no plans among 3 files ")


# --- depth and unreadable folders ------------------------------------------


def _deep_chain(top: Path, levels: int) -> Path:
    """``top``/d/d/.../d, ``levels`` deep, made with relative paths (chdir)
    so that no call sees a path longer than a few hundred bytes."""
    here = os.getcwd()
    try:
        os.chdir(top)
        for done in range(0, levels, 100):
            step = os.path.join(*["d"] * min(100, levels - done))
            os.makedirs(step)
            os.chdir(step)
        return Path(os.getcwd())
    finally:
        os.chdir(here)


def _remove_chain(top: Path, levels: int) -> None:
    """Remove the chain bottom-up without recursion (rmtree recurses)."""
    here = os.getcwd()
    try:
        os.chdir(top)
        for _ in range(levels):
            os.chdir("d")
        for _ in range(levels):
            for name in os.listdir("."):
                if name != "d":
                    os.remove(name)
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


@pytest.mark.slow  # two runs of the command line over 1,100 folders
def test_a_folder_1100_levels_deep_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "top.yaml").write_text(FRIDAY)
    bottom = _deep_chain(plans, 1100)
    try:
        (bottom / "deep.yaml").write_bytes(b"migralint: 1\n")
        result = run("check", "plans/", cwd=tmp_path, timeout=120)
        out = result.stdout
        assert result.returncode == 1, out + result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        deepest = "plans/" + "/".join(["d"] * 101)
        assert f"plans/top.yaml:{TL001_LINE}:{TL001_COLUMN}: TL001 error" in out
        assert (
            f"{deepest}:1:1: PL006 error the folder is more than 100 levels below `plans` "
            "and was not searched [input-limit-exceeded]"
        ) in out.splitlines()
        assert "deep.yaml" not in out
        assert out.splitlines()[-1] == "2 errors in 2 files (2 files checked)"
        # Only the limit: the top plan is clean, and the run still fails on it.
        (plans / "top.yaml").write_text(EXAMPLE)
        result = run("check", "plans", "--format", "json", cwd=tmp_path, timeout=120)
        assert result.returncode == 1
        found = json.loads(result.stdout)["findings"]
        assert [(f["path"], f["line"], f["column"], f["code"]) for f in found] == [
            (deepest, 1, 1, "PL006")
        ]
    finally:
        _remove_chain(plans, 1100)


def test_the_walk_keeps_to_the_depth_limit_and_names_the_other_folders(tmp_path: Path) -> None:
    (tmp_path / "a" / "b" / "x").mkdir(parents=True)
    (tmp_path / "a" / "b" / "y").mkdir()
    (tmp_path / "a" / "b" / "p.yaml").write_text("migralint: 1\n")
    (tmp_path / "a" / "b" / "x" / "q.yaml").write_text("migralint: 1\n")
    targets = discovery.collect([str(tmp_path)], max_depth=2)
    assert [t.path for t in targets if not t.problem] == [str(tmp_path / "a" / "b" / "p.yaml")]
    [problem] = [t for t in targets if t.problem]
    assert problem.path == str(tmp_path / "a" / "b" / "x")
    code, message = problem.problem
    assert code == "PL006"
    assert "more than 2 levels below" in message and "(nor 1 other folder as deep)" in message


def test_an_unreadable_folder_is_a_finding_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    plans = tmp_path / "plans"
    (plans / "locked").mkdir(parents=True)
    (plans / "locked" / "hidden.yaml").write_text(FRIDAY)
    (plans / "top.yaml").write_text(FRIDAY)
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # tests run as root: simulate permission denied
        if os.path.basename(os.path.normpath(path)) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    code, out, err = check("plans", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1, out + err
    lines = out.splitlines()
    assert (
        "plans/locked:1:1: PL008 error cannot search the folder (Permission denied); "
        "its plans are not checked [unreadable-file]"
    ) in lines
    assert f"plans/top.yaml:{TL001_LINE}:{TL001_COLUMN}: TL001 error" in out
    assert "hidden.yaml" not in out
    assert lines[-1] == "2 errors in 2 files (2 files checked)"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_permissions_is_a_finding(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    (plans / "locked").mkdir(parents=True)
    (plans / "top.yaml").write_text(EXAMPLE)
    (plans / "locked").chmod(0)
    try:
        result = run("check", "plans", cwd=tmp_path)
    finally:
        (plans / "locked").chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "plans/locked:1:1: PL008 error cannot search the folder" in result.stdout


def test_a_symlinked_folder_loop_is_not_followed(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    (plans / "sub").mkdir(parents=True)
    (plans / "sub" / "plan.yaml").write_text("migralint: 1\n")
    (plans / "sub" / "loop").symlink_to(plans, target_is_directory=True)
    targets = discovery.collect([str(plans)])
    assert [t.path for t in targets] == [str(plans / "sub" / "plan.yaml")]


# --- exclude patterns -------------------------------------------------------


def _tree(root: Path) -> None:
    for relative in (
        "a.yaml",
        "node_modules/pkg/b.yaml",
        "venv/c.yaml",
        ".git/d.yaml",
        "drafts/old/e.yaml",
        "drafts/f.yml",
        "g.tmpl.yaml",
    ):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("migralint: 1\n")


def _found(root: Path, **options: object) -> list[str]:
    targets = discovery.collect([str(root)], **options)  # type: ignore[arg-type]
    return [Path(t.path).relative_to(root).as_posix() for t in targets]


def test_default_exclude_is_only_version_control_folders(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert discovery.DEFAULT_EXCLUDE == (".git", ".hg", ".svn")
    assert _found(tmp_path) == [
        "a.yaml",
        "g.tmpl.yaml",
        "drafts/f.yml",
        "drafts/old/e.yaml",
        "node_modules/pkg/b.yaml",
        "venv/c.yaml",
    ]


@pytest.mark.parametrize(
    ("exclude", "found"),
    [
        (["node_modules", "venv"], ["a.yaml", "g.tmpl.yaml", "drafts/f.yml", "drafts/old/e.yaml"]),
        (["*.tmpl.yaml", "drafts/"], ["a.yaml", "node_modules/pkg/b.yaml", "venv/c.yaml"]),
        (
            ["**/drafts/old"],
            ["a.yaml", "g.tmpl.yaml", "drafts/f.yml", "node_modules/pkg/b.yaml", "venv/c.yaml"],
        ),
        (["**/*.yml", "n*", "v?nv"], ["a.yaml", "g.tmpl.yaml", "drafts/old/e.yaml"]),
    ],
)
def test_extend_exclude_patterns(tmp_path: Path, exclude: list[str], found: list[str]) -> None:
    _tree(tmp_path)
    assert _found(tmp_path, exclude=(".git", *exclude)) == found


def test_exclude_and_extend_exclude_on_the_command_line(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "a.yaml").write_text(FRIDAY)

    def files_checked(*args: str) -> str:
        result = run("check", *args, "--format", "json", cwd=tmp_path)
        assert result.returncode == 1, result.stdout + result.stderr
        return sorted({f["path"] for f in json.loads(result.stdout)["findings"]})

    everything = ["a.yaml", "drafts/f.yml", "drafts/old/e.yaml", "g.tmpl.yaml"]
    everything += ["node_modules/pkg/b.yaml", "venv/c.yaml"]
    assert files_checked(".") == everything
    assert files_checked(".", "--exclude", "") == sorted([*everything, ".git/d.yaml"])
    assert files_checked(
        ".", "--extend-exclude", "node_modules,venv", "--extend-exclude", "drafts"
    ) == ["a.yaml", "g.tmpl.yaml"]
    assert files_checked("--exclude", "drafts/old", ".") == sorted(
        [*(f for f in everything if f != "drafts/old/e.yaml"), ".git/d.yaml"]
    )
    # A file named on the command line is never excluded.
    assert files_checked("--extend-exclude", "venv", "venv/c.yaml") == ["venv/c.yaml"]


def test_exclude_globs_match_in_linear_time(tmp_path: Path) -> None:
    name = "a" * 200 + ".yaml"
    (tmp_path / name).write_text("migralint: 1\n")
    deep = tmp_path.joinpath(*["a" * 50] * 40)
    deep.mkdir(parents=True)
    hostile = ["*a*a*a*a*a*a*a*a*a*a*a*a*b", "**/**/**/**/**/**/**/**/b/**/c"]
    start = time.monotonic()
    found = _found(tmp_path, exclude=hostile)
    assert time.monotonic() - start < 5
    assert found == [name]


# --- item 17: --skip-non-plans passes over broken non-plans ----------------

HELM = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
  labels:
    {{- include "chart.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
"""
JINJA = """\
{% for host in hosts %}
- name: {{ host.name }}
  {% if host.primary %}primary: true{% endif %}
{% endfor %}
"""
K8S = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\n"
CLOUDFORMATION = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-plans"
Outputs:
  Arn: {Value: !GetAtt Bucket.Arn}
  Name: {Value: !Ref Bucket}
"""
NON_PLANS = {
    "helm-template": HELM.encode(),
    "jinja-template": JINJA.encode(),
    "not-utf-8": "name: caf\u00e9\nlist: [a, b]\n".encode("latin-1"),
    "invalid-yaml": b"key: [unclosed\nother: : :\n",
    "multi-document-kubernetes": K8S.encode(),
    "cloudformation-tags": CLOUDFORMATION.encode(),
    "tab-indented": b"a:\n\tb: 1\n",
    "mentions-migralint-in-a-comment": b"# run migralint: later\nx: [\n",
    "nested-migralint-key": b"tools:\n  migralint: 1\n  other: [\n",
    "utf-16-broken": utf16("a: [\n", "utf-16-le"),
}


@pytest.mark.parametrize("kind", sorted(NON_PLANS))
def test_skip_non_plans_passes_over_yaml_that_is_not_a_plan(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "file.yaml").write_bytes(NON_PLANS[kind])
    (tmp_path / "plan.yaml").write_text(EXAMPLE)
    code, out, err = check(
        "--skip-non-plans",
        "file.yaml",
        "plan.yaml",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert (code, out) == (0, "no problems in 1 file\n"), err
    # Alone, it is "no plans among 1 file", exit 0; in a folder it is passed over too.
    code, out, err = check(
        "--skip-non-plans", "file.yaml", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert (code, out) == (0, "no problems in 0 files\n")
    assert err.startswith("migralint: no plans among 1 file ")
    code, out, _ = check(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert (code, out) == (0, "no problems in 1 file\n")


BROKEN_PLANS = {
    # (content, position of the PL001 error)
    "syntax-error-further-down": (b"migralint: 1\nplan:\n  name: [x\n", (4, 1)),
    "bad-byte-further-down": (b"migralint: 1\nplan: {name: caf\xe9}\n", (2, 17)),
    "error-before-the-key": (b"plan: {name: [x}\nmigralint: 1\n", (1, 16)),
    "quoted-key-with-bom": ('\ufeff"migralint": 1\nx: [\n'.encode(), (3, 1)),
    "flow-json": (b'{"migralint": 1, "plan": {"name": "x",}, ]}\n', (1, 42)),
    "pretty-json-error-first": (b'{\n  "plan": [}\n  "migralint": 1\n}\n', (2, 12)),
    "escaped-key": (b'"\\x6digralint": 1\nplan: [\n', (3, 1)),
    "utf-16-plan": (utf16("migralint: 1\nplan: [\n", "utf-16-le"), (3, 1)),
}


@pytest.mark.parametrize("kind", sorted(BROKEN_PLANS))
def test_a_broken_plan_still_fails_under_skip_non_plans(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    content, (line, column) = BROKEN_PLANS[kind]
    assert not loader.load(content).readable
    (tmp_path / "broken.yaml").write_bytes(content)
    (tmp_path / "helm.yaml").write_bytes(HELM.encode())
    code, out, err = check(
        "--skip-non-plans",
        "helm.yaml",
        "broken.yaml",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 1, out + err
    lines = out.splitlines()
    assert lines[0].startswith(f"broken.yaml:{line}:{column}: PL001 error "), out
    assert lines[-1] == "1 error in 1 file (1 file checked)"
    # Found in a folder, the same.
    code, folder_out, _ = check(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert (code, folder_out) == (1, out)


def test_a_file_over_the_size_limit_is_reported_under_skip_non_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """A file that may be a plan (it holds the word) is not read past the limit."""
    (tmp_path / "big.yaml").write_bytes(b"migralint: 1\n" + b"a: 1\n" * 100)
    code, out, _ = check(
        "--skip-non-plans",
        "--max-file-size",
        "100",
        "big.yaml",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 1
    assert out.startswith(
        "big.yaml:1:1: PL006 error the file is 513 bytes, larger than the 100 bytes limit"
    )


def test_an_alias_bomb_plan_is_still_reported_under_skip_non_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    for name, head in (("plan.yaml", "migralint: 1\n"), ("other.yaml", "kind: x\n")):
        (tmp_path / name).write_text(head + "\n".join(bomb) + "\n")
    code, out, _ = check(
        "--skip-non-plans",
        "other.yaml",
        "plan.yaml",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 1
    assert out.startswith("plan.yaml:") and ": PL006 error aliases expand" in out
    assert "other.yaml" not in out


@pytest.mark.parametrize(
    "line",
    ["&" + "a" * 200, "--- " * 50, "? " * 100, "! " * 100, "{ " * 100, '  "migralint" ' * 20],
)
@pytest.mark.parametrize("separator", ["\n", "\r", "\u2028", "\x85"])
def test_the_plausible_plan_rule_is_linear_on_hostile_lines(line: str, separator: str) -> None:
    """About 1 MB of lines made to make the line rule backtrack, in a file that
    does not load and mentions the word (so the rule runs)."""
    text = "{ x: [\n" + (line + separator) * (1_000_000 // (len(line) + 1)) + "migralint"
    start = time.monotonic()
    assert not discovery.plausibly_plan(text.encode())
    assert time.monotonic() - start < 10
