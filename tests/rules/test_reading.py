"""PL001-PL008: problems of the file as YAML."""

from __future__ import annotations

from helpers import EXAMPLE, at, codes, line_of, lint, messages, mutate


def test_pl001_syntax_error_at_the_parsers_position() -> None:
    text = "migralint: 1\nplan: {name: [Northwind\ntimeline: {}\n"
    found = lint(text)
    assert at(found, "PL001") == [("error", 3, 9)]
    assert codes(found) == {"PL001"}


def test_pl001_passes_on_the_example() -> None:
    assert at(lint(EXAMPLE), "PL001") == []


def test_pl001_binary_and_non_utf8() -> None:
    assert at(lint(b"\x00\x01\x02"), "PL001") == [("error", 1, 1)]
    found = lint(b"migralint: 1\nplan:\n  name: caf\xe9\n")
    assert at(found, "PL001") == [("error", 3, 12)]
    assert "not UTF-8" in messages(found, "PL001")[0]


def test_pl002_duplicate_key_at_the_repeat() -> None:
    text = mutate(
        EXAMPLE, "  retirement: 2025-05-16 ", "  retirement: 2025-05-16\n  retirement: 2025-06-30 "
    )
    line = line_of(text, "retirement: 2025-06-30")
    assert at(lint(text), "PL002") == [("error", line, 3)]
    assert at(lint(EXAMPLE), "PL002") == []


def test_pl003_missing_and_unsupported_version() -> None:
    assert at(lint("plan: {name: x}\n"), "PL003") == [("error", 1, 1)]
    assert at(lint(mutate(EXAMPLE, "migralint: 1", "migralint: 2")), "PL003") == [("error", 5, 12)]
    assert at(lint(""), "PL003") == [("error", 1, 1)]
    assert at(lint("# only a comment\n"), "PL003") == [("error", 1, 1)]
    assert at(lint("- a list\n"), "PL003") == [("error", 1, 1)]
    assert at(lint(EXAMPLE), "PL003") == []


def test_pl003_is_a_gate() -> None:
    assert codes(lint("plan: {nme: x}\n")) == {"PL003"}


def test_pl004_norway_stays_a_string_and_warns() -> None:
    text = mutate(EXAMPLE, "countries: [DE, US]", "countries: [DE, NO]")
    line = line_of(text, "countries: [DE, NO]")
    found = lint(text)
    assert at(found, "PL004") == [("warning", line, 19)]
    assert at(found, "SC001") == []  # "NO" is a valid country code, not false


def test_pl004_yes_is_a_string_and_a_schema_error() -> None:
    text = mutate(EXAMPLE, "auto_enroll: false", "auto_enroll: yes")
    line = line_of(text, "auto_enroll: yes")
    found = lint(text)
    assert at(found, "PL004") == [("warning", line, 20)]
    assert at(found, "SC001") == [("error", line, 20)]


def test_pl004_base60_and_octal() -> None:
    text = "migralint: 1\nplan: {name: x}\ntimeline: {}\na: 16:00\nb: 010\n"
    found = lint(text)
    assert at(found, "PL004") == [("warning", 4, 4), ("warning", 5, 4)]
    assert "960" in messages(found, "PL004")[0]
    quoted = 'migralint: 1\nplan: {name: x}\ntimeline: {}\nx: "16:00"\n'
    assert at(lint(quoted), "PL004") == []


def test_pl005_python_tag_is_inert() -> None:
    text = mutate(
        EXAMPLE,
        "owner: Dana Ortiz (Marketing Operations)",
        "owner: !!python/object/apply:os.system [id]",
    )
    line = line_of(text, "!!python")
    found = lint(text)
    assert at(found, "PL005") == [("error", line, 10)]
    assert at(lint(EXAMPLE), "PL005") == []


def test_pl006_alias_bomb() -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, prev in zip("bcdefgh", "abcdefg", strict=True):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    found = lint("migralint: 1\n" + "\n".join(rows) + "\n")
    assert [c for _, _, c in at(found, "PL006")] and codes(found) == {"PL006"}


def test_pl006_deep_nesting() -> None:
    found = lint("migralint: 1\nx: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert at(found, "PL006") == [("error", 2, 1003)]  # libyaml's own limit: 1000 levels
    block = "migralint: 1\n" + "".join("  " * i + f"k{i}:\n" for i in range(300))
    assert at(lint(block), "PL006") == [("error", 202, 401)]


def test_pl007_second_document() -> None:
    text = EXAMPLE + "---\nplan: {name: draft}\n"
    line = line_of(text, "---")
    assert at(lint(text), "PL007") == [("error", line, 1)]
    assert at(lint(EXAMPLE), "PL007") == []


def test_findings_example() -> None:
    from helpers import ROOT

    path = ROOT / "examples" / "findings" / "reading.yaml"
    found = lint(path.read_bytes(), str(path))
    assert [(f.code, f.severity, f.line, f.column) for f in found if f.code.startswith("PL")] == [
        ("PL004", "warning", 14, 23),
        ("PL002", "error", 55, 3),
    ]
