"""What each command prints, as text: the click layer makes one call here and prints the result.

Briefings come from templates (render.py) drawn for a terminal (terminal.py) or signed as
handouts (output.py); list rows, `show`'s lines and every JSON shape are made here (the README
documents the shapes). Heavy modules are imported by the functions that need them.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__, wording
from .lang import shown as shown_field
from .lang import text as localized
from .lang import translate
from .load import Data
from .model import Applications, Dataset, Document, Fact, Measure, plain
from .select import Selection, choose, measure

if TYPE_CHECKING:
    from .briefing import Briefing  # imported by what makes one: validate and list need none


class Request(NamedTuple):
    """What a briefing is asked to cover, and how: the options summary and render share."""

    selection: Selection = Selection()
    as_of: datetime.date | None = None
    template: str | None = None
    template_dir: str | None = None
    full: bool = False  # summary: everything, not the one-minute read
    title: str | None = None  # the handout's own title, for its readers
    lang: str = "en"  # the language it is written in (lang.py)

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


def briefing(data: Data, request: Request, sym: wording.Symbols = wording.UNICODE) -> Briefing:
    from .briefing import build

    return build(
        data.dataset,
        request.selection,
        as_of=request.as_of or data.today,
        generated=data.today,
        data_name=data.name,
        version=__version__,
        sym=sym,
        title=request.title,
        lang=request.lang,
    )


def summary(data: Data, request: Request, colour: bool, sym: wording.Symbols) -> str:
    """The terminal briefing, the one-minute read or (`full`) everything, drawn to the
    terminal's width."""
    from . import terminal
    from .render import render

    b = briefing(data, request, sym)
    out = terminal.console(colour)
    fmt = "terminal-full" if request.full else "terminal"
    source = request.user_template or "the summary template"

    def draw(markup: str) -> str:
        return terminal.draw(markup, out, source, links=not request.user_template)

    context = {"b": b, "width": out.width}
    return render(
        context, fmt, request.template, request.template_dir, finish=draw, lang=request.lang
    )


# Formats written as UTF-8 bytes, whatever the terminal's encoding: the file says what it is.
ENCODED = ("html", "pdf")


class Handout(NamedTuple):
    """A rendered handout and what to tell its reader about it."""

    content: str | bytes
    warnings: tuple[str, ...] = ()


def handout(data: Data, request: Request, fmt: str, sym: wording.Symbols) -> Handout:
    """A handout in `fmt`, signed with the digest of its content (output.py); a PDF is the
    Typst handout typeset (pdf.py)."""
    from .output import sign
    from .render import render

    if fmt == "pdf":
        from . import pdf

        pdf.require()  # before any work: the extra may not be installed
        b = briefing(data, request, sym)
        context = {"b": b, "cjk_fonts": pdf.CJK_FONTS}
        source = render(context, fmt, request.template, request.template_dir, lang=request.lang)
        if request.user_template is None:
            done = pdf.typeset(source, data.today)
            if request.lang == "zh-Hant" and any(
                w.startswith(pdf.NO_CJK_FONT) for w in done.warnings
            ):
                # A Chinese handout in empty boxes is no handout: nothing is written.
                from .errors import UsageError

                raise UsageError(
                    f"{pdf.NO_CJK_FONT}, and a Chinese PDF would print as empty boxes;"
                    f" {pdf.CJK_HINT}"
                )
        else:
            from .render import FORMATS, user_template_name

            name = user_template_name(FORMATS[fmt], request.template, request.template_dir)
            # Typst cannot read files or run programs, but a user's Typst can ask for all
            # the memory and time there is: it runs under the sandbox's limits too.
            from .sandbox import run

            done = pdf.unpack(run(lambda: pdf.pack(pdf.typeset(source, data.today, name)), name))
        return Handout(sign(done.pdf), done.warnings)
    b = briefing(data, request, sym)
    text = render({"b": b}, fmt, request.template, request.template_dir, lang=request.lang)
    return Handout(sign(text))


# --- list -----------------------------------------------------------------------------------


class Row(NamedTuple):
    """One measure as `list` shows it, in its columns."""

    id: str
    title: str
    area: str
    funding: str  # "HK$3 billion", with the secondary mark where it applies; "" if none
    status: str  # "in operation"; "" if not known


