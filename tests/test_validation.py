"""One broken file per validation rule, checked through the command line: exact messages,
lines and columns, exit code 1, nothing on stdout and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run

CASES = {
    "syntax-error": [
        "5:1: error: (YAML syntax): found unexpected end of stream"
        " (while scanning a quoted scalar at line 3); a quotation mark is opened and never"
        " closed: close it on the line it opens",
    ],
    "wrong-types": [
        "4:12: error: documents[reply].title: expected text, got the number 2025"
        " (put it in quotes to make it text)",
        "5:15: error: documents[reply].official: expected true or false, got the text 'yes'",
        "6:8: error: areas: expected a list, got the text 'research'",
        "11:12: error: measures[lab].title: expected text, got a list",
        "14:16: error: measures[lab].figures[0].value: expected a number, got the text '16'"
        " (remove the quotes)",
    ],
    "missing-field": [
        "10:5: error: measures[lab]: missing required field 'summary'",
    ],
    "unknown-key": [
        "13:5: error: measures[lab].titel: unknown field 'titel' (did you mean 'title'?)",
    ],
    "duplicate-key": [
        "15:5: error: measures[lab].title: duplicate field 'title' (first at line 13)",
    ],
    "duplicate-id": [
        "17:9: error: measures[lab].id: duplicate id 'lab'"
        " (first used by measures[lab] at line 10)",
    ],
    "unknown-reference": [
        "11:15: error: measures[lab].document: unknown document 'replies' (did you mean 'reply'?)",
        "12:11: error: measures[lab].area: unknown area 'reserch' (did you mean 'research'?)",
        "16:19: error: measures[lab].sources[0].document: unknown document 'budget'",
    ],
    "impossible-date": [
        "6:11: error: documents[reply].date: impossible date '2025-02-29':"
        " February 2025 has 28 days",
        "17:15: error: measures[lab].milestones[0].date: impossible date '2025-13':"
        " month must be 01 to 12 (a financial year is written 2025-26)",
        "20:15: error: measures[lab].milestones[1].date: expected a date as YYYY, YYYY-MM,"
        " YYYY-MM-DD, YYYY-H1/H2, YYYY-Q1 to Q4 or a financial year (2025-26),"
        " got '15 October 2025'",
    ],
    "negative-money": [
        "16:15: error: measures[lab].funding.amount: money must not be negative, got -1000000000",
    ],
    "unsourced-fact": [
        "16:9: error: measures[lab].figures[0]: needs 'source' or 'source_note'",
    ],
    "python-tag": [
        "3:11: error: documents[reply].kind: unsupported tag '!!python/object/apply:os.system':"
        " data files are plain YAML",
    ],
    "alias": [
        "7:5: error: (alias): alias *reply: anchors and aliases are not supported in data"
        " files; write the value out",
    ],
    "bad-values": [
        "2:9: error: documents[0].id: an id is lower-case letters, digits and hyphens;"
        " got 'Reply 1'",
        "3:11: error: documents[0].kind: expected one of legco-reply, legco-paper, news-report,"
        " budget, policy-address, press-release, speech, report, statistics, web-page;"
        " got 'legco-replies'"
        " (did you mean 'legco-reply'?)",
        "4:12: error: documents[0].title: expected text that is not blank, got '  '",
        "6:10: error: documents[0].url: expected an http(s) URL, got 'www.example.org'",
        "7:15: error: documents[0].publisher: expected text, got nothing"
        " (leave the field out if it is not known)",
        "11:11: error: measures: expected at least 1 item(s), got none",
        "15:19: error: organisations[cyberport].unconfirmed[0]: expected one of name, abbreviation,"
        " name_zh; got 'title'",
    ],
    "bad-numbers": [
        "16:15: error: measures[lab].funding.amount: expected a whole amount of money,"
        " got the text '1.5 billion' (write digits only, without commas: 5600, 3000000000)",
        "17:17: error: measures[lab].funding.currency: expected a three-letter currency code"
        " such as HKD, got 'hkd'",
        "20:16: error: measures[lab].figures[0].value: expected a number of 0 or more, got -16",
        "23:16: error: measures[lab].figures[1].value: expected a number of 0 or more, got .nan",
        "33:23: error: measures[lab-2].funding.amount: expected a whole amount of money, got 2.5",
    ],
    "characters": [
        "4:18: error: (file): control character U+0000 is not allowed; delete it",
        "8:21: error: (file): invisible line separator U+2028 (pasted text often has them);"
        " delete it",
    ],
    "typos": [
        "4:11: error: documents[reply].title: expected text, got nothing"
        " (text after '#' is a comment: put the value in quotes)",
        # The misspelt required field is reported once, as unknown, not also as missing.
        "14:5: error: measures[lab].sumary: unknown field 'sumary' (did you mean 'summary'?)",
        "16:15: error: measures[lab].funding.amount: number too long (107 characters)",
    ],
    "empty": [
        "1:1: error: (top level): the file holds no data; expected documents, areas and measures",
    ],
    "not-utf8": [
        "3:15: error: (file): not UTF-8 text (byte 0xe9); save the file as UTF-8",
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_rule_reports_every_problem_with_its_place(run: Run, name: str) -> None:
    path = f"tests/bad/{name}.yaml"
    result = run("validate", path)
    expected = [f"{path}:{line}" for line in CASES[name]]
    noun = "error" if len(expected) == 1 else "errors"
    expected.append(f"hkai-brief: {len(expected)} {noun} in {path}")
    assert result.stderr.splitlines() == expected
    assert result.stdout == ""
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_every_bad_file_has_a_case() -> None:
    from .conftest import TESTS

    assert sorted(p.stem for p in (TESTS / "bad").glob("*.yaml")) == sorted(CASES)


def test_the_global_data_option_reports_errors_the_same_way(run: Run) -> None:
    result = run("--data", "tests/bad/missing-field.yaml", "validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "tests/bad/missing-field.yaml:10:5: error: measures[lab]: missing required field 'summary'"
    )


def test_checking_stops_at_a_limit_of_errors(run: Run, tmp_path: object) -> None:
    from pathlib import Path

    from hkai_brief.limits import MAX_PROBLEMS

    path = Path(str(tmp_path)) / "many.yaml"
    path.write_text("documents: 1\n" + "".join(f"x{i}: 1\n" for i in range(2000)))
    result = run("validate", str(path))
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == f"hkai-brief: stopped after {MAX_PROBLEMS} errors in {path};" + (
        " fix these and run again"
    )


# --- in the editor's words (issue 18) -----------------------------------------------------------

_GOOD = """documents:
  - id: reply
    kind: legco-reply
    title: A reply
    official: true
