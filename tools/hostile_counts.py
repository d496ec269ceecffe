"""Count the hostile-input suite's cases by how they ended, for the README's "Keandalan" table.

``python tools/hostile_counts.py`` runs ``pytest tests/hostile`` and prints the table;
``--tulis`` also writes it into README.md between its two markers. A parametrised test is one
case per parameter; a fuzzer (hypothesis) counts every example it ran, as the fuzzers report
them through ``SAKIP_HOSTILE_EXAMPLES`` (tests/hostile/sakip_run.count_example).

A case is "jelas" when its test passed (every hostile test asserts a clear end: exit code 0,
1 or 2, no traceback, no hang, memory under the bound, inputs unchanged); "traceback" when
sakip's output held one or the test ended in an exception other than a failed assertion;
"macet" when sakip did not finish in time. A skipped case (the tmpfs cases without root, the
permission case as root) is counted apart, never as clear.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN = "<!-- hitungan uji hostile: awal (tools/hostile_counts.py --tulis) -->"
END = "<!-- hitungan uji hostile: akhir -->"

# (file, test name prefix or "") -> the row's label, in the table's order.
GROUPS: list[tuple[str, str, str]] = [
    ("test_hostile_workbook_bounds.py", "", "Batas buku kerja"),
    ("test_hostile_numbers.py", "", "Angka"),
    (
        "test_hostile_mistakes.py",
        "",
        "Kesalahan umum (.xls, judul, unit ganda, logo, templat)",
    ),
    (
        "test_hostile_environment.py",
        "",
        "Gangguan lingkungan (disk penuh, batas ukuran berkas, hanya-baca, folder, log)",
    ),
    ("test_hostile_archive.py", "", "Arsip (hilang, kosong, cadangan, pulih, sisa build)"),
    ("test_hostile_check.py", "", "`sakip check` (perangkat, pipa, berkas besar)"),
    ("test_hostile_fuzz.py", "test_mutated_sheet_xml", "Fuzzer XML lembar (hypothesis)"),
    ("test_hostile_fuzz.py", "test_mutated_pdf", "Fuzzer bita PDF (hypothesis)"),
    (
        "test_hostile_fuzz.py",
        "test_letter_numbers",
        "Fuzzer nomor surat: build acak, diubah, dihentikan paksa (hypothesis)",
    ),
]
COLUMNS = ("kasus", "jelas", "traceback", "macet", "tidak jelas", "dilewati")


@dataclass
class Tally:
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, label: str, outcome: str, cases: int = 1) -> None:
        row = self.counts.setdefault(label, Counter())
        row[outcome] += cases
        if outcome != "dilewati":
            row["kasus"] += cases


class _Collector:
    """A pytest plugin: each test's outcome, by group."""

    def __init__(self) -> None:
        self.outcomes: dict[str, tuple[str, str]] = {}  # nodeid -> (label, outcome)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        label = _label(report.nodeid)
        if label is None:
            return
        if report.skipped:
            self.outcomes[report.nodeid] = (label, "dilewati")
        elif report.failed:
            self.outcomes[report.nodeid] = (label, _failure(report))
        elif report.when == "call":
            self.outcomes.setdefault(report.nodeid, (label, "jelas"))


def _label(nodeid: str) -> str | None:
    path, _, name = nodeid.partition("::")
    for file, prefix, label in GROUPS:
        if path.endswith(file) and name.startswith(prefix):
            return label
    return None


def _failure(report: pytest.TestReport) -> str:
    text = report.longreprtext
    if "tidak selesai dalam batas waktu" in text:
        return "macet"
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", "")
    if "Traceback (most recent call last)" in text or not message.startswith("AssertionError"):
        return "traceback"
    return "tidak jelas"


def count(extra: list[str]) -> Tally:
    """Run the hostile suite and tally its cases."""
    collector = _Collector()
    with tempfile.TemporaryDirectory(prefix="sakip-hitung-") as scratch:
        examples = Path(scratch) / "contoh.txt"
        os.environ["SAKIP_HOSTILE_EXAMPLES"] = str(examples)
        code = pytest.main(
            ["-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "hostile"), *extra],
            plugins=[collector],
        )
        ran = Counter(examples.read_text().split()) if examples.exists() else Counter[str]()
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise SystemExit(f"pytest berhenti dengan kode {int(code)}; tidak ada yang dihitung")
    tally = Tally()
    for _file, _prefix, label in GROUPS:
        tally.counts[label] = Counter()
    for nodeid, (label, outcome) in collector.outcomes.items():
        name = nodeid.partition("::")[2].partition("[")[0]
        fuzzed = ran.get(name, 0)
        if fuzzed and outcome != "dilewati":
            # A failing fuzzer stops at its one (shrunk) failing example; the rest were clear.
            failing = 0 if outcome == "jelas" else 1
            tally.add(label, "jelas", fuzzed - failing)
            if failing:
                tally.add(label, outcome, failing)
        else:
            tally.add(label, outcome)
    return tally


def table(tally: Tally) -> str:
    head = "| Kelompok | Kasus | Jelas | Traceback | Macet | Tidak jelas | Dilewati |"
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total: Counter[str] = Counter()
    for label, row in tally.counts.items():
        total.update(row)
        lines.append(f"| {label} | " + " | ".join(str(row[c]) for c in COLUMNS) + " |")
    lines.append("| **Jumlah** | " + " | ".join(f"**{total[c]}**" for c in COLUMNS) + " |")
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"Penanda tabel tidak ditemukan di {README}: {BEGIN} ... {END}")
    updated = readme[: start + len(BEGIN)] + "\n" + text + "\n" + readme[end:]
    README.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> Any:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tulis", action="store_true", help="tulis tabelnya ke README.md")
    args, extra = parser.parse_known_args(argv)
    tally = count(extra)
    text = table(tally)
    print(text)
    if args.tulis:
        write_readme(text)
        print(f"Ditulis ke {README}")
    failed = sum(row[c] for row in tally.counts.values() for c in COLUMNS[2:5])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
