"""Acceptance test of .pre-commit-hooks.yaml with the real `pre-commit` tool.

`pre-commit try-repo` installs the hook from this checkout (with its
uncommitted changes to tracked files) into its own virtual environment, as a
user's `.pre-commit-config.yaml` would, and runs it on files of a scratch plan
repository. Each run builds that environment (pip, a few seconds to a minute),
hence the module is marked slow.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate, unavailable

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]  # the checkout whose hook is tested
FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
TL001 = (
    "friday.yaml:62:9: TL001 error cutover Friday 2025-03-14 16:30 Europe/Berlin is inside "
    "the forbidden window Friday from 16:00 (before the weekend); move it to an earlier working day, in the morning "
    "[friday-afternoon-cutover]"
)
TIMEOUT = 300


def _unavailable(reason: str) -> None:
    """Skip, except under CI, where a missing prerequisite fails the test."""
    unavailable(reason, f"{reason}; CI must run the pre-commit acceptance test")


def _git_env() -> dict[str, str]:
    """The environment without GIT_* variables (set when pytest runs inside a git hook)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", *args], cwd=cwd, env=_git_env(), check=True, capture_output=True, timeout=60
    )


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch git repository of plans, its files added to the index."""
    if importlib.util.find_spec("pre_commit") is None:
        _unavailable(
            f"the `pre-commit` package is not importable by {sys.executable} "
            "(install the test extras: pip install -e '.[test]')"
        )
    if shutil.which("git") is None:
        _unavailable("`git` is not on PATH; pre-commit needs it")
    if not (REPO / ".git").exists():
        _unavailable(f"{REPO} is not a git checkout; `pre-commit try-repo` needs one")
    repo = tmp_path_factory.mktemp("precommit") / "plans"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _git("config", "user.name", "Plan Author", cwd=repo)
    _git("config", "user.email", "plans@example.com", cwd=repo)
    (repo / "clean.yaml").write_bytes((REPO / "examples" / "northwind-clean.yaml").read_bytes())
    (repo / "friday.yaml").write_text(FRIDAY, encoding="utf-8")
    # Not YAML by name, though a failing plan by content: the hook must never see it.
    (repo / "notes.txt").write_text(FRIDAY, encoding="utf-8")
    # YAML, but not a plan (the repository's own pre-commit configuration).
    (repo / "settings.yaml").write_text("repos: []\n", encoding="utf-8")
    _git("add", "clean.yaml", "friday.yaml", "notes.txt", "settings.yaml", cwd=repo)
    return repo


# A repository where plans live beside the YAML of everything else: what the
# hook is given on a commit that touches all of it.
HELM_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "sender.fullname" . }}
  labels:
    {{- include "sender.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
"""
HELM_VALUES = "replicaCount: 2\nimage: {repository: registry.example.com/sender, tag: ''}\n"
WORKFLOW = """\
name: ci
on: {push: {branches: [main]}, pull_request: {}}
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          pip install migralint
          migralint check plans --format github
      - run: echo "${{ github.ref }}" | grep -E '^refs/heads/(main|release/.*)$'
"""
KUBERNETES = """\
apiVersion: v1
kind: Namespace
metadata: {name: sender}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: sender-config, namespace: sender}
data:
  SEND_WINDOW: "Tue-Thu 09:00-12:00"
---
apiVersion: v1
kind: Service
metadata: {name: sender, namespace: sender}
spec: {selector: {app: sender}, ports: [{port: 80, targetPort: 8080}]}
"""
CLOUDFORMATION = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage: {Type: String, AllowedValues: [staging, production]}
Resources:
  ExportBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-${Stage}-exports"
  ExportPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ExportBucket
      PolicyDocument:
        Statement:
          - {Effect: Deny, Principal: "*", Action: "s3:*", Condition: {Bool: {"aws:SecureTransport": false}}}
Outputs:
  BucketArn: {Value: !GetAtt ExportBucket.Arn}
"""
ANSIBLE = """\
- name: Configure the relay
  hosts: relays
  become: true
  vars:
    relay_port: 2525
  tasks:
    - name: Render the relay configuration
      ansible.builtin.template:
        src: relay.conf.j2
        dest: /etc/relay/relay.conf
      notify: restart relay
    - name: Wait for the port
      ansible.builtin.wait_for: {port: "{{ relay_port }}", timeout: 30}
  handlers:
    - name: restart relay
      ansible.builtin.service: {name: relay, state: restarted}
"""
JINJA_CONFIG = """\
{% for relay in relays %}
- host: {{ relay.host }}
  {% if relay.tls %}tls: true{% endif %}
{% endfor %}
"""
COMPOSE = """\
services:
  sender:
    build: .
    environment: [SEND_WINDOW=Tue-Thu]
    ports: ["8080:8080"]
    depends_on: [queue]
  queue:
    image: redis:7
