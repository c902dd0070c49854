"""The command line: declare the commands and their options, call the core, print what it gives.

Each command parses its options, makes one call into the core (views.py, mostly) and prints
the text it gets back. Errors are turned into messages and exit codes in one place, `report`,
at the edge: 0 success, 1 invalid data or no result, 2 usage error. Only click is imported at
start-up; each command imports what it needs, so `--help` and `--version` stay quick.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import click

from .options import (
    ANY_PATH,
    Colour,
    Command,
    DataPaths,
    FormatChoice,
    QuickHelp,
    Settings,
    area_option,
    briefing_options,
    color_option,
    colour,
    complete,
    data_option,
    format_warnings,
    handout_format,
    lang_option,
    no_pager_option,
    query_options,
    reply_option,
    set_data,
    set_debug,
    terminal_width,
    version_option,
)


def _print(text: str | bytes) -> None:
    from .output import to_stdout

    to_stdout(text)


def _warn(warnings: tuple[str, ...]) -> None:
    """Warnings, on stderr: the command still does its job."""
    from .output import to_stderr
    from .sanitize import clean

    to_stderr("".join(f"hkai-brief: warning: {clean(w)}\n" for w in warnings))


def _page(settings: Settings, text: str | Iterable[str]) -> None:
    """Print, through the pager if the text is taller than the terminal (pager.py)."""
    from .pager import show

    show(text, allowed=settings.pager)


# --- the edge: every way a run can end --------------------------------------------------------


class _Group(QuickHelp, click.Group):
    """The command group; its `main` ends every run through `report`, in tests as in use."""

    command_class = Command

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        settings = Settings()
        try:
            code = super().main(
                args, prog_name, complete_var, standalone_mode=False, obj=settings, **extra
            )
        except BaseException as e:
            code = report(e, settings.debug or os.environ.get("HKAI_BRIEF_DEBUG") == "1")
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


# A message quotes what it is about (a key, a value, a template's words); a data file can make
# that megabytes long. Each line is cut here, in one place, for every message.
MAX_MESSAGE = 1000


def _short(line: str) -> str:
    if len(line) <= MAX_MESSAGE:
        return line
    return f"{line[: MAX_MESSAGE - 40]}… ({len(line) - MAX_MESSAGE + 40:,} more characters)"


def report(error: BaseException, debug: bool) -> int:
    """The one place where an ending becomes a message on stderr and an exit code."""
    from .errors import Ending
    from .output import to_stderr
    from .sanitize import clean

    def say(*lines: str) -> None:
        to_stderr("".join(clean(_short(line)) + "\n" for line in lines))

    if isinstance(error, Ending):
        say(*error.lines())
        return error.exit_code
    if isinstance(error, SystemExit):
        return error.code if isinstance(error.code, int) else 0
    if isinstance(error, click.exceptions.Exit):
        return error.exit_code
    if isinstance(error, click.UsageError):
        command = error.ctx.command_path if error.ctx else "hkai-brief"
        say(f"hkai-brief: {error.format_message()}", f"Try '{command} --help' for help.")
        return 2
    if isinstance(error, click.ClickException):
        say(f"hkai-brief: {error.format_message()}")
        return error.exit_code
    if isinstance(error, click.exceptions.Abort | KeyboardInterrupt):
        say("hkai-brief: interrupted")
        return 130
    if isinstance(error, Exception) and not debug:
        say(
            f"hkai-brief: internal error: {type(error).__name__}: {error}. This is a bug; please"
            " report it, with the output of the same command run with --debug."
        )
        return 2
    raise error


def run(argv: list[str] | None = None) -> None:
    """The command line called from Python: stdio made safe (take_stdio), then SystemExit."""
    from .output import take_stdio

    take_stdio()
    main.main(sys.argv[1:] if argv is None else argv, prog_name="hkai-brief")


def console() -> None:
    """The console script and `python -m hkai_brief`: ends the process (output.leave)."""
    from .output import leave, take_stdio

    take_stdio()
    leave(main.main(sys.argv[1:], prog_name="hkai-brief", standalone_mode=False))


# --- the commands -----------------------------------------------------------------------------


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--data",
    type=DataPaths(),
    multiple=True,
    envvar="HKAI_BRIEF_DATA",
    show_envvar=True,
    metavar="PATH",
    expose_value=False,
    callback=set_data,
    help="Data to read: a file, a folder (its *.yaml files) or - for standard input; repeat"
    " to read several as one.  [default: the shipped data/measures.yaml]",
)
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    callback=set_debug,
    help="Show the traceback of an unexpected error (also HKAI_BRIEF_DEBUG=1).",
)
@no_pager_option
@version_option
@click.pass_context
def main(ctx: click.Context) -> None:
    """Briefings from the sourced facts of Legislative Council replies, every
    fact with its source. The shipped data holds LCQ13 (15 October 2025) on
    Hong Kong's AI policy; --data reads your own.

    \b
    Examples:
      hkai-brief summary                  the briefing, in the terminal
      hkai-brief summary --area talent    one area only
      hkai-brief render -o brief.md       a Markdown handout
      hkai-brief grep loop park           the measures that mention it
      hkai-brief list                     every measure, one a line
      hkai-brief show ai-subsidy-scheme   one measure in full
      hkai-brief validate my-measures.yaml
      hkai-brief schema > measures.schema.json
    """
    if ctx.invoked_subcommand is None:  # no command: the help, on stdout, as a success
        _print(ctx.get_help() + "\n")


@main.command()
@click.argument("paths", nargs=-1, type=ANY_PATH, metavar="[PATH]...")
@data_option
@click.option("--watch", is_flag=True, help="Check again whenever the data changes.")
@click.pass_obj
def validate(settings: Settings, paths: tuple[str, ...], watch: bool) -> None:
    """Check data and report every problem in it, all at once.

    Reads each PATH (a file, a folder of them, or - for standard input) as
    one dataset, or the --data given, or the shipped data. Each problem is
    printed as FILE:LINE:COL: error: PATH: message, on stderr; the last line
    says what was checked. Exit code 0 if the data is valid, 1 if it has
    problems, 2 if it cannot be opened.

    \b
    Examples:
      hkai-brief validate
      hkai-brief validate data/measures.yaml
      hkai-brief validate replies.yaml measures.yaml
      hkai-brief validate my-replies/
      hkai-brief validate --data draft.yaml
      hkai-brief validate draft.yaml --watch
    """
    from .views import validated

    def once() -> str:
        given = (*settings.data, *paths) or None  # --data and PATHs: one dataset
        data = settings.data_for(given, indexed=False)  # validate always checks
        return validated(data.path, data.dataset)

    if watch:
        from .watch import validate_watching

        validate_watching(settings, paths, lambda: once().rstrip("\n"))
        return
    _print(once())


@main.command()
@click.argument("old", type=ANY_PATH)
@click.argument("new", type=ANY_PATH)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "markdown", "json")),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a note before a meeting, json for scripts.",
)
@no_pager_option
@click.pass_obj
def diff(settings: Settings, old: str, new: str, fmt: str) -> None:
    """What changed between two versions of the data: measures added and
    removed, and titles, figures, funding, status, milestones and updates
    changed, with old and new values. OLD and NEW are data files, folders of
    them, or - for standard input (one of the two). Exit code 0 if nothing
    changed, 1 if something did, 2 if either cannot be read or is not valid
    data, as diff(1).

    \b
    Examples:
      hkai-brief diff old.yaml data/measures.yaml
      git show HEAD~1:data/measures.yaml | hkai-brief diff - data/measures.yaml
      hkai-brief diff --format markdown last-week/ data/ > what-changed.md
    """
    from .diff import WRITERS, compare, versions

    before, after = versions(settings.data_for, old, new)
    changes = compare(before.dataset, after.dataset)
    _page(settings, WRITERS[fmt](changes, before.name, after.name))
    if changes:
        click.get_current_context().exit(1)


@main.command()
@click.argument("file", type=ANY_PATH)
@lang_option
def init(file: str, lang: str) -> None:
    """Start a new reply: write FILE, a commented skeleton to fill in: one
    reply, area and measure, every field explained (in Chinese with --lang
    zh-Hant). validate lists each <...> left to fill. FILE must be new.

    \b
    Example:
      hkai-brief init elderly-care.yaml
      hkai-brief validate elderly-care.yaml
    """
    from .output import create_new, to_stderr
    from .resources import skeleton

    create_new(file, skeleton(lang))
    to_stderr(f"hkai-brief: wrote {file}; fill in each <...> (hkai-brief validate {file})\n")


@main.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of a data file.

    Editors that speak the YAML language server use it to complete and check
    a data file as you type; data/measures.yaml points to it in its first line.

    \b
    Example:
      hkai-brief schema > measures.schema.json
    """
    from .spec import json_schema_text

    _print(json_schema_text())


