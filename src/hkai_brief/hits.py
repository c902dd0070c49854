"""How grep shows what it found: blocks of quotable hits, counts, ids or JSON lines.

A hit is the whole sentence around a match (never a cut word), with the ids of the documents
that back it, so that it can be quoted and cited at once. The output is made line by line
(report), so that a long one streams to a pipe rather than wait in memory.

Written without rich or Jinja so that a piped `grep` starts as fast as the YAML loader allows.
Colours are plain SGR sequences, ripgrep's: ids in magenta, labels in green, matches in bold red.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from typing import IO, Any

from .lang import text as localized
from .model import Dataset
from .sanitize import json_dumps, one_line
from .search import Match, Query, Result, answering, find

_RESET = "\x1b[0m"
_ID = "\x1b[1;35m"
_LABEL = "\x1b[32m"
_MATCH = "\x1b[1;31m"
_TITLE = "\x1b[1m"
# Where a sentence ends: after . ! ? (and the Chinese 。！？) and the spaces that follow.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9])|(?<=[。！？])")


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


def sentences(value: str) -> list[tuple[int, int]]:
    """Where each sentence of a text starts and ends."""
    spans, start = [], 0
    for brk in _SENTENCE_END.finditer(value):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(value)))
    return [(a, b) for a, b in spans if b > a]


def quote(value: str, matches: list[Match], colour: bool, ellipsis: str = "…") -> str:
    """The sentences of a text that hold its matches, whole, the matches highlighted; an
    ellipsis where sentences are left out."""
    spans = sorted({(m.start, m.end) for m in matches if m.end > m.start})
    parts = sentences(value)
    shown = [p for p in parts if any(p[0] <= s < p[1] for s, _ in spans)] or parts[:1]
    pieces = []
    for n, (start, end) in enumerate(shown):
        if (n == 0 and start > 0) or (n > 0 and shown[n - 1][1] < start - 2):
            pieces.append(ellipsis + " " if n == 0 else " " + ellipsis + " ")
        elif n > 0:  # what stood between them: a space, or nothing after 。
            pieces.append(one_line(value[shown[n - 1][1] : start]))
        pieces.append(_highlight(value, start, end, spans, colour))
    if shown and shown[-1][1] < len(value.rstrip()):
        pieces.append(" " + ellipsis)
    return "".join(pieces)


def _highlight(value: str, start: int, end: int, spans: list[tuple[int, int]], colour: bool) -> str:
    out, at = [], start
    for s, e in spans:
        if s < at or e > end:
            continue
        out.append(one_line(value[at:s]))
        out.append(_paint(one_line(value[s:e]), _MATCH, colour))
        at = e
    out.append(one_line(value[at:end]))
    return "".join(out)


def answer(
    dataset: Dataset, query: Query, mode: str, colour: bool, lang: str
) -> Iterator[str] | None:
    """grep's answer to a query, line by line (`mode`: blocks, json, count or ids); None if
    nothing answers it. -c and -l count what an index keeps, without making the measures."""
    if mode in ("ids", "count"):
        measures = answering(dataset, query, counting=mode == "count", lang=lang)
        return id_lines(measures, counted=mode == "count") if measures else None
    results = find(dataset, query, lang=lang)
    if not results:
        return None
    from .wording import symbols

    return report(dataset, results, mode, colour, lang, symbols().secondary)


def report(
    dataset: Dataset,
    results: list[Result],
    mode: str,
    colour: bool,
    lang: str = "en",
    secondary: str = "†",
) -> Iterator[str]:
    """grep's output, line by line as it is made: `mode` is blocks (the default) or json; each
    block headed by the record's title in `lang`."""
    if mode == "json":
        lines = json_lines(dataset, results)
    else:
        lines = blocks(dataset, results, colour, lang, secondary)
    return (line + "\n" for line in lines)


def _heading(dataset: Dataset, result: Result, colour: bool, lang: str) -> str:
    mark = result.kind == "measure"  # a source's title is its name, in its own language
    title = _paint(one_line(localized(result.record, "title", lang, mark)), _TITLE, colour)
    if result.kind == "measure":
        area = localized(dataset.area(result.measure.area), "title", lang)
        return f"{_paint(result.id, _ID, colour)}: {title} [{one_line(area)}]"
    return f"{result.kind} {_paint(result.id, _ID, colour)}: {title}"


_CONTEXT = ("keywords", "area", "run_by")


def blocks(
    dataset: Dataset, results: list[Result], colour: bool, lang: str = "en", secondary: str = "†"
) -> Iterator[str]:
    """One block a record: its id, title and area, then each matching text's sentences, marked
    `secondary` if seen only in a secondary source, with the documents that back them."""
    for n, result in enumerate(results):
        if n:
            yield ""
        yield _heading(dataset, result, colour, lang)
        by_label: dict[str, list[Match]] = {}
        for match in result.matches:
            by_label.setdefault(match.text.label, []).append(match)
        for label, found in by_label.items():
            text = found[0].text
            # What files a measure under a keyword, an area or a body is not a fact a source
            # states: its documents are in --json, not repeated on each such line.
            cited = text.sources if text.field not in _CONTEXT else ()
            cite = f" [{', '.join(cited)}]" if cited else ""
            mark = secondary if text.secondary else ""
            said = quote(text.value, found, colour)
            yield f"  {_paint(label, _LABEL, colour)}: {said}{mark}{cite}"


def id_lines(found: list[tuple[str, int]], counted: bool) -> Iterator[str]:
    """grep -l and -c: the ids of the measures found, each with its count if `counted`."""
    for id, total in found:
        yield f"{id}:{total}\n" if counted else id + "\n"


def json_lines(dataset: Dataset, results: list[Result]) -> Iterator[str]:
    """One JSON object per text that matches, with its matches (at most search.SHOWN): the
    README documents the shape. A text is given once, however many matches it holds."""
    for result in results:
        by_label: dict[str, list[Match]] = {}
        for match in result.matches:
            by_label.setdefault(match.text.label, []).append(match)
        for found in by_label.values():
            text = found[0].text
            value = text.value
            spans = sentences(value)
            record: dict[str, Any] = {"kind": result.kind, "id": result.id}
            if result.kind == "measure":
                record.update(measure=result.id, area=result.measure.area)
            record.update(
                title=result.record.title,
                field=text.field,
                label=text.label,
                text=value,
                matches=[
                    {"match": value[m.start : m.end], "start": m.start, "end": m.end} for m in found
                ],
                sentences=[value[a:b] for a, b in spans if any(a <= m.start < b for m in found)],
                secondary=text.secondary,
                sources=[{"id": d, "url": dataset.document(d).url} for d in text.sources],
            )
            yield json_dumps(record)
