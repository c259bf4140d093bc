"""Profiles are confined, and untrusted dicts go through vbhc.validate (issue 12).

A profile reference resolves only inside the document's folder tree and the folders the
caller names (--ho-so-goc, profile_dirs=); absolute paths, .. and symlinks leading out,
FIFOs and devices are refused, and nothing of a refused file (content, keys, existence)
appears in the message."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vbhc
from tests.conftest import EXAMPLES, PLAN_EXAMPLE
from vbhc import cli
from vbhc.errors import InputError
from vbhc.model.common import VanBan

NOTICE = EXAMPLES / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
REF = "co_quan: ho-so/ubnd-huyen-cao-loc.yaml"
SECRET_KEYS = ("mat_khau", "bi_mat_quoc_gia")


@pytest.fixture
def secret(tmp_path) -> Path:
    """A YAML file outside every allowed folder, with keys that must never be shown."""
    folder = tmp_path / "ngoai"
    folder.mkdir()
    path = folder / "bi-mat.yaml"
    path.write_text("mat_khau: hunter2\nbi_mat_quoc_gia: x\n", encoding="utf-8")
    return path


@pytest.fixture
def office(tmp_path) -> Path:
    """A document folder with its own copy of the example profiles."""
    folder = tmp_path / "van-ban"
    shutil.copytree(EXAMPLES / "ho-so", folder / "ho-so")
    return folder


def doc_with(folder: Path, ref: str) -> Path:
    path = folder / "tb.yaml"
    path.write_text(NOTICE.read_text("utf-8").replace(REF, f"co_quan: {ref!r}"),
                    encoding="utf-8")
    return path


def refused_without_leak(source: Path, *extra: str) -> str:
    out = source.with_suffix(".docx")
    result = CliRunner().invoke(cli.main, ["render", str(source), "-o", str(out), *extra])
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output and "Lỗi nội bộ" not in result.output
    assert not out.exists()
    for word in (*SECRET_KEYS, "hunter2", "root:"):
        assert word not in result.output, result.output
    assert "co_quan" in result.output
    return result.output


def test_examples_profiles_still_work(tmp_path):
    result = CliRunner().invoke(cli.main, ["render", str(NOTICE), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 0, result.output


def test_profile_in_a_subfolder_of_the_document(office):
    assert vbhc.load(doc_with(office, "ho-so/ubnd-huyen-cao-loc.yaml")).co_quan.viet_tat


def test_absolute_path_refused(office, secret):
    output = refused_without_leak(doc_with(office, str(secret)))
    assert "chỉ nhận đường dẫn tương đối" in output


def test_absolute_system_file_refused(office):
    refused_without_leak(doc_with(office, "/etc/passwd"))


def test_dotdot_escape_refused(office, secret):
    output = refused_without_leak(doc_with(office, "../ngoai/bi-mat.yaml"))
    assert "ra ngoài" in output


def test_dotdot_escape_message_does_not_reveal_existence(office):
    real = refused_without_leak(doc_with(office, "../ngoai/bi-mat.yaml"))
    missing = refused_without_leak(doc_with(office, "../ngoai/khong-co.yaml"))
    assert real.replace("bi-mat", "X") == missing.replace("khong-co", "X")


def test_dotdot_that_stays_inside_is_fine(office):
    (office / "con").mkdir()
    path = doc_with(office / "con", "../ho-so/ubnd-huyen-cao-loc.yaml")
    with pytest.raises(InputError, match="ra ngoài"):
        vbhc.load(path)  # the document's folder is van-ban/con: ../ho-so is outside it
    assert vbhc.load(path, profile_dirs=[office]).co_quan.viet_tat


def test_symlink_leading_out_refused(office, secret):
    (office / "ho-so" / "lien-ket.yaml").symlink_to(secret)
    refused_without_leak(doc_with(office, "ho-so/lien-ket.yaml"))


def test_symlinked_folder_leading_out_refused(office, secret):
    (office / "ngoai").symlink_to(secret.parent)
    refused_without_leak(doc_with(office, "ngoai/bi-mat.yaml"))


def test_dev_zero_refused_quickly(office):
    (office / "ho-so" / "zero.yaml").symlink_to("/dev/zero")
    refused_without_leak(doc_with(office, "ho-so/zero.yaml"))


def test_device_inside_an_allowed_folder_refused(office):
    """Even a device inside an allowed folder (here: /dev itself) is never read."""
    (office / "ho-so" / "z.yaml").symlink_to("/dev/zero")
    output = refused_without_leak(doc_with(office, "ho-so/z.yaml"), "--ho-so-goc", "/dev")
    assert "không phải tệp thường" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="cần FIFO")
def test_fifo_refused_without_blocking(office):
    os.mkfifo(office / "ho-so" / "ong.yaml")
    output = refused_without_leak(doc_with(office, "ho-so/ong.yaml"))
    assert "không phải tệp thường" in output


def test_non_yaml_file_refused(office):
    (office / "ho-so" / "ghi-chu.txt").write_text("mat_khau: x", encoding="utf-8")
    output = refused_without_leak(doc_with(office, "ho-so/ghi-chu.txt"))
    assert "không phải đường dẫn hồ sơ cơ quan" in output


def test_ho_so_goc_allows_a_named_folder(tmp_path):
    folder = tmp_path / "rieng"
    folder.mkdir()
    source = doc_with(folder, "ho-so/ubnd-huyen-cao-loc.yaml")
    with pytest.raises(InputError, match="không có tệp này"):
        vbhc.load(source)
    assert vbhc.load(source, profile_dirs=[EXAMPLES]).co_quan.viet_tat
    result = CliRunner().invoke(cli.main, ["render", str(source), "--ho-so-goc", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert source.with_suffix(".docx").exists()


def test_ho_so_goc_with_jobs(tmp_path):
    folder = tmp_path / "rieng"
    folder.mkdir()
    doc_with(folder, "ho-so/ubnd-huyen-cao-loc.yaml")
    shutil.copy(folder / "tb.yaml", folder / "tb2.yaml")
    result = CliRunner().invoke(cli.main, ["render", str(folder), "-j", "2", "-o",
                                           str(tmp_path / "ra") + "/",
                                           "--ho-so-goc", str(EXAMPLES)])
    assert result.exit_code == 0, result.output


def test_derive_takes_ho_so_goc(tmp_path):
    plan = tmp_path / "kh.yaml"
    shutil.copy(PLAN_EXAMPLE, plan)
    result = CliRunner().invoke(cli.main, ["derive", str(plan), "--to", "huyện Cao Lộc",
                                           "--ho-so-goc", str(EXAMPLES), "-o",
                                           str(tmp_path / "ra.yaml")])
    assert result.exit_code == 0, result.output


def test_allowed_profile_errors_may_quote_it(office):
    (office / "ho-so" / "hong.yaml").write_text("co_quan: {ten: X}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"hồ sơ ho-so/hong.yaml: co_quan.viet_tat"):
        vbhc.load(doc_with(office, "ho-so/hong.yaml"))


def test_profile_yaml_rules_apply(office):
    (office / "ho-so" / "bom.yaml").write_text(
        "co_quan: &a [1]\nx: !!python/name:os.system\n", encoding="utf-8")
    with pytest.raises(InputError, match="!!python/name:os.system"):
        vbhc.load(doc_with(office, "ho-so/bom.yaml"))


def test_library_can_turn_profiles_off(office):
    with pytest.raises(InputError, match="đang tắt"):
        vbhc.load(doc_with(office, "ho-so/ubnd-huyen-cao-loc.yaml"), allow_profiles=False)


@pytest.mark.parametrize("ref", [{"ho_so": ["a"]}, {"ho_so": None}])
def test_malformed_profile_reference(ref):
    data = yaml.safe_load(NOTICE.read_text("utf-8"))
    data["co_quan"] = ref
    with pytest.raises(InputError, match="ho_so"):
        vbhc.validate(data)


# --- vbhc.validate and render_bytes for untrusted dicts


def notice_data() -> dict:
    return yaml.safe_load(NOTICE.read_text("utf-8"))


def test_validate_refuses_file_profiles_by_default(secret):
    data = notice_data()
    for ref in ("ho-so/ubnd-huyen-cao-loc.yaml", str(secret), "../../etc/passwd"):
        data["co_quan"] = ref
        with pytest.raises(InputError) as err:
            vbhc.validate(data)
        assert "đang tắt" in str(err.value)
        assert not {"mat_khau", "root:"} & set(str(err.value).split())


def test_validate_with_base_dir_and_profile_dirs():
    assert isinstance(vbhc.validate(notice_data(), base_dir=EXAMPLES), VanBan)
    assert isinstance(vbhc.validate(notice_data(), profile_dirs=[EXAMPLES]), VanBan)


def test_validate_reports_field_paths():
    data = notice_data()
    data["co_quan"] = {"ten": "UBND", "viet_tat": "UBND", "dia_danh": "X"}
    data["ngay_ban_hanh"]["thang"] = 13
    data["so_ky_hieu"]["so"] = True
    data["nguoi_ky"] = {"chuc_vu": "CHỦ TỊCH"}
    with pytest.raises(InputError) as err:
        vbhc.validate(data)
    paths = {p.path for p in err.value.problems}
    assert {"ngay_ban_hanh.thang", "so_ky_hieu.so"} <= paths


@pytest.mark.parametrize("data", [[], "x", None, {"loai": ["ke-hoach"]}, {"loai": "khong-co"}])
def test_validate_refuses_wrong_shapes(data):
    with pytest.raises(InputError):
        vbhc.validate(data)


def test_validate_bounds_shared_references():
    data = notice_data()
    data["co_quan"] = {"ten": "UBND", "viet_tat": "UBND", "dia_danh": "X"}
    level: list = ["lol"] * 10
    for _ in range(8):
        level = [level] * 10  # 10**9 leaves through shared references
    data["noi_nhan"]["danh_sach"] = level
    with pytest.raises(InputError, match="quá nhiều phần tử|lồng nhau"):
        vbhc.validate(data)


def test_validate_bounds_self_reference():
    data = notice_data()
    loop: list = []
    loop.append(loop)
    data["noi_nhan"]["danh_sach"] = loop
    with pytest.raises(InputError, match="lồng nhau quá sâu"):
        vbhc.validate(data)


def test_render_bytes_accepts_a_dict():
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    assert vbhc.render_bytes(data) == vbhc.render_bytes(vbhc.load(PLAN_EXAMPLE))


def test_render_bytes_refuses_other_things():
    with pytest.raises(InputError):
        vbhc.render_bytes(["not", "a", "document"])
    data = notice_data()  # a file profile: off for dicts
    with pytest.raises(InputError, match="đang tắt"):
        vbhc.render_bytes(data)


def test_dict_and_yaml_report_the_same_problems(tmp_path):
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    data["so_ky_hieu"]["so"] = True
    data["ngay_ban_hanh"]["nam"] = "hai nghìn"
    path = tmp_path / "kh.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as from_file:
        vbhc.load(path)
    with pytest.raises(InputError) as from_dict:
        vbhc.validate(data)
    assert [(p.path, p.message) for p in from_file.value.problems] == [
        (p.path, p.message) for p in from_dict.value.problems]
