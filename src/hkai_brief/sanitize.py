"""Text made safe to print: no control or invisible character ever reaches a terminal as it is.

One cleaner for everything the tool prints: data in every format, file and template names,
paths and messages. Kept apart from the renderers so that commands that print without
templates (grep, validate) can use it without importing Jinja or rich.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Characters a reader cannot see but a terminal or a program acts on: zero-width spaces and
# joiners, direction marks, embeddings, overrides and isolates (which can make text read other
# than it is), word joiners and invisible operators, a byte order mark inside text,
# interlinear annotations, and the "tag" characters that hide text from readers but not from
# programs. Data files may not hold them (reading.py); output shows them as escapes.
INVISIBLE = (
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)
# Control characters (but newline and tab), DEL, C1 controls, the Unicode line and paragraph
# separators, the invisible characters above, and lone surrogates (what a file name that is not
# UTF-8 turns into). Every one of them is "not printable" to str.isprintable, which makes the
# usual case (nothing to clean) quick without compiling this.
CONTROL = f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{INVISIBLE}\ud800-\udfff]"


@functools.cache
def _control() -> re.Pattern[str]:
    return re.compile(CONTROL)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def clean(text: str) -> str:
    """Control and invisible characters shown as their escapes (\\x1b, \\u200b); newlines and
    tabs kept."""
    if text.isprintable() or text.replace("\n", "").replace("\t", " ").isprintable():
        return text  # the usual case, and much quicker than a substitution
    return _control().sub(_visible, text)


# Everything that breaks a line, for YAML or for Unicode, and tabs.
_BREAKS = "\r\n\t\x85\u2028\u2029"


@functools.cache
def _line_breaks() -> re.Pattern[str]:
    return re.compile("[ \t]*[\r\n\t\x85\u2028\u2029][ \t\r\n\x85\u2028\u2029]*")


def one_line(text: str) -> str:
    """Line breaks and tabs as single spaces: a data string stays inside its line."""
    if not text.isprintable() and any(c in text for c in _BREAKS):
        text = _line_breaks().sub(" ", text)
    return clean(text)


def json_dumps(value: Any, indent: int | None = None) -> str:
    """JSON with the text readable (not \\u-escaped), but no control character left raw.

    json.dumps escapes C0 controls itself; C1 controls, invisible characters and separators it
    leaves as they are.
    """
    import json  # only the JSON outputs need it

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if text.replace("\n", "").isprintable():
        return text
    return _control().sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON spells a character beyond the first plane as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


# --- Markdown ---------------------------------------------------------------------------------

# `$` too: pandoc's Markdown and math-enabled renderers read `$...$` as mathematics.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#$])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Anything markdown_text would change: a special character, a control or line break, or a start
# that could open a block.
_MARKDOWN_ANY = re.compile(f"[\\\\`*_\\[\\]<>|~#$&\t\n]|{CONTROL}|^[\\s\\d+=.)-]")
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
