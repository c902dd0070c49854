"""Writing output so that nothing is lost: no half-written file, no file silently replaced, no
write that stops short without an error.

- A regular file is written through a temporary file beside it and renamed over it in one step,
  so an error, Ctrl-C or a kill leaves the previous file as it was.
- An existing file is replaced only if it is hkai-brief's own, unchanged: every built-in
  format carries a digest of its own content (`hkai-brief-digest:...`), and a file whose
  content no longer matches its digest was edited by someone, so it is kept unless --force.
- /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N are the descriptors they name: the
  output is written into the descriptor (appending when it was opened to append), never
  renamed over whatever file it leads to. Other devices and named pipes are written into.
- A symlink is followed to a file that exists; a dangling symlink is refused, as GNU cp does.
- Every write checks that all of it went out: a full disk or a size limit is an error, never
  a file cut short with exit code 0.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import sys
from collections.abc import Iterator
from typing import NoReturn, TypeVar

from .errors import OutputError, ReaderGone, Stopped

_Content = TypeVar("_Content", str, bytes)

DIGEST_TAG = "hkai-brief-digest:"
DIGEST_LENGTH = 32
# Built-in templates print this; `sign` replaces it with the digest of the whole text.
DIGEST_PLACEHOLDER = DIGEST_TAG + "0" * DIGEST_LENGTH
_DIGEST = re.compile(re.escape(DIGEST_TAG.encode()) + rb"([0-9a-f]{%d})" % DIGEST_LENGTH)
# What a regular file may be read to check its digest: handouts are far smaller.
_MAX_CHECK = 256 * 2**20
# The descriptors a path can name: /dev/stdout, /dev/fd/3, /proc/self/fd/3, /proc/<us>/fd/3.
_DESCRIPTOR = re.compile(
    r"/dev/(stdin|stdout|stderr)|/dev/fd/(\d+)"
    r"|/proc/(self|thread-self|\d+)(?:/task/(\d+))?/fd/(\d+)"
)
# The most a descriptor number can be (a C int); a larger one names no descriptor.
_MAX_FD = 2**31 - 1


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def sign(content: _Content) -> _Content:
    """The content with the digest of the whole in place of every placeholder (a PDF has it
    twice: in its keywords and its XMP metadata)."""
    data = content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
    placeholder = DIGEST_PLACEHOLDER.encode("ascii")
    if placeholder not in data:
        return content
    signed = data.replace(placeholder, (DIGEST_TAG + _digest(data)).encode("ascii"))
    if isinstance(content, str):
        return signed.decode("utf-8", "surrogateescape")
    return signed


def is_unchanged_output(data: bytes) -> bool:
    """True if the data holds a digest that matches it: hkai-brief wrote it, nobody edited it."""
    placeholder = DIGEST_PLACEHOLDER.encode("ascii")
    found = list(dict.fromkeys(m.group(1) for m in _DIGEST.finditer(data)))
    # A handout holds one digest (a PDF, one twice); a file of many is checked at its ends
    # only, so that a file stuffed with tags costs a few hashes, not one per tag.
    for digest in found[:2] + found[2:][-2:]:
        unsigned = data.replace(DIGEST_TAG.encode("ascii") + digest, placeholder)
        if _digest(unsigned) == digest.decode("ascii"):
            return True
    return False


def _show(path: str) -> str:
    from .sanitize import clean

    return clean(path)


def _descriptor(path: str) -> int | None:
    """The descriptor a path names: one of the spellings of a descriptor (/dev/stdout,
    /dev/fd/N, /proc/self/fd/N and their relatives), or any path to the very file that standard
    output or error is (a symlink to /dev/stdout, //dev/stdout, the file stdout goes to)."""
    normal = os.path.normpath(path)
    if normal.startswith("//"):  # POSIX keeps a leading '//'; Linux reads it as '/'
        normal = "/" + normal.lstrip("/")
    m = _DESCRIPTOR.fullmatch(normal)
    if m is not None:
        if m[1]:
            return {"stdin": 0, "stdout": 1, "stderr": 2}[m[1]]
        if m[2]:
            return min(int(m[2]), _MAX_FD + 1)
        ours = m[3] in ("self", "thread-self") or int(m[3]) == os.getpid()
        if ours:
            return min(int(m[5]), _MAX_FD + 1)
    try:
        target = os.stat(path)
    except (OSError, ValueError):
        return None
    for fd in (1, 2):
        if fd in _closed:
            continue
        try:
            stream = os.fstat(fd)
        except OSError:
            continue
        same = (stream.st_dev, stream.st_ino) == (target.st_dev, target.st_ino)
        if same and (stat.S_ISREG(target.st_mode) or stat.S_ISFIFO(target.st_mode)):
            return fd
    return None


def _write_descriptor(fd: int, data: bytes, shown: str) -> None:
    if fd in _closed:
        name = {0: "standard input", 1: "standard output", 2: "standard error"}[fd]
        raise OutputError(f"cannot write {shown}: {name} is closed")
    if fd > _MAX_FD:
        raise OutputError(f"cannot write {shown}: Bad file descriptor")
    try:
        write_all(fd, data)
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None


def is_terminal(where: str) -> bool:
    """Whether a path to write to is a terminal (/dev/tty, or /dev/stdout on a terminal)."""
    fd = _descriptor(where)
    if fd is not None:
        return fd <= _MAX_FD and fd not in _closed and os.isatty(fd)
    try:
        if not stat.S_ISCHR(os.stat(where).st_mode):
            return False
        flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
        probe = os.open(where, flags)
    except (OSError, ValueError):
        return False
    try:
        return os.isatty(probe)
    finally:
        os.close(probe)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte to a descriptor; OSError if that cannot be done (a full disk, a size
    limit), never a silent short write."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            # A descriptor someone set non-blocking (a shared pipe or terminal): wait until
            # it can take more, rather than fail with 64 KB written.
            import select

            select.select([], [fd], [])
            continue
        if written <= 0:  # pragma: no cover - os.write raises rather than return 0
            raise OSError(28, "No space left on device")
        view = view[written:]


def write_output(where: str, text: str | bytes, force: bool = False) -> None:
    """Write to the path `where` as the module's rules say; OutputError explains a refusal."""
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    shown = _show(where)
    fd = _descriptor(where)
    if fd is not None:
        _write_descriptor(fd, data, shown)
        return
    if where.endswith("/"):
        raise OutputError(f"cannot write {shown}: a file name cannot end with '/'")
    try:
        link = os.lstat(where)
    except FileNotFoundError:
        link = None
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None
    target = where
    if link is not None and stat.S_ISLNK(link.st_mode):
        try:
            resolved = os.path.realpath(where)
        except OSError as e:
            raise OutputError(f"cannot write {shown}: {e.strerror}") from None
        if not os.path.lexists(resolved) or not os.path.exists(where):
            raise OutputError(
                f"cannot write {shown}: it is a symlink to {_show(os.readlink(where))}, which"
                " does not exist (hkai-brief does not write through a dangling symlink)"
            )
        target = resolved
    try:
        info = os.stat(target) if link is not None else None
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {shown}: it is a directory")
        _write_into(where, data, shown)
        return
    if info is not None and not force:
        _check_ours(target, shown)
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write {shown}: folder {_show(folder)} does not exist")
    try:
        _replace(target, data, info)
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None


def create_new(where: str, text: str) -> None:
    """Write a new file at `where`, whole, and never over anything already there."""
    if where == "-":
        from .errors import UsageError

        raise UsageError("a new file needs a name, such as my-reply.yaml; - is standard output")
    shown = _show(where)
    if os.path.lexists(where):
        raise OutputError(f"{shown} already exists; it is left as it is: give a new file's name")
    folder = os.path.dirname(where) or "."
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write {shown}: there is no folder {_show(folder)}")
    try:
        _replace(where, text.encode("utf-8"), None)
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None


def _check_ours(path: str, shown: str) -> None:
    try:
        with open(path, "rb") as f:
            data = f.read(_MAX_CHECK + 1)
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None
    if len(data) <= _MAX_CHECK and is_unchanged_output(data):
        return
    if _DIGEST.search(data):
        raise OutputError(
            f"{shown} was edited after hkai-brief wrote it; use --force to replace it"
        )
    raise OutputError(
        f"{shown} exists and has no hkai-brief digest (it is not a handout hkai-brief wrote,"
        " or its template does not print {{ digest }}); use --force to replace it"
    )


def _write_into(path: str, data: bytes, shown: str) -> None:
    """A device or a named pipe: written into, as a shell's redirection would."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a file since we looked
            raise OutputError(f"cannot write {shown}: it changed while being written")
        write_all(fd, data)
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None
    finally:
        os.close(fd)


@contextlib.contextmanager
def stopping_cleanly() -> Iterator[None]:
    """Within this, SIGTERM and SIGHUP raise Stopped, so that `finally` and `except` clauses
    remove temporary files and child processes (cli.report gives exit code 128 + the signal)."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    # Every signal whose default is to end the process and that a program may catch: INT is
    # KeyboardInterrupt already.
    catchable = ("SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGVTALRM", "SIGPROF")
    names = [s for s in catchable if hasattr(signal, s)]
    old = {name: signal.signal(getattr(signal, name), stop) for name in names}
    try:
        yield
    finally:
        for name, handler in old.items():
            signal.signal(getattr(signal, name), handler)


def _replace(path: str, data: bytes, old: os.stat_result | None) -> None:
    import tempfile

    folder = os.path.dirname(path) or "."
    with stopping_cleanly():
        # A short name of our own, not the target's: a 255-byte target name must still work.
        fd, temp = tempfile.mkstemp(prefix=".hkai-brief-", suffix=".tmp", dir=folder)
        try:
            try:
                write_all(fd, data)
                os.fsync(fd)
                mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask()
                os.fchmod(fd, mode)
                if old is not None:
                    _keep_owner(fd, old)
            finally:
                os.close(fd)
            if old is None:
                _place(temp, path)
            else:
                os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """The new file keeps the old one's owner and group where the process may give them: root
    replacing a user's handout must not make it root's (and unreadable to its owner)."""
    if (old.st_uid, old.st_gid) == (os.geteuid(), os.getegid()):
        return
    with contextlib.suppress(OSError):
        os.fchown(fd, old.st_uid if os.geteuid() == 0 else -1, old.st_gid)


def _place(temp: str, path: str) -> None:
    """A new file put in place only if still nothing is there: a file someone saved at the
    same path meanwhile is never replaced (a hard link fails where the name is taken)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise OutputError(
            f"cannot write {_show(path)}: a file of that name appeared while hkai-brief was"
            " writing; run again to see whether it may be replaced"
        ) from None
    except OSError:  # no hard links here (FAT, some network file systems): rename instead
        os.replace(temp, path)
        return
    os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- standard output and error -----------------------------------------------------------------
#
# cli.run hands the process's standard output to `take_stdio`: from then on everything printed
# (click's --help and --version too) goes through `to_stdout`, which writes every byte or fails
# with OutputError. Under a test's capture, the captured streams are written as they are.

_stdout_fd: int | None = None  # the real descriptor once taken; None: write to sys.stdout
_stdout_closed = False
# The standard descriptors the process started without (`>&-`): /dev/null stands in for them.
_closed: frozenset[int] = frozenset()
_encoding = "utf-8"


class _Stdout(io.TextIOBase):
    """sys.stdout while cli.run runs: every write goes through to_stdout, unbuffered."""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return _encoding

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "replace"

    def write(self, text: str) -> int:
        to_stdout(text)
        return len(text)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return not _stdout_closed and os.isatty(1)

    def fileno(self) -> int:
        return 1


def take_stdio() -> None:
    """Make standard output and error safe to use, whatever state the process started in.

    A descriptor the process started without (`>&-`, `2>&-`) is taken by /dev/null, so that no
    file opened later lands on it (and receives messages); writing to a closed stdout is then an
    error, and messages to a closed stderr are dropped, never sent to stdout.
    """
    global _stdout_fd, _stdout_closed, _encoding, _closed
    if sys.stdout is not sys.__stdout__ or sys.stderr is not sys.__stderr__:
        return  # a test captures the streams: leave them to it
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
    for fd in closed:
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    if sys.stdout is not None:
        # Piped or redirected, output is UTF-8 whatever the locale: handouts, JSON and hits
        # are data, and a '?' for every Chinese character would lose it. A terminal gets what
        # it can show.
        _encoding = (sys.stdout.encoding or "utf-8") if os.isatty(1) else "utf-8"
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
    _stdout_closed = 1 in closed
    _closed = frozenset(closed)
    _stdout_fd = 1
    sys.stdout = _Stdout()
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    elif hasattr(sys.stderr, "reconfigure"):
        # A terminal that cannot show Chinese gets '?' rather than a crash.
        sys.stderr.reconfigure(errors="replace")


def leave(code: int) -> NoReturn:
    """End the process with `code`, once everything the run wrote is out, every file it wrote
    closed and in place and the index committed: without Python's teardown, which frees every
    object one by one (a tenth of a search of a corpus, for no one's benefit)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


def encoding() -> str:
    if _stdout_fd is not None:
        return _encoding
    return getattr(sys.stdout, "encoding", None) or "utf-8"


def to_stdout(text: str | bytes) -> None:
    """Print to standard output, all of it or an OutputError (ReaderGone for a closed pipe).
    Bytes (a PDF, UTF-8 HTML) are written as they are."""
    if _stdout_closed:
        raise OutputError("cannot write standard output: it is closed")
    try:
        if _stdout_fd is not None:
            data = text if isinstance(text, bytes) else text.encode(_encoding, "replace")
            write_all(_stdout_fd, data)
            return
        # A test's capture, or an embedding program's stream.
        stream = sys.stdout
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            encoding = getattr(stream, "encoding", None) or "utf-8"
            buffer.write(text if isinstance(text, bytes) else text.encode(encoding, "replace"))
            buffer.flush()
        elif isinstance(text, bytes):
            raise OutputError("cannot write bytes to this standard output")
        else:
            stream.write(text)
            stream.flush()
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as e:
        raise OutputError(f"cannot write standard output: {e.strerror or e}") from None


def to_stderr(text: str) -> None:
    """Print a message to standard error; if that is impossible (closed, full), there is
    nowhere to say so, and it is dropped. Never to standard output."""
    stream = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        stream.write(text)
        stream.flush()