x-logging: &logging {driver: json-file}
"""
BROKEN_PLAN = mutate(
    EXAMPLE,
    "    - {id: decommission, starts: 2025-04-14, ends: 2025-05-16}",
    "    - {id: decommission, starts: 2025-04-14, ends: 2025-05-16",
)
BROKEN_PL001 = (
    "plans/broken.yaml:61:10: PL001 error while parsing a flow mapping; "
    "did not find expected ',' or '}' [yaml-syntax]"
)
REALISTIC = {
    "charts/sender/Chart.yaml": "apiVersion: v2\nname: sender\nversion: 0.3.0\n",
    "charts/sender/values.yaml": HELM_VALUES,
    "charts/sender/templates/deployment.yaml": HELM_DEPLOYMENT,
    ".github/workflows/ci.yml": WORKFLOW,
    "deploy/k8s/sender.yaml": KUBERNETES,
    "infra/exports.yaml": CLOUDFORMATION,
    "ansible/site.yml": ANSIBLE,
    "ansible/templates/relays.yaml": JINJA_CONFIG,
    "docker-compose.yml": COMPOSE,
    "legacy/export-mapping.yaml": "fields:\n  nom: Pr\u00e9nom\n  ville: Montr\u00e9al\n".encode(
        "latin-1"
    ),
    ".pre-commit-config.yaml": "repos: []\n",
    "plans/good.yaml": EXAMPLE,
    "plans/broken.yaml": BROKEN_PLAN,
}


@pytest.fixture(scope="module")
def realistic(plans: Path) -> Path:
    """A second scratch repository (sharing the hook environment's cache):
    plans beside Helm charts, workflows, manifests, templates and more."""
    repo = plans.parent / "realistic"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    for relative, content in REALISTIC.items():
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    _git("add", "-A", cwd=repo)
    return repo


def try_repo(plans: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo <checkout> migralint --files ...` (no files: --all-files)
    with a private cache (PRE_COMMIT_HOME); --verbose shows the hook's output when
    it passes too."""
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(plans.parent / "cache")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "migralint"]
    start = time.monotonic()
    result = subprocess.run(
        [
            *command,
            "--color",
            "never",
            "--verbose",
            *(["--files", *files] if files else ["--all-files"]),
        ],
        cwd=plans,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    print(
        f"pre-commit try-repo {' '.join(files) or '--all-files'}: {time.monotonic() - start:.1f} s"
    )
    return result


def status(output: str) -> str:
    """The hook's status on pre-commit's `migralint.....Passed` line."""
    match = re.search(r"^migralint\.*(?:\(no files to check\))?(\w+)$", output, re.MULTILINE)
    assert match, output
    return match[1]


def test_clean_plan_passes(plans: Path) -> None:
    result = try_repo(plans, "clean.yaml")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert status(result.stdout) == "Passed"
    assert "no problems in 1 file" in result.stdout  # --verbose shows the hook's output


def test_friday_cutover_fails_with_the_finding(plans: Path) -> None:
    result = try_repo(plans, "friday.yaml")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert status(result.stdout) == "Failed"
    assert "- hook id: migralint" in result.stdout
    assert "- exit code: 1" in result.stdout
    assert TL001 in result.stdout.splitlines()
    assert "1 error in 1 file (1 file checked)" in result.stdout


def test_non_yaml_file_is_not_passed_to_the_hook(plans: Path) -> None:
    result = try_repo(plans, "notes.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert status(result.stdout) == "Skipped"
    assert "(no files to check)" in result.stdout

    # Beside a plan: only the plan reaches migralint.
    result = try_repo(plans, "notes.txt", "clean.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert status(result.stdout) == "Passed"
    assert "no problems in 1 file" in result.stdout
    assert "notes.txt" not in result.stdout


def test_yaml_that_is_not_a_plan_passes(plans: Path) -> None:
    result = try_repo(plans, "settings.yaml", "clean.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert status(result.stdout) == "Passed"
    assert "no problems in 1 file" in result.stdout


FINDING = re.compile(r"^(\S+):(\d+):(\d+): [A-Z]{2}\d{3} ", re.MULTILINE)


def test_commit_of_a_realistic_repository_fails_only_on_the_broken_plan(realistic: Path) -> None:
    """Every YAML file of the repository reaches the hook (pre-commit may split
    them between several runs); only the broken plan fails it, at its error."""
    result = try_repo(realistic)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert status(result.stdout) == "Failed"
    assert "- exit code: 1" in result.stdout
    assert BROKEN_PL001 in result.stdout.splitlines()
    assert {m[1] for m in FINDING.finditer(result.stdout)} == {"plans/broken.yaml"}
    assert "Traceback" not in out and "internal error" not in out

    # The broken plan fixed: the commit passes, having checked both plans.
    (realistic / "plans" / "broken.yaml").write_text(EXAMPLE, encoding="utf-8")
    _git("add", "plans/broken.yaml", cwd=realistic)
    result = try_repo(realistic)
    assert result.returncode == 0, result.stdout + result.stderr
    assert status(result.stdout) == "Passed"
    assert not FINDING.search(result.stdout)
    assert result.stdout.count("no problems in ") >= 1
