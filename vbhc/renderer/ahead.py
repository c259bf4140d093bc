"""The shipped templates' parts as ``make templates`` left them: compiled code and the names
each part reads, so a cold start neither parses nor walks a shipped part.

The code is vbhc.renderer.sandbox's (``compiled_ahead``: keyed by the Jinja version, the
sandbox's source and the part's template source). The names are
vbhc.renderer.context.names_used of the part, stored in ``mau-bien-dich/ten.json`` with the
SHA-256 of context.py: a changed context.py finds none, and the part is parsed as any other.
vbhc.renderer.precompile writes both; tests/test_speed_cold_render.py checks them.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Template

from vbhc.renderer.sandbox import COMPILED, compiled_ahead, compiled_key, jinja_env

NAMES = "ten.json"
"""The file (in ``COMPILED``) of the names each stored part reads:
``{"context": <SHA-256 of context.py>, "names": {<compiled_key>: [name, ...]}}``."""


def context_digest() -> str | None:
    """SHA-256 of vbhc/renderer/context.py, whose names_used the stored names come from;
    None when its source is not on disk (a frozen application): no stored part is taken."""
    try:
        return hashlib.sha256(Path(__file__).with_name("context.py").read_bytes()).hexdigest()
    except OSError:
        return None


@cache
def _names() -> dict[str, list[str]]:
    try:
        stored = json.loads(files("vbhc.data").joinpath(f"{COMPILED}/{NAMES}")
                            .read_text("utf-8"))
    except OSError:
        return {}
    digest = context_digest()
    return stored["names"] if digest is not None and stored.get("context") == digest else {}


def shipped_part(source: str) -> tuple[Template, frozenset[str]] | None:
    """Return (the template, the names it reads) for the template source of a shipped part
    stored ahead, as parsing, vbhc.renderer.context.names_used and ``from_string`` would
    give them; None for any other source (then parse and compile it)."""
    env = jinja_env()
    if env.recorded is not None:  # precompile is collecting the parts: parse every one
        return None
    names = _names().get(compiled_key(source))
    code = compiled_ahead(source) if names is not None else None
    if code is None:
        return None
    return env.template_class.from_code(env, code, env.make_globals(None), None), \
        frozenset(names)
