"""Sample files for demo works: a deterministic picture or text per work."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

PALETTES = [
    [(139, 28, 20), (214, 160, 58), (245, 236, 215), (40, 52, 73)],
    [(26, 83, 92), (78, 205, 196), (247, 255, 247), (255, 107, 107)],
    [(61, 64, 91), (129, 178, 154), (242, 204, 143), (224, 122, 95)],
    [(20, 33, 61), (252, 163, 17), (229, 229, 229), (255, 255, 255)],
]


def pattern_png(seed: int, *, size: int = 320) -> bytes:
    """A textile-like pattern: repeated motifs whose layout depends on ``seed``."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES)
    image = Image.new("RGB", (size, size), palette[2])
    draw = ImageDraw.Draw(image)
    step = rng.choice([40, 53, 64, 80])
    motif = rng.choice(["diamond", "circle", "stripe", "lotus"])
    for y in range(0, size + step, step):
        for x in range(0, size + step, step):
            colour = palette[(x // step + y // step + rng.randint(0, 1)) % 2 * 3 % 4]
            half = step // 2
            if motif == "diamond":
                draw.polygon(
                    [(x, y - half), (x + half, y), (x, y + half), (x - half, y)], fill=colour
                )
            elif motif == "circle":
                draw.ellipse(
                    [x - half // 2, y - half // 2, x + half // 2, y + half // 2],
                    outline=colour,
                    width=5,
                )
            elif motif == "stripe":
                draw.rectangle([x, y, x + step // 3, y + step], fill=colour)
            else:
                for angle in range(0, 360, 60):
                    draw.pieslice(
                        [x - half, y - half, x + half, y + half], angle, angle + 30, fill=colour
                    )
    for _ in range(rng.randint(2, 5)):
        x0, y0 = rng.randint(0, size), rng.randint(0, size)
        draw.ellipse([x0, y0, x0 + size // 3, y0 + size // 4], fill=palette[0])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def text_sample(title: str, synopsis: str) -> bytes:
    return f"{title}\n\n{synopsis}\n".encode()
