"""A publisher's catalogue upload: ONIX, or the CSV/XLSX template, imported as a job.

``columns`` defines the template (and writes the blank one); ``reader`` turns its rows
into the same records the ONIX parser yields; ``services`` registers an upload and runs
it through the one catalogue writer (``catalog.onix.importer``); the Celery job is
``catalog.tasks.catalogue_upload_import`` (the app's autodiscovered module); ``views``
holds the upload page, the job page with its per-record results, the status poll and
the error report. docs/catalogue.md documents the template column by column.
"""
