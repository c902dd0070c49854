"""What one data file may cost, and how many problems a check reports: plain numbers, read by
every command before it decides whether to parse anything (no YAML here)."""

from __future__ import annotations

from typing import NamedTuple

from .errors import UsageError

MAX_PROBLEMS = 1000
# Nodes for each megabyte a file may have: a real data file has about one every 20 bytes.
NODES_PER_MB = 25_000
DEFAULT_MB = 10
# No data file nests deeper than a few levels.
MAX_DEPTH = 100


class Limits(NamedTuple):
    """What one data file may cost: its size and the nodes it composes into."""

    max_bytes: int = DEFAULT_MB * 2**20
    max_nodes: int = DEFAULT_MB * NODES_PER_MB


DEFAULT_LIMITS = Limits()


def limits(setting: str | None) -> Limits:
    """The limits for HKAI_BRIEF_MAX_MB's value (None: the default); UsageError if it is not a
    whole number of megabytes from 1 to 100,000."""
    if setting is None or setting == "":
        return Limits()
    number = setting.isascii() and setting.isdigit() and len(setting) <= 6
    if not number or not 1 <= int(setting) <= 100_000:
        raise UsageError(
            f"HKAI_BRIEF_MAX_MB must be a whole number of megabytes from 1 to 100000;"
            f" got {setting[:40]!r}"
        )
    megabytes = int(setting)
    return Limits(megabytes * 2**20, megabytes * NODES_PER_MB)
