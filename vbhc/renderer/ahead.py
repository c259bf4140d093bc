"""The shipped templates' parts as ``make templates`` left them: compiled code and the names
each part reads, so a cold start neither parses nor walks a shipped part.

The code is vbhc.renderer.sandbox's (``compiled_ahead``: keyed by the Jinja version, the
sandbox's source and the part's template source). The names are
vbhc.renderer.context.names_used of the part, stored in ``mau-bien-dich/ten.json`` with the
SHA-256 of context.py: a changed context.py finds none, and the part is parsed as any other.
vbhc.renderer.precompile writes both; tests/test_speed_cold_render.py checks them.

A whole shipped template is known too (``shipped_template``): ``ten.json`` keeps, under the
SHA-256 of its parts, which stored code each templated part is, with the SHA-256 of the
modules whose code decides what vbhc.renderer.engine.analyse makes of a template
(``ANALYSIS_MODULES``). Those parts then need no XML parse, tag mending or name check on a
cold start: make templates found no problem in exactly these bytes with exactly this code.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from jinja2 import Template

from vbhc.data import files
from vbhc.renderer.sandbox import COMPILED, compiled_ahead, compiled_key, jinja_env, stored_code

NAMES = "ten.json"
"""The file (in ``COMPILED``) of the names each stored part reads:
``{"context": <SHA-256 of context.py>, "names": {<compiled_key>: [name, ...]},
"templates": {"code": <analysis_digest>, "parts": {<parts_digest>: {part: compiled_key}}}}``."""

ANALYSIS_MODULES = ("docx/limits.py", "docx/ns.py", "docx/package.py", "renderer/context.py",
                    "renderer/engine.py", "renderer/external.py", "renderer/prepatch.py",
                    "renderer/sandbox.py", "renderer/tags.py", "renderer/template.py",
                    "lang/filters.py", "data/mau-bat-buoc.yaml")
"""The files (paths under vbhc/) whose code or data decides what analyse makes of a template
(with lxml, which parses it, and Jinja, which compiled the stored code: their versions are in
analysis_digest too): the filters a template may name (lang/filters.py) and the names each
kind's template must use (data/mau-bat-buoc.yaml) included."""


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


@cache
def analysis_digest() -> str | None:
    """SHA-256 of lxml's and Jinja's versions and the sources of ``ANALYSIS_MODULES``, names
    included; None when one is not on disk (a frozen application): no stored template is
    taken then. Jinja's version is in it because shipped_template takes the stored code by
    the keys ten.json holds, without computing a compiled_key (which holds that version)."""
    from lxml import etree

    from vbhc.renderer import sandbox

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"lxml {etree.__version__}\0jinja {sandbox.JINJA_VERSION}\0"
                            .encode())
    try:
        for name in ANALYSIS_MODULES:
            digest.update(f"{name}\0".encode())
            digest.update((root / name).read_bytes())
            digest.update(b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def parts_digest(main_name: str, parts: dict[str, bytes]) -> str:
    """SHA-256 of a template's main part name and every part (name, length and bytes, in
    name order): the content analyse reads."""
    digest = hashlib.sha256(main_name.encode())
    for name in sorted(parts):
        data = parts[name]
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@cache
def _templates() -> dict[str, dict[str, str]]:
    try:
        stored = json.loads(files("vbhc.data").joinpath(f"{COMPILED}/{NAMES}")
                            .read_text("utf-8")).get("templates", {})
    except OSError:
        return {}
    digest = analysis_digest()
    return stored.get("parts", {}) if digest is not None and stored.get("code") == digest \
        else {}


def shipped_template(main_name: str, parts: dict[str, bytes]
                     ) -> tuple[dict[str, Template], frozenset[str]] | None:
    """Return (part name -> template, the names they read) for a template whose parts
    (``main_name`` and ``parts`` as analyse reads them) are exactly a shipped template's as
    make templates analysed it with this very code, finding no problem: what analyse would
    compile and collect. None for any other template (then it is analysed in full)."""
    env = jinja_env()
    if env.recorded is not None:  # precompile is collecting the parts: analyse every one
        return None
    keys = _templates().get(parts_digest(main_name, parts))
    if keys is None:
        return None
    names = _names()
    compiled: dict[str, Template] = {}
    used: set[str] = set()
    for part, key in keys.items():
        code = stored_code(key) if key in names else None
        if code is None:
            return None
        compiled[part] = env.template_class.from_code(env, code, env.make_globals(None), None)
        used.update(names[key])
    return compiled, frozenset(used)
