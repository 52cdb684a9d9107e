"""What a PDF shows, and its fingerprint: the snapshot (current or stored), the version
history up to it, the language and the day the live lint is computed for."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.kit.errors import InvalidInput, NotFound
from pifai.models import PifVersion
from pifai.models.enums import OrgType
from pifai.organizations import repository as orgs
from pifai.pif import repository as items_repo
from pifai.pif.versions import repository as versions_repo
from pifai.pif.versions.canonical import snapshot_hash
from pifai.pif.versions.service import key_of, state_of
from pifai.products import service as products

LANGUAGES = {"zh": "zh-Hant", "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "en": "en"}


def language(value: str | None) -> str:
    """``zh`` (default, Traditional Chinese) or ``en``; anything else is a 422."""
    key = (value or "zh").strip().lower()
    if key not in LANGUAGES:
        raise InvalidInput(
            f"Unknown report language {value!r}; use zh (Traditional Chinese) or en",
            details=[{"field": "query.lang", "message": "zh or en"}],
        )
    return LANGUAGES[key]


@dataclass(frozen=True)
class ReportState:
    product_id: uuid.UUID
    version_id: uuid.UUID | None
    snapshot: dict[str, Any]
    versions: list[dict[str, Any]]
    org_type: OrgType | None
    lang: str
    as_of: date

    @property
    def fingerprint(self) -> str:
        return snapshot_hash(
            {
                "snapshot": self.snapshot,
                "versions": self.versions,
                "org_type": self.org_type.value if self.org_type else None,
                "lang": self.lang,
                "as_of": self.as_of,
            }
        )


def version_entry(row: PifVersion) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "label": row.label,
        "sequence": row.sequence,
        "created_at": row.created_at.isoformat(),
        "signed_at": row.signed_at.isoformat() if row.signed_at else None,
        "signed_by": str(row.signed_by) if row.signed_by else None,
        "signature_hash": row.signature_hash,
        "method": row.signature_method,
        "certificate_ref": row.certificate_ref,
        "locked": row.locked,
    }


async def _org_type(session: AsyncSession, org_id: uuid.UUID) -> OrgType | None:
    org = await orgs.get_organization_for_org(session, org_id)
    return OrgType(org.type) if org is not None and org.type else None


async def current_state(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, lang: str, as_of: date
) -> ReportState:
    """The product as it is now, with every signed version in its history."""
    product = await products.get_product(session, org_id, product_id)
    docs = await items_repo.list_items_for_org(session, org_id, product_id)
    rows = await versions_repo.list_versions_for_org(session, org_id, product_id)
    signed = sorted((r for r in rows if r.signed_at is not None), key=lambda r: key_of(r).rank)
    return ReportState(
        product_id=product_id,
        version_id=None,
        snapshot=json.loads(json.dumps(state_of(product, docs), default=str)),
        versions=[version_entry(r) for r in signed],
        org_type=await _org_type(session, org_id),
        lang=lang,
        as_of=as_of,
    )


async def stored_state(
    session: AsyncSession,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    version_id: uuid.UUID,
    lang: str,
) -> ReportState:
    """A stored version restored exactly: its snapshot, the history up to it, and its
    own date (the signing day, else the day it was saved) for the lint."""
    await products.get_product(session, org_id, product_id)
    row = await versions_repo.get_version_for_org(session, org_id, product_id, version_id)
    if row is None:
        raise NotFound("Version not found")
    rows = await versions_repo.list_versions_for_org(session, org_id, product_id)
    upto = key_of(row).rank
    history = sorted(
        (r for r in rows if r.signed_at is not None and key_of(r).rank <= upto),
        key=lambda r: key_of(r).rank,
    )
    if row.signed_at is None:
        history.append(row)
    when = row.signed_at or row.created_at
    return ReportState(
        product_id=product_id,
        version_id=version_id,
        snapshot=json.loads(row.canonical_json),
        versions=[version_entry(r) for r in history],
        org_type=await _org_type(session, org_id),
        lang=lang,
        as_of=when.date(),
    )
