"""The JSON Schema that editors use must agree with the validator."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hkai_brief.errors import DataError
from hkai_brief.kinds import date_pattern
from hkai_brief.load import load_text
from hkai_brief.model import PartialDate
from hkai_brief.reading import compose
from hkai_brief.scalars import to_plain
from hkai_brief.spec import json_schema

from .conftest import MINIMAL, ROOT, SHIPPED, TESTS, Run

VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def schema_accepts(text: str) -> bool:
    """The schema's verdict on the data as JSON; a value JSON cannot hold (NaN) is no JSON."""
    data = to_plain(compose(text, "t.yaml").node)
    try:
        json.dumps(data, allow_nan=False)
    except ValueError:
        return False
    return VALIDATOR.is_valid(data)


def validator_accepts(text: str) -> bool:
    try:
        load_text(text, "t.yaml")
    except DataError:
        return False
    return True


def test_committed_schema_is_what_the_schema_command_prints(run: Run) -> None:
    result = run("schema")
    assert result.exit_code == 0
    committed = (ROOT / "data" / "measures.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, "run: hkai-brief schema > data/measures.schema.json"


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_shipped_data_names_the_schema_in_its_modeline() -> None:
    first = SHIPPED.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=measures.schema.json"


@pytest.mark.parametrize("path", [SHIPPED, MINIMAL], ids=["shipped", "minimal"])
def test_valid_data_passes_the_schema(path: object) -> None:
    text = SHIPPED.read_text(encoding="utf-8") if path is SHIPPED else MINIMAL.read_text()
    VALIDATOR.validate(to_plain(compose(text, "t.yaml").node))


# Files whose problems are of shape, which a schema can see. The others (duplicate ids, unknown
# references, duplicate keys, aliases, tags, bad YAML or bytes) are beyond what JSON Schema says
# or what reaches it, and only the validator reports them.
SHAPE_PROBLEMS = [
    "wrong-types",
    "missing-field",
    "unknown-key",
    "impossible-date",
    "negative-money",
    "unsourced-fact",
    "bad-values",
    "bad-numbers",
]


@pytest.mark.parametrize("name", SHAPE_PROBLEMS)
def test_schema_rejects_what_the_validator_rejects_for_shape(name: str) -> None:
    text = (TESTS / "bad" / f"{name}.yaml").read_text(encoding="utf-8")
    assert not validator_accepts(text)
    assert not schema_accepts(text)


def _dates() -> list[str]:
    years = ["0000", "0001", "0004", "0100", "0400", "1900", "2000", "2024", "2025", "9999"]
    texts = []
    for year in years:
        texts += [year, f"{year}-H1", f"{year}-H2", f"{year}-H0", f"{year}-H3"]
        texts += [f"{year}-Q{q}" for q in range(6)]
        for month in range(14):
            texts.append(f"{year}-{month:02d}")
            texts += [f"{year}-{month:02d}-{day:02d}" for day in range(33)]
        # Financial years, every way of writing them and every pair of final digits.
        for end in range(100):
            for form in ("{y}-{e:02d}", "{y}/{e:02d}", "FY{y}-{e:02d}", "FY {y}/{e:02d}"):
                texts.append(form.format(y=year, e=end))
    return texts


def test_date_pattern_accepts_exactly_the_calendar() -> None:
    pattern = re.compile(date_pattern())
    for text in _dates():
        try:
            PartialDate.parse(text)
            valid = True
        except ValueError:
            valid = False
        assert bool(pattern.search(text)) == valid, text


# --- agreement on random values, field by field -------------------------------------------

FIELD_LINES = {
    "documents[0].date": ("    official: true\n", "    official: true\n    date: {}\n"),
    "documents[0].official": ("    official: true\n", "    official: {}\n"),
    "documents[0].kind": ("    kind: legco-reply\n", "    kind: {}\n"),
    "documents[0].url": ("    official: true\n", "    official: true\n    url: {}\n"),
    "measures[0].title": ("    title: A laboratory\n", "    title: {}\n"),
    "measures[0].funding.amount": (
        "    summary: What it is.\n",
        "    summary: What it is.\n    funding: {{amount: {}, currency: HKD, source: reply}}\n",
    ),
    "measures[0].figures[0].value": (
        "    summary: What it is.\n",
        "    summary: What it is.\n    figures: [{{value: {}, unit: labs, source: reply}}]\n",
    ),
    "measures[0].status": (
        "    summary: What it is.\n",
        "    summary: What it is.\n    status: {}\n",
    ),
}


def _float_token(x: float) -> str:
    if x != x:
        return ".nan"
    if x in (float("inf"), float("-inf")):
        return "-.inf" if x < 0 else ".inf"
    return repr(x)


SCALARS = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.floats().map(_float_token),
    st.sampled_from(["true", "false", "yes", "no", "~", "null", "", "[]", "{}"]),
    st.from_regex(r"\A[0-9]{1,5}(-(H[0-9]|[0-9]{1,2}(-[0-9]{1,2})?))?\Z"),
    st.sampled_from(
        ["legco-reply", "legco_reply", "planned", "in-operation", "https://a.org", "http://a b"]
    ),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12).map(json.dumps),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(field=st.sampled_from(sorted(FIELD_LINES)), value=SCALARS)
def test_schema_and_validator_agree_on_any_value(field: str, value: str) -> None:
    old, new = FIELD_LINES[field]
    base = MINIMAL.read_text(encoding="utf-8")
    assert old in base
    text = base.replace(old, new.format(value), 1)
    try:
        compose(text, "t.yaml")
    except DataError:
        assume(False)  # not YAML at all: nothing for the schema to judge
    assert schema_accepts(text) == validator_accepts(text), text
