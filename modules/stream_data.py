"""Module bodies stored the way Wagtail's admin stores them, whoever writes them.

wagtail-localize offers a translator the items of a list (answer options, materials,
steps, discussion questions) only when each is stored in Wagtail's block format,
{"type": "item", "value": …, "id": …}: the item's id names its segment, so a translated
item finds its place again after the list changes. Plain lists, as code used to write
them, are skipped: the translator never sees them and the French page keeps them in
English. Every writer of a module body (the seed loader, adapting, the upstream merge,
the factories) goes through `stream_in_block_format`.
"""

import copy
from collections.abc import Iterable

from wagtail import blocks


def stream_in_block_format(*, stream_block: blocks.StreamBlock, raw: Iterable[dict]) -> list:
    """`raw` stream data with an id on every block and every list item, as an admin save
    stores it. Ids already there are kept (adaptations and translations find blocks and
    items by them); blocks of a type the stream does not have are dropped, as Wagtail does."""
    value = stream_block.to_python(copy.deepcopy(list(raw)))
    # A StreamValue converts each block only when it is read; unread blocks would be
    # returned as they came in, plain lists included.
    for _child in value:
        pass
    return value.get_prep_value()


def stream_keeping_item_ids(*, new: list[dict], old: Iterable[dict]) -> list[dict]:
    """`new` raw blocks taking the block and list-item ids of `old` where a block keeps its
    place and type, and an item its place in its list: rewriting a module from a file
    then keeps its translations and adaptations attached."""
    old = list(old)
    blocks_with_ids = []
    for position, raw in enumerate(new):
        block = copy.deepcopy(dict(raw))
        if position < len(old) and old[position].get("type") == block.get("type"):
            block["id"] = old[position].get("id")
            block["value"] = _value_keeping_item_ids(block.get("value"), old[position].get("value"))
        blocks_with_ids.append(block)
    return blocks_with_ids


def _is_list_item(item) -> bool:
    return isinstance(item, dict) and item.get("type") == "item" and "value" in item


def _value_keeping_item_ids(new, old):
    if isinstance(new, dict) and isinstance(old, dict):
        return {
            key: _value_keeping_item_ids(value, old.get(key)) if key in old else value
            for key, value in new.items()
        }
    if isinstance(new, list) and isinstance(old, list):
        items = []
        for position, item in enumerate(new):
            before = old[position] if position < len(old) else None
            if _is_list_item(before) and not _is_list_item(item) and before.get("id"):
                item = {"type": "item", "value": item, "id": before["id"]}
            items.append(item)
        return items
    return new
