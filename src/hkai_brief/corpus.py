"""The index of a corpus: several data files (a folder, or `--data` repeated) checked once and
kept in one SQLite file in the user's cache folder, so that later runs read only what they use.

- **Keyed by what was asked**: one index for each `--data` source (the folder or files given,
  the limits), holding each file's stamp (size, modification time, inode, change time) and a
  fingerprint of its content. A run whose files are all unchanged reads the index and parses
  nothing; a run that finds some changed checks those files alone, then the files together,
  and updates the index in one transaction.
- **Records one at a time**: each measure is a row (its values in marshal's format, with a
  checksum); `list` and `summary` read them all, `show` reads one, `grep` reads the measures
  that hold its words' keys (words.py), found in an FTS5 table of those keys. A run that has
  just checked every file searches them in memory; the next search makes the keys.
- **Safe like the rest of the cache** (cache.py): the folder is the user's own and private; the
  index is a regular file owned by the user; it is made whole in a temporary file and linked
  into place, and changed afterwards only in SQLite transactions, whose locking keeps two runs
  from corrupting it. A damaged, foreign or other-version index is put aside and made again.

Anything that goes wrong here means "no index": the caller checks the files as without one.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__, rows
from .model import Area, Dataset, Document, Measure, Organisation

if TYPE_CHECKING:
    import sqlite3

    from .search import Tally

FORMAT = 4
FOLDER = "corpus"
SUFFIX = ".sqlite"
# How long a run waits for another that is writing the index.
BUSY_SECONDS = 10.0

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE files(
    id INTEGER PRIMARY KEY, path TEXT UNIQUE, position INT, stamp BLOB, digest TEXT,
    written INT, part BLOB, crc INT, words BLOB, words_crc INT);
CREATE TABLE measures(id INTEGER PRIMARY KEY, file INT, seq INT, name TEXT, row BLOB, crc INT);
-- What a search reads of a measure, apart: reading every measure does not wade through it.
-- Its texts, for the hits grep shows; its tally (search.Tally), for what grep -l and -c count.
-- The measure's file, place in it and id are repeated here, for a search to read one table.
-- The largest last: SQLite reads a row's values up to the last one asked for.
CREATE TABLE searchable(
    id INTEGER PRIMARY KEY, file INT, seq INT, name TEXT, tally_crc INT, texts_crc INT,
    tally BLOB, keys TEXT, texts BLOB);
CREATE INDEX files_in_order ON files(position);
CREATE INDEX measures_in_files ON measures(file, seq);
CREATE INDEX measures_by_name ON measures(name);
CREATE TABLE documents(id INTEGER PRIMARY KEY, keys TEXT);
-- What `list` shows of each measure (views.Cells, with its id, area and replies), in English
-- and in Chinese: made by a `list` that reads the index, like the keys by a search.
CREATE TABLE listed(
    id INTEGER PRIMARY KEY, file INT, seq INT, en BLOB, en_crc INT, zh BLOB, zh_crc INT);
-- For a word (or some Chinese): the measures that hold it, in data order, and how many times
-- it stands in each one's English and Chinese texts; made by the first search of it, cleared
-- by any change to the files.
CREATE TABLE postings(key TEXT PRIMARY KEY, data BLOB, crc INT) WITHOUT ROWID;
"""
# The keys, for FTS5 to find the records that hold them all (created when FTS5 is there).
_KEYS_SCHEMA = """
CREATE VIRTUAL TABLE measure_keys USING fts5(
    keys, content='searchable', content_rowid='id', detail=none,
    tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE document_keys USING fts5(
    keys, content='documents', content_rowid='id', detail=none,
    tokenize='unicode61 remove_diacritics 0');
"""


