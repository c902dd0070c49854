"""Did you mean...? One rule for every suggestion the tool makes: field names, choices, ids,
words.

difflib's ratio (1.4 ms to import, only when something is wrong), with the same cut-off
everywhere. A suggestion is a courtesy, so its cost is bounded: difflib's ratio takes time in
the product of the two lengths, and a file of a thousand mistyped references to a thousand long
ids would take minutes. Words longer than MAX_LENGTH get no suggestion, and the whole run
spends at most BUDGET (a sum of length products) on ratios; after that, no more suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.6
MAX_LENGTH = 200
# About 0.3 s of difflib, however it is spent, in units of about 70 ns: a ratio costs the product
# of the lengths (0.65 ms for two 95-character ids), a quick filter about a candidate's length.
BUDGET = 4_000_000
# The most candidates looked at for one word: each costs a quick filter at least.
MAX_CANDIDATES = 50_000

_spent = 0


def closest(word: str, candidates: Iterable[str], n: int = 1) -> list[str]:
    """The candidates most like `word`, best first, at most `n` (difflib's
    get_close_matches, within the budget)."""
    global _spent
    if not word or len(word) > MAX_LENGTH or _spent >= BUDGET:
        return []
    import difflib
    import heapq

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored: list[tuple[float, str]] = []
    for count, candidate in enumerate(candidates):
        if count >= MAX_CANDIDATES:
            break
        if len(candidate) > MAX_LENGTH:
            continue
        matcher.set_seq1(candidate)
        _spent += len(candidate) + 10
        if matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
            if _spent > BUDGET:
                break
            continue
        _spent += len(candidate) * len(word) + 50
        if _spent > BUDGET:
            break
        score = matcher.ratio()
        if score >= CUTOFF:
            scored.append((score, candidate))
    return [candidate for _, candidate in heapq.nlargest(n, scored)]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)', or nothing."""
    close = closest(word, candidates)
    return f" (did you mean {close[0]!r}?)" if close else ""
