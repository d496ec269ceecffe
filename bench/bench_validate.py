"""Benchmark of issue 3: validate + rekap on a province-scale period and on the example office.

    .venv/bin/python bench/bench_validate.py

Generates the province period once (bench/out/provinsi: 40 units x 50 indicators x 12 months,
20 staff with IKI per unit), then times, as whole processes, `sakip validate` and
`sakip rekap` (which validates, writes the laporan kepatuhan and the rekapitulasi), with their
peak memory, against a bare python-calamine read of the same workbooks (every sheet to Python
lists), the floor any reader must pay. Medians of --runs runs.

A second table measures the library alone, in this process after its imports and one warm-up
run: validate_period + build_rekap (validate.period, rekap.recap; no report files written)
against an in-process bare calamine read of the same workbooks. The example office is a fresh
copy made by `sakip init` in bench/out/contoh-ws, so the repository's own outputs/ and sakip.db
are left alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_province import generate  # noqa: E402

BARE_READ = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
"""


GNU_TIME = Path("/usr/bin/time")


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MiB) of ``cmd`` over ``runs`` runs.

    The peak comes from GNU time (``/usr/bin/time -f %M``; apt-get install time) when present:
    RUSAGE_CHILDREN keeps the largest of every child waited for so far, and a child forked from
    this process starts with this process's own RSS (about 45 MiB here), so both overstate a
    small command. Without GNU time, os.wait4 is used and the figure is an upper bound."""
    times, peak = [], 0.0
    scratch = HERE / "out" / "rss.txt"
    for _ in range(runs):
        wrapped = [str(GNU_TIME), "-f", "%M", "-o", str(scratch), *cmd]
        start = time.perf_counter()
        child = subprocess.Popen(
            wrapped if GNU_TIME.exists() else cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, _, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        child.returncode = 0  # reaped by wait4; keep Popen from waiting again
        kib = int(scratch.read_text().split()[-1]) if GNU_TIME.exists() else usage.ru_maxrss
        peak = max(peak, kib)
    return statistics.median(times), peak / 1024


def in_process(root: Path, periode_text: str, runs: int) -> dict[str, float]:
    """Median seconds of the library calls (no files written) and of a bare calamine read."""
    from python_calamine import CalamineWorkbook

    from pipeline.rekap.recap import build_rekap
    from pipeline.validate.period import input_files, period_folder, validate_period
    from pipeline.workspace.paths import Workspace
    from pipeline.workspace.periode import Periode

    ws = Workspace.open(root)
    periode = Periode.parse(periode_text)
    files = [p for p in input_files(period_folder(ws, periode)) if p.suffix == ".xlsx"]

    def bare() -> None:
        for path in files:
            book = CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()
            book.close()

    state: dict[str, object] = {}

    def validate() -> None:
        state["v"] = validate_period(ws, periode)

    def rekap() -> None:
        build_rekap(ws, state["v"])  # type: ignore[arg-type]

    def both() -> None:
        build_rekap(ws, validate_period(ws, periode))

    # Alternated, so a slower or faster stretch of this shared machine falls on both sides;
    # the ratio is the median of the per-round ratios.
    for fn in (bare, validate, rekap, both):
        fn()  # warm-up: lazy imports, caches
    rounds: dict[str, list[float]] = {"bare": [], "validate": [], "rekap": [], "both": []}
    for _ in range(runs):
        for name, fn in (("bare", bare), ("validate", validate), ("rekap", rekap), ("both", both)):
            start = time.perf_counter()
            fn()
            rounds[name].append(time.perf_counter() - start)
    result = {name: statistics.median(times) for name, times in rounds.items()}
    ratios = [b / a for a, b in zip(rounds["bare"], rounds["both"], strict=True)]
    result["ratio"] = statistics.median(ratios)
    result["ratio_min"], result["ratio_max"] = min(ratios), max(ratios)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    province = HERE / "out" / "provinsi"
    if args.regenerate and province.exists():
        shutil.rmtree(province)
    if not (province / "sakip.yaml").exists():
        generate(province)
    sakip = str(Path(sys.executable).parent / "sakip")
    contoh = HERE / "out" / "contoh-ws"
    if not (contoh / "sakip.yaml").exists():
        subprocess.run([sakip, "init", str(contoh)], check=True, stdout=subprocess.DEVNULL)
    folder = province / "inputs" / "2024" / "12"
    cases = [
        ("bare calamine read (provinsi)", [sys.executable, "-c", BARE_READ, str(folder)]),
        ("sakip validate (provinsi)", [sakip, "validate", "-w", str(province), "-p", "2024-12"]),
        ("sakip rekap (provinsi)", [sakip, "rekap", "-w", str(province), "-p", "2024-12"]),
        ("sakip validate (kantor contoh)", [sakip, "validate", "-w", str(contoh), "-p", "2024-03"]),
        ("sakip rekap (kantor contoh)", [sakip, "rekap", "-w", str(contoh), "-p", "2024-03"]),
        ("python -c pass (awal interpreter)", [sys.executable, "-c", "pass"]),
    ]
    results = {name: timed(cmd, args.runs) for name, cmd in cases}
    bare = results["bare calamine read (provinsi)"][0]
    print(f"{'kasus':<34} {'median (s)':>10} {'puncak RSS (MiB)':>17} {'x baca polos':>13}")
    for name, (seconds, peak) in results.items():
        ratio = f"{seconds / bare:.1f}x" if "provinsi" in name else ""
        print(f"{name:<34} {seconds:>10.2f} {peak:>17.0f} {ratio:>13}")

    print()
    print(f"Dalam satu proses (pustaka saja, tanpa menulis berkas; median {args.runs} run)")
    print(
        f"{'kasus':<34} {'baca polos (s)':>14} {'validate (s)':>12} {'rekap (s)':>10} "
        f"{'val+rekap (s)':>13} {'x baca polos':>13}"
    )
    for name, root, periode in [
        ("provinsi", province, "2024-12"),
        ("kantor contoh", contoh, "2024-03"),
    ]:
        r = in_process(root, periode, args.runs)
        print(
            f"{name:<34} {r['bare']:>14.3f} {r['validate']:>12.3f} {r['rekap']:>10.3f} "
            f"{r['both']:>13.3f} {r['ratio']:>12.2f}x  (per putaran "
            f"{r['ratio_min']:.2f}–{r['ratio_max']:.2f}x)"
        )


if __name__ == "__main__":
    main()
