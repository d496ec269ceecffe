"""The verification code: Crockford base32 with its mod-37 check, deterministic, found in text
and in its QR code."""

from __future__ import annotations

import io

import pytest

from pipeline.workspace.verification import (
    ALPHABET,
    code_from_qr,
    find_codes,
    make_code,
    printed,
    qr_payload,
    qr_png,
    valid,
)


def test_code_is_nine_crockford_characters_with_a_valid_check() -> None:
    for n in range(200):
        code = make_code(f"outputs/2024/tahunan/pk/PK {n}.docx", f"{n:064x}")
        assert len(code) == 9
        assert all(c in ALPHABET for c in code)
        assert valid(code) == code


def test_code_depends_on_identity_and_inputs_only() -> None:
    a = make_code("outputs/a.docx", "f1")
    assert make_code("outputs/a.docx", "f1") == a
    assert make_code("outputs/b.docx", "f1") != a
    assert make_code("outputs/a.docx", "f2") != a


def test_check_symbol_catches_a_changed_character() -> None:
    code = make_code("outputs/a.docx", "f1")
    for i in range(8):
        for other in ALPHABET:
            if other != code[i]:
                assert valid(code[:i] + other + code[i + 1 :]) is None
    # Transposition of two different neighbours is caught too.
    swapped = next(
        code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(7) if code[i] != code[i + 1]
    )
    assert valid(swapped) is None


def test_ocr_confusions_are_read_as_crockford_does() -> None:
    code = ""
    for n in range(1000):
        code = make_code(f"doc {n}", "fp")
        if "0" in code[:8] and "1" in code[:8]:
            break
    read = printed(code).replace("0", "O").replace("1", "l").lower()
    assert valid(read) == code
    assert find_codes(f"Halaman 2 Kode verifikasi: {read}\n") == [code]


@pytest.mark.parametrize(
    "text",
    ["NIP 19760125 200212 1 003", "Rp4.450.000.000", "ABCD-EFGH-1 bukan kode", "12345678-9"],
)
def test_other_text_is_not_taken_for_a_code(text: str) -> None:
    assert find_codes(text) == []


def test_qr_png_is_deterministic_and_reads_back() -> None:
    import zxingcpp
    from PIL import Image

    code = make_code("outputs/2024/03/lki/LKI.docx", "abc")
    png = qr_png(code)
    assert png == qr_png(code)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [code_from_qr(r.text) for r in found] == [code]
    assert code_from_qr(qr_payload(code)) == code
    assert code_from_qr("https://tte.example/verify/123") is None
