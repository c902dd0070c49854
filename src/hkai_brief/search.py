"""Finding what the data says: the searchable texts of every measure, the reply and the sources,
and one search that grep, --keyword and completion all use.

A query is words by default (words.py: any order, word families, numbers, money, Chinese in
either script, quoted phrases); -F makes it one literal string and -e a regular expression,
each with grep's case rules (Unicode case folding, offsets always into the original text).
"""

# No `from __future__ import annotations`: NamedTuple compiles string annotations (see model.py).
import re
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import PatternError
from .lang import ENGLISH_ONLY
from .searchable import FIELDS

if TYPE_CHECKING:
    from .errors import NothingFound
    from .model import Applications, Dataset, Document, Fact, Measure, Milestone, Update
    from .words import Analysed, Term


class Searchable(NamedTuple):
    """One searchable text: `field` is its name, `label` adds the index of a list, `sources`
    are the ids of the documents that back it."""

    field: str
    label: str
    value: str
    sources: tuple[str, ...] = ()
    secondary: bool = False  # a fact seen only in a secondary source, marked where shown

    @property
    def lang(self) -> str:
        """The language it is written in: a Chinese text's label ends in _zh."""
        return "zh-Hant" if self.label.endswith("_zh") else "en"


def texts(dataset: "Dataset", measure: "Measure") -> Iterator["Searchable"]:
    """Every text of a measure as grep sees it, in English and, where the data has it, in
    Chinese (labelled `summary_zh`, `figures[0]_zh`: the same field, for --field); figures,
    money and dates as a briefing has them, each with the documents that back it: a fact its
    own source, the rest the measure's."""
    cited = tuple(dict.fromkeys(c.document for c in measure.sources))
    yield from _names(dataset, measure, cited)
    yield from _facts(dataset, measure)
    yield from _context(dataset, measure, cited)
    if measure.applications is not None:
        yield from _applying(dataset, measure.applications)


def _fact(dataset: "Dataset", field: str, label: str, value: str, about: "Fact") -> Searchable:
    """A fact's text, with the document it names and whether that is a secondary one."""
    sources = (about.source,) if about.source else ()
    return Searchable(field, label, value, sources, dataset.is_secondary(about))


def _names(
    dataset: "Dataset", measure: "Measure", cited: tuple[str, ...]
) -> Iterator["Searchable"]:
    """What a measure is called and what it is: title, abbreviation, names, summary."""
    # Aliases are the wording of the news report of the reply: one published the reply's day.
    day = dataset.document(measure.document).date
    news = (
        tuple(
            d
            for d in cited
            if dataset.document(d).kind == "news-report" and dataset.document(d).date == day
        )
        or cited
    )
    yield Searchable("title", "title", measure.title, cited)
    if measure.abbreviation:
        yield Searchable("abbreviation", "abbreviation", measure.abbreviation, cited)
    if measure.name_zh:
        yield Searchable("name_zh", "name_zh", measure.name_zh, cited)
    for i, alias in enumerate(measure.aliases):
        yield Searchable("aliases", f"aliases[{i}]", alias, news)
    yield Searchable("summary", "summary", measure.summary, cited)
    if measure.summary_zh:
        yield Searchable("summary", "summary_zh", measure.summary_zh, cited)


