"""A commune plan's load and write, cheaper with the same answers (issue 21, session 28):

- the loader looks at every string of a document once, joined, from the size check's walk:
  all NFC and none that normalise_chars changes spares the NFC walk and the outermost
  model's walk of its input (the same warnings and models as string by string);
- read_input_bytes asks for the file's size, not for 256 MB, and still reads a file that
  grew to the limit; write_atomic makes the folder only when it is missing and checks the
  inputs only when it has some;
- ProfileAccess resolves its folders when a document first names a profile or image.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc import files
from vbhc.errors import ReadError
from vbhc.files import WriteError, read_input_bytes, write_atomic
from vbhc.loader import _not_nfc, load, validate_data
from vbhc.model.classes import model_class
from vbhc.model.common import input_walked, normalised_fields
from vbhc.model.text import needs_normalising
from vbhc.profiles import ProfileAccess
from vbhc.yaml_in import check_data_size, load_file

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"

_TEXTS = st.lists(st.text(alphabet=st.sampled_from(
    ["a", "e", "ê", "\u0301", "\u0323", "\u0302", "\u00a0", "\u200b", " ", "\n", "A",
     "\u1100", "\u1161", "\u0b47", "\u0b3e", "\u00ad", "ế"]), max_size=6), max_size=6)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_joined_strings_answer_as_each_string(texts: list[str]) -> None:
    joined = "\n".join(texts)
    assert unicodedata.is_normalized("NFC", joined) == all(
        unicodedata.is_normalized("NFC", t) for t in texts)
    assert needs_normalising(joined) == any(needs_normalising(t) for t in texts)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_size_check_gathers_every_string_value() -> None:
    data, _lines = load_file(PLAN)
    data["x"] = ("tuple", ["in list", {"k": "v"}], 3, None)
    texts: list[str] = []
    check_data_size(data, "x", texts)
    assert sorted(texts) == sorted(_strings(data))


def _variants() -> list[dict]:
    data, _lines = load_file(PLAN)
    out = [data]
    for text in ("Tha\u0300nh pho\u0302\u0301",  # NFD
                 "Kế\u00a0hoạch\u200b năm",  # NBSP, ZWSP
                 "\u0301đầu là dấu",  # a combining mark first, after a text ending in a letter
                 "Thành phố"):
        for where in ("trich_yeu", "muc_dich"):
            changed = dict(data)
            changed[where] = text if where == "trich_yeu" else [*data[where][:-1], text]
            out.append(changed)
    return out


@pytest.mark.parametrize("data", _variants(), ids=lambda d: str(d.get("trich_yeu"))[:12])
def test_loader_warns_and_validates_as_each_string_walked(data: dict) -> None:
    warnings: list = []
    doc = validate_data(data, "x.yaml", warnings=warnings)
    nfd = [w.path for w in warnings if "NFD" in w.message]
    assert len(nfd) == len(_not_nfc(data))
    model = model_class(data["loai"])
    with input_walked(False):
        reference = model.model_validate(data)
    assert doc == reference
    assert normalised_fields(doc) == normalised_fields(reference)


def test_read_input_bytes_sizes_and_limits(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"0123456789")
    assert read_input_bytes(path) == b"0123456789"
    assert read_input_bytes(path, max_bytes=10) == b"0123456789"
    with pytest.raises(ReadError, match="lớn quá"):
        read_input_bytes(path, max_bytes=9)
    real = os.fstat

    class Shrunk:  # the file grew after fstat: it is read on, to the limit
        def __init__(self, fd: int) -> None:
            info = real(fd)
            self.st_mode, self.st_size = info.st_mode, 3

    monkeypatch.setattr(files.os, "fstat", Shrunk)
    assert read_input_bytes(path) == b"0123456789"
    with pytest.raises(ReadError, match="lớn quá"):
        read_input_bytes(path, max_bytes=9)
    assert read_input_bytes(path, max_bytes=10) == b"0123456789"


def test_write_atomic_makes_a_missing_folder_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c.docx"
    write_atomic(target, b"x")
    write_atomic(target, b"y", force=True)
    assert target.read_bytes() == b"y"
    assert sorted(p.name for p in target.parent.iterdir()) == ["c.docx"]
    assert not files.PENDING_TEMPS
    (tmp_path / "tep").write_bytes(b"")
    with pytest.raises(WriteError, match="một phần của đường dẫn là tệp"):
        write_atomic(tmp_path / "tep" / "c.docx", b"x")
    with pytest.raises(WriteError, match="một phần của đường dẫn là tệp"):
        write_atomic(tmp_path / "tep" / "d" / "c.docx", b"x")


def test_profile_access_resolves_its_folders_as_before(tmp_path: Path) -> None:
    real = tmp_path / "that"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    access = ProfileAccess.of(tmp_path / "link", [real, tmp_path / "missing", tmp_path])
    assert access.roots == (real, tmp_path)
    assert ProfileAccess.of(None, None).roots == ()


def test_load_of_the_plan_is_unchanged() -> None:
    warnings: list = []
    doc = load(PLAN, warnings)
    data, _lines = load_file(PLAN)
    with input_walked(False):
        assert doc == model_class(data["loai"]).model_validate(data)
