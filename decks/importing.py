"""Taking a deck in: a shorthand text file, a folder, or a .zip of a folder.

One function, `import_deck`, stores a deck read by `read_deck_path` (the
`import_deck` command) or `read_deck_upload` (the web form). Everything is
checked before anything is written, and the writing is one transaction, so a
deck is imported whole or not at all. Every problem raises DeckImportError
with a message that names the file and line, or the zip entry.

Slips that the decks' old toolchain showed anyway do not stop an import: an
unclosed `.name[`, an unknown `$$` command, a file in `images/` that is not
an image (`.DS_Store`, a README, a backup, a folder of sources). The deck is
stored and each slip comes back as an ImportWarning (file, line, what, and
what the deck does now). What cannot be stored is still refused: text that
is not UTF-8 or holds NUL, anything over a limit, paths leaving the folder,
zip bombs, and a file named as an image that is not one.

A folder (or zip) holds one shorthand text file (`myslides.txt`, or the only
`.txt`) and an `images/` folder beside it; other files are ignored. Text is
UTF-8; a byte-order mark is dropped and CRLF line ends become LF.

Images are checked with Pillow (PNG, JPEG, GIF, WebP). An SVG must be XML
with an <svg> root and declare no entities; scripts, event handlers, foreignObject,
embedded documents and javascript:/data: links are removed from it (the file
is stored unchanged when there is nothing to remove). The asset view serves
SVGs with a sandboxing Content-Security-Policy as well.
"""

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from PIL import Image

from .models import RESERVED_SLUGS, SLUG_MAX_LENGTH, Asset, Deck, Revision, Slide, slug_for
from .shorthand import join_slides, parse, split_slides

# Limits. The byte limits can be changed in settings.
MAX_TEXT_BYTES = getattr(settings, "DECK_TEXT_MAX_BYTES", 2 * 1024 * 1024)
MAX_IMAGE_BYTES = settings.ASSET_MAX_BYTES
MAX_UPLOAD_BYTES = settings.DECK_UPLOAD_MAX_BYTES  # a .txt or .zip as uploaded
MAX_EXPANDED_BYTES = getattr(settings, "DECK_EXPANDED_MAX_BYTES", 200 * 1024 * 1024)  # a zip's files, unpacked
MAX_IMAGES = 1000
MAX_SLIDES = 5000
MAX_ZIP_ENTRIES = 5000
MAX_IMAGE_PIXELS = 60_000_000
MAX_NAME_LENGTH = Asset._meta.get_field("name").max_length

TEXT_FILE_NAME = "myslides.txt"
IMAGE_FOLDER = "images"
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
SVG_TYPE = "image/svg+xml"

_SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
_SVG_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener", "audio", "video"}
_DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

ElementTree.register_namespace("", _SVG_NAMESPACE)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")


class DeckImportError(Exception):
    """A deck that cannot be imported; the message says where and why."""


@dataclass
class DeckImage:
    name: str  # as the deck refers to it: images/<name>
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ImportWarning:
    """A slip in an imported deck that did not stop the import."""

    file: str
    line: int | None
    message: str
    now: str  # what the deck does about it

    def __str__(self):
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.message}; {self.now}"


# Files in images/ whose names say they are images: these must be images.
# Anything else there (.DS_Store, README, editor backups, sources) is skipped.
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
SKIPPED_FILE_NOW = "skipped; the deck was imported without it"


def named_as_image(name):
    return name.lower().endswith(IMAGE_EXTENSIONS)


def skipped_files(label, names):
    """An ImportWarning for each path under images/ that is not an image; one for a whole hidden folder (`.git/`)."""
    warnings, hidden_folders = [], set()
    for name in names:
        if _image_entry(name):
            continue
        parts = PurePosixPath(name).parts
        hidden = next((index for index, part in enumerate(parts[:-1]) if not _visible(part)), None)
        if hidden is None:
            warnings.append(ImportWarning(f"{label}{name}", None, "not an image file", SKIPPED_FILE_NOW))
            continue
        folder = "/".join(parts[: hidden + 1]) + "/"
        if folder not in hidden_folders:
            hidden_folders.add(folder)
            warnings.append(ImportWarning(f"{label}{folder}", None, "a hidden folder", SKIPPED_FILE_NOW))
    return warnings


@dataclass
class DeckSource:
    """A deck read from a file, folder or zip, checked and ready to store."""

    file_name: str  # what the user gave: myslides.txt, talk/, talk.zip
    text_name: str  # the shorthand file within it, for messages
    text: str
    slug_hint: str
    images: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # ImportWarning, for files skipped while reading


@dataclass
class ImportedDeck:
    deck: Deck
    missing_assets: list
    warnings: list = field(default_factory=list)  # ImportWarning


