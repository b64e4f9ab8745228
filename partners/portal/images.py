"""Pictures people upload (a news post's image, a showcase photo), kept in the database: the type is decided from
the bytes themselves (`partners.core.images`), and served only as that type."""

from flask import Response, abort
from flask_babel import lazy_gettext as _l

from partners.core.images import image_type

MAX_IMAGE_BYTES = 2 * 1024 * 1024
NOT_AN_IMAGE = _l("The file is not a picture we can show. Upload a JPEG, PNG, GIF or WebP image.")
TOO_LARGE = _l("The picture is larger than 2 MB. Please make it smaller and upload it again.")


def image_problem(content: bytes) -> str | None:
    if len(content) > MAX_IMAGE_BYTES:
        return str(TOO_LARGE)
    if image_type(content) is None:
        return str(NOT_AN_IMAGE)
    return None


def image_response(content: bytes | None, mime_type: str | None) -> Response:
    if not content or not mime_type:
        abort(404)
    response = Response(content, mimetype=mime_type)
    response.headers["Content-Disposition"] = "inline"
    response.cache_control.max_age = 300
    return response
