"""Benchmark of issue 3: validate + rekap on a province-scale period and on the example office.

    .venv/bin/python bench/bench_validate.py

Generates the province period once (bench/out/provinsi: 40 units x 50 indicators x 12 months,
20 staff with IKI per unit), then times, as whole processes, `sakip validate` and
`sakip rekap` (which validates, writes the laporan kepatuhan and the rekapitulasi), with their
peak memory, against a bare python-calamine read of the same workbooks (every sheet to Python
lists), the floor any reader must pay. Medians of --runs runs.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
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


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MiB) of ``cmd`` over ``runs`` runs."""
    times, peak = [], 0.0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return statistics.median(times), peak / 1024


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
    folder = province / "inputs" / "2024" / "12"
    cases = [
        ("bare calamine read (provinsi)", [sys.executable, "-c", BARE_READ, str(folder)]),
        ("sakip validate (provinsi)", [sakip, "validate", "-w", str(province), "-p", "2024-12"]),
        ("sakip rekap (provinsi)", [sakip, "rekap", "-w", str(province), "-p", "2024-12"]),
        ("sakip validate (kantor contoh)", [sakip, "validate", "-w", str(ROOT), "-p", "2024-03"]),
        ("sakip rekap (kantor contoh)", [sakip, "rekap", "-w", str(ROOT), "-p", "2024-03",
                                         "--laporan", str(HERE / "out" / "contoh")]),
    ]  # fmt: skip
    results = {name: timed(cmd, args.runs) for name, cmd in cases}
    bare = results["bare calamine read (provinsi)"][0]
    print(f"{'kasus':<34} {'median (s)':>10} {'puncak RSS (MiB)':>17} {'x baca polos':>13}")
    for name, (seconds, peak) in results.items():
        ratio = f"{seconds / bare:.1f}x" if "provinsi" in name else ""
        print(f"{name:<34} {seconds:>10.2f} {peak:>17.0f} {ratio:>13}")


if __name__ == "__main__":
    main()
