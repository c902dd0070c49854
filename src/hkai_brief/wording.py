"""Money, numbers, dates, statuses and symbols as a briefing writes them, in one place.

HK$7 billion, HK$1.5 billion, HK$300 million; 5,600; over 1,000 researchers; by 2026,
September 2025, 15 October 2025, the second half of 2026. Nothing is rounded: a sum that does not
come out in billions or millions to two decimals is written in full.
"""

from __future__ import annotations

import datetime
from typing import Literal, NamedTuple

from .model import MONTHS, Applications, Document, Figure, Milestone, PartialDate, Update

_CURRENCY_PREFIX = {"HKD": "HK$", "USD": "US$", "CNY": "RMB "}


class Symbols(NamedTuple):
    """The symbols a briefing prints, as Unicode has them or as plain ASCII can say them."""

    bullet: str
    secondary: str  # the mark of a fact or a name seen only in a secondary source
    past: str  # timeline: the date has passed
    now: str  # timeline: the date is around today
    future: str  # timeline: the date lies ahead
    dot: str  # between items on one line
    ellipsis: str  # where a text is cut

    def mark(self, when: str) -> str:
        return {"past": self.past, "now": self.now, "future": self.future}[when]


UNICODE = Symbols("•", "†", "✓", "▶", "○", "·", "…")
ASCII = Symbols("*", "(2)", "[x]", "[>]", "[ ]", "|", "...")
# Kept for what is written to files, which are UTF-8 whatever the terminal.
SECONDARY = UNICODE.secondary


def symbols_for(encoding: str) -> Symbols:
    """The symbols an output in `encoding` can carry: Unicode's, or ASCII's where a terminal or
    pipe cannot show them (PYTHONIOENCODING=ascii), so that none becomes '?'."""
    try:
        "".join(UNICODE).encode(encoding)
    except (UnicodeError, LookupError):
        return ASCII
    return UNICODE


def status(value: str) -> str:
    """A measure's status as words: in-operation -> in operation."""
    return value.replace("-", " ")


def source_kind(document: Document) -> str:
    """What a reader should know about a source's standing: 'news report', 'not an official
    source', or nothing for an official document."""
    if document.kind == "news-report":
        return "news report"
    return "" if document.official else "not an official source"


def numbers(value: int | tuple[int, ...] | list[int]) -> tuple[int, ...]:
    return (value,) if isinstance(value, int) else tuple(value)


def cite(value: int | tuple[int, ...] | list[int]) -> str:
    """Reference numbers as a handout cites them: [2, 3]; nothing for none."""
    cited = numbers(value)
    return "[" + ", ".join(str(n) for n in cited) + "]" if cited else ""


def reference(document: Document, locators: tuple[str, ...] = ()) -> str:
    """A source as a list of sources gives it: title, publisher, date, its standing, and where
    in it the measures cite it. 'LCQ13: ..., 15 October 2025; cited at paragraph 37.'"""
    parts = [document.title.rstrip(".")]
    if document.publisher:
        parts.append(document.publisher)
    if document.date:
        parts.append(date(document.date))
    kind = source_kind(document)
    text = ", ".join(parts) + (f" ({kind})" if kind else "")
    if locators:
        text += "; cited at " + places(locators)
    return text + "."


