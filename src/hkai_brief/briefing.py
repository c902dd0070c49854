"""What a briefing shows: the chosen measures, grouped by area, with the figures computed from them.

Templates only lay this out: every total, count and order is computed here, from the data, so a
briefing can never state a figure the data does not hold.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal, NamedTuple

from . import figures
from .model import Area, Dataset, Document, Figure, Funding, Measure, Milestone, PartialDate, Update
from .output import DIGEST_PLACEHOLDER


class UnknownIdError(Exception):
    """An --area or --measure that the data does not have."""

    def __init__(self, kind: str, value: str, valid: list[str]) -> None:
        self.kind, self.value, self.valid = kind, value, valid
        super().__init__(f"unknown {kind} {value!r}; the {kind}s are: {', '.join(valid)}")


def select(
    dataset: Dataset,
    areas: tuple[str, ...] = (),
    measures: tuple[str, ...] = (),
    keywords: tuple[str, ...] = (),
) -> tuple[Measure, ...]:
    """The measures that pass every filter given: in one of `areas`, one of `measures`, and
    mentioning one of `keywords` (ignoring case, in names, aliases, summary and keywords).
    """
    valid_areas = [a.id for a in dataset.areas]
    valid_measures = [m.id for m in dataset.measures]
    for area in areas:
        if area not in valid_areas:
            raise UnknownIdError("area", area, valid_areas)
    for measure in measures:
        if measure not in valid_measures:
            raise UnknownIdError("measure", measure, valid_measures)
    chosen = []
    needles = [k.casefold() for k in keywords]
    for m in dataset.measures:
        if areas and m.area not in areas:
            continue
        if measures and m.id not in measures:
            continue
        if needles:
            texts = [m.title, m.abbreviation or "", m.name_zh or "", m.summary]
            texts = [t.casefold() for t in (*texts, *m.aliases, *m.keywords)]
            if not any(n in t for n in needles for t in texts):
                continue
        chosen.append(m)
    return tuple(chosen)


Fact = Figure | Funding | Milestone | Update


def is_secondary(dataset: Dataset, fact: Fact) -> bool:
    """True for a fact seen only in a secondary source: a news report, or a note, not a page of
    the Government's."""
    if fact.confidence is not None:
        return fact.confidence == "secondary"
    if fact.source is None:
        return True
    return not dataset.document(fact.source).official


class Section(NamedTuple):
    area: Area
    measures: tuple[Measure, ...]


class Total(NamedTuple):
    currency: str
    amount: int
    measures: tuple[Measure, ...]
    # True when any part of the total is seen only in a secondary source.
    secondary: bool = False

    @property
    def text(self) -> str:
        return figures.money(self.amount, self.currency)


class Event(NamedTuple):
    """A milestone or an update on the timeline."""

    date: PartialDate
    qualifier: str | None
    text: str
    measure: Measure
    kind: Literal["milestone", "update"]
    when: Literal["past", "now", "future"]
    fact: Milestone | Update


