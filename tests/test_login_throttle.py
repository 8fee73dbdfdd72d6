"""Passwords cannot be guessed without limit: failed logins are throttled per account and per client.

The LOGIN_FAILURE_LIMIT-th failure for one account, or from one client,
within LOGIN_LOCKOUT_MINUTES is answered with the login page saying how long
to wait, with 429 and Retry-After, and until then even the right password
waits; a successful login clears the count. The time is made to pass by moving the failures' times back
in the database (django-axes keeps them there), on PostgreSQL here and on the
SQLite of the demo through the real web command below.
"""

import datetime
import os
import re
import subprocess
import sys

import httpx
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD

from .web_server import PROJECT_DIR, WebServer

LIMIT = getattr(settings, "AXES_FAILURE_LIMIT", 10)
ACCOUNT_LOCKED = re.compile(r"Too many failed logins for this account; try again in (\d+) minutes?\.")
CLIENT_LOCKED = re.compile(r"Too many failed logins from your network; try again in (\d+) minutes?\.")
WRONG = "Please enter a correct username and password."


def log_in(client, username, password, address="192.0.2.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def failures():
    from axes.models import AccessAttempt

    return AccessAttempt.objects


def let_time_pass(minutes):
    failures().update(attempt_time=timezone.now() - datetime.timedelta(minutes=minutes))


@pytest.mark.django_db
def test_wrong_passwords_for_one_account_lock_it_with_the_time_to_wait(alice):
    for number in range(LIMIT - 1):
        response = log_in(Client(), "alice", f"wrong {number}", address=f"192.0.2.{number + 1}")
        assert (response.status_code, WRONG in page_text(response)) == (200, True), number
    # The last failure allowed, and every try after it, waits: the right password too, from any address.
    for password in ("wrong again", "wrong once more", PASSWORD):
        client = Client()
        response = log_in(client, "alice", password, address="198.51.100.7")
        assert response.status_code == 429
        assert ACCOUNT_LOCKED.search(page_text(response)).group(1) == "15"
        assert response["Retry-After"] in {str(seconds) for seconds in range(14 * 60, 15 * 60 + 1)}
        assert client.get("/decks/").status_code == 302  # not logged in


@pytest.mark.django_db
def test_the_time_to_wait_counts_down_and_then_the_right_password_logs_in_and_clears_the_count(alice):
    for number in range(LIMIT):
        log_in(Client(), "alice", f"wrong {number}")
    let_time_pass(11)
    response = log_in(Client(), "alice", PASSWORD)
    assert (response.status_code, ACCOUNT_LOCKED.search(page_text(response)).group(1)) == (429, "4")
    let_time_pass(16)
    client = Client()
    response = log_in(client, "alice", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/decks/")
    assert client.get("/decks/").status_code == 200
    assert failures().count() == 0


@pytest.mark.django_db
def test_a_successful_login_clears_the_failures_before_it(alice):
    for number in range(LIMIT - 1):
        log_in(Client(), "alice", f"wrong {number}")
    assert log_in(Client(), "alice", PASSWORD).status_code == 302
    for number in range(LIMIT - 1):
        response = log_in(Client(), "alice", f"wrong {number}")
        assert response.status_code == 200, number
    assert log_in(Client(), "alice", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_client_guessing_many_accounts_is_locked_and_others_are_not(alice, bob):
    for number in range(LIMIT - 1):
        assert log_in(Client(), f"user{number}", "guess", address="203.0.113.9").status_code == 200
    assert log_in(Client(), "someone", "guess", address="203.0.113.9").status_code == 429
    response = log_in(Client(), "alice", PASSWORD, address="203.0.113.9")
    assert response.status_code == 429
    assert CLIENT_LOCKED.search(page_text(response)).group(1) == "15"
    # Alice, from her own address, is not held up by someone else's guessing.
    assert log_in(Client(), "alice", PASSWORD, address="192.0.2.50").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    for number in range(LIMIT):
        Client().post("/admin/login/", {"username": "root", "password": f"wrong {number}"}, REMOTE_ADDR="192.0.2.1")
    response = Client().post("/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="192.0.2.2")
    assert response.status_code == 429
    assert ACCOUNT_LOCKED.search(page_text(response))


SETUP = f"""
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("speaker", password={PASSWORD!r})
"""


def server_log_in(server, username, password, forwarded_for):
    token = "t" * 32
    return httpx.post(
        f"{server.url}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        cookies={settings.CSRF_COOKIE_NAME: token},
        headers={"Origin": server.url, "X-Forwarded-For": forwarded_for},
        timeout=30,
    )


@pytest.mark.server
def test_through_the_web_command_on_sqlite_the_demos_database(tmp_path):
    """The platform's router adds the client's address to X-Forwarded-For: that is the client, not the router."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'talks.sqlite3'}",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        "SECRET_KEY": "test-only-secret-key-not-for-production-0123456789abcdef",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    subprocess.run([*manage, "shell", "-c", SETUP], cwd=PROJECT_DIR, env=env, check=True)

    with WebServer(workers=1, database_url=env["DATABASE_URL"]) as server:
        for number in range(LIMIT - 1):
            response = server_log_in(server, "speaker", f"wrong {number}", f"spoofed, 192.0.2.{number + 1}")
            assert response.status_code == 200, number
        assert server_log_in(server, "speaker", "wrong again", "192.0.2.98").status_code == 429
        response = server_log_in(server, "speaker", PASSWORD, "192.0.2.99")
        assert response.status_code == 429
        assert ACCOUNT_LOCKED.search(page_text(response)).group(1) == "15"
        # Guessing other accounts from one client address locks that address only.
        for number in range(LIMIT - 1):
            assert server_log_in(server, f"user{number}", "guess", "203.0.113.9").status_code == 200
        assert CLIENT_LOCKED.search(page_text(server_log_in(server, "someone", "guess", "203.0.113.9")))
        assert server_log_in(server, "someone", "guess", "203.0.113.10").status_code == 200
