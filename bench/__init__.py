"""Benchmarks (`make bench`, `make bench-registry`, `make bench-requests`, `make bench-load`):
not tests, their numbers depend on the machine.

Run from the project root as modules (`python -m bench.registry_bench`, …), so that the package
and its settings (`bench.settings`, `bench.urls`) are found without touching the Python path.
Each benchmark prints a table for humans and writes its results as JSON
(`bench-results/<name>.json` by default); `bench.load_summary` reads those files.
"""
