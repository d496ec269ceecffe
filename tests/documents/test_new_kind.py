"""A new document kind is three things: its entry in dokumen.yaml, its template and its
context builder. This test adds one to a workspace with exactly those three (the builder
here, the other two in the workspace folder) and builds it; nothing else in sakip is told.

It is the worked example of docs/ARCHITECTURE.md, "Adding a document kind".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from pipeline.cli.main import cli
from pipeline.documents import model as m
from pipeline.documents.common import BuildEnv, Subject, base, kepala_dinas
from pipeline.documents.kinds import builder, kinds, unregister
from pipeline.documents.people import document_date
from pipeline.documents.registry import DokumenSpec
from pipeline.example import create_workspace

ROOT = Path(__file__).resolve().parents[2]


# 1. The context builder, with the context class it declares.
@dataclass(frozen=True, kw_only=True)
class SuratPerbaikanContext(m.Dasar):
    surat: m.Surat
    units: list[str]
    """Units whose workbook still has galat: the letter asks them to correct it."""


def surat_perbaikan(spec: DokumenSpec, s: Subject, env: BuildEnv) -> SuratPerbaikanContext:
    late = [u for u in env.config.unit if u.kode not in env.units]
    identity = f"{env.periode.tahun}|{spec.id}|{env.periode.bulan:02d}"
    tanggal = document_date(env.config, env.periode, spec.frekuensi)
    return SuratPerbaikanContext(
        **base(spec, env),
        surat=m.Surat(
            nomor=env.letter_number(identity, tanggal),
            tanggal=tanggal,
            sifat="Segera",
            lampiran="-",
            hal=f"Perbaikan Data Kinerja {env.periode.nama}",
            tujuan=[u.kepala.jabatan_lengkap for u in late],
            tempat_tujuan="di Tempat",
            penandatangan=kepala_dinas(env),
            tembusan=["Arsip"],
        ),
        units=[u.nama for u in late],
    )


# 2. Its entry in the workspace's dokumen.yaml.
ENTRY = (
    "  - {id: pengumpulan-perbaikan, sop: pengumpulan-data, langkah: 13, "
    "templat: surat-perbaikan.docx, konteks: SuratPerbaikanContext, lingkup: instansi, "
    'frekuensi: bulanan, judul: "Surat Perbaikan Data Kinerja {periode}", nomor_surat: true}\n'
)


# 3. Its template, in the workspace's templates/.
def _template(path: Path) -> None:
    doc = Document()
    for line in (
        "{{ instansi.kota }}, {{ surat.tanggal|tanggal }}",
        "Nomor: {{ surat.nomor }}",
        "Hal: {{ surat.hal }}",
        "{%p for t in surat.tujuan %}",
        "Yth. {{ t }}",
        "{%p endfor %}",
        "Data kinerja unit berikut belum lengkap dan mohon diperbaiki:",
        "{%p for u in units %}",
        "{{ loop.index }}. {{ u }}",
        "{%p endfor %}",
        "{{ surat.penandatangan.jabatan }}",
        "{{ surat.penandatangan.nama }}",
    ):
        doc.add_paragraph(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "ws"
    create_workspace(root)
    registry = root / "sop_specs" / "dokumen" / "dokumen.yaml"
    registry.parent.mkdir(parents=True, exist_ok=True)
    default = (ROOT / "sop_specs" / "dokumen" / "dokumen.yaml").read_text(encoding="utf-8")
    registry.write_text(default + ENTRY, encoding="utf-8")
    _template(root / "templates" / "surat-perbaikan.docx")
    builder(SuratPerbaikanContext)(surat_perbaikan)
    yield root
    unregister("SuratPerbaikanContext")


def test_an_unregistered_kind_is_named_with_the_choices(workspace: Path) -> None:
    unregister("SuratPerbaikanContext")
    result = CliRunner().invoke(cli, ["templates", "check", "-w", str(workspace)])
    assert result.exit_code != 0
    assert "konteks 'SuratPerbaikanContext' tidak dikenal" in result.output
    assert "SuratPerihalContext" in result.output


def test_a_new_letter_needs_only_its_entry_template_and_builder(workspace: Path) -> None:
    assert kinds()["SuratPerbaikanContext"].context is SuratPerbaikanContext

    check = CliRunner().invoke(cli, ["templates", "check", "-w", str(workspace)])
    assert check.exit_code == 0, check.output
    assert "surat-perbaikan.docx" in check.output

    args = ["build", "-w", str(workspace), "--periode", "2024-03", "--sop", "pengumpulan-data"]
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code == 1, result.output  # the example's UPT is held back on purpose
    outputs = json.loads(result.stdout)["outputs"]
    made = [o for o in outputs if o["kind"] == "pengumpulan-perbaikan"]
    assert [(o["sop"], o["step"]) for o in made] == [("pengumpulan-data", 13)]
    path = workspace / made[0]["path"]
    assert path.name == "Surat Perbaikan Data Kinerja Maret 2024.docx"

    text = [p.text for p in Document(str(path)).paragraphs]
    assert "Hal: Perbaikan Data Kinerja Maret 2024" in text
    assert "1. UPT Balai Pelatihan Koperasi dan UMKM" in text
    assert "Yth. Kepala UPT Balai Pelatihan Koperasi dan UMKM" in text
    nomor = next(t for t in text if t.startswith("Nomor: "))
    assert nomor.endswith("/2024") and nomor != "Nomor: "
    assert not any("{{" in t or "{%" in t for t in text)
