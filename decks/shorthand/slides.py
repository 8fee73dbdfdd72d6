"""The rule that cuts a deck's text into slides and glues it back.

A deck is slides separated by `---` lines (outside ``` fences). Each slide is
stored as two texts (decks.models.Slide):

* `source`: the slide as written, with its `--` build steps and the `Note:`
  blocks of every step but the last;
* `notes`: what follows `Note:` in the last step's notes, up to the end of
  the slide.

`join_slides(split_slides(text)) == text` for the decks we know, byte for
byte. Whitespace that the converter throws away anyway is kept where there is
a place for it: a `---` line with trailing spaces keeps them as the first line
of the next slide's source (a line of spaces alone), and `Note:` followed by
something other than one space and text keeps that in `notes` verbatim.
Two writings cannot be told apart and come back in the usual form: a
whitespace-only line right after a plain `---` (it becomes the `---` line's
trailing spaces) and a notes-only slide that starts with a blank line.
"""

from .convert import is_fence, normalize, step_break_after

NOTE = "Note:"


def _slide_chunks(text):
    """[(separator_tail, lines)] for each slide; the first has no separator."""
    chunks = [("", [])]
    in_fence = False
    for line in text.split("\n"):
        normalized = normalize(line)
        if is_fence(normalized):
            in_fence = not in_fence
        elif not in_fence and normalized == "---":
            tail = line[line.index("---") + 3 :] if line.startswith("---") else ""
            chunks.append((tail, []))
            continue
        chunks[-1][1].append(line)
    return chunks


def last_notes_line(lines):
    """Index of the `Note:` line that starts the last step's notes, or None."""
    found = None
    in_fence = False
    for index, line in enumerate(lines):
        normalized = normalize(line)
        if is_fence(normalized):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if step_break_after(normalized):
            found = None
        elif normalized.startswith(NOTE) and found is None:
            found = index
    return found


def split_notes(slide_text):
    """One slide's text -> (source, notes)."""
    lines = slide_text.split("\n")
    index = last_notes_line(lines)
    if index is None:
        return slide_text, ""
    note_line = lines[index]
    rest = note_line[note_line.index(NOTE) + len(NOTE) :]
    # `Note: text` is the usual writing; anything else stays as written.
    if len(rest) > 1 and rest[0] == " " and not rest[1].isspace():
        rest = rest[1:]
    source = "\n".join(lines[:index])
    notes = "\n".join([rest, *lines[index + 1 :]])
    return source, notes


def gather_notes(source, notes):
    """(source, notes) with every note of the slide's last step in `notes`: the editor's one notes text.

    The editor has a notes box beside the shorthand. A `Note:` typed into
    the shorthand's last step, with text in the box as well, would make two
    notes blocks, and remark (so the presenter) shows only the last one.
    Gathered, the source ends before its last step's first `Note:` and the
    notes hold each of that step's `Note:` blocks in turn, then the box's
    text, a blank line between them: nothing typed is dropped. A slide with
    one notes block comes back exactly as it was.
    """
    source, notes = split_notes(join_slide(source, notes))
    if NOTE not in notes:
        return source, notes
    gathered, in_fence = [], False
    for line in notes.split("\n"):
        normalized = normalize(line)
        if is_fence(normalized):
            in_fence = not in_fence
        if in_fence or is_fence(normalized) or not normalized.startswith(NOTE):
            gathered.append(line)
            continue
        if gathered and gathered[-1].strip():
            gathered.append("")
        text = line[line.index(NOTE) + len(NOTE) :].strip()
        if text:
            gathered.append(text)
    return source, "\n".join(gathered)


def join_slide(source, notes):
    """One slide's text from its source and notes (inverse of split_notes)."""
    if not notes:
        return source
    note_line = f"{NOTE} {notes}" if not notes[0].isspace() else f"{NOTE}{notes}"
    return f"{source}\n{note_line}" if source else note_line


def split_slides(text):
    """The deck's text -> [(source, notes)], one pair per slide."""
    slides = []
    for number, (tail, lines) in enumerate(_slide_chunks(text)):
        slide_text = "\n".join(lines)
        if number and tail and not tail.strip():
            slide_text = f"{tail}\n{slide_text}"
        slides.append(split_notes(slide_text))
    return slides


def join_slides(slides):
    """[(source, notes)] -> the deck's text (inverse of split_slides)."""
    parts = []
    for number, (source, notes) in enumerate(slides):
        slide_text = join_slide(source, notes)
        if number:
            first, newline, rest = slide_text.partition("\n")
            if newline and first and not first.strip():
                slide_text = f"---{first}\n{rest}"
            else:
                slide_text = f"---\n{slide_text}"
        parts.append(slide_text)
    return "\n".join(parts)


def slide_first_lines(slides):
    """1-based line in the deck text where each slide's text starts."""
    numbers = []
    line = 1
    for number, (source, notes) in enumerate(slides):
        slide_text = join_slide(source, notes)
        if number:
            first, newline, _ = slide_text.partition("\n")
            if not (newline and first and not first.strip()):
                line += 1  # the `---` line
        numbers.append(line)
        line += slide_text.count("\n") + 1
    return numbers
