"""Steps whose content runs past the slide: the editor draws every step, measures it, and reports here.

Only a browser can tell (fonts, pictures and the deck's own stylesheet decide
the height), so the editor fetches every step of the deck with the key of
what it measures, and posts what ran over; deck health lists those slides.
"""

from django.http import JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from talks_site.http import BadRequest

from ..access import get_deck_for_owner
from ..health import deck_health, look_digest, overflow_key, record_overflow
from ..serializers import step_json
from .editor import deck_endpoint


@never_cache
@require_GET
def steps_to_measure(request, slug):
    deck = get_deck_for_owner(request, slug)
    slides = list(deck.slides.order_by("position"))
    look = look_digest(deck)
    rendered = deck.render()
    return JsonResponse(
        {
            "slides": [
                {
                    "id": slide.pk,
                    "number": slide.number,
                    "key": overflow_key(look, slide.source),
                    "steps": [{"classes": step_json(step)["classes"], "html": step.html} for step in rendered_slide.steps],
                }
                for slide, rendered_slide in zip(slides, rendered.slides)
            ]
        }
    )


def _reports(data, slide_count):
    reports = data.get("slides")
    if not isinstance(reports, list) or len(reports) > slide_count:
        raise BadRequest("“slides” must be a list of at most one report per slide of the deck.")
    checked = []
    for report in reports:
        if not isinstance(report, dict):
            raise BadRequest("Each report must be an object with “id”, “key” and “steps”.")
        slide_id, key, steps = report.get("id"), report.get("key"), report.get("steps")
        if not isinstance(slide_id, int) or isinstance(slide_id, bool):
            raise BadRequest("A report's “id” must be a slide's id.")
        if not isinstance(key, str) or len(key) > 64:
            raise BadRequest("A report's “key” must be the key the deck gave for the slide.")
        if not isinstance(steps, list) or len(steps) > 1000 or not all(
            isinstance(step, int) and not isinstance(step, bool) and 0 < step <= 1000 for step in steps
        ):
            raise BadRequest("A report's “steps” must be a list of step numbers.")
        checked.append({"id": slide_id, "key": key, "steps": steps})
    return checked


@deck_endpoint
def record_measures(request, deck, data):
    record_overflow(deck, _reports(data, deck.slides.count()))
    health = deck_health(deck)
    return JsonResponse({"health": health.as_json(), "health_html": render_to_string("decks/_health.html", {"health": health})})
