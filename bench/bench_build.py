"""Benchmark of issue 4: a province-scale build without PDF, per-document cost against a bare
docxtpl render, an incremental rebuild after one unit changed, and PDF conversion.

    .venv/bin/python bench/bench_build.py [--runs 3] [--pdf-sample 12] [--no-pdf | --pdf-only]
    .venv/bin/python bench/bench_build.py --build-pdf

``--build-pdf`` times ``sakip build --pdf`` itself (two LibreOffice processes): from no
outputs, again with nothing changed, and after unit 07's workbook changed (only the changed
documents are converted again), once each (a full run takes minutes).

Uses the province period of bench/gen_province.py (40 units, 20 pegawai each: about 1,750
documents) in bench/out/provinsi-build. Each full build starts from no outputs and no archive
database; the incremental build rewrites unit 07's workbook with a new seed before each run.
CPU share and peak RSS come from GNU time (/usr/bin/time) when present. Timings are wall
seconds on this machine; see bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_province import generate, workbook  # noqa: E402

GNU_TIME = Path("/usr/bin/time")


@dataclass
class Run:
    seconds: float
    output: str
    cpu_percent: str = "?"
    peak_mib: float = 0.0


def timed(cmd: list[str]) -> Run:
    """Wall seconds of ``cmd``, with its CPU share and peak RSS from GNU time when present."""
    scratch = HERE / "out" / "time.txt"
    wrapped = [str(GNU_TIME), "-f", "%P %M", "-o", str(scratch), *cmd]
    start = time.perf_counter()
    out = subprocess.run(
        wrapped if GNU_TIME.exists() else cmd, capture_output=True, text=True, check=False
    )
    run = Run(time.perf_counter() - start, out.stdout + out.stderr)
    if GNU_TIME.exists():
        cpu, kib = scratch.read_text().split()[-2:]
        run.cpu_percent, run.peak_mib = cpu, int(kib) / 1024
    return run


def summary(run: Run) -> str:
    """The build's own count line ("N berkas disusun, M tidak berubah ...")."""
    found = re.search(r"(\S+) berkas disusun, (\S+) tidak berubah", run.output)
    return f"{found.group(1)} disusun, {found.group(2)} tidak berubah" if found else "?"


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def per_document(root: Path, runs: int = 30) -> tuple[float, float]:
    """Median seconds of render_docx vs a bare DocxTemplate render+save of iki.docx."""
    from docxtpl import DocxTemplate

    from pipeline.documents.render import jinja_env, render_docx, top_level
    from pipeline.workspace.paths import Workspace

    sys.path.insert(0, str(HERE.parent / "tests"))
    from document_contexts import iki as iki_context  # type: ignore[import-not-found]

    template = Workspace.open(root).template("iki.docx")
    context = iki_context()
    out = HERE / "out" / "per-dokumen"
    out.mkdir(parents=True, exist_ok=True)
    ours, bare = [], []
    for i in range(runs):
        start = time.perf_counter()
        render_docx(template, context, out / f"a{i}.docx", title="IKI", stamp=_stamp())
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        doc = DocxTemplate(str(template))
        doc.render(top_level(context), jinja_env=jinja_env(), autoescape=True)
        doc.save(str(out / f"b{i}.docx"))
        bare.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(bare)


def _bare_render(template: Path, context: Any, target: Path) -> None:
    """docxtpl alone: DocxTemplate, render with the same Jinja environment, save."""
    import io

    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from pipeline.documents.chart import Gambar
    from pipeline.documents.render import jinja_env, top_level

    doc = DocxTemplate(str(template))
    values = {
        key: InlineImage(doc, io.BytesIO(v.data), width=Mm(v.lebar_mm))
        if isinstance(v, Gambar)
        else v
        for key, v in top_level(context).items()
    }
    doc.render(values, jinja_env=jinja_env(), autoescape=True)
    doc.save(str(target))


