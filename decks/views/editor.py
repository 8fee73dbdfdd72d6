"""The editor page and the JSON endpoints it saves through.

Every write names the deck version it was based on; a stale one answers 409
with the current deck so that the editor can offer to merge.
"""

import functools

from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from talks_site.http import (
    BadRequest,
    check_content_type,
    json_endpoint,
    log_refusal,
    read_json,
    text_field,
    version_field,
)

from .. import domain
from ..access import get_deck_for_owner
from ..health import deck_health
from ..images import ImageRefused
from ..serializers import problem_json, thumbnail_json
from ..shorthand.queries import image_names


def editor_state(deck):
    """Everything the editor shows about a deck, as JSON-ready data."""
    return editor_data(deck)[0]


def editor_data(deck):
    """The editor's JSON-ready state of a deck, and the deck's health."""
    from ..rendering import render_deck

    slides = list(deck.slides.order_by("position"))
    assets = list(deck.assets.defer("data"))
    rendered = render_deck(deck)
    used_on = {}
    for slide in slides:
        for name in image_names(slide.source, slide.notes, deck.prompt_host):
            used_on.setdefault(name, []).append(slide.number)
    health = deck_health(deck, slides=slides, rendered=rendered)
    state = {
        "slug": deck.slug,
        "title": deck.title,
        "version": deck.version,
        "prompt_host": deck.prompt_host,
        "slides": [
            {
                "id": slide.pk,
                "number": slide.number,
                "source": slide.source,
                "notes": slide.notes,
                "thumbnail": thumbnail_json(rendered_slide),
            }
            for slide, rendered_slide in zip(slides, rendered.slides)
        ],
        "assets": [
            {
                "id": asset.pk,
                "name": asset.name,
                "url": asset.get_absolute_url(),
                "original_url": asset.get_original_url(),
                "size": asset.size,
                "content_type": asset.content_type,
                "used_on": used_on.get(asset.name, []),
            }
            for asset in assets
        ],
        "health": health.as_json(),
        "health_html": render_to_string("decks/_health.html", {"health": health}),
    }
    return state, health


@never_cache
@require_GET
def editor(request, slug):
    deck = get_deck_for_owner(request, slug)
    state, health = editor_data(deck)
    return render(request, "decks/editor.html", {"deck": deck, "state": state, "health": health})


def deck_endpoint(view=None, *, uploads=False):
    """Owner-only JSON endpoint of the editor: a stale version answers 409 with the current deck, bad input 400.

    The view gets the deck and the request's data: its JSON object, or, for
    `uploads`, its form fields (the files are in request.FILES).
    """
    if view is None:
        return functools.partial(deck_endpoint, uploads=uploads)

    @functools.wraps(view)
    @require_POST
    @json_endpoint
    def wrapper(request, slug, *args, **kwargs):
        deck = get_deck_for_owner(request, slug)
        if uploads:
            check_content_type(request, "multipart/form-data", "the files as multipart/form-data")
            data = request.POST
        else:
            data = read_json(request)
        try:
            return view(request, deck, data, *args, **kwargs)
        except domain.StaleVersion as stale:
            return conflict_response(stale)
        except (domain.EditError, ImageRefused) as error:
            log_refusal(request, 400, str(error))
            return JsonResponse({"error": str(error), "version": deck.version}, status=400)

    return wrapper


def conflict_response(stale):
    deck = stale.deck
    return JsonResponse(
        {
            "error": "conflict",
            "message": (
                f"This deck was changed elsewhere (now version {deck.version}); your change was based on "
                f"version {stale.based_on}. Nothing was overwritten."
            ),
            "your_version": stale.based_on,
            "version": deck.version,
            "text": domain.deck_text(deck.slides.order_by("position")),
            "deck": editor_state(deck),
        },
        status=409,
    )


@require_GET
def deck_state(request, slug):
    deck = get_deck_for_owner(request, slug)
    return JsonResponse(editor_state(deck))


def text_problems(text, prompt_host):
    """Problems in a whole deck's text, by line of that text."""
    from ..shorthand import parse

    return [problem_json(problem) for problem in parse(text, prompt_host).problems]


@require_GET
def load_text(request, slug):
    deck = get_deck_for_owner(request, slug)
    text = domain.deck_text(deck.slides.order_by("position"))
    return JsonResponse({"version": deck.version, "text": text, "errors": text_problems(text, deck.prompt_host)})


@deck_endpoint
def save_text(request, deck, data):
    text = text_field(data, "text")
    version = domain.replace_text(deck, text=text, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version, "errors": text_problems(text, deck.prompt_host)})


@deck_endpoint
def save_slide(request, deck, data, slide_id):
    version, pieces = domain.save_slide(
        deck,
        slide_id=slide_id,
        source=text_field(data, "source"),
        notes=text_field(data, "notes"),
        based_on=version_field(data),
        author=request.user,
    )
    return JsonResponse({"version": version, "slides_made": pieces})


@deck_endpoint
def add_slide(request, deck, data):
    position = data.get("position")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool)):
        raise BadRequest("The position of a new slide must be a whole number.")
    version, slide = domain.insert_slide(
        deck,
        position=position,
        source=text_field(data, "source", required=False),
        notes=text_field(data, "notes", required=False),
        based_on=version_field(data),
        author=request.user,
    )
    return JsonResponse({"version": version, "slide": slide.pk})


@deck_endpoint
def duplicate_slide(request, deck, data, slide_id):
    version, slide = domain.duplicate_slide(deck, slide_id=slide_id, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version, "slide": slide.pk})


@deck_endpoint
def delete_slide(request, deck, data, slide_id):
    version = domain.delete_slide(deck, slide_id=slide_id, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version})


@deck_endpoint
def reorder_slides(request, deck, data):
    order = data.get("order")
    if not isinstance(order, list):
        raise BadRequest("The new order must be a list of slide ids.")
    version = domain.reorder_slides(deck, order=order, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version})
