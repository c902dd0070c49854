"""The shape of a data file, said once.

The checker (check.py) checks a file against these records and builds the model from them;
`json_schema()` turns the same records into the JSON Schema that editors use. One description,
so the two cannot drift apart. Single values are of the kinds in kinds.py.
"""

# No `from __future__ import annotations`: NamedTuple compiles string annotations (see model.py).
from collections.abc import Callable
from typing import Any, NamedTuple

from . import model
from .kinds import (
    CURRENCY_PATTERN,
    URL_PATTERN,
    Choice,
    Date,
    Flag,
    Id,
    Money,
    Number,
    Ref,
    Scalar,
    Text,
)

# --- the shapes of values ------------------------------------------------------------------


class ListOf(NamedTuple):
    item: "Kind"
    min_items: int = 0
    # A single item may stand for a list of one (`funding:` with one line, as version 0.1
    # files have it, or with a list of several).
    or_one: bool = False

    @property
    def expected(self) -> str:
        return "a list"


class Field(NamedTuple):
    name: str
    kind: "Kind"
    doc: str
    required: bool = False


class Record(NamedTuple):
    name: str
    doc: str
    fields: tuple[Field, ...]
    build: Callable[..., Any]
    # Groups of fields of which at least one must be present (a fact needs a document or a
    # note on where it was seen).
    one_of: tuple[tuple[str, ...], ...] = ()
    # Lists that go item by item, where both are given: a question's parts and their Chinese.
    paired: tuple[tuple[str, str], ...] = ()

    @property
    def expected(self) -> str:
        return "a group of fields (name: value)"


Kind = Scalar | ListOf | Record


# --- the records ------------------------------------------------------------------------------

CONFIDENCE = Choice(("confirmed", "secondary"))
# A fact names the document it is from, or says where it was seen.
SOURCED = ("source", "source_note")


def _sourced(*fields: Field) -> tuple[Field, ...]:
    """The fields of a fact, followed by where it comes from and how sure that is."""
    return (
        *fields,
        Field(
            "source",
            Ref("documents", "document"),
            "Id of the document that states this fact.",
        ),
        Field(
            "source_note",
            Text(),
            "Where the fact was seen, when no document in this file can be cited "
            "(such a fact counts as secondary).",
        ),
        Field("source_note_zh", Text(), "The note in Traditional Chinese."),
        Field(
            "confidence",
            CONFIDENCE,
            "confirmed: stated on an official page; secondary: seen only in a secondary source. "
            "Left out, it follows from the source document's 'official' flag.",
        ),
    )


def _unconfirmed(*names: str) -> Field:
    return Field(
        "unconfirmed",
        ListOf(Choice(names)),
        "Names in this record seen only in a secondary source, not confirmed on an official page.",
    )


RESPONDENT = Record(
    "Respondent",
    "Who answered, in which office.",
    (
        Field("name", Text(), "The person's name, as the document gives it.", required=True),
        Field("office", Text(), "The official English title of the office.", required=True),
        Field("office_zh", Text(), "The office's official Traditional Chinese title."),
        Field("aliases", ListOf(Text()), "Other titles in use, such as a news report's wording."),
        Field("name_zh", Text(), "The person's name in Traditional Chinese."),
        _unconfirmed("name", "office", "office_zh", "name_zh"),
    ),
    model.Respondent,
)

QUESTION = Record(
    "Question",
    "The question a reply answers, in brief.",
    (
        Field("number", Text(), "The question's number, e.g. LCQ13.", required=True),
        Field(
            "parts",
            ListOf(Text(), min_items=1),
            "Each part of the question, paraphrased; for a reply briefed in full.",
        ),
        Field("asked_by", Text(), "The Member who asked; leave out if not known."),
        Field("preamble", Text(), "The question's preamble, paraphrased."),
        Field(
            "kind",
            Choice(("oral", "written")),
            "oral: asked and answered in the Council; written: answered in writing.",
        ),
        Field("preamble_zh", Text(), "The preamble in Traditional Chinese, paraphrased."),
        Field(
            "parts_zh",
            ListOf(Text(), min_items=1),
            "The parts in Traditional Chinese, paraphrased, in the same order as parts.",
        ),
    ),
    model.Question,
    paired=(("parts", "parts_zh"),),
)

