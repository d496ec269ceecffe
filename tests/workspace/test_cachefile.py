"""Cache files hold data only, typed values written explicitly and read back the same."""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

import pytest

from pipeline.workspace import cachefile


def test_typed_values_come_back_as_they_were() -> None:
    data = {
        "angka": [1, 2.5, -0.0, True, None, "teks"],
        "tanggal": dt.date(2024, 1, 2),
        "waktu": dt.datetime(2024, 1, 2, 3, 4, 5),
        "jam": dt.time(7, 30),
        "uang": Decimal("1250000.50"),
        "pasangan": ("B2", 3),
        "tidak_terbaca": {"realisasi", "target"},
        "beku": frozenset({1}),
        "kunci_bukan_teks": {1: "a", ("x", 2): "b"},
        "$tampak_tag": {"$t": [1]},
    }
    back = cachefile.decode(cachefile.encode("uji", 1, data), "uji", 1)
    assert back == data
    assert type(back["pasangan"]) is tuple and type(back["uang"]) is Decimal
    assert type(back["tanggal"]) is dt.date and type(back["waktu"]) is dt.datetime


class _Objek:
    pass


@pytest.mark.parametrize(
    "value", [_Objek(), b"bytes", dt.datetime(2024, 1, 1, tzinfo=dt.UTC), [object()]]
)
def test_anything_else_cannot_be_kept(value: object) -> None:
    with pytest.raises(TypeError):
        cachefile.encode("uji", 1, {"x": value})


@pytest.mark.parametrize(
    "text",
    [
        '{"jenis": "uji", "versi": 1, "isi": {"$tidak-dikenal": 1}}',
        '{"jenis": "uji", "versi": 1, "isi": {"$s": [[1]]}}',
        '{"jenis": "uji", "versi": 1, "isi": {"$d": "bukan tanggal"}}',
        '{"jenis": "uji", "versi": 1, "isi": {"$dec": "x"}}',
        '{"jenis": "uji", "versi": 1}',
        "[1, 2]",
    ],
)
def test_what_does_not_parse_or_match_is_ignored(text: str) -> None:
    assert cachefile.decode(zlib.compress(text.encode()), "uji", 1) is None
