"""Benchmarks: `make bench` runs every module here that has a `main()`; each prints ratios
against a baseline it measures in the same run (never absolute thresholds)."""
