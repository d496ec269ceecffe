"""Fuzzers: sheet XML and PDF bytes mutated at random must end in findings, never a crash;
builds of random periods, edits and kills must never give a letter number to another document.

Each example is read the way the office reads it (``validate_period`` for a workbook, in a
forked child so that a native abort fails one example rather than the session; ``check_paths``
with its isolated workers for a PDF); the workbook bounds keep calamine from ever being asked
for a grid it cannot allocate, so a mutation should never abort the process.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from hostile_inputs import REALISASI, clean
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sakip_run import assert_clear, count_example, inputs_digest, run, workspace
from workbooks import bkp_sheets, write_unit_workbook

from pipeline import Workspace
from pipeline.checker import CheckOptions, check_paths
from pipeline.validate.period import validate_period
from pipeline.workspace.periode import Periode

ROOT = Path(__file__).resolve().parents[2]
MARCH = Periode(2024, 3)
_BASE: dict[str, bytes] = {}


def _base_workbook(tmp: Path) -> bytes:
    if "xlsx" not in _BASE:
        _BASE["xlsx"] = clean(tmp / "dasar.xlsx").read_bytes()
    return _BASE["xlsx"]


_COLUMNS = st.one_of(
    st.sampled_from(["A", "D", "E", "Z", "AA", "XFD", "XFE", "ZZZ"]),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4),
)
_ROWS = st.one_of(st.integers(1, 40), st.integers(1, 2_000_000), st.just(1_048_576))
_VALUES = st.sampled_from(
    ["1", "NaN", "inf", "-inf", "1e400", "1.7e308", "-0", "", "abc", "1e15", "9" * 30]
)


@st.composite
def _cell(draw: st.DrawFn) -> bytes:
    ref = f"{draw(_COLUMNS)}{draw(_ROWS)}"
    if draw(st.booleans()):
        text = draw(st.text(max_size=40)).encode("utf-8", "replace")
        text = text.replace(b"<", b"&lt;").replace(b"&", b"&amp;")
        return b'<row><c r="%s" t="inlineStr"><is><t>%s</t></is></c></row>' % (ref.encode(), text)
    return b'<row><c r="%s"><v>%s</v></c></row>' % (ref.encode(), draw(_VALUES).encode())


@st.composite
def _mutation(draw: st.DrawFn, xml: bytes) -> bytes:
    kind = draw(st.sampled_from(["cell", "cut", "flip", "duplicate", "truncate", "attr"]))
    if kind == "cell":
        cells = b"".join(draw(st.lists(_cell(), min_size=1, max_size=4)))
        return xml.replace(b"</sheetData>", cells + b"</sheetData>")
    if not xml:
        return xml
    start = draw(st.integers(0, len(xml) - 1))
    end = draw(st.integers(start, min(len(xml), start + 200)))
    if kind == "cut":
        return xml[:start] + xml[end:]
    if kind == "flip":
        return xml[:start] + draw(st.binary(min_size=1, max_size=8)) + xml[start + 1 :]
    if kind == "duplicate":
        return xml[:end] + xml[start:end] * draw(st.integers(1, 50)) + xml[end:]
    if kind == "truncate":
        return xml[:start]
    return xml.replace(b' r="', b' r="' + draw(_COLUMNS).encode(), draw(st.integers(1, 5)))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_sheet_xml_never_crashes_validation(tmp_path: Path, data: st.DataObject) -> None:
    count_example("test_mutated_sheet_xml_never_crashes_validation")
    ws = tmp_path / "ws"
    shutil.rmtree(ws, ignore_errors=True)
    (ws / "inputs/2024/03").mkdir(parents=True)
    shutil.copy(ROOT / "sakip.yaml", ws / "sakip.yaml")
    base = _base_workbook(tmp_path)
    target = ws / "inputs/2024/03/bkp.xlsx"
    with zipfile.ZipFile(tmp_path / "dasar.xlsx") as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    assert base
    for _ in range(data.draw(st.integers(1, 3))):
        parts[REALISASI] = data.draw(_mutation(parts[REALISASI]))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, blob in parts.items():
            out.writestr(name, blob)
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    units, messages = _validate_in_child(ws, target)
    assert "BKP" in units
    assert all(messages)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def _validated(ws: Path) -> tuple[set[str], list[str]]:
    report = validate_period(Workspace.open(ws), MARCH).report
    return {u.code for u in report.units}, [f.message for f in report.findings]


def _validate_in_child(ws: Path, target: Path) -> tuple[set[str], list[str]]:
    """The example validated in a forked child: a native abort (calamine, lxml) then fails
    this example, with the workbook that caused it kept, instead of ending the whole test
    session."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as child:
        try:
            return child.submit(_validated, ws).result(timeout=120)
        except BrokenProcessPool:
            kept = Path(tempfile.gettempdir()) / f"sakip-fuzz-abort-{os.getpid()}.xlsx"
            shutil.copy(target, kept)
            raise AssertionError(
                f"validation aborted the process on a mutated workbook (kept: {kept})"
            ) from None


