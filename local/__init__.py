"""Laptop-only code (local gateway, identity provider, seed data): never shipped to Lambda."""
