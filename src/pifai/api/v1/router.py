"""Mounts every domain's routes under ``/api/v1``."""

from __future__ import annotations

from fastapi import APIRouter

from pifai.admin.endpoints import router as admin_router
from pifai.api_keys.endpoints import router as api_keys_router
from pifai.auth.endpoints import router as auth_router
from pifai.bundle.endpoints import router as bundle_router
from pifai.chemical_sync.endpoints import router as chemical_sync_router
from pifai.files.endpoints import router as files_router
from pifai.formulas.endpoints import router as formulas_router
from pifai.ingredients.endpoints import router as ingredients_router
from pifai.invitations.endpoints import router as invitations_router
from pifai.org_settings.endpoints import router as org_settings_router
from pifai.organizations.endpoints import router as organizations_router
from pifai.pif.compliance_endpoints import router as compliance_router
from pifai.pif.endpoints import router as pif_router
from pifai.pif.lint.endpoints import router as lint_router
from pifai.pif.outsourcing.endpoints import router as outsourcing_router
from pifai.pif.pdf.endpoints import router as pdf_router
from pifai.pif.versions.endpoints import router as versions_router
from pifai.products.endpoints import router as products_router
from pifai.rag.endpoints import router as rag_router
from pifai.raw_materials.endpoints import router as raw_materials_router
from pifai.sa.endpoints import router as sa_router
from pifai.tasks.endpoints import router as tasks_router
from pifai.toxicology.api.endpoints import router as toxicology_router

api_router = APIRouter(prefix="/api/v1")
for router in (
    auth_router,
    organizations_router,
    invitations_router,
    org_settings_router,
    api_keys_router,
    admin_router,
    products_router,
    # Before the item and version routers: /pif/download and /pif-versions/regulatory-pdf
    # would otherwise be read as /pif/{item_number} and /pif-versions/{version_id}.
    pdf_router,
    bundle_router,
    pif_router,
    compliance_router,
    lint_router,
    outsourcing_router,
    versions_router,
    sa_router,
    files_router,
    formulas_router,
    ingredients_router,
    toxicology_router,
    raw_materials_router,
    rag_router,
    chemical_sync_router,
    tasks_router,
):
    api_router.include_router(router)
