"""Write docs/sakip-yaml.md from the config schema: ``python tools/make_config_reference.py``."""

from __future__ import annotations

from pathlib import Path

from pipeline.workspace.config_reference import config_reference

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    target = ROOT / "docs" / "sakip-yaml.md"
    target.write_text(config_reference(), encoding="utf-8")
    print(f"Ditulis: {target}")
