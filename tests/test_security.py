"""The findings of the security probe of November 2026, one test (or a few) each, named after
the finding's number in the issue, each through the console script in a real process.

Two-user attacks plant files owned by another uid, which only root can do; run as anyone else,
those tests are skipped (CI runs as root, so they run there).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jinja2
import pytest

from .conftest import MINIMAL, ROOT, SHIPPED

PYTHON = [sys.executable, "-m", "hkai_brief"]
TEMPLATES = ROOT / "templates"
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="planting another user's files needs root")
OTHER_UID = 2002


def hkai(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    timeout: float = 60,
    **options: Any,
) -> subprocess.CompletedProcess[str]:
    """The tool in a process of its own; output captured unless `stdout`/`stderr` say where."""
    full = {**os.environ, "SOURCE_DATE_EPOCH": "1795600000", **(env or {})}
    if "stdout" not in options and "stderr" not in options:
        options["capture_output"] = True
    options.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(
        [*PYTHON, *args], cwd=cwd, env=full, text=True, check=False, timeout=timeout, **options
    )


def shell(
    script: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A bash script in which $HKAI runs the tool."""
    full = {
        **os.environ,
        "HKAI": " ".join(PYTHON),
        "SOURCE_DATE_EPOCH": "1795600000",
        **(env or {}),
    }
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=full, capture_output=True, text=True, check=False
    )


# --- 1. the template cache runs code from folders the tool does not own -------------------------


def _payload(marker: Path) -> bytes:
    """What an attacker plants: Jinja's cache header, then a pickle that runs a command."""

    class Run:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    from jinja2.bccache import bc_magic

    return bc_magic + pickle.dumps(Run(), protocol=2)


def _code_payload(marker: Path) -> bytes:
    """A compiled "template" whose module code runs a command when it is loaded."""
    return marshal.dumps(compile(f"import os\nos.system('touch {marker}')\n", "x", "exec"))


def _plant(folder: Path, marker: Path) -> None:
    """Payloads under every name the built-in templates are cached by, in the layout of 0.1.0
    (pickled Jinja buckets) and in today's (a header and marshalled code)."""
    old = folder / f"jinja-{jinja2.__version__}-plain"
    new = folder / "templates"
    for where in (old, new):
        where.mkdir(parents=True, exist_ok=True)
    for template in TEMPLATES.glob("*.j2"):
        key = hashlib.sha1(f"{template.name}|{template}".encode()).hexdigest()
        (old / f"__jinja2_{key}.cache").write_bytes(_payload(marker))
        checksum = hashlib.sha1(template.read_bytes()).hexdigest().encode()
        for header in _headers():
            (new / f"{key}.cache").write_bytes(header + checksum + b"\n" + _code_payload(marker))


def _headers() -> list[bytes]:
    """The header today's cache expects, as an attacker who knows the version would write it."""
    try:
        from hkai_brief.render import FORMATS, _settings, environment
    except ImportError:  # 0.1.0 had no such header
        return [b""]
    env = environment(FORMATS["terminal"])
    key = hashlib.sha256(_settings(env).encode()).hexdigest()
    return [f"hkai-brief {key}\n".encode()]


def _chown_tree(top: Path, uid: int) -> None:
    for path in [top, *top.rglob("*")]:
        os.chown(path, uid, uid, follow_symlinks=False)


