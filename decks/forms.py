import io
import warnings
import xml.etree.ElementTree as ElementTree

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image

from .models import Deck

RASTER_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
# Elements that run script, embed other documents or load active content.
SVG_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}


class DeckCreateForm(forms.Form):
    title = forms.CharField(max_length=200, strip=True)


class DeckSettingsForm(forms.ModelForm):
    class Meta:
        model = Deck
        fields = ["title", "visibility", "target_minutes", "prompt_host"]
        labels = {"target_minutes": "Target length (minutes)", "prompt_host": "Host name in terminal prompts"}
        widgets = {"visibility": forms.RadioSelect}


def check_image_size(name, size):
    limit = settings.ASSET_MAX_BYTES
    if size > limit:
        raise forms.ValidationError(f"{name} is {filesizeformat(size)}; images may be at most {filesizeformat(limit)}.")


def check_image(name, data):
    """The content type of an uploaded image, or ValidationError with a message naming the file.

    Raster images must open and verify with Pillow. SVG is XML checked for
    anything that could run script or pull in another document; the asset
    view also serves every image with a sandboxing Content-Security-Policy.
    """
    check_image_size(name, len(data))
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise forms.ValidationError(f"{name}: image names end in .png, .jpg, .jpeg, .gif, .webp or .svg.")
    if extension == ".svg":
        _check_svg(name, data)
        return "image/svg+xml"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise forms.ValidationError(f"{name} has too many pixels to be shown on a slide.") from None
    except Exception:
        raise forms.ValidationError(f"{name} is not an image that can be shown (PNG, JPEG, GIF, WebP or SVG).") from None
    if image_format not in RASTER_TYPES:
        raise forms.ValidationError(f"{name} is a {image_format} image; use PNG, JPEG, GIF, WebP or SVG.")
    return RASTER_TYPES[image_format]


def _check_svg(name, data):
    refused = forms.ValidationError(f"{name} is not a valid SVG image.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise refused from None
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise forms.ValidationError(f"{name}: SVG images with a DOCTYPE or entities are not accepted.")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        raise refused from None
    if _local(root.tag) != "svg":
        raise refused
    for element in root.iter():
        if _local(element.tag).lower() in SVG_FORBIDDEN_ELEMENTS:
            raise _scripted(name)
        for attribute, value in element.attrib.items():
            if _local(attribute).lower().startswith("on") or "javascript:" in value.replace(" ", "").lower():
                raise _scripted(name)


def _scripted(name):
    return forms.ValidationError(f"{name} contains script or embedded content; SVG images must be plain drawings.")


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
