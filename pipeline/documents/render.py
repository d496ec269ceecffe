"""Render one docx from a template and a context, strictly and deterministically.

A fresh DocxTemplate per document (re-rendering one object duplicates loop rows), Jinja's
sandbox with StrictUndefined (a missing value stops that document, naming the template and the
variable), autoescape (a "&" in a program name would otherwise corrupt the docx), fixed
document properties and zip timestamps, and an atomic write.

The rendered body is written into the package as the text Jinja produced, once checked to be
well-formed XML. docxtpl itself re-parses it, walks every table and grafts the tree into
python-docx's document before serialising it again: two thirds of the time of a 500-page
compilation. Its table repair is only needed for templates that add or merge cells
(``{%tc %}``, ``{% hm %}``, ``{% colspan %}``); those, and any body that is not well-formed
XML, still go through docxtpl's own path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, ClassVar

from pipeline.documents.filters import FILTERS
from pipeline.errors import DocumentError
from pipeline.office.ooxml import (
    fixed_docx_zip_times,
    set_docx_properties,
    write_atomic,
    write_docx_with_body,
)

_COMPILED: dict[str, Any] = {}
"""Template text -> its compiled template, in this process (docxtpl asks again for every
document, and compiling is 40% of the time of a one-page document). Compiled code is never
kept on disk: a build compiles its templates before its worker processes start
(:func:`precompile`), so each is compiled once per build."""


@cache
def jinja_env() -> Any:
    from jinja2 import StrictUndefined

    from pipeline.documents.fragments import FragmentExtension

    env = _sandbox()(undefined=StrictUndefined, autoescape=True, extensions=[FragmentExtension])
    env.filters.update(FILTERS)
    return env


def _sandbox() -> type:
    from jinja2.sandbox import SandboxedEnvironment

    class CachedSandbox(SandboxedEnvironment):
        """Jinja's sandbox, remembering its verdict per (type, attribute).

        The verdict depends only on those two (a leading underscore, or an internal
        attribute of functions, frames, generators...); a 500-page compilation asks it
        a quarter of a million times.
        """

        _verdicts: ClassVar[dict[tuple[type, str], bool]] = {}

        def getattr(self, obj: Any, attribute: str) -> Any:
            """The sandbox's attribute lookup, shortened for data already judged safe: a
            value that is not callable cannot be the ``str.format`` the sandbox wraps."""
            if self._verdicts.get((type(obj), attribute)):
                try:
                    value = getattr(obj, attribute)
                except AttributeError:
                    pass
                else:
                    if not callable(value):
                        return value
            return super().getattr(obj, attribute)

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            """Compile each template text once per process: docxtpl asks again for every
            document, and compiling is 40% of the time of a one-page document."""
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            compiled = _COMPILED.get(source)
            if compiled is None:
                compiled = _COMPILED[source] = super().from_string(source)
            return compiled

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            key = (type(obj), attr)
            verdict = self._verdicts.get(key)
            if verdict is None:
                verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
            return verdict

    return CachedSandbox


def precompile(templates: Iterable[Path]) -> None:
    """Compile the body, headers, footers and footnotes of ``templates`` in this process,
    before the build's worker processes are forked from it: they inherit the compiled
    templates (the document properties' short texts are compiled where they are used)."""
    env = jinja_env()
    for path in templates:
        try:
            doc = _template_class()(str(path))
            doc.compile_only = True
            doc.render_init()
            doc.build_xml({}, env)
            for uri in (doc.HEADER_URI, doc.FOOTER_URI):
                for _key, _xml in doc.build_headers_footers_xml({}, uri, env):
                    pass
            doc.render_footnotes({}, env)
        except Exception:  # any: rendering it reports the problem, naming the template
            continue


@cache
def _program_version() -> str:
    """What the kept rendered blocks are valid for: this Python, these Jinja and docxtpl, and
    this program (whose extension and filters shape them)."""
    import sys

    import docxtpl
    import jinja2

    from pipeline.workspace.fingerprint import code_digest

    return f"{sys.version}|{jinja2.__version__}|{docxtpl.__version__}|{code_digest()}"


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
    fragments: Path | None = None,
) -> Path:
    """Render ``template`` with ``context`` into ``target``; raise DocumentError on failure.

    ``kertas`` ("F4" or "A4", the workspace setting) sets every section's paper size, keeping
    its orientation: the default templates are drawn on F4. ``fragments`` is the file that
    keeps this document's ``{% bagian %}`` blocks between renders (see
    :mod:`pipeline.documents.fragments`); without it every block is rendered.
    """
    from pipeline.documents import fragments as blocks

    version = f"{_program_version()}|{kertas}"
    store = blocks.load_store(fragments, version) if fragments else None

    def produce(tmp: Path) -> None:
        with blocks.using(store):
            doc, body = _render(template, context)
        set_docx_properties(doc.docx, title, stamp)
        body = paper_size(body, kertas)
        if store is not None:
            body = blocks.finish(store, body)
        try:
            with fixed_docx_zip_times():
                write_docx_with_body(doc.docx, body, tmp)
        except ValueError as err:
            raise DocumentError(
                template.name,
                f"{err}. Buka templat itu di Word atau LibreOffice lalu simpan "
                "ulang sebagai dokumen Word (.docx).",
            ) from err

    written = write_atomic(target, produce)
    if store is not None and fragments is not None and (store.used or store.previous):
        blocks.save_store(store, fragments)
    return written


