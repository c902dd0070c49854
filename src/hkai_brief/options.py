"""The options several commands share, declared once as decorators, and the run's settings.

Options that belong together reach the command as one value (`_fold`): the briefing options
as a views.Request, grep's as a search.Query.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from .searchable import FIELDS

if TYPE_CHECKING:
    from .load import Data

F = TypeVar("F", bound=Callable[..., Any])
Colour = Literal["auto", "never", "always"]


class Settings:
    """What the whole run shares: the data to read (`--data`), whether to show tracebacks, and
    the settings read once from the environment."""

    def __init__(self) -> None:
        # Every --data given, before or after the command's name; HKAI_BRIEF_DATA's when none.
        self.data: tuple[str, ...] = ()
        self.data_from_env: tuple[str, ...] = ()
        self.debug = False
        self.pager = True

    def data_for(self, path: str | tuple[str, ...] | None = None, indexed: bool = True) -> Data:
        """The data a command reads: `path` (or paths), else every --data, else HKAI_BRIEF_DATA,
        else the shipped file; from the index where it is unchanged, unless not `indexed`."""
        from .limits import limits
        from .load import Data, load_data

        limit = limits(os.environ.get("HKAI_BRIEF_MAX_MB"))
        if isinstance(path, str):
            path = (path,)
        given = path if path else self.data or self.data_from_env
        dataset, where, name = load_data(given, limit, indexed)
        return Data(dataset, where, name, _today())


def _today() -> datetime.date:
    """Today, or the date SOURCE_DATE_EPOCH gives, so that a handout can be made again byte for
    byte (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            pass  # not a date a calendar has: today, then
    return datetime.date.today()


# Plain text, not click.Path: click asks gettext for a Path's words whenever one is made, and
# gettext's first question imports locale (1 to 2 ms on every run, help and version included).
# Files are checked where they are read, with the tool's own messages.
ANY_PATH = str


class DataPaths(click.ParamType):  # type: ignore[type-arg]
    """--data's value: a file, a folder or `-`. HKAI_BRIEF_DATA holds one or several, separated
    as in PATH (':'), so that a path with a space in it stays one path."""

    name = "data"
    envvar_list_splitter = os.pathsep

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return str(value)


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from . import __version__

        click.echo(f"hkai-brief, version {__version__}")
        ctx.exit()


class QuickHelp:
    """A command whose -h/--help is ours: click's asks gettext for its words at every run."""

    add_help_option: bool
    _help_option: click.Option | None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)  # type: ignore[attr-defined]
        if not names or not self.add_help_option:
            return None
        if self._help_option is None:
            self._help_option = click.Option(
                names,
                is_flag=True,
                expose_value=False,
                is_eager=True,
                callback=_show_help,
                help="Show this message and exit.",
            )
        return self._help_option


class Command(QuickHelp, click.Command):
    pass


version_option = click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)


def _fold(
    name: str, build: Callable[..., Any], names: tuple[str, ...], *options: Any
) -> Callable[[F], F]:
    """Options given to the command as one value: `build(**their values)`, passed as `name`."""

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def command(*args: Any, **kwargs: Any) -> Any:
            values = {n: kwargs.pop(n) for n in names}
            return f(*args, **{name: build(**values)}, **kwargs)

        decorated: Any = command
        for option in reversed(options):
            decorated = option(decorated)
        return decorated  # type: ignore[no-any-return]

    return decorate


