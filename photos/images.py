"""What a photo's file must be, and what is stored of it: checked by content, re-encoded clean.

A file is a photo when Pillow reads it as JPEG, PNG or HEIC/HEIF (through pillow-heif) and it
holds at most MAX_PIXELS pixels: its name and the type the browser claims count for nothing,
so a PDF renamed `.jpg` is refused, and so is a small file declaring a huge image (a
decompression bomb) before it is decoded. What is stored is a re-encoding of the decoded
pixels, turned upright by its EXIF orientation, without any metadata: no EXIF (GPS position,
camera serial, time), no XMP, no text chunks. A HEIC photo is stored as JPEG; PNG stays PNG.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC (the iPad camera's format) reads through pillow-heif where its wheel installs
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - the dependency is declared; a platform without a wheel
    HEIF_SUPPORTED = False

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # 50 megapixels: beyond any tablet or phone camera
FORMATS = ("JPEG", "PNG", "HEIF") if HEIF_SUPPORTED else ("JPEG", "PNG")
ACCEPT = "image/jpeg,image/png,image/heic,image/heif" if HEIF_SUPPORTED else "image/jpeg,image/png"
THUMBNAIL_SIZE = (320, 320)
JPEG_QUALITY = 85
REFUSED = "This file is not a photo: send a JPEG, PNG or HEIC image."


@dataclass(frozen=True)
class Encoded:
    """A re-encoded image: its bytes and what is recorded of it."""

    content: bytes
    format: str  # JPEG or PNG
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return "image/png" if self.format == "PNG" else "image/jpeg"

    @property
    def extension(self) -> str:
        return "png" if self.format == "PNG" else "jpg"


def _open(file) -> Image.Image:
    """The image in `file`, its header read; refuses anything else and any image over MAX_PIXELS."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            f"This image declares too many pixels; a photo may have at most {MAX_PIXELS // 1_000_000} megapixels."
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError(REFUSED) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"This image is {width} × {height} pixels; a photo may have at most {MAX_PIXELS // 1_000_000} megapixels."
        )
    return image


def check_photo(uploaded) -> None:
    """The upload purpose's check (pms.uploads): a whole, decodable photo of a known format, or ValidationError."""
    buffer = io.BytesIO(uploaded.read())  # at most MAX_BYTES; closing an image closes its file, not the upload
    image = _open(buffer)
    try:
        image.verify()
        buffer.seek(0)
        image = _open(buffer)
        image.load()  # the pixels decode: a truncated or corrupt file is refused now, not at execute
    except ValidationError:
        raise
    except Exception:  # Pillow raises many types for a broken file (OSError, SyntaxError, struct.error…)
        raise ValidationError("This photo is damaged or incomplete: take it again.") from None
    finally:
        image.close()


def read_dimensions(file) -> tuple[int, int, str]:
    """(width, height, format) of a file check_photo accepted, upright as it will be stored."""
    image = _open(file)
    with image:
        width, height = image.size
        if _turned(image):
            width, height = height, width
        return width, height, image.format


def _turned(image) -> bool:
    return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # orientations that swap width and height


def _clean(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """The pixels only, upright: a new image carrying no metadata (EXIF, XMP, text) at all."""
    upright = ImageOps.exif_transpose(image, in_place=False) or image.copy()
    if keep_alpha and (upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info):
        upright = upright.convert("RGBA")
    elif upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    return clean


def reencode(file) -> Encoded:
    """The photo in `file` re-encoded without metadata: PNG as PNG, JPEG and HEIC as JPEG."""
    image = _open(file)
    with image:
        is_png = image.format == "PNG"
        icc_profile = image.info.get("icc_profile")  # colour, not metadata about the place or camera
        clean = _clean(image, keep_alpha=is_png)
    out = io.BytesIO()
    if is_png:
        clean.save(out, format="PNG", optimize=True)
    else:
        options = {"icc_profile": icc_profile} if icc_profile else {}
        clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    return Encoded(content=out.getvalue(), format="PNG" if is_png else "JPEG", width=clean.width, height=clean.height)


def thumbnail(file) -> bytes:
    """A JPEG of at most THUMBNAIL_SIZE of a stored (already clean) photo."""
    with Image.open(file, formats=("JPEG", "PNG")) as image:
        image.draft("RGB", THUMBNAIL_SIZE)  # JPEG: decode at a reduced scale
        small = image.convert("RGBA") if image.mode in ("RGBA", "LA", "P") else image.convert("RGB")
        small.thumbnail(THUMBNAIL_SIZE)
    if small.mode == "RGBA":
        background = Image.new("RGB", small.size, "white")
        background.paste(small, mask=small.getchannel("A"))
        small = background
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=80)
    return out.getvalue()