MESSAGE = Record(
    "Message",
    "One of a reply's key messages: what the Government says it is doing and why.",
    _sourced(
        Field(
            "text",
            Text(),
            "The message in your own words; a source's own wording in quotes, said as its.",
            required=True,
        ),
        Field("text_zh", Text(), "The message in Traditional Chinese, in your own words."),
    ),
    model.Message,
    one_of=(SOURCED,),
)

DOCUMENT = Record(
    "Document",
    "A source document: a Legislative Council reply, a news report, a budget, a web page.",
    (
        Field("id", Id("documents"), "Unique id, lower-case words and hyphens.", required=True),
        Field(
            "kind",
            Choice(
                (
                    "legco-reply",
                    "legco-paper",
                    "news-report",
                    "budget",
                    "policy-address",
                    "press-release",
                    "speech",
                    "report",
                    "statistics",
                    "web-page",
                )
            ),
            "What sort of document it is. legco-paper: a paper for a Legislative Council panel"
            " or committee; report: a study or annual report; statistics: a table or release of"
            " figures.",
            required=True,
        ),
        Field("title", Text(), "The document's title.", required=True),
        Field(
            "official",
            Flag(),
            "true for a government or statutory body's own publication; false for news.",
            required=True,
        ),
        Field("date", Date(), "Date of publication."),
        Field("publisher", Text(), "Who published it."),
        Field("respondent", RESPONDENT, "For a reply: who answered."),
        Field("url", Text(URL_PATTERN, "an http(s) URL"), "Where to read it."),
        Field("question", QUESTION, "For a reply: the question it answers."),
        Field("note", Text(), "Anything a reader checking this source should know."),
        Field("messages", ListOf(MESSAGE), "For a reply: its key messages, in reading order."),
        Field("title_zh", Text(), "The document's own Traditional Chinese title, if it has one."),
        Field("note_zh", Text(), "The note in Traditional Chinese."),
    ),
    model.Document,
)

AREA = Record(
    "Area",
    "A policy area that groups measures.",
    (
        Field("id", Id("areas"), "Unique id, lower-case words and hyphens.", required=True),
        Field("title", Text(), "The area's name.", required=True),
        Field("title_zh", Text(), "The area's name in Traditional Chinese."),
        Field("description", Text(), "What belongs in this area."),
        Field("description_zh", Text(), "What belongs in this area, in Traditional Chinese."),
    ),
    model.Area,
)

ORGANISATION = Record(
    "Organisation",
    "A body that runs or arranges measures.",
    (
        Field("id", Id("organisations"), "Unique id, lower-case words and hyphens.", required=True),
        Field("name", Text(), "Official English name.", required=True),
        Field("abbreviation", Text(), "Official abbreviation."),
        Field("name_zh", Text(), "Official Traditional Chinese name."),
        Field("url", Text(URL_PATTERN, "an http(s) URL"), "Home page."),
        _unconfirmed("name", "abbreviation", "name_zh"),
    ),
    model.Organisation,
)

FIGURE = Record(
    "Figure",
    "A number the sources give.",
    _sourced(
        Field("value", Number(), "The number, without separators: 5600, not 5,600.", required=True),
        Field(
            "unit",
            Text(),
            "What is counted, plural: laboratories, datasets; % for a percentage. With a"
            " currency, what the money is: in grants.",
        ),
        Field(
            "unit_one",
            Text(),
            "The unit for one, where dropping the final s does not make it: 1 person.",
        ),
        Field(
            "currency",
            Text(CURRENCY_PATTERN, "a three-letter currency code such as HKD"),
            "For a sum of money: its ISO 4217 code; the value is then whole units of it.",
        ),
        Field(
            "qualifier",
            Choice(("over", "about", "nearly", "up-to", "at-least", "less-than", "target")),
            "How exact the number is; target: a number planned, not yet reached.",
        ),
        Field(
            "label",
            Text(),
            "Words read after the unit, when it does not say it all: approved, of computing power.",
        ),
        Field(
            "unit_zh",
            Text(),
            "What is counted, in Traditional Chinese, with its measure word: 間實驗室, 名研究人員.",
        ),
        Field(
            "label_zh",
            Text(),
            "Words read after the unit in Chinese; with {} the number goes where {} stands:"
            " 2025年算力目標為{}.",
        ),
    ),
    model.Figure,
    one_of=(SOURCED, ("unit", "currency")),
)

