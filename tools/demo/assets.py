"""Tiny, valid placeholder evidence files: one-page PDFs, PNG and JPEG images.

Every file says it is illustrative ("Dokumen ilustratif - bukan dokumen resmi").
Pure functions from text to bytes, so the generator's output is deterministic.
"""

import struct
import zlib

NOTICE = "Dokumen ilustratif \u2014 bukan dokumen resmi"


def _pdf_text(s):
    raw = s.encode("cp1252", errors="replace")
    out = bytearray()
    for b in raw:
        if b in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([b])
        else:
            out.append(b)
    return bytes(out)


def pdf(title, lines):
    """A one-page A5 PDF: the notice in red, a title, then short lines of text."""
    ops = [b"BT /F2 9 Tf 0.75 0 0 rg 40 560 Td (" + _pdf_text(NOTICE.upper()) + b") Tj ET"]
    ops.append(b"BT /F2 12 Tf 0 0 0 rg 40 530 Td (" + _pdf_text(title) + b") Tj ET")
    y = 505
    for line in lines:
        ops.append(b"BT /F1 10 Tf 0 0 0 rg 40 %d Td (" % y + _pdf_text(line) + b") Tj ET")
        y -= 16
    ops.append(b"BT /F1 8 Tf 0.4 0.4 0.4 rg 40 40 Td (" + _pdf_text(NOTICE + ". Contoh untuk portal demo lumbung.") + b") Tj ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + _pdf_text(title.replace("\u2014", "-")) + b") /Subject (" + _pdf_text(NOTICE.replace("\u2014", "-")) + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# 5x7 glyphs for the letters of the notice drawn on images.
_FONT = {
    "A": ["01110", "10001", "10001", "11111", "10001", "10001", "10001"],
    "B": ["11110", "10001", "10001", "11110", "10001", "10001", "11110"],
    "D": ["11110", "10001", "10001", "10001", "10001", "10001", "11110"],
    "E": ["11111", "10000", "10000", "11110", "10000", "10000", "11111"],
    "F": ["11111", "10000", "10000", "11110", "10000", "10000", "10000"],
    "I": ["01110", "00100", "00100", "00100", "00100", "00100", "01110"],
    "K": ["10001", "10010", "10100", "11000", "10100", "10010", "10001"],
    "L": ["10000", "10000", "10000", "10000", "10000", "10000", "11111"],
    "M": ["10001", "11011", "10101", "10101", "10001", "10001", "10001"],
    "N": ["10001", "11001", "10101", "10011", "10001", "10001", "10001"],
    "O": ["01110", "10001", "10001", "10001", "10001", "10001", "01110"],
    "R": ["11110", "10001", "10001", "11110", "10100", "10010", "10001"],
    "S": ["01111", "10000", "10000", "01110", "00001", "00001", "11110"],
    "T": ["11111", "00100", "00100", "00100", "00100", "00100", "00100"],
    "U": ["10001", "10001", "10001", "10001", "10001", "10001", "01110"],
    " ": ["00000"] * 7,
}


def _draw_text(pixels, width, text, x0, y0, color):
    for i, ch in enumerate(text):
        glyph = _FONT.get(ch, _FONT[" "])
        for gy, row in enumerate(glyph):
            for gx, bit in enumerate(row):
                if bit == "1":
                    x, y = x0 + i * 6 + gx, y0 + gy
                    pixels[y * width + x] = color


def png(background, accent, width=160, height=100):
    """A flat placeholder 'photo' with a band and the notice drawn in pixels."""
    pixels = [background] * (width * height)
    for y in range(height - 34, height):
        for x in range(width):
            pixels[y * width + x] = accent
    for y in range(14, 44):
        for x in range(100, 140):
            pixels[y * width + x] = accent
    _draw_text(pixels, width, "DOKUMEN ILUSTRATIF", 6, height - 30, (255, 255, 255))
    _draw_text(pixels, width, "BUKAN DOKUMEN RESMI", 6, height - 18, (255, 255, 255))
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += bytes(pixels[y * width + x])

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    text = b"Comment\x00" + NOTICE.encode("latin-1", errors="replace")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", text)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


# Standard JPEG luminance DC table (ITU T.81, K.3) and a two-symbol AC table
# (only end-of-block is ever written: every 8x8 block is one flat grey).
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALS = list(range(12))
_AC_BITS = [0, 2] + [0] * 14
_AC_VALS = [0x00, 0x01]


def _huffman_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def jpeg(blocks):
    """A baseline greyscale JPEG from a grid (rows of 0-255 values) of flat 8x8 blocks."""
    height, width = len(blocks) * 8, len(blocks[0]) * 8
    dc, ac = _huffman_codes(_DC_BITS, _DC_VALS), _huffman_codes(_AC_BITS, _AC_VALS)
    bitbuf = []

    def put(code, length):
        bitbuf.extend((code >> (length - 1 - i)) & 1 for i in range(length))

    prev = 0
    for row in blocks:
        for value in row:
            coef = 8 * (value - 128)  # DC of a flat block with a quantiser of 1
            diff, prev = coef - prev, coef
            cat = abs(diff).bit_length()
            put(*dc[cat])
            if cat:
                put(diff if diff >= 0 else diff + (1 << cat) - 1, cat)
            put(*ac[0x00])
    bitbuf.extend([1] * (-len(bitbuf) % 8))
    data = bytearray()
    for i in range(0, len(bitbuf), 8):
        byte = int("".join(map(str, bitbuf[i:i + 8])), 2)
        data.append(byte)
        if byte == 0xFF:
            data.append(0x00)

    def segment(marker, payload):
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    comment = ("Dokumen ilustratif - bukan dokumen resmi").encode("ascii")
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xFE, comment)
        + segment(0xDB, b"\x00" + b"\x01" * 64)
        + segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
        + segment(0xC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALS) + b"\x10" + bytes(_AC_BITS) + bytes(_AC_VALS))
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + bytes(data)
        + b"\xff\xd9"
    )


def photo_blocks(seed):
    """A 12x8 block 'photo': sky, a building, ground; shades vary with `seed`."""
    sky, wall, ground = 200 - seed % 40, 90 + seed % 50, 70 + (seed // 7) % 40
    rows = []
    for by in range(8):
        row = []
        for bx in range(12):
            if by >= 6:
                row.append(ground)
            elif 3 <= bx <= 8 and by >= 2:
                row.append(wall if (bx + by) % 3 else wall + 40)
            else:
                row.append(sky + by * 4)
        rows.append(row)
    return rows
