"""A made-up data file of many measures, the same every time: for layouts that must hold at any
size (the one-minute summary stays a screen)."""

from __future__ import annotations

AREAS = ("housing", "transport", "health", "education", "environment", "culture")


def large_data(count: int = 300) -> str:
    lines = [
        "title: A large made-up briefing",
        "documents:",
        "  - id: reply",
        "    kind: legco-reply",
        "    title: 'LCQ1: Everything at once'",
        "    official: true",
        "    date: 2026-01-07",
        "    question: {number: LCQ1, kind: written}",
        "    respondent: {name: A. N. Official, office: Chief Secretary for Examples}",
        "areas:",
    ]
    lines += [f"  - {{id: {a}, title: {a.capitalize()}}}" for a in AREAS]
    lines.append("measures:")
    for n in range(count):
        area = AREAS[n % len(AREAS)]
        lines += [
            f"  - id: measure-{n:03d}",
            "    document: reply",
            f"    area: {area}",
            f"    title: Measure number {n} on {area}",
            f"    summary: What measure {n} does.",
            "    sources: [{document: reply}]",
        ]
        if n % 7 == 0:
            # Amounts that differ, so that "the biggest" is a real choice.
            amount = (n * 37 % 101 + 1) * 10_000_000
            lines.append(f"    funding: {{amount: {amount}, currency: HKD, source: reply}}")
        if n % 5 == 0:
            lines.append(f"    figures: [{{value: {n + 1}, unit: places, source: reply}}]")
        if n % 11 == 0:
            quarter = n % 4 + 1
            lines.append(
                f"    milestones: [{{date: 2026-Q{quarter}, text: Step {n} is due.,"
                " source: reply}]"
            )
    return "\n".join(lines) + "\n"
