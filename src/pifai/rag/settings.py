"""``PIFAI_RAG_*``: where the central knowledge base service is and who we are to it.

Its own settings class, so the RAG client can be configured (and tested) without touching
the application's settings. Nothing is sent unless base URL, API key and tenant are all set.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class RagSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PIFAI_RAG_", env_file=".env", extra="ignore")

    base_url: str | None = None  # e.g. https://rag.example.com/api/v1
    api_key: SecretStr | None = None  # sent as X-RAG-API-Key
    tenant_id: str | None = None  # sent as X-Tenant-ID (the service answers 400 without it)
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    @field_validator("base_url", "tenant_id", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("api_key", mode="before")
    @classmethod
    def _blank_key_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("base_url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("PIFAI_RAG_BASE_URL must be an http(s) URL")
        return value.rstrip("/") if value else value

    @property
    def configured(self) -> bool:
        """All three are needed: a request without any of them is refused by the service."""
        return bool(
            self.base_url and self.api_key and self.api_key.get_secret_value() and self.tenant_id
        )


@lru_cache(maxsize=1)
def get_rag_settings() -> RagSettings:
    return RagSettings()
