"""Check returned PDFs (PK, RAK, IKI, Form Pengukuran, LKI, LKjIP) for their required sections.

The sections of each document type are data, in ``sop_specs/bagian/<type>.yaml``. Modules:
``sections`` (load the specs), ``pdf``/``ocr``/``read`` (page text, OCR for scans), ``text``
(normalisation, running headers, Daftar Isi), ``detect`` (type from the title), ``match``
(sections in the body), ``evaluate`` (status), ``runner`` (a process per file with a time
limit), ``check`` (orchestration), ``check_report``/``check_report_html``/``check_report_xlsx``
(the laporan), ``extra`` (the extension point for further checks), ``crosscheck`` and
``expected`` (a returned PK against the build of its period), ``result`` (what a check
finds), ``record`` (results kept in ``sakip.db``).
"""

from __future__ import annotations

from pipeline.checker.check import AUTO, CheckOptions, check_paths, collect_pdfs
from pipeline.checker.extra import ExtraCheck, ReadDocument
from pipeline.checker.result import STATUS_LABELS, CheckResult, SectionResult, Status
from pipeline.checker.sections import DocumentSpec, load_document_specs
from pipeline.errors import UnknownDocumentTypeError

__all__ = [
    "AUTO",
    "STATUS_LABELS",
    "CheckOptions",
    "CheckResult",
    "DocumentSpec",
    "ExtraCheck",
    "ReadDocument",
    "SectionResult",
    "Status",
    "UnknownDocumentTypeError",
    "check_paths",
    "collect_pdfs",
    "load_document_specs",
]
