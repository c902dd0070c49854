"""The command line: parse options, call the core, turn domain errors into messages and exit codes.

Exit codes: 0 success, 1 invalid data or no result, 2 usage error. Only click is imported at
start-up; each command imports what it needs, so `--help` and `--version` stay quick.
"""

from __future__ import annotations

import datetime
import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import BriefError

if TYPE_CHECKING:
    from .briefing import Briefing
    from .model import Dataset, Measure

F = TypeVar("F", bound=Callable[..., Any])


# Made once and shared: each click.Path asks gettext for its words when made, which costs.
_DATA_FILE = click.Path(exists=True, dir_okay=False, path_type=str)
_ANY_PATH = click.Path(path_type=str)
_TEMPLATE_FILE = click.Path(exists=True, dir_okay=False, path_type=str)
_TEMPLATE_DIR = click.Path(exists=True, file_okay=False, path_type=str)
_OUTPUT = click.Path(allow_dash=True, path_type=str)


class _Context:
    def __init__(self, data: str | None) -> None:
        self.data = data

    def data_path(self) -> str:
        """The --data file, checked only now: commands that read no data ignore a bad one."""
        from .resources import default_data

        if self.data is None:
            return default_data()
        if not os.path.exists(self.data):
            problem = "does not exist"
        elif os.path.isdir(self.data):
            problem = "is a directory"
        else:
            return self.data
        raise click.BadParameter(
            f"File {str(self.data)!r} {problem}.", param_hint="'--data' / HKAI_BRIEF_DATA"
        )

    def data_name(self) -> str:
        return str(self.data) if self.data is not None else "the shipped data"

    def dataset(self, path: str | None = None) -> Dataset:
        from .load import load
        from .reading import limits

        limit = limits(os.environ.get("HKAI_BRIEF_MAX_MB"))
        return load(path if path is not None else self.data_path(), limit=limit)


class _Failure(click.ClickException):
    """A BriefError on its way out of click: its own lines, exit code 1."""

    def __init__(self, error: BriefError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: Any = None) -> None:
        from .text import clean

        click.echo(clean("\n".join(self.error.lines())), file=file, err=True)


class _UsageFailure(_Failure):
    exit_code = 2


