"""Drawing a rendered summary in the terminal with rich.

The summary template writes rich markup, one line per line. A tab in a line marks where its
wrapped continuation lines start, so a list item or a timeline entry keeps a hanging indent at any
width; a line without a tab hangs at its own indentation. The tab itself is not printed.
"""

from __future__ import annotations

import os
import re
from typing import IO, Literal

from rich.console import Console
from rich.errors import MarkupError
from rich.text import Text

ColorChoice = Literal["auto", "never", "always"]

_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.M)

_URL = re.compile(r"https?://\S+")
# Below this many columns for the wrapped part, hanging indents are dropped.
_MIN_BODY = 24


class MarkupProblem(Exception):
    """Template output that is not valid rich markup."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(f"line {line} of the rendered summary: {message}")


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 itself; let the command line decide (a closed pipe is no error).
        raise BrokenPipeError


def console(color: ColorChoice, file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that colours only a terminal, never with NO_COLOR or --color never."""
    no_color = color == "never" or (color == "auto" and bool(os.environ.get("NO_COLOR")))
    return _Console(
        file=file,
        width=width,
        force_terminal=True if color == "always" else None,
        no_color=no_color,
        color_system=None if color == "never" else "auto",
        highlight=False,
        emoji=False,
        markup=True,
        soft_wrap=False,
    )


def draw(markup: str, out: Console) -> None:
    """Print rendered markup, wrapped to the console's width; all of it, or nothing on an error.

    Every line is parsed and wrapped first, then the whole is printed in one call: one print a
    line would cost more than the wrapping.
    """
    width = out.width
    rows: list[Text] = []
    # split("\n"), not splitlines(): a Unicode line separator inside a value is not a line.
    for number, line in enumerate(markup.rstrip("\n").split("\n"), start=1):
        prefix, tab, body = line.partition("\t")
        if not tab:
            body = line.lstrip(" ")
            prefix = line[: len(line) - len(body)]
        try:
            head = Text.from_markup(prefix)
            text = Text.from_markup(body)
        except MarkupError as e:
            raise MarkupProblem(number, str(e)) from None
        hang = head.cell_len
        if width - hang < _MIN_BODY:
            hang = 0
            text = Text.assemble(head, text)
            head = Text()
        if not text.plain:
            wrapped: list[Text] = [Text()]
        elif _URL.fullmatch(text.plain):
            # A URL is never cut in two, so it can be copied: it may run past the edge.
            wrapped = [text]
        else:
            wrapped = list(text.wrap(out, width - hang))
        indent = Text(" " * hang)
        for i, row in enumerate(wrapped):
            row.rstrip()
            rows.append(Text.assemble(head if i == 0 else indent, row))
    out.print(Text("\n").join(rows), soft_wrap=True)


def measure_table(rows: list[tuple[str, str, str]], out: Console) -> None:
    """Measures as id, then title over its details (area, funding, status) in a wrapping column.

    Ids never wrap, so they can be copied whole; the title column takes what width is left.
    """
    from rich.table import Table

    from .text import one_line

    grid = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    grid.add_column("ID", no_wrap=True)
    grid.add_column("MEASURE", overflow="fold", ratio=1)
    for id, title, details in rows:
        cell = Text(one_line(title))
        cell.append("\n" + one_line(details), style="dim")
        grid.add_row(Text(id), cell)
    with out.capture() as captured:
        out.print(grid)
    # Columns are padded to their width; trailing spaces only get in the way of a pipe.
    out.file.write(_TRAILING.sub(r"\1", captured.get()))
