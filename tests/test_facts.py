"""The shipped data against the research notes (shared/research/source-facts.md): official names
as titles, the news report's wording as aliases, and a source behind every fact."""

from __future__ import annotations

import pytest

from hkai_brief.load import load
from hkai_brief.model import Dataset, Fact

from .conftest import SHIPPED

# (official title, the news report's wording, Traditional Chinese name), from the research notes.
RENAMED = [
    ("AIR@InnoHK", None, "「AIR@InnoHK」研發平台"),
    (
        "Hong Kong AI Research and Development Institute",
        "Hong Kong Artificial Intelligence Research Institute",
        "香港人工智能研發院",
    ),
    (
        "Artificial Intelligence Supercomputing Centre",
        "Hong Kong AI Supercomputing Center at Cyberport",
        "數碼港人工智能超算中心",
    ),
    (
        "Artificial Intelligence Subsidy Scheme",
        "HK$3 billion AI funding program",
        "人工智能資助計劃",
    ),
    ("Sandy Ridge Data Facility Cluster", "data park in North District", "沙嶺數據園"),
    ("Public Sector Information Portal (DATA.GOV.HK)", "Open Data Platform", "「資料一線通」"),
    (
        "Memorandum of Understanding on Facilitating Cross-boundary Data Flow Within the"
        " Guangdong-Hong Kong-Macao Greater Bay Area",
        "Memorandum of Cooperation to Facilitate Cross-Border Data Flows in the Guangdong-Hong"
        " Kong-Macao Greater Bay Area",
        "《促進粵港澳大灣區數據跨境流動的合作備忘錄》",
    ),
    (
        "Facilitation measure on the Standard Contract for Cross-boundary Flow of Personal"
        " Information Within the Guangdong-Hong Kong-Macao Greater Bay Area (Mainland, Hong Kong)",
        "facilitation measures for standard contracts",
        "《粵港澳大灣區（內地、香港）個人信息跨境流動標準合同》",
    ),
    (
        "Hong Kong Park of the Hetao Shenzhen-Hong Kong Science and Technology Innovation"
        " Co-operation Zone",
        "Hong Kong loop Park",
        "河套深港科技創新合作區香港園區",
    ),
    (
        "Frontier Technology Research Support Scheme",
        "Frontier Technology Research Support Program",
        "前沿科技研究支援計劃",
    ),
    (
        "Blueprint for Digital Education in Primary and Secondary Schools",
        "digital education blueprint for primary and secondary schools",
        "《中小學數字教育藍圖》",
    ),
    ("Hong Kong Institute of Information Technology", None, "香港資訊科技學院"),
    ("STEM Internship Scheme", "Creative Internship Program", "創科實習計劃"),
]


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load(SHIPPED)


@pytest.mark.parametrize(("title", "news", "zh"), RENAMED, ids=[r[0][:40] for r in RENAMED])
def test_official_name_is_the_title_and_the_news_wording_an_alias(
    shipped: Dataset, title: str, news: str | None, zh: str
) -> None:
    [measure] = [m for m in shipped.measures if m.title == title]
    assert measure.name_zh == zh
    if news is not None:
        assert news in measure.aliases


def test_the_minister_is_named_by_office_with_the_news_wording_as_aliases(
    shipped: Dataset,
) -> None:
    reply = shipped.document("lcq13-2025")
    assert reply.kind == "legco-reply"
    assert str(reply.date) == "2025-10-15"
    assert reply.respondent is not None
    assert reply.respondent.name == "Professor Sun Dong"
    assert reply.respondent.office == "Secretary for Innovation, Technology and Industry"
    assert reply.respondent.office_zh == "創新科技及工業局局長"
    news_wording = {
        "Secretary for Innovation and Technology",
        "Science and Technology Bureau Chief",
    }
    assert news_wording <= set(reply.respondent.aliases)
    assert reply.question is not None
    assert reply.question.number == "LCQ13"
    assert len(reply.question.parts) == 4
    assert reply.question.asked_by is None  # not known: left out rather than guessed


def test_the_figures_of_the_reply_are_in_the_data(shipped: Dataset) -> None:
    figures = {(f.value, f.unit, f.qualifier) for m in shipped.measures for f in m.figures}
    assert {
        (16, "laboratories", None),
        (1000, "researchers", "over"),
        (3000, "petaFLOPS", None),
        (10, "projects", "over"),
        (5600, "datasets", "over"),
    } <= figures
    funding = sorted(m.funding.amount for m in shipped.measures if m.funding)
    assert funding == [1_000_000_000, 3_000_000_000, 3_000_000_000]


def test_every_measure_and_every_fact_names_its_source(shipped: Dataset) -> None:
    for measure in shipped.measures:
        assert measure.sources, measure.id
        facts: list[Fact] = [*measure.figures, *measure.milestones, *measure.updates]
        if measure.funding:
            facts.append(measure.funding)
        for fact in facts:
            assert fact.source or fact.source_note, (measure.id, fact)


def test_every_cited_document_can_be_opened(shipped: Dataset) -> None:
    cited = {c.document for m in shipped.measures for c in m.sources}
    for doc in shipped.documents:
        if doc.id in cited:
            assert doc.url and doc.url.startswith("https://"), doc.id


def test_secondary_only_facts_are_marked(shipped: Dataset) -> None:
    ftrss = shipped.measure("frontier-technology-research-support-scheme")
    assert ftrss.funding is not None
    # HK$3 billion for the scheme is seen only in the news report.
    assert shipped.document(ftrss.funding.source or "").official is False
    sandy = shipped.measure("sandy-ridge-data-facility-cluster")
    assert {"title", "name_zh"} <= set(sandy.unconfirmed)
    assert all(m.source_note for m in sandy.milestones)


def test_dated_steps_and_later_developments_are_in_the_data(shipped: Dataset) -> None:
    milestones = {(m.id, str(s.date)) for m in shipped.measures for s in m.milestones}
    assert {
        ("gba-cross-boundary-data-mou", "2023-06-29"),
        ("gba-standard-contract", "2023-12-13"),
        ("gba-standard-contract", "2024-11-01"),
        ("hong-kong-institute-of-information-technology", "2023-11-01"),
        ("frontier-technology-research-support-scheme", "2025-09"),
        ("sandy-ridge-data-facility-cluster", "2025-10-10"),
        ("sandy-ridge-data-facility-cluster", "2025-12-31"),
        ("ai-rd-institute", "2026"),
    } <= milestones
    updates = {(m.id, str(u.date)) for m in shipped.measures for u in m.updates}
    assert updates == {
        ("hetao-hong-kong-park-data-flow", "2025-12-22"),
        ("sandy-ridge-data-facility-cluster", "2025-12-31"),
        ("ai-rd-institute", "2026-H2"),
        ("digital-education-blueprint", "2026-06-17"),
    }
