"""`vbhc phat-hanh`: issue documents: number from the register, date, final .docx (and PDF)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from vbhc.commands._common import profile_dirs_option, write_pdfs
from vbhc.commands._report import exit_with, report, report_errors
from vbhc.commands.so_dang_ky import DATE, csdl_option, open_register, refuse_controls


@click.command("phat-hanh")
@click.argument("inputs", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@csdl_option
@click.option("-o", "--output", type=click.Path(),
              help="Tệp .docx đầu ra (một văn bản), hoặc thư mục (kết thúc bằng /). Mặc định: "
              "bên cạnh tệp YAML, tên kèm số và ký hiệu (vb_05-KH-UBND.docx).")
@click.option("--ngay", type=DATE, help="Ngày ban hành (15/6/2024); mặc định hôm nay.")
@click.option("--giu-so", is_flag=True,
              help="Chỉ cấp và giữ số cho văn bản ký giấy: ghi sổ, không dựng tệp.")
@click.option("--he-thong-so", metavar="KHÓA",
              help="Hệ thống số riêng (ví dụ của hội đồng tư vấn dùng con dấu cơ quan); mặc "
              "định: ký hiệu loại và cơ quan (KH-UBND, CV-UBND), văn bản mật riêng.")
@click.option("--so-ban", type=int,
              help="Số lượng bản; mặc định: số nơi nhận cộng số nơi lưu.")
@click.option("--ghi-chu", default="", help="Ghi chú vào sổ.")
@click.option("--thieu-ho-ten", is_flag=True,
              help="Vẫn phát hành khi chưa ghi họ tên người ký (có cảnh báo); mặc định từ "
              "chối.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đầu ra nếu đã có.")
@click.option("--pdf", "pdf", is_flag=True, help="Tạo thêm tệp PDF bằng LibreOffice.")
@click.option("--template", "template", type=click.Path(path_type=Path),
              help="Mẫu .docx riêng thay cho mẫu có sẵn của loại văn bản.")
@profile_dirs_option
@report_errors
def phat_hanh(inputs: tuple[Path, ...], csdl: str | None, output: str | None,
              ngay: _dt.date | None, giu_so: bool, he_thong_so: str | None,
              so_ban: int | None, ghi_chu: str, thieu_ho_ten: bool, force: bool, pdf: bool,
              template: Path | None, profile_dirs: tuple[Path, ...]) -> None:
    """Phát hành văn bản: cấp số tiếp theo trong sổ đăng ký, ghi ngày, dựng .docx bản chính.

    Số cấp một lần, không trùng kể cả khi nhiều văn thư cùng phát hành (SQLite hoặc
    PostgreSQL). Văn bản được kiểm tra thể thức trước khi lấy số; văn bản chưa hoàn thiện
    (còn [CẦN BỔ SUNG: …], chỗ "..." của khung, chưa có họ tên người ký) và nội dung đã phát
    hành bị từ chối. Phát hành lại nội dung đã phát hành với --pdf chỉ tạo PDF còn thiếu từ
    tệp đã phát hành. Nhiều tệp vào được phát hành lần lượt, theo thứ tự.

    Mã thoát: 0 thành công; 1 văn bản có lỗi, nội dung đã phát hành, tệp đầu ra đã có; 2
    không đọc được tệp vào hoặc không mở được sổ (--csdl); 4 LibreOffice không tạo được PDF."""
    from vbhc.batch import names_folder
    from vbhc.errors import VbhcError
    from vbhc.register import RegisterRefusal, issue

    refuse_controls("--ghi-chu", ghi_chu)
    folder = output is not None and (len(inputs) > 1 or names_folder(output))
    register = open_register(csdl)
    worst, written = 0, []
    for source in inputs:
        try:
            done = issue(register, source, output=output, folder=folder, day=ngay,
                         reserve=giu_so, force=force, series=he_thong_so, copies=so_ban,
                         note=" ".join(ghi_chu.split()), template=template,
                         profile_dirs=profile_dirs, unnamed=thieu_ho_ten)
        except RegisterRefusal as exc:
            missing = _missing_pdf(exc.existing) if pdf else None
            if missing is None:
                report(exc.as_problems())
                worst = max(worst, exc.exit_code)
            else:
                click.echo(f"{source}: đã phát hành số {exc.existing.so_ky_hieu} (tệp "
                           f"{missing}); chưa có PDF: tạo PDF từ tệp đã phát hành, không cấp "
                           "số mới.", err=True)
                written.append(missing)
            continue
        except VbhcError as exc:
            report(exc.as_problems())
            worst = max(worst, exc.exit_code)
            continue
        report(done.warnings)
        entry = done.entry
        head = f"Số {entry.so_ky_hieu} ngày {entry.ngay:%d/%m/%Y} ({entry.he_thong_so})"
        if done.target is None:
            click.echo(f"{head}: đã giữ số cho văn bản ký giấy {source}; không ghi tệp.")
        else:
            click.echo(f"{head}: đã ghi {done.target}")
            written.append(done.target)
    if pdf:
        write_pdfs(written, force, inputs=[*inputs, template])
    if worst:
        exit_with(worst)


def _missing_pdf(entry: object) -> Path | None:
    """Return the issued .docx of ``entry`` (an Entry already holding the same content) when
    it is issued, its file is still the one recorded (same SHA-256) and its PDF is missing:
    a run stopped during the PDF step is completed by running it again. None otherwise."""
    import hashlib

    tep = getattr(entry, "tep", None)
    if getattr(entry, "trang_thai", None) != "da-phat-hanh" or not tep:
        return None
    path = Path(tep)
    try:
        same = hashlib.sha256(path.read_bytes()).hexdigest() == entry.tep_hash  # type: ignore[attr-defined]
    except OSError:
        return None
    return path if same and not path.with_suffix(".pdf").exists() else None
