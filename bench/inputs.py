"""The inputs `make bench` measures, written once into a work folder (never timed).

- ``table_report(rows)``: the Cao Lộc 6-month report (examples/) with its appendix table
  grown to ``rows`` rows (footnotes, appendix and signature kept);
- ``long_report(pages)``: a report of about ``pages`` A4 pages (sections of 100-word
  paragraphs, a footnote every ten paragraphs, the example's appendix table);
- ``commune_plans()``: one commune-size plan per commune of Vietnam after 1 July 2025 (3,321
  in data/don-vi): the Lạng Sơn plan derived for xã Đồng Đăng, the commune's name and
  level put in its place.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
REPORT = EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
PLAN = EXAMPLES / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
WORDS_PER_PAGE = 384
"""Words of 14 pt Times New Roman body text on an ND30 A4 page (checked with LibreOffice:
``long_report(300)`` prints as about 300 pages)."""
AFTER_2025 = dt.date(2025, 7, 1)


def _with_profiles(folder: Path) -> None:
    """Copy examples/ho-so beside the generated files (profiles are read from there)."""
    shutil.copytree(EXAMPLES / "ho-so", folder / "ho-so", dirs_exist_ok=True)


def _write(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _with_profiles(path.parent)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=92),
                    "utf-8")
    return path


def table_report(folder: Path, rows: int) -> Path:
    """Return the report YAML whose appendix table has ``rows`` rows (5 columns)."""
    path = folder / f"bang-{rows}.yaml"
    if path.exists():
        return path
    data = yaml.safe_load(REPORT.read_text("utf-8"))
    table = data["phu_luc"][0]["noi_dung"][0]
    table["hang"] = [[f"Xã số {i + 1}", i % 7 + 1, i % 13 + 2, 100 + i % 97, 90 + i % 89]
                     for i in range(rows)]
    return _write(path, data)


_SENTENCE = ("Ủy ban nhân dân các xã, phường tổ chức thực hiện nghiêm túc các nội dung công "
             "khai, bàn và quyết định, tham gia ý kiến, kiểm tra và giám sát theo quy định "
             "của Luật Thực hiện dân chủ ở cơ sở")


def long_report(folder: Path, pages: int) -> Path:
    """Return a report of about ``pages`` pages: sections of 100-word paragraphs."""
    path = folder / f"bao-cao-{pages}-trang.yaml"
    if path.exists():
        return path
    data = yaml.safe_load(REPORT.read_text("utf-8"))
    words = len(_SENTENCE.split())
    per_paragraph = max(100 // words, 1)
    paragraphs = pages * WORDS_PER_PAGE // (per_paragraph * words)
    notes: dict[str, str] = {}
    sections = []
    for s in range(max(paragraphs // 40, 1)):
        subsections = []
        for k in range(4):
            body = []
            for i in range(10):
                text = "; ".join([_SENTENCE] * per_paragraph) + f" (mục {s + 1}.{k + 1}.{i + 1})."
                if i == 9:
                    key = f"{s + 1}-{k + 1}"
                    notes[key] = f"Số liệu của mục {s + 1}.{k + 1} theo báo cáo của các xã."
                    text = text[:-1] + f"[^{key}]."
                body.append(text)
            subsections.append({"tieu_de": f"Nội dung thứ {k + 1} của phần {s + 1}",
                                "noi_dung": body})
        sections.append({"tieu_de": f"Kết quả thực hiện phần {s + 1}", "muc_con": subsections})
    data["muc"] = sections
    data["chu_thich"] = notes
    return _write(path, data)


def commune_plans(folder: Path, limit: int | None = None) -> list[Path]:
    """Return one commune-size plan YAML per commune after 1 July 2025 (all 3,321, or the
    first ``limit``), written once from the Lạng Sơn plan derived for xã Đồng Đăng."""
    import vbhc
    from vbhc.derivation import units
    from vbhc.yaml_out import dump_document

    communes = []
    for province in units.provinces():
        era = province.era(AFTER_2025)
        if province.sap_nhap_vao or era.tu_ngay < AFTER_2025:
            continue
        communes += [(province.ma, u) for u in era.units]
    communes = communes[:limit] if limit else communes
    marker = folder / f".done-{len(communes)}-v4"
    paths = [folder / f"xa-{ma}-{u.ma}.yaml" for ma, u in communes]
    if marker.exists():
        return paths
    data = yaml.safe_load(PLAN.read_text("utf-8"))
    data["ngay_ban_hanh"] = {"thang": 8, "nam": 2025}
    from vbhc.loader import validate_data

    plan = validate_data(data, str(PLAN), base=PLAN.parent)
    derived = vbhc.derive(plan, "xã Đồng Đăng", as_of=AFTER_2025).plan
    derived.co_quan.ten = "ỦY BAN NHÂN DÂN XÃ ĐỒNG ĐĂNG"  # one line: vbhc breaks it to fit
    text = dump_document(derived, "../schemas/ke-hoach.schema.json")
    folder.mkdir(parents=True, exist_ok=True)
    for path, (_ma, unit) in zip(paths, communes, strict=True):
        name = unit.ten_day_du  # "Phường 1 Bảo Lộc": a numbered name keeps its kind word
        body = (text.replace("XÃ ĐỒNG ĐĂNG", f"{unit.loai} {unit.ten}".upper())
                .replace("dia_danh: Đồng Đăng", f"dia_danh: {unit.dia_danh}")
                .replace("xã Đồng Đăng", name).replace("Đồng Đăng", unit.ten))
        if "'" in unit.ten or '"' in unit.ten:  # "Ea H'Leo" inside a quoted scalar: put the
            body = _replaced(text, name, unit)  # name into the data, not into the text
        path.write_text(body, "utf-8")
    marker.write_text("")
    return paths


def _replaced(text: str, name: str, unit) -> str:
    """Return the commune plan ``text`` with xã Đồng Đăng's names replaced by ``unit``'s in its
    data (for a name with a quote, which a text replacement would put inside a quoted YAML
    scalar), written back as YAML under the same schema line."""
    def swap(value):
        if isinstance(value, str):
            return (value.replace("XÃ ĐỒNG ĐĂNG", f"{unit.loai} {unit.ten}".upper())
                    .replace("xã Đồng Đăng", name).replace("Đồng Đăng", unit.ten))
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return value

    data = swap(yaml.safe_load(text))
    data["co_quan"]["dia_danh"] = unit.dia_danh
    return text.splitlines()[0] + "\n" + yaml.safe_dump(data, allow_unicode=True,
                                                        sort_keys=False, width=92)
