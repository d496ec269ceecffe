"""The monthly cycle in a real browser (Debian's Chromium, driven by Playwright), as two roles:
a Bidang uploads its workbook, sees its findings and records its step; the Fungsional Umum
builds, downloads, records its own step and a Kasubbag's decision on their behalf, and the
status board shows it all. On CI a missing browser fails the test."""

from __future__ import annotations

import os
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORDS

from pipeline.process.calendar import office_calendar
from pipeline.process.status import period_status
from pipeline.validate.period import period_folder
from pipeline.workspace.config import load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--lang=id-ID",  # the browser's own widgets (dates, months) in Indonesian, as in the office
]
MARCH = Periode(2024, 3)


def _need_browser() -> Any:
    message = ""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "Playwright belum terpasang; jalankan pip install -e '.[dev]'."
    if not message and not Path(CHROMIUM).exists():
        message = "Chromium tidak ditemukan; pasang paket Debian 'chromium'."
    if message:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(office: Workspace) -> Iterator[str]:
    """The web desk on a free local port, served by uvicorn in a thread."""
    import uvicorn

    from pipeline.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(office), host="127.0.0.1", port=port, log_level="warning")
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not served.started:
        assert time.monotonic() < deadline, "uvicorn tidak mulai dalam 30 detik"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(timeout=10)


def _login(page: Any, base: str, nama: str) -> None:
    page.goto(base + "/")
    assert page.url.endswith("/masuk")
    page.fill("input[name=nama]", nama)
    page.fill("input[name=sandi]", PASSWORDS[nama][2])
    page.click("button:has-text('Masuk')")
    page.wait_for_url(base + "/")


def _record(page: Any, sop: str, day: str, decision: str = "", note: str = "") -> str:
    section = page.locator(f"#sop-{sop}")
    form = section.locator("form[action='/status/langkah']")
    form.locator("input[name=tanggal]").fill(day)  # as the office types it: HH-BB-TTTT
    if decision:
        form.locator(f"input[name=keputusan][value={decision}]").check()
    if note:
        form.locator("input[name=catatan]").fill(note)
    form.locator("button:has-text('Catat')").click()
    page.wait_for_load_state()
    text: str = page.locator(".pesan").first.inner_text()
    return text


