"""The index of validated data: a data file checked once is read back, on later runs, from the
user's cache folder instead of being parsed and checked again.

An entry is keyed by the file's real path and hkai-brief's version, and holds the file's size,
modification time and content hash beside the validated data as plain values (dicts, lists,
text, numbers) in marshal's format: no pickle, no code, nothing to import (json costs an
import on every run), and each value is checked against the spec as it is rebuilt.
It is used only when the file has not changed: same size and time, or, when the time differs,
the same content (the entry then takes the new time). A changed file is checked again, as
always. The folder is the cache's (cache.py): the user's own, private, files read without
following links; an entry that is damaged, foreign or from another version is ignored and
rebuilt. `HKAI_BRIEF_CACHE_DIR=` turns the index off. `validate` never uses it.

What the index saves is YAML: a run that finds its data here imports neither PyYAML nor the
checker.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from . import __version__
from .model import Dataset, PartialDate

# The shape of an entry; a new shape makes every old entry a miss.
FORMAT = 1
FOLDER = "data"
# The first bytes of an entry: a file that does not start so is not one.
_MAGIC = b"hkai-brief index\n"


def load(
    path: str, read: Callable[[str], Dataset], source: Callable[[], str], key: str = ""
) -> Dataset:
    """The dataset of the file at `path`: from its entry when the file is unchanged, else
    `read(text)` (which checks it, and raises DataError) with the text from `source()`,
    remembered for the next run when it is valid."""
    checked: list[Dataset] = []

    def check(text: str) -> dict[str, Any]:
        checked.append(read(text))
        return to_plain(checked[0])

    data = remembered(path, f"dataset:{key}", check, source)
    if checked:
        return checked[0]
    found = _dataset(data)
    return found if found is not None else _forget_and_read(path, read, source, key)


def _forget_and_read(
    path: str, read: Callable[[str], Dataset], source: Callable[[], str], key: str
) -> Dataset:
    """An entry that did not fit the spec: checked again, and the entry replaced."""
    checked: list[Dataset] = []

    def check(text: str) -> dict[str, Any]:
        checked.append(read(text))
        return to_plain(checked[0])

    remembered(path, f"dataset:{key}", check, source, trust=False)
    return checked[0]


def remembered(
    path: str,
    kind: str,
    check: Callable[[str], dict[str, Any]],
    source: Callable[[], str],
    trust: bool = True,
) -> dict[str, Any]:
    """What `check(text)` made of the file at `path` (plain values; `kind` names the entry),
    from its entry when the file is unchanged and `trust`; else checked now and remembered.
    `check` raises for a file it cannot accept, which leaves no entry."""
    from . import cache

    folder = cache.open_folder(FOLDER)
    if folder is None:
        return check(source())
    try:
        return _remembered(folder, path, kind, check, source, trust)
    finally:
        folder.close()


def _remembered(
    folder: Any,
    path: str,
    kind: str,
    check: Callable[[str], dict[str, Any]],
    source: Callable[[], str],
    trust: bool,
) -> dict[str, Any]:
    import stat

    try:
        info = os.stat(path)
        # The file must still be readable by this user: an entry never outlives the access.
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    except OSError:
        return check(source())
    if not stat.S_ISREG(info.st_mode):
        return check(source())  # a pipe or a device: nothing to remember
    name = _entry_name(path, kind)
    entry = _entry(folder.read(name)) if trust else None
    # The inode and the change time too: a file replaced by another of the same size and time
    # (an archive unpacked, `cp -p`, `touch -r`) is not the file the entry was made from.
    stamp = [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]
    if entry is not None and entry["stamp"] == stamp and not racy(entry, info.st_mtime_ns):
        data: dict[str, Any] = entry["data"]
        return data
    text = source()
    fingerprint = digest(text)
    if entry is not None and entry["digest"] == fingerprint:
        _store(folder, name, stamp, fingerprint, entry["data"])
        return dict(entry["data"])
    made = check(text)  # a file it cannot accept leaves no entry
    _store(folder, name, stamp, fingerprint, made)
    return made


# A file changed less than this before its entry was written may change again within the
# same tick of its clock, and keep its time: its content is compared (git's "racy" rule).
RACY_NS = 2_000_000_000


def racy(entry: dict[str, Any], mtime_ns: int) -> bool:
    written = entry.get("written")
    return not isinstance(written, int) or written - mtime_ns < RACY_NS


def _entry_name(path: str, kind: str) -> str:
    import zlib

    key = f"{FORMAT}\0{__version__}\0{rules()}\0{kind}\0{os.path.realpath(path)}"
    key_bytes = key.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(key_bytes):08x}-{zlib.adler32(key_bytes):08x}.index"


# The modules whose rules decide what a valid file is, and what it is made into.
# And, for a corpus's index, what it keeps: rows, and the keys of the words in each record.
_RULES = (
    *("check.py", "kinds.py", "spec.py", "model.py", "load.py", "reading.py", "limits.py"),
    *("rows.py", "corpus_write.py", "words.py", "stem.py", "search.py", "wording.py", "lang.py"),
)


def rules() -> str:
    """The size and time of the code that checks a file: an entry made by other rules (an
    upgrade, a checkout of another commit, the same version number or not) is never used."""
    here = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for name in _RULES:
        try:
            info = os.stat(os.path.join(here, name))
        except OSError:
            stamps.append("-")
            continue
        stamps.append(f"{info.st_size}.{info.st_mtime_ns}")
    return ",".join(stamps)


def digest(text: str) -> str:
    """A fingerprint of a file's text, to see that it is unchanged when its time is not. The
    folder is the user's own, so this guards against edits, not against an attacker."""
    import zlib

    data = text.encode("utf-8", "surrogatepass")
    return f"{len(data)}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


