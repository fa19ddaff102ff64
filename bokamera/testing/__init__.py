"""Reusable test infrastructure for fault and load testing on loopback: a TCP fault proxy, a
private redis-server, subprocess servers and Celery workers (used by tests/faults and bench/load.py).
Nothing here is imported by the application itself."""
