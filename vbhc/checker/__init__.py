"""ND30 checker: read any .docx and report where it departs from Nghị định 30/2020/NĐ-CP.

``check(path)`` returns a list of ``vbhc.errors.Problem`` findings (rule id, severity,
paragraph, excerpt, message, reference); ``finding_dict`` gives one as ``--json`` writes it;
``annotate(path, out)`` writes a copy with each finding as a Word comment. Rules are data
(vbhc/data/nd30-rules.yaml) with one check function per rule id (vbhc/checker/rules/); the
ND30 components they look at are found once (vbhc/checker/components.py), named with the
model's field names. An agency turns rules off or changes their severity in a small YAML
file (vbhc.checker.config, ``vbhc check --cau-hinh``).
"""

from __future__ import annotations

from vbhc.checker.annotate import annotate
from vbhc.checker.checker import check, check_bytes, collapse, finding_dict
from vbhc.checker.config import CheckConfig, load_config, parse_config

__all__ = ["CheckConfig", "annotate", "check", "check_bytes", "collapse", "finding_dict",
           "load_config", "parse_config"]
