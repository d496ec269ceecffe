"""Images placed in documents: the LKjIP's chart of capaian per indicator, the office logo.

Drawn with Pillow (already a dependency) rather than a plotting library: a bar chart of a few
dozen indicators needs no more, and the PNG bytes are deterministic.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.documents.model import Indikator
from pipeline.errors import WorkspaceError, os_cause

BAR = (31, 78, 121)
MAX_BARS = 60
GRID = (200, 200, 200)
TARGET = (180, 35, 24)


@dataclass(frozen=True)
class Gambar:
    """An image to place in a document; the renderer turns it into a docxtpl InlineImage."""

    data: bytes
    lebar_mm: float


LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_FORMATS = ("PNG", "JPEG", "GIF", "BMP")


def logo(root: Path, name: str, width_mm: float = 22) -> Gambar | None:
    """The office logo named in sakip.yaml (``instansi.logo``), relative to the workspace
    ``root``; None when the file is absent. Refused (WorkspaceError) when it lies outside the
    workspace (a config must not make sakip read, say, /etc/passwd into every letter) or is
    not a PNG, JPEG, GIF or BMP image of reasonable size."""
    from PIL import Image, UnidentifiedImageError

    option = f"instansi.logo '{name}' di sakip.yaml"
    try:
        path = (root / name).resolve()
        inside = path.is_relative_to(root.resolve())
        if inside and not path.exists():
            return None
        if not inside:
            raise WorkspaceError(
                f"{option} berada di luar folder workspace. Salin berkas logo ke dalam folder "
                "workspace lalu tulis jalurnya dari folder itu, misalnya logo: logo.png."
            )
        if not path.is_file():
            raise WorkspaceError(f"{option} bukan berkas gambar. Tunjuk berkas PNG atau JPEG.")
        if path.stat().st_size > LOGO_MAX_BYTES:
            raise WorkspaceError(
                f"{option} lebih besar dari 5 MB. Perkecil gambarnya (cukup 600 piksel lebar)."
            )
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except OSError as err:
        if isinstance(err, UnidentifiedImageError):
            kind = None
        else:
            raise WorkspaceError(f"{option} tidak dapat dibaca ({os_cause(err)}).") from err
    except (ValueError, SyntaxError, Image.DecompressionBombError) as err:
        raise WorkspaceError(f"{option} bukan gambar yang utuh ({err}).") from err
    if kind not in LOGO_FORMATS:
        raise WorkspaceError(
            f"{option} bukan gambar PNG, JPEG, GIF atau BMP. Tunjuk berkas logo yang benar."
        )
    return Gambar(data, width_mm)


def capaian_chart(items: Sequence[Indikator], width_mm: float = 160) -> Gambar | None:
    from PIL import Image, ImageDraw, ImageFont

    rows = [(i.kode, float(i.capaian)) for i in items if i.capaian is not None]
    if not rows:
        return None
    title = "Capaian kinerja per indikator (%)"
    if len(rows) > MAX_BARS:
        # A chart of hundreds of bars helps nobody: show the average per sasaran instead.
        rows, title = _per_sasaran(items), "Rata-rata capaian kinerja per sasaran (%)"
    label_w, bar_w, row_h, top = 110, 640, 22, 40
    height = top + row_h * len(rows) + 40
    image = Image.new("RGB", (label_w + bar_w + 60, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    scale = bar_w / max(150.0, max(value for _label, value in rows))
    draw.text((10, 10), title, fill="black", font=font)
    for tick in range(0, int(bar_w / scale) + 1, 25):
        x = label_w + tick * scale
        draw.line([(x, top - 5), (x, height - 30)], fill=GRID)
        draw.text((x - 8, height - 25), str(tick), fill="black", font=font)
    for n, (label, value) in enumerate(rows):
        y = top + n * row_h
        draw.text((10, y + 4), label[:18], fill="black", font=font)
        draw.rectangle([label_w, y + 3, label_w + value * scale, y + row_h - 5], fill=BAR)
        draw.text(
            (label_w + value * scale + 4, y + 4),
            f"{value:.2f}".replace(".", ","),
            fill="black",
            font=font,
        )
    x100 = label_w + 100 * scale
    draw.line([(x100, top - 5), (x100, height - 30)], fill=TARGET, width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return Gambar(buffer.getvalue(), width_mm)


def _per_sasaran(items: Sequence[Indikator]) -> list[tuple[str, float]]:
    groups: dict[str, list[float]] = {}
    for item in items:
        if item.capaian is not None:
            groups.setdefault(item.sasaran, []).append(float(item.capaian))
    averages = [(name, sum(v) / len(v)) for name, v in groups.items()]
    return averages[:MAX_BARS]
