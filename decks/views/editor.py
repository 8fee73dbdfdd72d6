"""The editor page and the JSON endpoints it saves through.

Every write names the deck version it was based on; a stale one answers 409
with the current deck so that the editor can offer to merge.
"""

import functools
import json

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from .. import editing
from ..access import get_deck_for_owner
from ..health import deck_health, image_names


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
        for name in image_names(slide.source):
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
                "thumbnail": _last_step(rendered_slide),
            }
            for slide, rendered_slide in zip(slides, rendered.slides)
        ],
        "assets": [
            {
                "id": asset.pk,
                "name": asset.name,
                "url": asset.get_absolute_url(),
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


def _last_step(rendered_slide):
    if not rendered_slide.steps:
        return {"classes": [], "html": ""}
    step = rendered_slide.steps[-1]
    return {"classes": list(step.classes), "html": step.html}


@require_GET
def editor(request, slug):
    deck = get_deck_for_owner(request, slug)
    state, health = editor_data(deck)
    return render(request, "decks/editor.html", {"deck": deck, "state": state, "health": health})


def json_endpoint(view):
    """Owner-only JSON endpoint: a stale version answers 409 with the current deck, bad input 400."""

    @functools.wraps(view)
    @require_POST
    def wrapper(request, slug, *args, **kwargs):
        deck = get_deck_for_owner(request, slug)
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                return JsonResponse({"error": "The request was not valid JSON."}, status=400)
            if not isinstance(data, dict):
                return JsonResponse({"error": "The request must be a JSON object."}, status=400)
        else:
            data = request.POST
        try:
            return view(request, deck, data, *args, **kwargs)
        except editing.StaleVersion as stale:
            return conflict_response(stale)
        except editing.EditError as error:
            return JsonResponse({"error": str(error), "version": deck.version}, status=400)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages), "version": deck.version}, status=400)

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
            "text": editing.deck_text(deck.slides.order_by("position")),
            "deck": editor_state(deck),
        },
        status=409,
    )


def _text(data, key):
    value = data.get(key, "")
    if not isinstance(value, str):
        raise editing.EditError(f"“{key}” must be text.")
    return value.replace("\r\n", "\n")


@require_GET
def deck_state(request, slug):
    deck = get_deck_for_owner(request, slug)
    return JsonResponse(editor_state(deck))


def text_problems(text, prompt_host):
    """Problems in a whole deck's text, by line of that text."""
    from ..shorthand import parse

    return [{"line": problem.line, "message": problem.message} for problem in parse(text, prompt_host).problems]


@require_GET
def load_text(request, slug):
    deck = get_deck_for_owner(request, slug)
    text = editing.deck_text(deck.slides.order_by("position"))
    return JsonResponse({"version": deck.version, "text": text, "errors": text_problems(text, deck.prompt_host)})


@json_endpoint
def save_text(request, deck, data):
    text = _text(data, "text")
    version = editing.replace_text(deck, text=text, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version, "errors": text_problems(text, deck.prompt_host)})


@json_endpoint
def save_slide(request, deck, data, slide_id):
    version, pieces = editing.save_slide(
        deck,
        slide_id=slide_id,
        source=_text(data, "source"),
        notes=_text(data, "notes"),
        based_on=data.get("version"),
        author=request.user,
    )
    return JsonResponse({"version": version, "slides_made": pieces})


@json_endpoint
def add_slide(request, deck, data):
    position = data.get("position")
    if position is not None and not isinstance(position, int):
        raise editing.EditError("The position of a new slide must be a whole number.")
    version, slide = editing.insert_slide(
        deck,
        position=position,
        source=_text(data, "source"),
        notes=_text(data, "notes"),
        based_on=data.get("version"),
        author=request.user,
    )
    return JsonResponse({"version": version, "slide": slide.pk})


@json_endpoint
def duplicate_slide(request, deck, data, slide_id):
    version, slide = editing.duplicate_slide(deck, slide_id=slide_id, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version, "slide": slide.pk})


@json_endpoint
def delete_slide(request, deck, data, slide_id):
    version = editing.delete_slide(deck, slide_id=slide_id, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version})


@json_endpoint
def reorder_slides(request, deck, data):
    order = data.get("order")
    if not isinstance(order, list):
        raise editing.EditError("The new order must be a list of slide ids.")
    version = editing.reorder_slides(deck, order=order, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version})
