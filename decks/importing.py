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
`.txt`) and an `images/` folder beside it, and may hold its look: the
stylesheets its `index.html` links (else its top-level `.css` files) and the
fonts they use (decks/look_import.py). A slip in a stylesheet (an `@import`
of a missing file, a rule that cannot be read or is not allowed) is a
warning naming the file and line. Other files are ignored. Text is UTF-8; a
byte-order mark is dropped and CRLF line ends become LF.

Images follow the deck's one image policy (decks/images.py). They are read
and checked one at a time, twice: once while reading, without keeping their
bytes, and once more while storing, each written before the next is read. So
an import holds one image in memory at a time, whatever the archive holds
(docs/benchmarks.md measures it).

The deck's own limits (slides, text, characters and build steps per slide)
are decks/domain.py's, the same as the editor's.
"""

import functools
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from talks_site.sizes import size_text

from . import domain, fonts, stylesheets
from .images import CONTROL_CHARACTERS, ImageRefused, check_image, named_as_image
from .look_import import FolderLook, look_warnings, read_folder_look
from .models import RESERVED_SLUGS, SLUG_MAX_LENGTH, Deck, Look, slug_for
from .shorthand import DEFAULT_PROMPT_HOST, parse, split_slides
from .shorthand.queries import title as first_heading

# Counts; the byte limits are in settings (DECK_TEXT_MAX_BYTES,
# ASSET_MAX_BYTES, DECK_UPLOAD_MAX_BYTES, DECK_EXPANDED_MAX_BYTES).
MAX_IMAGES = 1000
MAX_ZIP_ENTRIES = 5000

TEXT_FILE_NAME = "myslides.txt"
IMAGE_FOLDER = "images"
# What each image shows (its alt text), as an export writes it: {name: {"description", "decorative"}}.
DESCRIPTIONS_FILE = "image-descriptions.json"
DESCRIPTIONS_MAX_BYTES = 1_000_000

class DeckImportError(Exception):
    """A deck that cannot be imported; the message says where and why."""


@dataclass
class DeckImage:
    """An image of a deck being imported: checked once, read again when it is stored."""

    name: str  # as the deck refers to it: images/<name>
    label: str  # where it is, for messages
    read: object  # () -> its bytes

    def load(self):
        """The checked image (decks.images.CheckedImage), its bytes read afresh."""
        try:
            return check_image(self.label, self.name, self.read())
        except ImageRefused as refused:
            raise DeckImportError(str(refused)) from None


@dataclass
class DeckFont:
    """A font of a deck being imported: checked once, read again when it is stored."""

    name: str
    label: str
    read: object  # () -> its bytes

    def load(self):
        try:
            return fonts.check_font(self.label, self.name, self.read())
        except fonts.FontRefused as refused:
            raise DeckImportError(str(refused)) from None
        except stylesheets.StylesheetRefused as refused:  # the folder's reader says the file is over the limit
            raise DeckImportError(f"{self.label}: {refused}") from None


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


# Files in images/ whose names say they are images (images.named_as_image)
# must be images. Anything else there (.DS_Store, README, editor backups,
# sources) is skipped.
SKIPPED_FILE_NOW = "skipped; the deck was imported without it"


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
    images: list = field(default_factory=list)  # of DeckImage
    warnings: list = field(default_factory=list)  # ImportWarning, for files skipped while reading
    look: FolderLook = field(default_factory=FolderLook)
    fonts: list = field(default_factory=list)  # of DeckFont
    descriptions: dict = field(default_factory=dict)  # image name: (description, decorative)


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
        if path.stat().st_size > settings.DECK_UPLOAD_MAX_BYTES:
            raise DeckImportError(f"{path.name}: the file is larger than {size_text(settings.DECK_UPLOAD_MAX_BYTES)}")
        return read_deck_file(path.name, path.read_bytes())
    slug_hint = path.parent.name if path.name == TEXT_FILE_NAME else path.stem
    return _read_text_and_images(path.name, path, slug_hint, *_folder_images(path.parent / IMAGE_FOLDER))


def read_deck_upload(uploaded_file):
    """A deck from an uploaded .txt or .zip (a Django UploadedFile), read from where Django keeps it."""
    limit = settings.DECK_UPLOAD_MAX_BYTES
    if uploaded_file.size > limit:
        raise DeckImportError(f"{uploaded_file.name}: the file is larger than {size_text(limit)}")
    uploaded_file.seek(0)
    if uploaded_file.name.lower().endswith(".zip") or uploaded_file.read(4) == b"PK\x03\x04":
        uploaded_file.seek(0)
        name = _base_name(uploaded_file.name)
        return _read_zip(name, uploaded_file, PurePosixPath(name).stem)
    uploaded_file.seek(0)
    return read_deck_file(uploaded_file.name, uploaded_file.read(limit + 1))


def _base_name(file_name):
    return PurePosixPath(file_name.replace("\\", "/")).name or "deck"


def read_deck_file(file_name, data):
    """A deck from the bytes of a .txt or a .zip file."""
    file_name = _base_name(file_name)
    if len(data) > settings.DECK_UPLOAD_MAX_BYTES:
        raise DeckImportError(f"{file_name}: the file is larger than {size_text(settings.DECK_UPLOAD_MAX_BYTES)}")
    stem = PurePosixPath(file_name).stem
    if file_name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        return _read_zip(file_name, io.BytesIO(data), stem)
    if not file_name.lower().endswith(".txt"):
        raise DeckImportError(f"{file_name}: expected a shorthand .txt file or a .zip of a deck folder")
    return DeckSource(file_name, file_name, decode_text(file_name, data), stem)


def decode_text(label, data):
    """The text of a shorthand file, or DeckImportError naming the line at fault."""
    if len(data) > settings.DECK_TEXT_MAX_BYTES:
        raise DeckImportError(f"{label}: the text is larger than {size_text(settings.DECK_TEXT_MAX_BYTES)}")
    if _looks_like_utf16(data):
        raise DeckImportError(f"{label}: the file is UTF-16 text; save it as UTF-8 and import it again")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DeckImportError(f"{label}, line {line}: contains a NUL byte; is this a text file?")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DeckImportError(f"{label}, line {line}: not UTF-8 text (byte 0x{data[error.start]:02x})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _looks_like_utf16(data):
    """UTF-16, with or without a byte-order mark: mostly ASCII text, so a NUL in every other byte."""
    sample = data[2:202] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data[:200]
    return len(sample) >= 4 and (sample[0::2].count(0) > len(sample) // 3 or sample[1::2].count(0) > len(sample) // 3)


def _read_text_and_images(file_name, text_path, slug_hint, images, warnings=()):
    if text_path.stat().st_size > settings.DECK_TEXT_MAX_BYTES:
        raise DeckImportError(f"{text_path.name}: the text is larger than {size_text(settings.DECK_TEXT_MAX_BYTES)}")
    text = decode_text(text_path.name, text_path.read_bytes())
    return DeckSource(file_name, text_path.name, text, slug_hint, images, list(warnings))


def _read_folder(folder):
    candidates = sorted(
        path for path in folder.iterdir() if path.is_file() and path.suffix.lower() == ".txt" and _visible(path.name)
    )
    text_path = _choose_text_file(f"{folder.name}/", [path.name for path in candidates])
    source = _read_text_and_images(f"{folder.name}/", folder / text_path, folder.name, *_folder_images(folder / IMAGE_FOLDER))
    return _with_look(source, FolderFiles(folder), f"{folder.name}/")


class FolderFiles:
    """A talk folder on disk, as decks/look_import.py reads it."""

    def __init__(self, root):
        self.root = Path(root).resolve()

    def _path(self, name):
        path = (self.root / name).resolve()
        return path if path.is_relative_to(self.root) and all(_visible(part) for part in PurePosixPath(name).parts) else None

    def exists(self, name):
        path = self._path(name)
        return path is not None and path.is_file()

    def read(self, name, limit):
        path = self._path(name)
        if path.stat().st_size > limit:
            raise stylesheets.StylesheetRefused(f"larger than {size_text(limit)}")
        return path.read_bytes()

    def top_level(self):
        return [path.name for path in self.root.iterdir() if path.is_file() and _visible(path.name)]


class ZipFiles:
    """A talk folder in a zip, under `prefix`, as decks/look_import.py reads it."""

    def __init__(self, entries, prefix, read):
        self.entries = {entry.filename[len(prefix) :]: entry for entry in entries if entry.filename.startswith(prefix)}
        self.reader = read

    def exists(self, name):
        return name in self.entries and all(_visible(part) for part in PurePosixPath(name).parts)

    def read(self, name, limit):
        entry = self.entries[name]
        if entry.file_size > limit:
            raise stylesheets.StylesheetRefused(f"larger than {size_text(limit)}")
        return self.reader(entry, limit)

    def top_level(self):
        return [name for name in self.entries if "/" not in name]


def _with_look(source, files, label):
    """`source` with the folder's stylesheet and fonts (decks/look_import.py), fonts checked."""
    try:
        look = read_folder_look(files)
    except stylesheets.StylesheetRefused as refused:
        raise DeckImportError(f"{label}{refused}") from None
    try:
        fonts.check_count(len(look.fonts))
    except fonts.FontRefused as refused:
        raise DeckImportError(f"{label}{refused}") from None
    source.look = look
    source.descriptions = _read_descriptions(source, files, label)
    source.fonts = []
    for name, path, _ in look.fonts:
        if files.exists(path):
            font = DeckFont(name, f"{label}{path}", lambda path=path: files.read(path, settings.FONT_MAX_BYTES))
            font.load()
            source.fonts.append(font)
    return source


