"""Raw-material rules: one entry per name (case and width folded) per organisation; a
new breakdown for an existing name replaces it, audited."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.formulas.amounts import AmountError, parse_amount
from pifai.formulas.model import Component
from pifai.formulas.totals import fold_name
from pifai.kit.errors import InvalidInput, NotFound
from pifai.models import RawMaterial
from pifai.models.base import utcnow
from pifai.raw_materials import repository as repo
from pifai.raw_materials.schemas import ComponentOut, RawMaterialIn, RawMaterialOut

log = logging.getLogger(__name__)


MIN_BREAKDOWN_PCT = 90.0  # a breakdown must account for (nearly) all of its raw material
MAX_BREAKDOWN_PCT = 100.5  # … and not for more than all of it


def breakdown_problem(components: Sequence[Component]) -> str | None:
    """Why a breakdown cannot be used: an unreadable share, or shares that do not add up
    to the raw material (a formula sheet uploaded by mistake reads as "Glycerin = 5 %
    glycerin", which would shrink every formula's glycerin to a twentieth)."""
    if not components:
        return "no components"
    lows, highs = 0.0, 0.0
    for c in components:
        if c.share.low is None or c.share.high is None:
            return f"the share of {c.name!r} is not a number (% of the raw material)"
        if not c.is_impurity:
            lows += c.share.low
            highs += c.share.high
    if highs < MIN_BREAKDOWN_PCT:
        return f"the shares add up to at most {highs:g} %; a breakdown must cover the raw material"
    if lows > MAX_BREAKDOWN_PCT:
        return f"the shares add up to at least {lows:g} %, more than the whole raw material"
    return None


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
    parsed = tuple(
        Component(c.name, parse_amount(c.share), c.cas, c.is_impurity) for c in body.components
    )
    problem = breakdown_problem(parsed)
    if problem:
        raise InvalidInput(
            f"{body.name}: {problem}", details=[{"field": "body.components", "message": problem}]
        )
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
    """Usable breakdowns only: a stored entry that no longer reads is skipped and logged,
    never a reason for every check of the organisation to fail."""
    materials, _total = await repo.list_raw_materials_for_org(session, org_id)
    library: dict[str, tuple[Component, ...]] = {}
    for material in materials:
        try:
            components = components_of(material)
        except (AmountError, KeyError, TypeError) as exc:
            log.warning(
                "raw_material.unreadable", extra={"id": str(material.id), "error": str(exc)}
            )
            continue
        if breakdown_problem(components) is None:
            library[material.name] = components
    return library


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