class _Group(click.Group):
    """The command group: the one place where the project's errors become messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefError as e:
            raise (_UsageFailure if e.exit_code == 2 else _Failure)(e) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    type=_ANY_PATH,
    envvar="HKAI_BRIEF_DATA",
    show_envvar=True,
    metavar="FILE",
    help="Data file to read.  [default: the shipped data/measures.yaml]",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Show the traceback of an unexpected error (also HKAI_BRIEF_DEBUG=1).",
)
@click.version_option(__version__, "-V", "--version", prog_name="hkai-brief")
@click.pass_context
def main(ctx: click.Context, data: str | None, debug: bool) -> None:
    """Briefings on Hong Kong's AI policy, from the facts of LegCo reply LCQ13
    (15 October 2025), every fact with its source.

    \b
    Examples:
      hkai-brief summary                  the briefing, in the terminal
      hkai-brief summary --area talent    one area only
      hkai-brief render -o brief.md       a Markdown handout
      hkai-brief grep -i "loop park"      the measures that mention it
      hkai-brief list                     every measure, one a line
      hkai-brief show ai-subsidy-scheme   one measure in full
      hkai-brief validate my-measures.yaml
      hkai-brief schema > measures.schema.json
    """
    ctx.obj = _Context(data)


@main.command()
@click.argument("path", type=_DATA_FILE, required=False)
@click.pass_obj
def validate(obj: _Context, path: str | None) -> None:
    """Check a data file and report every problem in it.

    Reads PATH, or the --data file, or the shipped data. Each problem is
    printed as FILE:LINE:COL: error: PATH: message, on stderr. Exit code 0
    if the file is valid, 1 if it has problems, 2 if it cannot be opened.

    \b
    Examples:
      hkai-brief validate
      hkai-brief validate data/measures.yaml
      hkai-brief --data draft.yaml validate
    """
    file = path if path is not None else obj.data_path()
    dataset = obj.dataset(file)
    counts = (
        (len(dataset.measures), "measure"),
        (len(dataset.areas), "area"),
        (len(dataset.documents), "document"),
        (len(dataset.organisations), "organisation"),
    )
    from .text import clean

    found = ", ".join(f"{n} {w}{'' if n == 1 else 's'}" for n, w in counts)
    _print(clean(f"{file}: ok: {found}") + "\n")


@main.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of a data file.

    Editors that speak the YAML language server use it to complete and check
    a data file as you type; data/measures.yaml points to it in its first line.

    \b
    Example:
      hkai-brief schema > measures.schema.json
    """
    import json

    from .spec import json_schema

    _print(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


# --- briefings --------------------------------------------------------------------------------


def _set_data(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(_Context).data = value


def data_option(f: F) -> F:
    """--data after the command name too: `hkai-brief summary --data draft.yaml`."""
    return click.option(
        "--data",
        type=_ANY_PATH,
        metavar="FILE",
        expose_value=False,
        callback=_set_data,
        help="Data file to read (as hkai-brief --data).",
    )(f)


class _Request:
    """What a briefing is asked to cover and how: the options summary and render share."""

    def __init__(
        self,
        areas: tuple[str, ...],
        measures: tuple[str, ...],
        keywords: tuple[str, ...],
        as_of: datetime.datetime | None,
        template: str | None,
        template_dir: str | None,
    ) -> None:
        self.areas, self.measures, self.keywords = areas, measures, keywords
        self.as_of, self.template, self.template_dir = as_of, template, template_dir


def briefing_options(f: Callable[..., None]) -> Callable[..., None]:
    """--area, --measure, --keyword, --as-of, --template, --template-dir (and --data), handed
    to the command as one `request`."""

    @functools.wraps(f)
    def command(
        *args: Any,
        areas: tuple[str, ...],
        measures: tuple[str, ...],
        keywords: tuple[str, ...],
        as_of: datetime.datetime | None,
        template: str | None,
        template_dir: str | None,
        **kwargs: Any,
    ) -> None:
        request = _Request(areas, measures, keywords, as_of, template, template_dir)
        f(*args, request=request, **kwargs)

    options = [
        area_option,
        click.option(
            "--measure",
            "-m",
            "measures",
            multiple=True,
            metavar="ID",
            shell_complete=_complete("measure"),
            help="Only this measure; repeat for more.",
        ),
        click.option(
            "--keyword",
            "-k",
            "keywords",
            multiple=True,
            metavar="WORD",
            help="Only measures that mention WORD (any case) in a name, summary or keyword;"
            " repeat for more (any may match).",
        ),
        data_option,
        click.option(
            "--as-of",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="YYYY-MM-DD",
            help="Date that divides past from future in the timeline.  [default: today]",
        ),
        click.option(
            "--template",
            type=_TEMPLATE_FILE,
            metavar="FILE",
            help="Use FILE as the main template (run in a sandbox).",
        ),
        click.option(
            "--template-dir",
            type=_TEMPLATE_DIR,
            metavar="DIR",
            help="Templates here replace the built-ins of the same name; the rest fall back.",
        ),
    ]
    decorated: Callable[..., None] = command
    for option in reversed(options):
        decorated = option(decorated)
    return decorated


def _briefing(obj: _Context, request: _Request) -> Briefing:
    from . import briefing

    areas, measures, keywords = request.areas, request.measures, request.keywords
    dataset = obj.dataset()
    try:
        chosen = briefing.select(dataset, areas, measures, keywords)
    except briefing.UnknownIdError as e:
        raise click.BadParameter(str(e), param_hint=f"'--{e.kind}'") from None
    if not chosen and (measures or keywords or not areas):
        given = [
            *(f"--area {a}" for a in areas),
            *(f"--measure {m}" for m in measures),
            *(f"--keyword {k!r}" for k in keywords),
        ]
        raise click.ClickException(f"no measure matches {' '.join(given)}")
    generated = _today()
    return briefing.build(
        dataset,
        chosen,
        as_of=request.as_of.date() if request.as_of else generated,
        generated=generated,
        data_name=obj.data_name(),
        version=__version__,
        areas=areas,
        filtered=bool(areas or measures or keywords),
    )


def _today() -> datetime.date:
    """Today, or the date SOURCE_DATE_EPOCH gives, so that a handout can be made again
    byte for byte (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            pass  # not a date a calendar has: today, then
    return datetime.date.today()


def _render(
    context: dict[str, Any], fmt: str, template: str | None, template_dir: str | None
) -> str:
    from .render import render

    return render(context, fmt, template, template_dir)


def _draw(markup: str, color: str, where: object, user: bool = False) -> None:
    """Terminal output from a rendered template: wrapped to the width, coloured only if wanted."""
    from . import terminal
    from .errors import TemplateError
    from .highlight import use_colour

    out = terminal.console(use_colour(color))
    try:
        text = terminal.draw(markup, out, links=not user)
    except terminal.MarkupProblem as e:
        raise TemplateError(str(where), None, str(e)) from None
    _print(text)


def _print(text: str) -> None:
    from .output import to_stdout

    to_stdout(text)


def _complete(kind: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """Shell completion of area or measure ids, from the data the command would read."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        try:
            from .load import load
            from .resources import default_data

            data = ctx.find_root().params.get("data")
            dataset = load(data or default_data())
        except Exception:  # completion must never break the shell
            return []
        records = dataset.areas if kind == "area" else dataset.measures
        return [CompletionItem(r.id, help=r.title) for r in records if r.id.startswith(incomplete)]

    return complete


# Made once, used by summary, render and list (grep has its own, without -a: ripgrep's -a is
# another thing).
area_option = click.option(
    "--area",
    "-a",
    "areas",
    multiple=True,
    metavar="ID",
    shell_complete=_complete("area"),
    help="Only measures in this area; repeat for more.",
)


def color_option(f: F) -> F:
    return click.option(
        "--color",
        type=click.Choice(["auto", "never", "always"]),
        default="auto",
        show_default=True,
        help="Colour: auto colours a terminal unless NO_COLOR is set.",
    )(f)


@main.command()
@briefing_options
@color_option
@click.pass_obj
def summary(obj: _Context, request: _Request, color: str) -> None:
    """The briefing in the terminal: the reply, key figures, the measures by
    area, a timeline and the sources.

    \b
    Examples:
      hkai-brief summary
      hkai-brief summary --area talent
      hkai-brief summary --keyword cyberport --color never | less
    """
    brief = _briefing(obj, request)
    markup = _render({"b": brief}, "terminal", request.template, request.template_dir)
    user = request.template or request.template_dir
    _draw(markup, color, user or "the summary template", user=bool(user))


@main.command()
@briefing_options
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["markdown", "text", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown (GitHub-flavoured), plain text, or JSON for scripts.",
)
@click.option(
    "--output",
    "-o",
    type=_OUTPUT,
    default="-",
    metavar="FILE",
    help="Write to FILE instead of stdout ('-' is stdout).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace FILE even if hkai-brief did not write it.",
)
@click.pass_obj
def render(obj: _Context, request: _Request, fmt: str, output: str, force: bool) -> None:
    """A handout: Markdown, plain text or JSON.

    Every measure cites its sources; the key figures are computed from the
    data. The whole handout is rendered before anything is written, and a
    file is replaced in one step, so an error never leaves half a file. An
    existing file that hkai-brief did not write is kept unless --force.

    \b
    Examples:
      hkai-brief render -o briefing.md
      hkai-brief render --area talent --format text
      hkai-brief render --format json | jq '.computed.funding_totals'
    """
    from .output import sign, write_output

    brief = _briefing(obj, request)
    text = sign(_render({"b": brief}, fmt, request.template, request.template_dir))
    if output == "-":
        _print(text)
        return
    write_output(output, text, force=force)


# --- finding measures -------------------------------------------------------------------------

# The fields grep can be limited to; search.FIELDS is the same (a test keeps them equal), and
# is not imported here to keep `--help` light.
GREP_FIELDS = (
    "title",
    "abbreviation",
    "name_zh",
    "aliases",
    "summary",
    "keywords",
    "figures",
    "funding",
    "milestones",
    "updates",
    "area",
    "run_by",
)


@main.command()
@data_option
@click.argument("pattern", required=False)
@click.option(
    "-e",
    "--regexp",
    "patterns",
    multiple=True,
    metavar="PATTERN",
    help="A pattern to search for; repeat for more (a measure matches if any does).",
)
@click.option("-i", "--ignore-case", is_flag=True, help="Ignore case (Unicode case folding).")
@click.option(
    "-S",
    "--smart-case",
    is_flag=True,
    help="Ignore case unless a pattern has a capital (the default).",
)
@click.option(
    "-s", "--case-sensitive", is_flag=True, help="Match case exactly, even in a lower-case pattern."
)
@click.option("-w", "--word-regexp", is_flag=True, help="Match whole words only.")
@click.option(
    "-F", "--fixed-strings", is_flag=True, help="Patterns are plain text, not regular expressions."
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    type=click.Choice(GREP_FIELDS),
    help="Search only this field; repeat for more.",
)
@click.option(
    "--area",
    "areas",
    multiple=True,
    metavar="ID",
    shell_complete=_complete("area"),
    help="Only measures in this area; repeat for more.",
)
@click.option("-c", "--count", is_flag=True, help="Print ID:N, the number of matches a measure.")
@click.option("-l", "--ids", "ids_only", is_flag=True, help="Print only the ids, one a line.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; the exit code says it all.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a match (NDJSON).")
@color_option
@click.pass_obj
def grep(
    obj: _Context,
    pattern: str | None,
    patterns: tuple[str, ...],
    ignore_case: bool,
    smart_case: bool,
    case_sensitive: bool,
    word_regexp: bool,
    fixed_strings: bool,
    fields: tuple[str, ...],
    areas: tuple[str, ...],
    count: bool,
    ids_only: bool,
    quiet: bool,
    as_json: bool,
    color: str,
) -> None:
    """Find the measures whose texts match PATTERN, a regular expression.

    Case is ignored unless PATTERN has a capital letter (-s to match case
    exactly, -i to ignore it always).

    Searches titles, Chinese names, aliases (the news report's wording),
    summaries, keywords, figures, funding, milestones, updates, areas and
    the bodies that run them. Exit code 0 if anything matched, 1 if
    nothing did, 2 for an error such as a bad pattern.

    \b
    Examples:
      hkai-brief grep cyberport
      hkai-brief grep "loop park"
      hkai-brief grep -F 5,600
      hkai-brief grep 人工智能
      hkai-brief grep -l talent | xargs hkai-brief show
      hkai-brief grep --json -e Cyberport -e GBA | jq .measure
    """
    from . import highlight, search
    from .errors import UsageError

    wanted = [_typed(p) for p in (*patterns, *([pattern] if pattern is not None else []))]
    if not wanted:
        raise click.UsageError("give a PATTERN, or -e PATTERN")
    try:
        matcher = search.Matcher(
            wanted,
            fixed=fixed_strings,
            ignore_case=ignore_case,
            # Smart case unless told otherwise: 'cyberport' finds Cyberport, 'GBA' only GBA.
            smart_case=not case_sensitive,
            word=word_regexp,
        )
    except search.PatternError as e:
        hint = "" if fixed_strings else " (use -F to search for the text as it is)"
        raise UsageError(f"{e}{hint}") from None
    dataset = obj.dataset()
    _check_ids([a.id for a in dataset.areas], areas, "area")
    try:
        results = search.search(dataset, matcher, areas, fields)
    except search.PatternError as e:
        raise UsageError(str(e)) from None
    colour = highlight.use_colour(color)
    if not quiet:
        if as_json:
            lines = highlight.json_lines(results)
        elif ids_only:
            lines = highlight.ids(results)
        elif count:
            lines = highlight.counts(results)
        else:
            lines = highlight.blocks(dataset, results, colour)
        _print("".join(line + "\n" for line in lines))
    if not results:
        raise SystemExit(1)


def _typed(value: str) -> str:
    """A word as typed: in a C locale without UTF-8 mode, Python hands non-ASCII arguments
    over as escaped bytes ('\\udce4...'); read them as the UTF-8 the terminal sent."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeError:
        return value


def _check_ids(valid: list[str], given: tuple[str, ...], kind: str) -> None:
    for value in given:
        if value not in valid:
            raise click.BadParameter(
                f"unknown {kind} {value!r}; the {kind}s are: {', '.join(valid)}",
                param_hint=f"'--{kind}'",
            )


@main.command(name="list")
@data_option
@area_option
@click.option("--json", "as_json", is_flag=True, help="A JSON array, for scripts.")
@color_option
@click.pass_obj
def list_(obj: _Context, areas: tuple[str, ...], as_json: bool, color: str) -> None:
    """Every measure, one a line: id, area, funding, status and title.

    \b
    Examples:
      hkai-brief list
      hkai-brief list --area talent
      hkai-brief list --json | jq -r '.[] | select(.funding) | .id'
    """
    from . import figures
    from .briefing import is_secondary

    dataset = obj.dataset()
    _check_ids([a.id for a in dataset.areas], areas, "area")
    chosen = [m for m in dataset.measures if not areas or m.area in areas]
    money = {
        m.id: figures.money(m.funding.amount, m.funding.currency)
        for m in chosen
        if m.funding is not None
    }
    if not chosen:
        raise click.ClickException(f"no measure in --area {' --area '.join(areas)}")
    if as_json:
        from .text import json_dumps

        rows = [
            {
                "id": m.id,
                "area": m.area,
                "title": m.title,
                "funding": None
                if m.funding is None
                else {
                    "amount": m.funding.amount,
                    "currency": m.funding.currency,
                    "text": money[m.id],
                    "secondary": is_secondary(dataset, m.funding),
                },
                "status": m.status,
            }
            for m in chosen
        ]
        _print(json_dumps(rows, indent=2) + "\n")
        return
    from . import terminal
    from .highlight import use_colour

    def details(m: Measure) -> str:
        status = [m.status.replace("-", " ")] if m.status else []
        funding = []
        if m.funding is not None:
            funding = [money[m.id] + ("†" if is_secondary(dataset, m.funding) else "")]
        return " · ".join([m.area, *funding, *status])

    _print(
        terminal.measure_table(
            [(m.id, m.title, details(m)) for m in chosen], terminal.console(use_colour(color))
        )
    )


@main.command()
@data_option
@click.argument("ids", nargs=-1, required=True, shell_complete=_complete("measure"))
@click.option("--json", "as_json", is_flag=True, help="A JSON array of the measures, in full.")
@color_option
@click.pass_obj
def show(obj: _Context, ids: tuple[str, ...], as_json: bool, color: str) -> None:
    """Measures in full: every field, figure, milestone and update, and
    the sources with their URLs.

    \b
    Examples:
      hkai-brief show ai-subsidy-scheme
      hkai-brief grep -l talent | xargs hkai-brief show
      hkai-brief show --json ai-rd-institute | jq '.[0].measure.funding'
    """
    dataset = obj.dataset()
    known = {m.id: m for m in dataset.measures}
    for value in ids:
        if value not in known:
            raise click.BadParameter(_closest(value, dataset), param_hint="'ID'")
    measures = [known[v] for v in dict.fromkeys(ids)]
    if as_json:
        from .briefing import plain
        from .text import json_dumps

        _print(
            json_dumps(
                [
                    {
                        "measure": plain(m),
                        "area": plain(dataset.area(m.area)),
                        "documents": [
                            plain(dataset.document(d))
                            for d in dict.fromkeys(c.document for c in m.sources)
                        ],
                    }
                    for m in measures
                ],
                indent=2,
            )
            + "\n"
        )
        return
    from .briefing import describe

    shown = [(m, describe(dataset, m)) for m in measures]
    markup = _render({"shown": shown}, "show", None, None)
    _draw(markup, color, "the show template")


def _closest(value: str, dataset: Dataset) -> str:
    """An unknown measure id, with the ids it may have meant (by abbreviation or spelling)."""
    import difflib

    folded = value.casefold()
    close = [m.id for m in dataset.measures if folded == (m.abbreviation or "").casefold()]
    close += [m.id for m in dataset.measures if folded in m.id]
    close += difflib.get_close_matches(value, [m.id for m in dataset.measures], n=3, cutoff=0.5)
    close = list(dict.fromkeys(close))[:3]
    hint = f"; did you mean {', '.join(close)}?" if close else "; 'hkai-brief list' shows them all"
    return f"unknown measure {value!r}{hint}"


# --- the process --------------------------------------------------------------------------------


class _Stopped(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so that no temporary file is left behind."""

    def __init__(self, signum: int) -> None:
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def _say(text: str) -> None:
    from .output import to_stderr
    from .text import clean

    to_stderr(clean(text.rstrip("\n")) + "\n")


def run(argv: list[str] | None = None) -> None:
    """The console script: the commands, with a quiet exit for every way a process can end.

    Every message goes to stderr, cleaned of control characters, whatever it quotes. A closed
    pipe (`| head -1`) ends quietly; Ctrl-C ends with exit code 130 and one line, SIGTERM and
    SIGHUP with 128 + the signal's number; an unexpected error prints one line asking for a
    report, and its traceback with --debug or HKAI_BRIEF_DEBUG=1.
    """
    import signal

    from .errors import BriefError
    from .output import ReaderGone, take_stdio

    take_stdio()
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _stop)
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("HKAI_BRIEF_DEBUG") == "1"
    try:
        code = main.main(args, prog_name="hkai-brief", standalone_mode=False)
    except SystemExit as e:
        code = e.code
    except click.ClickException as e:
        import io

        shown = io.StringIO()
        e.show(file=shown)
        _say(shown.getvalue())
        code = e.exit_code
    except BriefError as e:
        _say("\n".join(e.lines()))
        code = e.exit_code
    except ReaderGone:
        code = 0  # the reader has gone (`| head`): nothing more to say to anyone
    except (click.exceptions.Abort, KeyboardInterrupt):
        _say("hkai-brief: interrupted")
        code = 130
    except _Stopped as e:
        code = 128 + e.signum
    except Exception as e:
        if debug:
            raise
        _say(
            f"hkai-brief: internal error: {type(e).__name__}: {e}. This is a bug; please report"
            " it, with the output of the same command run with --debug."
        )
        code = 2
    sys.exit(code if isinstance(code, int) else 0)
