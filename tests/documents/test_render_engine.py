"""The render path writes docxtpl's rendered body as text; these are the docxtpl behaviours it
must keep: listing characters, cell loops, unique drawing ids, paper size, forgiving parse."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from pipeline.documents.chart import Gambar
from pipeline.documents.render import paper_size, render_docx

STAMP = dt.datetime(2024, 1, 1)


@dataclasses.dataclass
class Ctx:
    judul: str = ""
    kolom: list[str] = dataclasses.field(default_factory=list)
    baris: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class GambarCtx:
    gambar: Gambar
    baris: list[str] = dataclasses.field(default_factory=list)


def _template(tmp_path: Path, build: Any, name: str = "t.docx") -> Path:
    doc = Document()
    build(doc)
    path = tmp_path / name
    doc.save(str(path))
    return path


def _body(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode()


def _render(tmp_path: Path, template: Path, context: Any, kertas: str = "F4") -> Path:
    target = tmp_path / "out.docx"
    return render_docx(template, context, target, title="uji", stamp=STAMP, kertas=kertas)


def test_line_breaks_and_tabs_in_values_become_word_breaks(tmp_path: Path) -> None:
    template = _template(tmp_path, lambda d: d.add_paragraph("{{ judul }}"))
    out = _render(tmp_path, template, Ctx(judul="baris satu\nbaris dua\tkolom"))
    body = _body(out)
    assert "<w:br/>" in body and "<w:tab/>" in body
    assert [p.text for p in Document(str(out)).paragraphs] == ["baris satu\nbaris dua\tkolom"]


def test_column_loops_get_their_table_grid_repaired(tmp_path: Path) -> None:
    def build(doc: Any) -> None:
        table = doc.add_table(rows=1, cols=3)
        for i, text in enumerate(["{%tc for k in kolom %}", "{{ k }}", "{%tc endfor %}"]):
            table.cell(0, i).text = text

    out = _render(tmp_path, _template(tmp_path, build), Ctx(kolom=["A", "B", "C"]))
    table = Document(str(out)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["A", "B", "C"]
    assert len(re.findall(r"<w:gridCol\b", _body(out))) == 3


def test_an_image_in_a_loop_gets_a_unique_drawing_id(tmp_path: Path) -> None:
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, format="PNG")

    def build(doc: Any) -> None:
        doc.add_paragraph("{%p for b in baris %}")
        doc.add_paragraph("{{ b }} {{ gambar }}")
        doc.add_paragraph("{%p endfor %}")

    context = GambarCtx(gambar=Gambar(png.getvalue(), 20), baris=["a", "b", "c"])
    out = _render(tmp_path, _template(tmp_path, build), context)
    ids = re.findall(r'<wp:docPr\b[^>]*\sid="(\d+)"', _body(out))
    assert len(ids) == 3 and len(set(ids)) == 3


def test_every_section_takes_the_paper_size_and_keeps_its_orientation() -> None:
    body = (
        '<w:body><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
        '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body>'
    )
    f4 = paper_size(body, "F4")
    assert '<w:pgSz w:w="12189" w:h="18709"/>' in f4
    assert '<w:pgSz w:w="18709" w:h="12189" w:orient="landscape"/>' in f4


def test_a4_workspace_gets_a4_pages(tmp_path: Path) -> None:
    template = _template(tmp_path, lambda d: d.add_paragraph("{{ judul }}"))
    out = _render(tmp_path, template, Ctx(judul="x"), kertas="A4")
    section = Document(str(out)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_a_body_that_is_not_well_formed_goes_through_docxtpl_repair(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from pipeline.documents import docx_writethrough

    monkeypatch.setattr(docx_writethrough, "well_formed", lambda _xml: False)
    template = _template(tmp_path, lambda d: d.add_paragraph("{{ judul }}"))
    out = _render(tmp_path, template, Ctx(judul="aman & sehat"))
    assert Document(str(out)).paragraphs[0].text == "aman & sehat"


def test_well_formed_check_rejects_broken_xml() -> None:
    from pipeline.documents.docx_writethrough import well_formed

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    assert well_formed(f"<w:body {ns}><w:p/></w:body>")
    assert not well_formed(f"<w:body {ns}><w:p></w:body>")


def test_rendering_is_byte_identical_twice(tmp_path: Path) -> None:
    template = _template(tmp_path, lambda d: d.add_paragraph("{{ judul }}"))
    first = _render(tmp_path, template, Ctx(judul="x")).read_bytes()
    assert _render(tmp_path, template, Ctx(judul="x")).read_bytes() == first


def test_the_sandbox_refuses_internals_every_time(tmp_path: Path) -> None:
    import pytest

    from pipeline.errors import DocumentError

    template = _template(tmp_path, lambda d: d.add_paragraph("{{ judul.__class__.__mro__ }}"))
    for _ in range(2):  # the second time with the template already compiled
        with pytest.raises(DocumentError, match="tidak diizinkan"):
            _render(tmp_path, template, Ctx(judul="x"))


def test_one_compiled_template_serves_different_data(tmp_path: Path) -> None:
    template = _template(tmp_path, lambda d: d.add_paragraph("{{ judul }}"))
    texts = []
    for judul in ("pertama", "kedua"):
        out = _render(tmp_path, template, Ctx(judul=judul))
        texts.append(Document(str(out)).paragraphs[0].text)
    assert texts == ["pertama", "kedua"]


def test_templates_compiled_beforehand_are_not_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.documents import docx_writethrough as writethrough
    from pipeline.documents import render as engine

    template = _template(tmp_path, lambda d: d.add_paragraph("{{ judul }} {{ kolom|length }}"))
    monkeypatch.setattr(writethrough, "_COMPILED", {})  # a fresh process: nothing compiled yet
    engine.precompile([template, tmp_path / "tidak-ada.docx"])  # a missing one is skipped
    assert any("judul" in source for source in writethrough._COMPILED)
    compile_text = type(engine.jinja_env()).compile

    def compile_once(env: Any, source: Any, *args: Any, **kwargs: Any) -> Any:
        if "judul" in str(source):
            pytest.fail("the body was compiled again")
        return compile_text(env, source, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(type(engine.jinja_env()), "compile", compile_once)
        out = render_docx(
            template, Ctx(judul="dua", kolom=["a"]), tmp_path / "dua.docx", title="uji", stamp=STAMP
        )
    assert [p.text for p in Document(str(out)).paragraphs] == ["dua 1"]


def _compiled_here() -> int:
    from pipeline.documents import docx_writethrough

    return len(docx_writethrough._COMPILED)


def test_workers_start_with_what_was_prepared_before_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.build.period import Workers
    from pipeline.documents import docx_writethrough
    from pipeline.documents import render as engine

    template = _template(tmp_path, lambda d: d.add_paragraph("{{ judul }}"))
    monkeypatch.setattr(docx_writethrough, "_COMPILED", {})
    prepared: list[int] = []

    def prepare() -> None:
        prepared.append(1)
        engine.precompile([template])

    with Workers(2, before_start=prepare) as pool:
        counts = [pool.submit(_compiled_here).result() for _ in range(4)]
    assert prepared == [1]  # once, before the first task
    assert all(n > 0 for n in counts)
