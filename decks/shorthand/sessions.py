"""Terminal sessions written once: `$$session` and the steps derived from it.

A deck in the shorthand shows a command being typed and its output appearing
by copying the whole terminal onto a new slide for every line (FORMAT.md
§4.3). A session is written once instead, and this module derives its steps,
each one the hand-copied terminal it stands for:

    $$session bash                       a terminal titled "bash"
    $$prompt ~/git/glasnt                the prompt's path from here on
    $$ pip install django                a command: one step types it,
    Collecting django<br>                the next shows it run: its output
    Successfully installed django<br>    and the next prompt
    Note: notes of the step it follows

The session goes on to the end of the slide. Every line of it that is not
one of its commands is ordinary text, as in a hand-copied terminal. Its
commands (a `Note:` block ends at each of them):

* `$$ COMMAND`: two steps, COMMAND typed after the prompt, then COMMAND run:
  its output (the lines after it) and the next prompt. An output whose last
  line is a `$$w` cursor is a program still running: no prompt comes back.
* `$$run`: right after a command with no output lines of its own, where its
  run step starts, for notes of the typed step (`$$ cd x`, `Note: …`,
  `$$run`). Anywhere else, a step that adds the lines after it to the screen
  (more output of a running program).
* `$$mark .CLASS[TEXT]`: a step showing the screen with the last TEXT on it
  as `.CLASS[TEXT]` (`$$mark .red[db.sqlite3]`); the step after it shows the
  screen unmarked again.
* `$$stop`: the running program is stopped: a step with the prompt back.
* `$$clear`: a step with the screen cleared (the lines after it are on the
  new screen); `$$session TITLE` again does the same with a new title.
* `$$prompt PATH` (not a step): the prompt from the next one shown on.
* `$$scroll` (not a step): in an output, the screen shows from this line
  down, the lines above it having scrolled off the top.
* `$$end` (not a step): the terminal closes; the lines after it show below it
  on every step.

Lines before `$$session` show above the terminal on every step. Each step
is written out as the hand-copied slide it replaces (`hand_copied_text`), so
the remark export shows a remark user the same talk, and the app renders
each step from the same lines (`StepLines.converted`).
"""

import re
from dataclasses import dataclass, field

from .convert import (
    DEFAULT_PROMPT_HOST,
    LANGUAGE_KEYS,
    ConvertedLine,
    Problem,
    convert_line,
    convert_numbered,
    is_fence,
    normalize,
    step_break_after,
)

SESSION = "$$session"
DEFAULT_PROMPT = "~"
TYPED_CLASS = "session-typed"
CURSOR = "<w>&nbsp;</w>"

# `$$` alone is a command typed at the prompt; the others are `$$name`.
COMMANDS = frozenset({"", "session", "prompt", "run", "mark", "stop", "clear", "scroll", "end"})
STEP_COMMANDS = frozenset({"", "session", "run", "mark", "stop", "clear"})

# A session repeats its screen on every step; these keep a slide within
# what the renderer can show in reasonable time, whatever the deck's limits.
MAX_STEPS = 200
MAX_CHARACTERS = 1_000_000

_MARK = re.compile(r"((?:\.[A-Za-z_-][\w-]*)+)\[")


def command_of(normalized_line):
    """(name, argument) of a session command line (`$$ ls` -> ("", "ls")), else None."""
    if not normalized_line.startswith("$$"):
        return None
    word, _, rest = normalized_line.partition(" ")
    name = word[2:]
    return (name, rest) if name in COMMANDS else None


def session_start(lines):
    """Index of the `$$session` line that makes these slide lines a session, or None.

    It must stand outside fences and outside notes (a `Note:` block runs to
    the next `--`, as everywhere in the shorthand).
    """
    in_fence = in_notes = False
    for index, line in enumerate(lines):
        normalized = normalize(line)
        if is_fence(normalized):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if step_break_after(normalized):
            in_notes = False
        elif normalized.startswith("Note:"):
            in_notes = True
        elif not in_notes and normalized.partition(" ")[0] == SESSION:
            return index
    return None


