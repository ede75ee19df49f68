"""The editor set-ups for `migralint lsp`: the VS Code extension in editors/vscode
and the README's snippets for VS Code, Neovim, Helix, Emacs and JetBrains IDEs.

The extension is plain JavaScript with no build step: its manifest and the
settings its code reads must agree, and Node must accept the code. Node runs
it against stand-ins for the `vscode` and `vscode-languageclient` modules, to
see the command line and initializationOptions that given settings produce.
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import pytest

from helpers import ROOT, tool

VSCODE = ROOT / "editors" / "vscode"
SETTINGS = {"path", "args", "config", "baseline", "unsafeFixes"}


def _manifest() -> dict:
    return json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))


def _extension() -> str:
    return (VSCODE / "extension.js").read_text(encoding="utf-8")


def _section() -> str:
    """The README's "In the editor" section, up to the next `## ` heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## In the editor\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _snippets(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _section(), flags=re.DOTALL)


# -- the VS Code extension --------------------------------------------------


def test_the_manifest_declares_a_yaml_extension_with_its_entry_point() -> None:
    manifest = _manifest()
    assert manifest["name"] == "migralint"
    assert manifest["engines"]["vscode"] == "^1.82.0"  # what vscode-languageclient 9 needs
    assert manifest["activationEvents"] == ["onLanguage:yaml"]
    assert manifest["main"] == "./extension.js"
    assert (VSCODE / manifest["main"]).is_file()
    assert manifest["dependencies"] == {"vscode-languageclient": "^9.0.1"}
    assert "devDependencies" not in manifest and "scripts" not in manifest  # no build step


def test_the_manifest_contributes_the_settings_with_their_defaults() -> None:
    properties = _manifest()["contributes"]["configuration"]["properties"]
    assert set(properties) == {f"migralint.{name}" for name in SETTINGS}
    assert properties["migralint.path"] == {
        **properties["migralint.path"],
        "type": "string",
        "default": "migralint",
    }
    assert properties["migralint.args"]["type"] == "array"
    assert properties["migralint.args"]["items"] == {"type": "string"}
    assert properties["migralint.args"]["default"] == []
    assert properties["migralint.config"]["default"] == ""
    assert properties["migralint.baseline"]["default"] == ""
    assert properties["migralint.unsafeFixes"] == {
        **properties["migralint.unsafeFixes"],
        "type": "boolean",
        "default": False,
    }
    assert all(p["description"] for p in properties.values())


def test_the_extension_reads_exactly_the_contributed_settings() -> None:
    code = _extension()
    assert 'getConfiguration("migralint")' in code
    read = set(re.findall(r'\.get\(\s*"([^"]+)"', code))
    assert read == SETTINGS
    # The fallbacks in the code are the manifest's defaults.
    properties = _manifest()["contributes"]["configuration"]["properties"]
    for name, fallback in re.findall(r'\.get\(\s*"([^"]+)",\s*([^)]+)\)', code):
        assert json.loads(fallback) == properties[f"migralint.{name}"]["default"], name


def test_the_extension_uses_the_languageclient_9_node_api() -> None:
    code = _extension()
    assert 'require("vscode-languageclient/node")' in code
    assert "new LanguageClient(" in code
    assert '["lsp", ...settings.get("args", [])]' in code
    assert 'documentSelector: [{ scheme: "file", language: "yaml" }]' in code
    assert "module.exports = { activate, deactivate }" in code


