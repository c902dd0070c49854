"""What a YAML scalar is: typed by the YAML 1.2 core schema, as editors and the JSON Schema see
it (`2026` is a number, `2025-10-15` and `yes` are text), and described in a reader's words.
"""

from __future__ import annotations

import math
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .reading import PLAIN

MAX_DIGITS = 100

_NULL = re.compile(r"~|null|Null|NULL|")
_WORDS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
# Compiled on first use, by re's own cache: plain scalars that look like floats are rare.
_FLOAT = (
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


class TooLong(str):
    """A plain scalar that is a number too long to be one of ours."""

    __slots__ = ()


def value(node: ScalarNode) -> Any:
    """The value of a scalar node under the YAML 1.2 core schema."""
    text: str = node.value
    if node.tag != PLAIN:
        return text
    if text[:1].isalpha() and text not in _WORDS:
        return text  # most scalars: text that cannot be a null, a boolean or a number
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        if len(text) > MAX_DIGITS:
            return TooLong(text)
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if re.fullmatch(_FLOAT, text):
        if len(text) > MAX_DIGITS:
            return TooLong(text)
        if text[-4:].lower() == ".inf":
            return -math.inf if text[0] == "-" else math.inf
        return math.nan if text.lower() == ".nan" else float(text)
    return text


def unquoted(node: ScalarNode) -> Any:
    """The value the scalar would have if it had been written without quotes."""
    return value(ScalarNode(PLAIN, node.value, node.start_mark, node.end_mark))


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(node: Node) -> str:
    """What a value is, in a reader's words: the text 'yes', the number 2025, a list."""
    if isinstance(node, MappingNode):
        return "a group of fields"
    if isinstance(node, SequenceNode):
        return "a list"
    assert isinstance(node, ScalarNode)
    found = value(node)
    if found is None:
        return "nothing"
    if isinstance(found, TooLong):
        return f"a number of {len(found)} characters"
    if isinstance(found, bool):
        return f"the value {node.value}"
    if isinstance(found, int | float):
        return f"the number {node.value}"
    return f"the text {shorten(found)!r}"


def to_plain(node: Node | None) -> Any:
    """The node tree as JSON-ready values, scalars typed by the YAML 1.2 core schema."""
    if node is None:
        return None
    if isinstance(node, MappingNode):
        return {value(k): to_plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [to_plain(item) for item in node.value]
    assert isinstance(node, ScalarNode)
    return value(node)
