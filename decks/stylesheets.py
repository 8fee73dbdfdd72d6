"""A deck's own stylesheet, made safe to serve: parsed and rewritten with tinycss2.

`compile_stylesheet` takes the stylesheet as the deck stores it and gives the
CSS the deck's pages load, with a warning (line, message) for every part left
out. What it guarantees:

* Every selector is scoped to the slide (`.slide-content`, the element every
  page draws a step in), so no rule can reach the app's own controls.
  remark's page structure, which the decks' stylesheets were written against,
  is mapped onto the app's slide: `.remark-slide-content` (and `.hljs-default`,
  the class remark gave it for its code colours) is the slide itself; the
  boxes remark put around it (`.remark-slides-area`, `.remark-slide-container`,
  `.remark-slide-scaler`, `.remark-slide`, `.remark-visible`, and `html`,
  `body`, `:root`) add nothing but their specificity; a rule aimed at one of
  those boxes themselves is left out, since the app lays out and scales the
  slide itself. Selectors keep their specificity, so the cascade among the
  deck's own rules and remark's base (static/looks/remark.css) stays as the
  audience saw it. A selector stepping from the slide to its siblings
  (`.remark-slide-content ~ div`) is left out.
* `url()` reaches only the deck's own assets: `fonts/NAME` (or a bare font
  file name) and `images/NAME`; anything else, `@import` included, is left
  out. `expression()`, `behavior`, `-moz-binding` and `javascript:` go too.
* `@font-face` families are renamed for the deck (`"PT Sans"` becomes
  `"PT Sans (deck)"`, and so in every rule of the deck that names it), and so
  are `@keyframes`, so a deck can never change the fonts or animations of the
  app's own pages. Fonts are shown with `font-display: swap`: the slide's
  text is drawn at once in a fallback, then in its font when that arrives.
* What the parser cannot read is left out, with the line.

The page guards the rest (static/looks/guard.css): the slide is contained
(`contain: paint`) and stacked at level 0, so nothing in it can cover the
page around it, whatever the stylesheet says.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import tinycss2
from django.conf import settings
from tinycss2 import ast
from tinycss2.serializer import serialize_identifier, serialize_string_value

ROOT = "slide-content"
# Classes that name the slide itself in a deck's stylesheet.
ROOT_CLASSES = {"remark-slide-content", "hljs-default", ROOT}
# remark's boxes around the slide, and the page's own elements.
CONTAINER_CLASSES = {
    "remark-container", "remark-slides-area", "remark-slide-container", "remark-slide-scaler", "remark-slide",
    "remark-visible", "remark-fading",
}  # fmt: skip
PAGE_TYPES = {"html", "body"}
PAGE_PSEUDO_CLASSES = {"root", "scope"}
LEGACY_PSEUDO_ELEMENTS = {"before", "after", "first-line", "first-letter"}
BLOCKED_PROPERTIES = {"behavior", "-ms-behavior", "-moz-binding"}
# Functions whose bare strings are addresses, like url()'s.
IMAGE_FUNCTIONS = {"image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade"}
BLOCKED_FUNCTIONS = {"expression", "element", "-moz-element", "paint"}
PAGE_DESCRIPTORS = {
    "size", "margin", "margin-top", "margin-right", "margin-bottom", "margin-left", "marks", "bleed",
    "page-orientation",
}  # fmt: skip
FONT_EXTENSIONS = (".ttf", ".otf", ".woff", ".woff2")
FONT_FOLDER = "fonts"
IMAGE_FOLDER = "images"
FAMILY_SUFFIX = " (deck)"
KEYFRAMES_PREFIX = "deck-"
_JAVASCRIPT = re.compile(r"(java|vb)script\s*:", re.IGNORECASE)


class StylesheetRefused(ValueError):
    """A stylesheet over a limit; the message says which."""


@dataclass(frozen=True)
class StylesheetWarning:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass
class CompiledStylesheet:
    css: str
    warnings: list = field(default_factory=list)  # StylesheetWarning, in line order
    rules: int = 0  # selectors and at-rules counted against STYLESHEET_MAX_RULES


class _Skip(Exception):
    """The declaration or selector at hand is left out; the message says why."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


