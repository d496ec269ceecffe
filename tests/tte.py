"""Test helper that signs a PDF electronically, as a TTE does: a signature field whose value
is a detached PKCS#7 (CMS) signature over the file's byte ranges, made offline with a
throw-away certificate authority and a signer certificate naming the official."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pikepdf
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

CONTENTS_BYTES = 8192
_WIDE = 9_999_999_999
"""A placeholder as wide as any real offset, so filling in the byte ranges moves nothing."""


def _certificate(
    subject: str,
    issuer: str,
    key: ec.EllipticCurvePrivateKey,
    signer: ec.EllipticCurvePrivateKey,
    ca: bool,
) -> x509.Certificate:
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(signer, hashes.SHA256())
    )


def tte_sign(source: Path, target: Path, signer_name: str) -> None:
    """Copy ``source`` to ``target`` with one PDF signature by ``signer_name`` (the common
    name of the signer's certificate, issued by a test CA named "BSrE Uji")."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("BSrE Uji", "BSrE Uji", ca_key, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _certificate(signer_name, "BSrE Uji", key, ca_key, ca=False)

    with pikepdf.open(source) as pdf:
        page = pdf.pages[0]
        value = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Sig,
                Filter=pikepdf.Name("/Adobe.PPKLite"),
                SubFilter=pikepdf.Name("/adbe.pkcs7.detached"),
                ByteRange=pikepdf.Array([0, _WIDE, _WIDE, _WIDE]),
                Contents=pikepdf.String(b"\0" * CONTENTS_BYTES),
                Name=pikepdf.String(signer_name),
                M=pikepdf.String("D:20240122090000+08'00'"),
            )
        )
        field = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                FT=pikepdf.Name.Sig,
                T=pikepdf.String("TTE 1"),
                V=value,
                F=132,
                Rect=pikepdf.Array([0, 0, 0, 0]),
                P=page.obj,
            )
        )
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([*page.obj.get("/Annots", []), field]))
        pdf.Root.AcroForm = pdf.make_indirect(
            pikepdf.Dictionary(Fields=pikepdf.Array([field]), SigFlags=3)
        )
        pdf.save(target, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=True)

    data = bytearray(target.read_bytes())
    contents = re.search(rb"/Contents\s*<(0+)>", data)
    assert contents is not None and len(contents.group(1)) == 2 * CONTENTS_BYTES
    start, end = contents.start(1) - 1, contents.end(1) + 1  # the hex string with its <>
    placeholder = re.search(rb"\[\s*0\s+9999999999\s+9999999999\s+9999999999\s*\]", data)
    assert placeholder is not None
    ranges = f"[0 {start} {end} {len(data) - end}]".encode()
    width = placeholder.end() - placeholder.start()
    data[placeholder.start() : placeholder.end()] = ranges.ljust(width)
    signed = bytes(data[:start] + data[end:])
    der = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(signed)
        .add_signer(certificate, key, hashes.SHA256())
        .add_certificate(ca)
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )
    assert len(der) <= CONTENTS_BYTES
    data[start + 1 : end - 1] = der.hex().upper().encode().ljust(2 * CONTENTS_BYTES, b"0")
    target.write_bytes(bytes(data))
