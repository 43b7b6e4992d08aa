"""The chat widget's markup, from site_src/components/chat-widget/: floating on every page, or inside the chat page."""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FLOATING", "IN_PAGE", "MODES", "PANEL_MARKER", "ChatWidgetMarkup"]

FLOATING = "floating"  # a launcher button at the bottom of the page opens the panel over it
IN_PAGE = "page"  # the chat page: the panel is open, large, where the page body says PANEL_MARKER
MODES = (FLOATING, IN_PAGE)
PANEL_MARKER = "{{chat_panel}}"
PARTS = ("panel", "head-actions", "composing", "offline-list", "launcher")


@dataclass(frozen=True)
class ChatWidgetMarkup:
    """The widget's partials; `render` fills them for one page (strings through the layout's `fill`)."""

    parts: dict[str, str]

    @classmethod
    def load(cls, source: Path) -> ChatWidgetMarkup:
        folder = source / "components" / "chat-widget"
        return cls({name: (folder / f"{name}.html").read_text(encoding="utf-8").rstrip("\n") for name in PARTS})

    def render(self, mode: str, lang: str, fill: Callable[[str, dict[str, str]], str]) -> tuple[str, str]:
        """(the #chat-widget mount, the panel for the page body: empty unless in page mode)."""
        if mode not in MODES:
            raise ValueError(f"chat widget mode {mode!r} is not one of {MODES}")
        in_page = mode == IN_PAGE
        composing = fill(self.parts["composing"], {})
        values = {
            "cw_panel_class": "cw-panel cw-panel--page" if in_page else "cw-panel",
            "cw_title": "{{t:panel_title_page}}" if in_page else "{{t:panel_title}}",
            "cw_head_actions": "" if in_page else fill(self.parts["head-actions"], {}),
            # Floating, the message box stays at the bottom of the panel while the rest scrolls; in the page,
            # it follows the log. The connection and the officer's presence sit by the message box, in sight.
            "cw_chat_composing": "\n" + textwrap.indent(composing, " " * 6) if in_page else "",
            "cw_foot": "" if in_page else f'\n  <div class="cw-foot" hidden>\n{textwrap.indent(composing, " " * 4)}\n  </div>',
            "cw_offline_list": textwrap.indent(
                fill(self.parts["offline-list"], {"cw_offline_hreflang": "" if lang == "fr" else ' hreflang="fr"'}), " " * 8
            ),
        }
        values["cw_title"] = fill(values["cw_title"], {})
        panel = fill(self.parts["panel"], values)
        attributes = f'id="chat-widget" class="cw{" cw--page" if in_page else ""}" data-lang="{lang}"'
        if in_page:
            return f"<div {attributes}></div>", panel
        inner = textwrap.indent(fill(self.parts["launcher"], {}) + "\n" + panel, "    ")
        return f"<div {attributes}>\n{inner}\n  </div>", ""
