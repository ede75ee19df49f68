"""Hostile inputs for the benchmark: the attacks of the outside review, at
the sizes it reported, each as a folder with its files and the command-line
arguments that reproduce it.

    python bench/hostile.py OUT      # write every case into OUT/<case>/

Each case is inside the limits a CI gate accepts (or just past a file-size
limit, where refusing quickly is the right answer). The benchmark times each
one and checks that it finishes in under 10 s and 500 MB.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
EXAMPLE = BENCH.parent / "examples" / "northwind-clean.yaml"

LIMIT_SECONDS = 10.0
LIMIT_MB = 500.0


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    args: list[str]  # relative to the case's folder
    expected_exit: tuple[int, ...]


def _example() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def _with_integrations(items: list[str]) -> str:
    """The example plan with extra integration lines (block style, 4-space items)."""
    return _example().replace("  integrations:\n", "  integrations:\n" + "".join(items), 1)


def _ownerless(i: int) -> str:
    return (
        f"    - {{id: int-{i:05d}, system: Sys {i}, kind: api, direction: inbound, "
        "disposition: migrate, target: newcloud}\n"
    )


def underscores_plan(folder: Path) -> None:
    # A plain scalar `1`, underscores, `x`: quadratic for a backtracking
    # YAML 1.1 number pattern. 73 KB of them.
    scalar = "1" + "_" * 18_000 + "x"
    body = "".join(f"  - {scalar}\n" for _ in range(4))
    (folder / "plan.yaml").write_text(_example() + "notes:\n" + body, encoding="utf-8")


def underscores_config(folder: Path) -> None:
    scalar = "1" + "_" * 16_000 + "x"
    (folder / "migralint-config.yaml").write_text(
        f"select: [ALL]\nignore: [{scalar}, {scalar}]\n", encoding="utf-8"
    )
    (folder / "plan.yaml").write_text(_example(), encoding="utf-8")


def underscores_non_plan(folder: Path) -> None:
    scalar = "1" + "_" * 16_000 + "x"
    (folder / "values.yaml").write_text(f"replicas: [{scalar}, {scalar}]\n", encoding="utf-8")


def alias_fanout(folder: Path) -> None:
    # One anchored 1 MB scalar, aliased 1,000 times where every value is
    # checked as a reference (and so quoted in a message).
    big = "z" * 1_000_000
    text = _example().replace(
        "    scope: [opt-outs, welcome-journey, abandoned-cart, crm-sync]\n",
        "    scope:\n      - &big " + big + "\n" + "      - *big\n" * 1_000,
    )
    (folder / "plan.yaml").write_text(text, encoding="utf-8")


def inline_waivers(folder: Path) -> None:
    items = []
    for i in range(8_000):
        items.append('    # migralint: disable=DI002 reason="owner named in the CMDB"\n')
        items.append(_ownerless(i))
    (folder / "plan.yaml").write_text(_with_integrations(items), encoding="utf-8")


def config_waivers(folder: Path) -> None:
    waivers = [
        {"rule": "DI002", "at": f"discovery.integrations[{i}]", "reason": "owner in the CMDB"}
        for i in range(4_000)
    ]
    (folder / "migralint-config.yaml").write_text(
        json.dumps({"waivers": waivers}, indent=1), encoding="utf-8"
    )
    items = [_ownerless(i) for i in range(4_000)]
    (folder / "plan.yaml").write_text(_with_integrations(items), encoding="utf-8")


def ignore_globs(folder: Path) -> None:
    globs = {f"archive-{i}/**/*.yaml": ["DI002"] for i in range(2_000)}
    (folder / "migralint-config.yaml").write_text(
        json.dumps({"per-file-ignores": globs}, indent=1), encoding="utf-8"
    )
    items = [_ownerless(i) for i in range(4_000)]
    (folder / "plan.yaml").write_text(_with_integrations(items), encoding="utf-8")


def yaml11_booleans(folder: Path) -> None:
    # 9.9 MB of `,no`: every entry is read differently by YAML 1.1 (PL004).
    count = (9_900_000 - 40) // 3
    text = "migralint: 1\nflags: [no" + ",no" * count + "]\n"
    (folder / "plan.yaml").write_text(text, encoding="utf-8")


def repeated_keys(folder: Path) -> None:
    line = "  k: 1\n"
    text = "migralint: 1\nx:\n" + line * ((9_900_000 - 20) // len(line))
    (folder / "plan.yaml").write_text(text, encoding="utf-8")


def similar_ids(folder: Path) -> None:
    # 8,000 integrations with similar ids, and references that miss them
    # by one letter: each wants a did-you-mean.
    items = [
        f"    - {{id: integration-connector-{i:05d}, system: S, kind: api, direction: inbound, "
        "owner: T, disposition: retire}\n"
        for i in range(8_000)
    ]
    text = _with_integrations(items)
    scope = "".join(f"      - integration-conector-{i:05d}\n" for i in range(1_000))
    text = text.replace(
        "    scope: [opt-outs, welcome-journey, abandoned-cart, crm-sync]\n",
        "    scope:\n" + scope,
    )
    (folder / "plan.yaml").write_text(text, encoding="utf-8")


def big_rule_file(folder: Path) -> None:
    rule = (
        "  - code: LO{n:03d}\n    name: rule-{n}\n    severity: warning\n"
        "    summary: s\n    rationale: r\n    source: s\n"
        "    then: [{{check: require, with: {{given: plan, fields: name}}}}]\n"
        "    message: m\n    examples: {{fail: 'plan: {{}}', pass: 'plan: {{name: x}}'}}\n"
    )
    chunk = "".join(rule.format(n=n % 1000) for n in range(1000))
    with open(folder / "local-rules.yaml", "w", encoding="utf-8") as out:
        out.write("family: LO\ntitle: Local\nrules:\n")
        written = 0
        while written < 50_000_000:
            out.write(chunk)
            written += len(chunk)
    (folder / "plan.yaml").write_text(_example(), encoding="utf-8")


def big_config(folder: Path) -> None:
    waiver = '  - {rule: TL001, at: timeline.cutover.at, reason: "r"}\n'
    with open(folder / "migralint-config.yaml", "w", encoding="utf-8") as out:
        out.write("waivers:\n")
        chunk = waiver * 10_000
        written = 0
        while written < 50_000_000:
            out.write(chunk)
            written += len(chunk)
    (folder / "plan.yaml").write_text(_example(), encoding="utf-8")


CASES: list[tuple[Case, object]] = [
    (
        Case("underscores-plan", "73 KB plan of `1___…x` scalars", ["plan.yaml"], (1,)),
        underscores_plan,
    ),
    (
        Case(
            "underscores-config",
            "32 KB configuration of `1___…x` scalars",
            ["--config", "migralint-config.yaml", "plan.yaml"],
            (2,),
        ),
        underscores_config,
    ),
    (
        Case(
            "underscores-non-plan",
            "32 KB non-plan, --skip-non-plans",
            ["--skip-non-plans", "values.yaml"],
            (0,),
        ),
        underscores_non_plan,
    ),
    (Case("alias-fanout", "1 MB scalar aliased 1,000 times", ["plan.yaml"], (1,)), alias_fanout),
    (Case("inline-waivers", "8,000 inline waivers", ["plan.yaml"], (0, 1)), inline_waivers),
    (
        Case(
            "config-waivers",
            "4,000 configuration waivers",
            ["--config", "migralint-config.yaml", "plan.yaml"],
            (0, 1),
        ),
        config_waivers,
    ),
    (
        Case(
            "ignore-globs",
            "2,000 per-file-ignores x 4,000 findings",
            ["--config", "migralint-config.yaml", "plan.yaml"],
            (1,),
        ),
        ignore_globs,
    ),
    (Case("yaml11-booleans", "9.9 MB plan of `,no`", ["plan.yaml"], (1,)), yaml11_booleans),
    (Case("repeated-keys", "9.9 MB of repeated keys", ["plan.yaml"], (1,)), repeated_keys),
    (Case("similar-ids", "8,000 similar ids, SC002 suggestions", ["plan.yaml"], (1,)), similar_ids),
    (
        Case(
            "big-rule-file",
            "50 MB rule file",
            ["--rules", "local-rules.yaml", "plan.yaml"],
            (2,),
        ),
        big_rule_file,
    ),
    (
        Case(
            "big-config",
            "50 MB configuration",
            ["--config", "migralint-config.yaml", "plan.yaml"],
            (2,),
        ),
        big_config,
    ),
]


def generate(out: Path) -> list[Case]:
    """Write every case into ``out/<key>/`` (skipping cases already written)."""
    cases = []
    for case, write in CASES:
        folder = out / case.key
        done = folder / ".done"
        if not done.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            write(folder)  # type: ignore[operator]
            done.write_text("", encoding="utf-8")
        cases.append(case)
    return cases


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python bench/hostile.py OUT", file=sys.stderr)
        return 2
    for case in generate(Path(argv[0])):
        print(f"{case.key}: {case.label}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
