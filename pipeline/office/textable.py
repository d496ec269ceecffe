"""Plain-text tables for the terminal: no dependency, so listing commands start fast."""

from __future__ import annotations

from collections.abc import Sequence


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None
) -> str:
    """A table with a header rule; ``align`` holds one 'l' or 'r' per column.

    A cell may hold several lines ("\\n"); its row grows to fit them.
    """
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [
        max(len(part) for row in cells for part in row[i].split("\n")) for i in range(len(headers))
    ]
    align = align or "l" * len(headers)

    def lines(row: list[str]) -> list[str]:
        split = [cell.split("\n") for cell in row]
        height = max(len(parts) for parts in split)
        out = []
        for k in range(height):
            parts = [
                (p[k] if k < len(p) else "").rjust(w)
                if a == "r"
                else (p[k] if k < len(p) else "").ljust(w)
                for p, w, a in zip(split, widths, align, strict=True)
            ]
            out.append("  ".join(parts).rstrip())
        return out

    rule = "  ".join("-" * w for w in widths)
    body = [line for row in cells[1:] for line in lines(row)]
    return "\n".join([*lines(cells[0]), rule, *body])


def angka(value: int) -> str:
    """An integer with Indonesian thousands separators: 12580 -> '12.580'."""
    return f"{value:,}".replace(",", ".")


def durasi(minutes: int) -> str:
    """Minutes as a person reads them: '5.090 menit (84 jam 50 menit)'."""
    if minutes < 60:
        return f"{minutes} menit"
    hours, rest = divmod(minutes, 60)
    tail = f" {rest} menit" if rest else ""
    return f"{angka(minutes)} menit ({angka(hours)} jam{tail})"
