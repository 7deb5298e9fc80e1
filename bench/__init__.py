"""Benchmarks, run by hand (never by pytest): see bench/README.md."""