def _facts(dataset: "Dataset", measure: "Measure") -> Iterator["Searchable"]:
    """Figures, money and dated steps, as a briefing writes them, in both languages."""
    from . import wording

    zh = "zh-Hant"
    for i, figure in enumerate(measure.figures):
        yield _fact(dataset, "figures", f"figures[{i}]", wording.figure(figure), figure)
        if figure.unit_zh:
            said = wording.figure(figure, zh)
            yield _fact(dataset, "figures", f"figures[{i}]_zh", said, figure)
    for i, funding in enumerate(measure.funding_lines):
        # The first line keeps the label of 0.1, when a measure had one.
        label = "funding" if i == 0 else f"funding[{i}]"
        money = wording.amount(funding)
        note = f", {funding.note}" if funding.note else ""
        scope = f", for {funding.scope}" if funding.scope else ""
        yield _fact(dataset, "funding", label, money + note + scope, funding)
        said = wording.amount(funding, zh)
        said += f"，{funding.note_zh}" if funding.note_zh else ""
        said += f"，用於{funding.scope_zh}" if funding.scope_zh else ""
        yield _fact(dataset, "funding", f"{label}_zh", said, funding)
    dated: tuple[tuple[str, tuple[Milestone | Update, ...]], ...] = (
        ("milestones", measure.milestones),
        ("updates", measure.updates),
    )
    for field, steps in dated:
        for i, step in enumerate(steps):
            yield _fact(dataset, field, f"{field}[{i}]", wording.dated(step), step)
            if step.text_zh:
                yield _fact(dataset, field, f"{field}[{i}]_zh", wording.dated(step, zh), step)


def _context(
    dataset: "Dataset", measure: "Measure", cited: tuple[str, ...]
) -> Iterator["Searchable"]:
    """Its keywords, its area and who runs it (by name or abbreviation: ITC), backed by the
    measure's own sources."""
    for i, keyword in enumerate(measure.keywords):
        yield Searchable("keywords", f"keywords[{i}]", keyword, cited)
    area = dataset.area(measure.area)
    yield Searchable("area", "area", area.title, cited)
    if area.title_zh:
        yield Searchable("area", "area_zh", area.title_zh, cited)
    for i, org in enumerate(measure.run_by):
        body = dataset.organisation(org)
        name = f"{body.name} ({body.abbreviation})" if body.abbreviation else body.name
        yield Searchable("run_by", f"run_by[{i}]", name, cited)
        if body.name_zh:
            yield Searchable("run_by", f"run_by[{i}]_zh", body.name_zh, cited)


def _applying(dataset: "Dataset", apply: "Applications") -> Iterator["Searchable"]:
    """How to apply, as a briefing says it, labels and all, so that "who can apply" or
    "closing date" finds them: (label, text) pairs in the same order in both languages."""
    from . import wording

    english = wording.applying(apply)
    chinese = wording.applying(apply, "zh-Hant")
    for (label, text), (label_zh, text_zh) in zip(english, chinese, strict=True):
        name = _APPLYING[label]
        if name == "url":  # an address's words (funding, scheme) are not what it says
            continue
        yield _fact(dataset, "applications", f"applications.{name}", f"{label}: {text}", apply)
        if not text_zh.endswith(ENGLISH_ONLY) and text_zh != text:
            said = f"{label_zh}：{text_zh}"
            yield _fact(dataset, "applications", f"applications.{name}_zh", said, apply)


# What each line of wording.applying is, as a field of the data.
_APPLYING = {
    "Who can apply": "who",
    "What it pays for": "pays_for",
    "Per project": "per_project",
    "How to apply": "how",
    "Where": "url",
    "When": "when",
}


def document_texts(
    document: "Document", dataset: "Dataset | None" = None
) -> Iterator["Searchable"]:
    """Every text of a document: for a reply its number, title, respondent, question and key
    messages; for a source its title, publisher and note."""
    own = (document.id,)
    field = "reply" if document.kind == "legco-reply" else "sources"
    question = document.question
    if question is not None:
        yield Searchable(field, "number", question.number, own)
    yield Searchable(field, "title", document.title, own)
    if document.title_zh:
        yield Searchable(field, "title_zh", document.title_zh, own)
    if document.respondent is not None:
        r = document.respondent
        yield Searchable(field, "respondent", f"{r.name}, {r.office}", own)
        if r.name_zh or r.office_zh:
            said = f"{r.office_zh or r.office}{r.name_zh or r.name}"
            yield Searchable(field, "respondent_zh", said, own)
    if question is not None:
        if question.asked_by:
            yield Searchable(field, "asked_by", question.asked_by, own)
        if question.preamble:
            yield Searchable(field, "question", question.preamble, own)
        if question.preamble_zh:
            yield Searchable(field, "question_zh", question.preamble_zh, own)
        for i, part in enumerate(question.parts, start=1):
            yield Searchable(field, f"question part {i}", part, own)
        for i, part in enumerate(question.parts_zh, start=1):
            yield Searchable(field, f"question part {i}_zh", part, own)
    for i, message in enumerate(document.messages):
        sources = (message.source,) if message.source else own
        secondary = dataset is not None and dataset.is_secondary(message)
        yield Searchable(field, f"messages[{i}]", message.text, sources, secondary)
        if message.text_zh:
            yield Searchable(field, f"messages[{i}]_zh", message.text_zh, sources, secondary)
    if document.publisher:
        yield Searchable(field, "publisher", document.publisher, own)
    if document.note:
        yield Searchable(field, "note", document.note, own)


