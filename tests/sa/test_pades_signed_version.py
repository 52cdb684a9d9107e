"""PAdES on a signed version served by the API (issue 8, must-show 5): with a PKCS#12
certificate configured, the regulatory PDF of a signed version carries a signature that
pyHanko's own validator accepts and that fails once one byte of the PDF changes; the
current (unsigned) state's PDF carries none."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from pifai.app import create_app
from pifai.reports.pades import SignatureCheck, validate_signed_pdf
from tests.conftest import Backend
from tests.factories.sa import Clock, use_clock
from tests.reports.pki import P12_PASSWORD, Pki, make_pki
from tests.sa.conftest import SaHarness
from tests.sa.test_pdf_and_bundle import _pdf, _signed_product


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture
async def signing_harness(backend: Backend, pki: Pki, tmp_path: Path) -> AsyncIterator[SaHarness]:
    p12 = tmp_path / "signer.p12"
    p12.write_bytes(pki.p12)
    settings = backend.settings.model_copy(
        update={
            "redis_url": None,
            "worker_block_ms": 50,
            "reconcile_interval_seconds": 0.5,
            "signing_p12_path": p12,
            "signing_p12_password": P12_PASSWORD.decode(),
        }
    )
    application = create_app(settings, configure_logs=False)
    clock = Clock()
    use_clock(application, clock)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("203.0.113.7", 50000))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers={"User-Agent": "pytest-sa/1"}
        ) as client:
            yield SaHarness(application, client, clock)


def _flip_inside_signed_range(pdf: bytes) -> bytes:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert match is not None, "the PDF has no signature byte range"
    start, length = int(match.group(1)), int(match.group(2))
    offset = start + length // 2  # inside the rendered report, well before the signature
    changed = bytearray(pdf)
    changed[offset] ^= 0x01
    return bytes(changed)


async def test_the_signed_version_pdf_validates_and_one_changed_byte_breaks_it(
    signing_harness: SaHarness, pki: Pki
) -> None:
    client = signing_harness.client
    owner, pid, v1 = await _signed_product(signing_harness)
    base = f"/api/v1/products/{pid}/pif-versions"

    signed_pdf = await _pdf(client, owner, f"{base}/{v1['version_id']}/regulatory-pdf")
    check = await _validate(signed_pdf, pki)
    assert check.valid and check.intact and check.trusted, check.reason
    assert check.covers_whole_document

    broken = await _validate(_flip_inside_signed_range(signed_pdf), pki)
    assert not broken.valid and not broken.intact

    current = await _pdf(client, owner, f"{base}/regulatory-pdf")
    unsigned = await _validate(current, pki)
    assert not unsigned.valid, unsigned.reason


async def _validate(pdf: bytes, pki: Pki) -> SignatureCheck:
    return await asyncio.to_thread(validate_signed_pdf, pdf, trust_roots=[pki.root_pem])
