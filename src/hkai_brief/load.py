"""Data into the model: each file read and composed (reading.py), checked and built (check.py),
several files merged into one dataset, or a DataError with every problem, located."""

from __future__ import annotations

import datetime
import gc
import os
import sys
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import DataError, Problem, UsageError
from .limits import DEFAULT_LIMITS, Limits
from .model import Dataset

if TYPE_CHECKING:
    from yaml.nodes import MappingNode, Node

    from .check import Problems

# YAML, the checker and the spec are imported where a file is read and checked: a run that
# finds its data in the index (index.py) never loads them.

# The shipped file's name, for a byline: the tool's version, beside it there, dates it.
SHIPPED_NAME = "measures.yaml, the data shipped with hkai-brief"
STDIN = "-"
STDIN_NAME = "<stdin>"
# What a folder's data files are called.
SUFFIXES = (".yaml", ".yml")
# The collections of ids a data file defines.
COLLECTIONS = ("documents", "areas", "organisations", "measures")


class Data(NamedTuple):
    """The data a run reads, where from, what to call it in a handout, and the day it runs."""

    dataset: Dataset
    path: str
    name: str
    today: datetime.date


def load_data(
    paths: str | tuple[str, ...] | None, limit: Limits = DEFAULT_LIMITS, indexed: bool = True
) -> tuple[Dataset, str, str]:
    """The data a command reads (`--data`, repeated or naming a folder or `-`, else the shipped
    file): the dataset, where it came from, and what a handout calls it; an unchanged file from
    the index when `indexed` (index.py). A UsageError if a path names nothing to read."""
    if not paths:
        from .resources import default_data

        shipped = default_data()
        return _load_file(shipped, shipped, limit, indexed), shipped, SHIPPED_NAME
    given = (paths,) if isinstance(paths, str) else paths
    # A file named twice (x.yaml and ./x.yaml, or through a link) is read once.
    files = list({_same(f): f for path in given for f in data_files(path)}.values())
    if len(files) == 1:
        if files[0] == STDIN:
            return load_text(_read_stdin(limit), STDIN_NAME, limit), STDIN_NAME, STDIN_NAME
        return _load_file(files[0], files[0], limit, indexed), files[0], files[0]
    dataset = (_from_index(given, files, limit) if indexed else None) or load_files(files, limit)
    name = _describe(given, files)
    return dataset, f"{name} ({len(files)} files)", name


def _same(file: str) -> object:
    """What a file is, however it is named: its device and inode (a stat is cheaper than a
    real path, which looks at every folder on the way)."""
    if file == STDIN:
        return file
    try:
        info = os.stat(file)
    except OSError:
        return os.path.realpath(file)
    return info.st_dev, info.st_ino


def data_files(path: str) -> list[str]:
    """The files a --data value names: itself, `-` (standard input), or a folder's data files
    (*.yaml, *.yml) in name order."""
    if path == STDIN:
        return [STDIN]
    if not os.path.exists(path):
        raise UsageError(f"no data file {path!r}: it does not exist (--data, HKAI_BRIEF_DATA)")
    if not os.path.isdir(path):
        return [path]
    try:
        with os.scandir(path) as entries:
            # is_file needs no stat but for a link: the folder's listing says what each is.
            names = sorted(
                e.name
                for e in entries
                if e.name.endswith(SUFFIXES) and e.name[:1] != "." and e.is_file()
            )
    except OSError as e:
        raise UsageError(f"cannot read the folder {path!r}: {e.strerror}") from None
    files = [os.path.join(path, n) for n in names]
    if not files:
        raise UsageError(f"no data files (*.yaml, *.yml) in the folder {path!r}")
    return files


def _describe(given: tuple[str, ...], files: list[str]) -> str:
    """What a handout's byline calls several files, in any language: the folder given (data/),
    or the files, separated by commas."""
    if len(given) == 1 and os.path.isdir(given[0]):
        return given[0].rstrip("/") + "/"
    return ", ".join(STDIN_NAME if f == STDIN else f for f in files)


def _read(file: str, limit: Limits) -> str:
    from .reading import read_text

    if file == STDIN:
        return _read_stdin(limit)
    return read_text(file, file, limit)


