"""Lines the audience would see as stray text, and the fix for each, in one click.

remark read `class:` and `background-image:` lines as the slide's settings
only at the top of a slide or build step (FORMAT.md §3.1, §7.2); anywhere
else the line is shown as it is: the words `class: title` on the slide. The
line commands that write such a line (`#=`, `@=`, `@^`, `@^^`, `!`, `~~~`,
`~@`) slip the same way when they follow the slide's text, as a second
title line does (`#=` then `##=`).

Each such line is a warning saying what the audience sees, with a Fix: the
form of the command that needs no setting there (`##=` becomes `##`, `@= F`
becomes `@ F`), or else the line moved to the top of its slide or step.
"""

import re

from .convert import TITLE, Fix, Problem, first_word, normalize

# The settings a speaker writes (or a command writes for them) that change how the slide looks.
_SETTING = re.compile(r"^(class|background-image):")
_IMAGE_LAYOUTS = ("@=", "@^", "@^^")


def stray_settings(lines, step_number, rest):
    """Problems for the setting lines of a build step that are not at its top.

    `lines` are the slide's shorthand lines; `rest` the step's converted
    lines after its leading settings (parse._split_properties). Lines in a
    fence or in the notes (after `???`) are not the audience's.
    """
    problems, reported = [], set()
    content_starts = None
    for line in rest:
        if not line.in_fence and line.text == "???":
            break
        if content_starts is None and line.text.strip():
            content_starts = line.source_line
        if line.in_fence or not _SETTING.match(line.text) or line.source_line in reported:
            continue
        reported.add(line.source_line)
        written = lines[line.source_line - 1]
        command = _command(normalize(written))
        problems.append(
            Problem(
                line.source_line,
                f"`{command}` here is not at the top of the slide or build step",
                warning=True,
                now=f"the audience sees the words “{line.text}” on the slide",
                fix=_fix(lines, line.source_line, written, content_starts, step_number),
            )
        )
    return problems


def _command(normalized):
    title = TITLE.match(normalized)
    if title:
        return f"{title.group(1)}="
    word, _ = first_word(normalized)
    return word if not _SETTING.match(normalized) else normalized.split(":", 1)[0] + ":"


def _fix(lines, number, written, content_starts, step_number):
    normalized = normalize(written)
    title = TITLE.match(normalized)
    word, rest = first_word(normalized)
    if title:
        hashes = title.group(1)
        return _replace(f"Write {hashes} (a plain heading)", number, written, written.replace(f"{hashes}=", hashes, 1))
    if word in _IMAGE_LAYOUTS:
        return _replace(f"Write @ {rest} (the image in the text)", number, written, f"@ {rest}")
    if word == "!" and "|" not in rest:
        name = rest if "." in rest else f"{rest}.svg"
        return _replace(f"Write @ {name} (the image in the text)", number, written, f"@ {name}")
    if content_starts is None or content_starts >= number:
        return None
    where = "the slide" if step_number == 1 else "its build step"
    moved = lines[content_starts - 1 : number - 1]
    return Fix(
        f"Move the line to the top of {where}",
        content_starts,
        number,
        tuple([*moved, written]),
        tuple([written, *moved]),
    )


def _replace(label, number, written, new):
    return Fix(label, number, number, (written,), (new,))
