"""The index of a corpus (issue 17, corpus.py): a folder of replies read back from one SQLite
file; a search reads only the measures that hold its words' keys; results are the same with
and without it; a planted, truncated or foreign index is ignored and never crashes anything."""

from __future__ import annotations

import copy
import os
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hkai_brief import corpus, rows
from hkai_brief.load import load_data
from tests.conftest import ROOT, Run

SHIPPED = ROOT / "data" / "measures.yaml"
DATA = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def split(folder: Path, seed: int, files: int = 4) -> Path:
    """The shipped data as a folder of files: the replies and areas in the first, some of the
    measures (chosen by `seed`, in their order) spread over the others."""
    chance = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    head = {k: v for k, v in DATA.items() if k != "measures"}
    (folder / "0000.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), "utf-8")
    measures = [m for m in DATA["measures"] if chance.random() < 0.8] or DATA["measures"][:1]
    cuts = sorted(chance.sample(range(1, len(measures)), min(files - 2, len(measures) - 1)))
    for n, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(measures)], strict=True), start=1):
        text = yaml.safe_dump({"measures": measures[a:b]}, allow_unicode=True)
        (folder / f"{n:04d}.yaml").write_text(text, "utf-8")
    return folder


def index_file(cache: Path) -> Path:
    (found,) = (cache / corpus.FOLDER).glob(f"*{corpus.SUFFIX}")
    return found


def keys_made(cache: Path) -> bool:
    with sqlite3.connect(index_file(cache)) as db:
        return bool(db.execute("SELECT value FROM meta WHERE key = 'keys'").fetchone()[0] == 1)


# --- results are the same with and without the index ---------------------------------------

_WORDS = sorted(
    {w.strip(".,()") for m in DATA["measures"] for w in m["summary"].split() if w.isalpha()}
)
_CHINESE = sorted({m["name_zh"][i : i + 2] for m in DATA["measures"] for i in (0, 2)})
QUERIES = st.one_of(
    st.sampled_from(_WORDS),
    st.lists(st.sampled_from(_WORDS), min_size=2, max_size=3).map(" ".join),
    st.sampled_from(_CHINESE),
    st.sampled_from(["HK$3 billion", "3,000", "16", "數碼港", "数码港", "AI", "Hetao"]),
    st.sampled_from(['"data park"', "cross-boundary", "talents", "supercomputer", "2026"]),
    st.text(alphabet="aeiostnrl數據", min_size=1, max_size=6).filter(str.strip),
)
OPTIONS = st.sampled_from(
    [
        (),
        ("-l",),
        ("-c",),
        ("--json",),
        ("--lang", "zh-Hant"),
        ("--field", "title"),
        ("-c", "--lang", "zh-Hant"),
        ("-c", "--field", "summary"),
        ("-l", "--area", "compute"),
    ]
)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    seed=st.integers(0, 10**6),
    queries=st.lists(st.tuples(QUERIES, OPTIONS), min_size=4, max_size=8),
)
def test_results_are_the_same_with_and_without_the_index(
    run: Run,
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    queries: list[tuple[str, tuple[str, ...]]],
) -> None:
    base = tmp_path_factory.mktemp("corpus")
    folder = split(base / "data", seed, files=2 + seed % 5)
    indexed = {"HKAI_BRIEF_CACHE_DIR": str(base / "cache")}
    for query, options in queries:
        args = ("--data", str(folder), "grep", *options, "--", query)
        without = run(*args, env={"HKAI_BRIEF_CACHE_DIR": ""})
        # The first run makes the index and searches in memory; the second makes the keys
        # (and, for -c and -l, the words' postings); the third and fourth read them.
        for result in [run(*args, env=indexed) for _ in range(4)]:
            assert (result.exit_code, result.output) == (without.exit_code, without.output), query
    assert keys_made(base / "cache")


