"""Drawing a rendered summary in the terminal with rich.

The summary template writes rich markup, one line per line. A tab in a line marks where its
wrapped continuation lines start, so a list item or a timeline entry keeps a hanging indent at any
width; a line without a tab hangs at its own indentation. The tab itself is not printed.
"""

from __future__ import annotations

import os
import re
from typing import IO, Literal

from rich.cells import cell_len
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
        where = f"line {line} of the rendered output" if line else "the rendered output"
        super().__init__(f"{where}: {message}")


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


def _parse(markup: str) -> list[Text]:
    """The markup's lines as styled texts: parsed in one go, line by line only to find an error."""
    try:
        whole = Text.from_markup(markup, emoji=False)
    except MarkupError:
        for number, line in enumerate(markup.split("\n"), start=1):
            try:
                Text.from_markup(line, emoji=False)
            except MarkupError as e:
                raise MarkupProblem(number, str(e)) from None
        raise MarkupProblem(0, "markup that spans lines") from None
    # split on "\n" only: a Unicode line separator inside a value is not a line.
    return list(whole.split("\n", allow_blank=True))


def _plain_rows(lines: list[str], width: int) -> list[str]:
    """The same layout as draw's, for plain text: hanging indents, words kept whole."""
    rows = []
    for line in lines:
        tab = line.find("\t")
        if tab >= 0:
            head, text = line[:tab], line[tab + 1 :]
        else:
            text = line.lstrip(" ")
            head = line[: len(line) - len(text)]
        hang = cell_len(head)
        if width - hang < _MIN_BODY:
            head, text, hang = "", head + text, 0
        if cell_len(text) <= width - hang or _URL.fullmatch(text):
            rows.append((head + text).rstrip())
            continue
        for i, row in enumerate(_wrap(text, width - hang)):
            rows.append(((head if i == 0 else " " * hang) + row).rstrip())
    return rows


def _wrap(text: str, width: int) -> list[str]:
    """Greedy wrapping by terminal cells (a Chinese character takes two); a word longer than
    the width is cut, as rich's fold does."""
    rows: list[str] = []
    body = text.lstrip(" ")
    words = body.split(" ")
    words[0] = text[: len(text) - len(body)] + words[0]  # leading spaces stay, as rich keeps them
    row, used = "", 0
    for word in words:
        size = cell_len(word)
        if row and used + 1 + size <= width:
            row, used = f"{row} {word}", used + 1 + size
            continue
        if row:
            rows.append(row)
        while size > width:  # a word that fits no line
            cut, cells = 0, 0
            while cut < len(word) and cells + cell_len(word[cut]) <= width:
                cells += cell_len(word[cut])
                cut += 1
            cut = max(cut, 1)  # a wide character in a narrower column still takes one row
            rows.append(word[:cut])
            word = word[cut:]
            size = cell_len(word)
        row, used = word, size
    rows.append(row)
    return rows


def draw(markup: str, out: Console) -> None:
    """Print rendered markup, wrapped to the console's width; all of it, or nothing on an error.

    The markup is parsed once, every line laid out, then the whole printed in one call: one
    parse or one print a line would cost more than the wrapping.
    """
    width = out.width
    lines = _parse(markup.rstrip("\n"))
    if out.no_color or out.color_system is None:
        # No styles to keep: lay out the plain text, much quicker than rich's Text.
        plain = "\n".join(_plain_rows([line.plain for line in lines], width))
        out.file.write(plain + "\n")
        return
    rows: list[Text] = []
    for line in lines:
        plain = line.plain
        tab = plain.find("\t")
        if tab >= 0:
            head, text = line[:tab], line[tab + 1 :]
        else:
            body_at = len(plain) - len(plain.lstrip(" "))
            head, text = line[:body_at], line[body_at:]
        hang = head.cell_len
        if width - hang < _MIN_BODY:
            hang = 0
            text = Text.assemble(head, text)
            head = Text()
        if not text.plain:
            wrapped: list[Text] = [Text()]
        elif text.cell_len <= width - hang or _URL.fullmatch(text.plain):
            # Fits as it is; and a URL is never cut in two, so that it can be copied.
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
