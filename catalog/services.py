"""Writes of the catalog: parties, members, works with identifiers, creators and shares."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import langcodes
import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from catalog.events import WorkChanged
from catalog.identifiers import normalise_identifier
from catalog.kernel import events
from catalog.kernel.guards import ensure_allowed
from catalog.kernel.permissions import AnyUser
from catalog.models import (
    Membership,
    OwnershipShare,
    Party,
    Work,
    WorkCreator,
    WorkIdentifier,
)
from catalog.selectors import party_holds
from catalog.vocabulary import ALL_RIGHTS, SourceFlag
from i18n.languages import LANGUAGE_CODES
from i18n.translation_status import compute_status

HUNDRED = Decimal(100)


def validate_country(code: str, *, field: str = "country") -> str:
    code = (code or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValidationError(
            {field: _("“%(code)s” is not an ISO 3166-1 alpha-2 country code") % {"code": code}}
        )
    return code


def validate_language(tag: str, *, field: str = "language") -> str:
    tag = (tag or "").strip()
    if not tag or not langcodes.tag_is_valid(tag):
        raise ValidationError({field: _("“%(tag)s” is not a BCP 47 language tag") % {"tag": tag}})
    return langcodes.standardize_tag(tag).lower()


@transaction.atomic
def party_create(
    *,
    kind: str,
    category: str,
    name: str,
    country: str,
    original_name: str = "",
    email: str = "",
    website: str = "",
    is_verified: bool = False,
    names: dict[str, str] | None = None,
    source_ref: str | None = None,
) -> Party:
    """Create a party; ``names`` holds translated names by language code."""
    party = Party(
        kind=kind,
        category=category,
        name=name,
        original_name=original_name or name,
        country=validate_country(country),
        email=email,
        website=website,
        is_verified=is_verified,
        source_ref=source_ref,
    )
    for code, value in (names or {}).items():
        setattr(party, build_localized_fieldname("name", code), value)
    party.full_clean()
    party.save()
    return party


def party_add_member(*, party: Party, user: AnyUser, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        party=party, user=user, defaults={"role": role}
    )
    return membership


@dataclass(frozen=True)
class ShareInput:
    party: Party
    percent: Decimal
    right: str = ALL_RIGHTS


@dataclass(frozen=True)
class CreatorInput:
    party: Party
    role: str


@dataclass
class WorkInput:
    work_type: str
    original_title: str
    original_language: str
    country_of_origin: str
    titles: dict[str, str] = field(default_factory=dict)
    synopses: dict[str, str] = field(default_factory=dict)
    machine_translated: set[str] = field(default_factory=set)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    creators: list[CreatorInput] = field(default_factory=list)
    shares: list[ShareInput] | None = None  # None: 100 % of all rights to the holder
    created_on: dt.date | None = None
    published_on: dt.date | None = None
    derivative_of: Work | None = None
    source_flag: str = SourceFlag.ORIGINAL
    community_holder: Party | None = None
    traditional_element: str = ""
    new_contribution: str = ""
    subjects: list[str] = field(default_factory=list)
    sales_rights: list[dict] = field(default_factory=list)
    source_ref: str | None = None


def validate_shares(shares: list[ShareInput]) -> None:
    """Shares of each right must sum to exactly 100 %; no party twice on one right."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    seen: set[tuple[int, str]] = set()
    for share in shares:
        if share.percent <= 0 or share.percent > HUNDRED:
            raise ValidationError(
                {
                    "shares": _("share %(percent)s %% is outside (0, 100]")
                    % {"percent": share.percent}
                }
            )
        key = (share.party.pk, share.right)
        if key in seen:
            raise ValidationError(
                {
                    "shares": _("%(party)s holds right “%(right)s” twice")
                    % {"party": share.party, "right": share.right}
                }
            )
        seen.add(key)
        totals[share.right] += share.percent
    for right, total in totals.items():
        if total != HUNDRED:
            raise ValidationError(
                {
                    "shares": _(
                        "shares of right “%(right)s” sum to %(total)s %%, not exactly 100 %%"
                    )
                    % {"right": right, "total": total}
                }
            )


