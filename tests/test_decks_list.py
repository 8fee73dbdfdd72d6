import datetime
import re

import pytest
from django.utils import timezone

from decks.models import Deck, Revision, Slide
from tests.factories import add_image, make_deck

pytestmark = pytest.mark.django_db


def rows(response):
    return [
        (deck.title, deck.slide_count, deck.get_visibility_display()) for deck in response.context["decks"]
    ]


def test_my_decks_lists_title_slide_count_last_change_and_visibility(alice_client, alice, bob):
    older = make_deck(alice, ("#= One", ""), ("two", ""), title="Older talk", visibility=Deck.Visibility.PUBLIC)
    Deck.objects.filter(pk=older.pk).update(updated=timezone.now() - datetime.timedelta(days=2))
    make_deck(alice, ("#= Hi", ""), title="Newer talk")
    make_deck(bob, title="Bob's talk")
    response = alice_client.get("/decks/")
    assert rows(response) == [
        ("Newer talk", 1, "Private (only you)"),
        ("Older talk", 2, "Public (listed on the site)"),
    ]
    page = response.content.decode()
    assert "Bob&#x27;s talk" not in page
    older.refresh_from_db()
    assert f'<time datetime="{older.updated.isoformat()}">' in page


def test_my_decks_links_to_editor_presenter_history_settings_and_delete(alice_client, alice):
    deck = make_deck(alice, title="Linked talk")
    page = alice_client.get("/decks/").content.decode()
    for path in [
        f"/decks/{deck.slug}/edit/",
        f"/talks/{deck.slug}/presenter/",
        f"/decks/{deck.slug}/history/",
        f"/decks/{deck.slug}/settings/",
        f"/decks/{deck.slug}/delete/",
        f"/decks/{deck.slug}/duplicate/",
    ]:
        assert f'"{path}"' in page, path


def test_my_decks_takes_the_same_number_of_queries_for_1_or_50_decks(alice_client, alice, django_assert_num_queries):
    make_deck(alice, title="Only one")
    with django_assert_num_queries(3) as one:
        alice_client.get("/decks/")
    queries_for_one = len(one.captured_queries)
    for number in range(49):
        make_deck(alice, ("a", ""), ("b", ""), title=f"Talk {number}")
    with django_assert_num_queries(queries_for_one):
        response = alice_client.get("/decks/")
    assert len(response.context["decks"]) == 50


def test_creating_a_blank_deck_makes_a_private_deck_with_a_title_slide_and_opens_the_editor(alice_client, alice):
    response = alice_client.post("/decks/new/", {"title": "  Packaging for everyone "})
    deck = Deck.objects.get()
    assert response["Location"] == f"/decks/{deck.slug}/edit/"
    assert (deck.owner, deck.title, deck.visibility, deck.version) == (alice, "Packaging for everyone", "private", 1)
    assert re.fullmatch(r"packaging-for-everyone-[a-z2-9]{5}", deck.slug)
    assert list(deck.slides.values_list("source", "notes")) == [("#= Packaging for everyone", "")]
    assert list(deck.revisions.values_list("version", "summary", "text")) == [
        (1, "Created the deck", "#= Packaging for everyone")
    ]


def test_creating_decks_with_the_same_title_gives_each_its_own_slug(alice_client, alice):
    alice_client.post("/decks/new/", {"title": "Same"})
    alice_client.post("/decks/new/", {"title": "Same"})
    alice_client.post("/decks/new/", {"title": "New"})
    slugs = sorted(Deck.objects.values_list("slug", flat=True))
    assert [re.sub(r"-[a-z2-9]{5}$", "", slug) for slug in slugs] == ["new-deck", "same", "same"]
    assert len(set(slugs)) == 3


def test_creating_a_deck_without_a_title_says_what_is_missing(alice_client):
    response = alice_client.post("/decks/new/", {"title": "   "}, follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "A new deck needs a title (up to 200 characters)."
    ]
    assert Deck.objects.count() == 0


def test_renaming_and_changing_visibility_and_target_in_settings(alice_client, alice):
    deck = make_deck(alice, title="Old title")
    slug = deck.slug
    response = alice_client.post(
        f"/decks/{deck.slug}/settings/",
        {"title": "New title", "visibility": "unlisted", "target_minutes": "25", "prompt_host": "laptop"},
    )
    assert response["Location"] == "/decks/"
    deck.refresh_from_db()
    assert (deck.title, deck.visibility, deck.target_minutes, deck.prompt_host, deck.slug) == (
        "New title",
        "unlisted",
        25,
        "laptop",
        slug,
    )


