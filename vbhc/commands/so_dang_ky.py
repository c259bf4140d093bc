"""`vbhc so-dang-ky`: the outgoing register: list and search, cancel a number, export the ND30
form, move to PostgreSQL. (`vbhc phat-hanh` issues into it.)"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vbhc.commands._report import report_errors

if TYPE_CHECKING:
    from vbhc.register import Register


class DateType(click.ParamType):
    """A date typed as 15/6/2024 or 2024-06-15."""

    name = "NGÀY"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> _dt.date:
        """Return the date ``value`` names; a usage error naming the option otherwise."""
        if isinstance(value, _dt.date):
            return value
        text = str(value).strip()
        for form in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return _dt.datetime.strptime(text, form).date()
            except ValueError:
                continue
        self.fail(f"«{text}» không phải ngày (viết 15/6/2024 hoặc 2024-06-15)", param, ctx)


DATE = DateType()

csdl_option = click.option(
    "--csdl", "csdl", metavar="TỆP|URL", envvar="VBHC_CSDL", show_envvar=True,
    help="Sổ đăng ký: đường dẫn tệp SQLite hoặc postgresql://người@máy/csdl (nhiều văn thư "
    "dùng chung). Mặc định: so-dang-ky.sqlite3 trong thư mục dữ liệu của người dùng.")
"""``--csdl`` (or ``VBHC_CSDL``) for every command that opens the register."""


def open_register(csdl: str | None, *, create: bool = True) -> Register:
    """Open the register named by ``csdl``; say on stderr when a new one was created (a typo
    in a path must not pass silently as an empty register). ``create`` False (listing,
    export, cancelling): a missing SQLite file is refused (RegisterError, exit 2)."""
    from vbhc.register import Register

    register = Register.open(csdl, create=create)
    if register.created:
        click.echo(f"Đã tạo sổ đăng ký mới: {register.where}", err=True)
    return register


def refuse_controls(option: str, text: str | None) -> None:
    """Refuse (VbhcError, exit 1, naming ``option``) text holding control characters: they
    would be stored in the register and could not be exported to .xlsx/.docx."""
    from vbhc.errors import VbhcError
    from vbhc.register.fields import bad_characters

    bad = bad_characters(text or "")
    if bad:
        raise VbhcError(f"{option}: có ký tự điều khiển ({', '.join(bad)}); chỉ ghi chữ, số và "
                        "dấu câu")


@click.group("so-dang-ky")
def so_dang_ky() -> None:
    """Sổ đăng ký văn bản đi: xem, tìm, hủy số, xuất, chuyển sang PostgreSQL.

    Cấp số và phát hành văn bản: `vbhc phat-hanh VB.yaml`. Mỗi cơ quan, mỗi năm, mỗi hệ
    thống số (ký hiệu loại và cơ quan, ví dụ KH-UBND; văn bản mật riêng) đánh số từ 01."""


@so_dang_ky.command("danh-sach")
@csdl_option
@click.option("--nam", type=click.IntRange(1945, 2200), help="Chỉ năm này.")
@click.option("--co-quan", help="Tên cơ quan chứa chữ này.")
@click.option("--he-thong-so", help="Chỉ hệ thống số này (ví dụ KH-UBND).")
@click.option("--loai", help="Chỉ loại văn bản này (ke-hoach, cong-van, ...).")
@click.option("--so", "so", help="Số (5) hoặc số và ký hiệu (05/KH-UBND).")
@click.option("--tu", type=DATE, help="Từ ngày (kể cả ngày này).")
@click.option("--den", type=DATE, help="Đến ngày (kể cả ngày này).")
@click.option("--trich-yeu", help="Trích yếu chứa chữ này (không phân biệt hoa thường).")
@click.option("--json", "as_json", is_flag=True, help="In JSON cho máy đọc.")
@report_errors
def danh_sach(csdl: str | None, nam: int | None, co_quan: str | None,
              he_thong_so: str | None, loai: str | None, so: str | None,
              tu: _dt.date | None, den: _dt.date | None, trich_yeu: str | None,
              as_json: bool) -> None:
    """Liệt kê, tìm trong sổ: theo số, loại, ngày, trích yếu.

    Mọi số đã cấp đều có dòng: số đã hủy và số phát hành dở (máy tắt giữa chừng) hiện rõ,
    không bao giờ được cấp lại. Tìm theo trích yếu, cơ quan không phân biệt hoa thường, có
    dấu hay không dấu. Mã thoát: 0; 1 khoảng ngày ngược, loại không có; 2 không mở được sổ
    (--csdl, tệp không có)."""
    from vbhc.errors import VbhcError
    from vbhc.model.kinds import known_slugs
    from vbhc.register.fields import printable, subject

    number, symbol = _number(so) if so else (None, None)
    if tu and den and tu > den:
        raise VbhcError(f"--tu {tu:%d/%m/%Y} sau --den {den:%d/%m/%Y}: khoảng ngày ngược, "
                        "không có mục nào; đổi chỗ hai ngày")
    if loai is not None and loai not in known_slugs():
        raise VbhcError(f"--loai: không có loại văn bản «{loai}»; các loại: "
                        + ", ".join(known_slugs()))
    register = open_register(csdl, create=False)
    entries = register.entries(nam=nam, co_quan=co_quan, he_thong_so=he_thong_so, loai=loai,
                               so=number, tu=tu, den=den, trich_yeu=trich_yeu)
    if symbol:
        entries = [e for e in entries if e.ky_hieu == symbol]
    if as_json:
        click.echo(json.dumps([_as_dict(e) for e in entries], ensure_ascii=False, indent=2))
        return
    click.echo(f"Sổ đăng ký: {register.where}", err=True)
    group = None
    for entry in entries:
        if (entry.co_quan, entry.nam, entry.he_thong_so) != group:
            group = (entry.co_quan, entry.nam, entry.he_thong_so)
            click.echo(printable(f"{entry.co_quan} — năm {entry.nam} — hệ thống số "
                                 f"{entry.he_thong_so}"))
        text = printable(subject(entry.ten_loai, entry.trich_yeu))
        if len(text) > 70:
            text = text[:69] + "…"
        click.echo(f"  {entry.so_ky_hieu:<16} {entry.ngay:%d/%m/%Y}  {text}  "
                   f"[{entry.trang_thai_doc}]")
    click.echo(f"{len(entries)} mục.", err=True)


def _as_dict(entry: Any) -> dict[str, Any]:
    data = {k: (v.isoformat() if isinstance(v, _dt.date | _dt.datetime) else v)
            for k, v in vars(entry).items()}
    data["so_ky_hieu"] = entry.so_ky_hieu
    return data


_NUMBER = re.compile(r"^\s*0*(\d{1,6})\s*(?:/\s*(\S+))?\s*$")


def _number(text: str) -> tuple[int, str | None]:
    """Return (number, symbol or None) of "05/KH-UBND" or "5"; a usage error otherwise."""
    m = _NUMBER.match(text)
    if not m or int(m.group(1)) == 0:
        raise click.BadParameter(f"«{text}»: viết số (5) hoặc số và ký hiệu (05/KH-UBND)")
    return int(m.group(1)), m.group(2)


@so_dang_ky.command("huy")
@click.argument("so")
@csdl_option
@click.option("--ly-do", help="Lý do hủy, bắt buộc (ghi vào cột ghi chú của sổ).")
@click.option("--nam", type=click.IntRange(1945, 2200),
              help="Năm của số (mặc định: năm nay).")
@click.option("--co-quan", help="Tên cơ quan chứa chữ này (khi sổ có nhiều cơ quan).")
@report_errors
def huy(so: str, csdl: str | None, ly_do: str | None, nam: int | None,
        co_quan: str | None) -> None:
    """Hủy số SO (05/KH-UBND, hoặc 5): số để trống, ghi lý do, không bao giờ cấp lại.

    Dùng cho văn bản thu hồi, số giữ mà không dùng, hay lần phát hành bị ngắt (máy tắt).
    Mã thoát: 0; 1 thiếu lý do, sổ không có số đó hoặc số đã hủy; 2 không mở được sổ."""
    from vbhc.errors import VbhcError

    number, symbol = _number(so)
    if not (ly_do or "").strip():
        raise VbhcError("--ly-do: phải ghi lý do hủy số (ví dụ --ly-do \"Văn bản thu hồi\"); "
                        "lý do được ghi vào cột ghi chú của sổ")
    refuse_controls("--ly-do", ly_do)
    register = open_register(csdl, create=False)
    entry = register.cancel(number, nam or _dt.date.today().year, ky_hieu=symbol,
                            co_quan=co_quan, reason=" ".join(ly_do.split()))
    click.echo(f"Đã hủy số {entry.so_ky_hieu} năm {entry.nam} ({entry.co_quan}): "
               f"{entry.ly_do_huy}. Số này để trống, không cấp lại.")


@so_dang_ky.command("xuat")
@click.argument("output", type=click.Path(path_type=Path))
@csdl_option
@click.option("--nam", type=click.IntRange(1945, 2200), help="Chỉ năm này.")
@click.option("--co-quan", help="Tên cơ quan chứa chữ này.")
@click.option("--he-thong-so", help="Chỉ hệ thống số này.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đầu ra nếu đã có.")
@report_errors
def xuat(output: Path, csdl: str | None, nam: int | None, co_quan: str | None,
         he_thong_so: str | None, force: bool) -> None:
    """Xuất sổ theo mẫu NĐ 30 ra OUTPUT (.xlsx hoặc .docx).

    Cột: số, ký hiệu; ngày tháng; tên loại và trích yếu; người ký; nơi nhận; đơn vị, người
    nhận bản lưu; số lượng bản; ghi chú. Mỗi cơ quan một sổ: mục của nhiều cơ quan được
    ghi ra mỗi cơ quan một tệp (so_ubnd-huyen-cao-loc.xlsx ...), hoặc chọn một bằng
    --co-quan. Ký tự điều khiển trong sổ được thay bằng � (có cảnh báo). Mã thoát: 0; 1
    tệp đã có (--force), đuôi không phải .xlsx/.docx; 2 không mở được sổ (tệp không có)."""
    from vbhc.commands._report import report
    from vbhc.errors import OutputExistsError
    from vbhc.register import export
    from vbhc.register.export import agencies, per_agency_path, problems

    register = open_register(csdl, create=False)
    entries = register.entries(nam=nam, co_quan=co_quan, he_thong_so=he_thong_so)
    names = agencies(entries)
    if len(names) <= 1:
        report(problems(entries, str(output)))
        export(entries, output, force=force)
        click.echo(f"Đã ghi {output} ({len(entries)} mục).")
        return
    targets = per_agency_path(output, names)
    if not force:
        for target in targets.values():
            if target.exists():
                raise OutputExistsError(f"{target}: tệp đã có; thêm --force để ghi đè (chưa "
                                        "ghi tệp nào)")
    click.echo(f"Các mục thuộc {len(names)} cơ quan: mỗi cơ quan một sổ, một tệp "
               "(--co-quan để chỉ xuất một cơ quan).", err=True)
    for name, target in targets.items():
        part = [e for e in entries if e.co_quan == name]
        report(problems(part, str(target)))
        export(part, target, force=force)
        click.echo(f"Đã ghi {target} ({len(part)} mục, {name}).")


@so_dang_ky.command("chuyen")
@csdl_option
@click.option("--den", "destination", required=True, metavar="URL",
              help="Sổ đích, trống: postgresql://người@máy/csdl (hoặc một tệp SQLite).")
@report_errors
def chuyen(csdl: str | None, destination: str) -> None:
    """Chuyển cả sổ (số đếm và mọi mục) sang sổ khác, thường là PostgreSQL cho nhiều văn thư.

    Sổ đích phải trống; sổ nguồn giữ nguyên. Sau đó dùng --csdl URL hoặc đặt VBHC_CSDL=URL.
    Mã thoát: 0; 1 sổ đích đã có dữ liệu; 2 không mở được một trong hai sổ (sổ nguồn không
    có)."""
    from vbhc.register import Register

    source = open_register(csdl, create=False)
    target = Register.open(destination)
    count = source.copy_to(target)
    click.echo(f"Đã chuyển {count} mục từ {source.where} sang {target.where}. Từ nay dùng "
               f"--csdl {target.where} hoặc đặt biến VBHC_CSDL.")
