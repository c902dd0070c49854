"""Where the shipped data and templates are, however the package was installed.

Plain os.path, not pathlib: pathlib (with the urllib it imports) would add to every start-up.
"""

from __future__ import annotations

import os

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def shipped(folder: str) -> str:
    """The shipped `data` or `templates` folder.

    A wheel carries them inside the package (pyproject.toml maps them in); an editable install
    or a source checkout has them at the top of the project, two levels above this file.
    """
    inside = os.path.join(_PACKAGE, folder)
    if os.path.isdir(inside):
        return inside
    return os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), folder)


def default_data() -> str:
    return os.path.join(shipped("data"), "measures.yaml")


def skeleton(lang: str = "en") -> str:
    """A new reply's file, to fill in (`hkai-brief init`): the shipped skeleton, its comments in
    `lang`, with the line that points editors to the installed JSON Schema."""
    schema = os.path.join(shipped("data"), "measures.schema.json")
    name = "new-reply.zh-Hant.yaml" if lang == "zh-Hant" else "new-reply.yaml"
    with open(os.path.join(shipped("templates"), name), encoding="utf-8") as f:
        body = f.read()
    return f"# yaml-language-server: $schema={schema}\n#\n{body}"
