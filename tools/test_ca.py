"""A throwaway certificate authority for the tests and ``make demo`` of ``vbhc ky``.

``python tools/test_ca.py THƯ_MỤC`` writes ``ca.pem`` (the root to trust when verifying),
``nguoi-ky.p12`` (the signer, "Nguyễn Văn Mẫu") and ``co-quan.p12`` (the agency, "UBND
huyện Cao Lộc"), both protected by the passphrase in VBHC_P12_PASS (default "thu-nghiem").
Certificates valid for 30 days from now, RSA 2048, made with ``cryptography``. Never use
them for anything real: the keys sit unencrypted in no HSM and the CA is nobody's.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

DEFAULT_PASS = "thu-nghiem"


def _name(common: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca(folder: Path, passphrase: bytes = DEFAULT_PASS.encode()) -> dict[str, Path]:
    """Write the root and two signers' PKCS#12 files into ``folder``; return their paths
    by name ("ca", "nguoi-ky", "co-quan")."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("vbhc CA thử nghiệm (không dùng thật)", "vbhc thử nghiệm")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    out = {"ca": folder / "ca.pem"}
    out["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for slug, common in (("nguoi-ky", "Nguyễn Văn Mẫu"), ("co-quan", "UBND huyện Cao Lộc")):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (x509.CertificateBuilder().subject_name(_name(common, "UBND huyện Cao Lộc"))
                .issuer_name(ca_name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                             key_encipherment=False, data_encipherment=False,
                                             key_agreement=False, key_cert_sign=False,
                                             crl_sign=False, encipher_only=False,
                                             decipher_only=False), critical=True)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    ca_key.public_key()), critical=False)
                .sign(ca_key, hashes.SHA256()))
        out[slug] = folder / f"{slug}.p12"
        out[slug].write_bytes(pkcs12.serialize_key_and_certificates(
            slug.encode(), key, cert, [ca],
            serialization.BestAvailableEncryption(passphrase)))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    paths = make_ca(target, os.environ.get("VBHC_P12_PASS", DEFAULT_PASS).encode())
    print("Đã tạo CA thử nghiệm:", ", ".join(str(p) for p in paths.values()))
