"""Paging, as git does it: output taller than the terminal goes through a pager.

Only when standard output is a terminal, and the text has more lines than the window. The pager
is HKAI_BRIEF_PAGER, else PAGER, else `less`; an empty setting turns paging off, as does
`--no-pager`. `less` gets LESS=FRX when LESS is not set: quit at once if the text fits, keep
the colours, and leave the text on the screen. A pager that cannot be started is passed over
and the text printed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import chain

from .output import to_stdout


def command(environ: dict[str, str] | None = None) -> list[str] | None:
    """The pager to run, as an argument list, or None when paging is turned off."""
    import shlex

    env = os.environ if environ is None else environ
    setting = env.get("HKAI_BRIEF_PAGER")
    if setting is None:
        setting = env.get("PAGER")
    if setting is None:
        setting = "less"
    try:
        words = shlex.split(setting)
    except ValueError:
        return None
    return words or None


def _window() -> tuple[int, int] | None:
    """The terminal's height and width, if standard output is a terminal."""
    try:
        if not os.isatty(1):
            return None
        size = os.get_terminal_size(1)
    except OSError:
        return None
    if size.lines <= 0:
        return None  # a terminal that does not say its size: no pager
    return size.lines, size.columns if size.columns > 0 else 80


# Colour and hyperlink sequences, which take no room on the screen (re caches it compiled).
_ESCAPES = r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)"


def rows(text: str, columns: int) -> int:
    """How many rows of the screen `text` takes: a line longer than the window wraps (a
    Chinese character takes two columns; colours and links take none)."""
    import re
    import unicodedata

    total = 0
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        if "\x1b" in line:
            line = re.sub(_ESCAPES, "", line)
        width = len(line)
        if not line.isascii():
            width += sum(1 for c in line if unicodedata.east_asian_width(c) in "WF")
        total += max(1, -(-width // columns))
    return total


def show(text: str | Iterable[str], allowed: bool = True) -> None:
    """Print `text` (or its pieces, as they are made), through the pager if it is taller than
    the terminal's window. Piped, pieces are written as they come, in batches."""
    window = _window() if allowed else None
    pager = command() if window is not None else None
    if isinstance(text, str):
        text = (text,)
    if pager is None or window is None:
        _stream(iter(text))
        return
    height, columns = window
    # Enough to know whether the text fits the window: more than `height` rows, long lines
    # counted as the rows they wrap to.
    pieces = iter(text)
    head: list[str] = []
    taken = 0
    for piece in pieces:
        head.append(piece)
        taken += rows(piece, columns)
        if taken >= height:
            break
    else:
        to_stdout("".join(head))
        return
    _page(pager, chain(head, pieces))


def _stream(pieces: Iterator[str]) -> None:
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            to_stdout("".join(batch))
            batch, size = [], 0
    if batch:
        to_stdout("".join(batch))


def _page(pager: list[str], pieces: Iterable[str]) -> None:
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")  # lv, the pager some systems use: keep the colours
    from .output import encoding

    try:
        process = subprocess.Popen(pager, stdin=subprocess.PIPE, env=env)
    except OSError:
        _stream(iter(pieces))  # no such pager: print, as git does
        return
    assert process.stdin is not None
    try:
        for piece in pieces:
            process.stdin.write(piece.encode(encoding(), "replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager early
    except KeyboardInterrupt:
        pass  # Ctrl-C in the pager is for the pager
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:
            continue  # the pager decides when to end; we wait for it
