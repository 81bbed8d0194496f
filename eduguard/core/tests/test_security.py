"""Access hardening: headers, cookies, the CSP-clean templates, the client address behind the proxy,
and `check --deploy` with the production environment (issue 14)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory

from eduguard.core.security import Limit, client_ip
from eduguard.core.testing import PASSWORD

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client, world):
    client.force_login(world.head_teacher)
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    assert "camera=(self)" in policy and "microphone=()" in policy and "geolocation=()" in policy


@pytest.mark.django_db
def test_the_public_report_page_and_the_api_carry_them_too(client, world):
    assert "script-src 'self'" in client.get("/accounts/login/")["Content-Security-Policy"]
    api = client.get("/api/v1/schools/")
    assert api.status_code in (401, 403) and "Content-Security-Policy" in api


@pytest.mark.django_db
def test_the_csrf_cookie_is_http_only_and_same_site(client, world):
    csrf = client.get("/accounts/login/").cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_a_logged_in_session_cookie_is_http_only_and_ends_with_the_browser(client, world):
    response = client.post("/accounts/login/", {"username": "headteacher", "password": PASSWORD})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert session["expires"] == "" and session["max-age"] == ""  # a browser-session cookie


@pytest.mark.django_db
def test_htmx_gets_the_csrf_token_from_the_page_not_the_cookie(client, world):
    client.force_login(world.head_teacher)
    text = client.get("/").content.decode()
    assert re.search(r'hx-headers=\'\{"X-CSRFToken": "[^"]{20,}"\}\'', text)
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false,"allowEval":false}\'>' in text
    assert "eduguard/actions.js" in text


# --- No inline script, event handler or style in any template (the CSP would block them) --------

TEMPLATES = sorted(
    p for p in ROOT.rglob("*.html") if ".venv" not in p.parts and "node_modules" not in p.parts
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
JS_URL = re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I)


def test_it_scans_the_templates():
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "class_link.html", "rollcall.html", "trip.html", "gate_cards.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style(path):
    text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)  # comments
    problems = [
        f"{name}: {m.group(0).strip()}"
        for name, pattern in (("inline script", INLINE_SCRIPT), ("event handler", HANDLER), ("style", STYLE))
        for m in pattern.finditer(text)
    ] + [f"javascript: URL: {m.group(0)}" for m in JS_URL.finditer(text)]
    assert problems == [], "the CSP blocks these; use a static file and data- attributes (actions.js)"


def test_the_actions_script_covers_the_data_attributes_the_templates_use():
    used = set()
    for path in TEMPLATES:
        used |= set(re.findall(r"\b(data-(?:print|confirm|copy-target|copied))\b", path.read_text("utf-8")))
    script = (ROOT / "static" / "eduguard" / "actions.js").read_text("utf-8")
    assert used and all(attr in script for attr in used)


@pytest.mark.django_db
def test_swagger_ui_runs_without_inline_script_or_style(client, world):
    client.force_login(world.head_teacher)
    page = client.get("/api/docs/")
    text = page.content.decode()
    assert page.status_code == 200
    assert not INLINE_SCRIPT.search(text) and not STYLE.search(text)
    assert "eduguard/swagger_ui.css" in text
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', text).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# --- The client's address behind the bureau's proxy ---------------------------------------------


def _request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "1.2.3.4", "198.51.100.7"),  # no proxy: the header is the client's own
        (1, "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the left entry is forged
        (2, "127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "127.0.0.1", None, "127.0.0.1"),  # the proxy was bypassed
        (2, "127.0.0.1", "203.0.113.5", "127.0.0.1"),  # fewer hops than proxies
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
        (1, "127.0.0.1", "2001:db8::1", "2001:db8::1"),
        (1, "127.0.0.1", " , ", "127.0.0.1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, remote, forwarded, expected):
    settings.EDUGUARD_PROXY_COUNT = proxies
    assert client_ip(_request(remote, forwarded)) == expected


def test_a_limit_counts_per_key_and_can_be_off():
    limit = Limit(count=2, window=60)
    assert [limit.exceeded("k1") for _ in range(3)] == [False, False, True]
    assert limit.exceeded("k2") is False
    assert 1 <= limit.retry_after() <= 60
    assert not any(Limit(count=0, window=60).exceeded("k3") for _ in range(5))


# --- `check --deploy` with the production environment --------------------------------------------


def _env_file(path: Path) -> dict:
    pairs = (line.split("=", 1) for line in path.read_text("utf-8").splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, v in pairs if not k.lstrip().startswith("#")}


# deploy/eduguard.env.example as a bureau fills it in: real secrets in place of the placeholders.
PRODUCTION_ENV = _env_file(ROOT.parent / "deploy" / "eduguard.env.example") | {
    "SECRET_KEY": "k7Qw9zR2mXv4Lp8sT1nY6cB3dF0gH5jK-aZ_eU7iO2qW4rE9tY1uI3oP6aS8dF0g",
    "EDUGUARD_FIELD_KEY": "field-key-for-the-deploy-check-test-0123456789",
}


def _deploy_check(tmp_path, env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL")}
    local = {"EDUGUARD_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT.parent,
        env=base | env | local,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_environment_passes_the_deploy_checks(tmp_path):
    assert PRODUCTION_ENV["DEBUG"] == "0" and PRODUCTION_ENV["SECURE_SSL_REDIRECT"] == "1"
    done = _deploy_check(tmp_path, PRODUCTION_ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_deploy_checks_catch_a_server_left_on_plain_http(settings):
    from django.core.checks import run_checks

    settings.SECURE_SSL_REDIRECT = settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    found = {m.id for m in run_checks(include_deployment_checks=True, tags=["security"])}
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= found