def ends_notes(lines):
    """{index of a line that ends a `Note:` block}: in a session, each of its commands."""
    start = session_start(lines)
    if start is None:
        return set()
    ends, in_fence = set(), False
    for index in range(start, len(lines)):
        normalized = normalize(lines[index])
        if is_fence(normalized):
            in_fence = not in_fence
        elif not in_fence and command_of(normalized):
            ends.add(index)
    return ends


@dataclass
class Line:
    text: str  # as written (or made)
    number: int  # 1-based line of the slide's text it comes from


@dataclass
class _Region:
    """The lines from one step command to the next."""

    command: str
    argument: str
    line: int
    body: list = field(default_factory=list)  # Line, or a Line of text None for `$$scroll`
    gap: list = field(default_factory=list)  # blank lines after the body
    notes: list = field(default_factory=list)  # from the `Note:` line on
    prompt: str = DEFAULT_PROMPT  # in effect where the region ends
    prompt_at_start: str = DEFAULT_PROMPT

    def close(self):
        while self.body and self.body[-1].text is not None and not self.body[-1].text.strip():
            self.gap.insert(0, self.body.pop())


@dataclass
class StepLines:
    """One derived step: the lines of the hand-copied slide it stands for."""

    lines: list  # Line
    first_line: int  # where its own text starts in the session's slide
    typed: int | None = None  # index in `lines` of the command being typed

    @property
    def text(self):
        return "\n".join(line.text for line in self.lines)

    def converted(self, prompt_host=DEFAULT_PROMPT_HOST):
        """(ConvertedLine list, problems): the step as the renderer reads it.

        The command being typed is wrapped in a span of TYPED_CLASS, which the
        projector types out; `--` (a build step) has no meaning in a session
        and is left out.
        """
        converted, problems = convert_numbered([(line.text, line.number) for line in self.lines], prompt_host)
        lines, seen_typed = [], False
        for line in converted:
            if not line.in_fence and line.text == "--":
                problems.append(Problem(line.source_line, DASHES_IN_SESSION, warning=True, now=DASHES_NOW))
                continue
            if self.typed is not None and not seen_typed and line.source_line == self.lines[self.typed].number:
                if not line.in_fence and line.text.endswith(CURSOR) and line.text != CURSOR:
                    seen_typed = True
                    typed = line.text[: -len(CURSOR)]
                    line = ConvertedLine(f'<span class="{TYPED_CLASS}">{typed}</span>{CURSOR}', line.source_line, False)
            lines.append(line)
        return lines, problems


DASHES_IN_SESSION = "`--` has no meaning in a `$$session`: its steps come from its commands"
DASHES_NOW = "the line is left out"
MARK_NOW = "the step shows the screen unmarked"


@dataclass
class Session:
    steps: list  # StepLines
    problems: list  # line numbers count in the slide's text


def derive(lines):
    """The steps of a session slide's lines (None when they are not a session)."""
    start = session_start(lines)
    if start is None:
        return None
    prefix = [Line(text, number) for number, text in enumerate(lines[:start], start=1)]
    regions, suffix, problems = _regions(lines, start)
    return _Deriver(prefix, suffix, problems).run(regions)


def _regions(lines, start):
    """The session's lines cut at its step commands; (regions, lines after `$$end`, problems)."""
    _, title = command_of(normalize(lines[start]))
    regions = [_Region("session", title, start + 1)]
    suffix, problems = None, []
    prompt, in_fence, in_notes = DEFAULT_PROMPT, False, False
    for number, text in enumerate(lines[start + 1 :], start=start + 2):
        normalized = normalize(text)
        region = regions[-1]
        command = None if in_fence else command_of(normalized)
        if is_fence(normalized):
            in_fence = not in_fence
        if suffix is not None:
            if in_notes or (not in_fence and normalized.startswith("Note:")):
                in_notes = True
                region.notes.append(Line(text, number))
            else:
                suffix.append(Line(text, number))
            continue
        if command is None:
            if in_notes or (not in_fence and normalized.startswith("Note:")):
                in_notes = True
                region.notes.append(Line(text, number))
            else:
                region.body.append(Line(text, number))
            continue
        name, argument = command
        in_notes = False
        if name == "prompt":
            prompt = argument
            region.prompt = prompt
        elif name == "scroll":
            region.body.append(Line(None, number))
        elif name == "end":
            suffix = []
        else:
            region.close()
            regions.append(_Region(name, argument, number, prompt=prompt, prompt_at_start=prompt))
    regions[-1].close()
    if suffix is not None:
        # Blank lines before notes written after `$$end` go with the notes.
        while suffix and not suffix[-1].text.strip() and regions[-1].notes:
            regions[-1].notes.insert(0, suffix.pop())
    return regions, suffix, problems


