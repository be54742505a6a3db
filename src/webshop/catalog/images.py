"""Product images: judged by their content, re-encoded without metadata, stored with a thumbnail.

Nothing the client says about a file (its name, its declared type) is trusted: Pillow reads
the header, the size limits apply before any pixel is decoded, and what is stored is a fresh
encoding, so EXIF (GPS positions, camera serials) and anything hidden in the original is gone.
All of it is CPU-bound and blocking: callers run it in a worker thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from webshop.core.errors import InvalidInput, PayloadTooLarge

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
# All frames of an animated GIF together: each is decoded (other formats keep their first frame
# only). Re-encoding costs up to ~28 bytes a pixel of one frame (Pillow decodes it to RGB(A) on
# the whole canvas, then diffs it against the previous one in RGBA) plus 1-2 bytes a pixel of the
# frames held until the file is written. So the worst animation within 12 megapixels, two frames
# of 6 with transparency, peaks at ~170 MB over the process's own and takes about a second.
MAX_ANIMATION_PIXELS = 12_000_000
THUMBNAIL_SIZE = (400, 400)
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MEDIA_SUBDIR = "products"
URL_PREFIX = f"/media/{MEDIA_SUBDIR}/"


class NotAnImage(InvalidInput):
    code = "not_an_image"
    default_detail = "The file is not a JPEG, PNG, WebP or GIF image"


class ImageTooLarge(PayloadTooLarge):
    code = "image_too_large"
    default_detail = f"Images may be at most {MAX_BYTES // (1024 * 1024)} MB"


class TooManyPixels(PayloadTooLarge):
    code = "too_many_pixels"
    default_detail = f"Images may have at most {MAX_PIXELS // 1_000_000} megapixels"

    @classmethod
    def animation(cls) -> TooManyPixels:
        limit = MAX_ANIMATION_PIXELS // 1_000_000
        return cls(f"Animations may have at most {limit} megapixels in all their frames together")


@dataclass(frozen=True)
class EncodedImage:
    image: bytes
    thumbnail: bytes
    extension: str


def encode(data: bytes) -> EncodedImage:
    """Validate an upload and re-encode it, plus a WebP thumbnail."""
    if len(data) > MAX_BYTES:
        raise ImageTooLarge
    try:
        source = Image.open(BytesIO(data), formats=list(EXTENSIONS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooManyPixels from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise NotAnImage from exc
    with source:
        if source.format not in EXTENSIONS:
            raise NotAnImage
        pixels = source.width * source.height
        if pixels > MAX_PIXELS:
            raise TooManyPixels
        # Counting the frames reads their headers only: nothing is decoded yet.
        if _is_animated_gif(source) and pixels * _frame_count(source) > MAX_ANIMATION_PIXELS:
            raise TooManyPixels.animation()
        try:
            return _reencode(source)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            raise NotAnImage("The image is damaged or incomplete") from exc


def _reencode(source: Image.Image) -> EncodedImage:
    image_format = str(source.format)
    output = BytesIO()
    if _is_animated_gif(source):
        frames = _frames_within_budget(source)
        first = next(frames)
        first.save(
            output,
            "GIF",
            save_all=True,
            append_images=frames,
            loop=source.info.get("loop", 0),
            duration=source.info.get("duration", 100),
            disposal=2,
        )
    else:
        # Apply the camera's rotation before the EXIF that describes it is dropped.
        first = ImageOps.exif_transpose(source)
        _save_plain(first, image_format, output)

    thumbnail = first.convert("RGBA" if _has_alpha(first) else "RGB")
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    thumbnail_output = BytesIO()
    thumbnail.save(thumbnail_output, "WEBP", quality=80)
    return EncodedImage(output.getvalue(), thumbnail_output.getvalue(), EXTENSIONS[image_format])


def _frame_count(source: Image.Image) -> int:
    return int(getattr(source, "n_frames", 1))


def _is_animated_gif(source: Image.Image) -> bool:
    return source.format == "GIF" and _frame_count(source) > 1


def _frames_within_budget(source: Image.Image) -> Iterator[Image.Image]:
    """Each frame in turn, decoded only when the GIF writer asks for it, so that one at a time
    is held in RGB. Pillow grows the canvas for a frame that reaches past it, making that frame
    and every later one larger than `encode` counted: such a frame is refused before decoding."""
    canvas = source.size  # the Iterator yields `source` itself, seeked to each frame
    for frame in ImageSequence.Iterator(source):
        if frame.size != canvas:
            raise NotAnImage("A frame of the animation reaches past its canvas")
        yield frame.copy()


def _save_plain(image: Image.Image, image_format: str, output: BytesIO) -> None:
    if image_format == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "WEBP":
        mode = "RGBA" if _has_alpha(image) else "RGB"
        image.convert(mode).save(output, "WEBP", quality=85)
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(output, "PNG", optimize=True)
    else:  # a single-frame GIF
        image.save(output, "GIF")


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def store(encoded: EncodedImage, media_dir: Path) -> tuple[str, str]:
    """Write both files under a new random name; return their URLs."""
    directory = media_dir / MEDIA_SUBDIR
    directory.mkdir(parents=True, exist_ok=True)
    stem = uuid.uuid4().hex
    image_name, thumbnail_name = f"{stem}.{encoded.extension}", f"{stem}_thumb.webp"
    (directory / image_name).write_bytes(encoded.image)
    (directory / thumbnail_name).write_bytes(encoded.thumbnail)
    return URL_PREFIX + image_name, URL_PREFIX + thumbnail_name


def remove(urls: list[str | None], media_dir: Path) -> None:
    """Delete the files behind our own media URLs; anything else is left alone."""
    directory = (media_dir / MEDIA_SUBDIR).resolve()
    for url in urls:
        if not url or not url.startswith(URL_PREFIX):
            continue
        path = (directory / url.removeprefix(URL_PREFIX)).resolve()
        if path.parent == directory:
            path.unlink(missing_ok=True)
