"""The sped-up config checking gives exactly what the plain code gave, problems included.

``workspace.schema`` compiles a converter per dataclass, and the config's duplicate checks count
in one pass. Each is compared here with the straightforward code it replaced, kept below as the
reference: the schema on the shipped specs changed at random.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.checker.sections import JenisDokumen
from pipeline.documents.registry import Registry
from pipeline.ingest.rules import AturanSet
from pipeline.sop.model import Sop
from pipeline.workspace.config import Config, _repeated
from pipeline.workspace.layout import Layout
from pipeline.workspace.schema import DATE_HINT, Problem, Rule, convert
from pipeline.workspace.yamlfile import Loader

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "sop_specs"


# --- the schema check as it was, kept as the oracle -------------------------------------------


class _RefInvalid(Exception):
    pass


def reference_convert(cls: type, data: Any) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    try:
        value = _ref(cls, data, (), problems)
    except _RefInvalid:
        value = None
    return (value if not problems else None), problems


@cache
def _ref_hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _ref(tp: Any, value: Any, loc: tuple[Any, ...], problems: list[Problem]) -> Any:
    rule: Rule | None = None
    if get_origin(tp) is Annotated:
        tp, *extras = get_args(tp)
        rule = next((e for e in extras if isinstance(e, Rule)), None)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        return None if value is None else _ref(options[0], value, loc, problems)
    if dataclasses.is_dataclass(tp):
        result = _ref_build(tp, value, loc, problems)  # type: ignore[arg-type]
    elif origin is list:
        result = _ref_list(get_args(tp)[0], value, loc, problems)
    elif origin is dict:
        result = _ref_mapping(get_args(tp)[1], value, loc, problems)
    else:
        result = _ref_scalar(tp, value, loc, problems)
    if rule is not None:
        _ref_apply(rule, result, loc, problems)
    return result


def _ref_fail(problems: list[Problem], loc: Any, message: str, value: Any = None) -> None:
    if value is not None and not isinstance(value, dict | list):
        message += f" (nilai sekarang: {value!r})"
    problems.append(Problem(loc, message))
    raise _RefInvalid


def _ref_scalar(tp: Any, value: Any, loc: Any, problems: list[Problem]) -> Any:
    if tp is str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            _ref_fail(problems, loc, "harus berupa teks", value)
        return str(value).strip()
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            tail = " (tanpa desimal)" if isinstance(value, float) else ""
            _ref_fail(problems, loc, f"harus bilangan bulat{tail}", value)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            _ref_fail(problems, loc, "harus berupa angka", value)
        return float(value)
    if tp is bool:
        if not isinstance(value, bool):
            _ref_fail(problems, loc, "harus true atau false", value)
        return value
    if tp is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            _ref_fail(problems, loc, DATE_HINT, value)
    raise TypeError(f"unsupported schema type {tp!r}")


def _ref_apply(rule: Rule, value: Any, loc: Any, problems: list[Problem]) -> None:
    if rule.positive and value <= 0:
        _ref_fail(problems, loc, "harus lebih besar dari 0", value)
    if rule.nonempty and not value:
        _ref_fail(problems, loc, "tidak boleh kosong")
    if rule.pattern and not re.match(rule.pattern, value):
        _ref_fail(problems, loc, rule.hint, value)
    if rule.choices and value not in rule.choices:
        _ref_fail(problems, loc, f"harus salah satu dari: {', '.join(rule.choices)}", value)


def _ref_list(item: Any, value: Any, loc: Any, problems: list[Problem]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        _ref_fail(problems, loc, "harus berupa daftar (baris-baris yang diawali '- ')")
    out = []
    for i, element in enumerate(value):
        try:
            out.append(_ref(item, element, (*loc, i), problems))
        except _RefInvalid:
            continue
    return out


def _ref_mapping(item: Any, value: Any, loc: Any, problems: list[Problem]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _ref_fail(problems, loc, "harus berupa kumpulan kunci: nilai")
    out = {}
    for key, element in value.items():
        try:
            out[str(key)] = _ref(item, element, (*loc, str(key)), problems)
        except _RefInvalid:
            continue
    return out


def _ref_build(cls: type, value: Any, loc: Any, problems: list[Problem]) -> Any:
    if not isinstance(value, dict):
        _ref_fail(problems, loc, "harus berupa kumpulan kunci: nilai")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = _ref_hints(cls)
    before = len(problems)
    misspelled: set[str] = set()
    for key in value:
        if key not in fields:
            hint = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
            tip = f" Maksud Anda '{hint[0]}'?" if hint else ""
            misspelled.update(hint)
            problems.append(
                Problem(
                    (*loc, str(key)),
                    f"kunci tidak dikenal.{tip} Kunci yang diizinkan: {', '.join(fields)}.",
                )
            )
    kwargs: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in value:
            required = (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            )
            if required and name not in misspelled:
                problems.append(Problem((*loc, name), "wajib diisi", missing=True))
            continue
        try:
            kwargs[name] = _ref(hints[name], value[name], (*loc, name), problems)
        except _RefInvalid:
            continue
    if len(problems) > before:
        raise _RefInvalid
    return cls(**kwargs)


# --- the schema: shipped specs, then the same changed at random --------------------------------


def _seeds() -> list[tuple[type, Path]]:
    seeds: list[tuple[type, Path]] = [(Config, ROOT / "sakip.yaml")]
    seeds += [(Sop, path) for path in sorted(SPECS.glob("*.yaml"))]
    seeds += [(JenisDokumen, path) for path in sorted((SPECS / "bagian").glob("*.yaml"))]
    seeds += [
        (AturanSet, SPECS / "validasi" / "aturan.yaml"),
        (Layout, SPECS / "validasi" / "buku-kerja.yaml"),
        (Registry, SPECS / "dokumen" / "dokumen.yaml"),
    ]
    return seeds


SEEDS = [
    (cls, yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)) for cls, path in _seeds()
]

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-2, 2, allow_nan=False),
    st.sampled_from(["", "  x ", "bidang", "Plt.", "F4", "BID-1", "bid", "kepala_dinas", "a b"]),
    st.sampled_from(["2024-01-02", "2024-13-01", "{urut}"]),
    st.text(max_size=4),
    st.dates(),
    st.datetimes(),
    st.lists(st.sampled_from(["a", "", 1, None]), max_size=2),
    st.dictionaries(
        st.sampled_from(["nama", "jabatan", "x"]), st.sampled_from(["a", "", 1]), max_size=2
    ),
)


def _new_key(draw: Any, key: Any) -> Any:
    text = str(key)
    return draw(st.sampled_from([text[:-1] or "k", f"{text}s", text.capitalize(), "lain", 7]))


def _changed(data: Any, draw: Any) -> Any:
    """A copy of ``data`` with one thing changed somewhere inside: a key dropped, added, renamed
    or misspelt, or a value swapped for one of another type."""
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(data, key=str)))
        action = draw(st.sampled_from(["inside", "inside", "value", "drop", "add", "rename"]))
        out = dict(data)
        if action == "inside":
            out[key] = _changed(data[key], draw)
        elif action == "value":
            out[key] = draw(VALUES)
        elif action == "drop":
            del out[key]
        elif action == "add":
            out[_new_key(draw, key)] = draw(VALUES)
        else:
            new = _new_key(draw, key)
            out = {(new if k == key else k): v for k, v in data.items()}
        return out
    if isinstance(data, list) and data:
        index = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["inside", "inside", "value", "drop", "add"]))
        out_list = list(data)
        if action == "inside":
            out_list[index] = _changed(data[index], draw)
        elif action == "value":
            out_list[index] = draw(VALUES)
        elif action == "drop":
            del out_list[index]
        else:
            out_list.insert(index, draw(VALUES))
        return out_list
    return draw(VALUES)


def _outcome(check: Any, cls: type, data: Any) -> Any:
    try:
        return check(cls, data)
    except Exception as err:  # a schema fault must surface the same way too
        return type(err), str(err)


@pytest.mark.parametrize(("cls", "data"), SEEDS, ids=[p.name for _, p in _seeds()])
def test_shipped_specs_convert_as_before(cls: type, data: Any) -> None:
    value, problems = convert(cls, data)
    assert problems == []
    assert (value, problems) == reference_convert(cls, data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_changed_specs_give_the_same_problems_in_the_same_order(data: st.DataObject) -> None:
    cls, seed = data.draw(st.sampled_from(SEEDS))
    changed = seed
    for _ in range(data.draw(st.integers(1, 3))):
        changed = _changed(changed, data.draw)
    assert _outcome(convert, cls, changed) == _outcome(reference_convert, cls, changed)


@given(st.one_of(VALUES, st.dictionaries(st.text(max_size=3), VALUES, max_size=3)))
def test_any_top_level_value_converts_as_before(value: Any) -> None:
    assert _outcome(convert, Config, value) == _outcome(reference_convert, Config, value)


# --- The config's duplicate checks -------------------------------------------------------------


@given(st.lists(st.sampled_from(["A", "B", "b", "19800001", "", "C-1"]), max_size=12))
def test_repeated_values_as_before(values: list[str]) -> None:
    assert _repeated(iter(values)) == sorted({v for v in values if values.count(v) > 1})