def _apply_texts(work: Work, data: WorkInput) -> None:
    for code, value in data.titles.items():
        setattr(work, build_localized_fieldname("title", code), value)
    for code, value in data.synopses.items():
        setattr(work, build_localized_fieldname("synopsis", code), value)
    declared = {code: "machine" for code in data.machine_translated}
    work.translation_status = compute_status(work, "title", declared)


def _validate_work_input(data: WorkInput) -> None:
    validate_country(data.country_of_origin, field="country_of_origin")
    data.original_language = validate_language(data.original_language, field="original_language")
    if not data.original_title.strip():
        raise ValidationError(
            {"original_title": _("a work needs its title in the original language")}
        )
    if data.source_flag == SourceFlag.TRADITIONAL:
        missing = [
            name
            for name in ("community_holder", "traditional_element", "new_contribution")
            if not getattr(data, name)
        ]
        if missing:
            raise ValidationError(
                {name: "required for works based on traditional culture" for name in missing}
            )
    if data.created_on and data.published_on and data.published_on < data.created_on:
        raise ValidationError({"published_on": _("publication cannot precede creation")})


@transaction.atomic
def work_create(*, holder: Party, data: WorkInput) -> Work:
    """Create a work with its identifiers, creators and ownership shares, all or nothing."""
    _validate_work_input(data)
    identifiers = [
        (scheme, normalise_identifier(scheme, value)) for scheme, value in data.identifiers
    ]
    taken = [
        f"{scheme.upper()} {value}"
        for scheme, value in identifiers
        if WorkIdentifier.objects.filter(scheme=scheme, value=value).exists()
    ]
    if taken:
        raise ValidationError(
            {"identifiers": _("already registered to another work: %(taken)s") % {"taken": taken}}
        )
    shares = data.shares if data.shares is not None else [ShareInput(holder, HUNDRED)]
    validate_shares(shares)

    work = Work(
        holder=holder,
        work_type=data.work_type,
        title=data.titles.get(data.original_language) or data.original_title,
        original_title=data.original_title.strip(),
        original_language=data.original_language,
        country_of_origin=data.country_of_origin.upper(),
        created_on=data.created_on,
        published_on=data.published_on,
        derivative_of=data.derivative_of,
        source_flag=data.source_flag,
        community_holder=data.community_holder,
        traditional_element=data.traditional_element,
        new_contribution=data.new_contribution,
        subjects=data.subjects,
        sales_rights=data.sales_rights,
        source_ref=data.source_ref,
    )
    _apply_texts(work, data)
    work.full_clean(exclude=["translation_status"])
    work.save()
    WorkIdentifier.objects.bulk_create(
        WorkIdentifier(work=work, scheme=scheme, value=value) for scheme, value in identifiers
    )
    WorkCreator.objects.bulk_create(
        WorkCreator(work=work, party=c.party, role=c.role, position=i)
        for i, c in enumerate(data.creators)
    )
    OwnershipShare.objects.bulk_create(
        OwnershipShare(work=work, party=s.party, right=s.right, percent=s.percent) for s in shares
    )
    return work


@transaction.atomic
def work_set_shares(*, work: Work, shares: list[ShareInput]) -> None:
    """Replace a work's ownership shares (validated as a whole, checked again at commit)."""
    validate_shares(shares)
    Work.objects.select_for_update().get(pk=work.pk)
    work.shares.all().delete()
    OwnershipShare.objects.bulk_create(
        OwnershipShare(work=work, party=s.party, right=s.right, percent=s.percent) for s in shares
    )


