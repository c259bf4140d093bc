"""`vbhc ky`: sign a PDF/A of a document with a PAdES digital signature at the place ND30
fixes, or (``--kiem-tra``) validate the signatures of a PDF (vbhc.signing)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from vbhc.commands._report import exit_with, report_errors

PASS_ENV = "VBHC_P12_PASS"
UNVERIFIED = 5
"""Exit code of ``--kiem-tra`` when every signature is intact but a chain was not checked
(no --tin-cay): not 0, so a script never takes a self-made certificate for a real one."""
PIN_ENV = "VBHC_PIN"


def _secret(env: str, prompt: str) -> str:
    """Return the secret in environment variable ``env``, or ask for it on the terminal
    (never echoed); VbhcError when there is neither (a script without the variable)."""
    from vbhc.errors import VbhcError

    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise VbhcError(f"cần {prompt}: đặt biến môi trường {env} (không ghi mật khẩu trên "
                        "dòng lệnh)")
    return click.prompt(prompt, hide_input=True, err=True)


@click.command("ky")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp PDF đã ký (mặc định: TÊN-da-ky.pdf bên cạnh tệp vào).")
@click.option("--force", is_flag=True, help="Ghi đè tệp đầu ra nếu đã có.")
@click.option("--kiem-tra", "verify", is_flag=True,
              help="Không ký: kiểm tra các chữ ký số trong tệp (người ký, thời gian, toàn vẹn).")
@click.option("--vai", "role", type=click.Choice(["nguoi-ky", "co-quan", "dinh-kem"]),
              default="nguoi-ky", show_default=True,
              help="Ký với tư cách: người ký (ô 7c), cơ quan (ô 8, trùm lên chữ ký), cơ quan "
              "trên văn bản kèm theo (góc trên bên phải trang đầu).")
@click.option("--p12", type=click.Path(path_type=Path),
              help=f"Tệp khóa PKCS#12 (.p12, .pfx); mật khẩu lấy từ biến {PASS_ENV} hoặc hỏi.")
@click.option("--pkcs11", "module", type=click.Path(path_type=Path),
              help=f"Thư viện PKCS#11 của token USB (.so, .dll); mã PIN lấy từ biến {PIN_ENV} "
              "hoặc hỏi.")
@click.option("--token", help="Nhãn (label) của token PKCS#11.")
@click.option("--khoa", "key_label", help="Nhãn của khóa và chứng thư trên token.")
@click.option("--chuoi", "chain", multiple=True, type=click.Path(path_type=Path),
              help="Chứng thư CA trung gian (PEM/DER) gửi kèm chữ ký; ghi nhiều lần.")
@click.option("--so-ky-hieu", help="Số, ký hiệu văn bản chính (bắt buộc với --vai dinh-kem).")
@click.option("--co-quan", "agency",
              help="Tên cơ quan ban hành, ghi trong chữ ký số; phải khớp tên (O hay CN) trong "
              "chứng thư (mặc định: lấy từ chứng thư khi ký với tư cách cơ quan).")
@click.option("--tsa", help="Địa chỉ máy chủ dấu thời gian (RFC 3161), nếu có.")
@click.option("--tin-cay", "trust", multiple=True, type=click.Path(path_type=Path),
              help="Chứng thư gốc tin cậy (PEM/DER) để kiểm tra chuỗi chứng thư (--kiem-tra); "
              "không có thì mã thoát 5 (chưa xác minh người ký).")
@report_errors
def ky(pdf: Path, output: Path | None, force: bool, verify: bool, role: str,
       p12: Path | None, module: Path | None, token: str | None, key_label: str | None,
       chain: tuple[Path, ...], so_ky_hieu: str | None, agency: str | None,
       tsa: str | None, trust: tuple[Path, ...]) -> None:
    """Ký số tệp PDF (PAdES) đúng vị trí NĐ 30, hoặc kiểm tra chữ ký số (--kiem-tra).

    Ví dụ: VBHC_P12_PASS=... vbhc ky van-ban.pdf --p12 khoa.p12; vbhc ky --kiem-tra
    van-ban-da-ky.pdf --tin-cay ca.pem

    Mã thoát: 0 ký xong / mọi chữ ký hợp lệ và chuỗi chứng thư tới chứng thư gốc
    --tin-cay; 1 không ký được, hoặc có chữ ký không hợp lệ (bị sửa, chuỗi không tới gốc
    tin cậy, cơ quan ghi trong chữ ký không khớp chứng thư) hay tệp không có chữ ký; 2
    không đọc được tệp vào; 5 mọi chữ ký còn nguyên nhưng chưa kiểm tra chuỗi chứng thư
    (không có --tin-cay): chưa xác minh được người ký."""
    from vbhc.files import read_input_bytes

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its own English tracebacks
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    data = read_input_bytes(pdf, 512 * 1024 * 1024)
    if verify:
        _verify(pdf, data, list(trust))
        return
    _sign(pdf, data, output, force, role, p12, module, token, key_label, chain, so_ky_hieu,
          agency, tsa)


def _verify(pdf: Path, data: bytes, trust: list[Path]) -> None:
    from vbhc.signing import verify_pdf

    reports = verify_pdf(data, trust or None)
    if not reports:
        click.echo(f"{pdf}: không có chữ ký số nào.", err=True)
        exit_with(1)
    for i, rep in enumerate(reports, 1):
        if not rep.ok:
            verdict = "KHÔNG HỢP LỆ" + ("" if rep.location_ok else
                                        " (cơ quan ghi trong chữ ký không khớp chứng thư)")
        elif rep.verified:
            verdict = "HỢP LỆ"
        else:
            verdict = (f"CÒN NGUYÊN, CHƯA XÁC MINH người ký (chưa kiểm tra chuỗi chứng thư: "
                       f"mã thoát {UNVERIFIED})")
        click.echo(f"Chữ ký {i} ({rep.field}): {verdict}")
        for note in rep.notes:
            click.echo(f"  {note}")
    if not all(r.ok for r in reports):
        exit_with(1)
    if not all(r.verified for r in reports):
        click.echo(f"{pdf}: chữ ký còn nguyên nhưng chưa xác minh được người ký: ai cũng tự "
                   "tạo được chứng thư mang tên bất kỳ; kiểm tra lại với --tin-cay "
                   "CA-GỐC.pem", err=True)
        exit_with(UNVERIFIED)


def _sign(pdf: Path, data: bytes, output: Path | None, force: bool, role: str,
          p12: Path | None, module: Path | None, token: str | None, key_label: str | None,
          chain: tuple[Path, ...], so_ky_hieu: str | None, agency: str | None,
          tsa: str | None) -> None:
    from vbhc.errors import VbhcError
    from vbhc.files import InputGuard, write_atomic
    from vbhc.signing import KeySource, sign_pdf

    if (p12 is None) == (module is None):
        raise VbhcError("chỉ ra đúng một nguồn khóa ký: --p12 TỆP hoặc --pkcs11 THƯ_VIỆN")
    target = output or pdf.with_name(f"{pdf.stem}-da-ky.pdf")
    InputGuard([pdf, p12, *chain]).check(target)
    if os.path.lexists(target) and not force:
        from vbhc.errors import OutputExistsError

        raise OutputExistsError(f"tệp {target} đã có; dùng --force để ghi đè")
    if p12 is not None:
        key = KeySource(p12=p12, passphrase=_secret(PASS_ENV, "Mật khẩu tệp khóa")
                        .encode("utf-8"), chain=chain)
    else:
        key = KeySource(module=module, token=token, key_label=key_label,
                        pin=_secret(PIN_ENV, "Mã PIN của token"), chain=chain)
    result = sign_pdf(data, key, role, so_ky_hieu=so_ky_hieu, co_quan=agency,  # type: ignore[arg-type]
                      tsa_url=tsa)
    write_atomic(target, result.data, force=force)
    where = "trên ảnh đã in" if result.on_image else "chữ ký hiện bằng chữ"
    click.echo(f"Đã ký {target}: {result.signer}, {result.time}, trang {result.page + 1} "
               f"({where})")
