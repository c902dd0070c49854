from __future__ import annotations

from pathlib import Path

import pytest

from hkai_brief.errors import DataError, Problem
from hkai_brief.load import load, load_text
from hkai_brief.model import Funding, PartialDate
from hkai_brief.reading import compose
from hkai_brief.scalars import to_plain

from .conftest import MINIMAL, SHIPPED


@pytest.mark.parametrize(
    ("yaml_text", "value"),
    [
        ("v: 2026", 2026),
        ("v: 2025-10-15", "2025-10-15"),  # YAML 1.2: no timestamps
        ("v: yes", "yes"),  # YAML 1.2: not a boolean
        ("v: true", True),
        ("v: 0x1F", 31),
        ("v: 1.5e3", 1500.0),
        ("v: ~", None),
        ("v:", None),
        ('v: "2026"', "2026"),
        ("v: 5,600", "5,600"),
        ("v: 人工智能", "人工智能"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(yaml_text: str, value: object) -> None:
    plain = to_plain(compose(yaml_text, "t.yaml").node)
    assert plain == {"v": value}
    assert type(plain["v"]) is type(value)


def test_minimal_file_builds_the_model() -> None:
    dataset = load(MINIMAL)
    assert [d.id for d in dataset.documents] == ["reply"]
    assert dataset.documents[0].official is True
    assert [(m.id, m.area, m.document) for m in dataset.measures] == [("lab", "research", "reply")]
    assert dataset.measures[0].sources[0].document == "reply"
    assert dataset.measures[0].aliases == ()


def test_nested_records_and_dates_are_built(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8") + (
        "    funding: {amount: 3000000000, currency: HKD, note: over three years, source: reply}\n"
        "    milestones:\n"
        "      - {date: 2026, qualifier: by, text: Set up., source: reply}\n"
        "      - {date: 2025-09, text: Launched., source_note: a news report}\n"
    )
    measure = load_text(text, "t.yaml").measures[0]
    assert measure.funding == Funding(3_000_000_000, "HKD", "over three years", source="reply")
    assert [m.date for m in measure.milestones] == [PartialDate(2026), PartialDate(2025, 9)]
    assert measure.milestones[0].qualifier == "by"
    assert measure.milestones[1].source_note == "a news report"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    assert load(path).measures[0].id == "lab"


def test_every_problem_is_reported_in_one_domain_error() -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("title: A laboratory", "title: 42")
    text = text.replace("area: research", "area: nowhere")
    with pytest.raises(DataError) as caught:
        load_text(text, "t.yaml")
    assert caught.value.problems == [
        Problem("t.yaml", 12, 11, "measures[lab].area", "unknown area 'nowhere'"),
        Problem(
            "t.yaml",
            13,
            12,
            "measures[lab].title",
            "expected text, got the number 42 (put it in quotes to make it text)",
        ),
    ]
    assert str(caught.value).splitlines()[0] == (
        "t.yaml:12:11: error: measures[lab].area: unknown area 'nowhere'"
    )


def test_an_unreadable_path_is_a_domain_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        load(tmp_path)


def test_shipped_data_loads() -> None:
    dataset = load(SHIPPED)
    assert dataset.measures
    assert {m.area for m in dataset.measures} <= {a.id for a in dataset.areas}


def test_a_bad_byte_after_a_byte_order_mark_is_found_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfdocuments:\n  - title: Caf\xe9\n")
    with pytest.raises(DataError) as caught:
        load(path)
    assert str(caught.value).endswith(
        ":2:15: error: (file): not UTF-8 text (byte 0xe9); save the file as UTF-8"
    )


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "zh.yaml"
    path.write_text("documents: 1\nx: 中文中文\x07\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(path)
    assert caught.value.problems[0].line == 2
    assert caught.value.problems[0].column == 8


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    from hkai_brief.limits import Limits

    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="larger than"):
        load(str(path), limit=Limits(max_bytes=1000))


def test_scalar_aliases_are_reported_where_they_stand() -> None:
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("title: A laboratory", "title: &t A laboratory\n    summary: *t")
        .replace("    summary: What it is.\n", "")
    )
    with pytest.raises(DataError) as caught:
        load_text(text, "t.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.path) == (14, 14, "(alias)")
