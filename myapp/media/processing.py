"""Turn uploaded bytes into clean images: decided by content, re-encoded, no metadata.

Nothing of the upload is kept: the pixels are decoded, turned upright by their
EXIF orientation and written again at a few widths, as WebP plus a JPEG (or a
PNG where there is transparency). The new files carry no EXIF, GPS, ICC or
comment, and a file that was also HTML or a script comes out a plain image.
"""

import hashlib
import io
import math
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

from myapp.errors import AppError, InvalidInput

ACCEPTED = ("JPEG", "PNG", "WEBP", "GIF")
WIDTHS = (320, 800, 1600)
ORIENTATION = 0x0112  # EXIF tag
WEBP_QUALITY = 80
WEBP_METHOD = 3  # 0 fastest … 6 smallest; 3 is close to 4 in size, faster
JPEG_QUALITY = 82


class TooLarge(AppError):
    status, title, kind = 413, "Payload too large", "payload-too-large"


@dataclass
class Rendition:
    width: int
    height: int
    files: dict[str, bytes] = field(default_factory=dict)  # ext → bytes


@dataclass
class Processed:
    width: int
    height: int
    fallback: str  # "jpeg" or "png"
    renditions: list[Rendition]


def content_key(data: bytes, ext: str) -> str:
    """A content-addressed name: the processed bytes' SHA-256, two-level folder."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest}.{ext}"


def _refusal(head: bytes) -> str:
    """A clear sentence for a file that is not one of the accepted images."""
    text = head.lstrip()[:512].lower()
    if b"<svg" in text or (text.startswith(b"<?xml") and b"svg" in text):
        return "SVG images are not accepted (they can carry scripts): upload a PNG."
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"avif"):
        return "HEIC/AVIF photos are not accepted: export them as JPEG."
    return "This file is not an image we accept: upload a JPEG, PNG, WebP or GIF."


def open_image(stream, max_pixels: int) -> Image.Image:
    """Open by content; refuse other types and oversized images before decoding."""
    head = stream.read(32)
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(stream, formats=ACCEPTED)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels(max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput(_refusal(head), field="file") from None
    if image.width * image.height > max_pixels:
        raise _too_many_pixels(max_pixels)
    return image


def _too_many_pixels(max_pixels: int) -> InvalidInput:
    megapixels = max_pixels // 1_000_000
    return InvalidInput(
        f"This image has too many pixels: at most {megapixels} megapixels.",
        field="file",
    )


def _draft_size(image: Image.Image) -> tuple[int, int]:
    """The stored size that still gives the widest rendition once upright."""
    width, height = image.size
    turned = image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
    scale = min(1.0, WIDTHS[-1] / (height if turned else width))
    return math.ceil(width * scale), math.ceil(height * scale)


def _decode(image: Image.Image) -> Image.Image:
    """Decode (the first frame of a GIF), upright, in RGB or RGBA, metadata gone."""
    if image.format == "JPEG":
        image.draft("RGB", _draft_size(image))  # decode at 1/2…1/8 scale
    image.seek(0)
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError):
        raise InvalidInput(
            "This image is damaged and cannot be read.", field="file"
        ) from None
    alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    clean = upright.convert("RGBA" if alpha else "RGB")
    clean.info = {}
    return clean


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    elif fmt == "jpeg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def widths_for(width: int) -> list[int]:
    """The rendition widths of an image this wide: never wider than the original."""
    widest = min(width, WIDTHS[-1])
    return [*(w for w in WIDTHS if w < widest), widest]


def process(stream, max_pixels: int) -> Processed:
    """Process an upload (a binary file object) into its renditions."""
    image = _decode(open_image(stream, max_pixels))
    fallback = "png" if image.mode == "RGBA" else "jpeg"
    renditions = []
    for width in widths_for(image.width):
        height = max(1, round(image.height * width / image.width))
        sized = (
            image
            if width == image.width
            else image.resize((width, height), reducing_gap=3.0)
        )
        sized.info = {}
        renditions.append(
            Rendition(
                width,
                height,
                {"webp": _encode(sized, "webp"), fallback: _encode(sized, fallback)},
            )
        )
    largest = renditions[-1]
    return Processed(largest.width, largest.height, fallback, renditions)
