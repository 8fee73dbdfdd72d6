"""The editor page's code fields, as a person reaches them in the browser.

A code editor (CodeMirror) stands in for each textarea of the slide, its
notes, the whole deck's text and the deck's stylesheet. The textarea stays in
the page, hidden, holding the field's value: tests read values from it (the
`[data-source]`, `[data-notes]`, … locators) and type into the editor.
"""

SOURCE = "slide-source"
NOTES = "slide-notes"
DECK_TEXT = "deck-text"
STYLESHEET = "look-stylesheet"


def code_editor(page, field):
    """Where a person types into the field whose textarea has the id `field`."""
    return page.locator(f"[data-code-for={field}] .cm-content")


def problem_marks(page, field):
    """The marks of problems in the field's gutter; each says its line (data-line) and the problem (title)."""
    return page.locator(f"[data-code-for={field}] .gutter-error")
