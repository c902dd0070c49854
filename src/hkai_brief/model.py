"""The facts of a briefing as plain, immutable data.

Nothing here reads files, knows about click or draws anything: the loader builds these objects
from YAML, and every command and template reads them. Records are NamedTuples rather than frozen
dataclasses: as immutable, and several times cheaper to define, which every start-up pays for.
"""

# No `from __future__ import annotations` here: NamedTuple would turn every string annotation
# into a ForwardRef and compile it, a few milliseconds at every start-up.
import datetime
import re
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

Confidence = Literal["confirmed", "secondary"]

_DATE_RE = re.compile(r"(\d{4})(?:-(?:H([12])|Q([1-4])|(\d{2})(?:-(\d{2}))?))?")
# A financial year, as the Government writes it: 2025-26, 2025/26 or FY2025-26.
_FINANCIAL_RE = re.compile(r"(FY ?)?(\d{4})[-/](\d{2})")
# The Hong Kong Government's financial year runs from 1 April to 31 March.
FINANCIAL_YEAR_STARTS = 4
DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1/H2, YYYY-Q1 to Q4 or a financial year (2025-26)"
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def _days_in(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


class PartialDate(NamedTuple):
    """A date known to the year, the financial year, the half-year, the quarter, the month or the
    day.

    Sources say "by 2026", "in 2025-26", "in the second half of 2026", "in the first quarter of
    2026", "September 2025" or "15 October 2025"; a partial date keeps exactly that precision
    instead of inventing a day. A financial year is kept by the year it starts in.
    Dates sort by the first day they cover; a coarser date comes before the finer dates that
    start on the same day (2025 < 2025-H1 < 2025-Q1 < 2025-01 < 2025-01-01), and 2025-H2 after
    2025-06.
    """

    year: int
    month: int = 0
    day: int = 0
    half: int = 0
    quarter: int = 0
    financial: bool = False

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Read the forms of DATE_FORMS; ValueError says what is wrong."""
        fy = _FINANCIAL_RE.fullmatch(text)
        if fy is not None and (fy[1] or "/" in text or int(fy[3]) == (int(fy[2]) + 1) % 100 > 12):
            return cls._financial(text, int(fy[2]), int(fy[3]))
        m = _DATE_RE.fullmatch(text)
        if m is None:
            raise ValueError(f"expected a date as {DATE_FORMS}, got {text!r}")
        year = int(m[1])
        if year == 0:
            raise ValueError(f"impossible date {text!r}: there is no year 0")
        if m[2]:
            return cls(year, half=int(m[2]))
        if m[3]:
            return cls(year, quarter=int(m[3]))
        if m[4] is None:
            return cls(year)
        month = int(m[4])
        if not 1 <= month <= 12:
            following = str(cls(year, financial=True))
            raise ValueError(
                f"impossible date {text!r}: month must be 01 to 12"
                f" (a financial year is written {following})"
            )
        if m[5] is None:
            return cls(year, month)
        day = int(m[5])
        last = _days_in(year, month)
        if not 1 <= day <= last:
            raise ValueError(
                f"impossible date {text!r}: {MONTHS[month - 1]} {year} has {last} days"
            )
        return cls(year, month, day)

    @classmethod
    def _financial(cls, text: str, year: int, end: int) -> "PartialDate":
        if year == 0:
            raise ValueError(f"impossible date {text!r}: there is no year 0")
        if end != (year + 1) % 100:
            raise ValueError(
                f"impossible financial year {text!r}: it ends the year after it starts,"
                f" {year}-{(year + 1) % 100:02d}"
            )
        if year == 9999:
            raise ValueError(f"impossible financial year {text!r}: it would end in year 10000")
        return cls(year, financial=True)

    def first_day(self) -> datetime.date:
        if self.financial:
            return datetime.date(self.year, FINANCIAL_YEAR_STARTS, 1)
        if self.half == 2:
            return datetime.date(self.year, 7, 1)
        if self.quarter:
            return datetime.date(self.year, 3 * self.quarter - 2, 1)
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        if self.day:
            return self.first_day()
        if self.month:
            return datetime.date(self.year, self.month, _days_in(self.year, self.month))
        if self.financial:
            return datetime.date(self.year + 1, FINANCIAL_YEAR_STARTS, 1) - datetime.timedelta(1)
        if self.quarter:
            month = 3 * self.quarter
            return datetime.date(self.year, month, _days_in(self.year, month))
        if self.half == 1:
            return datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 12, 31)

    @classmethod
    def _of(cls, other: tuple[int, ...]) -> "PartialDate":
        if isinstance(other, PartialDate):
            return other
        year, month, day, half = (*other, 0, 0, 0)[:4]
        return cls(year, month, day, half)

    # Comparisons take any tuple, as tuple's do, and read it as a partial date.
    def sort_key(self) -> tuple[datetime.date, int]:
        return self.first_day(), -self.last_day().toordinal()

    def __lt__(self, other: tuple[int, ...]) -> bool:
        return self.sort_key() < PartialDate._of(other).sort_key()

    def __le__(self, other: tuple[int, ...]) -> bool:
        return self.sort_key() <= PartialDate._of(other).sort_key()

    def __gt__(self, other: tuple[int, ...]) -> bool:
        return self.sort_key() > PartialDate._of(other).sort_key()

    def __ge__(self, other: tuple[int, ...]) -> bool:
        return self.sort_key() >= PartialDate._of(other).sort_key()

    @property
    def precision(self) -> Literal["year", "financial-year", "half", "quarter", "month", "day"]:
        if self.day:
            return "day"
        if self.month:
            return "month"
        if self.quarter:
            return "quarter"
        if self.half:
            return "half"
        if self.financial:
            return "financial-year"
        return "year"

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        if self.quarter:
            return f"{self.year:04d}-Q{self.quarter}"
        if self.half:
            return f"{self.year:04d}-H{self.half}"
        if self.financial:
            end = (self.year + 1) % 100
            # 2008-09 would read as September 2008: FY says which it is.
            return f"{'FY' if end <= 12 else ''}{self.year:04d}-{end:02d}"
        return f"{self.year:04d}"


class Respondent(NamedTuple):
    """Who answered a question, in which office."""

    name: str
    office: str
    office_zh: str | None = None
    aliases: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    name_zh: str | None = None


class Question(NamedTuple):
    """The question a reply answers, in brief."""

    number: str
    parts: tuple[str, ...] = ()
    asked_by: str | None = None
    preamble: str | None = None
    kind: str | None = None  # "oral" or "written"
    preamble_zh: str | None = None
    parts_zh: tuple[str, ...] = ()


class Message(NamedTuple):
    """One of a reply's key messages: what the Government says it is doing, and why."""

    text: str
    source: str | None = None
    source_note: str | None = None
    source_note_zh: str | None = None
    confidence: Confidence | None = None
    text_zh: str | None = None


class Document(NamedTuple):
    """A source: a Legislative Council reply, a news report, a budget speech, a web page."""

    id: str
    kind: str
    title: str
    official: bool
    date: PartialDate | None = None
    publisher: str | None = None
    respondent: Respondent | None = None
    url: str | None = None
    question: Question | None = None
    note: str | None = None
    messages: tuple[Message, ...] = ()
    title_zh: str | None = None
    note_zh: str | None = None


class Area(NamedTuple):
    """A policy area the reply groups its measures under."""

    id: str
    title: str
    title_zh: str | None = None
    description: str | None = None
    description_zh: str | None = None


class Organisation(NamedTuple):
    """A body that runs or arranges a measure."""

    id: str
    name: str
    abbreviation: str | None = None
    name_zh: str | None = None
    url: str | None = None
    unconfirmed: tuple[str, ...] = ()


class Figure(NamedTuple):
    """A number the sources give, such as 16 laboratories, over 5,600 datasets, 12.5% or
    HK$352.5 million in grants (a figure with a currency is money)."""

    value: int | float
    unit: str = ""
    qualifier: str | None = None
    label: str | None = None
    source: str | None = None
    source_note: str | None = None
    source_note_zh: str | None = None
    confidence: Confidence | None = None
    unit_zh: str | None = None
    label_zh: str | None = None
    unit_one: str | None = None
    currency: str | None = None


class Funding(NamedTuple):
    """Money earmarked for a measure, in whole units of its currency."""

    amount: int
    currency: str
    note: str | None = None
    source: str | None = None
    source_note: str | None = None
    source_note_zh: str | None = None
    confidence: Confidence | None = None
    # What else the money is for, when it is not for AI alone: "AI and other frontier
    # technology fields". Totals say so.
    scope: str | None = None
    note_zh: str | None = None
    scope_zh: str | None = None
    # Given every year: shown "a year" and never added to one-off sums.
    recurrent: bool = False


class Applications(NamedTuple):
    """How to apply to a scheme, for founders and researchers: who may, what it pays for, how
    much, how and when."""

    who: str
    pays_for: str | None = None
    per_project: str | None = None
    how: str | None = None
    url: str | None = None
    opens: PartialDate | None = None
    closes: PartialDate | None = None
    when: str | None = None
    source: str | None = None
    source_note: str | None = None
    source_note_zh: str | None = None
    confidence: Confidence | None = None
    who_zh: str | None = None
    pays_for_zh: str | None = None
    per_project_zh: str | None = None
    how_zh: str | None = None
    when_zh: str | None = None


class Milestone(NamedTuple):
    """A dated step of a measure, up to the reply ("launched in September 2025", "by 2026")."""

    date: PartialDate
    text: str
    qualifier: str | None = None
    source: str | None = None
    source_note: str | None = None
    source_note_zh: str | None = None
    confidence: Confidence | None = None
    text_zh: str | None = None


class Update(NamedTuple):
    """Something that happened to a measure after the reply."""

    date: PartialDate
    text: str
    qualifier: str | None = None
    source: str | None = None
    source_note: str | None = None
    source_note_zh: str | None = None
    confidence: Confidence | None = None
    text_zh: str | None = None


class Citation(NamedTuple):
    """A document that backs a measure, and where in it to look."""

    document: str
    locator: str | None = None


class Measure(NamedTuple):
    """One thing the Government does, as a reply describes it."""

    id: str
    document: str
    area: str
    title: str
    summary: str
    sources: tuple[Citation, ...]
    abbreviation: str | None = None
    name_zh: str | None = None
    aliases: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    status: str | None = None
    run_by: tuple[str, ...] = ()
    # The data's `funding`: one line or several (a one-off sum and a yearly one, say).
    funding_lines: tuple[Funding, ...] = ()
    figures: tuple[Figure, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    updates: tuple[Update, ...] = ()
    keywords: tuple[str, ...] = ()
    applications: Applications | None = None
    summary_zh: str | None = None
    # Other replies that discuss the measure: it is one record, counted once.
    discussed_in: tuple[str, ...] = ()

    @classmethod
    def build(cls, funding: tuple[Funding, ...] = (), **fields: Any) -> "Measure":
        """A measure from a data file's fields, where `funding` is its list of lines."""
        return cls(funding_lines=funding, **fields)

    @property
    def funding(self) -> Funding | None:
        """The first funding line: what a template of version 0.1, which knew one, reads."""
        return self.funding_lines[0] if self.funding_lines else None

    @property
    def replies(self) -> tuple[str, ...]:
        """Every reply that discusses the measure, the one that describes it first."""
        if not self.discussed_in:  # most measures: asked for 10,000 times by a summary
            return (self.document,)
        return tuple(dict.fromkeys((self.document, *self.discussed_in)))


# The facts that carry a source, and so a confidence.
Fact = Figure | Funding | Milestone | Update | Message | Applications


class Dataset:
    """Everything one data file holds, with its records found by id."""

    __slots__ = (
        "_areas",
        "_documents",
        "_measures",
        "_organisations",
        "areas",
        "description",
        "description_zh",
        "documents",
        "measures",
        "organisations",
        "title",
        "title_zh",
    )

    def __init__(
        self,
        documents: tuple[Document, ...],
        areas: tuple[Area, ...],
        measures: tuple[Measure, ...],
        organisations: tuple[Organisation, ...] = (),
        title: str | None = None,
        title_zh: str | None = None,
        description: str | None = None,
        description_zh: str | None = None,
    ) -> None:
        self._describe(
            documents, areas, organisations, title, title_zh, description, description_zh
        )
        self._set_measures(measures)

    def _describe(
        self,
        documents: tuple[Document, ...],
        areas: tuple[Area, ...],
        organisations: tuple[Organisation, ...] = (),
        title: str | None = None,
        title_zh: str | None = None,
        description: str | None = None,
        description_zh: str | None = None,
    ) -> None:
        self.documents = documents
        self.areas = areas
        self.organisations = organisations
        # What the data is about, as a briefing heads it; None where the data does not say.
        self.title = title
        self.title_zh = title_zh
        self.description = description
        self.description_zh = description_zh
        # Lookups by id are what every command does: build the indexes once.
        self._documents = {d.id: d for d in documents}
        self._areas = {a.id: a for a in areas}
        self._organisations = {o.id: o for o in organisations}

    def _set_measures(self, measures: tuple[Measure, ...]) -> None:
        self.measures = measures
        self._measures = {m.id: m for m in measures}

    def __repr__(self) -> str:
        return (
            f"Dataset({len(self.documents)} documents, {len(self.areas)} areas,"
            f" {len(self.measures)} measures, {len(self.organisations)} organisations)"
        )

    def document(self, id: str) -> Document:
        return self._documents[id]

    def area(self, id: str) -> Area:
        return self._areas[id]

    def organisation(self, id: str) -> Organisation:
        return self._organisations[id]

    def measure(self, id: str) -> Measure:
        return self._measures[id]

    @property
    def replies(self) -> tuple[Document, ...]:
        """The replies the measures come from, in the order they are first named."""
        ids = dict.fromkeys(r for m in self.measures for r in m.replies)
        return tuple(self._documents[r] for r in ids)

    def measures_in(self, area_id: str) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.area == area_id)

    def only(self, measures: tuple[Measure, ...]) -> "Dataset":
        """The same documents, areas and organisations, with these measures only: what a
        briefing of one measure needs, without reading the others."""
        return Dataset(
            self.documents,
            self.areas,
            measures,
            self.organisations,
            self.title,
            self.title_zh,
            self.description,
            self.description_zh,
        )

    def vocabulary(self) -> set[str] | None:
        """The words of every measure's texts (words.vocabulary_words), when an index keeps
        them; None: they are to be gathered from the measures."""
        return None

    def candidates(
        self, keys: list[str]
    ) -> "tuple[tuple[Measure, ...], tuple[Document, ...], Callable[[str], Any]] | None":
        """The measures and documents that hold every key (words.keys), and what gives the
        searchable texts of one of those measures by its id, when an index can tell without
        reading the rest (corpus.py); None: every record may match."""
        return None

    def listed(self, lang: str) -> list[tuple[str, str, tuple[str, ...], Any]] | None:
        """What `list` shows of every measure in `lang` (each one's id, area, replies and
        views.Cells), in data order, when an index keeps it; None: made from the measures."""
        return None

    def counted(
        self, terms: list[Any], count: Callable[[Any, Any], tuple[int, int] | None]
    ) -> list[tuple[str, list[tuple[int, int]]]] | None:
        """The measures that hold every word of `terms` (words.Term), in data order, each with
        how many times each stands in its English texts and in its Chinese ones, as `count`
        works them out from a search.Tally, when an index keeps them (corpus.py); None: the
        search counts them itself."""
        return None

    def tallied(self, keys: list[str], each: Callable[[Any], Any]) -> list[Any] | None:
        """What `each` makes of what an index keeps of each measure that holds every key (a
        search.Tally), in data order, leaving out None; None when no index keeps them (then
        a search reads the measures)."""
        return None

    def is_secondary(self, fact: "Fact") -> bool:
        """True for a fact seen only in a secondary source: a news report, or a note, not a
        page of the Government's. An explicit confidence wins."""
        if fact.confidence is not None:
            return fact.confidence == "secondary"
        if fact.source is None:
            return True
        return not self.document(fact.source).official


def plain(value: Any) -> Any:
    """A model object as JSON-ready values: dates as text, every field present."""
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        # A measure's funding lines are its `funding`, as the data file names them.
        return {
            "funding" if name == "funding_lines" else name: plain(getattr(value, name))
            for name in value._fields
        }
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value