def _read_descriptions(source, files, label):
    """{image name: (description, decorative)} from the folder's image-descriptions.json; a slip in it is a warning."""
    if not files.exists(DESCRIPTIONS_FILE):
        return {}

    where = f"{label}{DESCRIPTIONS_FILE}"

    def skipped(message):
        source.warnings.append(ImportWarning(where, None, message, "the images are imported without descriptions"))
        return {}

    try:
        found = json.loads(files.read(DESCRIPTIONS_FILE, DESCRIPTIONS_MAX_BYTES).decode("utf-8"))
    except stylesheets.StylesheetRefused as refused:
        return skipped(str(refused))
    except (UnicodeDecodeError, ValueError) as error:
        return skipped(f"is not JSON ({error})")
    if not isinstance(found, dict):
        return skipped("is not a JSON object of image names")
    names = {image.name for image in source.images}
    descriptions = {}
    for name, entry in found.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("description", ""), str):
            message = f"the entry for {name[:80]} is not a description"
            source.warnings.append(ImportWarning(where, None, message, "left out"))
            continue
        if name not in names:
            message = f"describes {name[:80]}, which is not in images/"
            source.warnings.append(ImportWarning(where, None, message, "left out"))
            continue
        decorative = entry.get("decorative") is True
        try:
            descriptions[name] = (domain.clean_description(entry.get("description", ""), decorative), decorative)
        except domain.EditError as error:
            source.warnings.append(ImportWarning(where, None, f"{name[:80]}: {error}", "left out"))
    return descriptions


