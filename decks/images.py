"""The one image policy of a deck, for the editor's upload and the importer alike.

* Names: what the deck's text calls the file, as it sits under `images/`.
  Folders are allowed (`icons/a.svg`, as imported decks have them); a name
  may not leave the folder, hide a part (`.x`), hold control characters or a
  backslash, and ends in an image extension.
* Content: rasters must open and verify with Pillow (PNG, JPEG, GIF, WebP)
  and stay under a pixel cap, so a small file cannot decode into gigabytes.
  An SVG must be XML with an <svg> root and declare no entities; scripts,
  event handlers, foreignObject, embedded documents, media and
  javascript:/vbscript:/data: links are removed from it (the file is stored
  unchanged when there is nothing to remove). The asset view serves every
  image with a sandboxing Content-Security-Policy as well.
* Display copies: what the slides show of a raster larger than
  IMAGE_DISPLAY_MAX_WIDTH × IMAGE_DISPLAY_MAX_HEIGHT is a copy Pillow makes
  to fit (`display_copy`); a phone in the audience never decodes more. The
  original is kept for export and the owner's download.
* Limits: ASSET_MAX_BYTES, IMAGE_MAX_PIXELS and the display box in settings.

Every refusal is one ImageRefused whose message starts with the file's label.
"""

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree import ElementTree

from django.conf import settings
from PIL import Image, ImageOps, ImageSequence

from talks_site.sizes import size_text

RASTER_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
SVG_TYPE = "image/svg+xml"
EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
# What the editor's file chooser offers: the same extensions, and the types.
UPLOAD_ACCEPT = ",".join([*EXTENSIONS, *RASTER_TYPES.values(), SVG_TYPE])
NAME_MAX_LENGTH = 200  # Asset.name

_SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
_SVG_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener", "audio", "video"}
_DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
# Not in a name, nor in a path inside an imported zip.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_EXIF_ORIENTATION = 0x0112
_TURNED = {5, 6, 7, 8}  # orientations that swap width and height
# How each format's display copy is saved: good enough to project, far smaller than lossless.
_SAVE_OPTIONS = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {}, "GIF": {}}

ElementTree.register_namespace("", _SVG_NAMESPACE)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")


class ImageRefused(ValueError):
    """An image the deck cannot take; the message names the file and says why."""


@dataclass
class CheckedImage:
    name: str  # as the deck refers to it: images/<name>
    content_type: str
    data: bytes  # what is stored: an SVG without its active parts


def named_as_image(name):
    """True for a file name that ends in an image extension (the rest of the name is not checked)."""
    return name.lower().endswith(EXTENSIONS)


def check_name(name, label=None):
    """`name` with surrounding spaces trimmed, or ImageRefused."""
    label = label or name
    name = (name or "").strip()
    parts = PurePosixPath(name).parts if name else ()
    if (
        not name
        or len(name) > NAME_MAX_LENGTH
        or CONTROL_CHARACTERS.search(name)
        or "\\" in name
        or name.startswith("/")
        or name.endswith("/")
        or "//" in name
        or any(part.startswith(".") or part != part.strip() for part in parts)
    ):
        raise ImageRefused(
            f"{label}: unusable image name; use letters, digits, spaces and . _ - + @ ( ), with folders "
            f"separated by /, at most {NAME_MAX_LENGTH} characters, e.g. footer.svg or icons/python.png"
        )
    if not named_as_image(name):
        *others, last = EXTENSIONS
        raise ImageRefused(f"{label}: image names end in {', '.join(others)} or {last}")
    return name


def check_size(label, size):
    limit = settings.ASSET_MAX_BYTES
    if size > limit:
        raise ImageRefused(f"{label}: the image is {size_text(size)}; images may be at most {size_text(limit)}")


def check_image(label, name, data):
    """A CheckedImage, or ImageRefused if `data` is not an image a deck may show."""
    name = check_name(name, label)
    check_size(label, len(data))
    if name.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>"):
        return CheckedImage(name, SVG_TYPE, clean_svg(label, data))
    limit = settings.IMAGE_MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                if image.width * image.height > limit:
                    raise ImageRefused(f"{label}: the image has more than {limit:,} pixels")
                image.verify()
        except ImageRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRefused(f"{label}: the image has too many pixels") from None
        except Exception:
            raise ImageRefused(f"{label}: not an image (PNG, JPEG, GIF, WebP or SVG)") from None
    if kind not in RASTER_TYPES:
        raise ImageRefused(f"{label}: {kind} images are not supported; use PNG, JPEG, GIF, WebP or SVG")
    return CheckedImage(name, RASTER_TYPES[kind], data)