class Match(NamedTuple):
    text: Searchable
    start: int
    end: int
    term: int = 0  # which of a words query's terms it is


# A regular expression is plain text if it has none of these: then case can be folded the
# Unicode way (casefold) on both sides, as for -F.
_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]|()]")
# Flags that apply to a whole pattern, which Python wants at its very start: (?i), (?ms), ...
_GLOBAL_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))+")
# The longest a search with regular expressions may take: a pattern such as (.+)+# can take
# longer than the universe has left on a short text.
TIME_BUDGET = 5.0


class _Pattern(NamedTuple):
    given: str  # as the user typed it
    regex: "re.Pattern[str]"
    folded: bool  # matched against casefolded text


class Matcher:
    """Patterns (any may match) with grep's -F and -e options, ready to search texts.

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

    @staticmethod
    def _compile(pattern: str, fixed: bool, ignore_case: bool, word: bool) -> _Pattern:
        literal = fixed or not _REGEX_SYNTAX.search(pattern)
        # Plain text with case ignored: casefold it and the texts ('straße' finds 'STRASSE').
        # A regular expression keeps its own letters ([ß] stays [ß]), and re ignores case.
        folded = ignore_case and literal
        source = pattern.casefold() if folded else pattern
        if fixed:
            source = re.escape(source)
        flags = re.IGNORECASE if ignore_case and not folded else 0
        import warnings

        try:
            with warnings.catch_warnings():
                # re's FutureWarning ("possible nested set") is for programmers, not readers.
                warnings.simplefilter("ignore", FutureWarning)
                # The pattern on its own first: errors at its own positions, and no pattern
                # such as 'a)|(b' that only compiles inside -w's wrapper.
                regex = re.compile(source, flags)
                if word:
                    # Global flags such as (?i) must stay at the very start.
                    head = _GLOBAL_FLAGS.match(source)
                    lead = head.group() if head else ""
                    body = source[len(lead) :]
                    regex = re.compile(rf"{lead}(?<!\w)(?:{body})(?!\w)", flags)
            return _Pattern(pattern, regex, folded)
        except re.error as e:
            raise PatternError(pattern, e.pos, e.msg) from None
        except (OverflowError, RecursionError, ValueError) as e:
            raise PatternError(pattern, None, str(e)) from None

    def find(self, text: Searchable, limit: int | None = None) -> list[Match]:
        """The matches in a text, at most `limit` of each pattern."""
        value = text.value
        matches: list[Match] = []
        folded: tuple[str, list[int]] | None = None
        for pattern in self.patterns:
            if not pattern.folded:
                found = pattern.regex.finditer(value)
                matches += [Match(text, m.start(), m.end()) for m in islice(found, limit)]
                continue
            if folded is None:
                folded = _casefold(value)
            fold, index = folded
            for m in islice(pattern.regex.finditer(fold), limit):
                start = index[m.start()]
                end = index[m.end() - 1] + 1 if m.end() > m.start() else start
                matches.append(Match(text, start, end))
        if len(self.patterns) > 1:
            matches.sort(key=lambda m: (m.start, m.end))
        return matches

    def scan(self, text: Searchable, limit: int | None, counting: bool) -> tuple[list[Match], int]:
        """The matches to keep (at most `limit` of each pattern), and how many there are in
        all when `counting` (else how many are kept)."""
        matches = self.find(text, limit)
        return matches, self.count(text) if counting and matches else len(matches)

    def count(self, text: Searchable) -> int:
        """How many matches a text holds, without keeping them."""
        total = 0
        folded: str | None = None
        for pattern in self.patterns:
            if pattern.folded and folded is None:
                folded = _casefold(text.value)[0]
            subject = folded if pattern.folded and folded is not None else text.value
            total += sum(1 for _ in pattern.regex.finditer(subject))
        return total

    def accepts(self, terms: set[int]) -> bool:
        """Whether matches of these terms answer the query: any match does."""
        return bool(terms)

    def worth(self, record_texts: "Texts") -> list[Searchable]:
        """The texts that may hold a match: for a pattern, every one."""
        return record_texts.all()

    def describe(self) -> str:
        return " | ".join(p.given for p in self.patterns)


def _casefold(text: str) -> tuple[str, list[int]]:
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


class WordsMatcher:
    """A query of words (words.py): a record matches if every term appears in one of its
    texts."""

    regex_mode = False

    def __init__(self, query: str) -> None:
        from . import words

        self._words = words  # scan is called for every text: no import statement there
        self.query = query
        self.terms: list[Term] = words.parse(query)
        # What a record's texts, joined and folded, must hold to be looked at: the words' and
        # numbers' needles there, and the Chinese terms in the same text in one script.
        others = [t for t in self.terms if t.kind != "chinese"]
        # (words.needles is None only for Chinese, which `others` leaves out.)
        self.needles: list[str] = (words.needles(others) or []) if others else []
        self.chinese = [t.value for t in self.terms if t.kind == "chinese" and t.value]
        self.words_only = all(t.kind == "word" for t in self.terms)
        # What an index counts on its own (words.posting): words, and Chinese.
        self.counted_alone = all(t.kind in ("word", "chinese") for t in self.terms)

    def worth(self, record_texts: "Texts") -> list[Searchable]:
        """The texts of one record that hold a needle (words.needles) once folded: found in
        all of them joined, at C speed; the others cannot match and are not analysed."""
        texts = record_texts.texts
        if len(texts) < 2:
            return record_texts.all()
        joined = record_texts.folded or self._words.folded(joined_texts(texts))
        if joined.count(APART) != len(texts) - 1:
            return record_texts.all()  # a text holding the separator: look at every one
        return [record_texts.one(i) for i in self._holding(joined)]

    def find(self, text: Searchable, limit: int | None = None) -> list[Match]:
        """The matches in a text, at most `limit` of each term."""
        return self.scan(text, limit, False)[0]

    def scan(self, text: Searchable, limit: int | None, counting: bool) -> tuple[list[Match], int]:
        """The matches to keep (at most `limit` of each term), and how many there are in all
        when `counting`: the text is analysed once for both."""
        words = self._words
        analysed: Analysed | None = words.analyse(text.value, self.terms)
        if analysed is None:
            return [], 0
        matches = []
        total = 0
        for n, term in enumerate(self.terms):
            found = words.find(term, analysed)
            for start, end in islice(found, limit):
                a, b = analysed.folded.span(start, end)
                matches.append(Match(text, a, b, n))
                total += 1
            if counting:
                total += sum(1 for _ in found)  # the rest, counted, not kept
        matches.sort(key=lambda m: (m.start, m.end))
        return matches, total

    def accepts(self, terms: set[int]) -> bool:
        """Whether matches of these terms (their numbers) answer the query: all of them."""
        return bool(self.terms) and terms == set(range(len(self.terms)))

    def keys(self) -> list[str]:
        """The keys a record must hold to match (words.needed): what an index narrows by."""
        needed = self._words.needed
        return list(dict.fromkeys(k for term in self.terms for k in needed(term)))

    def tally(self, joined: str) -> dict[int, list[int]]:
        """For each text of a record that holds a term, how many times each term stands in
        it, from the record's texts joined and folded (a readable Tally's)."""
        words = self._words
        if self.words_only:
            found: dict[int, list[int]] = words.word_counts(self.terms, joined, APART)
            return found
        holding = self._holding(joined)
        parts = joined.split(APART)
        return {i: words.counts(self.terms, parts[i]) for i in holding}

    def _holding(self, joined: str) -> list[int]:
        """Which texts of `joined` hold a needle (the others cannot match)."""
        holding: set[int] = set()
        _holding(joined, self.needles, holding)
        if self.chinese:  # matched in one script (words.analyse)
            _holding(self._words.one_script(joined), self.chinese, holding)
        return sorted(holding)

    def describe(self) -> str:
        return self.query


# Between the texts of a record, when they are looked through together.
APART = "\x00"


def _holding(joined: str, needles: list[str], holding: set[int]) -> None:
    """Add to `holding` the index of each text of `joined` (APART between them) that holds
    one of the needles."""
    for needle in needles:
        at = joined.find(needle)
        while at != -1:
            holding.add(joined.count(APART, 0, at))
            end = joined.find(APART, at)
            at = -1 if end == -1 else joined.find(needle, end)


def joined_texts(texts: "list[Searchable] | list[tuple[Any, ...]]") -> str:
    """A record's texts as one, APART between them (the index keeps it folded)."""
    return APART.join(t[2] for t in texts)


