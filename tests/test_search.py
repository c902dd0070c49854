"""Finding measures: the matcher's options, Unicode case folding, and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hkai_brief.errors import PatternError
from hkai_brief.load import load
from hkai_brief.search import Matcher, Scope, Searchable, document_texts, search, texts
from hkai_brief.searchable import FIELDS

from .conftest import SHIPPED

DATA = load(SHIPPED)


def _ids(*patterns: str, **options: bool) -> list[str]:
    return [r.id for r in search(DATA, Matcher(list(patterns), **options), Scope(documents=False))]


def test_the_command_offers_every_field_the_search_has() -> None:
    found = {t.field for m in DATA.measures for t in texts(DATA, m)}
    found |= {t.field for d in DATA.documents for t in document_texts(d)}
    assert found == set(FIELDS)


def test_case_rules() -> None:
    # Lower case only in the address of Cyberport's page for the subsidy scheme.
    assert _ids("cyberport") == ["ai-subsidy-scheme"]
    assert _ids("cyberport", ignore_case=True) == ["ai-supercomputing-centre", "ai-subsidy-scheme"]
    assert _ids("cyberport", smart_case=True) == _ids("Cyberport")
    assert _ids("CYBERPORT", smart_case=True) == []
    assert _ids("Cyberport") == ["ai-supercomputing-centre", "ai-subsidy-scheme"]


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("Straße", "STRASSE"),
        ("ＡＩ policy", "ａｉ"),  # full-width forms fold like any letters
        ("Café", "CAFÉ"),
        ("人工智能研發院", "人工智能"),
        ("ǅemal", "ǆ"),  # titlecase digraph
    ],
)
def test_ignore_case_folds_unicode(text: str, pattern: str) -> None:
    matcher = Matcher([pattern], fixed=True, ignore_case=True)
    matches = matcher.find(Searchable("title", "title", text))
    assert matches
    if text.casefold() != text:  # Chinese has no case to ignore
        assert not Matcher([pattern], fixed=True).find(Searchable("title", "title", text))
    # Offsets point into the original text, whatever folding did to its length.
    assert text[matches[0].start : matches[0].end].casefold() == pattern.casefold()


def test_offsets_survive_folding_that_changes_length() -> None:
    [match] = Matcher(["x"], ignore_case=True).find(Searchable("t", "t", "ßßßX"))
    assert (match.start, match.end) == (3, 4)


def test_word_and_fixed_and_several_patterns() -> None:
    assert "ai-rd-institute" in _ids("research", word=True, ignore_case=True)
    assert _ids("HK$3", fixed=True)
    assert _ids("HK$3") == []  # as a regex, $ is the end of the text
    either = _ids("petaFLOPS", "Hetao")
    assert either == [
        "ai-supercomputing-centre",
        "sandy-ridge-data-facility-cluster",
        "hetao-hong-kong-park-data-flow",
    ]


def test_a_bad_pattern_says_where() -> None:
    with pytest.raises(PatternError) as caught:
        Matcher(["ab("])
    assert str(caught.value) == (
        "invalid pattern 'ab(': missing ), unterminated subpattern at character 3"
    )


def test_fields_and_areas_narrow_the_search() -> None:
    everywhere = search(DATA, Matcher(["Cyberport"]))
    titles = search(DATA, Matcher(["Cyberport"]), Scope(fields=("aliases",)))
    assert len(everywhere) == 2 and [r.measure.id for r in titles] == ["ai-supercomputing-centre"]
    assert search(DATA, Matcher(["Cyberport"]), Scope(areas=("talent",))) == []


# --- properties --------------------------------------------------------------------------

WORDS = st.text(
    st.sampled_from(list("abcABCßẞéÉ人工ＡａİıΣσς *.()[]$^\\|?+")), min_size=1, max_size=6
)


@settings(max_examples=300, deadline=None)
@given(literal=WORDS, fields=st.lists(st.text(max_size=20), min_size=1, max_size=4))
def test_fixed_strings_find_exactly_the_texts_that_contain_the_literal(
    literal: str, fields: list[str]
) -> None:
    items = [Searchable("t", f"t[{i}]", f) for i, f in enumerate(fields)]
    matcher = Matcher([literal], fixed=True)
    found = {t.label for t in items if matcher.find(t)}
    assert found == {t.label for t in items if literal in t.value}


@settings(max_examples=300, deadline=None)
@given(
    literal=WORDS,
    value=st.text(st.sampled_from(list("abcABCßẞssSSéÉ人工ＡａİıΣσς xyz")), max_size=24),
)
def test_ignore_case_agrees_with_casefold(literal: str, value: str) -> None:
    matcher = Matcher([literal], fixed=True, ignore_case=True)
    text = Searchable("t", "t", value)
    matches = matcher.find(text)
    assert bool(matches) == (literal.casefold() in value.casefold())
    for m in matches:
        assert 0 <= m.start <= m.end <= len(value)
