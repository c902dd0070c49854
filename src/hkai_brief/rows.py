"""Records as rows, and back: what the corpus index (corpus.py) keeps of each record.

A row is a record's values in the order of its fields, a nested record a nested row, a date
the numbers it is made of: plain values that marshal writes and reads at C speed. Reading
builds the records again from the model's own field types, without checking each value as a
data file is checked: the index is the user's own, made by hkai-brief, and a checksum beside
each row turns a damaged one into a miss.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from typing import Any

from .model import Measure

_new = tuple.__new__
# The records encode makes rows of with an encoder of their own (the rest, with row).
_RECORDS = frozenset({Measure})


def row(value: Any) -> Any:
    """A record (or a tuple of them) as plain values."""
    if isinstance(value, tuple):
        return tuple(row(v) for v in value)
    return value


def encode(value: Any) -> tuple[bytes, int]:
    """A record's row in marshal's format, and its checksum."""
    import marshal
    import zlib

    plain = _encoder(type(value))(value) if type(value) in _RECORDS else row(value)
    data = marshal.dumps(plain, 4)
    return data, zlib.crc32(data)


_ENCODERS: dict[type, Callable[[Any], Any]] = {}


def _encoder(cls: Any) -> Callable[[Any], Any]:
    """A function that makes the row of a record of `cls`, as `row` does, converting only the
    fields that hold records: made once for each kind of record."""
    found = _ENCODERS.get(cls)
    if found is not None:
        return found
    nested = [(i, _encoder(record), many) for i, record, many in _records_in(cls)]

    def encode(value: Any) -> Any:
        if not nested:
            return tuple(value)
        items = list(value)
        for i, one, many in nested:
            if items[i] is not None:
                items[i] = tuple(map(one, items[i])) if many else one(items[i])
        return tuple(items)

    _ENCODERS[cls] = encode
    return encode


def _records_in(cls: Any) -> list[tuple[int, type, bool]]:
    """The fields of a record of `cls` that hold records: their position, the records' type,
    and whether a tuple of them (from the model's field types)."""
    found = []
    for i, name in enumerate(cls._fields):
        record = _record_in(cls.__annotations__[name])
        if record is not None:
            found.append((i, *record))
    return found


def _record_in(kind: Any) -> tuple[type, bool] | None:
    """The record type a field holds, and whether a tuple of them; None if it holds none."""
    args = typing.get_args(kind)
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return _record_in(inner[0]) if len(inner) == 1 else None
    if typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:
        one = _record_in(args[0])
        return None if one is None else (one[0], True)
    if isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):
        return kind, False
    return None


def decode(data: bytes, crc: int) -> Any:
    """A row read back from its bytes; ValueError if they are not what was written."""
    import marshal
    import zlib

    if zlib.crc32(data) != crc:
        raise ValueError("a damaged row")
    return marshal.loads(data)


def measure(data: bytes, crc: int) -> Measure:
    made = builder(Measure)(decode(data, crc))
    assert isinstance(made, Measure)
    return made


_BUILDERS: dict[type, Callable[[Any], Any]] = {}


def builder(cls: type) -> Callable[[Any], Any]:
    """A function that makes a record of `cls` (a NamedTuple of the model) from its row:
    made once for each kind of record, from the types of its fields."""
    found = _BUILDERS.get(cls)
    if found is None:
        found = _BUILDERS[cls] = _make_builder(cls)
    return found


def _make_builder(cls: Any) -> Callable[[Any], Any]:
    size = len(cls._fields)
    nested = [(i, builder(record), many) for i, record, many in _records_in(cls)]

    def build(values: Any) -> Any:
        if type(values) is not tuple or len(values) != size:
            raise ValueError(f"not a row of {cls.__name__}")
        if not nested:
            return _new(cls, values)
        items = list(values)
        for i, one, many in nested:
            value = items[i]
            if value:  # None, or an empty tuple, stays as it is
                items[i] = tuple(map(one, value)) if many else one(value)
        return _new(cls, items)

    return build


@functools.cache  # a corpus repeats its words: each key is written once
def token(key: str) -> str:
    """A key (words.keys) as one token of FTS5's unicode61 tokenizer, whose tables are older
    than Python's: ASCII letters and digits only, anything else written in hex after an "h"
    (a word has no digits and a number no letters, so none is taken for another)."""
    kind, value = key[0], key[1:]
    if not (value.isascii() and value.isalnum()):
        value = "h" + value.encode("utf-8", "surrogatepass").hex()
    return {"$": "m"}.get(kind, kind) + value
