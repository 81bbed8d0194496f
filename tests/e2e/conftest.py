"""Browser tests: the system Chromium driven by Playwright (sync API) against pytest-django's live_server.

Run with `pytest -m browser -p no:xdist` (`make test-browser`). Every page a test visits is saved as a
full-page screenshot in test-artifacts/e2e/<test-name>-<NN>-<step>.png, for a human to look at.
"""

import os
import re
from pathlib import Path

import pytest

from eduguard.core.testing import PASSWORD, build_world

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one
# unless told that this (single-threaded, test-only) use is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: apt-get install chromium (make test runs these only when it is there)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def world(transactional_db):
    """The shared test county, committed so the live server's thread can read it."""
    return build_world()


# Every page reports what the Content-Security-Policy blocked (an inline script or style, an event
# handler, a foreign source): the event to a binding, and Chromium's console line as a second witness.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__egCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _is_csp_console_message(text: str) -> bool:
    return "Content Security Policy" in text or text.startswith("Refused to")


@pytest.fixture
def csp_violations():
    """What the Content-Security-Policy blocked on the test's pages (new_page fails the test on any)."""
    return []


@pytest.fixture
def new_page(browser, csp_violations):
    """Open a page in a fresh context (own cookies) at a viewport; a Chinese phone or desktop by default.
    A test fails when any of its pages logs a Content-Security-Policy violation."""
    contexts, violations = [], csp_violations

    def watch(page):
        page.on(
            "console",
            lambda m: _is_csp_console_message(m.text) and violations.append(f"{page.url}: {m.text}"),
        )

    def open_page(viewport=DESKTOP, locale="zh-CN"):
        context = browser.new_context(viewport=viewport, locale=locale, device_scale_factor=1)
        context.set_default_timeout(10_000)
        context.expose_binding(
            "__egCspViolation", lambda source, text: violations.append(f"{source['page'].url}: {text}")
        )
        context.add_init_script(CSP_LISTENER)
        context.on("page", watch)  # pages the test opens later, and pop-ups
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def snap(request):
    """snap(page, "step") saves a full-page screenshot named after the test and the step."""
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    counter = iter(range(1, 100))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, step: str) -> Path:
        path = ARTIFACTS / f"{test_name}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(live_server, snap):
    """login(page, user) signs in through the log-in form and lands on the home page."""

    def sign_in(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", password)
        snap(page, "login")
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in
