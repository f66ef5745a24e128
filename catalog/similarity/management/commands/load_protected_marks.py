"""Load the reference set of protected marks into ProtectedMark rows (idempotent).

The shipped set (catalog/similarity/protected_marks/) is synthetic: geometric logos
drawn with Pillow, so tests and demos have marks to hit without shipping anyone's real
trademark. ``--generate`` redraws it (deterministic) and rewrites marks.json.
"""

from __future__ import annotations

import io
import json
import math
import random
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from PIL import Image, ImageChops, ImageDraw
from tqdm import tqdm

from catalog.similarity.hashing import hamming, image_phash_variants
from catalog.similarity.services import MarkInput, protected_mark_upsert

MARKS_DIR = Path(__file__).resolve().parents[2] / "protected_marks"
MANIFEST = "marks.json"
SIDE = 128
COUNT = 30
# Marks must be told apart from each other in every orientation with a wide margin,
# or a hit on one would read as a hit on its neighbour.
MIN_SEPARATION = 22
SOURCE_NOTE = (
    "Synthetic reference mark drawn by `manage.py load_protected_marks --generate` "
    "for tests and demonstrations; not a real trademark."
)

PALETTE = {
    "red": (200, 30, 40),
    "blue": (30, 60, 170),
    "green": (20, 130, 60),
    "black": (20, 20, 20),
    "orange": (235, 120, 20),
    "purple": (110, 40, 140),
    "teal": (0, 120, 130),
    "gold": (190, 150, 20),
}


