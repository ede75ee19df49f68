"""The plan schema in the real yaml-language-server, the engine of VS Code's
YAML extension (and of Neovim's, Helix's and JetBrains' YAML support).

The server runs over stdio as an editor starts it, driven by pytest-lsp's
client. `.ci/run` installs it with npm; without it these tests skip, except
under CI.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from helpers import EXAMPLE, ROOT, lint, mutate, run_cli, tool
from migralint import timeutil
from test_plan_schema_editors import CHECKS, SAMPLES

SCHEMA = ROOT / "schemas" / "plan.schema.json"
PUBLISHED = "https://raw.githubusercontent.com/migralint/migralint/main/schemas/plan.schema.json"
WAIT = 60  # seconds for the server's answer; it usually takes well under one


@pytest_asyncio.fixture
async def server():
    command = tool("yaml-language-server", "the editor test of the plan schema")
    client = await ClientServerConfig(server_command=[command, "--stdio"]).start()
    assert isinstance(client, LanguageClient)
    # As an editor configures it: this checkout's schema for plan files, no
    # schema store (no network).
    client.set_configuration(
        {
            "yaml": {
                "validate": True,
                "hover": True,
                "completion": True,
                "schemas": {SCHEMA.as_uri(): ["plan*.yaml", "example*.yaml"]},
                "schemaStore": {"enable": False},
            }
        }
    )
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(configuration=True),
                text_document=types.TextDocumentClientCapabilities(
                    completion=types.CompletionClientCapabilities(
                        completion_item=types.ClientCompletionItemOptions(
                            snippet_support=True,
                            documentation_format=[types.MarkupKind.Markdown],
                        )
                    ),
                    hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                ),
            )
        )
    )
    yield client
    await client.shutdown_session()


async def diagnose(client: LanguageClient, path, text: str) -> list[types.Diagnostic]:
    """Open ``text`` as the file ``path`` and wait for the server's diagnostics."""
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    while uri not in client.diagnostics:
        await asyncio.wait_for(
            client.wait_for_notification("textDocument/publishDiagnostics"), WAIT
        )
    return list(client.diagnostics[uri])


async def hover(client: LanguageClient, path, line: int, character: int) -> str:
    result = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                position=types.Position(line=line - 1, character=character - 1),
            )
        ),
        WAIT,
    )
    assert result is not None, "no hover: the schema was not applied"
    return result.contents.value


def positions(diagnostics: list[types.Diagnostic]) -> list[tuple[int, int]]:
    return sorted((d.range.start.line + 1, d.range.start.character + 1) for d in diagnostics)


def _kind_line(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("  kind:"))


@pytest.mark.asyncio
async def test_the_clean_example_gets_no_diagnostic(server, tmp_path):
    path = tmp_path / "example-plan.yaml"
    assert await diagnose(server, path, EXAMPLE) == []
    # The schema was in force: the hover shows the enum value's own description.
    text = await hover(server, path, _kind_line(EXAMPLE), 10)
    assert "`consolidate`: Several tools are merged into one." in text


@pytest.mark.asyncio
async def test_a_fresh_init_plan_gets_no_diagnostic(server, tmp_path):
    made = run_cli("init", str(tmp_path / "new.yaml"))
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "new.yaml").read_text(encoding="utf-8")
    # Its modeline names the published schema; point it at this checkout's.
    assert text.startswith(f"# yaml-language-server: $schema={PUBLISHED}\n")
    text = text.replace(PUBLISHED, SCHEMA.as_uri(), 1)
    # Its date-times have no offset (they are read in plan.timezone).
    assert re.search(r"\n    at: \d{4}-\d\d-\d\dT10:00:00 ", text)
    path = tmp_path / "starter.yaml"  # not matched by the settings: the modeline decides
    assert await diagnose(server, path, text) == []
    version = text.splitlines().index("migralint: 1") + 1
    assert "Plan format version" in await hover(server, path, version, 3)


BAD = [
    # an unknown key, at the key
    ("  cutover:\n", "  cutovr: {}\n  cutover:\n"),
    # a value outside an enum, at the value
    ("  kind: consolidate ", "  kind: consolidated"),
    # a day that does not exist, at the value
    (
        "ends: 2025-06-30\n        notice_period: P90D",
        "ends: 2025-02-30\n        notice_period: P90D",
    ),
    # a duration in words
    ("notice_period: P30D", "notice_period: 30 days"),
    # a naive date-time (allowed): no diagnostic
    ("at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-11T10:00:00       "),
]


@pytest.mark.asyncio
async def test_a_bad_plan_gets_diagnostics_where_migralint_reports_them(server, tmp_path):
    text = EXAMPLE
    for old, new in BAD:
        text = mutate(text, old, new)
    findings = [f for f in lint(text) if f.code == "SC001"]
    assert len(findings) == 4, [f.message for f in findings]
    diagnostics = await diagnose(server, tmp_path / "plan-bad.yaml", text)
    assert positions(diagnostics) == sorted((f.line, f.column) for f in findings)
    assert all(d.severity == types.DiagnosticSeverity.Error for d in diagnostics)
    words = {d.range.start.line + 1: d.message for d in diagnostics}
    date_line = next(f.line for f in findings if "2025-02-30" in f.message)
    assert words[date_line] == "Expected a date (YYYY-MM-DD) that exists on the calendar."


@pytest.mark.asyncio
async def test_the_version_is_the_number_one(server, tmp_path):
    text = mutate(EXAMPLE, "migralint: 1\n", "migralint: 2\n")
    (pl003,) = [f for f in lint(text) if f.code == "PL003"]
    diagnostics = await diagnose(server, tmp_path / "plan-v2.yaml", text)
    assert positions(diagnostics) == [(pl003.line, pl003.column)]
    # Completion of the version key inserts the version.
    path = tmp_path / "plan-new.yaml"
    await diagnose(server, path, "mig")
    result = await asyncio.wait_for(
        server.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                position=types.Position(line=0, character=3),
            )
        ),
        WAIT,
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    (item,) = [i for i in items if i.label == "migralint"]
    assert item.insert_text == "migralint: 1"


def test_the_patterns_read_the_same_in_ecmascript():
    """Editors apply the schema's patterns as JavaScript regular expressions
    (with the `u` flag); they must accept exactly what migralint accepts."""
    node = tool("node", "JavaScript reads the schema's patterns")
    patterns = {name: timeutil.PATTERNS[name] for name in CHECKS}
    script = (
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const out = {};"
        "for (const [name, p] of Object.entries(input.patterns)) {"
        "  const re = new RegExp(p, 'u'); out[name] = input.samples.map((s) => re.test(s)); }"
        "process.stdout.write(JSON.stringify(out));"
    )
    done = subprocess.run(
        [node, "-e", script],
        input=json.dumps({"patterns": patterns, "samples": SAMPLES}),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=True,
    )
    verdicts = json.loads(done.stdout)
    for name, check in CHECKS.items():
        wrong = [s for s, ok in zip(SAMPLES, verdicts[name], strict=True) if ok != check(s)]
        assert wrong == [], name
