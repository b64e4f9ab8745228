"""Attachments of an application: images and PDF, their type read from the content (never from the name or
the browser's claim), images re-encoded so that no EXIF data (a phone photo's location) is kept, size limits
per file and per application. The bytes live in the database, so every app server serves them alike."""

import io
import warnings

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select

from partners.awards.lifecycle import AwardError
from partners.awards.models import AwardApplication, AwardAttachment
from partners.core.text import normalise_text
from partners.extensions import db

# The type found in the content → the extension of the generated download name.
ALLOWED_TYPES = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
NAME_LENGTH = AwardAttachment.__table__.c.original_name.type.length


def add_attachment(application: AwardApplication, filename: str, content: bytes) -> AwardAttachment:
    """Check and store one uploaded file; raises AwardError (in the user's language) when it is refused."""
    config = current_app.config
    if not content:
        raise AwardError(_l("The file is empty."))
    if len(content) > config["AWARD_MAX_FILE_BYTES"]:
        raise AwardError(_l("A file may be at most %(size)s MB.", size=config["AWARD_MAX_FILE_BYTES"] // 2**20))
    if len(application.attachments) >= config["AWARD_MAX_FILES"]:
        raise AwardError(_l("An application may have at most %(count)d files.", count=config["AWARD_MAX_FILES"]))
    content_type = detected_type(content)
    if content_type is None:
        raise AwardError(_l("Only JPEG or PNG images and PDF files are accepted (the content was checked, "
                            "not the file name)."))
    if content_type.startswith("image/"):
        content = without_metadata(content, content_type)
    if attachments_size(application) + len(content) > config["AWARD_MAX_APPLICATION_BYTES"]:
        raise AwardError(_l("The files of an application may be at most %(size)s MB together.",
                            size=config["AWARD_MAX_APPLICATION_BYTES"] // 2**20))
    name = normalise_text(filename.replace("\\", "/").rsplit("/", 1)[-1])[:NAME_LENGTH] or "file"
    attachment = AwardAttachment(original_name=name, content_type=content_type,
                                 extension=ALLOWED_TYPES[content_type], size=len(content), content=content)
    application.attachments.append(attachment)
    return attachment


def detected_type(content: bytes) -> str | None:
    kind = filetype.guess(content[:8192])
    if kind is None or kind.mime not in ALLOWED_TYPES:
        return None
    return kind.mime


def without_metadata(content: bytes, content_type: str) -> bytes:
    """Decode and encode the image again: only the pixels survive (turned upright first, as the EXIF
    orientation said), so no EXIF, GPS position, comment or embedded thumbnail goes further."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                output = io.BytesIO()
                if content_type == "image/jpeg":
                    upright.convert("RGB").save(output, "JPEG", quality=90, optimize=True)
                else:
                    clean = upright if upright.mode in {"RGB", "RGBA", "L", "LA", "P"} else upright.convert("RGBA")
                    clean.save(output, "PNG", optimize=True)
                return output.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, SyntaxError) as error:
        raise AwardError(_l("The image could not be read. Please save it again as JPEG or PNG.")) from error


def attachments_size(application: AwardApplication) -> int:
    if application.id is None:
        return 0
    return db.session.scalar(select(func.coalesce(func.sum(AwardAttachment.size), 0))
                             .where(AwardAttachment.application_id == application.id))


def download_name(attachment: AwardAttachment) -> str:
    """A safe generated name: nothing of what the applicant called the file (blind judging)."""
    return f"application-{attachment.application_id}-{attachment.id}.{attachment.extension}"
