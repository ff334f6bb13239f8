"""A Word document (.docx, python-docx) from the plain HTML a document's template
already writes for its page and its PDF: headings, paragraphs, bold text and
tables (with their header and total rows). One template stays the one source of
the document's words; this turns its markup into Word's, nothing more.

Anything else in the HTML (spans, classes, attributes) is read as its text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
HEADINGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}


@dataclass
class Run:
    text: str
    bold: bool = False


@dataclass
class Block:
    """A heading (level ≥ 0), a paragraph (level None) or a table (rows)."""

    level: int | None = None
    runs: list[Run] = field(default_factory=list)
    rows: list[tuple[bool, list[list[Run]]]] | None = None  # (header?, cells)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._runs: list[Run] | None = None
        self._bold = 0
        self._in_title = False
        self._table: Block | None = None
        self._header_row = False
        self._section = ""

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in HEADINGS or tag == "p":
            self._runs = []
            self.blocks.append(Block(level=HEADINGS.get(tag), runs=self._runs))
        elif tag == "table":
            self._table = Block(rows=[])
            self.blocks.append(self._table)
        elif tag in {"thead", "tbody", "tfoot"}:
            self._section = tag
        elif tag == "tr" and self._table is not None:
            self._table.rows.append((self._section == "thead", []))
        elif tag in {"td", "th"} and self._table is not None and self._table.rows:
            self._runs = []
            self._table.rows[-1][1].append(self._runs)
        elif tag in {"strong", "b"}:
            self._bold += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in HEADINGS or tag in {"p", "td", "th"}:
            self._runs = None
        elif tag == "table":
            self._table = None
        elif tag in {"strong", "b"}:
            self._bold = max(0, self._bold - 1)

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._runs is not None and data.strip():
            text = " ".join(data.split())
            if data[:1].isspace() and self._runs:
                text = " " + text
            if data[-1:].isspace():
                text += " "
            self._runs.append(Run(text, bold=self._bold > 0))


def html_to_docx(html: str, *, author: str = "", language: str = "en") -> bytes:
    """The .docx of `html`: its <title> as the document's title, `author` and
    `language` in its properties."""
    from docx import Document

    reader = _Reader()
    reader.feed(html)
    document = Document()
    props = document.core_properties
    props.title = " ".join(reader.title.split())
    props.author = author
    props.language = language
    for block in reader.blocks:
        if block.rows is not None:
            _table(document, block)
        elif block.level is not None:
            heading = document.add_heading(level=block.level)
            _runs(heading, block.runs)
        elif block.runs:
            _runs(document.add_paragraph(), block.runs)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _runs(paragraph, runs: list[Run]) -> None:
    for run in runs:
        paragraph.add_run(run.text.strip() if len(runs) == 1 else run.text).bold = (
            run.bold or None
        )


def _table(document, block: Block) -> None:
    width = max((len(cells) for _header, cells in block.rows), default=0)
    if not width:
        return
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for header, cells in block.rows:
        row = table.add_row().cells
        for cell, runs in zip(row, cells, strict=False):
            paragraph = cell.paragraphs[0]
            _runs(paragraph, [Run(r.text, r.bold or header) for r in runs])