def listing(
    dataset: Dataset,
    selection: Selection,
    as_json: bool,
    width: int | None,
    sym: wording.Symbols,
    lang: str = "en",
    funded: bool = False,
    today: datetime.date | None = None,
) -> str:
    """`list`: one line per measure, id first: id, title, area, funding, status; with `funded`,
    the measures with money or applications, as a founder scans them (`_funded`).

    For a terminal (`width`), the columns are aligned under a heading and the title is cut to
    fit the line; piped (`width` None), the columns are separated by tabs and nothing is cut,
    for cut, grep and awk."""
    if funded or as_json:
        chosen = choose(dataset, selection)
    if funded:
        chosen = tuple(m for m in chosen if m.funding_lines or m.applications is not None)
        return _funded(dataset, chosen, as_json, width, sym, lang, today or datetime.date.today())
    if as_json:
        from .sanitize import json_dumps

        return json_dumps(list_json(dataset, chosen, lang), indent=2) + "\n"
    kept = dataset.listed(lang)  # what an index keeps of each measure for this, if it does
    if kept is None:
        table = rows(dataset, choose(dataset, selection), sym, lang)
    else:
        listed = [Listed(id, area, replies, Cells(*c)) for id, area, replies, c in kept]
        entries = choose(dataset, selection, listed)
        table = [row_of(e.id, e.area, e.cells, sym, lang) for e in entries]
    if width is None:
        return "".join("\t".join(row) + "\n" for row in table)
    return _columns(table, width, sym)


# On a terminal the title takes what the other columns leave; a column is shown only if the
# title keeps at least this many cells (ids are never cut, and some are long).
_MIN_TITLE = 16


def _columns(table: list[Row], width: int, sym: wording.Symbols) -> str:
    """Rows aligned for a terminal `width` cells wide: id, title (cut to fit), then as many of
    funding, area and status as leave the title room. No heading: exactly one line a measure,
    each starting with its id, on a terminal as in a pipe; the values say what they are."""
    from .layout import cells, fit

    def column(values: list[str]) -> int:
        return max((cells(v) for v in values), default=0)

    id_w = column([r.id for r in table])
    # An id too long to leave the title room is cut on a terminal (piped, ids are whole): a
    # reader needs the title; `show` takes the title as well as the id.
    if width - id_w - 2 < _MIN_TITLE:
        id_w = max(width - 2 - 2 * _MIN_TITLE, 12)
    room = width - id_w - 2
    shown: list[tuple[str, int]] = []  # the optional columns shown, with their widths
    for name in ("funding", "area", "status"):
        values = [getattr(r, name) for r in table]
        w = column(values) if any(values) else 0
        if w and room - (w + 2) >= _MIN_TITLE:
            shown.append((name, w))
            room -= w + 2
    lines = []
    for r in table:
        shown_id = fit(r.id, id_w, sym.ellipsis)
        cells_ = [_pad(shown_id, id_w), _pad(fit(r.title, max(room, 1), sym.ellipsis), room)]
        order = {"area": 0, "funding": 1, "status": 2}
        for name, w in sorted(shown, key=lambda c: order[c[0]]):
            cells_.append(_pad(getattr(r, name), w))
        lines.append("  ".join(cells_).rstrip())
    return "".join(line + "\n" for line in lines)


def _pad(text: str, width: int) -> str:
    from .layout import cells

    return text + " " * (width - cells(text))


def rows(
    dataset: Dataset, measures: tuple[Measure, ...], sym: wording.Symbols, lang: str = "en"
) -> list[Row]:
    return [row_of(m.id, m.area, cells_of(dataset, m, lang), sym, lang) for m in measures]


class Cells(NamedTuple):
    """What `list` shows of a measure in one language, its marks left to the output's symbols:
    what the index keeps of it for `list` (corpus.py), on one line each."""

    title: str
    title_marked: bool  # unconfirmed: seen only in a secondary source
    funding: tuple[tuple[str, bool], ...]  # each line's money, and whether it is secondary
    status: str


