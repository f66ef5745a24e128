"""Tamper-evident evidence deposit: an append-only SHA-256 hash chain with daily Merkle roots.

Any package deposits through ``catalog.evidence.services`` with a generic
``kind`` and ``subject`` reference; ``verify_evidence`` re-checks everything.
"""
