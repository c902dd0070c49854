"""Nothing lost, nothing run, nothing hung: output files, the sandbox and the process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import ROOT, Run, in_terminal

PYTHON = [sys.executable, "-m", "hkai_brief"]


# --- output files ----------------------------------------------------------------------------


def test_an_existing_file_hkai_brief_did_not_write_is_kept(run: Run, tmp_path: Path) -> None:
    mine = tmp_path / "notes.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    refused = run("render", "-o", str(mine))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"hkai-brief: {mine} exists and has no hkai-brief digest (it is not a handout"
        " hkai-brief wrote, or its template does not print {{ digest }}); use --force to"
        " replace it\n"
    )
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    assert run("render", "-o", str(mine), "--force").exit_code == 0
    assert mine.read_text(encoding="utf-8").startswith('---\ntitle: "Hong Kong AI policy briefing"')


def test_an_earlier_output_is_replaced_in_every_format(run: Run, tmp_path: Path) -> None:
    for fmt in ("markdown", "text", "json"):
        out = tmp_path / f"b.{fmt}"
        assert run("render", "-f", fmt, "-o", str(out)).exit_code == 0
        assert run("render", "-f", fmt, "--area", "talent", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json", "b.markdown", "b.text"]


def test_a_symlink_is_followed_and_its_target_replaced(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    assert run("render", "-o", str(target)).exit_code == 0
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert run("render", "--area", "talent", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert "## Talent" in target.read_text(encoding="utf-8")
    assert "## Research and development" not in target.read_text(encoding="utf-8")


def test_a_named_pipe_is_written_into_not_replaced(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("render", "--area", "talent", "-o", str(fifo))
    reader.join(timeout=10)
    assert result.exit_code == 0
    assert fifo.is_fifo()
    assert received and received[0].startswith(b'---\ntitle: "Hong Kong AI policy briefing"')


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/b.md", "does not exist"),
        ("file.txt/b.md", "Not a directory"),
        (".", "is a directory"),
    ],
)
def test_an_impossible_output_path_is_a_clear_error(
    run: Run, tmp_path: Path, where: str, message: str
) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    result = run("render", "-o", str(tmp_path / where))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_interrupted_render_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    output = tmp_path / "briefing.md"
    subprocess.run([*PYTHON, "render", "-o", str(output)], check=True, cwd=ROOT)
    before = output.read_bytes()
    slow = tmp_path / "slow.md.j2"
    # Rendering this takes seconds; the interrupt comes in the middle of it.
    slow.write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [*PYTHON, "render", "--template", str(slow), "-o", str(output)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 130
    assert stderr.strip() == "hkai-brief: interrupted"
    assert "Traceback" not in stderr
    assert output.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.md", "slow.md.j2"]


# --- nothing runs from data --------------------------------------------------------------------


def test_a_python_tag_in_the_data_never_runs(tmp_path: Path) -> None:
    tag = "!!python/object/apply:os.system"
    marker = tmp_path / "marker"
    data = tmp_path / "data.yaml"
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    data.write_text(
        text.replace("    kind: legco-reply", f'    kind: {tag} ["touch {marker}"]'),
        encoding="utf-8",
    )
    for command in (["validate"], ["summary"], ["render"], ["grep", "x"], ["list"]):
        result = subprocess.run(
            [*PYTHON, "--data", str(data), *command], capture_output=True, text=True, check=False
        )
        assert result.returncode == 1
        assert "unsupported tag" in result.stderr
        assert not marker.exists()


# --- the process -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough measures that every command's output outgrows a pipe's 64 KB buffer (list, the
    smallest, writes about 72 KB), so the pipe really breaks."""
    path = tmp_path_factory.mktemp("big") / "measures.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "600", str(path)], check=True
    )
    return path


