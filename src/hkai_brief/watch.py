"""--watch: run a command again whenever the files it reads change, one line a run.

Polling, twice a second: a stat of each data and template file. watchfiles would answer at
once, but is a compiled extra for a loop that reads a few files; a person saving a file waits
half a second at most (docs/decisions.md, 29). Ctrl-C ends it, with exit code 0.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import BriefError
from .output import to_stderr

if TYPE_CHECKING:
    from .options import Settings

# How often the files are looked at, in seconds (HKAI_BRIEF_WATCH_SECONDS for tests).
INTERVAL = 0.5


def files(paths: tuple[str, ...], folders: tuple[str, ...] = ()) -> list[str]:
    """The files under `paths` (a folder's data files, looked at anew each time, so that a
    file added to it is seen), and every file in `folders` (a template folder)."""
    from .load import SUFFIXES

    found = []
    for path in (*paths, *folders):
        if os.path.isdir(path):
            every = path in folders
            with os.scandir(path) as entries:
                found += sorted(e.path for e in entries if every or e.name.endswith(SUFFIXES))
        else:
            found.append(path)
    return found


def _stamps(paths: list[str]) -> tuple[tuple[str, int, int], ...]:
    stamps = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            stamps.append((path, -1, -1))
            continue
        stamps.append((path, info.st_size, info.st_mtime_ns))
    return tuple(stamps)


def watch(
    watched: Callable[[], list[str]], once: Callable[[], str], kept: str = "", every: bool = False
) -> None:
    """Run `once` now, and again each time a file of `watched()` changes; say each run's
    result on a line of its own: `once`'s words, or the first of its problems and `kept` (or,
    with `every`, each problem on a line after it)."""
    interval = float(os.environ.get("HKAI_BRIEF_WATCH_SECONDS") or INTERVAL)
    last = None
    to_stderr("hkai-brief: watching; Ctrl-C to stop\n")
    try:
        while True:
            now = _stamps(watched())
            if now != last:
                last = now
                to_stderr(f"{time.strftime('%H:%M:%S')} {_run(once, kept, every)}\n")
            time.sleep(interval)
    except KeyboardInterrupt:
        to_stderr("hkai-brief: stopped watching\n")


def _run(once: Callable[[], str], kept: str, every: bool) -> str:
    try:
        return once()
    except BriefError as e:
        lines = e.lines() if hasattr(e, "lines") else [str(e)]
        problems = [line for line in lines if ": error: " in line] or lines
        if every:
            return "\n".join([lines[-1], *problems])  # validate: the count, then each
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return f"{problems[0]}{more}{kept}"


# --- the commands that watch ------------------------------------------------------------


def render_watching(settings: Settings, request: Any, fmt: str, output: str, force: bool) -> None:
    """render --watch: the handout written again on each change; an error keeps the last."""
    from .output import write_output
    from .views import handout
    from .wording import UNICODE

    def once() -> str:
        from .select import choose

        data = settings.data_for()
        made = handout(data, request, fmt, UNICODE)
        write_output(output, made.content, force=force)
        count = len(choose(data.dataset, request.selection))
        return f"wrote {output} ({count} measure{'' if count == 1 else 's'})"

    watch(lambda: _watched(settings, request), once, f"; {output} is kept as it was")


def _watched(settings: Settings, request: Any) -> list[str]:
    """The files a run reads: the data, and the user's templates."""
    from .resources import default_data

    paths = settings.data or settings.data_from_env or (default_data(),)
    template = (request.template,) if request.template else ()
    folder = (request.template_dir,) if request.template_dir else ()
    return files((*paths, *template), folder)


def validate_watching(settings: Settings, paths: tuple[str, ...], once: Callable[[], str]) -> None:
    """validate --watch: the data checked again on each change."""
    from .resources import default_data

    given = paths or settings.data or settings.data_from_env or (default_data(),)
    watch(lambda: files(given), once, every=True)
