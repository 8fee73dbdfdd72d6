"""Questions about a deck's text, answered by the parser: the images it shows, its notes, its title.

Code outside the library asks these instead of reading the shorthand with
regular expressions of its own, so a rule of the shorthand lives in one place.
"""

from .convert import DEFAULT_PROMPT_HOST, is_fence, normalize, step_break_after
from .markdown import markdown
from .parse import parse_slide
from .sessions import ends_notes
from .slides import NOTE


def image_names(source, notes="", prompt_host=DEFAULT_PROMPT_HOST):
    """Names of the deck images a slide shows (in `images/`), in order, without repeats."""
    names = []
    for step in parse_slide(source, notes, prompt_host).steps:
        names.extend(name for name in step.image_names if name not in names)
    return names


def notes_text(source, notes):
    """All the speaker notes of a slide as written: the `Note:` blocks inside its source, then `notes`."""
    parts = []
    in_notes = in_fence = False
    lines = source.split("\n")
    session_commands = ends_notes(lines)
    for index, line in enumerate(lines):
        normalized = normalize(line)
        if is_fence(normalized):
            in_fence = not in_fence
        if not in_fence and (step_break_after(normalized) or index in session_commands):
            in_notes = False
        elif not in_fence and normalized.startswith(NOTE):
            in_notes = True
            parts.append(line.split(NOTE, 1)[1])
        elif in_notes:
            parts.append(line)
    parts.append(notes)
    return "\n".join(part for part in parts if part.strip())


def title(parsed_deck):
    """The first heading of a ParsedDeck's first step, as plain text ("" when there is none)."""
    for slide in parsed_deck.slides[:1]:
        for step in slide.steps[:1]:
            tokens = markdown.parse(step.markdown)
            for index, token in enumerate(tokens):
                if token.type == "heading_open" and index + 1 < len(tokens):
                    words = " ".join(_plain_text(tokens[index + 1].children or [])).split()
                    if words:
                        return " ".join(words)
    return ""


def _plain_text(children):
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield " "
