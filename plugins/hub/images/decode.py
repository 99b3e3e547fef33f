"""Opening an image file safely: every way a file can be bad is an `ImageProblem`, never a crash.

The image comes out upright (EXIF orientation applied), in sRGB, in one of the modes the
encoders handle (RGB, RGBA, L), with no metadata left in `info`. A large JPEG is decoded
at a reduced scale (`Image.draft`) so a 50-megapixel photo fits in memory.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ORIENTATION_TAG = 0x0112
TRANSPOSED_ORIENTATIONS = (5, 6, 7, 8)  # width and height swap once upright


@dataclass(frozen=True)
class ImageProblem:
    """What is wrong with an image file: a findings code and a French detail."""

    code: str
    detail: str = ""


@dataclass
class Decoded:
    """An upright, metadata-free image ready for resizing, with what was noticed on the way."""

    image: Image.Image
    format: str  # Pillow's name of the source format: "JPEG", "PNG", "GIF", "WEBP"…
    width: int  # upright size of the file itself (before any draft reduction)
    height: int
    notes: list[ImageProblem] = field(default_factory=list)  # warnings: converted, animated, heavy

    @property
    def has_alpha(self) -> bool:
        return self.image.mode in ("RGBA", "LA")


@dataclass(frozen=True)
class Limits:
    """How big an image may be, and how big the largest output needs it decoded."""

    max_pixels: int
    heavy_pixels: int
    needed_width: int  # the widest output; a JPEG is decoded no smaller than this


def decode(data: bytes, limits: Limits) -> Decoded | ImageProblem:
    """The upright, normalised image in `data`, or the problem that prevents reading it.

    Call it inside `bombs_as_errors()` (warning filters are process-wide, so the caller
    sets them once around all its threads).
    """
    try:
        return _decode(data, limits)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ImageProblem("image-too-large")
    except UnidentifiedImageError:
        return ImageProblem("image-broken", "ce n'est pas une image (format inconnu)")
    except OSError as exc:
        if "truncated" in str(exc):
            return ImageProblem("image-broken", "le fichier est incomplet (tronqué)")
        return ImageProblem("image-broken", "le fichier est endommagé")
    except MemoryError:
        return ImageProblem("image-too-large")
    except Exception:  # noqa: BLE001 - any decoder failure is a bad file, not a crash
        return ImageProblem("image-broken", "le fichier est endommagé")


@contextlib.contextmanager
def bombs_as_errors() -> Iterator[None]:
    """Turn Pillow's decompression-bomb warning into an error while images are decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _decode(data: bytes, limits: Limits) -> Decoded | ImageProblem:
    image = Image.open(io.BytesIO(data))
    source_format = image.format or "PNG"
    stored_w, stored_h = image.size
    if stored_w * stored_h > limits.max_pixels:
        return ImageProblem("image-too-large")
    notes: list[ImageProblem] = []
    if getattr(image, "n_frames", 1) > 1:
        notes.append(ImageProblem("image-animated"))
        image.seek(0)
    is_jpeg = source_format in ("JPEG", "MPO")
    if not is_jpeg:
        image.load()  # before reading EXIF: a PNG's getexif() loads, and would hide errors
    orientation = _orientation(image)
    upright_w, upright_h = (
        (stored_h, stored_w) if orientation in TRANSPOSED_ORIENTATIONS else (stored_w, stored_h)
    )
    if stored_w * stored_h > limits.heavy_pixels:
        notes.append(ImageProblem("image-heavy", f"{upright_w} × {upright_h}"))
    if is_jpeg:
        if upright_w > limits.needed_width:  # decode at 1/2, 1/4 or 1/8 scale: less memory
            scale = limits.needed_width / upright_w
            image.draft(None, (max(1, round(stored_w * scale)), max(1, round(stored_h * scale))))
        image.load()
    if image.mode == "CMYK":
        notes.append(ImageProblem("image-cmyk"))
    upright = ImageOps.exif_transpose(image) if orientation not in (None, 1) else image
    clean = _normalise(upright, image.info.get("icc_profile"))
    clean.info = {}
    return Decoded(clean, source_format, upright_w, upright_h, notes)


def _orientation(image: Image.Image) -> int | None:
    try:
        value = image.getexif().get(ORIENTATION_TAG)
    except Exception:  # noqa: BLE001 - unreadable EXIF: keep the image as stored
        return None
    return value if isinstance(value, int) else None


def _normalise(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB, RGBA or L in sRGB, with a fully opaque alpha channel dropped."""
    mode = image.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit grey: scale to 8 bits (a plain convert would clip everything to white)
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif mode == "F" or mode in ("1",):
        image = image.convert("L")
    elif mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    elif mode == "LA" or (mode not in ("RGB", "RGBA", "L", "CMYK")):
        image = image.convert("RGBA" if "A" in mode else "RGB")
    if icc:
        image = _to_srgb(image, icc)
    if image.mode == "CMYK":
        image = image.convert("RGB")
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    return image


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Colours converted from the embedded profile to sRGB; unchanged if that fails."""
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, target, outputMode=out_mode)
    except Exception:  # noqa: BLE001 - a broken profile: keep the pixels as they are
        return image
    return converted if converted is not None else image
