"""``pifai demo``: migrate the embedded database, create a demo organisation and product,
print the product's 16-item status. Stands in for the main job until ``pifai build``."""

from __future__ import annotations

import asyncio
import secrets

import typer
from rich.console import Console
from rich.table import Table

from pifai.audit.service import RequestMeta
from pifai.auth import service as auth
from pifai.auth.principal import Principal
from pifai.auth.schemas import RegisterRequest
from pifai.core.config import Settings, get_settings
from pifai.core.database import Database
from pifai.migrations.runner import migrate as run_migrations
from pifai.models.enums import MembershipRole, OrgType
from pifai.pif import repository as pif_repo
from pifai.pif import service as pif
from pifai.pif.schemas import ItemSummary, ItemUpdate
from pifai.products import service as products
from pifai.products.schemas import ProductCreate

DEMO_PRODUCT = ProductCreate(
    name="保濕修護乳霜",
    name_en="Moisture Repair Cream",
    category="skin care",
    dosage_form="cream",
    product_type="face_cream",
    intended_use="Daily moisturising cream for the face",
    manufacturer_name="Demo OEM Co., Ltd.",
    manufacturer_address="No. 1, Demo Rd., Taoyuan City, Taiwan",
)


async def _run(settings: Settings) -> tuple[str, list[ItemSummary]]:
    await run_migrations(settings)
    db = Database(settings.resolved_database_url)
    meta = RequestMeta(ip="127.0.0.1", user_agent="pifai demo")
    try:
        async with db.session() as session:
            email = f"demo-{secrets.token_hex(4)}@example.com"
            reg = await auth.register(
                session,
                settings,
                RegisterRequest(
                    email=email,
                    password=secrets.token_urlsafe(18),
                    org_name="Demo Cosmetics Ltd.",
                    org_type=OrgType.BRAND,
                ),
                meta,
            )
            principal = Principal(reg.user_id, reg.org_id, MembershipRole.OWNER, email)
            product = await products.create_product(session, principal, DEMO_PRODUCT, meta)
            basic = DEMO_PRODUCT.model_dump(mode="json", exclude_none=True)
            basic["name_zh"] = basic.pop("name")  # item 1 names the product in Chinese
            await pif.update_item(
                session, principal, product.id, 1, ItemUpdate(data=basic, status=None), meta
            )
            docs = await pif_repo.list_items_for_org(session, principal.org_id, product.id)
            return product.name, [pif.summary(d) for d in docs]
    finally:
        await db.dispose()


def demo() -> None:
    """Create a demo organisation and product in the embedded database; show its 16 items."""
    settings = get_settings()
    settings.ensure_data_dir()
    name, items = asyncio.run(_run(settings))
    table = Table(title=f"PIF status — {name}")
    for column in ("#", "Item", "項目", "Stage", "Status"):
        table.add_column(column)
    for item in items:
        table.add_row(
            str(item.number), item.title_en, item.title_zh, item.stage.value, item.status.value
        )
    Console().print(table)
    typer.echo(f"database: {settings.resolved_database_url}")