def test_a_search_reads_only_the_measures_that_hold_its_words(
    cache: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = split(tmp_path / "data", 1)
    run("--data", str(folder), "grep", "talent")  # the index is made
    run("--data", str(folder), "grep", "talent")  # and the keys
    read: list[str] = []
    measure = rows.measure

    def counting(data: bytes, crc: int) -> object:
        found = measure(data, crc)
        read.append(found.id)
        return found

    monkeypatch.setattr(rows, "measure", counting)
    listed = run("--data", str(folder), "grep", "-l", "supercomputing", "centre")
    assert listed.exit_code == 0
    assert 0 < len(listed.output.split()) < 5
    assert read == []  # -l and -c count from what the index keeps: no measure is made
    shown = run("--data", str(folder), "grep", "supercomputing", "centre")
    assert shown.exit_code == 0
    assert sorted(read) == sorted(listed.output.split())  # every measure read is a hit


def test_list_and_summary_make_no_keys_only_a_search_does(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 2)
    assert run("--data", str(folder), "list").exit_code == 0
    assert run("--data", str(folder), "summary").exit_code == 0
    assert not keys_made(cache)
    assert run("--data", str(folder), "grep", "cyberport").exit_code == 0
    assert keys_made(cache)


def test_a_run_that_checked_every_file_searches_them_in_memory(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 2)
    assert run("--data", str(folder), "grep", "cyberport").exit_code == 0
    assert not keys_made(cache)  # they cost a pass over every measure: the next search's


def test_show_reads_one_measure(
    cache: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = split(tmp_path / "data", 3)
    expected = run(
        "--data", str(folder), "show", "ai-subsidy-scheme", env={"HKAI_BRIEF_CACHE_DIR": ""}
    )
    run("--data", str(folder), "list")
    read: list[str] = []
    measure = rows.measure

    def counting(data: bytes, crc: int) -> object:
        read.append("x")
        return measure(data, crc)

    monkeypatch.setattr(rows, "measure", counting)
    result = run("--data", str(folder), "show", "ai-subsidy-scheme")
    assert (result.exit_code, result.output) == (0, expected.output)
    assert read == ["x"]


# --- what changes, and only that, is checked again ------------------------------------------


def test_a_changed_added_or_removed_file_is_the_only_one_parsed(
    cache: Path, parsed: list[str], run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 4, files=6)
    run("--data", str(folder), "grep", "talent")
    parsed.clear()
    changed = sorted(folder.glob("*.yaml"))[2]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("summary: ", "summary: Zebra crossing. ", 1), "utf-8")
    (folder / "0009.yaml").write_text(
        (folder / "0001.yaml").read_text(encoding="utf-8").replace("id: ", "id: copy-"), "utf-8"
    )
    (folder / "0005.yaml").unlink()
    for _ in range(2):
        for words in ("zebra", "talent", "cyberport"):
            args = ("--data", str(folder), "grep", "-l", words)
            assert run(*args).output == run(*args, env={"HKAI_BRIEF_CACHE_DIR": ""}).output
    # Each changed or added file once, by the indexed runs; the rest by the runs without.
    assert sorted(set(parsed) - set(map(str, folder.glob("*.yaml")))) == []
    indexed_parses = [p for p in parsed if p in (str(changed), str(folder / "0009.yaml"))]
    assert len(indexed_parses) == 2 + 2 * 6  # once each indexed; six runs without the index


def test_a_new_area_title_is_found_by_a_search(cache: Path, run: Run, tmp_path: Path) -> None:
    folder = split(tmp_path / "data", 5)
    run("--data", str(folder), "grep", "talent")
    head = folder / "0000.yaml"
    head.write_text(
        head.read_text(encoding="utf-8").replace("title: AI talent", "title: Zebras"), "utf-8"
    )
    args = ("--data", str(folder), "grep", "-l", "zebras")
    assert run(*args).output == run(*args, env={"HKAI_BRIEF_CACHE_DIR": ""}).output != ""


# --- a planted, truncated, damaged or foreign index -----------------------------------------


def _same_as_without(run: Run, folder: Path) -> None:
    off = {"HKAI_BRIEF_CACHE_DIR": ""}
    first = run("--data", str(folder), "list", env=off).output.split("\t")[0]
    for args in (
        ("list",),
        ("list", "--lang", "zh-Hant", "--area", "talent"),
        ("grep", "cyberport"),
        ("grep", "-c", "cyberport"),
        ("show", first),
    ):
        with_index = run("--data", str(folder), *args)
        without = run("--data", str(folder), *args, env={"HKAI_BRIEF_CACHE_DIR": ""})
        assert with_index.exit_code == 0, with_index.output
        assert with_index.output == without.output


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "other version", "rows"])
def test_a_damaged_index_is_ignored_and_made_again(
    cache: Path, run: Run, tmp_path: Path, damage: str
) -> None:
    folder = split(tmp_path / "data", 6)
    run("--data", str(folder), "grep", "cyberport")
    path = index_file(cache)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as db:
            if damage == "other version":
                db.execute("UPDATE meta SET value = '0.0' WHERE key = 'version'")
            else:  # a row whose checksum no longer fits, and one of the wrong shape that does
                db.execute("UPDATE measures SET row = substr(row, 1, length(row) - 3)")
                bad, crc = rows.encode(("not", "a", "measure"))
                db.execute("UPDATE measures SET row = ?, crc = ? WHERE seq = 0", (bad, crc))
    _same_as_without(run, folder)


