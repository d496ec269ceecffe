"""Benchmark of issue 4: a province-scale build without PDF, per-document cost against a bare
docxtpl render, an incremental rebuild after one unit changed, and PDF conversion.

    .venv/bin/python bench/bench_build.py [--pdf-sample 20]

Uses the province period of bench/gen_province.py (40 units, 20 pegawai each: about 1,750
documents). Timings are wall seconds on this machine; see bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_province import generate, workbook  # noqa: E402


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, out.stdout + out.stderr


def per_document(root: Path, runs: int = 30) -> tuple[float, float]:
    """Median seconds of render_docx vs a bare DocxTemplate render+save of iki.docx."""
    import random

    from docxtpl import DocxTemplate

    from pipeline.documents.render import jinja_env, render_docx, top_level
    from pipeline.workspace import Workspace

    sys.path.insert(0, str(HERE.parent / "tests"))
    from document_contexts import iki_context  # type: ignore[import-not-found]

    template = Workspace.open(root).template("iki.docx")
    context = iki_context()
    out = root / "outputs" / "bench"
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
    random.shuffle(ours)
    return statistics.median(ours), statistics.median(bare)


def _stamp():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime(2024, 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pdf-sample", type=int, default=12)
    args = parser.parse_args()
    root = HERE / "out" / "provinsi-build"
    if root.exists():
        shutil.rmtree(root)
    generate(root)
    sakip = str(Path(sys.executable).parent / "sakip")
    build = [sakip, "build", "-w", str(root), "-p", "2024-12"]
    full, output = timed(build)
    docs = sorted((root / "outputs" / "2024" / "12").rglob("*.docx"))
    print(f"build penuh (tanpa PDF): {full:.1f} s, {len(docs)} dokumen docx")
    again, _ = timed(build)
    print(f"build ulang tanpa perubahan: {again:.1f} s")
    import random

    workbook(root / "inputs" / "2024" / "12" / "unit-07.xlsx", 7, random.Random(7))
    incremental, output = timed(build)
    print(f"build ulang setelah satu unit berubah: {incremental:.1f} s")
    ours, bare = per_document(root)
    print(f"per dokumen (iki.docx): sakip {ours * 1000:.0f} ms, docxtpl polos {bare * 1000:.0f} "
          f"ms, rasio {ours / bare:.2f}x")  # fmt: skip
    sample = docs[: args.pdf_sample]
    if shutil.which("soffice"):
        pdf_out = root / "outputs" / "pdf"
        pdf_out.mkdir(exist_ok=True)
        lo = ["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
              str(pdf_out)]  # fmt: skip
        batch, _ = timed([*lo, *map(str, sample)])
        single = []
        for doc in sample[:4]:
            seconds, _ = timed([*lo, str(doc)])
            single.append(seconds)
        print(f"PDF: satu proses untuk {len(sample)} dokumen {batch:.1f} s "
              f"({batch / len(sample):.2f} s/dokumen); satu proses per dokumen "
              f"{statistics.median(single):.2f} s/dokumen")  # fmt: skip
    else:
        print("PDF: LibreOffice tidak terpasang, pengukuran dilewati")


if __name__ == "__main__":
    main()
