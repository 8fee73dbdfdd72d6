import json
import urllib.request

import pytest

from .web_server import WebServer


@pytest.mark.server
@pytest.mark.django_db(transaction=True)
def test_web_command_serves_the_health_check_from_the_test_database():
    with WebServer(workers=1) as server:
        with urllib.request.urlopen(f"{server.url}/healthz") as response:
            body = json.load(response)
            server_header = response.headers["Server"]
    assert body == {"status": "ok", "database": "postgresql"}
    assert server_header == "gunicorn/asgi"
