"""Product images: judged by their content, re-encoded without metadata, stored with a thumbnail.

Nothing the client says about a file (its name, its declared type) is trusted: Pillow reads
the header, the size limits apply before any pixel is decoded, and what is stored is a fresh
encoding, so EXIF (GPS positions, camera serials) and anything hidden in the original is gone.
A still image is stored at most `MAX_SIDE` pixels on its longest side.
All of it is CPU-bound and blocking: callers run it in a worker thread.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import ExifTags, Image, ImageOps, ImageSequence, UnidentifiedImageError

from webshop.core.errors import InvalidInput, PayloadTooLarge

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
# All frames of an animated GIF together: each is decoded (other formats keep their first frame
# only). Re-encoding costs up to ~28 bytes a pixel of one frame (Pillow decodes it to RGB(A) on
# the whole canvas, then diffs it against the previous one in RGBA) plus 1-2 bytes a pixel of the
# frames held until the file is written. So the worst animation within 12 megapixels, two frames
# of 6 with transparency, peaks at ~170 MB over the process's own and takes about a second.
MAX_ANIMATION_PIXELS = 12_000_000
# The product page shows an image at most 800 CSS pixels wide, 1,600 device pixels on a 2x screen:
# a still image is stored at most this big on its longest side, downscaled before anything else
# is done with it. That is also what bounds an upload's memory and time: a JPEG is decoded at 1/2,
# 1/4 or 1/8 scale (libjpeg's DCT scaling), other images are decoded whole (4 bytes a pixel, 1 for
# a palette) and then converted and resampled a tile at a time (see `_resized`). So a 25-megapixel
# still peaks at ~50 MB over the process's own as a JPEG (up to ~180 MB if progressive: libjpeg
# then holds all its coefficients), ~130 MB as a PNG, ~50 MB as a GIF, and takes under 1.5 s.
MAX_SIDE = 2048
# Pixels a side of the tiles `_resized` computes the stored image in, each from a crop of a few MB.
TILE = 256
# Pillow decodes a WebP through libwebp's animation decoder: two RGBA canvases plus two copies of
# the pixels, ~16 bytes a pixel before anything can be downscaled (no reduced-scale decoding as
# for JPEG). So a WebP still may have 12 megapixels, which peak at ~200 MB over the process's own.
MAX_WEBP_PIXELS = 12_000_000
THUMBNAIL_SIZE = (400, 400)
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# A JPEG holding more pictures than one (Ultra HDR photos of recent phones, some cameras') is
# what Pillow's JPEG reader calls MPO: its first picture is the photo, stored as a plain JPEG.
FORMATS_READ = {*EXTENSIONS, "MPO"}
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

    @classmethod
    def webp(cls) -> TooManyPixels:
        return cls(f"WebP images may have at most {MAX_WEBP_PIXELS // 1_000_000} megapixels")


@dataclass(frozen=True)
class EncodedImage:
    image: bytes
    thumbnail: bytes
    extension: str


def encode(data: bytes) -> EncodedImage:
    """Validate an upload and re-encode it, plus a WebP thumbnail."""
    if len(data) > MAX_BYTES:
        raise ImageTooLarge
    with _open(data) as source:
        pixels = source.width * source.height
        if pixels > MAX_PIXELS:
            raise TooManyPixels
        # Counting the frames reads their headers only: nothing is decoded yet.
        animated = _is_animated_gif(source)
        if animated and pixels * _frame_count(source) > MAX_ANIMATION_PIXELS:
            raise TooManyPixels.animation()
        if source.format == "WEBP" and pixels > MAX_WEBP_PIXELS:
            raise TooManyPixels.webp()
        if animated:
            with _damage_refused():
                return _reencode_animation(source)
    with _damage_refused():
        image, image_format, source_mode = _decode_still(data)
        return _reencode_still(image, image_format, source_mode)


def _open(data: bytes) -> Image.Image:
    """Read the header only."""
    try:
        source = Image.open(BytesIO(data), formats=list(EXTENSIONS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooManyPixels from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise NotAnImage from exc
    if source.format not in FORMATS_READ:
        source.close()
        raise NotAnImage
    return source


@contextmanager
def _damage_refused() -> Iterator[None]:
    try:
        yield
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise NotAnImage("The image is damaged or incomplete") from exc


def _reencode_animation(source: Image.Image) -> EncodedImage:
    output = BytesIO()
    frames = _frames_within_budget(source)
    first = _without_metadata(next(frames))
    first.save(
        output,
        "GIF",
        save_all=True,
        append_images=frames,
        loop=source.info.get("loop", 0),
        duration=source.info.get("duration", 100),
        disposal=2,
    )
    return EncodedImage(output.getvalue(), _thumbnail(first), EXTENSIONS["GIF"])


def _decode_still(data: bytes) -> tuple[Image.Image, str, str]:
    """The image upright and within `MAX_SIDE`, its format and its mode as sent.

    Decoded from an opening of its own, so that all it holds at full size (the pixels, and for a
    WebP libwebp's canvases) is freed on return, before anything is encoded."""
    with _open(data) as source:
        image_format = "JPEG" if source.format == "MPO" else str(source.format)
        return _upright_within_max_side(source), image_format, source.mode


def _reencode_still(image: Image.Image, image_format: str, source_mode: str) -> EncodedImage:
    output = BytesIO()
    if image_format == "PNG" and source_mode == "P" and image.mode != "P":
        # Downscaled in full colour: a palette again, as sent (with an alpha for each entry).
        _save_plain(image.quantize(256), image_format, output)
    else:
        _save_plain(image, image_format, output)
    return EncodedImage(output.getvalue(), _thumbnail(image), EXTENSIONS[image_format])


def _thumbnail(image: Image.Image) -> bytes:
    thumbnail = image.convert("RGBA" if _has_alpha(image) else "RGB")
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    output = BytesIO()
    thumbnail.save(output, "WEBP", quality=80)
    return output.getvalue()


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


def _upright_within_max_side(source: Image.Image) -> Image.Image:
    """The still image, downscaled to fit `MAX_SIDE` and turned as the camera's EXIF says (the
    EXIF itself is dropped when the image is saved)."""
    size = _fitted(source.size)
    if size == source.size:
        return ImageOps.exif_transpose(source)
    # JPEG: libjpeg will decode at the smallest of 1/2, 1/4, 1/8 scale that is still at least
    # `size`, and the box is the whole original in those pixels. Other formats have no draft.
    drafted = source.draft(None, size)
    image = _resized(source, size, drafted[1] if drafted else None)
    if "icc_profile" in source.info:  # the colours' meaning, kept as before (by the PNG writer)
        image.info["icc_profile"] = source.info["icc_profile"]
    # The box is square, so the size fits it either way round: turn the small image, not the big.
    orientation = source.getexif().get(ExifTags.Base.Orientation)
    method = _ORIENTATIONS.get(orientation) if isinstance(orientation, int) else None
    return image.transpose(method) if method is not None else image


_ORIENTATIONS = {  # as in ImageOps.exif_transpose
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _fitted(size: tuple[int, int]) -> tuple[int, int]:
    """`size` scaled down, keeping its aspect, to at most `MAX_SIDE` on its longest side."""
    width, height = size
    if max(width, height) <= MAX_SIDE:
        return size
    scale = MAX_SIDE / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _resized(
    image: Image.Image, size: tuple[int, int], box: tuple[float, float, float, float] | None
) -> Image.Image:
    """`image` (or its `box`) resampled to `size`, in RGB, RGBA or L.

    Converting the whole image (to premultiplied alpha, to RGB from a palette) or resampling it
    in one go would hold one or two more copies of it at full size. So each tile of the result is
    computed from a crop of just the pixels it needs, with a margin for the filter's reach: the
    same pixels as resizing the whole image, within a few megabytes at a time."""
    alpha = _has_alpha(image)
    mode = "RGBa" if alpha else "L" if image.mode in ("1", "L") else "RGB"
    left, top, right, bottom = box or (0, 0, *image.size)
    resized = Image.new(mode, size)
    for y in range(0, size[1], TILE):
        rows, crop_top, crop_bottom, box_top, box_bottom = _span(
            y, size[1], top, bottom, image.height
        )
        for x in range(0, size[0], TILE):
            columns, crop_left, crop_right, box_left, box_right = _span(
                x, size[0], left, right, image.width
            )
            tile = image.crop((crop_left, crop_top, crop_right, crop_bottom))
            if alpha and tile.mode != "RGBA":
                tile = tile.convert("RGBA")  # from a palette, or a colour said to be transparent
            tile = tile.convert(mode)
            tile_box = (box_left, box_top, box_right, box_bottom)
            resampled = tile.resize((columns, rows), Image.Resampling.LANCZOS, box=tile_box)
            resized.paste(resampled, (x, y))
    return resized.convert("RGBA") if alpha else resized


def _span(
    start: int, length: int, source_start: float, source_end: float, source_length: int
) -> tuple[int, int, int, float, float]:
    """Along one axis, for the tile of the result from `start`: its length, the source pixels to
    crop, and the tile's own source span within that crop."""
    scale = (source_end - source_start) / length
    count = min(TILE, length - start)
    begin = source_start + start * scale
    end = begin + count * scale
    # Lanczos reaches 3 source pixels either side, times the scale when downscaling; plus rounding.
    reach = math.ceil(3 * max(scale, 1)) + 2
    crop_begin = max(0, math.floor(begin) - reach)
    crop_end = min(source_length, math.ceil(end) + reach)
    return count, crop_begin, crop_end, begin - crop_begin, end - crop_begin


# What of an image's `info` a writer may carry over: the rest (comments, text chunks, EXIF, XMP)
# could hide anything and is dropped.
KEPT_INFO = ("icc_profile", "transparency", "loop", "duration")


def _without_metadata(image: Image.Image) -> Image.Image:
    image.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    return image


def _save_plain(image: Image.Image, image_format: str, output: BytesIO) -> None:
    _without_metadata(image)
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