_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\nBT /F1 18 Tf 20 100 Td (PERJANJIAN KINERJA 2024) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R/Size 6>>\n%%EOF\n"
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cuts=st.lists(
        st.tuples(st.integers(0, len(_PDF) - 1), st.binary(max_size=12)), min_size=1, max_size=4
    )
)
def test_mutated_pdf_bytes_are_results_never_crashes(
    tmp_path: Path, cuts: list[tuple[int, bytes]]
) -> None:
    count_example("test_mutated_pdf_bytes_are_results_never_crashes")
    pdf = bytearray(_PDF)
    for at, blob in cuts:
        pdf[at : at + len(blob)] = blob
    path = tmp_path / "acak.pdf"
    path.write_bytes(bytes(pdf))
    ws = tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    (result,) = check_paths([path], workspace=ws, options=CheckOptions(timeout=30, workers=1))
    assert result.status in ("complete", "incomplete", "unverifiable", "unreadable")


# -- letter numbers across fuzzed builds and killed ones -------------------------------------

_NUMBER = re.compile(rb"\d{3}(?:\.\d+)*/\d{3,}/DISKUKM/\d{4}")
_SOPS = [(), ("--sop", "pk"), ("--sop", "pengukuran"), ("--sop", "lki", "--sop", "rak")]
_STEP = st.tuples(
    st.sampled_from(["build", "build", "kill", "edit", "remove"]),
    st.integers(1, 3),  # the month
    st.sampled_from(range(len(_SOPS))),
    st.floats(0.3, 6.0),  # when a killed build is killed; an edit's new value
)


def _month_workbook(ws: Path, month: int, last: float | None = None) -> None:
    sheets = bkp_sheets(months=month)
    if last is not None:
        sheets["Realisasi"][-1][3] = round(last, 1)  # BKP-3 this month: its documents change
    write_unit_workbook(ws / f"inputs/2024/{month:02d}/bkp.xlsx", bulan=month, sheets=sheets)


def _killed_build(ws: Path, month: int, sop: tuple[str, ...], after: float) -> None:
    """A build stopped by SIGKILL (the power cut, the closed terminal) with its workers."""
    child = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--periode", f"2024-{month:02d}", *sop],
        cwd=ws,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(after)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def _register(ws: Path) -> list[tuple[int, int, str, str]]:
    if not (ws / "sakip.db").exists():
        return []
    uri = f"{(ws / 'sakip.db').resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'letter_number'").fetchone():
            return []
        rows = conn.execute("SELECT tahun, urut, identity, nomor FROM letter_number").fetchall()
    return [(int(t), int(u), str(i), str(n)) for t, u, i, n in rows]


def _printed(ws: Path) -> dict[str, set[bytes]]:
    """Every letter number printed on a document in outputs/ (the XML's text runs joined)."""
    found: dict[str, set[bytes]] = {}
    for path in (ws / "outputs").rglob("*.docx"):
        with zipfile.ZipFile(path) as docx:
            text = re.sub(rb"<[^>]+>", b"", docx.read("word/document.xml"))
        found[str(path.relative_to(ws))] = set(_NUMBER.findall(text))
    return found


def _check_never_reissued(
    ws: Path, given: dict[tuple[int, int], tuple[str, str]], seen: dict[str, set[bytes]]
) -> None:
    """The register only grows: a number, once given, keeps its document; every number
    printed on a document in outputs/ is in it (else a later build could give it again); and
    a document, made again, prints the numbers it printed before."""
    rows = _register(ws)
    for tahun, urut, identity, nomor in rows:
        assert given.setdefault((tahun, urut), (identity, nomor)) == (identity, nomor)
    assert len(rows) == len(given), "nomor yang pernah tercatat hilang dari register"
    owners: dict[str, str] = {}
    for identity, nomor in given.values():
        assert owners.setdefault(nomor, identity) == identity, nomor
    known = {n.encode() for n in owners}
    for path, numbers in _printed(ws).items():
        assert numbers <= known, (path, numbers - known)
        assert seen.setdefault(path, numbers) == numbers, path


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(_STEP, min_size=2, max_size=4))
def test_letter_numbers_are_never_reissued_across_builds_and_kills(
    tmp_path: Path, steps: list[tuple[str, int, int, float]]
) -> None:
    count_example("test_letter_numbers_are_never_reissued_across_builds_and_kills")
    ws = tmp_path / "ws"
    shutil.rmtree(ws, ignore_errors=True)
    workspace(ws) if ws.mkdir() is None else None
    for month in (1, 2, 3):
        _month_workbook(ws, month)
    given: dict[tuple[int, int], tuple[str, str]] = {}
    seen: dict[str, set[bytes]] = {}
    for action, month, sop, value in steps:
        if action == "kill":
            _killed_build(ws, month, _SOPS[sop], value)
        else:
            if action == "edit":
                _month_workbook(ws, month, last=value)
            elif action == "remove":
                (ws / f"inputs/2024/{month:02d}/bkp.xlsx").unlink(missing_ok=True)
            before = inputs_digest(ws)
            outcome = run(ws, "build", "--periode", f"2024-{month:02d}", *_SOPS[sop])
            assert_clear(outcome, before, ws)
        _check_never_reissued(ws, given, seen)
    # Whatever happened, the quarter's month builds in full again, and its letters are numbered.
    if not (ws / "inputs/2024/03/bkp.xlsx").exists():
        _month_workbook(ws, 3)
    before = inputs_digest(ws)
    assert_clear(run(ws, "build", "--periode", "2024-03"), before, ws)
    _check_never_reissued(ws, given, seen)
    assert given and any(seen.values())  # the checks above had numbers to look at
