"""The test suite's own guard against emptying tables under a running query."""

import threading
import time

import psycopg
import pytest
from django.db import connection

from tests.conftest import wait_for_server_queries_to_finish

SLOW_QUERY = "SELECT pg_sleep(3) -- still running"


def running_slow_queries():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query = %s",
            [SLOW_QUERY],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_flush_waits_for_a_query_still_running_in_another_connection():
    params = connection.get_connection_params()
    other_connection = {key: params[key] for key in ("dbname", "user", "host", "port") if key in params}
    finished = threading.Event()

    def slow_request():
        with psycopg.connect(**other_connection) as other:
            other.execute(SLOW_QUERY)
            finished.set()

    worker = threading.Thread(target=slow_request)
    worker.start()
    deadline = time.monotonic() + 10
    while not running_slow_queries() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert running_slow_queries() == 1

    wait_for_server_queries_to_finish()
    # Had it returned at once, the query would still have well over a second to run.
    assert finished.wait(timeout=1), "returned while the other query was still running"
    worker.join()