def test_settings_with_an_empty_title_shows_the_error_and_keeps_the_deck(alice_client, alice):
    deck = make_deck(alice, title="Keep me")
    response = alice_client.post(
        f"/decks/{deck.slug}/settings/", {"title": "", "visibility": "public", "prompt_host": "myrtle"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"title": ["This field is required."]}
    deck.refresh_from_db()
    assert (deck.title, deck.visibility) == ("Keep me", "private")


def test_duplicating_a_deck_copies_slides_images_and_settings_into_a_private_deck(alice_client, alice):
    deck = make_deck(
        alice, ("#= Hi", "Hello"), ("@= footer.png", ""), title="Original", visibility=Deck.Visibility.PUBLIC
    )
    Deck.objects.filter(pk=deck.pk).update(target_minutes=30, prompt_host="laptop")
    image = add_image(deck)
    response = alice_client.post(f"/decks/{deck.slug}/duplicate/")
    assert response["Location"] == "/decks/"
    copy = Deck.objects.exclude(pk=deck.pk).get()
    assert re.fullmatch(r"copy-of-original-[a-z2-9]{5}", copy.slug)
    assert (copy.title, copy.visibility, copy.target_minutes, copy.prompt_host, copy.owner) == (
        "Copy of Original",
        "private",
        30,
        "laptop",
        alice,
    )
    assert list(copy.slides.values_list("position", "source", "notes")) == [
        (0, "#= Hi", "Hello"),
        (1, "@= footer.png", ""),
    ]
    assert list(copy.assets.values_list("name", "checksum", "size")) == [(image.name, image.checksum, image.size)]
    assert bytes(copy.assets.get().data) == bytes(image.data)
    assert list(copy.revisions.values_list("version", "summary")) == [(1, "Copied from Original")]


def test_delete_asks_for_confirmation_before_deleting(alice_client, alice):
    deck = make_deck(alice, ("a", ""), ("b", ""), title="Doomed")
    add_image(deck)
    page = alice_client.get(f"/decks/{deck.slug}/delete/")
    assert "This deletes its 2 slides, 1 image and its whole history." in page.content.decode()
    assert Deck.objects.filter(pk=deck.pk).exists()
    response = alice_client.post(f"/decks/{deck.slug}/delete/", follow=True)
    assert [str(message) for message in response.context["messages"]] == ["Deleted “Doomed”."]
    assert (Deck.objects.count(), Slide.objects.count(), Revision.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "settings/"),
        ("post", "settings/"),
        ("post", "duplicate/"),
        ("get", "delete/"),
        ("post", "delete/"),
    ],
)
@pytest.mark.parametrize("visibility", ["private", "unlisted", "public"])
@pytest.mark.parametrize("who", ["bob", "anonymous"])
def test_deck_actions_are_for_the_owner_only(client, alice, bob, method, path, visibility, who):
    deck = make_deck(alice, title="Alice's", visibility=visibility)
    if who == "bob":
        client.force_login(bob)
    response = getattr(client, method)(
        f"/decks/{deck.slug}/{path}", {"title": "Taken", "visibility": "public", "prompt_host": "x"} if method == "post" else {}
    )
    assert response.status_code == (404 if visibility == "private" else 403)
    deck.refresh_from_db()
    assert (Deck.objects.count(), deck.title, deck.visibility) == (1, "Alice's", visibility)


def test_creating_a_deck_needs_a_login(client):
    response = client.post("/decks/new/", {"title": "Sneaky"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/decks/new/")
    assert Deck.objects.count() == 0


def test_public_decks_are_listed_on_the_home_page_and_unlisted_ones_are_not(client, alice):
    make_deck(alice, title="Public talk", visibility="public")
    make_deck(alice, title="Unlisted talk", visibility="unlisted")
    make_deck(alice, title="Private talk")
    response = client.get("/")
    assert [deck.title for deck in response.context["public_decks"]] == ["Public talk"]


@pytest.mark.parametrize(("visibility", "status"), [("private", 404), ("unlisted", 200), ("public", 200)])
def test_others_can_view_unlisted_and_public_decks_by_link(client, bob, alice, visibility, status):
    deck = make_deck(alice, title="Viewable", visibility=visibility)
    image = add_image(deck)
    assert client.get(f"/talks/{deck.slug}/").status_code == status
    assert client.get(image.get_absolute_url()).status_code == status
    client.force_login(bob)
    assert client.get(f"/talks/{deck.slug}/").status_code == status


def test_my_decks_offers_exports_in_every_format(alice_client, alice):
    deck = make_deck(alice, ("#= Hi", "Notes"), title="Exported")
    page = alice_client.get("/decks/").content.decode()
    for export_format in ["text", "zip", "remark", "json"]:
        assert f'href="/decks/{deck.slug}/export/{export_format}/"' in page
    response = alice_client.get(f"/decks/{deck.slug}/export/text/")
    assert b"".join(response) == b"#= Hi\nNote: Notes"


def test_creating_a_deck_from_an_uploaded_shorthand_file_uses_the_importer(alice_client, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import DATA

    page = alice_client.get("/decks/").content.decode()
    assert 'action="/decks/import/" enctype="multipart/form-data"' in page
    assert 'type="file" name="file"' in page
    text = (DATA / "showcase" / "myslides.txt").read_bytes()
    response = alice_client.post("/decks/import/", {"file": SimpleUploadedFile("myslides.txt", text)})
    deck = Deck.objects.get()
    assert response["Location"] == f"/decks/{deck.slug}/edit/"
    assert (deck.owner, deck.slides.count(), deck.visibility) == (alice, 20, "private")
    assert rows(alice_client.get("/decks/")) == [(deck.title, 20, "Private (only you)")]
