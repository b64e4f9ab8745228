"""What search engines and link previews read: a public page's canonical address and its title when paged.

A public page names its canonical address in `templates/base.html`'s `canonical` block with `public_url`; a page
that names none (staff, account, personal pages, errors) is marked noindex there."""

from flask import current_app, url_for
from flask_babel import gettext as _


def public_url(endpoint: str, **values) -> str:
    """The page's address on the public site: host from SERVER_NAME and scheme from PREFERRED_URL_SCHEME, as links
    in mail, whatever host or scheme the request came by. `values` are the page's own arguments (a form's
    `query_args()`: known, validated fields), never the request's; names url_for reads as options (`_scheme`,
    `_anchor`, …) are dropped, and so are empty values and the first page, so that one page has one address."""
    values = {name: value for name, value in values.items()
              if not name.startswith("_") and value not in (None, "", [])
              and not (name == "page" and str(value) == "1")}
    return url_for(endpoint, _external=True, _scheme=current_app.config["PREFERRED_URL_SCHEME"], **values)


def paged_title(title: str, page: int) -> str:
    """A list's title, with the page number after the first page: each page of a list has a title of its own."""
    return title if page <= 1 else _("%(title)s (page %(page)d)", title=title, page=page)
