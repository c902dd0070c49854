"""Making and updating a corpus's index (corpus.py): the files that changed are checked alone,
then the files together, and the index is changed in one transaction; the keys of the words in
each record are made when a search asks for them (never by the run that checked every file).

A new index is made whole in a temporary file and linked into place only if none is there (a
link never replaces a file that another run may have open); after that it changes only in
SQLite transactions, whose locks let one run write at a time.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from . import __version__, rows
from .corpus import (
    _KEYS_SCHEMA,
    _LISTED,
    _SCHEMA,
    BUSY_SECONDS,
    FORMAT,
    SUFFIX,
    Checks,
    Index,
    Indexed,
    context,
)
from .errors import DataError
from .index import RACY_NS, digest
from .model import Dataset, Measure

if TYPE_CHECKING:
    import sqlite3

    from .cache import Folder
    from .search import Tally


def open_or_update(
    folder: Folder, name: str, source: str, files: list[str], checks: Checks
) -> Dataset | None:
    """The files' dataset from the index `name` in `folder`, made or updated first as need be;
    None if the files have a problem, or the index cannot be used."""
    import sqlite3

    # ./data and data/ are one folder, as is the absolute path: one spelling in the index.
    stamps = _stamps([os.path.abspath(f) for f in files])
    if stamps is None:
        return None
    for attempt in ("open", "make", "open"):
        try:
            if attempt == "make":
                return _make(folder, name, source, stamps, checks)
            db = _open(folder, name)
            if db is None:
                continue
            index = Index(db, checks.whole, os.path.join(folder.path, name))
            if _up_to_date(index, stamps, checks.read):
                return Indexed(index)
            return _update(index, stamps, checks)  # None: the files have a problem
        except sqlite3.OperationalError as e:
            if _busy(e):
                return None  # another run is writing it: this one reads the files
            _put_aside(folder, name)  # not one of ours (no such table): made again
        except (sqlite3.Error, ValueError, TypeError, EOFError, MemoryError, KeyError):
            _put_aside(folder, name)  # damaged, or not one of ours: made again
        except DataError:
            return None
        except OSError:
            return None  # a cache folder that takes no new file (read-only, full)
    return None


def _busy(error: Exception) -> bool:
    """Whether SQLite gave up waiting for another run's lock (not a damaged file)."""
    name = getattr(error, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error)


def _stamps(files: list[str]) -> dict[str, tuple[str, int]] | None:
    """Each file's stamp (size, time, inode, change time) and time; None if one cannot be read:
    an index never serves a file the user can no longer read."""
    import stat

    found = {}
    for file in files:
        try:
            info = os.stat(file)
            os.close(os.open(file, os.O_RDONLY | os.O_NONBLOCK))
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        stamp = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_ctime_ns}"
        found[file] = (stamp, info.st_mtime_ns)
    return found


def _uri(path: str, mode: str) -> str:
    """An SQLite URI that opens an existing file only (ro, rw), never makes one."""
    # What a URI's path cannot hold as it is (urllib.parse costs 6 ms to import).
    quoted = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{quoted}?mode={mode}"


def _connect(path: str) -> sqlite3.Connection:
    import sqlite3

    db = sqlite3.connect(_uri(path, "rw"), uri=True, timeout=BUSY_SECONDS, isolation_level=None)
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _open(folder: Folder, name: str) -> sqlite3.Connection | None:
    """The index, if it is a regular file of the user's own, of this format and version."""
    import stat

    try:
        info = os.stat(name, dir_fd=folder.fd, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
        _put_aside(folder, name)
        return None
    db = _connect(os.path.join(folder.path, name))
    index = Index(db)
    if (index.meta("format"), index.meta("version")) != (FORMAT, __version__):
        db.close()
        raise ValueError("an index of another version")
    return db


def _clear_leftovers(folder: Folder, name: str) -> None:
    """Temporary files of this index that a run left (stopped with Ctrl-C, killed) more than
    an hour ago, or ours of an earlier run of the same process id."""
    prefix, now = f".{name}.", time.time()
    try:
        leftovers = [
            n for n in os.listdir(folder.fd) if n.startswith(prefix) and n.endswith(".tmp")
        ]
    except OSError:
        return
    for leftover in leftovers:
        try:
            info = os.stat(leftover, dir_fd=folder.fd, follow_symlinks=False)
        except OSError:
            continue
        if now - info.st_mtime > _LEFTOVER_SECONDS or leftover == f"{prefix}{os.getpid()}.tmp":
            _put_aside(folder, leftover)


_LEFTOVER_SECONDS = 3600


def _put_aside(folder: Folder, name: str) -> None:
    import contextlib

    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=folder.fd)