class Texts(NamedTuple):
    """A record's searchable texts: Searchables, or the plain tuples the index keeps of them
    (made Searchables as they are needed), and, when it is known, all of them joined, folded
    (words.folded)."""

    texts: "list[Searchable] | list[tuple[Any, ...]]"
    folded: str | None = None

    def one(self, i: int) -> Searchable:
        text = self.texts[i]
        return text if type(text) is Searchable else Searchable._make(text)

    def all(self) -> list[Searchable]:
        return [self.one(i) for i in range(len(self.texts))]


AnyMatcher = Matcher | WordsMatcher


class Result(NamedTuple):
    """A record with matches: a measure, or a document (the reply or a source)."""

    kind: str  # "measure", "reply" or "source"
    record: "Measure | Document"
    # The matches to show: at most SHOWN in a text (a pattern such as '.' matches every
    # character of a long text).
    matches: tuple[Match, ...]
    total: int = 0  # every match, shown or not, when counted (grep -c)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def measure(self) -> "Measure":
        assert self.kind == "measure"
        return self.record  # type: ignore[return-value]


class Tally(NamedTuple):
    """What grep -l and -c read of a measure an index keeps (corpus.py), rather than the
    measure: its id, area and replies (for --area and --reply), each text's field and
    language, and the texts joined and folded (words.folded), or None if they are damaged."""

    id: str
    area: str
    replies: tuple[str, ...]
    shape: tuple[tuple[str, str], ...]
    folded: str | None

    @property
    def readable(self) -> bool:
        """Whether its texts can be told apart: kept, and none of them holding APART (else
        only the measure can tell)."""
        return self.folded is not None and self.folded.count(APART) == len(self.shape) - 1


