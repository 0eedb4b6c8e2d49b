"""Browser tests: Debian's Chromium, driven by Playwright, against a real `meldpunt serve`."""

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.browser.site import Site, start_site
from tests.e2e.processes import throwaway_database

CHROMIUM = os.environ.get("MELDPUNT_TEST_CHROMIUM", "/usr/bin/chromium")

# Chromium may reach loopback only: every name resolves to nothing and anything that is not
# loopback goes to a proxy port where nothing listens, so even a broken test sends no packet out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1;[::1];localhost",
]


def _chromium_or_skip() -> str:
    path = shutil.which(CHROMIUM)
    if path:
        return path
    reason = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run; every test gets its own context (cookies, storage)."""
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Site]:
    """One server for the browser tests that need no special settings; tests make their own
    accounts and reports, so they do not depend on each other."""
    with throwaway_database() as database_url:
        running = start_site(tmp_path_factory.mktemp("site"), database_url)
        try:
            yield running
        finally:
            running.stop()


FAILURES = Path(os.environ.get("MELDPUNT_TEST_SCREENSHOTS", "test-screenshots")) / "failed"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember whether the test itself failed, for the screenshot below."""
    report = yield
    if report.when == "call":
        item.failed_in_call = report.failed
    return report


def _context(chromium, site: Site, locale: str):
    context = chromium.new_context(base_url=site.url, locale=locale)
    context.set_default_timeout(30_000)  # a loaded 2-core CI machine is slow, not broken
    return context


def _close(request, contexts) -> None:
    """Close the profiles; after a failure, keep a screenshot of every page they had open."""
    failed = getattr(request.node, "failed_in_call", False)
    for number, context in enumerate(contexts):
        for tab, page in enumerate(context.pages):
            if failed:
                FAILURES.mkdir(parents=True, exist_ok=True)
                name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:120]
                page.screenshot(path=FAILURES / f"{name}-{number}-{tab}.png", full_page=True)
        context.close()


@pytest.fixture
def browser_context(request, chromium, site):
    """A fresh browser profile speaking English; `new_page` opens pages in it."""
    context = _context(chromium, site, "en-GB")
    yield context
    _close(request, [context])


@pytest.fixture
def page(browser_context):
    """One page in a fresh English-speaking profile."""
    return browser_context.new_page()


@pytest.fixture
def open_profile(request, chromium, site):
    """Open further fresh profiles in a given language: open_profile('nl-NL') -> page."""
    contexts = []

    def make(locale: str, on: Site | None = None):
        context = _context(chromium, on or site, locale)
        contexts.append(context)
        return context.new_page()

    yield make
    _close(request, contexts)
