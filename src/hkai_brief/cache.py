"""The user's cache folder, used only when it is certainly the user's own.

A cache holds things the tool will read back and trust (compiled templates), so a folder that
someone else could have written into is never used: it must be a real folder (not a symlink),
owned by the user running the tool, with no access for group or others (mode 0700), in a parent
that nobody else can rename it out of. Files in it are opened relative to the folder's own
descriptor, without following links and without blocking, and only regular files are read.
Anything that is not right means "no cache": the tool works the same, a little slower.

Where it is: HKAI_BRIEF_CACHE_DIR (empty turns the cache off), else $XDG_CACHE_HOME/hkai-brief,
else ~/.cache/hkai-brief. A relative path, an unexpanded `~` or an empty HOME turn it off: the
XDG specification says to ignore a relative XDG_CACHE_HOME, and a cache must never land in the
current folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping

# Big enough for any compiled template; a bigger file is not one of ours.
MAX_FILE = 16 * 2**20


def location(environ: Mapping[str, str] | None = None) -> str | None:
    """The cache folder's path as the settings give it, or None when the cache is off."""
    env = os.environ if environ is None else environ
    base = env.get("HKAI_BRIEF_CACHE_DIR")
    if base is not None:
        return base if os.path.isabs(base) else None
    xdg = env.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, "hkai-brief")
    home = env.get("HOME")
    if home is None:
        home = os.path.expanduser("~")  # the password database, when HOME is unset
    if not os.path.isabs(home) or home == "/":
        return None  # "~" unexpanded, empty, relative, or root's "/" of a HOME= run
    return os.path.join(home, ".cache", "hkai-brief")


def _private(info: os.stat_result) -> bool:
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def _trusted(info: os.stat_result) -> bool:
    """A folder that nobody but the user (or root) can rename things in or out of: the
    user's own, or root's and either closed to others or sticky (/tmp)."""
    if not stat.S_ISDIR(info.st_mode):
        return False
    if info.st_uid == os.geteuid():
        return True
    return info.st_uid == 0 and (info.st_mode & 0o022 == 0 or bool(info.st_mode & stat.S_ISVTX))


def _trusted_parent(parent: str) -> bool:
    """Whether the cache folder's parent (~/.cache, $XDG_CACHE_HOME) can hold it. A missing
    parent is made only inside a folder that is the user's own: root run with another user's
    HOME (sudo -E) must not leave a root-owned ~/.cache in it, or follow that user's links."""
    try:
        return _trusted(os.stat(parent))
    except FileNotFoundError:
        pass
    except OSError:
        return False
    try:
        above = os.stat(os.path.dirname(parent))
        if not (stat.S_ISDIR(above.st_mode) and above.st_uid == os.geteuid()):
            return False
        os.mkdir(parent, 0o700)
        return _trusted(os.lstat(parent))
    except FileExistsError:
        return False  # made by someone else in the meantime: not trusted this run
    except OSError:
        return False


class Folder:
    """An open, checked cache folder: files are read and written relative to its descriptor."""

    def __init__(self, fd: int, path: str) -> None:
        self.fd = fd
        self.path = path

    def read(self, name: str) -> bytes | None:
        """A regular file's bytes, or None: missing, a link, a pipe, too big or unreadable."""
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(name, flags, dir_fd=self.fd)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE:
                return None
            if info.st_uid != os.geteuid():
                return None
            chunks = []
            left = info.st_size + 1
            while left > 0:
                chunk = os.read(fd, left)
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            data = b"".join(chunks)
            return data if len(data) <= info.st_size else None
        except OSError:
            return None
        finally:
            os.close(fd)

    def write(self, name: str, data: bytes) -> None:
        """Write a file whole, through a temporary file and a rename; failures are ignored."""
        temp = f".{name}.{os.getpid()}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(temp, flags, 0o600, dir_fd=self.fd)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=self.fd)

    def close(self) -> None:
        os.close(self.fd)


def _open_private(name: str, dir_fd: int | None) -> int | None:
    """Make the folder if need be and open it, if it is certainly the user's own."""
    try:
        os.mkdir(name, 0o700, dir_fd=dir_fd)
    except FileExistsError:
        pass
    except OSError:
        return None
    flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(name, flags | getattr(os, "O_CLOEXEC", 0), dir_fd=dir_fd)
    except OSError:
        return None  # a symlink (ELOOP), not a folder, or not ours to open
    if not _private(os.fstat(fd)):
        os.close(fd)
        return None
    return fd


def open_folder(sub: str, environ: Mapping[str, str] | None = None) -> Folder | None:
    """The cache's `sub` folder, made if need be, or None if it cannot be trusted.

    Both the cache folder and `sub` must be private; `sub` is opened through the cache
    folder's descriptor, so nothing renamed or planted in between is followed.
    """
    if not (hasattr(os, "O_NOFOLLOW") and os.open in os.supports_dir_fd):
        return None  # no safe way to open files in it on this platform
    base = location(environ)
    if not base:
        return None
    if not _trusted_parent(os.path.dirname(base)):
        return None
    base_fd = _open_private(base, None)
    if base_fd is None:
        return None
    try:
        fd = _open_private(sub, base_fd)
    finally:
        os.close(base_fd)
    return None if fd is None else Folder(fd, os.path.join(base, sub))
