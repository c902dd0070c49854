"""What a briefing shows: the chosen measures, grouped by area, with the figures computed from them.

Templates only lay this out: every total, count and order is computed here, from the data, so a
briefing can never state a figure the data does not hold.
"""

from __future__ import annotations

import datetime
import re
from typing import Literal, NamedTuple

from . import wording
from .lang import english_only, shown, translate
from .lang import text as localized
from .load import SHIPPED_NAME
from .model import (
    Applications,
    Area,
    Citation,
    Dataset,
    Document,
    Fact,
    Figure,
    Funding,
    Measure,
    Message,
    Milestone,
    Organisation,
    PartialDate,
    Update,
)
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
        scoped = [m for m in self.measures if any(f.scope for f in m.funding_lines if f in lines)]
        shared = wording.money(self.shared, self.currency, self.lang)
        scoped_lines = [f for f in lines if f.scope]
        scopes = list(dict.fromkeys(f.scope for f in scoped_lines))
        if self.lang == "zh-Hant":
            text = f"為{count}項措施合共預留的款項"
            if not scoped:
                return text
            named = "、".join(m.name_zh or localized(m, "title", self.lang) for m in scoped)
            if len(scopes) > 1:
                return f"{text}，其中{named}的{shared}亦用於其他範疇"
            return (
                f"{text}，其中{named}的{shared}用於{localized(scoped_lines[0], 'scope', self.lang)}"
            )
        text = f"earmarked for {count} measure{'' if count == 1 else 's'}"
        if not scopes:
            return text
        which = ", ".join(m.abbreviation or m.title for m in scoped)
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
    # The symbols to print: Unicode's, or ASCII's for an output that cannot carry them.
    sym: wording.Symbols = wording.UNICODE
    title: str = "Policy briefing"
    # The selection in words, for the byline: "all 14 measures", "Talent measures".
    about: str = ""
    # The language it is written in: "en" or "zh-Hant" (lang.py).
    lang: str = "en"

    @property
    def funded(self) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.funding_lines)

    @property
    def description(self) -> str:
        """What the data covers, under the title, in the briefing's language; '' if unsaid."""
        if not self.dataset.description:
            return ""
        return localized(self.dataset, "description", self.lang)

    def reply_tag(self, measure: Measure) -> str:
        """Which replies a measure comes from, where the briefing has several: 'LCQ5' or
        'LCQ13, LCQ5'; nothing when there is one."""
        if len(self.replies) < 2:
            return ""
        return ", ".join(self.reply_name(self.document(r)) for r in measure.replies)

    def reply_name(self, reply: Document) -> str:
        """A reply's short name: its question's number, else its title."""
        return reply.question.number if reply.question else localized(reply, "title", self.lang)

    def money_width(self, items: tuple[tuple[Measure, Funding], ...]) -> int:
        """The width of a column of amounts, so that none runs into the name beside it."""
        from .layout import cells

        return max((cells(self.money(f)) for _, f in items), default=0)

    def money(self, funding: Funding) -> str:
        """A funding line's money with its mark: HK$3 billion, HK$50 million a year†."""
        return wording.amount(funding, self.lang) + self.mark(funding)

    def source_number(self, document_id: str) -> int:
        """The reference number of a document: 1 for the first cited, and so on."""
        return self.numbers[document_id]

    def cites(self, measure: Measure) -> tuple[int, ...]:
        """The reference numbers of every document behind a measure, in order."""
        return tuple(sorted({self.source_number(d) for d in _documents_of(measure)}))

    @property
    def byline(self) -> str:
        """What the handout covers and where it came from, in words for a committee:
        'Talent measures, from the data shipped with hkai-brief. Generated on 25 November
        2026 by hkai-brief 0.1.0.'"""
        if self.lang == "zh-Hant":
            source = "hkai-brief隨附的數據檔" if self.data_name == SHIPPED_NAME else self.data_name
            text = f"本簡報涵蓋{self.about}，資料取自{source}，由hkai-brief {self.version}於"
            text += f"{_day(self.generated, self.lang)}編製"
            if self.as_of != self.generated:
                text += f"；時間線以{_day(self.as_of, self.lang)}為準"
            return text + "。"
        about = self.about[:1].upper() + self.about[1:]
        text = f"{about}, from {self.data_name}. Generated on {_day(self.generated)}"
        text += f" by hkai-brief {self.version}"
        if self.as_of != self.generated:
            text += f"; the timeline as of {_day(self.as_of)}"
        return text + "."

    def reply_line(self, reply: Document, full: bool = False) -> str:
        """Who answered, how and when: 'Written reply by Professor Sun Dong, Secretary for
        Innovation, Technology and Industry, 15 October 2025' ('Reply by' for an oral one), the
        name marked where only a secondary source gives it."""
        r = reply.respondent
        if r is None:
            return ""
        # A person's name, not a text to translate: not marked as English.
        name = localized(r, "name", self.lang, mark=False)
        name += self.sym.secondary if "name" in r.unconfirmed else ""
        office = self.tr(r, "office")
        oral = reply.question is not None and reply.question.kind == "oral"
        kind = "Reply" if oral else "Written reply"
        if self.lang == "zh-Hant":
            # As the Government's Chinese releases say it: who, when, where, then what.
            when = _pdate(reply.date, self.lang) if reply.date else ""
            said = "答覆" if oral else "書面答覆"
            return f"{office}{name}{when}在立法會會議上的{said}"
        text = f"{kind} by {name}, {office}"
        if full:
            text += ", to the Legislative Council"
            return text + (f" on {_pdate(reply.date)}" if reply.date else "")
        return text + (f", {_pdate(reply.date)}" if reply.date else "")

    def question_line(self, document: Document) -> str:
        """Another question of the Council on one line: 'LCQ20 (written), Dr the Hon Lo
        Wai-kwok: Development of artificial intelligence'."""
        q = document.question
        # A document's title is its name, in the language it was published in: not marked.
        title = localized(document, "title", self.lang, mark=False)
        if q is None:
            return title
        # The number is said once: 'LCQ18: ...' and '立法會十八題：...' lose their own.
        title = re.sub(
            rf"^(?:{re.escape(q.number)}: |立法會[一二三四五六七八九十]+題：)", "", title
        )
        kind = ""
        if q.kind:
            kind = (
                translate(self.lang, f" ({q.kind})").strip()
                if self.lang == "zh-Hant"
                else f" ({q.kind})"
            )
        asker = ""
        if q.asked_by:
            asker = f"，{q.asked_by}" if self.lang == "zh-Hant" else f", {q.asked_by}"
        colon = "：" if self.lang == "zh-Hant" else ": "
        return f"{q.number}{kind}{asker}{colon}{title}"

    def closed(self, applications: Applications) -> bool:
        """Whether applications had closed on the briefing's as-of date."""
        return applications.closes is not None and applications.closes.last_day() < self.as_of

    def date_width_of(self, documents: tuple[Document, ...]) -> int:
        """The width of a column of documents' short dates."""
        from .layout import cells  # rich's: not for the commands that never lay out text

        return max(
            (cells(wording.short_date(d.date, lang=self.lang)) for d in documents if d.date),
            default=0,
        )

    def tr(self, record: object, field: str) -> str:
        """A record's text in the briefing's language: its Chinese text in a Chinese briefing,
        or the English one marked as English where the data has no Chinese (lang.py)."""
        return localized(record, field, self.lang)

    def tr_list(self, record: object, field: str) -> tuple[str, ...]:
        """A list of texts (a question's parts) in the briefing's language, the same way."""
        english: tuple[str, ...] = getattr(record, field)
        if self.lang != "zh-Hant":
            return english
        chinese: tuple[str, ...] = getattr(record, f"{field}_zh", ())
        if chinese and len(chinese) == len(english):
            return chinese
        return tuple(english_only(e) for e in english)

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

    def mark(self, fact: Fact | Total) -> str:
        """The mark of what is seen only in a secondary source (wording.SECONDARY), or nothing."""
        if isinstance(fact, Total):
            secondary = fact.is_secondary(self.dataset)
        else:
            secondary = self.dataset.is_secondary(fact)
        return self.sym.secondary if secondary else ""

    def unconfirmed(self, measure: Measure, name: str) -> str:
        """The same mark for a name (title, name_zh) seen only in a secondary source."""
        return self.sym.secondary if name in measure.unconfirmed else ""

    def name_mark(self, record: Measure | Organisation) -> str:
        """The mark of the name a briefing shows for a measure or a body (its Chinese name in a
        Chinese briefing), where only a secondary source gives that name."""
        field = shown(record, "title" if isinstance(record, Measure) else "name", self.lang)
        return self.sym.secondary if field in record.unconfirmed else ""

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

    def headline(self, measure: Measure) -> str:
        """A measure's main figure, for a one-line mention: its money, else its first figure."""
        if measure.funding_lines:
            return ("、" if self.lang == "zh-Hant" else ", ").join(
                self.money(f) for f in measure.funding_lines
            )
        if measure.figures:
            return wording.figure_short(measure.figures[0], self.lang) + self.mark(
                measure.figures[0]
            )
        return ""

    def glance(self, lines: int = 24) -> tuple[Glance, ...]:
        """The areas for the one-minute summary, in about `lines` lines: every measure when they
        fit; else each area's biggest (by money, then by figures given) in proportion to its
        size, at least one, the rest counted as 'and N more'."""
        total = len(self.measures)
        if total <= lines:
            return tuple(Glance(s, s.measures, 0) for s in self.sections)
        with_measures = [s for s in self.sections if s.measures]
        room = max(lines - len(with_measures), len(with_measures))
        glances = []
        for s in self.sections:
            if not s.measures:
                glances.append(Glance(s, (), 0))
                continue
            keep = max(1, room * len(s.measures) // total)
            if keep >= len(s.measures):
                glances.append(Glance(s, s.measures, 0))
                continue
            biggest = sorted(s.measures, key=_size, reverse=True)[:keep]
            shown = tuple(m for m in s.measures if m in biggest)  # in the data's order
            glances.append(Glance(s, shown, len(s.measures) - keep))
        return tuple(glances)

    def ahead(self, count: int = 3) -> tuple[Event, ...]:
        """What comes next: the first `count` events of the timeline not yet passed, the next
        step of each measure (its later steps wait their turn)."""
        seen: set[str] = set()
        next_steps = []
        for e in self.timeline:
            if e.when != "past" and e.measure.id not in seen:
                seen.add(e.measure.id)
                next_steps.append(e)
        return tuple(next_steps[:count])

    def date_width(self, events: tuple[Event, ...] | None = None) -> int:
        """The width of the timeline's date column: its longest short date."""
        from .layout import cells

        shown = self.timeline if events is None else events
        return max(
            (cells(wording.short_date(e.date, e.qualifier, self.lang)) for e in shown), default=0
        )

    def updates(self, measure: Measure) -> tuple[Update, ...]:
        """The updates of a measure known on the briefing's as-of date."""
        return tuple(u for u in measure.updates if u.date.first_day() <= self.as_of)

    def document(self, id: str) -> Document:
        return self.dataset.document(id)

    def area(self, id: str) -> Area:
        return self.dataset.area(id)

    def organisation_names(self, measure: Measure) -> list[str]:
        """Who runs a measure, in the briefing's language (an English name where the data has
        no Chinese one: a body's name, not a text to translate)."""
        bodies = [self.dataset.organisation(o) for o in measure.run_by]
        return [localized(o, "name", self.lang, mark=False) + self.name_mark(o) for o in bodies]

    def funding_text(self, funding: Funding) -> str:
        """A measure's money with what it is for: 'HK$3 billion, over five years, for AI and
        other frontier technology fields' (30億元，分五年，用於…)."""
        text = wording.amount(funding, self.lang)
        zh = self.lang == "zh-Hant"
        if funding.note:
            text += ("，" if zh else ", ") + self.tr(funding, "note")
        if funding.scope:
            text += f"，用於{self.tr(funding, 'scope')}" if zh else f", for {funding.scope}"
        return text

    def seen_in(self, fact: Fact) -> str:
        """Where a fact without a source document was seen: ' (seen in: ...)' (（見於：…）),
        or nothing."""
        if not fact.source_note:
            return ""
        note = self.tr(fact, "source_note")
        return f"（見於：{note}）" if self.lang == "zh-Hant" else f" (seen in: {note})"

    def short_name(self, measure: Measure) -> str:
        """A measure named in passing (in a timeline, after a figure): its abbreviation in
        English; in Chinese its Chinese name, since AISS means nothing to a Chinese reader."""
        if self.lang == "zh-Hant" and measure.name_zh:
            return measure.name_zh + self.name_mark(measure)
        return measure.abbreviation or self.tr(measure, "title")

    def where(self, citation: Citation) -> str:
        """A cited place, for 'Where to look': 'LCQ13: Promoting development of artificial
        intelligence, paragraph 37' (…，第37段)."""
        document = self.dataset.document(citation.document)
        title = localized(document, "title", self.lang, mark=False).rstrip(".")
        if not citation.locator:
            return title
        place = wording.places((citation.locator,), self.lang)
        return f"{title}，{place}" if self.lang == "zh-Hant" else f"{title}, {place}"


def _size(measure: Measure) -> tuple[int, int]:
    """How big a measure is, for choosing the few a short summary names: its one-off money,
    then how many figures it gives."""
    money = sum(f.amount for f in measure.funding_lines if not f.recurrent)
    return money, len(measure.figures)


def _documents_of(measure: Measure) -> list[str]:
    """The documents behind a measure: its cited sources, then those of its facts."""
    ids = [c.document for c in measure.sources]
    facts: list[Fact] = [
        *measure.figures,
        *measure.milestones,
        *measure.updates,
        *measure.funding_lines,
    ]
    ids += [f.source for f in facts if f.source is not None]
    return list(dict.fromkeys(ids))


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
    chosen = {m.id for m in choose(dataset, selection)}
    sections = []
    for area in dataset.areas:
        in_area = tuple(m for m in dataset.measures_in(area.id) if m.id in chosen)
        if in_area or not selection.filtered or area.id in selection.areas:
            sections.append(Section(area, in_area))
    ordered = tuple(m for s in sections for m in s.measures)

    # An area with no measure of its own still comes from a reply: the ones the data's measures
    # come from, not every question in the file; --reply names them.
    replies = tuple(
        dataset.document(d)
        for d in dict.fromkeys(r for m in ordered or dataset.measures for r in m.replies)
        if not selection.replies or d in selection.replies
    )

    # One total per currency, one-off and yearly apart: a sum a year is never added to a sum.
    totals: dict[tuple[str, bool], list[Measure]] = {}
    amounts: dict[tuple[str, bool], int] = {}
    for m in ordered:
        for f in m.funding_lines:
            key = (f.currency, f.recurrent)
            if m not in totals.setdefault(key, []):
                totals[key].append(m)
            amounts[key] = amounts.get(key, 0) + f.amount
    total_rows = tuple(
        Total(currency, amounts[(currency, recurrent)], tuple(ms), lang, recurrent)
        for (currency, recurrent), ms in sorted(totals.items(), key=lambda kv: kv[0][1])
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
        filtered=selection.filtered,
        sym=sym,
        title=title or _title(dataset, lang),
        about=_about(dataset, selection, ordered, lang),
        lang=lang,
    )


def _title(dataset: Dataset, lang: str) -> str:
    """The data's title in the briefing's language, else 'Policy briefing'."""
    if dataset.title is None:
        return translate(lang, "Policy briefing")
    return localized(dataset, "title", lang)


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
            Event(s.date, s.qualifier, s.text, m, "milestone", _when(s, as_of), s)
            for s in m.milestones
            if s.date not in reported
        ]
        events += [
            Event(u.date, u.qualifier, u.text, m, "update", _when(u, as_of), u) for u in updates
        ]

    def key(e: Event) -> tuple[datetime.date, int]:
        if e.qualifier == "by":
            return e.date.last_day(), 0
        return e.date.first_day(), -e.date.last_day().toordinal()

    # Stable sort: events on the same date keep the order of the measures.
    return tuple(sorted(events, key=key))


def _pdate(day: PartialDate, lang: str = "en") -> str:
    return wording.date(day, lang=lang)


def _day(day: datetime.date, lang: str = "en") -> str:
    return wording.date(PartialDate(day.year, day.month, day.day), lang=lang)


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
        cited += _documents_of(m)
    return tuple(dataset.document(d) for d in dict.fromkeys(cited))
