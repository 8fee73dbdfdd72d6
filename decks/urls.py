from django.urls import path

from .views import deck_pages, editor, history, images, looks, overflow, preview, sessions, transfer

app_name = "decks"

urlpatterns = [
    path("", deck_pages.deck_list, name="list"),
    path("<slug:slug>/images/<str:checksum>/<path:name>", images.asset, name="asset"),
    path("<slug:slug>/fonts/<str:checksum>/<str:name>", images.font, name="font"),
    path("<slug:slug>/look/<str:digest>.css", images.stylesheet, name="stylesheet"),
    path("<slug:slug>/originals/<str:checksum>/<path:name>", images.asset_original, name="asset_original"),
    # Import and export
    path("import/", transfer.import_upload, name="import"),
    path("<slug:slug>/export/<str:format>/", transfer.export_download, name="export"),
    # My decks
    path("new/", deck_pages.deck_create, name="create"),
    path("<slug:slug>/settings/", deck_pages.deck_settings, name="settings"),
    path("<slug:slug>/duplicate/", deck_pages.deck_duplicate, name="duplicate"),
    path("<slug:slug>/delete/", deck_pages.deck_delete, name="delete"),
    # The editor and its JSON endpoints
    path("<slug:slug>/edit/", editor.editor, name="edit"),
    path("<slug:slug>/edit/state/", editor.deck_state, name="state"),
    path("<slug:slug>/edit/text/", editor.load_text, name="text"),
    path("<slug:slug>/edit/text/save/", editor.save_text, name="save_text"),
    path("<slug:slug>/edit/preview/", preview.preview, name="preview"),
    path("<slug:slug>/edit/measure/", overflow.steps_to_measure, name="steps_to_measure"),
    path("<slug:slug>/edit/measure/record/", overflow.record_measures, name="record_measures"),
    path("<slug:slug>/edit/slides/add/", editor.add_slide, name="add_slide"),
    path("<slug:slug>/edit/slides/reorder/", editor.reorder_slides, name="reorder_slides"),
    path("<slug:slug>/edit/slides/<int:slide_id>/", editor.save_slide, name="save_slide"),
    path("<slug:slug>/edit/slides/<int:slide_id>/duplicate/", editor.duplicate_slide, name="duplicate_slide"),
    path("<slug:slug>/edit/slides/<int:slide_id>/delete/", editor.delete_slide, name="delete_slide"),
    path("<slug:slug>/edit/terminals/", sessions.hand_copied_terminals, name="hand_copied_terminals"),
    path("<slug:slug>/edit/terminals/write-once/", sessions.write_terminal_once, name="write_terminal_once"),
    path("<slug:slug>/edit/images/", images.upload_images, name="upload_images"),
    path("<slug:slug>/edit/images/<int:asset_id>/rename/", images.rename_image, name="rename_image"),
    path("<slug:slug>/edit/images/<int:asset_id>/describe/", images.describe_image, name="describe_image"),
    path("<slug:slug>/edit/images/<int:asset_id>/delete/", images.delete_image, name="delete_image"),
    path("<slug:slug>/edit/look/", looks.save_look, name="save_look"),
    path("<slug:slug>/edit/look/preview/", looks.preview_look, name="preview_look"),
    path("<slug:slug>/edit/fonts/", looks.upload_fonts, name="upload_fonts"),
    path("<slug:slug>/edit/fonts/<int:asset_id>/delete/", looks.delete_font, name="delete_font"),
    path("<slug:slug>/history/", history.history, name="history"),
    path("<slug:slug>/history/diff/", history.diff, name="diff"),
    path("<slug:slug>/history/<int:version>/restore/", history.restore, name="restore"),
]
