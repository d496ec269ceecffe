"""Render one docx from a template and a context, strictly and deterministically.

A fresh DocxTemplate per document (re-rendering one object duplicates loop rows), Jinja's own
sandbox with StrictUndefined (a missing value stops that document, naming the template and the
variable), autoescape (a "&" in a program name would otherwise corrupt the docx), fixed
document properties and zip timestamps, and an atomic write. How the body reaches the package
is :mod:`pipeline.documents.docx_writethrough`'s business.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.documents.docx_writethrough import open_template, render_body
from pipeline.documents.filters import FILTERS
from pipeline.errors import DocumentError
from pipeline.office.docx_keep import keep_signatures_with_tables
from pipeline.office.docx_table import fit_tables
from pipeline.office.ooxml import (
    fixed_docx_zip_times,
    set_docx_properties,
    write_atomic,
    write_docx_with_body,
)


@cache
def jinja_env() -> Any:
    """Jinja's own SandboxedEnvironment: a template reads the document's data, nothing else."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from pipeline.documents.fragments import FragmentExtension

    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=True, extensions=[FragmentExtension]
    )
    env.filters.update(FILTERS)
    return env


def precompile(templates: Iterable[Path]) -> None:
    """Compile ``templates`` in this process (before a build forks its workers)."""
    from pipeline.documents.docx_writethrough import precompile as compile_all

    compile_all(templates, jinja_env())


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
        doc, body = _render(template, context)
        set_docx_properties(doc.docx, title, stamp)
        body = paper_size(body, kertas)
        # Columns too narrow for a number or word take room from the others.
        body = fit_tables(body)
        # After the widths are final: the signature block goes into the table above it.
        body = keep_signatures_with_tables(body)
        try:
            with fixed_docx_zip_times():
                write_docx_with_body(doc.docx, body, tmp)
        except ValueError as err:
            raise DocumentError(
                template.name,
                f"{err}. Buka templat itu di Word atau LibreOffice lalu simpan "
                "ulang sebagai dokumen Word (.docx).",
            ) from err

    return write_atomic(target, produce)


def _render(template: Path, context: Any) -> tuple[Any, str]:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    name = template.name
    try:
        doc = open_template(template)
        body = render_body(doc, _with_images(doc, top_level(context)), jinja_env())
    except UndefinedError as err:
        raise DocumentError(
            name,
            f"nilai {_undefined(err)} tidak ada dalam data dokumen ini. Perbaiki nama "
            "variabel di templat (lihat 'sakip templates check') atau lengkapi datanya.",
        ) from err
    except SecurityError as err:
        raise DocumentError(
            name,
            f"templat memakai atribut yang tidak diizinkan ({err}). Templat hanya boleh "
            "membaca data dokumen; hapus tag itu dari templat.",
        ) from err
    except TemplateSyntaxError as err:
        raise DocumentError(
            name,
            f"penulisan tag Jinja tidak sah ({err.message}). Periksa tanda {{{{ }}}} dan "
            "{% %} di templat.",
        ) from err
    except (OSError, KeyError, ValueError) as err:
        raise DocumentError(
            name, f"berkas templat tidak dapat dibuka sebagai dokumen Word ({err})."
        ) from err
    return doc, body


PAPER_MM = {"F4": (215, 330), "A4": (210, 297)}
_PAGE_SIZE = re.compile(r"<w:pgSz\b[^>]*/>")


def paper_size(body: str, kertas: str) -> str:
    """Every section of ``body`` on ``kertas`` paper, keeping its orientation."""
    from docx.shared import Mm

    short, long = (Mm(mm).twips for mm in PAPER_MM[kertas])

    def resize(match: re.Match[str]) -> str:
        tag = match.group(0)
        width, height = (_attr(tag, "w:w"), _attr(tag, "w:h"))
        size = (long, short) if width > height else (short, long)
        tag = re.sub(r'\sw:w="\d+"', f' w:w="{size[0]}"', tag)
        return re.sub(r'\sw:h="\d+"', f' w:h="{size[1]}"', tag)

    return _PAGE_SIZE.sub(resize, body)


def _attr(tag: str, name: str) -> int:
    found = re.search(rf'\s{name}="(\d+)"', tag)
    return int(found.group(1)) if found else 0


def _with_images(doc: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Images in a context become InlineImages, which need the template they go into."""
    import io

    from docx.shared import Mm
    from docxtpl import InlineImage

    from pipeline.documents.chart import Gambar

    return {
        key: InlineImage(doc, io.BytesIO(v.data), width=Mm(v.lebar_mm))
        if isinstance(v, Gambar)
        else v
        for key, v in values.items()
    }


def _undefined(err: Exception) -> str:
    # Jinja says "'surat' is undefined" or "'Surat object' has no attribute 'nomr'".
    text = str(err)
    if "has no attribute" in text:
        owner, _, attr = text.partition(" has no attribute ")
        name = owner.strip("'").removesuffix(" object").rsplit(".", 1)[-1]
        return f"{attr} (pada {name})"
    return text.replace(" is undefined", "")
