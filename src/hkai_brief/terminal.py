"""Drawing rendered rich markup for a terminal: laid out by layout.py, coloured by rich.

The summary and `show` templates write rich markup, one line per line. A tab in a line marks
where its wrapped continuation lines start, so a list item or a timeline entry keeps a hanging
indent at any width; a line without a tab hangs at its own indentation. The tab itself is not
printed. Plain and coloured output are laid out by the same function, so they match.
"""

from __future__ import annotations

import io
import os
import re

from rich.console import Console
from rich.errors import MarkupError, MissingStyle, StyleSyntaxError
from rich.style import Style
from rich.text import Text

from . import layout
from .errors import TemplateError

_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.M)
# Below this many columns for the wrapped part, hanging indents are dropped.
_MIN_BODY = 24


def width() -> int:
    """The width to lay out for: COLUMNS if it is a sensible number, else the terminal's,
    else 80 (piped)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return min(int(columns), 1000)
    try:
        columns_seen = os.get_terminal_size(1).columns
    except (OSError, ValueError):
        return 80
    # A terminal that reports no width (0: some containers and CI) is taken as 80 wide.
    return min(columns_seen, 1000) if columns_seen > 0 else 80


def console(colour: bool, size: int | None = None) -> Console:
    """A console that draws into a string, with colour or without: the caller decides (one
    rule for every command: hits.use_colour), not rich's reading of the environment."""
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


def _parse(markup: str, source: str, links: bool) -> list[Text]:
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
                raise TemplateError(source, None, f"line {number} of the output: {e}") from None
        raise TemplateError(source, None, "markup that spans lines") from None
    if not links:
        for span in whole.spans:
            style = span.style if isinstance(span.style, Style) else Style.parse(span.style)
            if style.link or style.meta:
                number = whole.plain.count("\n", 0, span.start) + 1
                message = f"line {number} of the output: user templates cannot make links or"
                raise TemplateError(source, None, message + " actions ([link=…])")
    # split on "\n" only: a Unicode line separator inside a value is not a line.
    return list(whole.split("\n", allow_blank=True))


def _hanging(line: str, size: int) -> tuple[int, int]:
    """Where a line's text starts after its head (the tab, or its indentation), and how far
    its continuation lines hang; no hang in a window too narrow for it."""
    tab = line.find("\t")
    body = tab + 1 if tab >= 0 else len(line) - len(line.lstrip(" "))
    hang = layout.cells(line[: max(tab, 0)] if tab >= 0 else line[:body])
    if size - hang < _MIN_BODY:
        return 0, 0
    return body, hang


def draw(markup: str, out: Console, source: str = "template", links: bool = True) -> str:
    """Rendered markup laid out to the console's width, as text to print (with colour codes if
    the console has colour); TemplateError, naming `source`, if the markup is bad."""
    try:
        return _draw(markup, out, source, links)
    except (StyleSyntaxError, MissingStyle) as e:  # [notastyle]: a tag that names no style
        raise TemplateError(source, None, f"a tag in the output is not a style: {e}") from None


def _draw(markup: str, out: Console, source: str, links: bool) -> str:
    size = out.width
    lines = _parse(markup.rstrip("\n"), source, links)
    coloured = not (out.no_color or out.color_system is None)
    plain_rows: list[str] = []
    rows: list[Text] = []
    for line in lines:
        plain = line.plain
        body, hang = _hanging(plain, size)
        tab = plain.find("\t")
        if tab >= 0:
            head, text = line[:tab], line[tab + 1 :]
        else:
            head, text = line[:body], line[body:]
        if hang == 0:
            text, head = Text.assemble(head, text), Text()
        spans = layout.spans(text.plain, size - hang)
        for i, (a, b) in enumerate(spans):
            first = head if i == 0 else Text(" " * hang)
            if coloured:
                row = Text.assemble(first, text[a:b])
                row.rstrip()
                rows.append(row)
            else:
                plain_rows.append((first.plain + text.plain[a:b]).rstrip())
    if not coloured:
        return "\n".join(plain_rows) + "\n"
    with out.capture() as captured:
        out.print(Text("\n").join(rows), soft_wrap=True)
    return captured.get()


def measure_table(rows: list[tuple[str, str, str]], out: Console) -> str:
    """Measures as id, then title over its details (area, funding, status) in a wrapping column.

    Ids never wrap, so they can be copied whole; the title column takes what width is left.
    """
    from rich.table import Table

    from .sanitize import one_line

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
