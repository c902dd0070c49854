"""The command line: parse options, call the core, turn domain errors into messages and exit codes.

Exit codes: 0 success, 1 invalid data or no result, 2 usage error. Only click is imported at
start-up; each command imports what it needs, so `--help` and `--version` stay quick.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from . import __version__

if TYPE_CHECKING:
    from .briefing import Briefing
    from .errors import DataError
    from .model import Dataset

F = TypeVar("F", bound=Callable[..., Any])


class DataFileError(click.ClickException):
    """Invalid data: every problem on its own line, `FILE:LINE:COL: error: PATH: message`."""

    exit_code = 1

    def __init__(self, error: DataError) -> None:
        super().__init__(str(error))
        self.problems = error.problems
        self.truncated = error.truncated

    def show(self, file: IO[Any] | None = None) -> None:
        for problem in self.problems:
            click.echo(str(problem), err=True)
        count = len(self.problems)
        files = sorted({p.file for p in self.problems})
        noun = "error" if count == 1 else "errors"
        if self.truncated:
            click.echo(
                f"hkai-brief: stopped after {count} errors in {', '.join(files)};"
                " fix these and run again",
                err=True,
            )
        else:
            click.echo(f"hkai-brief: {count} {noun} in {', '.join(files)}", err=True)


class LocatedError(click.ClickException):
    """An error that already says where it is (`FILE:LINE: error: message`): printed as it is."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True)


_DATA_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


class _Context:
    def __init__(self, data: Path | None) -> None:
        self.data = data

    def data_path(self) -> Path:
        """The --data file, checked only now: commands that read no data ignore a bad one."""
        from .resources import default_data

        if self.data is None:
            return default_data()
        if not self.data.exists():
            problem = "does not exist"
        elif self.data.is_dir():
            problem = "is a directory"
        else:
            return self.data
        raise click.BadParameter(
            f"File {str(self.data)!r} {problem}.", param_hint="'--data' / HKAI_BRIEF_DATA"
        )

    def data_name(self) -> str:
        return str(self.data) if self.data is not None else "the shipped data"

    def dataset(self, path: Path | None = None) -> Dataset:
        from .errors import DataError
        from .load import load

        try:
            return load(path if path is not None else self.data_path())
        except DataError as e:
            raise DataFileError(e) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    envvar="HKAI_BRIEF_DATA",
    show_envvar=True,
    metavar="FILE",
    help="Data file to read.  [default: the shipped data/measures.yaml]",
)
@click.version_option(__version__, "-V", "--version", prog_name="hkai-brief")
@click.pass_context
def main(ctx: click.Context, data: Path | None) -> None:
    """Briefings on Hong Kong's AI policy, from the facts of LegCo reply LCQ13
    (15 October 2025), every fact with its source.

    \b
    Examples:
      hkai-brief summary                  the briefing, in the terminal
      hkai-brief summary --area talent    one area only
      hkai-brief render -o brief.md       a Markdown handout
      hkai-brief validate my-measures.yaml
      hkai-brief schema > measures.schema.json
    """
    ctx.obj = _Context(data)


@main.command()
@click.argument("path", type=_DATA_FILE, required=False)
@click.pass_obj
def validate(obj: _Context, path: Path | None) -> None:
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
    click.echo(f"{file}: ok: " + ", ".join(f"{n} {w}{'' if n == 1 else 's'}" for n, w in counts))


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

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


# --- briefings --------------------------------------------------------------------------------


def selection_options(f: F) -> F:
    """--area, --measure and --keyword: which measures a briefing covers."""
    f = click.option(
        "--keyword",
        "-k",
        metavar="WORD",
        help="Only measures that mention WORD (any case) in a name, summary or keyword.",
    )(f)
    f = click.option(
        "--measure",
        "-m",
        "measures",
        multiple=True,
        metavar="ID",
        help="Only this measure; repeat for more.",
    )(f)
    f = click.option(
        "--area",
        "-a",
        "areas",
        multiple=True,
        metavar="ID",
        help="Only measures in this area; repeat for more.",
    )(f)
    return f


