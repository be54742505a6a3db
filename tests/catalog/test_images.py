"""Image uploads: judged by content, size-limited before decoding, re-encoded, cleaned up."""

import struct
import zlib
from functools import cache
from io import BytesIO

import pytest
from PIL import Image

from tests.conftest import make_client, use_connection
from tests.factories import create_product
from webshop.main import create_app


def image_bytes(fmt: str, size=(640, 480), color=(200, 30, 30), **save) -> bytes:
    mode = "RGBA" if fmt in ("PNG", "WEBP") else "RGB"
    output = BytesIO()
    Image.new(mode, size, color).save(output, fmt, **save)
    return output.getvalue()


@cache
def camera_jpeg(orientation: int = 1) -> bytes:
    """A 24-megapixel photo as a camera writes it (within 5 MB): a gradient with grain, reddish on
    its left half and bluish on its right, so that which way up it is stored can be told."""
    size = (6000, 4000)
    image = Image.new("RGB", size, (40, 60, 200))
    image.paste((200, 60, 40), (0, 0, 3000, 4000))
    image = Image.blend(image, Image.linear_gradient("L").resize(size).convert("RGB"), 0.3)
    image = Image.blend(image, Image.effect_noise(size, 40).convert("RGB"), 0.15)
    exif = Image.Exif()
    exif[0x010F] = "Camera Inc."  # Make
    exif[0x0112] = orientation
    output = BytesIO()
    image.save(output, "JPEG", quality=80, exif=exif.tobytes())
    assert len(output.getvalue()) <= 5 * 1024 * 1024
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge image: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def animated_gif(size: tuple[int, int], frames: int) -> bytes:
    """Frames alternating between two colours: each differs from the last, yet compresses well."""
    colours = [Image.new("P", size, 0), Image.new("P", size, 1)]
    for image in colours:
        image.putpalette([255, 0, 0, 0, 0, 255])
    output = BytesIO()
    colours[0].save(
        output,
        "GIF",
        save_all=True,
        append_images=[colours[i % 2] for i in range(1, frames)],
        duration=50,
        loop=0,
    )
    return output.getvalue()


@pytest.fixture
def media_files(settings):
    directory = settings.media_dir / "products"

    def files() -> set[str]:
        return {p.name for p in directory.glob("*")} if directory.exists() else set()

    return files


@pytest.fixture
async def product(session):
    return await create_product(session, name="Poster")


async def upload(
    client, product_id, data, headers, filename="photo.jpg", content_type="image/jpeg"
):
    return await client.post(
        f"/products/{product_id}/image",
        files={"image": (filename, data, content_type)},
        headers=headers,
    )


@pytest.mark.parametrize(
    ("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")]
)
async def test_each_accepted_format_is_stored_and_served(
    client, product, admin_headers, fmt, extension
):
    response = await upload(client, product.id, image_bytes(fmt), admin_headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["image_url"].startswith("/media/products/")
    assert body["image_url"].endswith(f".{extension}")
    served = await client.get(body["image_url"])
    assert served.status_code == 200
    assert served.headers["content-type"] == f"image/{'jpeg' if fmt == 'JPEG' else extension}"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert Image.open(BytesIO(served.content)).format == fmt
    thumbnail = Image.open(BytesIO((await client.get(body["thumbnail_url"])).content))
    assert thumbnail.format == "WEBP"
    assert max(thumbnail.size) == 400
    detail = await client.get(f"/products/{product.id}")
    assert detail.json()["image_url"] == body["image_url"]


async def test_the_declared_name_and_type_are_ignored(client, product, admin_headers):
    response = await upload(
        client,
        product.id,
        image_bytes("PNG"),
        admin_headers,
        "evil.exe",
        "application/x-msdownload",
    )
    assert response.status_code == 200
    assert response.json()["image_url"].endswith(".png")


async def test_metadata_is_stripped(client, product, admin_headers):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    original = image_bytes("JPEG", exif=exif.tobytes())
    assert Image.open(BytesIO(original)).getexif()

    body = (await upload(client, product.id, original, admin_headers)).json()

    stored = Image.open(BytesIO((await client.get(body["image_url"])).content))
    assert not stored.getexif()
    assert "exif" not in stored.info


async def test_exif_rotation_is_applied_before_stripping(client, product, admin_headers):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    original = image_bytes("JPEG", size=(400, 200), exif=exif.tobytes())

    body = (await upload(client, product.id, original, admin_headers)).json()

    stored = Image.open(BytesIO((await client.get(body["image_url"])).content))
    assert stored.size == (200, 400)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"just some text, not an image", 422),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", 422),
        (b"", 422),
        (image_bytes("BMP"), 422),
        (image_bytes("TIFF"), 422),
        (image_bytes("PNG")[:200], 422),  # truncated
        (png_claiming(10_000, 10_000), 413),  # 100 megapixels in a few bytes
    ],
    ids=["text", "svg", "empty", "bmp", "tiff", "truncated", "bomb"],
)
async def test_bad_uploads_are_refused_and_leave_no_file(
    client, product, admin_headers, media_files, data, status
):
    before = media_files()

    response = await upload(client, product.id, data, admin_headers, "photo.png", "image/png")

    assert response.status_code == status, response.text
    assert isinstance(response.json()["detail"], str)
    assert media_files() == before
    assert (await client.get(f"/products/{product.id}")).json()["image_url"] is None


