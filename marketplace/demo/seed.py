"""Load the demo data set through the services, idempotently.

Every record carries a ``source_ref`` ("demo:…"); a second run finds it and
creates nothing twice. Registrations go through the real workflow (submit →
screening → examination → register) so certificates, evidence and numbers
are genuine.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from catalog.membership import email_mark_verified
from catalog.models import Membership, Party, Work
from catalog.registration import services as registration
from catalog.registration.models import Application, Status
from catalog.services import CreatorInput, ShareInput, WorkInput, party_add_member, party_create
from catalog.vocabulary import PartyKind, SourceFlag, WorkType
from cms.services import home_page_ensure, news_page_upsert
from licensing.models import ANY, Grant, HeldRight
from licensing.rightsin.services import held_right_add
from licensing.services import grant_write
from marketplace.demo.contracts import seed_contracts
from marketplace.demo.deals import seed_deals
from marketplace.demo.disputes import CASES as DEMO_CASES
from marketplace.demo.disputes import seed_disputes
from marketplace.demo.finance import seed_finance
from marketplace.demo.guard import DEMO_PASSWORD, demo_seed_check
from marketplace.demo.history import seed_history, seed_history_contracts
from marketplace.demo.images import pattern_png, text_sample
from marketplace.demo.loader import demo_content
from marketplace.demo.pledges import seed_pledges
from marketplace.demo.royalties import seed_royalties
from marketplace.demo.tax import seed_residencies
from marketplace.demo.works import generate_works
from marketplace.listings.models import Listing
from marketplace.listings.services import ListingInput, listing_create, listing_publish, zone_for
from marketplace.models import User
from marketplace.roles import Role

VISUAL_TYPES = {
    WorkType.COMIC,
    WorkType.FINE_ART,
    WorkType.CRAFT,
    WorkType.PHOTOGRAPHY,
    WorkType.AUDIOVISUAL,
}

Progress = Callable[[int], None]


def _user(
    username: str, *, roles: list[str], language: str, currency: str = "USD", **extra: object
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            roles=roles,
            preferred_language=language,
            preferred_currency=currency,
            **extra,
        )
        user.password = _demo_password_hash(settings.PASSWORD_HASHERS[0])
        user.save()
    # Demo accounts log in and act for their parties at once: a verified e-mail.
    email_mark_verified(user=user, email=user.email or f"{username}@demo.example.org")
    return user


@cache
def _demo_password_hash(hasher: str) -> str:
    # Every demo account has the same published password: hashed once (PBKDF2 takes ~0.4 s
    # a time here), not once for each of the hundred demo users. ``hasher``, the default
    # hasher in force, is the cache key, so a change of PASSWORD_HASHERS hashes anew.
    return make_password(DEMO_PASSWORD)


def seed_staff() -> dict[str, User]:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "admin", "admin@example.org", DEMO_PASSWORD, roles=[Role.STAFF], preferred_language="en"
        )
    email_mark_verified(user=admin)
    return {
        "admin": admin,
        "examiner": _user(
            "examiner",
            roles=[Role.EXAMINER],
            language="zh-hans",
            currency="CNY",
            first_name="Wang",
            last_name="Fang",
        ),
        "examiner2": _user(
            "examiner2", roles=[Role.EXAMINER], language="en", first_name="Siti", last_name="Rahman"
        ),
        "mediator": _user(
            "mediator", roles=[Role.MEDIATOR], language="vi", first_name="Lan", last_name="Pham"
        ),
        "editor": _user("editor", roles=[Role.STAFF], language="en", is_staff=True),
    }


def _language_for(country: str) -> str:
    return {
        "CN": "zh-hans",
        "TW": "zh-hant",
        "HK": "zh-hant",
        "VN": "vi",
        "TH": "th",
        "MY": "ms",
        "ID": "id",
        "MM": "my",
        "LA": "lo",
        "PH": "fil",
        "KH": "km",
    }.get(country, "en")


def _currency_for(country: str) -> str:
    return {
        "CN": "CNY",
        "VN": "VND",
        "TH": "THB",
        "MY": "MYR",
        "ID": "IDR",
        "MM": "MMK",
        "LA": "LAK",
        "PH": "PHP",
        "KH": "KHR",
        "SG": "SGD",
        "BN": "BND",
        "JP": "JPY",
        "KR": "KRW",
        "HK": "HKD",
        "TW": "TWD",
        "FR": "EUR",
        "DE": "EUR",
    }.get(country, "USD")


def seed_parties(records: Iterable[dict], *, role: str) -> dict[str, Party]:
    parties = {}
    for record in records:
        ref = f"demo:party:{record['key']}"
        party = Party.objects.filter(source_ref=ref).first()
        if party is None:
            party = party_create(
                kind=record["kind"],
                category=record["category"],
                name=record["names"].get("en", record["original_name"]),
                original_name=record["original_name"],
                country=record["country"],
                email=record.get("email", ""),
                website=record.get("website", ""),
                is_verified=record.get("verified", False),
                names=record["names"],
                source_ref=ref,
            )
        user = _user(
            record["key"][:150],
            roles=[role],
            email=record.get("email", ""),
            language=_language_for(record["country"]),
            currency=_currency_for(record["country"]),
        )
        party_add_member(party=party, user=user, role=Membership.Role.OWNER)
        parties[record["key"]] = party
    return parties


def _creator_party(creator: dict) -> Party:
    ref = f"demo:creator:{creator['original_name']}|{creator['country']}"
    party = Party.objects.filter(source_ref=ref).first()
    if party is None:
        party = party_create(
            kind=PartyKind.PERSON,
            category="creator",
            name=creator["name"],
            original_name=creator["original_name"],
            country=creator["country"],
            source_ref=ref,
        )
    return party


def _work_input(record: dict, holder: Party) -> WorkInput:
    # A person holding a work they are named as creator of is that creator: the same party,
    # so the work is their own creation and they hold everything by default (rights in).
    creators = [
        holder
        if holder.kind == PartyKind.PERSON and c["original_name"] == holder.original_name
        else _creator_party(c)
        for c in record.get("creators", [])
    ]
    shares = None
    if record.get("shares"):
        shares = [
            ShareInput(
                holder if s["party"] == "holder" else creators[int(s["party"])],
                Decimal(s["percent"]),
                s.get("right", "all"),
            )
            for s in record["shares"]
        ]
    identifiers = [
        (scheme, record[scheme]) for scheme in ("isbn", "isrc", "iswc") if record.get(scheme)
    ]
    folk = record.get("folk")
    return WorkInput(
        work_type=record["work_type"],
        original_title=record["original_title"],
        original_language=record["original_language"],
        country_of_origin=holder.country,
        titles=record["titles"],
        synopses=record.get("synopsis", {}),
        machine_translated={
            code for code in record["titles"] if code not in record.get("synopsis", {})
        },
        identifiers=identifiers,
        creators=[
            CreatorInput(p, c["role"]) for p, c in zip(creators, record["creators"], strict=True)
        ],
        shares=shares,
        created_on=dt.date.fromisoformat(record["created_on"]),
        published_on=dt.date.fromisoformat(record["published_on"]),
        subjects=record.get("subjects", []),
        source_flag=SourceFlag.TRADITIONAL if folk else SourceFlag.ORIGINAL,
        community_holder=holder if folk else None,
        traditional_element=folk["traditional_element"] if folk else "",
        new_contribution=folk["new_contribution"] if folk else "",
        source_ref=f"demo:work:{record['key']}",
    )


def _sample(record: dict, index: int) -> tuple[str, SimpleUploadedFile]:
    if record["work_type"] in VISUAL_TYPES:
        return "image", SimpleUploadedFile(
            f"{record['key']}.png", pattern_png(index * 7919), content_type="image/png"
        )
    synopsis = " ".join(record.get("synopsis", {}).values())
    return "text", SimpleUploadedFile(
        f"{record['key']}.txt",
        text_sample(record["original_title"], synopsis),
        content_type="text/plain",
    )


def _outcome(index: int) -> str:
    """Most works registered; a realistic queue left for the examiners."""
    roll = random.Random(index).random()
    if roll < 0.80:
        return "registered"
    if roll < 0.90:
        return "in_examination"
    if roll < 0.94:
        return "needs_correction"
    if roll < 0.97:
        return "submitted_fast"
    return "draft"


def seed_work(record: dict, index: int, *, holder: Party, staff: dict[str, User]) -> Work:
    ref = f"demo:work:{record['key']}"
    work = Work.objects.filter(source_ref=ref).first()
    if work is not None:
        return work
    owner = holder.memberships.select_related("user").first().user
    outcome = _outcome(index)
    with transaction.atomic():
        app = registration.application_create(
            user=owner,
            applicant=holder,
            work=_work_input(record, holder),
            fast_track=outcome == "submitted_fast" or index % 9 == 0,
        )
        kind, upload = _sample(record, index)
        registration.application_attach_file(
            application_id=app.pk, user=owner, upload=upload, kind=kind
        )
        _record_author_contract(app.work, record, owner)
    if outcome == "draft":
        return app.work
    registration.application_submit(application_id=app.pk, user=owner)
    registration.application_screen(application_id=app.pk)
    examiner = staff["examiner"] if index % 2 else staff["examiner2"]
    if outcome == "registered":
        app.refresh_from_db()
        reason = "Demo: reviewed by examiner" if app.held else ""
        registration.application_register(
            application_id=app.pk, examiner=examiner, override_hold_reason=reason
        )
    elif outcome == "needs_correction":
        registration.application_request_correction(
            application_id=app.pk,
            examiner=examiner,
            message="Please upload a higher-resolution sample and the creators' ID documents.",
        )
    elif outcome == "in_examination" and index % 3 == 0:
        registration.application_assign_examiner(
            application_id=app.pk, examiner=examiner, assigned_by=examiner
        )
    return app.work


def _record_author_contract(work: Work, record: dict, owner: User) -> None:
    """A publisher's rights in: what its contract with the author transferred — an outright
    assignment of every right, everywhere, in every language, exclusively, for the term of
    copyright (the demo's contracts license translation, e-book and audio rights of any
    registered work). An author's own work holds everything already."""
    if work.rights_in.exists():
        return
    author = (record.get("creators") or [{}])[0].get("original_name", "")
    held_right_add(
        work=work,
        user=owner,
        basis=HeldRight.Basis.ACQUIRED,
        right_type=ANY,
        territories=[ANY],
        languages=[ANY],
        exclusive=True,
        source_ref=f"AC-{record['key']}"[:64],
        acquired_from=author,
        note="Author contract (demo)",
    )


