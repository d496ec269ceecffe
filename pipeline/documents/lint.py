"""``sakip templates check``: every variable a template uses, checked against its context.

docxtpl's own undeclared-variable check only sees top-level names. This walks the Jinja syntax
tree of the body, headers and footers with the context's type hints, so ``surat.nomr`` or a
loop's ``i.targett`` is caught too, as is an unknown filter.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Union

from pipeline.documents.kinds import kinds
from pipeline.documents.registry import load_registry
from pipeline.documents.render import jinja_env
from pipeline.workspace.paths import TEMPLATES_DIR, Workspace

GLOBALS = {
    "loop",
    "range",
    "dict",
    "lipsum",
    "cycler",
    "joiner",
    "namespace",
    "True",
    "False",
    "None",
    "true",
    "false",
    "none",
}
UNKNOWN: Any = object()


@dataclass(frozen=True)
class TemplateCheck:
    template: str
    context: str
    variables: list[str]
    problems: list[str]


def check_templates(workspace: Workspace) -> list[TemplateCheck]:
    registry = load_registry(workspace)
    pairs = dict.fromkeys((d.templat, d.konteks) for d in registry.dokumen)
    known = kinds()
    return [
        check_template(workspace.template(name), known[context].context) for name, context in pairs
    ]


def template_source(path: Path) -> str:
    """The Jinja source docxtpl would render: body, headers and footers, patched."""
    from docx import Document
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(path))
    doc = Document(str(path))
    xml = tpl.patch_xml(tpl.xml_to_string(doc._element.body))
    for rel in doc.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return str(xml)


def check_template(path: Path, context: type) -> TemplateCheck:
    from jinja2 import TemplateSyntaxError

    env = jinja_env()
    try:
        tree = env.parse(template_source(path))
    except TemplateSyntaxError as err:
        return TemplateCheck(
            path.name, context.__name__, [], [f"penulisan tag Jinja tidak sah: {err.message}"]
        )
    walker = _Walker(env.filters, _hints(context))
    walker.visit(tree)
    return TemplateCheck(path.name, context.__name__, sorted(walker.used), walker.problems)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return options[0] if len(options) == 1 else UNKNOWN
    return tp


class _Walker:
    def __init__(self, filters: dict[str, Any], scope: dict[str, Any]) -> None:
        self.filters = filters
        self.scopes = [dict(scope)]
        self.used: set[str] = set()
        self.problems: list[str] = []

    def visit(self, node: Any) -> Any:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is not None:
            return method(node)
        for child in node.iter_child_nodes():
            self.visit(child)
        return UNKNOWN

    def _lookup(self, name: str) -> Any:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def _Name(self, node: Any) -> Any:
        if node.ctx != "load" or node.name in GLOBALS:
            return UNKNOWN
        found = self._lookup(node.name)
        if found is None:
            self.problems.append(f"variabel '{node.name}' tidak ada dalam data dokumen")
            return UNKNOWN
        if len(self.scopes) == 1:
            self.used.add(node.name)
        return found

    def _Getattr(self, node: Any) -> Any:
        owner = _strip_optional(self.visit(node.node))
        if dataclasses.is_dataclass(owner) and isinstance(owner, type):
            hints = _hints(owner)
            if node.attr in hints:
                return hints[node.attr]
            if hasattr(owner, node.attr):  # a property or method of the data class
                return UNKNOWN
            self.problems.append(
                f"'{node.attr}' bukan isian {owner.__name__} (isian yang ada: {', '.join(hints)})"
            )
        return UNKNOWN

    def _Getitem(self, node: Any) -> Any:
        owner = _strip_optional(self.visit(node.node))
        self.visit(node.arg)
        args = typing.get_args(owner)
        if typing.get_origin(owner) is list and args:
            return args[0]
        if typing.get_origin(owner) is dict and len(args) == 2:
            return args[1]
        return UNKNOWN

    def _Filter(self, node: Any) -> Any:
        if node.name not in self.filters:
            self.problems.append(f"filter '{node.name}' tidak dikenal")
        for child in node.iter_child_nodes():
            self.visit(child)
        return UNKNOWN

    def _For(self, node: Any) -> Any:
        iterable = _strip_optional(self.visit(node.iter))
        args = typing.get_args(iterable)
        element = args[0] if typing.get_origin(iterable) is list and args else UNKNOWN
        self.scopes.append({"loop": UNKNOWN})
        self._bind(node.target, element)
        for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
            self.visit(child)
        self.scopes.pop()
        return UNKNOWN

    def _Assign(self, node: Any) -> Any:
        self.visit(node.node)
        self._bind(node.target, UNKNOWN)
        return UNKNOWN

    def _bind(self, target: Any, tp: Any) -> None:
        if type(target).__name__ == "Name":
            self.scopes[-1][target.name] = tp
        else:  # tuple unpacking: element types unknown
            for child in target.iter_child_nodes():
                self._bind(child, UNKNOWN)


__all__ = ["TEMPLATES_DIR", "TemplateCheck", "check_template", "check_templates"]
