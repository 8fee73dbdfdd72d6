"""A rehearsal of what a Heroku-style platform does with this repository.

From a clean copy of the repository: install the locked packages (without
the development group), collect static files, run the Procfile's `release:`
command against a fresh PostgreSQL database, start its `web:` command with
PORT set, fetch a few things, and stop it with SIGTERM the way the platform
does on every deploy.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import urllib.request
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from .web_server import PROJECT_DIR, WebServer, procfile_command, venv_bin

pytestmark = pytest.mark.server

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3P9vXq2-RmT7wYz4LsN8bHc1FjD6gUe0aVoQiKp5r_W-yEtZnMx",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
}


def run(command, cwd, env):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory):
    """The files git would check out (tracked, or new and not ignored), nothing else."""
    copy = tmp_path_factory.mktemp("platform") / "app"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=PROJECT_DIR, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = PROJECT_DIR / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


@pytest.fixture(scope="module")
def built_app(clean_copy):
    """The build phase: install the locked runtime packages and collect static files."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "VIRTUAL_ENV"}}
    env.update(PRODUCTION_ENV)
    run([str(venv_bin(PROJECT_DIR) / "uv"), "sync", "--locked", "--no-dev", "--quiet"], clean_copy, env)
    python = str(venv_bin(clean_copy) / "python")
    run([python, "manage.py", "collectstatic", "--noinput"], clean_copy, env)
    return clean_copy


@pytest.fixture
def rehearsal_database_url():
    """A fresh database on the suite's server, named after the suite's own so that two suites can run at once."""
    suite_url = urlsplit(os.environ["DATABASE_URL"])
    name = f"{suite_url.path.lstrip('/')}_paas_rehearsal"
    admin = urlunsplit(suite_url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlunsplit(suite_url._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_the_platform_can_build_release_run_and_stop_the_app(built_app, rehearsal_database_url):
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    env.update(PRODUCTION_ENV, DATABASE_URL=rehearsal_database_url)
    env["PATH"] = f"{venv_bin(built_app)}:{env['PATH']}"
    release = run(procfile_command("release", built_app / "Procfile"), built_app, env)
    assert "Applying decks.0001_initial... OK" in release.stdout

    server = WebServer(cwd=built_app, workers=2, env=PRODUCTION_ENV, database_url=rehearsal_database_url)
    with server:
        status, _, body = fetch(f"{server.url}/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "postgresql"})

        status, headers, body = fetch(f"{server.url}/accounts/login/")
        assert status == 200
        assert b"<h1>Log in</h1>" in body
        assert "script-src 'self';" in headers["Content-Security-Policy"]

        manifest = json.loads((built_app / "staticfiles" / "staticfiles.json").read_text())
        hashed_css = manifest["paths"]["css/site.css"]
        assert hashed_css != "css/site.css"
        assert f"/static/{hashed_css}".encode() in body

        module = (built_app / "staticfiles" / manifest["paths"]["presenter/projector.js"]).read_text()
        imports = re.findall(r'from "(\./[^"]+)"', module)
        assert imports and all(re.fullmatch(r"\./[\w-]+\.[0-9a-f]{12}\.js", name) for name in imports), imports

        status, headers, compressed = fetch(f"{server.url}/static/{hashed_css}", {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(compressed) == (PROJECT_DIR / "static" / "css" / "site.css").read_bytes()

        _, headers, _ = fetch(f"{server.url}/static/css/site.css")
        assert headers["Cache-Control"] == "max-age=60, public"

        seconds_to_exit = server.stop()
    assert server.process.returncode == 0
    assert seconds_to_exit < 30


def test_with_nothing_configured_the_app_runs_on_an_embedded_sqlite_database(built_app):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "VIRTUAL_ENV"}}
    env.update(PRODUCTION_ENV)
    run([str(venv_bin(built_app) / "python"), "manage.py", "migrate", "--noinput"], built_app, env)
    assert (built_app / "db.sqlite3").is_file()

    with WebServer(cwd=built_app, env={**PRODUCTION_ENV, "DATABASE_URL": None}) as server:
        status, _, body = fetch(f"{server.url}/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "sqlite"})
        status, _, body = fetch(f"{server.url}/")
        assert status == 200
        assert b"Public talks" in body
