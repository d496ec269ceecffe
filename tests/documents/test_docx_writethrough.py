"""The docx write-through builds on docxtpl's own steps: these tests fail, naming what moved,
when an installed docxtpl no longer has them as docx_writethrough.py expects."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path

from docx import Document

from pipeline.documents import docx_writethrough

REPLACED_SOURCES = {
    # docxtpl 0.20: the methods docx_writethrough.Template replaces with the same steps.
    "build_xml": "210792ef9e97b524c4527d7dcf8b93dd5b575908ae6bb27471e83c4a0ff9c362",
    "render_xml_part": "b762e42956e6709cb26409bb4d4bc5e0660ea28675427bca8fb667d743b6a05d",
}


def test_docxtpl_still_has_every_call_the_write_through_makes() -> None:
    from docxtpl import DocxTemplate

    moved = []
    for name, expected in docx_writethrough.DOCXTPL_CALLS.items():
        found = getattr(DocxTemplate, name, None)
        if found is None:
            moved.append(f"DocxTemplate.{name} is gone")
        elif expected is not None:
            parameters = tuple(inspect.signature(found).parameters)[1:]
            if parameters != expected:
                moved.append(f"DocxTemplate.{name}{parameters} (expected {expected})")
    assert not moved, "docxtpl changed what docx_writethrough.py relies on: " + "; ".join(moved)


def test_the_replaced_docxtpl_steps_are_the_ones_copied() -> None:
    from docxtpl import DocxTemplate

    changed = [
        name
        for name, digest in REPLACED_SOURCES.items()
        if hashlib.sha256(inspect.getsource(getattr(DocxTemplate, name)).encode()).hexdigest()
        != digest
    ]
    assert not changed, (
        f"docxtpl changed {', '.join(changed)}: compare with their replacements in "
        "docx_writethrough.Template, bring those up to date, then record the new digests here"
    )


def test_a_rendered_template_holds_the_attributes_read(tmp_path: Path) -> None:
    from pipeline.documents.render import jinja_env

    doc = Document()
    doc.add_paragraph("{{ judul }}")
    doc.save(str(tmp_path / "t.docx"))
    template = docx_writethrough.open_template(tmp_path / "t.docx")
    body = docx_writethrough.render_body(template, {"judul": "Uji"}, jinja_env())
    assert "Uji" in body
    missing = [
        name
        for name in docx_writethrough.DOCXTPL_INSTANCE_ATTRIBUTES
        if not hasattr(template, name)
    ]
    assert not missing, f"a DocxTemplate no longer has {missing}"
    assert template.docx._part is not None


def test_the_sandbox_is_jinjas_own() -> None:
    from jinja2.sandbox import SandboxedEnvironment

    from pipeline.documents.render import jinja_env

    assert type(jinja_env()) is SandboxedEnvironment