def page_paths(slug):
    """The pages of a deck, as printed after an import."""
    return {
        "projector": f"/talks/{slug}/",
        "presenter": f"/talks/{slug}/presenter/",
        "follow": f"/talks/{slug}/follow/",
        "edit": f"/decks/{slug}/edit/",
    }


# Reading ------------------------------------------------------------------


def read_deck_path(path):
    """A deck from a path on disk: a text file, a folder, or a .zip."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if not path.is_file():
        raise DeckImportError(f"{path}: no such file or folder")
    if path.suffix.lower() == ".zip":
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise DeckImportError(f"{path.name}: the file is larger than {_size(MAX_UPLOAD_BYTES)}")
        return read_deck_file(path.name, path.read_bytes())
    slug_hint = path.parent.name if path.name == TEXT_FILE_NAME else path.stem
    return _read_text_and_images(path.name, path, slug_hint, *_folder_images(path.parent / IMAGE_FOLDER))


def read_deck_upload(uploaded_file):
    """A deck from an uploaded .txt or .zip (a Django UploadedFile)."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise DeckImportError(f"{uploaded_file.name}: the file is larger than {_size(MAX_UPLOAD_BYTES)}")
    return read_deck_file(uploaded_file.name, uploaded_file.read())


def read_deck_file(file_name, data):
    """A deck from the bytes of a .txt or a .zip file."""
    file_name = PurePosixPath(file_name.replace("\\", "/")).name or "deck"
    if len(data) > MAX_UPLOAD_BYTES:
        raise DeckImportError(f"{file_name}: the file is larger than {_size(MAX_UPLOAD_BYTES)}")
    stem = PurePosixPath(file_name).stem
    if file_name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        return _read_zip(file_name, data, stem)
    if not file_name.lower().endswith(".txt"):
        raise DeckImportError(f"{file_name}: expected a shorthand .txt file or a .zip of a deck folder")
    return DeckSource(file_name, file_name, decode_text(file_name, data), stem)


