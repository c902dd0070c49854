"""docs/templates.md against the code: every name it gives exists, every name that exists is in
it. A new field, method or filter fails this test until the page says what it is."""

from __future__ import annotations

import datetime
import functools
import re

from hkai_brief import briefing, model, render, wording
from hkai_brief.load import load
from hkai_brief.select import Selection

from .conftest import ROOT, SHIPPED

PAGE = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = PAGE.index(f"\n## {title}\n")
    end = PAGE.find("\n## ", start + 1)
    return PAGE[start : end if end != -1 else len(PAGE)]


def _first_column(section: str) -> set[str]:
    """The names in the first column of a section's tables: `b.cites(m)` gives `cites`."""
    names = set()
    for row in re.findall(r"^\| (.+?) \|", section, re.M):
        for code in re.findall(r"`([^`]+)`", row):
            names.add(re.sub(r"\(.*", "", code).removeprefix("b."))
    return names


def _public(cls: type) -> set[str]:
    """The fields, methods and properties of a class and of the project's classes it builds on
    (the briefing's naming and phrasing mixins), not tuple's."""
    names = set(getattr(cls, "_fields", ()))
    for base in cls.__mro__:
        if base.__module__.startswith("hkai_brief"):
            names |= {n for n, v in vars(base).items() if not n.startswith("_") and callable(v)}
            kept = (property, functools.cached_property)
            names |= {n for n, v in vars(base).items() if isinstance(v, kept)}
    return names - {"count", "index"}


def test_every_filter_is_documented_and_every_documented_filter_exists() -> None:
    ours = set(render.filters(render.plain_text)) | set(render.html_filters())
    assert _first_column(_section("Filters")) == ours


def test_every_field_and_method_of_the_briefing_is_documented() -> None:
    documented = _first_column(_section("The briefing, `b`"))
    assert documented == _public(briefing.Briefing)


def test_every_field_of_every_record_is_documented() -> None:
    records = _section("The records")
    rows = dict(re.findall(r"^\| (.+?) \| (.+) \|$", records, re.M))
    fields = {
        row: set(re.findall(r"`(\w+)`", listed))
        for row, listed in rows.items()
        if row not in ("Record", "---")
    }
    citation = {"document", "locator"}
    expected = {
        # The properties too: `funding` (the first line) and `replies`.
        "measure `m`": {*model.Measure._fields, *citation, "funding", "replies"},
        "document": set(model.Document._fields),
        "respondent": set(model.Respondent._fields),
        "question": set(model.Question._fields),
        "message": set(model.Message._fields),
        "area": set(model.Area._fields),
        "organisation": set(model.Organisation._fields),
        "funding": set(model.Funding._fields),
        "figure": set(model.Figure._fields),
        "milestone, update": {*model.Milestone._fields, *model.Update._fields},
        "applications": set(model.Applications._fields),
        "date": {*model.PartialDate._fields, "precision"},
    }
    assert fields == expected


def test_every_template_and_symbol_is_named() -> None:
    shipped = {p.name for p in (ROOT / "templates").iterdir()}
    listed = set(re.findall(r"`([\w.-]+\.(?:j2|css|yaml))`", _section("The templates")))
    assert listed == shipped
    for symbol in wording.Symbols._fields:
        assert symbol in _section("The briefing, `b`")


def test_the_example_renders() -> None:
    example = re.search(r"```jinja\n(.*?)```", PAGE, re.S)
    assert example is not None
    env = render.environment(render.FORMATS["markdown"])
    template = env.from_string(example.group(1))
    day = datetime.date(2026, 11, 25)
    b = briefing.build(
        load(SHIPPED), Selection(), as_of=day, generated=day, data_name="test", version="0"
    )
    text = template.render(b=b)
    assert text.startswith("# Hong Kong AI policy briefing: the measures\n")
    assert "- **Artificial Intelligence Subsidy Scheme**: HK\\$3 billion \\[" in text
    assert re.search(r"^1\. LCQ13: .* <https://www\.info\.gov\.hk/", text, re.M)
    assert "<!-- hkai-brief-digest:" in text
