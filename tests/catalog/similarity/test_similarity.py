"""Similarity pre-check: perceptual hashes, MinHash, the Hamming index and the service."""

from __future__ import annotations

import io
import json
import random

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

from catalog.models import WorkFile
from catalog.services import WorkInput, party_create, work_create
from catalog.similarity.hashing import (
    NUM_PERM,
    hamming,
    image_phash,
    image_phash_variants,
    imagehash_to_int,
    int_to_imagehash,
    jaccard_estimate,
    minhash,
    shingle_hashes,
    shingles,
    to_signed64,
)
from catalog.similarity.index import HammingIndex, MinHashLSH, band_keys, scan
from catalog.similarity.management.commands.load_protected_marks import MARKS_DIR
from catalog.similarity.models import ProtectedMark, SimilarityCheck, SimilarityHit, TextSignature
from catalog.similarity.selectors import image_corpus, image_index_version
from catalog.similarity.services import (
    HOLD_RADIUS,
    IMAGE_RADIUS,
    similarity_index_work,
    similarity_precheck_work,
)
from catalog.vocabulary import PartyCategory, PartyKind, WorkType

# --- images made on the spot ---------------------------------------------------


def pattern(seed: int, side: int = 256) -> Image.Image:
    """A textile-like design: overlapping coloured shapes on a tinted ground."""
    rng = random.Random(seed)
    image = Image.new("RGB", (side, side), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(side), rng.randrange(side)
        w, h = rng.randrange(20, side // 2), rng.randrange(20, side // 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x - w // 2, y - h // 2, x + w // 2, y + h // 2), fill=colour)
    return image


def encode(image: Image.Image, fmt: str = "PNG", **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def altered_copies(image: Image.Image) -> dict[str, bytes]:
    return {
        "resized": encode(image.resize((173, 173), Image.Resampling.BILINEAR)),
        "recompressed": encode(image, "JPEG", quality=60),
        "brighter": encode(ImageEnhance.Brightness(image).enhance(1.08)),
        "upscaled jpeg": encode(image.resize((600, 600)), "JPEG", quality=80),
    }


# --- perceptual hashes -----------------------------------------------------------


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_phash_int_round_trip(value):
    assert imagehash_to_int(int_to_imagehash(value)) == value
    assert to_signed64(value & (2**64 - 1)) == value


@pytest.mark.parametrize("seed", range(1, 6))
def test_altered_copy_is_within_radius_and_other_images_are_far(seed):
    base = pattern(seed)
    original = image_phash(encode(base))
    for how, data in altered_copies(base).items():
        assert hamming(original, image_phash(data)) <= IMAGE_RADIUS, how
    for other in range(100, 110):
        assert hamming(original, image_phash(encode(pattern(other)))) > IMAGE_RADIUS


def test_mirrored_copy_matches_in_its_orientation():
    base = pattern(7)
    original = image_phash(encode(base))
    mirrored = image_phash_variants(encode(ImageOps.mirror(base)))
    assert hamming(original, mirrored["identity"]) > IMAGE_RADIUS  # why variants exist
    assert hamming(original, mirrored["mirror"]) <= HOLD_RADIUS


def test_transparent_logo_is_hashed_as_seen_on_white():
    logo = Image.new("RGBA", (128, 128), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((20, 20, 108, 108), fill=(200, 30, 40, 255))
    on_white = Image.new("RGB", (128, 128), "white")
    on_white.paste(logo, (0, 0), logo)
    assert hamming(image_phash(encode(logo)), image_phash(encode(on_white))) <= 2


def test_sixteen_bit_grey_scan_hashes_like_its_eight_bit_copy():
    grey = pattern(8).convert("L")
    sixteen = Image.fromarray(np.asarray(grey).astype(np.uint16) * 257)
    assert hamming(image_phash(encode(grey)), image_phash(encode(sixteen))) <= 2


# --- MinHash ---------------------------------------------------------------------

words = st.text(alphabet="abcdefghij", min_size=1, max_size=6)


@settings(
    max_examples=60,
    deadline=None,
    # A statistical property: fixed examples keep the suite reproducible. The bound is
    # > 3 standard errors (≤ 0.031 with 256 slots) even at the worst case J = 0.5.
    derandomize=True,
)
@given(
    common=st.sets(words, min_size=0, max_size=150),
    only_a=st.sets(words, min_size=1, max_size=150),
    only_b=st.sets(words, min_size=0, max_size=150),
)
def test_minhash_estimates_jaccard_within_a_tenth(common, only_a, only_b):
    a = common | only_a
    b = common | only_b
    exact = len(a & b) / len(a | b)
    estimate = jaccard_estimate(minhash(shingle_hashes(a)), minhash(shingle_hashes(b)))
    assert abs(estimate - exact) <= 0.1


def test_minhash_of_equal_sets_is_equal_and_order_free():
    items = [f"shingle {i}" for i in range(500)]
    assert np.array_equal(minhash(shingle_hashes(items)), minhash(shingle_hashes(items[::-1])))
    assert minhash(shingle_hashes(items)).shape == (NUM_PERM,)


def test_shingles_treat_unspaced_scripts_by_character_and_fold_script():
    assert shingles("繁體中文版本") == shingles("繁体中文版本")
    assert "繁 体 中" in shingles("繁體中文")
    assert shingles("The Silk Road, again!") == {"the silk road", "silk road again"}


def test_lsh_finds_near_duplicates_not_strangers():
    text = " ".join(f"w{i}" for i in range(200))
    near = text.replace("w50 ", "x50 ").replace("w120 ", "x120 ")
    far = " ".join(f"z{i}" for i in range(200))
    lsh = MinHashLSH()
    lsh.add("near", minhash(shingle_hashes(shingles(near))))
    lsh.add("far", minhash(shingle_hashes(shingles(far))))
    assert lsh.candidates(minhash(shingle_hashes(shingles(text)))) == {"near"}


# --- the Hamming index -------------------------------------------------------------

u64 = st.integers(min_value=0, max_value=2**64 - 1)
flips = st.lists(st.integers(min_value=0, max_value=63), max_size=14)


def flip(value: int, bits: list[int]) -> int:
    for bit in bits:
        value ^= 1 << bit
    return value


@settings(max_examples=150, deadline=None)
@given(
    base=st.lists(u64, min_size=1, max_size=40),
    neighbours=st.lists(st.tuples(st.integers(min_value=0), flips), max_size=120),
    queries=st.lists(st.tuples(st.integers(min_value=0), flips), min_size=1, max_size=8),
    radius=st.integers(min_value=0, max_value=24),
)
def test_index_search_equals_brute_force(base, neighbours, queries, radius):
    hashes = list(base) + [flip(base[i % len(base)], bits) for i, bits in neighbours]
    signed = [to_signed64(h) for h in hashes]
    # Tables on and no fallback to a scan: the multi-index path itself is under test.
    mih = HammingIndex(signed, scan_below=0, max_candidate_share=1.0)
    plain = HammingIndex(signed)
    for i, bits in queries:
        query = flip(hashes[i % len(hashes)], bits)
        expected = sorted(
            ((h ^ query).bit_count(), row)
            for row, h in enumerate(hashes)
            if (h ^ query).bit_count() <= radius
        )
        for index in (mih, plain):
            rows, distances = index.search(to_signed64(query), radius)
            assert list(zip(distances.tolist(), rows.tolist(), strict=True)) == expected
        assert sorted(scan(np.array(signed, dtype=np.int64), query, radius).tolist()) == sorted(
            row for _d, row in expected
        )


def test_index_on_a_large_random_corpus_matches_the_scan():
    rng = np.random.default_rng(3)
    hashes = rng.integers(0, 2**64, size=60_000, dtype=np.uint64)
    queries = rng.integers(0, 2**64, size=20, dtype=np.uint64)
    for q, d in zip(queries, range(20), strict=True):
        hashes[rng.integers(0, hashes.size)] = int(q) ^ ((1 << d) - 1)  # planted at distance d
    index = HammingIndex(hashes)
    for q in queries.tolist():
        rows, _distances = index.search(q, IMAGE_RADIUS)
        assert set(rows.tolist()) == set(scan(hashes, q, IMAGE_RADIUS).tolist())


# --- the service, against PostgreSQL ---------------------------------------------------

SYNOPSIS = (
    "In a river town of the southern hills, a young weaver inherits her grandmother's loom "
    "and a chest of unfinished brocades. Each pattern hides a map of the old tea roads, and "
    "as she completes them one by one she uncovers a feud between two dyeing families, a "
    "lost indigo recipe and the reason her mother left the valley thirty years before. "
    "The story follows a single monsoon season from the first rains to the harvest festival."
)
NEAR_SYNOPSIS = (
    SYNOPSIS.replace("young weaver", "young embroiderer")
    .replace("thirty years", "twenty years")
    .replace("harvest festival", "lantern festival")
)
OTHER_SYNOPSIS = (
    "A retired ferry captain in a harbour city trains a team of teenage rowers for the "
    "dragon boat races, while a property developer schemes to buy the old pier. Between "
    "practice sessions he teaches them knots, tides and the names of every island on the "
    "horizon, and they teach him to forgive the son he has not spoken to in a decade."
)


@pytest.fixture
def holder(db):
    return party_create(
        kind=PartyKind.ORGANISATION,
        category=PartyCategory.ARTISAN,
        name="Southern Hills Weaving Cooperative",
        country="CN",
    )


@pytest.fixture
def make_work(holder):
    def make(title: str, *, synopsis: str = "", images: list[bytes] = (), texts: list[str] = ()):
        work = work_create(
            holder=holder,
            data=WorkInput(
                work_type=WorkType.CRAFT,
                original_title=title,
                original_language="en",
                country_of_origin="CN",
                titles={"en": title},
                synopses={"en": synopsis} if synopsis else {},
            ),
        )
        for n, data in enumerate(images):
            add_file(work, f"design-{n}.png", data, WorkFile.Kind.IMAGE)
        for n, text in enumerate(texts):
            add_file(work, f"sample-{n}.txt", text.encode(), WorkFile.Kind.TEXT)
        return work

    return make


def add_file(work, name: str, data: bytes, kind: str) -> WorkFile:
    work_file = WorkFile(
        work=work, kind=kind, original_name=name, sha256=WorkFile.digest(data), size=len(data)
    )
    work_file.file.save(name, ContentFile(data), save=True)
    return work_file


@pytest.fixture
def marks(db):
    call_command("load_protected_marks", verbosity=0)
    return {m.reference: m for m in ProtectedMark.objects.all()}


def hit_rows(work_id: int) -> list[tuple]:
    return sorted(
        SimilarityHit.objects.filter(subject_id=work_id).values_list(
            "kind",
            "subject_file_id",
            "matched_work_id",
            "matched_file_id",
            "matched_mark_id",
            "distance",
            "transform",
            "jaccard",
            "score",
            "is_protected_mark",
        ),
        key=repr,
    )


def test_load_protected_marks_is_idempotent(marks, capsys):
    assert len(marks) >= 30
    call_command("load_protected_marks")
    assert "0 created, 0 updated, 30 unchanged" in capsys.readouterr().out
    assert ProtectedMark.objects.count() == len(marks)
    for mark in marks.values():
        with mark.image.open("rb") as handle:
            assert image_phash(handle.read()) == mark.phash


def test_shipped_marks_are_told_apart_in_every_orientation():
    hashes = {
        path.name: image_phash_variants(path.read_bytes())
        for path in sorted(MARKS_DIR.glob("*.png"))
    }
    for name, variants in hashes.items():
        for other, other_variants in hashes.items():
            if other != name:
                closest = min(hamming(v, other_variants["identity"]) for v in variants.values())
                assert closest >= 2 * IMAGE_RADIUS, (name, other)


def test_near_copy_of_a_protected_mark_is_held_and_named(marks, make_work):
    mark = marks["synthetic-mark-05"]
    with mark.image.open("rb") as handle:
        logo = Image.open(handle).convert("RGB")
    copy = encode(ImageOps.mirror(logo.resize((300, 300))), "JPEG", quality=75)
    work = make_work("Red Triangle Scarf", images=[copy])

    result = similarity_precheck_work(work_id=work.pk)

    assert result.holds_for_examination
    mark_hits = [h for h in result.hits if h.is_protected_mark]
    assert [h.matched_mark for h in mark_hits] == [mark]
    assert mark_hits[0].transform == "mirror"
    assert mark.name in result.hold_reason
    assert SimilarityCheck.objects.get(work=work).holds_for_examination
    json.dumps(result.as_dict())  # goes into the application's JSON record as is


def test_unrelated_design_is_not_held(marks, make_work):
    work = make_work("Plain Design", images=[encode(pattern(41))])
    result = similarity_precheck_work(work_id=work.pk)
    assert not result.holds_for_examination
    assert result.hits == []
    assert result.images_checked == 1


def test_near_duplicate_image_of_another_work_is_found_and_held(make_work):
    original = pattern(11)
    earlier = make_work("Indigo Waves", images=[encode(original)])
    unrelated = make_work("Pine Shadows", images=[encode(pattern(12))])
    similarity_index_work(work_id=earlier.pk)
    similarity_index_work(work_id=unrelated.pk)
    copy = make_work("Blue Waves", images=[altered_copies(original)["recompressed"]])

    result = similarity_precheck_work(work_id=copy.pk)

    image_hits = [h for h in result.hits if h.kind == SimilarityHit.Kind.IMAGE]
    assert [h.matched_work_id for h in image_hits] == [earlier.pk]
    assert image_hits[0].matched_file_id == earlier.files.get().pk
    assert image_hits[0].distance <= HOLD_RADIUS
    assert result.holds_for_examination
    # Restricting the candidates (e.g. to registered works) leaves the earlier work out.
    narrowed = similarity_precheck_work(work_id=copy.pk, candidate_work_ids=[unrelated.pk])
    assert narrowed.hits == [] and not narrowed.holds_for_examination


def test_text_near_duplicate_is_found_and_unrelated_text_is_not(make_work):
    original = make_work("The Weaver's Map", synopsis=SYNOPSIS)
    other = make_work("The Ferry Captain", synopsis=OTHER_SYNOPSIS)
    for work in (original, other):
        similarity_index_work(work_id=work.pk)
    near = make_work("The Embroiderer's Map", synopsis=NEAR_SYNOPSIS)

    result = similarity_precheck_work(work_id=near.pk)

    text_hits = [h for h in result.hits if h.kind == SimilarityHit.Kind.TEXT]
    assert [h.matched_work_id for h in text_hits] == [original.pk]
    assert 0.5 <= text_hits[0].jaccard < 1
    assert not result.holds_for_examination  # text resemblance informs, it does not hold


def test_text_of_txt_samples_is_compared(make_work):
    chapter = " ".join(
        f"line {i} of the weaver's tale about loom number {i * 7}" for i in range(80)
    )
    original = make_work("Loom Tales", texts=[chapter])
    similarity_index_work(work_id=original.pk)
    copy = make_work("Tales of the Loom", texts=[chapter.replace("tale", "story", 3)])
    result = similarity_precheck_work(work_id=copy.pk)
    assert [h.matched_work_id for h in result.hits] == [original.pk]


def test_legacy_encoded_chinese_sample_matches_its_utf8_copy(make_work):
    chapter = (
        "南方山区的一个河边小镇上，年轻的织女继承了祖母的织布机和一箱未完成的锦缎。"
        "每一种图案都藏着一张古老茶马古道的地图，她一件一件地完成它们，"
        "揭开了两个染坊家族之间的世仇和一份失传的靛蓝配方。"
    )
    original = make_work("织女的地图")
    add_file(original, "chapter.txt", chapter.encode("gb18030"), WorkFile.Kind.TEXT)
    similarity_index_work(work_id=original.pk)
    copy = make_work("織女的地圖")
    # Traditional script and UTF-8 this time: same text to the comparison.
    add_file(copy, "chapter.txt", chapter.replace("织", "織").encode(), WorkFile.Kind.TEXT)
    result = similarity_precheck_work(work_id=copy.pk)
    assert [h.matched_work_id for h in result.hits] == [original.pk]
    assert result.hits[0].jaccard > 0.9


def test_short_titles_alone_never_match(make_work):
    first = make_work("Spring")
    similarity_index_work(work_id=first.pk)
    second = make_work("Spring")
    assert similarity_precheck_work(work_id=second.pk).hits == []
    assert TextSignature.objects.get(work=second).band_keys == []


def test_precheck_is_idempotent(marks, make_work):
    original = pattern(21)
    earlier = make_work("Lotus Grid", synopsis=SYNOPSIS, images=[encode(original)])
    similarity_index_work(work_id=earlier.pk)
    with (MARKS_DIR / "mark-03.png").open("rb") as handle:
        logo = handle.read()
    work = make_work(
        "Lotus Grid Copy",
        synopsis=NEAR_SYNOPSIS,
        images=[altered_copies(original)["brighter"], logo],
    )

    first = similarity_precheck_work(work_id=work.pk)
    rows = hit_rows(work.pk)
    second = similarity_precheck_work(work_id=work.pk)

    assert hit_rows(work.pk) == rows
    assert {h.kind for h in first.hits} == {"image", "text"}
    assert any(h.is_protected_mark for h in first.hits)
    assert first.as_dict()["hits"] == second.as_dict()["hits"]
    assert SimilarityCheck.objects.filter(work=work).count() == 1


def test_precheck_stores_missing_hashes_and_the_cache_follows_changes(make_work):
    version = image_index_version()
    work = make_work("Saved Hash", images=[encode(pattern(31))])
    work_file = work.files.get()
    assert work_file.phash is None
    assert image_index_version() == version  # files without a hash don't touch the index

    similarity_precheck_work(work_id=work.pk)

    work_file.refresh_from_db()
    assert work_file.phash == image_phash(encode(pattern(31)))
    assert image_index_version() != version
    corpus = image_corpus()
    assert work_file.pk in corpus.file_ids.tolist()
    work_file.delete()
    assert work_file.pk not in image_corpus().file_ids.tolist()


def test_cache_sees_every_change_inside_one_transaction(make_work):
    # pytest-django runs each test in one transaction: the triggers bump the version once
    # per transaction *unless the version was read in between*, which is what matters.
    work = make_work("Many Files")
    first = add_file(work, "a.png", encode(pattern(51)), WorkFile.Kind.IMAGE)
    WorkFile.objects.filter(pk=first.pk).update(phash=1)
    assert first.pk in image_corpus().file_ids.tolist()
    second = add_file(work, "b.png", encode(pattern(52)), WorkFile.Kind.IMAGE)
    WorkFile.objects.filter(pk=second.pk).update(phash=2)
    more = WorkFile.objects.bulk_create(
        WorkFile(
            work=work,
            kind=WorkFile.Kind.IMAGE,
            file=f"x{i}.png",
            original_name="x",
            sha256="0" * 64,
            size=1,
            phash=100 + i,
        )
        for i in range(50)
    )
    assert set(image_corpus().file_ids.tolist()) == {first.pk, second.pk} | {f.pk for f in more}
    WorkFile.objects.filter(pk=first.pk).update(phash=3)
    rows, _distances = image_corpus().index.search(3, 0)
    assert image_corpus().file_ids[rows].tolist() == [first.pk]
    first.delete()
    assert first.pk not in image_corpus().file_ids.tolist()


def test_unreadable_image_is_reported_not_fatal(make_work):
    work = make_work("Broken Upload", images=[b"not an image at all"])
    result = similarity_precheck_work(work_id=work.pk)
    assert result.unreadable_file_ids == [work.files.get().pk]
    assert result.images_checked == 0


def test_sql_band_candidates_agree_with_in_memory_lsh(make_work):
    works = [
        make_work(f"Work {i}", synopsis=(SYNOPSIS if i % 2 else OTHER_SYNOPSIS) + f" Volume {i}.")
        for i in range(6)
    ]
    lsh = MinHashLSH()
    for work in works:
        similarity_index_work(work_id=work.pk)
        lsh.add(
            work.pk,
            np.frombuffer(bytes(TextSignature.objects.get(work=work).signature), dtype="<u4"),
        )
    probe = TextSignature.objects.get(work=works[1])
    signature = np.frombuffer(bytes(probe.signature), dtype="<u4")
    sql = set(
        TextSignature.objects.filter(band_keys__overlap=band_keys(signature).tolist()).values_list(
            "work_id", flat=True
        )
    )
    assert sql == lsh.candidates(signature) == {w.pk for w in works[1::2]}


def test_empty_corpus_loads(db):
    corpus = image_corpus()
    assert corpus.file_ids.dtype == np.int64 and len(corpus.index) == 0


def test_admin_adds_a_mark_through_the_service(admin_client):
    data = (MARKS_DIR / "mark-07.png").read_bytes()
    upload = ContentFile(data, name="logo.png")
    response = admin_client.post(
        "/admin/similarity/protectedmark/add/",
        {
            "reference": "ref-1",
            "name": "Logo",
            "owner_name": "Owner",
            "image": upload,
            "source": "",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    mark = ProtectedMark.objects.get(reference="ref-1")
    assert mark.phash == image_phash(data)
    for url in ("protectedmark", "similarityhit", "similaritycheck"):
        assert admin_client.get(f"/admin/similarity/{url}/").status_code == 200
