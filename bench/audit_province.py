"""The document audit of issue 12 (tests/document_audit.py) on the province benchmark.

    .venv/bin/python bench/audit_province.py [--periode 2024-12 2024-11] [--reuse]

For each period a workspace of bench/gen_province.py (40 units x 50 indicators, 20 pegawai
each) is generated in bench/out/audit-provinsi-<MM> and built with ``sakip build`` (no PDF),
as bench/bench_build.py builds it. December is a quarter's last month (the quarter documents
of the year are made); November lies inside a quarter, and there unit 40's workbook holds a
realisasi written in words, so the unit is held back and every compilation must name it.
Every docx the build wrote is read back and audited; the build of an empty period (October)
must stop without documents. Prints a summary in Bahasa Indonesia and exits 1 on any finding.
``--reuse`` audits the outputs of an earlier run without generating or building again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_build import Run, timed  # noqa: E402
from document_audit import Audit, Finding, audit  # type: ignore[import-not-found]  # noqa: E402
from gen_province import UNITS, generate  # noqa: E402

from pipeline.documents.filters import angka  # noqa: E402
from pipeline.workspace.periode import Periode  # noqa: E402

SAKIP = str(Path(sys.executable).parent / "sakip")
# The unit held back in a month inside a quarter, by a realisasi written in words.
HELD_UNIT = UNITS
SHOWN = 5  # findings printed per check


def prepare(root: Path, periode: Periode) -> None:
    if root.exists():
        shutil.rmtree(root)
    generate(root, month=periode.bulan)
    if periode.bulan % 3:
        import openpyxl

        path = root / "inputs" / periode.folder
        path /= f"unit-{HELD_UNIT:02d}.xlsx"
        book = openpyxl.load_workbook(path)
        book["Realisasi"]["D2"] = "sebelas"
        book.save(path)


def held_units(root: Path, periode: Periode) -> dict[str, str]:
    """The units ``sakip validate`` holds back, code to name (as the documents name them)."""
    out = subprocess.run(
        [SAKIP, "validate", "-w", str(root), "-p", str(periode), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    units = json.loads(out.stdout)["units"]
    names = {u["kode"]: u["nama"] for u in _config_units(root)}
    return {u["code"]: names[u["code"]] for u in units if u["status"] != "lengkap"}


def _config_units(root: Path) -> list[dict[str, str]]:
    import yaml

    units = yaml.safe_load((root / "sakip.yaml").read_text())["unit"]
    assert isinstance(units, list)
    return units


def build_findings(
    root: Path, periode: Periode, run: Run, held: dict[str, str], docs: list[Path]
) -> dict[str, list[Finding]]:
    """What the build itself must do: say which unit it held back, make the quarter's
    documents only at its end, and build nothing for a period without workbooks."""
    log = f"sakip build {periode}"
    found: dict[str, list[Finding]] = {
        "build tidak menyebut unit yang ditahan": [
            Finding(log, f"tidak menyebut unit {code}")
            for code in held
            if f"Unit {code} tidak dibuatkan dokumen" not in run.output
        ],
        "dokumen pegawai dari unit yang ditahan": [
            Finding(p.name, f"pegawai unit {code} yang ditahan")
            for p in docs
            for code in held
            if f"Pegawai {code.removeprefix('U')}-" in p.name
        ],
        "dokumen triwulan pada bulan di dalam triwulan": [],
        "build periode kosong menghasilkan dokumen": [],
    }
    if periode.bulan % 3:
        month = root / "outputs" / periode.folder
        found["dokumen triwulan pada bulan di dalam triwulan"] = [
            Finding(p.name, "dibuat pada bulan yang bukan akhir triwulan")
            for p in docs
            if p.is_relative_to(month) and "Triwulan" in p.name
        ]
    empty = next(
        Periode(periode.tahun, m)
        for m in range(1, 13)
        if not (root / "inputs" / Periode(periode.tahun, m).folder).exists()
    )
    out = subprocess.run(
        [SAKIP, "build", "-w", str(root), "-p", str(empty)],
        capture_output=True,
        text=True,
        check=False,
    )
    written = list((root / "outputs" / empty.folder).rglob("*.docx"))
    if out.returncode == 0 or written:
        found["build periode kosong menghasilkan dokumen"] = [
            Finding(
                f"sakip build {empty}",
                f"kode keluar {out.returncode}, {len(written)} dokumen tanpa buku kerja",
            )
        ]
    return found


def report(periode: Periode, result: Audit, seconds: float, held: dict[str, str]) -> None:
    kind = "akhir triwulan" if periode.bulan % 3 == 0 else "di dalam triwulan"
    units = ", ".join(f"{code} ({name})" for code, name in held.items()) or "tidak ada"
    print(f"\nPeriode {periode.nama} ({kind}); unit yang ditahan: {units}")
    print(
        f"  {angka(result.documents)} dokumen docx dibaca ({angka(result.compilations)} "
        f"dokumen gabungan), {angka(result.capaian_rows)} baris capaian diperiksa; audit "
        f"{angka(round(seconds, 1))} s"
    )
    width = max(map(len, result.findings))
    for label, found in result.findings.items():
        print(f"  {label:<{width}}  {angka(len(found)):>6}")
        for finding in found[:SHOWN]:
            print(f"      {finding}")
        if len(found) > SHOWN:
            print(f"      ... dan {angka(len(found) - SHOWN)} temuan lain")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--periode", nargs="+", default=["2024-12", "2024-11"])
    parser.add_argument(
        "--reuse", action="store_true", help="audit the outputs of an earlier run again"
    )
    args = parser.parse_args()
    total = 0
    for text in args.periode:
        periode = Periode.parse(text)
        root = HERE / "out" / f"audit-provinsi-{periode.bulan:02d}"
        if args.reuse and (root / "outputs").exists():
            log = root / "build.log"
            run = Run(0.0, log.read_text() if log.exists() else "")
        else:
            prepare(root, periode)
            run = timed([SAKIP, "build", "-w", str(root), "-p", str(periode)])
            (root / "build.log").write_text(run.output)
        held = held_units(root, periode)
        docs = sorted((root / "outputs").rglob("*.docx"))
        print(
            f"Build {periode.nama}: {angka(round(run.seconds, 1))} s, CPU {run.cpu_percent}, "
            f"puncak RSS {angka(round(run.peak_mib))} MiB, {angka(len(docs))} docx"
        )
        start = time.perf_counter()
        result = audit(docs, held)
        result.findings |= build_findings(root, periode, run, held, docs)
        report(periode, result, time.perf_counter() - start, held)
        total += result.total
    print(f"\nJumlah temuan: {angka(total)}")
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
