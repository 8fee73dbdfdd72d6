"""The test suite's own guard against emptying tables under a running query."""

import threading
import time

import psycopg
import pytest
from django.db import connection

from tests.conftest import wait_for_server_queries_to_finish


@pytest.mark.django_db(transaction=True)
def test_the_flush_waits_for_a_query_still_running_in_another_connection():
    params = connection.get_connection_params()
    other_connection = {key: params[key] for key in ("dbname", "user", "host", "port") if key in params}
    started, finished = threading.Event(), threading.Event()

    def slow_request():
        with psycopg.connect(**other_connection) as other:
            started.set()
            other.execute("SELECT pg_sleep(3)")
            finished.set()

    worker = threading.Thread(target=slow_request)
    worker.start()
    started.wait()
    time.sleep(0.2)
    wait_for_server_queries_to_finish()
    assert finished.wait(timeout=0.5), "returned while the other query was still running"
    worker.join()