def _read_stdin(limit: Limits) -> str:
    from .reading import decode

    data = sys.stdin.buffer.read(limit.max_bytes + 1)
    if len(data) > limit.max_bytes:
        message = f"the input is larger than {limit.max_bytes // 2**20} MB (HKAI_BRIEF_MAX_MB)"
        raise DataError([Problem(STDIN_NAME, 0, 0, "(file)", message)])
    return decode(data, STDIN_NAME)


def _load_file(path: str, name: str, limit: Limits, indexed: bool) -> Dataset:
    """A data file's dataset: from the index when it is unchanged and `indexed`, else checked."""

    def source() -> str:
        from .reading import read_text

        return read_text(path, name, limit)

    if not indexed:
        return load_text(source(), name, limit)
    from . import index

    # The limits are part of the key: a file over a lower limit is never served from an entry.
    return index.load(path, lambda text: load_text(text, name, limit), source, _limits(limit))


def load(
    path: str | os.PathLike[str], name: str | None = None, limit: Limits = DEFAULT_LIMITS
) -> Dataset:
    """Check the data file at `path` and build the dataset; DataError lists every problem."""
    from .reading import read_text

    name = os.fspath(path) if name is None else name
    return load_text(read_text(os.fspath(path), name, limit), name, limit)


class NoCycles:
    """Composing makes hundreds of thousands of objects and no reference cycles; the cycle
    collector would run over and over for nothing (a third of the time, on 10,000 measures)."""

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        # What was made lives as long as the run, mostly: later collections pass it over.
        gc.freeze()
        if self.enabled:
            gc.enable()


def load_text(text: str, name: str = "<data>", limit: Limits = DEFAULT_LIMITS) -> Dataset:
    """Check `text` as a data file and build the dataset; DataError lists every problem."""
    with NoCycles():
        return _load_text(text, name, limit)


def _load_text(text: str, name: str, limit: Limits) -> Dataset:
    from . import spec
    from .check import INVALID, Problems, Registry, TooMany, Walker
    from .reading import compose

    node, aliases = compose(text, name, limit)
    if node is None:
        message = "the file holds no data; expected documents, areas and measures"
        raise DataError([Problem(name, 1, 1, "(top level)", message)])
    problems = Problems(name)
    problems.found.extend(aliases)
    registry = Registry(problems)
    walker = Walker(problems, registry, text, aliased=bool(aliases))
    truncated = False
    dataset = INVALID
    try:
        dataset = walker.check(node, spec.DATASET, "(top level)")
        registry.check_references()
    except TooMany:
        truncated = True
    if problems.found:
        raise DataError(problems.found, truncated=truncated)
    assert isinstance(dataset, Dataset)
    return dataset


def _from_index(given: tuple[str, ...], files: list[str], limit: Limits) -> Dataset | None:
    """Several files as one dataset from their index (corpus.py: a file is checked on its own
    when it has changed), or None when there is no index, a file has a problem, or the files
    together do (a duplicate id, an unknown reference, a clash): then all are checked as one,
    for the located messages."""
    if STDIN in files:
        return None
    from . import corpus

    checks = corpus.Checks(
        read=lambda name: _read(name, limit),
        part=lambda text, name: part(text, name, limit),
        whole=lambda: load_files(files, limit),
    )
    return corpus.load(given, files, _limits(limit), checks)


def _limits(limit: Limits) -> str:
    return f"{limit.max_bytes}:{limit.max_nodes}"


def part(text: str, name: str, limit: Limits) -> dict[str, Any]:
    """One file of several, checked on its own: its values (records), the ids it defines and
    the references it makes, for the files to be checked together (merged_parts). DataError if
    it has a problem."""
    from . import spec
    from .check import INVALID, Problems, Registry, TooMany, Walker
    from .reading import compose

    with NoCycles():
        node, aliases = compose(text, name, limit)
        problems = Problems(name)
        problems.found.extend(aliases)
        registry = Registry(problems)
        values: Any = {}
        walker = Walker(problems, registry, text, bool(aliases))
        try:
            if node is not None:
                values = walker.check(node, spec.DATASET_PART, "(top level)")
        except TooMany:
            values = INVALID  # more problems than are told: the whole check will tell them
        if problems.found or values is INVALID:
            raise DataError(problems.found)
    return {
        "values": dict(values),
        "ids": {collection: list(found) for collection, found in registry.ids.items()},
        "refs": list({(ref.collection, value, ref.kind or "") for ref, value, *_ in registry.refs}),
        "kinds": registry.kinds,
    }


