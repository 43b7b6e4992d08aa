"""Guichet: the code that ships to Lambda (domain, services, adapters, API)."""
