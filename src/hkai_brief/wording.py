"""Money, numbers, dates, statuses and symbols as a briefing writes them, in one place.

HK$7 billion, HK$1.5 billion, HK$300 million; 5,600; over 1,000 researchers; by 2026,
September 2025, 15 October 2025, the second half of 2026. Nothing is rounded: a sum that does not
come out in billions or millions to two decimals is written in full.
"""

from __future__ import annotations

import datetime
from typing import Literal, NamedTuple

from .lang import english_only, has_chinese, translate
from .lang import text as localized
from .model import (
    MONTHS,
    Applications,
    Document,
    Figure,
    Funding,
    Milestone,
    PartialDate,
    Update,
)

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


def symbols() -> Symbols:
    """The symbols standard output can carry."""
    from .output import encoding

    return symbols_for(encoding())


def symbols_for(encoding: str) -> Symbols:
    """The symbols an output in `encoding` can carry: Unicode's, or ASCII's where a terminal or
    pipe cannot show them (PYTHONIOENCODING=ascii), so that none becomes '?'."""
    try:
        "".join(UNICODE).encode(encoding)
    except (UnicodeError, LookupError):
        return ASCII
    return UNICODE


_STATUS_ZH = {"planned": "籌劃中", "under-way": "進行中", "in-operation": "運作中"}


def status(value: str, lang: str = "en") -> str:
    """A measure's status as words: in-operation -> in operation (運作中)."""
    if lang == "zh-Hant":
        return _STATUS_ZH.get(value, value)
    return value.replace("-", " ")


def source_kind(document: Document, lang: str = "en") -> str:
    """What a reader should know about a source's standing: 'news report', 'not an official
    source', or nothing for an official document."""
    zh = lang == "zh-Hant"
    if document.kind == "news-report":
        return "新聞報道" if zh else "news report"
    if document.official:
        return ""
    return "非官方來源" if zh else "not an official source"


def numbers(value: int | tuple[int, ...] | list[int]) -> tuple[int, ...]:
    return (value,) if isinstance(value, int) else tuple(value)


def cite(value: int | tuple[int, ...] | list[int]) -> str:
    """Reference numbers as a handout cites them: [2, 3]; nothing for none."""
    cited = numbers(value)
    return "[" + ", ".join(str(n) for n in cited) + "]" if cited else ""


def reference(document: Document, locators: tuple[str, ...] = (), lang: str = "en") -> str:
    """A source as a list of sources gives it: title, publisher, date, its standing, and where
    in it the measures cite it. 'LCQ13: ..., 15 October 2025; cited at paragraph 37.'"""
    zh = lang == "zh-Hant"
    parts = [localized(document, "title", lang, mark=False).rstrip(".")]
    if document.publisher:
        parts.append(document.publisher)
    if document.date:
        parts.append(date(document.date, lang=lang))
    kind = source_kind(document, lang)
    text = ("，" if zh else ", ").join(parts)
    if kind:
        text += f"（{kind}）" if zh else f" ({kind})"
    if locators:
        text += f"；引用{places(locators, lang)}" if zh else "; cited at " + places(locators)
    text += "。" if zh else "."
    if document.note:
        # What a reader checking the source should know: said with it, wherever it is cited.
        note = localized(document, "note", lang)
        text += f"附註：{note}" if zh else f" Note: {note}"
    return text


def places(locators: tuple[str, ...], lang: str = "en") -> str:
    """Places in a document, grouped and in order: 'paragraph 39', 'paragraph 37' and 'part 2'
    make 'paragraphs 37 and 39, part 2' (第37及39段、第2部分); three or more in a row make a
    range: 'paragraphs 36 to 38' (第36至38段)."""
    import re

    groups: dict[str, list[str]] = {}
    for locator in locators:
        m = re.fullmatch(r"([A-Za-z ]*?) ?([\w.]+)", locator)
        key, number = (m[1], m[2]) if m and m[1] else (locator, "")
        groups.setdefault(key, []).append(number)
    out = []
    for key, numbers in groups.items():
        if not numbers[0]:
            out.append(key)
            continue
        numbers.sort(key=lambda n: (len(n), n))  # 9 before 10
        if len(numbers) >= 3 and _consecutive(numbers):
            if lang == "zh-Hant":
                span = f"{numbers[0]}至{numbers[-1]}"
                out.append(_PLACES_ZH.get(key, key + " {}").format(span))
            else:
                out.append(f"{key}s {numbers[0]} to {numbers[-1]}")
            continue
        if lang == "zh-Hant":
            listed = (
                "、".join(numbers[:-1]) + "及" + numbers[-1] if len(numbers) > 1 else numbers[0]
            )
            out.append(_PLACES_ZH.get(key, key + " {}").format(listed))
            continue
        word = key if len(numbers) == 1 else key + "s"
        out.append(f"{word} {_and(numbers)}")
    return ("、" if lang == "zh-Hant" else ", ").join(out)


