"""The mailed QR image is the check-in link's QR code, module for module, as a PNG any mail program shows."""

import struct
import zlib

import segno

from partners.events.qr import FIXED_MASK, MODULE_PIXELS, QUIET_ZONE, checkin_link, qr_png


def decoded_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and pixel rows of an 8-bit greyscale PNG whose rows are filtered with "None" or "Up" (the
    row above added back); every chunk's CRC checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(data):
        (length,), kind = struct.unpack(">I", data[position:position + 4]), data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        assert struct.unpack(">I", data[position + 8 + length:position + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        position += 12 + length
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour, interlace) == (8, 0, 0) and b"IEND" in chunks
    raw = zlib.decompress(chunks[b"IDAT"])
    rows, above = [], bytes(width)
    for start in range(0, height * (width + 1), width + 1):
        kind, row = raw[start], raw[start + 1:start + width + 1]
        assert kind in (0, 2)  # None, Up
        above = row if kind == 0 else bytes((value + up) % 256 for value, up in zip(row, above, strict=True))
        rows.append(above)
    assert len(raw) == height * (width + 1)
    return width, height, rows


def test_the_png_shows_the_links_qr_code_module_for_module_with_a_quiet_zone(app):
    with app.test_request_context():
        modules = segno.make(checkin_link(7, "ABCD2345"), error="m", mask=FIXED_MASK).matrix
        width, height, rows = decoded_png(qr_png(7, "ABCD2345"))

    size = len(modules) + 2 * QUIET_ZONE
    assert width == height == size * MODULE_PIXELS
    seen = [[rows[y * MODULE_PIXELS + offset][x * MODULE_PIXELS + offset] for x in range(size)]
            for y in range(size) for offset in (0, MODULE_PIXELS - 1)]
    expected = [[0 if 0 <= y - QUIET_ZONE < len(modules) and 0 <= x - QUIET_ZONE < len(modules)
                 and modules[y - QUIET_ZONE][x - QUIET_ZONE] else 255 for x in range(size)]
                for y in range(size) for _offset in (0, 1)]
    assert seen == expected