async def test_files_over_5_mb_are_413(client, product, admin_headers, media_files):
    before = media_files()
    big = image_bytes("PNG") + b"\x00" * (5 * 1024 * 1024)

    response = await upload(client, product.id, big, admin_headers)

    assert response.status_code == 413
    assert response.json() == {"detail": "Images may be at most 5 MB", "code": "image_too_large"}
    assert media_files() == before


async def test_25_megapixels_is_the_limit(client, product, admin_headers):
    at_limit = await upload(client, product.id, png_claiming(5000, 5000), admin_headers)
    over = await upload(client, product.id, png_claiming(5000, 5001), admin_headers)

    assert at_limit.status_code == 422  # passes the size check, then fails as a broken file
    assert over.status_code == 413


async def test_replacing_an_image_removes_the_old_files(client, product, admin_headers, settings):
    first = (await upload(client, product.id, image_bytes("JPEG"), admin_headers)).json()
    second = (await upload(client, product.id, image_bytes("PNG"), admin_headers)).json()

    media = settings.media_dir
    for url in (first["image_url"], first["thumbnail_url"]):
        assert not (media / url.removeprefix("/media/")).exists()
        assert (await client.get(url)).status_code == 404
    for url in (second["image_url"], second["thumbnail_url"]):
        assert (media / url.removeprefix("/media/")).exists()


async def test_removing_the_image(client, product, admin_headers, settings):
    body = (await upload(client, product.id, image_bytes("JPEG"), admin_headers)).json()

    response = await client.delete(f"/products/{product.id}/image", headers=admin_headers)

    assert response.status_code == 200
    assert response.json()["image_url"] is None
    assert not (settings.media_dir / body["image_url"].removeprefix("/media/")).exists()


async def test_upload_rules(client, product, admin_headers, customer_headers, media_files):
    before = media_files()
    assert (
        await upload(client, product.id, image_bytes("PNG"), customer_headers)
    ).status_code == 403
    assert (await upload(client, 999999, image_bytes("PNG"), admin_headers)).status_code == 404
    missing_field = await client.post(f"/products/{product.id}/image", headers=admin_headers)
    assert missing_field.status_code == 422
    assert media_files() == before


async def test_unknown_media_is_a_json_404(client):
    response = await client.get("/media/products/nothing-here.jpg")
    assert response.status_code == 404
    traversal = await client.get("/media/../secret_key")
    assert traversal.status_code == 404


