"""The conformance suite: the app against real decks and what their audiences saw.

bin/conformance passes the folder of real decks in CONFORMANCE_DECKS (by default
../shared/decks); the fidelity records of what each audience saw are read from
the folder beside it (../shared/fidelity).
"""

import os
from pathlib import Path

import pytest

from tests.conftest import *  # noqa: F403  (the suite's fixtures: users, browser, pages)

DECKS = Path(os.environ.get("CONFORMANCE_DECKS", Path(__file__).resolve().parent.parent.parent / "shared" / "decks"))
FIDELITY = DECKS.parent / "fidelity"
PAIRS = ["2018_10_DjangoConUS", "2019_01_DocsDownUnder", "2019_02_PyCascades", "2019_10_PyGotham"]
SEED = DECKS / "seed"
PYGOTHAM = DECKS / "2019_10_PyGotham"

# FORMAT.md §7.3: (slides, steps)
COUNTS = {
    "2018_10_DjangoConUS": (243, 248),
    "2019_01_DocsDownUnder": (25, 25),
    "2019_02_PyCascades": (122, 279),
    "2019_10_PyGotham": (142, 144),
    "seed": (107, 108),
}

# Lines of slides.md that the original converter mangled (FORMAT.md §4.2) and
# this app deliberately leaves as written: (line number in slides.md, slides.md, our export).
MANGLED_KEY_LINES = {
    "2018_10_DjangoConUS": [
        (
            996,
            'graphvuz <pre><code class="python">- the wrapper to our aforeinstalled graphviz</code></pre>',
            "pygraphvuz - the wrapper to our aforeinstalled graphviz",
        )
    ],
    "2019_01_DocsDownUnder": [],
    "2019_02_PyCascades": [],
    "2019_10_PyGotham": [(1450, 'ntenttypes <pre><code class=""></code></pre>', "contenttypes")],
}

FIDELITY_LINES = []
LOOK_LINES = []


def pytest_configure(config):
    if not DECKS.is_dir():
        raise pytest.UsageError(
            f"No folder of real decks at {DECKS}: pass it, as in ./bin/conformance ../shared/decks"
        )


def pytest_terminal_summary(terminalreporter):
    if FIDELITY_LINES:
        terminalreporter.section("fidelity to what each audience saw")
        for line in FIDELITY_LINES:
            terminalreporter.write_line(line)
    if LOOK_LINES:
        terminalreporter.section("how each deck looks against what its audience saw")
        for line in LOOK_LINES:
            terminalreporter.write_line(line)
