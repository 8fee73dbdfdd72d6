"""The one font policy of a deck, for the editor's upload, the importer and the admin alike.

* Names: a file name without folders, ending in .ttf, .otf, .woff or .woff2.
  A deck's stylesheet names a font as `fonts/NAME` (or NAME alone).
* Content: the bytes must be a font of the kind the name says (TrueType,
  OpenType, WOFF, WOFF2; not a collection) that fontTools can open, with the
  tables a browser needs to draw it (`cmap`, `head`, `name`). A zip or an
  image named .ttf is refused.
* Limits: FONT_MAX_BYTES per font and DECK_MAX_FONTS per deck, in settings.

Every refusal is one FontRefused whose message starts with the file's label.
"""

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from fontTools.ttLib import TTFont, TTLibError

from .images import CONTROL_CHARACTERS

EXTENSIONS = (".ttf", ".otf", ".woff", ".woff2")
# What the first four bytes say, and the type the font is served as.
SIGNATURES = {
    b"\x00\x01\x00\x00": "font/ttf",
    b"true": "font/ttf",
    b"OTTO": "font/otf",
    b"wOFF": "font/woff",
    b"wOF2": "font/woff2",
}
EXTENSION_TYPES = {".ttf": {"font/ttf", "font/otf"}, ".otf": {"font/otf", "font/ttf"}, ".woff": {"font/woff"}, ".woff2": {"font/woff2"}}
REQUIRED_TABLES = ("cmap", "head", "name")
NAME_MAX_LENGTH = 200


class FontRefused(ValueError):
    """A font the deck cannot take; the message names the file and says why."""


@dataclass
class CheckedFont:
    name: str
    content_type: str
    data: bytes
    family: str  # as the font names itself, for the look panel


def size_text(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MiB"
    return f"{size:,} bytes"


def is_font_name(name):
    return (name or "").lower().endswith(EXTENSIONS)


def check_name(name, label=None):
    """`name` trimmed, or FontRefused."""
    label = label or name
    name = (name or "").strip()
    if (
        not name
        or len(name) > NAME_MAX_LENGTH
        or CONTROL_CHARACTERS.search(name)
        or "/" in name
        or "\\" in name
        or name.startswith(".")
    ):
        raise FontRefused(f"{label}: unusable font name; use a file name such as PTSans-Regular.woff2, without folders")
    if not is_font_name(name):
        raise FontRefused(f"{label}: font names end in .ttf, .otf, .woff or .woff2")
    return name


def check_size(label, size):
    limit = settings.FONT_MAX_BYTES
    if size > limit:
        raise FontRefused(f"{label}: the font is {size_text(size)}; fonts may be at most {size_text(limit)}")


def check_count(count):
    limit = settings.DECK_MAX_FONTS
    if count > limit:
        raise FontRefused(f"{count} fonts is more than the {limit} a deck may have; remove the ones it does not use")


def check_font(label, name, data):
    """A CheckedFont, or FontRefused if `data` is not a font a deck may use."""
    name = check_name(name, label)
    check_size(label, len(data))
    content_type = SIGNATURES.get(bytes(data[:4]))
    if content_type is None:
        raise FontRefused(f"{label}: not a font (TrueType, OpenType, WOFF or WOFF2)")
    extension = PurePosixPath(name).suffix.lower()
    if content_type not in EXTENSION_TYPES[extension]:
        raise FontRefused(f"{label}: the file is a {content_type.split('/')[1].upper()} font, not what {extension} says")
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        missing = [table for table in REQUIRED_TABLES if table not in font]
        family = "" if missing else (font["name"].getBestFamilyName() or "")
    except (TTLibError, Exception) as error:  # a damaged font can fail anywhere in fontTools
        raise FontRefused(f"{label}: not a font that can be read ({type(error).__name__})") from None
    if missing:
        raise FontRefused(f"{label}: not a usable font (no {', '.join(missing)} table)")
    return CheckedFont(name, content_type, bytes(data), family)
