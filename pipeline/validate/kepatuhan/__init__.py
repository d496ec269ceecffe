"""The compliance report (laporan kepatuhan) of a period: HTML, xlsx and a terminal table.

Each writer renders a ``pipeline.ingest.findings.Report`` as it stands; none of them judges data.
"""

from __future__ import annotations

from pipeline.validate.kepatuhan.html import render_html, write_html
from pipeline.validate.kepatuhan.text import summary_table
from pipeline.validate.kepatuhan.xlsx import write_xlsx

__all__ = ["render_html", "summary_table", "write_html", "write_xlsx"]
