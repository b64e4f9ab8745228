"""Event descriptions are written in Markdown by staff and shown as sanitised HTML."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre",
                "hr", "table", "thead", "tbody", "tr", "th", "td"}


@lru_cache(maxsize=256)
def render_markdown(source: str) -> Markup:
    """Markdown without raw HTML, then sanitised (links get rel="noopener noreferrer nofollow", and only
    http(s) and mailto links survive): a description can never carry script or styles into the page."""
    html = _markdown.render(source or "")
    return Markup(nh3.clean(html,  # noqa: S704 - sanitised by nh3 just here
                            tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                            url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow"))
