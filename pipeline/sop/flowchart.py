"""Swimlane flowchart of an SOP as SVG: one lane per actor, a box per step, a diamond per
check with its Ya/Tidak arrows, each step's time, and the total.

Plain string building, no drawing library: the SVG is small, deterministic and opens in any
browser or in Word.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pipeline.office.textable import angka, durasi
from pipeline.sop.model import Langkah, Sop

NO_W = 40
LANE_W = 150
TIME_W = 80
HEAD_H = 64
ROW_H = 64
BOX_W = 120
BOX_H = 40
DIAMOND_W = 90
DIAMOND_H = 48
FOOT_H = 40
FONT = "Arial, 'Liberation Sans', sans-serif"


@dataclass(frozen=True)
class _Place:
    cx: float
    cy: float
    half_w: float
    half_h: float


# Fill of a step by its state in an instance: done on time, late (done or not).
STATE_FILL = {"selesai": "#c8e6c9", "terlambat": "#f8c9c9"}


def flowchart_svg(sop: Sop, states: dict[int, str] | None = None) -> str:
    """The SOP's flowchart; ``states`` (step no -> "selesai" or "terlambat") colours the
    steps of one instance."""
    lanes = [a.id for a in sop.pelaksana]
    width = NO_W + LANE_W * len(lanes) + TIME_W
    height = HEAD_H + ROW_H * len(sop.langkah) + FOOT_H
    places = {step.no: _place(step, i, lanes) for i, step in enumerate(sop.langkah)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="10">',
        f"<title>Diagram alir SOP {escape(sop.judul)}</title>",
        _defs(),
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        *_grid(sop, lanes, width, height),
        *_arrows(sop, places),
        *(
            _node(
                step,
                places[step.no],
                len(sop.langkah),
                width - TIME_W / 2,
                (states or {}).get(step.no),
            )
            for step in sop.langkah
        ),
        _total(sop, width, height),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _place(step: Langkah, index: int, lanes: list[str]) -> _Place:
    cx = NO_W + LANE_W * lanes.index(step.pelaksana) + LANE_W / 2
    cy = HEAD_H + ROW_H * index + ROW_H / 2
    if step.keputusan:
        return _Place(cx, cy, DIAMOND_W / 2, DIAMOND_H / 2)
    return _Place(cx, cy, BOX_W / 2, BOX_H / 2)


def _defs() -> str:
    return (
        '<defs><marker id="panah" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#333333"/></marker></defs>'
    )


def _grid(sop: Sop, lanes: list[str], width: int, height: int) -> list[str]:
    out = ['<g class="kerangka" stroke="#999999" fill="none">']
    out.append(f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}"/>')
    xs = [NO_W + LANE_W * i for i in range(len(lanes) + 1)]
    out += [f'<line x1="{x}" y1="0" x2="{x}" y2="{height - FOOT_H}"/>' for x in xs]
    out.append(f'<line x1="0" y1="{HEAD_H}" x2="{width}" y2="{HEAD_H}"/>')
    out.append(f'<line x1="0" y1="{height - FOOT_H}" x2="{width}" y2="{height - FOOT_H}"/>')
    out.append("</g>")
    out.append('<g class="judul-kolom" font-weight="bold" text-anchor="middle">')
    out.append(_text(NO_W / 2, HEAD_H / 2, ["No"]))
    for i, actor in enumerate(sop.pelaksana):
        lines = textwrap.wrap(actor.nama, 22)[:4]
        out.append(_text(NO_W + LANE_W * (i + 0.5), HEAD_H / 2, lines))
    out.append(_text(xs[-1] + TIME_W / 2, HEAD_H / 2, ["Waktu"]))
    out.append("</g>")
    return out


def _text(x: float, cy: float, lines: list[str], size: int = 10) -> str:
    first = cy - (len(lines) - 1) * (size + 2) / 2 + size / 3
    spans = "".join(
        f'<tspan x="{x:g}" y="{first + k * (size + 2):g}">{escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    return f'<text font-size="{size}">{spans}</text>'


def _node(step: Langkah, p: _Place, count: int, time_x: float, state: str | None = None) -> str:
    tip = escape(f"{step.no}. {step.uraian}")
    if step.keputusan:
        shape = (
            f'<polygon points="{p.cx:g},{p.cy - p.half_h:g} {p.cx + p.half_w:g},{p.cy:g} '
            f'{p.cx:g},{p.cy + p.half_h:g} {p.cx - p.half_w:g},{p.cy:g}" '
            f'fill="{STATE_FILL.get(state or "", "#fff4d6")}" stroke="#333333"/>'
        )
        label = [f"{step.no}. Sesuai?"]
    else:
        terminal = step.no in (1, count)
        radius = p.half_h if terminal else 3
        shape = (
            f'<rect x="{p.cx - p.half_w:g}" y="{p.cy - p.half_h:g}" width="{2 * p.half_w:g}" '
            f'height="{2 * p.half_h:g}" rx="{radius:g}" '
            f'fill="{STATE_FILL.get(state or "", "#e8f0fb")}" stroke="#333333"/>'
        )
        label = [
            f"{step.no}. " + line if k == 0 else line
            for k, line in enumerate(textwrap.wrap(step.output, 22)[:2])
        ]
    row_y = p.cy
    number = f'<text x="{NO_W / 2:g}" y="{row_y + 4:g}" text-anchor="middle">{step.no}</text>'
    return (
        f'<g class="langkah" id="langkah-{step.no}" data-no="{step.no}" '
        f'data-pelaksana="{step.pelaksana}" data-menit="{step.waktu_menit}"'
        + (f' data-keadaan="{state}"' if state else "")
        + ">"
        f"<title>{tip}</title>{shape}"
        f'<g text-anchor="middle">{_text(p.cx, p.cy, label, 9)}</g>{number}'
        f'<text class="waktu" x="{time_x:g}" y="{row_y + 4:g}" text-anchor="middle">'
        f"{angka(step.waktu_menit)} menit</text></g>"
    )


def _arrows(sop: Sop, places: dict[int, _Place]) -> list[str]:
    out = ['<g class="panah" fill="none" stroke="#333333" stroke-width="1.2">']
    for step in sop.langkah:
        nxt = step.keputusan.ya if step.keputusan else step.no + 1
        if nxt in places:
            out.append(_down(places[step.no], places[nxt], "Ya" if step.keputusan else ""))
        if step.keputusan:
            out.append(_back(places[step.no], places[step.keputusan.tidak]))
    out.append("</g>")
    return out


def _down(a: _Place, b: _Place, label: str) -> str:
    start_y = a.cy + a.half_h
    mid_y = (start_y + b.cy - b.half_h) / 2 if b.cy > a.cy else start_y + 8
    d = f"M{a.cx:g},{start_y:g} V{mid_y:g} H{b.cx:g} V{b.cy - b.half_h:g}"
    text = (
        f'<text x="{a.cx + 4:g}" y="{start_y + 10:g}" stroke="none" fill="#1a7f37" '
        f'font-size="9">{label}</text>'
        if label
        else ""
    )
    return f'<path d="{d}" marker-end="url(#panah)"/>{text}'


def _back(a: _Place, b: _Place) -> str:
    side = 1 if b.cx >= a.cx else -1
    start_x = a.cx + side * a.half_w
    edge_x = b.cx - side * b.half_w if b.cx != a.cx else b.cx + b.half_w
    bend_x = (b.cx - side * (b.half_w + 10)) if b.cx != a.cx else a.cx + LANE_W / 2 - 6
    d = f"M{start_x:g},{a.cy:g} H{bend_x:g} V{b.cy:g} H{edge_x:g}"
    return (
        f'<path d="{d}" stroke="#b42318" stroke-dasharray="4 2" marker-end="url(#panah)"/>'
        f'<text x="{start_x + side * 4:g}" y="{a.cy - 4:g}" stroke="none" fill="#b42318" '
        f'font-size="9" text-anchor="{"start" if side > 0 else "end"}">Tidak</text>'
    )


def _total(sop: Sop, width: int, height: int) -> str:
    text = f"Jumlah langkah: {len(sop.langkah)}    Total waktu: {durasi(sop.total_menit)}"
    return (
        f'<text class="total" x="{width - 10}" y="{height - FOOT_H / 2 + 4:g}" '
        f'text-anchor="end" font-weight="bold">{escape(text)}</text>'
    )