class Index:
    """An open index: the connection, and what a run reads through it."""

    def __init__(
        self,
        db: sqlite3.Connection,
        whole: Callable[[], Dataset] | None = None,
        path: str | None = None,
    ) -> None:
        self.db = db
        # The files checked whole, as without an index: what a run falls back on.
        self.whole = whole
        self.path = path  # removed when found damaged, to be made again by the next run

    def meta(self, key: str) -> Any:
        found = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if found is None else found[0]

    def rows(self, where: str = "", args: Iterable[Any] = ()) -> list[tuple[int, Measure]]:
        """The measures (all, or those `where` selects) with their row ids, in data order."""
        import gc

        sql = (
            "SELECT f.position, m.seq, m.id, m.row, m.crc FROM measures m"
            f" JOIN files f ON m.file = f.id {where}"
        )
        # In the order of the data: files in order, each file's measures in order. Sorted
        # here, which is quicker than SQLite's sort of whole rows.
        found = sorted(self.db.execute(sql, tuple(args)).fetchall(), key=_place)
        # Thousands of records and no reference cycles: the collector would run for nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return [(i, rows.measure(row, crc)) for _p, _s, i, row, crc in found]
        finally:
            # The records live as long as the run: later collections need not look at them.
            gc.freeze()
            if collecting:
                gc.enable()

    def measures(self) -> tuple[Measure, ...]:
        return tuple(m for _, m in self.rows())

    def measure(self, name: str) -> Measure | None:
        found = self.rows("WHERE m.name = ?", (name,))
        return found[0][1] if found else None

    def with_keys(self, table: str, keys: list[str]) -> list[int]:
        """The ids of the rows of `table` (measure_keys, document_keys) that hold every key."""
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ?"
        return [rowid for (rowid,) in self.db.execute(sql, (_match(keys),))]

    def listed(self, lang: str) -> list[Any]:
        """What `list` shows of every measure in `lang`, in data order (ValueError if a row is
        damaged)."""
        column = _LISTED[lang]
        position = dict(self.db.execute("SELECT id, position FROM files"))
        found = []
        for file, seq, data, crc in self.db.execute(
            f"SELECT file, seq, {column}, {column}_crc FROM listed"
        ):
            kept = rows.decode(data, crc)
            if not _is_listed(kept) or file not in position:
                raise ValueError("a damaged row")
            found.append((position[file], seq, kept))
        found.sort(key=_place)
        return [kept for _p, _s, kept in found]

    def counted(self, keys: list[str]) -> list[tuple[str, list[tuple[int, int]]]] | None:
        """The measures that hold every key, in data order, each with its counts of each key's
        word in English and in Chinese (the postings); None if one is missing (another run
        changed the files since it was made). ValueError if one is damaged."""
        postings = []
        for key in keys:
            found = self.db.execute("SELECT data, crc FROM postings WHERE key = ?", (key,))
            row = found.fetchone()
            if row is None:
                return None
            kept = rows.decode(*row)
            if not _is_posting(kept):
                raise ValueError("a damaged row")
            names, english, chinese = kept
            postings.append(dict(zip(names, zip(english, chinese, strict=True), strict=True)))
        first, *others = postings
        return [
            (name, [counts, *(other[name] for other in others)])
            for name, counts in first.items()
            if all(name in other for other in others)
        ]

    def tallied(self, keys: list[str], each: Callable[[Tally], Any]) -> list[Any]:
        """What `each` makes of the tally of every measure that holds every key, in data order,
        leaving out None: read one at a time, so that a search of 100,000 measures does not
        hold every one's texts at once."""
        from .search import Tally

        sql = (
            "SELECT s.file, s.seq, s.name, s.tally, s.tally_crc FROM measure_keys k"
            " JOIN searchable s ON s.id = k.rowid WHERE measure_keys MATCH ?"
        )
        found = []
        for file, seq, name, data, crc in self.db.execute(sql, (_match(keys),)):
            kept = _decoded(data, crc)
            if _is_tally(kept):
                made = each(Tally(name, *kept))
            else:
                made = each(Tally(name, "", (), (), None))  # damaged: the measure tells
            if made is not None:
                found.append((file, seq, made))
        position = dict(self.db.execute("SELECT id, position FROM files"))
        if any(file not in position for file, _, _ in found):
            raise ValueError("a damaged row")
        found.sort(key=lambda one: (position[one[0]], one[1]))
        return [made for _f, _s, made in found]

    def measures_with(
        self, ids: list[int]
    ) -> tuple[tuple[Measure, ...], Callable[[str], tuple[list[Any], str] | None]]:
        """The measures of these row ids, in data order, and what gives the searchable texts
        the index keeps of one, by its id (read back when the search comes to it)."""
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM wanted")
        db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((i,) for i in ids))
        found = self.rows("JOIN wanted w ON w.id = m.id")
        sql = (
            "SELECT s.id, s.texts, s.texts_crc, s.tally, s.tally_crc FROM searchable s"
            " JOIN wanted w ON w.id = s.id"
        )
        kept = {i: values for i, *values in db.execute(sql)}
        named = {m.id: kept.get(i) for i, m in found}
        return tuple(m for _, m in found), lambda name: _texts(named[name])


