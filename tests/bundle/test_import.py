"""Importing bundles that are wrong in the ways a tamperer or an old export could make them:
each is refused with the file, row and field named, nothing of it stays in the database or
on disk, and a safe export is made of rows stored with unsafe names."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from pifai.bundle.importer import import_bundle
from pifai.bundle.manifest import BundleError
from pifai.bundle.reader import path_problem
from pifai.core.database import Database
from pifai.files.service import FileServices
from pifai.models import Product, UploadedFile
from tests.bundle.bundles import bundle_of, edit_json, rewritten, unpacked
from tests.conftest import Backend
from tests.factories.accounts import Account, register
from tests.factories.products import create_product


@dataclass
class Target:
    """An empty database of the test's backend to import into."""

    db: Database
    services: FileServices
    files_dir: Path

    async def import_(self, bundle: bytes, org_id: uuid.UUID) -> str:
        """Why the import of ``bundle`` into ``org_id`` is refused."""
        with pytest.raises(BundleError) as refused:
            async with self.db.session(org_id=org_id) as session:
                await import_bundle(session, self.services, bundle)
        return str(refused.value)

    async def products(self, org_id: uuid.UUID) -> list[Product]:
        async with self.db.session(org_id=org_id) as session:
            return list((await session.execute(select(Product))).scalars())

    def stored_files(self) -> list[Path]:
        return [p for p in self.files_dir.rglob("*") if p.is_file()]


@pytest.fixture
async def target(fresh_backend: Backend) -> AsyncIterator[Target]:
    settings = fresh_backend.settings
    db = Database(settings.resolved_database_url)
    try:
        yield Target(db, FileServices.from_settings(settings), settings.files_dir)
    finally:
        await db.dispose()


async def _bundle(client: httpx.AsyncClient, owner: Account, pid: str) -> bytes:
    response = await client.get(f"/api/v1/products/{pid}/pif/bundle", headers=owner.headers)
    assert response.status_code == 200, response.text
    return response.content


async def _product(client: httpx.AsyncClient, *, name: str = "標籤.txt") -> tuple[Account, str]:
    """A product with one uploaded document and a saved (unsigned) version."""
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    uploaded = await client.post(
        f"/api/v1/products/{pid}/pif/upload",
        data={"item_number": "4"},
        files={"file": (name, "標籤文字".encode(), "text/plain")},
        headers=owner.headers,
    )
    assert uploaded.status_code in (201, 202), uploaded.text
    saved = await client.post(
        f"/api/v1/products/{pid}/pif-versions/snapshot", headers=owner.headers
    )
    assert saved.status_code in (200, 201), saved.text
    return owner, pid


def _tampered(bundle: bytes, path: str, change: Callable[[Any], Any]) -> bytes:
    return rewritten(bundle, lambda files: edit_json(files, path, change))


async def test_a_row_stored_with_an_unsafe_name_is_bundled_safely_and_keeps_its_name(
    client: httpx.AsyncClient, app: FastAPI, target: Target
) -> None:
    owner, pid = await _product(client)
    async with app.state.db.session(org_id=owner.org_id) as session:  # stored before the fix
        await session.execute(
            update(UploadedFile)
            .where(UploadedFile.product_id == uuid.UUID(pid))
            .values(filename="..")
        )
    bundle = await _bundle(client, owner, pid)
    manifest, _ = unpacked(bundle)

    async with target.db.session(org_id=owner.org_id) as session:
        await import_bundle(session, target.services, bundle)
    async with target.db.session(org_id=owner.org_id) as session:
        names = list((await session.execute(select(UploadedFile.filename))).scalars())

    paths = [f["path"] for f in manifest["files"]]
    assert [p for p in paths if path_problem(p)] == []
    assert [p.rsplit("/", 1)[1] for p in paths if p.startswith("documents/")] == ["upload"]
    assert names == [".."]


async def test_a_product_id_taken_by_another_organisation_is_refused_and_nothing_kept(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, pid = await _product(client)
    bundle = await _bundle(client, owner, pid)
    other = await register(client)
    services: FileServices = app.state.files

    with pytest.raises(BundleError) as refused:
        async with app.state.db.session(org_id=other.org_id) as session:
            await import_bundle(session, services, bundle, org_id=other.org_id)

    assert str(refused.value) == (
        f"product {pid} already exists in another organisation of this installation "
        "(a product keeps its id when imported); nothing was imported"
    )
    assert not (app.state.settings.files_dir / str(other.org_id)).exists()


async def _other_product_id(client: httpx.AsyncClient) -> tuple[Account, str, str, bytes]:
    """A bundle whose product.json names another id than its rows (sums updated)."""
    owner, pid = await _product(client)
    other_id = str(uuid.uuid4())
    bundle = _tampered(
        await _bundle(client, owner, pid), "product.json", lambda p: {**p, "id": other_id}
    )
    return owner, pid, other_id, bundle


async def test_a_product_json_whose_id_differs_from_the_manifest_is_refused(
    client: httpx.AsyncClient, target: Target
) -> None:
    owner, pid, other_id, bundle = await _other_product_id(client)

    message = await target.import_(bundle, owner.org_id)

    assert message == (
        f"product.json: id {other_id} differs from the manifest's product_id {pid}; "
        "the bundle is not consistent"
    )
    assert await target.products(owner.org_id) == []


async def test_a_product_json_whose_id_differs_from_its_rows_is_refused_naming_the_row(
    client: httpx.AsyncClient, target: Target
) -> None:
    owner, _, other_id, tampered = await _other_product_id(client)
    bundle = bundle_of(unpacked(tampered)[1], product_id=other_id)  # the manifest agrees

    message = await target.import_(bundle, owner.org_id)

    assert message.startswith("documents.json row 1: field 'product_id': ")
    assert message.endswith(
        f"differs from the id {other_id} in product.json; the bundle is not consistent"
    )
    assert await target.products(owner.org_id) == []


async def test_a_bad_date_in_versions_json_names_the_file_row_and_field(
    client: httpx.AsyncClient, target: Target
) -> None:
    owner, pid = await _product(client)
    bundle = _tampered(
        await _bundle(client, owner, pid),
        "versions.json",
        lambda rows: [{**rows[0], "created_at": "garbage"}],
    )

    message = await target.import_(bundle, owner.org_id)

    assert message == (
        "versions.json row 1: field 'created_at': 'garbage' is not an ISO 8601 date-time"
    )


async def test_a_failed_import_leaves_no_encrypted_files_behind(
    client: httpx.AsyncClient, target: Target
) -> None:
    owner, pid = await _product(client)
    # Two rows for one item: the database refuses the second, after the documents were written.
    bundle = _tampered(
        await _bundle(client, owner, pid),
        "items.json",
        lambda rows: [*rows, {**rows[0], "id": str(uuid.uuid4())}],
    )

    message = await target.import_(bundle, owner.org_id)

    assert message.startswith("items.json: a row cannot be stored here (")
    assert target.stored_files() == []
    assert await target.products(owner.org_id) == []


async def test_a_bundle_imported_twice_is_refused_the_second_time(
    client: httpx.AsyncClient, target: Target
) -> None:
    owner, pid = await _product(client)
    bundle = await _bundle(client, owner, pid)
    async with target.db.session(org_id=owner.org_id) as session:
        await import_bundle(session, target.services, bundle)

    message = await target.import_(bundle, owner.org_id)

    assert message == f"product {pid} already exists in this organisation"
    assert len(json.loads(unpacked(bundle)[1]["documents.json"])) == 1
