"""gunicorn settings for the `web:` process (see Procfile).

The ASGI worker serves the whole site, including the live event streams that
hold a connection open per follower.
"""

import gc
import os
from types import SimpleNamespace

from gunicorn import glogging

from django.core.exceptions import ImproperlyConfigured

from talks_site.environment import env_int

try:
    port = env_int("PORT", 8000, minimum=1)
    workers = env_int("WEB_CONCURRENCY", 2, minimum=1)
except ImproperlyConfigured as error:
    raise SystemExit(str(error)) from None

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{port}"
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "asgi")

# Platform routers keep idle connections to the app for up to ~55-90 s; the
# app must keep them longer, or the router sends a request down a connection
# the app is closing and the visitor sees an error.
keepalive = 95
# Stop well inside the 30 s a platform waits after SIGTERM before SIGKILL.
graceful_timeout = 10
# A worker that does not heartbeat for this long is restarted.
timeout = 30

# The control socket's default path is shared by every gunicorn of this
# user; several app instances on one machine (tests, benchmarks) would fight
# over it, and the platform never uses it.
control_socket_disable = True

accesslog = "-"
errorlog = "-"


class Logger(glogging.Logger):
    """gunicorn's logger, except that a client that went away is not logged as a server error.

    When a phone closes its connection mid-request (a lost network, a closed
    tab, a poll cut short), the ASGI worker stops the request and logs it as a
    500 with nothing sent, a server error that never was. Logged as 499 instead,
    nginx's "client closed request". A real error in the app is still a 500:
    Django answers it with a body, and gunicorn logs any exception in full.
    """

    def access(self, resp, req, environ, request_time):
        if str(resp.status).startswith("500") and not resp.sent and not resp.headers:
            resp = SimpleNamespace(status=499, sent=0, headers=[])
        super().access(resp, req, environ, request_time)


logger_class = Logger
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Keeps the garbage collector from stalling thousands of open event streams.

    Each follower's stream keeps a few hundred objects alive for as long as it
    is open. With Python's default thresholds the collector soon runs full
    passes over all of them: 250-600 ms with 2,500 streams per worker, during
    which no follower gets anything (bench/follow.py, docs/benchmarks.md).
    The app as loaded is frozen out of those passes, and larger young
    generations let short-lived objects die by reference counting first.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
