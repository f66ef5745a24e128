"""The shared kernel: small pieces every domain package uses and none re-writes.

It sits at the bottom of the import graph: it imports Django and catalog's
models, never licensing, finance, marketplace or cms.
"""
