"""Rules over several plans: the second pass of a run that checks more
than one plan.

Each plan's portfolio facts were extracted where it was linted (the
engine, under ``Job.portfolio``); here every portfolio rule's ``compare``
reads the facts of all the plans it ran on, and each conflict becomes a
finding in the plan it concerns (a conflict between two plans is a
finding in each). Those findings then go through what the plan's own
findings went through: its per-file-ignores, its waivers, the cap, and
fingerprints for the baseline.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from migralint import textutil
from migralint.checks import REGISTRY
from migralint.checks.portfolio import Facts, Node
from migralint.engine import RULE_FAILED, rule_failed
from migralint.finding import Finding


def plan_label(data: Any, path: str) -> str:
    """How other plans' findings name this plan: `Plan name (file)`."""
    plan = data.get("plan") if isinstance(data, dict) else None
    name = plan.get("name") if isinstance(plan, dict) else None
    shown = textutil.excerpt(path, 200)
    return f"{textutil.excerpt(name, 60)} ({shown})" if isinstance(name, str) and name else shown


def plan_identity(data: Any, path: str) -> str:
    """Which plan a file is: its organisation and name, without regard to
    case or spacing. Two files that name the same plan are versions of it
    (the examples of one plan, a draft beside the approved one), not two
    projects, and are never compared with each other; a file that names no
    plan is a plan of its own."""
    plan = data.get("plan") if isinstance(data, dict) else None
    if not isinstance(plan, dict) or not isinstance(plan.get("name"), str):
        return "\0" + path
    parts = [plan.get("organization"), plan.get("name")]
    return "\0".join(" ".join(p.split()).casefold() if isinstance(p, str) else "" for p in parts)


def texts_of(facts: dict, text: str) -> dict[int, str]:
    """The text of every line a node of ``facts`` is on (for fingerprints)."""
    wanted: set[int] = set()
    stack: list[Any] = [entry[0] for entry in facts.values()]
    while stack:
        item = stack.pop()
        if isinstance(item, Node):
            wanted.add(item.line)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    if not wanted:
        return {}
    lines = text.splitlines()
    return {n: lines[n - 1] for n in wanted if 0 < n <= len(lines)}


def lint_together(engine: Any, docs: list[tuple[str, Any]]) -> list[Finding]:
    """The portfolio findings of ``engine``'s rules over loaded plans
    (path, Document), with no configuration, waivers or cap: for rule
    examples and tests. A compare that raises propagates."""
    facts = []
    for path, doc in docs:
        mine: dict = {}
        engine.lint(doc, path, facts=mine)
        data = doc.data if doc.readable else None
        facts.append((path, mine, plan_label(data, path), plan_identity(data, path)))
    found: list[Finding] = []
    keys = sorted({key for _, mine, _, _ in facts for key in mine})
    for code, part in keys:
        members = [n for n, (_, mine, _, _) in enumerate(facts) if (code, part) in mine]
        plans = [Facts(n, facts[n][2], facts[n][1][(code, part)][0], facts[n][3]) for n in members]
        if len(members) < 2 or len({p.identity for p in plans}) < 2:
            continue
        then = facts[members[0]][1][(code, part)][1]
        for conflict in REGISTRY[then.check].compare(plans, **then.args):
            node = conflict.node
            params = {"path": node.pointer, **conflict.params}
            message = engine.say(code, then.message or "", params)
            path = facts[conflict.plan][0]
            made = engine.placed(code, then, (path, node.line, node.column, node.pointer), message)
            if made is not None:
                found.append(made)
    return sorted(found, key=Finding.sort_key)


