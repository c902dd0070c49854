"""Running a user's template: Jinja's sandbox, in a child process with limits nothing can lift.

The sandbox keeps a template from reading files or running code. It cannot keep it from asking
for memory or time (`"x" | center(10**9)`, a loop of loops), and a limit enforced by an
exception inside the same process can be caught by the code it is meant to stop. So a user's
template is rendered in a forked child with a cap on its address space (RLIMIT_AS) and its CPU
time (RLIMIT_CPU), while the parent keeps a wall-clock deadline and kills the child when it
passes. Built-in templates are trusted and render in the process itself.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

import jinja2

from .budget import seconds
from .errors import Expired, TemplateError
from .output import stopping_cleanly

# What a child returns: text (a rendered template) or bytes (a typeset PDF).
Made = TypeVar("Made", str, bytes)

# A template gets this long, and this much memory above what the process already holds.
TIME_LIMIT = 10.0
MEMORY_LIMIT = 512 * 2**20
# What a user template may build with * and **: enough for any briefing.
MAX_SIZE = 10_000_000
# The most a child may send back: a briefing of a thousand measures is a few megabytes. The
# parent holds what it receives, so this bounds the parent's memory as RLIMIT_AS does the
# child's.
MAX_OUTPUT = 64 * 2**20
_TOO_MUCH = b"L"  # what _collect returns past MAX_OUTPUT: no child's payload starts with L
# Jinja releases before this have sandbox escapes (CVE-2024-56201, CVE-2024-56326,
# CVE-2025-27516): user templates are refused on them.
SAFE_JINJA = (3, 1, 6)


def jinja_is_safe(version: str | None = None) -> bool:
    parts = []
    for piece in (version or jinja2.__version__).split(".")[:3]:
        digits = "".join(c for c in piece if c.isdigit()) if piece else ""
        parts.append(int(digits) if digits else 0)
    return tuple(parts) >= SAFE_JINJA


def check_jinja() -> None:
    if not jinja_is_safe():
        wanted = ".".join(map(str, SAFE_JINJA))
        raise TemplateError(
            "template",
            None,
            f"user templates need Jinja2 {wanted} or newer (installed: {jinja2.__version__});"
            f" upgrade it with: pip install -U 'Jinja2>={wanted}'",
        )


@functools.cache
def environment_class() -> type[jinja2.Environment]:
    """Jinja's sandbox (no attribute tricks, bounded range), with bounded * and ** too.

    Made on first use: built-in templates do not need the sandbox module."""
    import jinja2.sandbox
    from jinja2.exceptions import SecurityError

    class Sandbox(jinja2.sandbox.SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(
            self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
        ) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > 1000:
                raise SecurityError("exponent too large for a template")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                    if sized and len(seq) * times > MAX_SIZE:
                        raise SecurityError("result too large for a template")
            return super().call_binop(context, operator, left, right)

    return Sandbox


def _too_long(name: str) -> TemplateError:
    return TemplateError(name, None, f"the template took longer than {seconds(TIME_LIMIT)}")


def _too_big(name: str) -> TemplateError:
    limit = MEMORY_LIMIT // 2**20
    return TemplateError(name, None, f"the template needed more than {limit} MB of memory")


def run(render: Callable[[], Made], name: str) -> Made:
    """`render()` under the time and memory limits; TemplateError, naming the template `name`,
    says what stopped it."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows: a deadline only
        return _in_process(render, name)
    return _in_child(render, name)


def _in_process(render: Callable[[], Made], name: str) -> Made:  # pragma: no cover - Windows
    import threading

    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return render()

    def expire(signum: int, frame: object) -> None:
        raise Expired

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        return render()
    except Expired:
        raise _too_long(name) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _child(render: Callable[[], str | bytes], out: int) -> None:
    """In the child: set the limits, render, send back 'O' and the text or 'E' and the error."""
    import resource

    used = _address_space()
    if used is not None:
        cap = used + MEMORY_LIMIT
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    seconds = max(1, int(TIME_LIMIT + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    try:
        made = render()
        if isinstance(made, bytes):
            payload = b"B" + made
        else:
            payload = b"O" + made.encode("utf-8", "surrogatepass")
    except TemplateError as e:
        payload = b"E" + json.dumps([e.file, e.line, e.message]).encode()
    except MemoryError:
        payload = b"M"
    except RecursionError:
        payload = b"E" + json.dumps([None, None, "the template nests too deeply"]).encode()
    except Exception as e:  # said to the user, as an error of the template it came from
        message = f"{type(e).__name__}: {e}"[:2000]
        payload = b"E" + json.dumps([None, None, message]).encode()
    view = memoryview(payload)
    while view:
        view = view[os.write(out, view) :]


def _in_child(render: Callable[[], Made], name: str) -> Made:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
        code = 0
        try:
            os.close(read_end)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            # What the child has to say comes back in the payload; a library's own report of
            # a crash (Rust prints a backtrace when it runs out of memory) is not for users.
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 2)
            _child(render, write_end)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        with stopping_cleanly():
            payload = _collect(read_end, time.monotonic() + TIME_LIMIT)
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    if payload is None:
        _kill(pid)
        raise _too_long(name)
    if payload == _TOO_MUCH:
        _kill(pid)
        limit = MAX_OUTPUT // 2**20
        raise TemplateError(name, None, f"the template wrote more than {limit} MB")
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        if os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
            raise _too_long(name)
        if os.WTERMSIG(status) == signal.SIGABRT:  # Rust (Typst) aborts when memory runs out
            raise _too_big(name)
        raise TemplateError(name, None, "the template stopped unexpectedly")
    kind, body = payload[:1], payload[1:]
    if kind == b"O":
        return body.decode("utf-8", "surrogatepass")  # type: ignore[return-value]
    if kind == b"B":
        return body  # type: ignore[return-value]
    if kind == b"E":
        file, line, message = json.loads(body)
        raise TemplateError(file or name, line, message)
    if kind == b"M":
        raise _too_big(name)
    raise TemplateError(name, None, "the template stopped unexpectedly")


def _collect(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes, or None if the deadline passes first."""
    import select

    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_OUTPUT:
            return _TOO_MUCH


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
