"""Handouts as their readers get them, through the console script and real tools: pandoc (from
pypandoc-binary) for Word and HTML, headless Chromium to print the HTML, Typst for PDF, and
poppler's pdftotext and pdfinfo to read the PDFs back.

CI (.ci/run) installs Chromium, poppler-utils and a Chinese font with apt when they are missing,
so these tests never skip: without the tools they fail, and say what to install.
"""

from __future__ import annotations

import datetime
import html.parser
import os
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml

from hkai_brief.load import load
from hkai_brief.model import Fact

from .conftest import MINIMAL, ROOT, SHIPPED
from .test_security import hkai

AS_OF = "2026-11-25"
DATA_DAY = datetime.date(2026, 11, 25)
DATA = load(SHIPPED)
DOCUMENTS = {d.id: d for d in DATA.documents}


def _cited() -> list[str]:
    """Every document the shipped handout cites: the reply, the measures' sources and facts'."""
    cited = {"lcq13-2025"} | {c.document for m in DATA.measures for c in m.sources}
    facts: list[Fact] = []
    for m in DATA.measures:
        facts += [*m.figures, *m.milestones, *m.updates, *([m.funding] if m.funding else [])]
    return sorted(cited | {f.source for f in facts if f.source})


CITED = _cited()
URLS = [url for url in (DOCUMENTS[d].url for d in CITED) if url is not None]


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        f"{names[0]} is needed for this test; on Debian: apt install chromium poppler-utils"
        " fonts-noto-cjk (.ci/run installs them)"
    )


def _pandoc() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def _squeezed(text: str) -> str:
    """Text with all white space taken out: a URL or a Chinese name broken across lines by the
    layout comes out whole."""
    return "".join(text.split())


def _words(text: str) -> str:
    """Text with its lines joined, as a reader reads it (a line broken after a hyphen too)."""
    return re.sub(r"(?<=\w-) (?=\w)", "", " ".join(text.split()))


def _pdf_text(path: Path) -> str:
    done = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _pdf_info(path: Path) -> dict[str, str]:
    done = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in done.stdout.splitlines())
    }


def _is_a4(info: dict[str, str]) -> bool:
    width, height = (float(n) for n in re.findall(r"[\d.]+", info["Page size"])[:2])
    return abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5


