"""Terminals copied by hand, slide after slide, written once as a session.

A run of slides that each repeat a terminal with one more line (FORMAT.md
§4.3) is read back into the `$$session` that derives the same steps
(sessions.py). A run is only offered when the session, written out again,
gives every one of its slides exactly as they were: the same remark
Markdown, line for line, and so the same steps and notes.
"""

import re
from dataclasses import dataclass

from .convert import convert_lines, is_fence, normalize, step_break_after
from .sessions import MAX_STEPS, SESSION, _echo, command_of, derive, session_start
from .slides import join_slide

_MARKED = re.compile(r"^((?:\.[A-Za-z_-][\w-]*)+)\[(.*)\]$", re.DOTALL)


@dataclass
class Run:
    """Slides `first` to `last` (0-based, inclusive) of a deck, and the session that writes them once."""

    first: int
    last: int
    text: str

    @property
    def slide_count(self):
        return self.last - self.first + 1


@dataclass
class _Terminal:
    """One hand-copied terminal slide, cut into its parts (lines as written)."""

    prefix: list
    title: str
    screen: list  # the terminal's lines before its tail
    tail: list  # [`$$prompt P`, `$$w X`] or []: a running program's cursor ends the screen
    closing: list  # `$$end` and the lines after it, up to the notes
    after: list  # blank lines, then the notes

    @property
    def prompt(self):
        return _argument(self.tail[0]) if self.tail else None

    @property
    def typed(self):
        return _argument(self.tail[1]) if self.tail else None

    @property
    def running(self):
        return not self.tail


def _argument(line):
    return normalize(line).partition(" ")[2]


def _same(lines, others):
    return [normalize(line) for line in lines] == [normalize(line) for line in others]


def read_terminal(text):
    """A hand-copied terminal slide's parts, or None for any other slide."""
    lines = text.split("\n")
    if session_start(lines) is not None:
        return None
    start, in_fence, notes_at, end_at = None, False, len(lines), None
    for index, line in enumerate(lines):
        normalized = normalize(line)
        if is_fence(normalized):
            in_fence = not in_fence
        if in_fence or is_fence(normalized):
            if start is not None and end_at is None:
                return None  # a fence inside the terminal: left as it is
            continue
        if normalized.startswith("Note:"):
            notes_at = index
            break
        if step_break_after(normalized):
            return None
        word = normalized.partition(" ")[0]
        if word == "$$terminal" and start is None:
            start = index
        elif word == "$$end" and start is not None and end_at is None:
            end_at = index
    if start is None:
        return None
    for line in lines[notes_at:]:
        if step_break_after(normalize(line)):
            return None
    body_end = end_at if end_at is not None else notes_at
    body = lines[start + 1 : body_end]
    closing = lines[end_at:notes_at] if end_at is not None else []
    after = lines[notes_at:]
    holder = closing if closing else body
    while holder and not holder[-1].strip():
        after.insert(0, holder.pop())
    if not body or normalize(body[-1]).partition(" ")[0] != "$$w":
        return None
    if any(command_of(normalize(line)) and normalize(line).partition(" ")[0] != "$$prompt" for line in body):
        return None  # a line a session would read as one of its commands
    if len(body) >= 2 and normalize(body[-2]).partition(" ")[0] == "$$prompt":
        screen, tail = body[:-2], body[-2:]
    else:
        screen, tail = body, []
    return _Terminal(lines[:start], _argument(lines[start]), screen, tail, closing, after)


def write_once(texts):
    """The session text whose steps are these hand-copied terminal slides, or None.

    `texts` are whole slide texts (source and notes joined), in order.
    """
    if len(texts) < 2 or len(texts) > MAX_STEPS:
        return None
    terminals = [read_terminal(text) for text in texts]
    if any(terminal is None for terminal in terminals):
        return None
    text, consumed = _infer(terminals)
    if consumed != len(texts) or not _derives(text, texts):
        return None
    return text


