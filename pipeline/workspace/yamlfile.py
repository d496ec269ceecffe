"""Read a hand-edited YAML file into a checked dataclass, reporting problems for people.

Shared by the SOP specs, the workspace config and the validation rules: each problem names the
file, the line, the path inside the file and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from pipeline.workspace.schema import Problem, convert

T = TypeVar("T")


def _make_loader() -> type[yaml.SafeLoader]:
    """A safe loader that reads ``no``/``yes``/``on``/``off`` as text (YAML 1.2), since a step's
    ``no:`` key would otherwise turn into False. Uses libyaml when present (faster)."""
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("SakipLoader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    return cast(type[yaml.SafeLoader], loader)


Loader = _make_loader()


def label_of(path: Path, base: Path | None) -> str:
    """How a file is named in messages: relative to the workspace when inside it."""
    if base is not None and path.is_relative_to(base):
        return str(path.relative_to(base))
    return f"{path.parent.name}/{path.name}"


def read_yaml(path: Path, label: str, problems: list[str]) -> tuple[Any, str] | None:
    """Parse ``path``; on failure append a message to ``problems`` and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        problems.append(f"{label}: berkas tidak dapat dibaca ({err}). Simpan sebagai teks UTF-8.")
        return None
    try:
        return yaml.load(text, Loader=Loader), text
    except yaml.YAMLError as err:
        problems.append(f"{label}: {_yaml_error(err)}")
        return None


def load_checked(cls: type[T], path: Path, label: str, problems: list[str]) -> tuple[T, str] | None:
    """Parse ``path`` and check it against the dataclass ``cls``."""
    read = read_yaml(path, label, problems)
    if read is None:
        return None
    data, text = read
    if not isinstance(data, dict):
        problems.append(f"{label}: isi berkas harus berupa kumpulan kunci: nilai.")
        return None
    value, found = convert(cls, data)
    if value is None:
        problems.extend(format_problems(found, label, text))
        return None
    return value, text


def _yaml_error(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    where = f"baris {mark.line + 1}, kolom {mark.column + 1}: " if mark else ""
    problem = getattr(err, "problem", None) or str(err)
    return (
        f"{where}penulisan YAML tidak sah ({problem}). Periksa indentasi (spasi, bukan tab) "
        "dan tanda titik dua."
    )


def format_problems(found: list[Problem], label: str, text: str) -> Iterator[str]:
    for problem in found:
        loc = list(problem.loc)
        target = loc[:-1] if problem.missing else loc
        yield f"{where(label, text, target)}: {format_path(loc)}: {problem.message}"


def where(label: str, text: str, loc: list[Any]) -> str:
    line = line_of(text, loc) if loc else None
    return f"{label}, baris {line}" if line else label


def format_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(seluruh berkas)"


def line_of(text: str, loc: list[Any]) -> int | None:
    """The 1-based line where ``loc`` sits in the YAML text, found only when reporting."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            return None
    return node.start_mark.line + 1 if node is not None else None


def load_spec(workspace: Any, relative: str, cls: type[T], what: str) -> tuple[T, str]:
    """A single spec file under sop_specs/ (the workspace's copy, else the default), checked
    against ``cls``; returns it with its label. Raises SpecError naming every problem."""
    from pipeline.errors import SpecError
    from pipeline.workspace.paths import SPECS_DIR

    name = Path(relative).name
    path = workspace.overlay(SPECS_DIR, relative).get(name)
    if path is None:
        raise SpecError([f"{SPECS_DIR}/{relative}: {what} tidak ada."])
    problems: list[str] = []
    label = label_of(path, workspace.root)
    loaded = load_checked(cls, path, label, problems)
    if loaded is None:
        raise SpecError(problems)
    return loaded[0], label