def test_the_extension_folder_has_what_packaging_needs() -> None:
    assert (VSCODE / "README.md").is_file()
    assert (VSCODE / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    launch = json.loads((VSCODE / ".vscode" / "launch.json").read_text(encoding="utf-8"))
    (run,) = launch["configurations"]
    assert run["type"] == "extensionHost"
    assert run["args"] == ["--extensionDevelopmentPath=${workspaceFolder}"]
    readme = (VSCODE / "README.md").read_text(encoding="utf-8")
    assert "npm install" in readme and "npx @vscode/vsce package" in readme
    assert "F5" in readme
    for name in SETTINGS:
        assert f"`migralint.{name}`" in readme


def test_node_accepts_the_extension() -> None:
    node = tool("node", "to check the VS Code extension's JavaScript")
    done = subprocess.run(
        [node, "--check", str(VSCODE / "extension.js")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


# Loads extension.js with stand-ins for the modules VS Code provides, activates
# it with the settings given as JSON, and prints each LanguageClient it made.
_HARNESS = r"""
const Module = require("module");
const settings = JSON.parse(process.argv[2]);
const made = [];
const stubs = {
  vscode: {
    workspace: {
      getConfiguration: (section) => ({
        get: (key, fallback) => (key in settings ? settings[key] : fallback),
      }),
      workspaceFolders: [{ uri: { fsPath: "/work/plans" } }],
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    window: { showErrorMessage: (message) => made.push({ error: message }) },
  },
  "vscode-languageclient/node": {
    LanguageClient: class {
      constructor(id, name, serverOptions, clientOptions) {
        made.push({ id, name, serverOptions, clientOptions });
      }
      async start() {}
      isRunning() { return true; }
      async stop() {}
    },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request in stubs ? stubs[request] : load.call(this, request, ...rest);
};
require(process.argv[1]).activate({ subscriptions: [] }).then(() => {
  process.stdout.write(JSON.stringify(made));
});
"""


def _activate(settings: dict) -> list[dict]:
    node = tool("node", "to run the VS Code extension against stand-in modules")
    done = subprocess.run(
        [node, "-e", _HARNESS, str(VSCODE / "extension.js"), json.dumps(settings)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_extension_starts_migralint_lsp_over_stdio_by_default() -> None:
    assert _activate({}) == [
        {
            "id": "migralint",
            "name": "migralint",
            # No transport: TransportKind.stdio would add `--stdio` to the arguments.
            "serverOptions": {
                "command": "migralint",
                "args": ["lsp"],
                "options": {"cwd": "/work/plans"},
            },
            "clientOptions": {
                "documentSelector": [{"scheme": "file", "language": "yaml"}],
                "initializationOptions": {"unsafeFixes": False},
            },
        }
    ]


def test_the_settings_become_the_command_line_and_initialization_options() -> None:
    (made,) = _activate(
        {
            "path": ".venv/bin/migralint",
            "args": ["--no-cache"],
            "config": "ci/.migralint.yaml",
            "baseline": ".migralint-baseline.json",
            "unsafeFixes": True,
        }
    )
    assert made["serverOptions"]["command"] == ".venv/bin/migralint"
    assert made["serverOptions"]["args"] == ["lsp", "--no-cache"]
    assert made["clientOptions"]["initializationOptions"] == {
        "unsafeFixes": True,
        "config": "ci/.migralint.yaml",
        "baseline": ".migralint-baseline.json",
    }


# -- the README's set-ups ---------------------------------------------------


def test_the_section_has_a_set_up_per_editor() -> None:
    headings = re.findall(r"^### (.+)$", _section(), flags=re.MULTILINE)
    assert headings == [
        "VS Code",
        "Neovim",
        "Helix",
        "Emacs (eglot)",
        "JetBrains IDEs (LSP4IJ)",
        "The plan schema",
    ]


def test_the_section_names_every_initialization_option() -> None:
    section = _section()
    for option in ("config", "baseline", "ruleFiles", "unsafeFixes", "debounce"):
        assert f"`{option}`" in section, option
    assert "`source.fixAll.migralint`" in section and "`migralint.explain`" in section


@pytest.mark.parametrize(
    ("language", "count"), [("lua", 2), ("toml", 1), ("elisp", 2), ("jsonc", 1), ("text", 1)]
)
def test_every_editor_snippet_runs_migralint_lsp(language: str, count: int) -> None:
    snippets = _snippets(language)
    assert len(snippets) == count
    for snippet in snippets:
        assert "migralint" in snippet and re.search(r"\blsp\b", snippet), snippet


def test_the_helix_snippet_is_toml_that_adds_migralint_beside_yaml_language_server() -> None:
    (snippet,) = _snippets("toml")
    parsed = tomllib.loads(snippet)
    assert parsed["language-server"]["migralint"] == {"command": "migralint", "args": ["lsp"]}
    (yaml,) = parsed["language"]
    assert yaml["name"] == "yaml"
    assert yaml["language-servers"] == ["yaml-language-server", "migralint"]


def test_the_vscode_snippet_sets_contributed_settings() -> None:
    (snippet,) = _snippets("jsonc")
    settings = json.loads("\n".join(line for line in snippet.splitlines() if "//" not in line))
    contributed = set(_manifest()["contributes"]["configuration"]["properties"])
    assert {key for key in settings if key.startswith("migralint.")} <= contributed
    assert settings["[yaml]"]["editor.codeActionsOnSave"] == {"source.fixAll.migralint": "explicit"}


def _unbalanced(code: str, comment: str) -> list[str]:
    """What is left open or closed too often, outside strings and comments."""
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    problems: list[str] = []
    quote = ""
    i = 0
    while i < len(code):
        char = code[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif code.startswith(comment, i):
            i = code.find("\n", i)
            if i < 0:
                break
        elif char in "\"'" and not (comment == ";" and char == "'"):  # 'x quotes in Lisp
            quote = char
        elif char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            problems.append(f"unexpected {char!r} at {i}")
        i += 1
    if quote:
        problems.append("unterminated string")
    return problems + [f"unclosed {c!r}" for c in stack]


@pytest.mark.parametrize(("language", "comment"), [("lua", "--"), ("elisp", ";")])
def test_the_neovim_and_emacs_snippets_are_balanced(language: str, comment: str) -> None:
    for snippet in _snippets(language):
        assert _unbalanced(snippet, comment) == [], snippet


def test_the_balance_check_can_fail() -> None:
    assert _unbalanced("(add-to-list 'x '(a . (\"b\"))", ";") == ["unclosed '('"]
    assert _unbalanced("f({ a = ')' }})", "--") == [
        "unexpected '}' at 13",
        "unexpected ')' at 14",
    ]
    assert _unbalanced('(a "(") ; )', ";") == []
