"""PDF through LibreOffice: one headless process converts a whole batch, in a profile of
its own so a clerk's open LibreOffice window neither blocks nor is disturbed by it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from vbhc.errors import OutputExistsError, VbhcError

SOFFICE_ENV = "VBHC_SOFFICE"
TIMEOUT_PER_FILE = 60  # seconds; a batch gets this per document, at least two minutes
_BASEFONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9#,\-]+)")


class LibreOfficeMissingError(VbhcError):
    """LibreOffice is not installed: the .docx files are written, the PDFs are not."""


def find_soffice() -> str | None:
    """Return the LibreOffice binary: $VBHC_SOFFICE, else soffice/libreoffice on PATH."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def serif_font() -> str:
    """Return the font LibreOffice will print Times New Roman text with on this machine."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        done = subprocess.run([fc_list, ":family=Times New Roman"], capture_output=True,
                              text=True, check=False)
        if done.stdout.strip():
            return "Times New Roman"
    return "Liberation Serif"


def _stamp_font(docx: Path, target: Path, font: str) -> None:
    """Copy ``docx`` to ``target`` with the print font named in its subject, which
    LibreOffice carries into the PDF's document information (Subject)."""
    note = f"Phông chữ in: {font}"
    if font != "Times New Roman":
        note += " (cùng kích thước chữ với Times New Roman, máy này chưa cài Times New Roman)"
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _with_subject(data, note)
            dst.writestr(info, data)


def _with_subject(core: bytes, note: str) -> bytes:
    from xml.sax.saxutils import escape

    text = core.decode("utf-8")
    text = re.sub(r"<dc:subject>.*?</dc:subject>", "", text, flags=re.DOTALL)
    return text.replace("</cp:coreProperties>",
                        f"<dc:subject>{escape(note)}</dc:subject></cp:coreProperties>"
                        ).encode("utf-8")


def convert(docx_files: list[Path], *, force: bool = False) -> tuple[list[Path], str]:
    """Write ``X.pdf`` beside each ``X.docx`` with one LibreOffice process; return the PDFs
    and the font they are printed in. Each PDF appears whole (renamed into place)."""
    binary = find_soffice()
    if binary is None:
        raise LibreOfficeMissingError(
            "chưa cài LibreOffice nên chưa tạo được PDF (tệp .docx vẫn đã được ghi). "
            "Cài gói libreoffice-writer-nogui (Debian/Ubuntu) hoặc LibreOffice, hoặc đặt "
            f"{SOFFICE_ENV} trỏ tới chương trình soffice."
        )
    targets = [docx.with_suffix(".pdf") for docx in docx_files]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise OutputExistsError(f"tệp {existing[0]} đã có; dùng --force để ghi đè")
    font = serif_font()
    with tempfile.TemporaryDirectory(prefix="vbhc-pdf-") as work:
        work_dir = Path(work)
        inputs = []
        for i, docx in enumerate(docx_files):
            staged = work_dir / "vao" / f"{i:05d}.docx"
            staged.parent.mkdir(exist_ok=True)
            _stamp_font(docx, staged, font)
            inputs.append(staged)
        done = subprocess.run(
            [binary, f"-env:UserInstallation={(work_dir / 'ho-so').as_uri()}", "--headless",
             "--norestore", "--nologo", "--convert-to", "pdf", "--outdir",
             str(work_dir / "ra"), *map(str, inputs)],
            capture_output=True, text=True, check=False,
            timeout=max(120, TIMEOUT_PER_FILE * len(inputs)),
        )
        produced = [work_dir / "ra" / f"{staged.stem}.pdf" for staged in inputs]
        missing = [docx for docx, pdf in zip(docx_files, produced, strict=True)
                   if not pdf.is_file()]
        if done.returncode != 0 or missing:
            names = ", ".join(str(m) for m in missing) or "(không rõ)"
            raise VbhcError(f"LibreOffice không chuyển được sang PDF: {names} "
                            f"(mã {done.returncode}) {done.stderr.strip()[:200]}")
        for pdf, target in zip(produced, targets, strict=True):
            temp = target.with_name(f".{target.name}.tmp")
            shutil.move(str(pdf), temp)
            os.replace(temp, target)
    return targets, font


def pdf_fonts(pdf: Path) -> list[str]:
    """Return the font names a PDF embeds or references (its /BaseFont entries)."""
    names = {m.group(1).decode("latin-1") for m in _BASEFONT.finditer(pdf.read_bytes())}
    return sorted(names)
