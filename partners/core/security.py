"""Response headers every page gets, and the one safe way to follow a `next=` parameter."""

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
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


def add_security_headers(response: Response) -> Response:
    if current_app.config["HSTS_SECONDS"]:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={current_app.config['HSTS_SECONDS']}")
    if request.endpoint != "static" and (current_user.is_authenticated or opened_by_personal_link()):
        # Whatever a signed-in person sees may be personal (their own data, member records, exports), and so
        # may a page opened by a mailed link without logging in (a survey names the partner): no browser or
        # proxy keeps a copy.
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
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


def register_security(app: Flask) -> None:
    app.after_request(add_security_headers)
