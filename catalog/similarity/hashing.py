"""Fingerprints: perceptual hashes of images, MinHash signatures of texts.

Pure functions of bytes and strings (no database), so the index, the services and the
benchmark agree on exactly one definition of each fingerprint.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import imagehash
import numpy as np
from opencc import OpenCC
from PIL import Image, ImageOps, UnidentifiedImageError

# --- images ---------------------------------------------------------------

HASH_BITS = 64
_MASK64 = (1 << HASH_BITS) - 1
# imagehash.phash resizes to hash_size * highfreq_factor (8 * 4) before its DCT; we do
# that resize ourselves once so the eight orientation variants below cost eight DCTs of
# a 32×32 array instead of eight decodes of the full image.
_PHASH_SIDE = 32
# JPEG decoders can scale by 1/2…1/8 while decoding; asking for at least this size keeps
# hashing a 40-megapixel scan cheap without changing what a 32×32 thumbnail sees.
_DRAFT_SIDE = 512

# Copies are often mirrored or rotated to dodge a naive comparison; pHash is not
# invariant to that, so the query side hashes all eight orientations (the dihedral
# group of the square). Stored hashes are always of the upright image ("identity").
TRANSFORMS: dict[str, Image.Transpose | None] = {
    "identity": None,
    "mirror": Image.Transpose.FLIP_LEFT_RIGHT,
    "flip": Image.Transpose.FLIP_TOP_BOTTOM,
    "rot90": Image.Transpose.ROTATE_90,
    "rot180": Image.Transpose.ROTATE_180,
    "rot270": Image.Transpose.ROTATE_270,
    "transpose": Image.Transpose.TRANSPOSE,
    "transverse": Image.Transpose.TRANSVERSE,
}


class UnreadableImage(ValueError):
    """The bytes are not an image Pillow can decode (or are a decompression bomb)."""


def to_signed64(value: int) -> int:
    """Unsigned 64-bit hash → the signed value PostgreSQL's bigint can hold."""
    value &= _MASK64
    return value - (1 << HASH_BITS) if value >> (HASH_BITS - 1) else value


def to_unsigned64(value: int) -> int:
    return value & _MASK64


def hamming(a: int, b: int) -> int:
    """Hamming distance of two 64-bit hashes, signed or unsigned."""
    return ((a ^ b) & _MASK64).bit_count()


def imagehash_to_int(value: imagehash.ImageHash) -> int:
    """8×8 boolean hash (row-major, first bit most significant) → signed int64."""
    bits = np.asarray(value.hash, dtype=bool).reshape(-1)
    if bits.size != HASH_BITS:
        raise ValueError(f"expected a {HASH_BITS}-bit hash, got {bits.size} bits")
    return int.from_bytes(np.packbits(bits).tobytes(), "big", signed=True)


def int_to_imagehash(value: int) -> imagehash.ImageHash:
    raw = np.frombuffer(to_unsigned64(value).to_bytes(8, "big"), dtype=np.uint8)
    return imagehash.ImageHash(np.unpackbits(raw).astype(bool).reshape(8, 8))


def _prepare(image: Image.Image) -> Image.Image:
    """Upright, opaque-on-white, grey 32×32: what every hash in this module is taken of."""
    image.draft("RGB", (_DRAFT_SIDE, _DRAFT_SIDE))  # no-op for formats other than JPEG
    image = ImageOps.exif_transpose(image)  # a phone photo and its rotated export match
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent pixels carry arbitrary colour underneath; logos are judged as seen
        # on a white page.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # 16-bit and float greys (scanner output): convert("L") would clip them to white.
        pixels = np.asarray(image, dtype=np.float64)
        if image.mode == "F":
            low, high = float(pixels.min()), float(pixels.max())
            pixels = (pixels - low) * (255.0 / (high - low or 1.0))
        else:
            pixels = pixels / 257.0
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return image.convert("L").resize((_PHASH_SIDE, _PHASH_SIDE), Image.Resampling.LANCZOS)


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise UnreadableImage(str(exc)) from exc
    return image


def image_phash(data: bytes) -> int:
    """Signed 64-bit pHash of an image file's bytes."""
    return imagehash_to_int(imagehash.phash(_prepare(_open(data))))


