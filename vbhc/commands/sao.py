"""`vbhc sao`: a copy (SAO Y, SAO LỤC, TRÍCH SAO) of a .docx with the copying agency's
block (ND30 Điều 25; Phụ lục I, Phần II; vbhc.copies)."""

from __future__ import annotations

from pathlib import Path

import click

from vbhc.commands._common import profile_dirs_option, write_pdfs
from vbhc.commands._report import report, report_errors

FORMS = ("sao-y", "sao-luc", "trich-sao")
ROLES = {"dau": "phần đầu, luôn giữ", "ket": "phần kết, luôn giữ", "noi-dung": ""}


@click.command("sao")
@click.argument("van_ban", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("du_lieu", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--hinh-thuc", metavar="|".join(FORMS),
              help="Hình thức sao (hoặc ghi hinh_thuc trong tệp dữ liệu).")
@click.option("--doan", metavar="SỐ",
              help="TRÍCH SAO: các đoạn được trích, ví dụ 3-10,12 (số đoạn theo --liet-ke); "
              "phần đầu và phần kết của văn bản gốc luôn được giữ.")
@click.option("--liet-ke", is_flag=True,
              help="Không sao: in các đoạn của văn bản kèm số đoạn (để chọn --doan).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Tệp .docx bản sao (mặc định: bên cạnh tệp vào, TÊN-sao-y.docx).")
@click.option("--dien-tu", is_flag=True,
              help="Bản sao điện tử: hình thức sao, cơ quan, số và thời gian sao ở góc trên "
              "bên phải trang đầu (không có khối ký tay, nơi nhận), tạo thêm PDF/A-2b để cơ "
              "quan ký số (vbhc ky --vai dinh-kem).")
@click.option("--pdf", is_flag=True, help="Tạo thêm tệp PDF bằng LibreOffice.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đầu ra nếu đã có.")
@profile_dirs_option
@report_errors
def sao(van_ban: Path, du_lieu: Path | None, hinh_thuc: str | None, doan: str | None,
        liet_ke: bool, output: Path | None, dien_tu: bool, pdf: bool, force: bool,
        profile_dirs: tuple[Path, ...]) -> None:
    """Sao văn bản: SAO Y, SAO LỤC hoặc TRÍCH SAO tệp .docx (của vbhc hay của cơ quan khác).

    VAN_BAN là tệp .docx được sao; DU_LIEU là tệp YAML của cơ quan sao (co_quan,
    so_ky_hieu, ngay_sao, nguoi_ky, noi_nhan; xem examples/sao/). Khối sao
    (NĐ 30, Phụ lục I, Phần II) được đặt sau phần cuối của văn bản, dưới một đường kẻ
    nét liền hết chiều ngang vùng trình bày. Tệp vào không bao giờ bị ghi đè.

    Ví dụ: vbhc sao ke-hoach.docx sao-y.yaml --hinh-thuc sao-y -o ke-hoach_SY.docx;
    vbhc sao --liet-ke ke-hoach.docx; vbhc sao ke-hoach.docx trich-sao.yaml --hinh-thuc
    trich-sao --doan 8-12

    Mã thoát: 0 thành công; 1 dữ liệu sai (trường thiếu, hình thức sao lạ, --doan sai),
    bản sao có lỗi thể thức, tệp đầu ra đã có hoặc là tệp vào; 2 không đọc được tệp vào
    (không phải .docx, hỏng, vượt giới hạn); 4 LibreOffice không tạo được PDF."""
    from vbhc.copies import load_copy_data, make_copy, parse_ranges, resolve_form
    from vbhc.copies.model import slug_of
    from vbhc.errors import InputError, OutputExistsError, Problem
    from vbhc.files import InputGuard, recording_reads, write_atomic

    if liet_ke:
        _list(van_ban)
        return
    if du_lieu is None:
        raise InputError([Problem("DU_LIEU", "thiếu tệp dữ liệu của cơ quan sao (YAML: "
                                  "co_quan, so_ky_hieu, ngay_sao, nguoi_ky, noi_nhan)")])
    warnings: list[Problem] = []
    with recording_reads() as read:  # the agency profile and images the data names
        data = load_copy_data(du_lieu, profile_dirs, warnings, electronic=dien_tu)
    guard = InputGuard([van_ban, du_lieu, *read])
    form = resolve_form(hinh_thuc, data, str(du_lieu))
    target = output or van_ban.with_name(f"{van_ban.stem}-{slug_of(form)}.docx")
    guard.check(target)
    if target.exists() and not force:  # before the work: the same refusal write_atomic makes
        raise OutputExistsError(f"tệp {target} đã có; dùng --force để ghi đè (tệp cũ sẽ bị "
                                "thay thế)")
    if pdf or dien_tu:
        guard.check(target.with_suffix(".pdf"))
    result = make_copy(van_ban, data, form, doan=parse_ranges(doan) if doan else None,
                       electronic=dien_tu)
    report(warnings + result.warnings)
    write_atomic(target, result.data, force=force, inputs=[van_ban, du_lieu, *read])
    click.echo(f"Đã ghi {target} ({form.tieu_de}, {result.number})")
    if pdf or dien_tu:
        write_pdfs([target], force, inputs=[van_ban, du_lieu], pdf_a=dien_tu)
    if dien_tu:
        from vbhc.copies.make import agency_text

        pdf_file = target.with_suffix(".pdf")
        number = result.number.removeprefix("Số: ")
        if data.so_ky_hieu.so is None:
            click.echo("Bản sao điện tử chưa có số (so_ky_hieu.so): ghi số rồi sao lại trước "
                       "khi ký số.", err=True)
        else:
            click.echo(f"Bản sao điện tử: cơ quan sao ký số tệp PDF/A (góc trên, bên phải trang "
                       f"đầu): vbhc ky {pdf_file} --vai dinh-kem --so-ky-hieu {number} "
                       f"--co-quan \"{agency_text(data)}\" --p12 KHOA-CO-QUAN.p12", err=True)


def _list(van_ban: Path) -> None:
    """Print the numbered paragraphs of ``van_ban`` for ``--doan``."""
    from vbhc.checker.document import Document
    from vbhc.copies import list_items

    for item in list_items(Document.open(van_ban)):
        role = ROLES[item.role]
        text = item.text if len(item.text) <= 90 else item.text[:89] + "…"
        click.echo(f"{item.number:>4}  {'[' + role + '] ' if role else ''}{text}")
