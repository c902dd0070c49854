"""From a data file's bytes to a tree of YAML nodes, within limits that hold for any input.

The YAML is composed into nodes, never constructed into Python objects: nodes keep their
positions for error messages, and no tag in a file can make PyYAML build or run anything.

The limits (`Limits`): a file size, and a budget of nodes counted while composing, so that no
file, however it is built (millions of short keys, nested brackets without a comma), costs more
than the budget's time and memory. libyaml's own composer is used when the text cannot hold
more nodes than the budget (every node starts at, or just after, a space, a line break or an
indicator, and no such character starts more than three nodes); otherwise a composer that
counts, and stops at the budget, with a depth limit of its own.
"""

from __future__ import annotations

import os
import re
from typing import Any, NamedTuple

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import BriefError, DataError, Problem
from .limits import DEFAULT_LIMITS, MAX_DEPTH, MAX_PROBLEMS, Limits
from .sanitize import INVISIBLE

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
# The tag the loader gives a plain (unquoted, untagged) scalar; its type is found later.
PLAIN = "!hkai-brief/plain"

if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
else:  # pragma: no cover - PyYAML without libyaml (tests run it in a subprocess)
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    # Without libyaml, every file is composed by the counting composer below.
    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class _NodeLoader(_Parser):
    """Composes nodes; leaves plain scalars untyped for the YAML 1.2 rules of the checker."""

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


class _OverBudget(BriefError):
    def __init__(self, mark: Any, message: str) -> None:
        self.mark, self.message = mark, message


class _Tree:
    """A node tree built event by event, counting nodes and depth as it grows."""

    def __init__(self, budget: int, name: str) -> None:
        self.budget, self.name = budget, name
        self.count = 0
        self.root: Node | None = None
        self.open: list[Any] = []
        self.anchors: dict[str, Node] = {}
        self.aliases: list[Problem] = []

    def close(self, event: Any) -> None:
        done = self.open.pop()
        done.end_mark = event.end_mark
        if type(event) is yaml.MappingEndEvent:
            items = done.value
            done.value = list(zip(items[::2], items[1::2], strict=True))

    def add(self, event: Any) -> None:
        self.count += 1
        if self.count > self.budget:
            raise _OverBudget(
                event.start_mark,
                f"the file holds more than {self.budget:,} values; data files hold far fewer"
                " (HKAI_BRIEF_MAX_MB raises the limit)",
            )
        node = self._node(event)
        if self.open:
            self.open[-1].value.append(node)
        else:
            self.root = node
        if type(event) is yaml.SequenceStartEvent or type(event) is yaml.MappingStartEvent:
            self.open.append(node)
            if len(self.open) > MAX_DEPTH:
                message = f"values nested more than {MAX_DEPTH} levels deep"
                raise _OverBudget(event.start_mark, message)

    def _node(self, event: Any) -> Node:
        kind = type(event)
        if kind is yaml.AliasEvent:
            if len(self.aliases) < MAX_PROBLEMS:
                self.aliases.append(_alias_problem(self.name, event))
            if event.anchor not in self.anchors:
                message = f"found undefined alias {event.anchor!r}"
                raise ComposerError(None, None, message, event.start_mark)
            return self.anchors[event.anchor]
        tag = event.tag
        node: Node
        if kind is yaml.ScalarEvent:
            if tag is None or tag == "!":
                tag = PLAIN if event.implicit[0] else STR
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        else:
            mapping = kind is yaml.MappingStartEvent
            if tag is None or tag == "!":
                tag = MAP if mapping else SEQ
            node_class = MappingNode if mapping else SequenceNode
            node = node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node


def _compose_counted(loader: _NodeLoader, budget: int, name: str) -> Composed:
    """PyYAML's composition, done in a loop over the parser's events rather than by recursion,
    counting nodes and depth as it goes and noting every alias where it stands."""
    get: Any = loader.get_event  # events of several kinds: their attributes are read by kind
    check = loader.check_event
    get()  # the stream's start
    if check(yaml.StreamEndEvent):
        return Composed(None, [])
    get()  # the document's start
    tree = _Tree(budget, name)
    while True:
        event = get()
        if type(event) is yaml.SequenceEndEvent or type(event) is yaml.MappingEndEvent:
            tree.close(event)
        elif type(event) is yaml.DocumentEndEvent:
            break
        else:
            tree.add(event)
    if not check(yaml.StreamEndEvent):
        extra = get()
        raise ComposerError(
            "expected a single document in the stream",
            None,
            "but found another document",
            extra.start_mark,
        )
    return Composed(tree.root, tree.aliases)


def _alias_problem(name: str, event: Any) -> Problem:
    mark = event.start_mark
    message = (
        f"alias *{event.anchor}: anchors and aliases are not supported in data files;"
        " write the value out"
    )
    return Problem(name, mark.line + 1, mark.column + 1, "(alias)", message)


