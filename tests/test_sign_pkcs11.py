"""`vbhc ky --pkcs11` (issue 20): signing with a key that never leaves a PKCS#11 token, as
with the USB tokens of Vietnamese CAs; SoftHSM (Debian's softhsm2) stands in for the token.

A token is made in a temporary SoftHSM store, the throwaway CA's signer key and certificate
are put on it, and ``vbhc ky`` signs through the module with the PIN from VBHC_PIN; the
signature validates against the CA; a wrong PIN is a Vietnamese message, exit 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)

from tests.conftest import ROOT
from tools.test_ca import DEFAULT_PASS, make_ca

pytestmark = pytest.mark.slow
MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so")
IMPORT_CERT = """
import sys, pkcs11
from pkcs11 import Attribute, CertificateType, ObjectClass
from cryptography import x509
der = open(sys.argv[2], "rb").read()
cert = x509.load_der_x509_certificate(der)
token = pkcs11.lib(sys.argv[1]).get_token(token_label="vbhc")
with token.open(rw=True, user_pin="1234") as session:
    session.create_object({
        Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.VALUE: der, Attribute.SUBJECT: cert.subject.public_bytes(),
        Attribute.ISSUER: cert.issuer.public_bytes(),
        Attribute.SERIAL_NUMBER: cert.serial_number.to_bytes(20, "big"),
        Attribute.LABEL: "nguoi-ky", Attribute.ID: b"\\x01", Attribute.TOKEN: True})
"""


def softhsm() -> tuple[str, str]:
    """Return (softhsm2-util, module), or skip (fail on CI, where .ci/run installs it)."""
    tool = shutil.which("softhsm2-util")
    module = next((m for m in MODULES if Path(m).is_file()), None)
    if tool and module:
        return tool, module
    if os.environ.get("CI"):
        pytest.fail("softhsm2 phải được cài trên CI: xem .ci/run")
    pytest.skip("chưa cài softhsm2")


def test_sign_with_a_pkcs11_token(tmp_path: Path) -> None:
    tool, module = softhsm()
    ca = make_ca(tmp_path / "ca")
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n", "utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "SOFTHSM2_CONF": str(conf)}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=120,
                              cwd=ROOT, check=False, stdin=subprocess.DEVNULL,
                              env={**env, **extra})

    key, cert, _ = pkcs12.load_key_and_certificates(ca["nguoi-ky"].read_bytes(),
                                                    DEFAULT_PASS.encode())
    (tmp_path / "key.pem").write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8,
                                                         NoEncryption()))
    (tmp_path / "cert.der").write_bytes(cert.public_bytes(Encoding.DER))
    for step in ([tool, "--init-token", "--free", "--label", "vbhc", "--pin", "1234",
                  "--so-pin", "5678"],
                 [tool, "--import", str(tmp_path / "key.pem"), "--token", "vbhc", "--label",
                  "nguoi-ky", "--id", "01", "--pin", "1234"],
                 [sys.executable, "-c", IMPORT_CERT, module, str(tmp_path / "cert.der")]):
        done = run(*step)
        assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "key.pem").unlink()
    source = tmp_path / "vb.pdf"
    source.write_bytes(minimal_signable_pdf())
    vbhc = [sys.executable, "-m", "vbhc", "ky", str(source), "--pkcs11", module,
            "--token", "vbhc", "--khoa", "nguoi-ky", "--vai", "dinh-kem",
            "--so-ky-hieu", "12/BC-UBND"]
    done = run(*vbhc, VBHC_PIN="1234")
    assert done.returncode == 0, done.stderr
    checked = run(sys.executable, "-m", "vbhc", "ky", "--kiem-tra",
                  str(tmp_path / "vb-da-ky.pdf"), "--tin-cay", str(ca["ca"]))
    assert checked.returncode == 0 and "Nguyễn Văn Mẫu" in checked.stdout, checked.stdout
    wrong = run(*vbhc, "-o", str(tmp_path / "sai.pdf"), VBHC_PIN="0000")
    assert wrong.returncode == 1 and "mã PIN" in wrong.stderr and "Traceback" not in wrong.stderr


def minimal_signable_pdf() -> bytes:
    """Return a one-page A4 PDF (pikepdf), enough for an attachment signature."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595.3, 841.9))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
