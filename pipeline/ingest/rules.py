"""The validation rules of ``sop_specs/validasi/aturan.yaml`` and how a hit becomes a Finding.

The checks live in code (one small function per kind of problem), but each rule's severity,
message and on/off switch live in the YAML, so the office can tune them without code.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Annotated, Any

from pipeline.errors import SpecError
from pipeline.ingest.findings import Finding, Severity
from pipeline.workspace.paths import SPECS_DIR, Workspace
from pipeline.workspace.schema import NONEMPTY, one_of
from pipeline.workspace.yamlfile import load_spec

RULES_FILE = "validasi/aturan.yaml"


@dataclass(frozen=True, kw_only=True)
class Aturan:
    id: Annotated[str, NONEMPTY]
    tingkat: Annotated[str, one_of("galat", "peringatan")]
    pesan: Annotated[str, NONEMPTY]
    sop: str = ""
    langkah: int | None = None
    aktif: bool = True


@dataclass(frozen=True, kw_only=True)
class AturanSet:
    aturan: list[Aturan] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    """A problem found by a check, before the rule set turns it into a Finding."""

    rule: str
    unit: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    params: dict[str, Any] = field(default_factory=dict)


class Rules:
    def __init__(self, rules: list[Aturan]) -> None:
        self._by_id = {r.id: r for r in rules}

    def finding(self, hit: Hit) -> Finding | None:
        """The Finding for ``hit``, or None when its rule is switched off."""
        rule = self._by_id.get(hit.rule)
        if rule is None:
            # A check whose rule is missing from the YAML must still be reported, never lost.
            return Finding(
                "galat",
                hit.unit,
                hit.file,
                hit.sheet,
                hit.cell,
                hit.rule,
                f"Aturan {hit.rule} tidak ada di {SPECS_DIR}/{RULES_FILE}.",
            )
        if not rule.aktif:
            return None
        severity: Severity = "galat" if rule.tingkat == "galat" else "peringatan"
        params = {"unit": hit.unit, "berkas": hit.file, "lembar": hit.sheet, "sel": hit.cell}
        params.update(hit.params)
        message = " ".join(rule.pesan.format_map(_Defaults(params)).split())
        return Finding(severity, hit.unit, hit.file, hit.sheet, hit.cell, hit.rule, message)

    def findings(self, hits: list[Hit]) -> list[Finding]:
        return [f for f in (self.finding(h) for h in hits) if f is not None]

    @property
    def ids(self) -> set[str]:
        return set(self._by_id)


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def load_rules(workspace: Workspace) -> Rules:
    rules, label = load_spec(workspace, RULES_FILE, AturanSet, "berkas aturan validasi")
    problems = _check_placeholders(rules, label)
    if problems:
        raise SpecError(problems)
    return Rules(rules.aturan)


def _check_placeholders(rules: AturanSet, label: str) -> list[str]:
    problems = []
    seen: set[str] = set()
    for i, rule in enumerate(rules.aturan):
        if rule.id in seen:
            problems.append(f"{label}: aturan[{i}].id: id '{rule.id}' dipakai dua kali.")
        seen.add(rule.id)
        try:
            list(string.Formatter().parse(rule.pesan))
        except ValueError as err:
            problems.append(
                f"{label}: aturan[{i}].pesan: tanda kurung kurawal tidak seimbang ({err})."
            )
    return problems