def read_text(path: str, name: str, limit: Limits) -> str:
    """The file's text: UTF-8, with or without a byte order mark, at most `limit.max_bytes`.

    Read in pieces, so that a high limit never allocates its size up front."""
    too_big = DataError(
        [
            Problem(
                name,
                0,
                0,
                "(file)",
                f"the file is larger than {limit.max_bytes // 2**20} MB; data files are far"
                " smaller (HKAI_BRIEF_MAX_MB raises the limit)",
            )
        ]
    )
    chunks: list[bytes] = []
    size = 0
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below, after a size check
    except OSError as e:
        raise DataError([Problem(name, 0, 0, "(file)", f"cannot read: {e.strerror}")]) from None
    with f:
        try:
            if os.fstat(f.fileno()).st_size > limit.max_bytes:
                raise too_big
            while size <= limit.max_bytes:
                chunk = f.read(min(1 << 20, limit.max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as e:
            problem = Problem(name, 0, 0, "(file)", f"cannot read: {e.strerror}")
            raise DataError([problem]) from None
    if size > limit.max_bytes:
        raise too_big
    return decode(b"".join(chunks), name)


def decode(data: bytes, name: str) -> str:
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line_start = data.rfind(b"\n", 0, e.start) + 1
        line = data.count(b"\n", 0, e.start) + 1
        column = len(data[line_start : e.start].decode("utf-8", errors="replace")) + 1
        message = f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8"
        raise DataError([Problem(name, line, column, "(file)", message)]) from None


# Characters YAML does not allow; line separators that YAML counts as line breaks but editors do
# not (they come with text pasted from PDFs and word processors); invisible characters that can
# hide text or change the order it reads in (text.INVISIBLE); and lone surrogates.
_BAD_CHARACTERS = (
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff{INVISIBLE}]"
)
_SEPARATORS = "\x85\u2028\u2029"
# What YAML counts as a line break (libyaml's marks count lines this way).
_LINE_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"
# The regular expressions above are compiled (and cached by re) only for a file that has
# something str.isprintable objects to: every character they match is "not printable".


def _character_problem(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char in _SEPARATORS:
        return f"invisible line separator {code} (pasted text often has them); delete it"
    if re.match(f"[{INVISIBLE}]", char):
        return (
            f"invisible character {code} (it can hide text or change the order it reads in;"
            " pasted text often has them); delete it"
        )
    if "\ud800" <= char <= "\udfff":
        return f"{code} is half of a character, not a character; delete it"
    return f"control character {code} is not allowed; delete it"


def check_characters(text: str, name: str) -> list[Problem]:
    """Every character a data file may not hold, at its line and column, counted as YAML
    counts them (in one pass: the matches come in order)."""
    if text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        return []  # the usual case: no regular expression to compile or run
    problems = []
    line, line_start, scanned = 1, 0, 0
    breaks = re.compile(_LINE_BREAK)
    for match in re.finditer(_BAD_CHARACTERS, text):
        at = match.start()
        for brk in breaks.finditer(text, scanned, at):
            line, line_start = line + 1, brk.end()
        scanned = at
        column = at - line_start + 1
        problems.append(Problem(name, line, column, "(file)", _character_problem(match.group())))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


_SYNTAX_HINTS = {
    "found character that cannot start any token": (
        "a value that starts with @, ` or % must be in quotes"
    ),
    "mapping values are not allowed in this context": (
        "a value that holds ': ' must be in quotes; otherwise check the indentation"
    ),
    "found undefined alias": "a value that starts with * must be in quotes",
    "could not find expected ':'": (
        "a field is written name: value, with a space after the colon; check the indentation;"
        " a value that runs over several lines may need quotes"
    ),
    "found a tab character that violates indentation": "indent with spaces, not tabs",
    "found a tab character where an indentation space is expected": (
        "indent with spaces, not tabs"
    ),
}


def most_nodes(text: str) -> int:
    """An upper bound on the nodes `text` can compose into (see the module's docstring)."""
    starts = sum(text.count(c) for c in " \t\r\n[{,:-?")
    return 3 * starts + 3


class Composed(NamedTuple):
    node: Node | None
    # Every alias in the file, where it stands: aliases are refused, but the checker still
    # walks the rest of the file to report everything else.
    aliases: list[Problem]


def compose(text: str, name: str, limit: Limits = DEFAULT_LIMITS) -> Composed:
    """The YAML node tree of `text`, or a DataError at the first syntax error or limit."""
    bad = check_characters(text, name)
    if bad:
        raise DataError(bad, truncated=len(bad) >= MAX_PROBLEMS)
    counting = not yaml.__with_libyaml__ or most_nodes(text) > limit.max_nodes
    loader = _NodeLoader(text)
    try:
        if counting:
            return _compose_counted(loader, limit.max_nodes, name)
        node: Node | None = loader.get_single_node()
    except _OverBudget as e:
        line, column = e.mark.line + 1, e.mark.column + 1
        raise DataError([Problem(name, line, column, "(file)", e.message)]) from None
    except yaml.MarkedYAMLError as e:
        raise DataError([_syntax_problem(e, text, name)]) from None
    except yaml.YAMLError as e:
        raise DataError([Problem(name, 0, 0, "(YAML syntax)", str(e))]) from None
    finally:
        loader.dispose()
    return Composed(node, _aliases(text, name))


def _syntax_problem(e: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    message = str(e.problem or e.context)
    if e.problem and e.context:
        started = e.context_mark
        at = (
            f" at line {started.line + 1}" if started and mark and started.line != mark.line else ""
        )
        message += f" ({e.context}{at})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    lines = text.split("\n")
    if mark and line <= len(lines):
        # The parser's words name its own state; the line's indentation against the lines
        # above it says, in columns, what to change.
        said = indentation(lines, line)
        if said:
            text_line = lines[line - 1]
            start = len(text_line) - len(text_line.lstrip(" ")) + 1
            return Problem(name, line, start, "(indentation)", said)
    hint = _SYNTAX_HINTS.get(str(e.problem))
    if "quoted scalar" in str(e.context) and "end of stream" in str(e.problem):
        hint = "a quotation mark is opened and never closed: close it on the line it opens"
    if mark and line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        hint = "indent with spaces, not tabs"
    if hint:
        message += f"; {hint}"
    return Problem(name, line, column, "(YAML syntax)", message)


def indentation(lines: list[str], number: int) -> str | None:
    """What is wrong with the indentation of line `number` (1-based), in the editor's words,
    for the common mistakes: a tab, a key that lines up with none of the keys it could belong
    with, a list item out of line with the items of its list. None when the line's indentation
    is one YAML allows here (the mistake is another), or the case is not one of these."""
    line = lines[number - 1]
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    content = line.strip()
    if not content or content.startswith("#"):
        return None
    if "\t" in lead:
        return f"line {number} is indented with a tab; indent with spaces only, as the lines above"
    for at in (number, number - 1):  # this line, or the one above that the parser passed
        text = lines[at - 1] if at >= 1 else ""
        spaces = len(text) - len(text.lstrip(" "))
        if text[spaces : spaces + 1].isspace() and text[spaces] != "\t" and text.strip():
            return (
                f"line {at} is indented with a full-width space; indent with ordinary spaces"
                " only, as the other lines"
            )
    indent = len(lead)
    above = [
        (n, text)
        for n, text in enumerate(lines[: number - 1], start=1)
        if text.strip() and not text.lstrip().startswith("#")
    ]
    if not above or above[-1][1].rstrip().endswith(":"):
        return None  # the first line of a block may start anywhere further in
    chain = _enclosing(above)
    item = content.startswith("- ")
    # Where this line could start: a key, where the keys of an enclosing record are; an item,
    # where the items of an enclosing list are.
    places = [
        (n, col, text) for n, col, text in chain if not item or text.lstrip().startswith("- ")
    ]
    if item:
        places = [(n, col - 2, text) for n, col, text in places]
    if not places or indent in {col for _, col, _ in places}:
        return None
    # The nearest places; two when the line is halfway between them, for only the person
    # editing knows which was meant. The message says where they are, not which to move.
    nearest = min(abs(col - indent) for _, col, _ in places)
    closest: dict[int, tuple[int, int, str]] = {}
    for n, col, text in places:  # nearest line first: the one that names each place
        if abs(col - indent) == nearest:
            closest.setdefault(col, (n, col, text))
    near = sorted(closest.values(), key=lambda p: p[1])
    if item:
        where = " or ".join(f"{_spaces(col)} in (line {n})" for n, col, _ in near)
        return (
            f"this list item starts {_spaces(indent)} in, but the items of the lists it could"
            f" belong to start {where}: the dashes of a list line up"
        )
    key = content.split(":", 1)[0]
    where = " or ".join(f"{_name(text)!r} (line {n}) is at {_spaces(col)}" for n, col, text in near)
    return f"{key!r} is indented {_spaces(indent)}, but {where}: the keys of a record line up"


def _enclosing(above: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """The lines above that a next line may line up with: the last line, then each line further
    up that is further out than all below it (its record, the list it is in, and so on up)."""
    chain: list[tuple[int, int, str]] = []
    lowest = None
    for n, text in reversed(above):
        col = _key_column(text)
        start = col - 2 if text.lstrip().startswith("- ") else col
        if lowest is None or start < lowest:
            chain.append((n, col, text))
            lowest = start
        if lowest == 0:
            break
    return chain


def _name(line: str) -> str:
    return line.strip().removeprefix("- ").split(":", 1)[0]


def _key_column(line: str) -> int:
    shown = line.lstrip(" ")
    return len(line) - len(shown) + (2 if shown.startswith("- ") else 0)


def _spaces(count: int) -> str:
    return f"{count} space{'' if count == 1 else 's'}"


def _aliases(text: str, name: str) -> list[Problem]:
    """Every alias (*name) in a file libyaml composed (within the budget, so this is too)."""
    if "*" not in text:
        return []
    loader_class = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    problems = []
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            problems.append(_alias_problem(name, event))
            if len(problems) >= MAX_PROBLEMS:
                break
    return problems
