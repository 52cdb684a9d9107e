"""PAdES signatures on WeasyPrint PDFs (issue 8, must-show 5): a throwaway CA and signer
certificate made here, a real PDF with Chinese text, signed and checked with pyHanko's
own validator; one changed byte breaks it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest
import weasyprint
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from pifai.reports.pades import (
    SignatureCheck,
    SigningConfigError,
    UnsignablePdfError,
    sign_pdf,
    validate_signed_pdf,
)
from tests.reports.pki import P12_PASSWORD, SIGNER_NAME, Pki, make_pki

REASON = "PIF V1 signed by the Safety Assessor"
LOCATION = "Taipei"


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    html = """<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8">
    <style>@page { size: A4; margin: 2cm }
    body { font-family: "Noto Sans CJK TC", sans-serif }</style>
    </head><body>
    <h1>產品資訊檔案 PIF — 玫瑰保濕乳液</h1>
    <p>安全評估:所有成分之安全邊際值(MoS)均大於 100。</p>
    <table><tr><th>INCI</th><th>%</th></tr><tr><td>Glycerin 甘油</td><td>5.0</td></tr></table>
    </body></html>"""
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


@pytest.fixture(scope="module")
def signed_pdf(unsigned_pdf: bytes, pki: Pki) -> bytes:
    return sign_pdf(
        unsigned_pdf,
        p12=pki.p12,
        password=P12_PASSWORD,
        reason=REASON,
        location=LOCATION,
        signer_name=SIGNER_NAME,
    )


def _byte_range(pdf: bytes) -> tuple[int, int, int, int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert match is not None
    a, b, c, d = (int(g) for g in match.groups())
    return a, b, c, d


def _flip(pdf: bytes, offset: int) -> bytes:
    changed = bytearray(pdf)
    changed[offset] = changed[offset] ^ 0x01
    return bytes(changed)


def test_signed_pdf_validates_with_pyhanko(
    unsigned_pdf: bytes, signed_pdf: bytes, pki: Pki
) -> None:
    # An incremental update: the rendered PDF is kept byte for byte, the signature appended.
    assert signed_pdf.startswith(unsigned_pdf)
    assert signed_pdf.rstrip().endswith(b"%%EOF")
    assert b"/ETSI.CAdES.detached" in signed_pdf

    check = validate_signed_pdf(signed_pdf, trust_roots=[pki.root_pem])

    assert check.valid, check.reason
    assert check.intact
    assert check.trusted
    assert check.verified
    assert check.covers_whole_document
    assert check.signer == SIGNER_NAME
    assert check.signing_reason == REASON
    assert check.signed_at is not None
    assert abs(dt.datetime.now(dt.UTC) - check.signed_at) < dt.timedelta(minutes=10)
    assert check.reason == "signature intact, valid and trusted"

    # The whole file except the /Contents hole is signed.
    a, _, c, d = _byte_range(signed_pdf)
    assert a == 0
    assert c + d == len(signed_pdf)


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig not installed")
def test_an_independent_reader_agrees(signed_pdf: bytes, tmp_path: Path) -> None:
    """Poppler (NSS) as a stand-in for "any PDF viewer": the signature verifies, covers
    the whole file, and one changed byte is a digest mismatch."""
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(signed_pdf)
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(_flip(signed_pdf, 10))

    def pdfsig(path: Path) -> str:
        return subprocess.run(
            ["pdfsig", str(path)], capture_output=True, text=True, timeout=60, check=False
        ).stdout

    report = pdfsig(signed)
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report
    assert SIGNER_NAME in report
    assert "Digest Mismatch" in pdfsig(tampered)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(signed), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "玫瑰保濕乳液" in text


def test_trust_is_reported_separately(signed_pdf: bytes, pki: Pki) -> None:
    no_roots = validate_signed_pdf(signed_pdf)
    assert no_roots.valid and no_roots.intact
    assert not no_roots.trusted and not no_roots.verified
    assert "no trust roots" in no_roots.reason

    stranger = make_pki(ca_name="Unrelated Root CA")
    bundle = validate_signed_pdf(signed_pdf, trust_roots=[stranger.root_pem + pki.root_pem])
    assert bundle.verified  # a PEM bundle: every certificate in it is a root
    der = x509.load_pem_x509_certificate(pki.root_pem).public_bytes(serialization.Encoding.DER)
    assert validate_signed_pdf(signed_pdf, trust_roots=[der]).verified

    other_root = validate_signed_pdf(signed_pdf, trust_roots=[stranger.root_pem])
    assert other_root.valid and other_root.intact
    assert not other_root.trusted
    assert "not trusted" in other_root.reason


def test_one_changed_byte_inside_the_signed_range_fails(signed_pdf: bytes, pki: Pki) -> None:
    a, b, c, d = _byte_range(signed_pdf)
    reason_at = signed_pdf.index(REASON.encode(), c)  # the signature dictionary, 2nd range
    first_stream = signed_pdf.index(b"stream", 0, b) + 20  # inside a page's content
    for offset in (10, first_stream, b // 2, reason_at + 4):
        assert a <= offset < b or c <= offset < c + d
        tampered = _flip(signed_pdf, offset)
        check = validate_signed_pdf(tampered, trust_roots=[pki.root_pem])
        assert not check.valid, (offset, check)
        assert not check.intact, (offset, check)
        assert not check.verified
        # An integrity failure found by the validator, not a parse error.
        assert "digest mismatch" in check.reason, (offset, check)


def test_page_content_added_after_signing_is_not_valid(signed_pdf: bytes, pki: Pki) -> None:
    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    stream = writer.add_object(generic.StreamObject(stream_data=b"0 0 m 100 100 l S"))
    writer.add_stream_to_page(0, stream)
    out = BytesIO()
    writer.write(out)

    check = validate_signed_pdf(out.getvalue(), trust_roots=[pki.root_pem])

    assert check.intact  # the signed revision itself is untouched …
    assert not check.covers_whole_document  # … but it is no longer the whole file
    assert not check.valid
    assert "modified after signing" in check.reason


def test_unsigned_pdf_reports_no_signature(unsigned_pdf: bytes, pki: Pki) -> None:
    check = validate_signed_pdf(unsigned_pdf, trust_roots=[pki.root_pem])
    assert check == SignatureCheck(
        valid=False,
        intact=False,
        trusted=False,
        signer=None,
        signed_at=None,
        covers_whole_document=False,
        reason="the PDF carries no digital signature",
    )


@pytest.mark.parametrize(
    "garbage",
    [b"", b"not a pdf at all", b"%PDF-1.7\n1 0 obj << /Type /Catalog", b"\x00\xff" * 300],
)
def test_garbage_bytes_are_invalid_without_raising(garbage: bytes) -> None:
    check = validate_signed_pdf(garbage)
    assert not check.valid
    assert not check.intact
    assert check.reason


def test_truncated_signed_pdf_is_invalid(signed_pdf: bytes) -> None:
    check = validate_signed_pdf(signed_pdf[: len(signed_pdf) - 200])
    assert not check.valid


def test_wrong_password_raises_without_leaking_it(unsigned_pdf: bytes, pki: Pki) -> None:
    wrong = b"wrong-secret-pass-9731"
    with pytest.raises(SigningConfigError, match="wrong password") as caught:
        sign_pdf(
            unsigned_pdf,
            p12=pki.p12,
            password=wrong,
            reason=REASON,
            location=None,
            signer_name=SIGNER_NAME,
        )
    error = caught.value
    assert isinstance(error, ValueError)
    for secret in (wrong, P12_PASSWORD):
        assert secret.decode() not in str(error)
        assert secret.decode() not in repr(error)
    assert error.__cause__ is None and error.__suppress_context__


def test_missing_password_and_unreadable_p12(unsigned_pdf: bytes, pki: Pki) -> None:
    def sign(p12: bytes, password: bytes | None) -> bytes:
        return sign_pdf(
            unsigned_pdf,
            p12=p12,
            password=password,
            reason=REASON,
            location=None,
            signer_name=SIGNER_NAME,
        )

    with pytest.raises(SigningConfigError, match="password is required"):
        sign(pki.p12, None)
    with pytest.raises(SigningConfigError, match="not a PKCS#12"):
        sign(b"-----BEGIN CERTIFICATE-----\nnope\n", P12_PASSWORD)
    with pytest.raises(SigningConfigError, match="empty"):
        sign(b"", P12_PASSWORD)


def test_expired_signing_certificate_is_refused(unsigned_pdf: bytes) -> None:
    expired = make_pki(valid_days=-1)
    with pytest.raises(SigningConfigError, match="expired on"):
        sign_pdf(
            unsigned_pdf,
            p12=expired.p12,
            password=P12_PASSWORD,
            reason=REASON,
            location=None,
            signer_name=SIGNER_NAME,
        )


def test_unencrypted_p12_signs(unsigned_pdf: bytes) -> None:
    pki = make_pki(password=None)
    signed = sign_pdf(
        unsigned_pdf,
        p12=pki.p12,
        password=None,
        reason=REASON,
        location=None,
        signer_name=SIGNER_NAME,
    )
    assert validate_signed_pdf(signed, trust_roots=[pki.root_pem]).verified


def test_signing_garbage_raises_a_clear_error(pki: Pki) -> None:
    with pytest.raises(UnsignablePdfError, match="not a readable PDF"):
        sign_pdf(
            b"not a pdf",
            p12=pki.p12,
            password=P12_PASSWORD,
            reason=REASON,
            location=None,
            signer_name=SIGNER_NAME,
        )


def test_unreadable_trust_root_is_a_caller_error(signed_pdf: bytes) -> None:
    with pytest.raises(ValueError, match="trust root #1"):
        validate_signed_pdf(signed_pdf, trust_roots=[b"not a certificate"])


def test_callable_from_worker_threads(unsigned_pdf: bytes, pki: Pki) -> None:
    def sign_and_check(index: int) -> SignatureCheck:
        signed = sign_pdf(
            unsigned_pdf,
            p12=pki.p12,
            password=P12_PASSWORD,
            reason=f"{REASON} #{index}",
            location=LOCATION,
            signer_name=SIGNER_NAME,
        )
        return validate_signed_pdf(signed, trust_roots=[pki.root_pem])

    with ThreadPoolExecutor(max_workers=3) as pool:
        checks = list(pool.map(sign_and_check, range(3)))
    assert all(check.verified for check in checks)
    assert [check.signing_reason for check in checks] == [f"{REASON} #{i}" for i in range(3)]


async def test_refuses_to_block_a_running_event_loop(signed_pdf: bytes) -> None:
    with pytest.raises(RuntimeError, match="worker thread"):
        validate_signed_pdf(signed_pdf)
