"""Derive a district's or commune's plan from the province's, by explicit rules.

``derive(plan, "huyện Cao Lộc")`` returns the new plan (validated) and every change made.
Units come from data/don-vi/, rules from data/dan-xuat/ (a province may override them).
The package is ``derivation``, not ``derive``: a subpackage named ``derive`` would replace
the function ``vbhc.derive`` on import.
"""

from __future__ import annotations

from vbhc.derivation.changes import Change, Derivation, describe
from vbhc.derivation.engine import (
    Outcome,
    derive,
    derive_many,
    file_stem,
    load_plan,
    plan_date,
    profile_file,
    read_profile,
    source_province,
    targets,
)
from vbhc.derivation.fields import PLAN_FIELDS
from vbhc.derivation.rules import RuleSet, load_rules
from vbhc.derivation.units import Province, Unit, find_unit, provinces

__all__ = ["PLAN_FIELDS", "Change", "Derivation", "Outcome", "Province", "RuleSet", "Unit",
           "derive", "derive_many", "describe", "file_stem", "find_unit", "load_plan", "load_rules",
           "plan_date", "profile_file", "provinces", "read_profile", "source_province",
           "targets"]
