"""What each command prints, as text: the click layer makes one call here and prints the result.

Briefings come from templates (render.py) drawn for a terminal (terminal.py) or signed as
handouts (output.py); list rows, `show`'s lines and every JSON shape are made here (the README
documents the shapes). Heavy modules are imported by the functions that need them.
"""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from . import __version__, wording
from .briefing import Briefing
from .model import Dataset, Document, Fact, Measure, PartialDate
from .select import Selection, choose, measure


class Data(NamedTuple):
    """The data a run reads, where from, what to call it in a handout, and the day it runs."""

    dataset: Dataset
    path: str
    name: str
    today: datetime.date


class Request(NamedTuple):
    """What a briefing is asked to cover, and how: the options summary and render share."""

    selection: Selection = Selection()
    as_of: datetime.date | None = None
    template: str | None = None
    template_dir: str | None = None

    @property
    def user_template(self) -> str | None:
        return self.template or self.template_dir


def validated(name: str, dataset: Dataset) -> str:
    """validate's line for a valid file: what it holds."""
    counts = (
        (len(dataset.measures), "measure"),
        (len(dataset.areas), "area"),
        (len(dataset.documents), "document"),
        (len(dataset.organisations), "organisation"),
    )
    from .sanitize import clean

    found = ", ".join(f"{n} {w}{'' if n == 1 else 's'}" for n, w in counts)
    return clean(f"{name}: ok: {found}") + "\n"


# --- briefings --------------------------------------------------------------------------------


def briefing(data: Data, request: Request) -> Briefing:
    from .briefing import build

    return build(
        data.dataset,
        request.selection,
        as_of=request.as_of or data.today,
        generated=data.today,
        data_name=data.name,
        version=__version__,
    )


def summary(data: Data, request: Request, colour: bool) -> str:
    """The terminal briefing, drawn to the terminal's width."""
    from . import terminal
    from .render import render

    b = briefing(data, request)
    markup = render({"b": b}, "terminal", request.template, request.template_dir)
    source = request.user_template or "the summary template"
    return terminal.draw(markup, terminal.console(colour), source, links=not request.user_template)


def handout(data: Data, request: Request, fmt: str) -> str:
    """A handout in `fmt`, signed with the digest of its content (output.py)."""
    from .output import sign
    from .render import render

    b = briefing(data, request)
    return sign(render({"b": b}, fmt, request.template, request.template_dir))


def plain(value: Any) -> Any:
    """A model object as JSON-ready values: dates as text, every field present."""
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: plain(getattr(value, name)) for name in value._fields}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


# --- list -----------------------------------------------------------------------------------


class Row(NamedTuple):
    """One measure as `list` shows it."""

    id: str
    title: str
    area: str
    funding: str  # "HK$3 billion", with the secondary mark where it applies; "" if none
    status: str  # "in operation"; "" if not known

    def details(self) -> str:
        return " · ".join(part for part in (self.area, self.funding, self.status) if part)


def listing(dataset: Dataset, areas: tuple[str, ...], as_json: bool, colour: bool) -> str:
    """`list`: every measure (of `areas`), as rows for a terminal or JSON."""
    chosen = choose(dataset, Selection(areas=areas))
    if as_json:
        from .sanitize import json_dumps

        return json_dumps(list_json(dataset, chosen), indent=2) + "\n"
    from . import terminal

    table = [(r.id, r.title, r.details()) for r in rows(dataset, chosen)]
    return terminal.measure_table(table, terminal.console(colour)) if table else ""


def rows(dataset: Dataset, measures: tuple[Measure, ...]) -> list[Row]:
    result = []
    for m in measures:
        funding = ""
        if m.funding is not None:
            funding = wording.money(m.funding.amount, m.funding.currency)
            funding += wording.SECONDARY if dataset.is_secondary(m.funding) else ""
        status = wording.status(m.status) if m.status else ""
        result.append(Row(m.id, m.title, m.area, funding, status))
    return result


def list_json(dataset: Dataset, measures: tuple[Measure, ...]) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id,
            "area": m.area,
            "title": m.title,
            "funding": None
            if m.funding is None
            else {
                "amount": m.funding.amount,
                "currency": m.funding.currency,
                "text": wording.money(m.funding.amount, m.funding.currency),
                "secondary": dataset.is_secondary(m.funding),
            },
            "status": m.status,
        }
        for m in measures
    ]


# --- show -----------------------------------------------------------------------------------


def showing(dataset: Dataset, ids: tuple[str, ...], as_json: bool, colour: bool) -> str:
    """`show`: measures in full, for a terminal or as JSON; UnknownId for an unknown one."""
    measures = [measure(dataset, value) for value in dict.fromkeys(ids)]
    if as_json:
        from .sanitize import json_dumps

        return json_dumps(show_json(dataset, measures), indent=2) + "\n"
    from . import terminal
    from .render import render

    shown = [(m, describe(dataset, m)) for m in measures]
    markup = render({"shown": shown}, "show")
    return terminal.draw(markup, terminal.console(colour), "the show template")