@main.command()
@briefing_options
@click.option(
    "--full",
    is_flag=True,
    help="Everything: every measure's summary and figures, the timeline and the sources.",
)
@color_option
@no_pager_option
@click.pass_obj
def summary(settings: Settings, request: Any, full: bool, color: Colour) -> None:
    """The briefing in the terminal, to read in a minute: the reply's key
    messages, the money and key numbers, one line per measure, and what
    comes next. --full gives everything, with sources.

    \b
    Examples:
      hkai-brief summary
      hkai-brief summary --full
      hkai-brief summary --area talent
      hkai-brief summary --keyword cyberport --color never | less
    """
    from .views import summary as draw_summary
    from .wording import symbols

    text = draw_summary(settings.data_for(), request._replace(full=full), colour(color), symbols())
    _page(settings, text)


@main.command()
@briefing_options
@click.option(
    "--format",
    "-f",
    "fmt",
    type=FormatChoice(),
    help="The handout's format.  [default: from FILE's extension, else markdown]",
)
@click.option(
    "--output",
    "-o",
    type=str,
    default="-",
    metavar="FILE",
    help="Write to FILE instead of stdout ('-' is stdout).",
)
@click.option("--force", is_flag=True, help="Replace FILE even if hkai-brief did not write it.")
@click.option(
    "--watch",
    is_flag=True,
    help="Render again whenever the data or a template changes; the last good FILE stays.",
)
@click.pass_obj
def render(
    settings: Settings, request: Any, fmt: str | None, output: str, force: bool, watch: bool
) -> None:
    """A handout to share, print or convert: Markdown, plain text, JSON,
    HTML or PDF, chosen by --format or by FILE's extension (.md .txt .json
    .html .pdf).

    Every measure cites its sources as [1] or [2, 3], and the sources are
    listed once at the end with their addresses. The key figures are
    computed from the data. PDF needs an extra: pip install
    'hkai-brief[pdf]'. For Word, convert the Markdown with pandoc. A file
    is replaced in one step, so an error never leaves half a file, and only
    if it is an earlier handout nobody has edited since, unless --force.

    \b
    Examples:
      hkai-brief render -o briefing.md
      hkai-brief render --area talent --title "Talent measures" -o talent.pdf
      hkai-brief render -o briefing.html      open it in a browser to print
      hkai-brief render -o brief.md && pandoc brief.md -o brief.docx
      hkai-brief render --format json | jq '.computed.funding_totals'
      hkai-brief render -o briefing.html --watch   again on each save
    """
    from .errors import UsageError
    from .output import is_terminal
    from .views import ENCODED, handout
    from .wording import UNICODE, symbols

    fmt = handout_format(fmt, output)
    _warn(tuple(format_warnings(fmt, output, request.template)))
    if fmt == "pdf" and (sys.stdout.isatty() if output == "-" else is_terminal(output)):
        raise UsageError(
            "a PDF is not for the terminal: write it to a file with -o FILE.pdf,"
            " or redirect it (> brief.pdf)"
        )
    if watch and output == "-":
        raise UsageError("--watch writes a file again and again: give it one with -o FILE")
    if output == "-":
        made = handout(settings.data_for(), request, fmt, UNICODE if fmt in ENCODED else symbols())
        _warn(made.warnings)
        content = made.content
        _print(content.encode("utf-8") if isinstance(content, str) and fmt in ENCODED else content)
    elif watch:
        from .watch import render_watching

        render_watching(settings, request, fmt, output, force)
    else:  # a file is UTF-8, whatever the terminal can show
        from .output import write_output

        made = handout(settings.data_for(), request, fmt, UNICODE)
        _warn(made.warnings)
        write_output(output, made.content, force=force)


