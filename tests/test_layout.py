"""One wrap, in terminal cells, for every output: Chinese line-breaking rules, widths, and the
text handout's wrap filter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from hkai_brief.layout import NO_BREAK_AFTER, NO_BREAK_BEFORE, fill, wrap

from .conftest import MINIMAL, Run

CHINESE = "香港人工智能研發院由數字政策辦公室籌備，推動上游研發、中游及下游轉化，並發掘應用場景。"


@pytest.mark.parametrize("width", [8, 11, 20, 40])
def test_chinese_breaks_between_characters_but_not_before_closing_punctuation(width: int) -> None:
    lines = wrap(CHINESE, width)
    assert "".join(lines) == CHINESE
    for line in lines:
        assert cell_len(line) <= width
        assert line[0] not in NO_BREAK_BEFORE, lines
        assert line[-1] not in NO_BREAK_AFTER, lines


def test_opening_punctuation_stays_with_what_it_opens() -> None:
    text = "計劃名為「人工智能資助計劃」（簡稱AISS）"
    for width in range(6, 30):
        for line in wrap(text, width):
            assert line[-1] not in "「（", (width, line)
            assert line[0] not in "」）", (width, line)


def test_english_breaks_at_spaces_and_keeps_words_whole() -> None:
    assert wrap("The quick brown fox jumps over the lazy dog", 10) == [
        "The quick",
        "brown fox",
        "jumps over",
        "the lazy",
        "dog",
    ]


def test_a_url_is_never_cut() -> None:
    url = (
        "https://www.smelink.gov.hk/en/web/sme-portal/w/artificial-intelligence-subsidy-scheme.html"
    )
    assert url in wrap(f"see {url} now", 30)


def test_a_long_word_is_cut_in_a_terminal_and_kept_whole_in_a_handout() -> None:
    word = "x" * 25
    assert wrap(word, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert fill(word, 10) == word


@given(st.text(st.sampled_from("人工智能研發。，、「」（）ab c"), max_size=80), st.integers(2, 40))
def test_no_line_is_wider_than_the_width(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_the_text_handout_wraps_chinese_within_78_cells(run: Run, tmp_path: object) -> None:
    from pathlib import Path

    data = Path(str(tmp_path)) / "zh.yaml"
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "summary: What it is.", f"summary: {CHINESE * 6}"
    )
    data.write_text(text, encoding="utf-8")
    result = run("--data", str(data), "render", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert CHINESE[:10] in result.stdout
    # Lines of Chinese (the data file's long path may run over: paths are never cut).
    chinese = [line for line in result.stdout.splitlines() if "研" in line or "。" in line]
    assert len(chinese) > 5
    assert max(cell_len(line) for line in chinese) <= 78
