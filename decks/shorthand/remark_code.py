"""The pass the decks' remark ran over every `<code>` of a slide and its notes.

Given sanitized HTML, every `<code>` element gets the class `remark-code`, and
one with a class names its language and is highlighted, its own markup
(content-class spans, `<c>`, links) merged back around the token spans the way
highlight.js 7 merged them. highlight.py says what the audience's browser
had, and why.

One difference, on purpose: a class that names no language highlight.js 7
knew (`haskell`, `elixir`, `powershell`, `go`, …) made it guess among its
eighteen languages, a guess no other highlighter reproduces, and append the
guess to the class; here such a block keeps its class as written and shows
the strings, numbers and comments of the language its class names, when
Pygments has a grammar for it, and stays plain otherwise.

The pass runs on sanitized HTML and writes only escaped text, the
element's own (sanitized) tags and `<span class="…">` with highlight.js's
class names, so its output needs no second cleaning; tests hold it to the
sanitizer's allowlist.

The input is the sanitizer's serialization (double-quoted attributes, text
with `&`, `<` and `>` escaped), so tags and text can be told apart with a
regular expression; everything outside `<code>` elements is copied as it is.
"""

import functools
import html
import re

from .highlight import LANGUAGES, spans, tokens

CODE_CLASS = "remark-code"
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*(/?)>""")
_CLASS = re.compile(r'(\sclass=")([^"]*)(")')
_VOID = frozenset({"br", "img", "hr", "wbr", "col", "area", "input", "source", "track", "embed", "meta", "link"})
_LANGUAGE_PREFIX = re.compile(r"^language-")
_LEADING_TABS = re.compile(r"^((?:<[^>]+>|\t)+)", re.MULTILINE)
TAB = "  "  # what remark told highlight.js to write for a tab at the start of a line


_CODE_TAG = re.compile(r"<(/?)code\b", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def colour_code(fragment):
    """`fragment` (sanitized HTML) with its `<code>` elements as remark showed them."""
    if "<code" not in fragment:
        return fragment
    parts, position = [], 0
    for found in _CODE_TAG.finditer(fragment):
        opening = None if found.group(1) or found.start() < position else _TAG.match(fragment, found.start())
        if opening is None or opening.group(2).lower() != "code":
            continue
        inner_end, end = _element_end(fragment, opening)
        code = _code(opening.group(0), fragment[opening.end() : inner_end], lambda: _parent_classes(fragment, found.start()))
        parts += [fragment[position : found.start()], code, fragment[inner_end:end]]
        position = end
    return "".join(parts) + fragment[position:]


def _element_end(fragment, opening):
    """(where the inside of the code element opened by `opening` ends, where its end tag ends)."""
    depth = 1
    for found in _CODE_TAG.finditer(fragment, opening.end()):
        tag = _TAG.match(fragment, found.start())
        if tag is None or tag.group(2).lower() != "code":
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start(), tag.end()
    return len(fragment), len(fragment)


def _parent_classes(fragment, before):
    """The classes of the element the code element at `before` sits in (highlight.js looked there too)."""
    previous = _TAG.match(fragment, fragment.rfind("<", 0, before))
    if previous and previous.end() == before and not previous.group(1) and not previous.group(4):
        if previous.group(2).lower() not in _VOID:
            return _classes(previous.group(0))  # the usual <pre class="…"><code>
    parents = []
    for match in _TAG.finditer(fragment, 0, before):
        name = match.group(2).lower()
        if name in _VOID or match.group(4):
            continue
        if match.group(1):
            if parents:
                parents.pop()
        else:
            parents.append(_classes(match.group(0)))
    return parents[-1] if parents else ""


def _classes(start_tag):
    found = _CLASS.search(start_tag)
    return html.unescape(found.group(2)) if found else ""


def _with_code_class(start_tag):
    """The start tag with `remark-code` added to its classes (remark's utils.addClass)."""
    found = _CLASS.search(start_tag)
    if not found:
        return f'{start_tag[:-1]} class="{CODE_CLASS}">'
    if CODE_CLASS in found.group(2).split():
        return start_tag
    joined = f"{found.group(2)} {CODE_CLASS}" if found.group(2) else CODE_CLASS
    return f"{start_tag[: found.start(2)]}{joined}{start_tag[found.end(2) :]}"


def _code(start_tag, inner, parent_classes):
    """One `<code>` element's start tag and inside, as remark left them; `parent_classes()` gives its parent's."""
    classes = _classes(start_tag)
    language = _language(classes, parent_classes) if classes.strip() else None
    if language:
        text, markup = _text_and_markup(inner)
        runs = tokens(text, language)
        if runs is not None:
            merged = _merge(markup, _token_stream(runs), text)
            return _with_code_class(start_tag) + _LEADING_TABS.sub(_tabs_as_spaces, merged)
    if "<code" in inner:
        inner = _TAG.sub(_code_tag_with_class, inner)
    return _with_code_class(start_tag) + inner


def _tabs_as_spaces(match):
    return match.group(1).replace("\t", TAB)


def _code_tag_with_class(match):
    """A code element inside another gets its class too (remark went over every one)."""
    is_code_start = match.group(2).lower() == "code" and not match.group(1)
    return _with_code_class(match.group(0)) if is_code_start else match.group(0)


def _language(classes, parent_classes=str):
    """The grammar for a code element with these classes: highlight.js 7's choice, else the first Pygments knows.

    `parent_classes()` gives the classes of the code's parent, read only when its own name no language.
    """
    own = [_LANGUAGE_PREFIX.sub("", name) for name in classes.split()]
    known = next((name for name in own if name in LANGUAGES), None)
    if known:
        return known
    names = own + [_LANGUAGE_PREFIX.sub("", name) for name in parent_classes().split()]
    known = next((name for name in names if name in LANGUAGES), None)
    return known or next((name for name in names if tokens("", name) is not None), None)


def _text_and_markup(inner):
    """The element's text as highlight.js read it (`<br>` is a line break), and its other elements.

    Markup is [(offset, "start" | "stop", element number, tag text)].
    """
    text, markup, open_elements = [], [], []
    offset = position = 0
    for number, match in enumerate(_TAG.finditer(inner)):
        piece = html.unescape(inner[position : match.start()])
        text.append(piece)
        offset += len(piece)
        position = match.end()
        name = match.group(2).lower()
        if name == "br" and not match.group(1):
            text.append("\n")
            offset += 1
        elif name in _VOID or match.group(4):
            markup += [(offset, "start", number, match.group(0)), (offset, "stop", number, "")]
        elif not match.group(1):
            open_elements.append((number, name))
            tag = _with_code_class(match.group(0)) if name == "code" else match.group(0)
            markup.append((offset, "start", number, tag))
        elif any(opened == name for _, opened in open_elements):
            while open_elements:
                opened_number, opened = open_elements.pop()
                markup.append((offset, "stop", opened_number, f"</{opened}>"))
                if opened == name:
                    break
    piece = html.unescape(inner[position:])
    text.append(piece)
    offset += len(piece)
    while open_elements:
        opened_number, opened = open_elements.pop()
        markup.append((offset, "stop", opened_number, f"</{opened}>"))
    return "".join(text), markup


def _token_stream(runs):
    """The token spans as [(offset, "start" | "stop", span number, tag text)]."""
    stream, opened = [], []
    for number, (offset, event, name) in enumerate(spans(runs), start=1):
        if event == "start":
            opened.append(-number)
            stream.append((offset, "start", -number, f'<span class="{name}">'))
        else:
            stream.append((offset, "stop", opened.pop(), "</span>"))
    return stream


def _merge(original, highlighted, text):
    """highlight.js's mergeStreams: the element's own tags and the token spans, properly nested, around `text`.

    At equal offsets the element's own markup opens first and closes last; a
    stop closes every element opened after the one it ends and opens them again.
    """
    original, highlighted = list(original), list(highlighted)
    result, processed, stack = [], 0, []  # stack: [(element number, start tag, end tag)]

    def next_stream():
        if original and highlighted:
            if original[0][0] != highlighted[0][0]:
                return original if original[0][0] < highlighted[0][0] else highlighted
            return original if highlighted[0][1] == "start" else highlighted
        return original or highlighted

    while original or highlighted:
        offset, event, number, tag = next_stream().pop(0)
        result.append(html.escape(text[processed:offset], quote=False))
        processed = offset
        if event == "start":
            result.append(tag)
            stack.append((number, tag, _end_tag(tag)))
            continue
        index = next(i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == number)
        result.extend(end for _, _, end in reversed(stack[index:]))
        reopened = stack[index + 1 :]
        del stack[index:]
        for entry in reopened:
            result.append(entry[1])
            stack.append(entry)
    result.append(html.escape(text[processed:], quote=False))
    return "".join(result)


def _end_tag(start_tag):
    name = _TAG.match(start_tag).group(2).lower()
    return "" if name in _VOID else f"</{name}>"