class Listed(NamedTuple):
    """A measure as `list` reads it from an index: what it is chosen by, and its cells."""

    id: str
    area: str
    replies: tuple[str, ...]
    cells: Cells


def cells_of(dataset: Dataset, m: Measure, lang: str) -> Cells:
    from .sanitize import one_line

    return Cells(
        one_line(localized(m, "title", lang)),
        shown_field(m, "title", lang) in m.unconfirmed,
        tuple((wording.amount(f, lang), dataset.is_secondary(f)) for f in m.funding_lines),
        one_line(wording.status(m.status, lang)) if m.status else "",
    )


def row_of(id: str, area: str, cells: Cells, sym: wording.Symbols, lang: str) -> Row:
    """A measure's line, on one line (a mark on a text on one line leaves it on one line)."""
    from .sanitize import one_line

    funding = translate(lang, ", ").join(
        money + (sym.secondary if secondary else "") for money, secondary in cells.funding
    )
    title = cells.title + (sym.secondary if cells.title_marked else "")
    return Row(one_line(id), title, one_line(area), one_line(funding), cells.status)


class FundedRow(NamedTuple):
    """A funded measure as `list --funded` shows it: what a founder scans for."""

    id: str
    funding: str  # "HK$3 billion", with the secondary mark where it applies; "" if none
    run_by: str  # the bodies that run it, or ""
    closes: str  # "closed 25 Nov 2025", "closes 31 Dec 2026", or "" if no date is given
    who: str  # who can apply, or "" when the data does not say


def _funded(
    dataset: Dataset,
    chosen: tuple[Measure, ...],
    as_json: bool,
    width: int | None,
    sym: wording.Symbols,
    lang: str,
    today: datetime.date,
) -> str:
    """`list --funded`: one line per measure with money earmarked or applications to make: id,
    amount, who runs it, the closing date (closed or not on `today`) and who can apply. Columns
    on a terminal (who can apply cut to fit), tabs when piped."""
    if as_json:
        from .sanitize import json_dumps

        listed = [
            {
                **item,
                "run_by": [dataset.organisation(o).name for o in m.run_by],
                "applications": plain(m.applications),
            }
            for item, m in zip(list_json(dataset, chosen, lang), chosen, strict=True)
        ]
        return json_dumps(listed, indent=2) + "\n"
    table = [_funded_row(dataset, m, sym, lang, today) for m in chosen]
    if width is None:
        return "".join("\t".join(row) + "\n" for row in table)
    return _funded_columns(table, width, sym, lang)


def _funded_row(
    dataset: Dataset, m: Measure, sym: wording.Symbols, lang: str, today: datetime.date
) -> FundedRow:
    from .sanitize import one_line

    row = rows(dataset, (m,), sym, lang)[0]
    orgs = [dataset.organisation(o) for o in m.run_by]
    run_by = translate(lang, ", ").join(
        o.abbreviation or localized(o, "name", lang, mark=False) for o in orgs
    )
    apply = m.applications
    who = localized(apply, "who", lang) if apply else ""
    closes = _closes(apply, today, lang) if apply else ""
    return FundedRow(*(one_line(c) for c in (m.id, row.funding, run_by, closes, who)))


