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
import re
import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, get_type_hints

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


def convert(cls: type[T], data: Any) -> tuple[T | None, list[Problem]]:
    """Build ``cls`` from ``data``; on any problem return None and every problem found."""
    problems: list[Problem] = []
    try:
        value = _convert(cls, data, (), problems)
    except _Invalid:
        value = None
    return (value if not problems else None), problems


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _convert(tp: Any, value: Any, loc: Loc, problems: list[Problem]) -> Any:
    rule: Rule | None = None
    if get_origin(tp) is Annotated:
        tp, *extras = get_args(tp)
        rule = next((e for e in extras if isinstance(e, Rule)), None)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        return None if value is None else _convert(options[0], value, loc, problems)
    if dataclasses.is_dataclass(tp):
        result = _build(tp, value, loc, problems)  # type: ignore[arg-type]
    elif origin is list:
        result = _list(get_args(tp)[0], value, loc, problems)
    elif origin is dict:
        result = _mapping(get_args(tp)[1], value, loc, problems)
    else:
        result = _scalar(tp, value, loc, problems)
    if rule is not None:
        _apply(rule, result, loc, problems)
    return result


def _fail(problems: list[Problem], loc: Loc, message: str, value: Any = None) -> None:
    if value is not None and not isinstance(value, dict | list):
        message += f" (nilai sekarang: {value!r})"
    problems.append(Problem(loc, message))
    raise _Invalid


def _scalar(tp: Any, value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if tp is str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            _fail(problems, loc, "harus berupa teks", value)
        return str(value).strip()
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            tail = " (tanpa desimal)" if isinstance(value, float) else ""
            _fail(problems, loc, f"harus bilangan bulat{tail}", value)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            _fail(problems, loc, "harus berupa angka", value)
        return float(value)
    if tp is bool:
        if not isinstance(value, bool):
            _fail(problems, loc, "harus true atau false", value)
        return value
    if tp is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            _fail(problems, loc, DATE_HINT, value)
    raise TypeError(f"unsupported schema type {tp!r}")  # a programming error, not user input


def _apply(rule: Rule, value: Any, loc: Loc, problems: list[Problem]) -> None:
    if rule.positive and value <= 0:
        _fail(problems, loc, "harus lebih besar dari 0", value)
    if rule.nonempty and not value:
        _fail(problems, loc, "tidak boleh kosong")
    if rule.pattern and not re.match(rule.pattern, value):
        _fail(problems, loc, rule.hint, value)
    if rule.choices and value not in rule.choices:
        _fail(problems, loc, f"harus salah satu dari: {', '.join(rule.choices)}", value)


def _list(item: Any, value: Any, loc: Loc, problems: list[Problem]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(problems, loc, "harus berupa daftar (baris-baris yang diawali '- ')")
    out = []
    for i, element in enumerate(value):
        try:
            out.append(_convert(item, element, (*loc, i), problems))
        except _Invalid:
            continue
    return out


def _mapping(item: Any, value: Any, loc: Loc, problems: list[Problem]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(problems, loc, "harus berupa kumpulan kunci: nilai")
    out = {}
    for key, element in value.items():
        try:
            out[str(key)] = _convert(item, element, (*loc, str(key)), problems)
        except _Invalid:
            continue
    return out


def _build(cls: type, value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if not isinstance(value, dict):
        _fail(problems, loc, "harus berupa kumpulan kunci: nilai")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = _hints(cls)
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
            # A misspelt key already names the field it was meant to be: say it once.
            if required and name not in misspelled:
                problems.append(Problem((*loc, name), "wajib diisi", missing=True))
            continue
        try:
            kwargs[name] = _convert(hints[name], value[name], (*loc, name), problems)
        except _Invalid:
            continue
    if len(problems) > before:
        raise _Invalid
    return cls(**kwargs)