def _folder_images(images_folder):
    """(images, warnings) for the files under `images_folder`."""
    if not images_folder.is_dir():
        return [], []
    files = sorted(path for path in images_folder.rglob("*") if path.is_file())
    warnings = skipped_files(f"{IMAGE_FOLDER}/", [path.relative_to(images_folder).as_posix() for path in files])
    files = [path for path in files if _image_entry(path.relative_to(images_folder).as_posix())]
    if len(files) > MAX_IMAGES:
        raise DeckImportError(f"{images_folder}: more than {MAX_IMAGES} images")
    if sum(path.stat().st_size for path in files) > settings.DECK_EXPANDED_MAX_BYTES:
        raise DeckImportError(
            f"{images_folder}: the images add up to more than {size_text(settings.DECK_EXPANDED_MAX_BYTES)}"
        )
    images = []
    for path in files:
        name = path.relative_to(images_folder).as_posix()
        label = f"{IMAGE_FOLDER}/{name}"
        if path.stat().st_size > settings.ASSET_MAX_BYTES:
            raise DeckImportError(f"{label}: the image is larger than {size_text(settings.ASSET_MAX_BYTES)}")
        images.append(_checked(DeckImage(name, label, path.read_bytes)))
    return images, warnings


def _checked(image):
    """`image`, once its bytes passed the image policy (they are not kept)."""
    image.load()
    return image


