"""Writes of the similarity pre-check: fingerprints, hits, verdicts, protected marks.

Limits, and why:

- ``IMAGE_RADIUS`` = 10 of 64 bits. pHash distances of unrelated images cluster
  around 32; resizing, recompression, small colour or brightness edits stay within
  about 0–6, light crops and overlays within about 10. Ten is the usual "similar"
  cut-off for 64-bit pHash, and a random 64-bit hash lands within it of a given one
  with probability ~1e-8, so false hits come from genuinely alike pictures.
- ``HOLD_RADIUS`` = 4: a near-duplicate, not just a resemblance. An image this close
  to another work's image, or *any* hit on a protected mark (within IMAGE_RADIUS),
  holds the application for examination — never auto-registered.
- ``TEXT_MIN_JACCARD`` = 0.5 on 3-token shingles. A synopsis with a few words changed
  scores 0.6–0.9; unrelated texts in one language stay under 0.1. With 256-slot
  MinHash the estimate's standard error is ≤ 0.031, and the LSH banding
  (index.LSH_BANDS) returns a pair at J = 0.5 as a candidate with probability 0.98.
- ``TEXT_MIN_SHINGLES`` = 10: below that (a title alone) sameness is no evidence of
  copying — titles are short and reused — so such texts are neither matched nor matchable.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from catalog.kernel.uploads import UploadKind, validate_upload
from catalog.models import Work, WorkFile
from catalog.similarity.hashing import (
    TEXT_SCHEME,
    UnreadableImage,
    image_phash,
    image_phash_variants,
    jaccard_estimate,
    minhash,
    shingle_hashes,
    shingles,
    signature_from_bytes,
    signature_to_bytes,
)
from catalog.similarity.index import HammingIndex, band_keys
from catalog.similarity.models import ProtectedMark, SimilarityCheck, SimilarityHit, TextSignature
from catalog.similarity.selectors import (
    active_marks,
    image_corpus,
    similarity_hits_for_work,
    text_candidates,
)
from i18n.formatting import format_number
from i18n.languages import LANGUAGE_CODES

logger = logging.getLogger(__name__)

IMAGE_RADIUS = 10
HOLD_RADIUS = 4
TEXT_MIN_JACCARD = 0.5
TEXT_MIN_SHINGLES = 10
# A plain or near-blank image can sit within the radius of thousands of others; the
# examiner needs the closest few, not a list nobody reads.
MAX_IMAGE_HITS_PER_FILE = 20
MAX_TEXT_HITS = 20
MAX_TEXT_BYTES = 4 * 1024 * 1024  # of each .txt sample; a sample, not the whole corpus
MAX_REASONS = 5
# Distance at which two pHashes are as alike as unrelated images (half the bits).
_UNRELATED_DISTANCE = 32


@dataclass(frozen=True)
class PrecheckResult:
    work_id: int
    hits: list[SimilarityHit]
    holds_for_examination: bool
    hold_reason: str
    images_checked: int
    unreadable_file_ids: list[int] = field(default_factory=list)
    text_shingles: int = 0
    hits_truncated: bool = False

    def as_dict(self) -> dict:
        """JSON-ready summary for the examiner's screen and the application record."""
        return {
            "holds_for_examination": self.holds_for_examination,
            "hold_reason": self.hold_reason,
            "images_checked": self.images_checked,
            "unreadable_file_ids": self.unreadable_file_ids,
            "text_shingles": self.text_shingles,
            "hits_truncated": self.hits_truncated,
            "limits": {
                "image_radius": IMAGE_RADIUS,
                "hold_radius": HOLD_RADIUS,
                "text_min_jaccard": TEXT_MIN_JACCARD,
            },
            "hits": [
                {
                    "kind": hit.kind,
                    "score": round(hit.score, 4),
                    "distance": hit.distance,
                    "jaccard": None if hit.jaccard is None else round(hit.jaccard, 4),
                    "transform": hit.transform,
                    "subject_file_id": hit.subject_file_id,
                    "is_protected_mark": hit.is_protected_mark,
                    "matched_mark_id": hit.matched_mark_id,
                    "matched_work_id": hit.matched_work_id,
                    "matched_file_id": hit.matched_file_id,
                    "label": str(hit.matched_mark or hit.matched_work),
                }
                for hit in self.hits
            ],
        }


# --- fingerprints of a work ---------------------------------------------------


