"""Any reply, several replies, and what changed (issue 15): data from other bureaux and other
shapes, from several files, dates and money as governments write them, and `diff`."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import Result

from hkai_brief.layout import cells
from hkai_brief.load import load, load_data
from tests.conftest import ROOT, Run
from tests.large import large_data

DATA = ROOT / "tests" / "data"
GOLDEN = ROOT / "tests" / "golden" / "replies"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
EV = "tests/data/ev-oral-reply.yaml"
TWO = "tests/data/two-replies"
CHINESE = "tests/data/chinese-only.yaml"
AS_OF = "2026-05-01"


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_GOLDEN=1 to accept"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    path.write_text(large_data(300), encoding="utf-8")
    return str(path)


# --- golden outputs for data of other shapes --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"), [("ev", EV), ("two-replies", TWO), ("chinese-only", CHINESE)]
)
def test_other_replies_match_their_golden_files(run: Run, name: str, data: str) -> None:
    for args, suffix in (
        (("summary",), "summary.txt"),
        (("summary", "--full"), "summary-full.txt"),
        (("render", "--format", "markdown"), "handout.md"),
        (("summary", "--lang", "zh-Hant"), "summary-zh.txt"),
    ):
        result = run("--data", data, *args, "--as-of", AS_OF, env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.stderr
        _golden(f"{name}-{suffix}", result.stdout)


def test_a_large_file_keeps_the_summary_to_a_screen(run: Run, large: str) -> None:
    result = run("--data", large, "summary", "--as-of", AS_OF, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 60
    assert max(cells(line) for line in lines) <= 80
    # Each area names its biggest measures and says how many more there are, and where.
    assert "  and 47 more: list --area housing" in lines
    assert "  Measure number 210 on housing: HK$950 million" in lines  # the biggest in it
    _golden("large-summary.txt", result.stdout)


# --- nothing hard-wired ----------------------------------------------------------------------


@pytest.mark.parametrize("args", [("summary",), ("summary", "--full"), ("render",)])
def test_a_briefing_says_only_what_its_data_says(run: Run, args: tuple[str, ...]) -> None:
    out = run("--data", EV, *args, "--as-of", AS_OF, env={"COLUMNS": "80"}).stdout
    assert "ELECTRIC VEHICLE POLICY BRIEFING" in out or "Electric vehicle policy briefing" in out
    for word in ("AI", "LCQ13", "Written reply", "Hong Kong"):
        assert word not in out.replace("ELECTRIC VEHICLE", ""), word
    assert "Reply by A. N. Official" in out  # an oral reply


def test_the_title_comes_from_the_data_then_the_option_then_a_plain_default(
    run: Run, tmp_path: Path
) -> None:
    assert run("--data", EV, "summary").stdout.startswith(" ELECTRIC VEHICLE POLICY BRIEFING")
    titled = run("--data", EV, "summary", "--title", "For the panel").stdout
    assert titled.startswith(" FOR THE PANEL")
    assert load(DATA / "minimal.yaml").title is None
    assert run("--data", str(DATA / "minimal.yaml"), "summary").stdout.startswith(
        " POLICY BRIEFING"
    )
    zh = run("--data", TWO, "summary", "--lang", "zh-Hant").stdout
    assert zh.startswith(" 初創資助簡報")


def test_help_speaks_of_the_data_not_one_reply(run: Run) -> None:
    out = run("--help").stdout
    assert "the sourced facts of Legislative Council replies" in " ".join(out.split())
    assert "[default: the data's title]" in " ".join(run("summary", "--help").stdout.split())


# --- replies as records ----------------------------------------------------------------------


def test_a_scheme_two_replies_discuss_is_one_measure_counted_once(run: Run) -> None:
    dataset = load_data(TWO)[0]
    shared = dataset.measure("seed-fund")
    assert shared.replies == ("lcq3-startups", "lcq17-funding")
    out = run("--data", TWO, "render", "--format", "json").stdout
    totals = json.loads(out)["computed"]["funding_totals"]
    assert [(t["amount"], t["recurrent"], t["measures"]) for t in totals] == [
        (2_000_000_000, False, ["seed-fund"]),
        (100_000_000, True, ["tax-deduction"]),
    ]


def test_each_measure_says_its_reply_when_there_are_several(run: Run) -> None:
    out = run("--data", TWO, "summary", env={"COLUMNS": "80"}).stdout
    assert "  Example Seed Fund (ESF): HK$2 billion · LCQ3, LCQ17\n" in out
    assert "  Incubator places: about 1,200 places · LCQ3\n" in out
    single = run("--data", EV, "summary", env={"COLUMNS": "80"}).stdout
    assert "· LCQ5" not in single
    shown = run("--data", TWO, "show", "seed-fund", env={"COLUMNS": "200"}).stdout
    assert "LCQ3: Support for start-ups, 14 January 2026" in shown
    assert "LCQ17: Funding schemes for technology firms, 22 April 2026" in shown


@pytest.mark.parametrize("name", ["lcq17", "LCQ17", "lcq17-funding"])
def test_reply_selects_the_measures_a_reply_discusses(run: Run, name: str) -> None:
    listed = run("--data", TWO, "list", "--reply", name).stdout
    assert [line.split("\t")[0] for line in listed.splitlines()] == ["seed-fund", "tax-deduction"]
    out = run("--data", TWO, "summary", "--reply", name, env={"COLUMNS": "80"}).stdout
    assert "LCQ3: Support for start-ups" not in out
    assert "Incubator places" not in out
    found = run("--data", TWO, "grep", "-l", "--reply", name, "young firms").stdout
    assert found.split() == ["seed-fund"]  # incubator-space says it too, in LCQ3 only


def test_an_unknown_reply_is_a_usage_error_with_the_choices(run: Run) -> None:
    result = run("--data", TWO, "summary", "--reply", "lcq99")
    assert result.exit_code == 2
    assert "lcq3-startups" in result.stderr and "lcq17-funding" in result.stderr


def test_the_timeline_runs_across_replies(run: Run) -> None:
    out = run("render", "--data", TWO, "--format", "json", "--as-of", AS_OF).stdout
    timeline = json.loads(out)["computed"]["timeline"]
    assert [(e["date"], e["measure"]) for e in timeline] == [
        ("2026-02", "seed-fund"),  # an update, reported in LCQ3's wake
        ("2026-27", "tax-deduction"),  # from LCQ17
        ("2026-Q2", "seed-fund"),  # from LCQ17
        ("2026-H2", "incubator-space"),  # from LCQ3
    ]


def test_who_asked_and_the_chinese_office_are_shown(run: Run) -> None:
    handout = run("--data", EV, "render", "--format", "markdown").stdout
    assert "Asked by the Hon A. Member." in handout
    zh = run("--data", EV, "summary", "--lang", "zh-Hant").stdout
    assert "環境及生態局局長A. N. Official" in zh


def test_a_document_note_is_given_with_the_source(run: Run) -> None:
    out = " ".join(run("summary", "--full", env={"COLUMNS": "200"}).stdout.split())
    assert "(news report). Note: A translated summary of the reply" in out


# --- data from several files -----------------------------------------------------------------


def test_a_folder_repeated_data_and_stdin_read_the_same_dataset(run: Run) -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / TWO).glob("*.yaml"))
    folder = run("--data", TWO, "list").stdout
    repeated = run("--data", files[0], "list", "--data", files[1]).stdout
    assert folder == repeated and folder.count("\n") == 3
    text = (ROOT / EV).read_text(encoding="utf-8")
    piped = _with_input(["--data", "-", "list"], text)
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == run("--data", EV, "list").stdout
    checked = _with_input(["validate", "-"], text)
    assert checked.stdout == "<stdin>: ok: 3 measures, 3 areas, 3 documents, 1 organisation\n"
    broken = _with_input(["validate", "-"], "measures: 3\n")
    assert (broken.exit_code, broken.stderr.split(": error: ")[0]) == (1, "<stdin>:1:1")


def _with_input(args: list[str], stdin: str) -> Result:
    from click.testing import CliRunner

    from hkai_brief.cli import main

    return CliRunner().invoke(main, args, input=stdin.encode(), prog_name="hkai-brief")


def test_a_duplicate_id_across_files_names_both_files(run: Run, tmp_path: Path) -> None:
    for p in (ROOT / TWO).glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    extra = (ROOT / TWO / "2-measures.yaml").read_text(encoding="utf-8")
    (tmp_path / "3-more.yaml").write_text(extra.split("  - id: incubator-space")[0], "utf-8")
    result = run("--data", str(tmp_path), "validate")
    assert result.exit_code == 1
    first = tmp_path / "2-measures.yaml"
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path / '3-more.yaml'}:2:9: error: measures[seed-fund].id: duplicate id 'seed-fund'"
        f" (first used by measures[seed-fund] in {first} at line 2)"
    )


def test_a_clash_between_files_is_located(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text((ROOT / EV).read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "b.yaml").write_text("title: Another title\n", "utf-8")
    result = run("--data", str(tmp_path), "validate")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{tmp_path / 'b.yaml'}:1:1: error: title: title differs from the one in"
        f" {tmp_path / 'a.yaml'} at line 4"
    )


def test_files_that_together_lack_measures_say_so(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("title: Only a title\n", "utf-8")
    (tmp_path / "b.yaml").write_text("areas: [{id: x, title: X}]\n", "utf-8")
    result = run("--data", str(tmp_path), "validate")
    assert result.exit_code == 1
    assert f"{tmp_path / 'a.yaml'}:1:1: error: (top level): none of the 2 files has measures" in (
        result.stderr
    )


def test_an_unknown_reference_in_one_file_is_located_in_that_file(run: Run, tmp_path: Path) -> None:
    shutil.copy(ROOT / TWO / "1-replies.yaml", tmp_path / "1.yaml")
    text = (ROOT / TWO / "2-measures.yaml").read_text(encoding="utf-8")
    (tmp_path / "2.yaml").write_text(text.replace("area: space", "area: spaces"), "utf-8")
    result = run("--data", str(tmp_path), "validate")
    assert result.stderr.startswith(f"{tmp_path / '2.yaml'}:")
    assert "unknown area 'spaces' (did you mean 'space'?)" in result.stderr


# --- dates, money and words as governments write them ----------------------------------------


def test_quarters_and_financial_years_validate_and_read_well(run: Run) -> None:
    out = run("--data", EV, "summary", "--full", "--as-of", AS_OF, env={"COLUMNS": "80"}).stdout
    assert "  ✓ 2025-26       The fund took its first applications under the new rules." in out
    assert "  ✓ Q1 2026       The first hub opened." in out
    assert "  ○ from Q3 2026  Applications are to be taken all year round." in out
    zh = run("--data", EV, "summary", "--full", "--lang", "zh-Hant", "--as-of", AS_OF).stdout
    assert "2025-26年度" in zh and "2026年第一季" in zh and "2026年第三季起" in zh


def test_amounts_never_touch_the_names_beside_them(run: Run) -> None:
    out = run("--data", EV, "summary", "--full", env={"COLUMNS": "80"}).stdout
    assert "    HK$1.25 billion  NETF\n" in out
    assert "    HK$352.5 million a year  NETF\n" in out


def test_money_given_yearly_is_never_added_to_one_off_sums(run: Run) -> None:
    out = run("--data", EV, "summary", env={"COLUMNS": "80"}).stdout
    assert "  • HK$1.25 billion earmarked for 1 measure\n" in out
    assert "  • HK$352.5 million a year earmarked for 1 measure\n" in out
    assert "1.6025" not in out and "1,602.5" not in out


def test_units_read_as_a_reader_writes_them(run: Run) -> None:
    out = run("--data", EV, "summary", "--full", env={"COLUMNS": "200"}).stdout
    for said in (
        "HK$850 million in subsidies approved",
        "12.5% of new private cars are electric",
        "1 quick-charging hub ",
        "less than 0.0000001 parts per million of error",
        "1 person on the steering group",
        "nearly 200 buses",
    ):
        assert said in out, said
    assert "e-07" not in out and "12.5 %" not in out


def test_the_wider_vocabularies_validate() -> None:
    dataset = load(ROOT / EV)
    assert {d.kind for d in dataset.documents} == {"legco-reply", "legco-paper", "statistics"}
    assert dataset.measure("quick-charging-hubs").status == "completed"


def test_a_chinese_only_reply_reads_in_chinese_with_no_english_only_marks(run: Run) -> None:
    for lang in ("en", "zh-Hant"):
        out = run("--data", CHINESE, "summary", "--lang", lang, env={"COLUMNS": "80"}).stdout
        assert "超過1,800個服務單位已獲資助" in out
        assert "只有英文" not in out


# --- layouts that hold for any data ----------------------------------------------------------


def test_list_stays_one_line_per_measure_with_a_seventy_character_id(run: Run) -> None:
    from tests.conftest import in_terminal

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "HKAI_BRIEF_DATA")}
    args = [sys.executable, "-m", "hkai_brief", "--data", EV, "list", "--no-pager"]
    out = in_terminal(args, env, columns=80).decode().replace("\r", "")
    lines = out.splitlines()
    assert len(lines) == 3  # three measures, one line each
    assert all(cells(line) <= 80 for line in lines)
    assert lines[0].startswith("new-energy-transport-fund-with-a-long-name-th…  New Energy")
    piped = run("--data", EV, "list").stdout
    assert piped.startswith(
        "new-energy-transport-fund-with-a-long-name-that-runs-to-seventy-chars\t"
    )


# --- diff -----------------------------------------------------------------------------------


def test_diff_of_one_figure_prints_old_and_new_and_exits_1(run: Run, tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    text = (ROOT / "data" / "measures.yaml").read_text(encoding="utf-8")
    assert text.count("      - value: 5600\n") == 1
    new.write_text(text.replace("      - value: 5600\n", "      - value: 5700\n"), "utf-8")
    result = run("diff", "data/measures.yaml", str(new))
    assert result.exit_code == 1
    assert result.stdout == (
        f"1 change from data/measures.yaml to {new}:\n"
        "  changed: measure public-sector-information-portal (Public Sector Information Portal"
        " (DATA.GOV.HK))\n"
        "    figure: was over 5,600 datasets; now over 5,700 datasets\n"
    )
    listed = json.loads(run("diff", "--format", "json", "data/measures.yaml", str(new)).stdout)
    assert [(c["field"], c["old"], c["new"]) for c in listed["changes"]] == [
        ("figure", "over 5,600 datasets", "over 5,700 datasets")
    ]


def test_diff_of_identical_data_exits_0(run: Run) -> None:
    result = run("diff", "data/measures.yaml", "data/measures.yaml")
    assert (result.exit_code, result.stdout) == (
        0,
        "No changes between data/measures.yaml and data/measures.yaml.\n",
    )


def test_diff_cannot_read_is_2_like_diff(run: Run, tmp_path: Path) -> None:
    assert run("diff", "data/measures.yaml", str(tmp_path / "missing.yaml")).exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("measures: 3\n", "utf-8")
    result = run("diff", "data/measures.yaml", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:1:11: error: measures: expected a list" in result.stderr
    assert run("diff", "-", "-").exit_code == 2


def test_diff_as_a_note_for_a_meeting(run: Run, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(ROOT / TWO, new)
    measures = new / "2-measures.yaml"
    text = measures.read_text(encoding="utf-8")
    text = text.replace("      amount: 2000000000\n", "      amount: 2500000000\n")
    text = text.replace("    status: in-operation\n", "")
    text = text.replace(
        "    summary: Desks and labs for young firms at low rent.\n",
        "    summary: Desks and labs for young firms at low rent.\n    status: completed\n",
    )
    measures.write_text(text.split("  - id: tax-deduction")[0], "utf-8")
    result = run("diff", "--format", "markdown", TWO, str(new))
    assert result.exit_code == 1
    from hkai_brief.sanitize import markdown_text

    _golden("diff.md", result.stdout.replace(markdown_text(str(new)), "NEW"))
    assert "- Measure **Extra tax deduction for research spending** (`tax-deduction`)" in (
        result.stdout
    )
    assert "  - funding: was HK\\$2 billion; now HK\\$2.5 billion" in result.stdout
    assert "  - status: added: completed" in result.stdout


# --- compatibility ---------------------------------------------------------------------------


def test_data_of_version_0_1_still_validates_and_renders_unchanged(run: Run) -> None:
    # The shipped file as version 0.1 had it (one funding line a measure, no title) and the
    # fixtures of its tests.
    old = "tests/data/v0.1/measures.yaml"
    assert run("validate", old).exit_code == 0
    for args in (("summary",), ("render", "--format", "markdown"), ("list",)):
        assert run("--data", old, *args).exit_code == 0, args
    for path in sorted((ROOT / "tests" / "bad").glob("*.yaml")):
        assert run("validate", str(path)).exit_code == 1, path  # still refused, as before
    minimal = load(DATA / "minimal.yaml")
    assert minimal.title is None and minimal.measures[0].funding_lines == ()
    funded = load(ROOT / old).measure("ai-subsidy-scheme")
    assert len(funded.funding_lines) == 1 and funded.funding == funded.funding_lines[0]


# --- what the tryout and the review of issue 15 found -----------------------------------------


def test_a_mistake_in_one_file_brings_no_false_errors(run: Run, tmp_path: Path) -> None:
    shutil.copy(ROOT / TWO / "1-replies.yaml", tmp_path / "1.yaml")
    text = (ROOT / TWO / "2-measures.yaml").read_text(encoding="utf-8")
    (tmp_path / "2.yaml").write_text(text.replace("title: Incubator places", "titel: X"), "utf-8")
    result = run("--data", str(tmp_path), "validate")
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "unknown field 'titel'" in errors[0]


def test_a_file_that_cannot_be_read_does_not_make_the_others_references_unknown(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "1.yaml").write_text("documents: [\n", "utf-8")  # a syntax error
    shutil.copy(ROOT / TWO / "2-measures.yaml", tmp_path / "2.yaml")
    result = run("--data", str(tmp_path), "validate")
    assert result.exit_code == 1
    assert "unknown document" not in result.stderr and "unknown area" not in result.stderr
    assert result.stderr.startswith(f"{tmp_path / '1.yaml'}:")


def test_a_file_named_twice_is_read_once(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("--data", EV, "--data", "./" + EV, "validate")
    assert result.exit_code == 0, result.stderr


def test_the_limit_of_problems_holds_across_files(run: Run, tmp_path: Path) -> None:
    bad = "measures:\n" + "".join(f"  - id: m{n}\n" for n in range(600))
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(bad, "utf-8")
    result = run("--data", str(tmp_path), "validate")
    assert result.exit_code == 1
    assert len([line for line in result.stderr.splitlines() if ": error: " in line]) <= 1000
    assert "stopped after 1000 errors" in result.stderr


def test_diff_sees_a_reply_change_and_a_source_change(run: Run, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(ROOT / TWO, new)
    replies = new / "1-replies.yaml"
    text = replies.read_text(encoding="utf-8")
    text = text.replace("idea to market.", "idea to sale.").replace("2026-01-14", "2026-01-21")
    replies.write_text(text.replace("kind: oral", "kind: written"), "utf-8")
    measures = new / "2-measures.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(
        text.replace(
            "currency: HKD\n      source: lcq3-startups",
            "currency: HKD\n      source: lcq17-funding",
            1,
        ),
        "utf-8",
    )
    out = run("diff", TWO, str(new)).stdout
    assert "    date: was 2026-01-14; now 2026-01-21\n" in out
    assert "    question.kind: was oral; now written\n" in out
    assert "    key message 1.text: was Start-ups will get help from idea to market.;" in out
    assert "    funding.source: was lcq3-startups; now lcq17-funding\n" in out


@pytest.mark.parametrize(
    ("unit", "one"),
    [
        ("buses", "1 bus"),
        ("places in day care centres", "1 place in day care centres"),
        ("series", "1 series"),
        ("news releases", "1 news release"),
        ("people", "1 person"),
        ("cities", "1 city"),
        ("boxes", "1 box"),
    ],
)
def test_a_unit_of_one_is_singular(unit: str, one: str) -> None:
    from hkai_brief.model import Figure
    from hkai_brief.wording import figure

    assert figure(Figure(1, unit)) == one


def test_chinese_never_drops_words_it_has_only_in_english() -> None:
    from hkai_brief.model import Figure
    from hkai_brief.wording import figure

    said = figure(Figure(12.5, "%", label="of posts filled"), "zh-Hant")
    assert said == "12.5% of posts filled（只有英文）"


def test_a_latin_name_is_kept_apart_from_the_date_in_chinese(run: Run) -> None:
    out = run("--data", EV, "summary", "--lang", "zh-Hant").stdout
    assert "環境及生態局局長A. N. Official 2026年3月4日" in out


def test_a_question_number_of_two_replies_is_refused_with_their_ids(
    run: Run, tmp_path: Path
) -> None:
    text = (ROOT / TWO / "1-replies.yaml").read_text(encoding="utf-8")
    (tmp_path / "1.yaml").write_text(text.replace("number: LCQ17", "number: LCQ3"), "utf-8")
    shutil.copy(ROOT / TWO / "2-measures.yaml", tmp_path / "2.yaml")
    result = run("--data", str(tmp_path), "summary", "--reply", "LCQ3")
    assert result.exit_code == 2
    assert "'LCQ3' is the number of 2 replies" in result.stderr
    assert "lcq3-startups, lcq17-funding" in result.stderr
    out = run("--data", str(tmp_path), "summary", env={"COLUMNS": "80"}).stdout
    assert "· LCQ3 (14 Jan 2026), LCQ3 (22 Apr 2026)" in out


def test_many_replies_and_many_areas_still_make_a_screen(run: Run, tmp_path: Path) -> None:
    lines = ["documents:"]
    for r in range(25):
        lines += [
            f"  - {{id: r{r}, kind: legco-reply, title: 'LCQ{r}: Topic', official: true,",
            f"     question: {{number: LCQ{r}}}, respondent: {{name: A, office: B}}}}",
        ]
    lines.append("areas:")
    lines += [f"  - {{id: a{a}, title: Area {a}}}" for a in range(50)]
    lines.append("measures:")
    for n in range(300):
        lines.append(
            f"  - {{id: m{n}, document: r{n % 25}, area: a{n % 50}, title: Measure {n},"
            " summary: x., sources: [{document: r0}]}"
        )
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    out = run("--data", str(path), "summary", env={"COLUMNS": "80"}).stdout.splitlines()
    assert len(out) <= 60
    assert "and 22 more replies: summary --full" in out
    assert "and 42 more areas, with 252 measures: list" in out


def test_list_funded_keeps_to_the_window(run: Run) -> None:
    from tests.conftest import in_terminal

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "HKAI_BRIEF_DATA")}
    for data in ("data/measures.yaml", EV):
        args = [sys.executable, "-m", "hkai_brief", "--data", data, "list", "--funded"]
        out = in_terminal([*args, "--no-pager"], env, columns=80).decode().replace("\r", "")
        assert max(cells(line) for line in out.splitlines()) <= 80
        funded = [m for m in load_data(data)[0].measures if m.funding_lines or m.applications]
        assert len(out.splitlines()) == len(funded)  # one line each


def test_a_financial_year_ending_in_00_is_told_how_to_write_it() -> None:
    from hkai_brief.model import PartialDate

    with pytest.raises(ValueError, match=r"written FY1999-00\)$"):
        PartialDate.parse("1999-00")
    assert PartialDate.parse("FY1999-00") == PartialDate(1999, financial=True)


@pytest.mark.parametrize("cache", ["", "on"])
def test_discussed_in_names_replies_only(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    monkeypatch.setenv("HKAI_BRIEF_CACHE_DIR", str(tmp_path / "cache") if cache else "")
    folder = tmp_path / "data"
    shutil.copytree(ROOT / TWO, folder)
    assert run("--data", str(folder), "list").exit_code == 0  # remembered, if the index is on
    replies = folder / "1-replies.yaml"
    text = replies.read_text(encoding="utf-8")
    replies.write_text(
        text.replace(
            '    kind: legco-reply\n    title: "LCQ17', '    kind: legco-paper\n    title: "LCQ17'
        ),
        "utf-8",
    )
    result = run("--data", str(folder), "list")
    assert result.exit_code == 1
    assert (
        "measures[seed-fund].discussed_in[0]: 'lcq17-funding' is a legco-paper, not a reply"
        " (legco-reply)" in result.stderr
    )
