"""Run every rule over one document and return its findings, in reading order.

A finding is a ``vbhc.errors.Problem`` with ``rule``, ``severity``, ``paragraph``,
``excerpt``, ``message`` and ``reference`` set (``path`` empty, ``file`` None); ``str()``
of it is the line ``vbhc check`` prints and ``finding_dict`` the entry of ``--json``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import Any

from vbhc.checker.components import APPENDIX_FILE_RULES, Part, find_components
from vbhc.checker.config import CheckConfig
from vbhc.checker.document import Document, Para
from vbhc.checker.rules import REGISTRY, Hit, RuleSpec, load_rules, verify_registry
from vbhc.docx.package import Package, read_package, read_package_bytes, read_package_parts
from vbhc.errors import Problem
from vbhc.gcpause import gc_paused

EXCERPT_CHARS = 50
"""Longest excerpt quoted in a finding, in characters (an ellipsis ends a cut one)."""

ERROR = "lỗi"
"""The severity of an error finding (vbhc.errors.Problem.is_error); the other is "cảnh báo"."""

FINDING_KEYS = ("rule", "severity", "paragraph", "excerpt", "message", "reference")
"""The keys of one finding in ``vbhc check --json``, in order."""


def excerpt(text: str) -> str:
    """Return ``text`` with its whitespace (NBSP included) collapsed to single spaces and cut
    to EXCERPT_CHARS characters, the last one "…" when cut."""
    text = " ".join(text.replace("\xa0", " ").split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1].rstrip() + "…"


def finding(spec: RuleSpec, hit: Hit, severity: str | None = None) -> Problem:
    """Return the Problem for ``hit`` of rule ``spec``: its severity, message and reference
    come from the rule data, its paragraph (1-based, None for the whole file or a header
    paragraph) and excerpt from where the hit is."""
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
    return Problem(path="", message=spec.message(hit.chi_tiet),
                   severity=severity or spec.severity,
                   rule=spec.id,
                   paragraph=para.index if para is not None and para.index else None,
                   excerpt=excerpt(text), reference=spec.reference)


def finding_dict(problem: Problem) -> dict[str, Any]:
    """Return one finding as ``vbhc check --json`` writes it: the FINDING_KEYS, in order."""
    return {key: getattr(problem, key) for key in FINDING_KEYS}


def check_document(doc: Document, config: CheckConfig | None = None,
                   errors_only: bool = False) -> list[Problem]:
    """Return the findings of every rule on an opened document, sorted by paragraph (whole-
    file findings first) and then by the rule's place in vbhc/data/nd30-rules.yaml; with
    ``config`` (an agency's settings, vbhc.checker.config) rules it turns off do not run
    and the severities it sets replace the rule data's. ``errors_only``: only the findings
    that are errors ("lỗi"), exactly those of the full check; without ``config`` settings
    the rules whose findings are warnings do not run then (a rule's findings all take its
    one severity, and none of the rule data's warning rules leaves anything the others read:
    only look rules of header and closing cells mark a column found not centred,
    Document.uncentred_columns). With settings every enabled rule runs (one lowered to a
    warning may mark a column an error rule then does not report again).

    Raises vbhc.checker.rules.RuleDataError when the packaged rule data and the check
    functions disagree (a bug in vbhc)."""
    verify_registry()
    doc.uncentred_columns.clear()
    comp = find_components(doc)
    specs = load_rules()
    order = {rid: i for i, rid in enumerate(specs)}
    config = config or CheckConfig()
    absent = APPENDIX_FILE_RULES if comp.phu_luc_rieng else ()  # Mẫu 2.1: no header
    severities = {rid: config.severity(rid, spec.severity) for rid, spec in specs.items()
                  if config.enabled(rid) and rid not in absent}
    skip = errors_only and not config.rules  # warning rules: nothing the others read
    findings = [finding(specs[rid], hit, severity) for rid, severity in severities.items()
                if not skip or severity == ERROR
                for hit in REGISTRY[rid](comp, specs[rid])]
    if errors_only:
        findings = [f for f in findings if f.severity == ERROR]
    findings.sort(key=lambda f: (f.paragraph or 0, order[f.rule]))
    return findings


def _checked(read: Callable[[], Package], config: CheckConfig | None = None,
             errors_only: bool = False) -> list[Problem]:
    """Return check_document's findings for the package ``read()`` returns, read and
    checked with the cyclic garbage collector paused, then put back as it was.

    One check makes next to no cyclic garbage: its only cycles (paragraphs and the
    document they refer to) are broken by Document.release before it returns, so all of
    it is freed by reference counting. Without the pause the collector would walk the
    check's thousands of short-lived objects several times per document (about a fifth of
    a commune plan's check). Memory is bounded as before: by the input limits
    (vbhc.docx.limits), which the reader enforces."""
    with gc_paused(freeze=False):  # counted with other threads' pauses: put back as it was
        doc = Document(read())
        try:
            return check_document(doc, config, errors_only)
        finally:
            doc.release()


def check(path: str | os.PathLike, config: CheckConfig | None = None) -> list[Problem]:
    """Return the ND30 findings for the .docx at ``path`` (see check_document; ``config``
    an agency's settings from vbhc.checker.config.load_config).

    Raises vbhc.errors.ReadError (exit code 2) when the file is not a readable .docx.
    """
    return _checked(lambda: read_package(path, share=True), config)


def check_bytes(data: bytes, name: str) -> list[Problem]:
    """Return the ND30 findings for the .docx held in ``data`` (``name`` for messages): how
    vbhc checks a document it has rendered before writing it. ReadError as check()."""
    return _checked(lambda: read_package_bytes(data, name, share=True))


def check_parts(parts: dict[str, bytes], name: str,
                trees: dict[str, tuple[bytes, Any]] | None = None,
                errors_only: bool = False) -> list[Problem]:
    """Return the ND30 findings for the package whose entries are ``parts`` (entry name ->
    bytes: what vbhc.renderer.pipeline.render_bytes zips, handed over through its
    ``parts_out``), the same findings check_bytes gives for the zip, without unzipping it
    again; ``name`` for messages. ``trees``: render_bytes' ``trees_out`` (entry name ->
    (its bytes, the lxml tree they serialise)), so word/document.xml need not be parsed
    again (vbhc.docx.package.read_package_parts: the same findings and refusals as from
    the bytes). ``errors_only``: only the errors (see check_document). ReadError as
    check()."""
    return _checked(lambda: read_package_parts(parts, name, share=True, trees=trees),
                    errors_only=errors_only)


def collapse(findings: list[Problem], keep: int = 3) -> tuple[list[Problem], dict[str, int]]:
    """Return the first ``keep`` findings of each rule, in their order, and rule id -> how
    many more that rule had (only rules with more than ``keep``)."""
    seen: Counter[str] = Counter()
    shown = []
    for f in findings:
        seen[f.rule] += 1
        if seen[f.rule] <= keep:
            shown.append(f)
    return shown, {rule: n - keep for rule, n in seen.items() if n > keep}
