"""The language server's latency and memory, as an editor sees them.

    python bench/lsp.py              # 60 edits per plan, 1,000 for memory
    python bench/lsp.py --quick      # 10 edits, 200 for memory

Starts ``migralint lsp`` (this Python's) over stdio with the debounce set to
0, opens a plan and sends whole-document changes, alternating between two
texts that differ by one character (so every lint has work to do and a
finding comes and goes). Latency is the time from writing ``didChange`` to
reading the ``publishDiagnostics`` of that version, so it includes JSON-RPC
both ways, the lint and the conversion to UTF-16 ranges. Memory is the
server's resident set (``VmRSS``, Linux) after a tenth of the edits and after
all of them: flat means no growth beyond noise.

Plans: the bundled example (``examples/northwind-clean.yaml``) and a
5,000-line plan, the example with integrations added.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
EXAMPLE = REPO / "examples" / "northwind-clean.yaml"
LATENCY_TARGETS_MS = {"example": 30.0, "large": 300.0}
LARGE_LINES = 5000


class Client:
    """Just enough of an LSP client: framed JSON-RPC over a pipe."""

    def __init__(self, root: Path) -> None:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "migralint", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
            env=env,
        )
        self.next_id = 0
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {},
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "initializationOptions": {"debounce": 0},
            },
        )
        self.notify("initialized", {})

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def read(self) -> dict:
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == wanted and "method" not in message:
                return message
            if "method" in message and "id" in message:  # a request of the server's
                self.send({"id": message["id"], "result": None})

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def diagnostics(self, uri: str, version: int) -> list:
        while True:
            message = self.read()
            if "id" in message and "method" in message:
                self.send({"id": message["id"], "result": None})
                continue
            params = message.get("params") or {}
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and params.get("uri") == uri
                and params.get("version") == version
            ):
                return params["diagnostics"]

    def rss_mb(self) -> float | None:
        try:
            with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()


def large_plan(lines: int = LARGE_LINES) -> str:
    """The example plan grown to about ``lines`` lines with integrations."""
    text = EXAMPLE.read_text(encoding="utf-8")
    marker = "  integrations:\n"
    head, tail = text.split(marker, 1)
    entry = (
        "    - id: extra-{n}\n"
        "      system: Partner feed {n}\n"
        "      kind: api\n"
        "      direction: inbound\n"
        "      owner: CRM team\n"
        "      disposition: migrate\n"
        "      target: newcloud\n"
    )
    count = max(0, (lines - text.count("\n")) // entry.count("\n"))
    extra = "".join(entry.format(n=n) for n in range(count))
    return head + marker + extra + tail


def variants(text: str) -> tuple[str, str]:
    """Two texts one character apart: the second has a finding (an unquoted
    `NO` in the countries) that the first has not."""
    first = text.replace("countries: [DE, US]", 'countries: [DE, US, "NO"]', 1)
    second = text.replace("countries: [DE, US]", "countries: [DE, US, NO]", 1)
    return first, second


def latency(client: Client, uri: str, text: str, edits: int) -> list[float]:
    first, second = variants(text)
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": first}},
    )
    clean = len(client.diagnostics(uri, 1))
    timings = []
    for version in range(2, edits + 2):
        body = second if version % 2 == 0 else first
        started = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": body}],
            },
        )
        found = len(client.diagnostics(uri, version))
        timings.append((time.perf_counter() - started) * 1000)
        if version == 2 and found != clean + 1:  # the lint must really run
            raise RuntimeError(f"expected {clean + 1} diagnostics after the edit, got {found}")
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return timings


def memory(client: Client, uri: str, text: str, edits: int) -> tuple[float, float]:
    first, second = variants(text)
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": first}},
    )
    client.diagnostics(uri, 1)
    early = None
    for version in range(2, edits + 2):
        body = second if version % 2 == 0 else first
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": body}]},
        )
        client.diagnostics(uri, version)
        if version - 1 == edits // 10:
            early = client.rss_mb()
    return early or 0.0, client.rss_mb() or 0.0


def run(edits: int, memory_edits: int) -> list[str]:
    """The Markdown table of the measurements."""
    with tempfile.TemporaryDirectory(prefix="migralint-lsp-bench-") as name:
        root = Path(name)
        (root / ".git").mkdir()
        plans = {"example": EXAMPLE.read_text(encoding="utf-8"), "large": large_plan()}
        client = Client(root)
        try:
            rows = []
            for key, text in plans.items():
                path = root / f"{key}.yaml"
                path.write_text(text, encoding="utf-8")
                timings = latency(client, path.as_uri(), text, edits)
                median = statistics.median(timings)
                p90 = statistics.quantiles(timings, n=10)[-1] if len(timings) > 1 else median
                target = LATENCY_TARGETS_MS[key]
                verdict = "MET" if median <= target else "NOT MET"
                rows.append(
                    f"| {key} plan ({text.count(chr(10)):,} lines) | {median:.1f} | {p90:.1f} "
                    f"| {target:.0f} | {verdict} |"
                )
            path = root / "memory.yaml"
            path.write_text(plans["example"], encoding="utf-8")
            early, late = memory(client, path.as_uri(), plans["example"], memory_edits)
        finally:
            client.close()
    growth = late - early
    return [
        "Language server (didChange to publishDiagnostics, debounce 0; "
        f"{edits} edits per plan; ms):",
        "",
        "| plan | median ms | p90 ms | target ms | verdict |",
        "| --- | ---: | ---: | ---: | --- |",
        *rows,
        "",
        f"Server memory over {memory_edits:,} edits of the example plan: {early:.1f} MB after "
        f"{memory_edits // 10:,}, {late:.1f} MB after {memory_edits:,} ({growth:+.1f} MB).",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 edits, 200 for memory")
    parser.add_argument("--edits", type=int, help="edits per plan for latency (default 60)")
    parser.add_argument("--memory-edits", type=int, help="edits for memory (default 1,000)")
    args = parser.parse_args(argv)
    edits = args.edits or (10 if args.quick else 60)
    memory_edits = args.memory_edits or (200 if args.quick else 1000)
    print("\n".join(run(edits, memory_edits)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