@dataclass
class _ImageProbe:
    file: WorkFile
    variants: dict[str, int]  # transform → signed pHash; "identity" is the stored one
    computed: bool  # False when the file could not be read and its stored hash is used


def _read(work_file: WorkFile, limit: int | None = None) -> bytes:
    with work_file.file.open("rb") as handle:
        return handle.read() if limit is None else handle.read(limit)


def _image_probes(work: Work) -> tuple[list[_ImageProbe], list[int]]:
    probes: list[_ImageProbe] = []
    unreadable: list[int] = []
    for work_file in work.files.filter(kind=WorkFile.Kind.IMAGE).order_by("id"):
        try:
            probes.append(_ImageProbe(work_file, image_phash_variants(_read(work_file)), True))
        except (UnreadableImage, OSError) as exc:
            logger.warning("work file %s: cannot hash image: %s", work_file.pk, exc)
            unreadable.append(work_file.pk)
            if work_file.phash is not None:
                probes.append(_ImageProbe(work_file, {"identity": work_file.phash}, False))
    return probes, unreadable


def _save_hashes(probes: list[_ImageProbe]) -> None:
    for probe in probes:
        phash = probe.variants["identity"]
        if probe.computed and probe.file.phash != phash:
            probe.file.phash = phash
            probe.file.save(update_fields=["phash"])


def _decode(data: bytes) -> str:
    # UTF-8 first; then GB 18030, the usual legacy encoding of Chinese manuscripts. The
    # incremental decoders forgive a character cut in half by MAX_TEXT_BYTES at the end.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return codecs.getincrementaldecoder(encoding)().decode(data, final=False)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def work_text_parts(*, work: Work) -> list[str]:
    """Titles and synopses in every language, then the text of its .txt samples."""
    parts = [work.original_title]
    for name in ("title", "synopsis"):
        parts += [
            getattr(work, build_localized_fieldname(name, code)) or "" for code in LANGUAGE_CODES
        ]
    for work_file in work.files.order_by("id"):
        if work_file.kind == WorkFile.Kind.TEXT or work_file.original_name.lower().endswith(".txt"):
            try:
                parts.append(_decode(_read(work_file, MAX_TEXT_BYTES)))
            except OSError as exc:
                logger.warning("work file %s: cannot read text: %s", work_file.pk, exc)
    return [part for part in dict.fromkeys(parts) if part and part.strip()]


def work_shingles(*, work: Work) -> set[str]:
    # Union of per-part shingles: a shingle never spans the end of one title and the
    # start of the next, which would differ between works for no textual reason.
    found: set[str] = set()
    for part in work_text_parts(work=work):
        found |= shingles(part)
    return found


def _text_signature_store(work: Work) -> tuple[np.ndarray, int, list[int]]:
    items = work_shingles(work=work)
    signature = minhash(shingle_hashes(items))
    keys = band_keys(signature).tolist() if len(items) >= TEXT_MIN_SHINGLES else []
    TextSignature.objects.update_or_create(
        work=work,
        defaults={
            "scheme": TEXT_SCHEME,
            "signature": signature_to_bytes(signature),
            "shingle_count": len(items),
            "band_keys": keys,
        },
    )
    return signature, len(items), keys


# --- matching -----------------------------------------------------------------


def _image_score(distance: int) -> float:
    return max(0.0, 1.0 - distance / _UNRELATED_DISTANCE)


def _nearest(
    index: HammingIndex,
    ids: np.ndarray,
    probe: _ImageProbe,
    owners: np.ndarray | None = None,
    *,
    exclude: int | None = None,
    allowed: set[int] | None = None,
) -> dict[int, tuple[int, str, int]]:
    """{id: (distance, transform, row)} of the closest orientation per matched row.

    Rows whose owner (``owners[row]``) is ``exclude`` or not in ``allowed`` are
    dropped after the search: the filter costs per hit, not per corpus row.
    """
    best: dict[int, tuple[int, str, int]] = {}
    searched: set[int] = set()
    for transform, phash in probe.variants.items():
        if phash in searched:  # symmetric images hash alike in several orientations
            continue
        searched.add(phash)
        rows, distances = index.search(phash, IMAGE_RADIUS)
        for row, distance in zip(rows.tolist(), distances.tolist(), strict=True):
            if owners is not None:
                owner = int(owners[row])
                if owner == exclude or (allowed is not None and owner not in allowed):
                    continue
            key = int(ids[row])
            if key not in best or distance < best[key][0]:
                best[key] = (distance, transform, row)
    return best


