from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hkai_brief import __version__
from hkai_brief.load import load

from .conftest import MINIMAL, ROOT, SHIPPED, Run


def _ok_line(path: str) -> str:
    d = load(ROOT / path)
    counts = [
        (len(d.measures), "measure"),
        (len(d.areas), "area"),
        (len(d.documents), "document"),
        (len(d.organisations), "organisation"),
    ]
    return f"{path}: ok: " + ", ".join(f"{n} {w}{'' if n == 1 else 's'}" for n, w in counts) + "\n"


def test_the_count_line_speaks_english(run: Run) -> None:
    result = run("validate", "tests/data/minimal.yaml")
    assert result.stdout == (
        "tests/data/minimal.yaml: ok: 1 measure, 1 area, 1 document, 0 organisations\n"
    )


def test_a_bad_data_setting_only_matters_to_commands_that_read_data(run: Run) -> None:
    env = {"HKAI_BRIEF_DATA": "nowhere.yaml"}
    assert run("schema", env=env).exit_code == 0
    assert run("validate", "--help", env=env).exit_code == 0
    assert run("validate", "tests/data/minimal.yaml", env=env).exit_code == 0
    result = run("validate", env=env)
    assert result.exit_code == 2
    assert result.stderr == (
        "hkai-brief: no data file 'nowhere.yaml': it does not exist (--data, HKAI_BRIEF_DATA)\n"
    )


def test_version(run: Run) -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"hkai-brief, version {__version__}\n")


def test_help_shows_an_example_for_every_command(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("validate", "schema", "summary", "render", "grep", "list", "show"):
        assert f"hkai-brief {command}" in result.stdout
        sub = run(command, "--help")
        assert sub.exit_code == 0
        assert "Example" in sub.stdout
        assert f"hkai-brief {command}" in sub.stdout


def test_validate_counts_what_it_checked(run: Run) -> None:
    result = run("validate", "data/measures.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        _ok_line("data/measures.yaml"),
        "",
    )


def test_validate_reads_the_shipped_data_by_default(run: Run) -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout.endswith(_ok_line("data/measures.yaml").split(": ", 1)[1])


def test_data_comes_from_the_option_or_the_environment(run: Run) -> None:
    minimal = str(MINIMAL.relative_to(ROOT))
    by_option = run("--data", minimal, "validate")
    by_env = run("validate", env={"HKAI_BRIEF_DATA": minimal})
    assert by_option.stdout == by_env.stdout == _ok_line(minimal)


def test_a_missing_or_wrong_path_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    missing = run("validate", "nowhere.yaml")
    assert missing.exit_code == 2
    assert "'nowhere.yaml': it does not exist" in missing.stderr
    folder = run("--data", str(tmp_path), "validate")
    assert folder.exit_code == 2
    assert "no data files (*.yaml, *.yml) in the folder" in folder.stderr
    unknown = run("frobnicate")
    assert unknown.exit_code == 2
    assert "No such command 'frobnicate'" in unknown.stderr


def test_schema_prints_json(run: Run) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(schema["required"]) == {"documents", "areas", "measures"}


def test_the_real_process_never_runs_a_tag_and_prints_no_traceback(tmp_path: Path) -> None:
    bad = (ROOT / "tests" / "bad" / "python-tag.yaml").read_text(encoding="utf-8")
    (tmp_path / "data.yaml").write_text(bad, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "hkai_brief", "validate", "data.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "unsupported tag '!!python/object/apply:os.system'" in result.stderr
    assert not (tmp_path / "pwned").exists()


def test_the_module_runs_as_a_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hkai_brief", "validate", str(SHIPPED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{SHIPPED}: ok: ")
