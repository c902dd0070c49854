"""Where the shipped data and templates are, however the package was installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(folder: str) -> Path:
    """The shipped `data` or `templates` folder.

    A wheel carries them inside the package (pyproject.toml maps them in); an editable install
    or a source checkout has them at the top of the project, two levels above this file.
    """
    inside = _PACKAGE / folder
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / folder


def default_data() -> Path:
    return shipped("data") / "measures.yaml"