def shape_of(found: "list[Searchable]") -> tuple[tuple[str, str], ...]:
    """Each text's field and language, as a Tally keeps them."""
    return tuple((t.field, t.lang) for t in found)


# The most matches kept to show in one text; grep -c counts them all.
SHOWN = 1000


class Scope(NamedTuple):
    """Where a search looks: the measures in `areas` and discussed in `replies` (all, where
    not given), their `fields` (all, where not given), and the documents unless told not to."""

    areas: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    replies: tuple[str, ...] = ()
    documents: bool = True


EVERYWHERE = Scope()


def search(
    dataset: "Dataset",
    matcher: AnyMatcher,
    scope: Scope = EVERYWHERE,
    keep: int = SHOWN,
    counting: bool = False,
    lang: str = "en",
) -> list[Result]:
    """The measures with a match in `scope`, in data order, each with its matches (at most
    `keep` in a text, and every one counted if `counting`); then the documents (the reply, the
    sources) whose own texts match.

    Texts in both languages are searched, and a record's matches in `lang` are the ones kept
    when they answer the query on their own: a fact found in English and in Chinese is shown
    and counted once, in the reader's language.

    Patterns (-e, -F) search under a time budget (PatternError when it runs out)."""
    if isinstance(matcher, WordsMatcher):
        return _search(dataset, matcher, scope, keep, counting, lang)
    from .budget import seconds, time_budget
    from .errors import Expired

    try:
        with time_budget(TIME_BUDGET):
            return _search(dataset, matcher, scope, keep, counting, lang)
    except Expired:
        why = (
            " (the pattern may make the search try very many ways to match; simplify it, or"
            " use -F for plain text)"
            if matcher.regex_mode
            else ""
        )
        raise PatternError(
            matcher.describe(), None, f"searching took longer than {seconds(TIME_BUDGET)}{why}"
        ) from None


