"""Frame -> the fields every document shares: issuer, number, date, abstract, signer,
recipients, footnotes. Missing parts are derived where the text allows, else filled with
a visible placeholder; each guess leaves a warning for the clerk."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from vbhc.importer.frame import Frame, SignatureBlock
from vbhc.importer.patterns import data, pattern
from vbhc.importer.result import Warn
from vbhc.importer.source import to_markup, trimmed
from vbhc.model.authority import THAY_MAT, needs_title, split_authority
from vbhc.model.kinds import kinds
from vbhc.model.markup import TextSpan
from vbhc.model.text import vv_in_titled

SYMBOL = re.compile(r"^[A-ZĐa-zđ0-9]+(-[A-ZĐa-zđ0-9]+)*$")
YEAR = re.compile(r"\bnăm (\d{4})\b")


def _placeholder(key: str) -> str:
    return data("chung")["cho_trong"][key]


def common_data(frame: Frame, body_text: list[str], warn: Warn, *,
                addressees: bool = False) -> dict[str, Any]:
    """Return the shared fields as model data; ``warn(message)`` records each guess.

    ``addressees``: the document has a "Kính gửi" line, so vbhc prints "- Như trên;" by
    itself and ``noi_nhan.nhu_tren`` is written only when the document differs.
    """
    so_ky_hieu = _so_ky_hieu(frame, warn)
    out: dict[str, Any] = {
        "co_quan": _co_quan(frame, so_ky_hieu.get("ky_hieu"), body_text, warn),
        "so_ky_hieu": so_ky_hieu,
        "ngay_ban_hanh": _ngay_ban_hanh(frame, body_text, warn),
        "trich_yeu": _trich_yeu(frame, warn),
        "nguoi_ky": _nguoi_ky(frame, warn),
        "noi_nhan": _noi_nhan(frame, warn, addressees),
    }
    if frame.loai is not None and frame.loai.hai_ben and frame.secretary.quyen_han_chuc_vu:
        out["nguoi_ky_ben_kia"] = _signer(frame.secretary, warn, "nguoi_ky_ben_kia")
    if frame.do_mat:
        out["do_mat"] = frame.do_mat
    if frame.do_khan:
        out["do_khan"] = frame.do_khan
    return out


def _so_ky_hieu(frame: Frame, warn: Warn) -> dict[str, Any]:
    if frame.so_ky_hieu is None:
        warn("không thấy dòng 'Số: .../...'; để trống số và ký hiệu")
        return {}
    so, symbol = frame.so_ky_hieu.group("so"), frame.so_ky_hieu.group("ky_hieu").rstrip(".,;")
    out: dict[str, Any] = {"so": int(so) if so and int(so) > 0 else None}
    if SYMBOL.match(symbol):
        out["ky_hieu"] = symbol
    else:
        simple = re.sub(r"\(.*?\)", "", symbol)
        if SYMBOL.match(simple):
            out["ky_hieu"] = simple
        warn(f"ký hiệu '{symbol}' có ký tự ngoài quy định"
             + (f"; ghi là '{simple}'" if SYMBOL.match(simple) else "; bỏ trống"))
    return out


def _level(*names: str | None) -> str | None:
    for name in names:
        for cap, regex in data("chung")["cap"]:
            if name and re.search(regex, name.upper()):
                return cap
    return None


def _abbreviation(name: str, symbol: str | None, warn: Warn) -> str:
    """Return the issuer's abbreviation: from the symbol (KH-UBND -> UBND), else the name."""
    codes = {row.ky_hieu for row in kinds() if row.ky_hieu}
    known = next((short for prefix, short in data("chung")["viet_tat"].items()
                  if name.upper().startswith(prefix)), None)
    if symbol:
        parts = symbol.split("-")
        typed = parts[0] in codes and len(parts) > 1
        rest = parts[1:] if typed else parts
        if known and rest[0] == known:  # BC-SNV-TCBC: the issuer is SNV, not SNV-TCBC
            return known
        return "-".join(rest) if typed else parts[0]
    if known:
        return known
    initials = "".join(w[0] for w in name.split() if w[0].isalpha())
    bare = unicodedata.normalize("NFD", initials.replace("Đ", "\0"))
    short = "".join(c for c in bare if not unicodedata.combining(c)).replace("\0", "Đ")
    warn(f"không có ký hiệu văn bản: chữ viết tắt của cơ quan tạm ghi '{short}'")
    return short or _placeholder("viet_tat")


