"""How long, and how much memory, every command takes on every entry of the bad-input catalogue.

    python benchmarks/bad_inputs.py

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


def measure(args: list[str]) -> tuple[float, int, int]:
    """Seconds, peak memory in MB, exit code of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "hkai_brief", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def _made(entry: str, folder: Path) -> Path:
    """Make a catalogue entry in another process: memory this process held for it would be
    counted in the next child's peak (a forked child starts with its parent's pages)."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]);"
        "from tests.test_bad_inputs import _make; print(_make(sys.argv[1], Path(sys.argv[2])))"
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


if __name__ == "__main__":
    main()
