"""Read a data file into the model, or report every problem in it with its line and column.

The YAML is composed into nodes, never constructed into Python objects: nodes keep their
positions for error messages, and no tag in a file can make PyYAML build or run anything.
Plain scalars are typed by the YAML 1.2 core schema, as editors and the JSON Schema see them, so
`2026` is a number, `2025-10-15` and `yes` are text.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import spec
from .errors import DataError, Problem
from .model import Dataset, PartialDate

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
# The tag the loader gives a plain (unquoted, untagged) scalar; its type is found later.
PLAIN = "!hkai-brief/plain"

_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)

if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
else:  # pragma: no cover - PyYAML without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _NodeLoader(_Parser):
    """Composes nodes; leaves plain scalars untyped for the YAML 1.2 rules below."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.yaml_version = None
        self.resolver_exact_paths: list[Any] = []
        self.resolver_prefix_paths: list[Any] = []

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN if implicit[0] else STR
        return SEQ if kind is SequenceNode else MAP

    # The composer calls these to track resolver paths, which we do not use.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def scalar_value(node: ScalarNode) -> Any:
    """The value of a scalar node under the YAML 1.2 core schema."""
    text: str = node.value
    if node.tag != PLAIN:
        return text
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.fullmatch(text):
        if text[-4:].lower() == ".inf":
            return -math.inf if text[0] == "-" else math.inf
        return math.nan if text.lower() == ".nan" else float(text)
    return text


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    return "a string"


