"""A data file into the model: read and composed (reading.py), checked and built (check.py),
or a DataError with every problem, located."""

from __future__ import annotations

import datetime
import gc
import os
from typing import NamedTuple

from . import spec
from .check import INVALID, Problems, Registry, TooMany, Walker
from .errors import DataError, Problem, UsageError
from .model import Dataset
from .reading import DEFAULT_LIMITS, Limits, compose, read_text

SHIPPED_NAME = "the data shipped with hkai-brief"


class Data(NamedTuple):
    """The data a run reads, where from, what to call it in a handout, and the day it runs."""

    dataset: Dataset
    path: str
    name: str
    today: datetime.date


def load_data(path: str | None, limit: Limits = DEFAULT_LIMITS) -> tuple[Dataset, str, str]:
    """The data a command reads (`--data`, else the shipped file): the dataset, its path, and
    what a handout calls it. A UsageError if the path names no file."""
    if path is None:
        from .resources import default_data

        shipped = default_data()
        return load(shipped, limit=limit), shipped, SHIPPED_NAME
    if not os.path.exists(path):
        raise UsageError(f"no data file {path!r}: it does not exist (--data, HKAI_BRIEF_DATA)")
    if os.path.isdir(path):
        raise UsageError(f"no data file {path!r}: it is a directory (--data, HKAI_BRIEF_DATA)")
    return load(path, limit=limit), path, path


def load(
    path: str | os.PathLike[str], name: str | None = None, limit: Limits = DEFAULT_LIMITS
) -> Dataset:
    """Check the data file at `path` and build the dataset; DataError lists every problem."""
    name = os.fspath(path) if name is None else name
    return load_text(read_text(os.fspath(path), name, limit), name, limit)


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
