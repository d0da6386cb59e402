"""Benchmarks: `make bench` runs them all; each writes bench/results/<name>.json. Not part of `make test`."""