def per_document_build(root: Path, step: int = 10) -> tuple[int, float, float]:
    """The documents the province build makes (every ``step``-th of its plan, so the mix of
    templates is the build's own): total seconds of render_docx vs a bare docxtpl render of
    the same template and context, one after the other in this process."""
    from pipeline.build.period import plan_documents
    from pipeline.documents.kinds import kinds
    from pipeline.documents.registry import load_registry
    from pipeline.documents.render import render_docx
    from pipeline.workspace.paths import Workspace
    from pipeline.workspace.periode import Periode

    ws = Workspace.open(root)
    known = kinds()
    contexts = {known[d.konteks].context for d in load_registry(ws).dokumen}
    jobs = plan_documents(ws, Periode.parse("2024-12"), contexts)[::step]
    out = HERE / "out" / "per-dokumen-build"
    out.mkdir(parents=True, exist_ok=True)
    _bare_render(jobs[0].template, jobs[0].context, out / "pemanasan.docx")  # warm-up
    ours = bare = 0.0
    for i, job in enumerate(jobs):
        start = time.perf_counter()
        render_docx(job.template, job.context, out / f"a{i}.docx", title=job.title, stamp=_stamp())
        ours += time.perf_counter() - start
        start = time.perf_counter()
        _bare_render(job.template, job.context, out / f"b{i}.docx")
        bare += time.perf_counter() - start
    return len(jobs), ours, bare


def _stamp():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime(2024, 1, 1)


def fresh(root: Path) -> None:
    """Back to a never-built workspace: no outputs, no archive database, no cache."""
    shutil.rmtree(root / "outputs", ignore_errors=True)
    shutil.rmtree(root / ".sakip-cache", ignore_errors=True)
    for db in root.glob("sakip.db*"):
        db.unlink()


COMPILED = ("Dokumen ", "Rekapitulasi ", "Draft LKjIP")