def size_text(size):
    return f"{size // 1024:,} KB" if size >= 1024 else f"{size} bytes"


def check_size(text):
    """StylesheetRefused unless `text` is within STYLESHEET_MAX_BYTES."""
    limit = settings.STYLESHEET_MAX_BYTES
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise StylesheetRefused(f"the stylesheet is {size_text(size)}; a deck's stylesheet may be at most {size_text(limit)}")


def asset_reference(address):
    """What a url() in a deck's stylesheet names: ("font", name), ("image", name) or None."""
    address = address.strip()
    if not address or address.startswith(("/", "\\")) or ":" in address.split("/", 1)[0] or address.startswith("//"):
        return None
    address = address.split("#", 1)[0].split("?", 1)[0]
    parts = [part for part in PurePosixPath(address).parts if part != "."]
    if not parts or ".." in parts:
        return None
    path = "/".join(parts)
    if path.lower().endswith(FONT_EXTENSIONS):
        return ("font", parts[-1])
    if parts[0] == IMAGE_FOLDER and len(parts) > 1:
        return ("image", "/".join(parts[1:]))
    return None


class _Compiler:
    def __init__(self, font_urls, image_urls):
        self.font_urls = font_urls
        self.image_urls = image_urls
        self.warnings = []
        self.rules = 0
        self.families = {}
        self.keyframes = set()

    def warn(self, line, message):
        self.warnings.append(StylesheetWarning(line or 1, message))

    # Rules ----------------------------------------------------------------

    def rule_list(self, nodes, depth=0):
        out = []
        for node in nodes:
            if isinstance(node, ast.ParseError):
                self.warn(node.source_line, f"cannot be read ({node.message}); left out")
            elif isinstance(node, ast.QualifiedRule):
                out.append(self.qualified(node))
            elif isinstance(node, ast.AtRule):
                out.append(self.at_rule(node, depth))
            self.check_rule_count()
        return "".join(part for part in out if part)

    def check_rule_count(self):
        limit = settings.STYLESHEET_MAX_RULES
        if self.rules > limit:
            raise StylesheetRefused(
                f"the stylesheet has more than {limit:,} rules (each selector of a list counts); split it or trim it"
            )

    def qualified(self, rule, parents=None, depth=0):
        """A style rule, and after it the rules nested in it (CSS nesting, as today's browsers read it)."""
        lists = _split(rule.prelude, ",")
        if parents is not None:
            lists = [_nested(parent, tokens) for parent in parents for tokens in lists]
        selectors = []
        for tokens in lists:
            self.rules += 1
            try:
                selectors.extend(scoped_selector(tokens))
            except _Skip as skip:
                self.warn(rule.source_line, f"selector {_text(tokens).strip()!r} {skip}; left out")
        nodes = _declarations(rule.content)
        nested = [node for node in nodes if isinstance(node, ast.QualifiedRule)]
        body = self.declarations([node for node in nodes if not isinstance(node, ast.QualifiedRule)], rule.source_line)
        out = f"{', '.join(selectors)} {{{body}}}\n" if selectors and body else ""
        for inner in nested:
            if depth >= 4:
                self.warn(inner.source_line, "rules nested this deep are not supported; left out")
                continue
            out += self.qualified(inner, lists, depth + 1)
            self.check_rule_count()
        return out

    def at_rule(self, rule, depth):
        name = rule.lower_at_keyword
        self.rules += 1
        line = rule.source_line
        if name in ("media", "supports") and rule.content is not None and depth < 8:
            inner = self.rule_list(tinycss2.parse_blocks_contents(rule.content, True, True), depth + 1)
            return f"@{name} {_text(rule.prelude)} {{\n{inner}}}\n" if inner else ""
        if name == "font-face" and rule.content is not None:
            return self.font_face(rule)
        if name == "page" and rule.content is not None:
            body = self.declarations(rule.content, line, allowed=PAGE_DESCRIPTORS)
            return f"@page {_text(rule.prelude)} {{{body}}}\n" if body else ""
        if name in ("keyframes", "-webkit-keyframes") and rule.content is not None:
            return self.keyframes_rule(rule)
        if name == "charset":
            return ""
        if name == "import":
            self.warn(line, f"@import {_text(rule.prelude)}: a deck's stylesheet cannot load other stylesheets; left out")
            return ""
        self.warn(line, f"@{rule.at_keyword} is not supported in a deck's stylesheet; left out")
        return ""

    def font_face(self, rule):
        descriptors = [node for node in _declarations(rule.content) if isinstance(node, ast.Declaration)]
        family = next((node for node in descriptors if node.lower_name == "font-family"), None)
        name = _family_name(family.value) if family else None
        if not name:
            self.warn(rule.source_line, "@font-face without a font-family; left out")
            return ""
        parts = []
        has_source = False
        for node in descriptors:
            if node.lower_name in ("font-family", "font-display"):
                continue
            if node.lower_name == "src":
                sources = self.font_sources(node)
                if sources:
                    has_source = True
                    parts.append(f"src: {sources}")
                continue
            try:
                parts.append(self.declaration(node))
            except _Skip as skip:
                self.warn(node.source_line, f"{node.name}: {skip}; left out")
        if not has_source:
            self.warn(rule.source_line, f"@font-face for {name!r} has no source the deck holds; left out")
            return ""
        self.families[name.lower()] = name + FAMILY_SUFFIX
        parts[:0] = [f"font-family: {_string(name + FAMILY_SUFFIX)}", "font-display: swap"]
        return "@font-face {" + "; ".join(parts) + "}\n"

    def font_sources(self, declaration):
        kept = []
        for source in _split(declaration.value, ","):
            tokens = [token for token in source if token.type not in ("whitespace", "comment")]
            if not tokens:
                continue
            if tokens[0].type == "function" and tokens[0].lower_name == "local":
                kept.append(_text(source).strip())
                continue
            try:
                kept.append(_text(self.value(source)).strip())
            except _Skip as skip:
                self.warn(declaration.source_line, f"font source {_text(source).strip()}: {skip}; left out")
        return ", ".join(kept)

    def keyframes_rule(self, rule):
        names = [token for token in rule.prelude if token.type in ("ident", "string")]
        if len(names) != 1:
            self.warn(rule.source_line, "@keyframes needs one name; left out")
            return ""
        name = names[0].value
        self.keyframes.add(name.lower())
        blocks = []
        for node in tinycss2.parse_blocks_contents(rule.content, True, True):
            if isinstance(node, ast.QualifiedRule):
                body = self.declarations(node.content, node.source_line)
                blocks.append(f"{_text(node.prelude).strip()} {{{body}}}")
        return f"@keyframes {serialize_identifier(KEYFRAMES_PREFIX + name)} {{{' '.join(blocks)}}}\n"

    # Declarations ---------------------------------------------------------

    def declarations(self, content, line, allowed=None):
        """`content` (tokens, or nodes already parsed) as declarations, each checked."""
        parts = []
        nodes = content if content and isinstance(content[0], (ast.Declaration, ast.ParseError, ast.AtRule)) else _declarations(content)
        for node in nodes:
            if isinstance(node, ast.ParseError):
                self.warn(node.source_line or line, f"cannot be read ({node.message}); left out")
                continue
            if not isinstance(node, ast.Declaration):
                self.warn(node.source_line or line, "nested rules are not supported in a deck's stylesheet; left out")
                continue
            if allowed is not None and node.lower_name not in allowed:
                continue
            try:
                parts.append(self.declaration(node))
            except _Skip as skip:
                self.warn(node.source_line or line, f"{node.name}: {skip}; left out")
        return "; ".join(parts)

    def declaration(self, node):
        if node.lower_name in BLOCKED_PROPERTIES:
            raise _Skip("is not allowed")
        value = self.value(node.value)
        if node.lower_name in ("font-family", "font"):
            value = self.rename_families(value, node.lower_name == "font")
        elif node.lower_name in ("animation", "animation-name", "-webkit-animation", "-webkit-animation-name"):
            value = [
                ast.IdentToken(token.source_line, token.source_column, KEYFRAMES_PREFIX + token.value)
                if token.type == "ident" and token.lower_value in self.keyframes
                else token
                for token in value
            ]
        important = " !important" if node.important else ""
        return f"{node.name}: {_text(value).strip()}{important}"

    def value(self, tokens):
        """`tokens` with every address pointed at the deck's assets, or _Skip."""
        out = []
        for token in tokens:
            if token.type == "url":
                out.append(_url(token, self.address(token.value)))
            elif token.type == "function":
                name = token.lower_name
                if name in BLOCKED_FUNCTIONS:
                    raise _Skip(f"{token.name}() is not allowed")
                if name in ("url", "src"):
                    strings = [argument for argument in token.arguments if argument.type == "string"]
                    if len(strings) != 1:
                        raise _Skip(f"{token.name}() must hold one address")
                    out.append(_url(token, self.address(strings[0].value)))
                    continue
                arguments = self.value(token.arguments)
                if name in IMAGE_FUNCTIONS:
                    arguments = [
                        _url(argument, self.address(argument.value))
                        if argument.type == "string"
                        else argument
                        for argument in arguments
                    ]
                    if any(argument.type == "function" and argument.lower_name == "var" for argument in arguments):
                        raise _Skip(f"{token.name}() cannot take var()")
                out.append(ast.FunctionBlock(token.source_line, token.source_column, token.name, arguments))
            elif token.type in ("() block", "[] block", "{} block"):
                block = type(token)(token.source_line, token.source_column, self.value(token.content))
                out.append(block)
            elif token.type == "error":
                raise _Skip(f"cannot be read ({token.message})")
            else:
                if token.type in ("ident", "string") and _JAVASCRIPT.search(token.value):
                    raise _Skip("javascript: is not allowed")
                out.append(token)
        return out

    def address(self, address):
        if _JAVASCRIPT.search(address):
            raise _Skip("javascript: is not allowed")
        reference = asset_reference(address)
        urls = {"font": self.font_urls, "image": self.image_urls}
        if reference is None:
            raise _Skip(f"url({address}) is not one of the deck's fonts (fonts/NAME) or images (images/NAME)")
        kind, name = reference
        if name not in urls[kind]:
            raise _Skip(f"the deck has no {kind} called {name}")
        return urls[kind][name]

    def rename_families(self, tokens, shorthand):
        if not self.families:
            return tokens
        out = []
        for index, segment in enumerate(_split(tokens, ",")):
            if index:
                out.append(ast.LiteralToken(None, None, ","))
            out.extend(self.rename_family(segment, shorthand and index == 0))
        return out

    def rename_family(self, segment, in_shorthand):
        meaningful = [position for position, token in enumerate(segment) if token.type not in ("whitespace", "comment")]
        if not meaningful:
            return segment
        start = meaningful[0]
        if in_shorthand:
            # `font: bold 18pt "PT Sans"`: the family is the string, or the idents, after the size.
            start = meaningful[-1]
            if segment[start].type == "ident":
                while start > 0 and segment[start - 1].type in ("ident", "whitespace"):
                    start -= 1
                while segment[start].type == "whitespace":
                    start += 1
        family = _family_name(segment[start:])
        renamed = self.families.get((family or "").lower())
        if not renamed:
            return segment
        return [*segment[:start], ast.StringToken(None, None, renamed, _string(renamed))]


