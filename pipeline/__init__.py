"""sakip: dokumen Perencanaan dan Pelaporan Kinerja (SAKIP) dari SOP dan data kinerja.

The public API is what ``__all__`` lists. Names are resolved on first use, so importing the
package (as every ``sakip`` command does) costs nothing until a name is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "SakipError": "pipeline.errors",
    "SpecError": "pipeline.errors",
    "TemplateError": "pipeline.errors",
    "UnknownSopError": "pipeline.errors",
    "WorkspaceError": "pipeline.errors",
    "Sop": "pipeline.sop.model",
    "load_sop": "pipeline.sop.load",
    "load_sops": "pipeline.sop.load",
    "Workspace": "pipeline.workspace.paths",
}

__all__ = [
    "SakipError",
    "Sop",
    "SpecError",
    "TemplateError",
    "UnknownSopError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "load_sop",
    "load_sops",
]

if TYPE_CHECKING:
    from pipeline.errors import (
        SakipError,
        SpecError,
        TemplateError,
        UnknownSopError,
        WorkspaceError,
    )
    from pipeline.sop.load import load_sop, load_sops
    from pipeline.sop.model import Sop
    from pipeline.workspace.paths import Workspace


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    return getattr(import_module(module), name)
