from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
from fastapi import FastAPI

from pifai.app import create_app
from tests.conftest import Backend
from tests.factories.accounts import Account, register
from tests.factories.products import create_product

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def _upload(
    client: httpx.AsyncClient,
    owner: Account,
    product_id: str,
    name: str,
    data: bytes,
    item: int = 4,
) -> httpx.Response:
    return await client.post(
        f"/api/v1/products/{product_id}/pif/upload",
        data={"item_number": str(item)},
        files={"file": (name, data, "application/octet-stream")},
        headers=owner.headers,
    )


async def test_an_upload_is_stored_encrypted_and_downloads_unchanged(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    content = "標籤文字：保濕乳霜 50 mL，批號 A123".encode()

    uploaded = await _upload(client, owner, product["id"], "標籤.txt", content)
    body = uploaded.json()
    stored = Path(app.state.settings.files_dir / f"{owner.org_id}/{body['file_id']}").read_bytes()
    download = await client.get(
        f"/api/v1/products/{product['id']}/files/{body['file_id']}/download",
        headers=owner.headers,
    )

    assert uploaded.status_code == 201
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["item"]["status"] == "uploaded"
    assert content not in stored and "保濕".encode() not in stored
    assert download.status_code == 200 and download.content == content
    assert "filename*=UTF-8''%E6%A8%99" in download.headers["content-disposition"]


async def test_uploads_are_listed_for_the_product(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await _upload(client, owner, product["id"], "gmp.pdf", b"%PDF-1.4\n%%EOF\n", item=5)

    listed = await client.get(f"/api/v1/products/{product['id']}/files", headers=owner.headers)

    assert [(f["filename"], f["item_number"]) for f in listed.json()] == [("gmp.pdf", 5)]


async def test_a_binary_renamed_csv_is_refused_saying_what_it_is(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await _upload(client, owner, product["id"], "formula.csv", PNG, item=3)

    assert response.status_code == 415
    assert "named like text but its content is png" in response.json()["error"]["message"]


async def test_arbitrary_binary_content_is_refused(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await _upload(client, owner, product["id"], "blob.bin", bytes(range(256)) * 8)

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_file"


async def test_an_empty_upload_is_a_422(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await _upload(client, owner, product["id"], "empty.pdf", b"")

    assert response.status_code == 422


async def test_an_item_number_outside_1_to_16_is_a_422(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await _upload(client, owner, product["id"], "x.txt", b"hello", item=17)

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.item_number"


async def test_an_oversized_upload_is_a_json_413(backend: Backend) -> None:
    settings = backend.settings.model_copy(update={"max_upload_bytes": 1000})
    app = create_app(settings, configure_logs=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        owner = await register(c)
        product = await create_product(c, owner)
        response = await _upload(c, owner, product["id"], "big.txt", b"a" * 5000)
    await app.state.db.dispose()

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


async def test_a_tampered_stored_file_is_reported_not_served(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    body = (await _upload(client, owner, product["id"], "label.txt", b"original label")).json()
    path = Path(app.state.settings.files_dir / f"{owner.org_id}/{body['file_id']}")
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 0xFF
    path.write_bytes(bytes(blob))

    response = await client.get(
        f"/api/v1/products/{product['id']}/files/{body['file_id']}/download",
        headers=owner.headers,
    )

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "corrupt_file"


async def test_uploading_to_an_archived_product_is_refused(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    await client.delete(f"/api/v1/products/{product['id']}", headers=owner.headers)

    response = await _upload(client, owner, product["id"], "x.txt", b"hello")

    assert response.status_code == 409


async def test_an_upload_named_only_with_dots_is_stored_under_a_safe_name(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    names = []
    for name in ("..", "...", "..\\..\\", " .\u202e. ", ".pdf"):
        data = b"%PDF-1.4\n%%EOF\n" if name == ".pdf" else b"label text"
        uploaded = await _upload(client, owner, product["id"], name, data)
        assert uploaded.status_code in (201, 202), uploaded.text
        names.append(uploaded.json()["filename"])

    assert names == ["upload", "upload", "upload", "upload", "upload.pdf"]


async def test_an_upload_name_loses_folders_controls_and_excess_length(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    name = "C:\\fakepath\\..\\" + "標" * 400 + "\r\n\u202e<x>.txt"

    uploaded = await _upload(client, owner, product["id"], name, b"label text")
    stored = uploaded.json()["filename"]

    assert stored.endswith("_x_.txt") is False and stored.endswith(".txt")
    assert set(stored[:-4]) == {"標"} and len(stored.encode()) <= 240
