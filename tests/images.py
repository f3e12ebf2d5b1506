"""Image files made in memory for upload tests."""

import random
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt="PNG", size=(64, 48), color=(40, 120, 160), **save_options):
    buffer = BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def jpeg_with_gps():
    """A JPEG whose EXIF carries a camera model and GPS coordinates."""
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera"  # Model
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo
    return image_bytes("JPEG", exif=exif.tobytes())


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def noisy_png(size=(200, 200)):
    """A PNG that does not compress to almost nothing, so cutting it leaves it incomplete."""
    buffer = BytesIO()
    pixels = random.Random(0).randbytes(size[0] * size[1] * 3)
    Image.frombytes("RGB", size, pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def solid_png(width, height):
    """A real, complete grey PNG of `width` × `height` that weighs almost nothing: every row is
    the same zero bytes, which deflate squeezes about a thousand to one (38 megapixels: ~40 KB).
    Written row by row, so making it costs no more memory than one row."""
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = bytes(width + 1)  # filter byte 0, then one grey byte per pixel
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
