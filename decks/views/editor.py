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
from ..images import UPLOAD_ACCEPT, ImageRefused
from ..looks import look_state
from ..rendering import image_urls, render_parsed, with_terminal_bodies
from ..serializers import preview_step_json, problem_json, thumbnail_json
from ..shorthand import parse_slides
from ..shorthand.convert import LANGUAGE_KEYS
from ..shorthand.render import render_steps


def deck_json(deck):
    """Everything the editor shows about a deck, as JSON-ready data; and its health (a DeckHealth).

    The slides are parsed once, and rendered once from that parse.
    """
    slides = list(deck.slides.order_by("position"))
    files = list(deck.assets.defer("data"))
    assets = [asset for asset in files if not asset.is_font]
    parsed = parse_slides([(slide.source, slide.notes) for slide in slides], deck.prompt_host)
    rendered = render_parsed(parsed, image_urls(assets))
    health = deck_health(deck, slides=slides, rendered=rendered, parsed=parsed, images=assets)
    state = {
        "slug": deck.slug,
        "title": deck.title,
        "version": deck.version,
        "prompt_host": deck.prompt_host,
        "slides": [slide_json(slide, rendered_slide.steps) for slide, rendered_slide in zip(slides, rendered.slides)],
        **images_and_health_json(assets, slides, parsed, health),
        "look": look_state(deck, [asset for asset in files if asset.is_font]),
    }
    return state, health


def saved_json(deck, saved):
    """What the editor needs after a save of slide text (domain.SavedSlides), from the parse the save made.

    The slides the save wrote, each with its steps, thumbnail and problems,
    and the deck's images and health: the page shows them without fetching
    or rendering the rest of the deck.
    """
    assets = list(deck.assets.images().defer("data"))
    urls = image_urls(assets)
    health = deck_health(
        deck, slides=saved.slides, asset_names={asset.name for asset in assets}, parsed=saved.parsed, images=assets
    )
    changed = []
    for slide in saved.changed:
        parsed_slide = saved.parsed.slides[slide.position]
        steps = with_terminal_bodies(render_steps(parsed_slide.steps, urls))
        missing = sorted({name for step in steps for name in step.missing_images})
        changed.append(
            {
                **slide_json(slide, steps),
                "steps": [preview_step_json(step) for step in steps],
                "errors": [problem_json(problem) for problem in parsed_slide.problems],
                "missing_images": missing,
            }
        )
    return {"version": saved.version, "slides": changed, **images_and_health_json(assets, saved.slides, saved.parsed, health)}


def slide_json(slide, steps):
    return {
        "id": slide.pk,
        "number": slide.number,
        "source": slide.source,
        "notes": slide.notes,
        "thumbnail": thumbnail_json(steps),
    }


def images_and_health_json(assets, slides, parsed, health):
    """The deck's images, each with the slides that show it, its hand-copied terminals, and its health."""
    from .sessions import terminal_runs  # sessions.py builds on this module's endpoints

    used_on = {}
    for slide in parsed.slides:
        for name in slide.image_names:
            used_on.setdefault(name, []).append(slide.number)
    return {
        "assets": [
            {
                "id": asset.pk,
                "name": asset.name,
                "url": asset.get_absolute_url(),
                "original_url": asset.get_original_url(),
                "size": asset.size,
                "content_type": asset.content_type,
                "used_on": used_on.get(asset.name, []),
                "description": asset.description,
                "decorative": asset.decorative,
            }
            for asset in assets
        ],
        "hand_copied_terminals": terminal_runs(slides),
        "health": health.as_json(),
        "health_html": render_to_string("decks/_health.html", {"health": health}),
    }


@never_cache
@require_GET
def editor(request, slug):
    deck = get_deck_for_owner(request, slug)
    state, health = deck_json(deck)
    context = {
        "deck": deck,
        "state": state,
        "health": health,
        "image_accept": UPLOAD_ACCEPT,
        # The one-line code keys (`py`, `js`, …), which the editor colours as commands.
        "language_keys": list(LANGUAGE_KEYS),
    }
    return render(request, "decks/editor.html", context)


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
            "deck": deck_json(deck)[0],
        },
        status=409,
    )


@require_GET
def deck_state(request, slug):
    deck = get_deck_for_owner(request, slug)
    return JsonResponse(deck_json(deck)[0])


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
    saved = domain.replace_text(deck, text=text_field(data, "text"), based_on=version_field(data), author=request.user)
    return JsonResponse({"version": saved.version, "errors": [problem_json(problem) for problem in saved.parsed.problems]})


@deck_endpoint
def save_slide(request, deck, data, slide_id):
    saved = domain.save_slide(
        deck,
        slide_id=slide_id,
        source=text_field(data, "source"),
        notes=text_field(data, "notes"),
        based_on=version_field(data),
        author=request.user,
    )
    return JsonResponse(saved_json(deck, saved))


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