def decode_text(label, data):
    """The text of a shorthand file, or DeckImportError naming the line at fault."""
    if len(data) > MAX_TEXT_BYTES:
        raise DeckImportError(f"{label}: the text is larger than {_size(MAX_TEXT_BYTES)}")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DeckImportError(f"{label}, line {line}: contains a NUL byte; is this a text file?")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DeckImportError(f"{label}, line {line}: not UTF-8 text (byte 0x{data[error.start]:02x})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _read_text_and_images(file_name, text_path, slug_hint, images, warnings=()):
    if text_path.stat().st_size > MAX_TEXT_BYTES:
        raise DeckImportError(f"{text_path.name}: the text is larger than {_size(MAX_TEXT_BYTES)}")
    text = decode_text(text_path.name, text_path.read_bytes())
    return DeckSource(file_name, text_path.name, text, slug_hint, images, list(warnings))


def _read_folder(folder):
    candidates = sorted(
        path for path in folder.iterdir() if path.is_file() and path.suffix.lower() == ".txt" and _visible(path.name)
    )
    text_path = _choose_text_file(f"{folder.name}/", [path.name for path in candidates])
    return _read_text_and_images(f"{folder.name}/", folder / text_path, folder.name, *_folder_images(folder / IMAGE_FOLDER))


def _folder_images(images_folder):
    """(images, warnings) for the files under `images_folder`."""
    if not images_folder.is_dir():
        return [], []
    files = sorted(path for path in images_folder.rglob("*") if path.is_file())
    warnings = skipped_files(f"{IMAGE_FOLDER}/", [path.relative_to(images_folder).as_posix() for path in files])
    files = [path for path in files if _image_entry(path.relative_to(images_folder).as_posix())]
    if len(files) > MAX_IMAGES:
        raise DeckImportError(f"{images_folder}: more than {MAX_IMAGES} images")
    if sum(path.stat().st_size for path in files) > MAX_EXPANDED_BYTES:
        raise DeckImportError(f"{images_folder}: the images add up to more than {_size(MAX_EXPANDED_BYTES)}")
    images = []
    for path in files:
        name = path.relative_to(images_folder).as_posix()
        label = f"{IMAGE_FOLDER}/{name}"
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise DeckImportError(f"{label}: the image is larger than {_size(MAX_IMAGE_BYTES)}")
        images.append(check_image(label, name, path.read_bytes()))
    return images, warnings


def _choose_text_file(where, names):
    if TEXT_FILE_NAME in names:
        return TEXT_FILE_NAME
    if len(names) == 1:
        return names[0]
    if not names:
        raise DeckImportError(f"{where}: no shorthand .txt file found (expected {TEXT_FILE_NAME})")
    raise DeckImportError(f"{where}: several .txt files ({', '.join(names)}); name the deck's one {TEXT_FILE_NAME}")


def _read_zip(file_name, data, slug_hint):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise DeckImportError(f"{file_name}: not a readable zip file") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise DeckImportError(f"{file_name}: more than {MAX_ZIP_ENTRIES} files in the zip")
    for entry in entries:
        _check_entry_path(file_name, entry.filename)
    if sum(entry.file_size for entry in entries) > MAX_EXPANDED_BYTES:
        raise DeckImportError(f"{file_name}: the zip expands to more than {_size(MAX_EXPANDED_BYTES)}")

    visible = [entry for entry in entries if all(_visible(part) for part in PurePosixPath(entry.filename).parts)]
    texts = [PurePosixPath(entry.filename) for entry in visible if entry.filename.lower().endswith(".txt")]
    texts = [path for path in texts if IMAGE_FOLDER not in path.parts[:-1]]
    if not texts:
        raise DeckImportError(f"{file_name}: no shorthand .txt file found (expected {TEXT_FILE_NAME})")
    depth = min(len(path.parts) for path in texts)
    top = [path for path in texts if len(path.parts) == depth]
    root = top[0].parent
    chosen = _choose_text_file(f"{file_name}: {root.as_posix()}/" if depth > 1 else file_name,
                               [path.name for path in top if path.parent == root])  # fmt: skip
    text_entry = (root / chosen).as_posix()
    if depth > 1:
        slug_hint = root.name

    images_prefix = f"{(root / IMAGE_FOLDER).as_posix()}/".removeprefix("./")
    in_images = [entry for entry in entries if entry.filename.startswith(images_prefix)]
    image_entries = [entry for entry in in_images if _image_entry(entry.filename[len(images_prefix) :])]
    warnings = skipped_files(f"{file_name}: {images_prefix}", [entry.filename[len(images_prefix) :] for entry in in_images])
    if len(image_entries) > MAX_IMAGES:
        raise DeckImportError(f"{file_name}: more than {MAX_IMAGES} images")

    def read(entry, limit):
        if entry.file_size > limit:
            raise DeckImportError(f"{file_name}: {entry.filename}: larger than {_size(limit)}")
        try:
            with archive.open(entry) as stream:
                content = stream.read(limit + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as error:
            raise DeckImportError(f"{file_name}: {entry.filename}: cannot be read from the zip ({error})") from None
        if len(content) > limit:
            raise DeckImportError(f"{file_name}: {entry.filename}: larger than {_size(limit)}")
        return content

    text_label = f"{file_name}: {text_entry}"
    text = decode_text(text_label, read(archive.getinfo(text_entry), MAX_TEXT_BYTES))
    images = []
    for entry in image_entries:
        name = entry.filename[len(images_prefix) :]
        images.append(check_image(f"{file_name}: {entry.filename}", name, read(entry, MAX_IMAGE_BYTES)))
    return DeckSource(file_name, text_label, text, slug_hint, images, warnings)


def _check_entry_path(file_name, entry_name):
    path = PurePosixPath(entry_name)
    if (
        "\\" in entry_name
        or path.is_absolute()
        or ".." in path.parts
        or re.match(r"^[A-Za-z]:", entry_name)
        or _CONTROL_CHARACTERS.search(entry_name)
    ):
        raise DeckImportError(f"{file_name}: {entry_name}: paths in the zip may not leave the deck's folder")


def _visible(name):
    return not name.startswith(".") and name != "__MACOSX"


def _image_entry(name):
    """True for a path under images/ that should be an image: visible, and named like one."""
    return all(_visible(part) for part in PurePosixPath(name).parts) and named_as_image(name)


def _size(limit):
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


# Images -------------------------------------------------------------------


def check_image(label, name, data):
    """A DeckImage, or DeckImportError if `data` is not an image we store."""
    if len(name) > MAX_NAME_LENGTH or _CONTROL_CHARACTERS.search(name) or not name.strip():
        raise DeckImportError(f"{label}: unusable image file name")
    if len(data) > MAX_IMAGE_BYTES:
        raise DeckImportError(f"{label}: the image is larger than {_size(MAX_IMAGE_BYTES)}")
    if name.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>"):
        return DeckImage(name, SVG_TYPE, clean_svg(label, data))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise DeckImportError(f"{label}: the image has more than {MAX_IMAGE_PIXELS:,} pixels")
                image.verify()
        except DeckImportError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise DeckImportError(f"{label}: the image has too many pixels") from None
        except Exception:
            raise DeckImportError(f"{label}: not an image (PNG, JPEG, GIF, WebP or SVG)") from None
    if kind not in IMAGE_TYPES:
        raise DeckImportError(f"{label}: {kind} images are not supported; use PNG, JPEG, GIF, WebP or SVG")
    return DeckImage(name, IMAGE_TYPES[kind], data)


def clean_svg(label, data):
    """An SVG's bytes with anything that could run script removed."""
    if b"<!entity" in data.lower():
        raise DeckImportError(f"{label}: SVG that declares entities is not accepted")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise DeckImportError(f"{label}: not an image: the SVG is not well-formed XML ({error})") from None
    if root.tag not in (f"{{{_SVG_NAMESPACE}}}svg", "svg"):
        raise DeckImportError(f"{label}: not an SVG image (the root element is not <svg>)")
    if not _remove_active_content(root):
        return data
    try:
        cleaned = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    except RecursionError:
        raise DeckImportError(f"{label}: the SVG is nested too deeply") from None
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


# Storing ------------------------------------------------------------------


def deck_title(parsed, fallback):
    """The first heading of the first slide, as plain text."""
    for slide in parsed.slides[:1]:
        for step in slide.steps[:1]:
            for line in step.markdown.split("\n"):
                if line.startswith("#"):
                    title = re.sub(r"<[^>]*>|\.[A-Za-z_-][\w-]*\[|[\]*_`#]", " ", line)
                    title = " ".join(title.split())
                    if title:
                        return title[: Deck._meta.get_field("title").max_length]
    return fallback


def check_slug(slug):
    try:
        validate_slug(slug)
    except ValidationError:
        raise DeckImportError(f"{slug!r} is not a usable slug: use letters, numbers, hyphens and underscores") from None
    if slug in RESERVED_SLUGS or len(slug) > SLUG_MAX_LENGTH:
        raise DeckImportError(f"{slug!r} cannot be a deck's slug; choose another")
    return slug


def check_text(source, prompt_host="myrtle"):
    """The parsed deck, or DeckImportError for the first problem in it that is not a warning."""
    slide_count = len(split_slides(source.text))
    if slide_count > MAX_SLIDES:
        raise DeckImportError(f"{source.text_name}: {slide_count:,} slides is more than the {MAX_SLIDES:,} a deck may have")
    parsed = parse(source.text, prompt_host)
    errors = [problem for problem in parsed.problems if not problem.warning]
    if errors:
        first = errors[0]
        more = len(errors) - 1
        also = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise DeckImportError(f"{source.text_name}, line {first.line}: {first.message}{also}")
    if not parsed.slides or not source.text.strip():
        raise DeckImportError(f"{source.text_name}: the file has no slides")
    return parsed


def import_deck(source, owner, slug=None, replace=False, title=None, unique_slug=False):
    """Stores a DeckSource as a new deck at version 1 with its first revision.

    `slug` defaults to one made from the file or folder name (or the title,
    for a file called myslides.txt). An existing deck with that slug is an
    error unless `unique_slug` is true (then -2, -3… is appended) or
    `replace` is true (then it is deleted in the same transaction).
    """
    parsed = check_text(source)
    title = title or deck_title(parsed, source.slug_hint)
    hint = title if source.slug_hint in ("", Path(TEXT_FILE_NAME).stem) else source.slug_hint
    slug = check_slug(slug) if slug else slug_for(hint)
    pairs = split_slides(source.text)
    images = {image.name: image for image in source.images}

    with transaction.atomic():
        if unique_slug:
            deck = Deck.objects.create_with_free_slug(slug, owner=owner, title=title or slug, version=1)
        else:
            existing = Deck.objects.select_for_update().filter(slug=slug)
            if existing.exists():
                if not replace:
                    raise DeckImportError(f"{source.file_name}: a deck with the slug {slug!r} exists already")
                existing.delete()
            try:
                with transaction.atomic():
                    deck = Deck.objects.create(owner=owner, slug=slug, title=title or slug, version=1)
            except IntegrityError:
                raise DeckImportError(f"{source.file_name}: a deck with the slug {slug!r} was created meanwhile") from None
        Slide.objects.bulk_create(
            Slide(deck=deck, position=position, source=text, notes=notes) for position, (text, notes) in enumerate(pairs)
        )
        assets = []
        for image in sorted(images.values(), key=lambda image: image.name):
            asset = Asset(deck=deck, name=image.name, content_type=image.content_type)
            asset.set_data(image.data)
            assets.append(asset)
        Asset.objects.bulk_create(assets)
        Revision.objects.create(
            deck=deck,
            version=1,
            author=owner,
            summary=f"Imported from {source.file_name}"[: Revision._meta.get_field("summary").max_length],
            text=join_slides(pairs),
            assets=[{"name": asset.name, "checksum": asset.checksum, "size": asset.size} for asset in assets],
        )
    warnings = [*source.warnings, *text_warnings(source, parsed)]
    return ImportedDeck(deck=deck, missing_assets=deck.render().missing_assets, warnings=warnings)


def text_warnings(source, parsed):
    """ImportWarning for each slip in the text that did not stop the import."""
    return [
        ImportWarning(source.text_name, problem.line, problem.message, problem.now)
        for problem in parsed.problems
        if problem.warning
    ]
