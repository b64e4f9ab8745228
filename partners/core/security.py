"""Response headers every page gets, and the one safe way to follow a `next=` parameter."""

from functools import partial
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response: Response, every_response: tuple[tuple[str, str], ...]) -> Response:
    """`every_response`'s headers, each unless the view set its own, and no-store on personal pages.

    The headers present are listed once: asking for each of ours in turn (`setdefault`) read the whole list
    again every time, which with the user's loading was an eighth of a health check's time."""
    headers = response.headers
    if request.endpoint != "static" and (current_user.is_authenticated or opened_by_personal_link()):
        # Whatever a signed-in person sees may be personal (their own data, member records, exports), and so
        # may a page opened by a mailed link without logging in (a survey names the partner): no browser or
        # proxy keeps a copy.
        headers["Cache-Control"] = "no-store"
    present = set(headers.keys(lower=True))
    headers.extend([(name, value) for name, value in every_response if name.lower() not in present])
    return response


def opened_by_personal_link() -> bool:
    """A page whose URL carries a mailed token (survey answers, invitations, reset and confirmation links)."""
    return bool(request.view_args and "token" in request.view_args)


def safe_next_path(target: str | None) -> str | None:
    """Return `target` only when it is a path on this site; anything else could be an open redirect."""
    if not target:
        return None
    target = target.strip()
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return None
    return target


def headers_for_every_response(app: Flask) -> tuple[tuple[str, str], ...]:
    headers = (
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    )
    if app.config["HSTS_SECONDS"]:
        headers = (("Strict-Transport-Security", f"max-age={app.config['HSTS_SECONDS']}"), *headers)
    return headers


def register_security(app: Flask) -> None:
    app.after_request(partial(add_security_headers, every_response=headers_for_every_response(app)))
