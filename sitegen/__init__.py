"""Builds static_site/ from site_src/: one layout, pages in French and English, information sheets. Laptop only."""
