"""Writing output files so that nothing is lost: no half-written file, no file silently replaced.

A regular file is written through a temporary file beside it and renamed over it in one step, so
an error or Ctrl-C leaves the previous file as it was. A symlink is followed and its target
replaced the same way. Anything else that exists (a device such as /dev/null, a named pipe,
/dev/stdout, a shell's >(process)) is written to directly, as any tool would.
An existing regular file is replaced only if it is an earlier output of hkai-brief (it has the
"Generated on ... by hkai-brief" line, or JSON's "tool"), or with force: the output of a user's
own template, which need not have that line, needs --force to be replaced.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

# Every built-in template writes one of these lines near the top of its output: the
# "Generated on ... by hkai-brief 1.2.3" line of Markdown and text, JSON's "tool" field.
SIGNATURE = re.compile(
    rb'^\*?Generated on [^\n]* by hkai-brief \d[^\n]*$|^ *"tool": "hkai-brief \d', re.M
)


class OutputError(Exception):
    """An output path that cannot or may not be written."""


def _looks_like_ours(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return SIGNATURE.search(head) is not None


def write_output(where: str | os.PathLike[str], text: str, force: bool = False) -> None:
    """Write `text` to `where` as the module's rules say; OutputError explains a refusal."""
    path = Path(where)
    try:
        info = path.stat()  # follows symlinks
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {path}: it is a directory")
        try:
            with path.open("w", encoding="utf-8", newline="") as f:
                f.write(text)
        except OSError as e:
            raise OutputError(f"cannot write {path}: {e.strerror}") from None
        return
    target = path.resolve() if path.is_symlink() else path
    if info is not None and not force and not _looks_like_ours(target):
        raise OutputError(
            f"{path} exists and was not written by hkai-brief; use --force to replace it"
        )
    if not target.parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {target.parent} does not exist")
    try:
        _replace(target, text)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror}") from None


def _replace(path: Path, text: str) -> None:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            temp.chmod(stat.S_IMODE(path.stat().st_mode))
        else:
            temp.chmod(0o666 & ~_umask())
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
