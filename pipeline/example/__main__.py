"""Regenerate the example workbooks: ``python -m pipeline.example [WORKSPACE]``.

Used for the repository's own inputs/2024/01..03 after a change to the template or the
example data; the output is deterministic, so unchanged inputs give no git diff.
"""

import sys
from pathlib import Path

from pipeline.example import write_example_inputs

for path in write_example_inputs(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
    print(f"Ditulis: {path}")
