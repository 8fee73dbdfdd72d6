"""The old name of decks.domain, kept for code written against it."""

from .domain import *  # noqa: F403
