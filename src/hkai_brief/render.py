"""Briefings from Jinja templates: the environment, its filters, escaping, and template errors.

Every value a template prints passes through the format's escaper (Jinja's `finalize`), so no
string from the data can add Markdown structure, rich markup or terminal escape sequences; only
the template's own text can. Filters that already escaped their result return `Safe`.
Built-in templates live in `templates/`; a user's template, or a folder of them that replaces
built-ins one file at a time, runs in Jinja's sandbox.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import jinja2
import jinja2.bccache
import jinja2.loaders
import jinja2.runtime

from . import figures
from .model import PartialDate
from .resources import shipped
from .text import clean, json_dumps, one_line


class Safe(str):
    """Text a filter has already escaped for the output format."""

    __slots__ = ()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Anything markdown_text would change: a special character, a control or line break, or a start
# that could open a block.
_MARKDOWN_ANY = re.compile(
    "[\\\\`*_\\[\\]<>|~#&\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]"
    "|^[\\s\\d+=.)-]"
)
# What opens a block at the start of a line: a list item (- + 1. 1)), a thematic break or a
# setext underline (--- ===).
_BLOCK_START = re.compile(r"^(\d{0,9})([-+]|(?<=\d)[.)])(?=\s|$)|^()([-=])(?=[-=\s]*$)")


def markdown_text(value: object) -> str:
    """Data as literal Markdown text: specials escaped, one line, so it adds no structure.

    A value may start a line (a summary does), so what would open a block there is escaped
    too: a list marker (- + 1. 1)), a break or underline (--- ===), leading spaces (code).
    """
    text = str(value)
    if not _MARKDOWN_ANY.search(text):
        return text  # most values: nothing to escape
    return escape_markdown(text)


def escape_markdown(text: str) -> str:
    """markdown_text without its quick path (a test checks that the two agree)."""
    text = one_line(text)
    body = text.lstrip()
    # Four leading spaces would open a code block: keep at most one. What follows may then start
    # the line (a template may print the value first), so a list marker or a break there is
    # escaped too.
    lead = " " if len(body) < len(text) else ""
    body = _MARKDOWN_SPECIAL.sub(r"\\\1", body)
    body = _BLOCK_START.sub(lambda m: f"{m[1] or m[3] or ''}\\{m[2] or m[4]}", body)
    return lead + _ENTITY.sub("&amp;", body)


def rich_text(value: object) -> str:
    from rich.markup import escape

    return escape(one_line(str(value)))


def plain_text(value: object) -> str:
    return one_line(str(value))


def json_text(value: Any) -> Safe:
    return Safe(json_dumps(value, indent=2))


class Format(NamedTuple):
    template: str
    escape: Callable[[object], str]


FORMATS = {
    "markdown": Format("briefing.md.j2", markdown_text),
    "text": Format("briefing.txt.j2", plain_text),
    "json": Format("briefing.json.j2", plain_text),
    "terminal": Format("summary.j2", rich_text),
    "show": Format("show.j2", rich_text),
}


class TemplateProblem(Exception):
    """A template that cannot be read, compiled or rendered, with its file and line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: error: {message}")


class _Loader(jinja2.BaseLoader):
    """Finds a template: the user's main template, then the user's folder, then the built-ins."""

    def __init__(self, folders: list[str], overrides: dict[str, str]) -> None:
        self.folders = folders
        self.overrides = overrides

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.overrides.get(template)
        if path is None:
            # Names are split as Jinja's own loader does: no '..', so an include cannot leave
            # the template folders ('/etc/passwd' is looked for as templates/etc/passwd).
            pieces = jinja2.loaders.split_template_path(template)
            for folder in self.folders:
                candidate = os.path.join(folder, *pieces)
                inside = os.path.realpath(candidate).startswith(
                    os.path.join(os.path.realpath(folder), "")
                )
                if inside and os.path.isfile(candidate):
                    path = candidate
                    break
        if path is None:
            raise jinja2.TemplateNotFound(template)
        try:
            with open(path, encoding="utf-8") as f:
                source = f.read()
            mtime = os.path.getmtime(path)
        except (OSError, UnicodeDecodeError) as e:
            raise TemplateProblem(path, None, f"cannot read template: {e}") from None
        found = path
        return source, found, lambda: os.path.getmtime(found) == mtime


# What a user template may build with * and **: enough for any briefing, too little to take
# the machine's memory.
MAX_SIZE = 10_000_000