def _make(
    folder: Folder, name: str, source: str, stamps: dict[str, tuple[str, int]], checks: Checks
) -> Dataset | None:
    """A new index made in a temporary file, then linked into place if none is there yet;
    the files' dataset, or None if they have a problem."""
    temp = f".{name}.{os.getpid()}.tmp"
    _clear_leftovers(folder, name)
    path = os.path.join(folder.path, temp)
    os.close(
        os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder.fd)
    )
    try:
        made = _fill(path, source, stamps, checks)
        if made is not None:
            # FileExistsError: another run made it meanwhile, and the next run uses that one.
            with contextlib.suppress(FileExistsError):
                os.link(temp, name, src_dir_fd=folder.fd, dst_dir_fd=folder.fd)
                _retire(folder, name, source)
    finally:
        _put_aside(folder, temp)  # linked, or of no use: a stopped run leaves nothing behind
    return made


def _fill(
    path: str, source: str, stamps: dict[str, tuple[str, int]], checks: Checks
) -> Dataset | None:
    """A new index's tables, filled from the files; their dataset, or None (a problem)."""
    import sqlite3

    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        # A temporary file until it is whole: a crash leaves nothing that is ever read.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        try:
            db.executescript(_KEYS_SCHEMA)
            fts = 1
        except sqlite3.OperationalError:
            fts = 0  # an SQLite without FTS5: every search reads every record
        meta = {"format": FORMAT, "version": __version__, "fts": fts, "source": source}
        meta.update(keys=0, listed=0)  # made when a command first asks (ready)
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        return _update(Index(db, checks.whole), stamps, checks)
    finally:
        db.close()


