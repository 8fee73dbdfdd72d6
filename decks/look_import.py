"""A talk folder's look, as the importer takes it in: its stylesheets and the fonts they use.

Which stylesheets: the ones the folder's `index.html` links, else every
`.css` at the top of the folder. Their `@import`s of files in the folder are
followed (a fonts stylesheet, `highlightjs.css`) and put in place, in the
order the browser applied them, so the deck stores one stylesheet; an
`@import` the folder lacks is a warning. Every `url()` inside the folder is
rewritten as the deck names its assets (`fonts/NAME`, `images/NAME`), and the
fonts they name are taken in as the deck's fonts (decks/fonts.py).

Then the stylesheet is compiled as the deck's pages will load it
(decks/stylesheets.py), and each part left out there is a warning naming the
file and line it came from.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePosixPath

import tinycss2
from django.conf import settings
from tinycss2 import ast

from . import fonts, stylesheets
from .models import Look

INDEX_FILE = "index.html"
STYLESHEET_FILE = "style.css"  # what an export names the deck's own stylesheet
LOOK_FILE = "look.txt"  # an export's built-in theme, by name (decks.models.Look)
MAX_DEPTH = 8


@dataclass
class FolderLook:
    stylesheet: str = ""
    theme: str = ""  # a built-in theme named in look.txt
    fonts: list = field(default_factory=list)  # of (name, label, read) to load as fonts
    warnings: list = field(default_factory=list)  # (file, line, message)
    # (first line in `stylesheet`, file, first line in the file) for each piece, to say where a line came from
    pieces: list = field(default_factory=list)

    def origin(self, line):
        """(file, line) in the folder of a line of the stored stylesheet."""
        for start, file, first in reversed(self.pieces):
            if line >= start:
                return file, first + line - start
        return (self.pieces[0][1], line) if self.pieces else ("stylesheet", line)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").lower().split() and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def _inside(base, address):
    """The folder path `address` (relative to the file at `base`) points at, or None outside the folder."""
    address = address.strip().split("#", 1)[0].split("?", 1)[0]
    if not address or address.startswith(("/", "\\")) or "://" in address or address.startswith("//"):
        return None
    if ":" in address.split("/", 1)[0]:
        return None
    parts = []
    for part in (PurePosixPath(base).parent / address).parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) or None


def _decode(label, data):
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff").replace("\r\n", "\n")
    return text


def _import_target(rule):
    """(address, media text) of an @import rule, or (None, "")."""
    tokens = [token for token in rule.prelude if token.type not in ("whitespace", "comment")]
    if not tokens:
        return None, ""
    first = tokens[0]
    if first.type in ("string", "url"):
        address = first.value
    elif first.type == "function" and first.lower_name == "url":
        strings = [argument for argument in first.arguments if argument.type == "string"]
        address = strings[0].value if strings else None
    else:
        return None, ""
    media = tinycss2.serialize(rule.prelude).strip()
    media = media[len(tinycss2.serialize([first])) :].strip() if media.startswith(tinycss2.serialize([first])) else ""
    return address, media


def _comment(text):
    return ast.Comment(None, None, " " + text.replace("*/", "* /") + " ")


class _Gatherer:
    def __init__(self, files):
        self.files = files
        self.look = FolderLook()
        self.parts = []
        self.line = 1
        self.font_paths = {}

    def warn(self, file, line, message):
        self.look.warnings.append((file, line, message))

    def add_piece(self, file, text, first_line):
        self.look.pieces.append((self.line, file, first_line))
        self.parts.append(text)
        self.line += text.count("\n")

    def gather(self, path, media="", stack=()):
        try:
            data = self.files.read(path, settings.STYLESHEET_MAX_BYTES)
        except stylesheets.StylesheetRefused as refused:
            raise stylesheets.StylesheetRefused(f"{path}: {refused}") from None
        text = _decode(path, data)
        nodes = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
        if media:
            self.add_piece(path, f"@media {media} {{\n", 1)
        for index, node in enumerate(nodes):
            if isinstance(node, ast.AtRule) and node.lower_at_keyword == "import":
                nodes[index] = self.follow_import(path, node, stack)
        self.rewrite_urls(path, nodes)
        if stack:
            # An imported file says where it came from; the linked ones are as written.
            self.add_piece(path, f"/* {path} */\n", 0)
        body = tinycss2.serialize(nodes)
        self.add_piece(path, body if body.endswith("\n") else body + "\n", 1)
        if media:
            self.add_piece(path, "}\n", 1)

    def follow_import(self, path, rule, stack):
        address, media = _import_target(rule)
        if address is None:
            return rule
        target = _inside(path, address)
        if target is None:
            return rule  # from elsewhere: the compiler leaves it out with a warning
        if not self.files.exists(target):
            self.warn(path, rule.source_line, f"@import of {address}: no such file in the folder")
            return _comment(f"@import {address}: not in the folder")
        if target in stack or len(stack) >= MAX_DEPTH:
            self.warn(path, rule.source_line, f"@import of {address} imports itself again")
            return _comment(f"@import {address}: imported already")
        self.gather(target, media, (*stack, path))
        return _comment(f"@import {address}: its rules are above")

    def rewrite_urls(self, path, nodes):
        for node in nodes:
            for tokens in _token_lists(node):
                for index, token in enumerate(tokens):
                    address = _address(token)
                    if address is None:
                        continue
                    rewritten = self.deck_address(path, address)
                    if rewritten is not None:
                        tokens[index] = ast.URLToken(
                            token.source_line, token.source_column, rewritten, f"url({stylesheets._string(rewritten)})"
                        )

    def deck_address(self, path, address):
        target = _inside(path, address)
        if target is None or not self.files.exists(target):
            return None
        name = PurePosixPath(target).name
        if fonts.is_font_name(name):
            known = self.font_paths.setdefault(name, target)
            if known != target:
                self.warn(path, None, f"{target} has the same name as {known}; the deck keeps {known}")
            return f"fonts/{name}"
        if target.startswith("images/"):
            return target
        return None


def _token_lists(node):
    """Every mutable list of tokens in a parsed rule, nested blocks and functions included."""
    pending = []
    if isinstance(node, (ast.QualifiedRule, ast.AtRule)):
        pending.append(node.prelude)
        if node.content is not None:
            pending.append(node.content)
    while pending:
        tokens = pending.pop()
        yield tokens
        for token in tokens:
            if token.type == "function":
                pending.append(token.arguments)
            elif token.type in ("() block", "[] block", "{} block"):
                pending.append(token.content)


def _address(token):
    if token.type == "url":
        return token.value
    if token.type == "function" and token.lower_name == "url":
        strings = [argument for argument in token.arguments if argument.type == "string"]
        return strings[0].value if len(strings) == 1 else None
    return None


def entry_stylesheets(files):
    """The folder's stylesheets, as its index.html links them (else every top-level .css), and warnings."""
    warnings = []
    if files.exists(INDEX_FILE):
        parser = _Links()
        parser.feed(_decode(INDEX_FILE, files.read(INDEX_FILE, 1024 * 1024)))
        linked = []
        for href in parser.hrefs:
            target = _inside(INDEX_FILE, href)
            if target is None:
                warnings.append((INDEX_FILE, None, f"links the stylesheet {href} from elsewhere"))
            elif not files.exists(target):
                warnings.append((INDEX_FILE, None, f"links {href}, which is not in the folder"))
            else:
                linked.append(target)
        if parser.hrefs:
            return linked, warnings
    return sorted(name for name in files.top_level() if name.lower().endswith(".css")), warnings


