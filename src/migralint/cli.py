"""The command line: click fills settings, ``execute`` runs them, and every
error maps to an exit code here, in one place.

Exit codes: 0 nothing at or above the fail level, 1 findings at or above
it, 2 usage, configuration or rule-file error, 3 internal error, 130
interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from migralint.errors import MigralintError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT; SIGTERM gives 128 + 15 = 143


class SizeType(click.ParamType):
    """A size in bytes, or with a unit: ``10MB``, ``10 MB``, ``512KB``."""

    name = "size"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        from migralint.inputs import parse_size

        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _show_version(ctx: click.Context, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from migralint.about import version_text

    click.echo(version_text())
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version, and what a bug report needs (Python, libyaml, rules, calendars).",
)
def cli() -> None:
    """Lint marketing-technology migration plans (YAML)."""


# `--lang`: the language of what people read (i18n/).
_LANG = click.option(
    "--lang",
    metavar="LANG",
    default=None,
    help="The language of messages: en, es, fr, ko, th or ar (th-u-ca-buddhist for Buddhist-era "
    "years) [default: the configuration's `language`, else the locale; machine formats: en].",
)

# The options every command that lints shares (`check`, `report`, `calendar`):
# which plans, which rules, which configuration, baseline and limits.
_LINT_OPTIONS = [
    _LANG,
    click.option(
        "--fail-on",
        type=click.Choice(["error", "warning", "info"]),
        default=None,
        help="Exit 1 when a finding is at or above this severity [default: error].",
    ),
    click.option(
        "--select", multiple=True, help="Only these rules: codes, names or family prefixes (TL)."
    ),
    click.option(
        "--ignore", multiple=True, help="Skip these rules: codes, names or family prefixes."
    ),
    click.option(
        "--extend-select",
        multiple=True,
        help="Add these rules to the configuration's select list (instead of replacing it).",
    ),
    click.option(
        "--extend-ignore",
        multiple=True,
        help="Add these rules to the configuration's ignore list (instead of replacing it).",
    ),
    click.option("--config", "config_file", type=click.Path(), help="Use this configuration file."),
    click.option(
        "--stdin-filename",
        metavar="PATH",
        help="The name of the plan read from `-` (standard input): shown in the report, and used "
        "to find its configuration.",
    ),
    click.option(
        "--rules",
        "rule_files",
        multiple=True,
        type=click.Path(),
        help="An extra rule file (same declarative format); repeatable.",
    ),
    click.option(
        "--baseline", type=click.Path(), help="Report only findings not in this baseline."
    ),
    click.option(
        "--exit-zero",
        is_flag=True,
        help="Exit 0 even when findings are at or above the fail level (errors of migralint "
        "itself still exit 2 or 3).",
    ),
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Parallel worker processes [default: the number of cores].",
    ),
    click.option(
        "--max-file-size",
        type=SizeType(),
        default=None,
        metavar="SIZE",
        help="Files larger than this are reported (PL006), not read: bytes, or with a unit "
        "(512KB, 10MB, 1GB) [default: 10MB].",
    ),
    click.option(
        "--max-findings",
        type=click.IntRange(min=0),
        default=None,
        help="Report at most N findings of one rule per file; one PL012 finding counts the rest "
        "(0: no cap) [default: 100].",
    ),
    click.option(
        "--skip-non-plans",
        is_flag=True,
        help="Pass over named files that are not plans, as a folder search does (for hooks "
        "given every YAML file); a file that fails to load is reported when it plausibly is "
        "a plan.",
    ),
    click.option(
        "--exclude",
        multiple=True,
        metavar="PATTERN",
        help="Folders and files a folder search passes over, replacing the default list "
        "(.git, .hg, .svn); gitignore-like globs, comma-separated or repeated.",
    ),
    click.option(
        "--extend-exclude",
        multiple=True,
        metavar="PATTERN",
        help="More folders and files a folder search passes over, beside the --exclude list.",
    ),
]


def _lint_options(command: Any) -> Any:
    for option in reversed(_LINT_OPTIONS):
        command = option(command)
    # Paths are checked by migralint itself (a missing or unreadable plan is a
    # finding, PL008, and the other plans are still checked), not by click.
    return click.argument("paths", nargs=-1, type=click.Path(readable=False))(command)


@cli.command()
@_lint_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "github", "junit", "gitlab"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", type=click.Path(), help="Write the report to FILE, not stdout.")
@click.option("--force", is_flag=True, help="Let --output or --write-baseline replace a file.")
@click.option("--write-baseline", type=click.Path(), help="Record today's findings as a baseline.")
@click.option("--show-waived", is_flag=True, help="List waived findings with reason and approver.")
@click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Print the source line and a caret under each finding [default: on a terminal].",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output [default: on a terminal, unless NO_COLOR is set].",
)
@click.option(
    "--statistics", is_flag=True, help="Print a count of findings per rule, the most first."
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Print the findings only: no summary line (text format)."
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=True,
    help="Pass over what .gitignore files ignore in a folder search (named files are always "
    "checked) [default: respect].",
)
@click.option(
    "--trace",
    multiple=True,
    metavar="CODE",
    help="Show on stderr, per file, how these rules were evaluated: whether each `when` held, "
    "what each part walked and matched, and which part made each finding.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the safe fixes to the files, then report what remains.",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff: apply the fixes that change what the plan says too.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the fixes as a unified diff instead of writing them; exit 1 when there are any.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(**options: Any) -> None:
    """Check plan files, or directories searched for plans (default: .).
    `-` reads a plan from standard input."""
    from migralint.commands import run_check

    sys.exit(run_check(_check_settings(**options)))


def _check_settings(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    extend_ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    trace: tuple[str, ...] = (),
    **options: object,
) -> Any:
    """The settings of a lint run, from the options `check`, `report` and
    `calendar` share."""
    from migralint.commands import CheckSettings

    options.pop("debug", None)
    for flag, given in (("--select", select), ("--extend-select", extend_select)):
        if given and not _split(given):
            raise click.UsageError(
                f"{flag} '': name at least one rule (a code, a name or a family such as TL); "
                "leave the option out to run every rule"
            )
    if paths.count("-") > 1:
        raise click.UsageError("`-` (standard input) can be named only once")
    if options.get("stdin_filename") and "-" not in paths:
        raise click.UsageError("--stdin-filename names the plan read from `-`; give `-` too")
    fixing = options.get("fix") or options.get("diff")
    if options.get("unsafe_fixes") and not fixing:
        raise click.UsageError("--unsafe-fixes widens --fix or --diff; give one of them too")
    if fixing and options.get("write_baseline"):
        raise click.UsageError(
            "--write-baseline records findings, --fix and --diff fix them: run one, then the other"
        )
    if options.get("fix") and not options.get("diff") and "-" in paths:
        raise click.UsageError(
            "--fix cannot write back to standard input; --diff prints the fixes of `-`"
        )
    return CheckSettings(
        paths=paths or (".",),
        select=tuple(_split(select)) if select else None,
        ignore=tuple(_split(ignore)) if ignore else None,
        extend_select=tuple(_split(extend_select)),
        extend_ignore=tuple(_split(extend_ignore)),
        # `--exclude ''` empties the list: every folder is searched.
        exclude=tuple(_split(exclude)) if exclude else None,
        extend_exclude=tuple(_split(extend_exclude)),
        trace=tuple(_split(trace)),
        **options,  # type: ignore[arg-type]
    )


@cli.command()
@_lint_options
@click.option("-o", "--output", type=click.Path(), help="Write the report to FILE, not stdout.")
@click.option("--force", is_flag=True, help="Let --output replace a file.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def report(**options: Any) -> None:
    """Write a self-contained HTML report of plans (a portfolio for several):
    verdict, timeline, findings and audit. It lints as `check` does, and
    exits as `check` does."""
    from migralint.commands import run_report

    sys.exit(run_report(_check_settings(**options)))


@cli.command("calendar")
@_lint_options
@click.option("-o", "--output", type=click.Path(), help="Write the calendar to FILE, not stdout.")
@click.option("--force", is_flag=True, help="Let --output replace a file.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def calendar_command(**options: Any) -> None:
    """Write an iCalendar file (RFC 5545) of the plans' dates: cutover,
    deadlines, phases and windows, with the findings about each date. It
    lints as `check` does, and exits as `check` does."""
    from migralint.commands import run_calendar

    sys.exit(run_calendar(_check_settings(**options)))


@cli.command()
@click.option(
    "--stdio", is_flag=True, help="Talk LSP over standard input and output (the only transport)."
)
def lsp(stdio: bool) -> None:
    """Run the language server for editors (LSP over stdio): findings as
    you type, hovers that explain, fixes and waivers as code actions."""
    from migralint.commands import run_lsp

    sys.exit(run_lsp())


@cli.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(),
    help="A rule file to test (and to lint the fixtures with); repeatable.",
)
@click.option("--config", "config_file", type=click.Path(), help="Use this configuration file.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "junit"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", type=click.Path(), help="Write the report to FILE, not stdout.")
@click.option("--force", is_flag=True, help="Let --output replace a file.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def test_rules(
    paths: tuple[str, ...],
    rule_files: tuple[str, ...],
    config_file: str | None,
    output_format: str,
    output: str | None,
    force: bool,
    debug: bool,
) -> None:
    """Test rules: run their examples, then annotated fixture plans.

    PATHS are rule files, fixture plans, or folders holding them. A fixture
    marks lines with `# expect: CODE` (the rule must report there) or
    `# ok: CODE` (it must not). Exit 1 when a case fails.
    """
    from migralint.policytest import execute

    sys.exit(execute(paths, rule_files, config_file, output_format, output, force))


@cli.command()
@click.argument("path", type=click.Path(), default="migration-plan.yaml")
@_LANG
def init(path: str, lang: str | None) -> None:
    """Write a commented starter plan (never over an existing file)."""
    from migralint.commands import init_plan

    click.echo(init_plan(path, lang))


@cli.command()
@click.option("--config", "config_schema", is_flag=True, help="The configuration schema instead.")
@click.option("--rules", "rules_schema", is_flag=True, help="The rule-file schema instead.")
def schema(config_schema: bool, rules_schema: bool) -> None:
    """Print the plan JSON Schema (for editors and other tools)."""
    from migralint import resources

    if config_schema and rules_schema:
        raise click.UsageError("--config and --rules each print one schema; give one of them")
    which = "config" if config_schema else "ruleset" if rules_schema else "plan"
    click.echo(resources.read_text("schemas", f"{which}.schema.json"), nl=False)


@cli.group()
def cache() -> None:
    """The cache of derived data (public holidays per country and year)."""


@cache.command("dir")
def cache_dir() -> None:
    """Print the cache folder (MIGRALINT_CACHE_DIR, else XDG_CACHE_HOME/migralint)."""
    from migralint import cache as store

    found = store.folder()
    click.echo(str(found) if found is not None else "(off: MIGRALINT_NO_CACHE is set)")


@cache.command("clean")
def cache_clean() -> None:
    """Remove migralint's entries from the cache folder (nothing else in it)."""
    from migralint import cache as store

    found = store.folder()
    if found is None:
        click.echo("the cache is off (MIGRALINT_NO_CACHE is set): nothing to remove")
        return
    removed = store.clean()
    noun = "entry" if removed == 1 else "entries"
    click.echo(f"removed {removed:,} cache {noun} from {found}")


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _rule_sources(command: Any) -> Any:
    """`--config` and `--rules`, as `check` takes them: the rules a run sees."""
    command = click.option(
        "--rules",
        "rule_files",
        multiple=True,
        type=click.Path(),
        help="An extra rule file (same declarative format); repeatable.",
    )(command)
    return click.option(
        "--config", "config_file", type=click.Path(), help="Use this configuration file."
    )(command)


