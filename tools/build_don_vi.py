"""Generate vbhc/data/don-vi/ (administrative units of the whole country, every era) from sources.

Sources (read from git with ``git -C DIR show COMMIT:PATH``, so the output depends only on the
commits named here, never on a work tree):

- ``daohoangson/dvhcvn``, ``data/dvhcvn.json``: the General Statistics Office's list
  (danh mục đơn vị hành chính, Tổng cục Thống kê) in dated snapshots, one commit each
  (``SNAPSHOTS``). Code GPL-3.0; the list itself is the GSO's public list.
- ``dvhcvn/20250701``, ``mapping/merges.json``: the units from 1 July 2025 (34 provinces, the
  commune-level units with codes of Công văn 1027/CTK-CSCL) and, for each new commune, the old
  units it came from, in full or in part (from Nghị quyết 1654 to 1687/NQ-UBTVQH15). MIT.
- ``tools/don-vi-ten-rieng.yaml``: names that are a person's name, a number or an event
  (ten_rieng: the kind word is capitalised too, ND30 Phụ lục I II.4), carried from the
  hand-curated Lạng Sơn list; names made only of digits ("Phường 1", "Quận 3") are flagged by
  rule.

Output, deterministic (same inputs, same bytes): one compact JSON file per province under
``vbhc/data/don-vi/tinh/`` (named after the province's last name: a province merged on
1 July 2025 keeps its file and says what it became) and ``vbhc/data/don-vi/danh-muc.json``,
the index that finds a province's file by any of its names without opening the others.

Usage: ``python tools/build_don_vi.py [--dvhcvn DIR] [--reform DIR] [--out DIR] [--check]``;
``--check`` compares instead of writing and exits 1 when a file differs (tests use it).
Raises SystemExit with a message when a source is missing or inconsistent.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from vbhc.derivation.names import fold, slug

ROOT = Path(__file__).resolve().parents[1]
MIRRORS = Path("/work/.mirror")
DVHCVN = MIRRORS / "daohoangson+dvhcvn" / "repo"
REFORM = MIRRORS / "dvhcvn+20250701" / "repo"
REFORM_COMMIT = "dd94887ce32324380bc5bb0a76fe39867dafc73b"
OVERRIDES = ROOT / "tools" / "don-vi-ten-rieng.yaml"
OUT = ROOT / "vbhc" / "data" / "don-vi"
REFORM_DATE = "2025-07-01"

# (commit, date of the GSO list it holds). Every dated snapshot in the repository's history
# from the first one on; 39a8c06 ("01/01/2025", 2024-11-21) is left out: 87d3e0c replaced it
# for the same date with the list actually in force on 1 January 2025.
SNAPSHOTS: tuple[tuple[str, str], ...] = (
    ("2f06b9214c61a7bc30a25dc70973cdc346bc7c3f", "2019-09-11"),
    ("8d7268a44fa469dc3f513fa6bf4bf1c612cb8998", "2019-12-01"),
    ("06b2321580e5d8c24d79eeed82b4aa254a29464e", "2020-01-01"),
    ("7e12bcb37fd671a4768abc5bd14b049130928043", "2020-03-01"),
    ("e806feb71c5c87fdde6c2aea012dbb2ee6328ba7", "2020-06-01"),
    ("82a1fa4b98d92d0a38645725074b9937f50a1936", "2020-11-01"),
    ("ca30e0ceb2b929fa714f286a3e13e3e3984bb8c6", "2021-02-01"),
    ("21756a68e4b228208593ef9eb9e7cd028e65c241", "2021-07-01"),
    ("8c9bf729baf2e3e1561bd1dc76ef3bff279bebc1", "2021-11-01"),
    ("ef2504e24250959cc66604c8b847d6a0972ae3c7", "2022-04-10"),
    ("71996c5e53594f28d5bbd995e5aa983366ad1386", "2022-10-01"),
    ("9ce1ab57a41bb056d6d3e77cbc9e2c561ff18ec5", "2023-04-10"),
    ("ed528e718ca50b0e469f18a6d6352a4b2f1102b2", "2024-02-01"),
    ("e503f1375e06e9ad375fd3696d01df07ce7e4f69", "2024-05-01"),
    ("f3d30bdd6f7eb69ad35d3ab4e6f138bd0a6cb8ef", "2024-09-01"),
    ("4426bca1996252d6556e968eb33c9546563eecb0", "2024-11-01"),
    ("87d3e0cce1f245216bbf00b0e5f2a07c99aa8aad", "2025-01-01"),
    ("eaddcea82fc336d59e908989f04178c336a9db10", "2025-03-01"),
)

PROVINCE_KINDS = {"Tỉnh": "tỉnh", "Thành phố Trung ương": "thành phố"}
DISTRICT_KINDS = {"Quận": "quận", "Huyện": "huyện", "Thị xã": "thị xã", "Thành phố": "thành phố"}
COMMUNE_KINDS = {"Xã": "xã", "Phường": "phường", "Thị trấn": "thị trấn"}
NEW_KINDS = ("Đặc khu", "Phường", "Xã")  # a post-2025 commune's kind, read from its name
TYPE_FIXES: Counter[str] = Counter()  # names whose GSO ``type`` disagreed with their kind word
OLD_KINDS = ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Xã", "Tỉnh")

MIT_NOTICE = (
    "Copyright (c) 2025 dvhcvn. Permission is hereby granted, free of charge, to any person "
    "obtaining a copy of this software and associated documentation files (the \"Software\"), "
    "to deal in the Software without restriction, including without limitation the rights to "
    "use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the "
    "Software, and to permit persons to whom the Software is furnished to do so, subject to the "
    "following conditions: The above copyright notice and this permission notice shall be "
    "included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "
    "\"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO "
    "THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN "
    "NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER "
    "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN "
    "CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE."
)


def fail(message: str) -> None:
    """Stop with ``message`` on stderr (exit status 2)."""
    raise SystemExit(f"build_don_vi: {message}")


def git_show(repo: Path, commit: str, path: str) -> bytes:
    """Return the bytes of ``path`` at ``commit`` in the git directory ``repo``."""
    done = subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{path}"],
                          capture_output=True, check=False)
    if done.returncode != 0:
        fail(f"không đọc được {path} tại {commit[:7]} trong {repo}: "
             f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def clean(name: str) -> str:
    """Return ``name`` NFC-normalised with single spaces ("Xã Đại Ân  2" -> "Xã Đại Ân 2")."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()


