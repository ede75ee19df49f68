"""The language server: pygls over stdio, the engine of `check` behind it.

Diagnostics on open, on change (debounced) and on save; a lint that a later
change overtook is dropped, never published. Lints run one at a time in a
worker thread, so the server keeps answering hovers and code actions while
one runs. A change to a configuration, a rule file or the baseline reloads
them and lints every open plan again; a broken one is a diagnostic on that
file (and on the plans it governs), never a dead server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from migralint import __version__, textpos
from migralint.finding import Finding
from migralint.lsp import actions, hover
from migralint.lsp.linting import Linter, Options, Outcome, is_configuration

SOURCE = "migralint"
EXPLAIN = "migralint.explain"
FIX_ALL = "source.fixAll.migralint"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
WATCHED = ("**/.migralint.yaml", "**/pyproject.toml", "**/*.yaml", "**/*.yml", "**/*.json")


def uri_path(uri: str) -> str | None:
    """The local path of a ``file:`` URI (None for other schemes)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]  # pragma: no cover - Windows drive letters
    return os.path.abspath(path)


@dataclass
class Linted:
    """The last lint published for a document."""

    version: int | None
    text: str
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    yaml_lines: textpos.Lines
    lsp_lines: textpos.Lines
    scalars: dict
    data: Any = None  # the plan, read when a hover needs it


@dataclass
class State:
    linter: Linter
    pending: dict[str, asyncio.Task] = field(default_factory=dict)
    linted: dict[str, Linted] = field(default_factory=dict)
    # Files outside the open documents that showed an error: uri -> the plans that reported it.
    elsewhere: dict[str, set[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)  # configurations and rule files read
    baselines: set[str] = field(default_factory=set)  # baselines read
    worker: concurrent.futures.ThreadPoolExecutor = field(
        default_factory=lambda: concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="migralint-lint"
        )
    )
    freezes: dict[str, tuple] = field(default_factory=dict)  # uri -> the configuration's freezes


class MigralintServer(LanguageServer):
    state: State


# Whole-document sync: pygls applies incremental changes by str.splitlines(),
# which also breaks lines at NEL, LS, PS and other characters LSP does not
# break at, so its copy of a plan holding one would drift from the editor's.
server = MigralintServer(
    "migralint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
)


def _guarded(empty: Any) -> Any:
    """A request handler whose failure (a bug) answers ``empty`` and says
    so in one line on the server's log, instead of a traceback."""

    def wrap(function: Any) -> Any:
        import functools

        @functools.wraps(function)
        def guarded(*args: Any) -> Any:
            try:
                return function(*args)
            except Exception as exc:
                print(
                    f"migralint lsp: internal error in {function.__name__}: "
                    f"{type(exc).__name__}: {exc}",
                    file=sys.stderr,
                )
                return empty

        return guarded

    return wrap


def _state(ls: MigralintServer) -> State:
    if not hasattr(ls, "state"):
        ls.state = State(Linter(Options(), []))
    return ls.state


# --- lifecycle ---------------------------------------------------------------


@server.feature(types.INITIALIZE)
def initialize(ls: MigralintServer, params: types.InitializeParams) -> None:
    options, problems = Options.read(params.initialization_options)
    if options.language is None and params.locale:
        from dataclasses import replace

        options = replace(options, language=params.locale)
    folders = [uri_path(f.uri) for f in params.workspace_folders or []]
    if not folders and params.root_uri:
        folders = [uri_path(params.root_uri)]
    ls.state = State(Linter(options, [f for f in folders if f]))
    for problem in problems:
        print(f"migralint lsp: {problem}", file=sys.stderr)


