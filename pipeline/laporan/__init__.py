"""The compliance report (laporan kepatuhan) of a period: HTML, xlsx and a terminal table.

Each writer renders a ``pipeline.findings.Report`` as it stands; none of them judges data.
"""

from __future__ import annotations

from pipeline.laporan.html_writer import render_html, write_html
from pipeline.laporan.text import summary_table
from pipeline.laporan.xlsx_writer import write_xlsx

__all__ = ["render_html", "summary_table", "write_html", "write_xlsx"]
