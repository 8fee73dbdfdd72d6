from django.urls import path

from . import transfer_views, views

app_name = "decks"

urlpatterns = [
    path("", views.deck_list, name="list"),
    path("<slug:slug>/images/<str:checksum>/<path:name>", views.asset, name="asset"),
    # Import and export
    path("import/", transfer_views.import_deck, name="import"),
    path("<slug:slug>/export/<str:format>/", transfer_views.export_deck, name="export"),
    # My decks
    path("new/", views.deck_create, name="create"),
    path("<slug:slug>/settings/", views.deck_settings, name="settings"),
    path("<slug:slug>/duplicate/", views.deck_duplicate, name="duplicate"),
    path("<slug:slug>/delete/", views.deck_delete, name="delete"),
    # The editor and its JSON endpoints
    path("<slug:slug>/edit/", views.editor, name="edit"),
    path("<slug:slug>/edit/state/", views.deck_state, name="state"),
    path("<slug:slug>/edit/text/", views.deck_text, name="text"),
    path("<slug:slug>/edit/text/save/", views.save_text, name="save_text"),
    path("<slug:slug>/edit/preview/", views.preview, name="preview"),
    path("<slug:slug>/edit/slides/add/", views.add_slide, name="add_slide"),
    path("<slug:slug>/edit/slides/reorder/", views.reorder_slides, name="reorder_slides"),
    path("<slug:slug>/edit/slides/<int:slide_id>/", views.save_slide, name="save_slide"),
    path("<slug:slug>/edit/slides/<int:slide_id>/duplicate/", views.duplicate_slide, name="duplicate_slide"),
    path("<slug:slug>/edit/slides/<int:slide_id>/delete/", views.delete_slide, name="delete_slide"),
    path("<slug:slug>/edit/images/", views.upload_images, name="upload_images"),
    path("<slug:slug>/edit/images/<int:asset_id>/rename/", views.rename_image, name="rename_image"),
    path("<slug:slug>/edit/images/<int:asset_id>/delete/", views.delete_image, name="delete_image"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/history/diff/", views.diff, name="diff"),
    path("<slug:slug>/history/<int:version>/restore/", views.restore, name="restore"),
]