class _Deriver:
    def __init__(self, prefix, suffix, problems):
        self.prefix, self.suffix, self.problems = prefix, suffix, problems
        self.title = ""
        self.screen = []  # Lines on the terminal so far
        self.running = False  # the screen ends with a running program's cursor
        self.steps = []
        self.size = 0

    def run(self, regions):
        index = 0
        while index < len(regions) and len(self.steps) < MAX_STEPS and self.size <= MAX_CHARACTERS:
            region = regions[index]
            following = regions[index + 1] if index + 1 < len(regions) else None
            if region.command == "":
                # `$$run` after a command's output is more output, not its run step.
                starts_run = following is not None and following.command == "run" and not region.body
                run = following if starts_run else None
                self._command(region, run)
                index += 2 if run else 1
                continue
            getattr(self, f"_{region.command}")(region)
            index += 1
        if index < len(regions):
            self.problems.append(
                Problem(
                    regions[index].line,
                    f"the session makes too many steps (at most {MAX_STEPS}, or {MAX_CHARACTERS:,} characters "
                    "shown in all); split it into several sessions",
                )
            )
        return Session(steps=self.steps, problems=sorted(self.problems, key=lambda problem: problem.line))

    # Steps ------------------------------------------------------------------

    def _session(self, region):
        self.title = region.argument
        self._fresh_screen(region)

    def _clear(self, region):
        self._fresh_screen(region)

    def _fresh_screen(self, region):
        self.screen, self.running = [], False
        self._add_output(region.body)
        self._emit(self._tail(region), region, region.line)

    def _command(self, typed, run):
        if self.running:
            self._stop_running()
        prompt = _prompt_line(typed.prompt_at_start, typed.line)
        typed_line = Line(f"$$w {typed.argument}".rstrip(), typed.line)
        self._emit([prompt, typed_line], typed if run else None, typed.line, typed=True)
        ended = run or typed
        self.screen = [*self.screen, prompt, Line(_echo(typed.argument), typed.line)]
        self._add_output(typed.body + (run.body if run else []))
        self._emit(self._tail(ended), ended, run.line if run else typed.line + 1)

    def _run(self, region):
        if not self.running:
            self.problems.append(
                Problem(region.line, "`$$run` follows no `$$ command`", warning=True, now="its lines are added to the screen")
            )
            self._add_output(region.body)
        else:
            cursor = self.screen.pop()
            self._add_output(region.body)
            self.screen.append(cursor)
            self.running = True
        self._emit(self._tail(region), region, region.line)

    def _stop(self, region):
        if self.running:
            self._stop_running()
        else:
            self.problems.append(
                Problem(region.line, "`$$stop` but nothing is running", warning=True, now="the step shows the same screen")
            )
        self._add_output(region.body)
        self._emit(self._tail(region), region, region.line)

    def _mark(self, region):
        marks = _marks(region.argument)
        if marks is None:
            self.problems.append(
                Problem(region.line, "`$$mark` takes the text to mark as `.class[text]`", warning=True, now=MARK_NOW)
            )
            marks = []
        marked = list(self.screen)
        for classes, text in marks:
            found = _mark(marked, classes, text)
            if found is None:
                self.problems.append(
                    Problem(region.line, f"`$$mark`: `{text}` is not on the screen", warning=True, now=MARK_NOW)
                )
            else:
                marked = found
        unmarked, self.screen = self.screen, marked
        self._add_output(region.body)
        self._emit(self._tail(region), region, region.line)
        # The mark lasts one step; what the region added stays.
        self.screen = unmarked + self.screen[len(marked) :]

    # Helpers ----------------------------------------------------------------

    def _stop_running(self):
        self.screen = self.screen[:-1]
        self.running = False

    def _add_output(self, body):
        for line in body:
            if line.text is None:
                self.screen = []  # `$$scroll`: what is above has scrolled off
            else:
                self.screen.append(line)
        self.running = bool(self.screen) and normalize(self.screen[-1].text).partition(" ")[0] == "$$w"

    def _tail(self, region):
        if self.running:
            return []
        return [_prompt_line(region.prompt, region.line), Line("$$w", region.line)]

    def _emit(self, tail, region, first_line, typed=False):
        terminal = [Line(f"$$terminal {self.title}".rstrip(), first_line), *self.screen, *tail]
        typed_at = len(self.prefix) + len(terminal) - 1 if typed else None
        if self.suffix is not None:
            terminal += [Line("$$end", first_line), *self._suffix_content()]
        after = [*region.gap, *region.notes] if region is not None else []
        lines = [*self.prefix, *terminal, *after]
        self.size += sum(len(line.text) + 1 for line in lines)
        self.steps.append(
            StepLines(lines=lines, first_line=first_line, typed=typed_at)
        )

    def _suffix_content(self):
        content = list(self.suffix)
        while content and not content[-1].text.strip():
            content.pop()
        return content


