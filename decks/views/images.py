"""A deck's images and fonts: upload, rename and delete from the editor, and serve them with its stylesheet.

Every file of a deck (its images, its fonts and its compiled stylesheet) is
served through `deck_file_response`, after `get_deck_for_files` has said who
may have it: the one place for access, caching and the headers that keep a
file from running anything.
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from talks_site.http import text_field, version_field
from talks_site.request_bodies import UPLOADS, body_limit

from .. import domain
from ..access import cache_control, get_deck_for_files, get_deck_for_owner
from ..images import check_image, check_size
from ..looks import compiled_stylesheet
from ..models import Asset, Look
from .editor import deck_endpoint

# An SVG opened on its own must not run script or load anything.
DECK_FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@body_limit(UPLOADS)
@deck_endpoint(uploads=True)
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
def describe_image(request, deck, data, asset_id):
    decorative = data.get("decorative", False)
    if not isinstance(decorative, bool):
        raise domain.EditError("“decorative” must be true or false.")
    version = domain.describe_asset(
        deck,
        asset_id=asset_id,
        description=text_field(data, "description", required=not decorative),
        decorative=decorative,
        based_on=version_field(data),
        author=request.user,
    )
    return JsonResponse({"version": version})


@deck_endpoint
def delete_image(request, deck, data, asset_id):
    version = domain.delete_asset(deck, asset_id=asset_id, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version})


def deck_file_response(request, deck, *, etag, content_type, read, owner_only=False):
    """A file of `deck` whose address changes with its content, or 304 when the browser's copy is current.

    `etag` names the content (its checksum); `read()` gives the bytes and is
    called only when they are sent. Cache-Control follows the deck's
    visibility (decks.access.cache_control), and is private for a file only
    its owner gets.
    """
    response = HttpResponse(content_type=content_type)
    response["ETag"] = quote_etag(etag)
    response["Cache-Control"] = "private, no-cache" if owner_only else cache_control(deck)
    response["Content-Security-Policy"] = DECK_FILE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    answer = get_conditional_response(request, etag=response["ETag"], response=response)
    if answer is not response:
        return answer
    response.content = read()
    return response


def _stored_file(deck, checksum, name, kind):
    files = deck.assets.fonts() if kind == "font" else deck.assets.images()
    try:
        stored = files.defer("data", "display_data").get(name=name)
    except Asset.DoesNotExist:
        raise Http404(f"This deck has no {kind} of that name.") from None
    if not stored.checksum.startswith(checksum):
        raise Http404(f"That version of the {kind} is gone.")
    return stored


@require_GET
def asset(request, slug, checksum, name):
    """An image as the slides show it (its display copy), to whoever may see the deck or holds a working link to it."""
    deck = get_deck_for_files(request, slug)
    image = _stored_file(deck, checksum, name, "image")
    return deck_file_response(
        request, deck, etag=image.checksum, content_type=image.content_type, read=image.shown_bytes
    )


@require_GET
def asset_original(request, slug, checksum, name):
    """An image as it was uploaded, for the deck's owner to download."""
    deck = get_deck_for_owner(request, slug)
    image = _stored_file(deck, checksum, name, "image")
    response = deck_file_response(
        request,
        deck,
        etag=f"{image.checksum}-original",
        content_type=image.content_type,
        read=lambda: bytes(Asset.objects.values_list("data", flat=True).get(pk=image.pk)),
        owner_only=True,
    )
    response["Content-Disposition"] = content_disposition_header(True, image.name.rsplit("/", 1)[-1])
    return response


@require_GET
def font(request, slug, checksum, name):
    """A font of a deck, as its stylesheet loads it."""
    deck = get_deck_for_files(request, slug)
    stored = _stored_file(deck, checksum, name, "font")
    return deck_file_response(request, deck, etag=stored.checksum, content_type=stored.content_type, read=stored.shown_bytes)


@require_GET
def stylesheet(request, slug, digest):
    """The deck's own stylesheet, compiled (decks/stylesheets.py), under the digest of its content."""
    deck = get_deck_for_files(request, slug)
    compiled = compiled_stylesheet(deck) if deck.look == Look.OWN else None
    if not compiled or compiled.digest != digest:
        raise Http404("That version of the deck's stylesheet is gone.")
    return deck_file_response(
        request, deck, etag=compiled.digest, content_type="text/css; charset=utf-8", read=compiled.css.encode
    )
