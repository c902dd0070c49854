"""Check a data file's YAML nodes (reading.py) against the spec and build the model, or report
every problem with its line and column.

Plain scalars are typed by the YAML 1.2 core schema, as editors and the JSON Schema see them, so
`2026` is a number, `2025-10-15` and `yes` are text.
"""

from __future__ import annotations

import gc
import math
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import spec
from .errors import DataError, Problem
from .model import Dataset, PartialDate
from .reading import (
    DEFAULT_LIMITS,
    MAP,
    MAX_PROBLEMS,
    PLAIN,
    SEQ,
    STR,
    Limits,
    compose,
    read_text,
)

MAX_DIGITS = 100

_NULL = re.compile(r"~|null|Null|NULL|")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Lazy:
    """A regular expression compiled the first time it is used, not at every start-up."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled.fullmatch(text)


_WORDS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
# Compiled on first use (a third of a millisecond): plain scalars that look like floats are rare.
_FLOAT = _Lazy(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


class _TooLong(str):
    """A plain scalar that is a number too long to be one of ours."""

    __slots__ = ()


def scalar_value(node: ScalarNode) -> Any:
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
            return _TooLong(text)
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.fullmatch(text):
        if len(text) > MAX_DIGITS:
            return _TooLong(text)
        if text[-4:].lower() == ".inf":
            return -math.inf if text[0] == "-" else math.inf
        return math.nan if text.lower() == ".nan" else float(text)
    return text


def _plain(node: ScalarNode) -> ScalarNode:
    """The same scalar as if it had been written without quotes."""
    return ScalarNode(PLAIN, node.value, node.start_mark, node.end_mark)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(node: Node) -> str:
    """What a value is, in a reader's words: the text 'yes', the number 2025, a list."""
    if isinstance(node, MappingNode):
        return "a group of fields"
    if isinstance(node, SequenceNode):
        return "a list"
    assert isinstance(node, ScalarNode)
    value = scalar_value(node)
    if value is None:
        return "nothing"
    if isinstance(value, _TooLong):
        return f"a number of {len(value)} characters"
    if isinstance(value, bool):
        return f"the value {node.value}"
    if isinstance(value, int | float):
        return f"the number {node.value}"
    return f"the text {_shorten(value)!r}"


def _expected(kind: spec.Kind) -> str:
    if isinstance(kind, spec.Record):
        return "a group of fields (name: value)"
    if isinstance(kind, spec.ListOf):
        return "a list"
    if isinstance(kind, spec.Date):
        return "a date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-H1/H2)"
    if isinstance(kind, spec.Flag):
        return "true or false"
    if isinstance(kind, spec.Money):
        return "a whole amount of money"
    if isinstance(kind, spec.Number):
        return "a number"
    if isinstance(kind, spec.Choice):
        return f"one of {', '.join(kind.values)}"
    if isinstance(kind, spec.Id | spec.Ref):
        return "an id"
    if isinstance(kind, spec.Text) and kind.looks_like:
        return kind.looks_like
    return "text"


def _suggest(word: str, candidates: list[str]) -> str | None:
    import difflib  # only needed when something is wrong

    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(word: str, candidates: list[str]) -> str:
    close = _suggest(word, candidates)
    return f" (did you mean {close!r}?)" if close else ""


_INVALID: Any = object()


class _TooMany(Exception):
    pass


