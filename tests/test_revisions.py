import json
import threading

import pytest
from django.db import connection

from decks import domain
from decks.models import Deck, Revision
from tests.factories import add_image, make_deck

pytestmark = pytest.mark.django_db


def post_json(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


@pytest.fixture
def deck(alice):
    return make_deck(alice, ("#= Start", "Hello."), ("middle", ""))


def save_first_slide(client, deck, version, source):
    slide = deck.slides.get(position=0)
    return post_json(client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", {"version": version, "source": source, "notes": ""})


def test_history_lists_every_revision_with_time_author_and_summary(alice_client, deck):
    save_first_slide(alice_client, deck, 1, "#= Changed")
    response = alice_client.get(f"/decks/{deck.slug}/history/")
    assert [(r.version, r.author.username, r.summary) for r in response.context["revisions"]] == [
        (2, "alice", "Edited slide 1"),
        (1, "alice", "Created the deck"),
    ]
    page = response.content.decode()
    assert "Restore version 1" in page
    assert "Restore version 2" not in page


def test_history_takes_the_same_number_of_queries_for_1_or_50_revisions(alice_client, deck, django_assert_num_queries):
    # Session, user, deck, the page of revisions, and the list thinning reads.
    with django_assert_num_queries(5) as one:
        alice_client.get(f"/decks/{deck.slug}/history/")
    queries_for_one = len(one.captured_queries)
    for version in range(1, 50):
        save_first_slide(alice_client, deck, version, f"#= Take {version}")
    with django_assert_num_queries(queries_for_one):
        response = alice_client.get(f"/decks/{deck.slug}/history/")
    assert len(response.context["revisions"]) == 50


def test_diff_between_two_revisions_shows_removed_and_added_lines(alice_client, deck):
    save_first_slide(alice_client, deck, 1, "#= Better start")
    add_image(deck, "chart.png")
    save_first_slide(alice_client, deck, 2, "#= Better start!")
    response = alice_client.get(f"/decks/{deck.slug}/history/diff/?from=1&to=3")
    assert response.context["lines"] == [
        ("hunk", "@@ -1,4 +1,3 @@"),
        ("remove", "-#= Start"),
        ("remove", "-Note: Hello."),
        ("add", "+#= Better start!"),
        ("same", " ---"),
        ("same", " middle"),
    ]
    checksum = deck.assets.get().checksum[:12]
    assert response.context["images"] == [
        ("hunk", "@@ -0,0 +1 @@"),
        ("add", f"+chart.png ({deck.assets.get().size} bytes, {checksum})"),
    ]
    assert '<span class="diff-remove">-#= Start</span>' in response.content.decode()


def test_diff_of_unknown_versions_is_404_and_of_missing_ones_goes_back_to_history(alice_client, deck):
    assert alice_client.get(f"/decks/{deck.slug}/history/diff/?from=1&to=9").status_code == 404
    response = alice_client.get(f"/decks/{deck.slug}/history/diff/?from=1")
    assert response["Location"] == f"/decks/{deck.slug}/history/"


def test_restoring_an_old_revision_is_itself_a_new_revision(alice_client, deck):
    save_first_slide(alice_client, deck, 1, "#= Mistake")
    response = alice_client.post(f"/decks/{deck.slug}/history/1/restore/", {"version": 2})
    assert response["Location"] == f"/decks/{deck.slug}/edit/"
    deck.refresh_from_db()
    assert deck.version == 3
    assert list(deck.slides.values_list("source", "notes")) == [("#= Start", "Hello."), ("middle", "")]
    assert list(deck.revisions.values_list("version", "summary")) == [
        (3, "Restored version 1"),
        (2, "Edited slide 1"),
        (1, "Created the deck"),
    ]
    assert deck.revisions.get(version=3).text == deck.revisions.get(version=1).text


def test_restoring_from_a_stale_history_page_is_refused_and_changes_nothing(alice_client, deck):
    save_first_slide(alice_client, deck, 1, "#= Newer")
    response = alice_client.post(f"/decks/{deck.slug}/history/1/restore/", {"version": 1})
    assert response.status_code == 409
    assert [str(message) for message in response.context["messages"]] == [
        "The deck changed while you looked at its history (now version 2); nothing was restored. "
        "Check the list again and restore from here."
    ]
    assert Deck.objects.get().version == 2


@pytest.mark.parametrize("version", ["", "two", "2.0", "-1", "1" * 30])
def test_restoring_from_a_page_that_names_no_whole_version_changes_nothing(alice_client, deck, version):
    response = alice_client.post(f"/decks/{deck.slug}/history/1/restore/", {"version": version})
    assert response.status_code == 400
    assert [str(message) for message in response.context["messages"]] == [
        "The page did not say which version of the deck it showed; nothing was restored."
    ]
    assert (Deck.objects.get().version, deck.revisions.count()) == (1, 1)


def test_restoring_gives_renamed_images_their_old_names_and_says_which_are_gone(alice_client, alice, deck):
    kept = add_image(deck, "chart.png")
    gone = add_image(deck, "photo.png", data=b"x")
    Revision.objects.filter(deck=deck, version=1).update(assets=domain.asset_list(deck))
    domain.rename_asset(deck, asset_id=kept.pk, name="graph.png", based_on=1, author=alice)
    domain.delete_asset(deck, asset_id=gone.pk, based_on=2, author=alice)
    response = alice_client.post(f"/decks/{deck.slug}/history/1/restore/", {"version": 3}, follow=True)
    assert list(deck.assets.values_list("name", flat=True)) == ["chart.png"]
    assert [str(message) for message in response.context["messages"]] == [
        "Restored version 1 as version 4. Images deleted since then could not come back: photo.png."
    ]


def test_every_kind_of_change_records_exactly_one_revision(alice_client, deck):
    first, second = deck.slides.order_by("position")
    base = f"/decks/{deck.slug}/edit/"
    post_json(alice_client, f"{base}slides/{first.pk}/", {"version": 1, "source": "a", "notes": ""})
    post_json(alice_client, f"{base}slides/add/", {"version": 2})
    post_json(alice_client, f"{base}slides/{first.pk}/duplicate/", {"version": 3})
    post_json(alice_client, f"{base}slides/reorder/", {"version": 4, "order": list(deck.slides.order_by("-position").values_list("pk", flat=True))})
    post_json(alice_client, f"{base}slides/{second.pk}/delete/", {"version": 5})
    post_json(alice_client, f"{base}text/save/", {"version": 6, "text": "whole"})
    assert list(deck.revisions.values_list("version", flat=True)) == [7, 6, 5, 4, 3, 2, 1]
    assert deck.revisions.first().text == "whole"


@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_from_the_same_version_let_exactly_one_through(alice):
    """Both saves are based on version 1; the row lock makes the second see version 2 and refuse."""
    deck = make_deck(alice, ("start", ""))
    slide = deck.slides.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def save(source):
        try:
            barrier.wait()
            domain.save_slide(Deck.objects.get(pk=deck.pk), slide_id=slide.pk, source=source, notes="", based_on=1, author=alice)
            outcomes.append("saved")
        except domain.StaleVersion:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("from tab one", "from tab two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    deck.refresh_from_db()
    assert deck.version == 2
    assert list(deck.revisions.values_list("version", flat=True)) == [2, 1]
    assert deck.slides.get().source in {"from tab one", "from tab two"}


def test_long_histories_come_in_pages_with_a_link_to_older_versions(alice_client, deck, monkeypatch):
    monkeypatch.setattr("decks.views.history.HISTORY_PAGE_SIZE", 2)
    for version in range(1, 5):
        save_first_slide(alice_client, deck, version, f"#= Take {version}")
    first = alice_client.get(f"/decks/{deck.slug}/history/")
    assert [revision.version for revision in first.context["revisions"]] == [5, 4]
    assert '<a href="?before=4">Older versions</a>' in first.content.decode()
    second = alice_client.get(f"/decks/{deck.slug}/history/?before=4")
    assert [revision.version for revision in second.context["revisions"]] == [3, 2]
    third = alice_client.get(f"/decks/{deck.slug}/history/?before=2")
    assert ([revision.version for revision in third.context["revisions"]], third.context["older"]) == ([1], None)
