"""No Docker engine runs here, so the deployment files are checked as data: the services,
commands and environment a web/worker deployment on PostgreSQL and Redis needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pifai.cli.main import app as cli

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_ENV = {
    "PIFAI_ENV",
    "PIFAI_SECRET_KEY",
    "PIFAI_DATABASE_URL",
    "PIFAI_DATABASE_ADMIN_URL",
    "PIFAI_REDIS_URL",
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def _cli_commands() -> set[str]:
    names = {c.name for c in cli.registered_commands}
    names |= {g.name for g in cli.registered_groups}
    return {n for n in names if n}


def test_the_stack_has_web_worker_postgres_redis_and_a_migration_step(
    compose: dict[str, Any],
) -> None:
    assert {"db", "redis", "migrate", "web", "worker"} <= set(compose["services"])
    assert compose["services"]["db"]["image"].startswith("postgres:")
    assert compose["services"]["redis"]["image"].startswith("redis:")


def test_web_and_worker_run_real_commands_and_scale_independently(
    compose: dict[str, Any],
) -> None:
    web, worker = compose["services"]["web"], compose["services"]["worker"]

    assert web["command"][0] == "serve" and worker["command"][0] == "worker"
    assert {web["command"][0], worker["command"][0]} <= _cli_commands()
    assert web["deploy"]["replicas"] >= 2 and worker["deploy"]["replicas"] >= 2
    assert "--no-migrate" in web["command"]  # migrations run once, in `migrate`


@pytest.mark.parametrize("service", ["web", "worker", "migrate"])
def test_app_services_get_the_settings_they_need(compose: dict[str, Any], service: str) -> None:
    env = compose["services"][service]["environment"]

    assert set(env) >= REQUIRED_ENV
    assert env["PIFAI_ENV"] == "production"
    assert env["PIFAI_DATABASE_URL"].startswith("postgresql+asyncpg://pifai_app:")
    assert env["PIFAI_REDIS_URL"].startswith("redis://redis:")


def test_app_and_owner_roles_differ(compose: dict[str, Any]) -> None:
    env = compose["services"]["migrate"]["environment"]

    assert "pifai_owner" in env["PIFAI_DATABASE_OWNER_URL"]
    assert "pifai_owner" not in env["PIFAI_DATABASE_URL"]


def test_migrations_run_before_web_and_worker(compose: dict[str, Any]) -> None:
    migrate = compose["services"]["migrate"]
    for service in ("web", "worker"):
        depends = compose["services"][service]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert "pifai migrate" in " ".join(migrate["entrypoint"])


def test_redis_never_evicts_the_queue(compose: dict[str, Any]) -> None:
    command = compose["services"]["redis"]["command"]

    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_workers_get_time_to_finish_on_shutdown(compose: dict[str, Any]) -> None:
    grace = compose["services"]["worker"]["stop_grace_period"]

    assert grace.endswith("s") and int(grace[:-1]) >= 120


def test_the_image_runs_the_pifai_command() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert 'ENTRYPOINT ["pifai"]' in dockerfile
    assert "pip install ." in dockerfile