def merged_parts(parts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The files' values, besides their measures, as one dataset's (and the replies their
    measures name, in order), or None if together they have a problem."""
    ids: dict[str, set[str]] = {}
    kinds: dict[str, dict[str, str]] = {}
    merged: dict[str, Any] = {}
    for one in parts:
        for collection, found_kinds in one["kinds"].items():
            kinds.setdefault(collection, {}).update(found_kinds)
        for collection, found in one["ids"].items():
            known = ids.setdefault(collection, set())
            if known.intersection(found):
                return None  # a duplicate id across files
            known.update(found)
        for key, value in one["values"].items():
            if isinstance(value, list | tuple):
                merged.setdefault(key, []).extend(value)
            elif merged.setdefault(key, value) != value:
                return None  # a clash: two titles
    for collection, value, kind in _refs(parts):
        if value not in ids.get(collection, ()):
            return None
        if kind and kinds.get(collection, {}).get(value, kind) != kind:
            return None  # discussed_in naming a document that is not a reply
    if not (merged.get("documents") and merged.get("areas") and sum(p["measures"] for p in parts)):
        return None
    merged["replies"] = list(dict.fromkeys(r for one in parts for r in one["replies"]))
    return merged


def _refs(parts: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(collection, value, kind) for part in parts for collection, value, kind in part["refs"]]


def load_files(files: list[str], limit: Limits = DEFAULT_LIMITS) -> Dataset:
    """Several data files as one dataset: their lists joined in file order, ids unique across
    them, every reference checked against them all; DataError lists every problem, each in its
    own file."""
    with NoCycles():
        return _load_files(files, limit)


def _load_files(files: list[str], limit: Limits) -> Dataset:
    from yaml.nodes import MappingNode

    from . import spec
    from .check import INVALID, Problems, Registry, TooMany, Walker
    from .reading import compose

    problems = Problems(STDIN_NAME if files[0] == STDIN else files[0])
    registry = Registry(problems)
    parts: list[tuple[str, dict[str, Any], MappingNode]] = []
    truncated = False
    try:
        for file in files:
            name = STDIN_NAME if file == STDIN else file
            problems.file = name
            try:
                text = _read(file, limit)
                node, aliases = compose(text, name, limit)
            except DataError as e:
                # A file that cannot be read may hold any id: references to it are not checked.
                registry.broken.update(COLLECTIONS)
                problems.take(e.problems)
                continue
            problems.take(aliases)
            if node is None:
                continue  # an empty file adds nothing
            walker = Walker(problems, registry, text, aliased=bool(aliases))
            values = walker.check(node, spec.DATASET_PART, "(top level)")
            if values is INVALID:
                registry.broken.update(COLLECTIONS)
            else:
                assert isinstance(node, MappingNode)
                parts.append((name, values, node))
        registry.check_references()
        dataset = _merge(parts, problems, files)
    except TooMany:
        truncated = True
    if problems.found:
        raise DataError(problems.found, truncated=truncated)
    return dataset


def _merge(
    parts: list[tuple[str, dict[str, Any], MappingNode]], problems: Problems, files: list[str]
) -> Dataset:
    from . import spec

    merged: dict[str, Any] = {}
    first: dict[str, tuple[str, int]] = {}
    for name, values, node in parts:
        for key, value in values.items():
            if isinstance(value, tuple):
                merged[key] = merged.get(key, ()) + value
            elif key not in merged:
                merged[key] = value
                first[key] = (name, _key_node(node, key).start_mark.line + 1)
            elif merged[key] != value:
                where = first[key]
                problems.file = name
                problems.add(
                    _key_node(node, key),
                    key,
                    f"{key} differs from the one in {where[0]} at line {where[1]}:"
                    f" one dataset has one {key}",
                )
    if problems.found:
        return Dataset((), (), ())  # a list lost to a problem is not missing
    for field in spec.DATASET.fields:
        if field.required and not merged.get(field.name):
            message = f"none of the {len(files)} files has {field.name}"
            file = STDIN_NAME if files[0] == STDIN else files[0]
            problems.found.append(Problem(file, 1, 1, "(top level)", message))
    if problems.found:
        return Dataset((), (), ())
    return Dataset(**merged)


def _key_node(node: MappingNode, key: str) -> Node:
    for k, _ in node.value:
        if k.value == key:
            return k  # type: ignore[no-any-return]
    return node
