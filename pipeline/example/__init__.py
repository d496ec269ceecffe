"""The example office (kantor contoh): ``sakip init`` and the repository's own inputs/.

The example is a Dinas Koperasi UKM with a Sekretariat, three bidang and one UPT, with PK, RAK,
IKI and monthly realisasi for January-March 2024. The UPT carries deliberate, realistic
mistakes so a demo of ``sakip validate`` shows findings (see kantor-contoh.yaml).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import SakipError, WorkspaceError
from pipeline.office.ooxml import write_atomic
from pipeline.workspace.config import CONFIG_FILE, load_config
from pipeline.workspace.paths import INPUTS_DIR, OUTPUTS_DIR, Workspace

__all__ = ["EXAMPLE_PERIOD", "bundled_config", "create_workspace", "write_example_inputs"]

EXAMPLE_PERIOD = "2024-03"
"""The latest period of the example data: what the demo validates."""


def bundled_config() -> Path:
    """The example ``sakip.yaml`` shipped with sakip: package data in a wheel
    (``pipeline/_bundled/sakip.yaml``), the repository root's file in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for path in (package / "_bundled" / CONFIG_FILE, package.parent / CONFIG_FILE):
        if path.is_file():
            return path
    raise SakipError(
        f"Berkas contoh {CONFIG_FILE} tidak ditemukan di instalasi sakip. "
        "Pasang ulang sakip, lalu ulangi perintah."
    )


def _new_config_path(target: Path) -> Path:
    """Where a new workspace's sakip.yaml goes; refuses a file in the way or an existing
    config, so an office's own configuration is never overwritten."""
    config = target / CONFIG_FILE
    if target.exists() and not target.is_dir():
        raise WorkspaceError(f"'{target}' adalah berkas, bukan folder. Sebutkan folder baru.")
    if config.exists():
        raise WorkspaceError(
            f"'{config}' sudah ada: folder ini sudah berisi workspace, dan sakip init tidak "
            "menimpanya. Pilih folder lain atau kosongkan folder itu lebih dulu."
        )
    return config


def create_workspace(target_dir: Path) -> list[Path]:
    """Write a complete example workspace into ``target_dir``: sakip.yaml, one workbook per
    unit in inputs/2024/01..03 and an empty outputs/. Returns what was written.

    Refuses to touch a folder that already holds a sakip.yaml, so an office's own
    configuration is never overwritten.
    """
    target = Path(target_dir).expanduser()
    config = _new_config_path(target)
    source = bundled_config().read_bytes()

    def produce(tmp: Path) -> None:
        tmp.write_bytes(source)  # byte copy: keeps the example's comments for the office

    write_atomic(config, produce)
    outputs = target / OUTPUTS_DIR
    outputs.mkdir(exist_ok=True)
    written = [config, *write_example_inputs(target), outputs]
    from pipeline.example.process import record_example_steps

    record_example_steps(Workspace.open(target))
    return written


def create_blank_workspace(target_dir: Path) -> list[Path]:
    """Write a workspace for a real office into ``target_dir``: a commented ``sakip.yaml`` to
    fill in (no example data), and empty inputs/ and outputs/. Refuses an existing config."""
    target = Path(target_dir).expanduser()
    config = _new_config_path(target)
    source = (Path(__file__).resolve().parent.parent / "workspace" / "kosong.yaml").read_bytes()

    def produce(tmp: Path) -> None:
        tmp.write_bytes(source)

    target.mkdir(parents=True, exist_ok=True)
    write_atomic(config, produce)
    folders = [target / INPUTS_DIR, target / OUTPUTS_DIR]
    for folder in folders:
        folder.mkdir(exist_ok=True)
    return [config, *folders]


def write_example_inputs(
    workspace_root: Path, periods: list[tuple[int, int]] | None = None
) -> list[Path]:
    """(Re)write the example workbooks under ``workspace_root``/inputs/<tahun>/<bulan>/: the
    months the example data hold (January-March 2024), or the given ``periods`` (year,
    month), later months continued from them (December 2024, January 2025).

    Uses the workspace's own sakip.yaml and layout; the output is deterministic, so
    regenerating the repository's inputs/ gives byte-identical files.
    """
    # Imported here: openpyxl is heavy, and this package is imported by the CLI module.
    from pipeline.example.data import for_month, load_data, unit_rows
    from pipeline.workbook.write import workbook_name, write_workbook
    from pipeline.workspace.layout import load_layout

    data = load_data()
    periods = periods or [(int(data["tahun"]), int(bulan)) for bulan in data["bulan"]]
    workspace = Workspace.open(workspace_root)
    config = load_config(workspace)
    layout = load_layout(workspace)
    written: list[Path] = []
    for tahun, bulan in periods:
        month = for_month(data, tahun, bulan)
        folder = workspace.root / INPUTS_DIR / f"{tahun:04d}" / f"{bulan:02d}"
        for unit in config.unit:
            target = folder / workbook_name(config, unit, (tahun, bulan))
            rows = unit_rows(month, unit, bulan)
            written.append(write_workbook(config, layout, unit, (tahun, bulan), target, rows))
    return written
