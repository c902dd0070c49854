"""Briefings from Jinja templates: the environment, its filters, escaping, and template errors.

Every value a template prints passes through the format's escaper (Jinja's `finalize`), so no
string from the data can add Markdown structure, rich markup or terminal escape sequences; only
the template's own text can. Filters that already escaped their result return `Safe`.
Built-in templates live in `templates/`; a user's template, or a folder of them that replaces
built-ins one file at a time, runs in Jinja's sandbox.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import jinja2
import jinja2.bccache
import jinja2.loaders
import jinja2.runtime

from . import layout, sandbox, wording
from .errors import TemplateError
from .model import PartialDate
from .output import DIGEST_PLACEHOLDER
from .resources import shipped
from .sanitize import clean, json_dumps, markdown_text, one_line


class Safe(str):
    """Text a filter has already escaped for the output format."""

    __slots__ = ()


def html_text(value: object) -> str:
    """Data as HTML text: escaped (& < > " '), one line, control characters shown, and any
    Chinese in <span lang="zh-Hant">, so that a browser or printer picks a Chinese font."""
    text = html_attribute(value)
    if not _CJK.search(text):
        return text
    return _CJK.sub(r'<span lang="zh-Hant">\g<0></span>', text)


def html_attribute(value: object) -> str:
    """Data for an HTML attribute value or <title>: escaped, one line, no markup at all."""
    from markupsafe import escape

    return str(escape(one_line(str(value))))


# Chinese, from its first character to its last with no space between ("「AIR@InnoHK」研發
# 平台" is one name): ideographs and CJK and full-width punctuation.
_HAN = (
    "\\u2e80-\\u2fdf\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff"
    "\\ufe30-\\ufe4f\\uff00-\\uffef\\U00020000-\\U0003134f"
)
_CJK = re.compile(f"[{_HAN}](?:[^\\s<>&]*[{_HAN}])?")


def typst_text(value: object) -> str:
    """Data as Typst markup: a string literal, #"...";, that prints as the text it holds
    (the semicolon ends it, so that a following '.x' or '(' is text, not code)."""
    return "#" + typst_string(value) + ";"


def typst_string(value: object) -> Safe:
    """Data as a Typst string literal, for code: a setting, a link's address."""
    text = one_line(str(value)).replace("\\", "\\\\").replace('"', '\\"')
    return Safe(f'"{text}"')


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
    # HTML: Jinja's autoescape on as well, so that even `a ~ b` is escaped as it is joined.
    autoescape: bool = False


FORMATS = {
    "markdown": Format("briefing.md.j2", markdown_text),
    "html": Format("briefing.html.j2", html_text, autoescape=True),
    "pdf": Format("briefing.typ.j2", typst_text),
    "text": Format("briefing.txt.j2", plain_text),
    "json": Format("briefing.json.j2", plain_text),
    "terminal": Format("summary.j2", rich_text),
    "terminal-full": Format("summary-full.j2", rich_text),
    "show": Format("show.j2", rich_text),
}


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
                if inside and os.path.exists(candidate):  # a pipe, a device: never read
                    raise TemplateError(candidate, None, "not a regular file")
        if path is None:
            raise jinja2.TemplateNotFound(template)
        try:
            with open(path, encoding="utf-8") as f:
                source = f.read()
            mtime = os.path.getmtime(path)
        except (OSError, UnicodeDecodeError) as e:
            raise TemplateError(path, None, f"cannot read template: {e}") from None
        found = path
        return source, found, lambda: os.path.getmtime(found) == mtime


class _BytecodeCache(jinja2.BytecodeCache):
    """Compiled built-in templates in the user's cache folder (cache.py says when it is
    trusted), so that only the first run compiles them: some 40 ms for the summary.

    A file holds a header that names everything the compiled code depends on (the tool,
    Jinja and Python versions, the environment's settings), the template source's checksum and
    the code, marshalled: no pickle. Anything that does not match is compiled afresh.
    """

    def __init__(self, folder: Any, header: bytes) -> None:
        self.folder = folder
        self.header = header

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        import marshal
        import types

        data = self.folder.read(bucket.key + ".cache")
        if data is None or not data.startswith(self.header):
            return
        checksum, _, code = data[len(self.header) :].partition(b"\n")
        if checksum != bucket.checksum.encode("ascii"):
            return
        try:
            loaded = marshal.loads(code)
        except (EOFError, ValueError, TypeError):
            bucket.reset()
            return
        if isinstance(loaded, types.CodeType):
            bucket.code = loaded
        else:  # marshalled, but not code: not ours
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        import marshal

        if bucket.code is None:
            return
        data = self.header + bucket.checksum.encode("ascii") + b"\n" + marshal.dumps(bucket.code)
        self.folder.write(bucket.key + ".cache", data)


def _settings(env: jinja2.Environment) -> str:
    """What compiled code depends on besides the template's source."""
    import sys

    from . import __version__

    return repr(
        (
            __version__,
            jinja2.__version__,
            sys.implementation.cache_tag,
            sys.version,
            type(env).__name__,
            env.trim_blocks,
            env.lstrip_blocks,
            env.keep_trailing_newline,
            env.autoescape,
            env.optimized,
            env.newline_sequence,
            (env.block_end_string, env.variable_end_string, env.comment_end_string),
            (env.line_statement_prefix, env.line_comment_prefix),
            env.finalize is not None,
            (env.block_start_string, env.variable_start_string, env.comment_start_string),
            sorted(env.extensions),
        )
    )


def _use_cache(env: jinja2.Environment) -> None:
    """Turn the bytecode cache on for an environment of built-in templates, if a trusted
    cache folder is there."""
    import hashlib

    from . import cache

    folder = cache.open_folder("templates")
    if folder is None:
        return
    key = hashlib.sha256(_settings(env).encode("utf-8")).hexdigest()
    env.bytecode_cache = _BytecodeCache(folder, f"hkai-brief {key}\n".encode("ascii"))


def environment(
    fmt: Format, template: str | None = None, template_dir: str | None = None, lang: str = "en"
) -> jinja2.Environment:
    builtin = shipped("templates")
    folders = [template_dir, builtin] if template_dir else [builtin]
    overrides = {fmt.template: template} if template else {}
    user = template is not None or template_dir is not None
    if user:
        _check_user_paths(template, template_dir)
        sandbox.check_jinja()
    cls = sandbox.environment_class() if user else jinja2.Environment
    escape = fmt.escape
    if escape is html_text and lang == "zh-Hant":
        # The whole page is declared Chinese: no span needed to pick a Chinese font.
        escape = html_attribute

    def finalize(value: object) -> object:
        if isinstance(value, Safe):
            return value
        return escape(value)

    if fmt.autoescape:
        from markupsafe import Markup

        def finalize(value: object) -> object:
            if isinstance(value, Markup):
                return value
            return Markup(value if isinstance(value, Safe) else escape(value))

    env = cls(
        loader=_Loader([f for f in folders if f is not None], overrides),
        undefined=jinja2.StrictUndefined,
        autoescape=fmt.autoescape,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # The mark by which a later run knows an unedited output of its own (output.py).
    env.globals["digest"] = Safe(DIGEST_PLACEHOLDER)
    if not user:
        # A user's templates are never cached: their compiled code would be read back by
        # later runs, and they change more often than they run.
        _use_cache(env)

    env.filters.update(filters(escape, lang))
    if fmt.autoescape:
        env.filters.update(html_filters())
    env.globals["_"] = _translator(lang, escape, fmt.autoescape)
    env.globals["lang"] = lang
    env.globals["json_data"] = _json_data
    return env


def _translator(lang: str, escape: Callable[[object], str], markup: bool) -> Callable[..., object]:
    """`_("Key figures")` in a template: the frame's words in the briefing's language
    (lang.py), {placeholders} filled with values escaped for the format."""
    from . import lang as languages

    def translate(phrase: str, **values: object) -> object:
        said = languages.translate(lang, phrase)
        if values:
            said = said.format(**{k: v if _is_safe(v) else escape(v) for k, v in values.items()})
        if markup:
            from markupsafe import Markup

            return Markup(said)
        return Safe(said)

    return translate


def _is_safe(value: object) -> bool:
    """A value already in the format's markup: the template's own, or a filter's output."""
    return isinstance(value, Safe) or hasattr(value, "__html__")


def _check_user_paths(template: str | None, template_dir: str | None) -> None:
    from .errors import UsageError

    if template is not None and not os.path.isfile(template):
        problem = "is a directory" if os.path.isdir(template) else "does not exist"
        raise UsageError(f"no template file {template!r}: it {problem} (--template)")
    if template_dir is not None and not os.path.isdir(template_dir):
        problem = "is a file" if os.path.exists(template_dir) else "does not exist"
        raise UsageError(f"no template folder {template_dir!r}: it {problem} (--template-dir)")


def filters(escape: Callable[[object], str], lang: str = "en") -> dict[str, Callable[..., Any]]:
    """The filters a template can use (docs/templates.md lists them); `escape` is the format's,
    `lang` the briefing's language (dates, money, figures and the frame's words in it)."""

    def in_lang(function: Callable[..., Any]) -> Callable[..., Any]:
        def localized(*args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs, lang=lang)

        localized.__doc__ = function.__doc__
        return localized

    return {
        "money": in_lang(money),
        "number": wording.number,
        "figure": in_lang(wording.figure),
        "figure_short": in_lang(wording.figure_short),
        "date": in_lang(_date),
        "status": in_lang(wording.status),
        "source_kind": in_lang(wording.source_kind),
        "first_sentence": first_sentence,
        "capitalize_first": capitalize_first,
        "bracket": bracket,
        "cell": cell,
        "url": url,
        "safe": Safe,
        "tojson": json_text,
        "cells": lambda value: layout.cells(str(value)),
        "short_date": in_lang(wording.short_date),
        "reference": in_lang(wording.reference),
        "applying": in_lang(wording.applying),
        "href": href,
        "yaml_text": yaml_text,
        "typst_string": typst_string,
        **_laid_out(escape),
    }


def _laid_out(escape: Callable[[object], str]) -> dict[str, Callable[..., Any]]:
    """The filters that lay text out (wrap, cut, pad, cite, link), escaped for the format."""

    def wrap(value: object, width: int = 78, indent: str = "", hang: str = "") -> Safe:
        """Text wrapped to `width` terminal cells, after `indent` then `hang`."""
        return Safe(layout.fill(escape(value), width, indent, hang))

    def fit(value: object, width: int, ellipsis: str = "…") -> Safe:
        """Text cut to `width` terminal cells, an ellipsis where it was cut."""
        return Safe(escape(layout.fit(str(value), width, ellipsis)))

    def link(value: object) -> Safe:
        """A URL as a terminal hyperlink (rich's link markup), its text the URL itself."""
        text = escape(value)
        address = str(value)
        if not _PLAIN_URL.fullmatch(address):
            return Safe(text)
        return Safe(f"[link={address}]{text}[/link]")

    def cite(numbers: int | tuple[int, ...] | list[int]) -> Safe:
        """Reference numbers as the text cites them: [2, 3]."""
        return Safe(escape(wording.cite(numbers)))

    def pad(value: object, width: int) -> Safe:
        """Text padded with spaces to `width` terminal cells, for columns (at most 200)."""
        text = escape(value)
        return Safe(text + " " * max(0, min(width, 200) - layout.cells(str(value))))

    return {"pad": pad, "wrap": wrap, "fit": fit, "link": link, "cite": cite}


def html_filters() -> dict[str, Callable[..., Any]]:
    """The HTML handout's own filters, in place of or besides the others."""
    from markupsafe import Markup

    def cite(numbers: int | tuple[int, ...] | list[int]) -> Markup:
        """[2, 3], each number a link to its source in the list at the end."""
        cited = wording.numbers(numbers)
        if not cited:
            return Markup("")
        links = ", ".join(f'<a href="#source-{n:d}">{n:d}</a>' for n in cited)
        return Markup(f'<span class="cite">[{links}]</span>')

    def attr(value: object) -> Markup:
        """Data for an attribute value or <title>: escaped, without the Chinese spans."""
        return Markup(html_attribute(value))

    def html_href(value: object) -> Markup:
        """A URL for href="...", only if it is http(s): nothing else is a link in a handout."""
        return Markup(html_attribute(href(value)))

    return {"cite": cite, "attr": attr, "href": html_href}


def yaml_text(value: object) -> Safe:
    """A value for the Markdown handout's metadata block: pandoc reads a YAML string there as
    Markdown, so it is escaped as Markdown, then quoted (JSON's quoting is YAML's too)."""
    import json

    return Safe(json.dumps(markdown_text(value), ensure_ascii=False))


def href(value: object) -> str:
    """A URL to link to, only if it is http(s), else "": nothing else is a link in a handout."""
    address = str(value)
    return address if _PLAIN_URL.fullmatch(address) else ""


def money(amount: int, currency: str = "HKD", lang: str = "en") -> str:
    """HK$3 billion (30億元): an amount as a briefing writes it."""
    return wording.money(amount, currency, lang)


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def bracket(text: object) -> str:
    return f"[{text}]"


def cell(value: object) -> Safe:
    """Data for a Markdown table cell."""
    return Safe(markdown_text(value))


def url(value: object) -> Safe:
    """A URL as a Markdown link target, <...>, with what could end it percent-encoded."""
    return Safe("<" + _URL_UNSAFE.sub(_percent, str(value)) + ">")


def _json_data(b: Any) -> Any:
    from .views import briefing_json

    return briefing_json(b, DIGEST_PLACEHOLDER)


# Characters a URL in <...> must not hold raw: spaces and controls, the brackets, and a
# backslash, which would escape the closing bracket.
_URL_UNSAFE = re.compile(r"[\x00-\x20<>\\\x7f-\x9f]")
# A URL that can stand inside rich's [link=...] tag as it is.
_PLAIN_URL = re.compile(r"https?://[^\s\[\]]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])|(?<=[。！？])")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8", "surrogatepass"))


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _date(
    value: object, qualifier: str | None = None, capital: bool = False, lang: str = "en"
) -> str:
    """15 October 2025, the second half of 2026, by 2026 (`qualifier`), By 2026 (`capital`)."""
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if not isinstance(value, PartialDate):
        raise TypeError(f"the date filter takes a date, not {type(value).__name__}")
    return wording.date(value, qualifier, capital, lang)


def render(
    context: dict[str, Any],
    format_name: str,
    template: str | None = None,
    template_dir: str | None = None,
    finish: Callable[[str], str] | None = None,
    lang: str = "en",
) -> str:
    """The format's template filled from `context`, then passed through `finish` (the
    terminal's layout); TemplateError names file and line.

    A user's template runs in a child process under time and memory limits (sandbox.py), and
    so does `finish`: laying out what a user's template wrote can cost as much as writing it.
    """
    fmt = FORMATS[format_name]
    env = environment(fmt, template, template_dir, lang)

    def fill() -> str:
        text = _fill(env, fmt, context, template or template_dir)
        return finish(text) if finish is not None else text

    if env.sandboxed:
        from .briefing import Briefing, worked_out

        for value in context.values():
            if isinstance(value, Briefing):
                worked_out(value)  # the tool's own work, here: not within the template's limits
        return sandbox.run(fill, user_template_name(fmt, template, template_dir))
    return fill()


def user_template_name(fmt: Format, template: str | None, template_dir: str | None) -> str:
    """What a message calls a user's template: the file, or the main template in the folder
    when the folder has one."""
    if template is not None:
        return template
    assert template_dir is not None
    main = os.path.join(template_dir, fmt.template)
    return main if os.path.isfile(main) else template_dir


def _fill(env: jinja2.Environment, fmt: Format, context: dict[str, Any], user: str | None) -> str:
    try:
        # Data was escaped on its way in; this catches control characters in a template's text.
        return clean(env.get_template(fmt.template).render(**context))
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as e:
        file = e.filename or e.name or user or "template"
        raise TemplateError(file, e.lineno, e.message or "syntax error") from None
    except jinja2.TemplateNotFound as e:
        file, line = _template_frame(e, env)
        if line is None:
            file = str(user or "templates")
        raise TemplateError(file, line, f"template not found: {e.name}") from None
    except (MemoryError, RecursionError):
        raise
    except Exception as e:
        file, line = _template_frame(e, env)
        raise TemplateError(file, line, str(e) or type(e).__name__) from None


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
