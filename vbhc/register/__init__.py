"""The outgoing register (sổ đăng ký văn bản đi): numbers that never collide, per agency, year
and series, in SQLite (default, no server) or PostgreSQL (an office where several clerks
issue from different machines).

``Register.open(csdl)`` opens or creates it (vbhc.register.db: address, locking, versioned
schema); ``issue(register, "doc.yaml")`` numbers, dates, renders and records a document
(vbhc.register.issue); ``Register.entries(...)`` lists and searches; ``export(entries,
"so.xlsx")`` writes the ND30 form (vbhc.register.export). An app-level package: it renders.
"""

from __future__ import annotations

from vbhc.register.db import ENV_VAR, RegisterError, default_path
from vbhc.register.export import export
from vbhc.register.issue import Issued, issue
from vbhc.register.store import Entry, Register, RegisterRefusal

__all__ = ["ENV_VAR", "Entry", "Issued", "Register", "RegisterError", "RegisterRefusal",
           "default_path", "export", "issue"]
