"""Similarity pre-check of registration applications.

Images are compared by 64-bit perceptual hash (pHash) under Hamming distance against
every other work's image files and a reference set of protected marks; texts by
MinHash signatures of their shingles against other works' texts. See services.py for
the radii and thresholds and why they were chosen.
"""
