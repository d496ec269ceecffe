"""sakip: dokumen Perencanaan dan Pelaporan Kinerja (SAKIP) dari SOP dan data kinerja.

The public API is what ``__all__`` lists. Names are resolved on first use, so importing the
package (as every ``sakip`` command does) costs nothing until a name is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "SakipError": "pipeline.exceptions",
    "SpecError": "pipeline.exceptions",
    "TemplateError": "pipeline.exceptions",
    "UnknownSopError": "pipeline.exceptions",
    "WorkspaceError": "pipeline.exceptions",
    "Sop": "pipeline.sop_model",
    "load_sop": "pipeline.specs",
    "load_sops": "pipeline.specs",
    "Workspace": "pipeline.workspace",
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
    from pipeline.exceptions import (
        SakipError,
        SpecError,
        TemplateError,
        UnknownSopError,
        WorkspaceError,
    )
    from pipeline.sop_model import Sop
    from pipeline.specs import load_sop, load_sops
    from pipeline.workspace import Workspace


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    return getattr(import_module(module), name)
