"""The width model and the fitting of table columns to their widest word or number."""

from __future__ import annotations

from lxml import etree

from pipeline.office.docx_table import (
    NUMBER,
    column_needs,
    fit_tables,
    grid_mm,
    longest_word_mm,
    text_mm,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_MM = 1440 / 25.4


def _body(widths_mm: list[int], rows: list[list[str]], style: str = "Tabel") -> str:
    grid = "".join(f'<w:gridCol w:w="{round(w * TWIPS_PER_MM)}"/>' for w in widths_mm)
    trs = "".join(
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{round(w * TWIPS_PER_MM)}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
            "</w:tc>"
            for w, text in zip(widths_mm, row, strict=True)
        )
        + "</w:tr>"
        for row in rows
    )
    return (
        f'<w:body xmlns:w="{W}"><w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{trs}</w:tbl>'
        "</w:body>"
    )


def _table(body: str) -> etree._Element:
    return next(etree.fromstring(body.encode()).iter(f"{{{W}}}tbl"))


def test_widths_follow_arial_metrics() -> None:
    # 11 digits and 3 dots of Arial at 10 pt: (11 x 556 + 3 x 278) / 1000 em.
    assert abs(text_mm("12.500.000.000", 10) - 6.95 * 10 * 25.4 / 72) < 1e-9
    assert text_mm("Satuan", 9, bold=True) > text_mm("Satuan", 9)
    assert longest_word_mm("Rp1.150.000.000 dan x", 9) == text_mm("Rp1.150.000.000", 9)
    assert all(NUMBER.fullmatch(n) for n in ("Rp1.150.000", "93,75%", "70–75", "(12)", "1.250;"))
    assert not NUMBER.fullmatch("Satuan")


def test_a_narrow_number_column_takes_room_from_a_wide_text_column() -> None:
    body = _body([60, 12], [["Uraian", "Anggaran"], ["Kegiatan", "Rp1.150.000.000"]])
    fitted = _table(fit_tables(body))
    needs = column_needs(fitted)
    widths = grid_mm(fitted)
    assert all(w >= n for w, n in zip(widths, needs, strict=True))
    assert abs(sum(widths) - 72) < 0.2  # the table keeps its width
    # Every cell's own width follows its grid column.
    cell = fitted.find(f".//{{{W}}}tcW")
    assert cell is not None and abs(int(cell.get(f"{{{W}}}w")) / TWIPS_PER_MM - widths[0]) < 0.1


def test_a_table_that_fits_is_left_as_it_was() -> None:
    body = _body([60, 40], [["Uraian", "Anggaran"], ["Kegiatan", "Rp1.150.000"]])
    assert fit_tables(body) == body


def test_a_table_too_narrow_for_its_words_is_set_smaller() -> None:
    words = ["Penyelenggaraan", "Pemberdayaan", "Rp12.500.000.000", "Pertanggungjawaban"]
    fitted = _table(fit_tables(_body([28, 28, 28, 28], [words])))
    sizes = {int(sz.get(f"{{{W}}}val")) for sz in fitted.iter(f"{{{W}}}sz")}
    assert sizes and max(sizes) < 20  # smaller than the style's 10 pt
    assert all(w >= n for w, n in zip(grid_mm(fitted), column_needs(fitted), strict=True))


def test_when_words_cannot_all_fit_the_numbers_still_do() -> None:
    words = ["Penyelenggaraan", "Pemberdayaan", "Rp12.500.000.000", "Pertanggungjawaban"]
    fitted = _table(fit_tables(_body([22, 22, 22, 22], [words])))
    assert grid_mm(fitted)[2] >= column_needs(fitted)[2]
