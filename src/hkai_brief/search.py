"""Finding measures by what they say: the searchable texts of a measure, and one matcher that
grep, --keyword and anything else that finds measures by words all use.

Case-insensitive matching folds case the Unicode way (str.casefold: 'Straße' matches 'STRASSE',
full-width capitals match full-width small letters), and match offsets always point into the
original text.
"""

# No `from __future__ import annotations`: NamedTuple compiles string annotations (see model.py).
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from .errors import PatternError

if TYPE_CHECKING:
    from .model import Dataset, Measure


class Searchable(NamedTuple):
    """One searchable text of a measure: `field` is its name, `label` adds the index of a list."""

    field: str
    label: str
    value: str


def texts(dataset: "Dataset", measure: "Measure") -> Iterator["Searchable"]:
    """Every text of a measure as grep sees it; figures, money and dates as a briefing has them."""
    from . import wording

    yield Searchable("title", "title", measure.title)
    if measure.abbreviation:
        yield Searchable("abbreviation", "abbreviation", measure.abbreviation)
    if measure.name_zh:
        yield Searchable("name_zh", "name_zh", measure.name_zh)
    for i, alias in enumerate(measure.aliases):
        yield Searchable("aliases", f"aliases[{i}]", alias)
    yield Searchable("summary", "summary", measure.summary)
    for i, keyword in enumerate(measure.keywords):
        yield Searchable("keywords", f"keywords[{i}]", keyword)
    for i, figure in enumerate(measure.figures):
        yield Searchable("figures", f"figures[{i}]", wording.figure(figure))
    if measure.funding:
        money = wording.money(measure.funding.amount, measure.funding.currency)
        note = f", {measure.funding.note}" if measure.funding.note else ""
        yield Searchable("funding", "funding", money + note)
    for i, step in enumerate(measure.milestones):
        yield Searchable("milestones", f"milestones[{i}]", wording.dated(step))
    for i, update in enumerate(measure.updates):
        yield Searchable("updates", f"updates[{i}]", wording.dated(update))
    yield Searchable("area", "area", dataset.area(measure.area).title)
    for i, org in enumerate(measure.run_by):
        yield Searchable("run_by", f"run_by[{i}]", dataset.organisation(org).name)


class Match(NamedTuple):
    text: Searchable
    start: int
    end: int


# A regular expression is plain text if it has none of these: then case can be folded the
# Unicode way (casefold) on both sides, as for -F.
_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]|()]")
# The longest a search with regular expressions may take: a pattern such as (.+)+# can take
# longer than the universe has left on a short text.
TIME_BUDGET = 5.0


class _Pattern(NamedTuple):
    given: str  # as the user typed it
    regex: "re.Pattern[str]"
    folded: bool  # matched against casefolded text


class Matcher:
    """Patterns (any may match) with grep's options, ready to search texts.

    Each pattern is compiled on its own, so that its groups and backreferences keep their
    numbers, and a flag such as (?i) stays at its start."""

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
        self.regex_mode = not fixed
        self.patterns = [self._compile(p, fixed, ignore_case, word) for p in patterns]
        self.fold = any(p.folded for p in self.patterns)

    @staticmethod
    def _compile(pattern: str, fixed: bool, ignore_case: bool, word: bool) -> _Pattern:
        literal = fixed or not _REGEX_SYNTAX.search(pattern)
        # Plain text with case ignored: casefold it and the texts ('straße' finds 'STRASSE').
        # A regular expression keeps its own letters ([ß] stays [ß]), and re ignores case.
        folded = ignore_case and literal
        source = pattern.casefold() if folded else pattern
        if fixed:
            source = re.escape(source)
        if word:
            source = rf"(?<!\w)(?:{source})(?!\w)"
        flags = re.IGNORECASE if ignore_case and not folded else 0
        try:
            return _Pattern(pattern, re.compile(source, flags), folded)
        except re.error as e:
            raise PatternError(pattern, e.pos, e.msg) from None
        except (OverflowError, RecursionError, ValueError) as e:
            raise PatternError(pattern, None, str(e)) from None

    def find(self, text: Searchable) -> list[Match]:
        value = text.value
        matches: list[Match] = []
        folded: tuple[str, list[int]] | None = None
        for pattern in self.patterns:
            if not pattern.folded:
                matches += [Match(text, m.start(), m.end()) for m in pattern.regex.finditer(value)]
                continue
            if folded is None:
                folded = _fold(value)
            fold, index = folded
            for m in pattern.regex.finditer(fold):
                start = index[m.start()]
                end = index[m.end() - 1] + 1 if m.end() > m.start() else start
                matches.append(Match(text, start, end))
        if len(self.patterns) > 1:
            matches.sort(key=lambda m: (m.start, m.end))
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
    """The measures with a match, in data order, each with every match in the chosen fields.

    Regular expressions search under a time budget (PatternError when it runs out)."""
    if not matcher.regex_mode:
        return _search(dataset, matcher, areas, fields)
    from .budget import seconds, time_budget
    from .errors import Expired

    try:
        with time_budget(TIME_BUDGET):
            return _search(dataset, matcher, areas, fields)
    except Expired:
        shown = " | ".join(p.given for p in matcher.patterns)
        raise PatternError(
            shown,
            None,
            f"searching took longer than {seconds(TIME_BUDGET)} (the pattern makes the search"
            " try very many ways to match; simplify it, or use -F for plain text)",
        ) from None


def _search(
    dataset: "Dataset", matcher: Matcher, areas: tuple[str, ...], fields: tuple[str, ...]
) -> list[Result]:
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


class Query(NamedTuple):
    """grep's question: patterns (any may match), how to match them, where to look."""

    patterns: tuple[str, ...]
    fixed: bool = False
    ignore_case: bool = False
    case_sensitive: bool = False
    word: bool = False
    fields: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


def find(dataset: "Dataset", query: Query) -> list[Result]:
    """The measures that answer a query; PatternError for a bad pattern, an UnknownId for an
    unknown area."""
    from .select import area_ids

    if not query.patterns:
        from .errors import UsageError

        raise UsageError("give a PATTERN, or -e PATTERN")
    try:
        matcher = Matcher(
            list(query.patterns),
            fixed=query.fixed,
            ignore_case=query.ignore_case,
            # Smart case unless told otherwise: 'cyberport' finds Cyberport, 'GBA' only GBA.
            smart_case=not query.case_sensitive,
            word=query.word,
        )
    except PatternError as e:
        if not query.fixed:
            e.args = (f"{e} (use -F to search for the text as it is)",)
        raise
    return search(dataset, matcher, area_ids(dataset, query.areas), query.fields)


def keyword_matcher(keywords: tuple[str, ...]) -> Matcher:
    """The matcher of `--keyword`: grep's own, with its default options, so that the same words
    select the same measures in every command."""
    return Matcher(list(keywords), smart_case=True)