def briefing_options(f: F) -> F:
    """--as-of, --template and --template-dir, shared by summary and render."""
    f = click.option(
        "--template-dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        metavar="DIR",
        help="Templates here replace the built-ins of the same name; the rest fall back.",
    )(f)
    f = click.option(
        "--template",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Use FILE as the main template (run in a sandbox).",
    )(f)
    f = click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="YYYY-MM-DD",
        help="Date that divides past from future in the timeline.  [default: today]",
    )(f)
    return f


def _briefing(
    obj: _Context,
    areas: tuple[str, ...],
    measures: tuple[str, ...],
    keyword: str | None,
    as_of: datetime.datetime | None,
) -> Briefing:
    from . import briefing

    dataset = obj.dataset()
    try:
        chosen = briefing.select(dataset, areas, measures, keyword)
    except briefing.UnknownIdError as e:
        raise click.BadParameter(str(e), param_hint=f"'--{e.kind}'") from None
    filtered = bool(areas or measures or keyword)
    if not chosen:
        raise click.ClickException("no measures match the --area, --measure and --keyword given")
    return briefing.build(
        dataset,
        chosen,
        as_of=as_of.date() if as_of else datetime.date.today(),
        data_name=obj.data_name(),
        version=__version__,
        filtered=filtered,
    )


def _render(brief: Briefing, fmt: str, template: Path | None, template_dir: Path | None) -> str:
    from .render import TemplateProblem, render

    try:
        return render(brief, fmt, template, template_dir)
    except TemplateProblem as e:
        raise LocatedError(str(e)) from None


@main.command()
@selection_options
@briefing_options
@click.option(
    "--color",
    type=click.Choice(["auto", "never", "always"]),
    default="auto",
    show_default=True,
    help="Colour: auto colours a terminal unless NO_COLOR is set.",
)
@click.pass_obj
def summary(
    obj: _Context,
    areas: tuple[str, ...],
    measures: tuple[str, ...],
    keyword: str | None,
    as_of: datetime.datetime | None,
    template: Path | None,
    template_dir: Path | None,
    color: str,
) -> None:
    """The briefing in the terminal: the reply, key figures, the measures by
    area, a timeline and the sources.

    \b
    Examples:
      hkai-brief summary
      hkai-brief summary --area talent
      hkai-brief summary --keyword cyberport --color never | less
    """
    from . import terminal

    brief = _briefing(obj, areas, measures, keyword, as_of)
    markup = _render(brief, "terminal", template, template_dir)
    out = terminal.console(color)  # type: ignore[arg-type]
    try:
        terminal.draw(markup, out)
    except terminal.MarkupProblem as e:
        where = template or template_dir or "the summary template"
        raise LocatedError(f"{where}: error: {e}") from None


@main.command()
@selection_options
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
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=Path("-"),
    metavar="FILE",
    help="Write to FILE instead of stdout ('-' is stdout).",
)
@click.pass_obj
def render(
    obj: _Context,
    areas: tuple[str, ...],
    measures: tuple[str, ...],
    keyword: str | None,
    as_of: datetime.datetime | None,
    template: Path | None,
    template_dir: Path | None,
    fmt: str,
    output: Path,
) -> None:
    """A handout: Markdown, plain text or JSON.

    Every measure cites its sources; the key figures are computed from the
    data. The whole handout is rendered before anything is written, and a
    file is replaced in one step, so an error never leaves half a file.

    \b
    Examples:
      hkai-brief render -o briefing.md
      hkai-brief render --area talent --format text
      hkai-brief render --format json | jq '.computed.funding_totals'
    """
    brief = _briefing(obj, areas, measures, keyword, as_of)
    text = _render(brief, fmt, template, template_dir)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    from .output import write_atomically

    try:
        write_atomically(output, text)
    except OSError as e:
        raise click.ClickException(f"cannot write {output}: {e.strerror}") from None