@server.feature(types.INITIALIZED)
async def initialized(ls: MigralintServer, params: types.InitializedParams) -> None:
    capabilities = ls.client_capabilities.workspace
    watched = capabilities.did_change_watched_files if capabilities else None
    if watched is not None and watched.dynamic_registration:
        registration = types.Registration(
            id="migralint-watch",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
            ),
        )
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
        except Exception as exc:  # a client that refuses: saves still reload
            print(f"migralint lsp: no file watching ({exc})", file=sys.stderr)


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def folders_changed(ls: MigralintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    state = _state(ls)
    folders = set(state.linter.folders)
    folders -= {uri_path(f.uri) for f in params.event.removed}
    folders |= {uri_path(f.uri) for f in params.event.added}
    state.linter = Linter(state.linter.options, [f for f in folders if f])
    _reload(ls)


@server.feature(types.SHUTDOWN)
def shutdown(ls: MigralintServer, params: Any) -> None:
    state = _state(ls)
    for task in state.pending.values():
        task.cancel()
    state.worker.shutdown(wait=False, cancel_futures=True)


# --- documents ---------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MigralintServer, params: types.DidOpenTextDocumentParams) -> None:
    if _is_setting_file(ls, params.text_document.uri):
        _check_setting_file(ls, params.text_document.uri)
    else:
        _schedule(ls, params.text_document.uri, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MigralintServer, params: types.DidChangeTextDocumentParams) -> None:
    if not _is_setting_file(ls, params.text_document.uri):  # read when saved
        _schedule(ls, params.text_document.uri, delay=_state(ls).linter.options.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MigralintServer, params: types.DidSaveTextDocumentParams) -> None:
    if _is_setting_file(ls, params.text_document.uri):
        _reload(ls)  # which checks the saved file too
    else:
        _schedule(ls, params.text_document.uri, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MigralintServer, params: types.DidCloseTextDocumentParams) -> None:
    state = _state(ls)
    uri = params.text_document.uri
    task = state.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    state.linted.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
)
def files_changed(ls: MigralintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(_is_setting_file(ls, change.uri) for change in params.changes):
        _reload(ls)


def _is_setting_file(ls: MigralintServer, uri: str) -> bool:
    path = uri_path(uri)
    if path is None:
        return False
    state = _state(ls)
    return (
        is_configuration(path)
        or path in state.files
        or path in state.baselines
        or uri in state.elsewhere
    )


def _reload(ls: MigralintServer) -> None:
    """A configuration, rule file or baseline changed: read them afresh
    and lint every open document again."""
    state = _state(ls)
    state.worker.submit(state.linter.reset)
    for uri in list(state.elsewhere):
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )
    state.elsewhere.clear()
    for document in list(ls.workspace.text_documents):
        if _is_setting_file(ls, document):
            _check_setting_file(ls, document)  # shown even with no plan open
        else:
            _schedule(ls, document, delay=0)


def _check_setting_file(ls: MigralintServer, uri: str) -> None:
    """A configuration or rule file opened or saved in the editor: its
    error on it, whether or not a plan is open."""
    path = uri_path(uri)
    if path is None:
        return
    state = _state(ls)

    async def check() -> None:
        loop = asyncio.get_running_loop()
        if is_configuration(path):
            kind = "config"
        elif path in state.baselines:
            kind = "baseline"
        else:
            kind = "rules"
        outcome = await loop.run_in_executor(
            state.worker, state.linter.check_setting_file, path, kind
        )
        diagnostics = []
        if outcome.elsewhere is not None and _file_uri(outcome.elsewhere[0]) == uri:
            diagnostics.append(_error_at(*outcome.elsewhere[1:]))
        elif outcome.error is not None:
            diagnostics.append(_error_at(1, 1, outcome.error))
        if diagnostics:
            state.elsewhere.setdefault(uri, set())
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    state.pending[uri] = asyncio.ensure_future(check())


def _schedule(ls: MigralintServer, uri: str, delay: float) -> None:
    state = _state(ls)
    previous = state.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    state.pending[uri] = asyncio.ensure_future(_lint_later(ls, uri, delay))


async def _lint_later(ls: MigralintServer, uri: str, delay: float) -> None:
    state = _state(ls)
    if delay:
        await asyncio.sleep(delay)
    document = ls.workspace.get_text_document(uri)
    version, text = document.version, document.source
    path = uri_path(uri)
    if path is None:
        return  # an unsaved buffer or a remote file: nothing to find its configuration by
    loop = asyncio.get_running_loop()
    outcome = await loop.run_in_executor(state.worker, state.linter.lint, path, text)
    current = ls.workspace.get_text_document(uri)
    if current.version != version or current.source != text:
        return  # overtaken by a later change, whose lint will publish
    if state.pending.get(uri) is asyncio.current_task():
        del state.pending[uri]
    try:
        _publish(ls, uri, version, text, outcome)
    except Exception as exc:  # a bug: the old diagnostics must not stay as if current
        print(f"migralint lsp: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        _publish(ls, uri, version, text, Outcome(error=f"internal error: {exc}"))


def _publish(
    ls: MigralintServer, uri: str, version: int | None, text: str, outcome: Outcome
) -> None:
    state = _state(ls)
    state.files |= outcome.files
    state.baselines |= outcome.baselines
    yaml_lines = textpos.Lines(text)
    lsp_lines = textpos.Lines(text, textpos.LSP_BREAK)
    found = textpos.indexed(textpos.scalars(text, yaml_lines)) if outcome.findings else {}
    findings = outcome.findings or []
    diagnostics = [_diagnostic(f, yaml_lines, lsp_lines, found) for f in findings]
    if outcome.error is not None:
        diagnostics.append(_error_diagnostic(ls, outcome, uri))
    state.freezes[uri] = outcome.freezes
    state.linted[uri] = Linted(version, text, findings, diagnostics, yaml_lines, lsp_lines, found)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
    )


