"""``python -m vbhc.renderer.precompile``: compile the shipped templates' parts ahead.

Writes vbhc/data/mau-bien-dich (see vbhc.renderer.sandbox.COMPILED): for each templated part
of templates/*.docx, the Python code Jinja generates for it in vbhc's sandbox, under the
part's ``compiled_key``, and in ``ten.json`` the names it reads (vbhc.renderer.ahead). Run
by ``make templates`` (after the pre-patch table); tests/test_speed_cold_render.py fails
while the folder does not match the templates.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from vbhc.docx.package import read_package_entries
from vbhc.files import write_generated
from vbhc.renderer.ahead import NAMES, analysis_digest, context_digest, parts_digest
from vbhc.renderer.context import names_used
from vbhc.renderer.engine import analyse
from vbhc.renderer.sandbox import COMPILED, compiled_key, jinja_env
from vbhc.renderer.template import canonical_style_ids, templates_dir


def shipped_sources() -> list[str]:
    """Return the template source of every templated part of the shipped templates, as the
    renderer hands them to :func:`jinja_env` (vbhc.renderer.engine.analyse). Raises
    TemplateRejected for a shipped template the renderer refuses."""
    env = jinja_env()
    env.recorded = []
    try:
        for path in sorted(templates_dir().glob("*.docx")):
            analyse(path)
        return list(dict.fromkeys(env.recorded))
    finally:
        env.recorded = None


def stored_code() -> dict[str, str]:
    """Return file name -> Python source for ``COMPILED``: Jinja's code for each part
    of the shipped templates, generated in this sandbox."""
    env = jinja_env()
    return {f"{compiled_key(source)}.pyj": env.compile(env.parse(source), raw=True)
            for source in shipped_sources()}


def shipped_templates() -> dict[str, dict[str, str]]:
    """Return, for each shipped template analyse finds no problem in, the SHA-256 of its
    parts (vbhc.renderer.ahead.parts_digest) -> {templated part: compiled_key}."""
    env = jinja_env()
    env.recorded = []
    found: dict[str, dict[str, str]] = {}
    try:
        for path in sorted(templates_dir().glob("*.docx")):
            start = len(env.recorded)
            analysis = analyse(path)
            if analysis.problems or not analysis.syntax_ok or analysis.info is None:
                continue
            package, parts = read_package_entries(path)
            sources = env.recorded[start:]
            assert len(sources) == len(analysis.compiled), path  # one parse per part
            found[parts_digest(package.main_name, canonical_style_ids(parts))] = {
                part: compiled_key(source)
                for part, source in zip(analysis.compiled, sources, strict=True)}
        return found
    finally:
        env.recorded = None


def stored_names() -> dict[str, object]:
    """Return the content of ``ten.json`` (vbhc.renderer.ahead.NAMES): the names each
    shipped part reads (vbhc.renderer.context.names_used) under its compiled_key, and the
    shipped templates' parts (:func:`shipped_templates`) under the analysis code's digest."""
    env = jinja_env()
    return {"context": context_digest(),
            "names": {compiled_key(source): sorted(names_used(env.parse(source)))
                      for source in shipped_sources()},
            "templates": {"code": analysis_digest(), "parts": shipped_templates()}}


def store_compiled() -> None:
    """Write ``COMPILED`` afresh in the source tree (``make templates``)."""
    folder = Path(str(files("vbhc.data").joinpath(COMPILED)))
    code = stored_code()
    write_generated(folder, code, "*.pyj")
    (folder / NAMES).write_text(json.dumps(stored_names(), ensure_ascii=False, indent=0,
                                           sort_keys=True) + "\n", "utf-8")
    print(f"Đã ghi {len(code)} phần mẫu đã biên dịch vào {folder}")


if __name__ == "__main__":
    store_compiled()
