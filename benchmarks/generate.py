"""Write a synthetic but valid data file of N measures, for the scale benchmarks.

    python benchmarks/generate.py 10000 /tmp/measures-10000.yaml

Several replies and source documents, six areas, a few organisations; measures with realistic
field lengths (a summary of about 300 characters), Chinese names, figures, funding for a third of
them, milestones and updates. Deterministic: the same N gives the same file.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = [
    *("artificial", "intelligence", "research", "data", "computing", "talent", "innovation"),
    *("laboratory", "university", "platform", "scheme", "funding", "cross-boundary"),
    *("supercomputing", "cyberport", "industry", "application", "model", "government"),
    *("programme", "development", "technology", "digital", "policy", "infrastructure"),
]
CHINESE = "人工智能研發數據計算人才創新實驗室大學平台計劃資助跨境超算數碼港產業應用模型政府發展科技"
AREAS = ["research", "computing", "data", "application", "talent", "governance"]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(n: int, out: object) -> None:
    rng = random.Random(n)
    write = out.write  # type: ignore[attr-defined]
    replies = max(1, n // 200)
    write("documents:\n")
    for r in range(replies):
        title = _quoted(f"LCQ{r}: {_words(rng, 6)}")
        date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        write(
            f"  - id: reply-{r}\n    kind: legco-reply\n    title: {title}\n"
            f"    official: true\n    date: {date}\n"
            # Synthetic data: an address in the domain reserved for examples.
            f"    url: https://example.org/reply/{r}\n"
            f"    respondent:\n      name: Professor Sun Dong\n"
            f"      office: Secretary for Innovation, Technology and Industry\n"
            f"    question:\n      number: LCQ{r}\n      parts:\n"
            + "".join(f"        - {_quoted(_words(rng, 14) + '?')}\n" for _ in range(4))
        )
    write("  - id: news\n    kind: news-report\n    title: A news report\n    official: false\n")
    write("areas:\n")
    for a in AREAS:
        write(f"  - id: {a}\n    title: {a.title()}\n    description: {_quoted(_words(rng, 12))}\n")
    write("organisations:\n")
    for o in range(5):
        write(f"  - id: org-{o}\n    name: {_quoted(_words(rng, 3).title())}\n")
    write("measures:\n")
    for i in range(n):
        zh = "".join(rng.choice(CHINESE) for _ in range(rng.randint(6, 14)))
        lines = [
            f"  - id: m-{i:06d}",
            f"    document: reply-{rng.randrange(replies)}",
            f"    area: {rng.choice(AREAS)}",
            f"    title: {_quoted(_words(rng, rng.randint(4, 9)).title())}",
            f"    name_zh: {zh}",
            f"    aliases: [{_quoted(_words(rng, 5))}]",
            f"    summary: {_quoted(_words(rng, 40) + '. ' + zh + '.')}",
            f"    status: {rng.choice(['planned', 'under-way', 'in-operation'])}",
            f"    run_by: [org-{rng.randrange(5)}]",
        ]
        if i % 3 == 0:
            amount = rng.choice([1, 3, 5, 10, 30, 300]) * 10**8
            lines += [
                "    funding:",
                f"      amount: {amount}",
                "      currency: HKD",
                f"      source: reply-{rng.randrange(replies)}",
            ]
        lines += [
            "    figures:",
            f"      - {{value: {rng.randint(1, 9000)}, unit: {rng.choice(WORDS)}s, qualifier: over,"
            " source: news}",
            "    milestones:",
            f"      - {{date: 2025-{rng.randint(1, 12):02d}, text: {_quoted(_words(rng, 8))},"
            f" source: reply-{rng.randrange(replies)}}}",
        ]
        if i % 4 == 0:
            lines += [
                "    updates:",
                f"      - {{date: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                f" text: {_quoted(_words(rng, 10))}, source_note: a news report}}",
            ]
        lines += [
            f"    keywords: [{', '.join(rng.choice(WORDS) for _ in range(4))}]",
            "    sources:",
            f"      - document: reply-{rng.randrange(replies)}",
            "        locator: paragraph 3",
            "      - document: news",
        ]
        write("\n".join(lines) + "\n")


if __name__ == "__main__":
    count, path = int(sys.argv[1]), sys.argv[2]
    with Path(path).open("w", encoding="utf-8") as f:
        generate(count, f)
