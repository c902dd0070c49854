"""Did you mean...? One rule for every suggestion the tool makes: field names, choices, ids.

difflib's ratio (1.4 ms to import, only when something is wrong), with the same cut-off
everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.6


def closest(word: str, candidates: Iterable[str], n: int = 1) -> list[str]:
    """The candidates most like `word`, best first, at most `n`."""
    import difflib

    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=CUTOFF)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)', or nothing."""
    close = closest(word, candidates)
    return f" (did you mean {close[0]!r}?)" if close else ""
