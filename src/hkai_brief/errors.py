"""Domain errors: the core raises them; the command line turns them into output and exit codes."""

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a data file, at a line and column (both from 1) where known."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        from .text import clean  # a field name may hold any character, escapes included

        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return clean(f"{where}: error: {self.path}: {self.message}")


class DataError(Exception):
    """A data file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem], truncated: bool = False) -> None:
        self.problems = sorted(problems)
        # True when checking stopped at the limit of problems: there may be more.
        self.truncated = truncated
        super().__init__("\n".join(str(p) for p in self.problems))
