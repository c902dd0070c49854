"""Walk a data file's YAML nodes against the spec, collecting every problem on the way, and build
the model's records from what passes.

Three parts, one job each: `Problems` collects located messages (up to a limit); `Registry`
keeps the ids seen and the references made, and checks the references at the end; `Walker`
walks records and lists and asks each single value's kind (kinds.py) whether it accepts it.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import scalars, spec
from .errors import BriefError, Problem, Refused
from .kinds import ID_PATTERN, MAX_ID, Id, Ref, Scalar
from .limits import MAX_PROBLEMS
from .reading import MAP, PLAIN, SEQ, STR
from .suggest import closest, did_you_mean

# A value refused: the record holding it is not built.
INVALID: Any = object()
# A blank of a skeleton (`hkai-brief init`), to be filled: <the reply's title>.
PLACEHOLDER = re.compile(r"<[^<>\n]+>")


class TooMany(BriefError):
    """The limit of problems is reached: stop, and say that there may be more."""


class Problems:
    """Located messages about one file, at most MAX_PROBLEMS of them."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []
        # Counts problems, and values refused without a message of their own (an alias already
        # reported): a record with any failure inside is not built.
        self.failures = 0

    def take(self, found: list[Problem]) -> None:
        """Problems found elsewhere (reading a file), within the same limit."""
        room = MAX_PROBLEMS - len(self.found)
        self.found.extend(found[:room])
        self.failures += len(found)
        if len(found) > room:
            raise TooMany

    def add(self, node: Node, path: str, message: str) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            raise TooMany
        mark = node.start_mark
        self.found.append(Problem(self.file, mark.line + 1, mark.column + 1, path, message))
        self.failures += 1


