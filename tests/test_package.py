"""The tool as users install it: from a wheel or from an sdist, run from another folder.

Builds with hatchling (the project's build backend, a test dependency) and installs the wheel
into a fresh virtual environment. To stay quick and offline, the new environment borrows the
already installed dependencies (click, PyYAML, ...) through a .pth file instead of downloading
them; hkai_brief itself comes only from the wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import click
import jinja2
import pytest
import rich
import yaml

from .conftest import ROOT

pytest.importorskip("hatchling", reason="hatchling is a test dependency: pip install -e '.[test]'")


def _build(source: Path, target: str, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", target, "-d", str(out)],
        cwd=source,
        check=True,
        capture_output=True,
    )
    [artifact] = out.glob("*.whl" if target == "wheel" else "*.tar.gz")
    return artifact


def _fresh_venv(where: Path) -> Path:
    venv.EnvBuilder(with_pip=False).create(where)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    dependency_dirs = {Path(m.__file__).parent.parent for m in (click, jinja2, rich, yaml)}  # type: ignore[arg-type]
    (Path(purelib) / "borrowed_dependencies.pth").write_text(
        "\n".join(str(d) for d in sorted(dependency_dirs)) + "\n", encoding="utf-8"
    )
    return python


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(ROOT, "wheel", tmp_path_factory.mktemp("wheel"))


def test_wheel_carries_the_data_and_the_schema(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "hkai_brief/data/measures.yaml" in names
    assert "hkai_brief/data/measures.schema.json" in names
    assert "hkai_brief/py.typed" in names


def test_installed_wheel_validates_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    python = _fresh_venv(tmp_path / "venv")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HKAI_BRIEF_DATA")}
    script = python.parent / "hkai-brief"
    result = subprocess.run(
        [str(script), "validate"], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    # The data came from the wheel inside the new environment, not from this checkout.
    assert result.stdout.startswith(str(tmp_path / "venv")), result.stdout
    assert "/hkai_brief/data/measures.yaml: ok: " in result.stdout
    as_module = subprocess.run(
        [str(python), "-m", "hkai_brief", "--version"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert as_module.returncode == 0, as_module.stderr
    assert as_module.stdout.startswith("hkai-brief, version ")


def test_sdist_builds_a_wheel_with_the_data(tmp_path: Path) -> None:
    sdist = _build(ROOT, "sdist", tmp_path / "sdist")
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    [source] = (tmp_path / "unpacked").iterdir()
    assert (source / "data" / "measures.yaml").is_file()
    wheel = _build(source, "wheel", tmp_path / "wheel")
    assert "hkai_brief/data/measures.yaml" in zipfile.ZipFile(wheel).namelist()


def test_the_shipped_data_is_found_however_the_package_was_installed() -> None:
    import hkai_brief
    from hkai_brief.resources import default_data

    package = Path(hkai_brief.__file__).resolve().parent
    if package == ROOT / "src" / "hkai_brief":  # editable install or checkout
        assert Path(default_data()) == ROOT / "data" / "measures.yaml"
    else:
        assert Path(default_data()) == package / "data" / "measures.yaml"
    assert Path(default_data()).is_file()
