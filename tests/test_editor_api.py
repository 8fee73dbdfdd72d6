import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decks.models import Deck, Revision
from tests.factories import add_image, make_deck

pytestmark = pytest.mark.django_db


def post_json(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def slides_of(deck):
    return list(deck.slides.order_by("position").values_list("source", "notes"))


@pytest.fixture
def deck(alice):
    return make_deck(alice, ("#= First", "Hello."), ("second", ""), ("third", "Last words."))


def test_saving_a_slide_stores_its_text_bumps_the_version_and_records_the_whole_deck(alice_client, alice, deck):
    slide = deck.slides.get(position=1)
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", {"version": 1, "source": "## Second", "notes": "Hmm."}
    )
    body = response.json()
    assert (body["version"], [saved["id"] for saved in body["slides"]]) == (2, [slide.pk])
    deck.refresh_from_db()
    assert deck.version == 2
    assert slides_of(deck) == [("#= First", "Hello."), ("## Second", "Hmm."), ("third", "Last words.")]
    revision = deck.revisions.get(version=2)
    assert (revision.author, revision.summary, revision.text) == (
        alice,
        "Edited slide 2",
        "#= First\nNote: Hello.\n---\n## Second\nNote: Hmm.\n---\nthird\nNote: Last words.",
    )


def test_a_save_answers_with_the_slides_steps_thumbnail_and_problems_and_the_decks_health(alice_client, deck):
    """What the page shows after a save comes with it: no second request, nothing else of the deck re-rendered."""
    add_image(deck, "here.png")
    slide = deck.slides.get(position=1)
    source = "## Second\n--\n\n@ here.png\n.big[open\n@ gone.png"
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", {"version": 1, "source": source, "notes": "TODO"}
    )
    body = response.json()
    [saved] = body["slides"]
    here = deck.assets.get(name="here.png").get_absolute_url()
    assert (saved["id"], saved["number"], saved["source"], saved["notes"]) == (slide.pk, 2, source, "TODO")
    assert [step["html"] for step in saved["steps"]] == [
        "<h2>Second</h2>\n",
        f'<h2>Second</h2>\n<p><img src="{here}" alt="Image">\n.big[open\n'
        '<span class="missing-image" title="Missing image">gone.png</span></p>\n',
    ]
    assert [step["first_line"] for step in saved["steps"]] == [1, 3]
    assert saved["thumbnail"] == {"classes": [], "html": saved["steps"][-1]["html"]}
    assert [(error["line"], error["warning"]) for error in saved["errors"]] == [(5, True)]
    assert saved["missing_images"] == ["gone.png"]
    health = body["health"]
    assert (health["missing_images"], health["slides_without_notes"], health["slides_with_todo"]) == (
        ["gone.png"],
        [],
        [2],
    )
    assert [problem["line"] for problem in health["text_problems"]] == [8]  # line 5 of slide 2, in the deck's text
    assert "Missing images: gone.png" in body["health_html"]
    assert [(asset["name"], asset["used_on"]) for asset in body["assets"]] == [("here.png", [2])]
    # The same as the whole deck's state says, which the page no longer fetches after a save.
    state = alice_client.get(f"/decks/{deck.slug}/edit/state/").json()
    assert state["slides"][1]["thumbnail"] == saved["thumbnail"]
    assert (state["health"], state["assets"]) == (health, body["assets"])


def test_a_note_in_the_shorthand_and_the_notes_box_are_kept_as_one_notes_text(alice_client, deck):
    slide = deck.slides.get(position=2)
    source = "third\n--\n\nmore\nNote: First thought.\nNote: Second thought."
    preview = post_json(alice_client, f"/decks/{deck.slug}/edit/preview/", {"source": source, "notes": "Last words."})
    assert preview.json()["steps"][-1]["notes_html"] == (
        "<p>First thought.</p>\n<p>Second thought.</p>\n<p>Last words.</p>\n"
    )
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", {"version": 1, "source": source, "notes": "Last words."}
    )
    [saved] = response.json()["slides"]
    gathered = ("third\n--\n\nmore", "First thought.\n\nSecond thought.\n\nLast words.")
    assert (saved["source"], saved["notes"]) == gathered
    assert slides_of(deck)[2] == gathered
    assert saved["steps"][-1]["notes_html"] == preview.json()["steps"][-1]["notes_html"]
    text = alice_client.get(f"/decks/{deck.slug}/edit/text/").json()["text"]
    assert text.endswith("---\nthird\n--\n\nmore\nNote: First thought.\n\nSecond thought.\n\nLast words.")