ZONE_RIGHTS = {
    "books": (["translation", "ebook", "audio"], ["vi", "th", "ms", "id", "en"]),
    "comics": (["translation", "adaptation", "merchandising"], ["vi", "th", "id", "fil", "en"]),
    "music": (["sync", "mechanical", "streaming", "performance"], ["zxx"]),
    "film": (["adaptation", "streaming"], ["vi", "th", "ms", "id", "en", "zh-hant"]),
    "crafts": (["merchandising", "exhibition"], ["zxx"]),
}
ASKING = {
    "books": ("USD", "2500", "8"),
    "comics": ("USD", "4000", "10"),
    "music": ("USD", "1500", "15"),
    "film": ("USD", "20000", "12"),
    "crafts": ("CNY", "8000", "6"),
}


def seed_listing(work: Work, index: int, *, buyers: list[Party]) -> None:
    """A published listing per registered work; some with prior exclusive licences."""
    if Listing.objects.filter(work=work).exists():
        return
    zone = zone_for(work=work)
    rights, languages = ZONE_RIGHTS[zone]
    rng = random.Random(index)
    currency, advance, rate = ASKING[zone]
    owner = work.holder.memberships.select_related("user").first().user
    headlines = {
        code: getattr(work, build_localized_fieldname("title", code)) or ""
        for code in ("en", "vi", "th", "zh-hans")
    }
    listing = listing_create(
        work=work,
        user=owner,
        data=ListingInput(
            right_types=rng.sample(rights, k=min(len(rights), rng.randint(1, 3))),
            territories=rng.choice([["ASEAN"], ["WORLD"], ["ASEAN", "GREATER_CHINA"]]),
            excluded_territories=[work.country_of_origin] if rng.random() < 0.3 else [],
            languages=sorted(set(rng.sample(languages, k=min(len(languages), rng.randint(1, 3))))),
            currency=currency,
            advance=Decimal(advance) * rng.randint(1, 4),
            royalty_rate=Decimal(rate),
            term_months=rng.choice([36, 60, 84]),
            headlines={k: v for k, v in headlines.items() if v},
        ),
    )
    listing_publish(listing=listing, user=owner)
    if index % 7 == 0 and listing.languages != ["zxx"]:
        language = listing.languages[0]
        territory = {"vi": "VN", "th": "TH", "ms": "MY", "id": "ID", "fil": "PH"}.get(
            language, "SG"
        )
        grant_write(
            work=work,
            licensee=buyers[index % len(buyers)],
            right_type=listing.right_types[0],
            territories=[territory],
            languages=[language],
            start=dt.date(2025, 1, 1),
            end=dt.date(2029, 12, 31),
            exclusive=True,
            source=Grant.Source.PRIOR,
            source_ref=f"PRIOR-{index:04d}",
        )