def show_json(dataset: Dataset, measures: list[Measure]) -> list[dict[str, Any]]:
    return [
        {
            "measure": plain(m),
            "area": plain(dataset.area(m.area)),
            "documents": [
                plain(dataset.document(d)) for d in dict.fromkeys(c.document for c in m.sources)
            ],
        }
        for m in measures
    ]


def describe(dataset: Dataset, measure: Measure) -> list[tuple[str, list[str]]]:
    """A measure in full, as labelled lines of text: what `hkai-brief show` lays out.

    The secondary mark flags what is seen only in a secondary source; each fact names its
    source."""

    def sourced(text: str, fact: Fact) -> str:
        mark = wording.SECONDARY if dataset.is_secondary(fact) else ""
        where = f" [{fact.source}]" if fact.source else f" ({fact.source_note})"
        return f"{text}{mark}{where}"

    reply = dataset.document(measure.document)
    lines: list[tuple[str, list[str]]] = [("Area", [dataset.area(measure.area).title])]
    if measure.name_zh:
        unconfirmed = wording.SECONDARY if "name_zh" in measure.unconfirmed else ""
        lines.append(("Chinese name", [measure.name_zh + unconfirmed]))
    if measure.aliases:
        lines.append(("Also called", list(measure.aliases)))
    when = f", {wording.date(reply.date)}" if reply.date else ""
    lines.append(("Reply", [f"{reply.title}{when}"]))
    if measure.status:
        lines.append(("Status", [f"{wording.status(measure.status)} (at the reply)"]))
    if measure.run_by:
        lines.append(("Run by", [dataset.organisation(o).name for o in measure.run_by]))
    lines.append(("Summary", [measure.summary]))
    if measure.funding:
        f = measure.funding
        text = wording.money(f.amount, f.currency) + (f", {f.note}" if f.note else "")
        lines.append(("Funding", [sourced(text, f)]))
    if measure.figures:
        lines.append(("Figures", [sourced(wording.figure(g), g) for g in measure.figures]))
    if measure.milestones:
        lines.append(("Milestones", [sourced(wording.dated(s), s) for s in measure.milestones]))
    if measure.updates:
        lines.append(("Since reply", [sourced(wording.dated(s), s) for s in measure.updates]))
    if measure.keywords:
        lines.append(("Keywords", [", ".join(measure.keywords)]))
    lines.append(("Sources", [_citation(dataset, c.document, c.locator) for c in measure.sources]))
    return lines


def _citation(dataset: Dataset, document: str, locator: str | None) -> str:
    doc: Document = dataset.document(document)
    parts = [f"[{doc.id}] {doc.title.rstrip('.')}"]
    if doc.date:
        parts.append(wording.date(doc.date))
    if locator:
        parts.append(locator)
    kind = wording.source_kind(doc)
    if kind:
        parts.append(kind)
    return ", ".join(parts) + (f" {doc.url}" if doc.url else "")


# --- the briefing as JSON ---------------------------------------------------------------------


def briefing_json(b: Briefing, digest: str) -> dict[str, Any]:
    """The validated data plus the computed figures: the shape documented in the README."""
    return {
        "format": "hkai-brief/1",
        "generated": {
            "on": b.generated.isoformat(),
            "as_of": b.as_of.isoformat(),
            "tool": f"hkai-brief {b.version}",
            "data": b.data_name,
            "filtered": b.filtered,
            "digest": digest,
        },
        "computed": {
            "funding_totals": [
                {
                    "currency": t.currency,
                    "amount": t.amount,
                    "text": t.text,
                    "measures": [m.id for m in t.measures],
                    "secondary": t.is_secondary(b.dataset),
                }
                for t in b.totals
            ],
            "figures": [
                {
                    "measure": m.id,
                    **plain(f),
                    "text": wording.figure(f),
                    "secondary": b.is_secondary(f),
                }
                for m, f in b.figures
            ],
            "timeline": [
                {
                    "date": str(e.date),
                    "qualifier": e.qualifier,
                    "text": e.text,
                    "measure": e.measure.id,
                    "kind": e.kind,
                    "when": e.when,
                    "secondary": b.is_secondary(e.fact),
                }
                for e in b.timeline
            ],
        },
        "documents": [plain(d) for d in b.sources],
        "areas": [plain(s.area) for s in b.sections],
        "organisations": [
            plain(o) for o in b.dataset.organisations if any(o.id in m.run_by for m in b.measures)
        ],
        "measures": [plain(m) for m in b.measures],
    }
