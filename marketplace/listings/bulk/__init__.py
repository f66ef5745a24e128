"""Bulk rights listing: paste or upload rights lines, preview every parsed cell, then create
all the listings in one transaction (docs/catalogue.md, "Bulk rights").

``sheet`` reads pasted text, CSV and XLSX into raw rows; ``lines`` turns a raw row into
parsed cells (work, rights, territories, languages, exclusivity, period, asking terms)
with every error named by line, column and token; ``services`` runs the preview and
the all-or-nothing create through the listing services; ``prefill`` writes a grid for
selected works with territories from their ONIX sales rights.
"""
