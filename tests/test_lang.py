"""Briefings in Traditional Chinese (--lang zh-Hant): the frame, the data, dates and money, the
layout by display cells, the handouts' declared language, and search across both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hkai_brief import lang, wording
from hkai_brief.layout import cells
from hkai_brief.load import load
from hkai_brief.model import Figure, PartialDate

from .conftest import MINIMAL, ROOT, SHIPPED, Run

DATA = load(SHIPPED)
AS_OF = "2026-11-25"
ZH = "zh-Hant"
_URL = re.compile(r"https?://\S+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _chinese_share(text: str) -> float:
    """The share of a text's letters that are Chinese characters, URLs aside."""
    text = _URL.sub("", text)
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if _HAN.match(c)) / len(letters)


# --- the summary ------------------------------------------------------------------------------


def test_the_chinese_summary_reads_in_chinese_and_fits_80_cells(run: Run) -> None:
    result = run("summary", "--lang", ZH, "--as-of", AS_OF, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert _chinese_share(out) >= 0.6
    assert "2025年10月15日" in out
    assert "億元" in out and "HK$" not in out
    assert all(cells(line) <= 80 for line in out.splitlines())
    # No heading is left in English: every line in capitals of the English frame is gone.
    english = run("summary", "--as-of", AS_OF, env={"COLUMNS": "80"}).stdout
    headings = [line for line in english.splitlines() if line.strip().isupper()]
    assert headings and not any(h.strip() in out for h in headings)
    for heading in ("答覆重點", "概覽", "下一步"):
        assert heading in out


def test_the_full_chinese_summary_has_its_frame_in_chinese(run: Run) -> None:
    out = run("summary", "--full", "--lang", ZH, "--as-of", AS_OF, env={"COLUMNS": "80"}).stdout
    for heading in ("概覽", "時間線", "資料來源", "立法會其他相關質詢"):
        assert heading in out
    assert "2026年下半年" in out
    assert all(cells(line) <= 80 for line in out.splitlines() if not _URL.search(line))


def test_hkai_brief_lang_sets_the_language_and_the_option_wins(run: Run) -> None:
    by_env = run("summary", "--as-of", AS_OF, env={"HKAI_BRIEF_LANG": "zh-hant"})
    assert by_env.exit_code == 0 and "答覆重點" in by_env.stdout
    by_option = run("summary", "--lang", "en", env={"HKAI_BRIEF_LANG": ZH})
    assert "KEY MESSAGES" in by_option.stdout


@pytest.mark.parametrize("command", [["summary"], ["render"], ["list"], ["show", "aiss"]])
def test_an_unknown_language_is_a_usage_error_naming_the_choices(
    run: Run, command: list[str]
) -> None:
    result = run(*command, "--lang", "fr")
    assert result.exit_code == 2
    assert "'fr' is not a language" in result.stderr
    assert "en or zh-Hant" in result.stderr
    assert result.stdout == ""


# --- handouts ---------------------------------------------------------------------------------


def test_the_chinese_text_handout_keeps_within_78_cells_but_for_urls(run: Run) -> None:
    out = run("render", "-f", "text", "--lang", ZH, "--as-of", AS_OF).stdout
    # Over half, with the sources' English titles: they are names, and not translated.
    assert _chinese_share(out) >= 0.5
    long = [line for line in out.splitlines() if cells(line) > 78 and not _URL.search(line)]
    assert long == []
    for line in out.splitlines():
        body = line.strip()
        assert not (body and body[0] in "，。、；：」）"), line
        assert not (body and body[-1] in "「（"), line


def test_chinese_handouts_declare_their_language(run: Run) -> None:
    md = run("render", "-f", "markdown", "--lang", ZH, "--as-of", AS_OF).stdout
    assert "\nlang: zh-Hant\n" in md.split("---")[1]
    html = run("render", "-f", "html", "--lang", ZH, "--as-of", AS_OF).stdout
    assert '<html lang="zh-Hant">' in html
    english = run("render", "-f", "html", "--as-of", AS_OF).stdout
    assert '<html lang="en">' in english


def test_a_chinese_handout_gives_each_measure_its_english_name(run: Run) -> None:
    md = run("render", "-f", "markdown", "--lang", ZH, "--measure", "aiss").stdout
    assert "### 人工智能資助計劃" in md
    assert "- **英文名稱：** Artificial Intelligence Subsidy Scheme" in md
    assert "- **撥款：** 30億元，為期三年" in md


def test_a_measure_with_no_chinese_text_falls_back_to_english_visibly(
    run: Run, tmp_path: Path
) -> None:
    data = tmp_path / "english-only.yaml"
    data.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("--data", str(data), "render", "-f", "text", "--lang", ZH)
    assert result.exit_code == 0, result.stderr
    minimal = load(data)
    for m in minimal.measures:
        assert m.summary_zh is None
        assert f"{m.summary.split()[-1]}{lang.ENGLISH_ONLY}" in " ".join(result.stdout.split())


# --- show, list, grep ----------------------------------------------------------------------------


def test_show_in_chinese(run: Run) -> None:
    out = run("show", "aiss", "--lang", ZH, env={"COLUMNS": "80"}).stdout
    measure = DATA.measure("ai-subsidy-scheme")
    assert measure.name_zh and measure.summary_zh
    assert measure.name_zh in out
    assert "英文名稱" in out and measure.title in out
    assert "運作中（答覆時）" in out
    assert "30億元" in out
    assert all(cells(line) <= 80 for line in out.splitlines() if not _URL.search(line))


def test_list_in_chinese(run: Run) -> None:
    piped = run("list", "--lang", ZH).stdout.splitlines()
    rows = {line.split("\t")[0]: line.split("\t") for line in piped}
    assert rows["ai-subsidy-scheme"] == [
        "ai-subsidy-scheme",
        "人工智能資助計劃†",  # the Chinese name rests on a secondary source
        "computing",
        "30億元",
        "運作中",
    ]
    listed = json.loads(run("list", "--json", "--lang", ZH).stdout)
    assert {r["id"]: r["funding"][0]["text"] for r in listed if r["funding"]} == {
        "ai-rd-institute": "10億元",
        "ai-subsidy-scheme": "30億元",
        "frontier-technology-research-support-scheme": "30億元",
    }


def test_a_chinese_word_finds_the_measure_whose_chinese_text_has_it(run: Run) -> None:
    # 使用率 is only in a Chinese update of the supercomputing centre.
    assert not any("使用率" in (m.name_zh or "") for m in DATA.measures)
    result = run("grep", "-l", "使用率")
    assert result.stdout.split() == ["ai-supercomputing-centre"]
    # In Simplified too: 研发院 is 研發院.
    assert run("grep", "-l", "研发院").stdout.split() == ["ai-rd-institute"]


def test_grep_shows_a_fact_once_in_the_readers_language(run: Run) -> None:
    english = run("grep", "5,600").stdout
    assert "summary:" in english and "summary_zh:" not in english
    chinese = run("grep", "--lang", ZH, "5,600").stdout
    assert "summary_zh:" in chinese and "summary:" not in chinese
    assert chinese.startswith("public-sector-information-portal: 「資料一線通」 [數據]\n")
    # Counted once, not once per language.
    assert run("grep", "-c", "5,600").stdout == run("grep", "-c", "--lang", ZH, "5,600").stdout


def test_show_accepts_a_simplified_name(run: Run) -> None:
    result = run("show", "人工智能资助计划", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["measure"]["id"] == "ai-subsidy-scheme"


# --- the data ---------------------------------------------------------------------------------


def test_every_text_of_the_shipped_data_has_a_chinese_one() -> None:
    for m in DATA.measures:
        assert m.name_zh and m.summary_zh, m.id
        for milestone in m.milestones:
            assert milestone.text_zh, (m.id, milestone.text)
        for update in m.updates:
            assert update.text_zh, (m.id, update.text)
        for figure in m.figures:
            assert figure.unit_zh, (m.id, figure.unit)
        if m.funding and (m.funding.note or m.funding.scope):
            assert bool(m.funding.note_zh) == bool(m.funding.note), m.id
            assert bool(m.funding.scope_zh) == bool(m.funding.scope), m.id
        if m.applications:
            for name in ("who", "pays_for", "per_project", "how", "when"):
                if getattr(m.applications, name):
                    assert getattr(m.applications, name + "_zh"), (m.id, name)
    for area in DATA.areas:
        assert area.title_zh, area.id
        assert bool(area.description_zh) == bool(area.description), area.id
    reply = DATA.document("lcq13-2025")
    assert reply.question and reply.respondent
    assert reply.question.preamble_zh
    assert len(reply.question.parts_zh) == len(reply.question.parts)
    assert reply.respondent.name_zh and reply.respondent.office_zh
    for message in reply.messages:
        assert message.text_zh, message.text


# --- wording ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (3_000_000_000, "30億元"),
        (1_000_000_000, "10億元"),
        (581_000_000, "5.81億元"),
        (7_000_000_000, "70億元"),
        (300_000_000, "3億元"),
        (5_000_000, "500萬元"),
        # Below a million, in full, as the Budget writes 10,500元.
        (10_500, "10,500元"),
        (1_200_000_000_000, "1.2萬億元"),
    ],
)
def test_money_in_chinese_is_written_as_the_government_writes_it(amount: int, written: str) -> None:
    assert wording.money(amount, "HKD", ZH) == written