def _search(
    dataset: "Dataset", matcher: AnyMatcher, scope: Scope, keep: int, counting: bool, lang: str
) -> list[Result]:
    areas, fields, replies = scope.areas, scope.fields, scope.replies

    def look(record_texts: Texts) -> tuple[list[Match], int]:
        held: list[tuple[str, set[int], int]] = []
        kept: list[list[Match]] = []
        for text in matcher.worth(record_texts):
            if not fields or text.field in fields:
                matches, count = matcher.scan(text, keep, counting)
                if matches:
                    held.append((text.lang, {m.term for m in matches}, count))
                    kept.append(matches)
        shown = _answer(held, lang, matcher)
        if shown is None:
            return [], 0
        return [m for n in shown for m in kept[n]], sum(held[n][2] for n in shown)

    measures, documents, texts_of = _narrowed(dataset, matcher)
    results = []
    for measure in measures:
        if areas and measure.area not in areas:
            continue
        if replies and not any(r in replies for r in measure.replies):
            continue
        found, total = look(texts_of(measure))
        if found:
            results.append(Result("measure", measure, tuple(found), total))
    if not scope.documents or areas:
        return results
    for document in documents:
        if replies and document.id not in replies:
            continue
        kind = "reply" if document.kind == "legco-reply" else "source"
        found, total = look(Texts(list(document_texts(document, dataset))))
        if found:
            results.append(Result(kind, document, tuple(found), total))
    return results


def _in_reader_language(
    held: Sequence[tuple[str, set[int], int]], lang: str, matcher: AnyMatcher
) -> list[int]:
    """Which of a record's texts with matches (each its language and the terms it matches) a
    result keeps: those in the reader's language when they answer the query on their own, so
    that a fact found in English and in Chinese is shown and counted once; else all."""
    own = [n for n, (language, _, _) in enumerate(held) if language == lang]
    some = 0 < len(own) < len(held)
    if some and matcher.accepts(set().union(*(held[n][1] for n in own))):
        return own
    return list(range(len(held)))


def _narrowed(
    dataset: "Dataset", matcher: AnyMatcher
) -> "tuple[tuple[Measure, ...], tuple[Document, ...], Callable[[Measure], Texts]]":
    """The records a search must look at, and how to get a measure's texts: those holding the
    keys of every word, with the texts the index keeps of them, when the data comes from an
    index (corpus.py); else all, their texts made now. The index only narrows; the matcher
    decides, so results are the same either way."""
    if isinstance(matcher, WordsMatcher):
        found = dataset.candidates(matcher.keys())
        if found is not None:
            measures, documents, kept = found
            return measures, documents, lambda m: _kept(dataset, m, kept(m.id))
    return dataset.measures, dataset.documents, lambda m: Texts(list(texts(dataset, m)))


def _kept(dataset: "Dataset", measure: "Measure", kept: Any) -> "Texts":
    """A measure's texts as the index keeps them, or, missing or damaged there, made now."""
    return Texts(*kept) if kept is not None else Texts(list(texts(dataset, measure)))


class Query(NamedTuple):
    """grep's question: words (or patterns), how to match them, where to look."""

    patterns: tuple[str, ...]
    fixed: bool = False
    ignore_case: bool = False
    case_sensitive: bool = False
    word: bool = False
    fields: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    regex: bool = False  # -e: the patterns are regular expressions
    replies: tuple[str, ...] = ()


