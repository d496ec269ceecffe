"""The one format of everything a build keeps in ``.sakip-cache``: data, never code.

``.sakip-cache`` may sit in a folder others can write to (units drop their workbooks next to
it), so nothing read from it may run code: no pickle, no marshal. A cache file is
zlib-compressed JSON that names what it holds and the format version it was written in; a
file that does not decompress, parse or name the expected kind and version is ignored (the
caller works as if it were not there; deleting the cache costs time only).

Values that JSON has no type for are written tagged, as an object with one key starting with
``$``: ``{"$t": [...]}`` a tuple, ``{"$s": [...]}`` a set, ``{"$d": "2024-01-02"}`` a date,
``{"$dt": ...}`` a datetime, ``{"$tm": ...}`` a time, ``{"$dec": "1.50"}`` a Decimal and
``{"$m": [[key, value], ...]}`` a mapping whose keys are not plain strings (or start with
``$``). Anything else (an object of some class) cannot be written: :func:`encode` raises
TypeError and the caller keeps nothing. Reading builds only these types.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import zlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

_PLAIN = (str, int, float, bool, type(None))


def encode(kind: str, version: int, data: Any) -> bytes:
    """``data`` as the bytes of a cache file of ``kind`` in format ``version``.

    Raises TypeError for a value of a type this format does not hold."""
    document = {"jenis": kind, "versi": version, "isi": _tagged(data)}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    return zlib.compress(text.encode("utf-8"), 1)


def decode(payload: bytes, kind: str, version: int) -> Any | None:
    """The data of a cache file of ``kind`` in format ``version``, or None when ``payload``
    is not one (another format, another kind, damaged, or not ours at all)."""
    try:
        text = zlib.decompress(payload).decode("utf-8")
        document = json.loads(text, object_hook=_untagged)
    except (zlib.error, UnicodeDecodeError, ValueError, TypeError, RecursionError):
        return None
    if (
        not isinstance(document, dict)
        or document.get("jenis") != kind
        or document.get("versi") != version
        or "isi" not in document
    ):
        return None
    return document["isi"]


def load(path: Path, kind: str, version: int) -> Any | None:
    """The data of the cache file at ``path``, or None when it is missing or not usable."""
    try:
        payload = path.read_bytes()
    except OSError:
        return None
    return decode(payload, kind, version)


def _tagged(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [_tagged(v) for v in value]
    if kind is dict:
        if all(type(k) is str and not k.startswith("$") for k in value):
            return {k: _tagged(v) for k, v in value.items()}
        return {"$m": [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    if kind is tuple:
        return {"$t": [_tagged(v) for v in value]}
    if kind is set or kind is frozenset:
        items = [_tagged(v) for v in value]
        with contextlib.suppress(TypeError):  # sorted when it can be: written the same way
            items.sort()
        return {"$s" if kind is set else "$fs": items}
    if kind is dt.datetime:
        if value.tzinfo is not None:
            raise TypeError("a datetime with a time zone is not kept")
        return {"$dt": value.isoformat()}
    if kind is dt.date:
        return {"$d": value.isoformat()}
    if kind is dt.time:
        if value.tzinfo is not None:
            raise TypeError("a time with a time zone is not kept")
        return {"$tm": value.isoformat()}
    if kind is Decimal:
        return {"$dec": str(value)}
    raise TypeError(f"a {kind.__name__} cannot be kept in a cache file")


def _untagged(found: dict[str, Any]) -> Any:
    if len(found) != 1:
        return found
    [(key, value)] = found.items()
    if not key.startswith("$"):
        return found
    try:
        match key:
            case "$t":
                return tuple(_list(value))
            case "$s":
                return set(_list(value))
            case "$fs":
                return frozenset(_list(value))
            case "$m":
                return {k: v for k, v in (_pair(p) for p in _list(value))}
            case "$d":
                return dt.date.fromisoformat(_str(value))
            case "$dt":
                return dt.datetime.fromisoformat(_str(value))
            case "$tm":
                return dt.time.fromisoformat(_str(value))
            case "$dec":
                return Decimal(_str(value))
    except InvalidOperation as err:
        raise ValueError(str(err)) from err
    raise ValueError(f"unknown tag {key}")


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError("a tagged value holds a list")
    return value


def _str(value: Any) -> str:
    if type(value) is not str:
        raise ValueError("a tagged value holds a text")
    return value


def _pair(value: Any) -> tuple[Any, Any]:
    if type(value) is not list or len(value) != 2:
        raise ValueError("a mapping's item is a pair")
    return value[0], value[1]
