"""How a briefing names things and says them in its language: the names, marks and phrases
that templates ask of `b`, apart from what the briefing computes (briefing.py).

Two mixins of the Briefing class: Naming (a record's text in the briefing's language, names
and their marks) and Phrases (lines built of those: who answered, the byline, money, places).
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from . import wording
from .lang import english_only, shown, translate
from .lang import text as localized
from .load import SHIPPED_NAME
from .model import (
    Citation,
    Dataset,
    Document,
    Fact,
    Funding,
    Measure,
    Organisation,
    PartialDate,
)

if TYPE_CHECKING:
    from .briefing import Event, Total


class _Briefed:
    """What the mixins read of a briefing: its fields (briefing._Fields)."""

    __slots__ = ()
    if TYPE_CHECKING:
        dataset: Dataset
        replies: tuple[Document, ...]
        as_of: datetime.date
        generated: datetime.date
        data_name: str
        version: str
        sym: wording.Symbols
        about: str
        lang: str

        @property
        def timeline(self) -> tuple[Event, ...]: ...  # worked out when first asked


class Naming(_Briefed):
    """A record's text in the briefing's language, the names it shows, and their marks."""

    __slots__ = ()

    def reply_tag(self, measure: Measure) -> str:
        """Which replies a measure comes from, where the briefing has several: 'LCQ5' or
        'LCQ13, LCQ5'; nothing when there is one."""
        if len(self.replies) < 2:
            return ""
        return ", ".join(self.reply_name(self.dataset.document(r)) for r in measure.replies)

    def reply_name(self, reply: Document) -> str:
        """A reply's short name: its question's number (with its date where two replies of the
        briefing have that number), else its title."""
        if reply.question is None:
            return localized(reply, "title", self.lang)
        number = reply.question.number
        twins = [r for r in self.replies if r.question and r.question.number == number]
        if len(twins) > 1 and reply.date:
            return f"{number} ({wording.short_date(reply.date, lang=self.lang)})"
        return number

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

    def unconfirmed(self, measure: Measure, name: str) -> str:
        """The same mark for a name (title, name_zh) seen only in a secondary source."""
        return self.sym.secondary if name in measure.unconfirmed else ""

    def name_mark(self, record: Measure | Organisation) -> str:
        """The mark of the name a briefing shows for a measure or a body (its Chinese name in a
        Chinese briefing), where only a secondary source gives that name."""
        field = shown(record, "title" if isinstance(record, Measure) else "name", self.lang)
        return self.sym.secondary if field in record.unconfirmed else ""

    def organisation_names(self, measure: Measure) -> list[str]:
        """Who runs a measure, in the briefing's language (an English name where the data has
        no Chinese one: a body's name, not a text to translate)."""
        bodies = [self.dataset.organisation(o) for o in measure.run_by]
        return [localized(o, "name", self.lang, mark=False) + self.name_mark(o) for o in bodies]

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

    def mark(self, fact: Fact | Total) -> str:
        """The mark of what is seen only in a secondary source (wording.SECONDARY), or nothing."""
        from .briefing import Total  # the module that builds briefings, loaded by now

        if isinstance(fact, Total):
            secondary = fact.is_secondary(self.dataset)
        else:
            secondary = self.dataset.is_secondary(fact)
        return self.sym.secondary if secondary else ""


class Phrases(Naming):
    """Lines a briefing says: who answered, the byline, money, widths of columns."""

    __slots__ = ()

    @property
    def description(self) -> str:
        """What the data covers, under the title, in the briefing's language; '' if unsaid."""
        if not self.dataset.description:
            return ""
        return localized(self.dataset, "description", self.lang)

    def money_width(self, items: tuple[tuple[Measure, Funding], ...]) -> int:
        """The width of a column of amounts, so that none runs into the name beside it."""
        from .layout import cells

        return max((cells(self.money(f)) for _, f in items), default=0)

    def money(self, funding: Funding) -> str:
        """A funding line's money with its mark: HK$3 billion, HK$50 million a year†."""
        return wording.amount(funding, self.lang) + self.mark(funding)

    @property
    def byline(self) -> str:
        """What the handout covers and where it came from, in words for a committee:
        'Talent measures, from measures.yaml, the data shipped with hkai-brief. Generated on
        25 November 2026 by hkai-brief 0.1.0.'"""
        if self.lang == "zh-Hant":
            source = (
                "hkai-brief隨附的數據檔measures.yaml"
                if self.data_name == SHIPPED_NAME
                else self.data_name
            )
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
            if name[-1:].isascii() and name[-1:].isalnum():
                name += " "  # a name in Latin letters, kept apart from the date
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

    def date_width_of(self, documents: tuple[Document, ...]) -> int:
        """The width of a column of documents' short dates."""
        from .layout import cells  # rich's: not for the commands that never lay out text

        return max(
            (cells(wording.short_date(d.date, lang=self.lang)) for d in documents if d.date),
            default=0,
        )

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

    def date_width(self, events: tuple[Event, ...] | None = None) -> int:
        """The width of the timeline's date column: its longest short date."""
        from .layout import cells

        shown = self.timeline if events is None else events
        return max(
            (cells(wording.short_date(e.date, e.qualifier, self.lang)) for e in shown), default=0
        )

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


def _pdate(day: PartialDate, lang: str = "en") -> str:
    return wording.date(day, lang=lang)


def _day(day: datetime.date, lang: str = "en") -> str:
    return wording.date(PartialDate(day.year, day.month, day.day), lang=lang)