def _error_diagnostic(ls: MigralintServer, outcome: Outcome, uri: str) -> types.Diagnostic:
    """A lint that could not run says so on the plan, at its first line;
    an error inside a configuration or rule file is also shown there."""
    if outcome.elsewhere is not None:
        file, line, column, message = outcome.elsewhere
        other = _file_uri(file)
        if other != uri:
            state = _state(ls)
            state.elsewhere.setdefault(other, set()).add(uri)
            state.files.add(file)
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=other, diagnostics=[_error_at(line, column, message)]
                )
            )
    return _error_at(1, 1, f"migralint could not check this plan: {outcome.error}")


def _error_at(line: int, column: int, message: str) -> types.Diagnostic:
    """An error diagnostic at 1-based (line, column) of a file that is not
    linted as a plan (a configuration, a rule file), or at a plan's start."""
    place = types.Position(line=max(line - 1, 0), character=max(column - 1, 0))
    return types.Diagnostic(
        range=types.Range(start=place, end=place),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def _file_uri(path: str) -> str:
    from pathlib import Path

    return Path(path).as_uri()


def _span(finding: Finding, yaml_lines: textpos.Lines, found: dict) -> tuple[int, int]:
    """The code-point span a finding covers: the scalar at its position,
    else the rest of its line (at least one character)."""
    start = yaml_lines.offset(finding.line, finding.column)
    scalar = found.get(start)
    if scalar is not None and scalar.end > start:
        return start, scalar.end
    line_end = yaml_lines.ends[min(finding.line, len(yaml_lines)) - 1] if finding.line >= 1 else 0
    rest = yaml_lines.text[start:line_end]
    trimmed = len(rest.split(" #", 1)[0].rstrip())
    return start, start + max(trimmed, min(1, len(rest)))


def _range(start: int, end: int, lsp_lines: textpos.Lines) -> types.Range:
    sl, sc = lsp_lines.to_utf16(start)
    el, ec = lsp_lines.to_utf16(end)
    return types.Range(
        start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec)
    )


def _diagnostic(
    finding: Finding, yaml_lines: textpos.Lines, lsp_lines: textpos.Lines, found: dict
) -> types.Diagnostic:
    from migralint.reporters import help_uri

    start, end = _span(finding, yaml_lines, found)
    href = help_uri(finding)
    return types.Diagnostic(
        range=_range(start, end, lsp_lines),
        message=finding.message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        data={"line": finding.line, "column": finding.column, "code": finding.code},
    )


# --- hover -------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_HOVER)
@_guarded(None)
def on_hover(ls: MigralintServer, params: types.HoverParams) -> types.Hover | None:
    state = _state(ls)
    linted = state.linted.get(params.text_document.uri)
    document = ls.workspace.get_text_document(params.text_document.uri)
    if linted is None or linted.text != document.source:
        return None  # the lint of this text is still to come
    offset = linted.lsp_lines.from_utf16(params.position.line, params.position.character)
    parts: list[str] = []
    for finding in linted.findings:
        start, end = _span(finding, linted.yaml_lines, linted.scalars)
        if start <= offset <= end:
            parts.append(
                hover.finding_text(
                    finding,
                    _rule(finding),
                    _fix_title(linted, finding, state.linter.options.unsafe_fixes),
                )
            )
    scalar = textpos.scalar_at(linted.scalars or _scalars(linted), offset)
    if scalar is not None and not scalar.key:
        try:
            data = _data(linted)
            freezes = state.freezes.get(params.text_document.uri, ())
            said = hover.value_text(scalar.value, data, freezes)
        except Exception as exc:  # the finding's part of the hover still shows
            print(f"migralint lsp: hover: {type(exc).__name__}: {exc}", file=sys.stderr)
            said = None
        if said:
            parts.append(said)
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
        )
    )


def _scalars(linted: Linted) -> dict:
    linted.scalars = textpos.indexed(textpos.scalars(linted.text, linted.yaml_lines))
    return linted.scalars


def _data(linted: Linted) -> Any:
    if linted.data is None:
        from migralint import loader

        doc = loader.load(textpos.readable(linted.text))
        linted.data = doc.data if doc.readable and isinstance(doc.data, dict) else {}
    return linted.data


def _rule(finding: Finding):  # type: ignore[no-untyped-def]
    from migralint.rules import bundled_rules

    for rule in bundled_rules():
        if rule.code == finding.code:
            return rule
    from migralint import runner

    for prepared in list(runner._PREPARED.values()):
        for rule in prepared.rules:
            if rule.code == finding.code:
                return rule
    return None


