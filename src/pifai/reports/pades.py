"""PAdES signatures on rendered PIF PDFs (SPEC §12, §13), with pyHanko.

``sign_pdf`` appends a PAdES baseline B-B signature (``/ETSI.CAdES.detached``, SHA-256) as
an incremental update, so the signed file is the rendered PDF byte for byte plus one
revision; any PDF viewer can check it. ``validate_signed_pdf`` runs pyHanko's own
validator against the trust roots given, never fetching revocation data or certificates
from the network.

Both functions block (pyHanko's synchronous entry points run their own event loop): call
them from a worker thread (``asyncio.to_thread``), never on a running event loop.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any, cast

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    PdfSignatureStatus,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

__all__ = [
    "DEFAULT_FIELD_NAME",
    "SignatureCheck",
    "SigningConfigError",
    "UnsignablePdfError",
    "sign_pdf",
    "validate_signed_pdf",
]

DEFAULT_FIELD_NAME = "PIFAI-SA-Signature"

# A signing certificate is accepted for documents when it carries either bit, as PDF
# viewers do (pyHanko alone would insist on nonRepudiation).
_SIGNER_KEY_USAGE = frozenset({"digital_signature", "non_repudiation"})

_SigningKey = (
    rsa.RSAPrivateKey
    | ec.EllipticCurvePrivateKey
    | ed25519.Ed25519PrivateKey
    | ed448.Ed448PrivateKey
    | dsa.DSAPrivateKey
)


class SigningConfigError(ValueError):
    """The configured PKCS#12 signing file cannot be used. The message names the problem
    and never contains the password or key material."""


class UnsignablePdfError(ValueError):
    """The document handed to :func:`sign_pdf` is not a PDF pyHanko can update."""


@dataclass(frozen=True)
class SignatureCheck:
    """The verdict on a PDF's (latest) signature.

    ``valid``: the signature is cryptographically sound, the signed bytes are unchanged
    and nothing was appended after signing except what the signature permits. It says
    nothing about who signed: ``trusted`` says whether the signer's certificate chains
    to one of the trust roots given (always False without trust roots). ``verified`` is
    both. ``reason`` explains the verdict in one line; ``signing_reason`` is the
    ``/Reason`` the signer wrote into the signature.
    """

    valid: bool
    intact: bool
    trusted: bool
    signer: str | None
    signed_at: dt.datetime | None
    covers_whole_document: bool
    reason: str
    signing_reason: str | None = None

    @property
    def verified(self) -> bool:
        return self.valid and self.trusted


# --- signing ----------------------------------------------------------------------------


def sign_pdf(
    pdf: bytes,
    *,
    p12: bytes,
    password: bytes | None,
    reason: str,
    location: str | None,
    signer_name: str,
    field_name: str = DEFAULT_FIELD_NAME,
) -> bytes:
    """Return ``pdf`` with a PAdES B-B signature appended in a new invisible field.

    Raises :class:`SigningConfigError` when the PKCS#12 data is unreadable, the password
    is wrong or missing, or the certificate is unusable (no key, expired, not yet
    valid), and :class:`UnsignablePdfError` when ``pdf`` cannot be read or updated.
    """
    signer = _load_signer(p12, password)
    _require_no_running_loop("sign_pdf")
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
    except Exception as exc:
        raise UnsignablePdfError(f"the document to sign is not a readable PDF: {exc}") from exc
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signer_name,
    )
    try:
        out = signers.PdfSigner(meta, signer=signer).sign_pdf(writer)
    except Exception as exc:
        raise UnsignablePdfError(f"the PDF could not be signed: {exc}") from exc
    return cast(BytesIO, out).getvalue()


def _load_signer(p12: bytes, password: bytes | None) -> signers.SimpleSigner:
    if not p12:
        raise SigningConfigError("the PKCS#12 signing file is empty")
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(p12, password)
    except (ValueError, TypeError):
        if _looks_like_pfx(p12):
            problem = "wrong password" if password else "a password is required"
            raise SigningConfigError(
                f"cannot open the PKCS#12 signing file: {problem} (or the file is damaged)"
            ) from None
        raise SigningConfigError(
            "the PKCS#12 signing file is unreadable: not a PKCS#12 (.p12/.pfx) archive"
        ) from None
    if key is None:
        raise SigningConfigError("the PKCS#12 signing file holds no private key")
    if cert is None:
        raise SigningConfigError("the PKCS#12 signing file holds no certificate for its key")
    if not isinstance(key, _SigningKey):
        raise SigningConfigError(
            f"the PKCS#12 private key type ({type(key).__name__}) cannot sign documents"
        )
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if key.public_key().public_bytes(*spki) != cert.public_key().public_bytes(*spki):
        raise SigningConfigError("the PKCS#12 certificate does not belong to its private key")
    now = dt.datetime.now(dt.UTC)
    if now < cert.not_valid_before_utc:
        raise SigningConfigError(
            f"the signing certificate is not valid before {cert.not_valid_before_utc:%Y-%m-%d}"
        )
    if now > cert.not_valid_after_utc:
        raise SigningConfigError(
            f"the signing certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}"
        )
    # SimpleCertificateStore's constructor is unannotated; give it the type it has.
    registry = cast(Callable[[], SimpleCertificateStore], SimpleCertificateStore)()
    registry.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in extra])
    return signers.SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        cert_registry=registry,
    )


def _looks_like_pfx(data: bytes) -> bool:
    """Whether ``data`` starts like a DER PFX: ``SEQUENCE { INTEGER 3, ... }``. Tells a
    wrong password apart from a file that is not PKCS#12 at all."""
    if len(data) < 8 or data[0] != 0x30:
        return False
    first = data[1]
    # Short form or BER indefinite length (0x80): the content starts at 2; long form
    # (0x81..): after the length octets.
    offset = 2 if first <= 0x80 else 2 + (first & 0x7F)
    return data[offset : offset + 3] == b"\x02\x01\x03"


