"""Benchmarks: `make bench` prints the table (not part of the test suite)."""
