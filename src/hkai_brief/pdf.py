"""PDF handouts: the Typst source that briefing.typ.j2 makes, typeset by the `typst` package.

Typst is an optional extra (`pip install 'hkai-brief[pdf]'`), imported only here and only for
`--format pdf`: a wheel with no system libraries, 12.5 ms to import (docs/decisions.md). It
reads nothing but the source it is given: the compiler's root is an empty folder of its own,
so a template cannot read a file from the disk either.

The PDF is dated the day it was generated, not the second, so that the same handout made twice
on a day is the same file, byte for byte.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from .errors import TemplateError, UsageError

EXTRA = "pip install 'hkai-brief[pdf]'"
# Chinese faces the template asks for, best first; any one of them is enough. Typst finds the
# system's fonts (fontconfig's folders) and falls back to any face with the glyphs.
CJK_FONTS = (
    "Noto Serif CJK TC",
    "Noto Sans CJK TC",
    "Source Han Serif TC",
    "Source Han Sans TC",
    "Noto Serif TC",
    "Noto Sans TC",
)
NO_CJK_FONT = "no Chinese font found"
CJK_HINT = (
    "install a Chinese font: fonts-noto-cjk on Debian and Ubuntu,"
    " google-noto-serif-cjk-fonts on Fedora, or Noto Serif CJK TC from fonts.google.com"
)
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_UNKNOWN_FONT = "unknown font family: "


class Typeset(NamedTuple):
    """A PDF, and what the reader should know about it."""

    pdf: bytes
    warnings: tuple[str, ...]


def require() -> None:
    """A UsageError naming the extra to install, if the typst package is not there."""
    try:
        import typst  # noqa: F401
    except ImportError:
        raise UsageError(f"PDF handouts need the typst package; install it with: {EXTRA}") from None


def typeset(source: str, day: datetime.date, name: str = "briefing.typ.j2") -> Typeset:
    """The Typst `source` as a PDF dated `day`. A TemplateError, naming the template `name`,
    if Typst cannot typeset it; warnings for what the reader should know (no Chinese font)."""
    require()
    import tempfile

    import typst

    stamp = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)
    with tempfile.TemporaryDirectory(prefix="hkai-brief-typst-") as root:
        try:
            compiler = typst.Compiler(root=root)
            pdf, found = compiler.compile_with_warnings(
                source.encode("utf-8"), format="pdf", timestamp=stamp
            )
        except typst.TypstError as e:
            raise TemplateError(name, None, f"Typst cannot typeset it: {_message(e)}") from None
    warnings = [_message(w) for w in found]
    missing = {w[len(_UNKNOWN_FONT) :] for w in warnings if w.startswith(_UNKNOWN_FONT)}
    cjk = {f.lower() for f in CJK_FONTS}
    kept = [w for w in warnings if w[len(_UNKNOWN_FONT) :] not in cjk]
    if cjk <= missing and _CJK.search(source):
        kept.insert(0, f"{NO_CJK_FONT}: Chinese text may print as empty boxes; {CJK_HINT}")
    assert isinstance(pdf, bytes)
    return Typeset(pdf, tuple(kept))


def pack(done: Typeset) -> bytes:
    """A Typeset as bytes, to come back from the sandbox's child: its warnings as a line of
    JSON, then the PDF."""
    import json

    return json.dumps(list(done.warnings)).encode("utf-8") + b"\n" + done.pdf


def unpack(data: bytes) -> Typeset:
    import json

    line, _, pdf = data.partition(b"\n")
    warnings = json.loads(line)
    if not pdf.startswith(b"%PDF-") or not all(isinstance(w, str) for w in warnings):
        raise TemplateError("template", None, "the template stopped unexpectedly")
    return Typeset(pdf, tuple(warnings))


def _message(diagnostic: object) -> str:
    message = str(getattr(diagnostic, "message", "") or diagnostic).strip()
    hints = [str(h) for h in getattr(diagnostic, "hints", None) or []]
    return "; ".join([message, *hints])