_PLACES_ZH = {"paragraph": "第{}段", "question part": "質詢第{}部分", "part": "第{}部分"}


def _consecutive(numbers: list[str]) -> bool:
    """Whether sorted place numbers run without a gap: 36, 37, 38."""
    if not all(n.isdigit() for n in numbers):
        return False
    values = [int(n) for n in numbers]
    return values == list(range(values[0], values[0] + len(values)))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def number(value: int | float) -> str:
    """5600 -> 5,600; 1.50 -> 1.5; 1e-07 -> 0.0000001: thousands separated, no trailing zeros,
    never in scientific notation."""
    if isinstance(value, float) and not value.is_integer():
        from decimal import Decimal

        # The shortest repr that reads back the same, written out in full.
        return format(Decimal(repr(value)), ",f")
    return f"{int(value):,}"


def money(amount: int, currency: str = "HKD", lang: str = "en") -> str:
    """HK$7 billion, HK$1.5 billion, HK$300 million, HK$12,500: exact, never rounded. In
    Chinese as the Government's Chinese budget speeches write it: 30億元, 5.81億元, 500萬元."""
    if lang == "zh-Hant":
        return _money_zh(amount, currency)
    prefix = _CURRENCY_PREFIX.get(currency, f"{currency} ")
    for size, word in ((10**9, "billion"), (10**6, "million")):
        # Whole hundredths of a billion (or million) only: integer arithmetic, nothing rounded.
        if amount >= size and (amount * 100) % size == 0:
            whole, hundredths = divmod(amount * 100 // size, 100)
            decimals = f".{hundredths:02d}".rstrip("0") if hundredths else ""
            return f"{prefix}{whole:,}{decimals} {word}"
    return f"{prefix}{amount:,}"


def amount(funding: Funding, lang: str = "en") -> str:
    """A funding line's money, a yearly one said so: HK$50 million a year (每年5,000萬元)."""
    text = money(funding.amount, funding.currency, lang)
    if not funding.recurrent:
        return text
    return f"每年{text}" if lang == "zh-Hant" else f"{text} a year"


# How a Chinese briefing names a currency, before and after the amount: 30億元 (Hong Kong
# dollars need no name), 10億美元, 人民幣5億元; a code it has no name for stays in front.
_CURRENCY_ZH = {
    "HKD": ("", "元"),
    "USD": ("", "美元"),
    "CNY": ("人民幣", "元"),
    "EUR": ("", "歐元"),
    "GBP": ("", "英鎊"),
}


def _money_zh(amount: int, currency: str) -> str:
    before, after = _CURRENCY_ZH.get(currency, (f"{currency} ", ""))
    # 萬 from a million up, as the Budget writes 500萬元 but 10,500元; 億 to the 萬 (3.525億元,
    # as the Budget writes 352,500,000), the others to two decimals.
    for size, word, places in ((10**12, "萬億", 2), (10**8, "億", 4), (10**4, "萬", 2)):
        scale = 10**places
        if amount >= max(size, 10**6) and (amount * scale) % size == 0:
            whole, fraction = divmod(amount * scale // size, scale)
            decimals = f".{fraction:0{places}d}".rstrip("0") if fraction else ""
            return f"{before}{whole:,}{decimals}{word}{after}"
    return f"{before}{amount:,}{after}"


# How a figure's qualifier reads in front of its number.
_QUALIFIERS = {
    "over": "over",
    "about": "about",
    "nearly": "nearly",
    "up-to": "up to",
    "at-least": "at least",
    "less-than": "less than",
    "target": "a target of",
}
_QUALIFIERS_ZH = {
    "over": "超過",
    "about": "約",
    "nearly": "接近",
    "up-to": "最多",
    "at-least": "至少",
    "less-than": "少於",
    "target": "目標",
}


def figure(fig: Figure, lang: str = "en") -> str:
    """over 1,000 researchers; 3,000 petaFLOPS of computing power; 12.5%; 1 hub; HK$352.5
    million in grants. In Chinese from the figure's unit_zh and label_zh: 超過1,000名研究人員;
    a label_zh with {} takes the number where {} stands (2025年算力目標為{})."""
    if _said_in_chinese(fig, lang):
        counted = _counted_zh(fig)
        label = fig.label_zh or (fig.label if has_chinese(fig.label) else "") or ""
        if "{}" in label:
            if fig.qualifier != "target":
                counted = _QUALIFIERS_ZH.get(fig.qualifier or "", "") + counted
            return label.replace("{}", counted)
        return _QUALIFIERS_ZH.get(fig.qualifier or "", "") + counted + label
    text = figure_short(fig)
    if fig.label:
        text += " " + fig.label
    return english_only(text) if lang == "zh-Hant" else text


def figure_short(fig: Figure, lang: str = "en") -> str:
    """over 1,000 researchers; 3,000 petaFLOPS: a figure without its label, for a short line."""
    if _said_in_chinese(fig, lang):
        return _QUALIFIERS_ZH.get(fig.qualifier or "", "") + _counted_zh(fig)
    words = [_QUALIFIERS[fig.qualifier]] if fig.qualifier else []
    if fig.currency:
        words.append(_sum(fig.value, fig.currency))
        words += [fig.unit] if fig.unit else []
    elif fig.unit == "%":
        words.append(number(fig.value) + "%")
    else:
        words += [number(fig.value), _unit(fig)]
    text = " ".join(words)
    return english_only(text) if lang == "zh-Hant" else text


def _said_in_chinese(fig: Figure, lang: str) -> bool:
    """Whether a figure is said in Chinese: in a Chinese briefing where it has a Chinese unit or
    needs none, and a Chinese label or none; in any briefing where its unit is Chinese (data
    kept in Chinese only). Never by dropping words the data has only in English."""
    if has_chinese(fig.unit) and not fig.unit_zh:
        return True
    if fig.label and not fig.label_zh and not has_chinese(fig.label):
        return False
    return lang == "zh-Hant" and bool(
        fig.unit_zh or fig.unit == "%" or (fig.currency and not fig.unit)
    )


def _counted_zh(fig: Figure) -> str:
    if fig.currency:
        return _sum(fig.value, fig.currency, "zh-Hant") + (fig.unit_zh or "")
    return number(fig.value) + (fig.unit_zh or fig.unit)


def _sum(value: int | float, currency: str, lang: str = "en") -> str:
    """A figure's money: HK$352.5 million; a sum with cents as it is: HK$12.5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return money(value, currency, lang)
    if lang == "zh-Hant":
        before, after = _CURRENCY_ZH.get(currency, (f"{currency} ", ""))
        return f"{before}{number(value)}{after}"
    return _CURRENCY_PREFIX.get(currency, f"{currency} ") + number(value)


def _unit(fig: Figure) -> str:
    """The unit, for one where the figure is 1: 1 hub, 1 laboratory (unit_one where the rule
    does not know the word: 1 person)."""
    if fig.value != 1:
        return fig.unit
    if fig.unit_one:
        return fig.unit_one
    # The counted noun is the last word before a preposition: 1 place in day care, 1 hub.
    words = fig.unit.split(" ")
    at = next((i for i, w in enumerate(words) if w in _PREPOSITIONS and i), len(words)) - 1
    words[at] = _singular(words[at])
    return " ".join(words)


_PREPOSITIONS = {"in", "of", "at", "for", "on", "with", "from", "to", "under", "by", "per"}
# Words whose singular is themselves, or not made by a rule.
_SINGULARS = {"people": "person", "children": "child", "staff": "staff", "data": "data"}
_SAME = ("series", "species", "news", "means", "headquarters")


def _singular(word: str) -> str:
    """An English plural made singular by the usual rules; a word they do not fit, as it is."""
    lower = word.lower()
    if lower in _SINGULARS:
        return _SINGULARS[lower]
    if lower.endswith(_SAME) or not lower.endswith("s") or len(word) < 3:
        return word
    for plural, single in (
        *(("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh")),
        *(("xes", "x"), ("uses", "us"), ("zzes", "z"), ("yses", "ysis")),
    ):
        if lower.endswith(plural) and len(word) > len(plural) + (plural == "ies"):
            return word[: -len(plural)] + single
    if lower.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def applying(apply: Applications, lang: str = "en") -> list[tuple[str, str]]:
    """How to apply, as (label, text) pairs in the order a founder asks: who, for what, how
    much, how, where and when."""

    def said(field: str) -> str | None:
        return localized(apply, field, lang) if getattr(apply, field) else None

    lines = [(translate(lang, "Who can apply"), localized(apply, "who", lang))]
    for field, label in (
        ("pays_for", "What it pays for"),
        ("per_project", "Per project"),
        ("how", "How to apply"),
    ):
        value = said(field)
        if value:
            lines.append((translate(lang, label), value))
    if apply.url:
        lines.append((translate(lang, "Where"), apply.url))
    period = []
    chinese = lang == "zh-Hant"
    if apply.opens:
        opened = date(apply.opens, lang=lang)
        period.append(f"{opened}開始接受申請" if chinese else f"opened {opened}")
    if apply.closes:
        closes = date(apply.closes, lang=lang)
        period.append(f"{closes}截止" if chinese else f"closing date {closes}")
    when = ("；" if chinese else "; ").join(period)
    extra = said("when")
    if extra:
        when = (f"{when}。{extra}" if chinese else f"{when}. {extra}") if when else extra
    if when:
        lines.append((translate(lang, "When"), when[:1].upper() + when[1:]))
    return lines


def dated(fact: Milestone | Update, lang: str = "en") -> str:
    """A milestone or an update as a line: 'By 2026: The institute is to be set up.'"""
    colon = "：" if lang == "zh-Hant" else ": "
    when = date(fact.date, fact.qualifier, capital=True, lang=lang)
    return f"{when}{colon}{localized(fact, 'text', lang)}"


def date(
    value: PartialDate, qualifier: str | None = None, capital: bool = False, lang: str = "en"
) -> str:
    """15 October 2025, September 2025, the first quarter of 2026, the second half of 2026,
    2025-26, 2026; 'by' or 'from' in front if asked; a capital first letter if it starts a
    sentence. In Chinese: 2025年10月15日, 2025年9月, 2026年第一季, 2026年下半年, 2025-26年度,
    2026年; 'by' is 或之前 after it, 'from' 起."""
    if lang == "zh-Hant":
        return _date_zh(value) + _AFTER_ZH.get(qualifier or "", "")
    text = _date_en(value, short=False)
    text = f"{qualifier} {text}" if qualifier else text
    return text[:1].upper() + text[1:] if capital else text


def short_date(value: PartialDate, qualifier: str | None = None, lang: str = "en") -> str:
    """A date for a column: 15 Oct 2025, Sep 2025, Q1 2026, H2 2026, 2025-26, 2026; 'by' or
    'from' in front if asked. In Chinese the date in full, which is short already."""
    if lang == "zh-Hant":
        return date(value, qualifier, lang=lang)
    text = _date_en(value, short=True)
    return f"{qualifier} {text}" if qualifier else text


def _date_en(value: PartialDate, short: bool) -> str:
    """A date in English words, or short for a column (Sep, Q1, H2)."""
    month = MONTHS[value.month - 1][: 3 if short else None] if value.month else ""
    precision = value.precision
    if precision == "day":
        return f"{value.day} {month} {value.year}"
    if precision == "month":
        return f"{month} {value.year}"
    if precision in ("quarter", "half"):
        n, span = (value.quarter, "quarter") if precision == "quarter" else (value.half, "half")
        if short:
            return f"{span[0].upper()}{n} {value.year}"
        return f"the {_ORDINALS[n - 1]} {span} of {value.year}"
    if precision == "financial-year":
        return _financial(value)
    return str(value.year)


_ORDINALS = ("first", "second", "third", "fourth")
_AFTER_ZH = {"by": "或之前", "from": "起"}


def _financial(value: PartialDate) -> str:
    """A financial year as the Budget writes it: 2025-26."""
    return f"{value.year}-{(value.year + 1) % 100:02d}"


def _date_zh(value: PartialDate) -> str:
    if value.precision == "day":
        return f"{value.year}年{value.month}月{value.day}日"
    if value.precision == "month":
        return f"{value.year}年{value.month}月"
    if value.precision == "quarter":
        return f"{value.year}年第{'一二三四'[value.quarter - 1]}季"
    if value.precision == "half":
        return f"{value.year}年{'上' if value.half == 1 else '下'}半年"
    if value.precision == "financial-year":
        return f"{_financial(value)}年度"
    return f"{value.year}年"


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
