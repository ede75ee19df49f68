"""Write the benchmark corpus: realistic plan variants and huge plans.

    python bench/generate.py [OUT] [--plans N] [--huge N ...] [--seed S]

OUT defaults to ``bench/corpus/`` (git-ignored). It receives

- ``plans/plan-0000.yaml`` ... : N variants of ``examples/northwind-clean.yaml``
  (other organisations, time zones and countries; the whole timeline shifted by
  whole weeks so weekdays keep; 3-12 integrations, 4-12 datasets, 3-12
  workflows, 1-2 legacy tools, block and flow styles). About one plan in ten
  carries one deliberate defect (Friday cutover, missing owner, unknown key,
  impossible date, opt-outs left out of the parallel run, an unquoted ``NO``)
  so finding paths run too; the rest are clean or nearly so.
- ``huge/huge-10000.yaml`` (10,000 integrations + 10,000 datasets) and
  ``huge/huge-20000.yaml`` (20,000 + 20,000), the rest as in the example.
- ``manifest.json``: the parameters, so ``bench/run.py`` can tell whether the
  corpus on disk is the one it wants.

Deterministic: the same seed and arguments write byte-identical files. Only the
standard library is used (``zoneinfo`` for real UTC offsets).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

GENERATOR_VERSION = 1
DEFAULT_PLANS = 1000
DEFAULT_HUGE = (10_000, 20_000)
DEFAULT_SEED = 20250311
BENCH = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH / "corpus"

D = dt.date

# (organisation, industry, size, plan.kind)
ORGANISATIONS = [
    ("Northwind Outfitters", "retail", "enterprise"),
    ("Harbor Bank", "financial-services", "enterprise"),
    ("Bluepeak Travel", "travel", "mid-market"),
    ("Cedar Health Network", "healthcare", "enterprise"),
    ("Lumen Media Group", "media", "mid-market"),
    ("Kestrel Insurance", "insurance", "enterprise"),
    ("Fjord Home Goods", "retail", "mid-market"),
    ("Atlas University", "education", "enterprise"),
    ("Civic Transit Authority", "public-sector", "mid-market"),
    ("Orchard Grocers", "retail", "small"),
    ("Meridian Outdoor", "retail", "enterprise"),
    ("Pioneer Software", "other", "small"),
]
# (zone, countries, jurisdictions)
LOCALES = [
    ("Europe/Berlin", ["DE", "US"], ["EU", "US"]),
    ("Europe/Berlin", ["DE", "AT"], ["EU"]),
    ("Europe/Paris", ["FR"], ["EU"]),
    ("Europe/London", ["GB"], ["UK"]),
    ("Europe/Madrid", ["ES", "PT"], ["EU"]),
    ("Europe/Amsterdam", ["NL", "BE"], ["EU"]),
    ("Europe/Oslo", ["NO", "SE"], ["EU"]),
    ("America/New_York", ["US"], ["US"]),
    ("America/Chicago", ["US", "CA"], ["US", "CA"]),
    ("America/Toronto", ["CA"], ["CA"]),
    ("Australia/Sydney", ["AU"], ["AU"]),
    ("UTC", ["US", "GB"], ["US", "UK"]),
]
FIRST = ["Dana", "Malik", "Ana", "Priya", "Jonas", "Mei", "Lars", "Fatima", "Tom", "Ines"]
LAST = ["Ortiz", "Chen", "Souza", "Raman", "Berg", "Okafor", "Novak", "Haddad", "Kim", "Silva"]
TARGETS = [
    ("newcloud", "NewCloud Messaging", "esp"),
    ("orbitmail", "OrbitMail", "esp"),
    ("pulse-map", "Pulse Automation", "map"),
    ("skyline-cdp", "Skyline CDP", "cdp"),
]
LEGACY = [
    ("legacymail", "LegacyMail", "esp"),
    ("oldmap", "OldMAP Suite", "map"),
    ("mailstack", "MailStack Classic", "esp"),
]
SMS_TOOL = ("textblast", "TextBlast", "sms")
# (id, system, kind, direction, owner, disposition or None: migrate to target)
INTEGRATIONS = [
    ("crm-sync", "Salesforce CRM", "api", "bidirectional", "CRM team", None),
    (
        "ecommerce-events",
        "Shop platform order webhooks",
        "webhook",
        "inbound",
        "E-commerce team",
        None,
    ),
    ("campaign-stats-export", "Data warehouse", "sftp", "outbound", "Analytics team", "replace"),
    ("loyalty-signups", "Loyalty app", "api", "inbound", "Loyalty squad", None),
    ("web-forms", "Website sign-up forms", "api", "inbound", "Web team", None),
    ("cdp-audiences", "Customer data platform", "api", "inbound", "Data team", None),
    ("pos-receipts", "Point-of-sale receipts", "import", "inbound", "Retail operations", None),
    ("support-tickets", "Helpdesk", "webhook", "outbound", "Customer service", None),
    ("ads-audiences", "Ad platform audience sync", "export", "outbound", "Paid media team", None),
    ("bi-extract", "BI nightly extract", "export", "outbound", "Analytics team", "replace"),
    ("preference-api", "Preference service", "api", "bidirectional", "Privacy team", None),
    ("event-registrations", "Event registration tool", "api", "inbound", "Events team", None),
    ("survey-results", "Survey tool", "webhook", "inbound", "Research team", "retire"),
    ("legacy-ftp-drop", "Agency FTP drop", "sftp", "inbound", "Agency partners", "retire"),
]
# (id, kind, always_on, disposition)
WORKFLOWS = [
    ("welcome-journey", "journey", True, "migrate"),
    ("abandoned-cart", "trigger", True, "migrate"),
    ("browse-abandonment", "trigger", True, "migrate"),
    ("post-purchase", "journey", True, "migrate"),
    ("birthday-offer", "trigger", True, "migrate"),
    ("back-in-stock", "trigger", True, "replace"),
    ("country-language-rules", "ruleset", False, "migrate"),
    ("rfv-scoring", "ruleset", False, "migrate"),
    ("vip-segment", "segment", False, "migrate"),
    ("weekly-newsletter", "campaign", False, "migrate"),
    ("re-engagement", "journey", False, "replace"),
    ("winback-2019", "campaign", False, "retire"),
    ("holiday-2021", "campaign", False, "retire"),
]
DEFECTS = [
    "friday-cutover",
    "owner-missing",
    "unknown-key",
    "impossible-date",
    "opt-outs-untested",
    "unquoted-no",
]


class Clock:
    """The example's dates moved by a whole number of weeks."""

    def __init__(self, shift_days: int, zone: str, offsets: bool) -> None:
        self.shift = dt.timedelta(days=shift_days)
        self.zone = ZoneInfo(zone)
        self.offsets = offsets

    def day(self, y: int, m: int, d: int, extra: int = 0) -> str:
        return (D(y, m, d) + self.shift + dt.timedelta(days=extra)).isoformat()

    def at(self, y: int, m: int, d: int, hour: int, minute: int = 0, extra: int = 0) -> str:
        day = D(y, m, d) + self.shift + dt.timedelta(days=extra)
        moment = dt.datetime(day.year, day.month, day.day, hour, minute)
        if self.offsets:
            return moment.replace(tzinfo=self.zone).isoformat()
        return moment.isoformat()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _flow(mapping: dict[str, object]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"


def _block_item(lines: list[str], indent: str, mapping: dict[str, object]) -> None:
    first = True
    for key, value in mapping.items():
        lead = f"{indent}- " if first else f"{indent}  "
        lines.append(f"{lead}{key}: {value}")
        first = False


def _item(lines: list[str], indent: str, mapping: dict[str, object], flow: bool) -> None:
    if flow:
        lines.append(f"{indent}- {_flow(mapping)}")
    else:
        _block_item(lines, indent, mapping)


def integration(spec: tuple, target: str, number: int | None = None) -> dict[str, object]:
    ident, system, kind, direction, owner, disposition = spec
    if number is not None:
        ident, system = f"{ident}-{number:05d}", f"{system} #{number}"
    item: dict[str, object] = {
        "id": ident,
        "system": system,
        "kind": kind,
        "direction": direction,
        "owner": owner,
        "disposition": disposition or "migrate",
    }
    if disposition in (None, "migrate"):
        item["target"] = target
    elif disposition == "replace":
        item["target"] = f"{system} connector on the target"
    return item


REGULATED = ("financial-services", "healthcare", "insurance", "public-sector")


def dataset(
    kind: str, ident: str, clock: Clock, target: str, rng: random.Random, regulated: bool = False
) -> dict:
    """A dataset of ``kind`` with the fields its fate needs (and, in a regulated
    industry, the retention DA003 asks for)."""
    item = _dataset(kind, ident, clock, target, rng)
    in_scope = item["personal_data"] == "true" or kind in ("reports", "consent-records")
    if regulated and in_scope and "retention" not in item and item["disposition"] != "delete":
        item["retention"] = {"required": "P7Y", "basis": "Sector record-keeping rules"}
    return item


def _dataset(kind: str, ident: str, clock: Clock, target: str, rng: random.Random) -> dict:
    export = clock.day(2025, 5, 9)
    if kind == "profiles":
        return {
            "id": ident,
            "kind": "profiles",
            "personal_data": "true",
            "records": rng.randrange(50_000, 5_000_000, 1000),
            "disposition": "migrate",
            "destination": target,
            "export_by": export,
            "verification": "Record counts and 1,000 sampled profiles reconciled field by field",
        }
    if kind == "engagement":
        return {
            "id": ident,
            "kind": "engagement",
            "personal_data": "true",
            "history": rng.choice(["P24M", "P24M", "P36M", "P3Y"]),
            "disposition": "migrate",
            "destination": target,
            "export_by": export,
            "verification": "Open, click and unsubscribe counts per month reconciled",
        }
    if kind == "suppression":
        return {
            "id": ident,
            "kind": "suppression",
            "personal_data": "true",
            "disposition": "migrate",
            "destination": target,
            "export_by": clock.day(2025, 2, 10),
            "verification": "Every address re-checked against the target's suppression API",
        }
    if kind == "consent-records":
        return {
            "id": ident,
            "kind": "consent-records",
            "personal_data": "true",
            "disposition": "archive",
            "retention": {
                "required": rng.choice(["P4Y", "P5Y"]),
                "basis": "TCPA consent evidence (four-year limitation period)",
            },
            "export_by": export,
            "verification": "Row counts reconciled after load",
        }
    if kind == "reports":
        return {
            "id": ident,
            "kind": "reports",
            "personal_data": "false",
            "disposition": "archive",
            "retention": {"required": "P3Y", "basis": "Internal reporting policy"},
            "export_by": export,
            "verification": "Report totals reconciled per quarter",
        }
    if kind == "content":
        return {
            "id": ident,
            "kind": "content",
            "personal_data": "false",
            "disposition": "migrate",
            "destination": target,
            "export_by": export,
            "verification": "Every template rendered and compared on the target",
        }
    return {
        "id": ident,
        "kind": "other",
        "personal_data": "true",
        "disposition": "delete",
        "justification": "Seed and test addresses with no business or legal need",
    }


EXTRA_DATASETS = [
    ("reports", "campaign-reports"),
    ("other", "retired-test-lists"),
    ("content", "template-library"),
    ("engagement", "purchase-events"),
    ("reports", "deliverability-reports"),
    ("profiles", "loyalty-members"),
    ("content", "landing-pages"),
    ("other", "imported-trade-show-leads"),
    ("engagement", "sms-click-history"),
]
HUGE_DATASET_KINDS = ["profiles", "engagement", "suppression", "reports", "content", "other"]


def _emit_dataset(lines: list[str], item: dict) -> None:
    first = True
    for key, value in item.items():
        lead = "    - " if first else "      "
        first = False
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines.extend(f"        {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{lead}{key}: {value}")


def plan_text(
    rng: random.Random,
    index: int,
    *,
    integrations: list[dict] | None = None,
    datasets: list[dict] | None = None,
    clock: Clock | None = None,
    defect: str | None = None,
    huge: bool = False,
) -> str:
    """One plan. ``integrations``/``datasets`` given: use them (huge plans)."""
    organisation, industry, size = ORGANISATIONS[0] if huge else rng.choice(ORGANISATIONS)
    zone, countries, jurisdictions = LOCALES[0] if huge else rng.choice(LOCALES)
    regulated = industry in REGULATED
    if clock is None:
        clock = Clock(7 * rng.randint(-60, 80), zone, offsets=rng.random() < 0.6)
    target_id, target_name, target_category = TARGETS[0] if huge else rng.choice(TARGETS)
    legacy = [LEGACY[0] if huge else rng.choice(LEGACY)]
    has_sms = huge or rng.random() < 0.6
    if has_sms:
        legacy.append(SMS_TOOL)
    kind = "consolidate" if len(legacy) > 1 else "replace"
    flow = rng.random() < 0.5  # flow-style lists where the example uses them
    weekday = rng.randint(0, 2)  # cutover Tuesday, Wednesday or Thursday
    hour = rng.choice([9, 10, 10, 11])
    owner = _person(rng)
    if defect == "unquoted-no":
        countries = ["NO", "SE"]
    if defect == "friday-cutover":
        weekday, hour = 3, 16

    out: list[str] = [
        f"# Benchmark plan {index}: a generated variant of examples/northwind-clean.yaml.",
        "migralint: 1",
        "",
        "plan:",
        f"  name: {organisation} {legacy[0][1]} to {target_name} migration",
        f"  organization: {organisation}",
        f"  kind: {kind}",
        f"  size: {size}",
        f"  industry: {industry}",
        f"  jurisdictions: [{', '.join(jurisdictions)}]",
    ]
    quote = defect != "unquoted-no"  # "NO" must stay Norway
    shown = [f'"{c}"' if quote and c == "NO" else c for c in countries]
    out.append(f"  countries: [{', '.join(shown)}]")
    out += [
        f"  timezone: {zone}",
        f"  owner: {owner} (Marketing Operations)",
        "  executive_sponsor:",
        f"    name: {_person(rng)}",
        "    role: CMO",
        f"  playbook: https://wiki.example.org/{index}/martech/{target_id}-migration",
        "",
        "platforms:",
        "  legacy:",
    ]
    for ident, name, category in legacy:
        sms = ident == SMS_TOOL[0]
        out += [
            f"    - id: {ident}",
            f"      name: {name}",
            f"      category: {category}",
            "      contract:",
            f"        ends: {clock.day(2025, 6, 30)}",
            f"        notice_period: {'P30D' if sms else 'P90D'}",
            f"        notice_given: {clock.day(2025, 3, 31) if sms else clock.day(2025, 2, 28)}",
            f"        auto_renews: {'none' if sms else 'annual'}",
            "        extension: month-to-month",
        ]
    out += [
        "  target:",
        f"    id: {target_id}",
        f"    name: {target_name}",
        f"    category: {target_category}",
        "    contract:",
        f"      starts: {clock.day(2024, 5, 1)}",
        f"    retention: {rng.choice(['P7Y', 'P10Y', 'P10Y'])}",
        "",
    ]

    phases = [
        {"id": "discovery", "starts": clock.day(2024, 6, 3), "ends": clock.day(2024, 7, 31)},
        {"id": "build", "starts": clock.day(2024, 8, 1), "ends": clock.day(2024, 12, 20)},
        {"id": "uat", "starts": clock.day(2025, 1, 6), "ends": clock.day(2025, 2, 14)},
        {"id": "parallel-run", "starts": clock.day(2025, 2, 17), "ends": clock.day(2025, 3, 10)},
        {"id": "decommission", "starts": clock.day(2025, 4, 14), "ends": clock.day(2025, 5, 16)},
    ]
    cutover = clock.at(2025, 3, 11, hour, extra=weekday)
    team = [owner, _person(rng), f"{target_name} onboarding engineer", "CRM on-call"]
    out += [
        "timeline:",
        f"  rfp: {clock.day(2023, 1, 16)}",
        f"  contract_signed: {clock.day(2024, 5, 1)}",
        f"  kickoff: {clock.day(2024, 6, 3)}",
        f"  retirement: {clock.day(2025, 5, 16)}",
        "  phases:",
    ]
    for phase in phases:
        _item(out, "    ", phase, flow)
    cutover_key = "cutvoer" if defect == "unknown-key" else "cutover"
    out += [
        f"  {cutover_key}:",
        f"    at: {cutover}",
        f"    team: [{', '.join(team)}]",
        "    rollback:",
        f"      fallback: {legacy[0][0]}",
        "      criteria: Deliverability below 95% or any opt-out not reflected within 1 hour",
        f"      decision_deadline: {clock.at(2025, 3, 13, 12, extra=weekday)}",
        "  freeze_windows:",
    ]
    _item(
        out,
        "    ",
        {"name": "Peak season", "starts": clock.day(2024, 11, 18), "ends": clock.day(2024, 12, 31)},
        True,
    )
    _item(
        out,
        "    ",
        {"name": "Spring sale", "starts": clock.day(2025, 3, 20), "ends": clock.day(2025, 3, 24)},
        True,
    )
    out.append("")

    # Discovery
    out += ["discovery:", "  interviews:"]
    for _ in range(rng.randint(2, 5)):
        _item(out, "    ", {"name": _person(rng), "role": "stakeholder interview"}, True)
    if integrations is None:
        pool = [s for s in INTEGRATIONS if has_sms or s[0] != "sms-gateway"]
        chosen = rng.sample(pool, rng.randint(3, min(12, len(pool))))
        integrations = [integration(spec, target_id) for spec in chosen]
        if has_sms:
            integrations.append(
                integration(
                    (
                        "sms-gateway",
                        "TextBlast SMS API",
                        "api",
                        "outbound",
                        "Marketing Ops",
                        "retire",
                    ),
                    target_id,
                )
            )
        if defect == "owner-missing":
            integrations[0].pop("owner")
    out.append("  integrations:")
    for item in integrations:
        _item(out, "    ", item, False)
    out += [
        "  manual_processes:",
        "    - id: weekly-finance-report",
        "      description: Campaign revenue CSV exported weekly and pasted into a workbook",
        "      owner: Finance analytics team",
        "      disposition: replace",
        "      target: BI revenue dashboard",
        "  workflows:",
    ]
    workflows = rng.sample(WORKFLOWS, rng.randint(3, 12))
    scope = ["opt-outs"] if defect != "opt-outs-untested" else []
    for number, (ident, wf_kind, always_on, disposition) in enumerate(workflows):
        item: dict[str, object] = {"id": ident, "kind": wf_kind}
        if always_on:
            minutes = 30 * (number % 2)
            switch = clock.at(2025, 3, 11, hour, minutes, extra=weekday)
            item.update(always_on="true", disposition=disposition)
            item.update(switch_off_legacy=switch, switch_on_target=switch)
            if disposition != "retire":
                scope.append(ident)
        else:
            item["disposition"] = disposition
        _item(out, "    ", item, False)
    scope += [i["id"] for i in integrations[:2]]
    out += [
        "  assets:",
        "    hosted_in_platform: true",
        f"    count: {rng.randint(100, 5000)}",
        "    export_to: Digital asset management library",
        "    third_party_cms: none",
        "  etl:",
        "    - id: nightly-lead-dedupe",
        f"      description: {legacy[0][1]} deduplicates leads nightly before the CRM sync",
        "      target: Customer data platform",
        "",
    ]

    # Data
    if datasets is None:
        datasets = [
            dataset("profiles", "subscribers", clock, target_id, rng, regulated),
            dataset("engagement", "engagement-history", clock, target_id, rng, regulated),
            dataset("suppression", "suppression-list", clock, target_id, rng, regulated),
        ]
        if has_sms:
            datasets.append(
                dataset("consent-records", "sms-consent-records", clock, target_id, rng, regulated)
            )
        for kind_, ident in rng.sample(EXTRA_DATASETS, rng.randint(1, 12 - len(datasets))):
            datasets.append(dataset(kind_, ident, clock, target_id, rng, regulated))
        if defect == "impossible-date":
            datasets[0]["export_by"] = clock.day(2025, 2, 1)[:5] + "02-30"
    out += ["data:", "  datasets:"]
    for item in datasets:
        _emit_dataset(out, item)
    out += [
        "  archive:",
        "    location: Data warehouse, dataset marketing_archive",
        "    retention: P5Y",
        "    access: self-service",
        "    users: [marketing, sales, analytics]",
        "",
    ]

    # The rest, as in the example (dates shifted).
    out += [
        "consent:",
        "  preference_center:",
        "    legacy: true",
        "    target: true",
        "    mapping_complete: true",
        "  opt_out_sync:",
        "    direction: bidirectional",
        f"    frequency: {rng.choice(['PT5M', 'PT15M', 'PT15M', 'PT30M'])}",
        f"    starts: {clock.day(2025, 2, 10)}",
        f"    ends: {clock.day(2025, 4, 14)}",
        "  new_preference_areas:",
        "    - id: sms-offers",
        "      auto_enroll: false",
        "    - id: order-updates",
        "      auto_enroll: true",
        "      legitimate_interest: Transactional updates the customer asked for at checkout",
        "",
        "testing:",
        "  uat:",
        f"    plan: https://wiki.example.org/{index}/martech/uat",
        "    coverage:",
    ]
    for line in ("triggers", "templates", "inbound_apis"):
        count = rng.randint(3, 250)
        out.append(f"      {line}: {{inventoried: {count}, tested: {count}}}")
    out += [
        "  parallel_run:",
        f"    scope: [{', '.join(scope)}]",
        f"    fallback: {legacy[0][0]}",
        "",
        "sending:",
        f"  ip_warmup: {{starts: {clock.day(2025, 1, 20)}, ends: {clock.day(2025, 3, 7)}}}",
        f"  first_campaign: {clock.day(2025, 2, 18)}",
        "",
        "features:",
        f"  parity: {clock.day(2025, 4, 14)}",
        "  new:",
        "    - id: predictive-send-time",
        f"      launch: {clock.day(2025, 6, 2)}",
        "      replicable_on_legacy: false",
        "",
        "communication:",
        "  stakeholders:",
        f"    - {{group: employees, notify_by: {clock.day(2024, 12, 2)}}}",
        f"    - {{group: agencies, notify_by: {clock.day(2025, 1, 10)}}}",
        "    - {group: customers, impacted: false}",
        "  training:",
        f"    - {{audience: campaign managers, starts: {clock.day(2025, 1, 13)}, "
        f"ends: {clock.day(2025, 2, 7)}}}",
        f"    - {{audience: agency partners, starts: {clock.day(2025, 1, 20)}, "
        f"ends: {clock.day(2025, 1, 31)}}}",
        "  retirement_report:",
        f"    due: {clock.day(2025, 7, 15)}",
        "    metrics: [adoption-rate, days-without-incident, cost-savings]",
        "",
        "team:",
        "  members:",
    ]
    members = rng.sample([f"{first} {last}" for first in FIRST for last in LAST], 3)
    roles = (("migration lead", 0.8), ("CRM administrator", 0.4), ("email developer", 0.6))
    for name, (role, allocation) in zip(members, roles, strict=True):
        _item(out, "    ", {"name": name, "role": role, "allocation": allocation}, True)
    out += ["  external_partner: Brightpath Migration Services", ""]
    return "\n".join(out)


def huge_plan_text(items: int, seed: int) -> str:
    """The example with ``items`` integrations and ``items`` datasets."""
    rng = random.Random(f"{seed}-huge-{items}")
    clock = Clock(0, "Europe/Berlin", offsets=True)
    target = "newcloud"
    pool = [s for s in INTEGRATIONS if s[0] != "sms-gateway"]
    integrations = [integration(pool[n % len(pool)], target, n) for n in range(items)]
    datasets = []
    for n in range(items):
        kind = HUGE_DATASET_KINDS[n % len(HUGE_DATASET_KINDS)]
        datasets.append(dataset(kind, f"{kind}-{n:05d}", clock, target, rng))
    return plan_text(
        rng, -items, integrations=integrations, datasets=datasets, clock=clock, huge=True
    )


def generate(
    out: Path,
    plans: int = DEFAULT_PLANS,
    huge: tuple[int, ...] = DEFAULT_HUGE,
    seed: int = DEFAULT_SEED,
) -> dict:
    """Write the corpus into ``out`` (replacing its plans/ and huge/ folders)."""
    started = time.perf_counter()
    for sub in ("plans", "huge"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    width = max(4, len(str(plans - 1)))
    defects: dict[str, str] = {}
    for index in range(plans):
        rng = random.Random(f"{seed}-plan-{index}")
        defect = rng.choice(DEFECTS) if rng.random() < 0.1 else None
        name = f"plan-{index:0{width}d}.yaml"
        if defect:
            defects[name] = defect
        text = plan_text(rng, index, defect=defect)
        (out / "plans" / name).write_text(text, encoding="utf-8")
    huge_files = {}
    for items in huge:
        name = f"huge-{items}.yaml"
        (out / "huge" / name).write_text(huge_plan_text(items, seed), encoding="utf-8")
        huge_files[str(items)] = f"huge/{name}"
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "plans": plans,
        "plan_files": f"plans/plan-{'0' * width}.yaml ...",
        "huge": huge_files,
        "defects": defects,
        "seconds": round(time.perf_counter() - started, 3),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--plans", type=int, default=DEFAULT_PLANS, help="plan variants")
    parser.add_argument(
        "--huge",
        type=int,
        nargs="*",
        default=list(DEFAULT_HUGE),
        help="integrations (= datasets) of each huge plan",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.plans, tuple(args.huge), args.seed)
    size = sum(p.stat().st_size for p in args.out.rglob("*.yaml"))
    print(
        f"wrote {manifest['plans']} plans ({len(manifest['defects'])} with a deliberate defect) "
        f"and {len(manifest['huge'])} huge plans, {size / 1e6:.1f} MB, into {args.out} "
        f"in {manifest['seconds']:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