@cli.command("rules")
@_rule_sources
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@_LANG
def list_rules(
    config_file: str | None, rule_files: tuple[str, ...], output_format: str, lang: str | None
) -> None:
    """List every rule, local ones included: code, name, severity, summary."""
    from migralint.commands import rules_table

    click.echo(rules_table(config_file, rule_files, output_format, lang), nl=False)


@cli.command()
@click.argument("rule")
@_rule_sources
@_LANG
def explain(
    rule: str, config_file: str | None, rule_files: tuple[str, ...], lang: str | None
) -> None:
    """Explain a rule (by code or name), local ones included: why, options, examples."""
    from migralint.commands import explain_rule

    click.echo(explain_rule(rule, config_file, rule_files, lang), nl=False)


@cli.command("checks")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def list_checks(output_format: str) -> None:
    """List the checks rule files can use: arguments (type, required or default) and the
    message fields each fills."""
    from migralint.commands import checks_table

    click.echo(checks_table(output_format), nl=False)


# The last net under every message: whatever a message quotes, it reaches
# the terminal as one escaped line of bounded length. Messages quote
# excerpts already; this catches the one that forgot.
MESSAGE_LIMIT = 500


def _one_line(message: str) -> str:
    from migralint.textutil import excerpt

    return excerpt(message, MESSAGE_LIMIT)


