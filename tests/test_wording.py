from __future__ import annotations

import datetime

import pytest

from hkai_brief import wording
from hkai_brief.model import Figure, PartialDate


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (7_000_000_000, "HKD", "HK$7 billion"),
        (1_500_000_000, "HKD", "HK$1.5 billion"),
        (1_250_000_000, "HKD", "HK$1.25 billion"),
        (300_000_000, "HKD", "HK$300 million"),
        (2_500_000, "HKD", "HK$2.5 million"),
        (12_500, "HKD", "HK$12,500"),
        (0, "HKD", "HK$0"),
        # Not exact to two decimals in billions or millions: written in full, never rounded.
        (1_234_567_891, "HKD", "HK$1,234,567,891"),
        (5_000_000, "USD", "US$5 million"),
        (5_000_000, "EUR", "EUR 5 million"),
    ],
)
def test_money(amount: int, currency: str, text: str) -> None:
    assert wording.money(amount, currency) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(5600, "5,600"), (16, "16"), (1.5, "1.5"), (2.0, "2"), (1234.25, "1,234.25")],
)
def test_number(value: float, text: str) -> None:
    assert wording.number(value) == text


def test_figure_reads_qualifier_number_unit_label() -> None:
    assert wording.figure(Figure(1000, "researchers", "over")) == "over 1,000 researchers"
    assert (
        wording.figure(Figure(10, "projects", "up-to", "approved")) == "up to 10 projects approved"
    )
    assert wording.figure(Figure(5600, "datasets")) == "5,600 datasets"


@pytest.mark.parametrize(
    ("text", "qualifier", "shown"),
    [
        ("2026", "by", "by 2026"),
        ("2025-09", None, "September 2025"),
        ("2025-10-15", None, "15 October 2025"),
        ("2026-H2", None, "the second half of 2026"),
        ("2026-H1", "by", "by the first half of 2026"),
    ],
)
def test_dates_keep_their_precision(text: str, qualifier: str | None, shown: str) -> None:
    assert wording.date(PartialDate.parse(text), qualifier) == shown


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("2026-11-24", "past"),
        ("2026-11-25", "now"),
        ("2026-11", "now"),
        ("2026-H2", "now"),
        ("2026-H1", "past"),
        ("2026-11-26", "future"),
        ("2027", "future"),
    ],
)
def test_when_a_date_lies_against_today(text: str, when: str) -> None:
    assert wording.when(PartialDate.parse(text), datetime.date(2026, 11, 25)) == when
