"""The decks app's views, one module a feature.

- `deck_pages`: the list of my decks, create, settings, duplicate, delete.
- `editor`: the editor page and its JSON endpoints (state, text, slides).
- `preview`: the live preview of a slide's unsaved shorthand.
- `images`: upload, rename and delete images; serve an image.
- `history`: revisions, the diff of two versions, restore.
- `transfer`: import a deck by upload, export it in any format.
"""
