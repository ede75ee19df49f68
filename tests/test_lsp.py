"""`migralint lsp` end to end: the server runs as a subprocess, as an editor
starts it, and pytest-lsp's client talks LSP to it over stdio."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from helpers import EXAMPLE, LOCAL_RULE, ROOT, mutate, run_cli

WAIT = 30  # seconds for an answer; it takes milliseconds
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
pytestmark = pytest.mark.asyncio
READING = (ROOT / "examples" / "findings" / "reading.yaml").read_text(encoding="utf-8")


class Session:
    """A client, and every diagnostics notification it received, in order."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: list[types.PublishDiagnosticsParams] = []
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.registrations: list[types.Registration] = []
        self.initialized: types.InitializeResult | None = None

    async def diagnostics(self, uri: str, version: object = "last") -> list[types.Diagnostic]:
        """The diagnostics of ``uri`` published for ``version`` (by default
        the one last sent; None for a closed document), waiting for them."""
        wanted = self.versions.get(uri) if version == "last" else version

        def found() -> list[types.Diagnostic] | None:
            for params in reversed(self.published):
                if params.uri == uri:
                    if params.version == wanted:
                        return list(params.diagnostics)
                    return None
            return None

        deadline = asyncio.get_running_loop().time() + WAIT
        while (result := found()) is None:
            assert asyncio.get_running_loop().time() < deadline, f"no diagnostics for {uri}"
            await asyncio.sleep(0.01)
        return result

    def open(self, path: Path, text: str, write: bool = True) -> str:
        if write:
            path.write_text(text, encoding="utf-8", newline="")
        uri = path.as_uri()
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="yaml", version=1, text=text
                )
            )
        )
        return uri

    def replace(self, uri: str, text: str) -> int:
        """Send the whole new text of ``uri`` (a full-document change)."""
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[uri]

    def edit(self, uri: str, edits: list[types.TextEdit]) -> str:
        """Apply text edits (as an editor does a code action's) and send the
        new text (the server asks for whole-document sync); returns it."""
        text = self.texts[uri]
        # Last first, so that earlier positions stay valid.
        for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[
            ::-1
        ]:
            text = apply_edit(text, edit)
        self.replace(uri, text)
        return text

    async def hover(self, uri: str, line: int, character: int) -> str | None:
        answer = await self.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )
        return None if answer is None else answer.contents.value

    async def actions(self, uri: str, diagnostic: types.Diagnostic, only=None) -> list:
        return await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic], only=only),
            )
        )


def lsp_offset(text: str, position: types.Position) -> int:
    """A position's offset, counted as LSP counts: lines broken at \\r\\n,
    \\r and \\n, characters in UTF-16 code units (written apart from the
    server's own conversion)."""
    import re

    starts = [0, *(m.end() for m in re.finditer("\r\n|\r|\n", text))]
    begin = starts[position.line]
    rest = re.split("\r\n|\r|\n", text[begin:], maxsplit=1)[0]
    units = rest.encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
    return begin + len(units)


def apply_edit(text: str, edit: types.TextEdit) -> str:
    start = lsp_offset(text, edit.range.start)
    end = lsp_offset(text, edit.range.end)
    return text[:start] + edit.new_text + text[end:]


def spans(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    return [
        (
            str(d.code),
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in diagnostics
    ]


async def start(folders: list[Path], options: dict | None = None) -> Session:
    config = ClientServerConfig(server_command=[sys.executable, "-m", "migralint", "lsp"])
    client = await config.start()
    assert isinstance(client, LanguageClient)
    session = Session(client)
    # Keep every diagnostics notification with its version (the client's own
    # table keeps only the last list per document).
    features = client.protocol.fm.features
    original = features.get(PUBLISH)

    def record(params: types.PublishDiagnosticsParams) -> None:
        session.published.append(params)
        if original is not None:
            original(params)

    features[PUBLISH] = record

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def registered(params: types.RegistrationParams) -> None:
        session.registrations.extend(params.registrations)

    session.initialized = await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(
                    did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                        dynamic_registration=True
                    )
                ),
                text_document=types.TextDocumentClientCapabilities(
                    hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                    code_action=types.CodeActionClientCapabilities(
                        code_action_literal_support=types.ClientCodeActionLiteralOptions(
                            code_action_kind=types.ClientCodeActionKindOptions(
                                value_set=[
                                    types.CodeActionKind.QuickFix,
                                    types.CodeActionKind.SourceFixAll,
                                ]
                            )
                        )
                    ),
                ),
            ),
            workspace_folders=[types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders],
            initialization_options={"debounce": 0, **(options or {})},
        )
    )
    return session


