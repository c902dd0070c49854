"""Write a synthetic, valid corpus: a folder of data files that make one dataset, for the
corpus benchmarks (benchmarks/run.py --only corpus).

    python benchmarks/corpus.py 1000 10000 /tmp/corpus            # generate.py's records
    python benchmarks/corpus.py 1000 10000 /tmp/corpus --shipped  # the shipped ones, copied

The first file holds the replies, areas and organisations; the others hold the measures, in
equal shares. The records are generate.py's (a small vocabulary: most words are in most
measures), or, with --shipped, the shipped measures copied under new ids, as issue 17 measured
them: real texts, so a word is in as many measures as in the shipped data (cyberport: 2 of 14).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate


def corpus(files: int, measures: int, folder: Path, shipped: bool = False) -> None:
    head, items = _copied(measures) if shipped else _generated(measures)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0000-replies.yaml").write_text(head, encoding="utf-8")
    slots = max(files - 1, 1)
    for n in range(slots):
        chunk = items[n * len(items) // slots : (n + 1) * len(items) // slots]
        text = "measures:\n" + "".join(f"  - id: {item.rstrip()}\n" for item in chunk)
        (folder / f"{n + 1:05d}.yaml").write_text(text, encoding="utf-8")


def _generated(measures: int) -> tuple[str, list[str]]:
    out = io.StringIO()
    generate(measures, out)
    head, _, body = out.getvalue().partition("measures:\n")
    items = body.split("\n  - id: ")
    return head, [items[0].removeprefix("  - id: "), *items[1:]]


def _copied(measures: int) -> tuple[str, list[str]]:
    """The shipped file's head, and its measures copied until there are `measures`, each copy
    under new ids (air-innohk-00001): text after each "  - id: " of the measures list."""
    import yaml

    path = Path(__file__).resolve().parent.parent / "data" / "measures.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    originals = data.pop("measures")
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    items = []
    for n in range(measures):
        copy = dict(originals[n % len(originals)])
        copy["id"] = f"{copy['id']}-{n // len(originals):05d}"
        text = yaml.safe_dump([copy], allow_unicode=True, sort_keys=False, width=1000)
        items.append(text.removeprefix("- id: ").replace("\n  ", "\n    ").rstrip())
    return head, items


if __name__ == "__main__":
    corpus(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), "--shipped" in sys.argv[4:])
