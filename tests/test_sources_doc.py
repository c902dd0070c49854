"""docs/sources.md, the research log, against the data: every document is logged, and the log
names no document the data does not have."""

from __future__ import annotations

import re

from hkai_brief.load import load

from .conftest import ROOT, SHIPPED

LOG = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")


def test_every_document_of_the_data_is_in_the_research_log() -> None:
    ids = {d.id for d in load(SHIPPED).documents}
    logged = set(re.findall(r"^\| `([a-z0-9-]+)`", LOG, re.M))
    assert ids - logged == set(), "documents missing from docs/sources.md"
    assert logged - ids == set(), "docs/sources.md logs documents the data does not have"


def test_every_measure_cites_an_official_document() -> None:
    data = load(SHIPPED)
    for m in data.measures:
        official = [c.document for c in m.sources if data.document(c.document).official]
        assert official, m.id
