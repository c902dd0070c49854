"""The command line: parse options, call the core, turn domain errors into messages and exit codes.

Exit codes: 0 success, 1 invalid data or no result, 2 usage error. Only click is imported at
start-up; each command imports what it needs, so `--help` and `--version` stay quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from . import __version__

if TYPE_CHECKING:
    from .errors import DataError
    from .model import Dataset


class DataFileError(click.ClickException):
    """Invalid data: every problem on its own line, `FILE:LINE:COL: error: PATH: message`."""

    exit_code = 1

    def __init__(self, error: DataError) -> None:
        super().__init__(str(error))
        self.problems = error.problems

    def show(self, file: IO[Any] | None = None) -> None:
        for problem in self.problems:
            click.echo(str(problem), err=True)
        count = len(self.problems)
        files = sorted({p.file for p in self.problems})
        noun = "error" if count == 1 else "errors"
        click.echo(f"hkai-brief: {count} {noun} in {', '.join(files)}", err=True)


_DATA_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


class _Context:
    def __init__(self, data: Path | None) -> None:
        self.data = data

    def data_path(self) -> Path:
        from .resources import default_data

        return self.data if self.data is not None else default_data()

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
    type=_DATA_FILE,
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
      hkai-brief validate                 check the shipped data
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
    printed as FILE:LINE:COL: error: PATH: message; the exit code is 1 if
    there is any.

    \b
    Examples:
      hkai-brief validate
      hkai-brief validate data/measures.yaml
      hkai-brief --data draft.yaml validate
    """
    file = path if path is not None else obj.data_path()
    dataset = obj.dataset(file)
    click.echo(
        f"{file}: ok: {len(dataset.measures)} measures, {len(dataset.areas)} areas, "
        f"{len(dataset.documents)} documents, {len(dataset.organisations)} organisations"
    )


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
