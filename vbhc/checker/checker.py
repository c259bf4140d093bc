"""Run every rule over one document and return Findings, in reading order."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import asdict, dataclass

from vbhc.checker.components import Part, find_components
from vbhc.checker.document import Document, Para
from vbhc.checker.rules import REGISTRY, Hit, RuleSpec, load_rules, verify_registry

EXCERPT_CHARS = 50


@dataclass(frozen=True)
class Finding:
    """One departure from ND30: which rule, how serious, where, and what to do."""

    rule: str
    severity: str  # "lỗi" | "cảnh báo"
    paragraph: int | None  # 1-based, reading order, table cells included; None = whole file
    excerpt: str
    message: str
    reference: str

    @property
    def is_error(self) -> bool:
        return self.severity == "lỗi"

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"đoạn {self.paragraph}" if self.paragraph else "toàn văn bản"
        if self.excerpt:
            where += f" «{self.excerpt}»"
        return f"{where}: {self.severity} [{self.rule}] {self.message} ({self.reference})"


def excerpt(text: str) -> str:
    text = " ".join(text.replace("\xa0", " ").split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1].rstrip() + "…"


def _finding(spec: RuleSpec, hit: Hit) -> Finding:
    where = hit.where
    para: Para | None = where.para if isinstance(where, Part) else where
    if hit.excerpt is not None:
        text = hit.excerpt
    elif isinstance(where, Part):
        text = where.text
    elif isinstance(where, Para):
        text = where.clean
    else:
        text = ""
    return Finding(rule=spec.id, severity=spec.severity,
                   paragraph=para.index if para is not None and para.index else None,
                   excerpt=excerpt(text), message=spec.message(hit.chi_tiet),
                   reference=spec.reference)


def check_document(doc: Document) -> list[Finding]:
    """Return the findings of every rule on an opened document."""
    verify_registry()
    comp = find_components(doc)
    specs = load_rules()
    order = {rid: i for i, rid in enumerate(specs)}
    findings = [_finding(spec, hit) for rid, spec in specs.items()
                for hit in REGISTRY[rid](comp, spec)]
    findings.sort(key=lambda f: (f.paragraph or 0, order[f.rule]))
    return findings


def check(path: str | os.PathLike) -> list[Finding]:
    """Return the ND30 findings for the .docx at ``path``.

    Raises vbhc.errors.ReadError (exit code 2) when the file is not a readable .docx.
    """
    return check_document(Document.open(path))


def collapse(findings: list[Finding], keep: int = 3) -> tuple[list[Finding], dict[str, int]]:
    """Return the first ``keep`` findings of each rule and how many more each rule had."""
    seen: Counter[str] = Counter()
    shown = []
    for f in findings:
        seen[f.rule] += 1
        if seen[f.rule] <= keep:
            shown.append(f)
    return shown, {rule: n - keep for rule, n in seen.items() if n > keep}
