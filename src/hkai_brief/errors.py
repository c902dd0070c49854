"""The project's errors: the core raises them; the command line's edge turns each into its
message on stderr and its exit code, in one place (cli.run).

Every error derives from BriefError and says its exit code: 1 for data, templates or output
that cannot be used, 2 for a usage error. Messages are cleaned of control characters before
they are printed, whatever they quote.
"""

from __future__ import annotations

from typing import NamedTuple


class BriefError(Exception):
    """An error a user can act on: printed as `hkai-brief: message`, exit code 1."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [f"hkai-brief: {self}"]


class UsageError(BriefError):
    """A command line that asks for something impossible: exit code 2."""

    exit_code = 2


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


class DataError(BriefError):
    """A data file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem], truncated: bool = False) -> None:
        self.problems = sorted(problems)
        # True when checking stopped at the limit of problems: there may be more.
        self.truncated = truncated
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        count = len(self.problems)
        files = ", ".join(sorted({p.file for p in self.problems}))
        if self.truncated:
            last = f"hkai-brief: stopped after {count} errors in {files}; fix these and run again"
        else:
            last = f"hkai-brief: {count} error{'' if count == 1 else 's'} in {files}"
        return [*(str(p) for p in self.problems), last]


class TemplateError(BriefError):
    """A template that cannot be read, compiled or rendered, with its file and line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: error: {message}")

    def lines(self) -> list[str]:
        return [str(self)]


class OutputError(BriefError):
    """An output that cannot or may not be written."""