def display_copy(data: bytes, content_type: str) -> bytes | None:
    """The image as the slides show it, when it is larger than the display box; None when the original fits.

    Same format, scaled to fit IMAGE_DISPLAY_MAX_WIDTH × IMAGE_DISPLAY_MAX_HEIGHT
    with its proportions, turned the way its EXIF orientation says (and
    without its EXIF, which may hold where a photo was taken), every frame
    of an animation kept with its timing. SVGs are drawn at the size they
    are shown and have none. An image Pillow verified but cannot decode is
    shown as it is, as before.
    """
    if content_type not in RASTER_TYPES.values():
        return None
    box = (settings.IMAGE_DISPLAY_MAX_WIDTH, settings.IMAGE_DISPLAY_MAX_HEIGHT)
    try:
        with Image.open(io.BytesIO(data)) as image:
            turned = image.getexif().get(_EXIF_ORIENTATION, 1) in _TURNED
            width, height = (image.height, image.width) if turned else image.size
            if width <= box[0] and height <= box[1]:
                return None
            return _fitted(image, box, turned)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _fitted(image, box, turned):
    kind = image.format
    options = {**_SAVE_OPTIONS[kind], "icc_profile": image.info.get("icc_profile")}
    frames = getattr(image, "n_frames", 1)
    if frames > 1:
        durations, fitted = [], []
        for frame in ImageSequence.Iterator(image):
            durations.append(frame.info.get("duration", 100))
            fitted.append(_fit(frame.convert("RGBA"), box))
        options.update(save_all=True, append_images=fitted[1:], duration=durations, loop=image.info.get("loop", 0))
        if kind == "GIF":
            options["disposal"] = 2
        return _encoded(fitted[0], kind, options)
    if kind == "JPEG":
        # Decodes at the smallest scale (1/2, 1/4, 1/8) still larger than the box.
        image.draft("RGB", (box[1], box[0]) if turned else box)
    shown = ImageOps.exif_transpose(image)
    # Scaled smoothly, not by picking pixels, which is all Pillow does for these modes.
    if shown.mode == "1":
        shown = shown.convert("L")
    elif shown.mode == "P":
        shown = shown.convert("RGBA" if "transparency" in shown.info else "RGB")
    return _encoded(_fit(shown, box), kind, options)


def _fit(image, box):
    image.thumbnail(box, Image.Resampling.LANCZOS)
    return image


def _encoded(image, kind, options):
    if kind == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, kind, **{key: value for key, value in options.items() if value is not None})
    return buffer.getvalue()


def clean_svg(label, data):
    """An SVG's bytes with anything that could run script removed."""
    if b"<!entity" in data.lower():
        raise ImageRefused(f"{label}: SVG that declares entities is not accepted")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise ImageRefused(f"{label}: not an image: the SVG is not well-formed XML ({error})") from None
    if root.tag not in (f"{{{_SVG_NAMESPACE}}}svg", "svg"):
        raise ImageRefused(f"{label}: not an SVG image (the root element is not <svg>)")
    if not _remove_active_content(root):
        return data
    try:
        cleaned = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    except RecursionError:
        raise ImageRefused(f"{label}: the SVG is nested too deeply") from None
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + cleaned


def _local_name(tag):
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _remove_active_content(root):
    """Strips script-capable parts of an SVG tree; True if anything went."""
    removed = False
    pending = [root]
    while pending:
        element = pending.pop()
        for name, value in list(element.attrib.items()):
            if _local_name(name).startswith("on") or _DANGEROUS_URL.match(re.sub(r"[\s\x00-\x1f]", "", value)):
                del element.attrib[name]
                removed = True
        for child in list(element):
            if _is_active(child):
                element.remove(child)
                removed = True
            else:
                pending.append(child)
    return removed


def _is_active(element):
    local = _local_name(element.tag)
    animated = element.get("attributeName", "").rsplit(":", 1)[-1].lower()
    return (
        local in _SVG_ACTIVE_ELEMENTS
        or (local in ("set", "animate") and (animated == "href" or animated.startswith("on")))
        or (isinstance(element.tag, str) and element.tag.startswith(f"{{{_XHTML_NAMESPACE}}}"))
    )
