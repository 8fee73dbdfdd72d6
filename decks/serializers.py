"""Rendered steps and shorthand problems as JSON-ready data.

One shape each, shared by the editor's state, the preview and the JSON export
(decks/exporting.py documents the export's contract).
"""


def step_json(step):
    """A rendered build step as the JSON export gives it."""
    return {"classes": list(step.classes), "html": step.html, "notes_html": step.notes_html}


def preview_step_json(step):
    """A step of the editor's preview: the export's shape and the line where its own text starts."""
    return {**step_json(step), "first_line": step.first_line}


def thumbnail_json(steps):
    """The editor's thumbnail of a slide from its rendered steps: its last step, without notes."""
    if not steps:
        return {"classes": [], "html": ""}
    step = steps[-1]
    return {"classes": list(step.classes), "html": step.html}


def problem_json(problem):
    """A problem in shorthand text: where, what, for a warning what the deck does now, and its fix if it has one.

    A fix replaces lines `first` to `last` of the same text, which read
    `was`, with `lines` (the editor checks `was` before it applies one).
    """
    data = {"line": problem.line, "message": problem.message, "warning": problem.warning, "now": problem.now}
    if problem.fix:
        fix = problem.fix
        data["fix"] = {
            "label": fix.label,
            "first": fix.first,
            "last": fix.last,
            "was": list(fix.was),
            "lines": list(fix.lines),
        }
    return data