def _render(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    done = hkai("render", "--as-of", AS_OF, "-o", str(out), *args)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return out


def _data_with_title(tmp_path: Path, title: str) -> Path:
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data["measures"][0]["title"] = title
    data["measures"][0]["name_zh"] = "人工智能實驗室"
    data["documents"][0]["url"] = "https://www.info.gov.hk/example.htm"
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# --- Markdown through pandoc ------------------------------------------------------------------


def test_pandoc_makes_standalone_html_with_no_warning_and_every_source_once(
    tmp_path: Path,
) -> None:
    md = _render(tmp_path, "brief.md")
    done = subprocess.run(
        [_pandoc(), "--fail-if-warnings", "-s", str(md), "-t", "html5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    page = done.stdout
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"' in page
    assert "<title>Hong Kong AI policy briefing</title>" in page
    # The title once on the page: the metadata's, not a heading as well.
    body = page[page.index("<body>") :]
    assert body.count("Hong Kong AI policy briefing") == 1
    sources = page[page.index('id="sources"') :]
    for url in URLS:
        # The address is the link's visible text, and the source is listed once.
        assert sources.count(f">{url}</a>") == 1, url
    items = re.findall(r"<li>", sources)
    assert len(items) == len(CITED)
    # Citations are text: no notes, no superscripts, no two marks run together.
    assert "<sup" not in page
    assert "footnote" not in page
    body = page[: page.index('id="sources"')]
    assert re.search(r"\[\d+(, \d+)+\]", body)
    assert not re.search(r"\]\[|\d\[|\]\d", re.sub(r"<[^>]+>", "", body))


def test_pandoc_makes_a_word_file_with_no_warning_and_visible_addresses(tmp_path: Path) -> None:
    md = _render(tmp_path, "brief.md", "--area", "talent", "--title", "Panel briefing on talent")
    docx = tmp_path / "brief.docx"
    done = subprocess.run(
        [_pandoc(), "--fail-if-warnings", str(md), "-o", str(docx)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    with zipfile.ZipFile(docx) as z:
        document = z.read("word/document.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", document))
    assert "<w:footnoteReference" not in document
    assert "Panel briefing on talent" in core
    assert text.count("Panel briefing on talent") == 1
    assert "Frontier Technology Research Support Scheme" in text
    assert re.search(r"\[\d+(, \d+)+\]", text)
    ftrss = DOCUMENTS["itc-ftrss"].url
    assert ftrss is not None
    assert text.count(ftrss) == 1
    # The document ends with its list of sources, not a promise of notes that never come.
    assert "notes below" not in text
    assert re.search(r"Sources.*https?://\S+$", text.rstrip(), re.S)


# --- HTML ----------------------------------------------------------------------------------------


class _Page(html.parser.HTMLParser):
    """What the tests look at in an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.style += data
        else:
            self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_html_is_one_self_contained_page(tmp_path: Path) -> None:
    page = _render(tmp_path, "brief.html").read_text(encoding="utf-8")
    parsed = _parse(page)
    assert page.startswith("<!DOCTYPE html>\n")
    assert ("html", {"lang": "en"}) in parsed.tags
    assert "@media print" in parsed.style
    assert "@page" in parsed.style
    assert "url(" not in parsed.style and "@import" not in parsed.style
    loaded = [
        (tag, attrs)
        for tag, attrs in parsed.tags
        if tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio")
        or "src" in attrs
    ]
    assert loaded == []
    # Links go to the sources; none loads anything.
    hrefs = [attrs["href"] for tag, attrs in parsed.tags if "href" in attrs]
    assert all(h and h.startswith(("https://", "http://", "#source-")) for h in hrefs)
    text = _words("".join(parsed.text))
    for m in DATA.measures:
        assert m.title in text
        if m.name_zh:
            assert ("span", {"lang": "zh-Hant"}) in parsed.tags
    sources = text[text.rindex("Sources") :]
    for url in URLS:
        assert sources.count(url) == 1, url


def test_html_escapes_what_the_data_says(tmp_path: Path) -> None:
    data = _data_with_title(tmp_path, "<script>alert(1)</script> & <b>bold</b>")
    page = _render(tmp_path, "x.html", "--data", str(data)).read_text(encoding="utf-8")
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert '<span lang="zh-Hant">人工智能實驗室</span>' in page


def _chromium(*args: str, tmp_path: Path) -> None:
    profile = tmp_path / "chromium-profile"
    done = subprocess.run(
        [
            _tool("chromium", "chromium-browser", "google-chrome"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_a_browser_prints_the_html_on_a4(tmp_path: Path) -> None:
    page = _render(tmp_path, "brief.html")
    pdf = tmp_path / "printed.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), tmp_path=tmp_path)
    info = _pdf_info(pdf)
    assert _is_a4(info)
    # Fourteen measures, how to apply to three schemes, the timeline and some forty sources:
    # eight to fourteen pages.
    assert 8 <= int(info["Pages"]) <= 14
    text = _pdf_text(pdf)
    words, squeezed = _words(text), _squeezed(text)
    for m in DATA.measures:
        assert m.title in words, m.title
    reply = DOCUMENTS["lcq13-2025"].url
    assert reply is not None and reply in squeezed
    # The page numbers the print style puts at the foot of each page.
    assert re.search(rf"\b1 ?/ ?{info['Pages']}\b", text)


def test_a_browser_prints_a_one_measure_handout_on_two_pages(tmp_path: Path) -> None:
    # The reply's key messages and question, one short measure and its sources: one sheet.
    page = _render(tmp_path, "one.html", "--measure", "university-steam-eight-centres-courses")
    pdf = tmp_path / "one.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), tmp_path=tmp_path)
    assert _pdf_info(pdf)["Pages"] == "2"


def _png_pixels(data: bytes) -> bytes:
    """The decompressed image data of a PNG (filter bytes included): enough to tell a page
    with something on it from a blank one."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    return zlib.decompress(b"".join(chunks))


def test_a_browser_shows_the_html_page_with_something_on_it(tmp_path: Path) -> None:
    page = _render(tmp_path, "brief.html")
    shot = tmp_path / "shot.png"
    _chromium("--window-size=800,1000", f"--screenshot={shot}", page.as_uri(), tmp_path=tmp_path)
    pixels = _png_pixels(shot.read_bytes())
    inked = sum(1 for b in pixels if b not in (0, 255))
    assert len(set(pixels)) > 100
    assert inked / len(pixels) > 0.01


# --- PDF through Typst -------------------------------------------------------------------------


def _has_cjk_font() -> bool:
    """Whether Typst finds one of the Chinese fonts the PDF template asks for."""
    import typst

    from hkai_brief.pdf import CJK_FONTS

    return bool(set(CJK_FONTS) & set(typst.Fonts().families()))


def test_the_pdf_has_the_title_every_measure_and_every_source(tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    done = hkai("render", "--as-of", AS_OF, "-o", str(pdf))
    assert done.returncode == 0
    info = _pdf_info(pdf)
    assert _is_a4(info)
    assert info["Title"] == "Hong Kong AI policy briefing"
    text = _pdf_text(pdf)
    words, squeezed = _words(text), _squeezed(text)
    assert "Hong Kong AI policy briefing" in words
    for m in DATA.measures:
        assert m.title in words, m.title
    for url in URLS:
        assert url in squeezed, url
    names = [m.name_zh for m in DATA.measures if m.name_zh is not None]
    if _has_cjk_font():
        assert done.stderr == ""
        for name in names:
            assert name in squeezed, name
    else:
        assert "warning: no Chinese font found" in done.stderr
        assert "fonts-noto-cjk" in done.stderr


def test_the_chinese_pdf_is_set_in_a_chinese_font_with_every_measure(tmp_path: Path) -> None:
    if not _has_cjk_font():
        pytest.fail("no Chinese font for Typst: install fonts-noto-cjk (.ci/run does)")
    pdf = _render(tmp_path, "brief-zh.pdf", "--lang", "zh-Hant")
    assert _pdf_info(pdf)["Title"] == "香港人工智能政策簡報"
    fonts = subprocess.run(
        [_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=False
    ).stdout
    assert "NotoSerifCJKtc" in fonts
    squeezed = _squeezed(_pdf_text(pdf))
    for m in DATA.measures:
        assert m.name_zh and m.name_zh in squeezed, m.id
    # Hong Kong's way with dates and money: no space between figures and characters.
    assert "2025年10月15日" in _pdf_text(pdf)
    assert "30億元" in squeezed


def test_a_browser_prints_the_chinese_html_with_every_measure(tmp_path: Path) -> None:
    page = _render(tmp_path, "brief-zh.html", "--lang", "zh-Hant")
    pdf = tmp_path / "printed-zh.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), tmp_path=tmp_path)
    assert _is_a4(_pdf_info(pdf))
    squeezed = _squeezed(_pdf_text(pdf))
    for m in DATA.measures:
        assert m.name_zh and m.name_zh in squeezed, m.id


def test_the_pdf_says_what_to_install_when_no_chinese_font_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import typst

    from hkai_brief import pdf

    real = typst.Compiler

    def without_system_fonts(root: str) -> typst.Compiler:
        return real(root=root, ignore_system_fonts=True)

    monkeypatch.setattr(typst, "Compiler", without_system_fonts)
    source = '#set text(font: ("Libertinus Serif", "Noto Serif CJK TC", "Noto Sans CJK TC",'
    source += ' "Source Han Serif TC", "Source Han Sans TC", "Noto Serif TC", "Noto Sans TC"))\n'
    done = pdf.typeset(source + '#"人工智能";\n', DATA_DAY)
    assert done.pdf.startswith(b"%PDF-")
    assert len(done.warnings) == 1
    assert done.warnings[0].startswith("no Chinese font found")
    assert "fonts-noto-cjk" in done.warnings[0]
    # Without Chinese text, a missing Chinese font is nothing to warn about.
    assert pdf.typeset(source + "Latin only.\n", DATA_DAY).warnings == ()


def test_a_chinese_pdf_is_not_written_without_a_chinese_font(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import typst
    from click.testing import CliRunner

    from hkai_brief.cli import main

    real = typst.Compiler

    def without_system_fonts(root: str) -> typst.Compiler:
        return real(root=root, ignore_system_fonts=True)

    monkeypatch.setattr(typst, "Compiler", without_system_fonts)
    out = tmp_path / "brief.pdf"
    result = CliRunner().invoke(main, ["render", "--lang", "zh-Hant", "-o", str(out)])
    assert result.exit_code == 2
    assert "no Chinese font found" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []
    # In English the handout is written, with a warning: only its Chinese names would suffer.
    english = CliRunner().invoke(main, ["render", "-o", str(out)])
    assert english.exit_code == 0 and out.exists()
    assert "no Chinese font found" in english.stderr


def test_the_pdf_prints_typst_syntax_in_the_data_as_text(tmp_path: Path) -> None:
    title = '#import "@preview/x:0.1.0": * $x^2$ *bold* _it_ \\ "q" [a] <l> @ref // no /* c */ `r`'
    data = _data_with_title(tmp_path, title)
    pdf = tmp_path / "x.pdf"
    done = hkai("render", "--data", str(data), "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    assert title in _words(_pdf_text(pdf))


def test_the_same_pdf_twice_on_a_day_is_the_same_file(tmp_path: Path) -> None:
    first = _render(tmp_path, "a.pdf").read_bytes()
    second = _render(tmp_path, "b.pdf").read_bytes()
    assert first == second
    # The digest that marks it as the tool's own is in its keywords and its metadata.
    assert first.count(b"hkai-brief-digest:") == 2
    assert b"hkai-brief-digest:" + b"0" * 32 not in first


def test_a_pdf_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = hkai("render", "--format", "pdf", stdout=follower, stderr=subprocess.PIPE)
    finally:
        os.close(follower)
    os.close(leader)
    assert done.returncode == 2
    assert "a PDF is not for the terminal" in done.stderr


def test_a_pdf_goes_to_a_pipe(tmp_path: Path) -> None:
    done = subprocess.run(
        ["bash", "-c", f"{' '.join(_python())} render --format pdf | head -c 5"],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert done.stdout == b"%PDF-"


def _python() -> list[str]:
    from .test_security import PYTHON

    return PYTHON


def test_without_the_extra_a_pdf_names_it_and_writes_nothing(tmp_path: Path) -> None:
    shim = tmp_path / "shim" / "typst"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError(\"No module named 'typst'\")\n")
    out = tmp_path / "brief.pdf"
    env = {"PYTHONPATH": str(shim.parent)}
    done = hkai("render", "-o", str(out), env=env)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "hkai-brief: PDF handouts need the typst package; install it with:"
        " pip install 'hkai-brief[pdf]'\n"
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "shim"]


# --- the format follows the file name ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("b.md", "---\ntitle:"),
        ("b.markdown", "---\ntitle:"),
        ("b.txt", "HONG KONG AI POLICY BRIEFING\n"),
        ("b.json", "{\n"),
        ("b.html", "<!DOCTYPE html>"),
        ("b.HTM", "<!DOCTYPE html>"),
        ("b.pdf", "%PDF-"),
        ("b", "---\ntitle:"),
    ],
)
def test_the_file_name_chooses_the_format(tmp_path: Path, name: str, start: str) -> None:
    out = _render(tmp_path, name, "--measure", "ai-subsidy-scheme")
    assert out.read_bytes().startswith(start.encode())


def test_format_wins_over_the_file_name_with_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "notes.txt"
    done = hkai("render", "-o", str(out), "--format", "htm", "-m", "ai-subsidy-scheme")
    assert (done.returncode, done.stderr) == (
        0,
        f"hkai-brief: warning: '{out}' is named as text but will hold html (--format)\n",
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_template_written_for_another_format_gets_a_warning(tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ b.title }}\n", encoding="utf-8")
    done = hkai("render", "--template", str(template), "-o", str(tmp_path / "x.html"))
    assert done.returncode == 0
    assert done.stderr == (
        f"hkai-brief: warning: the template '{template}' looks written for markdown, but the"
        " format is html\n"
    )


@pytest.mark.parametrize("name", ["brief.xyz", "brief.docx"])
def test_an_unknown_extension_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    done = hkai("render", "-o", str(out))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"hkai-brief: cannot tell the format of '{out}'")
    assert "--format" in done.stderr
    if name.endswith(".docx"):
        assert (
            f"render -o {tmp_path}/brief.md && pandoc {tmp_path}/brief.md -o {out}\n" in done.stderr
        )
    assert list(tmp_path.iterdir()) == []


# --- title and byline ---------------------------------------------------------------------------


def test_a_title_of_ones_own_and_a_byline_in_words(tmp_path: Path) -> None:
    md = _render(tmp_path, "t.md", "--area", "talent", "--title", "AI talent: what the reply says")
    text = md.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "AI talent: what the reply says"\n')
    assert (
        "*Talent measures, from measures.yaml, the data shipped with hkai-brief. Generated on"
        in text
    )
    picked = _render(tmp_path, "m.txt", "-m", "ai-subsidy-scheme", "-m", "ftrss")
    assert (
        "2 measures: AISS and FTRSS, from measures.yaml, the data shipped with hkai-brief."
        in _words(picked.read_text(encoding="utf-8"))
    )


def test_summary_takes_a_title_too() -> None:
    done = hkai("summary", "--title", "For the panel", "--color", "never")
    assert done.returncode == 0
    assert done.stdout.startswith(" FOR THE PANEL\n")


def test_an_empty_title_is_a_usage_error() -> None:
    done = hkai("render", "--title", "  ")
    assert done.returncode == 2
    assert "a title needs some words" in done.stderr


# --- hand edits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["brief.md", "brief.html", "brief.pdf"])
def test_a_handout_edited_by_hand_is_kept_unless_forced(tmp_path: Path, name: str) -> None:
    out = _render(tmp_path, name)
    # Unchanged since it was written: the next render replaces it without asking.
    _render(tmp_path, name, "--area", "talent")
    edited = out.read_bytes().replace(b"Talent", b"TALENT", 1)
    out.write_bytes(edited)
    refused = hkai("render", "-o", str(out))
    assert refused.returncode == 1
    assert refused.stderr == (
        f"hkai-brief: {out} was edited after hkai-brief wrote it; use --force to replace it\n"
    )
    assert out.read_bytes() == edited
    assert hkai("render", "-o", str(out), "--force").returncode == 0
    assert out.read_bytes() != edited


# --- a user's Typst template -----------------------------------------------------------------


def _typst_template(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "briefing.typ.j2").write_text(text, encoding="utf-8")
    return folder


def test_a_typst_template_reads_no_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret", encoding="utf-8")
    folder = _typst_template(tmp_path, f'#read("{secret}")\n#read("../../../../{secret}")\n')
    out = tmp_path / "x.pdf"
    done = hkai("render", "--template-dir", str(folder), "-o", str(out))
    assert done.returncode == 1
    assert "Typst cannot typeset it: file not found" in done.stderr
    assert "the secret" not in done.stderr
    assert not out.exists()


def test_a_typst_template_that_wants_all_the_memory_is_stopped(tmp_path: Path) -> None:
    folder = _typst_template(tmp_path, "#range(200000000).map(i => i * 2).len()\n")
    out = tmp_path / "x.pdf"
    done = hkai("render", "--template-dir", str(folder), "-o", str(out))
    assert (done.returncode, done.stderr) == (
        1,
        f"{folder}/briefing.typ.j2: error: the template needed more than 512 MB of memory\n",
    )
    assert not out.exists()
