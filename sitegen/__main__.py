"""`python -m sitegen`: regenerate the site's pages into static_site/."""
from __future__ import annotations

from sitegen.build import write_site


def main() -> None:
    """Build and say what was written."""
    written = write_site()
    print(f"sitegen: {len(written)} pages written to static_site/")


if __name__ == "__main__":
    main()