def _choose_text_file(where, names):
    if TEXT_FILE_NAME in names:
        return TEXT_FILE_NAME
    if len(names) == 1:
        return names[0]
    if not names:
        raise DeckImportError(f"{where}: no shorthand .txt file found (expected {TEXT_FILE_NAME})")
    raise DeckImportError(f"{where}: several .txt files ({', '.join(names)}); name the deck's one {TEXT_FILE_NAME}")


def _read_zip(file_name, stream, slug_hint):
    """A deck from a zip archive read from `stream`, a seekable binary file."""
    try:
        archive = zipfile.ZipFile(stream)
        entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise DeckImportError(f"{file_name}: not a readable zip file") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise DeckImportError(f"{file_name}: more than {MAX_ZIP_ENTRIES} files in the zip")
    for entry in entries:
        _check_entry_path(file_name, entry.filename)
    if sum(entry.file_size for entry in entries) > settings.DECK_EXPANDED_MAX_BYTES:
        raise DeckImportError(f"{file_name}: the zip expands to more than {size_text(settings.DECK_EXPANDED_MAX_BYTES)}")

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
            raise DeckImportError(f"{file_name}: {entry.filename}: larger than {size_text(limit)}")
        try:
            with archive.open(entry) as stream:
                content = stream.read(limit + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as error:
            raise DeckImportError(f"{file_name}: {entry.filename}: cannot be read from the zip ({error})") from None
        if len(content) > limit:
            raise DeckImportError(f"{file_name}: {entry.filename}: larger than {size_text(limit)}")
        return content

    text_label = f"{file_name}: {text_entry}"
    text = decode_text(text_label, read(archive.getinfo(text_entry), settings.DECK_TEXT_MAX_BYTES))
    images = []
    for entry in image_entries:
        name = entry.filename[len(images_prefix) :]
        reader = functools.partial(read, entry, settings.ASSET_MAX_BYTES)
        images.append(_checked(DeckImage(name, f"{file_name}: {entry.filename}", reader)))
    source = DeckSource(file_name, text_label, text, slug_hint, images, warnings)
    root_prefix = f"{root.as_posix()}/".removeprefix("./") if root.as_posix() != "." else ""
    return _with_look(source, ZipFiles(entries, root_prefix, read), f"{file_name}: {root_prefix}")


def _check_entry_path(file_name, entry_name):
    path = PurePosixPath(entry_name)
    if (
        "\\" in entry_name
        or path.is_absolute()
        or ".." in path.parts
        or re.match(r"^[A-Za-z]:", entry_name)
        or CONTROL_CHARACTERS.search(entry_name)
    ):
        raise DeckImportError(f"{file_name}: {entry_name}: paths in the zip may not leave the deck's folder")


def _visible(name):
    return not name.startswith(".") and name != "__MACOSX"


def _image_entry(name):
    """True for a path under images/ that should be an image: visible, and named like one."""
    return all(_visible(part) for part in PurePosixPath(name).parts) and named_as_image(name)


# Storing ------------------------------------------------------------------


def deck_title(parsed, fallback):
    """The first heading of the first slide, as plain text."""
    return first_heading(parsed)[: Deck._meta.get_field("title").max_length] or fallback


def check_slug(slug):
    if len(slug) > SLUG_MAX_LENGTH:
        raise DeckImportError(
            f"{slug[:40]!r}… is too long for a slug: {len(slug):,} characters, and a slug may have at most "
            f"{SLUG_MAX_LENGTH}"
        )
    try:
        validate_slug(slug)
    except ValidationError:
        raise DeckImportError(f"{slug!r} is not a usable slug: use letters, numbers, hyphens and underscores") from None
    if slug in RESERVED_SLUGS:
        raise DeckImportError(f"{slug!r} cannot be a deck's slug; choose another")
    return slug


def parse_import_text(source, prompt_host=DEFAULT_PROMPT_HOST):
    """A DeckSource's text parsed, or DeckImportError for its first problem that is not a warning, or a limit."""
    pairs = split_slides(source.text)
    try:
        domain.check_slide_count(len(pairs))
    except domain.LimitExceeded as error:
        raise DeckImportError(f"{source.text_name}: {error}") from None
    parsed = parse(source.text, prompt_host)
    errors = [problem for problem in parsed.problems if not problem.warning]
    if errors:
        first = errors[0]
        more = len(errors) - 1
        also = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise DeckImportError(f"{source.text_name}, line {first.line}: {first.message}{also}")
    if not parsed.slides or not source.text.strip():
        raise DeckImportError(f"{source.text_name}: the file has no slides")
    try:
        domain.check_limits(pairs, source.text, prompt_host, parsed=parsed)
    except domain.LimitExceeded as error:
        raise DeckImportError(f"{source.text_name}: {error}") from None
    return parsed


def import_deck(source, owner, slug=None, replace=False, title=None, unique_slug=False):
    """Stores a DeckSource as a new deck at version 1 with its first revision.

    `slug` defaults to one made from the file or folder name (or the title,
    for a file called myslides.txt). An existing deck with that slug is an
    error, unless `replace` is true (then it is deleted in the same
    transaction). With `unique_slug` (the web's import) the deck gets a new
    slug with a random ending instead (decks.models.new_slug).
    """
    parsed = parse_import_text(source)
    title = title or deck_title(parsed, source.slug_hint)
    hint = title if source.slug_hint in ("", Path(TEXT_FILE_NAME).stem) else source.slug_hint
    slug = check_slug(slug) if slug else slug_for(hint)
    pairs = split_slides(source.text)
    images = {image.name: image for image in source.images}

    stylesheet = source.look.stylesheet
    try:
        deck = domain.store_new_deck(
            owner=owner,
            slug=slug,
            title=title or slug,
            pairs=pairs,
            images=images.values(),
            summary=f"Imported from {source.file_name}",
            replace=replace,
            unique_slug=unique_slug,
            parsed=parsed,
            look=source.look.theme or (Look.OWN if stylesheet.strip() else Look.DEFAULT),
            stylesheet=stylesheet,
            fonts=(font.load() for font in source.fonts),
            descriptions=source.descriptions,
        )
    except domain.SlugTaken as taken:
        raise DeckImportError(f"{source.file_name}: {taken}") from None
    except domain.LimitExceeded as error:
        raise DeckImportError(f"{source.file_name}: {error}") from None
    warnings = [*source.warnings, *text_warnings(source, parsed), *stylesheet_warnings(source)]
    return ImportedDeck(deck=deck, missing_assets=deck.render().missing_assets, warnings=warnings)


STYLESHEET_NOW = "the deck is shown without it"


def stylesheet_warnings(source):
    """ImportWarning for each part of the folder's stylesheets the deck's pages leave out."""
    label = source.file_name if source.file_name.endswith("/") else f"{source.file_name}: "
    found = look_warnings(source.look, [font.name for font in source.fonts], [image.name for image in source.images])
    return [
        ImportWarning(f"{label}{file}", line, message.removesuffix("; left out"), STYLESHEET_NOW)
        for file, line, message in found
    ]


def text_warnings(source, parsed):
    """ImportWarning for each slip in the text that did not stop the import."""
    return [
        ImportWarning(source.text_name, problem.line, problem.message, problem.now)
        for problem in parsed.problems
        if problem.warning
    ]
