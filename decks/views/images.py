"""A deck's images: upload, rename and delete from the editor, and serve them."""

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .. import editing
from ..access import get_deck_for_viewer
from ..forms import check_image, check_image_size
from ..models import Asset
from .editor import _text, json_endpoint

ASSET_CACHE_SECONDS = 365 * 24 * 60 * 60


@json_endpoint
def upload_images(request, deck, data):
    """Store one or more uploaded images; all are checked before any is stored."""
    files = request.FILES.getlist("images")
    if not files:
        raise editing.EditError("Choose one or more image files to upload.")
    checked = []
    for upload in files:
        name = editing.check_asset_name(upload.name.rsplit("/", 1)[-1])
        check_image_size(name, upload.size)
        data_bytes = upload.read()
        checked.append((name, check_image(name, data_bytes), data_bytes))
    version = data.get("version")
    for name, content_type, data_bytes in checked:
        version, asset = editing.put_asset(
            deck, name=name, content_type=content_type, data=data_bytes, based_on=version, author=request.user
        )
    return JsonResponse({"version": version, "names": [name for name, _, _ in checked]})


@json_endpoint
def rename_image(request, deck, data, asset_id):
    version = editing.rename_asset(
        deck, asset_id=asset_id, name=_text(data, "name"), based_on=data.get("version"), author=request.user
    )
    return JsonResponse({"version": version})


@json_endpoint
def delete_image(request, deck, data, asset_id):
    version = editing.delete_asset(deck, asset_id=asset_id, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version})


@require_GET
def asset(request, slug, checksum, name):
    """An image of a deck. The checksum in the address makes it safe to cache forever."""
    deck = get_deck_for_viewer(request, slug)
    try:
        image = deck.assets.get(name=name)
    except Asset.DoesNotExist:
        raise Http404("This deck has no image of that name.") from None
    if not image.checksum.startswith(checksum):
        raise Http404("That version of the image is gone.")
    response = HttpResponse(bytes(image.data), content_type=image.content_type)
    response["Cache-Control"] = f"public, max-age={ASSET_CACHE_SECONDS}, immutable"
    response["ETag"] = f'"{image.checksum}"'
    # An SVG opened on its own must not run script or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
