from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from pipeline import Workspace, load_sops
from pipeline.cli.main import cli

SVG = "{http://www.w3.org/2000/svg}"


def test_render_all_writes_docx_and_svg(runner: CliRunner, repo_root: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["sop", "render", "--all", "--out", str(tmp_path), "--workspace", str(repo_root)]
    )
    assert result.exit_code == 0, result.output
    assert "14 berkas ditulis" in result.output
    for sop in load_sops(Workspace.open(repo_root)):
        docx_path = tmp_path / f"sop-{sop.id}.docx"
        _assert_docx_has_every_step(docx_path, sop)
        _assert_svg_has_a_node_per_step(tmp_path / f"sop-{sop.id}.svg", sop)
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"


def _assert_docx_has_every_step(path: Path, sop) -> None:  # type: ignore[no-untyped-def]
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "{{" not in text and "{%" not in text
    ident = doc.tables[0]
    assert sop.judul.upper() in [c.text for c in ident.rows[5].cells]
    steps = doc.tables[-1]
    body = steps.rows[3:-1]
    assert len(body) == len(sop.langkah)
    actors = [a.id for a in sop.pelaksana]
    for row, step in zip(body, sop.langkah, strict=True):
        cells = row.cells
        assert cells[0].text == f"{step.no}."
        assert cells[1].text == step.uraian
        marked = [i for i in range(len(actors)) if cells[2 + i].text.strip()]
        assert marked == [actors.index(step.pelaksana)]
        assert cells[2 + len(actors) + 1].text.startswith(f"{step.waktu_menit:,}".replace(",", "."))
        assert cells[2 + len(actors) + 2].text == step.output
    all_text = "\n".join(c.text for row in steps.rows for c in row.cells)
    assert "JUMLAH WAKTU" in all_text


def _assert_svg_has_a_node_per_step(path: Path, sop) -> None:  # type: ignore[no-untyped-def]
    root = ET.parse(path).getroot()
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "langkah"]
    assert [int(g.get("data-no", "0")) for g in nodes] == [s.no for s in sop.langkah]
    diamonds = [g for g in nodes if g.find(f"{SVG}polygon") is not None]
    assert len(diamonds) == sum(1 for s in sop.langkah if s.keputusan)
    texts = "".join(root.itertext())
    assert texts.count("Tidak") == len(diamonds)
    assert f"Jumlah langkah: {len(sop.langkah)}" in texts


def test_render_is_deterministic(runner: CliRunner, repo_root: Path, tmp_path: Path) -> None:
    for out in ("a", "b"):
        result = runner.invoke(
            cli, ["sop", "render", "pk", "--out", str(tmp_path / out), "-w", str(repo_root)]
        )
        assert result.exit_code == 0, result.output
    for name in ("sop-pk.docx", "sop-pk.svg"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_workspace_template_override(runner: CliRunner, repo_root: Path, tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "sop.docx").write_bytes(b"bukan docx")
    result = runner.invoke(
        cli, ["sop", "render", "pk", "--out", str(tmp_path / "o"), "-w", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "templates/sop.docx" in result.output