def _declarations(content):
    return tinycss2.parse_blocks_contents(content or [], skip_comments=True, skip_whitespace=True)


def _nested(parent, tokens):
    """A nested selector made whole: `&` stands for its parent, else it is a descendant of it."""
    if any(token.type == "literal" and token.value == "&" for token in tokens):
        out = []
        for token in tokens:
            out.extend(parent if token.type == "literal" and token.value == "&" else [token])
        return out
    return [*parent, ast.WhitespaceToken(None, None, " "), *tokens]


def _split(tokens, separator):
    """Top-level pieces of a token list between `separator` literals."""
    pieces, current = [], []
    for token in tokens:
        if token.type == "literal" and token.value == separator:
            pieces.append(current)
            current = []
        else:
            current.append(token)
    pieces.append(current)
    return pieces


def _text(tokens):
    return tinycss2.serialize(tokens)


def _string(value):
    return f'"{serialize_string_value(value)}"'


def _url(token, address):
    return ast.URLToken(token.source_line, token.source_column, address, f"url({_string(address)})")


def _family_name(tokens):
    meaningful = [token for token in tokens if token.type not in ("whitespace", "comment")]
    if len(meaningful) == 1 and meaningful[0].type == "string":
        return meaningful[0].value.strip()
    if meaningful and all(token.type == "ident" for token in meaningful):
        return " ".join(token.value for token in meaningful)
    return None