def _co_quan(frame: Frame, symbol: str | None, body_text: list[str],
             warn: Warn) -> dict[str, Any]:
    date_line = frame.dia_danh_ngay
    place = " ".join(date_line.group("dia_danh").split()) if date_line else None
    out: dict[str, Any] = {}
    if frame.co_quan or frame.chu_quan:
        issuer, governing = frame.co_quan, frame.chu_quan  # lines of ô 2
        if not issuer:
            issuer, governing = governing, []
            warn("không phân biệt được cơ quan chủ quản và cơ quan ban hành (không dòng nào "
                 "in đậm); coi cả khối là tên cơ quan ban hành")
        out["ten"] = " ".join(issuer)
        if governing:
            out["chu_quan"] = " ".join(governing)
    else:
        derived = _co_quan_suy_ra(place, body_text)
        if derived:
            out.update(derived)
            warn(f"văn bản không có tên cơ quan ban hành (mất khi trích từ PDF?); suy ra "
                 f"'{derived['ten']}' từ câu dẫn và địa danh; kiểm tra lại co_quan")
        else:
            out["ten"] = _placeholder("ten")
            warn("không tìm thấy tên cơ quan ban hành; điền lại co_quan.ten")
    if "viet_tat" not in out:
        out["viet_tat"] = _abbreviation(out["ten"], symbol, warn)
    if place:
        out["dia_danh"] = place
    else:
        out["dia_danh"] = _placeholder("dia_danh")
        warn("không thấy dòng địa danh, ngày tháng; điền lại co_quan.dia_danh")
    if "cap" not in out:
        level = _level(out["ten"], out.get("chu_quan"))
        if level:
            out["cap"] = level
    elif out["cap"] is None:
        del out["cap"]
    return out


def _co_quan_suy_ra(place: str | None, body_text: list[str]) -> dict[str, Any] | None:
    rule = data("chung")["suy_ra_co_quan"]
    if not place:
        return None
    for text in body_text:
        m = re.search(rule["mau"], text)
        if m:
            unit = m.group("don_vi")
            return {"ten": rule["ten"].format(don_vi=unit, dia_danh=place).upper(),
                    "viet_tat": rule["viet_tat"], "cap": rule["cap"].get(unit)}
    return None


def _ngay_ban_hanh(frame: Frame, body_text: list[str], warn: Warn) -> dict[str, Any]:
    if frame.dia_danh_ngay is None:
        years = [int(y) for t in body_text for y in YEAR.findall(t)]
        year = max(years) if years else 2000
        warn(f"không thấy ngày tháng ban hành; tạm ghi năm {year}")
        return {"nam": year}
    day, month = frame.dia_danh_ngay.group("ngay"), frame.dia_danh_ngay.group("thang")
    out = {"ngay": int(day) if day else None, "thang": int(month) if month else None,
           "nam": int(frame.dia_danh_ngay.group("nam"))}
    if out["thang"] is not None and not 1 <= out["thang"] <= 12:
        warn(f"tháng {out['thang']} không hợp lệ; để trống ngày và tháng")
        out["ngay"] = out["thang"] = None
    return out


def _trich_yeu(frame: Frame, warn: Warn) -> str:
    if frame.loai and not frame.loai.trich_yeu:  # Giấy giới thiệu (Mẫu 1.8): none
        return ""
    spans: list = []
    for k, para in enumerate(frame.trich_yeu):
        if k:
            spans.append(TextSpan(" "))
        spans.extend(para.spans)
    text = to_markup(trimmed(spans), plain_emphasis=True)
    if re.match(r"^\(?\s*V/v\b", text):
        ve_viec = bool(frame.loai and frame.loai.ve_viec)
        text = vv_in_titled(_strip_brackets(text), ve_viec)[0]
        warn("trích yếu của văn bản có tên loại không mở đầu bằng 'V/v' (chỉ công văn có); "
             + ("đã đổi thành 'Về việc'" if ve_viec else "đã bỏ 'V/v', viết hoa chữ đầu"))
    if not text and frame.trich_yeu_cong_van_paras:
        return _trich_yeu_cong_van(frame)
    if not text:
        warn("không thấy trích yếu dưới tên loại văn bản; điền lại trich_yeu")
        return _placeholder("trich_yeu")
    return text