@pytest.mark.parametrize(
    "command",
    [["render"], ["summary"], ["grep", "-i", "a"], ["list"], ["render", "--format", "json"]],
)
def test_a_closed_pipe_ends_quietly(command: list[str], big_data: Path) -> None:
    args = [*PYTHON, "--data", str(big_data), *command]
    shell = " ".join(args) + " | head -1; exit ${PIPESTATUS[0]}"
    result = subprocess.run(
        ["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.stderr == ""
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1


def test_an_internal_error_is_one_line_unless_debugging(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import hkai_brief.load
    from hkai_brief.cli import run as run_cli

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something the tool did not expect")

    monkeypatch.setattr(hkai_brief.load, "load_text", broken)
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as caught:
        run_cli(["validate", "data/measures.yaml"])
    assert caught.value.code == 2
    assert capsys.readouterr().err == (
        "hkai-brief: internal error: RuntimeError: something the tool did not expect. This is a"
        " bug; please report it, with the output of the same command run with --debug.\n"
    )
    with pytest.raises(RuntimeError):
        run_cli(["--debug", "validate", "data/measures.yaml"])
    monkeypatch.setenv("HKAI_BRIEF_DEBUG", "1")
    with pytest.raises(RuntimeError):
        run_cli(["validate", "data/measures.yaml"])


def test_a_terminal_that_cannot_show_chinese_gets_question_marks() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    shown = in_terminal([*PYTHON, "show", "--no-pager", "ai-rd-institute"], env)
    assert b"Chinese name" in shown and b"??" in shown


@pytest.mark.parametrize(
    "command", [["render", "-f", "json"], ["render"], ["grep", "--json", "人工智能"]]
)
def test_piped_output_is_utf8_whatever_the_locale(command: list[str]) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "SOURCE_DATE_EPOCH": "1795600000"}
    result = subprocess.run(
        [*PYTHON, *command], cwd=ROOT, env=env, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "人工智能".encode() in result.stdout
    assert b"??" not in result.stdout


# --- templates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% include '/etc/passwd' %}", "template not found: /etc/passwd"),
        (
            "{% include '../../../../etc/hostname' %}",
            "template not found: ../../../../etc/hostname",
        ),
        ("{{ 'x' * 10**10 }}", "result too large for a template"),
        ("{{ 2 ** 100000 }}", "exponent too large for a template"),
        ("{{ b.__class__ }}", "unsafe"),
        ("{{ cycler.__init__.__globals__ }}", "unsafe"),
    ],
)
def test_a_user_template_cannot_reach_out(
    run: Run, tmp_path: Path, source: str, message: str
) -> None:
    template = tmp_path / "t.md.j2"
    template.write_text(source + "\n", encoding="utf-8")
    result = run("render", "--template", str(template))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{template}:1: error: ")
    assert message in result.stderr


def test_a_template_that_runs_too_long_is_stopped(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hkai_brief.sandbox

    monkeypatch.setattr(hkai_brief.sandbox, "TIME_LIMIT", 0.3)
    template = tmp_path / "loop.md.j2"
    template.write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    result = run("render", "--template", str(template))
    assert result.exit_code == 1
    assert result.stderr == f"{template}: error: the template took longer than 0.3 seconds\n"


def test_a_template_cannot_send_escape_sequences(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "t.txt"
    template.write_text("a\x1b[31mred\x1b]8;;http://x\x07\n", encoding="utf-8")
    result = run("render", "--template", str(template), "--format", "text")
    assert result.stdout == "a\\x1b[31mred\\x1b]8;;http://x\\x07\n"


def test_a_python_caller_of_run_goes_on_after_it_and_the_script_ends_the_same() -> None:
    # run() ends through SystemExit, which a caller can catch; the console script and
    # `python -m hkai_brief` end the process without Python's teardown (output.leave), their
    # output all out and their exit code the same.
    code = (
        "from hkai_brief.cli import run\n"
        "try:\n    run(['grep', '-c', 'cyberport'])\n"
        "except SystemExit as e:\n    print('exit', e.code)\n"
        "print('the caller goes on')\n"
    )
    caller = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    script = subprocess.run([*PYTHON, "grep", "-c", "cyberport"], capture_output=True, text=True)
    assert caller.stdout == script.stdout + "exit 0\nthe caller goes on\n"
    assert script.returncode == 0 and script.stdout.count("\n") == 2
    missing = subprocess.run([*PYTHON, "grep", "-c", "zzzz"], capture_output=True, text=True)
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.startswith("hkai-brief: no measure mentions 'zzzz'\n")