def _node_type_name(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return _type_name(scalar_value(node))  # type: ignore[arg-type]


def _did_you_mean(word: str, candidates: list[str]) -> str:
    import difflib  # only needed when something is wrong

    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_INVALID: Any = object()


class _Checker:
    """Walks the nodes of a file against the spec, collecting every problem on the way."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        # collection -> id -> (path, line) of its first use
        self.ids: dict[str, dict[str, tuple[str, int]]] = {}
        self.refs: list[tuple[spec.Ref, str, str, Node]] = []
        self.seen: set[int] = set()
        # Collections whose list is itself broken: references to them are not checked, since
        # every one would be reported as unknown.
        self.broken: set[str] = set()

    def problem(self, node: Node, path: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, path, message))

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

    def _collection(self, node: Node, cls: type[Node], path: str, expected: str) -> bool:
        if not isinstance(node, cls):
            self.problem(node, path, f"expected {expected}, got {_node_type_name(node)}")
            return False
        # An alias makes a node appear twice, and nested aliases make a small file expand
        # exponentially ("billion laughs"): refuse them instead of walking them.
        if id(node) in self.seen:
            line = node.start_mark.line + 1
            self.problem(
                node,
                path,
                f"repeats the value at line {line} through an alias; "
                "anchors and aliases are not supported in data files",
            )
            return False
        self.seen.add(id(node))
        return True

    def record(self, node: Node, record: spec.Record, path: str) -> Any:
        if not self._collection(node, MappingNode, path, "a mapping"):
            return _INVALID
        assert isinstance(node, MappingNode)
        before = len(self.problems)
        values: dict[str, Any] = {}
        keys: dict[str, int] = {}
        prefix = f"{path}." if path != "(top level)" else ""
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, path, "a key must be a plain name")
                continue
            if key in keys:
                self.problem(
                    key_node,
                    f"{prefix}{key}",
                    f"duplicate key {key!r} (first at line {keys[key]})",
                )
                continue
            keys[key] = key_node.start_mark.line + 1
            field = record.field(key)
            if field is None:
                hint = _did_you_mean(key, [f.name for f in record.fields])
                self.problem(key_node, f"{prefix}{key}", f"unknown field {key!r}{hint}")
                continue
            value = self.check(value_node, field.kind, f"{prefix}{key}")
            if value is not _INVALID:
                values[key] = value
        for field in record.fields:
            if field.required and field.name not in keys:
                self.problem(node, path, f"missing required field {field.name!r}")
        if record.one_of and not any(name in keys for name in record.one_of):
            names = " or ".join(repr(n) for n in record.one_of)
            self.problem(node, path, f"needs {names}")
        if len(self.problems) > before:
            return _INVALID
        return record.build(**values)

    def list_of(self, node: Node, kind: spec.ListOf, path: str) -> Any:
        if not self._collection(node, SequenceNode, path, "a list"):
            if isinstance(kind.item, spec.Record):
                self.broken.update(
                    f.kind.collection for f in kind.item.fields if isinstance(f.kind, spec.Id)
                )
            return _INVALID
        assert isinstance(node, SequenceNode)
        before = len(self.problems)
        items = [self.check(item, kind.item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        if len(items) < kind.min_items:
            self.problem(node, path, f"expected at least {kind.min_items} item(s), got none")
        if len(self.problems) > before:
            return _INVALID
        return tuple(items)

    def scalar(self, node: Node, kind: spec.Kind, path: str) -> Any:
        if not isinstance(node, ScalarNode):
            self.problem(node, path, f"expected {_expected(kind)}, got {_node_type_name(node)}")
            return _INVALID
        value = scalar_value(node)
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
                self.problem(node, path, f"money must not be negative, got {value}")
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
        if value is None:
            hint = " (leave the field out if it is not known)"
        elif isinstance(value, str) and isinstance(kind, spec.Money):
            self.problem(
                node,
                path,
                f"expected a whole amount of money in digits, got {value!r}"
                " (write 3000000000 for 3 billion)",
            )
            return _INVALID
        elif (is_number or isinstance(value, bool)) and isinstance(
            kind, spec.Text | spec.Id | spec.Ref | spec.Choice
        ):
            hint = " (put it in quotes to make it text)"
        self.problem(node, path, f"expected {_expected(kind)}, got {_type_name(value)}{hint}")
        return _INVALID

    def text(self, node: Node, value: str, kind: spec.Kind, path: str) -> Any:
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
                    node, path, f"an id is lower-case letters, digits and hyphens; got {value!r}"
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
        if not re.search(kind.pattern, value):
            expected = kind.looks_like or "text that is not blank"
            self.problem(node, path, f"expected {expected}, got {value!r}")
            return _INVALID
        return value

    def date(self, node: Node, value: Any, path: str) -> Any:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # as JSON Schema sees it
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(node, path, f"expected {_expected(spec.Date())}, got {_type_name(value)}")
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


def _expected(kind: spec.Kind) -> str:
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
    return "a string"


def read_text(path: Path, name: str) -> str:
    """The file's text: UTF-8, with or without a byte order mark."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DataError([Problem(name, 0, 0, "(file)", f"cannot read: {e.strerror}")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        message = f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8"
        raise DataError([Problem(name, line, column, "(file)", message)]) from None


def compose(text: str, name: str) -> Node | None:
    """The YAML node tree of `text`, or a DataError at the first syntax error."""
    loader = _NodeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = str(e.problem or e.context)
        if e.problem and e.context:
            started = e.context_mark
            at = (
                f" at line {started.line + 1}"
                if started and mark and started.line != mark.line
                else ""
            )
            message += f" ({e.context}{at})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise DataError([Problem(name, line, column, "(YAML syntax)", message)]) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        column = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        message = (
            f"character U+{ord(e.character):04X} is not allowed in YAML"
            if isinstance(e.character, str)
            else str(e.reason)
        )
        raise DataError([Problem(name, line, column, "(YAML syntax)", message)]) from None
    except yaml.YAMLError as e:  # libyaml's reader errors carry no position
        raise DataError([Problem(name, 0, 0, "(YAML syntax)", str(e))]) from None
    finally:
        loader.dispose()


def load_text(text: str, name: str = "<data>") -> Dataset:
    """Check `text` as a data file and build the dataset; DataError lists every problem."""
    node = compose(text, name)
    if node is None:
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "(top level)",
                    "the file holds no data; expected a mapping of documents, areas and measures",
                )
            ]
        )
    checker = _Checker(name)
    dataset = checker.check(node, spec.DATASET, "(top level)")
    checker.check_references()
    if checker.problems:
        raise DataError(checker.problems)
    assert isinstance(dataset, Dataset)
    return dataset


def load(path: Path | str, name: str | None = None) -> Dataset:
    """Check the data file at `path` and build the dataset; DataError lists every problem."""
    path = Path(path)
    name = str(path) if name is None else name
    return load_text(read_text(path, name), name)


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
