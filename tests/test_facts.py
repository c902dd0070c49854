"""The shipped data against the research notes (shared/research/source-facts.md, the fact-check of
November 2026 and docs/sources.md): official names as titles, the news report's wording as
aliases, and a source behind every fact, official first."""

from __future__ import annotations

import pytest

from hkai_brief.load import load
from hkai_brief.model import Dataset, Fact

from .conftest import SHIPPED

# (official title, the news report's wording, Traditional Chinese name), from the research notes.
RENAMED = [
    ("AIR@InnoHK", "「AIR@InnoHK」研發平台", "「AIR@InnoHK」"),
    (
        "Hong Kong AI Research and Development Institute",
        "Hong Kong Artificial Intelligence Research Institute",
        "香港人工智能研發院",
    ),
    (
        "Artificial Intelligence Supercomputing Centre",
        "Hong Kong AI Supercomputing Center at Cyberport",
        "人工智能超算中心",
    ),
    (
        "Artificial Intelligence Subsidy Scheme",
        "HK$3 billion AI funding program",
        "人工智能資助計劃",
    ),
    ("Sandy Ridge Data Facility Cluster", "data park in North District", "沙嶺數據園區"),
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
        (3000, "petaFLOPS", "target"),
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
            assert doc.url and doc.url.startswith(("https://", "http://")), doc.id


def test_secondary_only_facts_are_marked(shipped: Dataset) -> None:
    ftrss = shipped.measure("frontier-technology-research-support-scheme")
    assert ftrss.funding is not None
    # HK$3 billion for the scheme is seen only in the news report.
    assert shipped.document(ftrss.funding.source or "").official is False
    assert shipped.is_secondary(ftrss.funding)
    sandy = shipped.measure("sandy-ridge-data-facility-cluster")
    # Its English title is on an official page (LCQ11); its Chinese name only in the news.
    assert set(sandy.unconfirmed) == {"name_zh"}
    assert all(shipped.is_secondary(m) for m in sandy.milestones)


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
        ("sandy-ridge-data-facility-cluster", "2026-03-02"),
        ("sandy-ridge-data-facility-cluster", "2026-03"),
        ("ai-rd-institute", "2026-H2"),
        ("ai-rd-institute", "2026-03-12"),
        ("ai-supercomputing-centre", "2026-01-04"),
        ("ai-subsidy-scheme", "2026-01-04"),
        ("ai-subsidy-scheme", "2026-02-25"),
        ("frontier-technology-research-support-scheme", "2025-11-25"),
        ("digital-education-blueprint", "2026-06-17"),
    }


# --- issue 13: the fact-check's findings, acted on ----------------------------------------------


def test_the_question_asks_for_more_than_support_to_single_firms(shipped: Dataset) -> None:
    # Part (3): "apart from providing support to individual enterprises", in addition to it.
    reply = shipped.document("lcq13-2025")
    assert reply.question is not None
    part = reply.question.parts[2]
    assert part.startswith("Besides its support for individual firms")
    assert "rather than" not in part
    assert reply.question.kind == "written"


def test_the_sixteen_laboratories_cite_the_budget_that_counts_them(shipped: Dataset) -> None:
    air = shipped.measure("air-innohk")
    [labs] = [f for f in air.figures if f.unit == "laboratories"]
    assert (labs.value, labs.source) == (16, "budget-2026-27")
    assert not shipped.is_secondary(labs)


def test_three_thousand_petaflops_is_a_target_not_an_achievement(shipped: Dataset) -> None:
    aisc = shipped.measure("ai-supercomputing-centre")
    [power] = [f for f in aisc.figures if f.value == 3000]
    assert power.qualifier == "target"
    assert all(
        "ramped up to 3,000" not in s.text
        for s in aisc.milestones
        if s.date.year == 2025 and s.qualifier is None
    )


def test_the_institute_is_not_run_by_the_office_that_arranged_it(shipped: Dataset) -> None:
    institute = shipped.measure("ai-rd-institute")
    assert institute.run_by == ()
    assert "Digital Policy Office" in institute.summary


def test_the_hetao_address_is_the_question_it_really_is(shipped: Dataset) -> None:
    lcq12 = shipped.document("lcq12-2023")
    assert lcq12.url == "https://www.info.gov.hk/gia/general/202312/06/P2023120600247.htm"
    assert lcq12.kind == "legco-reply" and lcq12.question is not None
    assert lcq12.question.asked_by == "Dr the Hon Kennedy Wong"


def test_the_other_legco_questions_on_ai_are_documents(shipped: Dataset) -> None:
    asked = {
        d.id: (str(d.date), d.question.asked_by, d.question.kind)
        for d in shipped.documents
        if d.kind == "legco-reply" and d.question is not None
    }
    assert asked["lcq20-2025"] == ("2025-03-19", "Dr the Hon Lo Wai-kwok", "written")
    assert asked["lcq2-2025"] == ("2025-09-25", "Hon Duncan Chiu", "oral")
    assert asked["lcq11-2026"] == ("2026-04-22", "Hon Carmen Kan", "written")
    # and the measures carry what their texts say: Sandy Ridge's construction and capacity
    sandy = shipped.measure("sandy-ridge-data-facility-cluster")
    sources = {f.source for f in sandy.figures} | {u.source for u in sandy.updates}
    assert "lcq11-2026" in sources


def test_founders_can_see_who_may_apply_and_how(shipped: Dataset) -> None:
    aiss = shipped.measure("ai-subsidy-scheme").applications
    assert aiss is not None and aiss.source == "smelink-aiss"
    assert "universities" in aiss.who and aiss.pays_for and "70%" in aiss.pays_for
    assert aiss.how and aiss.url and aiss.url.startswith("https://www.smelink.gov.hk/")
    ftrss = shipped.measure("frontier-technology-research-support-scheme")
    assert ftrss.run_by == ("itc",)
    assert ftrss.applications is not None
    assert ftrss.applications.per_project == "HK$100 million to HK$300 million"
    assert str(ftrss.applications.closes) == "2025-11-25"


def test_money_not_for_ai_alone_says_so(shipped: Dataset) -> None:
    scoped = {m.id: m.funding.scope for m in shipped.measures if m.funding and m.funding.scope}
    assert scoped == {"frontier-technology-research-support-scheme": "AI and other frontier fields"}


def test_chinese_names_confirmed_by_official_chinese_pages(shipped: Dataset) -> None:
    for id in ("air-innohk", "ai-supercomputing-centre", "gba-standard-contract"):
        assert "name_zh" not in shipped.measure(id).unconfirmed, id
    assert shipped.organisation("dpo").unconfirmed == ()
    reply = shipped.document("lcq13-2025")
    # Who gave LCQ13's reply rests on the news report: the readable part of the official page
    # shows the question only. The name is marked, not dropped.
    assert reply.respondent is not None and reply.respondent.unconfirmed == ("name",)