def test_a_planted_link_or_foreign_file_is_never_used(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 7)
    run("--data", str(folder), "list")
    path = index_file(cache)
    target = tmp_path / "elsewhere.sqlite"
    path.rename(target)
    before = target.read_bytes()
    path.symlink_to(target)
    _same_as_without(run, folder)
    assert target.read_bytes() == before  # never written through the link
    if os.geteuid() == 0:  # only root can give a file away
        os.chown(index_file(cache), 12345, 12345)
        _same_as_without(run, folder)
        assert index_file(cache).stat().st_uid == 0


def test_runs_at_once_all_answer_and_leave_one_index(cache: Path, tmp_path: Path) -> None:
    folder = split(tmp_path / "data", 8, files=8)
    env = {**os.environ, "HKAI_BRIEF_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "hkai_brief", "--data", str(folder), "grep", "-c", "talent"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE) for _ in range(4)]
    outputs = {run.communicate()[0] for run in runs}
    assert [run.returncode for run in runs] == [0] * 4
    without = subprocess.run(
        command, env={**env, "HKAI_BRIEF_CACHE_DIR": ""}, stdout=subprocess.PIPE, check=True
    )
    assert outputs == {without.stdout}
    assert [p.name for p in (cache / corpus.FOLDER).iterdir()] == [index_file(cache).name]
    with sqlite3.connect(index_file(cache)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_index_is_private(cache: Path, run: Run, tmp_path: Path) -> None:
    run("--data", str(split(tmp_path / "data", 9)), "list")
    assert index_file(cache).stat().st_mode & 0o077 == 0
    assert load_data(str(tmp_path / "data"))[0].measures


# --- what the review of the index found ------------------------------------------------------


def _third_run_same_as_without(run: Run, folder: Path, *args: str) -> None:
    for _ in range(3):  # the index made, the keys made, the keys read
        with_index = run("--data", str(folder), *args)
    without = run("--data", str(folder), *args, env={"HKAI_BRIEF_CACHE_DIR": ""})
    assert (with_index.exit_code, with_index.output) == (without.exit_code, without.output)


def test_a_source_that_becomes_official_is_no_longer_marked_secondary(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 10)
    asked = (("grep", "cyberport"), ("list",), ("list", "--lang", "zh-Hant"))
    for args in asked:
        _third_run_same_as_without(run, folder, *args)
    listed = run("--data", str(folder), "list").output
    head = folder / "0000.yaml"
    data = yaml.safe_load(head.read_text(encoding="utf-8"))
    for document in data["documents"]:
        if not document["official"]:
            document["official"], document["kind"] = True, "web-page"
    head.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    for args in asked:
        _third_run_same_as_without(run, folder, *args)
    assert run("--data", str(folder), "list").output != listed  # its marks are gone


def test_a_rare_traditional_character_is_found_in_either_script(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 11)
    one = sorted(folder.glob("*.yaml"))[1]
    text = one.read_text(encoding="utf-8").replace("summary_zh: ", "summary_zh: 三𡻕。", 1)
    one.write_text(text, "utf-8")
    for query in ("三𡻕", "三岁", "三歲", "𡻕"):
        _third_run_same_as_without(run, folder, "grep", "-l", query)


def test_a_run_that_waits_too_long_for_another_leaves_the_index_alone(
    cache: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hkai_brief import corpus_write

    folder = split(tmp_path / "data", 12)
    run("--data", str(folder), "list")
    monkeypatch.setattr(corpus_write, "BUSY_SECONDS", 0.1)
    before = index_file(cache).stat().st_ino
    (folder / "0001.yaml").write_text(
        (folder / "0001.yaml").read_text(encoding="utf-8") + "\n", "utf-8"
    )
    writer = sqlite3.connect(index_file(cache), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another run, writing for long
    try:
        _same_as_without(run, folder)
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert index_file(cache).stat().st_ino == before


def test_a_cache_folder_that_takes_no_file_is_no_index(
    cache: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = split(tmp_path / "data", 13)
    real_open = os.open

    def refused(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Read-only file system")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refused)
    _same_as_without(run, folder)


def test_damaged_texts_of_a_search_are_made_again_and_the_index_later(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 14)
    _third_run_same_as_without(run, folder, "grep", "cyberport")
    with sqlite3.connect(index_file(cache)) as db:
        db.execute("UPDATE searchable SET texts = substr(texts, 1, 10)")
    _same_as_without(run, folder)
    with sqlite3.connect(index_file(cache)) as db:
        db.execute("UPDATE listed SET zh = substr(zh, 1, 10)")
    _same_as_without(run, folder)
    with sqlite3.connect(index_file(cache)) as db:
        db.execute("UPDATE measures SET crc = crc + 1")
    before = index_file(cache).stat().st_ino
    _same_as_without(run, folder)  # read from the files, and the index put aside
    assert index_file(cache).stat().st_ino != before  # made again


def test_damaged_tallies_and_a_text_holding_the_separator_are_counted_from_the_measures(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 15)
    first = next(p for p in sorted(folder.glob("*.yaml")) if p.name != "0000.yaml")
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    # A text with the separator of the texts a tally joins: only the measure can tell.
    data["measures"][0]["summary"] = "Cyberport\0cyberport, and Cyberport again"
    first.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert "\\0" in first.read_text(encoding="utf-8")  # YAML's escape: a valid file
    for options in (("-c",), ("-l",), ("-c", "--lang", "zh-Hant")):
        _third_run_same_as_without(run, folder, "grep", *options, "cyberport")
    with sqlite3.connect(index_file(cache)) as db:
        db.execute("UPDATE searchable SET tally = substr(tally, 1, 10)")
    before = index_file(cache).stat().st_ino
    for options in (("-c",), ("-l",)):
        without = run(
            "--data", str(folder), "grep", *options, "cyberport", env={"HKAI_BRIEF_CACHE_DIR": ""}
        )
        assert run("--data", str(folder), "grep", *options, "cyberport").output == without.output
    assert index_file(cache).stat().st_ino == before  # a damaged tally is a miss, no more


def test_a_word_counted_once_is_counted_again_after_any_change(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = split(tmp_path / "data", 16)
    for options in (("-c",), ("-l",), ("-c", "--lang", "zh-Hant")):
        for _ in range(2):  # the posting made, then read
            _third_run_same_as_without(run, folder, "grep", *options, "cyberport")
    with sqlite3.connect(index_file(cache)) as db:
        assert db.execute("SELECT count(*) FROM postings").fetchone()[0] == 1
    last = max(folder.glob("*.yaml"))
    data = yaml.safe_load(last.read_text(encoding="utf-8"))
    data["measures"][-1]["summary"] += " Cyberport, cyberport and Cyberports."
    last.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    counted = run("--data", str(folder), "grep", "-c", "cyberport").output
    _third_run_same_as_without(run, folder, "grep", "-c", "cyberport")
    assert run("--data", str(folder), "grep", "-c", "cyberport").output == counted
    with sqlite3.connect(index_file(cache)) as db:
        db.execute("UPDATE postings SET data = substr(data, 1, 10)")
    _third_run_same_as_without(run, folder, "grep", "-c", "cyberport")


def test_a_word_is_never_counted_from_keys_another_run_cleared(
    cache: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hkai_brief import corpus_write

    folder = split(tmp_path / "data", 17)
    run("--data", str(folder), "list")
    run("--data", str(folder), "grep", "-c", "talent")  # the keys made
    making = corpus_write.posting_ready

    def after_another_run(*args: object) -> bool:
        # Between this run's look at the keys and its lock, another run changes a document:
        # the keys are cleared, to be made again.
        monkeypatch.setattr(corpus_write, "posting_ready", making)
        head = folder / "0000.yaml"
        head.write_text(head.read_text("utf-8").replace("official: false", "official: true", 1))
        assert run("--data", str(folder), "list").exit_code == 0
        return making(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus_write, "posting_ready", after_another_run)
    without = run(
        "--data", str(folder), "grep", "-c", "cyberport", env={"HKAI_BRIEF_CACHE_DIR": ""}
    )
    assert run("--data", str(folder), "grep", "-c", "cyberport").output == without.output
    assert corpus_write.posting_ready is making
    _third_run_same_as_without(run, folder, "grep", "-c", "cyberport")


_CRAFTED = {
    # Rows of the wrong shape with checksums that hold, and a file that is not there: each is
    # a damaged index, never an internal error.
    "tally": ("searchable", "tally", "tally_crc", ("a", (), (("summary",),), "cyberport")),
    "listed": ("listed", "en", "en_crc", ("id", "area", (), ("t", False, 5, "s"))),
    "posting": ("postings", "data", "crc", (["x"], ["1"], [0])),
    "file": ("listed", None, None, None),
}


@pytest.mark.parametrize("crafted", sorted(_CRAFTED))
def test_a_crafted_row_is_a_damaged_index_not_an_error(
    cache: Path, run: Run, tmp_path: Path, crafted: str
) -> None:
    folder = split(tmp_path / "data", 18)
    for args in (("list",), ("grep", "-c", "cyberport")):
        _third_run_same_as_without(run, folder, *args)
    table, column, checksum, value = _CRAFTED[crafted]
    with sqlite3.connect(index_file(cache)) as db:
        if column is None:
            db.execute(f"UPDATE {table} SET file = 9999")
        else:
            data, crc = rows.encode(value)
            db.execute(f"UPDATE {table} SET {column} = ?, {checksum} = ?", (data, crc))
    asked = (("list",), ("grep", "-c", "cyberport"), ("grep", "-l", "--field", "title", "ai"))
    for command in asked:
        without = run("--data", str(folder), *command, env={"HKAI_BRIEF_CACHE_DIR": ""})
        result = run("--data", str(folder), *command)
        assert (result.exit_code, result.output) == (0, without.output), command


def test_a_run_stopped_while_it_makes_the_index_leaves_nothing_behind(
    cache: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hkai_brief import corpus_write

    folder = split(tmp_path / "data", 19)

    def stopped(*args: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C halfway through the first, slow run

    monkeypatch.setattr(corpus_write, "_update", stopped)
    result = run("--data", str(folder), "list")
    assert (result.exit_code, result.output.strip()) == (130, "hkai-brief: interrupted")
    assert list((cache / corpus.FOLDER).iterdir()) == []


def test_a_folder_named_two_ways_is_one_index(
    cache: Path, parsed: list[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = split(tmp_path / "data", 15)
    run("--data", str(folder), "list")
    parsed.clear()
    monkeypatch.chdir(tmp_path)
    for name in ("data", "./data/", str(folder)):
        assert run("--data", name, "list").exit_code == 0
    assert parsed == []


def test_a_file_indexed_just_after_an_edit_is_compared_once_then_trusted(
    cache: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hkai_brief import load

    folder = split(tmp_path / "data", 16)
    for file in folder.glob("*.yaml"):  # edited a minute ago
        os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns - 60 * 10**9))
    run("--data", str(folder), "list")
    with sqlite3.connect(index_file(cache)) as db:  # as if indexed within a second of the edit
        db.execute("UPDATE files SET written = 0")
    read: list[str] = []
    real = load._read

    def counting(file: str, limit: object) -> str:
        read.append(file)
        return real(file, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "_read", counting)
    first = run("--data", str(folder), "list")
    assert len(read) == len(list(folder.glob("*.yaml")))  # each compared, once
    read.clear()
    assert run("--data", str(folder), "list").output == first.output
    assert read == []  # then trusted by their stamp


def test_the_summary_of_a_large_corpus_counts_with_commas_and_names_each_scheme_once(
    cache: Path, run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    head = {k: v for k, v in DATA.items() if k != "measures"}
    (folder / "0000.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), "utf-8")
    # 2,940 measures in 10 files: the same schemes from many replies (each copy its own data,
    # no YAML alias); the talent area alone has over a thousand.
    copies = [
        {**copy.deepcopy(m), "id": f"{m['id']}-{n}"} for n in range(210) for m in DATA["measures"]
    ]
    for n in range(10):
        part = {"measures": copies[n * 294 : (n + 1) * 294]}
        text = yaml.dump(part, Dumper=yaml.CSafeDumper, allow_unicode=True)
        (folder / f"{n + 1:04d}.yaml").write_text(text, "utf-8")
    summary = run("--data", str(folder), "summary").output
    assert f"earmarked for {len([m for m in copies if 'funding' in m]):,} measures" in summary
    assert "(FTRSS) is for" in summary and "FTRSS, FTRSS" not in summary
    assert re.search(r"and \d,\d{3} more: list --area", summary)
    assert "1 more areas" not in summary


def test_a_new_version_of_the_index_replaces_the_old_one_of_the_same_folder(
    cache: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hkai_brief import index

    folder = split(tmp_path / "data", 17)
    other = split(tmp_path / "other", 18)
    run("--data", str(folder), "list")
    run("--data", str(other), "list")
    before = sorted((cache / corpus.FOLDER).glob(f"*{corpus.SUFFIX}"))
    assert len(before) == 2
    monkeypatch.setattr(index, "rules", lambda: "other code")  # an upgrade
    run("--data", str(folder), "list")
    after = sorted((cache / corpus.FOLDER).glob(f"*{corpus.SUFFIX}"))
    assert len(after) == 2  # the folder's new index, and the other folder's, kept
    assert len(set(after) & set(before)) == 1
