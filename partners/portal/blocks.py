"""The home page is a list of blocks, each provided by the feature it shows. A feature registers a provider: a
function of the visitor (providers.Visitor: the user, anonymous or signed in, and their next steps) that
returns what its template shows, or None when it has nothing for that visitor. Adding a feature to the home
page is registering one provider; the home page knows none of them.

Every provider answers in a fixed number of queries whatever the amount of data, so the home page does too
(tests/portal/test_home.py counts them)."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Audience(StrEnum):
    EVERYONE = "everyone"  # the programme working: figures, lectures, news, showcase
    VISITORS = "visitors"  # how to join: for visitors (a signed-in person's next step says it for them)
    SIGNED_IN = "signed_in"  # the personal dashboard


@dataclass(frozen=True)
class Block:
    name: str
    template: str
    provide: Callable[[Any], Any]
    audience: Audience
    order: int


@dataclass(frozen=True)
class ShownBlock:
    block: Block
    data: Any


_blocks: dict[str, Block] = {}


def register_block(name: str, template: str, audience: Audience, order: int) -> Callable:
    """A decorator for a provider: `@register_block("news", "portal/blocks/_news.html", Audience.EVERYONE, 40)`."""

    def decorator(provide: Callable) -> Callable:
        _blocks[name] = Block(name, template, provide, audience, order)
        return provide

    return decorator


def blocks_for(visitor: Any) -> tuple[list[ShownBlock], list[ShownBlock]]:
    """The dashboard's blocks and the public ones for this visitor, in order, each with its data; blocks whose
    provider has nothing to show are left out."""
    wanted = {Audience.EVERYONE, Audience.SIGNED_IN if visitor.user.is_authenticated else Audience.VISITORS}
    shown = []
    for block in sorted(_blocks.values(), key=lambda block: (block.order, block.name)):
        if block.audience in wanted:
            data = block.provide(visitor)
            if data is not None:
                shown.append(ShownBlock(block, data))
    personal = [item for item in shown if item.block.audience == Audience.SIGNED_IN]
    public = [item for item in shown if item.block.audience != Audience.SIGNED_IN]
    return personal, public