def _retire(folder: Folder, name: str, source: str) -> None:
    """Remove the indexes this one replaces: of the same source, made by another version or
    other rules (an index of 100,000 measures is most of a gigabyte)."""
    import sqlite3
    import stat

    for other in os.listdir(folder.fd):
        if other == name or other.startswith(".") or not other.endswith(SUFFIX):
            continue
        try:
            info = os.stat(other, dir_fd=folder.fd, follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
            uri = _uri(os.path.join(folder.path, other), "ro")
            with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
                found = Index(db).meta("source")
        except (OSError, sqlite3.Error):
            continue
        if found == source:
            _put_aside(folder, other)


def _up_to_date(
    index: Index, stamps: dict[str, tuple[str, int]], read: Callable[[str], str]
) -> bool:
    """Whether the index holds these files, in this order, none changed since."""
    known = index.db.execute("SELECT path, stamp, written, digest FROM files ORDER BY position")
    seen = []
    settled = []  # compared, and now old enough never to need it again
    for path, stamp, written, fingerprint in known.fetchall():
        now = stamps.get(path)
        if now is None or now[0] != stamp:
            return False
        if written - now[1] < RACY_NS:
            if digest(read(path)) != fingerprint:
                return False  # changed within the tick of its clock it was indexed in
            if time.time_ns() - now[1] >= RACY_NS:
                settled.append(path)
        seen.append(path)
    if seen != list(stamps):
        return False
    if settled:
        _settle(index, settled)
    return True


def _settle(index: Index, paths: list[str]) -> None:
    """Files compared with their fingerprint that no edit can now hide from their time: marked
    indexed now, so that later runs trust their stamp (best effort: another run may write)."""
    import sqlite3

    db = index.db
    try:
        db.execute("BEGIN IMMEDIATE")
        now = time.time_ns()
        db.executemany("UPDATE files SET written = ? WHERE path = ?", ((now, p) for p in paths))
        db.execute("COMMIT")
    except sqlite3.Error:
        if db.in_transaction:
            db.execute("ROLLBACK")


def _update(index: Index, stamps: dict[str, tuple[str, int]], checks: Checks) -> Dataset | None:
    """Check the files that changed, then all together, and change the index to match, in one
    transaction; None (and the index as it was) if they have a problem. The dataset is the
    one just checked when every file was (this run has it all in memory: a search looks
    through it as without an index, and leaves the keys to the next), else the index's."""
    from .load import NoCycles

    db = index.db
    db.execute("BEGIN IMMEDIATE")
    try:
        with NoCycles():  # thousands of records, no cycles: the collector would run for nothing
            done = _apply(index, stamps, checks)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("ROLLBACK" if done is False else "COMMIT")
    if done is False:
        return None
    if not isinstance(done, tuple):
        return Indexed(index)
    made = context(index)
    del made["replies"]  # a Dataset works them out from its measures
    return Dataset(measures=done, **made)


def _apply(
    index: Index, stamps: dict[str, tuple[str, int]], checks: Checks
) -> tuple[Measure, ...] | bool | None:
    """What _update does: False if the files have a problem, else every measure when each file
    was checked now, or None when some were the index's."""
    from .load import merged_parts

    db = index.db
    db.execute("DELETE FROM postings")  # any change to the files can change any of them
    old = {row[1]: row for row in db.execute("SELECT id, path, stamp, digest, written FROM files")}
    fresh: list[int] = []  # the files whose measures are new
    parts = []
    checked: list[Measure] | None = []  # every measure, while every file is checked now
    now = time.time_ns()
    for position, (path, (stamp, mtime)) in enumerate(stamps.items()):
        known = old.pop(path, None)
        if known is not None and known[2] == stamp and known[4] - mtime >= RACY_NS:
            db.execute("UPDATE files SET position = ? WHERE id = ?", (position, known[0]))
            parts.append(_part(db, known[0]))
            checked = None
            continue
        text = checks.read(path)
        fingerprint = digest(text)
        if known is not None and known[3] == fingerprint:
            update = "UPDATE files SET position = ?, stamp = ?, written = ? WHERE id = ?"
            db.execute(update, (position, stamp, now, known[0]))
            parts.append(_part(db, known[0]))
            checked = None
            continue
        try:
            part = checks.part(text, path)
        except DataError:
            return False
        if known is not None:
            _forget(db, known[0])
        if checked is not None:
            checked.extend(part["values"].get("measures", ()))
        fresh.append(_add(db, path, position, stamp, fingerprint, now, part))
        parts.append(part)
    for gone in old.values():
        _forget(db, gone[0])
    merged = merged_parts(parts)
    if merged is None:
        return False
    _describe(index, merged, fresh)
    return None if checked is None else tuple(checked)


def _part(db: sqlite3.Connection, file: int) -> dict[str, Any]:
    data, crc = db.execute("SELECT part, crc FROM files WHERE id = ?", (file,)).fetchone()
    part = rows.decode(data, crc)
    if not isinstance(part, dict):
        raise ValueError("a damaged part")
    return part


def _add(
    db: sqlite3.Connection,
    path: str,
    position: int,
    stamp: str,
    fingerprint: str,
    now: int,
    part: dict[str, Any],
) -> int:
    """A file's part and measures, added; its id. `part` keeps all but the measures."""
    measures: tuple[Measure, ...] = part["values"].pop("measures", ())
    part["values"] = {k: rows.row(v) for k, v in part["values"].items()}
    part["replies"] = list(dict.fromkeys(r for m in measures for r in m.replies))
    part["measures"] = len(measures)
    data, crc = rows.encode(part)
    insert = "INSERT INTO files VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)"
    file = db.execute(insert, (path, position, stamp, fingerprint, now, data, crc)).lastrowid
    assert file is not None
    add = "INSERT INTO measures VALUES (NULL, ?, ?, ?, ?, ?)"
    db.executemany(add, ((file, n, m.id, *rows.encode(m)) for n, m in enumerate(measures)))
    return file


def _forget(db: sqlite3.Connection, file: int) -> None:
    """A file's measures and part, gone from the index (and what is kept of them)."""
    db.execute("DELETE FROM listed WHERE id IN (SELECT id FROM measures WHERE file = ?)", (file,))
    if Index(db).meta("keys") == 1:
        db.execute(
            "INSERT INTO measure_keys(measure_keys, rowid, keys) SELECT 'delete', s.id, s.keys"
            " FROM searchable s JOIN measures m ON m.id = s.id WHERE m.file = ?",
            (file,),
        )
    db.execute(
        "DELETE FROM searchable WHERE id IN (SELECT id FROM measures WHERE file = ?)", (file,)
    )
    db.execute("DELETE FROM measures WHERE file = ?", (file,))
    db.execute("DELETE FROM files WHERE id = ?", (file,))


def _describe(index: Index, merged: dict[str, Any], fresh: list[int]) -> None:
    """What the files together say besides their measures, kept for every run to read; the
    keys of the new measures, when keys are kept (all of them again when areas, organisations
    or documents changed, which every measure's texts depend on)."""
    db = index.db
    values = dict(merged)
    values["replies"] = merged["replies"]
    data, crc = rows.encode(values)
    # A measure's texts hold its area's and organisations' names, and which of its sources
    # are secondary (a document's kind, date and whether it is official).
    context_of_texts = ("areas", "organisations", "documents")
    names = rows.encode(tuple(merged.get(k) for k in context_of_texts))[1]
    same_names = index.meta("names") == names
    db.execute("INSERT OR REPLACE INTO meta VALUES ('context', ?)", (data,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('context_crc', ?)", (crc,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('names', ?)", (names,))
    made = [what for what in _KEPT if index.meta(what) == 1]
    if not same_names or len(fresh) > _FEW:
        for what in made:  # all to make again (many changed): when a command asks
            _KEPT[what][1](db)
        return
    if made:
        dataset = Indexed(index)
        marks = ",".join("?" * len(fresh))
        for what in made:
            _KEPT[what][0](index, dataset, f"WHERE m.file IN ({marks})", fresh)


# The most changed files whose keys are made as they are checked (SQLite takes at most 32,766
# values in one statement); more, and the keys are all made again by the next search.
_FEW = 1000


# --- the keys of the words in each record (words.keys), for searches ---------------------------


def ready(index: Index, what: str) -> bool:
    """Whether the index has `what` it keeps of every measure (keys, listed), made now if need
    be; False for keys if this SQLite has no FTS5."""
    if index.meta(what) == 1:
        return True
    if what == "keys" and index.meta("fts") != 1:
        return False
    db = index.db
    db.execute("BEGIN IMMEDIATE")
    try:
        if index.meta(what) != 1:  # another run may have made them meanwhile
            # From the index as it is now: the areas and documents the measures name.
            _KEPT[what][0](index, Indexed(index))
            db.execute("UPDATE meta SET value = 1 WHERE key = ?", (what,))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return True


def posting_ready(
    index: Index, key: str, keys: list[str], count: Callable[[Tally], tuple[int, int] | None]
) -> bool:
    """Whether the index has the posting `key` of a term (corpus.py), made now if need be from
    the tallies of the measures that hold its `keys` (`count` gives a measure's counts in
    English and Chinese); False if a measure's tally cannot tell (then nothing is kept)."""
    db = index.db
    if db.execute("SELECT 1 FROM postings WHERE key = ?", (key,)).fetchone():
        return True
    db.execute("BEGIN IMMEDIATE")
    try:
        if index.meta("keys") != 1:  # another run cleared them since this one looked
            db.execute("ROLLBACK")
            return False
        if not db.execute("SELECT 1 FROM postings WHERE key = ?", (key,)).fetchone():
            found = index.tallied(keys, lambda entry: (entry.id, count(entry)))
            if any(counts is None for _, counts in found):
                db.execute("ROLLBACK")
                return False
            names = [name for name, _ in found]
            english = [counts[0] for _, counts in found]
            chinese = [counts[1] for _, counts in found]
            data, crc = rows.encode((names, english, chinese))
            db.execute("INSERT INTO postings VALUES (?, ?, ?)", (key, data, crc))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return True


def _chunks(
    index: Index, where: str = "", args: list[Any] | None = None
) -> Iterator[list[tuple[int, int, int, Measure]]]:
    """The measures `where` selects (all: every one), with their row id, file and place in
    it, a chunk at a time, so that 100,000 are never in memory at once."""
    db = index.db
    ids = [i for (i,) in db.execute(f"SELECT m.id FROM measures m {where}", args or [])]
    in_file = {i: (f, n) for i, f, n in db.execute("SELECT id, file, seq FROM measures")}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        made = index.rows(f"WHERE m.id IN ({','.join('?' * len(chunk))})", chunk)
        yield [(i, *in_file[i], m) for i, m in made]


def _store_listed(
    index: Index, dataset: Dataset, where: str = "", args: list[Any] | None = None
) -> None:
    """What `list` shows of the measures `where` selects (all: every one), in both languages."""
    from .views import cells_of

    for chunk in _chunks(index, where, args):
        listed = []
        for i, file, seq, m in chunk:
            # In the order of the table's columns: English, then Chinese.
            made = [
                rows.encode((m.id, m.area, m.replies, cells_of(dataset, m, lang)))
                for lang in _LISTED
            ]
            listed.append((i, file, seq, *made[0], *made[1]))
        index.db.executemany("INSERT OR REPLACE INTO listed VALUES (?, ?, ?, ?, ?, ?, ?)", listed)


def _clear_listed(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM listed")
    db.execute("UPDATE meta SET value = 0 WHERE key = 'listed'")


def _store_keys(
    index: Index, dataset: Dataset, where: str = "", args: list[Any] | None = None
) -> None:
    """The keys and texts of the measures `where` selects (all: every one), a chunk at a time
    so that 100,000 are never in memory at once; the words of their files; and the keys of
    every document (their texts can change with any file)."""
    from .search import document_texts, joined_texts
    from .words import keys

    db = index.db
    db.execute("DELETE FROM postings")  # made from the keys: never older than they are
    vocabulary: dict[int, set[str]] = {}
    for chunk in _chunks(index, where, args):
        _store_measure_keys(db, dataset, chunk, vocabulary)
    update = "UPDATE files SET words = ?, words_crc = ? WHERE id = ?"
    db.executemany(update, ((*rows.encode(w), f) for f, w in vocabulary.items()))
    db.execute("INSERT INTO document_keys(document_keys) VALUES ('delete-all')")
    db.execute("DELETE FROM documents")
    documents = (
        (i, _tokens(keys(joined_texts(list(document_texts(d)))).keys))
        for i, d in enumerate(dataset.documents, start=1)
    )
    db.executemany("INSERT INTO documents VALUES (?, ?)", documents)
    db.execute("INSERT INTO document_keys(rowid, keys) SELECT id, keys FROM documents")


# How many measures are read at once to make their keys.
_CHUNK = 2000


def _store_measure_keys(
    db: sqlite3.Connection,
    dataset: Dataset,
    made: list[tuple[int, int, int, Measure]],
    vocabulary: dict[int, set[str]],
) -> None:
    from .search import joined_texts, shape_of, texts
    from .words import keys

    measures = []
    for i, file, seq, m in made:
        found = list(texts(dataset, m))
        keyed = keys(joined_texts(found))
        data, crc = rows.encode([tuple(t) for t in found])
        # A search.Tally less the id: area, replies, shape, and the texts in one, folded.
        tally = rows.encode((m.area, m.replies, shape_of(found), keyed.folded))
        tokens = _tokens(keyed.keys)
        measures.append((i, file, seq, m.id, tally[1], crc, tally[0], tokens, data))
        vocabulary.setdefault(file, set()).update(keyed.words)
    insert = "INSERT OR REPLACE INTO searchable VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    db.executemany(insert, measures)
    insert = "INSERT INTO measure_keys(rowid, keys) VALUES (?, ?)"
    db.executemany(insert, ((found[0], found[7]) for found in measures))


def _clear_keys(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM postings")
    db.execute("INSERT INTO measure_keys(measure_keys) VALUES ('delete-all')")
    db.execute("DELETE FROM searchable")
    db.execute("UPDATE files SET words = NULL, words_crc = NULL")
    db.execute("INSERT INTO document_keys(document_keys) VALUES ('delete-all')")
    db.execute("DELETE FROM documents")
    db.execute("UPDATE meta SET value = 0 WHERE key = 'keys'")


def _tokens(found: set[str]) -> str:
    return " ".join(map(rows.token, found))


# What the index keeps of each measure for a command: how it is made, and how cleared.
_KEPT: dict[str, tuple[Callable[..., None], Callable[[sqlite3.Connection], None]]] = {
    "keys": (_store_keys, _clear_keys),
    "listed": (_store_listed, _clear_listed),
}