@functools.cache
def _sandbox() -> type[jinja2.Environment]:
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


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the user's cache folder, so that only the first run compiles them
    (some 40 ms for the summary). A cache that cannot be read or written is simply not used."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged cache file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache(sandboxed: bool) -> jinja2.BytecodeCache | None:
    """HKAI_BRIEF_CACHE_DIR, else $XDG_CACHE_HOME/hkai-brief or ~/.cache/hkai-brief; an empty
    HKAI_BRIEF_CACHE_DIR turns the cache off."""
    base = os.environ.get("HKAI_BRIEF_CACHE_DIR")
    if base is None:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "hkai-brief")
    if not base:
        return None
    # Code made for the sandbox differs (it checks * and **): keep the two apart, and apart
    # from another Jinja's.
    kind = "sandbox" if sandboxed else "plain"
    folder = os.path.join(base, f"jinja-{jinja2.__version__}-{kind}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(folder)


def environment(
    fmt: Format, template: str | None = None, template_dir: str | None = None
) -> jinja2.Environment:
    builtin = shipped("templates")
    folders = [template_dir, builtin] if template_dir else [builtin]
    overrides = {fmt.template: template} if template else {}
    user = template is not None or template_dir is not None
    cls = _sandbox() if user else jinja2.Environment
    escape = fmt.escape

    def finalize(value: object) -> object:
        if isinstance(value, Safe):
            return value
        return escape(value)

    env = cls(
        loader=_Loader([f for f in folders if f is not None], overrides),
        bytecode_cache=_bytecode_cache(user),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    def wrap(value: object, width: int = 78, indent: str = "", hang: str = "") -> Safe:
        import textwrap

        return Safe(
            textwrap.fill(
                escape(value),
                width=width,
                initial_indent=indent,
                subsequent_indent=hang,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )

    env.filters.update(
        money=lambda amount, currency="HKD": figures.money(amount, currency),
        number=figures.number,
        figure=figures.figure,
        date=_date,
        first_sentence=first_sentence,
        capitalize_first=lambda text: text[:1].upper() + text[1:],
        bracket=lambda text: f"[{text}]",
        cell=lambda value: Safe(markdown_text(value)),
        url=lambda value: Safe("<" + _URL_UNSAFE.sub(_percent, str(value)) + ">"),
        safe=Safe,
        tojson=json_text,
        # Padding is for columns: a width past 200 is a mistake, or an attempt on memory.
        pad=lambda value, width: Safe(
            escape(value) + " " * max(0, min(width, 200) - len(str(value)))
        ),
        wrap=wrap,
    )
    return env


_URL_UNSAFE = re.compile(r"[\x00-\x20<>\x7f-\x9f]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _date(value: object, qualifier: str | None = None) -> str:
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if not isinstance(value, PartialDate):
        raise TypeError(f"the date filter takes a date, not {type(value).__name__}")
    return figures.date(value, qualifier)


def render(
    context: dict[str, Any],
    format_name: str,
    template: str | None = None,
    template_dir: str | None = None,
) -> str:
    """The format's template filled from `context`; TemplateProblem names file and line."""
    fmt = FORMATS[format_name]
    env = environment(fmt, template, template_dir)
    alarm = _start_clock(env)
    try:
        # Data was escaped on its way in; this catches control characters in a template's text.
        return clean(env.get_template(fmt.template).render(**context))
    except TemplateProblem:
        raise
    except jinja2.TemplateSyntaxError as e:
        file = e.filename or e.name or "?"
        raise TemplateProblem(file, e.lineno, e.message or "syntax error") from None
    except jinja2.TemplateNotFound as e:
        file, line = _template_frame(e, env)
        if line is None:
            file = str(template or template_dir or "templates")
        raise TemplateProblem(file, line, f"template not found: {e.name}") from None
    except Exception as e:
        file, line = _template_frame(e, env)
        raise TemplateProblem(file, line, str(e) or type(e).__name__) from None
    finally:
        _stop_clock(alarm)


# A user template gets this long to render; a loop of loops must not hang the terminal.
TIME_LIMIT = 10.0


class TemplateTimeout(Exception):
    def __str__(self) -> str:
        return f"the template took longer than {TIME_LIMIT:g} seconds"


def _start_clock(env: jinja2.Environment) -> bool:
    """Bound a sandboxed render's time where the platform can (POSIX, main thread)."""
    if not env.sandboxed:
        return False
    import signal
    import threading

    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False

    def expire(signum: int, frame: object) -> None:
        raise TemplateTimeout

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    return True


def _stop_clock(started: bool) -> None:
    if started:
        import signal

        signal.setitimer(signal.ITIMER_REAL, 0)


def _template_frame(error: BaseException, env: jinja2.Environment) -> tuple[str, int | None]:
    """Where in a template the error happened: Jinja maps its frames to template lines."""
    import traceback  # only on an error

    files = set()
    loader = env.loader
    if isinstance(loader, _Loader):
        files = {str(f) for f in loader.folders}
        overrides = {str(p) for p in loader.overrides.values()}
    else:  # pragma: no cover
        overrides = set()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        name = frame.filename
        if name in overrides or any(name.startswith(f + "/") for f in files):
            return name, frame.lineno
    return "template", None