def read_folder_look(files):
    """The FolderLook of a talk folder; StylesheetRefused when it is over a limit.

    `files` answers `exists(path)`, `read(path, limit)` and `top_level()`, with
    paths relative to the folder.
    """
    entries, warnings = entry_stylesheets(files)
    theme = ""
    if files.exists(LOOK_FILE):
        theme = _decode(LOOK_FILE, files.read(LOOK_FILE, 1000)).strip()
        if theme not in Look.values:
            warnings.append((LOOK_FILE, 1, f"names the look {theme[:40]!r}, which is not one of {', '.join(Look.values)}"))
            theme = ""
    gatherer = _Gatherer(files)
    gatherer.look.warnings.extend(warnings)
    for entry in entries:
        gatherer.gather(entry)
    look = gatherer.look
    look.theme = theme
    look.stylesheet = "".join(gatherer.parts) if entries else ""
    stylesheets.check_size(look.stylesheet)
    look.fonts = [(name, path, path) for name, path in sorted(gatherer.font_paths.items())]
    return look


def look_warnings(look, font_names, image_names):
    """(file, line, message) for every part of the stored stylesheet its pages will leave out."""
    if not look.stylesheet:
        return list(look.warnings)
    compiled = stylesheets.compile_stylesheet(
        look.stylesheet, {name: name for name in font_names}, {name: name for name in image_names}
    )
    found = [(*look.origin(warning.line), warning.message) for warning in compiled.warnings]
    return [*look.warnings, *found]
