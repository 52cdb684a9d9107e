"""Settings from environment variables (prefix ``PIFAI_``).

Every setting that slows tests down in production form (hashing cost, throttling windows)
is a setting, so the test suite can turn it down without code paths diverging.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from pifai.core.local_files import make_private_dir

PLACEHOLDER_SECRETS = frozenset(
    {"", "changethis", "change-me", "changeme", "secret", "dev-insecure-secret-key-change-me"}
)
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 - refused outside development
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PIFAI_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path(".pifai")

    # Database: the application URL uses a role that owns nothing (RLS applies to it);
    # the owner URL runs migrations; the admin URL (BYPASSRLS) serves audited operator reads.
    database_url: str | None = None
    database_owner_url: str | None = None
    database_admin_url: str | None = None
    db_app_role: str = "pifai_app"
    db_admin_role: str = "pifai_admin"
    db_pool_size: int = 10
    db_echo: bool = False

    secret_key: str = DEV_SECRET_KEY
    access_token_minutes: int = 15
    refresh_token_days: int = 7
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"

    # argon2id cost; the defaults follow RFC 9106's second recommended option.
    password_hash_time_cost: int = 3
    password_hash_memory_kib: int = 65536
    password_hash_parallelism: int = 4

    login_max_failures: int = 5
    login_window_minutes: int = 15
    login_max_failures_per_ip: int = 50

    # Task queue (SPEC §8). No Redis URL: an in-process runner executes the same handlers.
    redis_url: str | None = None
    queue_prefix: str = "pifai"
    worker_concurrency: int = Field(default=4, ge=1, le=256)
    # Tasks of one organisation running at once across all workers (fairness).
    org_task_concurrency: int = Field(default=4, ge=1)
    task_visibility_timeout_seconds: float = 60.0
    task_heartbeat_seconds: float = 15.0
    task_backoff_base_seconds: float = 1.0
    task_backoff_cap_seconds: float = 300.0
    # Must stay under the Redis socket timeout (5 s), or idle reads time out.
    worker_block_ms: int = Field(default=1000, ge=10, le=4000)
    worker_shutdown_grace_seconds: float = 30.0
    reconcile_interval_seconds: float = 30.0
    reconcile_after_seconds: float = 60.0
    # `pifai serve` without Redis runs tasks in its own process; off for tests that drive
    # a worker themselves.
    inprocess_worker: bool = True
    # When set, GET /metrics requires `Authorization: Bearer <token>`.
    metrics_token: str | None = None

    # Uploaded files: AES-256-GCM keys as "kid:base64" (comma-separated, the first one
    # encrypts); in development a key is generated into the data dir when none is set.
    file_encryption_keys: str | None = None
    max_upload_bytes: int = 20 * 1024 * 1024

    # PAdES signature of signed versions' PDFs (SPEC §12, §13): a PKCS#12 file holding the
    # signing certificate and key, and its password. Unset: PDFs carry the signature
    # metadata only.
    signing_p12_path: Path | None = None
    signing_p12_password: str | None = None

    # --- Email (verification, password reset, invitations) --------------------------------
    # Without an SMTP host, messages are written as .eml files to the outbox folder
    # (default <data_dir>/outbox) — the default, so nothing is ever sent by surprise.
    # Links in messages point at `public_base_url`.
    public_base_url: str = "http://127.0.0.1:8000"
    mail_from: str = "PIF AI <no-reply@localhost>"
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    outbox_dir: Path | None = None
    email_verify_token_hours: int = Field(default=48, ge=1)
    password_reset_token_minutes: int = Field(default=60, ge=5)
    invitation_days: int = Field(default=14, ge=1)

    # --- Operator ----------------------------------------------------------------------------
    # One-time secret that lets POST /admin/bootstrap create the first super-admin; refused
    # once a super-admin exists. Remove it from the environment afterwards.
    admin_bootstrap_secret: str | None = None

    max_body_bytes: int = 2 * 1024 * 1024
    log_level: str = "INFO"
    log_json: bool = True

    host: str = "127.0.0.1"
    port: int = 8000
    # Proxies whose X-Forwarded-For is believed (client address for throttling and audit).
    forwarded_allow_ips: str = "127.0.0.1"

    # --- External toxicology sources (SPEC §10 "External data") ---------------------------
    # All OFF unless configured: the assessment completes from embedded data without them.
    # Timeouts are per HTTP attempt; timeouts, HTTP 429 and 5xx get `external_retries` more
    # attempts. Results ("ok"/"not_found", never failures) are cached in `toxicology_cache`
    # for `toxicology_cache_days`, then served stale while a background refresh runs.
    pubchem_enabled: bool = False
    pubchem_base_url: str = "https://pubchem.ncbi.nlm.nih.gov/rest/pug"
    pubchem_timeout_seconds: float = Field(default=5.0, gt=0)
    # PubChem's published limit is 5 requests/second; enforced process-wide, and a setting
    # above it is refused (PubChem blocks clients that exceed it).
    pubchem_max_rps: float = Field(default=5.0, gt=0, le=5)
    echa_enabled: bool = False
    # ECHA CHEM has no documented public JSON API; the client expects the endpoint shapes
    # listed in docs/architecture.md ("External toxicology sources").
    echa_base_url: str = "https://chem.echa.europa.eu"
    echa_timeout_seconds: float = Field(default=10.0, gt=0)
    epa_enabled: bool = False
    epa_base_url: str = "https://api-ccte.epa.gov"
    # CCTE APIs require an `x-api-key` header; EPA is reported as failed without one.
    epa_api_key: str | None = None
    epa_timeout_seconds: float = Field(default=10.0, gt=0)
    external_retries: int = Field(default=1, ge=0, le=3)
    toxicology_cache_days: int = Field(default=30, ge=1)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.task_heartbeat_seconds >= self.task_visibility_timeout_seconds:
            raise ValueError(
                "PIFAI_TASK_HEARTBEAT_SECONDS must be shorter than "
                "PIFAI_TASK_VISIBILITY_TIMEOUT_SECONDS, or live tasks are redelivered"
            )
        if self.env == "development":
            if self.secret_key in PLACEHOLDER_SECRETS:
                self.secret_key = _local_development_secret(self.data_dir)
            return self
        if self.secret_key in PLACEHOLDER_SECRETS or len(self.secret_key) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"PIFAI_SECRET_KEY must be a random value of at least {MIN_SECRET_LENGTH} "
                f"characters when PIFAI_ENV={self.env}"
            )
        if self.env == "production" and self.is_postgres:
            app_user = make_url(self.resolved_database_url).username
            owner_user = make_url(self.resolved_owner_url).username
            if app_user == owner_user:
                raise ValueError(
                    "PIFAI_DATABASE_URL must use a role that does not own the tables "
                    "(row-level security does not apply to the owner's migrations role)"
                )
        if not self.file_encryption_keys and self.env == "production":
            raise ValueError(
                "PIFAI_FILE_ENCRYPTION_KEYS is required in production "
                "(e.g. k1:<32 random bytes, base64>)"
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'pifai.db').resolve()}"

    @property
    def resolved_owner_url(self) -> str:
        return self.database_owner_url or self.resolved_database_url

    @property
    def resolved_admin_url(self) -> str | None:
        if self.database_admin_url:
            return self.database_admin_url
        return None if self.is_postgres else self.resolved_database_url

    @property
    def resolved_outbox_dir(self) -> Path:
        return self.outbox_dir or self.data_dir / "outbox"

    def ensure_data_dir(self) -> Path:
        """The data directory, created 0700 when it does not exist yet."""
        make_private_dir(self.data_dir)
        return self.data_dir

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    def resolved_file_keys(self) -> str:
        """The configured file keys, or (development and tests) one kept in the data dir."""
        if self.file_encryption_keys:
            return self.file_encryption_keys
        return _local_development_secret(self.data_dir, name="file_keys", make=_new_file_key)

    @property
    def is_postgres(self) -> bool:
        return make_url(self.resolved_database_url).get_backend_name() == "postgresql"


def _new_file_key() -> str:
    return "dev1:" + base64.b64encode(secrets.token_bytes(32)).decode()


def _local_development_secret(
    data_dir: Path, *, name: str = "secret_key", make: Callable[[], str] | None = None
) -> str:
    """Development without a configured key: a random key kept beside the embedded
    database (readable by its owner only), never a constant anyone could sign with."""
    path = data_dir / name
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        make_private_dir(data_dir)
        key = make() if make else secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key)
        return key
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    except OSError:  # unwritable data dir: valid for this process only
        return make() if make else secrets.token_urlsafe(48)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
