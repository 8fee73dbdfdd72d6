"""The keys of the presenting pages, in one list.

The help overlay (presenter/_help.html) is rendered from it, and the scripts
get each page's keys through json_script (static/presenter/deck-keys.js binds
them by action name), so a page's help lists exactly the keys it binds.
"""

from dataclasses import dataclass, field

PROJECTOR = "projector"
PRESENTER = "presenter"
FOLLOW = "follow"
# Pages that also answer a click on the slide and swipes (deck-keys.js bindSwipe).
POINTER_PAGES = frozenset({PROJECTOR})


@dataclass(frozen=True)
class Keys:
    """One line of the help: keys as shown, what they do, and the key → action names the scripts bind."""

    shown: str
    meaning: str
    pages: frozenset
    actions: dict = field(default_factory=dict)  # KeyboardEvent.key (letters in lower case) -> action name
    pointer: str = ""  # the same done by click or swipe, on POINTER_PAGES


SLIDE_PAGES = frozenset({PROJECTOR, PRESENTER})
EVERY_PAGE = frozenset({PROJECTOR, PRESENTER, FOLLOW})

KEYS = (
    Keys(
        "→ ↓ Space PageDown Enter N",
        "Next step",
        EVERY_PAGE,
        dict.fromkeys(["ArrowRight", "ArrowDown", " ", "PageDown", "Enter", "n"], "next"),
        pointer="click, swipe left",
    ),
    Keys(
        "← ↑ PageUp Backspace P",
        "Previous step",
        EVERY_PAGE,
        dict.fromkeys(["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "p"], "previous"),
        pointer="swipe right",
    ),
    Keys("Home / End", "First / last slide", SLIDE_PAGES, {"Home": "first", "End": "last"}),
    # The digits are read by deck-keys.js itself: they build the number.
    Keys("a number, then Enter", "Go to that slide", SLIDE_PAGES),
    Keys("B or .", "Black screen on / off", SLIDE_PAGES, {"b": "blackout", ".": "blackout"}),
    Keys("F", "Full screen", SLIDE_PAGES, {"f": "fullscreen"}),
    Keys("O", "All slides (click one to go there)", frozenset({PROJECTOR}), {"o": "overview"}),
    Keys("L", "Large notes layout on / off", frozenset({PRESENTER}), {"l": "notes_large"}),
    Keys(
        "Q",
        "Questions: pause the talk clock and the pace / back to the talk",
        frozenset({PRESENTER}),
        {"q": "questions"},
    ),
    # role-links.js reads D itself: it points while the key is held down.
    Keys("D (hold)", "Pointer: the mouse over the slide points on the projector and phones", frozenset({PRESENTER})),
    Keys("W", "Open the projector window", frozenset({PRESENTER}), {"w": "open_projector"}),
    Keys("T / R", "Pause or resume / reset the timer", frozenset({PRESENTER}), {"t": "timer", "r": "reset_timer"}),
    Keys("+ / −", "Larger / smaller notes", frozenset({PRESENTER}), {"+": "larger_notes", "=": "larger_notes", "-": "smaller_notes"}),
    Keys("L", "Back to live", frozenset({FOLLOW}), {"l": "live"}),
    Keys("?", "This help; Esc closes it", SLIDE_PAGES, {"?": "help", "Escape": "close"}),
)


def help_lines(page):
    """(keys, meaning) for each line of the page's help overlay."""
    return [
        (f"{keys.shown}, {keys.pointer}" if keys.pointer and page in POINTER_PAGES else keys.shown, keys.meaning)
        for keys in KEYS
        if page in keys.pages
    ]


def key_actions(page):
    """Every key the page binds, with the name of its action: what deck-keys.js gets."""
    return {key: action for keys in KEYS if page in keys.pages for key, action in keys.actions.items()}