def _render(template: Path, context: Any) -> tuple[Any, str]:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    name = template.name
    try:
        doc = _template_class()(str(template))
        body = _render_body(doc, context)
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


# Tags with which docxtpl adds, removes or spans table cells (then its grid needs repair).
_CELL_TAGS = re.compile(r"\{%-?\s*(?:tc|hm|colspan)\b")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")\d+(")')


def _render_body(doc: Any, context: Any) -> str:
    """docxtpl's render, returning the body XML as text instead of grafting it into python-docx
    (headers, footers, properties and footnotes are rendered into the document as docxtpl
    does)."""
    from lxml import etree

    from pipeline.documents import fragments as blocks

    env = jinja_env()
    doc.render_init()
    values = _with_images(doc, top_level(context))
    body = doc.build_xml(values, env)
    sound = not doc.cell_tags and _well_formed(body)
    if not doc.cell_tags and not sound and blocks.marked(body):
        body = blocks.unmark(body)
        sound = _well_formed(body)
    if not sound:
        # docxtpl's own path: a forgiving parse, and its table repair.
        body = etree.tostring(doc.fix_tables(body), encoding="unicode")
    body = _renumber_drawings(doc, body)
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for key, xml in list(doc.build_headers_footers_xml(values, uri, env)):
            doc.map_headers_footers_xml(key, xml)
    doc.render_properties(values, env)
    doc.render_footnotes(values, env)
    doc.is_rendered = True
    return body


def _well_formed(xml: str) -> bool:
    """Whether ``xml`` is well-formed. expat checks it without building a tree: half the time
    of lxml on a 500-page compilation."""
    from xml.parsers.expat import ExpatError, ParserCreate

    try:
        ParserCreate().Parse(xml, True)
    except ExpatError:
        return False
    return True


def _renumber_drawings(doc: Any, body: str) -> str:
    """Unique drawing ids, numbered in document order as docxtpl's ``fix_docpr_ids`` does
    (an image repeated in a loop would otherwise share one id, which Word rejects)."""

    def renumber(match: re.Match[str]) -> str:
        doc.docx_ids_index += 1
        return f"{match.group(1)}{doc.docx_ids_index}{match.group(2)}"

    return _DOCPR_ID.sub(renumber, body)


@cache
def _template_class() -> type:
    from docxtpl import DocxTemplate

    # A tab, bell, newline or form feed in a text node (what docxtpl's listing rewrites).
    special = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")
    paragraph = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)

    @lru_cache(maxsize=256)
    def patched(xml: str) -> str:
        return str(DocxTemplate.patch_xml(None, xml))

    @lru_cache(maxsize=256)
    def has_cell_tags(xml: str) -> bool:
        return bool(_CELL_TAGS.search(re.sub(r"<[^>]+>", "", xml)))

    class Template(DocxTemplate):  # type: ignore[misc]
        compile_only = False
        """Only compile each part's template (see :func:`precompile`), rendering nothing."""
        cell_tags = False
        """The template adds, removes or spans table cells: its grid needs docxtpl's repair."""

        def build_xml(self, context: Any, jinja_env: Any = None) -> str:
            """docxtpl's ``build_xml``, noting from the same template text whether it has
            cell tags."""
            xml = self.get_xml()
            self.cell_tags = has_cell_tags(xml)
            return self.render_xml_part(self.patch_xml(xml), self.docx._part, context, jinja_env)

        def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any) -> str:
            """docxtpl's ``render_xml_part`` with its paragraph line breaks put in and taken
            out by plain replacement (the same text; its group-substituting regex took a
            quarter of a second per hundred thousand paragraphs)."""
            src_xml = src_xml.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")
            self.current_rendering_part = part
            compiled = jinja_env.from_string(src_xml)
            if self.compile_only:
                return ""
            dst_xml = compiled.render(context)
            dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            dst_xml = (
                dst_xml.replace("{_{", "{{")
                .replace("}_}", "}}")
                .replace("{_%", "{%")
                .replace("%_}", "%}")
            )
            return str(self.resolve_listing(dst_xml))

        def patch_xml(self, src_xml: str) -> str:
            """docxtpl's tag clean-up, once per template text (a pure text rewrite)."""
            return patched(src_xml)

        def resolve_listing(self, xml: str) -> str:
            """docxtpl's rewriting of tabs, line and page breaks in text, applied only to the
            paragraphs that hold one: the same result without rewriting every paragraph."""
            if not special.search(xml):
                return xml
            resolve = super().resolve_listing
            return paragraph.sub(
                lambda m: resolve(m.group(0)) if special.search(m.group(0)) else m.group(0), xml
            )

    return Template


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