areas:
  - id: research
    title: Research
measures:
  - id: raise-plus
    document: reply
    area: research
    title: A laboratory
    summary: What it is.
    sources:
      - document: reply
"""


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "    title: A laboratory\n",
            "   title: A laboratory\n",
            "13:4: error: (indentation): 'title' is indented 3 spaces, but 'area' (line 12)"
            " is at 4 spaces: the keys of a record line up",
        ),
        (
            "    title: A laboratory\n",
            "\ttitle: A laboratory\n",
            "13:1: error: (indentation): line 13 is indented with a tab; indent with spaces"
            " only, as the lines above",
        ),
        (
            "      - document: reply\n",
            "      - document: reply\n     - document: reply\n",
            "17:6: error: (indentation): this list item starts 5 spaces in, but the items of"
            " the lists it could belong to start 6 spaces in (line 16): the dashes of a list"
            " line up",
        ),
        (
            "  - id: research\n",
            "   - id: research\n",
            "8:5: error: (indentation): 'title' is indented 4 spaces, but 'id' (line 7) is at"
            " 5 spaces: the keys of a record line up",
        ),
        (
            "      - document: reply\n",
            "      - document: reply\n     status: planned\n",
            "17:6: error: (indentation): 'status' is indented 5 spaces, but 'sources' (line 15)"
            " is at 4 spaces: the keys of a record line up",
        ),
        (
            "    summary: What it is.\n",
            "  summary: What it is.\n",
            "14:3: error: (indentation): 'summary' is indented 2 spaces, but 'measures' (line 9)"
            " is at 0 spaces or 'title' (line 13) is at 4 spaces: the keys of a record line up",
        ),
        (
            "    summary: What it is.\n",
            "\u3000\u3000\u3000\u3000summary: What it is.\n",
            "15:5: error: (indentation): line 14 is indented with a full-width space; indent"
            " with ordinary spaces only, as the other lines",
        ),
        (
            "    area: research\n",
            "    area: Research\n",
            "12:11: error: measures[raise-plus].area: an id is lower-case letters, digits and"
            " hyphens; got 'Research' (did you mean 'research'?)",
        ),
        (
            "    summary: What it is.\n",
            "    summary: What it is.\n    funding: {amount: -1, currency: HKD, source: reply}\n",
            "15:23: error: measures[raise-plus].funding.amount: money must not be negative, got -1",
        ),
    ],
)
def test_mistakes_are_told_in_the_editors_words(
    run: Run, tmp_path: Path, before: str, after: str, expected: str
) -> None:
    path = tmp_path / "reply.yaml"
    assert before in _GOOD
    path.write_text(_GOOD.replace(before, after), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{path}:{expected}"
    assert "while parsing" not in result.stderr and "block collection" not in result.stderr
