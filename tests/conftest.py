import os
import time

import pytest

# Checks shared by several test modules report their failures in full.
pytest.register_assert_rewrite("tests.pages", "tests.theme", "tests.remark")

from django.conf import settings  # noqa: E402

# Tests run with production settings (DEBUG off) but serve static files
# straight from static/ so that no collectstatic is needed between edits, and
# the test client speaks plain HTTP.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.SECURE_SSL_REDIRECT = False

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made in almost every test; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(django_user_model):
    """The owner of the decks under test."""
    return django_user_model.objects.create_user("alice", "alice@example.com", PASSWORD)


@pytest.fixture
def bob(django_user_model):
    """Another signed-in user, who owns nothing under test."""
    return django_user_model.objects.create_user("bob", "bob@example.com", PASSWORD)


@pytest.fixture
def alice_client(alice):
    """A client signed in as alice; its own instance, so it never shares a session with bob_client or client."""
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(alice)
    return signed_in


@pytest.fixture
def bob_client(bob):
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(bob)
    return signed_in


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def playwright_instance():
    """Playwright's sync API, for the whole test session.

    It keeps an asyncio event loop in the main thread, where Django then
    refuses database calls from every later test (SynchronousOnlyOperation).
    Django's documented way out for such tools is DJANGO_ALLOW_ASYNC_UNSAFE;
    it is set here for the test process only, while Playwright runs, and the
    servers under test (tests/web_server.py) never inherit it.
    """
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def running_chromium(playwright_instance):
    """Launches Chromium once per session, and again only if it has gone away."""
    launched = []

    def running():
        if not launched or not launched[-1].is_connected():
            launched.append(playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS))
        return launched[-1]

    yield running
    if launched and launched[-1].is_connected():
        launched[-1].close()


@pytest.fixture
def browser(running_chromium):
    """Debian's Chromium, headless, driven by Playwright.

    Should it crash, the test it crashed in fails, and the next one gets a
    new browser rather than an error of its own.
    """
    return running_chromium()


class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by a page."""

    def __init__(self, page):
        self.console_errors = []
        self.page_errors = []
        self.failed_requests = []
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", lambda request: self.failed_requests.append(request.url))
        page.on(
            "response",
            lambda response: response.status >= 400 and self.failed_requests.append(f"{response.status} {response.url}"),
        )


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context
    context.close()


@pytest.fixture(autouse=True)
def quiet_database_before_flush(request, django_db_blocker):
    """After a test that served requests, waits for the servers' queries to end.

    A page's last request (a preview, a poll) can still be running in a
    server when the test ends. pytest-django then empties the tables with one
    TRUNCATE, which locks them one by one, and a query that reads several of
    them in the meantime deadlocks with it. This fixture is set up after
    pytest-django's own, so it is torn down before the tables are emptied and
    after the test's own browser pages are closed.
    """
    yield
    database = request.node.get_closest_marker("django_db")
    if "live_server" in request.fixturenames or (database and database.kwargs.get("transaction")):
        with django_db_blocker.unblock():
            wait_for_server_queries_to_finish()


def wait_for_server_queries_to_finish(timeout=15):
    """Waits until no other connection to the test database is busy."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND backend_type = 'client backend' AND state <> 'idle'"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.problems = PageProblems(page)
    return page


def log_in(context, live_server, user):
    """Gives a browser context the session cookie of a signed-in user."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


@pytest.fixture(scope="session")
def collected_static_files():
    """Static files as a deploy builds them (hashed, compressed), for tests that run the real web command."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        check=True,
    )


def csrf_client(user=None):
    """A client that enforces CSRF like a browser meets it, with a valid token at hand (`client.csrf_token`)."""
    from django.test import Client
    from django.utils.crypto import get_random_string

    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.csrf_token = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = client.csrf_token
    return client