def test_every_slide_of_the_showcase_saved_as_the_editor_sends_it_is_stored_unchanged(alice_client, alice):
    from tests.factories import DATA, import_deck_folder

    deck = import_deck_folder(DATA / "showcase", alice)
    before = slides_of(deck)
    for slide in deck.slides.order_by("position"):
        body = {"version": Deck.objects.get().version, "source": slide.source, "notes": slide.notes}
        assert post_json(alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", body).status_code == 200
    assert slides_of(deck) == before
    assert deck.revisions.first().text == (DATA / "showcase" / "myslides.txt").read_text()


def test_a_save_based_on_an_older_version_is_refused_with_409_and_both_versions(alice_client, deck):
    slide = deck.slides.get(position=0)
    first = post_json(alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", {"version": 1, "source": "#= Mine", "notes": ""})
    assert first.status_code == 200
    second = post_json(
        alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", {"version": 1, "source": "#= Theirs", "notes": ""}
    )
    assert second.status_code == 409
    body = second.json()
    assert (body["error"], body["your_version"], body["version"]) == ("conflict", 1, 2)
    assert body["message"] == (
        "This deck was changed elsewhere (now version 2); your change was based on version 1. Nothing was overwritten."
    )
    assert body["text"] == "#= Mine\n---\nsecond\n---\nthird\nNote: Last words."
    assert [(s["id"], s["source"]) for s in body["deck"]["slides"]][0] == (slide.pk, "#= Mine")
    assert slides_of(deck)[0] == ("#= Mine", "")
    assert list(deck.revisions.values_list("version", flat=True)) == [2, 1]


def test_a_save_without_a_version_is_refused_too(alice_client, deck):
    slide = deck.slides.first()
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", {"source": "x", "notes": ""})
    assert response.status_code == 409
    assert Deck.objects.get().version == 1


def test_typing_a_slide_separator_into_a_slide_splits_it(alice_client, deck):
    slide = deck.slides.get(position=0)
    response = post_json(
        alice_client,
        f"/decks/{deck.slug}/edit/slides/{slide.pk}/",
        {"version": 1, "source": "#= First\n---\n## Inserted", "notes": "Said after."},
    )
    body = response.json()
    assert (body["version"], [(saved["number"], saved["source"]) for saved in body["slides"]]) == (
        2,
        [(1, "#= First"), (2, "## Inserted")],
    )
    assert body["slides"][0]["id"] == slide.pk
    assert slides_of(deck) == [
        ("#= First", ""),
        ("## Inserted", "Said after."),
        ("second", ""),
        ("third", "Last words."),
    ]


def test_adding_a_slide_at_the_end_and_inserting_one_before_another(alice_client, deck):
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/slides/add/", {"version": 1})
    added = deck.slides.get(position=3)
    assert response.json() == {"version": 2, "slide": added.pk}
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/slides/add/", {"version": 2, "position": 1, "source": "inserted"}
    )
    assert response.json()["version"] == 3
    assert slides_of(deck) == [
        ("#= First", "Hello."),
        ("inserted", ""),
        ("second", ""),
        ("third", "Last words."),
        ("", ""),
    ]
    assert list(deck.revisions.values_list("summary", flat=True)[:2]) == ["Added slide 2", "Added slide 4"]


def test_duplicating_a_slide_puts_the_copy_right_after_it(alice_client, deck):
    slide = deck.slides.get(position=0)
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/duplicate/", {"version": 1})
    assert response.json()["version"] == 2
    assert slides_of(deck) == [("#= First", "Hello."), ("#= First", "Hello."), ("second", ""), ("third", "Last words.")]


def test_deleting_a_slide_closes_the_gap(alice_client, deck):
    slide = deck.slides.get(position=1)
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/delete/", {"version": 1})
    assert response.json() == {"version": 2}
    assert list(deck.slides.values_list("position", "source")) == [(0, "#= First"), (1, "third")]
    assert deck.revisions.first().summary == "Deleted slide 2"


def test_reordering_slides_keeps_their_ids(alice_client, deck):
    first, second, third = deck.slides.order_by("position")
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/slides/reorder/", {"version": 1, "order": [third.pk, first.pk, second.pk]}
    )
    assert response.json() == {"version": 2}
    assert list(deck.slides.order_by("position").values_list("pk", "position")) == [
        (third.pk, 0),
        (first.pk, 1),
        (second.pk, 2),
    ]