@pytest_asyncio.fixture
async def lsp(tmp_path):
    (tmp_path / ".git").mkdir()  # the configuration search stops here
    session = await start([tmp_path])
    yield session
    await session.client.shutdown_session()


def cli_findings(path: Path, *args: str) -> list[tuple[str, int, int]]:
    done = run_cli("check", "--format", "json", *args, str(path), cwd=path.parent)
    return sorted((f["code"], f["line"], f["column"]) for f in json.loads(done.stdout)["findings"])


# --- diagnostics ---------------------------------------------------------------


async def test_diagnostics_on_open_are_the_findings_of_check(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", READING)
    diagnostics = await lsp.diagnostics(uri)
    # `NO` on line 14 (0-based 13) at columns 23-25; the repeated key on line 55.
    assert spans(diagnostics) == [("PL004", 13, 22, 13, 24), ("PL002", 54, 2, 54, 12)]
    first = diagnostics[0]
    assert first.source == "migralint"
    assert first.severity == types.DiagnosticSeverity.Warning
    assert diagnostics[1].severity == types.DiagnosticSeverity.Error
    assert first.code_description.href.endswith("docs/rules.md#pl004-yaml11-ambiguity")
    assert first.message.startswith("`NO` is read as the string")
    assert cli_findings(tmp_path / "plan.yaml") == [("PL002", 55, 3), ("PL004", 14, 23)]


async def test_clean_example_plan_has_no_diagnostics(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", EXAMPLE)
    assert await lsp.diagnostics(uri) == []


async def test_diagnostics_in_the_language_asked_for(tmp_path):
    (tmp_path / ".git").mkdir()
    text = (ROOT / "examples" / "findings" / "timeline.yaml").read_text(encoding="utf-8")
    session = await start([tmp_path], {"language": "ko"})
    try:
        uri = session.open(tmp_path / "plan.yaml", text)
        diagnostics = await session.diagnostics(uri)
    finally:
        await session.client.shutdown_session()
    (warmup,) = [d for d in diagnostics if d.code == "TL014"]
    assert re.search("[\uac00-\ud7a3]", warmup.message)
    assert "2024년 12월 2일 월요일" in warmup.message
    assert warmup.range.start.line == 240  # where `check` puts it (line 241)


WIDE = """\
migralint: 1
plan: {name: "이전 การย้าย نقل 🚀🚀", countries: [DE, NO]}
"""


async def test_positions_are_utf16_after_korean_thai_arabic_and_emoji(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", WIDE)
    diagnostics = [d for d in await lsp.diagnostics(uri) if d.code == "PL004"]
    # `NO` is code point 50 of the line (0-based) but UTF-16 unit 52: each
    # rocket is two units.
    line = WIDE.splitlines()[1]
    assert line.index("NO") == 50
    assert spans(diagnostics) == [("PL004", 1, 52, 1, 54)]


async def test_positions_with_crlf_line_endings(lsp, tmp_path):
    text = READING.replace("\n", "\r\n")
    uri = lsp.open(tmp_path / "plan.yaml", text)
    assert spans(await lsp.diagnostics(uri)) == [
        ("PL004", 13, 22, 13, 24),
        ("PL002", 54, 2, 54, 12),
    ]


async def test_change_updates_diagnostics(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", READING)
    await lsp.diagnostics(uri)
    lsp.replace(uri, mutate(READING, "countries: [DE, US, NO]", 'countries: [DE, US, "NO"]'))
    assert spans(await lsp.diagnostics(uri)) == [("PL002", 54, 2, 54, 12)]


async def test_not_a_plan_gets_nothing_and_a_broken_plan_gets_pl001(lsp, tmp_path):
    other = lsp.open(tmp_path / "compose.yaml", "services:\n  web: {image: nginx}\n")
    assert await lsp.diagnostics(other) == []
    broken_other = lsp.open(tmp_path / "values.yaml", "a: [1, 2\n")
    assert await lsp.diagnostics(broken_other) == []
    broken = lsp.open(tmp_path / "plan.yaml", "migralint: 1\nplan: {name: [x\n")
    assert [d.code for d in await lsp.diagnostics(broken)] == ["PL001"]


async def test_close_clears_diagnostics(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", READING)
    assert await lsp.diagnostics(uri)
    lsp.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await lsp.diagnostics(uri, version=None) == []


# --- hovers ----------------------------------------------------------------------


async def test_hover_on_a_finding_explains_its_rule(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", READING)
    await lsp.diagnostics(uri)
    said = await lsp.hover(uri, 13, 23)
    assert said.startswith("**PL004** `yaml11-ambiguity` (warning)\n\n`NO` is read as")
    assert "**Why:** migralint reads YAML 1.2" in said
    assert '```yaml\nplan:\n  countries: [DE, "NO"]\n```' in said


CUTOVER = """\
migralint: 1
plan:
  name: Hover
  timezone: Europe/Berlin
  countries: [DE]
timeline:
  cutover:
    at: 2025-03-11T10:00:00+01:00
  freeze_windows:
    - {name: Peak season, starts: 2024-11-18, ends: 2024-12-31}
  kickoff: 2024-12-25
  launch: 2025-04-18T08:30:00Z
platforms:
  legacy:
    - contract: {notice_period: P90D}
"""


def _where(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines()):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


async def test_hover_on_a_date_time_gives_weekday_and_local_time(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", CUTOVER)
    await lsp.diagnostics(uri)
    said = await lsp.hover(uri, *_where(CUTOVER, "2025-03-11T10"))
    assert said.endswith("Tuesday 11 March 2025, 10:00 Europe/Berlin, 09:00 UTC")
    said = await lsp.hover(uri, *_where(CUTOVER, "2025-04-18T08"))
    assert said == (
        "Friday 18 April 2025, 10:30 Europe/Berlin, 08:30 UTC\n\nPublic holiday in DE: Good Friday"
    )


async def test_hover_on_a_date_names_holidays_and_freezes(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", CUTOVER)
    await lsp.diagnostics(uri)
    said = await lsp.hover(uri, *_where(CUTOVER, "2024-12-25"))
    assert said == (
        "Wednesday 25 December 2024\n\n"
        "Public holiday in DE: Christmas Day\n\n"
        "In the freeze window Peak season"
    )


async def test_hover_on_a_duration_says_it_in_words(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", CUTOVER)
    await lsp.diagnostics(uri)
    assert await lsp.hover(uri, *_where(CUTOVER, "P90D")) == "P90D: 90 days"
    assert await lsp.hover(uri, *_where(CUTOVER, "Europe/Berlin")) is None


# --- code actions -------------------------------------------------------------------


async def test_waive_action_inserts_a_waiver_that_waives_the_finding(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", READING)
    pl004 = (await lsp.diagnostics(uri))[0]
    actions = await lsp.actions(uri, pl004)
    titles = [a.title for a in actions]
    assert "Waive PL004 here" in titles and "Explain PL004" in titles
    waive = next(a for a in actions if a.title == "Waive PL004 here")
    (edit,) = waive.edit.changes[uri]
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert edit.range.start == edit.range.end == types.Position(line=13, character=0)
    assert edit.new_text.startswith('  # migralint: disable=PL004 reason="TODO" approver="')
    assert edit.new_text.endswith(f'" expires={expires}\n')
    before = lsp.texts[uri]
    after = lsp.edit(uri, [edit])
    assert after == before.replace(
        "  countries: [DE, US, NO]", edit.new_text + "  countries: [DE, US, NO]", 1
    )
    # The finding is waived; the repeated key, one line further down now, stays.
    assert spans(await lsp.diagnostics(uri)) == [("PL002", 55, 2, 55, 12)]


async def test_fix_action_quotes_the_value_and_changes_nothing_else(lsp, tmp_path):
    text = READING.replace("\n", "\r\n")  # CRLF survives the edit
    uri = lsp.open(tmp_path / "plan.yaml", text)
    pl004 = (await lsp.diagnostics(uri))[0]
    actions = await lsp.actions(uri, pl004)
    fix = next(a for a in actions if a.title == "Quote `NO`")
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert [d.code for d in fix.diagnostics] == ["PL004"]
    (edit,) = fix.edit.changes[uri]
    assert (edit.range, edit.new_text) == (
        types.Range(
            start=types.Position(line=13, character=22), end=types.Position(line=13, character=24)
        ),
        '"NO"',
    )
    after = lsp.edit(uri, [edit])
    assert after == text.replace("countries: [DE, US, NO]", 'countries: [DE, US, "NO"]')
    assert spans(await lsp.diagnostics(uri)) == [("PL002", 54, 2, 54, 12)]


RENAME = mutate(EXAMPLE, "  kickoff: 2024-06-03", "  kickof: 2024-06-03")


async def test_fix_action_renames_an_unknown_key(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", RENAME)
    (sc001,) = [d for d in await lsp.diagnostics(uri) if d.code == "SC001"]
    fix = next(a for a in await lsp.actions(uri, sc001) if a.title.startswith("Rename"))
    assert fix.title == "Rename `kickof` to `kickoff`"
    after = lsp.edit(uri, fix.edit.changes[uri])
    assert after == EXAMPLE
    assert await lsp.diagnostics(uri) == []


OFFSET = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00", "at: 2025-06-10T10:00:00+01:00")


async def test_unsafe_fixes_are_offered_only_when_asked(tmp_path):
    (tmp_path / ".git").mkdir()
    for unsafe in (False, True):
        session = await start([tmp_path], {"unsafeFixes": unsafe})
        try:
            uri = session.open(tmp_path / "plan.yaml", OFFSET)
            tl010 = next(d for d in await session.diagnostics(uri) if d.code == "TL010")
            titles = [a.title for a in await session.actions(uri, tl010)]
            unsafe_titles = [t for t in titles if t.endswith("(unsafe fix)")]
            if not unsafe:
                assert unsafe_titles == [] and "Waive TL010 here" in titles
                continue
            (title,) = unsafe_titles
            fix = next(a for a in await session.actions(uri, tl010) if a.title == title)
            after = session.edit(uri, fix.edit.changes[uri])
            assert after == OFFSET.replace("2025-06-10T10:00:00+01:00", "2025-06-10T10:00:00+02:00")
            assert "TL010" not in [d.code for d in await session.diagnostics(uri)]
        finally:
            await session.client.shutdown_session()


async def test_fix_all_source_action(lsp, tmp_path):
    text = mutate(READING, "  kickoff: 2024-06-03", "  kickof: 2024-06-03")
    uri = lsp.open(tmp_path / "plan.yaml", text)
    diagnostics = await lsp.diagnostics(uri)
    assert [d.code for d in diagnostics] == ["PL004", "SC001", "PL002"]
    (fix_all,) = await lsp.actions(uri, diagnostics[0], only=["source.fixAll.migralint"])
    assert fix_all.kind == "source.fixAll.migralint"
    assert [e.new_text for e in fix_all.edit.changes[uri]] == ['"NO"', "kickoff"]
    after = lsp.edit(uri, fix_all.edit.changes[uri])
    assert after == READING.replace("countries: [DE, US, NO]", 'countries: [DE, US, "NO"]')
    assert [d.code for d in await lsp.diagnostics(uri)] == ["PL002"]


async def test_explain_command_returns_the_explanation(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", READING)
    pl002 = (await lsp.diagnostics(uri))[1]
    explain = next(a for a in await lsp.actions(uri, pl002) if a.title == "Explain PL002")
    # lsprotocol reads any code action with a command as a bare Command (its
    # union hook looks only for the key), so the action's command arrives as text.
    if isinstance(explain, types.CodeAction):
        command = explain.command
    else:
        import ast

        command = types.Command(**ast.literal_eval(explain.command))
    assert command.command == "migralint.explain" and command.arguments == ["PL002"]
    text = await lsp.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )
    expected = run_cli("explain", "PL002").stdout
    assert text.rstrip("\n") == expected.rstrip("\n")
    assert lsp.client.messages[-1].message == text


# --- configuration ------------------------------------------------------------------


async def test_configuration_is_reloaded_and_a_broken_one_is_a_diagnostic(lsp, tmp_path):
    config = tmp_path / ".migralint.yaml"
    config.write_text("ignore: [PL004]\n", encoding="utf-8")
    uri = lsp.open(tmp_path / "plan.yaml", READING)
    assert [d.code for d in await lsp.diagnostics(uri)] == ["PL002"]
    count = len(lsp.published)

    config.write_text("ignore: [PL004]\nfail_onn: warning\n", encoding="utf-8")
    lsp.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    on_config = None
    deadline = asyncio.get_running_loop().time() + WAIT
    while on_config is None:
        for params in lsp.published[count:]:
            if params.uri == config.as_uri() and params.diagnostics:
                on_config = params.diagnostics
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)
    (problem,) = on_config
    assert problem.range.start == types.Position(line=1, character=0)
    assert "unknown key `fail_onn`" in problem.message
    on_plan = await lsp.diagnostics(uri)
    assert [d.message.split(":")[0] for d in on_plan] == ["migralint could not check this plan"]

    config.write_text("ignore: [PL002]\n", encoding="utf-8")
    lsp.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    deadline = asyncio.get_running_loop().time() + WAIT
    while [d.code for d in await lsp.diagnostics(uri)] != ["PL004"]:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)
    cleared = [p for p in lsp.published if p.uri == config.as_uri()][-1]
    assert list(cleared.diagnostics) == []


async def test_a_broken_configuration_opened_alone_is_a_diagnostic_on_it(lsp, tmp_path):
    config = tmp_path / ".migralint.yaml"
    uri = lsp.open(config, "select: [TL]\nmax-findngs: 3\n")
    deadline = asyncio.get_running_loop().time() + WAIT
    while not any(p.uri == uri and p.diagnostics for p in lsp.published):
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)
    (problem,) = next(p for p in lsp.published if p.uri == uri).diagnostics
    assert problem.range.start == types.Position(line=1, character=0)
    assert problem.message == "max-findngs: unknown key `max-findngs`; did you mean `max-findings`?"
    # Fixed and saved: the diagnostic goes.
    fixed = "select: [TL]\nmax-findings: 3\n"
    lsp.replace(uri, fixed)
    config.write_text(fixed, encoding="utf-8")
    count = len(lsp.published)
    lsp.client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    deadline = asyncio.get_running_loop().time() + WAIT
    while not any(p.uri == uri for p in lsp.published[count:]):
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)
    assert list([p for p in lsp.published[count:] if p.uri == uri][-1].diagnostics) == []
    # Broken again on disk (another tool, a checkout): the watcher's news is
    # enough, with no plan open.
    config.write_text("select: [TL]\nmax-findngs: 3\n", encoding="utf-8")
    count = len(lsp.published)
    lsp.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Changed)]
        )
    )
    deadline = asyncio.get_running_loop().time() + WAIT
    while not any(p.uri == uri and p.diagnostics for p in lsp.published[count:]):
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)


async def test_multi_root_each_folder_its_configuration(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        folder.mkdir()
        (folder / ".git").mkdir()
    (second / ".migralint.yaml").write_text("ignore: [PL004]\n", encoding="utf-8")
    session = await start([first, second])
    try:
        one = session.open(first / "plan.yaml", READING)
        two = session.open(second / "plan.yaml", READING)
        assert [d.code for d in await session.diagnostics(one)] == ["PL004", "PL002"]
        assert [d.code for d in await session.diagnostics(two)] == ["PL002"]
    finally:
        await session.client.shutdown_session()


async def test_baseline_is_honoured(tmp_path):
    (tmp_path / ".git").mkdir()
    plan = tmp_path / "plan.yaml"
    plan.write_text(READING, encoding="utf-8")
    done = run_cli("check", "--write-baseline", "baseline.json", "plan.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    session = await start([tmp_path], {"baseline": "baseline.json"})
    try:
        uri = session.open(plan, READING, write=False)
        assert await session.diagnostics(uri) == []
        # A new finding shows; the two the baseline holds stay hidden.
        changed = mutate(READING, "  owner: Dana Ortiz (Marketing Operations)", "  owner: on")
        session.replace(uri, changed)
        assert spans(await session.diagnostics(uri)) == [("PL004", 15, 9, 15, 11)]
    finally:
        await session.client.shutdown_session()


async def test_a_rule_file_is_reloaded_and_a_broken_one_is_a_diagnostic_there(lsp, tmp_path):
    (tmp_path / "rules").mkdir()
    rule_file = tmp_path / "rules" / "local.yaml"
    rule_file.write_text(LOCAL_RULE, encoding="utf-8")
    (tmp_path / ".migralint.yaml").write_text("rules: [rules/local.yaml]\n", encoding="utf-8")
    plan = mutate(EXAMPLE, "      system: Salesforce CRM\n", "")
    uri = lsp.open(tmp_path / "plan.yaml", plan)
    assert [d.code for d in await lsp.diagnostics(uri)] == ["LO001"]

    rule_file.write_text(LOCAL_RULE.replace("severity: warning", "severity: loud"), "utf-8")
    count = len(lsp.published)
    lsp.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=rule_file.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    deadline = asyncio.get_running_loop().time() + WAIT
    while not any(p.uri == rule_file.as_uri() for p in lsp.published[count:]):
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)
    (problem,) = next(p for p in lsp.published[count:] if p.uri == rule_file.as_uri()).diagnostics
    assert (problem.range.start.line, problem.range.start.character) == (5, 14)  # `loud`
    assert "loud" in problem.message

    # Saved fixed in the editor: reloaded on save, and the rule runs again.
    rule_file.write_text(LOCAL_RULE, encoding="utf-8")
    lsp.client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=rule_file.as_uri())
        )
    )
    deadline = asyncio.get_running_loop().time() + WAIT
    while [d.code for d in await lsp.diagnostics(uri)] != ["LO001"]:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)


