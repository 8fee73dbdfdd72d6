"""What the benchmarks share: a production-like app on a database of its own.

Each benchmark gets a fresh PostgreSQL database, migrated, with collected
static files, a user `bench` and the shared PyGotham deck imported as
`pygotham`, and runs the app with production settings (DEBUG off).
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYGOTHAM = PROJECT_DIR.parent / "shared" / "decks" / "2019_10_PyGotham"
SECRET_KEY = "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
ADMIN_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def production_env(database, **extra):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "warning",
        **extra,
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, check=True, capture_output=True)


def prepare_app(env, database, password="x"):
    """A fresh database with the PyGotham deck owned by `bench` (with `password`)."""
    with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(
        env, "shell", "--no-imports", "-c",
        f"from django.contrib.auth.models import User; User.objects.create_user('bench', 'b@example.com', {password!r})",
    )  # fmt: skip
    manage(env, "import_deck", str(PYGOTHAM), "--owner", "bench", "--slug", "pygotham")


def start_web(env, port, **extra_env):
    """The Procfile's web command on `port`, once it answers /healthz."""
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "talks_site.asgi:application", "--config", "gunicorn.conf.py"],
        cwd=PROJECT_DIR,
        env={**env, "PORT": str(port), **extra_env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://127.0.0.1:{port}/healthz")
    return server


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def django_on_new_database(database):
    """Django set up in this process, DEBUG off, on a new PostgreSQL database (dropped first if it is there).

    Call it before importing anything of the app.
    """
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talks_site.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", SECRET_KEY)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
