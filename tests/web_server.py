"""Starts the real `web:` command of the Procfile for tests that need it.

pytest-django's live_server is a threaded WSGI server: it cannot stream
server-sent events and cannot be stopped and started like a platform does.
These tests run gunicorn with the ASGI worker as a subprocess instead,
listening on 127.0.0.1 only, against the test database.
"""

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent


def procfile_command(process_type, procfile=PROJECT_DIR / "Procfile"):
    """The command line the platform runs for a process type (web, release)."""
    for line in procfile.read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process_type:
            return shlex.split(command.strip())
    raise LookupError(f"No {process_type}: line in {procfile}")


def venv_bin(project_dir):
    own = Path(project_dir) / ".venv" / "bin"
    return own if own.is_dir() else Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url():
    """DATABASE_URL of the database the current test run uses."""
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


class WebServer:
    def __init__(self, *, port=None, workers=1, env=None, cwd=PROJECT_DIR, database_url=None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cwd = Path(cwd)
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"talks-web-{self.port}.log"
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers),
            "DATABASE_URL": database_url or test_database_url(),
            "SECRET_KEY": "test-only-secret-key-not-for-production-0123456789abcdef",
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
            # The Procfile's commands resolve in the project's own virtualenv.
            "PATH": f"{venv_bin(self.cwd)}:{os.environ['PATH']}",
            **(env or {}),
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the server must check async safety
        self.env = {key: value for key, value in self.env.items() if value is not None}
        self.process = None

    def start(self, timeout=30):
        command = procfile_command("web", self.cwd / "Procfile")
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            command, cwd=self.cwd, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            self.wait_until_healthy(timeout)
        except BaseException:
            self.stop()  # `with` never reaches __exit__ when __enter__ fails
            raise
        return self

    def wait_until_healthy(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"web server exited with {self.process.returncode}:\n{self.read_log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"web server did not become healthy in {timeout}s:\n{self.read_log()}")

    def worker_pids(self):
        """PIDs of the gunicorn workers (children of the arbiter)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Stops the server like a platform does; returns seconds it took to exit."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        started = time.monotonic()
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()
        return time.monotonic() - started

    def read_log(self):
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except FileNotFoundError:
            return ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@contextlib.contextmanager
def running_servers(count, *, workers=1):
    """`count` web servers on one database, as machines behind a router: started, then stopped."""
    servers = [WebServer(workers=workers) for _ in range(count)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
