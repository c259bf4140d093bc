"""A batch makes each document with the cyclic garbage collector paused and lets it run
between documents (issue 21): a collection in the middle of a document walks its live trees
for nothing; one between documents still frees any cyclic garbage a document left."""

from __future__ import annotations

import gc
from pathlib import Path

from vbhc import batch

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml",
           ROOT / "examples" / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml",
           ROOT / "examples" / "chi-thi-tang-cuong-dan-chu-co-so-lang-son-2024.yaml"]


def test_each_document_is_made_with_the_collector_paused_and_it_runs_between(
        tmp_path, monkeypatch):
    inside, between = [], []
    load_checked = batch.load_checked
    made = batch._made

    def watched_load(*args, **kwargs):
        inside.append(gc.isenabled())
        return load_checked(*args, **kwargs)

    def watched_made(*args, **kwargs):
        between.append(gc.isenabled())
        return made(*args, **kwargs)

    monkeypatch.setattr(batch, "load_checked", watched_load)
    monkeypatch.setattr(batch, "_made", watched_made)
    assert gc.isenabled()
    outcomes = batch.render_many(SOURCES, [tmp_path / f"{i}.docx" for i in range(3)])
    assert [o.exit_code for o in outcomes] == [0, 0, 0]
    assert inside == [False] * 3 and between == [True] * 3
    assert gc.isenabled()


def test_a_document_that_fails_puts_the_collector_back(tmp_path):
    bad = tmp_path / "hong.yaml"
    bad.write_text("loai: ke_hoach\ntrich_yeu: [\n", encoding="utf-8")
    outcomes = batch.render_many([bad, SOURCES[1]], [tmp_path / "a.docx", tmp_path / "b.docx"])
    assert outcomes[0].exit_code != 0 and outcomes[1].exit_code == 0
    assert gc.isenabled()


def test_a_commune_plan_leaves_no_cyclic_garbage(tmp_path):
    """What pausing relies on: the collector finds nothing a made document left."""
    for i, source in enumerate(SOURCES):  # warm: caches filled
        batch.render_one(source, tmp_path / f"w{i}.docx", True)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        for i, source in enumerate(SOURCES * 2):
            batch.render_one(source, tmp_path / f"{i}.docx", True)
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