def strip_kind(name: str, kind: str) -> str:
    """Return ``name`` without its leading kind word: ("Huyện Cao Lộc", "Huyện") -> "Cao Lộc"."""
    name = clean(name)
    if not fold(name).startswith(fold(kind) + " "):
        fail(f"tên '{name}' không bắt đầu bằng loại '{kind}'")
    return name[len(kind) + 1:].strip()


def name_and_kind(name: str, kind: str, kinds: dict[str, str]) -> tuple[str, str]:
    """Return (name without kind, kind) of a GSO entry; the kind word the name starts with wins
    over a ``type`` field that disagrees (the field is wrong in a few snapshots: "Huyện Quảng
    Trạch" typed "Thị xã" in 2019-2020, "Phường 5" of Phú Nhuận typed "Xã" in 2025)."""
    name = clean(name)
    if not fold(name).startswith(fold(kind) + " "):
        kind = next((k for k in sorted(kinds, key=len, reverse=True)
                     if fold(name).startswith(fold(k) + " ")), kind)
        TYPE_FIXES[name] += 1
    return strip_kind(name, kind), kinds[kind]


def split_old(name: str) -> str:
    """Return an old unit's name as written in running text: "Xã Hợp Thành" -> "xã Hợp Thành"."""
    name = clean(name)
    for kind in OLD_KINDS:
        if fold(name).startswith(fold(kind) + " "):
            return f"{kind.lower()} {name[len(kind) + 1:].strip()}"
    fail(f"không nhận ra loại của đơn vị cũ '{name}'")
    return name


# --- ten_rieng -----------------------------------------------------------------------------

