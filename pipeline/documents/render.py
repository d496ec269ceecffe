"""Render one docx from a template and a context, strictly and deterministically.

A fresh DocxTemplate per document (re-rendering one object duplicates loop rows), Jinja's
sandbox with StrictUndefined (a missing value stops that document, naming the template and the
variable), autoescape (a "&" in a program name would otherwise corrupt the docx), fixed
document properties and zip timestamps, and an atomic write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.documents.filters import FILTERS
from pipeline.exceptions import TemplateError
from pipeline.ooxml import fixed_docx_zip_times, set_docx_properties, write_atomic


class DocumentError(TemplateError):
    """A document could not be rendered; the message names the template and what is wrong."""

    def __init__(self, template: str, message: str) -> None:
        self.template = template
        super().__init__(f"Templat {template}: {message}")


@cache
def jinja_env() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


def top_level(context: Any) -> dict[str, Any]:
    """A dataclass context as the mapping docxtpl renders: its fields, values kept as objects."""
    return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}


def render_docx(
    template: Path,
    context: Any,
    target: Path,
    *,
    title: str,
    stamp: dt.datetime,
    kertas: str = "F4",
) -> Path:
    """Render ``template`` with ``context`` into ``target``; raise DocumentError on failure.

    ``kertas`` ("F4" or "A4", the workspace setting) sets every section's paper size, keeping
    its orientation: the default templates are drawn on F4.
    """

    def produce(tmp: Path) -> None:
        doc = _render(template, context)
        set_docx_properties(doc.docx, title, stamp)
        _paper(doc.docx, kertas)
        with fixed_docx_zip_times():
            doc.save(str(tmp))

    return write_atomic(target, produce)


def _render(template: Path, context: Any) -> Any:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, UndefinedError

    name = template.name
    try:
        doc = DocxTemplate(str(template))
        doc.render(_with_images(doc, top_level(context)), jinja_env=jinja_env(), autoescape=True)
    except UndefinedError as err:
        raise DocumentError(
            name, f"nilai {_undefined(err)} tidak ada dalam data dokumen ini. Perbaiki nama "
            "variabel di templat (lihat 'sakip templates check') atau lengkapi datanya."
        ) from err  # fmt: skip
    except TemplateSyntaxError as err:
        raise DocumentError(
            name, f"penulisan tag Jinja tidak sah ({err.message}). Periksa tanda {{{{ }}}} dan "
            "{% %} di templat."
        ) from err  # fmt: skip
    except (OSError, KeyError, ValueError) as err:
        raise DocumentError(
            name, f"berkas templat tidak dapat dibuka sebagai dokumen Word ({err})."
        ) from err
    return doc


PAPER_MM = {"F4": (215, 330), "A4": (210, 297)}


def _paper(document: Any, kertas: str) -> None:
    from docx.shared import Mm

    short, long = PAPER_MM[kertas]
    for section in document.sections:
        landscape = section.page_width > section.page_height
        width, height = (long, short) if landscape else (short, long)
        section.page_width, section.page_height = Mm(width), Mm(height)


def _with_images(doc: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Images in a context become InlineImages, which need the template they go into."""
    import io

    from docx.shared import Mm
    from docxtpl import InlineImage

    from pipeline.documents.chart import Gambar

    return {
        key: InlineImage(doc, io.BytesIO(v.data), width=Mm(v.lebar_mm))
        if isinstance(v, Gambar) else v
        for key, v in values.items()
    }  # fmt: skip


def _undefined(err: Exception) -> str:
    # Jinja says "'surat' is undefined" or "'Surat object' has no attribute 'nomr'".
    text = str(err)
    if "has no attribute" in text:
        owner, _, attr = text.partition(" has no attribute ")
        name = owner.strip("'").removesuffix(" object").rsplit(".", 1)[-1]
        return f"{attr} (pada {name})"
    return text.replace(" is undefined", "")
