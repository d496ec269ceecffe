"""The layout rule of docs/ARCHITECTURE.md, enforced on the source itself.

Every module under ``pipeline/`` is parsed (not imported) and each import it makes, at the top
or inside a function, under ``TYPE_CHECKING`` or through ``importlib.import_module("...")``,
is resolved to the stage it reaches. A stage may import only from its own stage or a
lower-ranked one; the library never imports the CLI.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import SakipError

PACKAGE = Path(pipeline.__file__).resolve().parent

# docs/ARCHITECTURE.md, "Stages": the folder (or top-level module) and its rank.
RANKS: dict[str, int] = {
    "errors": 0,
    "workspace": 1,
    "office": 1,
    "sop": 2,
    "ingest": 2,
    "validate": 3,
    "process": 3,
    "rekap": 4,
    "workbook": 4,
    "documents": 5,
    "archive": 5,
    "example": 5,
    "build": 6,
    "checker": 7,
    "cli": 8,
    # The web desk: calls the library like the CLI does, never the CLI itself.
    "web": 8,
    # The entry point ``python -m pipeline`` starts the CLI.
    "__main__": 9,
}
TOP_LEVEL = {"__init__.py", "__main__.py", "errors.py"}


@dataclass(frozen=True)
class Import:
    module: str
    """The importing module, dotted (``pipeline.build.plan``)."""
    target: str
    """The module reached, dotted (``pipeline.documents.contexts``)."""
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_module(dotted: str) -> bool:
    relative = Path(*dotted.split(".")[1:]) if "." in dotted else Path()
    base = PACKAGE / relative
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _package_exports() -> dict[str, str]:
    """``pipeline/__init__.py``'s lazy exports: name -> the module that defines it."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "_EXPORTS" for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            return {
                ast.literal_eval(k): ast.literal_eval(v)
                for k, v in zip(node.value.keys, node.value.values, strict=True)
                if k is not None
            }
    return {}


def _imports(name: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    exports = _package_exports()
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(name, a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                source = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                # ``from pipeline.documents import model`` reaches the module ``model``;
                # ``from pipeline import load_sops`` reaches what the package exports.
                submodule = f"{source}.{alias.name}"
                if source.startswith("pipeline") and _is_module(submodule):
                    found.append(Import(name, submodule, node.lineno))
                elif source == "pipeline" and alias.name in exports:
                    found.append(Import(name, exports[alias.name], node.lineno))
                else:
                    found.append(Import(name, source, node.lineno))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(Import(name, node.args[0].value, node.lineno))
    return [i for i in found if i.target == "pipeline" or i.target.startswith("pipeline.")]


def _stage(dotted: str) -> str | None:
    """The stage a module belongs to; None for the package root ``pipeline`` itself."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else None


def _rank(dotted: str) -> int:
    stage = _stage(dotted)
    if stage is None:
        return 0  # ``from pipeline import __version__``: the root holds only the version
    return RANKS[stage]


ALL = _modules()


def test_every_stage_has_a_rank() -> None:
    stages = {_stage(name) for name in ALL} - {None}
    assert stages <= set(RANKS), f"stage without a rank in RANKS: {stages - set(RANKS)}"


def test_top_level_holds_only_the_package_files() -> None:
    loose = {p.name for p in PACKAGE.iterdir() if p.is_file() and p.suffix == ".py"}
    assert loose == TOP_LEVEL


def _upward(name: str, path: Path) -> list[str]:
    own = _rank(name)
    return [
        f"{name}:{i.line} imports {i.target} (rank {_rank(i.target)} > {own})"
        for i in _imports(name, path)
        if _rank(i.target) > own
    ]


@pytest.mark.parametrize("name", [n for n in ALL if n != "pipeline"])
def test_imports_go_down_the_stages(name: str) -> None:
    wrong = _upward(name, ALL[name])
    assert not wrong, "\n".join(wrong)


def test_the_library_never_imports_the_cli() -> None:
    wrong = [
        f"{i.module}:{i.line} imports {i.target}"
        for name, path in ALL.items()
        if _stage(name) not in ("cli", "__main__")
        for i in _imports(name, path)
        if _stage(i.target) == "cli"
    ]
    assert not wrong, "\n".join(wrong)


def test_the_package_root_exports_only_lower_stages() -> None:
    """``pipeline/__init__.py`` re-exports names lazily; none may come from the CLI."""
    assert all(_stage(m) != "cli" for m in _package_exports().values())


def test_the_rule_sees_lazy_and_package_imports(tmp_path: Path) -> None:
    """The parser finds what a careless change would add: an import inside a function, a
    relative one, ``from pipeline import x`` and ``import_module("...")``."""
    source = tmp_path / "probe.py"
    source.write_text(
        "def f():\n"
        "    from pipeline.cli import main\n"
        "    from pipeline import documents, load_sops\n"
        "    from ..build import plan\n"
        "    import importlib\n"
        "    importlib.import_module('pipeline.checker.check')\n",
        encoding="utf-8",
    )
    found = {i.target for i in _imports("pipeline.ingest.probe", source)}
    assert found == {
        "pipeline.cli.main",
        "pipeline.documents",
        "pipeline.sop.load",
        "pipeline.build.plan",
        "pipeline.checker.check",
    }
    assert len(_upward("pipeline.ingest.probe", source)) == 4  # all but sop.load


def _error_classes() -> dict[str, str]:
    """Every class under pipeline/ that derives from SakipError (by name, through any chain
    of bases), with the module that defines it."""
    classes: list[tuple[str, list[str], str]] = []
    for name, path in ALL.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b).rpartition(".")[2] for b in node.bases]
                classes.append((node.name, bases, name))
    errors = {"SakipError": "pipeline.errors"}
    grew = True
    while grew:
        grew = False
        for cls, bases, module in classes:
            if cls not in errors and any(b in errors for b in bases):
                errors[cls] = module
                grew = True
    return errors


def test_every_sakip_error_lives_in_errors_py() -> None:
    elsewhere = {cls: m for cls, m in _error_classes().items() if m != "pipeline.errors"}
    assert not elsewhere


def test_every_sakip_error_lives_in_errors_py_at_run_time() -> None:
    """The same, by importing every module and walking ``SakipError``'s subclasses (catches
    a base imported under another name)."""
    for info in pkgutil.walk_packages([str(PACKAGE)], "pipeline."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    seen, todo = set(), [SakipError]
    while todo:
        cls = todo.pop()
        seen.add(cls)
        todo += [c for c in cls.__subclasses__() if c not in seen]
    assert {c.__module__ for c in seen} == {"pipeline.errors"}
