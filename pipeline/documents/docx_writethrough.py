"""docxtpl's render, with the rendered body kept as text instead of grafted into python-docx.

docxtpl re-parses the body Jinja produced, walks every table and grafts the tree into
python-docx's document before serialising it again: two thirds of the time of a 500-page
compilation. Here the body is written into the package as the text Jinja produced, once
checked to be well-formed XML. Its table repair is only needed for templates that add or merge
cells (``{%tc %}``, ``{% hm %}``, ``{% colspan %}``); those, and any body that is not
well-formed XML, still go through docxtpl's own path.

This is the one module that builds on docxtpl's own steps rather than on ``render()``. It
relies on these members of ``docxtpl.DocxTemplate`` (``DOCXTPL_CALLS``, checked against the
installed docxtpl by tests/documents/test_docx_writethrough.py, which fails loudly when a
release changes them; the version is not pinned for it):

- ``DocxTemplate(path)``, its ``docx`` (the python-docx Document) and ``docx._part``;
- ``render_init()``, which resets ``docx_ids_index`` and ``current_rendering_part``;
- ``get_xml()``, ``patch_xml(xml)``, ``resolve_listing(xml)``;
- ``build_xml(context, jinja_env)`` and ``render_xml_part(src_xml, part, context, jinja_env)``,
  both replaced below (the same steps, see each);
- ``fix_tables(xml)`` (its table repair, for the templates above);
- ``HEADER_URI``, ``FOOTER_URI``, ``build_headers_footers_xml(context, uri, jinja_env)`` and
  ``map_headers_footers_xml(rel_key, xml)``;
- ``render_properties(context, jinja_env)``, ``render_footnotes(context, jinja_env)``;
- ``is_rendered``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DOCXTPL_CALLS: dict[str, tuple[str, ...] | None] = {
    # method -> its parameters after self; None for an attribute
    "__init__": ("template_file",),
    "render_init": (),
    "get_xml": (),
    "patch_xml": ("src_xml",),
    "resolve_listing": ("xml",),
    "build_xml": ("context", "jinja_env"),
    "render_xml_part": ("src_xml", "part", "context", "jinja_env"),
    "fix_tables": ("xml",),
    "build_headers_footers_xml": ("context", "uri", "jinja_env"),
    "map_headers_footers_xml": ("relKey", "xml"),
    "render_properties": ("context", "jinja_env"),
    "render_footnotes": ("context", "jinja_env"),
    "HEADER_URI": None,
    "FOOTER_URI": None,
}
"""What this module calls or replaces in ``docxtpl.DocxTemplate``."""

DOCXTPL_INSTANCE_ATTRIBUTES = (
    "docx",
    "is_rendered",
    "docx_ids_index",
    "current_rendering_part",
)
"""What a rendered DocxTemplate holds that this module reads or sets."""

_COMPILED: dict[str, Any] = {}
"""Template text -> its compiled template, in this process (docxtpl asks again for every
document, and compiling is 40% of the time of a one-page document). Compiled code is never
kept on disk: a build compiles its templates before its worker processes start
(:func:`precompile`), so each is compiled once per build."""

# Tags with which docxtpl adds, removes or spans table cells (then its grid needs repair).
_CELL_TAGS = re.compile(r"\{%-?\s*(?:tc|hm|colspan)\b")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")\d+(")')


def open_template(path: Path) -> Any:
    """A fresh DocxTemplate of ``path`` (re-rendering one object duplicates loop rows)."""
    return _template_class()(str(path))


def compiled(env: Any, source: str) -> Any:
    """``source`` compiled by ``env``, once per process."""
    found = _COMPILED.get(source)
    if found is None:
        found = _COMPILED[source] = env.from_string(source)
    return found


def precompile(templates: Iterable[Path], env: Any) -> None:
    """Compile the body, headers, footers and footnotes of ``templates`` in this process,
    before the build's worker processes are forked from it: they inherit the compiled
    templates (the document properties' short texts are compiled where they are used)."""
    for path in templates:
        try:
            doc = open_template(path)
            doc.compile_only = True
            doc.render_init()
            doc.build_xml({}, env)
            for uri in (doc.HEADER_URI, doc.FOOTER_URI):
                for _key, _xml in doc.build_headers_footers_xml({}, uri, env):
                    pass
            doc.render_footnotes({}, env)
        except Exception:  # any: rendering it reports the problem, naming the template
            continue


def render_body(doc: Any, values: dict[str, Any], env: Any) -> str:
    """docxtpl's render of ``doc`` with ``values``, returning the body XML as text instead of
    grafting it into python-docx (headers, footers, properties and footnotes are rendered into
    the document as docxtpl does)."""
    from lxml import etree

    doc.render_init()
    body = doc.build_xml(values, env)
    if doc.cell_tags or not well_formed(body):
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


def well_formed(xml: str) -> bool:
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
            """docxtpl's ``render_xml_part``, with each template text compiled once per
            process, and its paragraph line breaks put in and taken out by plain replacement
            (the same text; its group-substituting regex took a quarter of a second per
            hundred thousand paragraphs)."""
            src_xml = src_xml.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")
            self.current_rendering_part = part
            template = compiled(jinja_env, src_xml)
            if self.compile_only:
                return ""
            dst_xml = template.render(context)
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
