"""What a briefing shows: the chosen measures, grouped by area, with the figures computed from them.

Templates only lay this out: every total, count and order is computed here, from the data, so a
briefing can never state a figure the data does not hold.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

from . import wording
from .lang import text as localized
from .lang import translate
from .model import (
    Applications,
    Area,
    Dataset,
    Document,
    Fact,
    Figure,
    Funding,
    Measure,
    Message,
    Milestone,
    PartialDate,
    Update,
)
from .phrasing import Phrases
from .select import Selection, choose, resolve


class Section(NamedTuple):
    area: Area
    measures: tuple[Measure, ...]


class Glance(NamedTuple):
    """An area as the one-minute summary shows it: its biggest measures, and how many more."""

    section: Section
    shown: tuple[Measure, ...]
    more: int


class Total(NamedTuple):
    """The money of the measures in one currency, one-off or yearly: the two are never added
    up. Each measure counts once, however many replies discuss it."""

    currency: str
    amount: int
    measures: tuple[Measure, ...]
    lang: str = "en"
    recurrent: bool = False

    @property
    def lines(self) -> tuple[Funding, ...]:
        """The funding lines the total adds up."""
        return tuple(f for _, f in self.items)

    @property
    def items(self) -> tuple[tuple[Measure, Funding], ...]:
        """Each measure's lines in the total, with the measure."""
        return tuple(
            (m, f)
            for m in self.measures
            for f in m.funding_lines
            if f.currency == self.currency and f.recurrent == self.recurrent
        )

    @property
    def text(self) -> str:
        return wording.amount(
            Funding(self.amount, self.currency, recurrent=self.recurrent), self.lang
        )

    @property
    def shared(self) -> int:
        """How much of the total is for wider purposes (funding lines with a scope)."""
        return sum(f.amount for f in self.lines if f.scope)

    @property
    def earmarked(self) -> str:
        """What the total is for, honestly: 'earmarked for 3 measures, of which HK$3 billion
        (FTRSS) is for AI and other frontier fields', naming the measure, so that the sum is not
        quoted as all for the briefing's subject, nor the part taken for another measure's."""
        count = len(self.measures)
        lines = self.lines
        scoped = list({m.id: m for m, f in self.items if f.scope}.values())
        shared = wording.money(self.shared, self.currency, self.lang)
        scoped_lines = [f for f in lines if f.scope]
        scopes = list(dict.fromkeys(f.scope for f in scoped_lines))
        if self.lang == "zh-Hant":
            text = f"為{count:,}項措施合共預留的款項"
            if not scoped:
                return text
            # Once each: a corpus may hold the same measure from many replies.
            named = "、".join(
                dict.fromkeys(m.name_zh or localized(m, "title", self.lang) for m in scoped)
            )
            if len(scopes) > 1:
                return f"{text}，其中{named}的{shared}亦用於其他範疇"
            return (
                f"{text}，其中{named}的{shared}用於{localized(scoped_lines[0], 'scope', self.lang)}"
            )
        text = f"earmarked for {count:,} measure{'' if count == 1 else 's'}"
        if not scopes:
            return text
        which = ", ".join(dict.fromkeys(m.abbreviation or m.title for m in scoped))
        if len(scopes) > 1:
            return f"{text}, of which {shared} ({which}) is also for wider purposes"
        return f"{text}, of which {shared} ({which}) is for {scopes[0]}"

    def is_secondary(self, dataset: Dataset) -> bool:
        """True when any part of the total is seen only in a secondary source."""
        return any(dataset.is_secondary(f) for f in self.lines)


class Event(NamedTuple):
    """A milestone or an update on the timeline."""

    date: PartialDate
    qualifier: str | None
    text: str
    measure: Measure
    kind: Literal["milestone", "update"]
    when: Literal["past", "now", "future"]
    fact: Milestone | Update


class Reference(NamedTuple):
    """A source as a handout lists it: its number, the document, and where in it the measures
    cite it (paragraph 37, question part 3)."""

    number: int
    document: Document
    locators: tuple[str, ...]


