"""Line wrapping measured in terminal cells, one rule for every output that wraps: the terminal
summary and `show`, `list`, and the text handout's `wrap` filter.

A Chinese or Japanese character takes two cells. Lines break at spaces and, in Chinese text,
between any two characters, except before closing punctuation (，。、」） and the like) and after
opening punctuation (「（ and the like): the usual rules for Chinese line breaking. A word wider
than the line is cut in a terminal and kept whole in a handout; a URL is never cut, so that it
can be copied whole.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

# Chinese line-breaking rules: no line starts with these...
NO_BREAK_BEFORE = "，。、；：？！）」』】》〉〕］｝〗〙〛’”…‥・ー々〻．)]}%,.;:!?†"
# ...and none ends with these.
NO_BREAK_AFTER = "（「『【《〈〔［｛〖〘〚‘“([{"
_WORD = re.compile(r"[^ ]+")
_URL = re.compile(r"https?://\S+")
_PUNCTUATION = re.compile("[" + re.escape(NO_BREAK_BEFORE + NO_BREAK_AFTER) + "]")


def cells(text: str) -> int:
    """The width of a text in terminal cells."""
    if text.isascii() and text.isprintable():
        return len(text)  # one cell a character, the usual case: 10x quicker than rich
    return cell_len(text)


class _Rows:
    """Rows being filled greedily, as (start, end) offsets into the text."""

    def __init__(self, text: str, width: int, rest: int, cut: bool) -> None:
        self.text, self.widths, self.cut = text, (max(width, 1), max(rest, 1)), cut
        self.rows: list[tuple[int, int]] = []
        self.start = self.end = self.used = 0
        self.empty = True

    @property
    def limit(self) -> int:
        return self.widths[1 if self.rows else 0]

    def add(self, start: int, end: int, size: int, spaced: bool) -> None:
        """A piece the line may break before: on this row if it fits, else on the next."""
        if self.empty:  # leading spaces stay on the first row
            self.start, self.end, self.used = 0, end, cells(self.text[:start]) + size
            self.empty = False
        else:
            gap = cells(self.text[self.end : start]) if spaced else 0
            if self.used + gap + size <= self.limit:
                self.end, self.used = end, self.used + gap + size
                return
            self.rows.append((self.start, self.end))
            self.start, self.end, self.used = start, end, size
        if self.cut and self.used > self.limit and not _URL.match(self.text, self.start):
            self._cut()

    def _cut(self) -> None:
        """Cut the open row's overlong piece into rows; the last part stays open."""
        used, start = 0, self.start
        for i in range(self.start, self.end):
            w = cells(self.text[i])
            if used + w > self.limit and i > start:
                self.rows.append((start, i))
                start, used = i, 0
            used += w
        self.start, self.used = start, used

    def add_run(self, start: int, end: int) -> None:
        """A run of two-cell characters with no punctuation, the first after a space, breakable
        between any two: filled by arithmetic rather than character by character."""
        at, spaced = start, True
        while at < end:
            if self.empty:
                self.add(at, at + 1, 2, spaced)
                at, spaced = at + 1, False
                continue
            gap = cells(self.text[self.end : at]) if spaced else 0
            take = min(end - at, (self.limit - self.used - gap) // 2)
            if take <= 0:
                self.rows.append((self.start, self.end))
                self.start, self.end, self.used, gap = at, at, 0, 0
                take = min(end - at, max(self.limit // 2, 1))
            self.end, self.used = at + take, self.used + gap + 2 * take
            at, spaced = at + take, False

    def finish(self) -> list[tuple[int, int]]:
        if not self.empty:
            self.rows.append((self.start, self.end))
        return self.rows or [(0, 0)]


def spans(
    text: str, width: int, rest: int | None = None, cut: bool = True
) -> list[tuple[int, int]]:
    """Where each line of `text` starts and ends, wrapped greedily to `width` cells (`rest`
    for the lines after the first). Leading spaces stay on the first line; the spaces at a
    break are dropped; a word wider than the line is cut if `cut` (a terminal's way), else
    left whole (a handout's, so that a path can be copied). Linear in the text's length."""
    rows = _Rows(text, width, width if rest is None else rest, cut)
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        if word.isascii() or _URL.match(word):
            rows.add(start, end, len(word) if word.isascii() else cells(word), True)
            continue
        widths = [cell_len(c) for c in word]
        if not _PUNCTUATION.search(word) and sum(widths) == 2 * len(word):
            rows.add_run(start, end)
            continue
        _breakable(rows, word, start, widths)
    return rows.finish()


def _breakable(rows: _Rows, word: str, start: int, widths: list[int]) -> None:
    """A word with wide characters: pieces break between characters where a wide one stands on
    either side, but never before closing or after opening punctuation."""
    piece = 0
    for i in range(1, len(word)):
        if (widths[i - 1] == 2 or widths[i] == 2) and (
            word[i] not in NO_BREAK_BEFORE and word[i - 1] not in NO_BREAK_AFTER
        ):
            rows.add(start + piece, start + i, sum(widths[piece:i]), piece == 0)
            piece = i
    rows.add(start + piece, start + len(word), sum(widths[piece:]), piece == 0)


def fit(text: str, width: int, ellipsis: str = "…") -> str:
    """`text` cut to `width` cells, with `ellipsis` at the end where it was cut."""
    if cells(text) <= width:
        return text
    room = max(width - cells(ellipsis), 0)
    if text.isascii() and text.isprintable():
        return text[:room].rstrip() + ellipsis
    used, end = 0, 0
    for i, char in enumerate(text):
        w = cells(char)
        if used + w > room:
            break
        used, end = used + w, i + 1
    return text[:end].rstrip() + ellipsis


def wrap(text: str, width: int, rest: int | None = None, cut: bool = True) -> list[str]:
    """The lines of `text` wrapped to `width` cells (see `spans`)."""
    return [text[a:b] for a, b in spans(text, width, rest, cut)]


def fill(text: str, width: int = 78, indent: str = "", hang: str = "") -> str:
    """A paragraph wrapped to `width` cells, its first line after `indent`, the others after
    `hang`: textwrap.fill's job, measured in cells, with long words (paths) kept whole."""
    lines = wrap(text, width - cells(indent), width - cells(hang), cut=False)
    return "\n".join((indent if i == 0 else hang) + line for i, line in enumerate(lines))
