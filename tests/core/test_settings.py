from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from pifai.core.config import DEV_SECRET_KEY, Settings

STRONG = "s" * 48


@pytest.mark.parametrize("secret", ["", "changethis", "change-me", "short-but-random"])
def test_production_refuses_placeholder_or_short_secrets(secret: str) -> None:
    with pytest.raises(ValidationError, match="PIFAI_SECRET_KEY"):
        Settings(env="production", secret_key=secret)


def test_production_refuses_an_app_url_that_is_the_owner() -> None:
    url = "postgresql+asyncpg://pifai_owner@db/pifai"
    with pytest.raises(ValidationError, match="does not own"):
        Settings(env="production", secret_key=STRONG, database_url=url, database_owner_url=url)


def test_settings_come_from_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIFAI_ACCESS_TOKEN_MINUTES", "7")
    monkeypatch.setenv("PIFAI_LOGIN_MAX_FAILURES", "9")
    monkeypatch.setenv("PIFAI_ENV", "test")
    monkeypatch.setenv("PIFAI_SECRET_KEY", STRONG)

    settings = Settings()

    assert (settings.access_token_minutes, settings.login_max_failures) == (7, 9)


def test_embedded_default_is_a_sqlite_file_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)

    assert settings.resolved_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.resolved_database_url.endswith("/pifai.db")
    assert settings.is_postgres is False


def test_development_never_signs_with_the_public_placeholder(tmp_path: Path) -> None:
    first = Settings(env="development", data_dir=tmp_path)
    second = Settings(env="development", data_dir=tmp_path)
    other = Settings(env="development", data_dir=tmp_path / "elsewhere")

    assert first.secret_key != DEV_SECRET_KEY
    assert len(first.secret_key) >= 32
    assert second.secret_key == first.secret_key  # kept beside the embedded database
    assert other.secret_key != first.secret_key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(("field", "value"), [("worker_concurrency", 0), ("worker_block_ms", 6000)])
def test_worker_settings_that_cannot_work_are_refused(field: str, value: int) -> None:
    with pytest.raises(ValidationError, match=field):
        Settings(**{field: value})  # type: ignore[arg-type]