# Selectors ----------------------------------------------------------------


@dataclass
class _Compound:
    combinator: str | None  # before it: None for the first, " ", ">", "+" or "~"
    tokens: list

    def simple_selectors(self):
        """(kind, name) pairs: type, universal, class, id, attribute, pseudo-class, pseudo-element, nesting."""
        pieces, tokens, index = [], self.tokens, 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "ident":
                pieces.append(("type", token.lower_value))
            elif token.type == "literal" and token.value == "*":
                pieces.append(("universal", "*"))
            elif token.type == "hash":
                pieces.append(("id", token.value))
            elif token.type == "literal" and token.value == "." and index + 1 < len(tokens) and tokens[index + 1].type == "ident":
                index += 1
                pieces.append(("class", tokens[index].value))
            elif token.type == "[] block":
                pieces.append(("attribute", _text(token.content)))
            elif token.type == "literal" and token.value == ":":
                element = index + 1 < len(tokens) and tokens[index + 1].type == "literal" and tokens[index + 1].value == ":"
                index += 2 if element else 1
                if index >= len(tokens) or tokens[index].type not in ("ident", "function"):
                    raise _Skip("cannot be read")
                name = tokens[index].lower_value if tokens[index].type == "ident" else tokens[index].lower_name
                legacy = not element and name in LEGACY_PSEUDO_ELEMENTS
                pieces.append(("pseudo-element" if element or legacy else "pseudo-class", name))
            elif token.type == "literal" and token.value == "&":
                raise _Skip("uses nesting (&), which a deck's stylesheet cannot")
            elif token.type == "literal" and token.value == "|":
                pieces.append(("namespace", "|"))
            else:
                raise _Skip("cannot be read")
            index += 1
        return pieces

    def kind(self):
        """"root" (names the slide), "page" (only remark's boxes and the page) or "other"."""
        pieces = self.simple_selectors()
        if any(kind == "class" and name in ROOT_CLASSES for kind, name in pieces):
            return "root"
        core = [(kind, name) for kind, name in pieces if kind != "pseudo-class" or name in PAGE_PSEUDO_CLASSES]
        page = all(
            (kind == "class" and name in CONTAINER_CLASSES)
            or (kind == "type" and name in PAGE_TYPES)
            or (kind == "pseudo-class" and name in PAGE_PSEUDO_CLASSES)
            for kind, name in core
        )
        return "page" if core and page else "other"

    def specificity_classes(self):
        return sum(1 for kind, _ in self.simple_selectors() if kind in ("class", "attribute", "pseudo-class", "id"))

    def only_page_element(self):
        """True when it names the page itself (html, body, :root), not one of remark's boxes around the slide."""
        return not any(kind == "class" and name in CONTAINER_CLASSES - {"remark-container"} for kind, name in self.simple_selectors())

    def may_be_the_slide(self):
        return not any(kind == "type" and name != "div" for kind, name in self.simple_selectors())

    def with_root(self, marker):
        """The compound with `marker` (selector text) added before any pseudo-element."""
        text = _text(self.tokens)
        cut = _pseudo_element_start(self.tokens)
        if cut is None:
            return text + marker
        return _text(self.tokens[:cut]) + marker + _text(self.tokens[cut:])

    def as_root(self, extra):
        """The root compound: its slide class(es) become .slide-content, `extra` more added for the boxes dropped."""
        tokens = []
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.type == "literal" and token.value == "." and index + 1 < len(self.tokens):
                name = self.tokens[index + 1]
                if name.type == "ident" and (name.value in ROOT_CLASSES or name.value in CONTAINER_CLASSES):
                    tokens.extend([token, ast.IdentToken(name.source_line, name.source_column, ROOT)])
                    index += 2
                    continue
            tokens.append(token)
            index += 1
        return _Compound(self.combinator, tokens).with_root(f".{ROOT}" * extra)

    def text(self):
        return _text(self.tokens)


