"""A deck's images and fonts: upload, rename and delete from the editor, and serve them with its stylesheet.

Images, fonts and the deck's compiled stylesheet are served one way
(`asset_response`), after the same access check as the deck's pages.
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from talks_site.http import text_field, version_field

from .. import domain
from ..access import get_deck_for_viewer
from ..images import check_image, check_size
from ..looks import compiled_stylesheet
from ..models import Asset, Look
from .editor import deck_endpoint

ASSET_CACHE_SECONDS = 365 * 24 * 60 * 60


@deck_endpoint
def upload_images(request, deck, data):
    """Store one or more uploaded images; all are checked before any is stored.

    Each is stored under its file name, or, for a single file, under the
    `name` posted with it: that replaces an image whose name has a folder
    (`icons/a.svg`, as imported), which a browser's file name cannot carry.
    """
    files = request.FILES.getlist("images")
    if not files:
        raise domain.EditError("Choose one or more image files to upload.")
    if data.get("name") and len(files) > 1:
        raise domain.EditError("Give a name to one image at a time.")
    checked = []
    for upload in files:
        name = data.get("name") or upload.name.rsplit("/", 1)[-1]
        check_size(name, upload.size)
        checked.append(check_image(name, name, upload.read()))
    version = version_field(data)
    for image in checked:
        version, asset = domain.put_asset(
            deck, name=image.name, content_type=image.content_type, data=image.data, based_on=version, author=request.user
        )
    return JsonResponse({"version": version, "names": [image.name for image in checked]})


@deck_endpoint
def rename_image(request, deck, data, asset_id):
    version = domain.rename_asset(
        deck, asset_id=asset_id, name=text_field(data, "name"), based_on=version_field(data), author=request.user
    )
    return JsonResponse({"version": version})


@deck_endpoint
def delete_image(request, deck, data, asset_id):
    version = domain.delete_asset(deck, asset_id=asset_id, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version})


def asset_response(request, deck, data, content_type, etag):
    """A deck's file, cacheable for good: its address changes with its content."""
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={ASSET_CACHE_SECONDS}, immutable"
    response["ETag"] = f'"{etag}"'
    # An SVG opened on its own must not run script or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _stored_file(request, slug, checksum, name, kind):
    deck = get_deck_for_viewer(request, slug)
    files = deck.assets.fonts() if kind == "font" else deck.assets.images()
    try:
        stored = files.get(name=name)
    except Asset.DoesNotExist:
        raise Http404(f"This deck has no {kind} of that name.") from None
    if not stored.checksum.startswith(checksum):
        raise Http404(f"That version of the {kind} is gone.")
    return asset_response(request, deck, bytes(stored.data), stored.content_type, stored.checksum)


@require_GET
def asset(request, slug, checksum, name):
    """An image of a deck. The checksum in the address makes it safe to cache forever."""
    return _stored_file(request, slug, checksum, name, "image")


@require_GET
def font(request, slug, checksum, name):
    """A font of a deck, as its stylesheet loads it."""
    return _stored_file(request, slug, checksum, name, "font")


@require_GET
def stylesheet(request, slug, digest):
    """The deck's own stylesheet, compiled (decks/stylesheets.py), under the digest of its content."""
    deck = get_deck_for_viewer(request, slug)
    compiled = compiled_stylesheet(deck) if deck.look == Look.OWN else None
    if not compiled or compiled.digest != digest:
        raise Http404("That version of the deck's stylesheet is gone.")
    return asset_response(request, deck, compiled.css.encode(), "text/css; charset=utf-8", compiled.digest)
