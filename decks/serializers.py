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
    """A problem in shorthand text: where, what, and for a warning what the deck does now."""
    return {"line": problem.line, "message": problem.message, "warning": problem.warning, "now": problem.now}
