"""`python -m sitegen`: regenerate the site's pages into static_site/."""
from __future__ import annotations

from sitegen.build import OUTPUT, SOURCE, write_site
from sitegen.sheets import write_search_index


def main() -> None:
    """Build and say what was written."""
    written = write_site()
    index = write_search_index(SOURCE, OUTPUT)
    print(f"sitegen: {len(written)} pages written to static_site/, search index {index.relative_to(OUTPUT)}")


if __name__ == "__main__":
    main()
