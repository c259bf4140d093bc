"""What the ``vbhc`` command does once when it starts, before any command runs (a cold
``vbhc render`` of one small file is timed in ``make bench``)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from types import ModuleType

PYDANTIC_PLUGIN_LOADER = "pydantic.plugin._loader"
"""Pydantic's plugin discovery: ``get_plugins()`` reads the ``pydantic`` entry points of
every installed distribution with importlib.metadata on the first model it builds."""


def skip_pydantic_plugin_scan() -> None:
    """Tell pydantic it has no plugins when no installed distribution declares one, so a
    command never imports importlib.metadata (and email, csv, zipfile...) for that: ~14 ms
    of CPU, 5 % of a cold ``vbhc render``.

    The answer is the one pydantic's loader would reach: every ``*.dist-info`` and
    ``*.egg-info`` folder on ``sys.path`` (and the ``EGG-INFO`` of a ``*.egg`` folder on
    it, as importlib.metadata reads it) is looked at for a ``[pydantic]`` section in its
    ``entry_points.txt``. When one has it, when ``sys.path`` holds a zip archive, or when
    pydantic already loaded its plugins, nothing is changed and pydantic looks itself.
    """
    if PYDANTIC_PLUGIN_LOADER in sys.modules or _declares_pydantic_plugin():
        return
    loader = ModuleType(PYDANTIC_PLUGIN_LOADER, "No pydantic plugin is installed (vbhc).")
    loader.get_plugins = tuple  # type: ignore[attr-defined]  # () : no plugins
    sys.modules[PYDANTIC_PLUGIN_LOADER] = loader


YAML_UNPRINTABLE = ("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                    "\U00010000-\U0010ffff]")
"""PyYAML's ``yaml.reader.Reader.NON_PRINTABLE`` (also vbhc.yaml_in.UNPRINTABLE): the
characters a YAML stream may not hold, written as "none of" the ones it may. Compiling it
walks every code point of its two large ranges in Python: ~12 ms of CPU, the largest
single cost of ``import yaml`` (5 % of a cold ``vbhc render``)."""

YAML_UNPRINTABLE_LISTED = ("[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F"
                           "\uD800-\uDFFF\uFFFE\uFFFF]")
"""The same characters listed one range after another (every code point up to U+10FFFF
that YAML_UNPRINTABLE leaves out): the same matches, ~0.4 ms to compile."""


def seed_yaml_unprintable() -> None:
    """Put the compiled :data:`YAML_UNPRINTABLE_LISTED` in the ``re`` module's cache under
    the text of :data:`YAML_UNPRINTABLE`, before PyYAML is imported: ``re.compile`` of that
    text (yaml.reader's class body, vbhc.yaml_in) then returns it instead of compiling
    the long form. Same characters matched, same search/match/sub results (tests); only
    the pattern's ``.pattern`` text differs. Nothing is done when yaml.reader is imported
    already or this Python's ``re`` keeps no such cache (it then compiles as before)."""
    import re

    cache = getattr(re, "_cache", None)
    if "yaml.reader" in sys.modules or not isinstance(cache, dict):
        return
    cache.setdefault((str, YAML_UNPRINTABLE, 0), re.compile(YAML_UNPRINTABLE_LISTED))


def _declares_pydantic_plugin() -> bool:
    """Return True when a distribution on ``sys.path`` may declare a pydantic plugin (an
    entry point group ``[pydantic]``), or when that cannot be seen from folders alone."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except NotADirectoryError:  # a zip archive: let importlib.metadata read it
            return True
        except OSError:
            continue
        egg = os.path.basename(entry).lower().endswith(".egg")  # its EGG-INFO counts too
        for name in names:
            low = name.lower()
            if not (low.endswith((".dist-info", ".egg-info")) or (egg and low == "egg-info")):
                continue
            try:
                with open(os.path.join(entry, name, "entry_points.txt"), encoding="utf-8",
                          errors="replace") as points:
                    if any(line.strip() == "[pydantic]" for line in points):
                        return True
            except OSError:
                continue
    return False


@contextmanager
def frozen_imports() -> Iterator[None]:
    """Run the block (the command's imports) with the cyclic garbage collector paused, then
    freeze what exists (``gc.freeze``) and put the collector back as it was: the classes,
    functions and tables imports make all live on, so the ~20 collections they would set
    off on a cold start, and every later one walking them again, find nothing to free
    (~4 ms of CPU). vbhc.commands._common.import_paused does the same for a command's
    own modules."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def frozen_import(name: str) -> ModuleType:
    """Return the module ``name`` (a command's, vbhc.cli.LAZY_COMMANDS), imported under
    :func:`frozen_imports` when it is not imported yet (once imported, nothing is frozen
    again: a process running commands again keeps no garbage for ever)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    with frozen_imports():
        return import_module(name)
