"""Rendered pieces of pages kept in the app server's memory, keyed by everything they show.

A list page renders the same cards and the same filter form again and again; rendering them in Jinja (labels,
dates, links, escaping) was most of such a page's time. A fragment's key holds the language and every value
the fragment shows, so a kept fragment is always what rendering would give now: nothing is invalidated, and
each app server may keep its own (derived data, not state). A full cache is emptied, which bounds memory."""

from collections.abc import Callable, Hashable

from flask import request
from markupsafe import Markup

from partners.core.i18n import current_language


class Fragments:
    def __init__(self, size: int = 2048):
        self._kept: dict[Hashable, Markup] = {}
        self._size = size

    def get(self, key: tuple, render: Callable[[], str]) -> Markup:
        full_key = (current_language(), request.script_root, *key)
        html = self._kept.get(full_key)
        if html is None:
            if len(self._kept) >= self._size:
                self._kept.clear()
            html = self._kept[full_key] = Markup(render())  # noqa: S704 - rendered by our autoescaping templates
        return html
