"""A small validator that turns parsed YAML into frozen dataclasses.

It reads each dataclass's type hints (str, int, date, lists, nested dataclasses, ``X | None``,
``Annotated[..., Rule]``), collects every problem with its path instead of stopping at the first,
and words them in Bahasa Indonesia. Hand-written rather than pydantic because ``sakip sop list``
must start in well under 0.3 s and pydantic's import alone costs about that on this machine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import (
    Annotated,
    Any,
    NoReturn,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

T = TypeVar("T")
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Rule:
    positive: bool = False
    nonempty: bool = False
    pattern: str | None = None
    hint: str = ""
    choices: tuple[str, ...] = ()


def one_of(*choices: str) -> Rule:
    return Rule(choices=choices)


POSITIVE = Rule(positive=True)
NONEMPTY = Rule(nonempty=True)
SLUG = Rule(
    pattern=r"^[a-z][a-z0-9_-]*$",
    hint="harus berupa kode huruf kecil, angka, '-' atau '_' yang diawali huruf, "
    "misalnya kepala_dinas",
)

DATE_HINT = "harus tanggal berformat TTTT-BB-HH, misalnya 2024-01-02"


@dataclass(frozen=True)
class Problem:
    loc: Loc
    message: str
    missing: bool = False


class _Invalid(Exception):
    pass


# Checks and builds one value; raises _Invalid after recording a problem it cannot get past.
Converter = Callable[[Any, Loc, list[Problem]], Any]


@dataclass(frozen=True)
class _Plan:
    """What building one dataclass needs, worked out once per class: reading type hints for
    every value took two thirds of the check on a config with hundreds of staff."""

    cls: type
    names: tuple[str, ...]
    known: frozenset[str]
    # (field name, converter, required) in declaration order, the order problems are reported.
    fields: tuple[tuple[str, Converter, bool], ...]


def convert(cls: type[T], data: Any) -> tuple[T | None, list[Problem]]:
    """Build ``cls`` from ``data``; on any problem return None and every problem found."""
    problems: list[Problem] = []
    try:
        value = _converter(cls)(data, (), problems)
    except _Invalid:
        value = None
    return (value if not problems else None), problems


@cache
def _plan(cls: type) -> _Plan:
    fields = dataclasses.fields(cls)
    hints = get_type_hints(cls, include_extras=True)
    return _Plan(
        cls=cls,
        names=tuple(f.name for f in fields),
        known=frozenset(f.name for f in fields),
        fields=tuple((f.name, _converter(hints[f.name]), _required(f)) for f in fields),
    )


def _required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _converter(tp: Any) -> Converter:
    """The converter for a type hint. Faults in the schema itself (an unsupported type) are
    still raised only when a value of that type is met, as before."""
    rule: Rule | None = None
    if get_origin(tp) is Annotated:
        tp, *extras = get_args(tp)
        rule = next((e for e in extras if isinstance(e, Rule)), None)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        # A rule on ``Annotated[X | None, rule]`` itself has never been applied; keep it so.
        options = [a for a in get_args(tp) if a is not type(None)]
        return functools.partial(_optional, _converter(options[0]))
    converter: Converter
    if dataclasses.is_dataclass(tp):
        # Bound lazily: the nested class's hints are read when a value of it is first built.
        converter = functools.partial(_build, tp)  # type: ignore[arg-type]
    elif origin is list:
        converter = functools.partial(_list, _converter(get_args(tp)[0]))
    elif origin is dict:
        converter = functools.partial(_mapping, _converter(get_args(tp)[1]))
    else:
        converter = _scalar(tp)
    return converter if rule is None else functools.partial(_checked, converter, rule)


def _optional(inner: Converter, value: Any, loc: Loc, problems: list[Problem]) -> Any:
    return None if value is None else inner(value, loc, problems)


def _checked(inner: Converter, rule: Rule, value: Any, loc: Loc, problems: list[Problem]) -> Any:
    result = inner(value, loc, problems)
    _apply(rule, result, loc, problems)
    return result


def _fail(problems: list[Problem], loc: Loc, message: str, value: Any = None) -> NoReturn:
    if value is not None and not isinstance(value, dict | list):
        message += f" (nilai sekarang: {value!r})"
    problems.append(Problem(loc, message))
    raise _Invalid


def _scalar(tp: Any) -> Converter:
    for kind, converter in _SCALARS:
        if tp is kind:
            return converter

    def unsupported(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        raise TypeError(f"unsupported schema type {tp!r}")  # a programming error, not user input

    return unsupported


def _text(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if type(value) is str:  # nearly every value: skip the checks below
        return value.strip()
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        _fail(problems, loc, "harus berupa teks", value)
    return str(value).strip()


def _integer(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        tail = " (tanpa desimal)" if isinstance(value, float) else ""
        _fail(problems, loc, f"harus bilangan bulat{tail}", value)
    return value


def _number(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(problems, loc, "harus berupa angka", value)
    return float(value)


def _boolean(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if not isinstance(value, bool):
        _fail(problems, loc, "harus true atau false", value)
    return value


def _date(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        _fail(problems, loc, DATE_HINT, value)


_SCALARS: tuple[tuple[type, Converter], ...] = (
    (str, _text),
    (int, _integer),
    (float, _number),
    (bool, _boolean),
    (dt.date, _date),
)


def _apply(rule: Rule, value: Any, loc: Loc, problems: list[Problem]) -> None:
    if rule.positive and value <= 0:
        _fail(problems, loc, "harus lebih besar dari 0", value)
    if rule.nonempty and not value:
        _fail(problems, loc, "tidak boleh kosong")
    if rule.pattern and not re.match(rule.pattern, value):
        _fail(problems, loc, rule.hint, value)
    if rule.choices and value not in rule.choices:
        _fail(problems, loc, f"harus salah satu dari: {', '.join(rule.choices)}", value)


def _list(item: Converter, value: Any, loc: Loc, problems: list[Problem]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(problems, loc, "harus berupa daftar (baris-baris yang diawali '- ')")
    out = []
    for i, element in enumerate(value):
        try:
            out.append(item(element, (*loc, i), problems))
        except _Invalid:
            continue
    return out


def _mapping(item: Converter, value: Any, loc: Loc, problems: list[Problem]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(problems, loc, "harus berupa kumpulan kunci: nilai")
    out = {}
    for key, element in value.items():
        try:
            out[str(key)] = item(element, (*loc, str(key)), problems)
        except _Invalid:
            continue
    return out


def _build(cls: type, value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if not isinstance(value, dict):
        _fail(problems, loc, "harus berupa kumpulan kunci: nilai")
    plan = _plan(cls)
    before = len(problems)
    misspelled = set() if plan.known.issuperset(value) else _unknown(plan, value, loc, problems)
    kwargs: dict[str, Any] = {}
    for name, converter, required in plan.fields:
        if name not in value:
            # A misspelt key already names the field it was meant to be: say it once.
            if required and name not in misspelled:
                problems.append(Problem((*loc, name), "wajib diisi", missing=True))
            continue
        try:
            kwargs[name] = converter(value[name], (*loc, name), problems)
        except _Invalid:
            continue
    if len(problems) > before:
        raise _Invalid
    return cls(**kwargs)


def _unknown(plan: _Plan, value: dict[Any, Any], loc: Loc, problems: list[Problem]) -> set[str]:
    """Report keys the dataclass lacks; returns the field names suggested for them."""
    misspelled: set[str] = set()
    for key in value:
        if key not in plan.known:
            hint = difflib.get_close_matches(str(key), list(plan.names), n=1, cutoff=0.6)
            tip = f" Maksud Anda '{hint[0]}'?" if hint else ""
            misspelled.update(hint)
            problems.append(
                Problem(
                    (*loc, str(key)),
                    f"kunci tidak dikenal.{tip} Kunci yang diizinkan: {', '.join(plan.names)}.",
                )
            )
    return misspelled
