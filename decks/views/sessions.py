"""The editor's offer to write a terminal typed out by hand, slide after slide, once as a session.

The editor's state lists the runs (terminal_runs); the steps a run's session
makes are fetched to be shown before anything changes, and the change itself
finds the run again in the stored deck (domain.write_terminal_once).
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from talks_site.http import BadRequest, version_field

from .. import domain
from ..access import get_deck_for_owner
from ..rendering import render_slide_text
from ..serializers import preview_step_json
from ..shorthand import split_notes
from ..shorthand.hand_copied import find_runs
from .editor import deck_endpoint


def _runs(slides):
    return find_runs([(slide.source, slide.notes) for slide in slides])


def terminal_runs(slides):
    """The runs of hand-copied terminal slides among a deck's slides (in order), as the editor's state lists them."""
    return [
        {"first": run.first + 1, "last": run.last + 1, "first_slide": slides[run.first].pk, "slide_count": run.slide_count}
        for run in _runs(slides)
    ]


@require_GET
def hand_copied_terminals(request, slug):
    """Each run with the session text that writes it once and the steps that session makes."""
    deck = get_deck_for_owner(request, slug)
    slides = list(deck.slides.order_by("position"))
    assets = {asset.name: asset for asset in deck.assets.defer("data")}
    runs = []
    for run, listed in zip(_runs(slides), terminal_runs(slides)):
        steps, _ = render_slide_text(*split_notes(run.text), assets, deck.prompt_host)
        runs.append({**listed, "text": run.text, "steps": [preview_step_json(step) for step in steps]})
    return JsonResponse({"version": deck.version, "runs": runs})


@deck_endpoint
def write_terminal_once(request, deck, data):
    first = data.get("first_slide")
    if not isinstance(first, int) or isinstance(first, bool):
        raise BadRequest("Say which slide the terminal starts on: first_slide, a slide id.")
    version, slide = domain.write_terminal_once(
        deck, first_slide_id=first, based_on=version_field(data), author=request.user
    )
    return JsonResponse({"version": version, "slide": slide.pk})
