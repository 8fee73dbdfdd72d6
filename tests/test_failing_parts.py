"""Failing parts and oversized requests, through the real web command (gunicorn) on PostgreSQL.

Each answer is a 4xx or 503 with a message, the log gets one line and no
traceback, and nothing is lost: the database is unchanged on a refusal, and
a save refused while the database was away succeeds when it is back.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

import httpx
import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils.crypto import get_random_string

from decks.models import Asset, Deck, Revision, Slide
from talks_site.failures import DATABASE_AWAY
from tests.code_editors import SOURCE, code_editor
from tests.factories import make_deck, png_bytes

from .web_server import PROJECT_DIR, WebServer, free_port, venv_bin

pytestmark = [pytest.mark.server, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    with WebServer(workers=1) as running:
        yield running


@pytest.fixture
def deck(alice):
    return make_deck(alice, ("#= One", "Say one."), ("two", ""))


def session_cookies(user):
    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def post(server, path, cookies, **kwargs):
    token = get_random_string(32)
    return httpx.post(
        f"{server.url}{path}",
        cookies={**cookies, settings.CSRF_COOKIE_NAME: token},
        headers={"X-CSRFToken": token, "Origin": server.url, "Accept": "application/json", **kwargs.pop("headers", {})},
        timeout=60,
        **kwargs,
    )


def snapshot():
    counts = [model.objects.count() for model in (Deck, Slide, Asset, Revision)]
    return [*counts, list(Deck.objects.values_list("version", flat=True))]


def log_since(server, offset):
    return server.log_path.read_text(errors="replace")[offset:]


def log_size(server):
    return len(server.log_path.read_text(errors="replace"))


def test_a_save_over_the_request_size_limit_says_so_in_json_and_logs_one_line(server, alice, deck):
    before, offset = snapshot(), log_size(server)
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = post(server, f"/decks/{deck.slug}/edit/text/save/", session_cookies(alice), json={"version": 1, "text": text})
    assert (response.status_code, response.json()) == (
        413,
        {
            "error": "The request is larger than the 5 MiB the server reads; nothing was changed. "
            "Split the deck's text, or import a large deck as a file."
        },
    )
    assert snapshot() == before
    log = log_since(server, offset)
    assert "Traceback" not in log
    assert [line for line in log.splitlines() if "Refused" in line] == [
        f"Refused POST /decks/{deck.slug}/edit/text/save/ from alice (413): The request is larger than the 5 MiB "
        "the server reads; nothing was changed. Split the deck's text, or import a large deck as a file."
    ]


def test_an_upload_of_more_files_than_django_reads_says_so_in_json(server, alice, deck):
    before, offset = snapshot(), log_size(server)
    image = png_bytes()
    files = [("images", (f"i{n}.png", image, "image/png")) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = post(server, f"/decks/{deck.slug}/edit/images/", session_cookies(alice), data={"version": "1"}, files=files)
    assert (response.status_code, response.json()) == (400, {"error": "That is more than 100 files in one go; send fewer at a time."})
    assert snapshot() == before
    assert "Traceback" not in log_since(server, offset)


def test_the_import_form_over_the_file_count_gets_a_page_with_the_message(server, alice, deck):
    before = snapshot()
    files = [("file", (f"t{n}.txt", b"#= Hi\n", "text/plain")) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = post(server, "/decks/import/", session_cookies(alice), files=files, headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<p>That is more than 100 files in one go; send fewer at a time.</p>" in response.text
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"version": 1, "text": "a\\u0000b"}', "“text” contains a NUL character (U+0000), which cannot be stored; remove it."),
        ('{"version": 1, "text": "\\udfff"}', "“text” contains a lone surrogate (U+DFFF), which is not text; remove it."),
        ('{"version": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "The request is nested more than 64 levels deep."),
        ('{"version": 1e400, "text": "x"}', "“version” must be the whole number of the deck version the change started from."),
        ('{"version": NaN, "text": "x"}', "The request is not valid JSON: NaN is not a number JSON allows."),
        ('{"version": 1}', "The request has no “text”; nothing was changed."),
    ],
    ids=["nul", "lone-surrogate", "deep", "1e400", "nan", "missing-text"],
)
def test_hostile_saves_through_the_server_get_400_json_and_change_nothing(server, alice, deck, body, message):
    before, offset = snapshot(), log_size(server)
    response = post(
        server, f"/decks/{deck.slug}/edit/text/save/", session_cookies(alice), content=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert (response.status_code, json.loads(response.content)) == (400, {"error": message})
    assert snapshot() == before
    assert "Traceback" not in log_since(server, offset)


def test_after_the_pools_connections_are_terminated_every_next_request_succeeds(server, alice, deck):
    cookies = session_cookies(alice)
    for version in (1, 2):
        save = post(server, f"/decks/{deck.slug}/edit/text/save/", cookies, json={"version": version, "text": f"v{version}"})
        assert save.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        assert len(cursor.fetchall()) >= 1
    statuses = []
    for version in range(3, 13):
        statuses.append(post(server, f"/decks/{deck.slug}/edit/text/save/", cookies, json={"version": version, "text": f"v{version}"}).status_code)
        statuses.append(httpx.get(f"{server.url}/talks/{deck.slug}/live/state", cookies=cookies).status_code)
    assert statuses == [200] * 20
    deck.refresh_from_db()
    assert deck.version == 13


# The drill below stops PostgreSQL. Others share the machine's server, so it
# runs a throwaway one of its own on a free port, started and stopped here.


def _as_postgres(*command):
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, check=True)


@pytest.fixture
def own_postgres():
    bin_dir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    data = tempfile.mkdtemp(prefix="talks-drill-")
    shutil.chown(data, "postgres", "postgres")
    port = free_port()
    _as_postgres(f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")

    def pg_ctl(*args):
        return _as_postgres(f"{bin_dir}/pg_ctl", "-D", data, *args)

    def start():
        pg_ctl("-o", f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "-l", f"{data}/log", "-w", "start")

    def stop():
        pg_ctl("-m", "fast", "-w", "stop")

    start()
    try:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as admin:
            admin.execute("CREATE DATABASE talks_drill")
        yield {"url": f"postgres://postgres@127.0.0.1:{port}/talks_drill", "start": start, "stop": stop}
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


SIGNED_IN_EDITOR = """
from django.contrib.auth import get_user_model
from django.test import Client
from tests.factories import make_deck
user = get_user_model().objects.create_user("speaker", password="unused-password-1")
make_deck(user, ("#= Before", ""), slug="drill")
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value)
"""


def test_a_save_while_postgresql_is_down_is_a_503_with_the_message_and_the_retry_succeeds(own_postgres):
    env = {**os.environ, "DATABASE_URL": own_postgres["url"], "DEBUG": "0", "SECRET_KEY": WebServer().env["SECRET_KEY"]}
    python = str(venv_bin(PROJECT_DIR) / "python")
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True, timeout=300)
    made = subprocess.run([python, "manage.py", "shell", "-c", SIGNED_IN_EDITOR], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, check=True, timeout=120)  # fmt: skip
    cookies = {settings.SESSION_COOKIE_NAME: made.stdout.strip().splitlines()[-1]}
    with WebServer(workers=1, database_url=own_postgres["url"], env={"DATABASE_POOL_TIMEOUT": "3"}) as web:
        first = post(web, "/decks/drill/edit/text/save/", cookies, json={"version": 1, "text": "#= Saved"})
        assert (first.status_code, first.text) == (200, json.dumps({"version": 2, "errors": []}))

        own_postgres["stop"]()
        away = post(web, "/decks/drill/edit/text/save/", cookies, json={"version": 2, "text": "#= Kept in the tab"})
        assert (away.status_code, away.json()) == (503, {"error": DATABASE_AWAY})
        page = httpx.get(f"{web.url}/decks/", cookies=cookies, timeout=60)
        assert page.status_code == 503
        assert f"<p>{DATABASE_AWAY}</p>" in page.text.replace("’", "'")

        own_postgres["start"]()
        deadline = time.monotonic() + 30
        retry = post(web, "/decks/drill/edit/text/save/", cookies, json={"version": 2, "text": "#= Kept in the tab"})
        while retry.status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.5)
            retry = post(web, "/decks/drill/edit/text/save/", cookies, json={"version": 2, "text": "#= Kept in the tab"})
        assert (retry.status_code, retry.json()) == (200, {"version": 3, "errors": []})
        assert "Traceback" not in web.read_log()
    with psycopg.connect(own_postgres["url"].replace("postgres://", "postgresql://")) as check:
        assert check.execute("SELECT source FROM decks_slide").fetchall() == [("#= Kept in the tab",)]


@pytest.mark.browser
def test_the_editor_tells_the_speaker_the_database_is_away_and_saves_when_it_is_back(own_postgres, browser_context):
    from playwright.sync_api import expect

    env = {**os.environ, "DATABASE_URL": own_postgres["url"], "DEBUG": "0", "SECRET_KEY": WebServer().env["SECRET_KEY"]}
    python = str(venv_bin(PROJECT_DIR) / "python")
    # Static files as a deploy builds them: gunicorn serves them through WhiteNoise.
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True, timeout=300)
    made = subprocess.run([python, "manage.py", "shell", "-c", SIGNED_IN_EDITOR], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, check=True, timeout=120)  # fmt: skip
    with WebServer(workers=1, database_url=own_postgres["url"], env={"DATABASE_POOL_TIMEOUT": "3"}) as web:
        browser_context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": made.stdout.strip().splitlines()[-1], "url": web.url}]
        )
        page = browser_context.new_page()
        page.goto(f"{web.url}/decks/drill/edit/")
        expect(page.locator("[data-status]")).to_have_text("All changes saved")

        own_postgres["stop"]()
        code_editor(page, SOURCE).fill("## Typed while the database was away")
        expect(page.locator("[data-status]")).to_have_text(
            re.compile(r"^" + re.escape(DATABASE_AWAY) + r" Trying again in \d+ s\.$"), timeout=20000
        )

        own_postgres["start"]()
        expect(page.locator("[data-status]")).to_have_text("All changes saved", timeout=40000)
    with psycopg.connect(own_postgres["url"].replace("postgres://", "postgresql://")) as check:
        assert check.execute("SELECT source FROM decks_slide").fetchall() == [("## Typed while the database was away",)]


ACCESS_LOG_LINE = re.compile(r'^\S+ - \S+ \[[^\]]+\] "')


def test_a_bad_host_header_is_one_log_line_naming_the_host_and_no_traceback(server):
    offset = log_size(server)
    for number in range(3):
        response = httpx.get(f"{server.url}/decks/", headers={"Host": f"evil{number}.example"}, timeout=10)
        assert response.status_code == 400
    deadline = time.monotonic() + 5
    while log_since(server, offset).count("evil2.example") < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # anything the server logs after its answer
    log = log_since(server, offset)
    assert "Traceback" not in log
    lines = [line for line in log.splitlines() if not ACCESS_LOG_LINE.match(line)]
    assert len(lines) == 3, log
    for number, line in enumerate(lines):
        assert f"'evil{number}.example'" in line
        assert line.startswith(f"Refused GET /decks/ (400): bad Host header 'evil{number}.example'")
