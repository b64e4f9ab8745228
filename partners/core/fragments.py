"""Rendered pieces of pages kept in the app server's memory, keyed by everything they show.

A list page renders the same cards and the same filter form again and again; rendering them in Jinja (labels,
dates, links, escaping) was most of such a page's time. A fragment's key holds the language and every value
the fragment shows, so a kept fragment is always what rendering would give now: nothing is invalidated, and
each app server may keep its own (derived data, not state). A full store is emptied, which bounds memory.

Python code asks with `fragment(key, render)`; a template wraps a piece in
`{% fragment "name", value, … %}…{% endfragment %}`, listing every value the piece shows that neither the code
nor the app's settings fix. Each app keeps its own store, so apps made with other settings never share pieces."""

import secrets
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import Flask, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup

from partners.core.i18n import current_language

EXTENSION_KEY = "fragments"
# A piece of page is kept as markup; a whole page as the bytes sent, since encoding a page of Japanese text
# costs as much as a database query (0.16 ms for a 76 kB staff list).
Kept = TypeVar("Kept", Markup, bytes)


class Fragments:
    """At most `size` pieces of at most `characters` characters (bytes, for whole pages) in all; a full store is
    emptied."""

    def __init__(self, size: int = 4096, characters: int = 8_000_000):
        self._kept: dict[Hashable, Markup | bytes] = {}
        self._size, self._characters, self._held = size, characters, 0

    def get(self, key: tuple, render: Callable[[], Kept], keep: Callable[[], bool] = lambda: True) -> Kept:
        full_key = (current_language(), request.script_root, *key)
        kept = self._kept.get(full_key)
        if kept is None:
            kept = render()
            if keep():
                if len(self._kept) >= self._size or self._held + len(kept) > self._characters:
                    self._kept.clear()
                    self._held = 0
                self._kept[full_key] = kept
                self._held += len(kept)
        return kept


def fragment(key: tuple, render: Callable[[], str]) -> Markup:
    """The piece of page `key` names, rendered by `render` only when this app server has not kept it yet."""
    return current_app.extensions[EXTENSION_KEY].get(key, lambda: Markup(render()))  # noqa: S704 - autoescaped


def visitor_page(key: tuple, render: Callable[[], str]) -> str | bytes:
    """A whole page as a visitor (not signed in) sees it, kept under its path and `key`: every value the page
    shows beyond its path, the language and the settings. A signed-in person's page, one with a message waiting
    for the visitor, and one whose drawing touched the session (a form's token) are someone's own: drawn afresh
    and never kept."""
    if current_user.is_authenticated or "_flashes" in session:
        return render()
    return current_app.extensions[EXTENSION_KEY].get(("page", request.full_path, *key), lambda: render().encode(),
                                                     keep=lambda: not session.modified)


def page_for_roles(key: tuple, render: Callable[[], str]) -> str | bytes:
    """A signed-in person's page that shows nothing of them but the menu their roles give (a staff list, say),
    kept under its path, the roles and `key`, and shared by everyone who has those roles.

    The form tokens in it (the menu's log-out form, the language switch, any form's hidden field) are the
    person's own: the page is drawn with a mark in their place, and each request fills in its own token. A
    page with a message waiting for the person, or whose drawing touched the session, is not kept."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if "_flashes" in session:
        return render()

    def marked() -> bytes:
        before = g.pop(field, None)
        setattr(g, field, _TOKEN_MARK)  # what Flask-WTF's generate_csrf gives while the request has a token
        try:
            return render().encode()
        finally:
            g.pop(field)
            if before is not None:
                setattr(g, field, before)

    page = current_app.extensions[EXTENSION_KEY].get(
        ("page-for-roles", request.full_path, tuple(sorted(current_user.roles)), *key), marked,
        keep=lambda: not session.modified)
    return page.replace(_TOKEN_MARK.encode(), _form_token(field).encode())


# Stands for the person's form token in a page kept for everyone with the same roles. Random for each app
# server and never sent: nothing a page shows could hold it by chance.
_TOKEN_MARK = f"form-token-{secrets.token_hex(16)}"
# A session's signed form token, reused for a minute: signing it (two HMACs, zlib, base64) was a twentieth of a
# kept page's time. Flask-WTF accepts a token for an hour after it was signed (WTF_CSRF_TIME_LIMIT), so a
# reused one has at least 59 minutes left. Keyed by the session's own secret; emptied when full.
_SIGNED_TOKENS: dict[str, tuple[float, str]] = {}
TOKEN_REUSE_SECONDS = 60
SIGNED_TOKENS_KEPT = 10_000


def _form_token(field: str) -> str:
    secret = session.get(field)
    if secret is None or field in g:
        return generate_csrf()
    now = time.monotonic()
    signed_at, token = _SIGNED_TOKENS.get(secret, (None, None))
    if token is None or now - signed_at > TOKEN_REUSE_SECONDS:
        token = generate_csrf()
        if len(_SIGNED_TOKENS) >= SIGNED_TOKENS_KEPT:
            _SIGNED_TOKENS.clear()
        _SIGNED_TOKENS[secret] = (now, token)
    setattr(g, field, token)  # what the rest of the request's forms are given too
    return token


class FragmentTag(Extension):
    """`{% fragment "name", value, … %}body{% endfragment %}`: the body rendered once per language and values."""

    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_kept", [nodes.Tuple(key, "load")]), [], [], body).set_lineno(lineno)

    @staticmethod
    def _kept(key: tuple, caller) -> Markup:
        return fragment(key, caller)


def register_fragments(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = Fragments()
    app.jinja_env.add_extension(FragmentTag)
