"""A request body over its endpoint's limit is refused before it is read, and no body is parsed before the CSRF check.

Through the real web command (gunicorn's ASGI worker) with a temporary
folder of its own: the test sends bodies of 300 MiB from a socket, a piece
at a time, and measures how much it could send before the answer came, the
bytes of temporary files the worker held (sampled every few milliseconds
from /proc) and the worker's peak resident memory (VmHWM).
"""

import json

import httpx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.crypto import get_random_string

from decks.models import Asset, Deck
from presenter.models import PresentationState
from tests.conftest import csrf_client
from tests.factories import make_deck, png_bytes

from .bodies import WorkerMeasure, send_body
from .web_server import WebServer

MiB = 1024 * 1024
HUGE = 300 * MiB
# What the kernel's socket buffers and the server's read-ahead take in
# before the server stops reading: far less than any body refused here.
SLACK = 16 * MiB

JSON_LIMIT = getattr(settings, "JSON_REQUEST_MAX_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
LINK_LIMIT = getattr(settings, "LINK_EXCHANGE_REQUEST_MAX_BYTES", 4096)
UPLOAD_LIMIT = getattr(settings, "UPLOAD_REQUEST_MAX_BYTES", settings.DECK_UPLOAD_MAX_BYTES + MiB)


@pytest.fixture(scope="module")
def server_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("server-tmp")


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, server_tmp):
    with WebServer(workers=1, env={"TMPDIR": str(server_tmp)}) as running:
        yield running


def signed_in_headers(server, user):
    client = Client()
    client.force_login(user)
    token = get_random_string(32)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; csrftoken={token}"
    return {"Cookie": cookie, "X-CSRFToken": token, "Origin": server.url, "Accept": "application/json"}


def size_text(size):
    return f"{size // MiB} MiB" if size % MiB == 0 else f"{size // 1024} KiB"


pytestmark = [pytest.mark.server, pytest.mark.django_db(transaction=True)]


def test_a_body_declared_larger_than_the_link_exchange_reads_is_refused_unread(server, server_tmp):
    with WorkerMeasure(server, server_tmp) as worker:
        reply = send_body(server, "/l/", HUGE, headers={"Content-Type": "application/json"})
    assert reply.status == 413
    assert reply.json()["error"].startswith(f"The request is larger than the {size_text(LINK_LIMIT)} the server reads")
    assert reply.sent_before_answer < SLACK
    assert worker.most_held == 0
    assert worker.memory_growth < SLACK


def test_a_chunked_body_is_counted_and_refused_once_past_the_live_endpoints_limit(server, server_tmp, alice):
    deck = make_deck(alice, "#= One", visibility=Deck.Visibility.PUBLIC)
    with WorkerMeasure(server, server_tmp) as worker:
        reply = send_body(
            server, f"/talks/{deck.slug}/live/state", HUGE, chunked=True, headers={"Content-Type": "application/json"}
        )
    assert reply.status == 413
    assert reply.json()["error"].startswith(f"The request is larger than the {size_text(JSON_LIMIT)} the server reads")
    assert JSON_LIMIT < reply.sent_before_answer < JSON_LIMIT + SLACK
    # Up to the limit it is read, in memory (below FILE_UPLOAD_MAX_MEMORY_SIZE): never to disk.
    assert worker.most_held == 0
    assert worker.memory_growth < JSON_LIMIT + SLACK
    assert PresentationState.objects.filter(deck=deck).count() == 0


def test_an_image_upload_declared_over_the_upload_limit_is_refused_unread_with_its_message(server, server_tmp, alice):
    deck = make_deck(alice, "#= One")
    headers = {**signed_in_headers(server, alice), "Content-Type": "multipart/form-data; boundary=x"}
    with WorkerMeasure(server, server_tmp) as worker:
        reply = send_body(server, f"/decks/{deck.slug}/edit/images/", HUGE, headers=headers)
    assert reply.status == 413
    assert reply.json() == {
        "error": f"The upload is larger than the {size_text(UPLOAD_LIMIT)} the server reads; nothing was changed. "
        f"A deck file may be at most {size_text(settings.DECK_UPLOAD_MAX_BYTES)} "
        f"and an image {size_text(settings.ASSET_MAX_BYTES)}."
    }
    assert reply.sent_before_answer < SLACK
    assert (worker.most_held, Asset.objects.count()) == (0, 0)
    assert worker.memory_growth < SLACK
    log = server.read_log()
    assert f"Refused POST /decks/{deck.slug}/edit/images/ from alice (413): The upload is larger" in log


