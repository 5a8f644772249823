"""Images made in the tests: photos with GPS, polyglots, bombs, non-images."""

import io
import struct
import zlib

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg(width=640, height=480, color=(200, 80, 40), gps=False, orientation=None):
    """A JPEG photo; with GPS and camera EXIF if asked (and an orientation)."""
    image = Image.new("RGB", (width, height), color)
    ImageDraw.Draw(image).rectangle((0, 0, width // 4, height // 4), fill="white")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x0110] = "Model 9"  # Model
    exif[0x010E] = "secret comment"  # ImageDescription
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        gps_ifd = exif.get_ifd(GPS_IFD)
        gps_ifd[1] = "N"
        gps_ifd[2] = (50.0, 51.0, 12.34)
        gps_ifd[3] = "E"
        gps_ifd[4] = (4.0, 21.0, 5.5)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90, comment=b"taken at home")
    return out.getvalue()


def png(width=300, height=200, alpha=False):
    image = Image.new("RGBA" if alpha else "RGB", (width, height), (10, 120, 200, 128))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def png_html_polyglot() -> bytes:
    """A valid PNG that is also HTML: markup in a text chunk and after IEND."""
    base = png(64, 64)
    iend = base.rindex(b"IEND") - 4
    text = _chunk(b"tEXt", b"Comment\x00" + HTML)
    return base[:iend] + text + base[iend:] + HTML


def png_bomb(width=30_000, height=30_000) -> bytes:
    """A tiny file that claims 30,000 x 30,000 pixels (900 megapixels)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


class ZeroStream(io.RawIOBase):
    """`size` bytes of zeros, made as they are read (nothing held in memory)."""

    def __init__(self, size: int):
        self.size, self.pos = size, 0

    @property
    def left(self) -> int:
        return self.size - self.pos

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(0, min(self.size, base + offset))
        return self.pos

    def tell(self):
        return self.pos

    def readinto(self, buffer):
        n = min(len(buffer), self.left)
        buffer[:n] = b"\x00" * n
        self.pos += n
        return n