@pytest.mark.parametrize(
    ("date", "qualifier", "written"),
    [
        (PartialDate(2025, 10, 15), None, "2025年10月15日"),
        (PartialDate(2025, 9), None, "2025年9月"),
        (PartialDate(2026, half=2), None, "2026年下半年"),
        (PartialDate(2026, half=1), None, "2026年上半年"),
        (PartialDate(2026), "by", "2026年或之前"),
    ],
)
def test_dates_in_chinese(date: PartialDate, qualifier: str | None, written: str) -> None:
    assert wording.date(date, qualifier, lang=ZH) == written


def test_numbers_keep_their_grouping_in_chinese() -> None:
    figure = Figure(value=5600, unit="datasets", qualifier="over", unit_zh="個數據集")
    assert wording.figure(figure, ZH) == "超過5,600個數據集"


def test_chinese_sentences_end_at_a_full_stop() -> None:
    from hkai_brief.render import first_sentence

    assert first_sentence("研發院將會成立。董事會已委任。") == "研發院將會成立。"
    assert first_sentence("It opens. It closes.") == "It opens."


# --- the catalogue ----------------------------------------------------------------------------

_PHRASE = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
_TRANSLATED = re.compile(r"""translate\(\s*\w+,\s*"((?:[^"\\]|\\.)*)"\s*\)""")


