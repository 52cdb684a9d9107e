"""Importing new official list versions: super-admin routes and `pifai lists`."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from pifai.app import create_app
from pifai.models import User
from tests.conftest import Backend
from tests.factories.accounts import Account, register

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
TFDA_PRESERVATIVES = SHARED / "taiwan_tfda/化粧品防腐劑成分名稱及使用限制資料集.csv"
ANNEX_II_2025 = SHARED / "eu_annexes/cosing_export_2025-11-11/COSING_Annex_II_v2.txt"

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not present")


@pytest.fixture
async def isolated(fresh_backend: Backend) -> AsyncIterator[httpx.AsyncClient]:
    """Imports change the lists in force for the whole database: use a database of its own."""
    app = create_app(fresh_backend.settings, configure_logs=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        c.app = app  # type: ignore[attr-defined]
        yield c
    await app.state.db.dispose()


async def _make_super_admin(client: httpx.AsyncClient, account: Account) -> None:
    db = client.app.state.db  # type: ignore[attr-defined]
    async with db.session() as session:
        await session.execute(
            update(User).where(User.id == account.user_id).values(platform_role="super_admin")
        )


async def test_only_the_operator_can_import_lists(isolated: httpx.AsyncClient) -> None:
    owner = await register(isolated)

    response = await isolated.post(
        "/api/v1/chemical-sync/tfda",
        data={"list_name": "preservatives"},
        files={"file": ("p.csv", TFDA_PRESERVATIVES.read_bytes(), "text/csv")},
        headers=owner.headers,
    )

    assert response.status_code == 403


async def test_reimporting_the_shipped_tfda_list_changes_nothing(
    isolated: httpx.AsyncClient,
) -> None:
    operator = await register(isolated)
    await _make_super_admin(isolated, operator)

    response = await isolated.post(
        "/api/v1/chemical-sync/tfda",
        data={"list_name": "preservatives"},
        files={"file": ("p.csv", TFDA_PRESERVATIVES.read_bytes(), "text/csv")},
        headers=operator.headers,
    )

    body = response.json()
    assert response.status_code == 200, body
    assert body["entries"] == 57
    assert (body["added"], body["removed"], body["changed"]) == ([], [], [])


async def test_an_older_eu_export_reports_what_it_would_take_back(
    isolated: httpx.AsyncClient,
) -> None:
    operator = await register(isolated)
    await _make_super_admin(isolated, operator)

    imported = await isolated.post(
        "/api/v1/chemical-sync/echa",
        data={"annex": "ii"},
        files={"file": ("II.txt", ANNEX_II_2025.read_bytes(), "text/csv")},
        headers=operator.headers,
    )
    status = await isolated.get("/api/v1/chemical-sync/status", headers=operator.headers)

    body = imported.json()
    assert imported.status_code == 200, body
    assert body["entries"] == 1744
    assert len(body["removed"]) - len(body["added"]) == 14  # the newer export added 14 net
    eu_ii = next(
        s for s in status.json() if (s["authority"], s["list_type"]) == ("EU", "prohibited")
    )
    assert (eu_ii["origin"], eu_ii["entries"]) == ("imported", 1744)


async def test_a_file_of_the_wrong_kind_is_refused_clearly(isolated: httpx.AsyncClient) -> None:
    operator = await register(isolated)
    await _make_super_admin(isolated, operator)

    response = await isolated.post(
        "/api/v1/chemical-sync/echa",
        data={"annex": "iii"},
        files={"file": ("x.csv", b"not,an,annex\n1,2,3\n", "text/csv")},
        headers=operator.headers,
    )

    assert response.status_code == 422
    assert "Annex III" in response.json()["error"]["message"]


def _pifai(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env.update({"PIFAI_DATA_DIR": str(data_dir), "PIFAI_LOG_LEVEL": "ERROR"})
    return subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_lists_cli_status_diff_and_import(tmp_path: Path) -> None:
    before = _pifai("lists", "status", data_dir=tmp_path)
    dry = _pifai("lists", "diff", "eu-annex-ii", str(ANNEX_II_2025), data_dir=tmp_path)
    done = _pifai("lists", "import", "eu-annex-ii", str(ANNEX_II_2025), data_dir=tmp_path)
    after = _pifai("lists", "status", data_dir=tmp_path)
    verify = _pifai("audit", "verify", data_dir=tmp_path)

    assert before.returncode == 0 and "shipped" in before.stdout
    assert "TFDA  uv_filter" in before.stdout
    assert dry.returncode == 0 and "would import 1744 entries" in dry.stdout
    assert done.returncode == 0 and "imported 1744 entries" in done.stdout
    eu_ii = next(line for line in after.stdout.splitlines() if line.startswith("EU    prohibited"))
    assert "1744" in eu_ii and "imported" in eu_ii
    assert verify.returncode == 0, verify.stderr


def test_an_export_of_another_annex_is_refused(tmp_path: Path) -> None:
    result = _pifai("lists", "import", "eu-annex-v", str(ANNEX_II_2025), data_dir=tmp_path)

    assert result.returncode == 1
    assert "Annex II, not Annex V" in result.stderr


def test_a_truncated_list_is_refused_unless_meant(tmp_path: Path) -> None:
    full = (SHARED / "taiwan_tfda/化粧品禁止使用成分資料集.csv").read_text(encoding="utf-8")
    truncated = tmp_path / "prohibited.csv"
    truncated.write_text("\n".join(full.splitlines()[:50]) + "\n", encoding="utf-8")

    refused = _pifai("lists", "import", "tfda-prohibited", str(truncated), data_dir=tmp_path)
    forced = _pifai(
        "lists", "import", "tfda-prohibited", str(truncated), "--allow-shrink", data_dir=tmp_path
    )

    assert refused.returncode == 1 and "would remove" in refused.stderr
    assert forced.returncode == 0