def pdf_conversion(docs: list[Path], sample: int, scratch: Path) -> None:
    """pipeline.office.pdf_convert.convert_to_pdf (what `sakip build --pdf` calls), on copies.

    Ordinary documents (letters, per-unit and per-pegawai documents; a few of every kind
    folder): once as one batch, then one LibreOffice process per document. The compiled
    documents (Dokumen PK/IKI/..., Draft LKjIP, Rekapitulasi LKI) are far larger and are
    reported one by one, with their page count."""
    import pypdfium2

    from pipeline.office.pdf_convert import convert_to_pdf, find_soffice

    if find_soffice() is None:
        print("PDF: LibreOffice tidak terpasang, pengukuran dilewati")
        return
    ordinary: dict[Path, list[Path]] = {}
    compiled = []
    for doc in docs:
        if doc.name.startswith(COMPILED):
            compiled.append(doc)
        else:
            ordinary.setdefault(doc.parent, []).append(doc)
    if not ordinary:
        print("PDF: tidak ada dokumen biasa untuk diukur")
        return
    per_kind = max(1, -(-sample // len(ordinary)))
    chosen = [
        d
        for group in ordinary.values()
        for d in group[:: max(1, len(group) // per_kind)][:per_kind]
    ][:sample]
    batch_dir, single_dir, big_dir = scratch / "batch", scratch / "satu-satu", scratch / "besar"
    for folder in (batch_dir, single_dir, big_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    batch_docs, single_docs = [], []
    for i, doc in enumerate(chosen):
        name = f"{i:02d}-{doc.name}"
        batch_docs.append(Path(shutil.copy(doc, batch_dir / name)))
        single_docs.append(Path(shutil.copy(doc, single_dir / name)))
    convert_to_pdf([Path(shutil.copy(chosen[0], scratch / "pemanasan.docx"))])  # warm-up
    start = time.perf_counter()
    batch = convert_to_pdf(batch_docs)
    batch_s = time.perf_counter() - start
    single = []
    for doc in single_docs:
        start = time.perf_counter()
        convert_to_pdf([doc])
        single.append(time.perf_counter() - start)
    failed = sum(1 for c in batch if c.pdf is None)
    pages = sum(len(pypdfium2.PdfDocument(c.pdf)) for c in batch if c.pdf)
    n = len(chosen)
    print(
        f"PDF dokumen biasa ({n} dokumen dari {len({d.parent for d in chosen})} jenis folder, "
        f"{pages} halaman, {failed} gagal): satu proses untuk semua {batch_s:.1f} s "
        f"({batch_s / n:.2f} s/dokumen); satu proses per dokumen {sum(single):.1f} s "
        f"({sum(single) / n:.2f} s/dokumen rata-rata, median {statistics.median(single):.2f})"
    )
    for doc in compiled:
        copy = Path(shutil.copy(doc, big_dir / doc.name))
        start = time.perf_counter()
        [done] = convert_to_pdf([copy])
        seconds = time.perf_counter() - start
        count = len(pypdfium2.PdfDocument(done.pdf)) if done.pdf else 0
        print(f"PDF dokumen gabungan {doc.name}: {seconds:.1f} s, {count} halaman")


def build_pdf(root: Path) -> None:
    """``sakip build --pdf`` from scratch, with nothing changed, after one unit changed."""
    import random

    import pypdfium2

    if root.exists():
        shutil.rmtree(root)
    generate(root)
    sakip = str(Path(sys.executable).parent / "sakip")
    build = [sakip, "build", "-w", str(root), "-p", "2024-12", "--pdf"]

    def pages() -> tuple[int, int]:
        pdfs = sorted((root / "outputs" / "2024").rglob("*.pdf"))
        return len(pdfs), sum(len(pypdfium2.PdfDocument(p)) for p in pdfs)

    def line(label: str, run: Run) -> None:
        found = re.findall(r"(\S+) berkas disusun, (\S+) tidak berubah", run.output)
        made = f"{found[0][0]} disusun, {found[0][1]} tidak berubah" if found else "?"
        print(
            f"{label}: {run.seconds:.1f} s; CPU {run.cpu_percent}, puncak RSS "
            f"{run.peak_mib:.0f} MiB; berkas (docx+pdf): {made}"
        )

    first = timed(build)
    count, total = pages()
    print(f"{count} PDF, {total} halaman, {os.cpu_count()} inti")
    line("build --pdf dari awal", first)
    line("build --pdf ulang tanpa perubahan", timed(build))
    workbook(root / "inputs" / "2024" / "12" / "unit-07.xlsx", 7, random.Random(99))
    line("build --pdf setelah satu unit berubah", timed(build))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf-sample", type=int, default=12)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF measurements")
    parser.add_argument(
        "--pdf-only", action="store_true", help="only PDF, on the documents of an earlier run"
    )
    parser.add_argument(
        "--build-pdf", action="store_true", help="time `sakip build --pdf` (see the docstring)"
    )
    args = parser.parse_args()
    root = HERE / "out" / "provinsi-build"
    if args.build_pdf:
        build_pdf(HERE / "out" / "provinsi-pdf")
        return
    if args.pdf_only:
        docs = sorted((root / "outputs" / "2024").rglob("*.docx"))
        if not docs:
            sys.exit(f"Belum ada dokumen di {root}; jalankan dulu tanpa --pdf-only.")
        pdf_conversion(docs, args.pdf_sample, HERE / "out" / "pdf")
        return
    if root.exists():
        shutil.rmtree(root)
    generate(root)
    sakip = str(Path(sys.executable).parent / "sakip")
    build = [sakip, "build", "-w", str(root), "-p", "2024-12"]

    def report(label: str, runs: list[Run]) -> None:
        run = median_run(runs)
        times = ", ".join(f"{r.seconds:.1f}" for r in runs)
        print(
            f"{label}: median {run.seconds:.1f} s (run: {times}); CPU {run.cpu_percent}, "
            f"puncak RSS {run.peak_mib:.0f} MiB; {summary(run)}"
        )

    full = []
    for _ in range(args.runs):
        fresh(root)
        full.append(timed(build))
    docs = sorted((root / "outputs" / "2024").rglob("*.docx"))
    print(f"{len(docs)} dokumen docx per build, {os.cpu_count()} inti")
    report("build penuh (tanpa PDF)", full)
    report("build ulang tanpa perubahan", [timed(build) for _ in range(args.runs)])
    import random

    incremental = []
    for k in range(max(args.runs, 5)):
        # A different seed each time, so unit 07's data really changes before every run.
        workbook(root / "inputs" / "2024" / "12" / "unit-07.xlsx", 7, random.Random(7 + k))
        incremental.append(timed(build))
    report("build ulang setelah satu unit berubah", incremental)
    ours, bare = per_document(root)
    print(
        f"per dokumen (iki.docx, konteks uji): sakip {ours * 1000:.0f} ms, docxtpl polos "
        f"{bare * 1000:.0f} ms, rasio {ours / bare:.2f}x"
    )
    n, ours, bare = per_document_build(root)
    run = median_run(full)
    cpu = run.seconds * float(run.cpu_percent.rstrip("%") or 0) / 100 / len(docs)
    print(
        f"per dokumen (contoh {n} dokumen rencana build provinsi): render_docx "
        f"{ours / n * 1000:.0f} ms, docxtpl polos {bare / n * 1000:.0f} ms, rasio "
        f"{ours / bare:.2f}x; build penuh {cpu * 1000:.0f} ms CPU per dokumen = "
        f"{cpu / (bare / n):.2f}x docxtpl polos; batas bawah build penuh dengan docxtpl polos "
        f"pada {os.cpu_count()} inti {len(docs) * bare / n / (os.cpu_count() or 1):.0f} s"
    )
    if not args.no_pdf:
        pdf_conversion(docs, args.pdf_sample, HERE / "out" / "pdf")


if __name__ == "__main__":
    main()
