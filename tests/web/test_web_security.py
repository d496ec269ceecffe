"""The web desk's guards, through Starlette's TestClient: sessions, roles, CSRF, paths and
upload limits."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from conftest import CSRF, Desk
from starlette.testclient import TestClient

from pipeline.validate.period import period_folder
from pipeline.web.app import create_app
from pipeline.web.security import SECRET_FILE, contained
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

MARCH = Periode(2024, 3)
PAGES = [
    "/",
    "/unggah",
    "/kepatuhan?periode=2024-03",
    "/bangun",
    "/bangun/keadaan",
    "/berkas?periode=2024-03",
    "/unduh?berkas=2024/03/x.xlsx",
    "/unduh-zip?periode=2024-03&sop=pk",
    "/templat",
    "/templat/unduh?unit=BKP&periode=2024-03",
    "/periksa",
    "/status?periode=2024-03",
    "/arsip",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _error(text: str) -> str:
    found = re.search(r'class="galat"[^>]*>([^<]*)', text)
    return found.group(1) if found else ""


def _workbook(ws: Workspace, name: str) -> bytes:
    return next(period_folder(ws, MARCH).glob(f"*{name}*.xlsx")).read_bytes()


def test_without_a_session_only_the_login_page(office: Workspace) -> None:
    client = TestClient(create_app(office))
    assert client.get("/masuk").status_code == 200
    for path in PAGES:
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"] == "/masuk"
    posted = client.post("/unggah", data={"periode": "2024-03"}, follow_redirects=False)
    assert posted.status_code == 303
    assert not list(period_folder(office, MARCH).glob(".unggah-*"))


def test_wrong_password_and_deleted_account(office: Workspace) -> None:
    from pipeline.web.accounts import delete_account

    client = TestClient(create_app(office))
    token = CSRF.search(client.get("/masuk").text)
    assert token is not None
    wrong = client.post("/masuk", data={"csrf": token.group(1), "nama": "rahma", "sandi": "salah"})
    assert wrong.status_code == 401
    assert "Nama akun atau kata sandi salah" in wrong.text
    desk = Desk(client).login("rahma")
    assert client.get("/status").status_code == 200
    delete_account(office, "rahma")
    assert client.get("/status", follow_redirects=False).status_code == 303
    assert desk.csrf


def test_session_cookie_is_signed_and_secret_kept_private(office: Workspace) -> None:
    client = TestClient(create_app(office))
    Desk(client).login("rahma")
    secret = office.root / SECRET_FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    cookie = client.cookies.get("sakip_sesi")
    assert cookie
    forged = TestClient(create_app(office))
    forged.cookies.set("sakip_sesi", cookie[:-4] + "AAAA")
    assert forged.get("/", follow_redirects=False).status_code == 303
    # The secret is made once: a second app signs with the same key, so the session holds.
    again = TestClient(create_app(office))
    again.cookies.set("sakip_sesi", cookie)
    assert again.get("/").status_code == 200


def test_form_without_csrf_is_refused(desk: Desk, office: Workspace) -> None:
    desk.login("rahma")
    for path, data in [
        ("/bangun", {"periode": "2024-03"}),
        ("/status/langkah", {"periode": "2024-03", "sop": "pengumpulan-data", "no": "11"}),
        ("/arsip", {}),
        ("/keluar", {}),
    ]:
        answer = desk.client.post(path, data=data)
        assert answer.status_code == 403, path
        assert "kedaluwarsa" in _error(answer.text)
        wrong = desk.client.post(path, data={**data, "csrf": "bukan-token"})
        assert wrong.status_code == 403, path
    upload = desk.client.post(
        "/unggah",
        data={"periode": "2024-04"},
        files={"berkas": ("BKP.xlsx", _workbook(office, "Kelembagaan"), XLSX)},
    )
    assert upload.status_code == 403
    assert not period_folder(office, Periode(2024, 4)).exists() or not any(
        period_folder(office, Periode(2024, 4)).iterdir()
    )


def test_a_unit_cannot_upload_another_units_workbook(desk: Desk, office: Workspace) -> None:
    desk.login("bkp")
    april = period_folder(office, Periode(2024, 4))
    answer = desk.client.post(
        "/unggah",
        data={"csrf": desk.csrf, "periode": "2024-04"},
        files={"berkas": ("Sekretariat.xlsx", _workbook(office, "Sekretariat"), XLSX)},
    )
    assert answer.status_code == 400
    assert "milik unit SEK" in _error(answer.text)
    assert [p.name for p in april.iterdir()] == []
    own = desk.client.post(
        "/unggah",
        data={"csrf": desk.csrf, "periode": "2024-04"},
        files={"berkas": ("BKP April.xlsx", _workbook(office, "Kelembagaan"), XLSX)},
    )
    assert own.status_code == 200
    assert (april / "BKP April.xlsx").read_bytes() == _workbook(office, "Kelembagaan")


def test_a_file_of_another_unit_is_never_overwritten(desk: Desk, office: Workspace) -> None:
    desk.login("rahma")  # staff may upload any unit's workbook, but not over another's file
    march = period_folder(office, MARCH)
    sek = next(march.glob("*Sekretariat.xlsx"))
    before = sek.read_bytes()
    answer = desk.client.post(
        "/unggah",
        data={"csrf": desk.csrf, "periode": "2024-03"},
        files={"berkas": (sek.name, _workbook(office, "Kelembagaan"), XLSX)},
    )
    assert answer.status_code == 400
    assert "milik unit SEK" in _error(answer.text)
    assert sek.read_bytes() == before


def test_a_unit_cannot_read_another_units_files(desk: Desk, office: Workspace) -> None:
    from pipeline.build.record import run_build

    _result, manifest = run_build(office, MARCH, ["pk"])
    own = [o for o in manifest.outputs if o.unit == "BKP"]
    other = [o for o in manifest.outputs if o.unit not in ("BKP", None)]
    assert own and other
    desk.login("bkp")
    listing = desk.client.get("/berkas?periode=2024-03").text
    outputs = office.outputs

    def relative(stored: str) -> str:
        return Path(stored).resolve().relative_to(outputs.resolve()).as_posix()

    mine, theirs = relative(own[0].path), relative(other[0].path)
    assert desk.client.get("/unduh", params={"berkas": mine}).status_code == 200
    assert desk.client.get("/unduh", params={"berkas": theirs}).status_code == 404
    assert theirs.rsplit("/", 1)[-1] not in listing
    # The office-wide report names every unit's findings: staff only.
    report = "2024/03/Laporan Kepatuhan 2024-03.html"
    assert (outputs / report).is_file()
    assert desk.client.get("/unduh", params={"berkas": report}).status_code == 404
    assert desk.client.get("/templat/unduh?unit=SEK&periode=2024-03").status_code == 403
    assert desk.client.get("/templat/unduh?unit=BKP&periode=2024-03").status_code == 200
    compliance = desk.client.get("/kepatuhan?periode=2024-03").text
    assert "Bidang Kelembagaan" in compliance and "UPT Balai" not in compliance
    assert desk.client.get("/arsip").status_code == 403
    assert desk.client.get("/bangun").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "../sakip.db",
        "..%2Fsakip.db",
        "2024/../../sakip.yaml",
        "/etc/passwd",
        "//etc/passwd",
        "2024/03/../../../sakip.db",
        ".",
        "",
        "2024\x00.xlsx",
    ],
)
def test_path_traversal_in_downloads_is_refused(desk: Desk, path: str) -> None:
    desk.login("rahma")
    answer = desk.client.get("/unduh", params={"berkas": path})
    assert answer.status_code == 404
    assert "SQLite" not in answer.text


def test_contained_follows_links_out(tmp_path: Path) -> None:
    base = tmp_path / "outputs"
    base.mkdir()
    (base / "a.txt").write_text("a")
    secret = tmp_path / "rahasia.txt"
    secret.write_text("x")
    (base / "tautan.txt").symlink_to(secret)
    assert contained(base, "a.txt") == (base / "a.txt").resolve()
    assert contained(base, "tautan.txt") is None
    assert contained(base, "../rahasia.txt") is None


def test_oversized_and_non_xlsx_uploads_are_refused(desk: Desk, office: Workspace) -> None:
    desk.login("bkp")
    april = period_folder(office, Periode(2024, 4))
    big = desk.client.post(
        "/unggah",
        data={"csrf": desk.csrf, "periode": "2024-04"},
        files={"berkas": ("besar.xlsx", b"PK\x03\x04" + b"0" * (21 * 1024 * 1024), XLSX)},
    )
    assert big.status_code == 413
    assert "20 MB" in _error(big.text)
    for name, content in [
        ("data.csv", b"kode;nilai\nBKP;1\n"),
        ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100),
        ("palsu.xlsx", b"ini bukan buku kerja"),
        ("../../sakip.xlsx", b"PK\x03\x04rusak"),
        (".tersembunyi.xlsx", b"PK\x03\x04"),
    ]:
        answer = desk.client.post(
            "/unggah",
            data={"csrf": desk.csrf, "periode": "2024-04"},
            files={"berkas": (name, content, "application/octet-stream")},
        )
        assert answer.status_code == 400, name
        assert _error(answer.text), name
    assert not april.exists() or list(april.iterdir()) == []
    assert not (office.root / "sakip.xlsx").exists()


def test_pages_carry_security_headers(desk: Desk) -> None:
    desk.login("rahma")
    headers = desk.client.get("/status").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_library_refusals_read_as_sentences(desk: Desk) -> None:
    desk.login("rahma")
    bad = desk.client.get("/kepatuhan?periode=2024-13")
    assert bad.status_code == 400
    assert "bukan periode yang sah" in _error(bad.text)
    picker = desk.client.get("/kepatuhan?tahun=2024&bulan=2")
    assert picker.status_code == 200 and "Februari 2024" in picker.text
    unknown = desk.client.get("/templat/unduh?unit=XYZ&periode=2024-03")
    assert unknown.status_code == 400
    assert "Unit &#39;XYZ&#39; tidak dikenal" in unknown.text


def _pdf(text: str) -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(f"BT /F1 20 Tf 72 720 Td ({text}) Tj ET".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_returned_pdfs_are_kept_checked_and_recorded(desk: Desk, office: Workspace) -> None:
    from pipeline.workspace.db import connect

    desk.login("bkp")
    assert desk.client.get("/periksa").status_code == 403
    desk.client.post("/keluar", data={"csrf": desk.csrf})
    desk.login("rahma")
    answer = desk.client.post(
        "/periksa",
        data={"csrf": desk.csrf, "tahun": "2024", "bulan": "3"},
        files=[
            ("berkas", ("pk-ttd.pdf", _pdf("PERJANJIAN KINERJA TAHUN 2024"), "application/pdf")),
        ],
    )
    assert answer.status_code == 200, _error(answer.text)
    assert "pk-ttd.pdf" in answer.text
    assert "Tidak lengkap" in answer.text or "tidak lengkap" in answer.text
    kept = period_folder(office, MARCH) / "kembali" / "pk-ttd.pdf"
    assert kept.read_bytes().startswith(b"%PDF-")
    with connect(office) as conn:
        rows = conn.execute("SELECT periode, status FROM check_result").fetchall()
    assert rows and rows[-1][0] == "2024-03"
    fake = desk.client.post(
        "/periksa",
        data={"csrf": desk.csrf, "periode": "2024-03"},
        files=[("berkas", ("bukan.pdf", b"<html>bukan pdf</html>", "application/pdf"))],
    )
    assert fake.status_code == 400 and "bukan berkas PDF" in _error(fake.text)
    assert not (kept.parent / "bukan.pdf").exists()
