"""The terminal: the one-minute summary, the pager, list and show as a reader meets them, symbols
that degrade to ASCII, and options that say what is wrong in words."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hkai_brief.load import load

from .conftest import ROOT, SHIPPED, Run, in_terminal

DATA = load(SHIPPED)
AS_OF = "2026-11-25"
PYTHON = [sys.executable, "-m", "hkai_brief"]


# --- the one-minute summary -------------------------------------------------------------------


def test_the_summary_is_a_one_minute_read(run: Run) -> None:
    result = run("summary", "--as-of", AS_OF, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert len(text.splitlines()) <= 45
    assert len(text.split()) <= 300
    assert max(len(line) for line in text.splitlines()) <= 80
    # It leads with the key messages, then the money, names every area and says what is next.
    assert text.index("KEY MESSAGES") < text.index("AT A GLANCE") < text.index("WHAT COMES NEXT")
    assert "HK$7 billion" in text
    for area in DATA.areas:
        assert area.title.upper() in text
    for reply in DATA.documents:
        for message in reply.messages:
            assert message.text.split()[0] in text
    assert "summary --full" in text.splitlines()[-1]


def test_the_full_summary_shows_every_measure_and_source(run: Run) -> None:
    text = run("summary", "--full", "--as-of", AS_OF, env={"COLUMNS": "120"}).stdout
    joined = " ".join(text.split())
    for measure in DATA.measures:
        assert measure.title in joined
    assert "SOURCES" in text and "TIMELINE" in text
    assert "https://www.info.gov.hk/gia/general/202510/15/P2025101500264.htm" in text


def test_the_timeline_column_is_as_wide_as_its_longest_date(run: Run) -> None:
    text = run("summary", "--full", "--as-of", AS_OF, env={"COLUMNS": "100"}).stdout
    timeline = text[text.index("TIMELINE") : text.index("SOURCES")].splitlines()[1:]
    entries = [line for line in timeline if re.match(r"  [✓▶○] ", line)]
    starts = {len(m.group(0)) for line in entries if (m := re.match(r"  . \S.*?  (?=\S)", line))}
    assert len(starts) == 1, entries  # every event's text starts in the same column


def test_a_by_date_is_ahead_until_it_has_passed(run: Run) -> None:
    # 'by 2026' sorts at the end of 2026: it is ahead (○) during 2026, as a deadline is.
    text = run("summary", "--full", "--as-of", "2026-03-01").stdout
    line = next(line for line in text.splitlines() if "by 2026" in line)
    assert line.lstrip().startswith("○")
    later = run("summary", "--full", "--as-of", "2027-01-02").stdout
    assert next(line for line in later.splitlines() if "by 2026" in line).lstrip()[0] == "✓"


# --- the pager --------------------------------------------------------------------------------

FAKE_PAGER = """\
import sys, pathlib
pathlib.Path(sys.argv[1]).write_text("paged", encoding="utf-8")
sys.stdout.write(sys.stdin.read())
"""


def _in_a_terminal(args: list[str], env: dict[str, str], rows: int = 24) -> str:
    """Run the tool on a real pseudo-terminal of 80x`rows`; what it printed there."""
    import fcntl
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 80, 0, 0))
    process = subprocess.Popen(
        [*PYTHON, *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        cwd=ROOT,
        env={**os.environ, **env},
        close_fds=True,
    )
    os.close(secondary)
    out = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=10)
    os.close(main)
    return out.decode("utf-8", "replace")


@pytest.fixture
def pager(tmp_path: Path) -> tuple[dict[str, str], Path]:
    script = tmp_path / "pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    marker = tmp_path / "paged"
    env = {"HKAI_BRIEF_PAGER": f"{sys.executable} {script} {marker}", "COLUMNS": "80"}
    env["LINES"] = "24"
    return env, marker


def test_a_tall_output_on_a_terminal_goes_through_the_pager(
    pager: tuple[dict[str, str], Path],
) -> None:
    env, marker = pager
    shown = _in_a_terminal(["summary", "--full"], env)
    assert marker.exists(), shown
    assert "SOURCES" in shown


def test_no_pager_and_an_empty_setting_turn_it_off(pager: tuple[dict[str, str], Path]) -> None:
    env, marker = pager
    _in_a_terminal(["summary", "--full", "--no-pager"], env)
    _in_a_terminal(["--no-pager", "summary", "--full"], env)
    _in_a_terminal(["summary", "--full"], {**env, "HKAI_BRIEF_PAGER": ""})
    assert not marker.exists()


def test_an_output_that_fits_is_not_paged(pager: tuple[dict[str, str], Path]) -> None:
    env, marker = pager
    shown = _in_a_terminal(["show", "university-steam-eight-centres-courses"], env, rows=40)
    assert len(shown.splitlines()) < 40
    assert not marker.exists()


def test_a_piped_run_never_starts_the_pager(pager: tuple[dict[str, str], Path]) -> None:
    env, marker = pager
    result = subprocess.run(
        [*PYTHON, "summary", "--full"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0
    assert not marker.exists()


def test_a_missing_pager_program_falls_back_to_printing() -> None:
    shown = _in_a_terminal(["summary", "--full"], {"HKAI_BRIEF_PAGER": "no-such-pager-program"})
    assert "SOURCES" in shown


# --- list and show ----------------------------------------------------------------------------


def test_list_on_a_terminal_is_one_line_per_measure_id_first() -> None:
    shown = _in_a_terminal(["list", "--no-pager"], {"COLUMNS": "80"}).replace("\r", "")
    lines = [line for line in shown.splitlines() if line.strip()]
    # Exactly one line a measure, no heading: as in a pipe, `wc -l` counts the measures.
    assert len(lines) == len(DATA.measures)
    assert [line.split()[0] for line in lines] == [m.id for m in DATA.measures]
    assert all(len(line) <= 80 for line in lines)


def test_show_at_60_columns_prints_every_url_whole(run: Run) -> None:
    result = run(
        "show", "ai-subsidy-scheme", "sandy-ridge-data-facility-cluster", env={"COLUMNS": "60"}
    )
    assert result.exit_code == 0
    urls = re.findall(r"https?://\S+", result.stdout)
    documents = {d.url for d in DATA.documents if d.url}
    assert urls and all(url in documents for url in urls)
    # The reply itself is among the sources, with its URL.
    assert "https://www.info.gov.hk/gia/general/202510/15/P2025101500264.htm" in urls


@pytest.mark.parametrize(
    "name",
    [
        "aiss",
        "AISS",
        "Artificial Intelligence Subsidy Scheme",
        "hk$3 billion ai funding program",
        "人工智能資助計劃",
    ],
)
def test_show_finds_a_measure_by_any_of_its_names(run: Run, name: str) -> None:
    result = run("show", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ai-subsidy-scheme\n")


def test_areas_are_matched_without_regard_to_case(run: Run) -> None:
    for given in ("Talent", "TALENT", "talent"):
        result = run("summary", "--area", given, "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
        assert "TALENT" in result.stdout and "DATA\n" not in result.stdout


# --- symbols ------------------------------------------------------------------------------------


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}])
@pytest.mark.parametrize(
    "command",
    [
        ["summary"],
        ["summary", "--full"],
        ["list"],
        ["show", "frontier-technology-research-support-scheme"],
    ],
)
def test_no_symbol_becomes_a_question_mark(env: dict[str, str], command: list[str]) -> None:
    result = subprocess.run(
        [*PYTHON, *command], cwd=ROOT, env={**os.environ, **env}, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8", "replace")
    # Question marks may only stand for data the output cannot show (Chinese names), never
    # next to a figure or in a list's bullet.
    for line in out.splitlines():
        assert not re.search(r"(^\s*\?\s)|(\d\?)|(\w\? )", line), line


def test_an_ascii_terminal_gets_ascii_symbols() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    out = in_terminal([*PYTHON, "summary", "--full", "--no-pager", "--color", "never"], env)
    text = out.decode("ascii")
    assert "  * " in text and "(2)" in text and "[x]" in text


# --- the command line -------------------------------------------------------------------------


def test_no_arguments_print_the_help_on_stdout() -> None:
    result = subprocess.run([*PYTHON], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: hkai-brief")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-13-01", "'2025-13-01': month must be 01 to 12"),
        ("2025-02-30", "'2025-02-30': February 2025 has 28 days"),
        ("2025-10", "'2025-10': expected a day, as YYYY-MM-DD"),
        ("soon", "expected a date as YYYY, YYYY-MM, YYYY-MM-DD"),
    ],
)
def test_a_wrong_as_of_date_is_told_in_words(run: Run, value: str, message: str) -> None:
    result = run("summary", "--as-of", value)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "%Y" not in result.stderr


@pytest.mark.parametrize(
    "command", ["", "validate", "schema", "summary", "render", "grep", "list", "show", "diff"]
)
def test_no_help_text_breaks_a_word_at_80_columns(command: str) -> None:
    from click.testing import CliRunner

    from hkai_brief.cli import main

    args = [command, "--help"] if command else ["--help"]
    text = CliRunner().invoke(main, args, terminal_width=80).output
    # The words of the same help on a window too wide to wrap anything.
    wide = CliRunner().invoke(main, args, terminal_width=500, max_content_width=500).output
    words = set(re.findall(r"[\w-]+", wide))
    from hkai_brief.layout import cells

    for line in text.splitlines():
        assert cells(line) <= 80, line  # a Chinese character takes two
        # A line that ends inside a word would leave a fragment that is no word of the help,
        # and one that ends at a hyphen inside a word (zh- / Hant) splits it.
        if line and (line[-1].isalnum() or (line.endswith("-") and line[-2:-1].isalnum())):
            last = re.findall(r"[\w-]+$", line)[0]
            assert last in words, (command, line)


def test_the_pager_counts_the_rows_long_lines_wrap_to() -> None:
    from hkai_brief.pager import rows

    assert rows("a" * 80 + "\n", 80) == 1
    assert rows("a" * 81 + "\n", 80) == 2
    assert rows("中" * 41 + "\n", 80) == 2  # a Chinese character takes two columns
    assert rows("\x1b[1mbold\x1b[0m\n\n", 80) == 2  # colours take none; an empty line one
    assert rows("\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\\n", 80) == 1


def test_summary_full_puts_each_measures_summary_under_its_title(run: Run) -> None:
    # A block tag at the end of the title's line once ate its line break: the summary ran on.
    lines = run("summary", "--full", env={"COLUMNS": "200"}).stdout.splitlines()
    for m in DATA.measures:
        title = [line for line in lines if line.startswith(f"  • {m.title}")]
        assert len(title) == 1, m.id
        at = lines.index(title[0])
        assert title[0].rstrip().endswith((m.title, f"({m.abbreviation})", "†")), title[0]
        assert lines[at + 1].startswith("    ") and m.summary[:20] in lines[at + 1], m.id