def _funded_columns(table: list[FundedRow], width: int, sym: wording.Symbols, lang: str) -> str:
    from .layout import cells, fit

    # One line a measure, as `list`: no heading; a reader sees that nobody applies to one.
    none = translate(lang, "(no applications)")
    table = [r._replace(who=r.who or none) for r in table]
    fields = FundedRow._fields[:4]
    widths = [max(cells(getattr(r, f)) for r in table) for f in fields]
    if sum(w + 2 for w in widths) > width:
        # Long ids or several funding lines: each column cut to its share, so that a row
        # keeps to the window (piped, nothing is cut).
        caps = (max(width // 3, 12), max(width // 4, 12), 14, 20)
        widths = [min(w, cap) for w, cap in zip(widths, caps, strict=True)]
    room = width - sum(w + 2 for w in widths)
    lines = []
    for r in table:
        cut = [fit(v, w, sym.ellipsis) for v, w in zip(r[:4], widths, strict=True)]
        line = "  ".join(_pad(v, w) for v, w in zip(cut, widths, strict=True))
        # One line a measure: who can apply takes the room left, if there is enough to read
        # (the whole of it is in `show`, and in the piped and JSON lists).
        if r.who and room >= _MIN_TITLE:
            line += "  " + fit(r.who, room, sym.ellipsis)
        lines.append(line.rstrip())
    return "".join(line + "\n" for line in lines)


def _closes(apply: Applications, today: datetime.date, lang: str) -> str:
    """When applications close, and whether they had by `today`: 'closed 25 Nov 2025'."""
    if apply.closes is None:
        return ""
    day = wording.short_date(apply.closes, lang=lang)
    closed = apply.closes.last_day() < today
    if lang == "zh-Hant":
        return f"已於{day}截止" if closed else f"{day}截止"
    return f"closed {day}" if closed else f"closes {day}"


def list_json(
    dataset: Dataset, measures: tuple[Measure, ...], lang: str = "en"
) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id,
            "area": m.area,
            "title": m.title,
            "name_zh": m.name_zh,
            "funding": [
                {
                    "amount": f.amount,
                    "currency": f.currency,
                    "recurrent": f.recurrent,
                    "text": wording.amount(f, lang),
                    "secondary": dataset.is_secondary(f),
                    "scope": f.scope,
                }
                for f in m.funding_lines
            ],
            "replies": list(m.replies),
            "status": m.status,
        }
        for m in measures
    ]


# --- show -----------------------------------------------------------------------------------


def showing(
    data: Data,
    names: tuple[str, ...],
    as_json: bool,
    colour: bool,
    sym: wording.Symbols,
    lang: str = "en",
) -> str:
    """`show`: measures in full, for a terminal or as JSON. A measure may be named by its id,
    abbreviation, title, an alias or its Chinese name; UnknownId, with suggestions, if not."""
    dataset = data.dataset
    measures = list(dict.fromkeys(measure(dataset, name) for name in names))
    if as_json:
        from .sanitize import json_dumps

        return json_dumps(show_json(dataset, measures), indent=2) + "\n"
    from . import terminal
    from .render import render

    def mark(m: Measure) -> str:
        return sym.secondary if shown_field(m, "title", lang) in m.unconfirmed else ""

    shown = [
        (m, localized(m, "title", lang), mark(m), describe(dataset, m, sym, lang, data.today))
        for m in measures
    ]
    markup = render({"shown": shown, "sym": sym}, "show", lang=lang)
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


def describe(
    dataset: Dataset,
    measure: Measure,
    sym: wording.Symbols = wording.UNICODE,
    lang: str = "en",
    today: datetime.date | None = None,
) -> list[tuple[str, list[str]]]:
    """A measure in full, as labelled lines of text in `lang`: what `hkai-brief show` lays out.

    The secondary mark flags what is seen only in a secondary source; each fact names its
    source, and the sources end with the reply itself."""
    from .briefing import build

    b = build(
        dataset.only((measure,)),  # a briefing of this measure: the others are not read
        Selection(measures=(measure.id,)),
        as_of=today or datetime.date.today(),  # applications closed by then are said to be
        data_name="",
        version=__version__,
        sym=sym,
        lang=lang,
    )

    def _(phrase: str) -> str:
        return translate(lang, phrase)

    lines = [*_identity(b, measure), *_facts(b, measure)]
    if measure.keywords:
        lines.append((_("Keywords"), [", ".join(measure.keywords)]))  # English words
    cited = [(c.document, c.locator) for c in measure.sources]
    if measure.document not in {d for d, _l in cited}:
        cited.append((measure.document, None))  # the reply itself, with its URL
    sources = [_citation(dataset, d, locator, lang) for d, locator in cited]
    lines.append((_("Sources"), sources))
    return lines


Lines = list[tuple[str, list[str]]]