def test_a_reorder_that_misses_a_slide_is_refused_and_changes_nothing(alice_client, deck):
    first, second, third = deck.slides.order_by("position")
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/slides/reorder/", {"version": 1, "order": [third.pk, first.pk]})
    assert response.status_code == 400
    assert response.json() == {
        "error": "The new order must list every slide of the deck once; reload the editor and try again.",
        "version": 1,
    }
    assert list(deck.slides.order_by("position").values_list("pk", flat=True)) == [first.pk, second.pk, third.pk]
    assert Deck.objects.get().version == 1


def test_a_slide_deleted_elsewhere_gets_a_clear_message(alice_client, deck):
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/slides/999999/", {"version": 1, "source": "x", "notes": ""})
    assert (response.status_code, response.json()["error"]) == (400, "That slide is no longer in the deck.")


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", json.dumps({"version": 1, "source": 5, "notes": ""}).encode()],
    ids=["not-json", "not-an-object", "source-not-text"],
)
def test_malformed_requests_get_400_with_a_message_not_a_500(alice_client, deck, body):
    slide = deck.slides.first()
    response = alice_client.post(f"/decks/{deck.slug}/edit/slides/{slide.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] in {
        "The request was not valid JSON.",
        "The request must be a JSON object.",
        "“source” must be text.",
    }
    assert Deck.objects.get().version == 1


def test_whole_deck_text_round_trips_through_the_text_endpoints(alice_client, deck):
    text = alice_client.get(f"/decks/{deck.slug}/edit/text/").json()
    assert text == {
        "version": 1,
        "text": "#= First\nNote: Hello.\n---\nsecond\n---\nthird\nNote: Last words.",
        "errors": [],
    }
    first_id = deck.slides.get(position=0).pk
    new_text = "#= First, again\nNote: Hi.\n---\n## New second\n--\n\nbuild\n---\nthird\n---\nfourth\nNote: Bye."
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/text/save/", {"version": 1, "text": new_text})
    assert response.json() == {"version": 2, "errors": []}
    assert alice_client.get(f"/decks/{deck.slug}/edit/text/").json() == {"version": 2, "text": new_text, "errors": []}
    assert deck.slides.get(position=0).pk == first_id
    assert slides_of(deck) == [
        ("#= First, again", "Hi."),
        ("## New second\n--\n\nbuild", ""),
        ("third", ""),
        ("fourth", "Bye."),
    ]
    assert deck.revisions.first().text == new_text


def test_a_whole_text_save_reports_problems_by_line_of_the_whole_text(alice_client, deck):
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/text/save/", {"version": 1, "text": "## Fine\n---\n## Also fine\n.big[open"}
    )
    assert response.status_code == 200
    assert [error["line"] for error in response.json()["errors"]] == [4]
    assert deck.slides.count() == 2


def test_a_stale_whole_text_save_is_refused_and_the_stored_text_is_kept(alice_client, deck):
    post_json(alice_client, f"/decks/{deck.slug}/edit/text/save/", {"version": 1, "text": "one"})
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/text/save/", {"version": 1, "text": "two"})
    assert response.status_code == 409
    assert response.json()["text"] == "one"
    assert slides_of(deck) == [("one", "")]


