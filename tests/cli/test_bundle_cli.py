"""`pifai export` and `pifai import` as an operator runs them: an existing directory as
--out, an empty --out, a size limit, and a product id another organisation already has —
each a clear one-line error, never a traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from pifai.app import create_app
from tests.cli.test_build_options import pifai
from tests.conftest import create_sqlite_database
from tests.factories.accounts import Account, register
from tests.factories.products import create_product


@dataclass(frozen=True)
class Installation:
    """A SQLite installation in ``data_dir`` with one product that has one upload."""

    data_dir: Path
    owner: Account
    other: Account
    product_id: str

    def export(self, out: str) -> str:
        result = pifai(
            "export", self.product_id, "--org", str(self.owner.org_id), "--out", out,
            tmp=self.data_dir,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout


@pytest.fixture
async def installation(tmp_path: Path) -> AsyncIterator[Installation]:
    settings = await create_sqlite_database(tmp_path / "pifai.db")
    app = create_app(settings, configure_logs=False)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            owner, other = await register(client), await register(client)
            pid = (await create_product(client, owner, name="保濕/修護..乳霜"))["id"]
            uploaded = await client.post(
                f"/api/v1/products/{pid}/pif/upload",
                data={"item_number": "4"},
                files={"file": ("..", b"label text", "text/plain")},
                headers=owner.headers,
            )
            assert uploaded.status_code in (201, 202), uploaded.text
        yield Installation(tmp_path, owner, other, pid)
    finally:
        await app.state.db.dispose()


async def test_export_into_an_existing_directory_writes_pif_name_zip(
    installation: Installation,
) -> None:
    out = installation.data_dir / "bundles"
    out.mkdir()

    printed = installation.export(str(out))

    assert [p.name for p in out.iterdir()] == ["PIF_保濕_修護.乳霜.zip"]
    assert printed.startswith(f"wrote {out / 'PIF_保濕_修護.乳霜.zip'} (")


async def test_export_to_an_empty_out_is_a_usage_error(installation: Installation) -> None:
    result = pifai(
        "export", installation.product_id, "--org", str(installation.owner.org_id), "--out", "",
        tmp=installation.data_dir,
    )  # fmt: skip

    assert result.returncode == 2
    assert "error: --out: empty" in result.stderr and "Traceback" not in result.stderr


async def test_import_refuses_a_bundle_over_max_size_and_a_bad_max_size(
    installation: Installation,
) -> None:
    bundle = installation.data_dir / "p.zip"
    installation.export(str(bundle))

    small = pifai("import", str(bundle), "--max-size", "1K", tmp=installation.data_dir)
    bad = pifai("import", str(bundle), "--max-size", "lots", tmp=installation.data_dir)

    assert small.returncode == 1
    assert "bytes; the limit is 1024" in small.stderr and "Traceback" not in small.stderr
    assert bad.returncode == 2
    assert "error: --max-size: 'lots' is not a size" in bad.stderr


async def test_import_into_another_organisation_of_an_existing_product_is_a_clear_error(
    installation: Installation,
) -> None:
    bundle = installation.data_dir / "p.zip"
    installation.export(str(bundle))

    result = pifai(
        "import", str(bundle), "--org", str(installation.other.org_id), tmp=installation.data_dir
    )

    assert result.returncode == 1
    assert result.stderr == (
        f"error: {bundle}: product {installation.product_id} already exists in another "
        "organisation of this installation (a product keeps its id when imported); "
        "nothing was imported\n"
    )
    assert not (installation.data_dir / "files" / str(installation.other.org_id)).exists()
