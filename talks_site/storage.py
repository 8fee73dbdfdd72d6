from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with ES module imports hashed too.

    The pages load plain ES modules that import each other by relative path.
    Without rewriting those imports, a module's dependencies would keep their
    unhashed names, which are cached for a long time, and a deploy could pair
    a new module with an old dependency.
    """

    support_js_module_import_aggregation = True
