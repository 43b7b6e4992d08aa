"""Benchmarks that print figures (never assertions). Laptop-only: not shipped to Lambda."""
