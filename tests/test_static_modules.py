"""The ES modules as collectstatic leaves them: every import names a hashed file that exists."""

import json
import posixpath
import re

import pytest
from django.core.management import call_command

# Static imports, and dynamic ones (import("./x.js"), made at a press).
IMPORT = re.compile(r'(?:from|import)\s*\(?"(\.{1,2}/[^"]+)"')


@pytest.fixture
def collected(settings, tmp_path):
    """The production storage (the tests serve unhashed files), collecting into a folder of the test's own."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "talks_site.storage.StaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path, json.loads((tmp_path / "staticfiles.json").read_text())["paths"]


def imports_of(root, hashed_name):
    module = (root / hashed_name).read_text()
    folder = posixpath.dirname(hashed_name)
    return [posixpath.normpath(posixpath.join(folder, name)) for name in IMPORT.findall(module)]


def test_every_module_import_names_a_hashed_file_that_was_collected(collected):
    root, manifest = collected
    hashed_files = set(manifest.values())
    unresolved = {
        name: [target for target in imports_of(root, hashed) if target not in hashed_files]
        for name, hashed in manifest.items()
        if name.endswith(".js")
    }
    assert {name: targets for name, targets in unresolved.items() if targets} == {}


def test_the_editor_and_its_modules_in_a_subfolder_import_each_other_by_hashed_names(collected):
    root, manifest = collected
    assert imports_of(root, manifest["decks/editor/save-queue.js"]) == [manifest["decks/api.js"]]
    assert imports_of(root, manifest["decks/editor.js"]) == [
        manifest[f"decks/{name}.js"]
        for name in [
            "api",
            "drafts",
            "editor/code-field",
            "editor/conflict",
            "editor/deck-loader",
            "editor/images",
            "editor/look",
            "editor/overflow",
            "editor/preview",
            "editor/save-queue",
            "editor/session",
            "editor/shorthand-language",
            "editor/slide-editor",
            "editor/slide-list",
            "editor/status",
            "editor/structure",
            "editor/terminals",
            "editor/text-mode",
            "editor/urls",
            "image-completion",
        ]
    ]
    # CodeMirror comes from its one vendored bundle, by its hashed name too.
    assert imports_of(root, manifest["decks/editor/code-field.js"]) == [manifest["vendor/codemirror/codemirror.js"]]


def test_the_presenter_modules_import_at_a_press_by_hashed_names(collected):
    root, manifest = collected
    presenter, live_panel, role_links = (
        manifest[f"presenter/{name}.js"] for name in ("presenter", "live-panel", "role-links")
    )
    # The presenter's static imports come first; the recorder is imported last, at a press.
    assert (imports_of(root, presenter)[-1], imports_of(root, live_panel), imports_of(root, role_links)) == (
        manifest["presenter/rehearsal.js"],
        [manifest["presenter/live-connection.js"]],
        [manifest["presenter/pointer.js"]],
    )
