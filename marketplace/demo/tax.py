"""Demo tax residencies: the Chinese payees of the demo licences claim the treaty rate.

Without an accepted residency a payer in Thailand, Indonesia or the Philippines withholds
its domestic rate for non-residents (15, 20, 25 %) from a Chinese payee; with an accepted
treaty claim the close applies the CN treaty row (10, 10, 15 %). So every Chinese payee of
an active demo contract (its ownership shares' parties, or the holder when none are
recorded — the close's own rule) whose payer's country has a treaty row for China submits
a residency with a generated certificate image (through the upload validation) and staff
accept it, before the demo periods close. Idempotent: a party with an accepted residency
covering the demo periods gets nothing new.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from PIL import Image, ImageDraw

from catalog.models import Membership, OwnershipShare, Party
from finance.tax.models import ResidencyStatus, TaxResidency
from finance.tax.services import ResidencyInput, residency_accept, residency_submit
from licensing.contracts.models import Contract
from licensing.royalties.models import WithholdingRate
from marketplace.demo.history import ORIGIN as HISTORY_ORIGIN
from marketplace.models import User

VALID_FROM, VALID_TO = dt.date(2023, 1, 1), dt.date(2026, 12, 31)
COUNTRY = "CN"
ARTICLE = "China's double taxation agreements, art. 12 (royalties)"


def certificate_png(party: Party) -> bytes:
    """A plain certificate of residence (ASCII text: Pillow's default font has no CJK)."""
    image = Image.new("RGB", (640, 400), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle([12, 12, 627, 387], outline=(120, 30, 30), width=4)
    lines = [
        "People's Republic of China - State Taxation Administration",
        "Certificate of Chinese Tax Resident Status (DEMO, fictional)",
        "",
        f"Taxpayer: {party.original_name or party.name}"[:70],
        f"Resident of: {COUNTRY}",
        f"Valid: {VALID_FROM.isoformat()} to {VALID_TO.isoformat()}",
        f"Reference: DEMO-TRC-{party.pk:06d}",
    ]
    for n, line in enumerate(lines):
        draw.text((40, 50 + 40 * n), line, fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def treaty_payees() -> list[Party]:
    """Chinese payees of active demo contracts whose payer's country has a CN treaty row."""
    treaty_payers = set(
        WithholdingRate.objects.filter(payee_country=COUNTRY).values_list(
            "payer_country", flat=True
        )
    )
    contracts = Contract.objects.filter(
        Q(origin__startswith="demo:contract:") | Q(origin__startswith=HISTORY_ORIGIN),
        status="active",
    ).select_related("work", "licensee")
    ids: set[int] = set()
    for contract in contracts:
        if contract.licensee.country not in treaty_payers:
            continue
        owners = set(
            OwnershipShare.objects.filter(work=contract.work).values_list("party_id", flat=True)
        )
        ids |= owners or {contract.work.holder_id}
    return list(Party.objects.filter(pk__in=ids, country=COUNTRY).order_by("pk"))


def _manager(party: Party) -> User | None:
    membership = (
        Membership.objects.filter(
            party=party, role__in=[Membership.Role.OWNER, Membership.Role.ADMIN]
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def seed_residencies(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    staff = User.objects.filter(username="admin").first()
    for party in treaty_payees():
        covered = TaxResidency.objects.filter(
            party=party,
            status=ResidencyStatus.ACCEPTED,
            valid_from__lte=VALID_FROM,
            valid_to__gte=VALID_TO,
        ).exists()
        user = _manager(party)
        if covered or user is None or staff is None:
            continue
        residency = residency_submit(
            user=user,
            party=party,
            data=ResidencyInput(
                country=COUNTRY,
                valid_from=VALID_FROM,
                valid_to=VALID_TO,
                treaty_claim=True,
                treaty_article=ARTICLE,
            ),
            certificate=SimpleUploadedFile(
                f"tax-residency-{party.pk}.png", certificate_png(party), content_type="image/png"
            ),
        )
        residency_accept(user=staff, residency_id=residency.pk, note="Demo: certificate checked.")
        if progress:
            progress(1)
    return {
        "tax_residencies_accepted": TaxResidency.objects.filter(
            status=ResidencyStatus.ACCEPTED, party__source_ref__startswith="demo:"
        ).count()
    }
