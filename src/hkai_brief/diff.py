"""What changed between two versions of the data: measures added and removed, and for the
others each field, figure, funding line, milestone and update changed, with old and new values.

Records are matched by id. Within a measure, a figure is matched by what it counts (its unit and
label), a funding line by its currency and whether it is yearly, a milestone or an update by its
date: so that a new value reads as "changed from ... to ...", not as one removed and one added.
Values are written as a briefing writes them (HK$3 billion, over 1,000 researchers).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from . import wording
from .model import Dataset, Figure, Funding, Measure, Milestone, Update

if TYPE_CHECKING:
    from .load import Data


class Change(NamedTuple):
    """One difference: a record added or removed, or a field of it changed."""

    what: Literal["added", "removed", "changed"]
    record: str  # "measure", "area", "document", "organisation" or "data"
    id: str
    name: str  # the record's title, for a reader
    field: str = ""  # for a change: "title", "figure", "funding", "milestone"...
    old: str = ""
    new: str = ""


def compare(old: Dataset, new: Dataset) -> list[Change]:
    """Every difference between `old` and `new`, in the order of the new data."""
    changes: list[Change] = []
    for field in ("title", "title_zh", "description", "description_zh"):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append(Change("changed", "data", "", "", field, before or "", after or ""))
    for record, collection, name, fields in _RECORDS:
        before_records = {r.id: r for r in getattr(old, collection)}
        after_records = {r.id: r for r in getattr(new, collection)}
        changes += _records(record, before_records, after_records, name, fields)
    before = {m.id: m for m in old.measures}
    after = {m.id: m for m in new.measures}
    for m in new.measures:
        if m.id not in before:
            changes.append(Change("added", "measure", m.id, m.title))
        else:
            changes += _measure(before[m.id], m)
    changes += [
        Change("removed", "measure", m.id, m.title) for m in old.measures if m.id not in after
    ]
    return changes


# The records compared field by field: what a change calls one, where the data keeps them, its
# name for a reader, and the fields that matter.
_RECORDS: tuple[tuple[str, str, Callable[[Any], str], tuple[str, ...]], ...] = (
    (
        "document",
        "documents",
        lambda d: d.title,
        (
            *("title", "kind", "official", "date", "publisher", "url", "title_zh"),
            *("respondent", "question", "messages", "note", "note_zh"),
        ),
    ),
    ("area", "areas", lambda a: a.title, ("title", "title_zh", "description", "description_zh")),
    ("organisation", "organisations", lambda o: o.name, ("name", "abbreviation", "name_zh", "url")),
)

_MEASURE_FIELDS = (
    *("title", "abbreviation", "name_zh", "area", "status", "document", "discussed_in"),
    *("summary", "summary_zh", "aliases", "unconfirmed", "run_by", "keywords", "sources"),
)


def _records(
    record: str,
    old: dict[str, Any],
    new: dict[str, Any],
    name: Callable[[Any], str],
    fields: tuple[str, ...],
) -> list[Change]:
    changes = []
    for id, after in new.items():
        if id not in old:
            changes.append(Change("added", record, id, name(after)))
            continue
        for field in fields:
            for label, a, b in _compare(field, getattr(old[id], field), getattr(after, field)):
                changes.append(Change("changed", record, id, name(after), label, a, b))
    changes += [Change("removed", record, id, name(r)) for id, r in old.items() if id not in new]
    return changes


def _measure(old: Measure, new: Measure) -> list[Change]:
    changes = []

    def changed(field: str, a: str, b: str) -> None:
        changes.append(Change("changed", "measure", new.id, new.title, field, a, b))

    for field in _MEASURE_FIELDS:
        for label, a, b in _compare(field, getattr(old, field), getattr(new, field)):
            changed(label, a, b)
    parts: tuple[tuple[str, Iterable[Any], Iterable[Any], Callable[[Any], Hashable]], ...] = (
        ("funding", old.funding_lines, new.funding_lines, _funding_key),
        ("figure", old.figures, new.figures, _figure_key),
        ("milestone", old.milestones, new.milestones, _dated_key),
        ("update", old.updates, new.updates, _dated_key),
    )
    for field, before, after, key in parts:
        for a, b in _pairs(list(before), list(after), key):
            if _say(a) != _say(b):
                changed(field, _say(a), _say(b))
            else:  # the same words, another source, scope or Chinese text: say which
                for label, was, now in _compare(field, a, b):
                    changed(label, was, now)
    if old.applications != new.applications:
        changed("applications", _applications(old), _applications(new))
    return changes


def _pairs(old: list[Any], new: list[Any], key: Callable[[Any], Hashable]) -> list[tuple[Any, Any]]:
    """Old and new items matched by `key`, each once; an item with no match is paired with
    None. Items equal in both are left out."""
    old, new = [o for o in old if o not in new], [n for n in new if n not in old]
    pairs: list[tuple[Any, Any]] = []
    unmatched = list(old)
    for n in new:
        match = next((o for o in unmatched if key(o) == key(n)), None)
        if match is not None:
            unmatched.remove(match)
        pairs.append((match, n))
    pairs += [(o, None) for o in unmatched]
    return pairs


def _funding_key(f: Funding) -> Hashable:
    return f.currency, f.recurrent


def _figure_key(f: Figure) -> Hashable:
    return f.unit, f.label, f.currency


def _dated_key(fact: Milestone | Update) -> Hashable:
    return fact.date


def _say(fact: Any) -> str:
    """A fact as a briefing writes it; '' for none."""
    if fact is None:
        return ""
    if isinstance(fact, Funding):
        text = wording.amount(fact)
        return text + (f", {fact.note}" if fact.note else "")
    if isinstance(fact, Figure):
        return wording.figure(fact)
    return wording.dated(fact)


def _applications(m: Measure) -> str:
    if m.applications is None:
        return ""
    return "; ".join(f"{label}: {text}" for label, text in wording.applying(m.applications))


def _compare(label: str, a: Any, b: Any) -> list[tuple[str, str, str]]:
    """What differs between two values of a field, as (label, old, new): a record field by
    field (respondent.office), a list of records item by item (messages 2.text), else whole."""
    if a == b:
        return []
    if _is_record(a) and _is_record(b) and type(a) is type(b):
        return [
            found
            for name in a._fields
            for found in _compare(f"{label}.{name}", getattr(a, name), getattr(b, name))
        ]
    if _records_list(a) and _records_list(b) and len(a) == len(b):
        item = _ITEM.get(label, label)
        return [
            found
            for n, (x, y) in enumerate(zip(a, b, strict=True), start=1)
            for found in _compare(f"{item} {n}", x, y)
        ]
    return [(label, _text(a), _text(b))]


# What one item of a list is called: "key message 2", not "messages 2".
_ITEM = {"messages": "key message", "sources": "source"}


def _is_record(value: Any) -> bool:
    return isinstance(value, tuple) and hasattr(value, "_fields") and not _is_date(value)


def _is_date(value: Any) -> bool:
    return type(value).__name__ == "PartialDate"


def _records_list(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and all(_is_record(v) for v in value)


def _text(value: Any) -> str:
    """A value as a reader reads it: a date as written, a record as its parts."""
    if value is None:
        return ""
    if _is_date(value):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_record(value):
        return ", ".join(_text(v) for v in value if v not in (None, (), ""))
    if isinstance(value, tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


# --- as a reader reads it ---------------------------------------------------------------------


def _label(c: Change) -> str:
    return f"{c.record} {c.id}" + (f" ({c.name})" if c.name and c.name != c.id else "")


def as_text(changes: list[Change], old: str, new: str) -> str:
    """The changes for a terminal or a pipe: one line per record added or removed, and under each
    record changed, one line per field with its old and new value."""
    if not changes:
        return f"No changes between {old} and {new}.\n"
    count = len(changes)
    lines = [f"{count} change{'' if count == 1 else 's'} from {old} to {new}:"]
    last = None
    for c in changes:
        if c.what != "changed":
            lines.append(f"  {c.what}: {_label(c)}")
            last = None
            continue
        if c.record == "data":
            lines.append(f"  the data's {c.field}: {_from_to(c)}")
            last = None
            continue
        if last != (c.record, c.id):
            lines.append(f"  changed: {_label(c)}")
            last = (c.record, c.id)
        lines.append(f"    {c.field}: {_from_to(c)}")
    return "\n".join(lines) + "\n"


def _from_to(c: Change) -> str:
    if not c.old:
        return f"added: {c.new}"
    if not c.new:
        return f"removed: {c.old}"
    return f"was {c.old}; now {c.new}"


def as_markdown(changes: list[Change], old: str, new: str) -> str:
    """The changes as a note for a meeting: what is new, what went, and what changed."""
    from .sanitize import markdown_text

    def e(text: str) -> str:
        return markdown_text(text)

    lines = ["# What changed", "", f"From {e(old)} to {e(new)}."]
    if not changes:
        return "\n".join([*lines, "", "Nothing changed.", ""])
    for what, heading in (("added", "New"), ("removed", "No longer in the data")):
        listed = [c for c in changes if c.what == what]
        if listed:
            lines += ["", f"## {heading}", ""]
            lines += [
                f"- {e(c.record.capitalize())} **{e(c.name or c.id)}** (`{c.id}`)" for c in listed
            ]
    changed = [c for c in changes if c.what == "changed"]
    if changed:
        lines += ["", "## Changed", ""]
        last = None
        for c in changed:
            if (c.record, c.id) != last:
                title = (
                    "The data"
                    if c.record == "data"
                    else f"{c.record.capitalize()} **{e(c.name or c.id)}** (`{c.id}`)"
                )
                lines.append(f"- {title}")
                last = (c.record, c.id)
            lines.append(f"  - {e(c.field)}: {e(_from_to(c))}")
    return "\n".join(lines) + "\n"


def as_json(changes: list[Change], old: str, new: str) -> str:
    from .sanitize import json_dumps

    return (
        json_dumps({"old": old, "new": new, "changes": [c._asdict() for c in changes]}, indent=2)
        + "\n"
    )


# The formats of `diff --format`.
WRITERS = {"text": as_text, "markdown": as_markdown, "json": as_json}


def versions(read: Callable[[str], Data], old: str, new: str) -> tuple[Data, Data]:
    """OLD and NEW, read as data; a DataError is trouble, exit code 2, as diff(1) says it, so
    that 1 always means "changed"."""
    from .errors import DataError, UsageError

    if old == new == "-":
        raise UsageError("only one of OLD and NEW can be - (standard input)")
    try:
        return read(old), read(new)
    except DataError as e:
        e.exit_code = 2
        raise
