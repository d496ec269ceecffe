"""Regenerate the default docx templates under templates/.

The templates are ordinary Word documents holding docxtpl tags; an office may open and restyle
them in Word (or put its own copy in a workspace's templates/). This script is how the shipped
defaults are made, so that their layout is reviewable as code (tools/templates/: common.py for
the shared parts, one module per family of documents, a ``make_<name>`` function per
template):

    .venv/bin/python tools/make_templates.py [OUT_DIR]

Each file is written with fixed document properties and zip timestamps, so regenerating gives
identical bytes and a diff of templates/ shows only real change.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tools.templates  # noqa: E402


def generators() -> dict[str, Callable[[Path], None]]:
    """Every default template by file name (sop_specs/dokumen/dokumen.yaml names them): each
    ``make_<name>`` function of a module in tools/templates/ writes ``<name>.docx``, its
    underscores written as hyphens (``make_surat_perihal`` -> ``surat-perihal.docx``), so a
    new generator is found without being listed here."""
    found: dict[str, Callable[[Path], None]] = {}
    for info in sorted(pkgutil.iter_modules(tools.templates.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"tools.templates.{info.name}")
        for name, make in vars(module).items():
            if name.startswith("make_") and getattr(make, "__module__", "") == module.__name__:
                found[name.removeprefix("make_").replace("_", "-") + ".docx"] = make
    return found


def build_all(out: Path) -> list[Path]:
    """Write every template into ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in generators().items():
        make(out / name)
        written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "templates"
    written = build_all(out)
    print(f"{len(written)} templat ditulis ke {out}")


if __name__ == "__main__":
    main()
