"""The one registry of document kinds: each context builder declares the context class it
returns, and everything else that needs a kind is derived from here.

A ``konteks`` in ``sop_specs/dokumen/dokumen.yaml`` names a context class; this registry maps
it to the class (``sakip templates check`` walks its fields, the registry check knows the name)
and to the builder the build plan calls. So a new document kind is its entry in dokumen.yaml,
its template and one decorated builder::

    @builder(SuratTeguranContext)
    def surat_teguran(spec, subject, env) -> SuratTeguranContext: ...

The builder modules of sakip are imported on first use (:func:`kinds`); a builder defined
elsewhere (a test, a plug-in) registers when its module is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

from pipeline.documents.model import Dasar

if TYPE_CHECKING:
    from pipeline.documents.common import BuildEnv, Subject
    from pipeline.documents.registry import DokumenSpec

C = TypeVar("C", bound=Dasar)
Build = Callable[["DokumenSpec", "Subject", "BuildEnv"], C]
"""A context builder: the registry entry, the subject, the build environment -> the context."""

BUILDER_MODULES = ("pipeline.documents.letters", "pipeline.documents.performance")
"""Where sakip's own builders live; adding a builder to one of them registers it."""


@dataclass(frozen=True)
class Kind:
    name: str
    """What ``konteks`` says in dokumen.yaml: the context class's name."""
    context: type[Dasar]
    build: Build[Dasar]
    sent: bool = False
    """A compiled document that its SOP's surat pengantar sends (Dokumen PK, draft LKjIP)."""


_KINDS: dict[str, Kind] = {}


def builder(context: type[C], *, sent: bool = False) -> Callable[[Build[C]], Build[C]]:
    """Register the decorated function as the builder of ``context``'s documents."""

    def register(build: Build[C]) -> Build[C]:
        name = context.__name__
        known = _KINDS.get(name)
        if known is not None and known.build is not build:
            # Two builders for one context would make the build depend on import order.
            raise RuntimeError(f"{name} already has a builder: {known.build.__qualname__}")
        _KINDS[name] = Kind(name, context, build, sent)
        return build

    return register


def kinds() -> Mapping[str, Kind]:
    """Every registered kind by name, sakip's own builders loaded."""
    for module in BUILDER_MODULES:
        import_module(module)
    return _KINDS


def kind_name(context: type[Any]) -> str:
    """The ``konteks`` name of a context class, as dokumen.yaml writes it."""
    return context.__name__


def unregister(name: str) -> None:
    """Forget a kind (for a test that registered one of its own)."""
    _KINDS.pop(name, None)
