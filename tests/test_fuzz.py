"""Fuzzing: random data files, valid and broken, shaped like the real schema, through every
command. Whatever the file, a command ends with exit 0, 1 or 2 and a message, never a traceback.

The budget is HKAI_BRIEF_FUZZ_EXAMPLES (default 200, what CI runs); for a long run:
    HKAI_BRIEF_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hkai_brief import kinds, spec
from hkai_brief.cli import run as run_cli

EXAMPLES = int(os.environ.get("HKAI_BRIEF_FUZZ_EXAMPLES", "200"))
COMMANDS = [
    ["validate"],
    ["summary", "--color", "always"],
    ["render", "--format", "markdown"],
    ["render", "--format", "json"],
    ["grep", "x"],
    ["list"],
    ["show", "lab"],
]

IDS = st.sampled_from(["reply", "research", "talent", "lab", "dpo", "news"])
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
TEXT = st.text(
    st.characters(exclude_categories=["Cs"]),  # any character, controls and escapes included
    min_size=0,
    max_size=40,
)


def _proper(kind: spec.Kind) -> st.SearchStrategy[Any]:
    if isinstance(kind, spec.Record):
        return _record(kind)
    if isinstance(kind, spec.ListOf):
        return st.lists(_value(kind.item), min_size=0, max_size=3)
    if isinstance(kind, kinds.Id | kinds.Ref):
        return IDS
    if isinstance(kind, kinds.Choice):
        return st.sampled_from(kind.values)
    if isinstance(kind, kinds.Money):
        return st.integers(-5, 10**10)
    if isinstance(kind, kinds.Number):
        return st.one_of(st.integers(-5, 10**6), st.floats(-1, 1e6))
    if isinstance(kind, kinds.Flag):
        return st.booleans()
    if isinstance(kind, kinds.Date):
        return st.one_of(
            st.sampled_from(["2025", "2025-10-15", "2025-02-30", "2026-H2", "2025-13", "0000"]),
            st.integers(0, 10000),
        )
    if isinstance(kind, kinds.Text) and kind.looks_like:
        return st.sampled_from(["https://example.org/a", "HKD", "not a url"])
    return TEXT


def _value(kind: spec.Kind) -> st.SearchStrategy[Any]:
    # Mostly the right shape, sometimes anything at all.
    return st.one_of(_proper(kind), _proper(kind), _proper(kind), JUNK)


def _record(record: spec.Record) -> st.SearchStrategy[dict[str, Any]]:
    required = {f.name: _value(f.kind) for f in record.fields if f.required}
    optional = {f.name: _value(f.kind) for f in record.fields if not f.required}
    extra = st.dictionaries(st.sampled_from(["titel", "x", "<<"]), JUNK, max_size=1)
    return st.builds(
        lambda req, opt, more, drop: {k: v for k, v in {**req, **opt, **more}.items() if k != drop},
        st.fixed_dictionaries(required),
        st.fixed_dictionaries({}, optional=optional),
        extra,
        st.one_of(st.none(), st.sampled_from([f.name for f in record.fields])),
    )


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*at, i))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, *rest = path
    copy: Any = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replace(copy[head], tuple(rest), new)
    return copy


SHIPPED = yaml.safe_load(
    (Path(__file__).parent.parent / "data" / "measures.yaml").read_text(encoding="utf-8")
)
SHIPPED_PATHS = _paths(SHIPPED)[1:]


@st.composite
def _mutated_shipped(draw: st.DrawFn) -> str:
    """The real data with a few values replaced: mostly valid files with odd text in them."""
    data = SHIPPED
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(SHIPPED_PATHS))
        # A path may have gone with an earlier replacement.
        with contextlib.suppress(KeyError, IndexError, TypeError):
            data = _replace(data, path, draw(st.one_of(TEXT, TEXT, JUNK)))
    return yaml.safe_dump(data, allow_unicode=True, default_style=None)


DOCUMENTS = st.one_of(
    _mutated_shipped(),
    _mutated_shipped(),
    _record(spec.DATASET).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    _record(spec.DATASET).map(lambda d: yaml.safe_dump(d, allow_unicode=True)[:-7]),  # cut off
    st.text(max_size=200),  # not YAML at all, or any YAML
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document=DOCUMENTS)
def test_any_file_ends_with_a_message_not_a_traceback(
    document: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "data.yaml"
    path.write_text(document, encoding="utf-8", errors="surrogatepass")
    for command in COMMANDS:
        out, err = io.StringIO(), io.StringIO()
        with (
            pytest.raises(SystemExit) as ended,
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            run_cli(["--data", str(path), *command])
        code = ended.value.code or 0
        assert code in (0, 1, 2), command
        assert "Traceback" not in err.getvalue()
        assert "internal error" not in err.getvalue(), err.getvalue()
        if code == 0:
            assert err.getvalue() == ""
        elif command != ["grep", "x"]:  # grep's 'no match' is silent, as grep's is
            assert err.getvalue(), command
