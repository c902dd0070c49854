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


def _window() -> int | None:
    """The terminal's height, if standard output is a terminal."""
    try:
        if not os.isatty(1):
            return None
        lines = os.get_terminal_size(1).lines
    except OSError:
        return None
    return lines if lines > 0 else None  # a terminal that does not say its size: no pager


def show(text: str | Iterable[str], allowed: bool = True) -> None:
    """Print `text` (or its pieces, as they are made), through the pager if it is taller than
    the terminal's window. Piped, pieces are written as they come, in batches."""
    height = _window() if allowed else None
    pager = command() if height is not None else None
    if isinstance(text, str):
        text = (text,)
    if pager is None or height is None:
        _stream(iter(text))
        return
    # Enough to know whether the text fits the window: more than `height` lines.
    pieces = iter(text)
    head: list[str] = []
    lines = 0
    for piece in pieces:
        head.append(piece)
        lines += piece.count("\n")
        if lines >= height:
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
