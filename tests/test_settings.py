"""The settings module read from the environment, checked in fresh processes."""

import os
import subprocess
import sys

import pytest

from .web_server import PROJECT_DIR

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3P9vXq2-RmT7wYz4LsN8bHc1FjD6gUe0aVoQiKp5r_W-yEtZnMx",
    "ALLOWED_HOSTS": "talks.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://talks.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def run_manage(*args, env):
    # The test process may allow async-unsafe calls for Playwright (conftest.py); a deployment must not.
    inherited = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_with_production_settings_reports_no_issues():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced).")


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode == 1
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "yes please", "DEBUG must be true or false (1/0, yes/no, on/off), not 'yes please'"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of debug, info, warning, error, critical, not 'LOUD'"),
        ("DATABASE_POOL_MAX_SIZE", "lots", "DATABASE_POOL_MAX_SIZE must be a whole number of at least 1, not 'lots'"),
        ("DECK_MAX_SLIDES", "-5", "DECK_MAX_SLIDES must be a whole number of at least 1, not '-5'"),
        ("SECURE_HSTS_SECONDS", "-1", "SECURE_HSTS_SECONDS must be a whole number of at least 0, not '-1'"),
        ("LIVE_STREAMS_PER_WORKER", "0", "LIVE_STREAMS_PER_WORKER must be a whole number of at least 1, not '0'"),
        ("LIVE_STREAMS_PER_SESSION", "many", "LIVE_STREAMS_PER_SESSION must be a whole number of at least 1, not 'many'"),
        ("LIVE_POINTER_PER_SECOND", "-30", "LIVE_POINTER_PER_SECOND must be a whole number of at least 1, not '-30'"),
        (
            "CSRF_TRUSTED_ORIGINS",
            "talks.example.com",
            "CSRF_TRUSTED_ORIGINS entries need a scheme (https://…), not 'talks.example.com'",
        ),
    ],
)
def test_a_bad_setting_fails_loudly_with_its_name(name, value, message):
    result = run_manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode == 1
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr


def test_development_needs_no_variables_and_uses_sqlite():
    result = run_manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        env={"DEBUG": "1"},
    )
    assert (result.returncode, result.stdout.strip()) == (0, "django.db.backends.sqlite3")
