"""Screening of an application's work: sensitive words, then similarity pre-check."""

from __future__ import annotations

from dataclasses import dataclass, field

from modeltranslation.utils import build_localized_fieldname

from catalog.models import Work
from catalog.registration.models import Status
from i18n.languages import LANGUAGE_CODES


@dataclass
class ScreeningOutcome:
    summary: dict = field(default_factory=dict)
    hold: bool = False
    hold_reason: str = ""


def work_texts(work: Work) -> dict[str, dict[str, str]]:
    """{field: {language: text}} of every language field the applicant filled."""
    texts: dict[str, dict[str, str]] = {
        "original_title": {work.original_language: work.original_title}
    }
    for name in ("title", "synopsis"):
        texts[name] = {
            code: value
            for code in LANGUAGE_CODES
            if (value := getattr(work, build_localized_fieldname(name, code), "") or "").strip()
        }
    return texts


def registered_work_ids() -> list[int]:
    from catalog.registration.models import Application

    return list(
        Application.objects.filter(status=Status.REGISTERED).values_list("work_id", flat=True)
    )


def run_screening(work: Work) -> ScreeningOutcome:
    from catalog.screening.services import screening_check_fields
    from catalog.similarity.services import similarity_precheck_work

    words = screening_check_fields(values=work_texts(work))
    similarity = similarity_precheck_work(work_id=work.pk, candidate_work_ids=registered_work_ids())
    reasons = []
    if words.blocked:
        reasons.append("sensitive words: " + ", ".join(sorted({h.term for h in words.hits})))
    elif words.needs_review:
        reasons.append("words to review: " + ", ".join(sorted({h.term for h in words.hits})))
    if similarity.holds_for_examination:
        reasons.append(similarity.hold_reason)
    return ScreeningOutcome(
        summary={"words": words.to_dict(), "similarity": similarity.as_dict()},
        hold=bool(reasons),
        hold_reason="; ".join(reasons),
    )
