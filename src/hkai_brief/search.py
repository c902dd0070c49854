"""Finding measures by a word: the texts of a measure, and patterns matched against them.

Case-insensitive matching folds case the Unicode way (str.casefold: 'Straße' matches 'STRASSE',
full-width capitals match full-width small letters), and match offsets always point into the
original text.
"""

# No `from __future__ import annotations`: NamedTuple compiles string annotations (see model.py).
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .model import Dataset, Measure, PartialDate

# The fields grep looks in, in the order it shows them.
FIELDS = (
    "title",
    "abbreviation",
    "name_zh",
    "aliases",
    "summary",
    "keywords",
    "figures",
    "funding",
    "milestones",
    "updates",
    "area",
    "run_by",
)


class Text(NamedTuple):
    """One searchable text of a measure: `field` is its name, `label` adds the index of a list."""

    field: str
    label: str
    value: str


def texts(dataset: "Dataset", measure: "Measure") -> Iterator["Text"]:
    """Every text of a measure as grep sees it; figures, money and dates as a briefing has them."""
    from . import figures

    yield Text("title", "title", measure.title)
    if measure.abbreviation:
        yield Text("abbreviation", "abbreviation", measure.abbreviation)
    if measure.name_zh:
        yield Text("name_zh", "name_zh", measure.name_zh)
    for i, alias in enumerate(measure.aliases):
        yield Text("aliases", f"aliases[{i}]", alias)
    yield Text("summary", "summary", measure.summary)
    for i, keyword in enumerate(measure.keywords):
        yield Text("keywords", f"keywords[{i}]", keyword)
    for i, figure in enumerate(measure.figures):
        yield Text("figures", f"figures[{i}]", figures.figure(figure))
    if measure.funding:
        money = figures.money(measure.funding.amount, measure.funding.currency)
        note = f", {measure.funding.note}" if measure.funding.note else ""
        yield Text("funding", "funding", money + note)
    for i, step in enumerate(measure.milestones):
        yield Text("milestones", f"milestones[{i}]", _dated(step.date, step.qualifier, step.text))
    for i, update in enumerate(measure.updates):
        yield Text("updates", f"updates[{i}]", _dated(update.date, update.qualifier, update.text))
    yield Text("area", "area", dataset.area(measure.area).title)
    for i, org in enumerate(measure.run_by):
        yield Text("run_by", f"run_by[{i}]", dataset.organisation(org).name)


def _dated(date: "PartialDate", qualifier: str | None, text: str) -> str:
    from . import figures

    shown = figures.date(date, qualifier)
    return f"{shown[:1].upper()}{shown[1:]}: {text}"


class PatternError(Exception):
    """A regular expression that does not compile, with where it goes wrong."""

    def __init__(self, pattern: str, position: int | None, message: str) -> None:
        self.pattern, self.position, self.message = pattern, position, message
        where = f" at character {position + 1}" if position is not None else ""
        super().__init__(f"invalid pattern {pattern!r}: {message}{where}")


class Match(NamedTuple):
    text: Text
    start: int
    end: int


class Matcher:
    """Patterns (any may match) with grep's options, ready to search texts."""

    def __init__(
        self,
        patterns: list[str],
        *,
        fixed: bool = False,
        ignore_case: bool = False,
        smart_case: bool = False,
        word: bool = False,
    ) -> None:
        if smart_case and not ignore_case:
            # A capital in an escape (\S, \W) is no capital the user typed.
            letters = [re.sub(r"\\.", "", p) for p in patterns]
            ignore_case = all(p == p.lower() for p in letters)
        self.fold = ignore_case
        parts = []
        for pattern in patterns:
            if fixed:
                source = re.escape(pattern.casefold() if ignore_case else pattern)
            else:
                # Texts are casefolded when case is ignored; so is a pattern with no escapes or
                # groups to spoil ('straße' then finds 'STRASSE', as with -F).
                plain = "\\" not in pattern and "(?" not in pattern
                source = pattern.casefold() if ignore_case and plain else pattern
                try:
                    re.compile(source)
                except re.error as e:
                    raise PatternError(pattern, e.pos, e.msg) from None
            if word:
                source = rf"(?<!\w)(?:{source})(?!\w)"
            # One pattern stands as it is, so that a flag such as (?i) stays at its start.
            parts.append(source if len(patterns) == 1 else f"(?:{source})")
        # Texts are casefolded before matching; a fixed string is casefolded too, so it needs no
        # flag (re's own case rules differ from casefold's, for the Turkish dotless i). A regular
        # expression keeps its own letters, so re matches them in either case.
        flags = re.IGNORECASE if ignore_case and not fixed else 0
        try:
            self.regex = re.compile("|".join(parts), flags)
        except re.error as e:  # several patterns, one with a flag such as (?i)
            raise PatternError(" | ".join(patterns), None, e.msg) from None

    def find(self, text: Text) -> list[Match]:
        value = text.value
        if not self.fold:
            return [Match(text, m.start(), m.end()) for m in self.regex.finditer(value)]
        folded, index = _fold(value)
        matches = []
        for m in self.regex.finditer(folded):
            start = index[m.start()]
            end = index[m.end() - 1] + 1 if m.end() > m.start() else start
            matches.append(Match(text, start, end))
        return matches


def _fold(text: str) -> tuple[str, list[int]]:
    """The casefolded text, and for each of its characters the index of the original one."""
    if text.isascii():
        return text.lower(), list(range(len(text) + 1))
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = ch.casefold()
        parts.append(folded)
        index.extend([i] * len(folded))
    index.append(len(text))
    return "".join(parts), index


class Result(NamedTuple):
    measure: "Measure"
    matches: tuple[Match, ...]


def search(
    dataset: "Dataset",
    matcher: Matcher,
    areas: tuple[str, ...] = (),
    fields: tuple[str, ...] = (),
) -> list[Result]:
    """The measures with a match, in data order, each with every match in the chosen fields."""
    results = []
    for measure in dataset.measures:
        if areas and measure.area not in areas:
            continue
        found: list[Match] = []
        for text in texts(dataset, measure):
            if not fields or text.field in fields:
                found.extend(matcher.find(text))
        if found:
            results.append(Result(measure, tuple(found)))
    return results