def test_a_chunked_import_is_read_only_up_to_the_upload_limit_and_answered_with_a_page(server, server_tmp, alice):
    headers = {**signed_in_headers(server, alice), "Content-Type": "multipart/form-data; boundary=x", "Accept": "text/html"}
    with WorkerMeasure(server, server_tmp) as worker:
        reply = send_body(server, "/decks/import/", HUGE, chunked=True, headers=headers)
    assert reply.status == 413
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert f"The upload is larger than the {size_text(UPLOAD_LIMIT)} the server reads" in reply.body.decode()
    assert UPLOAD_LIMIT < reply.sent_before_answer < UPLOAD_LIMIT + SLACK
    # What was read went to one temporary file, and no further than the limit.
    assert worker.most_held <= UPLOAD_LIMIT
    assert Deck.objects.count() == 0


def multipart_file(size, boundary="b0undary"):
    """A multipart body holding one file of `size` bytes, as a prefix and the zero bytes after it."""
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head, tail, len(head) + size + len(tail)


def test_a_multipart_upload_without_a_csrf_cookie_is_refused_without_parsing_it(server, server_tmp, alice):
    """The body is read (within the limit) but never parsed: no second copy of its file is written."""
    size = 40 * MiB
    head, tail, total = multipart_file(size)
    client = Client()
    client.force_login(alice)
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "Content-Type": "multipart/form-data; boundary=b0undary",
        "Origin": server.url,
    }
    with WorkerMeasure(server, server_tmp) as worker:
        reply = send_body(server, "/decks/import/", total, headers=headers, prefix=head, suffix=tail)
    assert reply.status == 403
    assert size - MiB < worker.most_held <= total
    assert Deck.objects.count() == 0


def test_a_gets_body_is_never_read_and_the_page_is_answered(server, server_tmp):
    with WorkerMeasure(server, server_tmp) as worker:
        reply = send_body(server, "/healthz", HUGE, method="GET")
    assert (reply.status, reply.json()["status"]) == (200, "ok")
    # What arrives meanwhile is dropped unread: nothing held on disk or in memory.
    assert worker.most_held == 0
    assert worker.memory_growth < SLACK


def test_the_server_answers_the_next_request_after_refusing_bodies(server):
    reply = send_body(server, "/l/", HUGE, headers={"Content-Type": "application/json"})
    assert reply.status == 413
    assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200


# Through Django's own handler (the test client): the same limits and order.


@pytest.mark.parametrize("cookie", [False, True], ids=["no-csrf-cookie", "wrong-header-token"])
def test_the_csrf_check_comes_before_the_form_is_parsed(alice, cookie):
    deck = make_deck(alice, "#= One")
    client = csrf_client(alice) if cookie else Client(enforce_csrf_checks=True)
    if not cookie:
        client.force_login(alice)
    files = [SimpleUploadedFile(f"i{n}.png", png_bytes()) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = client.post(
        f"/decks/{deck.slug}/edit/images/", {"version": 1, "images": files}, headers={"X-CSRFToken": "w" * 32}
    )
    # Parsed first, the form would be refused for its number of files (400).
    assert response.status_code == 403
    assert Asset.objects.count() == 0


def test_a_body_declared_over_its_limit_is_refused_by_the_test_clients_handler_too(alice):
    deck = make_deck(alice, "#= One")
    client = csrf_client(alice)
    response = client.post(
        f"/decks/{deck.slug}/edit/text/save/",
        json.dumps({"version": 1, "text": "x" * JSON_LIMIT}),
        content_type="application/json",
        headers={"X-CSRFToken": client.csrf_token},
    )
    assert response.status_code == 413
    assert response.json()["error"].startswith(f"The request is larger than the {size_text(JSON_LIMIT)}")
