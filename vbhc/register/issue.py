"""Issue a document (phát hành): number it from the register, date it, render the final .docx
through the checked path, and record file and hash.

Order, so that no failure hands one number out twice and few leave a gap: the YAML is loaded
and rendered once with a provisional number first (every content or layout error is
reported before a number is taken); then the number is taken and the entry recorded as
``dang-phat-hanh`` in one transaction (vbhc.register.store); then the final .docx is rendered
(``vbhc.batch.verified_bytes``: never a document ``vbhc check`` calls wrong) and written
atomically; then the entry is completed with the file and its SHA-256. If rendering or
writing fails, the number is given back when it is still the last of its series, or the entry
is cancelled with the reason (a recorded gap). A process killed in between leaves the entry
``dang-phat-hanh``: listed as unfinished, its number never reused.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vbhc.errors import InputError, Problem, VbhcError
from vbhc.model.common import NgayBanHanh, VanBan
from vbhc.register.fields import entry_fields, unfinished
from vbhc.register.store import Entry, Register

PROVISIONAL = 1
"""The number the trial render uses before a number is taken."""

FIRST_YEAR, LAST_YEAR = 1945, 2200
"""The years a date of issue may fall in (the model's ``ngay_ban_hanh.nam``)."""

MAX_COPIES = 100_000
"""The largest ``copies`` (``--so-ban``) a register line takes; at least 1."""

FUTURE_DAYS = 30
"""A date of issue more than this many days after today is issued with a warning."""

NOT_YAML = (".docx", ".doc", ".odt", ".pdf", ".rtf", ".xlsx", ".xls", ".txt", ".html")
"""Suffixes of files that are not a document's YAML (``phat-hanh`` names what it needs)."""


@dataclass
class Issued:
    """What ``issue`` did: the register ``entry``, the file written (None when the number
    was only kept with ``reserve``) and the loader's and stamping's warnings."""

    entry: Entry
    target: Path | None
    warnings: list[Problem] = field(default_factory=list)


def stamped(doc: VanBan, so: int, day: _dt.date) -> VanBan:
    """Return a copy of ``doc`` with number ``so`` and date of issue ``day`` (ô 3 and ô 4)."""
    return doc.model_copy(update={
        "so_ky_hieu": doc.so_ky_hieu.model_copy(update={"so": so}),
        "ngay_ban_hanh": NgayBanHanh(ngay=day.day, thang=day.month, nam=day.year)})


def stamping_warnings(doc: VanBan, day: _dt.date, source: str,
                      line: Callable[[tuple[str, ...]], int | None] = lambda _loc: None,
                      ) -> list[Problem]:
    """Return a warning for each value the register replaces: a number written in the YAML
    (``so_ky_hieu.so``), a day, month or year of ``ngay_ban_hanh`` other than ``day``.
    ``line`` gives the YAML line of a field path (``("so_ky_hieu", "so")``), None if unknown."""
    out = []
    if doc.so_ky_hieu.so is not None:
        out.append(Problem("so_ky_hieu.so", f"số {doc.so_ky_hieu.so} ghi trong tệp được thay "
                           "bằng số do sổ đăng ký cấp", source, line(("so_ky_hieu", "so")),
                           severity="cảnh báo"))
    written = doc.ngay_ban_hanh
    if any(value is not None and value != want for value, want in
           ((written.ngay, day.day), (written.thang, day.month), (written.nam, day.year))):
        shown = "/".join("…" if v is None else str(v)
                         for v in (written.ngay, written.thang, written.nam))
        out.append(Problem("ngay_ban_hanh", f"ngày ghi trong tệp ({shown}) được thay bằng ngày "
                           f"phát hành {day.day}/{day.month}/{day.year}", source,
                           line(("ngay_ban_hanh",)), severity="cảnh báo"))
    return out


def target_name(source: Path, entry: Entry) -> str:
    """Return the issued file's name: the YAML's name (NFC) with the number and symbol,
    "ke-hoach_05-KH-UBND.docx"."""
    stem = unicodedata.normalize("NFC", source.stem)
    return f"{stem}_{entry.so_ky_hieu.replace('/', '-')}.docx"


def issue(register: Register, source: str | os.PathLike[str], *,
          output: str | os.PathLike[str] | None = None, folder: bool = False,
          day: _dt.date | None = None, reserve: bool = False, force: bool = False,
          series: str | None = None, copies: int | None = None, note: str = "",
          template: str | os.PathLike[str] | None = None,
          profile_dirs: tuple[str | os.PathLike[str], ...] = (),
          unnamed: bool = False) -> Issued:
    """Issue the YAML document ``source`` from ``register`` and return what was done.

    ``day`` is the date of issue (today when None); ``output`` the .docx to write, or the
    folder to write into when ``folder`` (default: beside the YAML, named by
    ``target_name``); ``reserve`` keeps a number for a document signed on paper (the entry
    is recorded as ``giu-so`` and no file is written); ``series`` and ``copies`` override the
    series key and the copies count (vbhc.register.fields); ``unnamed`` issues a document
    whose signer's name is not written, with a warning (refused otherwise).

    Before a number is taken it refuses (InputError, exit 1; no number spent): a file that
    is not YAML (.docx ...), ``copies`` outside 1–``MAX_COPIES``, a date outside 1945–2200,
    an unfinished document (``vbhc.register.fields.unfinished``: ``[CẦN BỔ SUNG: …]``,
    skeleton filler, no signer's name). It warns for a date more than ``FUTURE_DAYS`` after
    today and for a number dated earlier than the number before it in its series.

    Raises the loader's InputError/ReadError, InputError for a render ``vbhc check`` calls
    wrong, RegisterRefusal (same content already issued), RegisterError (database), and the
    write errors of ``vbhc.files.write_atomic``; in each case after giving the number back or
    recording the gap as described in the module doc.
    """
    from vbhc.batch import verified_bytes
    from vbhc.files import check_regular, refuse_input_as_output, write_atomic
    from vbhc.loader import load, parse_yaml
    from vbhc.yaml_in import read_text

    path = Path(source)
    today = _dt.date.today()
    day = day or today
    warnings: list[Problem] = []
    if path.suffix.lower() in NOT_YAML:
        raise InputError([Problem("", f"phat-hanh cần tệp YAML của văn bản (.yaml), không phải "
                                  f"tệp {path.suffix}; tệp .docx chuyển sang YAML bằng `vbhc "
                                  "import`", str(path))])
    if copies is not None and not 1 <= copies <= MAX_COPIES:
        raise InputError([Problem("--so-ban", f"số lượng bản {copies} không dùng được; ghi từ 1 "
                                  f"đến {MAX_COPIES}", str(path))])
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError([Problem("--ngay", f"ngày phát hành {day:%d/%m/%Y} ngoài khoảng năm "
                                  f"{FIRST_YEAR}–{LAST_YEAR}", str(path))])
    if (day - today).days > FUTURE_DAYS:
        warnings.append(Problem("--ngay", f"ngày phát hành {day:%d/%m/%Y} sau hôm nay "
                                f"{(day - today).days} ngày; kiểm tra lại nếu gõ nhầm", str(path),
                                severity="cảnh báo"))
    check_regular(path)
    doc = load(path, warnings, profile_dirs=profile_dirs)
    _data, lines = parse_yaml(read_text(path), str(path))  # read again for the lines only
    missing = unfinished(doc)
    if unnamed:
        for item in [m for m in missing if m.startswith("nguoi_ky.ho_ten:")]:
            missing.remove(item)
            warnings.append(Problem("nguoi_ky.ho_ten", "chưa ghi họ tên người ký; phát hành "
                                    "theo --thieu-ho-ten", str(path), severity="cảnh báo"))
    if missing:
        raise InputError([Problem("", "văn bản chưa hoàn thiện, không cấp số (chưa tốn số nào); "
                                  "sửa các chỗ sau rồi phát hành lại", str(path))]
                         + [Problem("", item, str(path)) for item in missing])
    warnings += stamping_warnings(doc, day, str(path), lines.line)
    fields = entry_fields(doc, day, series=series, copies=copies, note=note,
                          source=str(path.resolve()))
    if reserve:
        entry = register.allocate(fields, "giu-so")
        return Issued(entry, None, warnings + _order_warnings(register, entry, str(path)))
    verified_bytes(stamped(doc, PROVISIONAL, day), str(path), template)  # errors before a number
    if output is not None and not folder:
        refuse_input_as_output(output, [path, template])
    entry = register.allocate(fields)
    target = (Path(output) if output is not None and not folder
              else Path(output or path.parent) / target_name(path, entry))
    written = False
    try:
        data = verified_bytes(stamped(doc, entry.so, day), str(target), template)
        write_atomic(target, data, force=force, inputs=[path, template])
        written = True
        entry = register.complete(entry.id, str(target.resolve()),
                                  hashlib.sha256(data).hexdigest())
        warnings += _order_warnings(register, entry, str(path))
    except BaseException as exc:
        if not written:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            # the database gone too: the entry stays unfinished, listed as such
            with contextlib.suppress(VbhcError):
                register.release(entry.id, f"phát hành không thành: {reason}")
        raise
    return Issued(entry, target, warnings)


def _order_warnings(register: Register, entry: Entry, source: str) -> list[Problem]:
    """Return a warning when ``entry`` is dated earlier than the number before it in its
    series ("số 03 ghi ngày sớm hơn số 02"): back-dating is allowed but never silent."""
    before = register.previous(entry)
    if before is None or before.ngay <= entry.ngay:
        return []
    return [Problem("--ngay", f"số {entry.so_ky_hieu} ghi ngày {entry.ngay:%d/%m/%Y}, sớm hơn "
                    f"số {before.so_ky_hieu} ({before.ngay:%d/%m/%Y}) cấp trước nó", source,
                    severity="cảnh báo")]
