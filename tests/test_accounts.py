import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_up_creates_an_account_and_logs_it_in(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "carol", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/decks/"
    assert list(User.objects.values_list("username", flat=True)) == ["carol"]
    assert client.get("/decks/").context["user"].username == "carol"


def test_sign_up_with_mismatched_passwords_shows_the_error_and_creates_nobody(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "carol", "password1": PASSWORD, "password2": PASSWORD + "!"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"password2": ["The two password fields didn’t match."]}
    assert User.objects.count() == 0


def test_sign_up_switched_off_answers_404_and_is_not_offered(client, settings):
    settings.SIGNUP_ENABLED = False
    assert client.get("/accounts/signup/").status_code == 404
    response = client.post("/accounts/signup/", {"username": "carol", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 404
    assert User.objects.count() == 0
    login_page = client.get("/accounts/login/").content.decode()
    assert "/accounts/signup/" not in login_page


def test_sign_up_switched_on_is_offered_on_the_login_page(client, settings):
    settings.SIGNUP_ENABLED = True
    assert 'href="/accounts/signup/"' in client.get("/accounts/login/").content.decode()


def test_log_in_with_the_right_password_goes_to_my_decks(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/decks/"
    assert client.get("/decks/").status_code == 200


def test_log_in_with_a_wrong_password_says_so(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]


def test_log_in_returns_to_the_page_that_asked_for_it(client, alice):
    response = client.post("/accounts/login/?next=/decks/", {"username": "alice", "password": PASSWORD, "next": "/decks/"})
    assert response["Location"] == "/decks/"


def test_log_out_ends_the_session(alice_client):
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    response = alice_client.get("/decks/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/decks/"


def test_my_decks_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/decks/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/decks/")


def test_every_deck_has_exactly_one_owner(alice):
    field = get_user_model().decks.field
    assert (field.null, field.many_to_one) == (False, True)


@pytest.mark.parametrize(("value", "enabled"), [("0", "False"), ("off", "False"), ("1", "True")])
def test_the_sign_up_switch_is_read_from_the_environment(value, enabled):
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = "import django; django.setup(); from django.conf import settings; print(settings.SIGNUP_ENABLED)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "SIGNUP_ENABLED": value, "DJANGO_SETTINGS_MODULE": "talks_site.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == enabled
