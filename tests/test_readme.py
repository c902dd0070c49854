"""The README shows real output: every `console` block is run and compared."""

from __future__ import annotations

import os
import re
import shlex

import pytest

from .conftest import ROOT, Run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _console_examples() -> list[tuple[str, str]]:
    examples = []
    for block in re.findall(r"^```console\n(.*?)^```", README, re.M | re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


EXAMPLES = _console_examples()


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize(("command", "output"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_is_real(run: Run, command: str, output: str) -> None:
    program, *args = shlex.split(command)
    assert program == "hkai-brief"
    result = run(*args, env={"COLUMNS": "80"})
    if os.environ.get("UPDATE_GOLDEN") == "1" and result.output != output:
        # Rewrite this example's output in the README; review the diff.
        text = (ROOT / "README.md").read_text(encoding="utf-8")
        old = f"$ {command}\n{output}"
        assert text.count(old) == 1
        (ROOT / "README.md").write_text(
            text.replace(old, f"$ {command}\n{result.output}"), encoding="utf-8"
        )
        return
    assert result.output == output, "UPDATE_GOLDEN=1 rewrites the README's examples"


def test_quick_start_holds_exactly_two_one_line_commands() -> None:
    match = re.search(r"^## Quick start\n.*?```[^\n]*\n(.*?)```", README, re.M | re.S)
    assert match is not None
    lines = [line for line in match.group(1).splitlines() if line.strip()]
    assert len(lines) == 2
    assert "hkai-brief summary" in lines[0]
    assert "pytest" in lines[1]