def places(locators: tuple[str, ...]) -> str:
    """Places in a document, grouped and in order: 'paragraph 39', 'paragraph 37' and 'part 2'
    make 'paragraphs 37 and 39, part 2'."""
    import re

    groups: dict[str, list[str]] = {}
    for locator in locators:
        m = re.fullmatch(r"([A-Za-z]+) (\w+)", locator)
        key, number = (m[1], m[2]) if m else (locator, "")
        groups.setdefault(key, []).append(number)
    out = []
    for key, numbers in groups.items():
        if not numbers[0]:
            out.append(key)
            continue
        numbers.sort(key=lambda n: (len(n), n))  # 9 before 10
        word = key if len(numbers) == 1 else key + "s"
        out.append(f"{word} {_and(numbers)}")
    return ", ".join(out)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def number(value: int | float) -> str:
    """5600 -> 5,600; 1.50 -> 1.5; thousands separated, no trailing zeros."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"  # the shortest repr that reads back the same, with separators
    return f"{int(value):,}"


def money(amount: int, currency: str = "HKD") -> str:
    """HK$7 billion, HK$1.5 billion, HK$300 million, HK$12,500: exact, never rounded."""
    prefix = _CURRENCY_PREFIX.get(currency, f"{currency} ")
    for size, word in ((10**9, "billion"), (10**6, "million")):
        # Whole hundredths of a billion (or million) only: integer arithmetic, nothing rounded.
        if amount >= size and (amount * 100) % size == 0:
            whole, hundredths = divmod(amount * 100 // size, 100)
            decimals = f".{hundredths:02d}".rstrip("0") if hundredths else ""
            return f"{prefix}{whole:,}{decimals} {word}"
    return f"{prefix}{amount:,}"


# How a figure's qualifier reads in front of its number.
_QUALIFIERS = {
    "over": "over",
    "about": "about",
    "up-to": "up to",
    "at-least": "at least",
    "target": "a target of",
}


def figure(fig: Figure) -> str:
    """over 1,000 researchers; 3,000 petaFLOPS of computing power."""
    words = [_QUALIFIERS[fig.qualifier]] if fig.qualifier else []
    words += [number(fig.value), fig.unit]
    if fig.label:
        words.append(fig.label)
    return " ".join(words)


def figure_short(fig: Figure) -> str:
    """over 1,000 researchers; 3,000 petaFLOPS: a figure without its label, for a short line."""
    words = [_QUALIFIERS[fig.qualifier]] if fig.qualifier else []
    return " ".join([*words, number(fig.value), fig.unit])


def applying(apply: Applications) -> list[tuple[str, str]]:
    """How to apply, as (label, text) pairs in the order a founder asks: who, for what, how
    much, how, where and when."""
    lines = [("Who can apply", apply.who)]
    if apply.pays_for:
        lines.append(("What it pays for", apply.pays_for))
    if apply.per_project:
        lines.append(("Per project", apply.per_project))
    if apply.how:
        lines.append(("How to apply", apply.how))
    if apply.url:
        lines.append(("Where", apply.url))
    period = []
    if apply.opens:
        period.append(f"opened {date(apply.opens)}")
    if apply.closes:
        period.append(f"closing date {date(apply.closes)}")
    when = "; ".join(period)
    if apply.when:
        when = f"{when}. {apply.when}" if when else apply.when
    if when:
        lines.append(("When", when[:1].upper() + when[1:]))
    return lines


def dated(fact: Milestone | Update) -> str:
    """A milestone or an update as a line: 'By 2026: The institute is to be set up.'"""
    return f"{date(fact.date, fact.qualifier, capital=True)}: {fact.text}"


def date(value: PartialDate, qualifier: str | None = None, capital: bool = False) -> str:
    """15 October 2025, September 2025, the second half of 2026, 2026; 'by' in front if asked;
    a capital first letter if it starts a sentence."""
    if value.precision == "day":
        text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    elif value.precision == "month":
        text = f"{MONTHS[value.month - 1]} {value.year}"
    elif value.precision == "half":
        text = f"the {'first' if value.half == 1 else 'second'} half of {value.year}"
    else:
        text = str(value.year)
    text = f"{qualifier} {text}" if qualifier else text
    return text[:1].upper() + text[1:] if capital else text


def short_date(value: PartialDate, qualifier: str | None = None) -> str:
    """A date for a column: 15 Oct 2025, Sep 2025, H2 2026, 2026; 'by' in front if asked."""
    if value.precision == "day":
        text = f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"
    elif value.precision == "month":
        text = f"{MONTHS[value.month - 1][:3]} {value.year}"
    elif value.precision == "half":
        text = f"H{value.half} {value.year}"
    else:
        text = str(value.year)
    return f"{qualifier} {text}" if qualifier else text


def when(
    value: PartialDate, today: datetime.date, qualifier: str | None = None
) -> Literal["past", "now", "future"]:
    """Whether a date lies wholly before `today`, wholly after it, or around it. A date given as
    'by' is a deadline: ahead until it has passed, as the timeline sorts it."""
    if value.last_day() < today:
        return "past"
    if qualifier == "by" or value.first_day() > today:
        return "future"
    return "now"