def _polygon(cx: float, cy: float, radius: float, sides: int, turn: float) -> list[tuple]:
    return [
        (
            cx + radius * math.cos(turn + 2 * math.pi * k / sides),
            cy + radius * math.sin(turn + 2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def _star(cx: float, cy: float, radius: float, points: int, turn: float) -> list[tuple]:
    out = []
    for k in range(points * 2):
        r = radius if k % 2 == 0 else radius * 0.42
        angle = turn + math.pi * k / points
        out.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return out


def _draw_shape(image: Image.Image, shape: str, colour: tuple, rng: random.Random) -> None:
    draw = ImageDraw.Draw(image)
    cx, cy = rng.uniform(40, 88), rng.uniform(40, 88)
    r = rng.uniform(22, 46)
    turn = rng.uniform(0, math.pi)
    box = (cx - r, cy - r, cx + r, cy + r)
    if shape == "disc":
        draw.ellipse(box, fill=colour)
    elif shape == "ring":
        draw.ellipse(box, outline=colour, width=max(4, int(r / 3)))
    elif shape == "triangle":
        draw.polygon(_polygon(cx, cy, r, 3, turn), fill=colour)
    elif shape == "square":
        draw.polygon(_polygon(cx, cy, r, 4, turn), fill=colour)
    elif shape == "hexagon":
        draw.polygon(_polygon(cx, cy, r, 6, turn), fill=colour)
    elif shape == "star":
        draw.polygon(_star(cx, cy, r, rng.choice((5, 6, 8)), turn), fill=colour)
    elif shape == "cross":
        w = r / 3
        draw.rectangle((cx - w, cy - r, cx + w, cy + r), fill=colour)
        draw.rectangle((cx - r, cy - w, cx + r, cy + w), fill=colour)
    elif shape == "crescent":
        draw.ellipse(box, fill=colour)
        off = r * 0.45
        draw.ellipse(
            (cx - r + off, cy - r - off / 2, cx + r + off, cy + r - off / 2), fill=(255, 255, 255)
        )
    elif shape == "stripes":
        # Parallel bands clipped to a disc, like a badge.
        step = rng.choice((12, 16, 20))
        slope = rng.choice((-1, 0, 1))
        layer = Image.new("RGB", (SIDE, SIDE), colour)
        mask = Image.new("L", (SIDE, SIDE), 0)
        bands = ImageDraw.Draw(mask)
        for x in range(-SIDE, 2 * SIDE, step):
            bands.line((x, 0, x + slope * SIDE, SIDE), fill=255, width=step // 2)
        disc = Image.new("L", (SIDE, SIDE), 0)
        ImageDraw.Draw(disc).ellipse(box, fill=255)
        image.paste(layer, (0, 0), ImageChops.darker(mask, disc))  # bands ∧ disc
    elif shape == "bars":
        for k in range(rng.randint(2, 4)):
            y = 18 + k * 26
            draw.rectangle((14, y, 14 + rng.uniform(50, 100), y + 16), fill=colour)
    elif shape == "arc":
        start = rng.uniform(0, 360)
        draw.arc(box, start, start + rng.uniform(120, 270), fill=colour, width=10)
    elif shape == "half":
        start = rng.choice((0, 90, 180, 270))
        draw.pieslice(box, start, start + 180, fill=colour)


SHAPES = (
    "disc",
    "ring",
    "triangle",
    "square",
    "hexagon",
    "star",
    "cross",
    "crescent",
    "stripes",
    "bars",
    "arc",
    "half",
)


def draw_mark(seed: int) -> tuple[Image.Image, str]:
    """A deterministic 1–3 shape logo and a short description of it."""
    rng = random.Random(seed)
    image = Image.new("RGB", (SIDE, SIDE), (255, 255, 255))
    parts = []
    for _ in range(rng.randint(1, 3)):
        shape = rng.choice(SHAPES)
        name = rng.choice(sorted(PALETTE))
        _draw_shape(image, shape, PALETTE[name], rng)
        parts.append(f"{name} {shape}")
    return image, " + ".join(parts)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.quantize(colors=16).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def generate(directory: Path, count: int = COUNT) -> list[dict]:
    """Draw candidates until ``count`` are pairwise far apart in every orientation."""
    chosen: list[tuple[dict, dict[str, int]]] = []
    seed = 0
    while len(chosen) < count:
        seed += 1
        if seed > 100_000:
            raise CommandError("could not draw enough well-separated marks")
        image, description = draw_mark(seed)
        data = _png(image)
        variants = image_phash_variants(data)
        if bin(variants["identity"] & ((1 << 64) - 1)).count("1") in (0, 64):
            continue  # blank-looking: a hash with no structure
        if any(
            min(hamming(v, other["identity"]), hamming(other[t], variants["identity"]))
            < MIN_SEPARATION
            for t, v in variants.items()
            for _entry, other in chosen
        ):
            continue
        number = len(chosen) + 1
        entry = {
            "reference": f"synthetic-mark-{number:02d}",
            "name": f"Synthetic mark {number:02d} ({description})",
            "owner_name": f"Demo Brand {number:02d} Ltd. (fictitious)",
            "file": f"mark-{number:02d}.png",
            "source": SOURCE_NOTE,
            "seed": seed,
        }
        (directory / entry["file"]).write_bytes(data)
        chosen.append((entry, variants))
    manifest = [entry for entry, _variants in chosen]
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


class Command(BaseCommand):
    help = "Load the reference set of protected marks (idempotent: unchanged marks are skipped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=MARKS_DIR,
            help="directory holding marks.json and the images",
        )
        parser.add_argument(
            "--generate",
            action="store_true",
            help="redraw the synthetic marks into --dir before loading",
        )

    def handle(self, *args: object, **options: object) -> None:
        directory: Path = options["dir"]
        if options["generate"]:
            directory.mkdir(parents=True, exist_ok=True)
            generate(directory)
        manifest_path = directory / MANIFEST
        if not manifest_path.exists():
            raise CommandError(f"{manifest_path} not found")
        entries = json.loads(manifest_path.read_text())
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for entry in tqdm(entries, desc="protected marks", disable=options["verbosity"] < 1):
            path = directory / entry["file"]
            if not path.exists():
                raise CommandError(f"{path} listed in {MANIFEST} but missing")
            _mark, outcome = protected_mark_upsert(
                data=MarkInput(
                    reference=entry["reference"],
                    name=entry["name"],
                    owner_name=entry["owner_name"],
                    source=entry.get("source", ""),
                    filename=entry["file"],
                    data=path.read_bytes(),
                )
            )
            counts[outcome] += 1
        self.stdout.write(
            f"protected marks: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
