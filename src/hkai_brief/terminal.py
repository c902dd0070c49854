"""Drawing a rendered summary in the terminal with rich.

The summary template writes rich markup, one line per line. A tab in a line marks where its
wrapped continuation lines start, so a list item or a timeline entry keeps a hanging indent at any
width; a line without a tab hangs at its own indentation. The tab itself is not printed.
"""

from __future__ import annotations

import io
import os
import re
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.errors import MarkupError
from rich.style import Style
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


def width() -> int:
    """The width to lay out for: COLUMNS if it is a sensible number, else the terminal's,
    else 80 (piped)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return min(int(columns), 1000)
    try:
        return min(max(os.get_terminal_size(1).columns, 1), 1000)
    except (OSError, ValueError):
        return 80


def console(colour: bool, size: int | None = None) -> Console:
    """A console that draws into a string, with colour or without: the caller decides (one
    rule for every command: highlight.use_colour), not rich's reading of the environment."""
    return Console(
        file=io.StringIO(),
        width=size or width(),
        height=24,
        force_terminal=colour,
        force_interactive=False,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        emoji=False,
        markup=True,
        soft_wrap=False,
        _environ={},
    )


def _parse(markup: str, links: bool = True) -> list[Text]:
    """The markup's lines as styled texts: parsed in one go, line by line only to find an error.

    Without `links` (a user's template), markup that makes a terminal hyperlink or attaches
    actions is refused: a link's text could then differ from where it leads."""
    try:
        whole = Text.from_markup(markup, emoji=False)
    except MarkupError:
        for number, line in enumerate(markup.split("\n"), start=1):
            try:
                Text.from_markup(line, emoji=False)
            except MarkupError as e:
                raise MarkupProblem(number, str(e)) from None
        raise MarkupProblem(0, "markup that spans lines") from None
    if not links:
        for span in whole.spans:
            style = span.style if isinstance(span.style, Style) else Style.parse(span.style)
            if style.link or style.meta:
                number = whole.plain.count("\n", 0, span.start) + 1
                message = "user templates cannot make links or actions ([link=…])"
                raise MarkupProblem(number, message)
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
        if size > width:  # a word that fits no line: cut it, in one pass over its characters
            pieces, start, cells = [], 0, 0
            for i, char in enumerate(word):
                w = cell_len(char)
                if cells + w > width and i > start:
                    pieces.append(word[start:i])
                    start, cells = i, 0
                cells += w
            rows.extend(pieces)
            word, size = word[start:], cells
        row, used = word, size
    rows.append(row)
    return rows


def draw(markup: str, out: Console, links: bool = True) -> str:
    """Rendered markup laid out to the console's width, as text to print (with colour codes if
    the console has colour); a MarkupProblem instead if the markup is bad.

    The markup is parsed once, every line laid out, then the whole drawn in one call: one
    parse or one print a line would cost more than the wrapping.
    """
    width = out.width
    lines = _parse(markup.rstrip("\n"), links)
    if out.no_color or out.color_system is None:
        # No styles to keep: lay out the plain text, much quicker than rich's Text.
        return "\n".join(_plain_rows([line.plain for line in lines], width)) + "\n"
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
    with out.capture() as captured:
        out.print(Text("\n").join(rows), soft_wrap=True)
    return captured.get()


def measure_table(rows: list[tuple[str, str, str]], out: Console) -> str:
    """Measures as id, then title over its details (area, funding, status) in a wrapping column.

    Ids never wrap, so they can be copied whole; the title column takes what width is left.
    """
    from rich.table import Table

    from .text import one_line

    grid = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    longest = max((len(id) for id, _, _ in rows), default=2)
    if out.width < longest + 12:
        out.width = longest + 12  # ids are never cut; the row runs past a narrow window
    grid.add_column("ID", no_wrap=True, min_width=longest)
    grid.add_column("MEASURE", overflow="fold", ratio=1)
    for id, title, details in rows:
        cell = Text(one_line(title))
        cell.append("\n" + one_line(details), style="dim")
        grid.add_row(Text(id), cell)
    with out.capture() as captured:
        out.print(grid)
    # Columns are padded to their width; trailing spaces only get in the way of a pipe.
    return _TRAILING.sub(r"\1", captured.get())
