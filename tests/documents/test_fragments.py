"""``{% bagian %}`` blocks: the tag is accepted and renders its block as if it were not there
(templates written for the former block cache still render, to the same document)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

from docx import Document

from pipeline.documents.render import render_docx

STAMP = dt.datetime(2024, 1, 1)


@dataclasses.dataclass(frozen=True)
class Bagian:
    nama: str
    nilai: list[str]


@dataclasses.dataclass
class Kompilasi:
    judul: str
    bagian: list[Bagian]


def _template(tmp_path: Path, paragraphs: list[str], name: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(str(path))
    return path


PER_UNIT = [
    "{{ judul }}",
    "{%p for b in bagian %}",
    "{%p bagian %}",
    "{{ loop.index }}. {{ b.nama }} ({{ judul }}){% if not loop.first %} setelah "
    "{{ loop.previtem.nama }}{% endif %}",
    "{%p for v in b.nilai %}",
    "{% bagian %}- {{ v }}{% endbagian %}",
    "{%p endfor %}",
    "{%p endbagian %}",
    "{%p endfor %}",
]
TAGS = ("{%p bagian %}", "{%p endbagian %}")


def _units(n: int) -> list[Bagian]:
    return [Bagian(f"Unit {i}", [f"nilai {i}.{k}" for k in (1, 2)]) for i in range(n)]


def _body(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode()


def test_the_tag_changes_nothing(tmp_path: Path) -> None:
    with_tag = _template(tmp_path, PER_UNIT, "with.docx")
    plain = [
        t.replace("{% bagian %}", "").replace("{% endbagian %}", "")
        for t in PER_UNIT
        if t not in TAGS
    ]
    without = _template(tmp_path, plain, "without.docx")
    context = Kompilasi("D", _units(3))
    a = render_docx(with_tag, context, tmp_path / "a.docx", title="u", stamp=STAMP)
    b = render_docx(without, context, tmp_path / "b.docx", title="u", stamp=STAMP)
    assert _body(a) == _body(b)
    texts = [p.text for p in Document(str(a)).paragraphs]
    assert texts[:4] == ["D", "1. Unit 0 (D)", "- nilai 0.1", "- nilai 0.2"]
    assert "2. Unit 1 (D) setelah Unit 0" in texts
    assert "sakip-bagian" not in _body(a)


def test_the_tag_in_table_rows(tmp_path: Path) -> None:
    doc = Document()
    table = doc.add_table(rows=4, cols=1)
    for row, text in zip(
        table.rows,
        ["{%tr for b in bagian %}", "{%tr bagian %}", "{{ b.nama }}", "{%tr endbagian %}"],
        strict=True,
    ):
        row.cells[0].text = text
    table.add_row().cells[0].text = "{%tr endfor %}"
    path = tmp_path / "tabel.docx"
    doc.save(str(path))
    out = render_docx(path, Kompilasi("D", _units(2)), tmp_path / "o.docx", title="u", stamp=STAMP)
    cells = [c.text for row in Document(str(out)).tables[0].rows for c in row.cells]
    assert cells == ["Unit 0", "Unit 1"]
