"""The kinds of single value a data file's fields hold, each in one class: what it accepts (and
how it says no), how a message names it, and its JSON Schema. A new kind of field is one new
class here; the checker (check.py) and the schema (spec.py) ask the kind, never its type.
"""

# Annotations here stay strings, and YAML's node type is only named in them: spec.py (and so a
# run that reads its data from the index) imports this module without loading YAML.
from __future__ import annotations

import math
import re
import sys
from typing import TYPE_CHECKING, Any, Protocol

from .errors import Refused
from .model import DATE_FORMS, PartialDate

if TYPE_CHECKING:
    from yaml.nodes import ScalarNode

# The end of the text, in Python and in the ECMAScript regular expressions of editors alike:
# "$" would let Python accept a final line break ("lab\n") that an editor refuses.
END = r"(?![\s\S])"
ID_PATTERN = rf"^[a-z0-9]+(?:-[a-z0-9]+)*{END}"
# An id names a record in commands and paths (`show ID`, `--measure ID`): short enough to
# type, and to lay out in a column.
MAX_ID = 80
URL_PATTERN = rf"^https?://[^\s]+{END}"
CURRENCY_PATTERN = rf"^[A-Z]{{3}}{END}"
# Any text with at least one character that is not white space.
TEXT_PATTERN = r"\S"
# The longest text a field may hold: far more than any name or summary needs, far less than
# what would slow a terminal down.
MAX_TEXT = 20_000

_SURROGATE = "[\ud800-\udfff]"


class Ids(Protocol):
    """What an id or a reference needs from the checker: the ids seen, the references made."""

    def register(self, collection: str, value: str, path: str, node: ScalarNode) -> None: ...

    def refer(self, kind: Ref, value: str, path: str, node: ScalarNode) -> None: ...

    def suggest(self, collection: str, value: str) -> str: ...


class Scalar:
    """A kind of single value. Subclasses say what they accept and how it is written."""

    __slots__ = ()
    # What a message calls a value of the kind: "expected an id, got the number 3".
    expected = "text"
    # What a value of the wrong type is told: a text kind suggests quotes for a number, a
    # number kind digits for a text; the others say only what they expected.
    hint: str = "text"

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong(self, node: ScalarNode) -> Refused:
        """A value of another type: what was expected, what was found, and how to fix it."""
        from . import scalars

        found = scalars.value(node)
        hint = ""
        is_number = isinstance(found, int | float) and not isinstance(found, bool)
        if self.hint == "text" and (is_number or isinstance(found, bool)):
            hint = " (put it in quotes to make it text)"
        elif self.hint == "number" and isinstance(found, str):
            quoted = isinstance(scalars.unquoted(node), int | float) and node.value.strip()
            hint = (
                " (remove the quotes)"
                if quoted
                else " (write digits only, without commas: 5600, 3000000000)"
            )
        return Refused(f"expected {self.expected}, got {scalars.describe(node)}{hint}")

    def __repr__(self) -> str:
        return type(self).__name__


def _shorten(text: str, limit: int = 40) -> str:
    from .scalars import shorten

    return shorten(text, limit)


def _text(kind: Scalar, value: Any, node: ScalarNode) -> str:
    if type(value) is not str:
        raise kind.wrong(node)
    return value


class Text(Scalar):
    """A string, not blank; `pattern`, when given, is what it must look like."""

    __slots__ = ("looks_like", "pattern")

    def __init__(self, pattern: str = TEXT_PATTERN, looks_like: str = "") -> None:
        self.pattern, self.looks_like = pattern, looks_like

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.looks_like or "text"

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        _text(self, value, node)
        if len(value) > MAX_TEXT:
            raise Refused(f"text too long ({len(value):,} characters; at most {MAX_TEXT:,})")
        if not value.isascii() and re.search(_SURROGATE, value):
            # Only without libyaml: its parser refuses "\ud800" escapes itself.
            raise Refused("the text holds half a character (a lone surrogate)")
        if not re.search(self.pattern, value):
            expected = self.looks_like or "text that is not blank"
            raise Refused(f"expected {expected}, got {_shorten(value)!r}")
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern, "maxLength": MAX_TEXT}


def _id(kind: Scalar, value: Any, node: ScalarNode) -> str:
    text = _text(kind, value, node)
    if not re.match(ID_PATTERN, text):
        shown = _shorten(text)
        raise Refused(f"an id is lower-case letters, digits and hyphens; got {shown!r}")
    if len(text) > MAX_ID:
        shown = _shorten(text)
        raise Refused(f"an id is at most {MAX_ID} characters; got {len(text):,}: {shown!r}")
    return text


class Id(Scalar):
    """The id of a record in `collection`; unique there."""

    __slots__ = ("collection",)
    expected = "an id"

    def __init__(self, collection: str) -> None:
        self.collection = collection

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        ids.register(self.collection, _id(self, value, node), path, node)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID}


