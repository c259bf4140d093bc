"""The rendered Lạng Sơn plan reproduces the seed: every paragraph in order, four real
footnotes with the seed's texts, each anchored after the word where its marker stands."""

from __future__ import annotations

import re

import pytest

from tests.docx_helpers import para_text, w

SUPERSCRIPTS = {"¹": 1, "²": 2, "³": 3, "⁴": 4}
FOOTNOTE_BLOCK = re.compile(r"^[¹²³⁴] ")
ENDS_SENTENCE = re.compile(r"[.;:!?…”)]$")
POINT = re.compile(r"^[a-zđ]\) ")


def _norm(text: str) -> str:
    return " ".join(text.split())


def seed_paragraphs(seed: str) -> tuple[list[str], dict[int, str]]:
    """Return the seed's body paragraphs (page-break splits joined, markers kept) and its
    footnote texts by number. Written from the seed's shape, independent of vbhc."""
    blocks = [b.strip() for b in seed.split("\n\n") if b.strip()]
    notes = {}
    body: list[str] = []
    for block in blocks:
        if FOOTNOTE_BLOCK.match(block):
            notes[SUPERSCRIPTS[block[0]]] = block[2:].strip()
            continue
        for line in block.split("\n"):  # the signature block is one block of lines
            line = line.strip()
            continues = line[:1].islower() and not POINT.match(line)
            if body and not ENDS_SENTENCE.search(body[-1]) and continues:
                body[-1] = f"{body[-1]} {line}"  # a paragraph the PDF split at a page end
            else:
                body.append(line)
    return body, notes


def _strip_markers(text: str) -> str:
    """Drop footnote markers and the seed's ``**`` bold marks (checked separately)."""
    return re.sub("[¹²³⁴]|\\*\\*", "", text)


def test_seed_parser_joins_the_known_splits(seed_text):
    body, notes = seed_paragraphs(seed_text)
    joined = [p for p in body if "của đời sống xã hội" in p or "thông tin, tuyên truyền;" in p]
    assert len(joined) == 2
    assert sorted(notes) == [1, 2, 3, 4]


def test_every_seed_paragraph_in_order(seed_text, plan_docx):
    expected, _ = seed_paragraphs(seed_text)
    rendered = [_norm(para_text(p)) for p in plan_docx.paragraphs()]
    rendered = [t for t in rendered if t]
    position = 0
    for paragraph in expected:
        want = _norm(_strip_markers(paragraph))
        try:
            position = rendered.index(want, position) + 1
        except ValueError:
            later = want in rendered
            pytest.fail(f"đoạn {'sai thứ tự' if later else 'bị thiếu'}: {want[:90]!r}")
    assert len(expected) > 70


def test_exactly_four_real_footnotes_with_seed_texts(seed_text, plan_docx):
    _, notes = seed_paragraphs(seed_text)
    rendered = {k: _norm(v) for k, v in plan_docx.footnotes().items()}
    assert rendered == {k: _norm(v) for k, v in notes.items()}
    refs = plan_docx.document.iter(w("footnoteReference"))
    assert [int(r.get(w("id"))) for r in refs] == [1, 2, 3, 4]


def test_footnotes_anchored_after_the_marked_word(seed_text, plan_docx):
    body, _ = seed_paragraphs(seed_text)
    anchors = {}
    for paragraph in body:
        for m in re.finditer("[¹²³⁴]", paragraph):
            anchors[SUPERSCRIPTS[m.group()]] = _strip_markers(paragraph[: m.start()])[-25:]
    assert sorted(anchors) == [1, 2, 3, 4]
    found = {}
    for p in plan_docx.paragraphs():
        text = para_text(p, footnote_marks=True)
        for m in re.finditer(r"\[\^(\d+)\]", text):
            before = re.sub(r"\[\^\d+\]", "", text[: m.start()])
            found[int(m.group(1))] = before
    for number, tail in anchors.items():
        assert found[number].endswith(tail), f"chú thích {number} không đứng sau {tail!r}"


def test_report_deadlines_are_bold(seed_text, plan_docx):
    bold_in_seed = re.findall(r"\*\*(.+?)\*\*", seed_text)
    assert bold_in_seed == ["15/6/2024", "20/11/2024"]
    for date in bold_in_seed:
        runs = [
            (p, r) for p in plan_docx.paragraphs() for r in p.iter(w("r"))
            if "".join(t.text or "" for t in r.iter(w("t"))) == date
        ]
        assert runs, f"hạn {date} không nằm trong một run riêng"
        assert all(plan_docx.run_props(p, r)["bold"] for p, r in runs), f"hạn {date} chưa đậm"