@main.command()
@data_option
@query_options
@click.option("-c", "--count", "mode", flag_value="count", help="Print ID:N, matches per measure.")
@click.option("-l", "--ids", "mode", flag_value="ids", help="Print only the ids, one per line.")
@click.option(
    "--json", "mode", flag_value="json", help="One JSON object per matching text (NDJSON)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; the exit code says it all.")
@lang_option
@color_option
@no_pager_option
@click.pass_obj
def grep(
    settings: Settings, query: Any, mode: str | None, quiet: bool, color: Colour, lang: str
) -> None:
    """Find the measures that mention WORDS, as a reader means them.

    Every word must appear in a measure, in any field and any order;
    case, accents and full-width forms do not matter, English words are
    matched by family (talents finds talent), numbers with or without
    commas (3000 finds 3,000), money as people write it (HK$3bn finds
    HK$3 billion), Chinese in either script (see the examples). A quoted
    "phrase" must appear as written; hyphenated words (start-up) too. The
    reply and the sources are searched too. Each hit is the whole sentence,
    with the documents behind it.
    -F searches for the text as typed, -e for a regular expression. Exit
    code 0 if anything matched, 1 if nothing did, 2 for an error.

    \b
    Examples:
      hkai-brief grep supercomputer
      hkai-brief grep 'HK$3 billion'
      hkai-brief grep '"data park"'
      hkai-brief grep 数码港                  finds 數碼港 as well
      hkai-brief grep -l talent | xargs hkai-brief show
      hkai-brief grep -e 'HK\\$[13] billion'
      hkai-brief grep --json Cyberport | jq -r '.sentences[]'
    """
    from .hits import answer
    from .search import nothing_found

    data = settings.data_for()
    lines = answer(data.dataset, query, mode or "blocks", colour(color), lang)
    if lines is None and quiet:
        click.get_current_context().exit(1)
    if lines is None:
        raise nothing_found(data.dataset, query)
    if not quiet:
        _page(settings, lines)


