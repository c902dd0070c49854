"""Which measures a command is about: ids resolved (with a suggestion when one is unknown) and
the filters every command shares, with one rule for an empty result.
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import NothingFound, UnknownId
from .model import Dataset, Measure
from .suggest import closest


class Selection(NamedTuple):
    """What the user asked for: measures in any of `areas`, among `measures`, mentioning any of
    `keywords`; a filter left empty does not filter."""

    areas: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        return bool(self.areas or self.measures or self.keywords)

    def describe(self) -> str:
        """The selection as options, for messages: --area talent --keyword 'lab'."""
        return " ".join(
            [
                *(f"--area {a}" for a in self.areas),
                *(f"--measure {m}" for m in self.measures),
                *(f"--keyword {k!r}" for k in self.keywords),
            ]
        )


def unknown(kind: str, value: str, known: list[str], likely: list[str] | None = None) -> UnknownId:
    """An unknown id, with the ids it may have meant: `likely` ones first, then those that
    hold it, then the closest by spelling; else the list of them all, if it is short."""
    folded = value.casefold()
    close = [*(likely or []), *(k for k in known if folded in k), *closest(value, known, n=3)]
    close = list(dict.fromkeys(close))[:3]
    if close:
        hint = f"; did you mean {', '.join(close)}?"
    elif len(known) <= 10:
        hint = f"; the {kind}s are: {', '.join(known)}"
    else:
        hint = "; 'hkai-brief list' shows them all" if kind == "measure" else ""
    return UnknownId(kind, value, hint)


def area_ids(dataset: Dataset, given: tuple[str, ...]) -> tuple[str, ...]:
    """The areas asked for, each checked; UnknownId for one the data does not have."""
    known = [a.id for a in dataset.areas]
    for value in given:
        if value not in known:
            raise unknown("area", value, known)
    return given


def measure(dataset: Dataset, value: str) -> Measure:
    """The measure an id names; UnknownId, with suggestions, if none does."""
    known = [m.id for m in dataset.measures]
    if value in known:
        return dataset.measure(value)
    by_abbreviation = [
        m.id for m in dataset.measures if value.casefold() == (m.abbreviation or "").casefold()
    ]
    raise unknown("measure", value, known, by_abbreviation)


def choose(dataset: Dataset, selection: Selection) -> tuple[Measure, ...]:
    """The measures that pass every filter given, in the data's order.

    An area asked for by name is an answer even with no measure in it (a briefing shows its
    description); otherwise a selection that matches nothing is NothingFound.
    """
    areas = area_ids(dataset, selection.areas)
    wanted = {measure(dataset, m).id for m in selection.measures}
    chosen = [
        m
        for m in dataset.measures
        if (not areas or m.area in areas) and (not wanted or m.id in wanted)
    ]
    if selection.keywords:
        from .search import keyword_matcher, search

        found = {r.measure.id for r in search(dataset, keyword_matcher(selection.keywords))}
        chosen = [m for m in chosen if m.id in found]
    if not chosen and (selection.measures or selection.keywords or not selection.areas):
        raise NothingFound(f"no measure matches {selection.describe()}".rstrip())
    return tuple(chosen)