class Ref(Scalar):
    """The id of a record in `collection` (a `noun`, in messages)."""

    __slots__ = ("collection", "kind", "noun")
    expected = "an id"

    def __init__(self, collection: str, noun: str, kind: str | None = None) -> None:
        # `kind`: the record must be of that kind too (discussed_in names replies).
        self.collection, self.noun, self.kind = collection, noun, kind

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        try:
            ids.refer(self, _id(self, value, node), path, node)
        except Refused as e:
            # `area: Research` names the area by its title, or in capitals: say which id it is.
            hint = ids.suggest(self.collection, value) if isinstance(value, str) else ""
            raise Refused(f"{e}{hint}") from None
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID}


class Choice(Scalar):
    """One of a fixed set of words."""

    __slots__ = ("values",)

    def __init__(self, values: tuple[str, ...]) -> None:
        self.values = values

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"one of {', '.join(self.values)}"

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        if _text(self, value, node) in self.values:
            return value
        from .suggest import did_you_mean

        hint = did_you_mean(value, self.values)
        raise Refused(f"expected one of {', '.join(self.values)}; got {value!r}{hint}")

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


class Number(Scalar):
    """An integer or a decimal, not negative."""

    __slots__ = ()
    expected = "a number"
    hint = "number"

    def number(self, value: Any, node: ScalarNode) -> int | float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.wrong(node)
        return value

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        number = self.number(value, node)
        if not math.isfinite(number) or number < 0:
            raise Refused(f"expected a number of 0 or more, got {node.value}")
        return number

    def schema(self) -> dict[str, Any]:
        # The largest finite double: no infinity, as the validator says.
        return {"type": "number", "minimum": 0, "maximum": sys.float_info.max}


class Money(Number):
    """A whole, non-negative amount."""

    __slots__ = ()
    expected = "a whole amount of money"

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        amount = self.number(value, node)
        # JSON Schema counts 1.5e9 as the integer 1500000000, and so do we.
        if isinstance(amount, float):
            if not amount.is_integer():
                raise Refused(f"expected a whole amount of money, got {node.value}")
            amount = int(amount)
        if amount < 0:
            raise Refused(f"money must not be negative, got {node.value}")
        return amount

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 0}


class Flag(Scalar):
    """true or false."""

    __slots__ = ()
    expected = "true or false"
    hint = ""

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        if not isinstance(value, bool):
            raise self.wrong(node)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Date(Scalar):
    """A partial date: YYYY, YYYY-H1/H2, YYYY-Q1 to Q4, YYYY-MM, YYYY-MM-DD or a financial
    year (2025-26)."""

    __slots__ = ()
    expected = f"a date ({DATE_FORMS})"
    hint = ""

    def accept(self, value: Any, node: ScalarNode, ids: Ids, path: str) -> Any:
        from .reading import PLAIN

        if value == 0 and node.tag == PLAIN and node.value == "0000":
            value = node.value  # to be told that there is no year 0
        elif isinstance(value, float) and value.is_integer():
            value = int(value)  # as JSON Schema sees it
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.wrong(node)
        try:
            return PartialDate.parse(value)
        except ValueError as e:
            raise Refused(str(e)) from None

    def schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string", "pattern": date_pattern()},
            ]
        }


def _year_pattern() -> str:
    # Four digits, but not 0000: there is no year 0.
    return "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"


def date_pattern() -> str:
    """A regular expression that matches exactly the dates PartialDate.parse accepts.

    The calendar is spelt out (30-day months, February, leap years) so that an editor flags
    2025-02-30 as the validator does.
    """
    year = _year_pattern()
    # A financial year ends the year after it starts: 2025-26, 2025/26, FY2008-09 (2008-09
    # alone is September 2008). Spelt out for each pair of final digits, as a pattern cannot
    # add one; no year 0 (0000-01 would start there) and no year 10000 (9999-00 would end there).
    ends = "|".join(f"{n:02d}[-/]{(n + 1) % 100:02d}" for n in range(100))
    plain_ends = "|".join(f"{n:02d}-{(n + 1) % 100:02d}" for n in range(12, 99))
    slash_ends = ends.replace("[-/]", "/")
    start = "(?!0000|9999)[0-9]{2}"
    financial = f"(?:FY ?{start}(?:{ends})|{start}(?:{plain_ends}|{slash_ends}))"
    day31 = "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    day30 = "(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    feb = "02-(?:0[1-9]|1[0-9]|2[0-8])"
    leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29"
    spans = f"-H[12]|-Q[1-4]|-(?:0[1-9]|1[0-2])|-(?:{day31}|{day30}|{feb})"
    return f"^(?:{year}(?:{spans})?|{leap}|{financial}){END}"
