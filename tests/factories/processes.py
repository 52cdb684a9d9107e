"""Real `pifai worker` and `pifai serve` processes, started the way production starts them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import FAST_SETTINGS, Backend
from tests.factories.tasks import REDIS_URL


def process_env(backend: Backend, prefix: str, **extra: str) -> dict[str, str]:
    s = backend.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env.update(
        {
            "PIFAI_ENV": "test",
            "PIFAI_DATA_DIR": str(s.data_dir),
            "PIFAI_SECRET_KEY": s.secret_key,
            "PIFAI_DATABASE_URL": s.resolved_database_url,
            "PIFAI_DATABASE_ADMIN_URL": s.resolved_admin_url or "",
            "PIFAI_REDIS_URL": REDIS_URL,
            "PIFAI_QUEUE_PREFIX": prefix,
            "PIFAI_TASK_VISIBILITY_TIMEOUT_SECONDS": "2",
            "PIFAI_TASK_HEARTBEAT_SECONDS": "0.5",
            "PIFAI_WORKER_BLOCK_MS": "200",
            "PIFAI_RECONCILE_INTERVAL_SECONDS": "1",
            "PIFAI_RECONCILE_AFTER_SECONDS": "5",
            "PIFAI_LOG_JSON": "true",
            "PIFAI_LOG_LEVEL": "INFO",
            "PIFAI_PASSWORD_HASH_TIME_COST": str(FAST_SETTINGS["password_hash_time_cost"]),
            "PIFAI_PASSWORD_HASH_MEMORY_KIB": str(FAST_SETTINGS["password_hash_memory_kib"]),
            "PIFAI_PASSWORD_HASH_PARALLELISM": "1",
            "PIFAI_LOGIN_MAX_FAILURES_PER_IP": "100000",
        }
    )
    env.update(extra)
    return env


def start_worker(
    env: dict[str, str], log_path: Path, concurrency: int = 4
) -> subprocess.Popen[bytes]:
    log = log_path.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "pifai.cli.main", "worker", "--concurrency", str(concurrency)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def start_web(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen[bytes]:
    log = log_path.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "pifai.cli.main", "serve", "--no-migrate", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def log_events(path: Path, event: str) -> list[dict[str, object]]:
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("message") == event:
            events.append(record)
    return events


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