def test_monthly_cycle_in_the_browser(office: Workspace, server: str, tmp_path: Path) -> None:
    sync_playwright = _need_browser()
    status = period_status(office, MARCH)
    collecting = next(i for i in status.instances if i.instance.sop == "pengumpulan-data")
    assert collecting.current_step == 11
    calendar = office_calendar(load_config(office), [2024])
    day = calendar.add_working_days(collecting.history[-1].tanggal, 1)
    workbook = next(period_folder(office, MARCH).glob("*Kelembagaan*.xlsx"))
    sent = tmp_path / "2024-03 BKP dikirim lewat web.xlsx"
    sent.write_bytes(workbook.read_bytes())

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(60_000)

        # A Bidang: its workbook in, its findings at once, its own step recorded.
        _login(page, server, "bkp")
        page.click("nav >> text=Unggah buku kerja")
        page.select_option("select[name=bulan]", label="Maret")
        page.fill("input[name=tahun]", "2024")
        page.set_input_files("input[name=berkas]", str(sent))
        page.click("button:has-text('Unggah dan periksa')")
        result = page.locator("#hasil-unggah")
        assert "Buku kerja unit BKP tersimpan" in result.inner_text()
        assert "Status:" in result.inner_text()
        assert (period_folder(office, MARCH) / sent.name).read_bytes() == sent.read_bytes()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.goto(f"{server}/status?periode=2024-03")
        done = _record(page, "pengumpulan-data", f"{day:%d-%m-%Y}")
        assert "Langkah 11 SOP Pengumpulan Data Kinerja Maret 2024 dicatat" in done
        assert "Bidang Kelembagaan dan Pengawasan Koperasi" in done
        # Its part only: the step waits for the other four units.
        assert "Menunggu 4 unit lagi: Sekretariat, Bidang Pemberdayaan Koperasi" in done
        board = page.locator("#sop-pengumpulan-data").inner_text()
        assert "Sudah dicatat 1 dari 5 unit" in board
        # Its part is recorded, and no other SOP's step is the unit's to record.
        assert page.locator("#sop-pengumpulan-data form[action='/status/langkah']").count() == 0
        page.click("button:has-text('Keluar')")
        page.wait_for_url(server + "/masuk")

        # The Fungsional Umum: build with live progress, download, record.
        _login(page, server, "rahma")
        page.goto(f"{server}/bangun?periode=2024-03")
        page.click("#mulai-build")
        page.locator("#build-selesai").wait_for(state="visible", timeout=300_000)
        assert "selesai (arsip #1)" in page.locator("#build-pesan").inner_text()
        page.click("#build-selesai a")
        page.wait_for_url(f"{server}/berkas?periode=2024-03")
        link = page.locator("a[href^='/unduh?berkas='][href$='.docx']").first
        with page.expect_download() as one:
            link.click()
        docx = tmp_path / one.value.suggested_filename
        one.value.save_as(docx)
        assert docx.suffix == ".docx" and zipfile.is_zipfile(docx)
        with page.expect_download() as many:
            page.locator("a[href^='/unduh-zip'][href*='sop=pk']").click()
        bundle = tmp_path / many.value.suggested_filename
        many.value.save_as(bundle)
        assert bundle.name == "2024-03 pk.zip"
        with zipfile.ZipFile(bundle) as zf:
            names = zf.namelist()
        assert names and all(n.endswith((".docx", ".xlsx", ".pdf")) for n in names)

        page.goto(f"{server}/status?periode=2024-03")
        # The Fungsional Umum records step 11 for the units that sent on paper.
        others = _record(page, "pengumpulan-data", f"{day:%d-%m-%Y}")
        assert "Langkah 11" in others and "Menunggu" not in others
        own = _record(page, "pengumpulan-data", f"{day:%d-%m-%Y}")
        assert "Langkah 12" in own
        section = page.locator("#sop-pengumpulan-data")
        assert "atas nama Kepala Sub Bagian" in section.locator("form strong").inner_text()
        back = _record(
            page, "pengumpulan-data", f"{day:%d-%m-%Y}", "tidak", "Capaian BKP-02 keliru"
        )
        assert "Langkah 13" in back and "dikembalikan" in back
        page.locator("#sop-pengumpulan-data summary").click()
        board = page.locator("#sop-pengumpulan-data").inner_text()
        assert "Langkah berjalan: 12" in board
        assert "Capaian BKP-02 keliru" in board
        assert "rahma (Fungsional Umum) atas nama Kepala Sub Bagian" in board
        assert "bkp (Bidang/UPT BKP), melalui meja web" in board
        shot = os.environ.get("SAKIP_SCREENSHOT")
        if shot:  # the README's picture: SAKIP_SCREENSHOT=docs/meja-sakip.png
            page.locator("#sop-pengumpulan-data summary").click()
            page.screenshot(path=shot)
        page.emulate_media(media="print")
        assert not page.locator("header.kepala").is_visible()
        browser.close()

    records = period_status(office, MARCH)
    after = next(i for i in records.instances if i.instance.sop == "pengumpulan-data")
    entered = [r.dicatat_oleh for r in after.history[-4:]]
    assert entered == [
        "bkp (Bidang/UPT BKP), melalui meja web",
        "rahma (Fungsional Umum) atas nama Bidang/UPT Balai Pelatihan, melalui meja web",
        "rahma (Fungsional Umum), melalui meja web",
        "rahma (Fungsional Umum) atas nama Kepala Sub Bagian Program, Keuangan dan Aset, "
        "melalui meja web",
    ]