class Interrupted(BaseException):
    """SIGINT or SIGTERM: unwinds the stack like KeyboardInterrupt, so every
    ``finally`` runs (temporary files removed, workers ended), but is not one,
    so click does not turn it into its own "Aborted."."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupted(signum: int, frame: object) -> None:
    import signal

    # Once is enough: a second Ctrl-C must not cut the clean-up short.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)
    raise Interrupted(signum)


def _handle_interrupts() -> None:
    import signal

    # A signal the caller chose to ignore (nohup, a background job) stays ignored.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupted)
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupted)


def main() -> None:
    """Entry point: click's parsing, then one place mapping errors to exit codes."""
    debug = "--debug" in sys.argv
    _handle_interrupts()
    try:
        cli.main(standalone_mode=False)
    except Interrupted as exc:
        _say_interrupted(128 + exc.signum)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:  # click's KeyboardInterrupt (no prompt is ever shown)
        _say_interrupted(EXIT_INTERRUPTED)
    except MigralintError as exc:
        tr = _error_language()
        for problem in getattr(exc, "problems", None) or [exc.args[0] if exc.args else str(exc)]:
            said = _one_line(str(tr.value(problem)))
            click.echo(tr("migralint: error: {problem}", problem=said), err=True)
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except BaseException as exc:  # the last net: one line, never a traceback by default
        if isinstance(exc, KeyboardInterrupt):
            _say_interrupted(EXIT_INTERRUPTED)
        if debug:
            import traceback

            traceback.print_exc()
        click.echo(
            _error_language()(
                "migralint: internal error: {problem} (run with --debug for details)",
                problem=f"{type(exc).__name__}: {_one_line(str(exc))}",
            ),
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


def _error_language() -> Any:
    """The language of an error that stopped the run: `--lang` as given on
    the command line, else the locale's (the configuration may be the very
    thing that failed to load). Never an error itself."""
    try:
        from migralint import i18n
        from migralint.i18n.translator import ENGLISH, translator

        explicit = None
        for index, arg in enumerate(sys.argv):
            if arg == "--lang" and index + 1 < len(sys.argv):
                explicit = sys.argv[index + 1]
            elif arg.startswith("--lang="):
                explicit = arg.split("=", 1)[1]
        if explicit is not None:
            lang, buddhist = i18n.parse(explicit) or ("en", False)
        else:
            lang, buddhist = i18n.from_environment(dict(os.environ))
        if lang != "en" and not i18n._has_babel():
            return ENGLISH
        return translator(lang, buddhist)
    except Exception:  # pragma: no cover - an error about an error says the first
        from migralint.i18n.translator import ENGLISH

        return ENGLISH


def _say_interrupted(code: int) -> None:
    import contextlib

    with contextlib.suppress(Exception):  # stderr may be gone with the terminal
        print(_error_language()("migralint: interrupted"), file=sys.stderr, flush=True)
    sys.exit(code)
