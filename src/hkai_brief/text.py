"""Text from the data made safe to print: no control character ever reaches a terminal.

Kept apart from the renderers so that commands that print without templates (grep) can use it
without importing Jinja or rich.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Control characters (but newline and tab), DEL, C1 controls, the Unicode line and paragraph
# separators, and the bidirectional overrides that can reorder what a reader sees.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Control characters shown as their escapes (\\x1b), never sent to a terminal."""
    if not CONTROL.search(text):
        return text  # the usual case, and much quicker than a substitution
    return CONTROL.sub(_visible, text)


# Everything that breaks a line, for YAML or for Unicode, and tabs.
_BREAK = re.compile("[\r\n\t\x85\u2028\u2029]")


@functools.cache
def _line_breaks() -> re.Pattern[str]:
    # Compiled on first use: most texts have no line break.
    return re.compile("[ \t]*[\r\n\t\x85\u2028\u2029][ \t\r\n\x85\u2028\u2029]*")


def one_line(text: str) -> str:
    """Line breaks and tabs as single spaces: a data string stays inside its line."""
    if _BREAK.search(text):
        text = _line_breaks().sub(" ", text)
    return clean(text)


def json_dumps(value: Any, indent: int | None = None) -> str:
    """JSON with the text readable (not \\u-escaped), but no control character left raw.

    json.dumps escapes C0 controls itself; C1 controls and bidi overrides it leaves as they are.
    """
    import json  # only the JSON outputs need it

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