def apply(results: list, targets: list, job: Any) -> list[str]:
    """Add the portfolio rules' findings to ``results`` (in place); return
    the internal errors of compares that failed."""
    from migralint import runner

    by_path = {t.path: t for t in targets}
    keys: dict[tuple[str, int], list[int]] = {}
    for number, result in enumerate(results):
        for key in result.facts:
            keys.setdefault(key, []).append(number)
    settings: dict[int, tuple[Any, Any]] = {}

    def settings_of(number: int) -> tuple[Any, Any]:
        """The plan's configuration and prepared rules (looked up once)."""
        if number not in settings:
            config = runner.config_for(by_path[results[number].path], job)
            settings[number] = (config, runner.prepare(config, job))
        return settings[number]

    made: dict[int, list[Finding]] = {}
    failed: list[str] = []
    ran: dict[int, set[str]] = {}
    for (code, part), members in sorted(keys.items()):
        # Plans are compared under one setting of the rule: those whose
        # configurations bind it alike (the same check, options and message),
        # so that no plan's configuration decides for another's. In path
        # order, whatever the order of the arguments.
        alike: dict[str, list[int]] = {}
        for n in sorted(members, key=lambda n: results[n].path):
            then = results[n].facts[(code, part)][1]
            alike.setdefault(_signature(then), []).append(n)
        for group in alike.values():
            _compare(code, part, group, results, made, failed, ran, settings_of)
    for number in sorted(set(made) | set(ran)):
        config, prepared = settings_of(number)
        found = made.get(number, [])
        _settle(results[number], config, prepared, job, found, ran.get(number, set()))
    return failed


def _signature(then: Any) -> str:
    return json.dumps([then.check, then.args, then.message, then.severity], default=str)


def _compare(
    code: str,
    part: int,
    members: list[int],
    results: list,
    made: dict[int, list[Finding]],
    failed: list[str],
    ran: dict[int, set[str]],
    settings_of: Any,
) -> None:
    """One portfolio rule part over plans bound alike; conflicts become
    findings in ``made``, failures PL011 findings and ``failed`` messages."""
    if len(members) < 2:
        return
    first = results[members[0]]
    then = first.facts[(code, part)][1]
    plans = [
        Facts(n, results[n].label, results[n].facts[(code, part)][0], results[n].identity)
        for n in members
    ]
    if len({p.identity for p in plans}) < 2:  # versions of one plan
        return
    for n in members:
        ran.setdefault(n, set()).add(code)
    try:
        conflicts = list(REGISTRY[then.check].compare(plans, **then.args))
    except Exception as exc:  # a bug in one rule must not hide the others
        tr = settings_of(members[0])[1].engine.translator
        finding = rule_failed(first.path, code, then.check, exc, tr)
        made.setdefault(members[0], []).append(finding)
        failed.append(f"{first.path}: {finding.message}")
        return
    for conflict in conflicts:
        result = results[conflict.plan]
        node = conflict.node
        params = {"path": node.pointer, **conflict.params}
        engine = settings_of(conflict.plan)[1].engine
        finding = engine.placed(
            code,
            then,
            (result.path, node.line, node.column, node.pointer),
            engine.say(code, then.message or "", params),
            result.facts[(code, part)][2],
        )
        if finding is not None:
            made.setdefault(conflict.plan, []).append(finding)


def _settle(
    result: Any, config: Any, prepared: Any, job: Any, findings: list[Finding], ran: set[str]
) -> None:
    """A plan's portfolio findings, after its per-file-ignores and waivers,
    capped per rule, fingerprinted, added to its result."""
    from migralint import caps, waivers
    from migralint.baseline import content_hash
    from migralint.runner import _relative

    failed = [f for f in findings if f.code == RULE_FAILED]
    findings = [f for f in findings if f.code != RULE_FAILED]
    ignored = (
        prepared.ignores.for_file(_relative(result.path, config.root)) if prepared.ignores else None
    )

    def unignored(found: list[Finding]) -> list[Finding]:
        if ignored is None:
            return found
        kept = [f for f in found if not ignored.matches(f.code, f.name)]
        result.ignored += len(found) - len(kept)
        return kept

    findings = unignored(findings)
    mine = [w for w in result.waivers if w.named & ran]
    if mine:
        tr = prepared.engine.translator
        outcome = waivers.apply(findings, mine, job.today, ran, prepared.engine.make, tr)
        findings = unignored(outcome.findings)  # the waivers' own findings (PL010) too
        result.waived = sorted(
            [*result.waived, *outcome.waived], key=lambda w: w.finding.sort_key()
        )
    if job.fingerprints:
        findings = [
            replace(f, fingerprint=content_hash(f, result.line_texts.get(f.line, "")))
            for f in findings
        ]
    findings.sort(key=Finding.sort_key)
    if not job.defer_cap:
        capped = caps.cap(findings, result.max_findings, result.path, tr=prepared.engine.translator)
        findings = capped.findings
        result.hidden += capped.hidden
    result.findings = sorted([*result.findings, *findings, *failed], key=Finding.sort_key)
