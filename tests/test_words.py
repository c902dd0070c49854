"""Search that finds what people mean: words, word families, numbers, money, Chinese in either
script and phrases, through the console script; and the stemmer held to Snowball's."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hkai_brief.load import load
from hkai_brief.search import document_texts, texts
from hkai_brief.stem import stem

from .conftest import SHIPPED, Run

DATA = load(SHIPPED)
FUNDED = [m.id for m in DATA.measures if m.funding]
TALENT = [m.id for m in DATA.measures if m.area == "talent"]


def _ids(run: Run, *query: str) -> list[str]:
    result = run("grep", "-l", *query)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (["HK$3 billion"], ["ai-subsidy-scheme", "frontier-technology-research-support-scheme"]),
        (["HK$3", "billion"], ["ai-subsidy-scheme", "frontier-technology-research-support-scheme"]),
        (["HK$3bn"], ["ai-subsidy-scheme", "frontier-technology-research-support-scheme"]),
        (["$3 billion"], ["ai-subsidy-scheme", "frontier-technology-research-support-scheme"]),
        (["3 billion"], ["ai-subsidy-scheme", "frontier-technology-research-support-scheme"]),
        (
            ["HK$3,000 million"],
            ["ai-subsidy-scheme", "frontier-technology-research-support-scheme"],
        ),
        (["HK$1 billion"], ["ai-rd-institute"]),
    ],
)
def test_money_as_people_write_it(run: Run, query: list[str], expected: list[str]) -> None:
    assert _ids(run, *query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "supercomputer",
        "Supercomputing centre",
        "3000",
        "3,000",
        "数码港",
        "數碼港",
        "ＣＹＢＥＲＰＯＲＴ",
    ],
)
def test_the_supercomputing_centre_by_every_name(run: Run, query: str) -> None:
    assert "ai-supercomputing-centre" in _ids(run, query)


def test_word_families(run: Run) -> None:
    talents = _ids(run, "talents")
    assert len(talents) >= 4 and set(talents) <= set(TALENT)
    assert _ids(run, "funding") == FUNDED
    assert "air-innohk" in _ids(run, "robots")  # robotics
    assert "air-innohk" in _ids(run, "laboratory")  # laboratories


def test_every_word_must_appear(run: Run) -> None:
    assert _ids(run, "cyberport", "subsidy") == ["ai-subsidy-scheme"]
    assert _ids(run, "cyberport", "talent") == []


def test_a_quoted_phrase_must_appear_as_written(run: Run) -> None:
    assert _ids(run, '"data park"') == ["sandy-ridge-data-facility-cluster"]
    assert _ids(run, '"park data"') == []


def test_the_reply_itself_is_searched(run: Run) -> None:
    result = run("grep", "Sun Dong")
    assert result.exit_code == 0
    assert result.stdout.startswith("reply lcq13-2025: LCQ13: Promoting development")
    assert "  respondent: Professor Sun Dong, Secretary for Innovation" in result.stdout
    assert run("grep", "LCQ13").stdout.startswith("reply lcq13-2025:")
    # -l lists measures only, for `xargs hkai-brief show`.
    assert run("grep", "-l", "Sun Dong").stdout == ""


def test_a_null_result_says_so_and_suggests(run: Run) -> None:
    result = run("grep", "cyberprot")
    assert result.exit_code == 1
    assert "did you mean 'cyberport' for 'cyberprot'?" in result.stderr
    assert run("grep", "-q", "cyberprot").stderr == ""


def test_regular_expressions_with_e(run: Run) -> None:
    assert _ids(run, "-e", r"HK\$[13] billion") == [
        "ai-rd-institute",
        "ai-subsidy-scheme",
        "frontier-technology-research-support-scheme",
    ]


def test_hits_start_and_end_at_sentence_boundaries(run: Run) -> None:
    for line in run("grep", "--field", "summary", "data").stdout.splitlines():
        if line.startswith("  summary: "):
            quoted = re.sub(r" \[[^\]]*\]$", "", line[len("  summary: ") :])
            quoted = quoted.removeprefix("… ").removesuffix(" …")
            assert quoted[0].isupper() or quoted[0].isdigit(), line
            assert quoted.endswith((".", "?", "!")), line


def test_json_hits_carry_their_sources(run: Run) -> None:
    objects = [json.loads(line) for line in run("grep", "--json", "petaFLOPS").stdout.splitlines()]
    figures = [o for o in objects if o["field"] == "figures"]
    assert figures and figures[0]["sources"] == [
        {"id": "budget-2025-26", "url": "https://budget.gov.hk/2025/eng/budget06.html"}
    ]


def test_keyword_selects_what_grep_finds(run: Run) -> None:
    result = run("render", "--format", "json", "--keyword", "HK$3 billion")
    chosen = [m["id"] for m in json.loads(result.stdout)["measures"]]
    assert chosen == ["ai-subsidy-scheme", "frontier-technology-research-support-scheme"]


# --- the stemmer ---------------------------------------------------------------------------------


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for m in DATA.measures:
        for t in texts(DATA, m):
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", t.value))
    for d in DATA.documents:
        for t in document_texts(d):
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", t.value))
    return sorted(words)


EXTRA = [
    "generously",
    "communism",
    "arsenals",
    "skies",
    "dying",
    "lying",
    "tying",
    "idly",
    "gently",
    "ugly",
    "early",
    "only",
    "singly",
    "news",
    "howe",
    "atlas",
    "cosmos",
    "bias",
    "andes",
    "inning",
    "outing",
    "canning",
    "herring",
    "earring",
    "proceed",
    "exceed",
    "succeed",
    "hopping",
    "hoping",
    "caresses",
    "ponies",
    "ties",
    "cries",
    "agreed",
    "feed",
    "plastered",
    "bled",
    "motoring",
    "sing",
    "conflated",
    "troubled",
    "sized",
    "hopping",
    "tanned",
    "falling",
    "hissing",
    "fizzed",
    "failing",
    "filing",
    "happy",
    "sky",
    "relational",
    "conditional",
    "rational",
    "valenci",
    "hesitanci",
    "digitizer",
    "conformabli",
    "radicalli",
    "differentli",
    "vileli",
    "analogousli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "callousness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "triplicate",
    "formative",
    "formalize",
    "electriciti",
    "electrical",
    "hopeful",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologou",
    "communism",
    "activate",
    "angulariti",
    "homologous",
    "effective",
    "bowdlerize",
    "probate",
    "rate",
    "cease",
    "controll",
    "roll",
    "universities",
]


def test_the_stemmer_is_snowballs_english_stemmer() -> None:
    import snowballstemmer

    reference = snowballstemmer.stemmer("english")
    for word in [*_vocabulary(), *EXTRA]:
        assert stem(word) == reference.stemWord(word), word


@given(st.text(st.sampled_from("abcdeilmnorstuyg'"), min_size=1, max_size=14))
def test_the_stemmer_agrees_on_any_word(word: str) -> None:
    import snowballstemmer

    assert stem(word) == snowballstemmer.stemmer("english").stemWord(word)


@given(st.text(st.sampled_from("abcdeilmnorstuyg"), min_size=1, max_size=14))
def test_a_stem_less_its_last_letter_begins_its_word(word: str) -> None:
    # Porter2's exceptional forms are the only words whose stems are not their beginnings.
    assume(word not in ("dying", "lying", "tying"))
    assert word.startswith(stem(word)[:-1])