def test_preview_renders_every_step_with_notes(alice_client, deck):
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/preview/", {"source": "## Title\n--\n\nmore", "notes": "Say *this*."}
    )
    body = response.json()
    assert [step["html"] for step in body["steps"]] == ["<h2>Title</h2>\n", "<h2>Title</h2>\n<p>more</p>\n"]
    assert body["steps"][1]["notes_html"] == "<p>Say <em>this</em>.</p>\n"
    assert [step["first_line"] for step in body["steps"]] == [1, 3]  # the line after `--`
    assert (body["errors"], body["missing_images"]) == ([], [])
    assert Deck.objects.get().version == 1


def test_preview_shows_errors_with_their_line_and_still_renders_what_it_can(alice_client, deck):
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/preview/", {"source": "## Fine\n.big[unclosed", "notes": ""}
    )
    body = response.json()
    assert [error["line"] for error in body["errors"]] == [2]
    assert "Fine</h2>" in body["steps"][0]["html"]


def test_preview_names_images_the_deck_does_not_have(alice_client, deck):
    add_image(deck, "here.png")
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/preview/", {"source": "@ here.png\n@ gone.png", "notes": ""})
    assert response.json()["missing_images"] == ["gone.png"]


def test_editor_page_carries_the_deck_state_for_the_script(alice_client, deck):
    response = alice_client.get(f"/decks/{deck.slug}/edit/")
    state = response.context["state"]
    assert (state["slug"], state["version"], [slide["source"] for slide in state["slides"]]) == (
        deck.slug,
        1,
        ["#= First", "second", "third"],
    )
    assert state["slides"][0]["thumbnail"] == {"classes": ["title"], "html": "<h1>First</h1>\n"}
    page = response.content.decode()
    assert '<script id="editor-state" type="application/json">' in page
    assert '<script type="module" src="/static/decks/editor.js"></script>' in page
    assert "<script>" not in page


def test_editor_page_takes_the_same_number_of_queries_for_1_or_50_slides(alice_client, alice, django_assert_num_queries):
    small = make_deck(alice, ("#= Only", "note"), title="Small")
    add_image(small)
    # Session, user, deck, its slides, its images: the slides are read, parsed and rendered once.
    with django_assert_num_queries(5) as one:
        alice_client.get(f"/decks/{small.slug}/edit/")
    queries_for_one = len(one.captured_queries)
    big = make_deck(alice, *[(f"## Slide {n}\n@ footer.png", f"note {n}") for n in range(50)], title="Big")
    for number in range(5):
        add_image(big, f"image{number}.png")
    with django_assert_num_queries(queries_for_one):
        response = alice_client.get(f"/decks/{big.slug}/edit/")
    assert len(response.context["state"]["slides"]) == 50


def test_a_save_takes_the_same_number_of_queries_for_1_or_50_slides(alice_client, alice, django_assert_num_queries):
    def saving(deck):
        """A save of the deck's first slide, ready to post (the deck's version read beforehand)."""
        deck.refresh_from_db()
        slide = deck.slides.get(position=0)
        body = {"version": deck.version, "source": f"## Changed in {deck.version}\n@ footer.png", "notes": "new"}
        return lambda: post_json(alice_client, f"/decks/{deck.slug}/edit/slides/{slide.pk}/", body)

    small = make_deck(alice, ("#= Only", "note"), title="Small")
    add_image(small)
    save = saving(small)
    with CaptureQueriesContext(connection) as one:
        assert save().status_code == 200
    big = make_deck(alice, *[(f"## Slide {n}\n@ footer.png", f"note {n}") for n in range(50)], title="Big")
    add_image(big)
    save = saving(big)
    with django_assert_num_queries(len(one.captured_queries)):
        response = save()
    assert (response.status_code, response.json()["health"]["slides_without_notes"]) == (200, [])


def test_state_endpoint_takes_the_same_number_of_queries_for_1_or_50_slides(alice_client, alice, django_assert_num_queries):
    small = make_deck(alice, ("#= Only", "note"), title="Small")
    with django_assert_num_queries(5) as one:
        alice_client.get(f"/decks/{small.slug}/edit/state/")
    queries_for_one = len(one.captured_queries)
    big = make_deck(alice, *[(f"## Slide {n}", "") for n in range(50)], title="Big")
    with django_assert_num_queries(queries_for_one):
        assert len(alice_client.get(f"/decks/{big.slug}/edit/state/").json()["slides"]) == 50