class Checks(NamedTuple):
    """How the files are read and checked (load.py), for the index to call."""

    read: Callable[[str], str]  # a file's text
    part: Callable[[str, str], dict[str, Any]]  # (text, name): one file's part, or DataError
    whole: Callable[[], Dataset]  # every file checked as one, as without an index


def _texts(kept: list[Any] | None) -> tuple[list[Any], str] | None:
    """A measure's texts as the index keeps them, and all of them joined, folded (from its
    tally), or None if they are missing or damaged (the search makes them again)."""
    if not kept:
        return None
    texts, tally = _decoded(*kept[:2]), _decoded(*kept[2:])
    if type(texts) is not list or type(tally) is not tuple or not tally:
        return None
    joined = tally[-1]
    if type(joined) is not str:
        return None
    if not all(type(t) is tuple and len(t) == _TEXT_FIELDS for t in texts):
        return None
    return texts, joined


def _is_tally(kept: Any) -> bool:
    """Whether a row is a tally less its id, of the types a search.Tally has."""
    if type(kept) is not tuple or len(kept) != 4:
        return False
    area, replies, shape, folded = kept
    return (
        type(area) is str
        and _strings(replies)
        and type(folded) is str
        and type(shape) is tuple
        and all(type(s) is tuple and len(s) == 2 and _strings(s) for s in shape)
    )


def _strings(value: Any) -> bool:
    return type(value) is tuple and all(type(v) is str for v in value)


def _is_listed(kept: Any) -> bool:
    """Whether a row is what `list` keeps of a measure: id, area, replies, views.Cells."""
    if type(kept) is not tuple or len(kept) != 4:
        return False
    id, area, replies, cells = kept
    if type(id) is not str or type(area) is not str or not _strings(replies):
        return False
    if type(cells) is not tuple or len(cells) != 4:
        return False
    title, marked, funding, status = cells
    return (
        type(title) is str
        and type(marked) is bool
        and type(status) is str
        and type(funding) is tuple
        and all(type(f) is tuple and len(f) == 2 and type(f[0]) is str for f in funding)
    )


def _is_posting(kept: Any) -> bool:
    """Whether a row is a posting: ids, and counts in English and Chinese, one each."""
    if type(kept) is not tuple or len(kept) != 3:
        return False
    names, english, chinese = kept
    if not (type(names) is type(english) is type(chinese) is list):
        return False
    if not len(names) == len(english) == len(chinese):
        return False
    return all(type(n) is str for n in names) and all(
        type(c) is int and c >= 0 for c in (*english, *chinese)
    )


def _decoded(data: bytes | None, crc: int | None) -> Any:
    """A row read back, or None if it is missing or damaged."""
    try:
        return None if data is None or crc is None else rows.decode(data, crc)
    except (ValueError, TypeError, EOFError, MemoryError):
        return None