class Briefing(NamedTuple):
    dataset: Dataset
    measures: tuple[Measure, ...]
    sections: tuple[Section, ...]
    replies: tuple[Document, ...]
    totals: tuple[Total, ...]
    figures: tuple[tuple[Measure, Figure], ...]
    timeline: tuple[Event, ...]
    sources: tuple[Document, ...]
    # Reference number of each cited document's id: 1 for the first cited, and so on.
    numbers: dict[str, int]
    as_of: datetime.date
    generated: datetime.date
    data_name: str
    version: str
    filtered: bool

    @property
    def funded(self) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.funding is not None)

    def source_number(self, document_id: str) -> int:
        """The reference number of a document: 1 for the first cited, and so on."""
        return self.numbers[document_id]

    def cites(self, measure: Measure) -> tuple[int, ...]:
        """The reference numbers of every document behind a measure, in order."""
        return tuple(sorted({self.source_number(d) for d in _documents_of(measure)}))

    def is_secondary(self, fact: Fact) -> bool:
        return is_secondary(self.dataset, fact)

    def updates(self, measure: Measure) -> tuple[Update, ...]:
        """The updates of a measure known on the briefing's as-of date."""
        return tuple(u for u in measure.updates if u.date.first_day() <= self.as_of)

    def document(self, id: str) -> Document:
        return self.dataset.document(id)

    def area(self, id: str) -> Area:
        return self.dataset.area(id)

    def organisation_names(self, measure: Measure) -> list[str]:
        return [self.dataset.organisation(o).name for o in measure.run_by]

    def json_data(self) -> dict[str, Any]:
        """The validated data plus the computed figures: the shape documented in the README."""
        return {
            "format": "hkai-brief/1",
            "generated": {
                "on": self.generated.isoformat(),
                "as_of": self.as_of.isoformat(),
                "tool": f"hkai-brief {self.version}",
                "data": self.data_name,
                "filtered": self.filtered,
                "digest": DIGEST_PLACEHOLDER,
            },
            "computed": {
                "funding_totals": [
                    {
                        "currency": t.currency,
                        "amount": t.amount,
                        "text": t.text,
                        "measures": [m.id for m in t.measures],
                        "secondary": t.secondary,
                    }
                    for t in self.totals
                ],
                "figures": [
                    {
                        "measure": m.id,
                        **plain(f),
                        "text": figures.figure(f),
                        "secondary": self.is_secondary(f),
                    }
                    for m, f in self.figures
                ],
                "timeline": [
                    {
                        "date": str(e.date),
                        "qualifier": e.qualifier,
                        "text": e.text,
                        "measure": e.measure.id,
                        "kind": e.kind,
                        "when": e.when,
                        "secondary": self.is_secondary(e.fact),
                    }
                    for e in self.timeline
                ],
            },
            "documents": [plain(d) for d in self.sources],
            "areas": [plain(s.area) for s in self.sections],
            "organisations": [
                plain(o)
                for o in self.dataset.organisations
                if any(o.id in m.run_by for m in self.measures)
            ],
            "measures": [plain(m) for m in self.measures],
        }


def plain(value: Any) -> Any:
    """A model object as JSON-ready values: dates as text, every field present."""
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: plain(getattr(value, name)) for name in value._fields}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


def _documents_of(measure: Measure) -> list[str]:
    """The documents behind a measure: its cited sources, then those of its facts."""
    ids = [c.document for c in measure.sources]
    facts: list[Fact] = [*measure.figures, *measure.milestones, *measure.updates]
    if measure.funding is not None:
        facts.append(measure.funding)
    ids += [f.source for f in facts if f.source is not None]
    return list(dict.fromkeys(ids))


def build(
    dataset: Dataset,
    measures: tuple[Measure, ...],
    *,
    as_of: datetime.date,
    generated: datetime.date | None = None,
    data_name: str,
    version: str,
    areas: tuple[str, ...] = (),
    filtered: bool = False,
) -> Briefing:
    """The briefing of `measures`: grouped by area, with totals, figures, timeline and sources.

    Unfiltered, every area is shown, with its description where it has no measure; filtered,
    the areas that have a chosen measure or were asked for by name (`areas`).
    """
    chosen = {m.id for m in measures}
    sections = []
    for area in dataset.areas:
        in_area = tuple(m for m in dataset.measures_in(area.id) if m.id in chosen)
        if in_area or not filtered or area.id in areas:
            sections.append(Section(area, in_area))
    ordered = tuple(m for s in sections for m in s.measures)

    replies = tuple(
        dataset.document(d) for d in dict.fromkeys(m.document for m in ordered)
    ) or tuple(d for d in dataset.documents if d.kind == "legco-reply")

    totals: dict[str, list[Measure]] = {}
    for m in ordered:
        if m.funding is not None:
            totals.setdefault(m.funding.currency, []).append(m)
    total_rows = tuple(
        Total(
            currency,
            sum(m.funding.amount for m in ms if m.funding),
            tuple(ms),
            any(m.funding is not None and is_secondary(dataset, m.funding) for m in ms),
        )
        for currency, ms in totals.items()
    )

    sources = _sources(dataset, replies, ordered)
    return Briefing(
        dataset=dataset,
        measures=ordered,
        sections=tuple(sections),
        replies=replies,
        totals=total_rows,
        figures=tuple((m, f) for m in ordered for f in m.figures),
        timeline=_timeline(ordered, as_of),
        sources=sources,
        numbers={d.id: n for n, d in enumerate(sources, start=1)},
        as_of=as_of,
        generated=generated or as_of,
        data_name=data_name,
        version=version,
        filtered=filtered,
    )