@transaction.atomic
def work_transfer(
    *, work: Work, from_party: Party, to_party: Party, **guard_context: object
) -> Work:
    """Move ``from_party``'s ownership of ``work`` to ``to_party``: its shares (merged with
    any ``to_party`` already has) and, if it is the registered holder, the holder's seat.

    Refused unless ``from_party`` holds the work (``party_holds``) and every
    encumbrance guard allows the transfer (``guard_context`` reaches the guards).
    """
    locked = Work.objects.select_for_update().get(pk=work.pk)
    if not party_holds(work=locked, party=from_party):
        raise ValidationError(
            {
                "work": _("%(party)s does not hold “%(work)s”, so it cannot transfer it.")
                % {"party": from_party.name, "work": locked.original_title}
            }
        )
    if from_party.pk == to_party.pk:
        raise ValidationError({"work": _("A work cannot be transferred to its own holder.")})
    ensure_allowed(locked, "transfer", party=from_party, licensee=to_party, **guard_context)
    moved: dict[str, Decimal] = defaultdict(Decimal)
    kept: list[ShareInput] = []
    for share in locked.shares.select_related("party"):
        if share.party_id in (from_party.pk, to_party.pk):
            moved[share.right] += share.percent
        else:
            kept.append(ShareInput(party=share.party, percent=share.percent, right=share.right))
    work_set_shares(
        work=locked,
        shares=kept + [ShareInput(party=to_party, percent=p, right=r) for r, p in moved.items()],
    )
    if locked.holder_id == from_party.pk:
        locked.holder = to_party
        locked.save(update_fields=["holder"])
    events.publish(WorkChanged(work_id=locked.pk))
    return locked


@transaction.atomic
def work_update_texts(*, work: Work, data: WorkInput) -> Work:
    """Update titles and synopses (and their translation status)."""
    _apply_texts(work, data)
    work.save()
    events.publish(WorkChanged(work_id=work.pk))
    return work


@dataclass
class WorkChanges:
    """Changes to an existing work; ``None`` (or an empty dict) leaves a field as it is.

    Titles and synopses are keyed by site language code. Creators are only ever added:
    dropping a creator of a registered work is a decision for a person, not an import.
    """

    original_title: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    synopses: dict[str, str] = field(default_factory=dict)
    subjects: list[str] | None = None
    sales_rights: list[dict] | None = None
    published_on: dt.date | None = None
    add_creators: list[CreatorInput] = field(default_factory=list)


@transaction.atomic
def work_update(*, work: Work, changes: WorkChanges) -> bool:
    """Apply ``changes`` to ``work`` (re-read under a row lock); True if anything changed."""
    unknown = [code for code in (*changes.titles, *changes.synopses) if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            {"language": _("not a site language: %(unknown)s") % {"unknown": sorted(set(unknown))}}
        )
    locked = Work.objects.select_for_update().get(pk=work.pk)
    changed: list[str] = []

    def assign(name: str, value: object) -> None:
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)

    if changes.original_title is not None:
        if not changes.original_title.strip():
            raise ValidationError(
                {"original_title": _("a work needs its title in the original language")}
            )
        assign("original_title", changes.original_title.strip())
    for code, value in changes.titles.items():
        assign(build_localized_fieldname("title", code), value)
    for code, value in changes.synopses.items():
        assign(build_localized_fieldname("synopsis", code), value)
    if changes.subjects is not None:
        assign("subjects", list(changes.subjects))
    if changes.sales_rights is not None:
        assign("sales_rights", list(changes.sales_rights))
    if changes.published_on is not None:
        if locked.created_on and changes.published_on < locked.created_on:
            raise ValidationError({"published_on": _("publication cannot precede creation")})
        assign("published_on", changes.published_on)

    if changed:
        # A text replaced here is the rights holder's own: it is no longer a machine draft.
        declared = {
            code: status
            for code, status in (locked.translation_status or {}).items()
            if status == "machine" and code not in changes.titles
        }
        locked.translation_status = compute_status(locked, "title", declared)
        # "title"/"synopsis" themselves read the active language's column, which says
        # nothing about this work; their per-language columns are validated one by one.
        locked.full_clean(exclude=["translation_status", "title", "synopsis"])
        locked.save(update_fields=[*changed, "translation_status", "updated_at"])

    existing = set(locked.creators.values_list("party_id", "role"))
    position = max((c.position for c in locked.creators.all()), default=-1) + 1
    added = []
    for creator in changes.add_creators:
        key = (creator.party.pk, creator.role)
        if key in existing:
            continue
        existing.add(key)
        added.append(
            WorkCreator(work=locked, party=creator.party, role=creator.role, position=position)
        )
        position += 1
    WorkCreator.objects.bulk_create(added)
    if changed or added:
        events.publish(WorkChanged(work_id=locked.pk))
    return bool(changed or added)