@main.command(name="list")
@data_option
@area_option
@reply_option
@click.option(
    "--funded",
    is_flag=True,
    help="Only measures with money earmarked or applications to make: amount, who runs it,"
    " closing date, who can apply.",
)
@click.option("--json", "as_json", is_flag=True, help="A JSON array, for scripts.")
@lang_option
@no_pager_option
@click.pass_obj
def list_(
    settings: Settings,
    areas: tuple[str, ...],
    replies: tuple[str, ...],
    funded: bool,
    as_json: bool,
    lang: str,
) -> None:
    """Every measure, one per line: id, title, area, funding and status.

    On a terminal the columns line up and a long title is cut to fit;
    piped, the columns are separated by tabs and nothing is cut, for cut,
    grep and awk.

    \b
    Examples:
      hkai-brief list
      hkai-brief list --area talent
      hkai-brief list | cut -f1,4
      hkai-brief list --funded
      hkai-brief list --json | jq -r '.[] | select(.funding != []) | .id'
    """
    from .select import Selection
    from .views import listing
    from .wording import symbols

    size = terminal_width()
    data = settings.data_for()
    chosen = Selection(areas=areas, replies=replies)
    text = listing(data.dataset, chosen, as_json, size, symbols(), lang, funded, data.today)
    _page(settings, text)


@main.command()
@data_option
@click.argument("ids", nargs=-1, required=True, shell_complete=complete("measure"))
@click.option("--json", "as_json", is_flag=True, help="A JSON array of the measures, in full.")
@lang_option
@color_option
@no_pager_option
@click.pass_obj
def show(settings: Settings, ids: tuple[str, ...], as_json: bool, color: Colour, lang: str) -> None:
    """Measures in full: every field, figure, milestone and update, and
    the sources with their URLs. A measure may be named by its id, its
    abbreviation, its title, another name it goes by, or its Chinese name.

    \b
    Examples:
      hkai-brief show ai-subsidy-scheme
      hkai-brief show aiss
      hkai-brief grep -l talent | xargs hkai-brief show
      hkai-brief show --json ai-rd-institute | jq '.[0].measure.funding'
    """
    from .views import showing
    from .wording import symbols

    text = showing(settings.data_for(), ids, as_json, colour(color), symbols(), lang)
    _page(settings, text)
