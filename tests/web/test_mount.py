"""The interface is served by the API process without shadowing any API route."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pifai.app import create_app
from pifai.core.config import Settings
from pifai.web import STATIC_DIR


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """Synchronous on purpose: the browser tests of this folder run Playwright's own loop."""
    app = create_app(Settings(data_dir=tmp_path), configure_logs=False)  # type: ignore[call-arg]
    with TestClient(app, follow_redirects=False) as c:
        yield c


def test_pages_assets_and_api_side_by_side(client: TestClient) -> None:
    root = client.get("/")
    assert root.status_code == 307 and root.headers["location"] == "/app/"
    for path in ("/app/", "/app/products/0b6c9a8e-0000-4000-8000-000000000000/items/3"):
        page = client.get(path)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert '<script type="module" src="/static/js/main.js">' in page.text
    script = client.get("/static/js/main.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    missing = client.get("/api/v1/app")
    assert missing.status_code == 404 and "error" in missing.json()
    assert (client.get("/healthz")).json() == {"status": "ok"}
    assert "/app/{path}" not in (client.get("/api/v1/openapi.json")).text


def test_no_external_resource_and_both_dictionaries_complete() -> None:
    for path in STATIC_DIR.rglob("*"):
        if path.suffix in {".html", ".js", ".css"}:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(src|href)=\"https?://", text), path
            assert "@import url(http" not in text, path
    source = (STATIC_DIR / "js/i18n.js").read_text(encoding="utf-8")
    blocks = re.findall(r"const (zh|en) = \{(.*?)\n\};", source, re.S)
    keys = {name: set(re.findall(r"^  (\w+):", body, re.M)) for name, body in blocks}
    assert keys["zh"] == keys["en"], keys["zh"] ^ keys["en"]
    used: set[str] = set()
    for path in (STATIC_DIR / "js").glob("*.js"):
        used |= set(re.findall(r"\bt\(\"(\w+)\"[,)]", path.read_text(encoding="utf-8")))
    assert used <= keys["en"], used - keys["en"]