class _Fields(NamedTuple):
    dataset: Dataset
    measures: tuple[Measure, ...]
    sections: tuple[Section, ...]
    replies: tuple[Document, ...]
    totals: tuple[Total, ...]
    as_of: datetime.date
    generated: datetime.date
    data_name: str
    version: str
    filtered: bool
    # The symbols to print: Unicode's, or ASCII's for an output that cannot carry them.
    sym: wording.Symbols = wording.UNICODE
    title: str = "Policy briefing"
    # The selection in words, for the byline: "all 14 measures", "Talent measures".
    about: str = ""
    # The language it is written in: "en" or "zh-Hant" (lang.py).
    lang: str = "en"


class Briefing(_Fields, Phrases):
    """What a briefing shows: the fields above, computed by `build`, and what templates ask of
    it. How it names things and says them in its language is in phrasing.py."""

    # No __slots__: what the properties below work out is kept, worked out when first asked
    # (a one-minute summary of 10,000 measures asks for no sources).

    @functools.cached_property
    def figures(self) -> tuple[tuple[Measure, Figure], ...]:
        """Every key number, with its measure."""
        return tuple((m, f) for m in self.measures for f in m.figures)

    @functools.cached_property
    def timeline(self) -> tuple[Event, ...]:
        """Milestones and updates in date order, as known on the as-of date (_timeline)."""
        return _timeline(self.measures, self.as_of)

    @functools.cached_property
    def sources(self) -> tuple[Document, ...]:
        """Every document cited, in order of first citation (_sources)."""
        return _sources(self.dataset, self.replies, self.measures)

    @functools.cached_property
    def numbers(self) -> dict[str, int]:
        """The reference number of each cited document's id: 1 for the first, and so on."""
        return {d.id: n for n, d in enumerate(self.sources, start=1)}

    @property
    def funded(self) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.funding_lines)

    @property
    def headed_by_money(self) -> tuple[Measure, ...]:
        """The measures with money and figures: a line headed by the money leaves their key
        numbers to be said apart."""
        return tuple(m for m in self.measures if m.funding_lines and m.figures)

    def source_number(self, document_id: str) -> int:
        """The reference number of a document: 1 for the first cited, and so on."""
        return self.numbers[document_id]

    def cites(self, measure: Measure) -> tuple[int, ...]:
        """The reference numbers of every document behind a measure, in order."""
        return tuple(sorted({self.source_number(d) for d in _documents_of(measure)}))

    def closed(self, applications: Applications) -> bool:
        """Whether applications had closed on the briefing's as-of date."""
        return applications.closes is not None and applications.closes.last_day() < self.as_of

    @property
    def references(self) -> tuple[Reference, ...]:
        """Every source, numbered in order of first citation, each once, with the places in it
        that the measures cite."""
        places: dict[str, list[str]] = {d.id: [] for d in self.sources}
        for m in self.measures:
            for c in m.sources:
                if c.locator and c.locator not in places[c.document]:
                    places[c.document].append(c.locator)
        return tuple(
            Reference(n, d, tuple(places[d.id])) for n, d in enumerate(self.sources, start=1)
        )

    def is_secondary(self, fact: Fact) -> bool:
        return self.dataset.is_secondary(fact)

    def cites_of(self, fact: Fact) -> tuple[int, ...]:
        """The reference number of the source a fact (a key message, a figure) names: for
        `cite`, empty when it names none."""
        source = getattr(fact, "source", None)
        return (self.source_number(source),) if source else ()

    @property
    def other_questions(self) -> tuple[Document, ...]:
        """The data's other Legislative Council questions, before and after the replies
        briefed, in date order: the context a reader may want."""
        briefed = {r.id for r in self.replies}
        asked = [
            d for d in self.dataset.documents if d.kind == "legco-reply" and d.id not in briefed
        ]
        return tuple(
            sorted(asked, key=lambda d: d.date.sort_key() if d.date else (datetime.date.max, 0))
        )

    @property
    def messages(self) -> tuple[Message, ...]:
        """The key messages of the replies briefed."""
        return tuple(message for r in self.replies for message in r.messages)

    def glance(self, lines: int = 24) -> tuple[Glance, ...]:
        """The areas for the one-minute summary, in about `lines` lines: every measure when they
        fit; else each area's biggest (by money, then by figures given) in proportion to its
        size, at least one, the rest counted as 'and N more'. With more areas than a screen
        holds, only the biggest areas (`left_out` counts the others)."""
        if len(self.measures) <= lines:
            return tuple(Glance(s, s.measures, 0) for s in self.sections)
        kept = self._areas_kept(lines)
        total = sum(len(s.measures) for s in kept)
        room = max(lines - len(kept), len(kept))
        glances = []
        for s in kept:
            keep = max(1, room * len(s.measures) // total)
            if keep >= len(s.measures):
                glances.append(Glance(s, s.measures, 0))
                continue
            biggest = {m.id for m in sorted(s.measures, key=_size, reverse=True)[:keep]}
            shown = tuple(m for m in s.measures if m.id in biggest)  # in the data's order
            glances.append(Glance(s, shown, len(s.measures) - keep))
        return tuple(glances)

    def left_out(self, lines: int = 24) -> tuple[int, int]:
        """The areas `glance` leaves out, and their measures: (areas, measures)."""
        if len(self.measures) <= lines:
            return 0, 0
        kept = {s.area.id for s in self._areas_kept(lines)}
        out = [s for s in self.sections if s.area.id not in kept]
        return len(out), sum(len(s.measures) for s in out)

    def _areas_kept(self, lines: int) -> list[Section]:
        """The areas a short summary names, in the data's order: those with measures, or, when
        more than a third of `lines` have, the biggest of them."""
        with_measures = [s for s in self.sections if s.measures]
        most = max(lines // 3, 1)
        if len(with_measures) <= most:
            return with_measures
        biggest = sorted(with_measures, key=lambda s: len(s.measures), reverse=True)[:most]
        ids = {s.area.id for s in biggest}
        return [s for s in with_measures if s.area.id in ids]

    def ahead(self, count: int = 3) -> tuple[Event, ...]:
        """What comes next: the first `count` events of the timeline not yet passed, the next
        step of each measure (its later steps wait their turn)."""
        return _ahead(self.measures, self.as_of, count)

    def updates(self, measure: Measure) -> tuple[Update, ...]:
        """The updates of a measure known on the briefing's as-of date."""
        return tuple(u for u in measure.updates if u.date.first_day() <= self.as_of)

    def document(self, id: str) -> Document:
        return self.dataset.document(id)

    def area(self, id: str) -> Area:
        return self.dataset.area(id)


def _size(measure: Measure) -> tuple[int, int]:
    """How big a measure is, for choosing the few a short summary names: its one-off money,
    then how many figures it gives."""
    money = sum(f.amount for f in measure.funding_lines if not f.recurrent)
    return money, len(measure.figures)


def _documents_of(measure: Measure) -> list[str]:
    """The documents behind a measure: its cited sources, then those of its facts."""
    return list(dict.fromkeys(_cited(measure)))


def _cited(measure: Measure) -> Iterator[str]:
    """The documents a measure cites, then those its facts do, as often as they do."""
    for citation in measure.sources:
        yield citation.document
    for facts in (measure.figures, measure.milestones, measure.updates, measure.funding_lines):
        for fact in facts:
            if fact.source is not None:
                yield fact.source


def build(
    dataset: Dataset,
    selection: Selection,
    *,
    as_of: datetime.date,
    generated: datetime.date | None = None,
    data_name: str,
    version: str,
    sym: wording.Symbols = wording.UNICODE,
    title: str | None = None,
    lang: str = "en",
) -> Briefing:
    """The briefing of the selected measures: grouped by area, with totals, figures, timeline
    and sources.

    Unfiltered, every area is shown, with its description where it has no measure; filtered,
    the areas that have a chosen measure or were asked for by name.
    """
    selection = resolve(dataset, selection)
    sections = _sections(dataset, selection)
    ordered = tuple(m for s in sections for m in s.measures)
    # An area with no measure of its own still comes from a reply: the ones the data's measures
    # come from, not every question in the file; --reply names them.
    replies = tuple(
        dataset.document(d)
        for d in dict.fromkeys(r for m in ordered or dataset.measures for r in m.replies)
        if not selection.replies or d in selection.replies
    )
    return Briefing(
        dataset=dataset,
        measures=ordered,
        sections=sections,
        replies=replies,
        totals=_totals(ordered, lang),
        as_of=as_of,
        generated=generated or as_of,
        data_name=data_name,
        version=version,
        filtered=selection.filtered,
        sym=sym,
        title=title or _title(dataset, lang),
        about=_about(dataset, selection, ordered, lang),
        lang=lang,
    )


def _sections(dataset: Dataset, selection: Selection) -> tuple[Section, ...]:
    """The areas with their chosen measures: unfiltered, every area; filtered, those with a
    chosen measure or asked for by name."""
    chosen: dict[str, list[Measure]] = {}
    for m in choose(dataset, selection):  # in the data's order
        chosen.setdefault(m.area, []).append(m)
    sections = []
    for area in dataset.areas:
        in_area = tuple(chosen.get(area.id, ()))
        if in_area or not selection.filtered or area.id in selection.areas:
            sections.append(Section(area, in_area))
    return tuple(sections)


def _totals(measures: tuple[Measure, ...], lang: str) -> tuple[Total, ...]:
    """One total per currency, one-off and yearly apart: a sum a year is never added to a sum;
    one-off totals first."""
    # Each measure once in a total, in order: dicts keyed by id keep both (and stay linear on
    # thousands of measures).
    found: dict[tuple[str, bool], dict[str, Measure]] = {}
    amounts: dict[tuple[str, bool], int] = {}
    for m in measures:
        for f in m.funding_lines:
            key = (f.currency, f.recurrent)
            found.setdefault(key, {})[m.id] = m
            amounts[key] = amounts.get(key, 0) + f.amount
    return tuple(
        Total(currency, amounts[(currency, recurrent)], tuple(ms.values()), lang, recurrent)
        for (currency, recurrent), ms in sorted(found.items(), key=lambda kv: kv[0][1])
    )


def _title(dataset: Dataset, lang: str) -> str:
    """The data's title in the briefing's language, else 'Policy briefing'."""
    if dataset.title is None:
        return translate(lang, "Policy briefing")
    return localized(dataset, "title", lang)


def _timeline(measures: tuple[Measure, ...], as_of: datetime.date) -> tuple[Event, ...]:
    """Milestones and updates in date order, as known on `as_of` (_Dates.steps): a date given
    as 'by' sorts at its deadline; other dates at their first day, the coarser first."""
    dates = _Dates(as_of)
    events = [
        Event(s.date, s.qualifier, s.text, m, kind, dates.when(s), s)
        for m in measures
        for s, kind in dates.steps(m)
    ]
    # Stable sort: events on the same date keep the order of the measures.
    return tuple(sorted(events, key=lambda e: dates.key(e.fact)))


def worked_out(b: Briefing) -> None:
    """Work out now what a briefing otherwise works out when a template first asks for it."""
    for name in ("figures", "timeline", "sources", "numbers"):
        getattr(b, name)


def _ahead(measures: tuple[Measure, ...], as_of: datetime.date, count: int) -> tuple[Event, ...]:
    """Each measure's first step not yet passed, in timeline order (date, then the measure's
    place, then the step's), `[:count]` of them: what the timeline says comes next, without
    sorting all of it."""
    import heapq

    dates = _Dates(as_of)
    firsts = []
    for n, m in enumerate(measures):
        best = None
        for j, (s, kind) in enumerate(dates.steps(m)):
            if dates.when(s) != "past":
                place = (dates.key(s), n, j)
                if best is None or place < best[0]:
                    best = (place, s, kind)
        if best is not None:
            firsts.append((*best, m))

    def order(first: tuple[Any, ...]) -> Any:
        return first[0]

    if isinstance(count, int) and count >= 0:  # the same as sorted()[:count], and quicker
        chosen = heapq.nsmallest(count, firsts, key=order)
    else:
        chosen = sorted(firsts, key=order)[:count]
    return tuple(
        Event(s.date, s.qualifier, s.text, m, kind, dates.when(s), s) for _, s, kind, m in chosen
    )


class _Dates:
    """The steps of a timeline as known on `as_of`, and where their dates stand: each date is
    worked out once (thousands of measures share a few hundred dates)."""

    def __init__(self, as_of: datetime.date) -> None:
        self.as_of = as_of
        self._when: dict[tuple[PartialDate, str | None], Literal["past", "now", "future"]] = {}
        self._begun: dict[PartialDate, bool] = {}
        self._keys: dict[tuple[PartialDate, bool], tuple[datetime.date, int]] = {}

    def steps(self, m: Measure) -> list[tuple[Milestone | Update, Literal["milestone", "update"]]]:
        """A measure's steps in order: updates after `as_of` had not happened then, so they are
        left out; a milestone is left out where an update on the same date tells how it
        went."""
        updates = [u for u in m.updates if self._started(u.date)]
        reported = {u.date for u in updates}
        found: list[tuple[Milestone | Update, Literal["milestone", "update"]]] = [
            (s, "milestone") for s in m.milestones if s.date not in reported
        ]
        return found + [(u, "update") for u in updates]

    def _started(self, date: PartialDate) -> bool:
        begun = self._begun.get(date)
        if begun is None:
            begun = self._begun[date] = date.first_day() <= self.as_of
        return begun

    def when(self, step: Milestone | Update) -> Literal["past", "now", "future"]:
        found = self._when.get((step.date, step.qualifier))
        if found is None:
            found = self._when[(step.date, step.qualifier)] = _when(step, self.as_of)
        return found

    def key(self, step: Milestone | Update) -> tuple[datetime.date, int]:
        by = step.qualifier == "by"
        found = self._keys.get((step.date, by))
        if found is None:
            date = step.date
            found = (date.last_day(), 0) if by else (date.first_day(), -date.last_day().toordinal())
            self._keys[(step.date, by)] = found
        return found


def _about(
    dataset: Dataset, selection: Selection, measures: tuple[Measure, ...], lang: str = "en"
) -> str:
    """The selection in words, for a handout's byline: all 14 measures; Talent measures;
    3 measures: AISS, AISC and FTRSS; Talent measures that mention 'lab'."""
    count = len(measures)
    zh = lang == "zh-Hant"
    if not selection.filtered:
        return f"全部{count}項措施" if zh else f"all {count} measure{'' if count == 1 else 's'}"
    if selection.measures:
        names = [m.abbreviation or localized(m, "title", lang) for m in measures]
        if zh:
            words = f"{count}項措施：{'、'.join(names)}"
        else:
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            words = f"{count} measure{'' if count == 1 else 's'}: {listed}"
    elif selection.areas:
        titles = [localized(dataset.area(a), "title", lang) for a in selection.areas]
        if zh:
            words = f"{'、'.join(titles)}範疇的措施"
        else:
            joined = (
                titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
            )
            words = f"{joined} measures"
    else:
        words = "措施" if zh else "measures"
    if selection.keywords:
        if zh:
            quoted = "或".join(f"「{k}」" for k in selection.keywords)
            words = f"提及{quoted}的{words}"
        else:
            quoted = " or ".join(repr(k) for k in selection.keywords)
            words += f" that mention {quoted}"
    return words


def _when(step: Milestone | Update, as_of: datetime.date) -> Literal["past", "now", "future"]:
    return wording.when(step.date, as_of, step.qualifier)


def _sources(
    dataset: Dataset, replies: tuple[Document, ...], measures: tuple[Measure, ...]
) -> tuple[Document, ...]:
    """Every document cited, numbered in order of first citation: the replies first, then
    what their key messages cite, then the measures' sources."""
    cited = [r.id for r in replies]
    cited += [message.source for r in replies for message in r.messages if message.source]
    for m in measures:
        cited += _cited(m)  # each document once, in order, below: not measure by measure
    return tuple(dataset.document(d) for d in dict.fromkeys(cited))
