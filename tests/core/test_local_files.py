"""The embedded deployment's files are readable by the service's user only: the data
directory 0700, the SQLite database (and its WAL files) 0600."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.core.local_files import prepare_sqlite_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual default, under which files came out 0644
    yield
    os.umask(previous)


async def test_the_embedded_database_and_its_data_dir_are_private(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    db = Database(settings.resolved_database_url)
    async with db.session() as session:
        await session.execute(text("CREATE TABLE t (x INTEGER)"))
        await session.execute(text("INSERT INTO t VALUES (1)"))
    await db.dispose()

    files = sorted(p.name for p in settings.data_dir.iterdir())
    assert "pifai.db" in files
    assert _mode(settings.data_dir) == 0o700
    assert {name: _mode(settings.data_dir / name) for name in files} == dict.fromkeys(files, 0o600)


def test_the_development_keys_create_the_data_dir_private(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "keys")  # type: ignore[call-arg]

    settings.resolved_file_keys()

    assert _mode(settings.data_dir) == 0o700
    assert _mode(settings.data_dir / "file_keys") == 0o600


def test_an_existing_world_readable_database_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.write_bytes(b"")
    path.chmod(0o644)

    prepare_sqlite_file(str(path))

    assert _mode(path) == 0o600


def test_an_existing_data_dir_is_left_as_it_is(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)

    Settings(_env_file=None, data_dir=tmp_path).ensure_data_dir()  # type: ignore[call-arg]

    assert _mode(tmp_path) == 0o755
