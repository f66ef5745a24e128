"""Demo disputes: ~150 cases over 2026 across types, outcomes and batches, built through the
services with stable refs (``demo:dispute:<n>``), so re-running creates nothing new.

Call after works are seeded: ``seed_disputes(progress=...)``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.membership import email_mark_verified
from catalog.models import Membership, Party, Work
from catalog.registration.models import Application
from licensing.contracts.models import Contract
from licensing.disputes import identity, tokens
from licensing.disputes.batches import CaseOutcome, batch_create, batch_record_outcomes
from licensing.disputes.cases import (
    PartyInput,
    case_accept,
    case_assign_mediator,
    case_extend_deadline,
    case_fail,
    case_file,
    case_reject,
    case_withdraw,
)
from licensing.disputes.models import Batch, Case, CaseParty, MediatorProfile
from licensing.disputes.sessions import session_schedule
from licensing.disputes.settlements import (
    Installment,
    SettlementInput,
    settlement_propose,
    settlement_sign,
)
from marketplace.demo.guard import DEMO_PASSWORD, demo_seed_check

CASES = 150
SHANGHAI = ZoneInfo("Asia/Shanghai")
MEDIATORS = [
    # username, first, last, language, languages, case types ("" = all)
    ("mediator", "Lan", "Pham", "vi", ["vi", "en", "zh-hans"], []),
    ("mediator-zh", "Jing", "Chen", "zh-hans", ["zh-hans", "zh-hant", "en"], []),
    ("mediator-sea", "Nurul", "Aziz", "ms", ["ms", "id", "th", "en"], ["infringement"]),
    ("mediator-contracts", "Arun", "Mehta", "en", ["en", "th", "my", "km", "lo"], []),
]
# Infringing shops that never registered a party; some have an account (so they can sign).
SHOPS = [
    ("Lucky Dragon Prints", "luckydragon@shop.example", "https://shop.example/luckydragon", "MY"),
    ("Tee Paradise", "teeparadise@shop.example", "https://tees.example/paradise", "TH"),
    ("Manga Corner Online", "info@mangacorner.example", "https://mangacorner.example", "ID"),
    ("Phim Hay 24h", "", "https://phimhay24h.example", "VN"),
    ("Ebook Gudang", "gudang@ebooks.example", "", "ID"),
    ("Sticker House", "hello@stickerhouse.example", "https://stickerhouse.example", "PH"),
]
SUMMARIES = {
    "infringement": [
        "Cover art printed on T-shirts without a licence",
        "Full e-book copies sold on a marketplace",
        "Episodes re-uploaded to a video platform",
        "Illustrations used in an advertising campaign",
        "Songs used as background music in online shops",
        "Embroidery pattern copied on mass-produced bags",
    ],
    "ownership": ["Two publishers claim the same translation rights", "Co-author share disputed"],
    "contract": ["Advance not paid on signature", "Territory of the licence disputed"],
    "royalty": ["Royalty statement under-reports sales", "Withholding tax deducted twice"],
    "registration": ["Registration filed by a former distributor"],
}
TYPE_WEIGHTS = [("infringement", 70), ("ownership", 12), ("contract", 8), ("registration", 10)]
ZONES = {
    "CN": "Asia/Shanghai",
    "VN": "Asia/Ho_Chi_Minh",
    "TH": "Asia/Bangkok",
    "MY": "Asia/Kuala_Lumpur",
    "ID": "Asia/Jakarta",
    "PH": "Asia/Manila",
    "SG": "Asia/Singapore",
    "MM": "Asia/Yangon",
    "LA": "Asia/Vientiane",
    "KH": "Asia/Phnom_Penh",
    "US": "America/Los_Angeles",
    "FR": "Europe/Paris",
    "DE": "Europe/Berlin",
    "GB": "Europe/London",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
}
LANGS = {
    "CN": "zh-hans",
    "VN": "vi",
    "TH": "th",
    "MY": "ms",
    "ID": "id",
    "PH": "fil",
    "MM": "my",
    "LA": "lo",
    "KH": "km",
}


def _mediators() -> list[object]:
    User = get_user_model()
    users = []
    for username, first, last, language, languages, types in MEDIATORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                roles=["mediator"],
                preferred_language=language,
                first_name=first,
                last_name=last,
            )
        email_mark_verified(user=user, email=user.email or f"{username}@demo.example.org")
        MediatorProfile.objects.get_or_create(
            user=user, defaults={"languages": languages, "case_types": types}
        )
        users.append(user)
    return users


def _shop_users() -> None:
    User = get_user_model()
    for _name, email, _url, country in SHOPS:
        if email and not User.objects.filter(email__iexact=email).exists():
            user = User.objects.create_user(
                username=email.split("@")[0],
                email=email,
                password=DEMO_PASSWORD,
                roles=["buyer"],
                preferred_language=LANGS.get(country, "en"),
                time_zone=ZONES.get(country, "UTC"),
            )
            email_mark_verified(user=user)


def _party_input(party: Party, *, filer: bool) -> PartyInput:
    """A registered party's side; as the filer, its first member's account goes on the row
    (only the filer's own account can: the other side acts through its party's members)."""
    member = Membership.objects.filter(party=party).select_related("user").first()
    user = member.user if member else None
    return PartyInput(
        name=party.name,
        party=party,
        user=user if filer else None,
        email=party.email or (user.email if user else ""),
        country=party.country,
        language=LANGS.get(party.country, "en"),
        time_zone=ZONES.get(party.country, "Asia/Shanghai"),
    )


def _shop_input(index: int) -> tuple[PartyInput, bool]:
    name, email, url, country = SHOPS[index % len(SHOPS)]
    can_sign = bool(email)
    return (
        PartyInput(
            name=name,
            email=email,
            url=url,
            country=country,
            language=LANGS.get(country, "en"),
            time_zone=ZONES.get(country, "UTC"),
        ),
        can_sign,
    )


def _pick_type(rng: random.Random) -> str:
    roll = rng.uniform(0, sum(w for _, w in TYPE_WEIGHTS))
    for code, weight in TYPE_WEIGHTS:
        roll -= weight
        if roll <= 0:
            return code
    return "infringement"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=SHANGHAI)


class _Plan:
    """Everything about demo case ``n`` decided up front from a seeded RNG."""

    def __init__(self, n: int, today: dt.date) -> None:
        rng = random.Random(f"dispute-{n}")
        self.rng = rng
        self.n = n
        start = dt.date(2026, 1, 3)
        span = max((today - start).days - 3, 30)
        self.filed = start + dt.timedelta(days=int(span * n / CASES) + rng.randint(0, 2))
        self.case_type = _pick_type(rng)
        self.fate = rng.choices(["reject", "withdraw_early", "run"], weights=[5, 3, 92], k=1)[0]
        self.accept_after = rng.randint(1, 4)
        self.duration = rng.choice([8, 12, 15, 18, 21, 24, 26, 27, 29, 33])
        self.outcome = rng.choices(["settled", "failed", "withdrawn"], weights=[57, 28, 15])[0]
        self.extend = rng.random() < 0.1
        self.stuck = rng.random() < 0.04  # left open past its deadline: the overdue list
        self.claimed = Decimal(rng.choice([2, 5, 8, 12, 20, 30, 50, 80, 150])) * 1000
        self.currency = rng.choices(["CNY", "USD", "THB", "VND"], weights=[70, 15, 8, 7])[0]
        if self.currency == "VND":
            self.claimed *= 3000
        elif self.currency == "THB":
            self.claimed *= 5
        elif self.currency == "USD":
            self.claimed = (self.claimed / 7).quantize(Decimal(1))
        self.settle_share = Decimal(rng.choice([35, 45, 50, 60, 70, 80])) / 100


def _build_case(
    plan: _Plan,
    *,
    claimant: Party,
    respondent: PartyInput,
    works: list[Work],
    staff: object,
    mediator: object | None,
    today: dt.date,
) -> Case | None:
    ref = f"demo:dispute:{plan.n}"
    claimant_in = _party_input(claimant, filer=True)
    filer = claimant_in.user or staff
    subject = None
    if plan.case_type == "registration":
        subject = Application.objects.filter(work__in=works).first()
    elif plan.case_type == "contract":
        subject = Contract.objects.filter(work__in=works).order_by("pk").first()
    if plan.case_type in ("registration", "contract") and subject is None:
        plan.case_type = "ownership"
    summary = plan.rng.choice(SUMMARIES[plan.case_type])
    case = case_file(
        case_type=plan.case_type,
        claimant=claimant_in,
        respondent=respondent,
        works=works,
        summary=summary,
        claimed_amount=plan.claimed,
        currency=plan.currency,
        remedies=["takedown", "damages"] if plan.case_type == "infringement" else ["correction"],
        subject=subject,
        filed_by=filer,
        at=_at(plan.filed, 10),
        source_ref=ref,
    )
    if plan.fate == "reject":
        if plan.filed + dt.timedelta(days=2) < today:
            case_reject(
                case=case,
                actor=staff,
                reason="Outside the centre's scope: no copyright work identified.",
                at=_at(plan.filed + dt.timedelta(days=2), 15),
            )
        return case
    if plan.fate == "withdraw_early":
        if plan.filed + dt.timedelta(days=1) < today:
            case_withdraw(case=case, actor=filer, note="Resolved directly", at=_at(plan.filed, 18))
        return case
    accepted = plan.filed + dt.timedelta(days=plan.accept_after)
    if accepted >= today:
        return case
    case = case_accept(case=case, actor=staff, at=_at(accepted, 9))
    _shop_joins(case, at=_at(accepted, 10))
    return case_assign_mediator(case=case, actor=staff, mediator=mediator, at=_at(accepted, 11))


def _shop_joins(case: Case, *, at: dt.datetime) -> None:
    """A shop with an account follows the invitation the acceptance e-mailed it."""
    row = case.parties.get(role=CaseParty.Role.RESPONDENT)
    invitation = row.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).first()
    shop = get_user_model().objects.filter(email__iexact=row.email).first() if row.email else None
    if invitation is not None and shop is not None:
        identity.invitation_accept(token=tokens.invitation_token(invitation.pk), user=shop, at=at)


def _close(plan: _Plan, case: Case, *, staff: object, can_sign: bool, today: dt.date) -> None:
    if case.status != "mediating":
        return
    accepted = case.accepted_at.astimezone(SHANGHAI).date()
    if plan.extend:
        case_extend_deadline(
            case=case,
            actor=case.mediator,
            reason="Waiting for the respondent's sales records",
            at=_at(accepted + dt.timedelta(days=20), 16),
        )
    closed = accepted + dt.timedelta(days=plan.duration)
    if plan.stuck or closed >= today:
        if closed >= today:  # a current case: its next session is coming up
            session_schedule(
                actor=case.mediator,
                case=case,
                starts_at=_at(today + dt.timedelta(days=2 + plan.n % 5), 14),
                video_link=f"https://meet.example.org/{case.number.lower()}",
            )
        return
    when = _at(closed, 16)
    outcome = plan.outcome if (plan.outcome != "settled" or can_sign) else "failed"
    if outcome == "settled":
        amount = (case.claimed_amount * plan.settle_share).quantize(Decimal(1))
        schedule = [Installment(closed + dt.timedelta(days=30), amount)]
        if amount > 10000:
            half = (amount / 2).quantize(Decimal(1))
            schedule = [
                Installment(closed + dt.timedelta(days=30), half),
                Installment(closed + dt.timedelta(days=90), amount - half),
            ]
        settlement = settlement_propose(
            case=case,
            actor=case.mediator,
            data=SettlementInput(
                amount=amount,
                currency=case.currency,
                schedule=schedule,
                terms_text="The respondent removes the listings within 7 days.",
            ),
            at=when,
        )
        _sign_all(case, settlement, when)
    elif outcome == "failed":
        case_fail(
            case=case, actor=case.mediator, note="The respondent contests ownership.", at=when
        )
    else:
        case_withdraw(case=case, actor=staff, note="Claimant withdrew", at=when)


def _sign_all(case: Case, settlement: object, when: dt.datetime) -> None:
    for row in case.parties.filter(role__in=[CaseParty.Role.CLAIMANT, CaseParty.Role.RESPONDENT]):
        user = row.user or (
            Membership.objects.filter(party=row.party).select_related("user").first().user
            if row.party_id
            else None
        )
        settlement_sign(
            settlement=settlement,
            user=user,
            ip_address="203.0.113.10",
            user_agent="demo",
            at=when + dt.timedelta(hours=1),
        )


def _batches(mediators: list[object], today: dt.date) -> int:
    """Group the open same-pair cases of each mediator into batches and close them together."""
    made = 0
    for mediator in mediators:
        groups: dict[tuple[str, str], list[Case]] = {}
        for case in Case.objects.filter(
            mediator=mediator,
            status="mediating",
            batch__isnull=True,
            source_ref__startswith="demo:",
        ).prefetch_related("parties"):
            keys = {p.role: p.identity_key for p in case.parties.all()}
            groups.setdefault((keys["claimant"], keys["respondent"]), []).append(case)
        for (claimant_key, respondent_key), cases in sorted(groups.items()):
            if len(cases) < 2:
                continue
            ref = f"demo:batch:{claimant_key}:{respondent_key}"[:128]
            if Batch.objects.filter(source_ref=ref).exists():
                continue
            with transaction.atomic():
                batch = batch_create(mediator=mediator, cases=cases, source_ref=ref)
                made += 1
                last = max(c.accepted_at for c in cases).astimezone(SHANGHAI).date()
                closed = last + dt.timedelta(days=14)
                if closed >= today:
                    session_schedule(
                        actor=mediator,
                        batch=batch,
                        starts_at=_at(today + dt.timedelta(days=3), 10),
                        video_link=f"https://meet.example.org/batch-{batch.pk}",
                    )
                    continue
                when = _at(closed, 17)
                respondent = cases[0].parties.get(role="respondent")
                can_sign = bool(respondent.user_id or respondent.party_id)
                outcomes = {}
                for i, case in enumerate(cases):
                    if can_sign and i % 4 != 3:
                        amount = (case.claimed_amount * Decimal("0.5")).quantize(Decimal(1))
                        outcomes[case.pk] = CaseOutcome(
                            "settled",
                            settlement=SettlementInput(amount=amount, currency=case.currency),
                        )
                    else:
                        outcomes[case.pk] = CaseOutcome("failed", note="No agreement")
                batch_record_outcomes(batch=batch, actor=mediator, outcomes=outcomes, at=when)
                for case in Case.objects.filter(batch=batch, status="settling"):
                    _sign_all(case, case.settlement, when)
    return made


def seed_disputes(
    *, progress: Callable[[int], None] | None = None, count: int = CASES
) -> dict[str, int]:
    demo_seed_check()  # mediators and shop users get the published demo password
    User = get_user_model()
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    if staff is None:
        return {"dispute_cases": 0}
    mediators = _mediators()
    _shop_users()
    today = timezone.now().astimezone(SHANGHAI).date()
    holders = list(
        Party.objects.filter(source_ref__startswith="demo:party:", works__isnull=False)
        .distinct()
        .order_by("source_ref")
    )
    buyers = list(
        Party.objects.filter(
            source_ref__startswith="demo:party:", memberships__user__roles__contains=["buyer"]
        )
        .distinct()
        .order_by("source_ref")
    )
    if not holders:
        return {"dispute_cases": 0}
    created = 0
    for n in range(count):
        ref = f"demo:dispute:{n}"
        if Case.objects.filter(source_ref=ref).exists():
            if progress:
                progress(1)
            continue
        plan = _Plan(n, today)
        # Every 9th block of four cases is one rights holder against one shop: batch material.
        block = n // 4
        holder = holders[(block if block % 9 == 0 else n) % len(holders)]
        works = list(Work.objects.filter(holder=holder).order_by("pk")[:2])
        if plan.rng.random() < 0.5 and buyers and block % 9 != 0:
            respondent = _party_input(buyers[n % len(buyers)], filer=False)
            can_sign = True
        else:
            respondent, can_sign = _shop_input(block if block % 9 == 0 else n)
        with transaction.atomic():
            case = _build_case(
                plan,
                claimant=holder,
                respondent=respondent,
                works=works[:1] if plan.rng.random() < 0.7 else works,
                staff=staff,
                # A batch block goes to one mediator; other cases are assigned automatically.
                mediator=mediators[block % len(mediators)] if block % 9 == 0 else None,
                today=today,
            )
            if case is not None and block % 9 != 0:
                _close(plan, case, staff=staff, can_sign=can_sign, today=today)
        created += 1
        if progress:
            progress(1)
    batches = _batches(mediators, today)
    return {
        "dispute_cases": Case.objects.filter(source_ref__startswith="demo:dispute:").count(),
        "dispute_cases_created": created,
        "dispute_batches": Batch.objects.filter(source_ref__startswith="demo:").count(),
        "dispute_batches_created": batches,
    }
