"""Regenerate the example workbooks: ``python -m pipeline.example [WORKSPACE [TTTT-BB ...]]``.

Without periods: the repository's own inputs/2024/01..03, after a change to the template or
the example data; the output is deterministic, so unchanged inputs give no git diff. With
periods (for example ``2024-12 2025-01``): those months, continued from the example data, to
try the end of a year and the final LKjIP.
"""

import sys
from pathlib import Path

from pipeline.example import write_example_inputs
from pipeline.workspace.periode import Periode

periods = [Periode.parse(text) for text in sys.argv[2:]]
root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
for path in write_example_inputs(root, [(p.tahun, p.bulan) for p in periods] or None):
    print(f"Ditulis: {path}")