def _infer(terminals):
    """(session text, how many of the terminals it stands for): as many as follow from one another.

    The text is not checked here: _derives holds it against the slides.
    """
    first = terminals[0]
    body = []  # the session's lines after `$$session`
    prompt = "~"
    if first.typed:
        return "", 0
    body += _prompt_change(prompt, first.prompt)
    prompt = first.prompt or prompt
    body += [*first.screen, *first.after]
    title, screen, tail = first.title, first.screen, first.tail
    index = 1
    while index < len(terminals):
        slide = terminals[index]
        following = terminals[index + 1] if index + 1 < len(terminals) else None
        if not _same(slide.prefix, first.prefix) or not _same(slide.closing, first.closing):
            break
        if slide.title != title:
            if slide.screen or slide.running or slide.typed:
                break
            body.append(f"{SESSION} {slide.title}".rstrip())
            body += _prompt_change(prompt, slide.prompt)
            prompt = slide.prompt
            body += slide.after
            title, screen, tail = slide.title, [], slide.tail
            index += 1
            continue
        if tail and slide.typed and _same(slide.screen, screen) and slide.prompt == prompt:
            # A command typed: the next slide must show it run.
            output = _output_of(screen, prompt, slide.typed, following) if following else None
            if output is None or following.title != title or not _same(following.prefix, first.prefix):
                break
            lines, scrolled = output
            body.append(f"$$ {slide.typed}")
            if slide.after:
                body += [*slide.after, "$$run"]
            body += ["$$scroll"] if scrolled else []
            body += lines
            if not following.running:
                body += _prompt_change(prompt, following.prompt)
                prompt = following.prompt
            body += following.after
            screen, tail = following.screen, following.tail
            index += 2
            continue
        if not tail and slide.tail and not slide.typed and _same(slide.screen, screen[:-1]):
            body.append("$$stop")
            body += _prompt_change(prompt, slide.prompt)
            prompt = slide.prompt
            body += slide.after
            screen, tail = slide.screen, slide.tail
            index += 1
            continue
        if (
            not tail
            and slide.running
            and len(slide.screen) > len(screen)
            and _same(slide.screen[: len(screen) - 1], screen[:-1])
            and _same(slide.screen[-1:], screen[-1:])
        ):
            body.append("$$run")
            body += slide.screen[len(screen) - 1 : -1]
            body += slide.after
            screen, tail = slide.screen, slide.tail
            index += 1
            continue
        mark = _mark_between(screen, slide.screen)
        if mark and _same(slide.tail, tail):
            body.append(f"$$mark {mark}")
            body += slide.after
            index += 1
            continue
        if not slide.screen and slide.tail and not slide.typed:
            body.append("$$clear")
            body += _prompt_change(prompt, slide.prompt)
            prompt = slide.prompt
            body += slide.after
            screen, tail = [], slide.tail
            index += 1
            continue
        break
    text = "\n".join([*first.prefix, f"{SESSION} {first.title}".rstrip(), *body, *first.closing])
    return text, index


def _prompt_change(prompt, new):
    return [f"$$prompt {new}".rstrip()] if new is not None and new != prompt else []


def _output_of(screen, prompt, command, ran):
    """(output lines, scrolled) of a run slide after `screen`, or None when it does not show `command` run."""
    seen = ran.screen
    start = len(screen) + 2
    if (
        len(seen) >= start
        and _same(seen[: len(screen)], screen)
        and normalize(seen[len(screen)]) == normalize(f"$$prompt {prompt}")
        and normalize(seen[len(screen) + 1]) == normalize(_echo(command))
    ):
        return seen[start:], False
    if seen:
        return seen, True
    return None


def _mark_between(screen, marked):
    """`.class[text]` when `marked` is `screen` with one text marked so, else None."""
    if len(screen) != len(marked):
        return None
    differ = [index for index, (line, other) in enumerate(zip(screen, marked)) if normalize(line) != normalize(other)]
    if len(differ) != 1:
        return None
    old, new = normalize(screen[differ[0]]), normalize(marked[differ[0]])
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    # The mark starts at a full stop: step back onto it when the text began with one too.
    while start and new[start - 1] == "." and new[start:start + 1] != ".":
        start -= 1
    end = 0
    while end < min(len(old), len(new)) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    # A mark ends with `]`: give it back when the text ended with one too.
    if end and new[len(new) - end] == "]" and not new[start : len(new) - end].endswith("]"):
        end -= 1
    inner_old, inner_new = old[start : len(old) - end], new[start : len(new) - end]
    match = _MARKED.match(inner_new)
    if not match or match.group(2) != inner_old or not inner_old:
        return None
    return inner_new


def _derives(text, texts):
    """Whether the session `text` writes out as exactly these slides, in remark's Markdown."""
    session = derive(text.split("\n"))
    if session is None or len(session.steps) != len(texts):
        return False
    for step, original in zip(session.steps, texts):
        if _markdown(step.text) != _markdown(original):
            return False
    return True


def _markdown(text):
    converted, _ = convert_lines(text.split("\n"))
    return [line.text for line in converted]


def find_runs(pairs):
    """Runs of two or more hand-copied terminal slides that one session writes exactly.

    `pairs` are the deck's (source, notes) in order. Each run is as long as
    it can be; a slide is in one run at most.
    """
    texts = [join_slide(source, notes) for source, notes in pairs]
    terminals = [read_terminal(text) for text in texts]
    runs, first = [], 0
    while first < len(texts):
        count = 0
        if terminals[first] is not None:
            end = first
            while end < len(texts) and terminals[end] is not None and end - first < MAX_STEPS:
                end += 1
            _, count = _infer(terminals[first:end])
        found = None
        while count >= 2:
            found = write_once(texts[first : first + count])
            if found is not None:
                break
            count -= 1
        if found is None:
            first += 1
            continue
        runs.append(Run(first, first + count - 1, found))
        first += count
    return runs
