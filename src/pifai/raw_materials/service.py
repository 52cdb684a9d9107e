"""Raw-material rules: one entry per name (case and width folded) per organisation; a
new breakdown for an existing name replaces it, audited."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.formulas.amounts import parse_amount
from pifai.formulas.model import Component
from pifai.formulas.totals import fold_name
from pifai.kit.errors import NotFound
from pifai.models import RawMaterial
from pifai.models.base import utcnow
from pifai.raw_materials import repository as repo
from pifai.raw_materials.schemas import ComponentOut, RawMaterialIn, RawMaterialOut


def component_dicts(components: Sequence[Component]) -> list[dict[str, Any]]:
    return [
        {"name": c.name, "cas": c.cas, "share": c.share.text, "is_impurity": c.is_impurity}
        for c in components
    ]


def components_of(material: RawMaterial) -> tuple[Component, ...]:
    return tuple(
        Component(
            name=str(c["name"]),
            share=parse_amount(c["share"]),
            cas=c.get("cas"),
            is_impurity=bool(c.get("is_impurity")),
        )
        for c in material.components
    )


def material_out(material: RawMaterial) -> RawMaterialOut:
    return RawMaterialOut(
        id=material.id,
        name=material.name,
        supplier=material.supplier,
        source=material.source,
        components=[ComponentOut(**c) for c in material.components],
        created_at=material.created_at,
        updated_at=material.updated_at,
    )


async def save(
    session: AsyncSession,
    principal: Principal,
    *,
    name: str,
    components: list[dict[str, Any]],
    supplier: str | None,
    source: str | None,
    meta: RequestMeta,
) -> tuple[RawMaterial, bool]:
    """Create or replace by name; returns the row and whether it was created."""
    key = fold_name(name)
    material = await repo.find_raw_material_for_org(session, principal.org_id, key)
    created = material is None
    if material is None:
        material = RawMaterial(
            org_id=principal.org_id,
            name=name,
            name_key=key,
            created_by=principal.user_id,
            components=components,
            supplier=supplier,
            source=source,
        )
        session.add(material)
    else:
        material.components, material.supplier, material.source = components, supplier, source
        material.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        action="raw_material.created" if created else "raw_material.updated",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"raw_material:{material.id}",
        details={"name": name, "components": len(components)},
        meta=meta,
    )
    return material, created


async def save_input(
    session: AsyncSession, principal: Principal, body: RawMaterialIn, meta: RequestMeta
) -> tuple[RawMaterial, bool]:
    components = [c.model_dump() for c in body.components]
    return await save(
        session,
        principal,
        name=body.name,
        components=components,
        supplier=body.supplier,
        source=body.source,
        meta=meta,
    )


async def library_for_org(
    session: AsyncSession, org_id: uuid.UUID
) -> dict[str, tuple[Component, ...]]:
    materials, _total = await repo.list_raw_materials_for_org(session, org_id)
    return {m.name: components_of(m) for m in materials}


async def delete(
    session: AsyncSession, principal: Principal, material_id: uuid.UUID, meta: RequestMeta
) -> None:
    material = await repo.get_raw_material_for_org(session, principal.org_id, material_id)
    if material is None:
        raise NotFound("Raw material not found")
    await session.delete(material)
    await session.flush()
    await audit.record(
        session,
        action="raw_material.deleted",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"raw_material:{material_id}",
        details={"name": material.name},
        meta=meta,
    )