def _timeline(measures: tuple[Measure, ...], as_of: datetime.date) -> tuple[Event, ...]:
    """Milestones and updates in date order, as known on `as_of`.

    Updates after `as_of` had not happened then, so they are left out; a milestone is left out
    where an update of the same measure on the same date tells how it went. A date given as
    'by' sorts at its deadline; other dates at their first day, the coarser first.
    """
    events = []
    for m in measures:
        updates = [u for u in m.updates if u.date.first_day() <= as_of]
        reported = {u.date for u in updates}
        events += [
            Event(s.date, s.qualifier, s.text, m, "milestone", figures.when(s.date, as_of), s)
            for s in m.milestones
            if s.date not in reported
        ]
        events += [
            Event(u.date, u.qualifier, u.text, m, "update", figures.when(u.date, as_of), u)
            for u in updates
        ]

    def key(e: Event) -> tuple[datetime.date, int]:
        if e.qualifier == "by":
            return e.date.last_day(), 0
        return e.date.first_day(), -e.date.last_day().toordinal()

    # Stable sort: events on the same date keep the order of the measures.
    return tuple(sorted(events, key=key))


def _sources(
    dataset: Dataset, replies: tuple[Document, ...], measures: tuple[Measure, ...]
) -> tuple[Document, ...]:
    """Every document cited, numbered in order of first citation: the replies first."""
    cited = [r.id for r in replies]
    for m in measures:
        cited += _documents_of(m)
    return tuple(dataset.document(d) for d in dict.fromkeys(cited))


def describe(dataset: Dataset, measure: Measure) -> list[tuple[str, list[str]]]:
    """A measure in full, as labelled lines of text: what `hkai-brief show` lays out.

    A † marks what is seen only in a secondary source; each fact names its source.
    """

    def mark(secondary: bool) -> str:
        return "†" if secondary else ""

    def secondary(fact: Fact) -> bool:
        return is_secondary(dataset, fact)

    def source(fact: Fact) -> str:
        return f" [{fact.source}]" if fact.source else f" ({fact.source_note})"

    def dated(step: Milestone | Update) -> str:
        when = figures.date(step.date, step.qualifier)
        return f"{when[:1].upper()}{when[1:]}: {step.text}{mark(secondary(step))}{source(step)}"

    reply = dataset.document(measure.document)
    rows: list[tuple[str, list[str]]] = [("Area", [dataset.area(measure.area).title])]
    if measure.name_zh:
        rows.append(("Chinese name", [measure.name_zh + mark("name_zh" in measure.unconfirmed)]))
    if measure.aliases:
        rows.append(("Also called", list(measure.aliases)))
    when = f", {figures.date(reply.date)}" if reply.date else ""
    rows.append(("Reply", [f"{reply.title}{when}"]))
    if measure.status:
        rows.append(("Status", [f"{measure.status.replace('-', ' ')} (at the reply)"]))
    if measure.run_by:
        rows.append(("Run by", [dataset.organisation(o).name for o in measure.run_by]))
    rows.append(("Summary", [measure.summary]))
    if measure.funding:
        f = measure.funding
        note = f", {f.note}" if f.note else ""
        money = figures.money(f.amount, f.currency)
        rows.append(("Funding", [f"{money}{note}{mark(secondary(f))}{source(f)}"]))
    if measure.figures:
        rows.append(
            (
                "Figures",
                [f"{figures.figure(g)}{mark(secondary(g))}{source(g)}" for g in measure.figures],
            )
        )
    if measure.milestones:
        rows.append(("Milestones", [dated(s) for s in measure.milestones]))
    if measure.updates:
        rows.append(("Since reply", [dated(s) for s in measure.updates]))
    if measure.keywords:
        rows.append(("Keywords", [", ".join(measure.keywords)]))
    cited = []
    for c in measure.sources:
        doc = dataset.document(c.document)
        parts = [f"[{doc.id}] {doc.title.rstrip('.')}"]
        if doc.date:
            parts.append(figures.date(doc.date))
        if c.locator:
            parts.append(c.locator)
        if doc.kind == "news-report":
            parts.append("news report")
        elif not doc.official:
            parts.append("not an official source")
        cited.append(", ".join(parts) + (f" {doc.url}" if doc.url else ""))
    rows.append(("Sources", cited))
    return rows
