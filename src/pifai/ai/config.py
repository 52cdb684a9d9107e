"""Settings of the optional AI layer (SPEC §14), read from ``PIFAI_AI_*`` variables.

Kept apart from :class:`pifai.core.config.Settings` so the layer stays optional: without
``PIFAI_ANTHROPIC_API_KEY`` nothing here is ever used to reach the network. The SDK's own
``ANTHROPIC_API_KEY`` is deliberately not read, so a key in the shell of a developer never
switches the AI on by surprise.

Prices are the operator's responsibility. Anthropic publishes them per million tokens at
https://platform.claude.com/docs/en/about-claude/pricing and changes them with new models;
we ship none, and a call's cost is logged only for a model whose prices are configured.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Model ids from the Claude models overview (platform.claude.com/docs/en/about-claude/
# models/overview): Sonnet for work that needs judgement, Haiku ("classification,
# extraction and routing") for the light tasks. Both are ids the pinned SDK knows.
DEFAULT_STRONG_MODEL = "claude-sonnet-5-5"
DEFAULT_LIGHT_MODEL = "claude-haiku-5-5"

# Vision limits (platform.claude.com/docs/en/build-with-claude/vision, .../pdf-support):
# an image's base64 data may not exceed 5 MB, so its raw bytes at most 3/4 of that; a
# request may not exceed 32 MB, so a PDF's raw bytes stay under 24 MB once base64-encoded.
IMAGE_MAX_BYTES = 5 * 1024 * 1024 * 3 // 4
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


class ModelPrice(BaseModel):
    """USD per million tokens for one model, as the operator copied it from the price list."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cache_write: float | None = Field(default=None, ge=0)  # 5-minute cache writes
    cache_read: float | None = Field(default=None, ge=0)  # cache hits and refreshes


class AiSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PIFAI_AI_", env_file=".env", extra="ignore", populate_by_name=True
    )

    anthropic_api_key: SecretStr | None = Field(
        default=None,
        validation_alias="PIFAI_ANTHROPIC_API_KEY",
    )
    # Another endpoint speaking the Messages API (a gateway); None = the SDK's default.
    base_url: str | None = None
    model_strong: str = DEFAULT_STRONG_MODEL
    model_light: str = DEFAULT_LIGHT_MODEL
    max_tokens: int = Field(default=4096, ge=256, le=64000)
    # Requests to the model in one task, tool calls and the final answer included.
    max_tool_turns: int = Field(default=6, ge=1, le=20)
    timeout_seconds: float = Field(default=60.0, gt=0)
    # Retries after the first attempt (overloaded, 429, 5xx, timeouts, connection errors).
    max_retries: int = Field(default=3, ge=0, le=10)
    backoff_base_seconds: float = Field(default=1.0, ge=0)
    backoff_cap_seconds: float = Field(default=30.0, ge=0)
    # A server's retry-after is honoured up to this long; longer waits degrade at once.
    retry_after_cap_seconds: float = Field(default=60.0, ge=0)
    image_max_bytes: int = Field(default=IMAGE_MAX_BYTES, gt=0, le=IMAGE_MAX_BYTES)
    document_max_bytes: int = Field(default=DOCUMENT_MAX_BYTES, gt=0, le=24 * 1024 * 1024)
    # JSON: {"<model id>": {"input": 3, "output": 15, "cache_write": 3.75, "cache_read": 0.3}}
    prices: dict[str, ModelPrice] = Field(default_factory=dict)

    @property
    def configured(self) -> bool:
        key = self.anthropic_api_key
        return key is not None and bool(key.get_secret_value().strip())


@lru_cache(maxsize=1)
def get_ai_settings() -> AiSettings:
    return AiSettings()
