"""A deck's look: the theme page, and the editor's look panel (theme, stylesheet, fonts)."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from talks_site.http import BadRequest, json_endpoint, read_json, text_field, version_field
from talks_site.request_bodies import UPLOADS, body_limit

from .. import domain, fonts
from ..access import get_deck_for_owner
from ..looks import BUILT_IN, compiled_stylesheet, font_urls, look_state, sample_steps, theme_stylesheets
from ..models import Look
from .editor import deck_endpoint


def _samples():
    return [{"classes": step.classes, "html": mark_safe(step.html)} for step in sample_steps()]


@require_GET
def themes(request):
    """The built-in themes side by side, each on the same sample slides."""
    return render(request, "decks/themes.html", {"looks": [(look.value, look.label) for look in BUILT_IN]})


@require_GET
@xframe_options_sameorigin
def theme_samples(request, look):
    """The sample slides in one built-in theme: what the theme page frames, one per theme."""
    if look not in {built_in.value for built_in in BUILT_IN}:
        raise Http404("There is no built-in theme of that name.")
    response = render(
        request,
        "decks/theme_samples.html",
        {"look": Look(look), "stylesheets": theme_stylesheets(look), "samples": _samples()},
    )
    # Framed by the theme page of this site only.
    response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    return response


@deck_endpoint
def save_look(request, deck, data):
    """Choose the look and store the stylesheet; a stale version answers 409 like every save."""
    look = text_field(data, "look")
    stylesheet = text_field(data, "stylesheet", required=False)
    version = domain.save_look(deck, look=look, stylesheet=stylesheet, based_on=version_field(data), author=request.user)
    deck.refresh_from_db()
    return JsonResponse({"version": version, **look_state(deck)})


@require_POST
@json_endpoint
def preview_look(request, slug):
    """The unsaved stylesheet compiled, for the panel's live preview: the CSS and its warnings."""
    deck = get_deck_for_owner(request, slug)
    stylesheet = text_field(read_json(request), "stylesheet", required=False)
    try:
        domain.check_look(stylesheet)
    except domain.LimitExceeded as error:
        raise BadRequest(str(error)) from None
    compiled = compiled_stylesheet(deck, stylesheet)
    return JsonResponse(
        {
            "css": compiled.css,
            "fonts": font_urls(compiled.css),
            "warnings": [{"line": warning.line, "message": warning.message} for warning in compiled.warnings],
        }
    )


@body_limit(UPLOADS)
@deck_endpoint(uploads=True)
def upload_fonts(request, deck, data):
    """Store uploaded fonts; all are checked before any is stored."""
    files = request.FILES.getlist("fonts")
    if not files:
        raise domain.EditError("Choose one or more font files (.ttf, .otf, .woff, .woff2) to upload.")
    checked = []
    try:
        for upload in files:
            name = upload.name.rsplit("/", 1)[-1]
            fonts.check_size(name, upload.size)
            checked.append(fonts.check_font(name, name, upload.read()))
        names = set(deck.assets.fonts().values_list("name", flat=True)) | {font.name for font in checked}
        fonts.check_count(len(names))
    except fonts.FontRefused as refused:
        raise domain.EditError(str(refused)) from None
    version = version_field(data)
    for font in checked:
        version, _ = domain.put_font(deck, font=font, based_on=version, author=request.user)
    deck.refresh_from_db()
    return JsonResponse({"version": version, **look_state(deck)})


@deck_endpoint
def delete_font(request, deck, data, asset_id):
    if not deck.assets.fonts().filter(pk=asset_id).exists():
        raise domain.EditError("That font is no longer in the deck.")
    version = domain.delete_asset(deck, asset_id=asset_id, based_on=version_field(data), author=request.user)
    deck.refresh_from_db()
    return JsonResponse({"version": version, **look_state(deck)})