def answering(
    dataset: "Dataset", query: Query, counting: bool = False, lang: str = "en"
) -> list[tuple[str, int]]:
    """grep -l and -c: the measures that answer a query, in data order, each with how many
    matches it holds (when `counting`); only measures (a match in a source alone is none, and
    an empty list piped on must not pass for an answer). Counted from what an index keeps,
    when it keeps it, without making the measures."""
    matcher, scope = _asked(dataset, query, measures=True)
    return _answering(dataset, matcher, scope, counting, lang)


def _answering(
    dataset: "Dataset", matcher: AnyMatcher, scope: Scope, counting: bool, lang: str
) -> list[tuple[str, int]]:
    if isinstance(matcher, WordsMatcher):
        from functools import partial

        if matcher.counted_alone and not (scope.areas or scope.replies or scope.fields):
            counted = _counted(dataset, matcher, lang)
            if counted is not None:
                return counted
        tallied = dataset.tallied(matcher.keys(), partial(_tally, matcher, scope, lang))
        if tallied is not None:
            found = []
            for id, total in tallied:
                if total is None:  # its texts are damaged here: the measure tells
                    one = dataset.only((dataset.measure(id),))
                    found += _answering(one, matcher, scope, counting, lang)
                else:
                    found.append((id, total))
            return found
    results = search(dataset, matcher, scope, counting=counting, lang=lang)
    return [(r.id, r.total) for r in results if r.kind == "measure"]


def _tally(
    matcher: WordsMatcher, scope: Scope, lang: str, entry: Tally
) -> tuple[str, int | None] | None:
    """A measure's id and how many matches it holds, if it answers; its id and None if only
    the measure can tell (Tally.readable)."""
    if entry.folded is None or not entry.readable:
        return entry.id, None
    if scope.areas and entry.area not in scope.areas:
        return None
    if scope.replies and not any(r in scope.replies for r in entry.replies):
        return None
    per_text = matcher.tally(entry.folded)
    held = []
    fields, shape = scope.fields, entry.shape
    for i, counts in per_text.items():
        field, language = shape[i]
        if (not fields or field in fields) and any(counts):
            held.append((language, {n for n, c in enumerate(counts) if c}, sum(counts)))
    shown = _answer(held, lang, matcher)
    return None if shown is None else (entry.id, sum(held[n][2] for n in shown))


def _answer(
    held: list[tuple[str, set[int], int]], lang: str, matcher: AnyMatcher
) -> list[int] | None:
    """Which of a record's texts with matches (each its language, the terms it matches and
    how many matches) it shows, or None if it does not answer the query."""
    shown = _in_reader_language(held, lang, matcher)
    if not matcher.accepts(set().union(*(held[n][1] for n in shown))):
        return None
    return shown


def _counted(dataset: "Dataset", matcher: WordsMatcher, lang: str) -> list[tuple[str, int]] | None:
    """The answer to a query of words (and Chinese) alone, everywhere, from how many times each
    stands in each measure in each language, when an index keeps that for each (corpus.py):
    the texts of a language taken together answer as they would one by one (the reader's
    language is kept when its texts answer alone), so the counts are enough."""
    counted = dataset.counted(matcher.terms, _by_language)
    if counted is None:
        return None
    found = []
    for id, counts in counted:
        held = []
        for side, language in enumerate(("en", "zh-Hant")):
            terms = {n for n, c in enumerate(counts) if c[side]}
            if terms:
                held.append((language, terms, sum(c[side] for c in counts)))
        shown = _answer(held, lang, matcher)
        if shown is not None:
            found.append((id, sum(held[n][2] for n in shown)))
    return found


