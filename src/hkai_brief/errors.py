"""Everything hkai-brief raises to end a command early, in one family: the core raises them;
the command line's edge (cli.report) turns each into its lines on stderr and its exit code, in
one place. Messages are cleaned of control characters when they are printed.

- Ending: the root. Each says its exit code and its lines.
- BriefError: errors (an Exception): 1 for data, templates or output that cannot be used, or
  nothing found; 2 for a usage error.
- Interruption: not errors but deadlines and signals: BaseExceptions, so that no
  `except Exception` on the way can swallow them.
"""

from __future__ import annotations

from typing import NamedTuple


class Ending(BaseException):
    """Something that ends a command early: printed as its lines, with its exit code."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [f"hkai-brief: {self}"]


class BriefError(Exception, Ending):
    """An error a user can act on: printed as `hkai-brief: message`, exit code 1."""


class Interruption(Ending):
    """A deadline or a signal, caught by whoever set it up (or cli.report)."""


class Expired(Interruption):
    """A time budget ran out (budget.py)."""


class Stopped(Interruption):
    """SIGTERM or SIGHUP during work that cleans up after itself: exit code 128 + the signal,
    and nothing to say (the sender knows)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum

    def lines(self) -> list[str]:
        return []


class ReaderGone(BriefError):
    """Standard output is a pipe whose reader has left (`| head`): the command did its job,
    so the run ends quietly with exit code 0."""

    exit_code = 0

    def lines(self) -> list[str]:
        return []


class Refused(BriefError):
    """A value its kind does not accept (kinds.py); the checker turns it into a located
    problem of a DataError."""


class UsageError(BriefError):
    """A command line that asks for something impossible: exit code 2."""

    exit_code = 2


class UnknownId(UsageError):
    """An id (of an area, a measure, a reply) that the data does not have."""

    def __init__(self, kind: str, value: str, hint: str) -> None:
        self.kind, self.value = kind, value
        super().__init__(f"unknown {kind} {value!r}{hint}")


class PatternError(UsageError):
    """A regular expression that does not compile, or takes too long, with where it goes wrong."""

    def __init__(self, pattern: str, position: int | None, message: str) -> None:
        self.pattern, self.position, self.message = pattern, position, message
        where = f" at character {position + 1}" if position is not None else ""
        super().__init__(f"invalid pattern {pattern!r}: {message}{where}")


class NothingFound(BriefError):
    """A selection or a search that matches nothing: exit code 1, as grep's; `hints` are
    further lines (a did-you-mean)."""

    def __init__(self, message: str, hints: list[str] | None = None) -> None:
        super().__init__(message)
        self.hints = hints or []

    def lines(self) -> list[str]:
        return [f"hkai-brief: {self}", *(f"hkai-brief: {h}" for h in self.hints)]


class Problem(NamedTuple):
    """One thing wrong with a data file, at a line and column (both from 1) where known."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: error: {self.path}: {self.message}"


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
    """A template that cannot be read, compiled, rendered or drawn, with its file and line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: error: {message}")

    def lines(self) -> list[str]:
        return [str(self)]


class OutputError(BriefError):
    """An output that cannot or may not be written."""
