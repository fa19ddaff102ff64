"""Axema Vaka admin (filled by the Axema engineer)."""