async def test_animated_gifs_keep_their_frames(client, product, admin_headers):
    frames = [Image.new("RGB", (120, 80), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    output = BytesIO()
    frames[0].save(output, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0)

    body = (await upload(client, product.id, output.getvalue(), admin_headers)).json()

    stored = Image.open(BytesIO((await client.get(body["image_url"])).content))
    assert stored.format == "GIF"
    assert stored.n_frames == 3


async def test_an_animation_over_the_pixel_budget_is_refused(
    client, product, admin_headers, media_files
):
    before = media_files()
    bomb = animated_gif((2000, 2000), 20)  # 80 megapixels to decode
    assert len(bomb) < 100_000

    response = await upload(client, product.id, bomb, admin_headers, "a.gif", "image/gif")

    assert response.status_code == 413
    assert response.json() == {
        "detail": "Animations may have at most 12 megapixels in all their frames together",
        "code": "too_many_pixels",
    }
    assert media_files() == before
    assert (await client.get(f"/products/{product.id}")).json()["image_url"] is None


async def test_12_megapixels_over_all_frames_is_the_animation_limit(client, product, admin_headers):
    at_limit = await upload(client, product.id, animated_gif((1000, 1000), 12), admin_headers)
    over = await upload(client, product.id, animated_gif((1000, 1000), 13), admin_headers)

    assert at_limit.status_code == 200, at_limit.text
    stored = Image.open(BytesIO((await client.get(at_limit.json()["image_url"])).content))
    assert stored.n_frames == 12
    assert over.status_code == 413
    assert over.json()["code"] == "too_many_pixels"


async def test_a_still_image_is_not_held_to_the_animation_limit(client, product, admin_headers):
    still = BytesIO()
    Image.new("P", (3500, 3500)).save(still, "GIF")  # over 12 megapixels

    response = await upload(client, product.id, still.getvalue(), admin_headers)

    assert response.status_code == 200, response.text


async def test_an_animation_frame_that_would_grow_its_canvas_is_refused(
    client, product, admin_headers, media_files
):
    """Pillow grows the canvas for a frame drawn past it, and decodes every later frame that big:
    a 100x100 animation could then cost 16 megapixels a frame, which its header does not show."""
    first = Image.new("P", (100, 100), 0)
    second = first.copy()
    second.paste(1, (90, 90, 100, 100))
    output = BytesIO()
    first.save(output, "GIF", save_all=True, append_images=[second])
    change = b"," + struct.pack("<4H", 90, 90, 10, 10)  # the second frame: only what changed
    assert change in output.getvalue()
    grown = output.getvalue().replace(change, b"," + struct.pack("<4H", 3990, 3990, 10, 10))
    before = media_files()

    response = await upload(client, product.id, grown, admin_headers, "a.gif", "image/gif")

    assert response.status_code == 422
    assert response.json() == {
        "detail": "A frame of the animation reaches past its canvas",
        "code": "not_an_image",
    }
    assert media_files() == before


async def test_oversized_requests_are_refused_before_reading(client, product, admin_headers):
    response = await upload(client, product.id, b"\xff" * (6 * 1024 * 1024), admin_headers)

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body may be at most 5,308,416 bytes",
        "code": "payload_too_large",
    }


async def test_an_app_keeps_and_serves_images_where_its_own_settings_say(
    settings, connection, tmp_path, product, admin_headers, media_files
):
    """Not where the process-wide settings point: the app reads only what it was built with."""
    elsewhere = settings.model_copy(update={"DATA_DIR": tmp_path / "elsewhere"})
    app = create_app(elsewhere)
    use_connection(app, connection)
    before = media_files()

    async with make_client(app) as client:
        stored = (await upload(client, product.id, image_bytes("JPEG"), admin_headers)).json()
        served = await client.get(stored["image_url"])

    assert served.status_code == 200
    assert Image.open(BytesIO(served.content)).size == (640, 480)
    name = stored["image_url"].rsplit("/", 1)[1]
    assert (elsewhere.media_dir / "products" / name).is_file()
    assert media_files() == before


async def stored_image(client, response) -> Image.Image:
    assert response.status_code == 200, response.text
    return Image.open(BytesIO((await client.get(response.json()["image_url"])).content))


def reddish(pixel) -> bool:
    return pixel[0] > pixel[2] + 60


def bluish(pixel) -> bool:
    return pixel[2] > pixel[0] + 60


async def test_a_camera_photo_is_stored_at_2048_px_on_its_longest_side(
    client, product, admin_headers
):
    response = await upload(client, product.id, camera_jpeg(), admin_headers)

    stored = await stored_image(client, response)
    assert stored.format == "JPEG"
    assert stored.size == (2048, 1365)  # 6000 x 4000, the same shape
    assert reddish(stored.getpixel((200, 680)))
    assert bluish(stored.getpixel((1848, 680)))
    assert not stored.getexif()
    thumbnail = Image.open(BytesIO((await client.get(response.json()["thumbnail_url"])).content))
    assert thumbnail.size == (400, 267)


async def test_a_camera_photo_is_turned_as_its_exif_says(client, product, admin_headers):
    turned = camera_jpeg(orientation=6)  # "rotate 90° clockwise to display": the left goes on top

    stored = await stored_image(client, await upload(client, product.id, turned, admin_headers))

    assert stored.size == (1365, 2048)
    assert reddish(stored.getpixel((680, 200)))
    assert bluish(stored.getpixel((680, 1848)))
    assert not stored.getexif()


async def test_a_large_png_is_stored_smaller_and_keeps_its_transparency(
    client, product, admin_headers
):
    image = Image.new("RGBA", (5000, 3000), (0, 0, 0, 0))  # the left half transparent
    image.paste(Image.linear_gradient("L").resize((2500, 3000)).convert("RGBA"), (2500, 0))
    original = BytesIO()
    image.save(original, "PNG")

    response = await upload(client, product.id, original.getvalue(), admin_headers, "a.png")

    stored = await stored_image(client, response)
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (2048, 1229))
    assert stored.getpixel((500, 600))[3] == 0
    assert stored.getpixel((1500, 600))[3] == 255
    thumbnail = Image.open(BytesIO((await client.get(response.json()["thumbnail_url"])).content))
    assert thumbnail.mode == "RGBA"
    assert thumbnail.getpixel((50, 100))[3] == 0


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
async def test_a_large_palette_image_stays_a_palette_image_with_its_transparency(
    client, product, admin_headers, fmt
):
    image = Image.new("P", (3000, 2400), 0)  # index 0, transparent, all around a red disc
    image.putpalette([255, 255, 255, 200, 30, 30])
    image.paste(1, (1000, 700, 2000, 1700))
    original = BytesIO()
    image.save(original, fmt, transparency=0)

    response = await upload(client, product.id, original.getvalue(), admin_headers)

    stored = await stored_image(client, response)
    assert (stored.format, stored.mode, stored.size) == (fmt, "P", (2048, 1638))
    assert stored.convert("RGBA").getpixel((100, 100))[3] == 0
    centre = stored.convert("RGBA").getpixel((1024, 819))  # a new palette: near enough
    assert all(abs(a - b) <= 2 for a, b in zip(centre, (200, 30, 30, 255), strict=True))


