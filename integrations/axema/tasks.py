"""Axema Vaka Celery tasks (filled by the Axema engineer)."""
