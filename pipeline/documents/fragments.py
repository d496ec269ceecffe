"""The ``{% bagian %}`` ... ``{% endbagian %}`` tag: accepted, and renders its block as if it
were not there.

Earlier versions kept the rendered XML of each such block (one unit's part of a compilation)
between builds and copied it into the next build when nothing it showed had changed. That cache
is gone (the rebuild after one unit changed stays within its time budget without it, see
bench/RESULTS.md); the tag stays, so that templates written for it (``{%p bagian %}``,
``{%tr bagian %}``) still render.
"""

from __future__ import annotations

from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension


class FragmentExtension(Extension):
    """The ``{% bagian %}`` ... ``{% endbagian %}`` tag, rendering its body unchanged."""

    tags = {"bagian"}  # noqa: RUF012 (Jinja's own declaration is a plain set)

    def parse(self, parser: Any) -> list[nodes.Node]:
        next(parser.stream)
        body: list[nodes.Node] = parser.parse_statements(("name:endbagian",), drop_needle=True)
        return body
