"""The index of validated data (issue 17): an unchanged file is read back, not parsed again;
a changed one is checked again; a damaged or planted entry is ignored; results never differ."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hkai_brief import index
from hkai_brief.load import load_data
from tests.conftest import ROOT, Run

SHIPPED = ROOT / "data" / "measures.yaml"


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / index.FOLDER).glob("*.index"))


def test_an_unchanged_file_is_read_from_the_index(cache: Path, parsed: list[str]) -> None:
    first = load_data(str(SHIPPED))[0]
    assert parsed == [str(SHIPPED)] and len(_entries(cache)) == 1
    second = load_data(str(SHIPPED))[0]
    assert parsed == [str(SHIPPED)]  # not parsed again
    assert second.measures == first.measures and second.documents == first.documents
    assert (second.title, second.areas, second.organisations) == (
        first.title,
        first.areas,
        first.organisations,
    )


def test_a_changed_file_is_checked_again(cache: Path, parsed: list[str], tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    shutil.copy(ROOT / "tests" / "data" / "ev-oral-reply.yaml", data)
    load_data(str(data))
    text = data.read_text(encoding="utf-8").replace("value: 200", "value: 210")
    data.write_text(text, encoding="utf-8")
    changed = load_data(str(data))[0]
    assert parsed == [str(data), str(data)]
    assert changed.measure("electric-buses").figures[1].value == 210
    # Touched but the same: the content says so, and the entry is used.
    os.utime(data, ns=(1, 1))
    load_data(str(data))
    assert len(parsed) == 2


def test_a_broken_file_leaves_no_entry_and_is_reported(cache: Path, tmp_path: Path) -> None:
    from hkai_brief.errors import DataError

    data = tmp_path / "data.yaml"
    data.write_text("measures: 3\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_data(str(data))
    assert _entries(cache) == []


@pytest.mark.parametrize(
    "planted",
    [
        b"",
        b"hkai-brief index\n",
        b"hkai-brief index\n\xff\xfe garbage",
        b"not an index at all",
        b"hkai-brief index\n" + __import__("marshal").dumps({"format": 1}),
        b"hkai-brief index\n" + __import__("marshal").dumps(compile("1/0", "x", "exec")),
    ],
)
def test_a_damaged_or_planted_entry_is_ignored_and_rebuilt(
    cache: Path, parsed: list[str], planted: bytes
) -> None:
    good = load_data(str(SHIPPED))[0]
    (entry,) = _entries(cache)
    entry.write_bytes(planted)
    again = load_data(str(SHIPPED))[0]
    assert again.measures == good.measures
    assert parsed == [str(SHIPPED), str(SHIPPED)]  # checked again, not trusted
    assert entry.read_bytes().startswith(b"hkai-brief index\n") and len(entry.read_bytes()) > 100


def test_an_entry_whose_values_do_not_fit_the_spec_is_ignored(
    cache: Path, parsed: list[str]
) -> None:
    import marshal

    load_data(str(SHIPPED))
    (entry,) = _entries(cache)
    content = marshal.loads(entry.read_bytes()[len(b"hkai-brief index\n") :])
    content["data"]["measures"][0]["title"] = 42  # a number where text belongs
    entry.write_bytes(b"hkai-brief index\n" + marshal.dumps(content))
    assert load_data(str(SHIPPED))[0].measures[0].title == "AIR@InnoHK"
    assert len(parsed) == 2


def test_a_cache_folder_that_is_not_the_users_own_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # anyone may write here: an entry in it could be anyone's
    monkeypatch.setenv("HKAI_BRIEF_CACHE_DIR", str(folder))
    load_data(str(SHIPPED))
    load_data(str(SHIPPED))
    assert len(parsed) == 2 and not (folder / index.FOLDER).exists()


def test_no_cache_folder_means_no_index_and_the_same_results(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    outputs = []
    for setting in ("", str(tmp_path / "c"), str(tmp_path / "c")):  # off, cold, warm
        monkeypatch.setenv("HKAI_BRIEF_CACHE_DIR", setting)
        outputs.append(
            [
                run(*args, env={"COLUMNS": "80"}).stdout
                for args in (
                    ("summary",),
                    ("render", "--format", "json"),
                    ("grep", "cyberport"),
                    ("list",),
                    ("show", "aiss"),
                )
            ]
        )
    assert outputs[0] == outputs[1] == outputs[2]


def test_validate_always_checks(cache: Path, parsed: list[str], run: Run) -> None:
    assert run("validate", str(SHIPPED)).exit_code == 0
    assert run("validate", str(SHIPPED)).exit_code == 0
    assert parsed == [str(SHIPPED), str(SHIPPED)]


def _corpus(folder: Path, files: int) -> None:
    folder.mkdir()
    (folder / "0000.yaml").write_text(
        "documents: [{id: reply, kind: legco-reply, title: A reply, official: true}]\n"
        "areas: [{id: research, title: Research}]\n",
        encoding="utf-8",
    )
    for n in range(1, files):
        (folder / f"{n:04d}.yaml").write_text(
            f"measures:\n  - id: lab-{n}\n    document: reply\n    area: research\n"
            f"    title: Laboratory {n}\n    summary: What laboratory {n} does.\n"
            "    sources: [{document: reply}]\n",
            encoding="utf-8",
        )


def test_changing_one_file_of_a_thousand_checks_that_file_only(
    cache: Path, parsed: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    _corpus(folder, 1000)
    first = load_data(str(folder))[0]
    assert len(parsed) == 1000 and len(first.measures) == 999
    parsed.clear()
    assert load_data(str(folder))[0].measures == first.measures
    assert parsed == []  # nothing parsed: every file unchanged
    changed = folder / "0500.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Laboratory 500", "Lab 500"), "utf-8"
    )
    again = load_data(str(folder))[0]
    assert parsed == [str(changed)]
    assert again.measure("lab-500").title == "Lab 500"


def test_files_that_clash_together_are_checked_as_one_with_located_errors(
    cache: Path, tmp_path: Path
) -> None:
    from hkai_brief.errors import DataError

    folder = tmp_path / "corpus"
    _corpus(folder, 3)
    load_data(str(folder))  # each file is valid, and remembered
    # A file valid on its own that repeats an id of another: only together is it wrong.
    (folder / "0003.yaml").write_text(
        (folder / "0002.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(DataError) as raised:
        load_data(str(folder))
    assert "duplicate id 'lab-2'" in str(raised.value)
    (folder / "0003.yaml").write_text(
        (folder / "0002.yaml")
        .read_text(encoding="utf-8")
        .replace("lab-2", "lab-3")
        .replace("document: reply", "document: replies"),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        load_data(str(folder))
    assert "unknown document 'replies'" in str(raised.value)


# --- what the review of the index found -------------------------------------------------------


def test_grep_finds_letters_that_fold_to_capitals(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    data.write_text(text.replace("title: A laboratory", "title: 𝐇𝐲𝐩𝐞𝐫𝐬𝐜𝐚𝐥𝐞 lab, 100㎿"), "utf-8")
    assert run("--data", str(data), "grep", "-l", "hyperscale").stdout == "lab\n"
    assert run("--data", str(data), "grep", "-l", "mw").stdout == "lab\n"


def test_a_lower_size_limit_is_never_passed_by_an_entry(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hkai_brief.errors import DataError
    from hkai_brief.limits import Limits

    load_data(str(SHIPPED))
    with pytest.raises(DataError, match="larger than"):
        load_data(str(SHIPPED), Limits(max_bytes=1000, max_nodes=100))


def test_an_edit_in_the_same_tick_is_seen(cache: Path, parsed: list[str], tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    shutil.copy(ROOT / "tests" / "data" / "ev-oral-reply.yaml", data)
    info = data.stat()
    load_data(str(data))
    # Same length, same time, same inode: only the content tells the edit.
    data.write_text(data.read_text(encoding="utf-8").replace("value: 200", "value: 201"), "utf-8")
    os.utime(data, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert load_data(str(data))[0].measure("electric-buses").figures[1].value == 201


def test_a_file_replaced_by_another_of_the_same_size_and_time_is_checked(
    cache: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data.yaml"
    shutil.copy(ROOT / "tests" / "data" / "ev-oral-reply.yaml", data)
    old = data.stat()
    os.utime(data, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # not racy: long ago
    load_data(str(data))
    other = tmp_path / "other.yaml"
    other.write_text(data.read_text(encoding="utf-8").replace("value: 200", "value: 201"), "utf-8")
    os.utime(other, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))
    other.replace(data)  # another inode, the same size and time
    assert load_data(str(data))[0].measure("electric-buses").figures[1].value == 201


def test_an_entry_asking_for_gigabytes_is_a_miss(cache: Path) -> None:
    load_data(str(SHIPPED))
    (entry,) = _entries(cache)
    entry.write_bytes(b"hkai-brief index\n" + b"\xfb" + b"\xff\xff\xff\x7f" * 4)
    assert load_data(str(SHIPPED))[0].measures[0].id == "air-innohk"


def test_a_file_the_user_can_no_longer_read_is_not_shown(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hkai_brief.errors import DataError

    data = tmp_path / "data.yaml"
    shutil.copy(SHIPPED, data)
    load_data(str(data))
    real_open = os.open

    def refused(path: object, *args: object, **kwargs: object) -> int:
        if str(path) == str(data):  # as chmod 000 does, for a user who is not root
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    real_builtin = open

    def refused_too(path: object, *args: object, **kwargs: object) -> object:
        if str(path) == str(data):
            raise PermissionError(13, "Permission denied", str(path))
        return real_builtin(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", refused)
    monkeypatch.setattr("builtins.open", refused_too)
    with pytest.raises(DataError, match="cannot read"):
        load_data(str(data))


def test_entries_made_by_other_rules_are_not_used(
    cache: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_data(str(SHIPPED))
    monkeypatch.setattr(index, "rules", lambda: "other code")
    load_data(str(SHIPPED))
    assert len(parsed) == 2
