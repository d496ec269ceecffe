"""Reuse the rendered parts of a compilation that did not change since its last render.

A compilation (the Dokumen Perjanjian Kinerja, the LKjIP's lampiran...) repeats one block per
unit or pegawai. In a template, ``{%p bagian %}`` ... ``{%p endbagian %}`` marks such a block.
Its rendered XML is stored under a key made of the block's own template code and of the value
of every variable the block reads (found by Jinja, never listed by hand), so a block is
rendered again only when something it shows changed: after one unit changed, the other
units' parts are copied from the last render.

The store of one document is a file of its own (written atomically after the document) that
holds only the blocks its last render used, so it never grows beyond one document's worth.
Outside a build (no store given) ``bagian`` renders its block as if the tag were not there.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.runtime import LoopContext, Undefined
from markupsafe import Markup

KIND = "fragmen"
FORMAT = 3
"""Versions 1 and 2 were pickled (and are never read); version 3 is :mod:`cachefile` JSON."""
# A reused block stands in the rendered body as <sakip-bagian r="KEY"/>, a new one between
# <sakip-bagian k="KEY"> and </sakip-bagian>: elements, so that the body's own well-formedness
# check also proves each new block balanced on its own (it can then stand in another body).
_OPEN = "<sakip-bagian "
_CLOSE = "</sakip-bagian>"
_KEY = 64
_NEW_MARK = re.compile(r'<sakip-bagian k="[0-9a-f]{64}">|</sakip-bagian>')
# A block that refers to a package part (an image, a hyperlink) cannot be copied into another
# document: its relationship id belongs to the render that made it.
_RELATIONSHIP = ("r:embed=", "r:id=", "r:link=")
_POSITION = frozenset({"index", "index0", "revindex", "revindex0", "first", "last"})


@dataclass
class FragmentStore:
    """The blocks of one document: those of its last render, and those this render used."""

    version: str
    previous: dict[str, str] = field(default_factory=dict)
    used: dict[str, str] = field(default_factory=dict)
    reused: int = 0
    rendered: int = 0
    keep_new: bool = True
    """Whether this render's new blocks may be kept (see :func:`unmark`)."""
    depth: int = 0
    """How many blocks are being rendered around the current one (a block in a block is
    rendered with its parent)."""
    _digests: dict[int, tuple[Any, bytes]] = field(default_factory=dict)

    def loop_digest(self, loop: LoopContext, reads: tuple[str, ...]) -> bytes:
        """A hash of what a block reads of the loop around it (``reads``: the attributes its
        code names): a block that prints only ``loop.index`` stays valid when a later item
        changes, one that compares with ``loop.previtem`` does not."""
        parts: list[Any] = []
        for attr in reads:
            if attr in _POSITION:
                parts.append((loop.index0, loop.length))
            elif attr in ("length", "depth", "depth0", "cycle"):
                parts.append((loop.length, loop.depth0, loop.index0))
            elif attr in ("previtem", "nextitem"):
                parts.append(self.digest_of(getattr(loop, attr)))
            else:  # changed() keeps state between items; anything else is unknown
                raise ValueError(f"loop.{attr} cannot be part of a block's key")
        return hashlib.sha256(_stable(parts)).digest()

    def digest_of(self, value: Any) -> bytes:
        """A hash of ``value``, computed once per object in a render (a compilation's blocks
        share large values, such as the LKjIP's table of Renstra targets)."""
        if isinstance(value, Undefined):
            return b"undefined"
        known = self._digests.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = hashlib.sha256(_stable(value)).digest()
        # The value is kept alive with its digest, so its id cannot be reused in this render.
        self._digests[id(value)] = (value, digest)
        return digest


_CURRENT: ContextVar[FragmentStore | None] = ContextVar("fragment_store", default=None)


def load_store(path: Path, version: str) -> FragmentStore:
    """The store at ``path``; empty when missing, unreadable or made by another version."""
    from pipeline.workspace import cachefile

    store = FragmentStore(version)
    data = cachefile.load(path, KIND, FORMAT)
    if type(data) is dict and data.get("version") == version:
        fragments = data.get("fragments")
        if type(fragments) is dict and all(type(v) is str for v in fragments.values()):
            store.previous = fragments
    return store


def save_store(store: FragmentStore, path: Path) -> None:
    """Write the blocks this render used (atomically: a store is never half-written)."""
    from pipeline.office.ooxml import write_atomic
    from pipeline.workspace import cachefile

    data = {"version": store.version, "fragments": store.used}
    payload = cachefile.encode(KIND, FORMAT, data)

    def produce(tmp: Path) -> None:
        tmp.write_bytes(payload)

    try:
        write_atomic(path, produce)
    except OSError:
        return  # a cache that cannot be written only costs time on the next build