def _prompt_line(path, number):
    return Line(f"$$prompt {path}".rstrip(), number)


def _echo(command):
    """The line a typed command leaves on the screen once run.

    A command that would be a line command of the shorthand at the start of
    a line (`ps aux`, `go test`), or whose first word begins with a language
    key (`python`, which the original converter cut, FORMAT.md §4.2), starts
    with `.noop[…]`, as the hand-copied decks wrote it (§6.4): the screen
    reads the same, and the hand-copied form is what the author wrote.
    """
    line = f"{command}<br>"
    normalized = normalize(line)
    converted, problem = convert_line(normalized)
    word = normalized.partition(" ")[0]
    if converted == [normalized] and problem is None and not any(word.startswith(key) for key in LANGUAGE_KEYS):
        return line
    return f".noop[{command[0]}]{command[1:]}<br>"


def _marks(argument):
    """[(classes, text)] of `.a[x] .b.c[y]`, or None when it is not that."""
    from .markdown import closing_bracket

    marks, position = [], 0
    argument = argument.strip()
    while position < len(argument):
        match = _MARK.match(argument, position)
        if not match:
            return None
        close = closing_bracket(argument, match.end())
        if close < 0 or not argument[match.end() : close]:
            return None
        marks.append((match.group(1), argument[match.end() : close]))
        position = close + 1
        while position < len(argument) and argument[position] == " ":
            position += 1
    return marks or None


def _mark(screen, classes, text):
    """The screen with the last `text` on it as `classes[text]`, or None when it is not there."""
    for index in range(len(screen) - 1, -1, -1):
        line = screen[index]
        at = line.text.rfind(text)
        if at >= 0:
            marked = Line(f"{line.text[:at]}{classes}[{text}]{line.text[at + len(text):]}", line.number)
            return [*screen[:index], marked, *screen[index + 1 :]]
    return None


def expand_sessions(text):
    """The deck's text with each session slide written out as its hand-copied slides.

    Everything else stays byte for byte as it was.
    """
    if SESSION not in text:
        return text
    output, chunk, in_fence = [], [], False
    for line in text.split("\n"):
        normalized = normalize(line)
        if is_fence(normalized):
            in_fence = not in_fence
        elif not in_fence and normalized == "---":
            output.extend(_expanded(chunk))
            output.append(line)
            chunk = []
            continue
        chunk.append(line)
    output.extend(_expanded(chunk))
    return "\n".join(output)


def _expanded(lines):
    session = derive(lines)
    if session is None or not session.steps:
        return lines
    expanded = []
    for number, step in enumerate(session.steps):
        if number:
            expanded.append("---")
        expanded.extend(line.text for line in step.lines)
    return expanded
