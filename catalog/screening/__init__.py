"""Sensitive-word screening of registration applications (ARCHITECTURE.md, "Register")."""