FUNDING = Record(
    "Funding",
    "Money earmarked for the measure.",
    _sourced(
        Field(
            "amount",
            Money(),
            "Whole units of the currency: 3000000000 for HK$3 billion.",
            required=True,
        ),
        Field(
            "currency",
            Text(CURRENCY_PATTERN, "a three-letter currency code such as HKD"),
            "ISO 4217 code.",
            required=True,
        ),
        Field("note", Text(), "Period or conditions, e.g. over three years."),
        Field(
            "scope",
            Text(),
            "When the money is not for AI alone, what it is for, completing 'for ...':"
            " AI and other frontier technology fields. Totals say so.",
        ),
        Field("note_zh", Text(), "The note in Traditional Chinese."),
        Field("scope_zh", Text(), "The scope in Traditional Chinese, completing '用於…'."),
        Field(
            "recurrent",
            Flag(),
            "true for an amount given every year (HK$50 million a year): shown as such and"
            " never added to one-off sums.",
        ),
    ),
    model.Funding,
    one_of=(SOURCED,),
)

APPLICATIONS = Record(
    "Applications",
    "How to apply to a scheme: what a founder or researcher needs to know, from an official page.",
    _sourced(
        Field("who", Text(), "Who can apply, as the scheme's page says.", required=True),
        Field("pays_for", Text(), "What it pays for: cash, computing time, matching funds."),
        Field("per_project", Text(), "How much per project, where the page states it."),
        Field("how", Text(), "How and to whom to apply."),
        Field("url", Text(URL_PATTERN, "an http(s) URL"), "The official page to apply from."),
        Field("opens", Date(), "When applications opened."),
        Field("closes", Date(), "When applications close or closed."),
        Field("when", Text(), "The application period in words, where dates do not say it."),
        Field("who_zh", Text(), "Who can apply, in Traditional Chinese."),
        Field("pays_for_zh", Text(), "What it pays for, in Traditional Chinese."),
        Field("per_project_zh", Text(), "How much per project, in Traditional Chinese."),
        Field("how_zh", Text(), "How to apply, in Traditional Chinese."),
        Field("when_zh", Text(), "The application period, in Traditional Chinese."),
    ),
    model.Applications,
    one_of=(SOURCED,),
)

_DATED = (
    Field(
        "date",
        Date(),
        "YYYY, YYYY-H1/H2, YYYY-Q1 to Q4, YYYY-MM, YYYY-MM-DD or a financial year, 2025-26.",
        required=True,
    ),
    Field("text", Text(), "What happened or is to happen, in a sentence.", required=True),
    Field("qualifier", Choice(("by", "from")), "by: no later than the date; from: starting then."),
    Field("text_zh", Text(), "The sentence in Traditional Chinese."),
)

MILESTONE = Record(
    "Milestone",
    "A dated step of the measure, as known at the reply.",
    _sourced(*_DATED),
    model.Milestone,
    one_of=(SOURCED,),
)

UPDATE = Record(
    "Update",
    "Something that happened to the measure after the reply.",
    _sourced(*_DATED),
    model.Update,
    one_of=(SOURCED,),
)

CITATION = Record(
    "Citation",
    "A document that backs the measure.",
    (
        Field("document", Ref("documents", "document"), "Id of the document.", required=True),
        Field("locator", Text(), "Where in it: a paragraph, a section."),
    ),
    model.Citation,
)

