"""Benchmarks and error analysis against the shared corpora (not part of the package)."""