def seed_cms() -> None:
    content = demo_content()
    home_page_ensure(
        title=content.home.get("title", {"en": "Home", "zh-hans": "首页"}),
        headline=content.home["headline"],
        intro=content.home["intro"],
    )
    for item in content.news:
        news_page_upsert(
            slug=item["key"],
            kind=item["kind"],
            date=dt.date.fromisoformat(item["date"]),
            title=item["title"],
            summary=item["summary"],
            body=item.get("body", {}),
        )


def seed_all(
    *,
    works: int | None = None,
    progress: Progress | None = None,
    stage: Callable[[str, int | None], None] | None = None,
) -> dict[str, int]:
    """Everything, stage by stage; ``stage(name, total)`` announces each one (total None
    where it is not known in advance) and ``progress(n)`` counts its items."""
    demo_seed_check()
    if stage:
        stage("works", works or demo_work_count())
    counts = seed_catalog(works=works, progress=progress)
    counts.update(seed_activity(works=works, progress=progress, stage=stage))
    return counts


def seed_activity(
    *,
    works: int | None = None,
    progress: Progress | None = None,
    stage: Callable[[str, int | None], None] | None = None,
) -> dict[str, int]:
    """What happens to the catalogue: contracts, deals, payments, royalties, pledges and
    disputes. ``make run`` seeds these after the site is up: their contract and settlement
    PDFs are hashed into the evidence chain and signed, so they are rendered here, not
    lazily, and rendering them dominates a cold start."""
    demo_seed_check()

    def begin(name: str, total: int | None = None) -> None:
        if stage:
            stage(name, total)

    counts: dict[str, int] = {}
    # Each package seeds through its own services, in the order money flows:
    # deals and contracts, then payments, usage and royalties, then what
    # banks and mediators work on (valuations read the royalty history).
    # The payees' tax residencies are accepted before any period closes (the close
    # reads them); the long histories close before the 2026 half-years, oldest first,
    # so none of their usage arrives after a close of its licensee (late usage).
    for name, seed in (
        ("contracts", seed_contracts),
        ("history contracts", seed_history_contracts),
        ("deals", seed_deals),
        ("payments", seed_finance),
        ("tax residencies", seed_residencies),
        ("royalty history", seed_history),
        ("royalties", seed_royalties),
        ("pledges", seed_pledges),
    ):
        begin(name)
        counts.update(seed(progress=progress))
    # A trimmed demo (--works N) gets proportionally fewer dispute cases.
    cases = DEMO_CASES if works is None else min(DEMO_CASES, works)
    begin("disputes", cases)
    counts.update(seed_disputes(progress=progress, count=cases))
    return counts


def seed_catalog(*, works: int | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Parties, users, works, registrations, listings and CMS pages."""
    demo_seed_check()
    staff = seed_staff()
    content = demo_content()
    holders = seed_parties(content.rights_holders, role=Role.RIGHTS_HOLDER)
    buyers = list(seed_parties(content.buyers, role=Role.BUYER).values())
    seed_parties(content.banks, role=Role.BANK)
    seed_cms()
    records = generate_works()
    if works is not None:
        records = records[:works]
    call_command("load_protected_marks", verbosity=0, stdout=io.StringIO())
    for index, record in enumerate(records):
        work = seed_work(record, index, holder=holders[record["holder"]], staff=staff)
        if work.applications.filter(status=Status.REGISTERED).exists():
            seed_listing(work, index, buyers=buyers)
        if progress:
            progress(1)
    return {
        "parties": Party.objects.count(),
        "works": Work.objects.count(),
        "registered": Application.objects.filter(status=Status.REGISTERED).count(),
        "listings": Listing.objects.count(),
        "users": User.objects.count(),
    }


def demo_work_count() -> int:
    return len(generate_works())
