"""Without PostgreSQL (the embedded SQLite default, one process) changes reach
streams through the in-process broadcaster."""

import json
import os
import subprocess
import sys

import httpx
import pytest

from .sse import EventStream
from .web_server import PROJECT_DIR, WebServer

pytestmark = pytest.mark.server

SETUP = """
from django.contrib.auth import get_user_model
from django.test import Client
from decks.models import Deck, Slide
owner = get_user_model().objects.create_user("speaker")
deck = Deck.objects.create(owner=owner, title="Embedded", slug="embedded", visibility="public")
Slide.objects.bulk_create(Slide(deck=deck, position=n, source=f"# {n}") for n in range(5))
client = Client()
client.force_login(owner)
print(client.cookies["sessionid"].value)
"""


def test_a_single_sqlite_process_streams_changes_without_a_database_channel(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'talks.sqlite3'}",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        "SECRET_KEY": "test-only-secret-key-not-for-production-0123456789abcdef",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    session = subprocess.run(
        [*manage, "shell", "-c", SETUP], cwd=PROJECT_DIR, env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]

    with WebServer(workers=1, database_url=env["DATABASE_URL"]) as server:
        stream = EventStream(f"{server.url}/talks/embedded/live/events")
        assert stream.next_state()["sequence"] == 0
        token = "s" * 32
        response = httpx.post(
            f"{server.url}/talks/embedded/live/state",
            content=json.dumps({"action": "start", "slide": 3}),
            cookies={"sessionid": session, "csrftoken": token},
            headers={"X-CSRFToken": token, "Origin": server.url, "Content-Type": "application/json"},
        )
        assert response.status_code == 200
        assert stream.next_state() == {
            "deck": 1, "slide": 3, "step": 0, "blackout": False, "status": "live", "sequence": 1,
        }
        stream.close()
