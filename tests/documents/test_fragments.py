"""``{% bagian %}`` blocks: a compilation rendered again reuses the blocks whose data did not
change, and the document is byte for byte the one a full render makes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from pipeline.documents import fragments
from pipeline.documents.chart import Gambar
from pipeline.documents.render import render_docx

STAMP = dt.datetime(2024, 1, 1)


def _png() -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(data, format="PNG")
    return data.getvalue()


@dataclasses.dataclass(frozen=True)
class Bagian:
    nama: str
    nilai: list[str]


@dataclasses.dataclass
class Kompilasi:
    judul: str
    bagian: list[Bagian]


@dataclasses.dataclass
class DenganGambar:
    gambar: Gambar
    bagian: list[Bagian]


def _template(tmp_path: Path, paragraphs: list[str], name: str = "t.docx") -> Path:
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
    "{{ loop.index }}. {{ b.nama }} ({{ judul }})",
    "{%p for v in b.nilai %}",
    "- {{ v }}",
    "{%p endfor %}",
    "{%p endbagian %}",
    "{%p endfor %}",
]


def _units(n: int, changed: int | None = None) -> list[Bagian]:
    return [
        Bagian(f"Unit {i}", [f"nilai {i}.{k}" + (" baru" if i == changed else "") for k in (1, 2)])
        for i in range(n)
    ]


def _render(template: Path, context: Any, target: Path, store: Path | None) -> str:
    render_docx(template, context, target, title="uji", stamp=STAMP, fragments=store)
    return hashlib.sha256(target.read_bytes()).hexdigest()


def _counts(monkeypatch: pytest.MonkeyPatch) -> list[fragments.FragmentStore]:
    """Every store a render uses, to read how many blocks it reused."""
    seen: list[fragments.FragmentStore] = []
    load = fragments.load_store

    def spy(path: Path, version: str) -> fragments.FragmentStore:
        store = load(path, version)
        seen.append(store)
        return store

    monkeypatch.setattr(fragments, "load_store", spy)
    return seen


def test_a_rerender_reuses_unchanged_blocks_and_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = _template(tmp_path, PER_UNIT)
    store = tmp_path / "cache" / "t.bin"
    seen = _counts(monkeypatch)
    first = Kompilasi("Dokumen", _units(5))
    plain = _render(template, first, tmp_path / "plain.docx", None)
    assert _render(template, first, tmp_path / "a.docx", store) == plain
    assert (seen[-1].rendered, seen[-1].reused) == (5, 0)
    assert _render(template, first, tmp_path / "b.docx", store) == plain
    assert (seen[-1].rendered, seen[-1].reused) == (0, 5)

    second = Kompilasi("Dokumen", _units(5, changed=3))
    expected = _render(template, second, tmp_path / "plain2.docx", None)
    assert _render(template, second, tmp_path / "c.docx", store) == expected
    assert (seen[-1].rendered, seen[-1].reused) == (1, 4)
    texts = [p.text for p in Document(str(tmp_path / "c.docx")).paragraphs]
    assert "- nilai 3.1 baru" in texts and "- nilai 2.1" in texts


def test_a_value_read_from_outside_the_block_is_part_of_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = _template(tmp_path, PER_UNIT)
    store = tmp_path / "t.bin"
    seen = _counts(monkeypatch)
    _render(template, Kompilasi("Lama", _units(3)), tmp_path / "a.docx", store)
    renamed = Kompilasi("Baru", _units(3))
    assert _render(template, renamed, tmp_path / "b.docx", store) == _render(
        template, renamed, tmp_path / "plain.docx", None
    )
    assert seen[1].reused == 0  # every block prints the title: all rendered again


def test_blocks_follow_the_loop_position_they_read(tmp_path: Path) -> None:
    template = _template(tmp_path, PER_UNIT)
    store = tmp_path / "t.bin"
    units = _units(4)
    _render(template, Kompilasi("D", units), tmp_path / "a.docx", store)
    moved = Kompilasi("D", [units[2], units[0], units[1], units[3]])
    assert _render(template, moved, tmp_path / "b.docx", store) == _render(
        template, moved, tmp_path / "plain.docx", None
    )
    texts = [p.text for p in Document(str(tmp_path / "b.docx")).paragraphs]
    assert "1. Unit 2 (D)" in texts and "2. Unit 0 (D)" in texts


def test_an_edited_block_a_new_version_or_a_broken_store_renders_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "t.bin"
    seen = _counts(monkeypatch)
    context = Kompilasi("D", _units(3))
    _render(_template(tmp_path, PER_UNIT), context, tmp_path / "a.docx", store)
    edited = [text.replace("- {{ v }}", "* {{ v }}") for text in PER_UNIT]
    template = _template(tmp_path, edited, "edited.docx")
    _render(template, context, tmp_path / "b.docx", store)
    assert seen[-1].reused == 0
    assert "* nilai 0.1" in [p.text for p in Document(str(tmp_path / "b.docx")).paragraphs]

    assert fragments.load_store(store, "another version").previous == {}
    store.write_bytes(b"not a store")
    expected = _render(template, context, tmp_path / "plain.docx", None)
    assert _render(template, context, tmp_path / "c.docx", store) == expected
    assert seen[-1].reused == 0


def test_a_block_with_an_image_is_never_reused(tmp_path: Path) -> None:
    template = _template(
        tmp_path,
        [
            "{%p for b in bagian %}",
            "{%p bagian %}",
            "{{ b.nama }} {{ gambar }}",
            "{%p endbagian %}",
            "{%p endfor %}",
        ],
    )
    store = tmp_path / "t.bin"
    context = DenganGambar(Gambar(_png(), 10), _units(2))
    _render(template, context, tmp_path / "a.docx", store)
    _render(template, context, tmp_path / "b.docx", store)
    with zipfile.ZipFile(tmp_path / "b.docx") as z:
        body = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert body.count("<pic:pic") == 2
    for rid in {part.split('"')[0] for part in body.split('r:embed="')[1:]}:
        assert f'Id="{rid}"' in rels
    assert "sakip-bagian" not in body


def test_without_a_store_the_tag_changes_nothing(tmp_path: Path) -> None:
    with_tag = _template(tmp_path, PER_UNIT, "with.docx")
    plain = [t for t in PER_UNIT if t not in ("{%p bagian %}", "{%p endbagian %}")]
    without = _template(tmp_path, plain, "without.docx")
    context = Kompilasi("D", _units(3))
    texts = [
        [p.text for p in Document(str(_path)).paragraphs]
        for _path in (
            render_docx(with_tag, context, tmp_path / "a.docx", title="u", stamp=STAMP),
            render_docx(without, context, tmp_path / "b.docx", title="u", stamp=STAMP),
        )
    ]
    assert texts[0] == texts[1]
    assert "2. Unit 1 (D)" in texts[0]


def test_a_block_that_compares_with_the_previous_item_follows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = _template(
        tmp_path,
        [
            "{%p for b in bagian %}",
            "{%p bagian %}",
            "{{ b.nama }}{% if not loop.first %} setelah {{ loop.previtem.nilai[0] }}{% endif %}",
            "{%p endbagian %}",
            "{%p endfor %}",
        ],
    )
    store = tmp_path / "t.bin"
    seen = _counts(monkeypatch)
    _render(template, Kompilasi("D", _units(4)), tmp_path / "a.docx", store)
    changed = Kompilasi("D", _units(4, changed=1))
    assert _render(template, changed, tmp_path / "b.docx", store) == _render(
        template, changed, tmp_path / "plain.docx", None
    )
    assert (seen[1].rendered, seen[1].reused) == (2, 2)  # unit 1, and unit 2 that quotes it
    assert "Unit 2 setelah nilai 1.1 baru" in [
        p.text for p in Document(str(tmp_path / "b.docx")).paragraphs
    ]


def test_a_block_that_is_not_whole_on_its_own_is_never_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = Document()
    doc.add_paragraph("{%p for b in bagian %}")
    cells = doc.add_table(rows=1, cols=2).rows[0].cells
    # Opened in one cell and closed in the next: the block holds "</w:tc><w:tc>".
    cells[0].add_paragraph("{%p bagian %}")
    cells[0].add_paragraph("{{ b.nama }}")
    cells[1].add_paragraph("{%p endbagian %}")
    cells[1].add_paragraph("{{ b.nilai[0] }}")
    doc.add_paragraph("{%p endfor %}")
    template = tmp_path / "t.docx"
    doc.save(str(template))
    store = tmp_path / "t.bin"
    seen = _counts(monkeypatch)
    context = Kompilasi("D", _units(2))
    expected = _render(template, context, tmp_path / "plain.docx", None)
    assert _render(template, context, tmp_path / "a.docx", store) == expected
    assert _render(template, context, tmp_path / "b.docx", store) == expected
    assert seen[-1].reused == 0
    texts = [c.text for t in Document(str(tmp_path / "b.docx")).tables for c in t._cells]
    assert any("Unit 1" in t for t in texts)
