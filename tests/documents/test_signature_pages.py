"""A signature block never stands alone on a page: documents whose table grows row by row
until the block meets a page boundary, rendered, printed through LibreOffice, and read back
page by page (pdftotext). The page that holds the signer's name must also hold rows of the
table. The same documents rendered without the fix (the block left after the table) show
that the sizes chosen do put a block alone on a page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import document_contexts as dc
import pytest
from conftest_tools import require_tool

from pipeline.documents import render
from pipeline.office.pdf_convert import convert_to_pdf

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A table row as pdftotext prints it: its number at the left ("14", "7."), then text.
ROW = re.compile(r"^\s*\d{1,3}\.?\s+\S", re.M)


def _indicators(count: int, base: list[Any]) -> list[Any]:
    return [
        replace(
            base[i % len(base)],
            no=i + 1,
            indikator=f"Indikator nomor {i + 1:02d}",
            sasaran=f"Sasaran {i // 2 + 1:02d}",
        )
        for i in range(count)
    ]


def _rak(count: int) -> Any:
    return dc.rencana_aksi(indikator=_indicators(count, dc.indikator(measured=False)))


def _form(count: int) -> Any:
    return dc.pengukuran(indikator=_indicators(count, dc.indikator_tw()))


def _daftar_hadir(count: int) -> Any:
    people = [replace(dc.KASUBBAG, nama=f"Peserta Nomor {i + 1:02d}") for i in range(count)]
    return replace(dc.rapat(), peserta=people)


# template, context for a table of n rows, the sizes to try, the signer printed last.
CASES: list[tuple[str, Callable[[int], Any], range, str]] = [
    ("rencana-aksi.docx", _rak, range(4, 17), dc.KABID_BKP.nama),
    ("form-pengukuran.docx", _form, range(10, 24), dc.KABID_BKP.nama),
    ("daftar-hadir.docx", _daftar_hadir, range(8, 22), dc.KEPALA_DINAS.nama),
]


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def _alone(pages: list[str], signer: str) -> bool:
    """The last page with the signer's name holds no table row."""
    page = next(p for p in reversed(pages) if signer in p)
    return ROW.search(page) is None


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int, bool], Path]:
    require_tool("soffice")
    require_tool("pdftotext")
    folder = tmp_path_factory.mktemp("ttd")
    docs: dict[Path, tuple[str, int, bool]] = {}
    stamp = dt.datetime(2024, 1, 1)
    for name, context, sizes, _ in CASES:
        for count in sizes:
            for fixed in (True, False):
                target = folder / f"{name[:-5]}-{count:02d}-{'ok' if fixed else 'lama'}.docx"
                keep = render.keep_signatures_with_tables
                if not fixed:  # as before: the block after the table, on its own
                    render.keep_signatures_with_tables = lambda body: body  # type: ignore[assignment]
                try:
                    render.render_docx(
                        TEMPLATES / name, context(count), target, title="t", stamp=stamp
                    )
                finally:
                    render.keep_signatures_with_tables = keep  # type: ignore[assignment]
                docs[target] = (name, count, fixed)
    out = {}
    for converted in convert_to_pdf(list(docs), stamp=stamp):
        assert converted.pdf is not None, converted.problem
        out[docs[converted.source]] = converted.pdf
    return out


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_signature_block_keeps_rows_of_its_table(
    printed: dict[tuple[str, int, bool], Path], case: tuple[str, Any, range, str]
) -> None:
    name, _, sizes, signer = case
    before = [n for n in sizes if _alone(_pages(printed[(name, n, False)]), signer)]
    assert before, f"{name}: no size put the block alone on a page; the test proves nothing"
    alone = [n for n in sizes if _alone(_pages(printed[(name, n, True)]), signer)]
    assert not alone, f"{name}: the signature stands alone on a page with {alone} rows"
    # Where the block went over with rows, the table's header was repeated above them.
    for n in before:
        pages = _pages(printed[(name, n, True)])
        assert len(pages) > 1
        assert "No." in next(p for p in reversed(pages) if signer in p)