def _require_no_running_loop(what: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(f"{what} blocks: call it from a worker thread (asyncio.to_thread)")


# --- validation -------------------------------------------------------------------------


def validate_signed_pdf(pdf: bytes, *, trust_roots: list[bytes] | None = None) -> SignatureCheck:
    """Validate the latest signature of ``pdf`` with pyHanko.

    ``trust_roots`` are PEM or DER certificates; the operating system's trust list is
    never used, and no revocation data is fetched. Unreadable or unsigned PDFs give
    ``valid=False`` with the reason; only unreadable trust roots raise (``ValueError``).
    """
    roots = [
        cert for index, root in enumerate(trust_roots or []) for cert in _asn1_certs(root, index)
    ]
    _require_no_running_loop("validate_signed_pdf")
    try:
        reader = PdfFileReader(BytesIO(pdf))
        signatures = cast(list[EmbeddedPdfSignature], reader.embedded_regular_signatures)
    except Exception as exc:
        return _failure(f"not a readable PDF ({type(exc).__name__}: {exc})")
    if not signatures:
        return _failure("the PDF carries no digital signature")
    embedded = signatures[-1]
    signing_reason = _signing_reason(embedded)
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(
            embedded,
            signer_validation_context=context,
            key_usage_settings=KeyUsageConstraints(key_usage=_SIGNER_KEY_USAGE),
        )
    except Exception as exc:
        return _failure(
            f"the signature could not be validated ({type(exc).__name__}: {exc})",
            signing_reason=signing_reason,
        )
    return _check_from_status(status, trust_given=bool(roots), signing_reason=signing_reason)


def _check_from_status(
    status: PdfSignatureStatus, *, trust_given: bool, signing_reason: str | None
) -> SignatureCheck:
    coverage = status.coverage
    whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    # After the signed revision, only updates the signature's DocMDP level allows.
    updates_ok = whole or (
        coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.docmdp_ok is True
    )
    valid = status.intact and status.valid and updates_ok
    trusted = status.trusted
    if not status.intact:
        reason = "the signed bytes were changed after signing (digest mismatch)"
    elif not status.valid:
        reason = "the cryptographic signature does not verify"
    elif not updates_ok:
        reason = "the document was modified after signing beyond what the signature permits"
    elif not trust_given:
        reason = "signature intact and valid; signer not checked (no trust roots given)"
    elif not trusted:
        problem = status.trust_problem_indic
        detail = f" ({problem.standard_name})" if problem is not None else ""
        reason = f"signature intact and valid, but the signer is not trusted{detail}"
    else:
        reason = "signature intact, valid and trusted"
    if valid and not whole:
        reason += "; later permitted updates are not covered"
    return SignatureCheck(
        valid=valid,
        intact=status.intact,
        trusted=trusted,
        signer=_signer_name(status),
        signed_at=_signed_at(status),
        covers_whole_document=whole,
        reason=reason,
        signing_reason=signing_reason,
    )


def _failure(reason: str, *, signing_reason: str | None = None) -> SignatureCheck:
    return SignatureCheck(
        valid=False,
        intact=False,
        trusted=False,
        signer=None,
        signed_at=None,
        covers_whole_document=False,
        reason=reason,
        signing_reason=signing_reason,
    )


def _asn1_certs(data: bytes, index: int) -> list[Any]:
    """The certificates of one trust-root entry: DER, or PEM (possibly a bundle)."""
    try:
        if b"-----BEGIN" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ValueError(f"trust root #{index + 1} is not a PEM or DER certificate") from None
    return [translate_pyca_cryptography_cert_to_asn1(cert) for cert in certs]


def _signer_name(status: PdfSignatureStatus) -> str | None:
    subject = status.signing_cert.subject
    names = subject.native
    common_name = names.get("common_name") if isinstance(names, dict) else None
    if isinstance(common_name, list):  # a multi-valued CN
        common_name = common_name[0] if common_name else None
    if isinstance(common_name, str) and common_name:
        return common_name
    human = subject.human_friendly
    return human if isinstance(human, str) and human else None


def _signed_at(status: PdfSignatureStatus) -> dt.datetime | None:
    """The timestamp token's time when there is one, else the signer's own clock."""
    if status.timestamp_validity is not None:
        return status.timestamp_validity.timestamp
    return status.signer_reported_dt


def _signing_reason(embedded: EmbeddedPdfSignature) -> str | None:
    try:
        value = embedded.sig_object.get("/Reason")
    except Exception:
        return None
    return str(value) if value is not None else None
