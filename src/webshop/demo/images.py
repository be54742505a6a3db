"""Placeholder product pictures for the demo catalog, drawn with Pillow: no files, no downloads.

Each picture is a gradient in its category's colours with a few soft circles, a card with the
product's initials, its name and its category. The same product always gets the same picture.
Drawing is CPU-bound and blocking: callers run it in a worker thread.
"""

from __future__ import annotations

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont, ImageOps

SIZE = (800, 600)
Colour = tuple[int, int, int]

# (top of the gradient, bottom of the gradient) per category.
PALETTES: dict[str, tuple[Colour, Colour]] = {
    "electronics": ((28, 52, 96), (64, 156, 214)),
    "books": ((110, 44, 32), (226, 170, 92)),
    "home & kitchen": ((46, 98, 72), (186, 214, 150)),
    "toys": ((186, 44, 112), (255, 196, 72)),
    "sports": ((18, 96, 112), (126, 222, 176)),
    "clothing": ((70, 52, 120), (214, 160, 206)),
}
DEFAULT_PALETTE: tuple[Colour, Colour] = ((60, 60, 72), (170, 170, 184))
INK: Colour = (34, 34, 40)
MUTED: Colour = (112, 112, 124)

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


def initials(name: str) -> str:
    """Up to two capital letters: "Cast Iron Skillet" -> "CI"."""
    letters = [word[0] for word in name.split() if word[:1].isalpha()]
    return "".join(letters[:2]).upper() or "?"


def product_image(name: str, category: str | None) -> bytes:
    """An 800x600 JPEG picture for a product."""
    top, bottom = PALETTES.get(category or "", DEFAULT_PALETTE)
    gradient = Image.linear_gradient("L").resize(SIZE)
    image = ImageOps.colorize(gradient, black=top, white=bottom).convert("RGBA")

    rng = random.Random(name)  # noqa: S311 - decoration, not security  # nosec B311
    shapes = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw_shapes = ImageDraw.Draw(shapes)
    for _ in range(6):
        radius = rng.randint(40, 180)
        x, y = rng.randint(0, SIZE[0]), rng.randint(0, SIZE[1])
        draw_shapes.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 38)
        )
    image = Image.alpha_composite(image, shapes)

    draw = ImageDraw.Draw(image)
    card = (150, 110, 650, 490)
    draw.rounded_rectangle(card, radius=28, fill=(255, 255, 255, 235))
    _centred(draw, initials(name), 250, ImageFont.load_default(size=150), top)
    name_font = _fitting_font(draw, name, max_width=card[2] - card[0] - 40, size=34)
    _centred(draw, name, 400, name_font, INK)
    if category:
        _centred(draw, category.upper(), 448, ImageFont.load_default(size=20), MUTED)

    output = BytesIO()
    image.convert("RGB").save(output, "JPEG", quality=90)
    return output.getvalue()


def _fitting_font(draw: ImageDraw.ImageDraw, text: str, *, max_width: int, size: int) -> FontType:
    """The largest font, from `size` down, in which `text` fits on one line."""
    font: FontType = ImageFont.load_default(size=size)
    while size > 12 and draw.textlength(text, font=font) > max_width:
        size -= 2
        font = ImageFont.load_default(size=size)
    return font


def _centred(
    draw: ImageDraw.ImageDraw, text: str, centre_y: int, font: FontType, fill: Colour
) -> None:
    left, upper, right, lower = draw.textbbox((0, 0), text, font=font)
    x = (SIZE[0] - (right - left)) / 2 - left
    y = centre_y - (lower - upper) / 2 - upper
    draw.text((x, y), text, font=font, fill=fill)