async def test_changes_are_debounced(tmp_path):
    (tmp_path / ".git").mkdir()
    session = await start([tmp_path], {"debounce": 0.3})
    try:
        uri = session.open(tmp_path / "plan.yaml", READING)
        await session.diagnostics(uri)
        for _ in range(5):
            session.replace(uri, READING.replace("[DE, US, NO]", '[DE, US, "NO"]'))
        assert spans(await session.diagnostics(uri)) == [("PL002", 54, 2, 54, 12)]
        versions = [p.version for p in session.published if p.uri == uri]
        assert versions == [1, 6]  # the four changes typed within the debounce were never linted
    finally:
        await session.client.shutdown_session()


async def test_watched_files_are_registered(lsp):
    deadline = asyncio.get_running_loop().time() + WAIT
    while not lsp.registrations:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)
    (registration,) = lsp.registrations
    assert registration.method == "workspace/didChangeWatchedFiles"
    globs = [w["globPattern"] for w in registration.register_options["watchers"]]
    assert "**/.migralint.yaml" in globs and "**/pyproject.toml" in globs


# --- robustness ---------------------------------------------------------------------


async def test_typing_the_example_plan_never_crashes_nor_leaves_stale_diagnostics(lsp, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("", encoding="utf-8")
    uri = lsp.open(path, "", write=False)
    # Every prefix of the first 300 characters, then every 97th: a bounded
    # sample that still crosses every kind of half-typed construct.
    cuts = [*range(1, 300), *range(300, len(EXAMPLE), 97), len(EXAMPLE)]
    for cut in cuts:
        lsp.replace(uri, EXAMPLE[:cut])
    assert await lsp.diagnostics(uri) == []  # the whole plan is clean
    # A half-typed plan ends with exactly what check says of it.
    half = EXAMPLE[: EXAMPLE.index("  phases:")] + "  phases:\n    - {id: x, starts: 2024-0"
    lsp.replace(uri, half)
    # The parser's error is past the last character: LSP has no line there,
    # so the diagnostic sits at the end of the text.
    (end,) = await lsp.diagnostics(uri)
    last = half.splitlines()[-1]
    assert (end.code, end.range.start.line, end.range.start.character) == (
        "PL001",
        half.count("\n"),
        len(last),
    )
    half += "\n"
    lsp.replace(uri, half)
    diagnostics = await lsp.diagnostics(uri)
    path.write_text(half, encoding="utf-8")
    expected = cli_findings(path)
    got = sorted(
        (str(d.code), d.range.start.line + 1, d.range.start.character + 1) for d in diagnostics
    )
    assert got == expected and expected


async def test_random_edits_never_crash_the_server(lsp, tmp_path):
    import random

    chooser = random.Random(12)
    uri = lsp.open(tmp_path / "plan.yaml", EXAMPLE)
    text = EXAMPLE
    junk = [
        "",
        "\n",
        ":",
        "- ",
        "{",
        "]",
        "&a ",
        "*a",
        "!!python/object ",
        "'",
        '"',
        "\t",
        "é",
        "🚀",
    ]
    for _ in range(300):
        start = chooser.randrange(len(text) + 1)
        end = min(len(text), start + chooser.randrange(0, 12))
        text = text[:start] + chooser.choice(junk) + text[end:]
        lsp.replace(uri, text)
    await lsp.diagnostics(uri)
    # Still answering, and about the last text.
    lsp.replace(uri, EXAMPLE)
    assert await lsp.diagnostics(uri) == []
    line, character = _where(EXAMPLE, "2025-03-11T10")
    assert (await lsp.hover(uri, line, character)).startswith("Tuesday 11 March 2025, 10:00")


async def test_shutdown_and_exit_cleanly_after_hostile_text(tmp_path, capfd):
    """Half-typed, random and unencodable text, then shutdown: the server
    exits 0 and its log (stderr, read after it has exited) holds no
    traceback and no task that failed unseen."""
    session = await start([tmp_path])
    uri = session.open(tmp_path / "plan.yaml", READING)
    await session.diagnostics(uri)
    for text in ("migralint: 1\nplan: {", "\x00\t: [", "plan: \ud83d\nmigralint: 1\n", READING):
        session.replace(uri, text)
        await session.diagnostics(uri)
    await session.client.shutdown_session()
    assert session.client._server.returncode == 0
    await asyncio.sleep(0.2)  # the client forwards the server's stderr as it comes
    err = capfd.readouterr().err
    assert "Traceback" not in err and "never retrieved" not in err and "internal error" not in err


async def test_a_lone_surrogate_is_linted_not_left_stale(lsp, tmp_path):
    uri = lsp.open(tmp_path / "plan.yaml", READING)
    assert len(await lsp.diagnostics(uri)) == 2
    # JSON can carry a lone surrogate; it stands for one character.
    lsp.replace(uri, READING.replace("countries: [DE, US, NO]", 'countries: [DE, US, "\ud83d"]'))
    diagnostics = await lsp.diagnostics(uri)
    assert [d.code for d in diagnostics][-1] == "PL002"
    assert "PL004" not in [d.code for d in diagnostics]


async def test_whole_document_sync_and_yaml_only_line_breaks(lsp, tmp_path):
    """YAML breaks lines at U+2028 and NEL, LSP does not: the finding is on
    the LSP line the editor shows, and the server never splits its copy of
    the text there (it asks for whole documents)."""
    capabilities = lsp.initialized.capabilities.text_document_sync
    assert capabilities.change == types.TextDocumentSyncKind.Full
    text = READING.replace(
        "  name: Northwind ESP consolidation", '  name: "Northwind\u2028ESP\x85consolidation"'
    )
    uri = lsp.open(tmp_path / "plan.yaml", text)
    assert spans(await lsp.diagnostics(uri)) == [
        ("PL004", 13, 22, 13, 24),
        ("PL002", 54, 2, 54, 12),
    ]
    pl004 = (await lsp.diagnostics(uri))[0]
    fix = next(a for a in await lsp.actions(uri, pl004) if a.title == "Quote `NO`")
    after = lsp.edit(uri, fix.edit.changes[uri])
    assert after == text.replace("countries: [DE, US, NO]", 'countries: [DE, US, "NO"]')


async def test_no_waiver_is_offered_inside_a_scalar_that_spans_lines(lsp, tmp_path):
    text = mutate(
        EXAMPLE, "  countries: [DE, US]", '  x-tags: ["a\n    b", NO]\n  countries: [DE, US]'
    )
    uri = lsp.open(tmp_path / "plan.yaml", text)
    (pl004,) = [d for d in await lsp.diagnostics(uri) if d.code == "PL004"]
    titles = [a.title for a in await lsp.actions(uri, pl004)]
    assert "Waive PL004 here" not in titles and "Quote `NO`" in titles


async def test_the_baseline_opened_in_the_editor_is_no_error(tmp_path):
    (tmp_path / ".git").mkdir()
    plan = tmp_path / "plan.yaml"
    plan.write_text(READING, encoding="utf-8")
    run_cli("check", "--write-baseline", "baseline.json", "plan.yaml", cwd=tmp_path)
    session = await start([tmp_path], {"baseline": "baseline.json"})
    try:
        uri = session.open(plan, READING, write=False)
        assert await session.diagnostics(uri) == []
        base = tmp_path / "baseline.json"
        base_uri = session.open(base, base.read_text(encoding="utf-8"), write=False)
        deadline = asyncio.get_running_loop().time() + WAIT
        while not any(p.uri == base_uri for p in session.published):
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.01)
        assert [list(p.diagnostics) for p in session.published if p.uri == base_uri] == [[]]
    finally:
        await session.client.shutdown_session()


