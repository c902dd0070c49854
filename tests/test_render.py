"""Briefings as users get them: golden files, widths, Markdown structure, escaping, templates."""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
from rich.cells import cell_len

from hkai_brief import briefing
from hkai_brief.load import load
from hkai_brief.model import Fact
from hkai_brief.select import Selection

from .conftest import MINIMAL, SHIPPED, TESTS, Run

AS_OF = "2026-11-25"
_URL_LINE = re.compile(r" *https?://\S+")
GOLDEN = TESTS / "golden"
# Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change; review the diff.
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_GOLDEN=1 to accept"


@pytest.mark.parametrize(
    ("fmt", "lang", "name"),
    [
        ("markdown", "en", "shipped.md"),
        ("text", "en", "shipped.txt"),
        ("json", "en", "shipped.json"),
        ("html", "en", "shipped.html"),
        ("markdown", "zh-Hant", "shipped-zh.md"),
        ("text", "zh-Hant", "shipped-zh.txt"),
        ("html", "zh-Hant", "shipped-zh.html"),
    ],
)
def test_handouts_match_their_golden_files(run: Run, fmt: str, lang: str, name: str) -> None:
    result = run("render", "--format", fmt, "--as-of", AS_OF, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    _golden(name, result.stdout)


@pytest.mark.parametrize(("lang", "suffix"), [("en", ""), ("zh-Hant", "-zh")])
def test_summary_matches_its_golden_file(run: Run, lang: str, suffix: str) -> None:
    result = run("summary", "--as-of", AS_OF, "--lang", lang, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    _golden(f"summary{suffix}-80.txt", result.stdout)
    full = run("summary", "--full", "--as-of", AS_OF, "--lang", lang, env={"COLUMNS": "80"})
    assert full.exit_code == 0, full.stderr
    _golden(f"summary-full{suffix}-80.txt", full.stdout)


def test_summary_shows_every_area_measure_total_and_source(run: Run) -> None:
    out = run("summary", "--full", "--as-of", AS_OF, env={"COLUMNS": "200"}).stdout
    out = " ".join(out.split())  # a title wider than the window wraps
    data = load(SHIPPED)
    for area in data.areas:
        assert area.title.upper() in out
    for measure in data.measures:
        assert measure.title in out
    assert (
        "HK$7 billion† earmarked for 3 measures, of which HK$3 billion (FTRSS) is for AI and other"
        " frontier fields" in out
    )
    # Every source cited, and every other question of the Legislative Council in the data.
    b = briefing.build(
        data, Selection(), as_of=datetime.date(2026, 11, 25), data_name="t", version="0"
    )
    for doc in b.sources:
        assert doc.title.rstrip(".") in out
    for doc in data.documents:
        if doc.kind == "legco-reply" and doc.question is not None:
            assert doc.question.number in out and (doc.question.asked_by or "") in out


@pytest.mark.parametrize("full", [[], ["--full"]])
@pytest.mark.parametrize("width", [60, 80, 120])
def test_no_summary_line_overflows_the_terminal(run: Run, width: int, full: list[str]) -> None:
    result = run("summary", *full, "--as-of", AS_OF, env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    # A URL is never cut, so that it can be copied; it stands alone on its line.
    lines = [line for line in result.stdout.splitlines() if not _URL_LINE.fullmatch(line)]
    assert max(cell_len(line) for line in lines) <= width
    assert not [line for line in lines if line != line.rstrip()]


def test_summary_uses_a_wider_terminal(run: Run) -> None:
    narrow = run("summary", "--full", "--as-of", AS_OF, env={"COLUMNS": "80"}).stdout
    wide = run("summary", "--full", "--as-of", AS_OF, env={"COLUMNS": "160"}).stdout
    assert len(wide.splitlines()) < len(narrow.splitlines())
    assert max(cell_len(line) for line in wide.splitlines()) > 80


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").use(front_matter_plugin)


def _cited_documents() -> set[str]:
    brief_data = load(SHIPPED)
    cited = {c.document for m in brief_data.measures for c in m.sources} | {"lcq13-2025"}
    facts: list[Fact] = []
    for m in brief_data.measures:
        facts += [*m.figures, *m.milestones, *m.updates, *([m.funding] if m.funding else [])]
    return cited | {f.source for f in facts if f.source}


def test_markdown_has_the_expected_structure(run: Run) -> None:
    text = run("render", "--as-of", AS_OF).stdout
    tokens = _markdown().parse(text)
    # A metadata block for pandoc opens it.
    assert tokens[0].type == "front_matter"
    meta = yaml.safe_load(tokens[0].content)
    assert meta == {
        "title": "Hong Kong AI policy briefing",
        "lang": "en",
        "date": "25 November 2026",
    }
    # The title is the metadata's, not a heading too: converted, it shows once.
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h1") == 0
    tables = [i for i, t in enumerate(tokens) if t.type == "table_open"]
    first_table = tokens[
        tables[0] : next(i for i, t in enumerate(tokens) if t.type == "table_close")
    ]
    body_rows = [t for t in first_table if t.type == "tr_open"][1:]
    funded = [m for m in load(SHIPPED).measures if m.funding]
    assert len(body_rows) == len(funded)
    # The sources: one numbered list at the end, each document once, its URL visible text.
    lists = [i for i, t in enumerate(tokens) if t.type == "ordered_list_open"]
    items = [t for t in tokens[lists[-1] :] if t.type == "list_item_open"]
    documents = {d.id: d for d in load(SHIPPED).documents}
    cited = _cited_documents()
    assert len(items) == len(cited)
    sources = text[text.index("\n## Sources\n") :]
    for doc in cited:
        url = documents[doc].url
        assert url is not None
        assert sources.count(f"<{url}>") == 1, url
    # Citations are plain [n] and [n, m], every number a source in the list; no footnotes.
    assert "[^" not in text
    body = text[: text.index("\n## Sources\n")]
    numbers = [int(n) for c in re.findall(r"\\\[([\d, ]+)\\\]", body) for n in c.split(", ")]
    assert set(numbers) == set(range(1, len(cited) + 1))
    assert not _html(tokens)


def _html(tokens: list) -> list:  # type: ignore[type-arg]
    """HTML tokens, but the handout's own digest comment at its end."""
    return [
        t
        for t in _inline(tokens)
        if t.type.startswith("html")
        and not re.fullmatch(r"<!-- hkai-brief-digest:[0-9a-f]{32} -->\n", t.content)
    ]


def _inline(tokens: list) -> list:  # type: ignore[type-arg]
    out = []
    for t in tokens:
        out.append(t)
        out.extend(t.children or [])
    return out


def test_markdown_round_trips_through_mdformat(run: Run, caplog: pytest.LogCaptureFixture) -> None:
    import mdformat

    text = run("render", "--as-of", AS_OF).stdout
    # The metadata block is pandoc's; the rest is CommonMark with tables.
    body = text[text.index("\n---\n", 4) + 5 :]
    # mdformat checks that its output renders to the same HTML and raises if not.
    with caplog.at_level("WARNING"):
        formatted = mdformat.text(body, extensions={"gfm"})
    assert not caplog.records
    md = _markdown()
    assert md.render(formatted) == md.render(body)


def test_json_is_the_data_plus_computed_figures(run: Run) -> None:
    data = json.loads(run("render", "--format", "json", "--as-of", AS_OF).stdout)
    assert data["format"] == "hkai-brief/2"
    assert data["computed"]["funding_totals"][0]["amount"] == 7_000_000_000
    assert [m["id"] for m in data["measures"]] == [m.id for m in load(SHIPPED).measures]
    assert data["generated"]["as_of"] == AS_OF


# --- filters ---------------------------------------------------------------------------------


def test_a_handout_on_one_area(run: Run) -> None:
    text = run("render", "--area", "talent", "--as-of", AS_OF).stdout
    assert "## Talent" in text
    assert "## Research and development" not in text
    assert "In all: HK\\$3 billion" in text


def test_an_unknown_area_is_a_usage_error_listing_the_valid_ones(run: Run) -> None:
    result = run("summary", "--area", "telent")
    assert result.exit_code == 2
    assert result.stderr == "hkai-brief: unknown area 'telent'; did you mean talent?\n"


def test_no_matching_measure_exits_1_with_nothing_on_stdout(run: Run) -> None:
    result = run("render", "--keyword", "no-such-thing")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "hkai-brief: no measure matches --keyword 'no-such-thing'\n"


# --- what data cannot do ---------------------------------------------------------------------

HOSTILE = "Lab [bold red]x[/] | *star* _u_ <script>alert(1)</script> \x1b[31mred\x1b]8;;x\x07"
SHOWN = "Lab [bold red]x[/] | *star* _u_ <script>alert(1)</script> \\x1b[31mred\\x1b]8;;x\\x07"


@pytest.fixture
def hostile(tmp_path: Path) -> str:
    quoted = json.dumps(HOSTILE)  # a JSON string is a YAML double-quoted scalar
    text = MINIMAL.read_text(encoding="utf-8").replace("title: A laboratory", f"title: {quoted}")
    text += f"    aliases: [{quoted}]\n    funding: {{amount: 5, currency: HKD, source: reply}}\n"
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_markdown_shows_data_as_literal_text(run: Run, hostile: str) -> None:
    text = run("--data", hostile, "render", "--as-of", AS_OF).stdout
    assert "\x1b" not in text and "\x07" not in text
    tokens = _markdown().parse(text)
    assert not _html(tokens)
    # The measure's heading: plain text only, no emphasis, link or HTML made from the data.
    heading = next(tokens[i + 1] for i, t in enumerate(tokens) if t.tag == "h3" and t.nesting == 1)
    assert {c.type for c in heading.children or []} == {"text"}
    assert "".join(c.content for c in heading.children or []) == SHOWN
    # The key-figures row: the '|' in the title did not add a column.
    start = next(i for i, t in enumerate(tokens) if t.type == "tbody_open")
    row = tokens[
        start + 1 : next(i for i, t in enumerate(tokens) if t.type == "tr_close" and i > start)
    ]
    cells = [tokens[start + 1 + i + 1] for i, t in enumerate(row) if t.type == "td_open"]
    assert len(cells) == 3
    assert "".join(c.content for c in cells[0].children or []) == SHOWN


def test_text_and_json_show_data_as_literal_text(run: Run, hostile: str) -> None:
    text = run("--data", hostile, "render", "--format", "text", "--as-of", AS_OF).stdout
    assert "\x1b" not in text and "\x07" not in text
    assert SHOWN in text.replace("\n    ", " ")
    raw = run("--data", hostile, "render", "--format", "json", "--as-of", AS_OF).stdout
    assert "\x1b" not in raw and "\x07" not in raw
    assert json.loads(raw)["measures"][0]["title"] == HOSTILE


def test_terminal_shows_data_as_literal_text(run: Run, hostile: str) -> None:
    result = run(
        "--data", hostile, "summary", "--full", "--color", "always", env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0
    # Take away the console's own styling and links: what is left must hold no escape at all.
    visible = result.stdout.replace("\x1b[31mred", "INJECTED")
    visible = re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;(id=\d+;https?://[^\x1b]*)?\x1b\\", "", visible)
    assert "INJECTED" not in visible
    assert "\x1b" not in visible
    assert SHOWN in visible


def test_colour_only_when_asked_or_on_a_terminal(run: Run) -> None:
    plain = run("summary", "--as-of", AS_OF)  # CliRunner's stdout is not a terminal
    assert "\x1b" not in plain.stdout
    coloured = run("summary", "--as-of", AS_OF, "--color", "always")
    assert "\x1b[" in coloured.stdout
    never = run("summary", "--as-of", AS_OF, "--color", "never")
    assert "\x1b" not in never.stdout
    no_color = run("summary", "--as-of", AS_OF, env={"NO_COLOR": "1", "TERM": "xterm"})
    assert "\x1b" not in no_color.stdout


# --- templates -------------------------------------------------------------------------------

BAD_TEMPLATES = {
    "syntax.md.j2": ("Hello\n{% if %}\n", 2, "Expected an expression"),
    "undefined.md.j2": ("Hello\n\n{{ nothing.here }}\n", 3, "'nothing' is undefined"),
    "escape.md.j2": ("{{ ''.__class__.__mro__ }}\n", 1, "is unsafe"),
    "globals.md.j2": ("ok\n{{ b.source_number.__globals__ }}\n", 2, "is unsafe"),
}


@pytest.mark.parametrize("name", sorted(BAD_TEMPLATES))
def test_a_bad_user_template_is_one_located_line_and_writes_nothing(
    run: Run, tmp_path: Path, name: str
) -> None:
    source, line, message = BAD_TEMPLATES[name]
    template = tmp_path / name
    template.write_text(source, encoding="utf-8")
    output = tmp_path / "out.md"
    result = run("render", "--template", str(template), "-o", str(output))
    assert result.exit_code == 1
    assert result.stdout == ""
    [error] = result.stderr.splitlines()
    assert error.startswith(f"{template}:{line}: error: ")
    assert message in error
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [template]  # no temporary file left behind


def test_a_failed_render_leaves_the_previous_file_intact(run: Run, tmp_path: Path) -> None:
    output = tmp_path / "briefing.md"
    assert run("render", "-o", str(output), "--as-of", AS_OF).exit_code == 0
    before = output.read_bytes()
    template = tmp_path / "broken.md.j2"
    template.write_text("{{ nothing }}", encoding="utf-8")
    assert run("render", "--template", str(template), "-o", str(output)).exit_code == 1
    assert output.read_bytes() == before


def test_a_template_folder_replaces_one_file_and_the_rest_falls_back(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "measure.md.j2").write_text("\n### MINE {{ m.title }}\n", encoding="utf-8")
    text = run("render", "--template-dir", str(tmp_path), "--area", "talent").stdout
    assert 'title: "Hong Kong AI policy briefing"' in text  # the built-in main template
    assert "### MINE STEM Internship Scheme" in text  # the user's partial


def test_a_user_template_gets_the_same_filters_and_escaping(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "mine.txt"
    template.write_text(
        "{% for t in b.totals %}{{ t.amount | money }}{% endfor %} "
        "{{ b.measures[0].title }} {{ b.replies[0].date | date }}\n",
        encoding="utf-8",
    )
    result = run("render", "--template", str(template), "--format", "text")
    assert result.stdout == "HK$7 billion AIR@InnoHK 15 October 2025\n"


def test_render_writes_a_file(run: Run, tmp_path: Path) -> None:
    output = tmp_path / "b.md"
    result = run("render", "-o", str(output), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout) == (0, "")
    assert output.read_text(encoding="utf-8") == (GOLDEN / "shipped.md").read_text(encoding="utf-8")


def test_render_into_a_missing_folder_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    result = run("render", "-o", str(tmp_path / "nowhere" / "b.md"))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr


# --- compiled templates are cached -----------------------------------------------------------


def test_compiled_templates_are_kept_and_a_damaged_cache_is_survived(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HKAI_BRIEF_CACHE_DIR", str(tmp_path / "cache"))
    first = run("render", "--as-of", AS_OF).stdout
    cached = list((tmp_path / "cache").rglob("*.cache"))
    assert cached, "the first run leaves compiled templates"
    for path in cached:
        path.write_bytes(b"not bytecode at all")
    assert run("render", "--as-of", AS_OF).stdout == first


@pytest.mark.parametrize("setting", ["", "file"])
def test_no_cache_or_an_unusable_one_changes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    if setting == "file":
        (tmp_path / "file").write_text("x", encoding="utf-8")
        setting = str(tmp_path / "file")
    monkeypatch.setenv("HKAI_BRIEF_CACHE_DIR", setting)
    result = run("render", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "shipped.md").read_text(encoding="utf-8")


@given(st.text(max_size=30))
def test_markdown_quick_path_agrees_with_the_full_escape(text: str) -> None:
    from hkai_brief.sanitize import escape_markdown, markdown_text

    assert markdown_text(text) == escape_markdown(text)


@pytest.mark.parametrize("width", [30, 60, 80])
def test_plain_and_coloured_summaries_have_the_same_layout(run: Run, width: int) -> None:
    import re as regex

    plain = run("summary", "--as-of", AS_OF, env={"COLUMNS": str(width)}).stdout
    coloured = run("summary", "--as-of", AS_OF, "--color", "always", env={"COLUMNS": str(width)})
    stripped = regex.sub(r"\x1b\[[0-9;]*m", "", coloured.stdout)
    assert [line.rstrip() for line in stripped.splitlines()] == plain.splitlines()


def test_a_template_with_broken_markup_names_the_line(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "summary.j2"
    template.write_text("fine\n[/bold] not opened\n", encoding="utf-8")
    result = run("summary", "--template", str(template))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{template}: error: line 2 of the output: closing tag '[/bold]' at position 0"
        " doesn't match any open tag\n"
    )


def test_an_area_with_no_measures_is_briefed_from_the_data_s_reply(run: Run) -> None:
    out = run("summary", "--area", "application", env={"COLUMNS": "80"}).stdout
    # The reply the measures come from, not every question of the Council in the file.
    assert out.count("Written reply by") == 1 and "LCQ13" in out
    assert "AT A GLANCE" not in out  # nothing to glance at
    assert "\n\n\n" not in out


def test_who_gave_the_reply_is_marked_where_only_the_news_says_so(run: Run) -> None:
    out = run("summary", env={"COLUMNS": "200"}).stdout
    assert "Written reply by Professor Sun Dong†, Secretary for Innovation" in out
