"""ONIX for Books 3.0: streaming import of <Product> records into the catalog, and export.

``parser`` reads and validates records without touching the database;
``importer`` applies them through catalog services, all or nothing;
``exporter`` writes works back out as reference-tag ONIX.
"""

from catalog.onix.parser import OnixImportError

__all__ = ["OnixImportError"]
