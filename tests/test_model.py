from __future__ import annotations

import re

import pytest

from hkai_brief.model import DATE_FORMS, Area, Citation, Dataset, Document, Measure, PartialDate

FORMS = f"expected a date as {DATE_FORMS}"


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2026", PartialDate(2026), "year"),
        ("2026-H2", PartialDate(2026, half=2), "half"),
        ("2025-09", PartialDate(2025, 9), "month"),
        ("2025-10-15", PartialDate(2025, 10, 15), "day"),
        ("2026-Q1", PartialDate(2026, quarter=1), "quarter"),
        ("2025-26", PartialDate(2025, financial=True), "financial-year"),
        ("FY2008-09", PartialDate(2008, financial=True), "financial-year"),
        ("2008-09", PartialDate(2008, 9), "month"),
        ("2024-02-29", PartialDate(2024, 2, 29), "day"),
    ],
)
def test_partial_date_keeps_its_precision(text: str, expected: PartialDate, precision: str) -> None:
    date = PartialDate.parse(text)
    assert date == expected
    assert date.precision == precision
    assert str(date) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-29", "impossible date '2025-02-29': February 2025 has 28 days"),
        ("1900-02-29", "impossible date '1900-02-29': February 1900 has 28 days"),
        ("2025-04-31", "impossible date '2025-04-31': April 2025 has 30 days"),
        ("2025-00", "impossible date '2025-00': month must be 01 to 12"),
        ("2025-13", "impossible date '2025-13': month must be 01 to 12 (a financial year is"),
        ("2025/27", "impossible financial year '2025/27': it ends the year after it starts"),
        ("FY2025-25", "impossible financial year 'FY2025-25': it ends the year after it starts"),
        ("2026-Q5", FORMS),
        ("FY9999-00", "impossible financial year 'FY9999-00': it would end in year 10000"),
        ("0000", "impossible date '0000': there is no year 0"),
        ("2025-H3", FORMS),
        ("15 Oct 2025", FORMS),
        ("2025-1-5", FORMS),
    ],
)
def test_partial_date_refuses_what_no_calendar_has(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        PartialDate.parse(text)


def test_dates_sort_by_their_first_day_coarser_first() -> None:
    texts = ["2026-01-01", "2026-H2", "2025-10-15", "2026-06", "2026", "2026-H1", "2025-09", "2025"]
    dates = sorted(PartialDate.parse(t) for t in texts)
    assert [str(d) for d in dates] == [
        *("2025", "2025-09", "2025-10-15"),
        *("2026", "2026-H1", "2026-01-01", "2026-06", "2026-H2"),
    ]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024", "2024-01-01", "2024-12-31"),
        ("2024-H1", "2024-01-01", "2024-06-30"),
        ("2024-H2", "2024-07-01", "2024-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2024-02-10", "2024-02-10", "2024-02-10"),
        ("2024-Q1", "2024-01-01", "2024-03-31"),
        ("2024-Q4", "2024-10-01", "2024-12-31"),
        ("2025-26", "2025-04-01", "2026-03-31"),
    ],
)
def test_a_partial_date_covers_a_span_of_days(text: str, first: str, last: str) -> None:
    date = PartialDate.parse(text)
    assert (date.first_day().isoformat(), date.last_day().isoformat()) == (first, last)


def test_dataset_finds_records_by_id_and_groups_measures_by_area() -> None:
    doc = Document(id="reply", kind="legco-reply", title="A reply", official=True)
    areas = (Area(id="research", title="Research"), Area(id="talent", title="Talent"))
    measures = tuple(
        Measure(
            id=f"m{i}",
            document="reply",
            area=area,
            title=f"Measure {i}",
            summary="A summary.",
            sources=(Citation(document="reply"),),
        )
        for i, area in enumerate(["research", "talent", "research"])
    )
    dataset = Dataset(documents=(doc,), areas=areas, measures=measures)
    assert dataset.document("reply") is doc
    assert dataset.area("talent").title == "Talent"
    assert dataset.measure("m1").area == "talent"
    assert [m.id for m in dataset.measures_in("research")] == ["m0", "m2"]
    with pytest.raises(KeyError):
        dataset.measure("nope")


def test_model_objects_are_immutable() -> None:
    area = Area(id="research", title="Research")
    with pytest.raises(AttributeError):
        area.title = "Other"  # type: ignore[misc]


def test_a_financial_year_is_read_in_the_ways_the_government_writes_it() -> None:
    assert (
        PartialDate.parse("2025/26")
        == PartialDate.parse("FY 2025-26")
        == PartialDate(2025, financial=True)
    )
    assert str(PartialDate.parse("2025/26")) == "2025-26"
