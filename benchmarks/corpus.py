"""Write a synthetic, valid corpus: a folder of data files that make one dataset, for the
corpus benchmarks (benchmarks/run.py --only corpus).

    python benchmarks/corpus.py 1000 10000 /tmp/corpus     # 1,000 files, 10,000 measures

The first file holds the replies, areas and organisations; the others hold the measures, in
equal shares. The records are generate.py's, so a corpus of N measures is that file, split.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate


def corpus(files: int, measures: int, folder: Path) -> None:
    out = io.StringIO()
    generate(measures, out)
    head, _, body = out.getvalue().partition("measures:\n")
    items = body.split("\n  - id: ")
    items = [items[0].removeprefix("  - id: "), *items[1:]]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0000-replies.yaml").write_text(head, encoding="utf-8")
    slots = max(files - 1, 1)
    for n in range(slots):
        chunk = items[n * len(items) // slots : (n + 1) * len(items) // slots]
        text = "measures:\n" + "".join(f"  - id: {item.rstrip()}\n" for item in chunk)
        (folder / f"{n + 1:05d}.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    corpus(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