def _match(keys: list[str]) -> str:
    """An FTS5 query for the rows that hold every key."""
    return " AND ".join(f'"{rows.token(k)}"' for k in keys)


# What a searchable text is: field, label, value, sources, secondary (search.Searchable).
_TEXT_FIELDS = 5


# The column of `listed` that holds each language's cells.
_LISTED = {"en": "en", "zh-Hant": "zh"}


def _place(found: tuple[Any, ...]) -> tuple[int, int]:
    return found[0], found[1]


Found = tuple[tuple[Measure, ...], tuple[Document, ...], Callable[[str], Any]]


class Changed(ValueError):
    """The index is another version than the one a run opened (another run updated it)."""


class Indexed(Dataset):
    """A dataset read from an index: its documents, areas and organisations at once, its
    measures when something asks for them (all, one by id, or those a search may find)."""

    __slots__ = ("_index", "_replies", "_version")

    def __init__(self, index: Index) -> None:
        self._index = index
        db = index.db
        in_transaction = db.in_transaction
        if not in_transaction:
            db.execute("BEGIN")
        try:
            made = context(index)
            # What this run read: a later read that finds another version (a run updated the
            # index since) reads the files instead: records and context come from one version.
            self._version = index.meta("context_crc")
        finally:
            if not in_transaction:
                db.execute("COMMIT")
        self._replies: tuple[str, ...] = made.pop("replies")
        self._describe(**made)

    def __getattr__(self, name: str) -> Any:
        # `measures` and the lookup by id are left unset until first asked for.
        if name in ("measures", "_measures"):
            found = self._read(self._index.measures)
            if found is not None:
                self._set_measures(found)
            return object.__getattribute__(self, name)
        raise AttributeError(name)

    def _loaded(self) -> bool:
        try:
            object.__getattribute__(self, "_measures")
        except AttributeError:
            return False
        return True

    def _read(self, read: Callable[..., Any], *args: Any) -> Any:
        """What the index gives, read in one transaction from the version this run opened; if
        it fails now (another version, a disk error, a damaged row), None, and the measures
        are the files' own, checked again."""
        import sqlite3

        db = self._index.db
        try:
            db.execute("BEGIN")
            try:
                if self._index.meta("context_crc") != self._version:
                    raise Changed("the index changed since this run opened it")
                return read(*args)
            finally:
                db.execute("COMMIT")
        except (sqlite3.Error, ValueError, TypeError, EOFError, MemoryError) as e:
            if not isinstance(e, Changed | sqlite3.OperationalError) and self._index.path:
                with contextlib.suppress(OSError):
                    os.unlink(self._index.path)  # damaged: the next run makes it again
            # Only the measures are read late: the rest came with the index.
            assert self._index.whole is not None
            self._set_measures(self._index.whole().measures)
            return None

    def measure(self, id: str) -> Measure:
        found = None if self._loaded() else self._read(self._index.measure, id)
        if isinstance(found, Measure):
            return found
        return super().measure(id)  # no such id (KeyError), or in memory

    @property
    def replies(self) -> tuple[Document, ...]:
        return tuple(self.document(r) for r in self._replies)

    def vocabulary(self) -> set[str] | None:
        if self._loaded():
            return None
        found = self._read(self._vocabulary) if self._made("keys") else None
        return found if isinstance(found, set) else None

    def _made(self, what: str) -> bool:
        """Whether the index has `what` it keeps of each measure for a command (keys for a
        search, listed for `list`), made now if need be (in a transaction of their own, from
        the index's own records)."""
        import sqlite3

        from .corpus_write import ready

        try:
            return ready(self._index, what)
        except (sqlite3.Error, ValueError, TypeError, EOFError, MemoryError, KeyError):
            return False  # busy for long, a disk error, a damaged row: every record is read

    def _vocabulary(self) -> set[str]:
        found: set[str] = set()
        sql = "SELECT words, words_crc FROM files WHERE words IS NOT NULL"  # none: no measure
        for data, crc in self._index.db.execute(sql):
            found.update(rows.decode(data, crc))
        return found

    def listed(self, lang: str) -> list[tuple[str, str, tuple[str, ...], Any]] | None:
        if self._loaded():
            return None  # in memory already
        found = self._read(self._index.listed, lang) if self._made("listed") else None
        return found if isinstance(found, list) else None

    def counted(
        self, terms: list[Any], count: Callable[[Any, Tally], tuple[int, int] | None]
    ) -> list[tuple[str, list[tuple[int, int]]]] | None:
        if self._loaded() or not self._made("keys"):
            return None
        import sqlite3

        from .corpus_write import posting_ready
        from .words import needed, posting

        keys = [posting(term) for term in terms]
        for key, term in zip(keys, terms, strict=True):
            try:
                made = posting_ready(self._index, key, needed(term), functools.partial(count, term))
                if not made:
                    return None  # a measure the tallies cannot tell: searched as they are
            except (sqlite3.Error, ValueError, TypeError, EOFError, MemoryError, KeyError):
                return None  # busy for long, a disk error, a damaged row
        found = self._read(self._index.counted, keys)
        return found if isinstance(found, list) else None

    def tallied(self, keys: list[str], each: Callable[[Tally], Any]) -> list[Any] | None:
        if self._loaded() or not keys:
            return None
        found = self._read(self._index.tallied, keys, each) if self._made("keys") else None
        return found if isinstance(found, list) else None

    def candidates(self, keys: list[str]) -> Found | None:
        if self._loaded() or not keys:
            return None  # in memory already, or nothing to narrow by
        found = self._read(self._candidates, keys) if self._made("keys") else None
        return found if isinstance(found, tuple) else None

    def _candidates(self, keys: list[str]) -> Found:
        index = self._index
        measures, texts = index.measures_with(index.with_keys("measure_keys", keys))
        wanted = set(index.with_keys("document_keys", keys))
        documents = tuple(d for i, d in enumerate(self.documents, start=1) if i in wanted)
        return measures, documents, texts