def _by_language(term: "Term", entry: Tally) -> tuple[int, int] | None:
    """How many times a word (or some Chinese) stands in a measure's English texts and in its
    Chinese ones; None if only the measure can tell (Tally.readable)."""
    from .words import chinese_counts, word_counts

    joined = entry.folded
    if joined is None or not entry.readable:
        return None
    counts = [0, 0]
    if term.kind == "chinese":
        per_text = chinese_counts(term, joined, APART)
    else:
        per_text = word_counts([term], joined, APART)
    for i, found in per_text.items():
        counts[entry.shape[i][1] != "en"] += found[0]
    return counts[0], counts[1]


def matcher_for(query: Query) -> AnyMatcher:
    """The matcher a query asks for; PatternError for a bad pattern, UsageError for none."""
    from .errors import UsageError

    if not query.patterns or not any(p.strip() for p in query.patterns):
        raise UsageError("give the WORDS to look for (or -e PATTERN)")
    if not query.fixed and not query.regex:
        matcher = WordsMatcher(" ".join(query.patterns))
        if not matcher.terms:
            raise UsageError(f"no word to look for in {matcher.query!r} (-F finds it as it is)")
        return matcher
    try:
        return Matcher(
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


def find(dataset: "Dataset", query: Query, lang: str = "en") -> list[Result]:
    """What answers a query, in `lang` where it can (search): measures, the reply, sources.
    PatternError for a bad pattern, an UnknownId for an unknown area."""
    matcher, scope = _asked(dataset, query, measures=False)
    return search(dataset, matcher, scope, lang=lang)


def _asked(dataset: "Dataset", query: Query, measures: bool) -> tuple[AnyMatcher, Scope]:
    """A query's matcher and scope, checked: PatternError, UsageError, UnknownId."""
    from .select import area_ids, reply_ids

    unknown = [f for f in query.fields if f not in FIELDS]
    if unknown:
        from .errors import UsageError

        raise UsageError(f"no field {unknown[0]!r}; the fields are: {', '.join(FIELDS)}")
    matcher = matcher_for(query)
    replies = reply_ids(dataset, query.replies)
    scope = Scope(area_ids(dataset, query.areas), query.fields, replies, documents=not measures)
    return matcher, scope


def mentioning(dataset: "Dataset", keywords: tuple[str, ...]) -> set[str]:
    """The ids of the measures that mention any of `keywords`, each a words query: what
    --keyword selects, and exactly what `grep -l KEYWORD` lists."""
    found: set[str] = set()
    for keyword in keywords:
        matcher = matcher_for(Query((keyword,)))
        found |= {id for id, _ in _answering(dataset, matcher, Scope(documents=False), False, "en")}
    return found


def nothing_found(dataset: "Dataset", query: Query) -> "NothingFound":
    """What a search that found nothing says: what was looked for, and for each word the data
    does not hold, its closest word."""
    from .errors import NothingFound

    matcher = matcher_for(query)
    hints = [
        f"did you mean {close!r} for {word!r}?" for word, close in suggestions(dataset, matcher)
    ]
    where = f" in {', '.join(query.fields)}" if query.fields else ""
    # The words or pattern as typed, in quotes: a repr would double a pattern's backslashes.
    return NothingFound(f"no measure mentions '{matcher.describe()}'{where}", hints)


def suggestions(dataset: "Dataset", matcher: AnyMatcher) -> list[tuple[str, str]]:
    """For each word of a words query that no text of the data holds, the data's closest word:
    the did-you-mean of a search that found nothing."""
    if not isinstance(matcher, WordsMatcher):
        return []
    from . import words
    from .suggest import closest

    vocabulary = dataset.vocabulary()
    if vocabulary is None:
        vocabulary = set()
        for measure in dataset.measures:
            for text in texts(dataset, measure):
                vocabulary.update(words.vocabulary_words(text.value))
    for document in dataset.documents:
        for text in document_texts(document):
            vocabulary.update(words.vocabulary_words(text.value))
    found = []
    for term in matcher.terms:
        if term.kind != "word":
            continue
        analysed = (words.analyse(w, [term]) for w in vocabulary)
        if any(next(words.find(term, a), None) for a in analysed if a is not None):
            continue
        close = closest(term.shown, vocabulary)
        if close:
            found.append((term.shown, close[0]))
    return found
