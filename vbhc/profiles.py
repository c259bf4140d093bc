"""Organisation profiles (hồ sơ cơ quan): an office's standing facts in one YAML file.

A document names its profile in ``co_quan`` (a path, relative to the document, or
``{ho_so: path, ...overrides}``); the profile supplies the issuer, the drafting units, the
signers (``nguoi_ky: pho-chu-tich`` picks one by key) and the usual recipients. Fields the
document gives win over the profile's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError

from vbhc.errors import InputError, Problem
from vbhc.model.common import CoQuan, NguoiKy, Part
from vbhc.model.text import PlainText


class HoSoCoQuan(Part):
    """The contents of a profile file."""

    co_quan: CoQuan = Field(description="Tên, viết tắt, địa danh của cơ quan.")
    don_vi_soan_thao: dict[str, PlainText] = Field(
        default_factory=dict, description="Chữ viết tắt đơn vị soạn thảo → tên đơn vị."
    )
    nguoi_ky: dict[str, NguoiKy] = Field(
        default_factory=dict, description="Người ký thường gặp, theo khóa (ví dụ chu-tich)."
    )
    noi_nhan: list[PlainText] = Field(
        default_factory=list, description="Nơi nhận thường dùng."
    )
    luu: PlainText = Field("VT", description="Nơi lưu mặc định.")


def load_profile(path: Path, source: str) -> HoSoCoQuan:
    """Return the profile at ``path``; InputError naming the document and the profile."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError:
        raise InputError([Problem("co_quan", f"không đọc được hồ sơ cơ quan {path}", source)]
                         ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1})" if mark else ""
        raise InputError([Problem("co_quan", f"hồ sơ {path}{where}: cú pháp YAML không hợp lệ",
                                  source)]) from None
    try:
        return HoSoCoQuan.model_validate(data)
    except ValidationError as exc:
        from vbhc.loader import format_path, translate

        raise InputError([
            Problem("co_quan", f"hồ sơ {path}: {format_path(e['loc'])}: {translate(e)}", source)
            for e in exc.errors(include_url=False)
        ]) from None


def apply_profile(data: dict[str, Any], base: Path, source: str) -> dict[str, Any]:
    """Return ``data`` with its profile's facts filled in (or ``data`` if it names none)."""
    ref = data.get("co_quan")
    overrides: dict[str, Any] = {}
    if isinstance(ref, dict) and "ho_so" in ref:
        overrides = {k: v for k, v in ref.items() if k != "ho_so"}
        ref = ref["ho_so"]
    if not isinstance(ref, str):
        return data
    profile = load_profile(base / ref, source)
    out = dict(data)
    out["co_quan"] = {**profile.co_quan.model_dump(exclude_none=True), **overrides}
    problems = []
    signer = out.get("nguoi_ky")
    if isinstance(signer, str):
        if signer not in profile.nguoi_ky:
            known = ", ".join(profile.nguoi_ky) or "(hồ sơ chưa có người ký)"
            problems.append(Problem("nguoi_ky", f"hồ sơ không có người ký '{signer}'; "
                                    f"có: {known}", source))
        else:
            out["nguoi_ky"] = profile.nguoi_ky[signer].model_dump(exclude_none=True)
    unit = out.get("don_vi_soan_thao")
    if unit and profile.don_vi_soan_thao and unit not in profile.don_vi_soan_thao:
        problems.append(Problem("don_vi_soan_thao", f"đơn vị '{unit}' không có trong hồ sơ; "
                                f"có: {', '.join(profile.don_vi_soan_thao)}", source))
    if problems:
        raise InputError(problems)
    recipients = out.get("noi_nhan")
    if recipients is None:
        out["noi_nhan"] = {"danh_sach": profile.noi_nhan, "luu": profile.luu}
    elif isinstance(recipients, dict):
        out["noi_nhan"] = {"danh_sach": profile.noi_nhan, "luu": profile.luu, **recipients}
    return out
