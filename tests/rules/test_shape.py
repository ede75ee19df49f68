"""SC001-SC003: the schema, references and ids."""

from __future__ import annotations

from helpers import EXAMPLE, at, line_of, lint, messages, mutate


def test_sc001_unknown_key_suggests_the_known_one() -> None:
    text = mutate(EXAMPLE, "  cutover:\n", "  cutvoer:\n")
    line = line_of(text, "cutvoer:")
    found = lint(text)
    assert at(found, "SC001") == [("error", line, 3)]
    assert messages(found, "SC001") == [
        "timeline.cutvoer: unknown key `cutvoer`; did you mean `cutover`?"
    ]


def test_sc001_impossible_date_at_its_line() -> None:
    text = mutate(EXAMPLE, "export_by: 2025-02-10", "export_by: 2025-13-16")
    line = line_of(text, "2025-13-16")
    found = lint(text)
    assert at(found, "SC001") == [("error", line, 18)]
    assert "'2025-13-16' is not a date" in messages(found, "SC001")[0]


def test_sc001_bad_duration_and_zone() -> None:
    text = mutate(EXAMPLE, "notice_period: P90D", "notice_period: 90 days")
    assert at(lint(text), "SC001") == [("error", line_of(text, "90 days"), 24)]
    text = mutate(EXAMPLE, "timezone: Europe/Berlin", "timezone: Europe/Berln")
    found = lint(text)
    assert at(found, "SC001") == [("error", 15, 13)]
    assert "did you mean `Europe/Berlin`?" in messages(found, "SC001")[0]


def test_sc001_missing_required_points_at_the_mapping() -> None:
    text = mutate(EXAMPLE, "  name: Northwind ESP consolidation\n", "")
    assert at(lint(text), "SC001") == [("error", 8, 3)]


def test_sc001_passes_on_the_example() -> None:
    assert at(lint(EXAMPLE), "SC001") == []


def test_sc002_unknown_fallback_with_suggestion() -> None:
    text = mutate(EXAMPLE, "      fallback: legacymail", "      fallback: legacy-mail")
    found = lint(text)
    assert at(found, "SC002") == [("error", line_of(text, "fallback: legacy-mail"), 17)]
    assert messages(found, "SC002")[0].endswith("did you mean `legacymail`?")


def test_sc002_scope_and_destination() -> None:
    text = mutate(
        EXAMPLE, "scope: [opt-outs, welcome-journey,", "scope: [opt-outs, welcome-journy,"
    )
    assert at(lint(text), "SC002") == [("error", line_of(text, "welcome-journy"), 23)]
    text = mutate(
        EXAMPLE,
        "destination: newcloud\n      export_by: 2025-02-10",
        "destination: newclod\n      export_by: 2025-02-10",
    )
    assert at(lint(text), "SC002") == [("error", line_of(text, "newclod"), 20)]


def test_sc002_free_text_targets_are_not_references() -> None:
    assert at(lint(EXAMPLE), "SC002") == []


def test_sc003_duplicate_id_at_the_repeat() -> None:
    text = mutate(EXAMPLE, "    - id: engagement-history", "    - id: subscribers")
    line = line_of(text, "- id: subscribers", 2)
    found = lint(text)
    assert at(found, "SC003") == [("error", line, 11)]
    assert "first at line 152" in messages(found, "SC003")[0]
    assert at(lint(EXAMPLE), "SC003") == []


def test_findings_example() -> None:
    from helpers import ROOT

    path = ROOT / "examples" / "findings" / "shape.yaml"
    found = lint(path.read_bytes(), str(path))
    assert [(f.code, f.line, f.column) for f in found if f.code.startswith("SC")] == [
        ("SC001", 29, 15),
        ("SC001", 62, 3),
        ("SC003", 185, 11),
        ("SC002", 231, 15),
    ]
