"""ND30 checker: read any .docx and report where it departs from Nghị định 30/2020/NĐ-CP.

``check(path)`` returns a list of Finding (rule id, severity, paragraph, excerpt, message,
reference); ``annotate(path, out)`` writes a copy with each finding as a Word comment.
Rules are data (vbhc/data/nd30-rules.yaml) with one check function per rule id
(vbhc/checker/rules/).
"""

from __future__ import annotations

from vbhc.checker.annotate import annotate
from vbhc.checker.checker import Finding, check, collapse

__all__ = ["Finding", "annotate", "check", "collapse"]