def _fix_title(linted: Linted, finding: Finding, unsafe: bool) -> str | None:
    for fix in _fixes(linted, [finding]):
        if fix.safe or unsafe:
            return fix.title
    return None


def _fixes(linted: Linted, findings: list[Finding]) -> list:
    try:
        from migralint import fixes

        return fixes.fixes_for(linted.text, findings)
    except Exception as exc:  # a fix's bug must not take the editor's actions with it
        print(f"migralint lsp: fixes failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return []


# --- code actions ------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False
    ),
)
@_guarded([])
def code_actions(ls: MigralintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    state = _state(ls)
    uri = params.text_document.uri
    linted = state.linted.get(uri)
    document = ls.workspace.get_text_document(uri)
    if linted is None or linted.text != document.source:
        return []
    wanted = params.context.only
    start = linted.lsp_lines.from_utf16(params.range.start.line, params.range.start.character)
    end = linted.lsp_lines.from_utf16(params.range.end.line, params.range.end.character)
    unsafe = state.linter.options.unsafe_fixes
    out: list[types.CodeAction] = []
    if wanted is None or any(k != FIX_ALL for k in wanted):
        touched = [
            (finding, diagnostic)
            for finding, diagnostic in zip(linted.findings, linted.diagnostics, strict=False)
            if _touches(_span(finding, linted.yaml_lines, linted.scalars), start, end)
        ]
        # One reading of the text for the fixes and waivers of every finding
        # in the range.
        spanning = actions.multiline_scalars(linted.text, linted.yaml_lines) if touched else []
        fixes_of: dict[int, list] = {}
        for fix in _fixes(linted, [f for f, _ in touched]):
            fixes_of.setdefault(id(fix.finding), []).append(fix)
        for finding, diagnostic in touched:
            for fix in fixes_of.get(id(finding), []):
                if not (fix.safe or unsafe):
                    continue
                title = fix.title if fix.safe else f"{fix.title} (unsafe fix)"
                out.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=fix.safe,
                        edit=_workspace_edit(
                            uri, linted, [(e.start, e.end, e.text) for e in fix.edits]
                        ),
                    )
                )
            waiver = actions.waiver_edit(
                linted.text,
                finding,
                dt.date.today(),
                actions.approver(),
                linted.yaml_lines,
                spanning,
            )
            if waiver is not None:
                out.append(
                    types.CodeAction(
                        title=f"Waive {finding.code} here",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=_workspace_edit(uri, linted, [waiver]),
                    )
                )
            out.append(
                types.CodeAction(
                    title=f"Explain {finding.code}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    command=types.Command(
                        title=f"Explain {finding.code}", command=EXPLAIN, arguments=[finding.code]
                    ),
                )
            )
    if wanted is None or any(k in (FIX_ALL, types.CodeActionKind.SourceFixAll) for k in wanted):
        chosen = [f for f in _fixes(linted, linted.findings) if f.safe or unsafe]
        if chosen:
            from migralint import fixes

            # The edits of the fixes that apply together, each where it is
            # (the editor keeps its cursor and marks elsewhere).
            _, applied = fixes.apply(linted.text, chosen)
            edits = [(e.start, e.end, e.text) for fix in applied for e in fix.edits]
            if edits:
                out.append(
                    types.CodeAction(
                        title="Fix all migralint findings that can be fixed",
                        kind=FIX_ALL,
                        edit=_workspace_edit(uri, linted, edits),
                    )
                )
    return out


def _touches(span: tuple[int, int], start: int, end: int) -> bool:
    return not (span[1] < start or span[0] > end)


def _workspace_edit(
    uri: str, linted: Linted, edits: list[tuple[int, int, str]]
) -> types.WorkspaceEdit:
    text_edits = [
        types.TextEdit(range=_range(start, end, linted.lsp_lines), new_text=new)
        for start, end, new in edits
    ]
    return types.WorkspaceEdit(changes={uri: text_edits})


@server.command(EXPLAIN)
@_guarded(None)
def explain(ls: MigralintServer, *args: Any) -> str | None:
    """The rule's explanation, as `migralint explain` prints it: shown to
    the user and returned to the client."""
    from migralint import catalogue

    code = args[0] if args and isinstance(args[0], str) else None
    if code is None and args and isinstance(args[0], list) and args[0]:
        code = str(args[0][0])
    if not code:
        return None
    from migralint import runner

    rules = list(catalogue.available_rules())
    for prepared in list(runner._PREPARED.values()):
        rules += prepared.rules
    try:
        text = catalogue.explain_text(catalogue.find_rule(rules, code))
    except Exception as exc:
        text = str(exc)
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=text))
    return text


def serve() -> None:
    server.start_io()