class _Checker:
    """Walks the nodes of a file against the spec, collecting every problem on the way."""

    def __init__(self, file: str, lines: list[str]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []
        # Counts problems, and values refused without a message of their own (an alias already
        # reported): a record with any failure inside is not built.
        self.failures = 0
        # collection -> id -> (path, line) of its first use
        self.ids: dict[str, dict[str, tuple[str, int]]] = {}
        self.refs: list[tuple[spec.Ref, str, str, Node]] = []
        self.seen: set[int] = set()
        # Collections with a problem in their list: references to them are not checked, since
        # an id lost to that problem would make them look unknown.
        self.broken: set[str] = set()
        self._by_name: dict[str, dict[str, spec.Field]] = {}

    def _fields(self, record: spec.Record) -> dict[str, spec.Field]:
        fields = self._by_name.get(record.name)
        if fields is None:
            fields = self._by_name[record.name] = {f.name: f for f in record.fields}
        return fields

    def problem(self, node: Node, path: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, path, message))
        self.failures += 1

    def check(self, node: Node, kind: spec.Kind, path: str) -> Any:
        if node.tag not in (PLAIN, STR, SEQ, MAP):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(node, path, f"unsupported tag {tag!r}: data files are plain YAML")
            return _INVALID
        if isinstance(kind, spec.Record):
            return self.record(node, kind, path)
        if isinstance(kind, spec.ListOf):
            return self.list_of(node, kind, path)
        return self.scalar(node, kind, path)

    def _collection(self, node: Node, cls: type[Node], path: str, kind: spec.Kind) -> bool:
        if not isinstance(node, cls):
            self.wrong(node, path, kind)
            return False
        # An alias makes a node appear twice, and nested aliases make a small file expand
        # exponentially ("billion laughs"). Aliases are reported where they stand; here the
        # repeated value is simply not walked again.
        if id(node) in self.seen:
            self.failures += 1
            return False
        self.seen.add(id(node))
        return True

    def wrong(self, node: Node, path: str, kind: spec.Kind, hint: str = "") -> None:
        self.problem(node, path, f"expected {_expected(kind)}, got {_describe(node)}{hint}")

    def record(self, node: Node, record: spec.Record, path: str) -> Any:
        if not self._collection(node, MappingNode, path, record):
            return _INVALID
        assert isinstance(node, MappingNode)
        before = self.failures
        values: dict[str, Any] = {}
        keys: dict[str, int] = {}
        suggested: set[str] = set()
        prefix = f"{path}." if path != "(top level)" else ""
        names = [f.name for f in record.fields]
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, path, "a field name must be a plain word")
                continue
            if key in keys:
                self.problem(
                    key_node,
                    f"{prefix}{key}",
                    f"duplicate field {key!r} (first at line {keys[key]})",
                )
                continue
            keys[key] = key_node.start_mark.line + 1
            field = self._fields(record).get(key)
            if field is None:
                close = _suggest(key, [n for n in names if n not in keys])
                hint = f" (did you mean {close!r}?)" if close else ""
                if close:
                    suggested.add(close)
                self.problem(key_node, f"{prefix}{key}", f"unknown field {key!r}{hint}")
                continue
            if isinstance(value_node, ScalarNode) and scalar_value(value_node) is None:
                self.empty(value_node, f"{prefix}{key}", field)
                continue
            value = self.check(value_node, field.kind, f"{prefix}{key}")
            if value is not _INVALID:
                values[key] = value
        for field in record.fields:
            # A misspelt field was reported as unknown, with this name as its suggestion.
            if field.required and field.name not in keys and field.name not in suggested:
                self.problem(node, path, f"missing required field {field.name!r}")
        if record.one_of and not any(name in keys for name in record.one_of):
            names_text = " or ".join(repr(n) for n in record.one_of)
            self.problem(node, path, f"needs {names_text}")
        if self.failures > before:
            return _INVALID
        return record.build(**values)

    def empty(self, node: ScalarNode, path: str, field: spec.Field) -> None:
        line = self.lines[node.start_mark.line] if node.start_mark.line < len(self.lines) else ""
        if "#" in line[node.start_mark.column - 1 :] and node.value == "":
            hint = "text after '#' is a comment: put the value in quotes"
        elif field.required:
            hint = "this field is required"
        else:
            hint = "leave the field out if it is not known"
        self.problem(node, path, f"expected {_expected(field.kind)}, got nothing ({hint})")

    def _break(self, kind: spec.ListOf) -> None:
        """A list of records with ids that has a problem may have lost some of its ids."""
        if isinstance(kind.item, spec.Record):
            self.broken.update(
                f.kind.collection for f in kind.item.fields if isinstance(f.kind, spec.Id)
            )

    def list_of(self, node: Node, kind: spec.ListOf, path: str) -> Any:
        if not self._collection(node, SequenceNode, path, kind):
            self._break(kind)
            return _INVALID
        assert isinstance(node, SequenceNode)
        before = self.failures
        items = [self.check(item, kind.item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        if len(items) < kind.min_items:
            self.problem(node, path, f"expected at least {kind.min_items} item(s), got none")
        if self.failures > before:
            self._break(kind)
            return _INVALID
        return tuple(items)

    def scalar(self, node: Node, kind: spec.Kind, path: str) -> Any:
        if not isinstance(node, ScalarNode):
            self.wrong(node, path, kind)
            return _INVALID
        value = scalar_value(node)
        if type(value) is str and type(kind) is spec.Text:  # the common case, first
            return self.text(node, value, kind, path)
        if isinstance(value, _TooLong):
            self.problem(node, path, f"number too long ({len(value)} characters)")
            return _INVALID
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(kind, spec.Date):
            return self.date(node, value, path)
        if isinstance(kind, spec.Flag) and isinstance(value, bool):
            return value
        if isinstance(kind, spec.Money) and is_number:
            # JSON Schema counts 1.5e9 as the integer 1500000000, and so do we.
            if isinstance(value, float):
                if not value.is_integer():
                    self.problem(node, path, f"expected a whole amount of money, got {node.value}")
                    return _INVALID
                value = int(value)
            if value < 0:
                self.problem(node, path, f"money must not be negative, got {node.value}")
                return _INVALID
            return value
        if isinstance(kind, spec.Number) and is_number:
            if not math.isfinite(value) or value < 0:
                self.problem(node, path, f"expected a number of 0 or more, got {node.value}")
                return _INVALID
            return value
        if isinstance(kind, spec.Text | spec.Id | spec.Ref | spec.Choice) and isinstance(
            value, str
        ):
            return self.text(node, value, kind, path)
        hint = ""
        if isinstance(value, str) and isinstance(kind, spec.Money | spec.Number):
            quoted_number = node.tag == STR and isinstance(scalar_value(_plain(node)), int | float)
            hint = (
                " (remove the quotes)"
                if quoted_number
                else " (write digits only, without commas: 5600, 3000000000)"
            )
        elif (is_number or isinstance(value, bool)) and isinstance(
            kind, spec.Text | spec.Id | spec.Ref | spec.Choice
        ):
            hint = " (put it in quotes to make it text)"
        self.wrong(node, path, kind, hint)
        return _INVALID

    def text(self, node: Node, value: str, kind: spec.Kind, path: str) -> Any:
        if type(kind) is spec.Text:
            return self.free_text(node, value, kind, path)
        if isinstance(kind, spec.Choice):
            if value in kind.values:
                return value
            hint = _did_you_mean(value, list(kind.values))
            self.problem(
                node, path, f"expected one of {', '.join(kind.values)}; got {value!r}{hint}"
            )
            return _INVALID
        if isinstance(kind, spec.Id | spec.Ref):
            if not re.match(spec.ID_PATTERN, value):
                self.problem(
                    node,
                    path,
                    f"an id is lower-case letters, digits and hyphens; got {_shorten(value)!r}",
                )
                return _INVALID
            if isinstance(kind, spec.Id):
                first = self.ids.setdefault(kind.collection, {}).get(value)
                if first is not None:
                    self.problem(
                        node,
                        path,
                        f"duplicate id {value!r} (first used by {first[0]} at line {first[1]})",
                    )
                    return _INVALID
                record_path = path.rsplit(".", 1)[0]
                self.ids[kind.collection][value] = (record_path, node.start_mark.line + 1)
            else:
                self.refs.append((kind, value, path, node))
            return value
        assert isinstance(kind, spec.Text)
        return self.free_text(node, value, kind, path)

    def free_text(self, node: Node, value: str, kind: spec.Text, path: str) -> Any:
        if len(value) > spec.MAX_TEXT:
            self.problem(
                node,
                path,
                f"text too long ({len(value):,} characters; at most {spec.MAX_TEXT:,})",
            )
            return _INVALID
        if not value.isascii() and _SURROGATE.search(value):
            # Only without libyaml: its parser refuses "\ud800" escapes itself.
            self.problem(node, path, "the text holds half a character (a lone surrogate)")
            return _INVALID
        if not re.search(kind.pattern, value):
            expected = kind.looks_like or "text that is not blank"
            self.problem(node, path, f"expected {expected}, got {_shorten(value)!r}")
            return _INVALID
        return value

    def date(self, node: ScalarNode, value: Any, path: str) -> Any:
        if value == 0 and node.tag == PLAIN and node.value == "0000":
            value = node.value  # to be told that there is no year 0
        elif isinstance(value, float) and value.is_integer():
            value = int(value)  # as JSON Schema sees it
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.wrong(node, path, spec.Date())
            return _INVALID
        try:
            return PartialDate.parse(value)
        except ValueError as e:
            self.problem(node, path, str(e))
            return _INVALID

    def check_references(self) -> None:
        for ref, value, path, node in self.refs:
            if ref.collection in self.broken:
                continue
            known = self.ids.get(ref.collection, {})
            if value not in known:
                hint = _did_you_mean(value, list(known))
                self.problem(node, path, f"unknown {ref.noun} {value!r}{hint}")


def load_text(text: str, name: str = "<data>", limit: Limits = DEFAULT_LIMITS) -> Dataset:
    """Check `text` as a data file and build the dataset; DataError lists every problem."""
    # Composing makes hundreds of thousands of objects and no reference cycles; the cycle
    # collector would run over and over for nothing (a third of the time, on 10,000 measures).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_text(text, name, limit)
    finally:
        if enabled:
            gc.enable()


def _load_text(text: str, name: str, limit: Limits) -> Dataset:
    node, aliases = compose(text, name, limit)
    if node is None:
        message = "the file holds no data; expected documents, areas and measures"
        raise DataError([Problem(name, 1, 1, "(top level)", message)])
    checker = _Checker(name, text.splitlines())
    checker.problems.extend(aliases)
    truncated = False
    try:
        dataset = checker.check(node, spec.DATASET, "(top level)")
        checker.check_references()
    except _TooMany:
        truncated = True
    if checker.problems:
        raise DataError(checker.problems, truncated=truncated)
    assert isinstance(dataset, Dataset)
    return dataset


def load(path: str, name: str | None = None, limit: Limits = DEFAULT_LIMITS) -> Dataset:
    """Check the data file at `path` and build the dataset; DataError lists every problem."""
    name = path if name is None else name
    return load_text(read_text(path, name, limit), name, limit)


def to_plain(node: Node | None) -> Any:
    """The node tree as JSON-ready values, scalars typed by the YAML 1.2 core schema."""
    if node is None:
        return None
    if isinstance(node, MappingNode):
        return {scalar_value(k): to_plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [to_plain(item) for item in node.value]
    assert isinstance(node, ScalarNode)
    return scalar_value(node)
