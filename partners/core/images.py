"""Pictures people upload (a report's photo, a news image, a showcase photo) are judged by their first bytes,
never by the file name or the type the browser claims, and served only as that type."""

# The first bytes of each kind of picture we accept, and the type it is served as.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_type(content: bytes) -> str | None:
    """The picture's MIME type (JPEG, PNG, GIF or WebP), read from its content; None when it is none of them."""
    for signature, mime_type in SIGNATURES:
        if content.startswith(signature):
            return mime_type
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None
