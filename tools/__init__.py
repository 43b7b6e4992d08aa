"""Laptop-only tools (data importers): never packaged for Lambda, never imported by chalicelib/."""