# Permissions: every editor view and endpoint, for the owner, another
# signed-in user and an anonymous visitor.

ENDPOINTS = [
    # (method, path under /decks/<slug>/, JSON body or None, owner's status)
    ("get", "edit/", None, 200),
    ("get", "edit/state/", None, 200),
    ("get", "edit/text/", None, 200),
    ("post", "edit/text/save/", {"version": 1, "text": "changed"}, 200),
    ("post", "edit/preview/", {"source": "x", "notes": ""}, 200),
    ("post", "edit/slides/add/", {"version": 1}, 200),
    ("post", "edit/slides/reorder/", {"version": 1, "order": "SLIDE_IDS"}, 200),
    ("post", "edit/slides/SLIDE/", {"version": 1, "source": "changed", "notes": ""}, 200),
    ("post", "edit/slides/SLIDE/duplicate/", {"version": 1}, 200),
    ("post", "edit/slides/SLIDE/delete/", {"version": 1}, 200),
    ("post", "edit/images/", None, 400),  # no file chosen
    ("post", "edit/images/IMAGE/rename/", {"version": 1, "name": "renamed.png"}, 200),
    ("post", "edit/images/IMAGE/describe/", {"version": 1, "description": "A red square"}, 200),
    ("post", "edit/images/IMAGE/delete/", {"version": 1}, 200),
    ("get", "history/", None, 200),
    ("get", "history/diff/?from=1&to=1", None, 200),
    ("post", "history/1/restore/", "form", 302),
]


def request_endpoint(client, deck, method, path, body):
    slide = deck.slides.first()
    image = deck.assets.first()
    path = f"/decks/{deck.slug}/" + path.replace("SLIDE", str(slide.pk)).replace("IMAGE", str(image.pk))
    if method == "get":
        return client.get(path)
    if body == "form":
        return client.post(path, {"version": 1})
    if body is None:
        return client.post(path)
    if body.get("order") == "SLIDE_IDS":
        body = {**body, "order": list(deck.slides.values_list("pk", flat=True))}
    return post_json(client, path, body)


@pytest.mark.parametrize(("method", "path", "body", "owner_status"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS])
def test_the_owner_can_use_every_editor_endpoint(alice_client, alice, method, path, body, owner_status):
    deck = make_deck(alice, ("#= One", ""), ("two", ""))
    add_image(deck)
    response = request_endpoint(alice_client, deck, method, path, body)
    assert response.status_code == owner_status


@pytest.mark.parametrize(("method", "path", "body", "owner_status"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS])
@pytest.mark.parametrize("visibility", ["private", "unlisted", "public"])
@pytest.mark.parametrize("who", ["other-user", "anonymous"])
def test_nobody_else_can_use_any_editor_endpoint(client, alice, bob, method, path, body, owner_status, visibility, who):
    deck = make_deck(alice, ("#= One", ""), ("two", ""), visibility=visibility)
    add_image(deck)
    if who == "other-user":
        client.force_login(bob)
    response = request_endpoint(client, deck, method, path, body)
    # Private decks do not reveal that they exist; others may see but not change.
    assert response.status_code == (404 if visibility == "private" else 403)
    deck.refresh_from_db()
    assert (deck.version, slides_of(deck), deck.assets.get().name, Revision.objects.count()) == (
        1,
        [("#= One", ""), ("two", "")],
        "footer.png",
        1,
    )


def test_the_whole_text_of_the_showcase_deck_round_trips_unchanged(alice_client, alice):
    from tests.factories import DATA, import_deck_folder

    deck = import_deck_folder(DATA / "showcase", alice)
    original = (DATA / "showcase" / "myslides.txt").read_text()
    before = list(deck.slides.order_by("position").values_list("pk", "source", "notes"))
    text = alice_client.get(f"/decks/{deck.slug}/edit/text/").json()["text"]
    assert text == original
    response = post_json(alice_client, f"/decks/{deck.slug}/edit/text/save/", {"version": deck.version, "text": text})
    assert response.status_code == 200
    assert list(deck.slides.order_by("position").values_list("pk", "source", "notes")) == before
    assert deck.revisions.first().text == text