def image_phash_variants(data: bytes) -> dict[str, int]:
    """pHash of each of the eight orientations; ``["identity"]`` equals ``image_phash``."""
    small = _prepare(_open(data))
    return {
        name: imagehash_to_int(imagehash.phash(small if op is None else small.transpose(op)))
        for name, op in TRANSFORMS.items()
    }


# --- texts ----------------------------------------------------------------

# Shingles are runs of this many tokens. Three words (or three characters in scripts
# written without spaces) are rare enough to tell texts apart and short enough that
# changing a few words of a synopsis leaves most shingles intact.
SHINGLE_TOKENS = 3
NUM_PERM = 256
_SEED = 20240611  # fixed forever: stored signatures must stay comparable across processes
# Stored with every signature; bump it when shingling, hashing or NUM_PERM change.
TEXT_SCHEME = f"minhash{NUM_PERM}-k{SHINGLE_TOKENS}-v1"

# Scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer):
# every character is a token. Elsewhere a token is a run of letters, digits and marks.
_UNSEGMENTED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u2e80-\u9fff"
    "\ua9e0-\ua9ff\uaa60-\uaa7f\uf900-\ufaff\U00020000-\U0003ffff"
)
_TOKEN = re.compile(rf"[{_UNSEGMENTED}]|(?:(?![{_UNSEGMENTED}])(?:[^\W_]|[\u0300-\u036f]))+")
_t2s = OpenCC("t2s")


@lru_cache(maxsize=16384)
def _to_simplified(char: str) -> str:
    # Per character: the same text in Traditional and Simplified script shares shingles.
    return _t2s.convert(char)


def normalise_text(text: str) -> str:
    """NFKC, case-folded, Traditional → Simplified Chinese; punctuation left for the tokeniser."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if any("\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in folded):
        folded = "".join(_to_simplified(c) if c >= "\u2e80" else c for c in folded)
    return folded


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise_text(text))


def shingles(text: str, *, k: int = SHINGLE_TOKENS) -> set[str]:
    """Set of k-token shingles; a text shorter than k tokens is one shingle (or none)."""
    toks = tokens(text)
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def shingle_hashes(items: Iterable[str]) -> np.ndarray:
    """Stable 64-bit hashes of shingles (Python's hash() changes per process)."""
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little")
            for s in items
        ),
        dtype=np.uint64,
    )


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(0, 2**64, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd
    b = rng.integers(0, 2**64, size=NUM_PERM, dtype=np.uint64)
    return a, b


_PERM_A, _PERM_B = _permutations()
EMPTY_SIGNATURE = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
_CHUNK = 4096  # shingles per step: NUM_PERM × 4096 × 8 bytes = 8 MiB of scratch


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: multiply-shift is only pairwise independent, and minima of
    structured keys (consecutive ids) come out biased without a full-avalanche pre-mix."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def minhash(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32) of a set of 64-bit shingle hashes.

    Each permutation is the multiply-add-shift hash h(x) = ((a·x + b) mod 2⁶⁴) >> 32
    with random odd a (Dietzfelbinger): vectorised in uint64, whose wrap-around *is*
    the mod 2⁶⁴, and the high half is the well-mixed part of the product.
    """
    sig = EMPTY_SIGNATURE.copy()
    hashes = _mix64(np.unique(np.asarray(hashes, dtype=np.uint64)))
    for start in range(0, hashes.size, _CHUNK):
        x = hashes[start : start + _CHUNK]
        with np.errstate(over="ignore"):
            h = (_PERM_A[:, None] * x[None, :] + _PERM_B[:, None]) >> np.uint64(32)
        np.minimum(sig, h.min(axis=1).astype(np.uint32), out=sig)
    return sig


def text_signature(text: str) -> tuple[np.ndarray, int]:
    """(MinHash signature, number of distinct shingles) of a text."""
    items = shingles(text)
    return minhash(shingle_hashes(items)), len(items)


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Share of agreeing MinHash slots: an unbiased estimate of the Jaccard index."""
    return float(np.count_nonzero(a == b)) / a.size


def signature_to_bytes(signature: np.ndarray) -> bytes:
    return np.asarray(signature, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)