@contextmanager
def using(store: FragmentStore | None) -> Iterator[None]:
    """Render with ``store`` as the current document's blocks."""
    token = _CURRENT.set(store)
    try:
        yield
    finally:
        _CURRENT.reset(token)


class FragmentExtension(Extension):
    """The ``{% bagian %}`` ... ``{% endbagian %}`` tag."""

    tags = {"bagian"}  # noqa: RUF012 (Jinja's own declaration is a plain set)

    def parse(self, parser: Any) -> nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endbagian",), drop_needle=True)
        names = sorted(_free_names(self.environment, body))
        # The block's code, without positions: an edit to the template's block renders it again.
        code = hashlib.sha256(repr(body).encode()).hexdigest()
        args: list[nodes.Expr] = [
            nodes.Const(code),
            nodes.Const(tuple(names)),
            nodes.List([nodes.Name(n, "load") for n in names]),
            nodes.Const(_loop_reads(body) if "loop" in names else ()),
        ]
        call = self.call_method("_fragment", args)
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(
        self,
        code: str,
        names: tuple[str, ...],
        values: list[Any],
        reads: tuple[str, ...],
        caller: Callable[[], str],
    ) -> str:
        store = _CURRENT.get()
        if store is None or store.depth:
            return caller()  # no store, or a block inside a block: rendered as it stands
        try:
            digest = hashlib.sha256(code.encode())
            for name, value in zip(names, values, strict=True):
                digest.update(name.encode())
                if isinstance(value, LoopContext):
                    digest.update(store.loop_digest(value, reads))
                else:
                    digest.update(store.digest_of(value))
        except (pickle.PicklingError, TypeError, AttributeError, ValueError):
            return caller()  # a value that cannot be hashed: render it every time
        key = digest.hexdigest()
        if key in store.previous:
            store.reused += 1
            return Markup(f'{_OPEN}r="{key}"/>')
        store.depth += 1
        try:
            found = str(caller())
        finally:
            store.depth -= 1
        if any(ref in found for ref in _RELATIONSHIP):
            return Markup(found)
        store.rendered += 1
        # Marked, so that finish() can keep it as it is written after the body's clean-up.
        return Markup(f'{_OPEN}k="{key}">{found}{_CLOSE}')


def finish(store: FragmentStore, body: str) -> str:
    """``body`` with the blocks reused from the last render put in, and the new blocks kept
    for the next one, as they stand in the finished body (line breaks, tabs, paper size)."""
    out: list[str] = []
    pos = 0
    while (start := body.find(_OPEN, pos)) >= 0:
        out.append(body[pos:start])
        kind = body[start + len(_OPEN)]
        key = body[start + len(_OPEN) + 3 : start + len(_OPEN) + 3 + _KEY]
        after = start + len(_OPEN) + 3 + _KEY + 2  # past '"/' of a reused block, '">' of a new
        if kind == "r":
            text = store.used[key] = store.previous[key]
            pos = after + 1
        else:
            end = body.index(_CLOSE, after)
            text = body[after:end]
            if store.keep_new:
                store.used[key] = text
            pos = end + len(_CLOSE)
        out.append(text)
    out.append(body[pos:])
    return "".join(out)


def marked(body: str) -> bool:
    """Whether ``body`` holds new blocks' marks."""
    return 'sakip-bagian k="' in body


def unmark(body: str) -> str:
    """``body`` without its new blocks' marks. When the body is not well-formed with them, a
    block is not balanced on its own (it opens what the template closes after it): it cannot
    stand in another body, so no new block of this render is kept."""
    store = _CURRENT.get()
    if store is not None:
        store.keep_new = False
    return _NEW_MARK.sub("", body)


def _free_names(environment: Any, body: list[nodes.Node]) -> set[str]:
    """The variables ``body`` reads that it does not set itself."""
    from jinja2 import meta

    template = nodes.Template(body)
    template.set_environment(environment)
    return set(meta.find_undeclared_variables(template))


def _loop_reads(body: list[nodes.Node]) -> tuple[str, ...]:
    """The attributes of ``loop`` the block reads; ("*",) when it uses the loop otherwise
    (passes it on, calls it), which no key can follow."""
    template = nodes.Template(body)
    names = [n for n in template.find_all(nodes.Name) if n.name == "loop"]
    reads = [
        n.attr
        for n in template.find_all(nodes.Getattr)
        if isinstance(n.node, nodes.Name) and n.node.name == "loop"
    ]
    if len(reads) < len(names):
        return ("*",)
    return tuple(sorted(set(reads)))


def _stable(value: Any) -> bytes:
    from pipeline.workspace.fingerprint import stable_bytes

    return stable_bytes(value)