def set_data(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> None:
    settings = ctx.find_object(Settings)
    assert settings is not None
    if ctx.get_parameter_source(param.name or "") == click.core.ParameterSource.ENVIRONMENT:
        settings.data_from_env = tuple(v for v in value if v)
    else:
        settings.data += tuple(value)


def set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    ctx.find_object(Settings).debug = value  # type: ignore[union-attr]


def _no_pager(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_object(Settings).pager = False  # type: ignore[union-attr]


def no_pager_option(f: F) -> F:
    """--no-pager, before or after the command's name: print, never page."""
    return click.option(
        "--no-pager",
        is_flag=True,
        expose_value=False,
        callback=_no_pager,
        help="Never page the output (also: HKAI_BRIEF_PAGER= or PAGER= empty).",
    )(f)


def data_option(f: F) -> F:
    """--data after the command name too: `hkai-brief summary --data draft.yaml`."""
    return click.option(
        "--data",
        type=DataPaths(),
        multiple=True,
        metavar="PATH",
        expose_value=False,
        callback=set_data,
        help="Data to read: a file, a folder of them or - (as hkai-brief --data).",
    )(f)


def complete(kind: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """Shell completion of area or measure ids, from the data the command would read."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        try:
            # --data and HKAI_BRIEF_DATA reach the run's settings through set_data, as in a
            # real run.
            found = ctx.find_root().obj
            settings = found if isinstance(found, Settings) else Settings()
            dataset = settings.data_for().dataset
        except Exception:
            return []
        from .sanitize import one_line

        records = dataset.areas if kind == "area" else dataset.measures
        # A title is data: shown by the shell, so cleaned of anything it could act on.
        return [
            CompletionItem(r.id, help=one_line(r.title))
            for r in records
            if r.id.startswith(incomplete)
        ]

    return complete


reply_option = click.option(
    "--reply",
    "replies",
    multiple=True,
    metavar="ID",
    help="Only measures a reply discusses, by its id or question number (LCQ13); repeat for more.",
)

area_option = click.option(
    "--area",
    "-a",
    "areas",
    multiple=True,
    metavar="ID",
    shell_complete=complete("area"),
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


def terminal_width() -> int | None:
    """The terminal's width in cells; None when the output is piped (then rich, which tells
    the width, is not imported at all)."""
    if not os.isatty(1):
        return None
    from .terminal import width

    return width()


def colour(choice: Colour) -> bool:
    from .hits import use_colour

    return use_colour(choice)


class Day(click.ParamType):  # type: ignore[type-arg]
    """A day as YYYY-MM-DD; a wrong one is told in words, as validate tells a date."""

    name = "day"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, datetime.date):
            return value
        from .model import PartialDate

        try:
            day = PartialDate.parse(str(value))
        except ValueError as e:
            self.fail(str(e).replace("impossible date ", ""), param, ctx)
        if day.precision != "day":
            self.fail(f"{value!r}: expected a day, as YYYY-MM-DD", param, ctx)
        return day.first_day()


def _request(
    areas: tuple[str, ...],
    measures: tuple[str, ...],
    keywords: tuple[str, ...],
    replies: tuple[str, ...],
    as_of: datetime.date | None,
    template: str | None,
    template_dir: str | None,
    title: str | None,
    lang: str,
) -> Any:
    from .select import Selection
    from .views import Request

    keywords = tuple(_typed(k) for k in keywords)
    title = _typed(title) if title is not None else None
    selection = Selection(areas, measures, keywords, replies)
    return Request(selection, as_of, template, template_dir, title=title, lang=lang)


def _title(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from .sanitize import one_line

    title = " ".join(one_line(value).split())
    if not title:
        raise click.BadParameter("a title needs some words", ctx, param)
    return title


class Language(click.ParamType):  # type: ignore[type-arg]
    """--lang: en or zh-Hant, in any case; anything else is a usage error naming the choices."""

    name = "language"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .lang import LANGS, parse

        found = parse(str(value))
        if found is None:
            self.fail(
                f"{value!r} is not a language hkai-brief writes; choose {' or '.join(LANGS)}",
                param,
                ctx,
            )
        return found

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "en|zh-Hant"


lang_option = click.option(
    "--lang",
    type=Language(),
    default="en",
    envvar="HKAI_BRIEF_LANG",
    show_envvar=True,
    help="Write in English (en, the default) or in Traditional Chinese (zh-Hant).",
)


briefing_options = _fold(
    "request",
    _request,
    (
        *("areas", "measures", "keywords", "replies", "as_of", "template", "template_dir"),
        *("title", "lang"),
    ),
    area_option,
    reply_option,
    click.option(
        "--measure",
        "-m",
        "measures",
        multiple=True,
        metavar="ID",
        shell_complete=complete("measure"),
        help="Only this measure; repeat for more.",
    ),
    click.option(
        "--keyword",
        "-k",
        "keywords",
        multiple=True,
        metavar="WORD",
        help="Only measures that mention WORD, as grep finds it; repeat for more (any may match).",
    ),
    data_option,
    click.option(
        "--as-of",
        type=Day(),
        metavar="YYYY-MM-DD",
        help="Date that divides past from future in the timeline.  [default: today]",
    ),
    lang_option,
    click.option(
        "--title",
        metavar="TEXT",
        callback=_title,
        help="The briefing's title.  [default: the data's title]",
    ),
    click.option(
        "--template",
        type=str,
        metavar="FILE",
        help="Use FILE as the main template (run in a sandbox).",
    ),
    click.option(
        "--template-dir",
        type=str,
        metavar="DIR",
        help="Templates here replace the built-ins of the same name; the rest fall back.",
    ),
)


def _query(
    words: tuple[str, ...],
    patterns: tuple[str, ...],
    ignore_case: bool,
    smart_case: bool,
    case_sensitive: bool,
    word_regexp: bool,
    fixed_strings: bool,
    fields: tuple[str, ...],
    areas: tuple[str, ...],
    replies: tuple[str, ...],
) -> Any:
    from .search import Query

    typed = tuple(_typed(w) for w in words)
    if patterns:  # -e: regular expressions, the words given too
        given = (*(_typed(p) for p in patterns), *typed)
    else:  # words, or with -F one literal string, as typed
        given = (" ".join(typed),) if typed else ()
    return Query(
        given,
        fixed_strings,
        ignore_case,
        case_sensitive,
        word_regexp,
        fields,
        areas,
        regex=bool(patterns),
        replies=replies,
    )


def _typed(value: str) -> str:
    """A word as typed: in a C locale without UTF-8 mode, Python hands non-ASCII arguments
    over as escaped bytes ('\\udce4...'); read them as the UTF-8 the terminal sent."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeError:
        return value


query_options = _fold(
    "query",
    _query,
    (
        *("words", "patterns", "ignore_case", "smart_case", "case_sensitive", "word_regexp"),
        *("fixed_strings", "fields", "areas", "replies"),
    ),
    click.argument("words", nargs=-1),
    click.option(
        "-e",
        "--regexp",
        "patterns",
        multiple=True,
        metavar="PATTERN",
        help="A regular expression to search for instead of words; repeat for more (a measure"
        " matches if any does).",
    ),
    *(
        click.option(short, long, is_flag=True, help=help)
        for short, long, help in (
            ("-F", "--fixed-strings", "Search for the WORDS as one literal string, as typed."),
            ("-i", "--ignore-case", "With -e or -F: ignore case."),
            (
                "-S",
                "--smart-case",
                "With -e or -F: ignore case unless the pattern has a capital (their default).",
            ),
            ("-s", "--case-sensitive", "With -e or -F: match case exactly."),
            ("-w", "--word-regexp", "With -e or -F: whole words only."),
        )
    ),
    click.option(
        "--field",
        "fields",
        multiple=True,
        type=click.Choice(FIELDS),
        metavar="NAME",
        help="Search only this field; repeat for more. The fields: " + ", ".join(FIELDS) + ".",
    ),
    click.option(
        "--area",
        "areas",
        multiple=True,
        metavar="ID",
        shell_complete=complete("area"),
        help="Only measures in this area; repeat for more.",
    ),
    reply_option,
)


# The handout formats, and the file names that ask for each (`render -o brief.pdf`).
HANDOUTS = {
    "markdown": (".md", ".markdown"),
    "text": (".txt", ".text"),
    "json": (".json",),
    "html": (".html", ".htm"),
    "pdf": (".pdf",),
}
# Formats Word and its kin open, which hkai-brief does not write: pandoc makes them.
_WORD = (".docx", ".odt", ".rtf", ".doc")


def _format_of(name: str) -> str | None:
    """The format a file name asks for by its extension, if it is one of ours."""
    extension = os.path.splitext(os.path.basename(name))[1].lower()
    return next((fmt for fmt, known in HANDOUTS.items() if extension in known), None)


class FormatChoice(click.Choice):  # type: ignore[type-arg]
    """--format: a handout format, by its name or its usual extension (md, txt, htm)."""

    def __init__(self) -> None:
        super().__init__(list(HANDOUTS))

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            value = _format_of("x." + value.lower()) or value
        return super().convert(value, param, ctx)


def format_warnings(fmt: str, output: str, template: str | None) -> list[str]:
    """What a reader should know when the names disagree with the format: a file named for
    another format (--format wins, as asked), a template written for another."""
    warnings = []
    if output != "-":
        named = _format_of(output)
        extension = os.path.splitext(output)[1].lower()
        if named is not None and named != fmt:
            warnings.append(f"{output!r} is named as {named} but will hold {fmt} (--format)")
        elif extension in _WORD:
            warnings.append(
                f"{output!r} will hold {fmt}, not a Word document; pandoc makes one from the"
                " Markdown handout"
            )
    if template is not None:
        inner = os.path.splitext(os.path.basename(template))
        stem = inner[0] if inner[1] == ".j2" else os.path.basename(template)
        written_for = _format_of(stem) or ("pdf" if stem.endswith(".typ") else None)
        if written_for is not None and written_for != fmt:
            warnings.append(
                f"the template {template!r} looks written for {written_for}, but the format is"
                f" {fmt}"
            )
    return warnings


def handout_format(chosen: str | None, output: str) -> str:
    """The format of a handout: --format if given, else the one the file name asks for, else
    Markdown. A UsageError for a file name that asks for a format hkai-brief cannot write."""
    if chosen is not None:
        return chosen
    if output == "-":
        return "markdown"
    extension = os.path.splitext(os.path.basename(output))[1].lower()
    if not extension:
        return "markdown"
    named = _format_of(output)
    if named is not None:
        return named
    known = ", ".join(e for extensions in HANDOUTS.values() for e in extensions)
    hint = ""
    if extension in _WORD:
        import shlex

        markdown = shlex.quote(output[: -len(extension)] + ".md")
        hint = (
            f"; for Word, write Markdown and convert it with pandoc: hkai-brief render -o"
            f" {markdown} && pandoc {markdown} -o {shlex.quote(output)}"
        )
    from .errors import UsageError

    raise UsageError(
        f"cannot tell the format of {output!r} from {extension!r} (known: {known});"
        f" name the format with --format{hint}"
    )