def load_overrides(path: Path) -> dict[str, set[str]]:
    """Return province code -> folded unit names flagged ten_rieng in ``path``."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    flagged: dict[str, set[str]] = {}
    for entry in data.get("ten_rieng", []):
        flagged.setdefault(str(entry["tinh"]), set()).update(fold(n) for n in entry["ten"])
    return flagged


def is_ten_rieng(name: str, province: str, flagged: dict[str, set[str]]) -> bool:
    """Return True for a name that opens with its number ("1", "12", "1 Bảo Lộc") or one
    listed for ``province``."""
    return bool(re.match(r"\d+(?:\s|$)", name)) or fold(name) in flagged.get(province, set())


# --- the GSO snapshots (before 1 July 2025) --------------------------------------------------

def read_snapshot(repo: Path, commit: str, date: str,
                  flagged: dict[str, set[str]]) -> dict[str, dict[str, Any]]:
    """Return province code -> {tinh: [ma, loai, ten], don_vi: [...]} of one GSO snapshot."""
    data = json.loads(git_show(repo, commit, "data/dvhcvn.json"))
    stated = str(data.get("data_date", ""))
    if stated and "-".join(reversed(stated.split("/"))) != date:
        fail(f"{commit[:7]} ghi ngày {stated}, không phải {date}")
    out: dict[str, dict[str, Any]] = {}
    for prov in data["data"]:
        code = prov["level1_id"]
        kind = PROVINCE_KINDS[prov["type"]]
        name = strip_kind(prov["name"], "Thành phố" if kind == "thành phố" else "Tỉnh")
        units = []
        for dist in prov["level2s"]:
            d_name, d_kind = name_and_kind(dist["name"], dist["type"], DISTRICT_KINDS)
            subs = []
            for com in dist["level3s"]:
                c_name, c_kind = name_and_kind(com["name"], com["type"], COMMUNE_KINDS)
                sub: list[Any] = [com["level3_id"], c_kind, c_name]
                if is_ten_rieng(c_name, code, flagged):
                    sub.append(1)
                subs.append(sub)
            unit: list[Any] = [dist["level2_id"], d_kind, d_name, subs]
            if is_ten_rieng(d_name, code, flagged):
                unit.append(1)
            units.append(unit)
        out[code] = {"tinh": [code, kind, name], "don_vi": units}
    return out


# --- the 2025 reform -----------------------------------------------------------------------

def read_reform(repo: Path, commit: str,
                flagged: dict[str, set[str]]) -> dict[str, dict[str, Any]]:
    """Return new province code -> {tinh, hop_nhat_tu, don_vi} from mapping/merges.json."""
    data = json.loads(git_show(repo, commit, "mapping/merges.json"))
    out: dict[str, dict[str, Any]] = {}
    for prov in data["data"]:
        code = prov["level1_id"]
        full = clean(prov["name"])
        kind = "thành phố" if full.startswith("Thành phố ") else "tỉnh"
        name = strip_kind(full, "Thành phố" if kind == "thành phố" else "Tỉnh")
        units = []
        for com in prov["level2s"]:
            c_full = clean(com["name"])
            c_kind = next((k for k in NEW_KINDS if c_full.startswith(k + " ")), None)
            if c_kind is None:
                fail(f"không nhận ra loại của '{c_full}'")
            c_name = c_full[len(c_kind) + 1:]
            origins = []
            for old in com["merges"]:
                if old["type"] not in ("full", "partial"):
                    fail(f"kiểu sáp nhập lạ '{old['type']}' ở {c_full}")
                origins.append([old["old_id"], split_old(old["name"]),
                                1 if old["type"] == "full" else 0])
            unit: list[Any] = [com["level2_id"], c_kind.lower(), c_name, origins]
            if is_ten_rieng(c_name, code, flagged):
                unit.append(1)
            units.append(unit)
        merged = [[m["old_id"], split_old(m["name"])] for m in prov["merges"]]
        out[code] = {"tinh": [code, kind, name], "hop_nhat_tu": merged, "don_vi": units}
    # splits.json (old -> new) must say the same as merges.json (new -> old); merges also
    # lists the five island districts without communes (Bạch Long Vĩ, Cồn Cỏ, ...).
    splits = json.loads(git_show(repo, commit, "mapping/splits.json"))
    pairs = {(o[0], u[0]) for p in out.values() for u in p["don_vi"] for o in u[3]}
    for prov in splits["data"]:
        for com in prov.get("level3s", []):
            for new in com["splits"]:
                if (com["level3_id"], new["new_id"]) not in pairs:
                    fail(f"splits.json: {com['name']} -> {new['name']} không có trong merges.json")
    return out


# --- assembling one file per province --------------------------------------------------------

def build(dvhcvn: Path, reform: Path, reform_commit: str,
          overrides: Path) -> dict[str, str]:
    """Return relative path -> file text for every generated file."""
    flagged = load_overrides(overrides)
    snapshots = [(commit, date, read_snapshot(dvhcvn, commit, date, flagged))
                 for commit, date in SNAPSHOTS]
    codes = list(snapshots[-1][2])
    if any(list(s[2]) != codes for s in snapshots):
        fail("các ảnh chụp không cùng danh sách 63 tỉnh")
    new = read_reform(reform, reform_commit, flagged)

    # Each old province's file, named after its last name before the reform.
    file_of = {code: slug(snapshots[-1][2][code]["tinh"][2]) for code in codes}
    by_name = {fold(snapshots[-1][2][c]["tinh"][2]): c for c in codes}
    new_home = {}
    for code, prov in new.items():
        old = by_name.get(fold(prov["tinh"][2]))
        if old is None:
            fail(f"tỉnh mới '{prov['tinh'][2]}' không trùng tên tỉnh cũ nào")
        new_home[old] = code
    became = {}
    for code, prov in new.items():
        for old_code, _ in prov["hop_nhat_tu"]:
            became[old_code] = code

    files: dict[str, str] = {}
    index = []
    for code in codes:
        eras: list[dict[str, Any]] = []
        for commit, date, snap in snapshots:
            era = {"tu_ngay": date, "tinh": snap[code]["tinh"], "cap": "huyen",
                   "nguon": f"dvhcvn@{commit[:7]}", "don_vi": snap[code]["don_vi"]}
            last = eras[-1] if eras else None
            if last and last["tinh"] == era["tinh"] and last["don_vi"] == era["don_vi"]:
                continue  # unchanged since the previous snapshot: one era
            eras.append(era)
        names = []
        for era in eras:
            kind_name = era["tinh"][1:]
            if not names or names[-1][:2] != kind_name:
                names.append([*kind_name, era["tu_ngay"]])
        info: dict[str, Any] = {"ma": code, "loai": eras[-1]["tinh"][1],
                                "ten": eras[-1]["tinh"][2]}
        target = became[code]
        if code in new_home:
            reform_era = new[new_home[code]]
            eras.append({"tu_ngay": REFORM_DATE, "tinh": reform_era["tinh"], "cap": "xa",
                         "nguon": f"dvhcvn/20250701@{reform_commit[:7]}",
                         "hop_nhat_tu": reform_era["hop_nhat_tu"],
                         "don_vi": reform_era["don_vi"]})
            info = {"ma": reform_era["tinh"][0], "loai": reform_era["tinh"][1],
                    "ten": reform_era["tinh"][2]}
            if names[-1][:2] != reform_era["tinh"][1:]:
                names.append([*reform_era["tinh"][1:], REFORM_DATE])
        else:
            info["sap_nhap_vao"] = {"tu_ngay": REFORM_DATE, "ma": target,
                                    "loai": new[target]["tinh"][1],
                                    "ten": new[target]["tinh"][2],
                                    "tep": file_of[by_name[fold(new[target]["tinh"][2])]]}
        name = file_of[code]
        files[f"tinh/{name}.json"] = dump_province(info, names, eras, reform_commit)
        index.append([name, [[k, n, d] for k, n, d in names]])
    files["danh-muc.json"] = dump_index(index, reform_commit, snapshots, new)
    return files


def nguon(reform_commit: str, commits: list[str]) -> dict[str, Any]:
    """Return the sources block written into every file (dates, commits, licences)."""
    return {
        "truoc_2025": {
            "kho": "github.com/daohoangson/dvhcvn, data/dvhcvn.json",
            "noi_dung": "Danh mục đơn vị hành chính của Tổng cục Thống kê (công khai)",
            "anh_chup": commits,
            "giay_phep": "mã nguồn của kho: GPL-3.0; dữ liệu là danh mục công khai của Tổng "
                         "cục Thống kê (chỉ lấy tên, loại, mã)",
            "ghi_chu": "tu_ngay của mỗi thời kỳ là ngày của ảnh chụp đầu tiên có danh sách đó, "
                       "không phải ngày hiệu lực của nghị quyết; khoảng trắng thừa trong tên bị "
                       "bỏ; khi trường type mâu thuẫn với tên (10 đơn vị, ví dụ 'Huyện Quảng "
                       "Trạch' ghi type Thị xã năm 2019-2020), loại lấy theo tên",
        },
        "tu_2025_07_01": {
            "kho": f"github.com/dvhcvn/20250701@{reform_commit[:7]}, mapping/merges.json",
            "noi_dung": "34 tỉnh, thành phố (Nghị quyết 202/2025/QH15, mã theo Công văn "
                        "915/CTK-CSCL); đơn vị cấp xã theo các Nghị quyết 1654 đến "
                        "1687/NQ-UBTVQH15, mã theo Công văn 1027/CTK-CSCL ngày 25/6/2025 (122 "
                        "đơn vị có mã khác trong danh mục Cục Thống kê công bố sau đó, theo gói "
                        "vietnam-provinces 2025.10.1; tên và loại trùng khớp); hop_thanh_tu: "
                        "đơn vị cũ hợp thành (1 = toàn bộ, 0 = một phần), do tác giả kho trích "
                        "từ các nghị quyết với trợ giúp của mô hình ngôn ngữ và kiểm tra tay",
            "giay_phep": "MIT. " + MIT_NOTICE,
        },
        "ten_rieng": "tools/don-vi-ten-rieng.yaml (tên người, sự kiện đã kiểm tra tay) và "
                     "quy tắc: tên chỉ gồm chữ số",
    }


def dump_province(info: dict[str, Any], names: list[list[str]], eras: list[dict[str, Any]],
                  reform_commit: str) -> str:
    """Return one province's file: compact JSON, one unit per line for readable diffs."""
    def js(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    commits = sorted({e["nguon"] for e in eras if e["nguon"].startswith("dvhcvn@")},
                     key=[f"dvhcvn@{c[:7]}" for c, _ in SNAPSHOTS].index)
    lines = ["{" + f'"nguon":{js(nguon(reform_commit, commits))},',
             f'"tinh":{js(info)},', f'"ten_goi":{js(names)},', '"thoi_ky":[']
    for i, era in enumerate(eras):
        head = {k: v for k, v in era.items() if k != "don_vi"}
        units = [("[" + ",".join(js(x) for x in u[:3]) + ",[\n"
                  + ",\n".join(js(s) for s in u[3]) + "]"
                  + "".join("," + js(x) for x in u[4:]) + "]") for u in era["don_vi"]]
        lines.append(js(head)[:-1] + ',"don_vi":[\n' + ",\n".join(units) + "]}"
                     + ("," if i < len(eras) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def dump_index(index: list[Any], reform_commit: str, snapshots: list[Any],
               new: dict[str, Any]) -> str:
    """Return danh-muc.json: file -> names with the date each came into use, and counts."""
    def js(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    counts = {}
    for _, date, snap in snapshots:
        counts[date] = [len(snap), sum(len(p["don_vi"]) for p in snap.values()),
                        sum(len(u[3]) for p in snap.values() for u in p["don_vi"])]
    counts[REFORM_DATE] = [len(new), 0, sum(len(p["don_vi"]) for p in new.values())]
    dated = [f"dvhcvn@{c[:7]} ({d})" for c, d in SNAPSHOTS]
    lines = ["{" + f'"nguon":{js(nguon(reform_commit, dated))},',
             '"dinh_dang":' + js(
                 "tinh/<tep>.json: tinh {ma, loai, ten, sap_nhap_vao?}; ten_goi [[loai, ten, "
                 "tu_ngay]]; thoi_ky [{tu_ngay, tinh [ma, loai, ten], cap huyen|xa, nguon, "
                 "hop_nhat_tu?, don_vi}]; don_vi: [ma, loai, ten, con, ten_rieng?] với con = "
                 "[ma, loai, ten, ten_rieng?] (cấp xã, trước 2025) hoặc [ma, 'loại tên' cũ, "
                 "1 toàn bộ | 0 một phần] (hợp thành từ, sau 2025); ten_rieng = 1: tên người, "
                 "con số, sự kiện") + ",",
             f'"so_luong":{js(counts)},', '"tep":[']
    lines.append(",\n".join(js(entry) for entry in index))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check compare) the generated files; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dvhcvn", type=Path, default=DVHCVN,
                        help="git directory of daohoangson/dvhcvn")
    parser.add_argument("--reform", type=Path, default=REFORM,
                        help="git directory of dvhcvn/20250701")
    parser.add_argument("--reform-commit", default=REFORM_COMMIT)
    parser.add_argument("--overrides", type=Path, default=OVERRIDES)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true",
                        help="compare with the files in --out instead of writing them")
    args = parser.parse_args(argv)
    files = build(args.dvhcvn, args.reform, args.reform_commit, args.overrides)
    stale = []
    for rel, text in sorted(files.items()):
        path = args.out / rel
        if args.check:
            if not path.exists() or path.read_text("utf-8") != text:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    if args.check:
        extra = sorted(str(p.relative_to(args.out)) for p in (args.out / "tinh").glob("*.json")
                       if str(p.relative_to(args.out)) not in files)
        for rel in stale + extra:
            print(f"khác hoặc thừa: {rel}", file=sys.stderr)
        return 1 if stale or extra else 0
    sizes = Counter({"tệp": len(files), "byte": sum(len(t.encode()) for t in files.values())})
    print(f"đã ghi {sizes['tệp']} tệp, {sizes['byte']:,} byte vào {args.out}")
    for name, count in sorted(TYPE_FIXES.items()):
        print(f"  loại theo tên, không theo trường type: {name} ({count} ảnh chụp)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