def _entry(raw: bytes | None) -> dict[str, Any] | None:
    """An entry read back, or None: missing, damaged, of another shape or version."""
    if raw is None or not raw.startswith(_MAGIC):
        return None
    import marshal

    try:
        entry = marshal.loads(raw[len(_MAGIC) :])
    except (ValueError, EOFError, TypeError, RecursionError, MemoryError):
        return None  # MemoryError: a damaged length can ask for gigabytes
    if not isinstance(entry, dict):
        return None
    if entry.get("format") != FORMAT or entry.get("version") != __version__:
        return None
    if not isinstance(entry.get("stamp"), list) or not isinstance(entry.get("digest"), str):
        return None
    if not isinstance(entry.get("data"), dict):
        return None
    return entry


def _store(folder: Any, name: str, stamp: list[int], digest: str, data: dict[str, Any]) -> None:
    import marshal
    import time

    from .cache import MAX_FILE

    entry = {"format": FORMAT, "version": __version__, "stamp": stamp, "digest": digest}
    entry["written"] = time.time_ns()
    entry["data"] = data
    raw = _MAGIC + marshal.dumps(entry, 4)
    if len(raw) <= MAX_FILE:  # a bigger entry could not be read back: not written at all
        folder.write(name, raw)


# --- the model as plain data, and back -----------------------------------------------------


def to_plain(dataset: Dataset) -> dict[str, Any]:
    """The dataset as the data file's fields, JSON-ready: what the index keeps."""
    from . import spec
    from .model import plain

    return {f.name: plain(getattr(dataset, f.name)) for f in spec.DATASET.fields}


def _dataset(data: dict[str, Any]) -> Dataset | None:
    """The dataset an entry holds, built record by record as the spec describes the file; None
    if the entry does not fit the spec (damaged, or written by other code)."""
    from . import spec

    try:
        built = _builder(spec.DATASET)(data)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return None
    return built if isinstance(built, Dataset) else None


_BUILDERS: dict[int, Callable[[Any], Any]] = {}


def _builder(kind: Any) -> Callable[[Any], Any]:
    """A function that builds a value of `kind` from plain data, checking its type: made once
    for each kind of the spec, so that thousands of records are built without asking the spec
    again for each."""
    found = _BUILDERS.get(id(kind))
    if found is None:
        found = _BUILDERS[id(kind)] = _make_builder(kind)
    return found


def _make_builder(kind: Any) -> Callable[[Any], Any]:
    from . import spec
    from .kinds import Date

    if isinstance(kind, spec.Record):
        fields = [(f.name, _builder(f.kind)) for f in kind.fields]
        build = kind.build

        def record(value: Any) -> Any:
            if type(value) is not dict:
                raise TypeError(kind.name)
            return build(
                **{name: make(value[name]) for name, make in fields if value.get(name) is not None}
            )

        return record
    if isinstance(kind, spec.ListOf):
        one = _builder(kind.item)

        def items(value: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise TypeError("a list")
            return tuple(one(v) for v in value)

        return items
    if isinstance(kind, Date):
        return PartialDate.parse
    expected = _TYPES.get(type(kind).__name__, str)
    flag = type(kind).__name__ == "Flag"

    def single(value: Any) -> Any:
        if not isinstance(value, expected) or (type(value) is bool and not flag):
            raise TypeError(f"{kind!r}: {type(value).__name__}")
        return value

    return single


# What each kind of single value is in an entry (kinds.py); any other kind is text.
_TYPES: dict[str, type | tuple[type, ...]] = {"Flag": bool, "Money": int, "Number": (int, float)}
