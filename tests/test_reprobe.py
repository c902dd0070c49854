"""The findings of the second security probe (November 2026, /work/research/review16.md), one
test or a few each, named after the finding's number, each through the console script in a
real process. Limits are checked with generous margins: a test proves that a cost no longer
grows without bound, not how fast this machine is."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from .conftest import MINIMAL, ROOT, in_terminal
from .test_security import AS_ROOT, OTHER_UID, PYTHON, _run_measured, hkai, shell

HEAD = (
    "documents:\n  - id: reply\n    kind: legco-reply\n    title: A reply\n    official: true\n"
    "areas:\n  - id: research\n    title: Research\nmeasures:\n"
)


def _measure(id: str, summary: str = "S") -> str:
    return (
        f"  - id: {id}\n    document: reply\n    area: research\n    title: T\n"
        f"    summary: {summary}\n    sources:\n      - document: reply\n"
    )


def _timed(*args: str, **options: object) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    done = hkai(*args, **options)  # type: ignore[arg-type]
    return done, time.monotonic() - start


# --- 1. a user's summary template: its layout and its output bounded ------------------------------


def test_reprobe_1_a_template_that_writes_too_much_is_stopped(tmp_path: Path) -> None:
    template = tmp_path / "big.j2"
    template.write_text('{% for i in range(15) %}{{ "x" * 10000000 }}{% endfor %}\n')
    out = tmp_path / "out.md"
    done = hkai("render", "--template", str(template), "-o", str(out))
    assert (done.returncode, done.stderr) == (
        1,
        f"{template}: error: the template wrote more than 64 MB\n",
    )
    assert not out.exists()


def test_reprobe_1_a_user_summary_is_laid_out_under_the_limits(tmp_path: Path) -> None:
    # 40,000 unclosed tags: rich's layout of them is quadratic. It now runs in the child.
    template = tmp_path / "tags.j2"
    n = 40000
    template.write_text(
        f"{{% for i in range({n}) %}}[b]{{% endfor %}}{{% for i in range({n}) %}}[i]"
        f"{{% endfor %}}x{{% for i in range({n}) %}}[/b]{{% endfor %}}\n"
    )
    done, took = _timed("summary", "--template", str(template), "--color", "never")
    assert done.returncode == 1
    assert "took longer than 10 seconds" in done.stderr or "not a style" in done.stderr
    assert took < 20


# --- 2. ids are short -----------------------------------------------------------------------------


def test_reprobe_2_an_id_is_at_most_80_characters(tmp_path: Path) -> None:
    data = tmp_path / "long.yaml"
    data.write_text(HEAD + _measure("a" * 81) + _measure("b" * 80))
    done = hkai("validate", str(data))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{data}:10:9: error: measures[0].id: an id is at most 80 characters; got 81:"
        f" '{'a' * 39}…'",
        f"hkai-brief: 1 error in {data}",
    ]


# --- 3. grep keeps what it shows, and streams -----------------------------------------------------


def test_reprobe_3_grep_json_on_a_long_text_stays_small(tmp_path: Path) -> None:
    data = tmp_path / "long.yaml"
    data.write_text(HEAD + "".join(_measure(f"lab{i}", "word " * 4000) for i in range(10)))
    code, err, peak = _run_measured(["--data", str(data), "grep", "--json", "-e", "."])
    assert (code, err) == (0, "")
    assert peak < 200 * 2**20, f"{peak / 2**20:.0f} MB"


def test_reprobe_3_counting_many_matches_is_not_blamed_on_the_pattern(tmp_path: Path) -> None:
    data = tmp_path / "long.yaml"
    data.write_text(HEAD + "".join(_measure(f"lab{i}", "word " * 4000) for i in range(100)))
    done = hkai("--data", str(data), "grep", "-c", "-e", ".")
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("lab0:") and int(first[5:]) >= 19999


# --- 4. did-you-mean is bounded -------------------------------------------------------------------


def test_reprobe_4_many_unknown_references_to_long_ids_are_reported_quickly(
    tmp_path: Path,
) -> None:
    prefix = "x" * 70
    documents = "".join(
        f"  - id: {prefix}{i:05d}\n    kind: legco-reply\n    title: A\n    official: true\n"
        for i in range(1000)
    )
    sources = "".join(f"      - document: {prefix}q{i:04d}\n" for i in range(1000))
    data = tmp_path / "refs.yaml"
    data.write_text(
        "documents:\n" + documents + "areas:\n  - id: research\n    title: Research\n"
        "measures:\n  - id: lab\n    document: " + prefix + "00000\n    area: research\n"
        "    title: T\n    summary: S\n    sources:\n" + sources
    )
    done, took = _timed("validate", str(data))
    assert done.returncode == 1
    assert "hkai-brief: 1000 errors in" in done.stderr
    assert took < 10


# --- 5. aliased values are walked once ------------------------------------------------------------


def test_reprobe_5_an_alias_repeated_many_times_is_checked_once(tmp_path: Path) -> None:
    value = '"' + "\u3000" * 19999 + 'x"'
    base = MINIMAL.read_text(encoding="utf-8")
    text = (
        "#"
        + " " * 100000
        + "\n"
        + base.replace(
            "    summary: What it is.\n",
            "    summary: What it is.\n    aliases: [&a " + value + "]\n"
            "    keywords: [" + ",".join(["*a"] * 200000) + "]\n",
        )
    )
    data = tmp_path / "aliases.yaml"
    data.write_text(text, encoding="utf-8")
    done, took = _timed("validate", str(data))
    assert done.returncode == 1
    assert "anchors and aliases are not supported" in done.stderr
    assert took < 10


# --- 6. the digest check is linear ----------------------------------------------------------------


def test_reprobe_6_a_file_full_of_digests_is_judged_quickly(tmp_path: Path) -> None:
    out = tmp_path / "tags.md"
    out.write_bytes(
        b"".join(
            b"hkai-brief-digest:" + os.urandom(16).hex().encode() + b"\n" for _ in range(20000)
        )
    )
    done, took = _timed("render", "-o", str(out))
    assert done.returncode == 1
    assert "was edited after hkai-brief wrote it" in done.stderr
    assert took < 10


# --- 7. completion works, and titles are cleaned --------------------------------------------------


def test_reprobe_7_shell_completion_works_in_a_real_process() -> None:
    done = hkai(env={"_HKAI_BRIEF_COMPLETE": "bash_source"})
    assert (done.returncode, done.stderr) == (0, "")
    assert "_hkai_brief_completion()" in done.stdout


def test_reprobe_7_completion_help_holds_no_escape(tmp_path: Path) -> None:
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data["measures"][0]["title"] = "Lab \x1b]52;c;SGVsbG8=\x07 title"
    path = tmp_path / "esc.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    env = {
        "_HKAI_BRIEF_COMPLETE": "zsh_complete",
        "COMP_WORDS": f"hkai-brief --data {path} show l",
        "COMP_CWORD": "4",
    }
    done = hkai(env=env)
    assert done.returncode == 0
    assert "lab" in done.stdout
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout


# --- 8. every path to stdout is stdout ------------------------------------------------------------


def test_reprobe_8_other_spellings_of_stdout_append_never_replace(tmp_path: Path) -> None:
    (tmp_path / "to-stdout").symlink_to("/dev/stdout")
    for path in ("//dev/stdout", "/proc/thread-self/fd/1", str(tmp_path / "to-stdout")):
        log = tmp_path / "log.txt"
        log.write_text("precious\n")
        done = shell(f'$HKAI render -o {path} --force >> "{log}"', cwd=tmp_path)
        assert done.returncode == 0, (path, done.stderr)
        text = log.read_text(encoding="utf-8")
        assert text.startswith("precious\n---\ntitle:"), path


# --- 9. no internal errors ------------------------------------------------------------------------


def test_reprobe_9_odd_descriptors_and_styles_are_plain_errors(tmp_path: Path) -> None:
    huge = hkai("render", "-o", "/dev/fd/99999999999")
    assert (huge.returncode, huge.stderr) == (
        1,
        "hkai-brief: cannot write /dev/fd/99999999999: Bad file descriptor\n",
    )
    style = tmp_path / "style.j2"
    style.write_text("[notastyle]x[/notastyle]\n")
    bad = hkai("summary", "--template", str(style))
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"{style}: error: a tag in the output is not a style:")


@AS_ROOT
def test_reprobe_9_an_unreadable_link_is_a_plain_error() -> None:
    done = hkai("render", "-o", "/proc/1/fd/1")
    assert done.returncode == 1
    assert done.stderr.startswith("hkai-brief: cannot write /proc/1/fd/1:")
    assert "internal error" not in done.stderr


# --- 10. memory, message sizes, and a terminal with no width --------------------------------------


def test_reprobe_10_a_file_of_millions_of_lines_stays_small(tmp_path: Path) -> None:
    data = tmp_path / "lines.yaml"
    data.write_text(MINIMAL.read_text(encoding="utf-8") + "junk: a\n" + " a\n" * 3_400_000)
    code, err, peak = _run_measured(["validate", str(data)])
    assert code == 1 and "unknown field 'junk'" in err
    assert peak < 200 * 2**20, f"{peak / 2**20:.0f} MB"


def test_reprobe_10_a_huge_key_makes_a_short_message(tmp_path: Path) -> None:
    data = tmp_path / "key.yaml"
    data.write_text(MINIMAL.read_text(encoding="utf-8") + "? " + "k" * 9_000_000 + "\n: 1\n")
    code, err, peak = _run_measured(["validate", str(data)])
    assert code == 1
    assert len(err) < 3000
    assert all(len(line) <= 1000 for line in err.splitlines())
    assert peak < 250 * 2**20, f"{peak / 2**20:.0f} MB"


def test_reprobe_10_a_terminal_that_reports_no_width_is_taken_as_80(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": ""}
    env.pop("COLUMNS")
    out = in_terminal([*PYTHON, "summary", "--no-pager", "--color", "never"], env, columns=0)
    lines = out.decode("utf-8").splitlines()
    assert 30 < len(lines) < 80
    assert max(len(line) for line in lines) > 60


# --- 11 and 12. root and other users' files -------------------------------------------------------


@AS_ROOT
def test_reprobe_11_root_leaves_no_cache_in_another_users_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chown(home, OTHER_UID, OTHER_UID)
    env = {"HOME": str(home), "HKAI_BRIEF_CACHE_DIR": "", "XDG_CACHE_HOME": ""}
    full = {k: v for k, v in {**os.environ, **env}.items() if k != "HKAI_BRIEF_CACHE_DIR"}
    full.pop("XDG_CACHE_HOME")
    done = subprocess.run(
        [*PYTHON, "summary"], cwd=ROOT, env=full, capture_output=True, check=False
    )
    assert done.returncode == 0
    assert list(home.iterdir()) == []


@AS_ROOT
def test_reprobe_12_root_replacing_a_users_handout_keeps_it_theirs(tmp_path: Path) -> None:
    out = tmp_path / "own.md"
    assert hkai("render", "-o", str(out)).returncode == 0
    os.chown(out, OTHER_UID, OTHER_UID)
    out.chmod(0o640)
    assert hkai("render", "-o", str(out), "--area", "talent").returncode == 0
    info = out.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (OTHER_UID, OTHER_UID, 0o640)


# --- 14 and 15. closed and odd descriptors, signals, patterns, templates --------------------------


def test_reprobe_14_a_closed_stdout_named_by_path_is_an_error(tmp_path: Path) -> None:
    done = shell("$HKAI render -o /dev/stdout >&-", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        1,
        "hkai-brief: cannot write /dev/stdout: standard output is closed\n",
    )


def test_reprobe_15_a_reader_that_leaves_ends_the_run_quietly(tmp_path: Path) -> None:
    done = shell('$HKAI render -o /dev/stdout | true; echo "${PIPESTATUS[0]}"', cwd=tmp_path)
    assert (done.stdout, done.stderr) == ("0\n", "")


def test_reprobe_15_a_non_blocking_stdout_gets_everything(tmp_path: Path) -> None:
    script = (
        "import os, subprocess, sys\n"
        "r, w = os.pipe()\n"
        "os.set_blocking(w, False)\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=w)\n"
        "os.close(w)\n"
        "import time; time.sleep(1)\n"
        "data = b''\n"
        "while chunk := os.read(r, 1 << 16):\n"
        "    data += chunk\n"
        "print(p.wait(), len(data))\n"
    )
    done = subprocess.run(
        ["python3", "-c", script, *PYTHON, "grep", "--json", "-e", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    code, size = done.stdout.split()
    assert code == "0" and int(size) > 64 * 1024, done.stderr


@pytest.mark.parametrize("name", ["SIGUSR1", "SIGUSR2", "SIGALRM", "SIGTERM", "SIGHUP"])
def test_reprobe_15_any_ending_signal_during_a_write_is_cleaned_up(name: str) -> None:
    # Within stopping_cleanly (where a temporary file exists), a signal that would end the
    # process raises Stopped, so that `finally` removes the file; outside, its handler is back.
    from hkai_brief.errors import Stopped
    from hkai_brief.output import stopping_cleanly

    number = getattr(signal, name)
    before = signal.getsignal(number)
    with pytest.raises(Stopped) as stopped, stopping_cleanly():
        os.kill(os.getpid(), number)
        time.sleep(1)
    assert stopped.value.exit_code == 128 + number
    assert signal.getsignal(number) == before


def test_reprobe_15_word_search_with_a_global_flag_and_no_python_warnings() -> None:
    flagged = hkai("grep", "-w", "-c", "-e", "(?i)ai")
    assert flagged.returncode == 0 and flagged.stderr == ""
    unbalanced = hkai("grep", "-w", "-e", "a)|(b")
    assert unbalanced.returncode == 2
    assert "unbalanced parenthesis at character 2" in unbalanced.stderr
    nested = hkai("grep", "-c", "-e", "[[a]")
    assert nested.returncode == 0 and nested.stderr == ""


def test_reprobe_15_a_keyword_typed_in_a_c_locale_is_read_as_utf8() -> None:
    env = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    done = hkai("render", "-f", "json", "--keyword", "人工智能", env=env)
    assert done.returncode == 0, done.stderr


def test_reprobe_15_a_long_template_error_is_cut(tmp_path: Path) -> None:
    template = tmp_path / "long.j2"
    template.write_text('{% set s = "x" * 1000000 %}{{ b[s ~ s] }}\n')
    done = hkai("render", "--template", str(template))
    assert done.returncode == 1
    assert len(done.stderr) < 1100


def test_reprobe_15_a_pipe_in_the_template_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "briefing.md.j2")
    done = hkai("render", "--template-dir", str(folder))
    assert (done.returncode, done.stderr) == (
        1,
        f"{folder}/briefing.md.j2: error: not a regular file\n",
    )