MEASURE = Record(
    "Measure",
    "One thing the Government does, as a reply describes it.",
    (
        Field("id", Id("measures"), "Unique id, lower-case words and hyphens.", required=True),
        Field(
            "document",
            Ref("documents", "document"),
            "Id of the reply that describes the measure.",
            required=True,
        ),
        Field(
            "discussed_in",
            ListOf(Ref("documents", "reply", kind="legco-reply")),
            "Ids of other replies that discuss it: one measure, counted once, whichever reply"
            " a briefing is about. Each fact's source says which reply said it.",
        ),
        Field("area", Ref("areas", "area"), "Id of the policy area.", required=True),
        Field("title", Text(), "The official English name.", required=True),
        Field("summary", Text(), "What it is, in your own words.", required=True),
        Field("summary_zh", Text(), "What it is, in Traditional Chinese, in your own words."),
        Field(
            "sources",
            ListOf(CITATION, min_items=1),
            "The documents that back the measure.",
            required=True,
        ),
        Field("abbreviation", Text(), "Official abbreviation."),
        Field("name_zh", Text(), "Official Traditional Chinese name."),
        Field(
            "aliases",
            ListOf(Text()),
            "Other names in use, such as a news report's wording.",
        ),
        _unconfirmed("title", "abbreviation", "name_zh"),
        Field(
            "status",
            Choice(("planned", "under-way", "in-operation", "completed")),
            "Where the measure stood at the reply.",
        ),
        Field(
            "run_by",
            ListOf(Ref("organisations", "organisation")),
            "Ids of the bodies that run or arrange it.",
        ),
        Field(
            "funding",
            ListOf(FUNDING, or_one=True),
            "Money earmarked for it: one funding line, or a list of them.",
        ),
        Field("figures", ListOf(FIGURE), "Numbers the sources give."),
        Field("milestones", ListOf(MILESTONE), "Dated steps, as known at the reply."),
        Field("updates", ListOf(UPDATE), "What happened after the reply."),
        Field("keywords", ListOf(Text()), "Words to find it by."),
        Field("applications", APPLICATIONS, "For a scheme that takes applications: how to apply."),
    ),
    model.Measure.build,
)

_ABOUT = (
    Field(
        "title",
        Text(),
        "The briefing's title, as handouts head it: Hong Kong AI policy briefing."
        " Left out: Policy briefing.",
    ),
    Field("title_zh", Text(), "The title in Traditional Chinese."),
    Field("description", Text(), "What the data covers, in a sentence, under the title."),
    Field("description_zh", Text(), "The description in Traditional Chinese."),
)

DATASET = Record(
    "Dataset",
    "An hkai-brief data file: the facts of one or more replies.",
    (
        *_ABOUT,
        Field(
            "documents",
            ListOf(DOCUMENT, min_items=1),
            "Replies and the sources that back the measures.",
            required=True,
        ),
        Field("areas", ListOf(AREA, min_items=1), "Policy areas, in reading order.", required=True),
        Field("organisations", ListOf(ORGANISATION), "Bodies that run measures."),
        Field("measures", ListOf(MEASURE, min_items=1), "The measures.", required=True),
    ),
    model.Dataset,
)


def _part(**values: Any) -> dict[str, Any]:
    return values


# One of several files that make a dataset together (`--data` repeated, or a folder): any of
# the fields, none required in each file; the merged dataset must have them.
DATASET_PART = DATASET._replace(
    fields=tuple(
        f._replace(
            required=False,
            kind=f.kind._replace(min_items=0) if isinstance(f.kind, ListOf) else f.kind,
        )
        for f in DATASET.fields
    ),
    build=_part,
)


# --- JSON Schema ------------------------------------------------------------------------------


def _kind_schema(kind: Kind) -> dict[str, Any]:
    if isinstance(kind, ListOf):
        schema: dict[str, Any] = {"type": "array", "items": _kind_schema(kind.item)}
        if kind.min_items:
            schema["minItems"] = kind.min_items
        if kind.or_one:
            return {"anyOf": [_kind_schema(kind.item), schema]}
        return schema
    if isinstance(kind, Record):
        return {"$ref": f"#/$defs/{kind.name}"}
    return kind.schema()


def _record_schema(record: Record) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": record.doc,
        "properties": {
            f.name: {"description": f.doc, **_kind_schema(f.kind)} for f in record.fields
        },
        "additionalProperties": False,
    }
    required = [f.name for f in record.fields if f.required]
    if required:
        schema["required"] = required
    groups = [{"anyOf": [{"required": [name]} for name in group]} for group in record.one_of]
    if len(groups) == 1:
        schema.update(groups[0])
    elif groups:
        schema["allOf"] = groups
    return schema


def _records(kind: Kind, found: dict[str, Record]) -> None:
    if isinstance(kind, ListOf):
        _records(kind.item, found)
    elif isinstance(kind, Record) and kind.name not in found:
        found[kind.name] = kind
        for f in kind.fields:
            _records(f.kind, found)


def json_schema_text() -> str:
    """The JSON Schema as `hkai-brief schema` prints it, and as data/measures.schema.json is."""
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a data file."""
    found: dict[str, Record] = {}
    _records(DATASET, found)
    schema = _record_schema(DATASET)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hkai-brief data file",
        **schema,
        "$defs": {
            name: _record_schema(record)
            for name, record in sorted(found.items())
            if record is not DATASET
        },
    }
