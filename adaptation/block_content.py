"""What a module body's block says, whatever saved it: the one rule for "changed" that the
upstream merge and the block-by-block difference share (decision 0022).

The admin editor stores rich text with its own `data-block-key` on each paragraph, new and
random for text that came in without them (seed data, an adaptation copied before the
generic module was ever saved in the editor); it wraps list items as
{"type": "item", "value": …, "id": …} with fresh ids. None of that is content: two blocks
that read the same are the same block.
"""

import functools
import re

from django.utils.html import strip_tags
from wagtail.admin.compare import diff_text
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.utils.text import text_from_html

from adaptation.blocks import AdaptedModuleBodyBlock
from modules.blocks import RICH_TEXT_FEATURES

# Built once: comparing blocks needs the body's block definitions.
ADAPTED_BODY = AdaptedModuleBodyBlock()
_BLOCK_KEY = re.compile(r"\s+data-block-key=\"[^\"]*\"")
_SPACE_BETWEEN_TAGS = re.compile(r">\s+<")


@functools.cache
def _editor() -> ContentstateConverter:
    # Built on first use: the converter reads the rich-text features the apps' hooks
    # register, which needs every app loaded.
    return ContentstateConverter(RICH_TEXT_FEATURES)


def rich_text_content(html: str) -> str:
    """Rich text as the editor would store it, without its paragraph keys."""
    html = _SPACE_BETWEEN_TAGS.sub("><", _BLOCK_KEY.sub("", html or "").strip())
    if not html.startswith("<"):
        return html
    editor = _editor()
    try:
        html = editor.to_database_format(editor.from_database_format(html))
    except Exception:
        return html
    return _BLOCK_KEY.sub("", html)


def comparable(block: dict | None, *, without_country_text: bool = True) -> dict | None:
    """A block's content without ids, editor keys, or (by default) the country's slot text."""
    if block is None:
        return None
    child = ADAPTED_BODY.child_blocks.get(block.get("type"))
    value = block.get("value")
    if child is not None:
        value = child.get_prep_value(child.to_python(value))
    if without_country_text and isinstance(value, dict):
        value = {key: item for key, item in value.items() if key != "national_text"}
    return {"type": block.get("type"), "value": _content(value)}


def same_content(a: dict | None, b: dict | None, **kwargs) -> bool:
    return a is not None and b is not None and comparable(a, **kwargs) == comparable(b, **kwargs)


def _content(value):
    if isinstance(value, list):
        return [_content(item) for item in value]
    if isinstance(value, dict):
        if set(value) <= {"type", "value", "id"} and value.get("type") == "item":
            return _content(value.get("value"))
        return {key: _content(item) for key, item in value.items() if key != "id"}
    if isinstance(value, str) and value.lstrip().startswith("<"):
        return rich_text_content(value)
    return value


def block_label(block: dict) -> str:
    child = ADAPTED_BODY.child_blocks.get(block.get("type"))
    return str(child.label) if child is not None else block.get("type", "")


def block_text(block: dict | None) -> str:
    """What a reader sees of the block, as plain text (for differences and choices)."""
    if block is None:
        return ""
    child = ADAPTED_BODY.child_blocks.get(block.get("type"))
    if child is None:
        return ""
    html = str(child.render_basic(child.to_python(block.get("value"))))
    return " ".join(text_from_html(html).split())


def text_difference_html(before: dict | None, after: dict | None) -> str:
    """Word by word, `before` to `after` as <ins>/<del> markup (escaped)."""
    return diff_text(block_text(before), block_text(after)).to_html()


def is_blank(html) -> bool:
    return not strip_tags(str(html or "")).strip()