def _pseudo_element_start(tokens):
    for index, token in enumerate(tokens):
        if token.type == "literal" and token.value == ":":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.type == "literal" and following.value == ":":
                return index
            if following is not None and following.type == "ident" and following.lower_value in LEGACY_PSEUDO_ELEMENTS:
                return index
    return None


def _compounds(tokens):
    compounds, current, combinator, pending = [], [], None, None
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            if current:
                pending = pending or " "
            continue
        if token.type == "literal" and token.value in (">", "+", "~"):
            if not current and not compounds:
                raise _Skip("starts with a combinator")
            if current:
                compounds.append(_Compound(combinator, current))
                current = []
            elif pending not in (None, " "):
                raise _Skip("cannot be read")
            pending = token.value
            continue
        if pending is not None and current:
            compounds.append(_Compound(combinator, current))
            current = []
        if pending is not None:
            combinator = pending
            pending = None
        current.append(token)
    if pending not in (None, " "):
        raise _Skip("ends with a combinator")
    if current:
        compounds.append(_Compound(combinator, current))
    if not compounds:
        raise _Skip("is empty")
    return compounds


def _join(compounds, first_text):
    parts = [first_text]
    for compound in compounds:
        parts.append(" " if compound.combinator == " " else f" {compound.combinator} ")
        parts.append(compound.text())
    return "".join(parts)


