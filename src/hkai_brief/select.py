"""Which measures a command is about: ids resolved (with a suggestion when one is unknown) and
the filters every command shares, with one rule for an empty result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol, TypeVar, overload

from .errors import NothingFound, UnknownId, UsageError
from .model import Dataset, Measure
from .suggest import closest


class Selection(NamedTuple):
    """What the user asked for: measures in any of `areas`, among `measures`, mentioning any of
    `keywords`, discussed in any of `replies`; a filter left empty does not filter."""

    areas: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    replies: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        return bool(self.areas or self.measures or self.keywords or self.replies)

    def describe(self) -> str:
        """The selection as options, for messages: --area talent --keyword 'lab'."""
        return " ".join(
            [
                *(f"--area {a}" for a in self.areas),
                *(f"--measure {m}" for m in self.measures),
                *(f"--keyword {k!r}" for k in self.keywords),
                *(f"--reply {r}" for r in self.replies),
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
        plural = "replies" if kind == "reply" else f"{kind}s"
        hint = f"; the {plural} are: {', '.join(known)}"
    else:
        hint = "; 'hkai-brief list' shows them all" if kind == "measure" else ""
    return UnknownId(kind, value, hint)


def area_ids(dataset: Dataset, given: tuple[str, ...]) -> tuple[str, ...]:
    """The areas asked for, by id or by title in any case (`Talent`, as a briefing prints it, or
    人才 as a Chinese one does, in either script); UnknownId for one the data does not have."""
    if not given:
        return ()  # nothing to look up: the names are not even read (Chinese ones cost a table)
    names: dict[str, str] = {}
    for a in dataset.areas:
        for name in (a.title, a.id, a.title_zh or ""):
            if name:
                names.setdefault(_key(name), a.id)
    found = []
    for value in given:
        if _key(value) not in names:
            raise unknown("area", value, [a.id for a in dataset.areas])
        found.append(names[_key(value)])
    return tuple(found)


# Quotation and title marks a Chinese name may be printed in, and a reader may leave out:
# 資料一線通 names 「資料一線通」.
_MARKS = str.maketrans("", "", "「」『』《》〈〉")


def _key(name: str) -> str:
    """A name as it is compared: case folded, in one script (人工智能资助计划 names
    人工智能資助計劃), without the marks around a Chinese name."""
    from .words import one_script

    return one_script(name.casefold().strip().translate(_MARKS))


def _names(m: Measure) -> list[str]:
    """Every name a measure can be asked for by, best first."""
    return [m.id, m.abbreviation or "", m.title, *m.aliases, m.name_zh or ""]


def measure(dataset: Dataset, value: str) -> Measure:
    """The measure a name means: its id, abbreviation, official title, an alias or its Chinese
    name, in any case and either Chinese script; UnknownId, with suggestions, if none does."""
    try:
        return dataset.measure(value)
    except KeyError:
        pass
    wanted = _key(value)
    for m in dataset.measures:
        if wanted and any(wanted == _key(name) for name in _names(m)):
            return m
    likely = [
        m.id
        for m in dataset.measures
        if wanted and any(wanted in _key(name) for name in _names(m)[1:])
    ]
    raise unknown("measure", value, [m.id for m in dataset.measures], likely)


def reply_ids(dataset: Dataset, given: tuple[str, ...]) -> tuple[str, ...]:
    """The replies asked for, by id or by question number in any case (LCQ13, lcq13);
    UnknownId for one that no measure comes from, and for a number that several replies have
    (numbers start again at each sitting)."""
    if not given:
        return ()
    ids = {_key(r.id): r.id for r in dataset.replies}
    numbers: dict[str, list[str]] = {}
    for r in dataset.replies:
        if r.question:
            numbers.setdefault(_key(r.question.number), []).append(r.id)
    found = []
    for value in given:
        key = _key(value)
        if key in ids:
            found.append(ids[key])
        elif len(numbers.get(key, ())) == 1:
            found.append(numbers[key][0])
        elif key in numbers:
            which = ", ".join(numbers[key])
            raise UsageError(
                f"{value!r} is the number of {len(numbers[key])} replies (numbers start again at"
                f" each sitting); give the id of one: {which}"
            )
        else:
            raise unknown("reply", value, [r.id for r in dataset.replies])
    return tuple(dict.fromkeys(found))


def resolve(dataset: Dataset, selection: Selection) -> Selection:
    """The selection with every area, measure and reply named by its id (UnknownId if one is
    not)."""
    areas = area_ids(dataset, selection.areas)
    measures = tuple(dict.fromkeys(measure(dataset, m).id for m in selection.measures))
    replies = reply_ids(dataset, selection.replies)
    return selection._replace(areas=areas, measures=measures, replies=replies)


class Chosen(Protocol):
    """What a measure is chosen by: a Measure, or what an index keeps of one for `list`."""

    @property
    def id(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def replies(self) -> tuple[str, ...]: ...


T = TypeVar("T", bound=Chosen)


@overload
def choose(dataset: Dataset, selection: Selection) -> tuple[Measure, ...]: ...
@overload
def choose(dataset: Dataset, selection: Selection, among: Sequence[T]) -> tuple[T, ...]: ...
def choose(
    dataset: Dataset, selection: Selection, among: Sequence[Chosen] | None = None
) -> tuple[Chosen, ...]:
    """The measures (of `among`, or the dataset's) that pass every filter given, in the data's
    order.

    An area asked for by name is an answer even with no measure in it (a briefing shows its
    description); otherwise a selection that matches nothing is NothingFound.
    """
    selection = resolve(dataset, selection)
    areas = selection.areas
    wanted = set(selection.measures)
    replies = set(selection.replies)
    chosen = [
        m
        for m in (dataset.measures if among is None else among)
        if (not areas or m.area in areas)
        and (not wanted or m.id in wanted)
        and (not replies or not replies.isdisjoint(m.replies))
    ]
    if selection.keywords:
        from .search import mentioning

        found = mentioning(dataset, selection.keywords)
        chosen = [m for m in chosen if m.id in found]
    if not chosen and (selection.measures or selection.keywords or not selection.areas):
        raise NothingFound(f"no measure matches {selection.describe()}".rstrip())
    return tuple(chosen)
