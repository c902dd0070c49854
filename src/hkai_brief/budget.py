"""A time budget for work that could run away (a regular expression that backtracks without
end), enforced by a timer signal whose exception no `except Exception` can swallow.

Python's regular expression engine checks for signals while it matches, so the timer stops it
mid-match. Where there is no timer (not POSIX, or not the main thread) there is no budget.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .errors import Expired


def seconds(value: float) -> str:
    return f"{value:g} second{'' if value == 1 else 's'}"


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    import signal
    import threading

    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:  # pragma: no cover - Windows, or a thread
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Expired

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