def scoped_selector(tokens):
    """The selectors (one or two) that match, within the slide, what `tokens` matched on remark's page.

    _Skip when it can match nothing there or would reach outside the slide.
    """
    compounds = _compounds(tokens)
    kinds = [compound.kind() for compound in compounds]
    if "root" in kinds:
        index = kinds.index("root")
        if "root" in kinds[index + 1 :]:
            raise _Skip("names the slide twice")
        if any(kind != "page" for kind in kinds[:index]):
            # Something around the slide other than remark's boxes: it matched nothing there.
            raise _Skip("matches nothing on the slide")
        rest = compounds[index + 1 :]
        if rest and rest[0].combinator in ("+", "~"):
            raise _Skip("reaches outside the slide")
        extra = sum(compound.specificity_classes() for compound in compounds[:index])
        return [_join(rest, compounds[index].as_root(extra))]
    leading = 0
    while leading < len(kinds) and kinds[leading] == "page":
        leading += 1
    extra = sum(compound.specificity_classes() for compound in compounds[:leading])
    if leading == len(compounds):
        if not compounds[-1].only_page_element():
            raise _Skip("styles remark's page around the slide, which the app lays out and scales itself")
        return [f".{ROOT}" * max(1, extra) if extra else f".{ROOT}"]
    rest = compounds[leading:]
    first, after = rest[0], rest[1:]
    if leading and first.combinator in ("+", "~"):
        raise _Skip("reaches outside the slide")
    scope = f".{ROOT}" * extra if extra else f":where(.{ROOT})"
    variants = []
    if not (leading and first.combinator == ">"):
        variants.append(f"{scope} {_join(after, first.text())}")
    if first.may_be_the_slide() and not (after and after[0].combinator in ("+", "~")):
        marker = f".{ROOT}" * extra if extra else f":where(.{ROOT})"
        variants.append(_join(after, first.with_root(marker)))
    if not variants:
        raise _Skip("matches nothing on the slide")
    return variants


# The whole stylesheet -----------------------------------------------------


def compile_stylesheet(text, font_urls=None, image_urls=None):
    """A CompiledStylesheet of `text`; StylesheetRefused over a limit.

    `font_urls` and `image_urls` map the deck's font and image names to the
    addresses the page loads them from.
    """
    check_size(text)
    compiler = _Compiler(font_urls or {}, image_urls or {})
    nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    # @font-face and @keyframes first, so every rule can use their new names.
    ordered = sorted(
        nodes, key=lambda node: 0 if isinstance(node, ast.AtRule) and node.lower_at_keyword in ("font-face", "keyframes") else 1
    )
    css = compiler.rule_list(ordered)
    warnings = sorted(compiler.warnings, key=lambda warning: warning.line)
    return CompiledStylesheet(css=css, warnings=warnings, rules=compiler.rules)


def check_stylesheet(text):
    """StylesheetRefused unless `text` is within the stylesheet limits (size, then rules)."""
    compile_stylesheet(text)
