"""How long, and how much memory, every command takes on every entry of the bad-input catalogue,
and on the security probe's worst cases.

    python benchmarks/bad_inputs.py            # both tables
    python benchmarks/bad_inputs.py --probe    # the probe's cases only

Each run is a whole process (`python -m hkai_brief ...`); time is wall-clock, memory the peak
resident set of that process. The figures in docs/security.md come from here.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_bad_inputs import COMMANDS  # noqa: E402


def measure(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Seconds, peak memory in MB, exit code of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "hkai_brief", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def _made(entry: str, folder: Path) -> Path:
    """Make a catalogue entry in another process: memory this process held for it would be
    counted in the next child's peak (a forked child starts with its parent's pages)."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]);"
        "from tests.test_bad_inputs import _make; print(_make(sys.argv[1], Path(sys.argv[2]), 10))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, entry, str(folder), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(result.stdout.strip())


def main() -> None:
    rows = list(
        csv.DictReader(
            (ROOT / "tests" / "bad_inputs" / "expected.tsv").open(encoding="utf-8"),
            delimiter="\t",
        )
    )
    print("| entry | " + " | ".join(COMMANDS) + " |")
    print("| --- |" + " --- |" * len(COMMANDS))
    worst = (0.0, 0)
    with tempfile.TemporaryDirectory() as folder:
        for row in rows:
            entry = row["entry"]
            if entry.startswith("@"):
                path = _made(entry, Path(folder))
            else:
                path = ROOT / "tests" / "bad_inputs" / entry
            cells = []
            for command in COMMANDS.values():
                seconds, mb, code = measure(["--data", str(path), *command])
                worst = (max(worst[0], seconds), max(worst[1], mb))
                cells.append(f"{seconds:.2f} s, {mb} MB, exit {code}")
            print(f"| {entry} | " + " | ".join(cells) + " |")
    print(f"\nslowest: {worst[0]:.2f} s; most memory: {worst[1]} MB")
    print()
    probe_cases()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def make_probe_files(folder: Path) -> None:
    """The probe's files (run in a process of its own: see _made)."""
    minimal = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    nested = "- " + "[" * 200 + "]" * 200 + "\n"
    _write(folder / "dense49.yaml", minimal + "junk:\n" + nested * (49 * 2**20 // len(nested)))
    keys = "".join(f"k{i}: 1\n" for i in range(2_100_000))
    _write(folder / "keys50.yaml", minimal + "junk:\n" + keys)
    small = "- " + "[" * 50 + "]" * 50 + "\n"
    _write(folder / "dense9.yaml", minimal + "junk:\n" + small * 90_000)
    head = (
        "documents:\n  - id: reply\n    kind: legco-reply\n    title: A reply\n"
        "    official: true\nareas:\n  - id: research\n    title: Research\nmeasures:\n"
    )
    cjk = "".join(
        f"  - id: lab{i}\n    document: reply\n    area: research\n    title: {'人' * 20000}\n"
        f"    summary: {'工' * 20000}\n    sources:\n      - document: reply\n"
        for i in range(50)
    )
    _write(folder / "cjk6.yaml", head + cjk)
    _write(folder / "center.md.j2", '{{ "x" | center(10 ** 9) | length }}\n')


def probe_cases() -> None:
    """The security probe's worst cases (docs/security.md), each one process."""
    print("| case | time | peak memory | exit |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        subprocess.run([sys.executable, __file__, "--make", str(folder)], check=True)
        cases = [
            ("49 MB of nested brackets, validate", ["validate", str(folder / "dense49.yaml")]),
            (
                "50 MB of 2.1 million short keys, validate",
                ["validate", str(folder / "keys50.yaml")],
            ),
            (
                "9 MB of nested brackets (under the size limit)",
                ["validate", str(folder / "dense9.yaml")],
            ),
            (
                "6 MB of Chinese titles, summary piped",
                ["--data", str(folder / "cjk6.yaml"), "summary"],
            ),
            (
                "user template center(10**9), render",
                ["render", "--template", str(folder / "center.md.j2")],
            ),
            ("grep -e '(.+)+#' on the shipped data", ["grep", "-e", "(.+)+#"]),
        ]
        for label, args in cases:
            seconds, mb, code = measure(args)
            print(f"| {label} | {seconds:.2f} s | {mb} MB | {code} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make"]:
        make_probe_files(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--probe"]:
        probe_cases()
    else:
        main()