def _image_hits(
    work: Work, probes: list[_ImageProbe], allowed: set[int] | None
) -> tuple[list[SimilarityHit], bool]:
    if not probes:
        return [], False
    corpus = image_corpus()
    hits: list[SimilarityHit] = []
    truncated = False
    for probe in probes:
        best = _nearest(
            corpus.index, corpus.file_ids, probe, corpus.work_ids, exclude=work.pk, allowed=allowed
        )
        ranked = sorted(best.items(), key=lambda item: (item[1][0], item[0]))
        truncated |= len(ranked) > MAX_IMAGE_HITS_PER_FILE
        for file_id, (distance, transform, row) in ranked[:MAX_IMAGE_HITS_PER_FILE]:
            hits.append(
                SimilarityHit(
                    subject=work,
                    subject_file=probe.file,
                    kind=SimilarityHit.Kind.IMAGE,
                    matched_work_id=int(corpus.work_ids[row]),
                    matched_file_id=file_id,
                    distance=distance,
                    transform=transform,
                    score=_image_score(distance),
                )
            )
    return hits, truncated


def _mark_hits(work: Work, probes: list[_ImageProbe]) -> list[SimilarityHit]:
    if not probes:
        return []
    mark_ids, index = active_marks()
    hits = []
    for probe in probes:
        nearest = _nearest(index, mark_ids, probe)
        for mark_id, (distance, transform, _row) in sorted(nearest.items()):
            hits.append(
                SimilarityHit(
                    subject=work,
                    subject_file=probe.file,
                    kind=SimilarityHit.Kind.IMAGE,
                    matched_mark_id=mark_id,
                    is_protected_mark=True,
                    distance=distance,
                    transform=transform,
                    score=_image_score(distance),
                )
            )
    return hits


def _text_hits(
    work: Work, signature: np.ndarray, keys: list[int], allowed: set[int] | None
) -> tuple[list[SimilarityHit], bool]:
    scored = []
    for other_id, other in text_candidates(band_keys=keys, exclude_work_id=work.pk):
        if allowed is not None and other_id not in allowed:
            continue
        jaccard = jaccard_estimate(signature, signature_from_bytes(other))
        if jaccard >= TEXT_MIN_JACCARD:
            scored.append((jaccard, other_id))
    scored.sort(key=lambda item: (-item[0], item[1]))
    hits = [
        SimilarityHit(
            subject=work,
            kind=SimilarityHit.Kind.TEXT,
            matched_work_id=other_id,
            jaccard=jaccard,
            score=jaccard,
        )
        for jaccard, other_id in scored[:MAX_TEXT_HITS]
    ]
    return hits, len(scored) > MAX_TEXT_HITS


def _hold_reasons(hits: list[SimilarityHit]) -> list[str]:
    reasons = []
    for hit in hits:
        if hit.is_protected_mark:
            reasons.append(
                _(
                    "near-copy of protected mark “%(mark)s” (%(owner)s): "
                    "%(bits)s of 64 hash bits differ, %(transform)s"
                )
                % {
                    "mark": hit.matched_mark.name,
                    "owner": hit.matched_mark.owner_name,
                    "bits": format_number(hit.distance),
                    "transform": hit.get_transform_display(),
                }
            )
        elif hit.kind == SimilarityHit.Kind.IMAGE and hit.distance <= HOLD_RADIUS:
            reasons.append(
                _(
                    "near-duplicate of an image of work “%(work)s” (no. %(id)s): "
                    "%(bits)s of 64 hash bits differ, %(transform)s"
                )
                % {
                    "work": hit.matched_work,
                    "id": hit.matched_work_id,
                    "bits": format_number(hit.distance),
                    "transform": hit.get_transform_display(),
                }
            )
    if len(reasons) > MAX_REASONS:
        more = len(reasons) - MAX_REASONS
        reasons = [*reasons[:MAX_REASONS], _("and %(count)s more") % {"count": format_number(more)}]
    return reasons


# --- services -------------------------------------------------------------------


