from __future__ import annotations

import pytest
from pydantic import ValidationError

from pifai.core.config import Settings

STRONG = "s" * 48


@pytest.mark.parametrize("secret", ["", "changethis", "change-me", "short-but-random"])
def test_production_refuses_placeholder_or_short_secrets(secret: str) -> None:
    with pytest.raises(ValidationError, match="PIFAI_SECRET_KEY"):
        Settings(env="production", secret_key=secret)


def test_development_accepts_the_built_in_secret() -> None:
    assert Settings(env="development").secret_key


def test_production_refuses_an_app_url_that_is_the_owner() -> None:
    url = "postgresql+asyncpg://pifai_owner@db/pifai"
    with pytest.raises(ValidationError, match="does not own"):
        Settings(env="production", secret_key=STRONG, database_url=url, database_owner_url=url)


def test_settings_come_from_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIFAI_ACCESS_TOKEN_MINUTES", "7")
    monkeypatch.setenv("PIFAI_LOGIN_MAX_FAILURES", "9")

    settings = Settings()

    assert (settings.access_token_minutes, settings.login_max_failures) == (7, 9)


def test_embedded_default_is_a_sqlite_file_under_the_data_dir(tmp_path: object) -> None:
    settings = Settings(data_dir=tmp_path)  # type: ignore[arg-type]

    assert settings.resolved_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.resolved_database_url.endswith("/pifai.db")
    assert settings.is_postgres is False
