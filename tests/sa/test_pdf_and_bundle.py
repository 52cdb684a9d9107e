"""The PIF PDF through the API (SPEC §13, §17) and the bundle round trip: a signed V1
still prints its own formula after the formula changed, rendered PDFs are served from the
cache by state, and export → import into an empty database → export gives the same
manifest."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import httpx

from pifai.bundle.export import export_product
from pifai.bundle.importer import import_bundle
from pifai.core.database import Database
from pifai.files.service import FileServices
from tests.conftest import create_sqlite_database
from tests.factories.accounts import Account, register
from tests.factories.products import create_product
from tests.factories.sa import (
    FORMULA,
    clean_pif,
    days,
    enrol,
    join_as_sa,
    mark_reviewed,
    upload_formula,
)
from tests.factories.tasks import poll_task
from tests.reports.pdf_text import needs_poppler, pdf_text
from tests.sa.conftest import SaHarness

NEW_FORMULA = FORMULA.replace(b"Aqua,80", b"Aqua,78") + b"Niacinamide,2\n"


async def _pdf(client: httpx.AsyncClient, owner: Account, url: str) -> bytes:
    """GET a regulatory-pdf route: 202 and a task the first time, then 200 with the PDF."""
    first = await client.get(url, headers=owner.headers)
    if first.status_code == 202:
        task = await poll_task(client, owner.headers, first.headers["Location"])
        assert task["status"] == "done", task.get("error")
        first = await client.get(url, headers=owner.headers)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in first.headers["content-disposition"]
    assert first.content.startswith(b"%PDF")
    return first.content


async def _signed_product(harness: SaHarness) -> tuple[Account, str, dict[str, Any]]:
    client = harness.client
    owner = await register(client)
    pid = (await create_product(client, owner, name="保濕修護乳霜"))["id"]
    await clean_pif(client, owner, pid)
    sa = await enrol(client, await join_as_sa(client, owner), harness.clock, days(365))
    review = (await client.post(f"/api/v1/products/{pid}/sa-review", headers=owner.headers)).json()
    signed = await client.post(
        f"/api/v1/sa/reviews/{review['id']}/sign", json={"totp_code": sa.code()}, headers=sa.headers
    )
    assert signed.status_code == 200, signed.text
    return owner, pid, signed.json()["signed"]


@needs_poppler
async def test_the_v1_pdf_keeps_the_v1_formula_after_the_formula_changed(
    harness: SaHarness,
) -> None:
    client = harness.client
    owner, pid, v1 = await _signed_product(harness)
    base = f"/api/v1/products/{pid}/pif-versions"

    generated = await client.post(f"/api/v1/products/{pid}/pif/generate", headers=owner.headers)
    assert generated.status_code == 202, generated.text
    task = await poll_task(client, owner.headers, generated.headers["Location"])
    assert task["status"] == "done", task.get("error")
    downloaded = await client.get(f"/api/v1/products/{pid}/pif/download", headers=owner.headers)
    assert downloaded.status_code == 200, downloaded.text
    assert "保濕修護乳霜" in pdf_text(downloaded.content)

    await upload_formula(client, owner, pid, NEW_FORMULA)
    await mark_reviewed(client, owner, pid)
    stale = await client.get(f"/api/v1/products/{pid}/pif/download", headers=owner.headers)
    assert stale.status_code == 404  # the current state changed: not rendered yet

    v1_text = pdf_text(await _pdf(client, owner, f"{base}/{v1['version_id']}/regulatory-pdf"))
    current_text = pdf_text(await _pdf(client, owner, f"{base}/regulatory-pdf"))
    assert "NIACINAMIDE" not in v1_text.upper()
    assert "NIACINAMIDE" in current_text.upper()
    assert "GLYCERIN" in v1_text.upper() and "GLYCERIN" in current_text.upper()
    english = pdf_text(await _pdf(client, owner, f"{base}/regulatory-pdf?lang=en"))
    assert english != current_text
    bad = await client.get(f"{base}/regulatory-pdf?lang=fr", headers=owner.headers)
    assert bad.status_code == 422


def _manifest(bundle: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    return manifest


async def test_export_import_into_an_empty_database_and_export_again(
    harness: SaHarness, tmp_path: Path
) -> None:
    client = harness.client
    owner, pid, v1 = await _signed_product(harness)
    response = await client.get(f"/api/v1/products/{pid}/pif/bundle", headers=owner.headers)
    assert response.status_code == 200, response.text
    first = response.content
    manifest = _manifest(first)
    paths = [f["path"] for f in manifest["files"]]
    assert "report.json" in paths and "pif.pdf" in paths
    assert any(p.startswith("documents/") for p in paths)  # the formula upload
    assert any(p.startswith(f"versions/V1-1-{v1['version_id']}") for p in paths)

    (tmp_path / "other").mkdir()
    settings = await create_sqlite_database(tmp_path / "other" / "pifai.db")
    other = Database(settings.resolved_database_url)
    services = FileServices.from_settings(settings)
    try:
        async with other.session(org_id=owner.org_id) as session:
            result = await import_bundle(session, services, first)
        assert str(result.product_id) == pid and result.created_org
        async with other.session(org_id=owner.org_id) as session:
            second = await export_product(
                session, services, settings, owner.org_id, result.product_id
            )
    finally:
        await other.dispose()

    again = {f["path"]: f["sha256"] for f in _manifest(second)["files"]}
    before = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert [p for p in sorted(set(before) | set(again)) if before.get(p) != again.get(p)] == []
    assert _manifest(second) == manifest