def context(index: Index) -> dict[str, Any]:
    """What the index keeps besides the measures, as the records the dataset is made of."""
    values = rows.decode(index.meta("context"), index.meta("context_crc"))
    if not isinstance(values, dict):
        raise ValueError("a damaged index")
    made: dict[str, Any] = {"replies": tuple(values.pop("replies"))}
    kinds = {"documents": Document, "areas": Area, "organisations": Organisation}
    for key, value in values.items():
        made[key] = tuple(map(rows.builder(kinds[key]), value)) if key in kinds else value
    return made


def load(
    given: tuple[str, ...],
    files: list[str],
    limit_key: str,
    checks: Checks,
) -> Dataset | None:
    """The dataset of `files` (which `given` named) from their index, updated first for the
    files that changed (`checks` reads a file, checks one, or all as one); None if there is no
    index to use, or a file or the files together have a problem (then all are checked as
    one, for the located messages)."""
    from . import cache
    from .corpus_write import open_or_update

    folder = cache.open_folder(FOLDER)
    if folder is None:
        return None
    try:
        name, source = _name(given, limit_key)
        return open_or_update(folder, name, source, files, checks)
    finally:
        folder.close()


def _name(given: tuple[str, ...], limit_key: str) -> tuple[str, str]:
    """The index's file name, and its source. The source is what was asked for (not the files
    found, so that a file added to a folder updates its index) and the limits; the name adds
    the rules and version that check files, so that an upgrade makes a new index (and the one
    it replaces, of the same source, is removed)."""
    import zlib

    from . import words
    from .index import rules

    asked = "\0".join(os.path.realpath(g) for g in given)
    source = f"{limit_key}\0{asked}"
    key = f"{FORMAT}\0{__version__}\0{rules()}\0{words.rules()}\0{source}"
    data = key.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}-{zlib.adler32(data):08x}{SUFFIX}", source
