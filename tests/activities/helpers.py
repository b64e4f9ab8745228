"""Small images and a logged-in partner contact, for the activity report tests."""

import io
import struct
import zlib

from tests.factories import gen_partner, gen_user


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def upload(data: bytes, name: str) -> tuple:
    return io.BytesIO(data), name


def partner_with_contact(app, email="owner@example.jp", kind="individual", **fields):
    owner = gen_user(app, email=email)
    partner = gen_partner(app, kind=kind, owner=owner, **fields)
    return owner, partner


REPORT = {"activity_date": "2026-10-01", "title": "筑波山の清掃登山", "kind": "volunteer", "goals": ["11", "15"],
          "participants": "12", "description": "ごみ袋10袋分を回収しました。", "other_partners": "フードバンクつくば"}
