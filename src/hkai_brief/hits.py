"""How grep shows what it found: blocks with highlighted matches, counts, ids or JSON lines.

The whole output is made as one text (report), for the click layer to print in one write.

Written without rich or Jinja so that a piped `grep` starts as fast as the YAML loader allows.
Colours are plain SGR sequences, ripgrep's: ids in magenta, labels in green, matches in bold red.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import IO

from .model import Dataset
from .sanitize import json_dumps, one_line
from .search import Match, Result

CONTEXT = 30  # characters shown on each side of a match in a long text
WHOLE = 100  # texts up to this long are shown whole

_RESET = "\x1b[0m"
_ID = "\x1b[1;35m"
_LABEL = "\x1b[32m"
_MATCH = "\x1b[1;31m"
_TITLE = "\x1b[1m"


def use_colour(choice: str, stream: IO[str] | None = None) -> bool:
    """Whether to colour, one rule for every command: --color always or never as it says;
    auto colours a terminal, unless NO_COLOR is set (no-color.org) or TERM is dumb, and colours
    a pipe too if FORCE_COLOR is set to anything but 0 (NO_COLOR wins over it)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{style}{text}{_RESET}" if colour and text else text


def snippet(value: str, matches: list[Match], colour: bool) -> str:
    """The text around its matches, the matches highlighted; long texts cut with an ellipsis."""
    spans = sorted((m.start, m.end) for m in matches)
    if len(value) <= WHOLE:
        start, end = 0, len(value)
    else:
        start = max(0, spans[0][0] - CONTEXT)
        end = min(len(value), spans[0][1] + CONTEXT)
        for _, e in spans[1:]:
            if e + CONTEXT - start > WHOLE:
                break
            end = min(len(value), e + CONTEXT)
    start, end = _snap(value, start, end)
    pieces = ["…" if start > 0 else ""]
    at = start
    for s, e in spans:
        if s < at or e > end or s == e:
            continue
        pieces.append(one_line(value[at:s]))
        pieces.append(_paint(one_line(value[s:e]), _MATCH, colour))
        at = e
    pieces.append(one_line(value[at:end]))
    pieces.append("…" if end < len(value) else "")
    return "".join(pieces)


def _snap(value: str, start: int, end: int, reach: int = 12) -> tuple[int, int]:
    """Move the cut ends of a window out to the nearest spaces, so no word is cut in two."""
    if start > 0:
        space = value.rfind(" ", max(0, start - reach), start)
        start = space + 1 if space >= 0 else start
    if end < len(value):
        space = value.find(" ", end, end + reach)
        end = space if space >= 0 else end
    return start, end


def blocks(dataset: Dataset, results: list[Result], colour: bool) -> Iterator[str]:
    """One block a measure: its id, title and area, then each matching text in context."""
    for n, result in enumerate(results):
        m = result.measure
        if n:
            yield ""
        area = dataset.area(m.area).title
        yield (
            f"{_paint(m.id, _ID, colour)}: {_paint(one_line(m.title), _TITLE, colour)}"
            f" [{one_line(area)}]"
        )
        by_label: dict[str, list[Match]] = {}
        for match in result.matches:
            by_label.setdefault(match.text.label, []).append(match)
        for label, found in by_label.items():
            text = found[0].text.value
            yield f"  {_paint(label, _LABEL, colour)}: {snippet(text, found, colour)}"


def report(dataset: Dataset, results: list[Result], mode: str, colour: bool) -> str:
    """grep's output: `mode` is blocks (the default), count, ids or json."""
    if mode == "json":
        lines = json_lines(results)
    elif mode == "ids":
        lines = ids(results)
    elif mode == "count":
        lines = counts(results)
    else:
        lines = blocks(dataset, results, colour)
    return "".join(line + "\n" for line in lines)


def counts(results: list[Result]) -> Iterator[str]:
    for result in results:
        yield f"{result.measure.id}:{len(result.matches)}"


def ids(results: list[Result]) -> Iterator[str]:
    for result in results:
        yield result.measure.id


def json_lines(results: list[Result]) -> Iterator[str]:
    """One JSON object a match: the README documents the shape."""
    for result in results:
        m = result.measure
        for match in result.matches:
            yield json_dumps(
                {
                    "measure": m.id,
                    "area": m.area,
                    "title": m.title,
                    "field": match.text.field,
                    "label": match.text.label,
                    "text": match.text.value,
                    "match": match.text.value[match.start : match.end],
                    "start": match.start,
                    "end": match.end,
                }
            )
