"""GET /products/{id}/pif/bundle: the product's PIF bundle as a zip download."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Request, Response

from pifai.api.deps import PrincipalDep, SessionDep, SettingsDep
from pifai.bundle.export import export_product
from pifai.kit.downloads import content_disposition
from pifai.products import service as products

router = APIRouter(tags=["reports"])


@router.get(
    "/products/{product_id}/pif/bundle",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
async def bundle(
    product_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    lang: str = Query(default="zh", description="zh (default) or en"),
) -> Response:
    """Report, documents, PDFs, stored rows and a SHA-256 manifest (`pifai import` reads it)."""
    product = await products.get_product(session, principal.org_id, product_id)
    data = await export_product(
        session, request.app.state.files, settings, principal.org_id, product_id, lang=lang
    )
    return Response(
        content=data,
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition(f"PIF_{product.name}.zip"),
            "X-Content-Type-Options": "nosniff",
        },
    )