@AS_ROOT
def test_finding_1_a_cache_folder_owned_by_another_user_is_never_read(tmp_path: Path) -> None:
    # Another user created the shared cache folder first (XDG_CACHE_HOME=/tmp/..., HOME=/tmp),
    # or root runs with a user's HOME (sudo -E): their payload must never run as us.
    marker = tmp_path / "PWNED"
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o1777)
    _plant(shared / "hkai-brief", marker)
    _chown_tree(shared / "hkai-brief", OTHER_UID)
    for env in (
        {"XDG_CACHE_HOME": str(shared)},
        {"HKAI_BRIEF_CACHE_DIR": str(shared / "hkai-brief")},
    ):
        env = {**env} if "HKAI_BRIEF_CACHE_DIR" in env else {**env, "HKAI_BRIEF_CACHE_DIR": ""}
        if "XDG_CACHE_HOME" in env:
            del env["HKAI_BRIEF_CACHE_DIR"]
        full = {k: v for k, v in os.environ.items() if k != "HKAI_BRIEF_CACHE_DIR"}
        result = subprocess.run(
            [*PYTHON, "summary"], cwd=ROOT, env={**full, **env}, capture_output=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert not marker.exists(), "code planted by another user ran"


@AS_ROOT
def test_finding_1_root_never_reads_the_cache_of_the_home_it_was_given(tmp_path: Path) -> None:
    marker = tmp_path / "ROOTPWNED"
    home = tmp_path / "userhome"
    _plant(home / ".cache" / "hkai-brief", marker)
    _chown_tree(home, OTHER_UID)
    env = {
        k: v for k, v in os.environ.items() if k not in ("HKAI_BRIEF_CACHE_DIR", "XDG_CACHE_HOME")
    }
    result = subprocess.run(
        [*PYTHON, "render"],
        cwd=ROOT,
        env={**env, "HOME": str(home)},
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0
    assert not marker.exists()


def test_finding_1_a_world_writable_cache_folder_is_never_read(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    cache = tmp_path / "cache"
    _plant(cache, marker)
    for path in [cache, *cache.rglob("*")]:
        if path.is_dir():
            path.chmod(0o777)
    result = hkai("summary", env={"HKAI_BRIEF_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    assert not marker.exists()


def test_finding_1_a_symlinked_cache_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "cache"
    link.symlink_to(elsewhere)
    assert hkai("render", env={"HKAI_BRIEF_CACHE_DIR": str(link)}).returncode == 0
    assert list(elsewhere.iterdir()) == [], "the cache wrote through a symlink"


def test_finding_1_a_pipe_in_the_cache_never_hangs_a_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"HKAI_BRIEF_CACHE_DIR": str(cache)}
    first = hkai("summary", env=env)
    files = list(cache.rglob("*.cache"))
    assert files, "the first run leaves compiled templates"
    for path in files:
        path.unlink()
        os.mkfifo(path)
    again = hkai("summary", env=env, timeout=20)  # TimeoutExpired if a pipe blocks the run
    assert (again.returncode, again.stdout) == (0, first.stdout)


def test_finding_1_code_compiled_under_other_settings_is_not_reused(tmp_path: Path) -> None:
    # The summary compiled without trim_blocks (so it prints other text), stored under the key
    # a run with the shipped settings looks up: in 0.1.0's layout and in today's.
    from jinja2.bccache import bc_magic

    expected = hkai("summary", env={"HKAI_BRIEF_CACHE_DIR": ""}).stdout
    from hkai_brief.render import FORMATS, environment

    other = environment(FORMATS["terminal"])
    other.trim_blocks = False
    path = TEMPLATES / "summary.j2"
    source = path.read_text(encoding="utf-8")
    code = marshal.dumps(other.compile(source, "summary.j2", str(path)))
    checksum = hashlib.sha1(source.encode("utf-8")).hexdigest()
    key = hashlib.sha1(f"summary.j2|{path}".encode()).hexdigest()
    cache = tmp_path / "cache"
    old = cache / f"jinja-{jinja2.__version__}-plain"
    new = cache / "templates"
    for folder in (cache, old, new):
        folder.mkdir(mode=0o700)
    (old / f"__jinja2_{key}.cache").write_bytes(bc_magic + pickle.dumps(checksum, 2) + code)
    stale = hashlib.sha256(b"other settings").hexdigest()
    (new / f"{key}.cache").write_bytes(f"hkai-brief {stale}\n{checksum}\n".encode() + code)
    assert hkai("summary", env={"HKAI_BRIEF_CACHE_DIR": str(cache)}).stdout == expected


# --- 2. Jinja releases with broken sandboxes ---------------------------------------------------


def test_finding_2_the_package_requires_a_jinja_without_known_sandbox_escapes() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"Jinja2>=3.1.6"' in pyproject


def test_finding_2_user_templates_are_refused_on_an_older_jinja(tmp_path: Path) -> None:
    template = tmp_path / "t.md.j2"
    marker = tmp_path / "ran"
    template.write_text(f"{{{{ 'x' }}}}{marker}\n", encoding="utf-8")
    code = (
        "import jinja2; jinja2.__version__ = '3.1.4'\n"
        "from hkai_brief.cli import run\n"
        f"run(['render', '--template', {str(template)!r}])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "user templates need Jinja2 3.1.6 or newer (installed: 3.1.4)" in result.stderr
    # Built-in templates are trusted and still work.
    code = code.replace(f"'--template', {str(template)!r}", "'--format', 'text'")
    builtin = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=False
    )
    assert builtin.returncode == 0


# --- 3. a file that merely mentions hkai-brief counts as its own -------------------------------


def test_finding_3_an_annotated_handout_survives_a_render(tmp_path: Path) -> None:
    brief = tmp_path / "brief.md"
    assert hkai("render", "--measure", "ai-subsidy-scheme", "-o", str(brief)).returncode == 0
    with brief.open("a", encoding="utf-8") as f:
        f.write("\n## My analysis (two hours of work)\n")
    again = hkai("render", "--measure", "ai-subsidy-scheme", "-o", str(brief))
    assert again.returncode == 1
    assert again.stderr == (
        f"hkai-brief: {brief} was edited after hkai-brief wrote it; use --force to replace it\n"
    )
    assert "My analysis" in brief.read_text(encoding="utf-8")
    forced = hkai("render", "--measure", "ai-subsidy-scheme", "-o", str(brief), "--force")
    assert forced.returncode == 0
    assert "My analysis" not in brief.read_text(encoding="utf-8")


def test_finding_3_an_unedited_handout_is_replaced_in_every_format(tmp_path: Path) -> None:
    for fmt in ("markdown", "text", "json"):
        out = tmp_path / f"b.{fmt}"
        assert hkai("render", "-f", fmt, "-o", str(out)).returncode == 0
        assert hkai("render", "-f", fmt, "--area", "talent", "-o", str(out)).returncode == 0
        assert "Artificial Intelligence Subsidy Scheme" not in out.read_text(encoding="utf-8")
        # Written to stdout and saved by the shell, it is just as much the tool's own.
        saved = tmp_path / f"saved.{fmt}"
        saved.write_text(hkai("render", "-f", fmt).stdout, encoding="utf-8")
        assert hkai("render", "-f", fmt, "--area", "talent", "-o", str(saved)).returncode == 0


def test_finding_3_notes_quoting_the_generated_line_are_not_the_tools(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Meeting notes\n\n*Generated on 25 November 2026 by hkai-brief 0.1.0 from the shipped"
        " data.*\n\nAction items: ...\n",
        encoding="utf-8",
    )
    extract = tmp_path / "meta.json"
    generated = json.loads(hkai("render", "-f", "json").stdout)["generated"]
    extract.write_text(json.dumps({"generated": generated, "mine": ["keep me"]}), encoding="utf-8")
    assert hkai("render", "-o", str(notes)).returncode == 1
    assert hkai("render", "-f", "json", "-o", str(extract)).returncode == 1
    assert "Action items" in notes.read_text(encoding="utf-8")
    assert "keep me" in extract.read_text(encoding="utf-8")


# --- 4. -o /dev/stdout replaces the file stdout is redirected to -------------------------------


def test_finding_4_dev_stdout_appends_when_stdout_appends(tmp_path: Path) -> None:
    result = shell(
        "printf 'earlier\\n' > a.md\n"
        "$HKAI render --area talent -o /dev/stdout >> a.md || exit 9\n"
        "printf 'precious log\\n' > log.md\n"
        "$HKAI render -o /dev/stdout --force >> log.md || exit 9\n"
        "printf 'earlier errors\\n' > err.log\n"
        "$HKAI render -o /dev/stderr --force 2>> err.log || exit 9\n"
        "printf 'fd three\\n' > three.md\n"
        "$HKAI render -o /dev/fd/3 3>> three.md || exit 9\n"
        "$HKAI render -o /proc/self/fd/1 > fresh.md || exit 9\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    for name, first in (
        ("a.md", "earlier"),
        ("log.md", "precious log"),
        ("err.log", "earlier errors"),
        ("three.md", "fd three"),
    ):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.startswith(first + '\n---\ntitle: "Hong Kong AI policy briefing"'), name
    assert (tmp_path / "fresh.md").read_text(encoding="utf-8").startswith('---\ntitle: "Hong Kong')


# --- 5. a short write to stdout loses the end of the output, with exit code 0 -------------------


def _file_size_limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize(
    "command", [["render"], ["render", "-f", "json"], ["summary"], ["grep", "-e", "."], ["list"]]
)
def test_finding_5_a_short_write_to_stdout_is_an_error(
    tmp_path: Path, unbuffered: str, command: list[str]
) -> None:
    out = tmp_path / "out"
    with out.open("wb") as f:
        result = hkai(
            *command,
            env={"PYTHONUNBUFFERED": unbuffered},
            stdout=f,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: _file_size_limit(512),
        )
    assert result.returncode == 1, result.stderr
    assert result.stderr == "hkai-brief: cannot write standard output: File too large\n"


def test_finding_5_a_full_disk_on_stdout_is_an_error() -> None:
    with Path("/dev/full").open("wb") as full:
        result = hkai("render", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == "hkai-brief: cannot write standard output: No space left on device\n"


# --- 6. the template time limit can be swallowed ------------------------------------------------


def _run_patched(
    args: list[str], patch: str, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    code = f"{patch}\nfrom hkai_brief.cli import run\nrun({args!r})\n"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795600000"},
    )


LIMIT_1S = (
    "import hkai_brief.render as r; r.TIME_LIMIT = 1\n"
    "try:\n    import hkai_brief.sandbox as s; s.TIME_LIMIT = 1\nexcept ImportError:\n    pass"
)


def test_finding_6_no_cache_load_can_swallow_the_time_limit(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    for i in range(1000):
        (folder / f"t{i}.j2").write_text("x", encoding="utf-8")
    (folder / "briefing.md.j2").write_text(
        '{% for i in range(100000) %}{% include "t" ~ (i % 1000) ~ ".j2" %}{% endfor %}\n'
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    # In 0.1.0 the limit escaped in about half the runs: four runs catch it nearly always.
    for _ in range(4):
        started = time.monotonic()
        result = _run_patched(["render", "--template-dir", str(folder)], LIMIT_1S, timeout=15)
        assert time.monotonic() - started < 10
        assert result.returncode == 1
        assert result.stderr.endswith(": error: the template took longer than 1 second\n")


# --- 7. files under every limit that take minutes and gigabytes ---------------------------------


# Runs a command and prints its peak memory. The measured process is started by this small
# one, not by the test process: a process forked from a large one (a test worker that has
# loaded fonts, say) starts with the parent's memory counted in its own peak.
_MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _run_measured(args: list[str]) -> tuple[int, str, int]:
    """Exit code, stderr and peak resident memory (bytes) of one run of the tool."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *PYTHON, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    code, peak = (int(n) for n in done.stdout.split())
    return code, done.stderr, peak * 1024


@pytest.mark.parametrize("shape", ["nested-brackets", "many-keys"])
def test_finding_7_a_dense_file_is_refused_within_200_mb(tmp_path: Path, shape: str) -> None:
    base = MINIMAL.read_text(encoding="utf-8")
    if shape == "nested-brackets":
        line = "- " + "[" * 50 + "]" * 50 + "\n"
    else:
        line = "".join(f"k{i}: 1\n" for i in range(1000))
    body = line * ((9 * 2**20) // len(line))
    data = tmp_path / "dense.yaml"
    data.write_text(base + "junk:\n" + body, encoding="utf-8")
    code, err, peak = _run_measured(["validate", str(data)])
    assert code == 1
    assert peak < 200 * 2**20, f"{peak / 2**20:.0f} MB"
    assert "the file holds more than 250,000 values" in err


@pytest.mark.parametrize("size_mb", [49, 50])
def test_finding_7_files_near_50_mb_are_refused_unread(tmp_path: Path, size_mb: int) -> None:
    data = tmp_path / "big.yaml"
    with data.open("w", encoding="utf-8") as f:
        f.write(MINIMAL.read_text(encoding="utf-8") + "junk:\n")
        line = "- " + "[" * 200 + "]" * 200 + "\n"
        f.write(line * (size_mb * 2**20 // len(line)))
    code, err, peak = _run_measured(["validate", str(data)])
    assert code == 1
    assert peak < 200 * 2**20
    assert "the file is larger than 10 MB" in err


# --- 8. one-line user templates allocate gigabytes -----------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        '{{ "x" | center(10 ** 9) | length }}',
        '{{ (["x" * 10000000] * 100) | join | length }}',
        '{{ ("%01000000000d" % 1) | length }}',
        '{{ "{:>1000000000}".format(1) | length }}',
        '{{ ("x" * 10000000) | replace("x", "y" * 100) | length }}',
    ],
)
def test_finding_8_a_template_is_stopped_at_the_memory_cap(tmp_path: Path, source: str) -> None:
    template = tmp_path / "t.md.j2"
    template.write_text(source + "\n", encoding="utf-8")
    code, _, peak = _run_measured(["render", "--template", str(template)])
    assert code == 1
    result = hkai("render", "--template", str(template))
    assert result.stdout == ""
    assert result.stderr in (
        f"{template}: error: the template needed more than 512 MB of memory\n",
        # str.format refuses a width this large before it allocates anything
        f"{template}:1: error: Too many decimal digits in format string\n",
    )
    assert peak < 256 * 2**20, "the parent process never holds the template's memory"


# --- 9. wrapping is quadratic for text without spaces --------------------------------------------


def test_finding_9_wrapping_a_long_word_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.cells import cell_len as real

    import hkai_brief.layout as layout

    measured = [0]

    def counting(text: str) -> int:
        measured[0] += len(text)
        return real(text)

    monkeypatch.setattr("hkai_brief.layout.cell_len", counting)
    word = "人" * 20_000
    rows = layout.wrap(word, 80)
    assert "".join(rows) == word
    assert all(real(r) <= 80 for r in rows)
    assert measured[0] <= 3 * len(word), "each character is measured a bounded number of times"


def test_finding_9_a_file_of_long_chinese_titles_summarises(tmp_path: Path) -> None:
    head = (
        "documents:\n  - id: reply\n    kind: legco-reply\n    title: A reply\n    official: true\n"
        "areas:\n  - id: research\n    title: Research\nmeasures:\n"
    )
    measure = (
        "  - id: lab{i}\n    document: reply\n    area: research\n    title: {t}\n"
        "    summary: {s}\n    sources:\n      - document: reply\n"
    )
    data = tmp_path / "cjk.yaml"
    data.write_text(
        head + "".join(measure.format(i=i, t="人" * 20000, s="工" * 20000) for i in range(50)),
        encoding="utf-8",
    )
    result = hkai("--data", str(data), "summary", "--color", "never", timeout=30)
    assert result.returncode == 0, result.stderr
    from rich.cells import cell_len

    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80


# --- 10. catastrophic regular expressions --------------------------------------------------------


@pytest.mark.parametrize("pattern", [r"(.+)+#", r"(\w+\s?)+!", r"^(([a-z])+.)+[A-Z]([a-z])+$"])
def test_finding_10_a_runaway_pattern_ends_within_the_budget(pattern: str) -> None:
    patch = "import hkai_brief.search as s; s.TIME_BUDGET = 1"
    started = time.monotonic()
    result = _run_patched(["grep", "-e", pattern], patch, timeout=20)
    assert time.monotonic() - started < 15
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"hkai-brief: invalid pattern {pattern!r}: searching took longer than 1 second"
    )


# --- 11. -o writes through a dangling symlink ----------------------------------------------------


def test_finding_11_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim" / ".bashrc"
    victim.parent.mkdir()
    link = tmp_path / "briefing.md"
    link.symlink_to(victim)
    for force in ([], ["--force"]):
        result = hkai("render", "-o", str(link), *force)
        assert result.returncode == 1
        assert (
            "does not exist (hkai-brief does not write through a dangling symlink)" in result.stderr
        )
        assert not victim.exists()


def test_finding_11_a_live_symlink_to_an_earlier_handout_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    assert hkai("render", "-o", str(target)).returncode == 0
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert hkai("render", "--area", "talent", "-o", str(link)).returncode == 0
    assert link.is_symlink()
    assert "## Talent" in target.read_text(encoding="utf-8")


# --- 12. the cache lands in odd places -----------------------------------------------------------


def _without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}


def test_finding_12_no_home_and_no_password_entry_makes_no_tilde_folder(tmp_path: Path) -> None:
    env = _without("HOME", "XDG_CACHE_HOME", "HKAI_BRIEF_CACHE_DIR")
    code = (
        "import os.path; os.path.expanduser = lambda p: p  # as with no passwd entry\n"
        "from hkai_brief.cli import run\nrun(['summary'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0
    assert list(tmp_path.iterdir()) == []


def test_finding_12_a_relative_cache_home_is_ignored(tmp_path: Path) -> None:
    env = {**_without("HKAI_BRIEF_CACHE_DIR"), "XDG_CACHE_HOME": "relcache"}
    result = subprocess.run(
        [*PYTHON, "summary"], cwd=tmp_path, env=env, capture_output=True, check=False
    )
    assert result.returncode == 0
    assert list(tmp_path.iterdir()) == []


def test_finding_12_an_empty_home_turns_the_cache_off() -> None:
    from hkai_brief.cache import location

    assert location({"HOME": ""}) is None
    assert location({"HOME": "/"}) is None
    assert location({"HOME": "relative"}) is None
    assert location({"HOME": "/home/a", "XDG_CACHE_HOME": "rel"}) == "/home/a/.cache/hkai-brief"
    assert location({"HKAI_BRIEF_CACHE_DIR": ""}) is None


# --- 13. escape sequences through messages and names ---------------------------------------------

ESCAPES = "\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07"


def _no_raw_escapes(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text


def test_finding_13_a_template_name_in_a_message_is_shown_escaped(tmp_path: Path) -> None:
    template = tmp_path / "esc-include.j2"
    template.write_text('{% include "' + ESCAPES + '" %}\n', encoding="utf-8")
    result = hkai("render", "--template", str(template))
    assert result.returncode == 1
    _no_raw_escapes(result.stderr)
    assert "template not found: \\x1b]0;PWNED-TITLE\\x07" in result.stderr
    encoded = tmp_path / "enc.j2"
    encoded.write_text('{{ "x".encode("\\x1b]52;c;cm0gLXJmIH4K\\x07") }}\n', encoding="utf-8")
    _no_raw_escapes(hkai("render", "--template", str(encoded)).stderr)


def test_finding_13_file_names_in_messages_are_shown_escaped(tmp_path: Path) -> None:
    good = tmp_path / f"d{ESCAPES}.yaml"
    good.write_bytes(MINIMAL.read_bytes())
    ok = hkai("validate", str(good))
    assert ok.returncode == 0
    _no_raw_escapes(ok.stdout)
    bad = tmp_path / "bad\x1b[2J\x1b[H.yaml"
    bad.write_text("documents: 1\n", encoding="utf-8")
    failed = hkai("validate", str(bad))
    assert failed.returncode == 1
    _no_raw_escapes(failed.stderr)
    out = hkai("render", "-o", str(tmp_path / "missing" / f"o{ESCAPES}.md"))
    assert out.returncode == 1
    _no_raw_escapes(out.stderr)


def test_finding_13_a_user_summary_template_cannot_make_a_link(tmp_path: Path) -> None:
    template = tmp_path / "summary.j2"
    template.write_text(
        "[link=https://evil.example]the official LCQ13 reply[/link]\n", encoding="utf-8"
    )
    result = hkai("summary", "--template", str(template), "--color", "always")
    assert result.returncode == 1
    assert "\x1b]8;" not in result.stdout
    assert "user templates cannot make links" in result.stderr


@pytest.mark.parametrize(
    "char", ["\u200b", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\U000e0041"]
)
def test_finding_13_invisible_characters_are_refused_in_data(tmp_path: Path, char: str) -> None:
    data = tmp_path / "data.yaml"
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "summary: What it is.", f"summary: What{char} it is."
    )
    data.write_text(text, encoding="utf-8")
    result = hkai("validate", str(data))
    assert result.returncode == 1
    assert f"invisible character U+{ord(char):04X}" in result.stderr
    assert char not in result.stderr


def test_finding_13_invisible_characters_in_names_are_shown_escaped(tmp_path: Path) -> None:
    data = tmp_path / "a\u202eb\u200b.yaml"
    data.write_bytes(MINIMAL.read_bytes())
    result = hkai("validate", str(data))
    assert "\u202e" not in result.stdout and "\\u202e" in result.stdout


# --- 14. "internal error" for ordinary conditions ------------------------------------------------

COMMANDS = [
    ["--version"],
    ["--help"],
    ["validate"],
    ["schema"],
    ["summary"],
    ["render"],
    ["render", "-f", "json"],
    ["grep", "cyberport"],
    ["list"],
    ["show", "ai-subsidy-scheme"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_finding_14_a_closed_stdout_is_an_error_not_a_crash(command: list[str]) -> None:
    result = hkai(*command, stdout=None, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert result.returncode == 1
    assert result.stderr == "hkai-brief: cannot write standard output: it is closed\n"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_finding_14_a_full_stdout_is_an_error_not_a_crash(command: list[str]) -> None:
    with Path("/dev/full").open("wb") as full:
        result = hkai(*command, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == "hkai-brief: cannot write standard output: No space left on device\n"


def test_finding_14_render_to_a_file_with_stdout_closed_is_a_success(tmp_path: Path) -> None:
    out = tmp_path / "x.md"
    result = hkai(
        "render",
        "-o",
        str(out),
        stdout=None,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert out.read_text(encoding="utf-8").startswith('---\ntitle: "Hong Kong')


def test_finding_14_a_data_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsencode(str(tmp_path)) + b"/caf\xe9.yaml"
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, SHIPPED.read_bytes())
    os.close(fd)
    for fmt in ("markdown", "text", "json"):
        out = tmp_path / f"o.{fmt}"
        result = subprocess.run(
            [*PYTHON, "--data", os.fsdecode(name), "render", "-f", fmt, "-o", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        text = out.read_text(encoding="utf-8")  # UTF-8 throughout: no half character left
        assert "caf\\\\udce9.yaml" in text or "caf\\udce9.yaml" in text


def test_finding_14_no_columns_with_colour() -> None:
    result = hkai("summary", "--color", "always", env={"COLUMNS": "0"})
    assert result.returncode == 0, result.stderr


def test_finding_14_a_repeat_count_out_of_range_is_a_bad_pattern() -> None:
    result = hkai("grep", "-e", "a{4294967295}")
    assert result.returncode == 2
    assert result.stderr.startswith("hkai-brief: invalid pattern 'a{4294967295}'")


def test_finding_14_a_high_size_limit_allocates_nothing_up_front() -> None:
    result = hkai("validate", env={"HKAI_BRIEF_MAX_MB": "100000"})
    assert result.returncode == 0, result.stderr


WITHOUT_LIBYAML = "import yaml; yaml.__with_libyaml__ = False"


def test_finding_14_deep_nesting_without_libyaml_is_a_clean_error(tmp_path: Path) -> None:
    data = tmp_path / "deep.yaml"
    data.write_text("documents: " + "[" * 999 + "]" * 999 + "\n", encoding="utf-8")
    result = _run_patched(["validate", str(data)], WITHOUT_LIBYAML)
    assert result.returncode == 1, result.stderr
    assert "nested more than 100 levels deep" in result.stderr


def test_finding_14_half_characters_without_libyaml_are_refused(tmp_path: Path) -> None:
    data = tmp_path / "surrogate.yaml"
    data.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("summary: What it is.", 'summary: "a\\ud800b"'),
        encoding="utf-8",
    )
    result = _run_patched(
        ["--data", str(data), "render", "-o", str(tmp_path / "x.md")], WITHOUT_LIBYAML
    )
    assert result.returncode == 1, result.stderr
    assert "half a character" in result.stderr
    assert "internal error" not in result.stderr


# --- 15. -o, narrow terminals and grep's patterns ------------------------------------------------


def test_finding_15_a_file_name_of_255_bytes_can_be_written(tmp_path: Path) -> None:
    out = tmp_path / ("n" * 252 + ".md")
    result = hkai("render", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert hkai("render", "--area", "talent", "-o", str(out)).returncode == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_finding_15_a_kill_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, signum: int
) -> None:
    out = tmp_path / "term.md"
    assert hkai("render", "-o", str(out)).returncode == 0
    before = out.read_bytes()
    code = (
        "import os, time\n"
        "real = os.fsync\n"
        "def slow(fd):\n    time.sleep(5)\n    real(fd)\n"
        "os.fsync = slow\n"
        "from hkai_brief.cli import run\n"
        f"run(['render', '--area', 'talent', '-o', {str(out)!r}])\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(list(tmp_path.iterdir())) < 2:
        time.sleep(0.05)  # until the temporary file appears
    process.send_signal(signum)
    process.communicate(timeout=20)
    assert process.returncode == 128 + signum
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["term.md"]


def test_finding_15_a_name_with_a_final_slash_creates_nothing(tmp_path: Path) -> None:
    result = hkai("render", "-o", str(tmp_path / "slash.md") + "/")
    assert result.returncode == 1
    assert "a file name cannot end with '/'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_finding_15_with_stderr_closed_no_error_reaches_stdout() -> None:
    result = hkai(
        "render",
        "--area",
        "nowhere",
        "-f",
        "json",
        stderr=None,
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
    )
    assert result.returncode == 2
    assert result.stdout == ""


@pytest.mark.parametrize("columns", ["20", "0", "1"])
def test_finding_15_list_never_cuts_an_id(columns: str) -> None:
    result = hkai("list", env={"COLUMNS": columns})
    assert result.returncode == 0
    from hkai_brief.load import load

    for measure in load(str(SHIPPED)).measures:
        assert measure.id in result.stdout


def test_finding_15_several_patterns_keep_their_own_groups() -> None:
    one = hkai("grep", "-c", "-e", r"(o)\1")
    both = hkai("grep", "-c", "-e", r"(z)\1", "-e", r"(o)\1")
    assert one.returncode == 0
    assert both.stdout == one.stdout


def test_finding_15_a_character_class_is_not_casefolded() -> None:
    result = hkai("grep", "-c", "-e", "[ß]")
    assert result.returncode == 1
    assert result.stdout == ""


def test_finding_15_chinese_patterns_match_in_the_c_locale() -> None:
    env = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    result = subprocess.run(
        [*PYTHON, "grep", "-l", "人工"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"ai-rd-institute" in result.stdout


def test_security_doc_states_the_limits_in_force() -> None:
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    from hkai_brief import limits, sandbox

    assert f"{limits.DEFAULT_MB} MB" in doc
    assert f"{limits.DEFAULT_MB * limits.NODES_PER_MB:,}" in doc
    assert f"{sandbox.MEMORY_LIMIT // 2**20} MB" in doc
