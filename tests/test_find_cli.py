"""grep, list and show as users run them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hkai_brief.load import load
from hkai_brief.search import texts

from .conftest import GENERATED_EPOCH, MINIMAL, ROOT, SHIPPED, Run

DATA = load(SHIPPED)


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["cyberport"], ["ai-supercomputing-centre", "ai-subsidy-scheme"]),
        (["loop park"], ["hetao-hong-kong-park-data-flow"]),
        (["5,600"], ["public-sector-information-portal"]),
        # The Chinese texts are searched too: the scheme's says Cyberport (數碼港) runs it.
        (["數碼港"], ["ai-supercomputing-centre", "ai-subsidy-scheme"]),
        (["-w", "-e", "GBA"], ["gba-cross-boundary-data-mou", "gba-standard-contract"]),
        (["-F", "Hong Kong loop Park"], ["hetao-hong-kong-park-data-flow"]),
    ],
)
def test_grep_finds_the_right_measures(run: Run, args: list[str], ids: list[str]) -> None:
    result = run("grep", "-l", *args)
    assert (result.exit_code, result.stdout.split()) == (0, ids)


def test_grep_finds_chinese_names(run: Run) -> None:
    result = run("grep", "-l", "人工智能")
    expected = [
        m.id
        for m in DATA.measures
        if any(t.lang == "zh-Hant" and "人工智能" in t.value for t in texts(DATA, m))
    ]
    assert len(expected) >= 3
    assert any("人工智能" not in (m.name_zh or "") for m in DATA.measures if m.id in expected)
    assert result.stdout.split() == expected


def test_grep_shows_each_matching_field_with_its_sources(run: Run) -> None:
    result = run("grep", '"loop park"')
    assert result.stdout == (
        "hetao-hong-kong-park-data-flow: Hong Kong Park of the Hetao Shenzhen-Hong Kong Science"
        " and Technology Innovation Co-operation Zone [Data]\n"
        "  aliases[0]: Hong Kong loop Park [gmt-eight-2025-10-15]\n"
    )
    # Unquoted, the two words may stand apart: every text that holds either is shown.
    both = run("grep", "loop park").stdout
    assert "  summary: " in both and "  aliases[0]: Hong Kong loop Park" in both


def test_a_hit_is_the_whole_sentence_around_the_match(run: Run) -> None:
    out = run("grep", "--field", "summary", "good-quality").stdout.splitlines()
    assert out == [
        "public-sector-information-portal: Public Sector Information Portal (DATA.GOV.HK) [Data]",
        "  summary: … Its over 5,600 datasets, from finance, education and transport to welfare,"
        " law and security, give industry material to train algorithms and large models; the"
        " Government also urges public and private bodies to release more good-quality data."
        " [data-gov-hk, gmt-eight-2025-10-15]",
    ]


def test_no_match_exits_1_and_says_so(run: Run) -> None:
    result = run("grep", "no such word anywhere")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("hkai-brief: no measure mentions 'no such word anywhere'\n")
    assert run("grep", "-q", "no such word anywhere").stderr == ""


def test_a_word_the_data_does_not_hold_gets_a_suggestion(run: Run) -> None:
    result = run("grep", "cyberprot")
    assert result.exit_code == 1
    assert result.stderr == (
        "hkai-brief: no measure mentions 'cyberprot'\n"
        "hkai-brief: did you mean 'cyberport' for 'cyberprot'?\n"
    )
    quiet = run("grep", "-q", "cyberprot")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (1, "", "")


def test_a_bad_regex_is_one_line_and_exit_2(run: Run) -> None:
    result = run("grep", "-e", "(")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "hkai-brief: invalid pattern '(': missing ), unterminated subpattern at character 1"
        " (use -F to search for the text as it is)\n"
    )
    assert run("grep", "-F", "a(b").exit_code == 1
    # As words, a bracket is no word at all.
    assert run("grep", "(").exit_code == 2


def test_grep_needs_words(run: Run) -> None:
    result = run("grep")
    assert result.exit_code == 2
    assert "give the WORDS to look for (or -e PATTERN)" in result.stderr


def test_quiet_and_count(run: Run) -> None:
    assert (run("grep", "-q", "Cyberport").exit_code, run("grep", "-q", "Cyberport").stdout) == (
        0,
        "",
    )
    assert run("grep", "-q", "zzzz").exit_code == 1
    counts = run("grep", "-c", "Cyberport").stdout.split()
    assert counts == ["ai-supercomputing-centre:4", "ai-subsidy-scheme:6"]


def test_grep_json_is_one_object_per_matching_text_with_its_sources(run: Run) -> None:
    lines = run("grep", "--json", "-e", "petaFLOPS", "-e", "Hetao").stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert objects
    for o in objects:
        assert set(o) >= {
            *("kind", "id", "title", "field", "label"),
            *("text", "matches", "sentences", "sources"),
        }
        assert o["matches"]
        for m in o["matches"]:
            assert o["text"][m["start"] : m["end"]] == m["match"]
            assert any(m["match"] in sentence for sentence in o["sentences"])
        assert all(sentence in o["text"] for sentence in o["sentences"])
        for source in o["sources"]:
            assert source["url"].startswith(("https://", "http://"))
    # Each text once, however many matches it holds.
    texts = [(o["id"], o["label"]) for o in objects]
    assert len(texts) == len(set(texts))
    measures = {o["measure"] for o in objects if o["kind"] == "measure"}
    assert measures == {
        "ai-supercomputing-centre",
        "sandy-ridge-data-facility-cluster",
        "hetao-hong-kong-park-data-flow",
    }
    # The question on Hetao of December 2023 is a reply; the Policy Address a source.
    assert {o["id"] for o in objects if o["kind"] == "reply"} == {"lcq12-2023"}
    assert {o["id"] for o in objects if o["kind"] == "source"} == {"policy-address-2023-p83"}


def test_grep_keeps_at_most_a_thousand_matches_a_text_and_counts_them_all(
    run: Run, tmp_path: Path
) -> None:
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data["measures"][0]["summary"] = "word " * 3000
    path = tmp_path / "many.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run("--data", str(path), "grep", "-c", "word").stdout == "lab:3000\n"
    assert run("--data", str(path), "grep", "-c", "-e", "wor.").stdout == "lab:3000\n"
    assert run("--data", str(path), "grep", "-c", "-F", "word").stdout == "lab:3000\n"
    found = run("--data", str(path), "grep", "--json", "-e", "o").stdout.splitlines()
    (summary,) = [o for o in map(json.loads, found) if o["label"] == "summary"]
    assert len(summary["matches"]) == 1000


def test_colour_only_on_a_terminal_or_when_asked(run: Run) -> None:
    plain = run("grep", "Cyberport")
    assert "\x1b" not in plain.stdout
    coloured = run("grep", "--color", "always", "Cyberport")
    assert "\x1b[1;31mCyberport\x1b[0m" in coloured.stdout
    assert "\x1b" not in run("grep", "--color", "never", "Cyberport").stdout


def test_grep_to_show_through_a_real_pipe() -> None:
    command = (
        f"{sys.executable} -m hkai_brief grep -l talent"
        f" | xargs {sys.executable} -m hkai_brief show --color never"
    )
    result = subprocess.run(
        command, shell=True, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    talent = [m for m in DATA.measures if m.area == "talent"]
    for measure in talent:
        assert f"{measure.id}\n{measure.title}" in result.stdout


def test_list_piped_is_one_tab_separated_line_per_measure(run: Run) -> None:
    result = run("list", env={"COLUMNS": "20"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [m.id for m in DATA.measures]
    assert all(len(line.split("\t")) == 5 for line in lines)
    assert (
        "ai-rd-institute\tHong Kong AI Research and Development Institute\tresearch"
        "\tHK$1 billion\tplanned"
    ) in lines


def test_list_json(run: Run) -> None:
    rows = json.loads(run("list", "--json", "--area", "talent").stdout)
    assert [r["id"] for r in rows] == [m.id for m in DATA.measures if m.area == "talent"]
    funded = [r for r in rows if r["funding"]]
    assert funded == [
        {
            "id": "frontier-technology-research-support-scheme",
            "area": "talent",
            "title": "Frontier Technology Research Support Scheme",
            "name_zh": "前沿科技研究支援計劃",
            "funding": [
                {
                    "amount": 3000000000,
                    "currency": "HKD",
                    "recurrent": False,
                    "text": "HK$3 billion",
                    "secondary": True,
                    "scope": "AI and other frontier fields",
                }
            ],
            "replies": ["lcq13-2025"],
            "status": "in-operation",
        }
    ]


def test_show_has_every_field_and_the_source_urls(run: Run) -> None:
    out = run("show", "ai-rd-institute", env={"COLUMNS": "400"}).stdout
    measure = DATA.measure("ai-rd-institute")
    for text in (measure.title, measure.name_zh, measure.summary, *measure.aliases):
        assert text and text in out
    assert "HK$1 billion [budget-2025-26]" in out
    assert (
        "By 2026: Planned at the reply, the institute is to be set up.† [gmt-eight-2025-10-15]"
        in out
    )
    for citation in measure.sources:
        url = DATA.document(citation.document).url
        assert url and url in out


def test_show_json(run: Run) -> None:
    shown = json.loads(run("show", "--json", "ai-subsidy-scheme", "air-innohk").stdout)
    assert [s["measure"]["id"] for s in shown] == ["ai-subsidy-scheme", "air-innohk"]
    assert shown[0]["area"]["id"] == "computing"
    assert shown[0]["documents"][0]["url"].startswith(("https://", "http://"))


def test_show_an_unknown_id_suggests_the_closest(run: Run) -> None:
    typo = run("show", "air-inohk")
    assert typo.exit_code == 2
    assert "did you mean air-innohk" in typo.stderr
    partial = run("show", "cyberport supercomputing")
    assert partial.exit_code == 2
    assert "unknown measure 'cyberport supercomputing'" in partial.stderr


def test_area_and_measure_ids_complete_in_the_shell(run: Run) -> None:
    env = {
        "_HKAI_BRIEF_COMPLETE": "bash_complete",
        "COMP_WORDS": "hkai-brief show ai-s",
        "COMP_CWORD": "2",
    }
    result = run(env=env)
    assert result.stdout.split() == [
        "plain,ai-supercomputing-centre",
        "plain,ai-subsidy-scheme",
    ]
    env["COMP_WORDS"] = "hkai-brief summary --area t"
    env["COMP_CWORD"] = "3"
    assert run(env=env).stdout.split() == ["plain,talent"]


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_auto_colour_follows_the_terminal_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from hkai_brief.hits import use_colour

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_colour("auto", _Terminal()) is True  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour("auto", _Terminal()) is False  # type: ignore[arg-type]
    assert use_colour("always", _Terminal()) is True  # type: ignore[arg-type]
    monkeypatch.delenv("NO_COLOR")
    assert use_colour("never", _Terminal()) is False  # type: ignore[arg-type]


WORDS = sorted(
    {
        word.casefold()
        for m in DATA.measures
        for t in texts(DATA, m)
        for word in re.findall(r"\w+", t.value)
        if len(word) > 2
    }
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(word=st.sampled_from(WORDS))
def test_grep_and_keyword_select_the_same_measures(run: Run, word: str) -> None:
    grepped = run("grep", "-l", word).stdout.split()
    chosen = run("render", "--format", "json", "--keyword", word)
    selected = [m["id"] for m in json.loads(chosen.stdout)["measures"]] if grepped else []
    assert grepped == selected
    assert (chosen.exit_code == 0) == bool(grepped)


def test_list_funded_is_one_line_a_funded_measure(run: Run) -> None:
    out = run("list", "--funded", env={"SOURCE_DATE_EPOCH": str(GENERATED_EPOCH)}).stdout
    rows = [line.split("\t") for line in out.splitlines()]
    # Money earmarked, or applications a founder can make (the internships pay no sum of
    # their own, but companies take part).
    funded = [m for m in DATA.measures if m.funding or m.applications]
    assert [r[0] for r in rows] == [m.id for m in funded]
    assert "stem-internship-scheme" in [r[0] for r in rows]
    by_id = {r[0]: r for r in rows}
    ftrss = by_id["frontier-technology-research-support-scheme"]
    assert ftrss[1:4] == ["HK$3 billion†", "ITC", "closed 25 Nov 2025"]
    assert ftrss[4].startswith("The eight UGC-funded universities")
    assert by_id["ai-subsidy-scheme"][2:4] == ["Cyberport", ""]
    # A measure nobody applies to has empty columns, not made-up ones.
    assert by_id["ai-rd-institute"][1:] == ["HK$1 billion", "", "", ""]
    # Before its closing date, the scheme closes rather than closed.
    before = run("list", "--funded", env={"SOURCE_DATE_EPOCH": "1760961600"}).stdout  # 20 Oct 2025
    assert "\tcloses 25 Nov 2025\t" in before
    listed = json.loads(run("list", "--funded", "--json").stdout)
    assert [r["id"] for r in listed] == [m.id for m in funded]
    assert listed[1]["applications"]["who"].startswith("Eligible users")


def test_grep_marks_what_is_seen_only_in_a_secondary_source(run: Run) -> None:
    out = run("grep", "projects approved").stdout
    assert "  figures[0]: over 10 projects approved† [gmt-eight-2025-10-15]\n" in out
    # An official update is not marked.
    assert "70% of the list price. [news-gov-2026-01-04]" in out
    found = [
        json.loads(line) for line in run("grep", "--json", "projects approved").stdout.splitlines()
    ]
    by_label = {f["label"]: f["secondary"] for f in found}
    assert by_label["figures[0]"] is True and by_label["updates[0]"] is False


def test_grep_l_and_c_exit_1_when_only_a_source_matches(run: Run) -> None:
    # "SME" is in a source's title (SME Link) and a reply's question, in no measure's text.
    assert run("grep", "SME").exit_code == 0
    for flag in ("-l", "-c"):
        result = run("grep", flag, "SME")
        assert (result.exit_code, result.stdout) == (1, ""), flag
        assert "no measure mentions" in result.stderr


def test_grep_finds_what_a_founder_types(run: Run) -> None:
    assert _ids(run, '"who can apply"') == [
        m.id for m in DATA.measures if m.applications and m.applications.who
    ]
    closing = [m.id for m in DATA.measures if m.applications and m.applications.closes]
    assert closing and set(closing) <= set(_ids(run, '"closing date"'))


def _ids(run: Run, *query: str) -> list[str]:
    return run("grep", "-l", *query).stdout.split()


def test_a_hyphenated_word_is_found_as_one(run: Run) -> None:
    # "start-up" once found "set up" and "started ... ramped up"; it is one word to a reader.
    assert run("grep", "-l", "start-up").exit_code == 1
    crossing = run("grep", "-l", "cross-boundary").stdout.split()
    assert crossing == run("grep", "-l", "cross boundary").stdout.split()
    assert "gba-standard-contract" in crossing


def test_an_organisation_is_found_by_its_abbreviation(run: Run) -> None:
    assert run("grep", "-l", "ITC").stdout.split() == [
        "frontier-technology-research-support-scheme",
        "stem-internship-scheme",
    ]


def test_every_hit_carries_the_sources_behind_it(run: Run) -> None:
    hits = [json.loads(line) for line in run("grep", "--json", "talent").stdout.splitlines()]
    context = [h for h in hits if h["field"] in ("keywords", "area", "run_by")]
    assert context and all(h["sources"] for h in hits if h["kind"] == "measure")


def test_every_funding_line_is_searched(run: Run) -> None:
    out = run("--data", "tests/data/ev-oral-reply.yaml", "grep", "--json", "352.5 million")
    hit = json.loads(out.stdout.splitlines()[0])
    assert (hit["label"], hit["text"]) == ("funding[1]", "HK$352.5 million a year")