@pytest.mark.parametrize(
    ("fmt", "size"), [("JPEG", (2048, 1536)), ("PNG", (1536, 2048)), ("WEBP", (300, 200))]
)
async def test_an_image_within_2048_px_keeps_its_size(client, product, admin_headers, fmt, size):
    response = await upload(client, product.id, image_bytes(fmt, size), admin_headers)

    assert (await stored_image(client, response)).size == size


async def test_a_webp_over_12_megapixels_is_refused(client, product, admin_headers, media_files):
    """libwebp has no reduced-scale decoding as libjpeg has: a WebP costs ~16 bytes a pixel."""
    before = media_files()
    at_limit, over = BytesIO(), BytesIO()
    Image.new("RGB", (4000, 3000), (20, 120, 60)).save(at_limit, "WEBP", quality=10, method=0)
    Image.new("RGB", (4000, 3001), (20, 120, 60)).save(over, "WEBP", quality=10, method=0)

    refused = await upload(client, product.id, over.getvalue(), admin_headers, "a.webp")
    accepted = await upload(client, product.id, at_limit.getvalue(), admin_headers, "a.webp")

    assert refused.status_code == 413
    assert refused.json() == {
        "detail": "WebP images may have at most 12 megapixels",
        "code": "too_many_pixels",
    }
    assert (await stored_image(client, accepted)).size == (2048, 1536)
    assert len(media_files() - before) == 2  # the accepted image and its thumbnail


@pytest.mark.parametrize("frames", [1, 3], ids=["still", "animated"])
async def test_gif_comments_are_not_kept(client, product, admin_headers, frames):
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)][:frames]
    images = [Image.new("RGB", (60, 40), colour) for colour in colours]
    output = BytesIO()
    images[0].save(
        output, "GIF", save_all=True, append_images=images[1:], comment=b"secret GPS 51N 0W"
    )
    assert b"secret GPS" in output.getvalue()

    body = (await upload(client, product.id, output.getvalue(), admin_headers)).json()

    stored = (await client.get(body["image_url"])).content
    assert b"secret GPS" not in stored
    assert Image.open(BytesIO(stored)).n_frames == frames


async def test_a_phone_jpeg_with_more_pictures_than_one_is_stored_as_its_photo(
    client, product, admin_headers
):
    photo, gain_map = Image.new("RGB", (640, 480), (200, 40, 40)), Image.new("L", (160, 120))
    output = BytesIO()
    photo.save(output, "MPO", save_all=True, append_images=[gain_map])
    assert Image.open(BytesIO(output.getvalue())).format == "MPO"

    response = await upload(client, product.id, output.getvalue(), admin_headers)

    assert response.status_code == 200, response.text
    stored = Image.open(BytesIO((await client.get(response.json()["image_url"])).content))
    assert (stored.format, stored.size) == ("JPEG", (640, 480))
    assert response.json()["image_url"].endswith(".jpg")
