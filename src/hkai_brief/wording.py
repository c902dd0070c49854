"""Money, numbers and dates as a briefing writes them, in one place.

HK$7 billion, HK$1.5 billion, HK$300 million; 5,600; over 1,000 researchers; by 2026,
September 2025, 15 October 2025, the second half of 2026. Nothing is rounded: a sum that does not
come out in billions or millions to two decimals is written in full.
"""

from __future__ import annotations

import datetime
from typing import Literal

from .model import MONTHS, Document, Figure, Milestone, PartialDate, Update

_CURRENCY_PREFIX = {"HKD": "HK$", "USD": "US$", "CNY": "RMB "}
# The mark of a fact or a name seen only in a secondary source.
SECONDARY = "†"


def status(value: str) -> str:
    """A measure's status as words: in-operation -> in operation."""
    return value.replace("-", " ")


def source_kind(document: Document) -> str:
    """What a reader should know about a source's standing: 'news report', 'not an official
    source', or nothing for an official document."""
    if document.kind == "news-report":
        return "news report"
    return "" if document.official else "not an official source"


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


def figure(fig: Figure) -> str:
    """over 1,000 researchers; 3,000 petaFLOPS of computing power."""
    words = [fig.qualifier.replace("-", " ")] if fig.qualifier else []
    words += [number(fig.value), fig.unit]
    if fig.label:
        words.append(fig.label)
    return " ".join(words)


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


def when(value: PartialDate, today: datetime.date) -> Literal["past", "now", "future"]:
    """Whether a date lies wholly before `today`, wholly after it, or around it."""
    if value.last_day() < today:
        return "past"
    if value.first_day() > today:
        return "future"
    return "now"