async def test_options_of_the_wrong_type_are_refused(tmp_path, capfd):
    session = await start([tmp_path], {"unsafeFixes": "false", "debounce": True})
    try:
        uri = session.open(tmp_path / "plan.yaml", OFFSET)
        tl010 = next(d for d in await session.diagnostics(uri) if d.code == "TL010")
        titles = [a.title for a in await session.actions(uri, tl010)]
        assert not [t for t in titles if t.endswith("(unsafe fix)")]
    finally:
        await session.client.shutdown_session()
    await asyncio.sleep(0.2)
    err = capfd.readouterr().err
    assert "initializationOptions.unsafeFixes: expected true or false" in err
    assert "initializationOptions.debounce: expected 0 to 10 seconds" in err


@pytest.mark.filterwarnings("ignore::pytest.PytestWarning")
def test_lsp_without_pygls_says_which_extra(tmp_path):
    """Without its extra the command says how to install it (exit 2)."""
    code = (
        "import sys, importlib.util; real = importlib.util.find_spec;"
        "importlib.util.find_spec = lambda n, *a: None if n == 'pygls' else real(n, *a);"
        "from migralint.cli import main; sys.argv = ['migralint', 'lsp']; main()"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr == (
        "migralint: error: `migralint lsp` needs pygls, which is not installed: "
        "pip install 'migralint[lsp]'\n"
    )


@pytest.mark.filterwarnings("ignore::pytest.PytestWarning")
def test_the_latency_benchmark_runs():
    """bench/lsp.py measures a real server (the figures are the benchmark's
    business; this only keeps the harness working)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_lsp", ROOT / "bench" / "lsp.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert 4900 <= bench.large_plan().count("\n") <= 5000
    table = bench.run(edits=2, memory_edits=10)
    assert table[2] == "| plan | median ms | p90 ms | target ms | verdict |"
    assert table[4].startswith("| example plan (260 lines) | ")
    assert table[5].startswith("| large plan (4,999 lines) | ")
    assert table[-1].startswith("Server memory over 10 edits of the example plan: ")