@transaction.atomic
def similarity_precheck_work(
    *, work_id: int, candidate_work_ids: Iterable[int] | None = None
) -> PrecheckResult:
    """Compare a work's images and texts with other works and the protected marks.

    ``candidate_work_ids`` restricts the works compared against (e.g. to registered
    ones); None compares against every other work with hashed images or a text
    signature. Replaces the work's earlier hits, so running it again is harmless.
    Also stores the work's own fingerprints, which makes it findable by later checks.
    """
    work = Work.objects.select_for_update().get(pk=work_id)
    allowed = None if candidate_work_ids is None else set(map(int, candidate_work_ids))

    probes, unreadable = _image_probes(work)
    # Query the image index before storing this work's hashes: the stored hashes change
    # the index version, and reading it afterwards would rebuild the cache for nothing.
    image_hits, image_truncated = _image_hits(work, probes, allowed)
    mark_hits = _mark_hits(work, probes)
    signature, shingle_count, keys = _text_signature_store(work)
    text_hits, text_truncated = _text_hits(work, signature, keys, allowed)
    _save_hashes(probes)

    SimilarityHit.objects.filter(subject=work).delete()
    SimilarityHit.objects.bulk_create([*mark_hits, *image_hits, *text_hits])
    hits = list(similarity_hits_for_work(work_id=work.pk))
    reasons = _hold_reasons(hits)
    result = PrecheckResult(
        work_id=work.pk,
        hits=hits,
        holds_for_examination=bool(reasons),
        hold_reason="; ".join(reasons),
        images_checked=len(probes),
        unreadable_file_ids=unreadable,
        text_shingles=shingle_count,
        hits_truncated=image_truncated or text_truncated,
    )
    SimilarityCheck.objects.update_or_create(
        work=work,
        defaults={
            "checked_at": timezone.now(),
            "holds_for_examination": result.holds_for_examination,
            "hold_reason": result.hold_reason,
            "images_checked": result.images_checked,
            "unreadable_file_ids": unreadable,
            "text_shingles": shingle_count,
            "image_radius": IMAGE_RADIUS,
            "hold_radius": HOLD_RADIUS,
            "text_min_jaccard": TEXT_MIN_JACCARD,
            "hits_truncated": result.hits_truncated,
        },
    )
    return result


@transaction.atomic
def similarity_index_work(*, work_id: int) -> None:
    """Store a work's fingerprints (image hashes, text signature) without checking it.

    For works that enter the corpus without a pre-check: imports, back-fills, or a
    re-index after TEXT_SCHEME changed. Idempotent.
    """
    work = Work.objects.select_for_update().get(pk=work_id)
    probes, _unreadable = _image_probes(work)
    _save_hashes(probes)
    _text_signature_store(work)


# --- protected marks ------------------------------------------------------------


@dataclass(frozen=True)
class MarkInput:
    reference: str
    name: str
    owner_name: str
    filename: str
    data: bytes
    source: str = ""
    active: bool = True


@transaction.atomic
def protected_mark_upsert(*, data: MarkInput) -> tuple[ProtectedMark, str]:
    """Create or update a mark by its reference; returns (mark, "created" | "updated" |
    "unchanged"). The image is stored and hashed only when its bytes changed."""
    if not data.reference.strip():
        raise ValidationError({"reference": _("a protected mark needs a reference")})
    validate_upload(
        kind=UploadKind.PROTECTED_MARK, file=data.data, name=data.filename, field="image"
    )
    try:
        phash = image_phash(data.data)
    except UnreadableImage as exc:
        raise ValidationError(
            {
                "image": _("%(filename)s: not a readable image (%(exc)s)")
                % {"filename": data.filename, "exc": exc}
            }
        ) from exc
    digest = hashlib.sha256(data.data).hexdigest()
    mark = ProtectedMark.objects.select_for_update().filter(reference=data.reference).first()
    fields = {
        "name": data.name,
        "owner_name": data.owner_name,
        "source": data.source,
        "active": data.active,
    }
    if mark is None:
        mark = ProtectedMark(reference=data.reference, sha256=digest, phash=phash, **fields)
        mark.image.save(data.filename, ContentFile(data.data), save=False)
        mark.full_clean()
        mark.save()
        return mark, "created"
    changed = [name for name, value in fields.items() if getattr(mark, name) != value]
    for name in changed:
        setattr(mark, name, fields[name])
    if mark.sha256 != digest:
        mark.image.save(data.filename, ContentFile(data.data), save=False)
        mark.sha256, mark.phash = digest, phash
        changed += ["image", "sha256", "phash"]
    if not changed:
        return mark, "unchanged"
    mark.full_clean()
    mark.save()
    return mark, "updated"
