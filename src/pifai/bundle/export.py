"""Export one product as a PIF bundle: its stored rows, its documents and PDFs (decrypted),
the JSON report and PDF of the current state, and the manifest of SHA-256 sums."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.bundle import repository as repo
from pifai.bundle.manifest import MANIFEST, build, dumps
from pifai.bundle.rows import row_to_json, user_references
from pifai.core.config import Settings
from pifai.files import service as files
from pifai.files.service import FileServices
from pifai.kit.downloads import safe_filename
from pifai.kit.errors import NotFound
from pifai.models import (
    Outsourcing,
    OutsourcingItem,
    PifDocument,
    PifVersion,
    ProductIngredient,
    RenderedReport,
    SaReview,
    UploadedFile,
)
from pifai.models.base import Base
from pifai.pif.pdf import service as pdf
from pifai.pif.pdf.state import current_state, language

# Table files of the bundle, in the order an import inserts them (foreign keys first).
TABLES: tuple[tuple[str, type[Base]], ...] = (
    ("documents.json", UploadedFile),
    ("items.json", PifDocument),
    ("ingredients.json", ProductIngredient),
    ("versions.json", PifVersion),
    ("reviews.json", SaReview),
    ("rendered.json", RenderedReport),
    ("outsourcings.json", Outsourcing),
    ("outsourcing_items.json", OutsourcingItem),
)


def document_path(row: UploadedFile) -> str:
    """``documents/<id>/<name>`` with the name made safe (a row stored before uploads
    were cleaned may hold ``..``); the row itself keeps the name as stored."""
    return f"documents/{row.id}/{safe_filename(row.filename)}"


def rendered_path(row: RenderedReport) -> str:
    return f"rendered/{row.id}.pdf"


def version_path(row: PifVersion) -> str:
    return f"versions/{row.label}-{row.sequence}-{row.id}.json"


async def _current_pdf(
    session: AsyncSession,
    services: FileServices,
    settings: Settings,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    lang: str,
    as_of: date,
) -> tuple[dict[str, Any], RenderedReport]:
    """The current state's document and its PDF, rendered and kept if not cached yet."""
    state = await current_state(session, org_id, product_id, lang, as_of)
    row = await pdf.find(session, org_id, state)
    if row is None:
        rendered = await pdf.render_in_thread(state, settings)
        row = await pdf.store(session, services, org_id, state, rendered, None)
    return pdf.document_of(state), row


async def export_product(
    session: AsyncSession,
    services: FileServices,
    settings: Settings,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    *,
    lang: str = "zh",
    as_of: date | None = None,
) -> bytes:
    """The bundle (zip bytes) of one product of ``org_id``; 404 for another's product."""
    product = await repo.product_org_for_org(session, org_id, product_id)
    if product is None:
        raise NotFound("Product not found")
    document, current = await _current_pdf(
        session, services, settings, org_id, product_id, language(lang), as_of or date.today()
    )
    contents: dict[str, bytes] = {}
    rows: list[Base] = [product]
    for name, model in TABLES:
        table_rows = await repo.rows_of_product_for_org(session, model, org_id, product_id)
        rows.extend(table_rows)
        contents[name] = dumps([row_to_json(r) for r in table_rows], sort_keys=False)
        for row in table_rows:
            if isinstance(row, UploadedFile):
                _, data = await files.read_file(session, services, org_id, product_id, row.id)
                contents[document_path(row)] = data
            elif isinstance(row, RenderedReport):
                contents[rendered_path(row)] = await pdf.read(services, row)
            elif isinstance(row, PifVersion):
                contents[version_path(row)] = row.canonical_json.encode("utf-8")
    organization = await repo.organization_for_org(session, org_id)
    contents["product.json"] = dumps(row_to_json(product), sort_keys=False)
    contents["organization.json"] = dumps(
        {
            "id": str(org_id),
            "name": organization.name if organization else None,
            "type": organization.type if organization else None,
        }
    )
    users = await repo.users_by_ids(session, user_references(rows))
    contents["users.json"] = dumps(
        [{"id": str(u.id), "email": u.email, "full_name": u.full_name} for u in users]
    )
    contents["report.json"] = dumps(json.loads(json.dumps(document, default=str)), sort_keys=False)
    contents["pif.pdf"] = contents[rendered_path(current)]
    manifest = build(contents, str(product_id))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, dumps(manifest))
        for path, data in sorted(contents.items()):
            archive.writestr(path, data)
    return buffer.getvalue()