def _identity(b: Briefing, measure: Measure) -> Lines:
    """What a measure is: its area, names, replies, status, who runs it, its summary."""
    dataset, lang = b.dataset, b.lang

    def _(phrase: str) -> str:
        return translate(lang, phrase)

    lines: Lines = [(_("Area"), [b.tr(dataset.area(measure.area), "title")])]
    if lang == "zh-Hant":
        lines.append((_("English name"), [measure.title + b.unconfirmed(measure, "title")]))
    elif measure.name_zh:
        lines.append((_("Chinese name"), [measure.name_zh + b.unconfirmed(measure, "name_zh")]))
    if measure.aliases:
        lines.append((_("Also called"), list(measure.aliases)))
    replies = []
    for reply in (dataset.document(r) for r in measure.replies):
        when = f"{_(', ')}{wording.date(reply.date, lang=lang)}" if reply.date else ""
        replies.append(f"{b.tr(reply, 'title')}{when}")
    lines.append((_("Reply") if len(replies) == 1 else _("Replies"), replies))
    if measure.status:
        lines.append((_("Status"), [wording.status(measure.status, lang) + _(" (at the reply)")]))
    if measure.run_by:
        lines.append((_("Run by"), b.organisation_names(measure)))
    lines.append((_("Summary"), [b.tr(measure, "summary")]))
    return lines


def _facts(b: Briefing, measure: Measure) -> Lines:
    """Its money, how to apply, figures, milestones and updates, each with its source."""
    lang = b.lang

    def _(phrase: str) -> str:
        return translate(lang, phrase)

    def sourced(text: str, fact: Fact) -> str:
        where = f" [{fact.source}]" if fact.source else b.seen_in(fact)
        return f"{text}{b.mark(fact)}{where}"

    lines: Lines = []
    if measure.funding_lines:
        lines.append((_("Funding"), [sourced(b.funding_text(f), f) for f in measure.funding_lines]))
    if measure.applications:
        apply = measure.applications
        said = [f"{label}{_(': ')}{text}" for label, text in wording.applying(apply, lang)]
        said[0] = sourced(said[0], apply)
        if b.closed(apply) and apply.closes:
            closed = wording.date(apply.closes, lang=lang)
            said.append(_("Applications closed on {date}.").format(date=closed))
        lines.append((_("To apply"), said))
    if measure.figures:
        lines.append((_("Figures"), [sourced(wording.figure(g, lang), g) for g in measure.figures]))
    if measure.milestones:
        steps = [sourced(wording.dated(s, lang), s) for s in measure.milestones]
        lines.append((_("Milestones"), steps))
    if measure.updates:
        updates = [sourced(wording.dated(s, lang), s) for s in measure.updates]
        lines.append((_("Since reply"), updates))
    return lines


def _citation(dataset: Dataset, document: str, locator: str | None, lang: str = "en") -> str:
    doc: Document = dataset.document(document)
    parts = [f"[{doc.id}] {localized(doc, 'title', lang, mark=False).rstrip('.')}"]
    if doc.date:
        parts.append(wording.date(doc.date, lang=lang))
    if locator:
        parts.append(wording.places((locator,), lang))
    kind = wording.source_kind(doc, lang)
    if kind:
        parts.append(kind)
    return translate(lang, ", ").join(parts) + (f" {doc.url}" if doc.url else "")


# --- the briefing as JSON ---------------------------------------------------------------------


def briefing_json(b: Briefing, digest: str) -> dict[str, Any]:
    """The validated data plus the computed figures: the shape documented in the README."""
    return {
        "format": "hkai-brief/2",
        "generated": {
            "on": b.generated.isoformat(),
            "as_of": b.as_of.isoformat(),
            "tool": f"hkai-brief {b.version}",
            "data": b.data_name,
            "filtered": b.filtered,
            "lang": b.lang,
            "digest": digest,
        },
        "computed": {
            "funding_totals": [
                {
                    "currency": t.currency,
                    "recurrent": t.recurrent,
                    "amount": t.amount,
                    "text": t.text,
                    "earmarked": t.earmarked,
                    "shared": t.shared,
                    "measures": [m.id for m in t.measures],
                    "secondary": t.is_secondary(b.dataset),
                }
                for t in b.totals
            ],
            "figures": [
                {
                    "measure": m.id,
                    **plain(f),
                    "text": wording.figure(f, b.lang),
                    "secondary": b.is_secondary(f),
                }
                for m, f in b.figures
            ],
            "timeline": [
                {
                    "date": str(e.date),
                    "qualifier": e.qualifier,
                    "text": b.tr(e.fact, "text"),
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