def _trich_yeu_cong_van(frame: Frame) -> str:
    """Return the "V/v ..." line of a công văn as markup, without "V/v" and its brackets."""
    spans: list = []
    for k, para in enumerate(frame.trich_yeu_cong_van_paras):
        spans += ([TextSpan(" ")] if k else []) + para.spans
    return _strip_vv(to_markup(trimmed(spans), plain_emphasis=True))


def _strip_brackets(text: str) -> str:
    """Return a "(V/v ...)" abstract without its brackets."""
    text = text.removeprefix("(").strip()  # "(V/v ...)", the bracket closed or not
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


def _strip_vv(text: str) -> str:
    """Return a "(V/v ...)" abstract without "V/v" and its brackets."""
    return re.sub(r"^V/v\s*", "", _strip_brackets(text))


def _nguoi_ky(frame: Frame, warn: Warn) -> dict[str, Any]:
    """Return ``nguoi_ky`` from the lines of ô 7a and 7b (:func:`_signer`)."""
    out = _signer(frame.nguoi_ky, warn, "nguoi_ky")
    if not frame.nguoi_ky.ho_ten and (frame.unplaced or not frame.nguoi_ky.quyen_han_chuc_vu):
        warn("không thấy họ tên người ký; để trống nguoi_ky.ho_ten")
    return out  # a signature block without a name: left blank for the clerk, as vbhc does


def _signer(block: SignatureBlock, warn: Warn, name: str) -> dict[str, Any]:
    """Return the signer field ``name`` (nguoi_ky, nguoi_ky_ben_kia) from a signature's
    lines: "TM. X" gives thay_mat, the first other authority line quyen_han and thu_truong,
    the remaining lines chuc_vu; ho_ten when the name was read."""
    out: dict[str, Any] = {}
    rest = []
    for line in block.quyen_han_chuc_vu:
        found = split_authority(line)
        if pattern("khong_phai_ten").match(line):
            continue
        if found and found[0] == THAY_MAT:
            out["thay_mat"] = found[1]
        elif found and "quyen_han" not in out:
            out["quyen_han"], out["thu_truong"] = found
        elif found and not rest:  # TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG: a chain (Điều 13)
            out.setdefault("quyen_han_them", []).append(f"{found[0]} {found[1]}")
        else:
            rest.append(line)
    if rest:
        out["chuc_vu"] = " ".join(rest)
    elif needs_title(out.get("quyen_han")):
        out["chuc_vu"] = _placeholder("chuc_vu")
        warn(f"không thấy chức vụ người ký; điền lại {name}.chuc_vu")
    if block.ho_ten:
        out["ho_ten"] = block.ho_ten
    return out


def _noi_nhan(frame: Frame, warn: Warn, addressees: bool) -> dict[str, Any]:
    items = [r for r in frame.noi_nhan if r.strip(" ;.")]
    listed = [r for r in items if r.strip(" ;.").lower() != "như trên"]
    as_above = len(listed) < len(items)  # vbhc prints "- Như trên;" first, wherever it was
    out: dict[str, Any] = {"danh_sach": listed}
    if as_above and items[0].strip(" ;.").lower() != "như trên":
        warn("dòng '- Như trên;' không đứng đầu danh sách nơi nhận; khi dựng sẽ in ở đầu")
    if as_above != addressees and (items or frame.luu):
        out["nhu_tren"] = as_above  # else vbhc prints it (or not) by itself
    if frame.luu:
        out["luu"] = re.sub(r"^Lưu\s*:?\s*", "", frame.luu.lstrip("-+• ")) or "VT"
    if not items and not frame.luu:
        # ND30 requires ô 9b: a visible placeholder, not a block printed empty
        out["danh_sach"] = [_placeholder("noi_nhan")]
        warn("không thấy khối 'Nơi nhận'; điền lại noi_nhan.danh_sach")
    return out
