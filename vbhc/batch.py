"""Render many documents: inputs as files, folders or globs; workers; partial failure."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from vbhc.errors import VbhcError

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    """What happened to one input: the file written, or the errors that stopped it."""

    source: Path
    target: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def expand_inputs(items: Iterable[str]) -> list[Path]:
    """Return the YAML files named by ``items``: files as given, folders' *.yaml sorted,
    glob patterns expanded and sorted. A name matching nothing is kept (and fails later)."""
    out: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES)
        elif glob.has_magic(item):
            out += [Path(p) for p in sorted(glob.glob(item))]
        else:
            out.append(path)
    return out


def names_folder(output: str) -> bool:
    """Return whether ``-o output`` means a folder: it ends with a slash or is one."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def targets_for(sources: list[Path], output: str | None, suffix: str = ".docx") -> list[Path]:
    """Return each source's output path: beside it; at ``output``; or inside ``output`` when it
    is a folder (see names_folder) or several inputs share it."""
    if output is None:
        return [s.with_suffix(suffix) for s in sources]
    if len(sources) > 1 or names_folder(output):
        return [Path(output) / f"{s.stem}{suffix}" for s in sources]
    return [Path(output)]


def render_one(source: Path, target: Path, force: bool,
               template: Path | None = None, profile_dirs: tuple[Path, ...] = ()) -> Outcome:
    """Load and render one document; errors are captured, not raised. Profiles are read from
    the document's folder tree and ``profile_dirs`` only (see vbhc.profiles)."""
    from vbhc.loader import load
    from vbhc.renderer.pipeline import render

    outcome = Outcome(source, target)
    try:
        doc = load(source, outcome.warnings, profile_dirs=profile_dirs)
        render(doc, target, force=force, template=template)
    except VbhcError as exc:
        outcome.errors = str(exc).splitlines()
        outcome.exit_code = exc.exit_code
    return outcome


def _render_star(args: tuple[Path, Path, bool, Path | None, tuple[Path, ...]]) -> Outcome:
    return render_one(*args)


def render_many(sources: list[Path], targets: list[Path], *, force: bool = False,
                jobs: int = 1, template: Path | None = None,
                profile_dirs: tuple[Path, ...] = (),
                on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Render every source to its target, ``jobs`` at a time; one failure stops nothing.

    Two inputs that would write the same file both fail rather than overwrite each other.
    """
    seen: dict[Path, int] = {}
    for target in targets:
        seen[target.resolve()] = seen.get(target.resolve(), 0) + 1
    work, outcomes = [], []
    for source, target in zip(sources, targets, strict=True):
        if seen[target.resolve()] > 1:
            outcomes.append(Outcome(source, target, [
                f"{source}: nhiều tệp vào cùng ghi ra {target}; đổi tên một tệp"], exit_code=1))
        else:
            work.append((source, target, force, template, profile_dirs))
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(_render_star, work, chunksize=max(1, len(work) // (jobs * 4)))
            for outcome in results:
                outcomes.append(outcome)
                if on_done:
                    on_done(outcome)
    else:
        for args in work:
            outcome = render_one(*args)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    order = {s: i for i, s in enumerate(sources)}
    return sorted(outcomes, key=lambda o: order[o.source])