class Registry:
    """Ids by collection, and references to check once every id is known."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        # collection -> id -> (file, path, line) of its first use
        self.ids: dict[str, dict[str, tuple[str, str, int]]] = {}
        # Each reference with the file it is in: several files make one dataset.
        self.refs: list[tuple[Ref, str, str, ScalarNode, str]] = []
        # collection -> a title, name or question number, as written -> the record's id
        self.names: dict[str, dict[str, str]] = {}
        # collection -> id -> the record's kind (a document's: legco-reply, budget...)
        self.kinds: dict[str, dict[str, str]] = {}
        # Collections with a problem in their list: references to them are not checked, since
        # an id lost to that problem would make them look unknown.
        self.broken: set[str] = set()

    def register(self, collection: str, value: str, path: str, node: ScalarNode) -> None:
        first = self.ids.setdefault(collection, {}).get(value)
        if first is not None:
            file, where, line = first
            place = f"at line {line}" if file == self.problems.file else f"in {file} at line {line}"
            raise Refused(f"duplicate id {value!r} (first used by {where} {place})")
        record = path.rsplit(".", 1)[0]
        self.ids[collection][value] = (self.problems.file, record, node.start_mark.line + 1)

    def refer(self, kind: Ref, value: str, path: str, node: ScalarNode) -> None:
        self.refs.append((kind, value, path, node, self.problems.file))

    def name(self, record: spec.Record, values: dict[str, Any]) -> None:
        """Remember what a record with an id is called (its title or name, a reply's question
        number), so that a reference written that way can be told its id."""
        for field in record.fields:
            if isinstance(field.kind, Id) and isinstance(values.get(field.name), str):
                if isinstance(values.get("kind"), str):
                    kinds = self.kinds.setdefault(field.kind.collection, {})
                    kinds[values[field.name]] = values["kind"]
                question = values.get("question")
                called = [
                    values.get("title"),
                    values.get("name"),
                    getattr(question, "number", None),
                ]
                names = self.names.setdefault(field.kind.collection, {})
                for text in called:
                    if isinstance(text, str):
                        names.setdefault(_written(text), values[field.name])

    def suggest(self, collection: str, value: str) -> str:
        """' (did you mean ...?)' for a reference written as a title, a question number or in
        capitals, where an id seen so far is the one meant; else the ids, if there are few."""
        known = self.ids.get(collection, {})
        written = _written(value)
        meant = written if written in known else self.names.get(collection, {}).get(written)
        if meant:
            return f" (did you mean {meant!r}?)"
        hint = did_you_mean(written, known) if written else ""
        if not hint and 0 < len(known) <= 5:
            hint = f" (the ids are: {', '.join(known)})"
        return hint

    def check_references(self) -> None:
        for ref, value, path, node, file in self.refs:
            if ref.collection in self.broken:
                continue
            known = self.ids.get(ref.collection, {})
            kind = self.kinds.get(ref.collection, {}).get(value)
            if value in known and ref.kind and kind and kind != ref.kind:
                self.problems.file = file
                message = f"{value!r} is a {kind}, not a {ref.noun} ({ref.kind})"
                self.problems.add(node, path, message)
            if value not in known:
                meant = self.names.get(ref.collection, {}).get(value)
                hint = f" (did you mean {meant!r}?)" if meant else did_you_mean(value, known)
                self.problems.file = file
                self.problems.add(node, path, f"unknown {ref.noun} {value!r}{hint}")


def _written(text: str) -> str:
    """A name as an id would spell it: Community care -> community-care."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _label(node: Node, index: int) -> str:
    """How a path names an item of a list: a record by its id, as the person editing thinks of
    it (measures[raise-plus]); anything else, or a record without a usable id, by its place."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id":
                text = value.value if isinstance(value, ScalarNode) else ""
                if len(text) <= MAX_ID and re.fullmatch(ID_PATTERN, text):
                    return str(text)
                break
    return str(index)


class Walker:
    """Walks the nodes of a file against the spec; what passes is built into records."""

    def __init__(
        self, problems: Problems, registry: Registry, text: str, aliased: bool = False
    ) -> None:
        self.problems = problems
        self.registry = registry
        self.text = text
        self.seen: set[int] = set()
        # In a file with aliases, a scalar too can be reached many times (250,000 aliases of
        # one long text): then scalars are walked once, like collections.
        self.aliased = aliased
        self._fields: dict[str, dict[str, spec.Field]] = {}

    def check(self, node: Node, kind: spec.Kind, path: str) -> Any:
        if node.tag not in (PLAIN, STR, SEQ, MAP):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.add(node, path, f"unsupported tag {tag!r}: data files are plain YAML")
            return INVALID
        if isinstance(kind, spec.Record):
            return self.record(node, kind, path)
        if isinstance(kind, spec.ListOf):
            return self.list_of(node, kind, path)
        return self.scalar(node, kind, path)

    def _collection(self, node: Node, cls: type[Node], path: str, kind: spec.Kind) -> bool:
        if not isinstance(node, cls):
            hint = ""
            if isinstance(node, ScalarNode) and "：" in node.value:
                hint = " (a field is written name: value, with the colon : not the Chinese ：)"
            message = f"expected {kind.expected}, got {scalars.describe(node)}{hint}"
            self.problems.add(node, path, message)
            return False
        # An alias makes a node appear twice, and nested aliases make a small file expand
        # exponentially ("billion laughs"). Aliases are reported where they stand; here the
        # repeated value is simply not walked again.
        if id(node) in self.seen:
            self.problems.failures += 1
            return False
        self.seen.add(id(node))
        return True

    def fields(self, record: spec.Record) -> dict[str, spec.Field]:
        found = self._fields.get(record.name)
        if found is None:
            found = self._fields[record.name] = {f.name: f for f in record.fields}
        return found

    def record(self, node: Node, record: spec.Record, path: str) -> Any:
        if not self._collection(node, MappingNode, path, record):
            return INVALID
        assert isinstance(node, MappingNode)
        before = self.problems.failures
        values: dict[str, Any] = {}
        keys: dict[str, int] = {}
        nodes: dict[str, Node] = {}
        suggested: set[str] = set()
        prefix = f"{path}." if path != "(top level)" else ""
        for key_node, value_node in node.value:
            key = self.key(key_node, keys, record, suggested, path, prefix)
            if key is None:
                continue
            nodes[key] = value_node
            field = self.fields(record)[key]
            if isinstance(value_node, ScalarNode) and scalars.value(value_node) is None:
                self.empty(value_node, f"{prefix}{key}", field)
                continue
            value = self.check(value_node, field.kind, f"{prefix}{key}")
            if value is not INVALID:
                values[key] = value
        self.required(node, record, keys, suggested, path)
        for first, second in record.paired:
            if first in values and second in values and len(values[first]) != len(values[second]):
                counts = f"{len(values[second])} items, {first} has {len(values[first])}"
                self.problems.add(nodes[second], f"{prefix}{second}", f"{second} has {counts}")
        self.registry.name(record, values)
        if self.problems.failures > before:
            return INVALID
        return record.build(**values)

    def key(
        self,
        node: Node,
        keys: dict[str, int],
        record: spec.Record,
        suggested: set[str],
        path: str,
        prefix: str,
    ) -> str | None:
        """A field's name, if it is one the record has and not a repeat; else a problem."""
        key = node.value if isinstance(node, ScalarNode) else None
        if not isinstance(key, str):
            self.problems.add(node, path, "a field name must be a plain word")
            return None
        if key in keys:
            message = f"duplicate field {key!r} (first at line {keys[key]})"
            self.problems.add(node, f"{prefix}{key}", message)
            return None
        keys[key] = node.start_mark.line + 1
        if key not in self.fields(record):
            names = [f.name for f in record.fields if f.name not in keys]
            close = closest(key, names)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            suggested.update(close)
            self.problems.add(node, f"{prefix}{key}", f"unknown field {key!r}{hint}")
            return None
        return key

    def required(
        self, node: Node, record: spec.Record, keys: dict[str, int], suggested: set[str], path: str
    ) -> None:
        for field in record.fields:
            # A misspelt field was reported as unknown, with this name as its suggestion.
            if field.required and field.name not in keys and field.name not in suggested:
                self.problems.add(node, path, f"missing required field {field.name!r}")
        for group in record.one_of:
            if not any(name in keys or name in suggested for name in group):
                names = " or ".join(repr(n) for n in group)
                self.problems.add(node, path, f"needs {names}")

    def empty(self, node: ScalarNode, path: str, field: spec.Field) -> None:
        # The rest of the line, from just before the empty value: a '#' there began a comment.
        start = max(node.start_mark.index - 1, 0)
        end = self.text.find("\n", start)
        rest = self.text[start : end if end != -1 else len(self.text)]
        if "#" in rest and node.value == "":
            hint = "text after '#' is a comment: put the value in quotes"
        elif field.required:
            hint = "this field is required"
        else:
            hint = "leave the field out if it is not known"
        self.problems.add(node, path, f"expected {field.kind.expected}, got nothing ({hint})")

    def list_of(self, node: Node, kind: spec.ListOf, path: str) -> Any:
        if kind.or_one and not isinstance(node, SequenceNode):
            one = self.check(node, kind.item, path)
            return INVALID if one is INVALID else (one,)
        if not self._collection(node, SequenceNode, path, kind):
            self._break(kind)
            return INVALID
        assert isinstance(node, SequenceNode)
        before = self.problems.failures
        items = [
            self.check(item, kind.item, f"{path}[{_label(item, i)}]")
            for i, item in enumerate(node.value)
        ]
        if len(items) < kind.min_items:
            self.problems.add(node, path, f"expected at least {kind.min_items} item(s), got none")
        if self.problems.failures > before:
            self._break(kind)
            return INVALID
        return tuple(items)

    def _break(self, kind: spec.ListOf) -> None:
        """A list of records with ids that has a problem may have lost some of its ids."""
        if isinstance(kind.item, spec.Record):
            self.registry.broken.update(
                f.kind.collection for f in kind.item.fields if isinstance(f.kind, Id)
            )

    def scalar(self, node: Node, kind: Scalar, path: str) -> Any:
        if not isinstance(node, ScalarNode):
            # "part: with a colon" is read as a field: the usual cause of a group for a text.
            hint = (
                " (a text that holds ': ' must be in quotes)"
                if isinstance(node, MappingNode)
                else ""
            )
            self.problems.add(
                node, path, f"expected {kind.expected}, got {scalars.describe(node)}{hint}"
            )
            return INVALID
        if self.aliased:
            if id(node) in self.seen:
                self.problems.failures += 1
                return INVALID
            self.seen.add(id(node))
        value = scalars.value(node)
        if isinstance(value, scalars.TooLong):
            self.problems.add(node, path, f"number too long ({len(value)} characters)")
            return INVALID
        if type(value) is str and value[:1] == "<" and PLACEHOLDER.fullmatch(value):
            # A skeleton's blank (hkai-brief init): said as what to write, whatever the field.
            self.problems.add(node, path, f"fill in {value[1:-1]}")
            return INVALID
        try:
            return kind.accept(value, node, self.registry, path)
        except Refused as e:
            self.problems.add(node, path, str(e))
            return INVALID