def _phrases() -> set[str]:
    found: set[str] = set()
    for template in (ROOT / "templates").glob("*.j2"):
        for m in _PHRASE.finditer(template.read_text(encoding="utf-8")):
            found.add(m[1] if m[1] is not None else m[2])
    for module in (ROOT / "src" / "hkai_brief").glob("*.py"):
        source = module.read_text(encoding="utf-8")
        found |= {m[1] for m in _TRANSLATED.finditer(source)}
        if module.name == "views.py":  # describe() says _("...") for translate(lang, ...)
            found |= {m[1] for m in _PHRASE.finditer(source) if m[1]}
    return found


def test_every_phrase_of_the_frame_is_in_the_catalogue() -> None:
    phrases = _phrases()
    assert len(phrases) > 40
    missing = sorted(p for p in phrases if p not in lang.ZH_HANT)
    assert missing == []


def test_the_catalogue_holds_no_phrase_nothing_uses() -> None:
    phrases = _phrases()
    # Headings for lists and tables, built from tuples of phrases rather than literals.
    listed = {"ID", "Measure", "Area", "Funding", "Status at the reply", "Run by"}
    listed |= {"Who can apply", "What it pays for", "Per project", "How to apply", "Where"}
    listed |= {"When", "Closing date", "Hong Kong AI policy briefing", " (oral)", " (written)"}
    unused = sorted(p for p in lang.ZH_HANT if p not in phrases | listed)
    assert unused == []


@pytest.mark.parametrize(
    ("amount", "currency", "written"),
    [(1_000_000_000, "USD", "10億美元"), (500_000_000, "CNY", "人民幣5億元")],
)
def test_other_currencies_in_chinese(amount: int, currency: str, written: str) -> None:
    assert wording.money(amount, currency, ZH) == written


@pytest.mark.parametrize("typed", ["zh-Hant", "ZH-HANT", "zh_hant", "zh-HK", "zh-TW", "zh_HK"])
def test_the_tags_for_traditional_chinese_are_taken(run: Run, typed: str) -> None:
    result = run("list", "--lang", typed)
    assert result.exit_code == 0 and "人工智能資助計劃" in result.stdout


def test_an_unconfirmed_chinese_name_keeps_its_mark_in_chinese(run: Run) -> None:
    md = run("render", "-f", "markdown", "--lang", ZH).stdout
    for m in DATA.measures:
        heading = f"### {m.name_zh}"
        marked = "name_zh" in m.unconfirmed
        assert (f"{heading}†\n" in md) == marked, m.id
        assert (f"{heading}\n" in md) == (not marked), m.id
    show = run("show", "aiss", "--lang", ZH).stdout
    assert show.splitlines()[1] == "人工智能資助計劃（AISS）†"
    # A body's Chinese name seen only in a secondary source is marked too.
    itc = DATA.organisation("itc")
    assert "name_zh" in itc.unconfirmed and f"{itc.name_zh}†" in md


def test_a_text_already_in_chinese_is_not_marked_english(run: Run) -> None:
    lcq18 = DATA.document("lcq18-2024")
    assert lcq18.title_zh is None and lcq18.title.startswith("立法會十八題")
    full = run("summary", "--full", "--lang", ZH, env={"COLUMNS": "200"}).stdout
    assert lang.ENGLISH_ONLY not in "".join(line for line in full.splitlines() if "十八題" in line)
    # ...and the number is said once.
    assert "立法會十八題：立法會十八題" not in full and "LCQ18（書面質詢）" in full


def test_areas_and_measures_are_found_by_their_chinese_names_as_printed(run: Run) -> None:
    by_chinese = run("list", "--area", "人才").stdout
    assert by_chinese == run("list", "--area", "talent").stdout
    assert run("show", "資料一線通", "--json").exit_code == 0  # printed as 「資料一線通」
    assert run("show", "资料一线通", "--json").exit_code == 0


def test_chinese_parts_that_do_not_pair_with_the_english_are_an_error(
    run: Run, tmp_path: Path
) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    at = text.index("parts_zh:")
    first_part = text.index("\n", text.index("- ", at)) + 1
    line = text.count("\n", 0, at) + 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(text[: text.index("- ", at) - 8] + text[first_part:], encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    where = f"{bad}:{line + 1}:9: error: documents[lcq13-2025].question.parts_zh"
    assert f"{where}: parts_zh has 3 items," in result.stderr
