"""The permission matrix's world: two of every party side, built once through the services.

Side A and side B are mirror images. Each has a rights holder with a registered
work (application, certificate, listing), a buyer negotiating for it (thread,
offer, message with an attachment), a licensee with an active contract (document,
usage report, statement, invoice), a co-owner holding a share of the work, a
bank holding a registered pledge on it (certificate, valuation, pool), a court
that froze it (seizure order) and a mediator running its dispute cases (evidence,
settlement, court file, batch). Examiners and staff serve both sides.

The matrix logs in as side A's users: side A's objects are "own", side B's are
"another party's". A court is a party of category ``court``; its members may record
and release its orders (``catalog.kernel.permissions.acting_courts``). The court user is
such a member and holds the ``court`` platform role, which confines them to the court
portal (``marketplace.court``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import membership
from catalog.evidence.models import EvidenceEntry
from catalog.imports.services import catalogue_upload_create
from catalog.registration import batches
from catalog.registration import services as registration
from catalog.registration.certificates import certificate_issue_first
from catalog.services import ShareInput
from cms.services import home_page_ensure
from finance.payouts.services import payout_run_execute, payout_run_start
from finance.pledges import services as pledges
from finance.pledges.certificates import pledge_certificate_issue
from finance.streams.services import stream_offer_create
from finance.tax.certificates import withholding_certificate_issue
from finance.valuation import reports as valuation_reports
from finance.valuation.model import Assumptions
from finance.valuation.pools import pool_create
from finance.valuation.services import valuation_save
from licensing.contracts.services import (
    contract_create_draft,
    contract_send_for_signature,
    contract_sign,
)
from licensing.disputes import identity, tokens
from licensing.disputes.batches import batch_create
from licensing.disputes.cases import (
    PartyInput,
    case_accept,
    case_assign_mediator,
    case_export_court_file,
    case_fail,
    case_file,
)
from licensing.disputes.evidence import evidence_upload
from licensing.disputes.settlements import SettlementInput, settlement_propose
from licensing.royalties.close import period_close
from licensing.royalties.models import StatementLine
from marketplace.api.keys import api_key_create
from marketplace.deals import services as deals
from marketplace.deals.conversation import message_post
from marketplace.listings import services as listings
from tests.factories.catalog import (
    image_upload,
    make_imported_work,
    make_party,
    make_user,
    work_input,
)
from tests.factories.contracts import approve_co_owners, make_terms
from tests.factories.payouts import bank_payee, owe
from tests.factories.rightsin import acquire_rights
from tests.factories.royalties import HEADER, isbn13, usd_cny
from tests.factories.tax import submit_residency
from tests.finance.conftest import make_invoice

ROLES = (
    "anon",
    "buyer",
    "rh",
    "licensee",
    "coowner",
    "examiner",
    "mediator",
    "bank",
    "court",
    "staff",
)
ROLE_NAMES = {
    "anon": "anonymous",
    "buyer": "buyer",
    "rh": "rights holder",
    "licensee": "licensee",
    "coowner": "co-owner",
    "examiner": "examiner",
    "mediator": "mediator",
    "bank": "bank",
    "court": "court",
    "staff": "staff",
}
TODAY = dt.date.today()
_seeds = itertools.count(7001)
_isbns = itertools.count(700_001)


@dataclass
class Side:
    """One side's users, parties and objects (attributes are filled by ``_build_side``)."""

    name: str

    def __getattr__(self, item: str):  # a clear error for a kind naming a missing object
        raise AttributeError(f"side {self.name} has no {item!r} in the matrix world")


@dataclass
class World:
    a: Side
    b: Side
    examiner: object
    staff: object

    def side(self, case: str) -> Side:
        """``own`` and ``any`` are side A (the logged-in users' side), ``other`` is side B."""
        return self.b if case == "other" else self.a

    def user(self, role: str):
        if role == "anon":
            return None
        if role in ("examiner", "staff"):
            return getattr(self, role)
        return getattr(self.a, role)


def _registered(side: Side, examiner, *, shares) -> None:
    data = work_input(identifiers=[("isbn", isbn13(next(_isbns)))], shares=shares)
    app = registration.application_create(user=side.rh, applicant=side.rh_party, work=data)
    registration.application_attach_file(
        application_id=app.pk, user=side.rh, upload=image_upload(seed=next(_seeds)), kind="image"
    )
    registration.application_submit(application_id=app.pk, user=side.rh)
    registration.application_screen(application_id=app.pk)
    app.refresh_from_db()
    registration.application_register(
        application_id=app.pk,
        examiner=examiner,
        override_hold_reason="matrix world" if app.held else "",
    )
    certificate_issue_first(application_id=app.pk)  # on_commit never fires in a test
    app.refresh_from_db()
    acquire_rights(app.work, user=side.rh)  # a publisher lists what its author contract gave
    side.application, side.work = app, app.work
    side.certificate = app.certificates.get()
    side.isbn = dict(app.work.identifiers.values_list("scheme", "value"))["isbn"]


def _registration_batch(side: Side, examiner) -> None:
    """A registration batch of one imported work, screened and decided by the examiner."""
    work = make_imported_work(holder=side.rh_party)
    side.registration_batch = batches.batch_create(
        user=side.rh,
        applicant=side.rh_party,
        work_ids=[work.pk],
        contact=batches.BatchContact(name=f"Desk {side.name}", email="desk@example.com"),
        declared=True,
    ).batch
    batch = batches.batch_file_run(batch_id=side.registration_batch.pk)
    registration.application_screen(application_id=batch.applications.get().pk)
    decision = batches.batch_decide(batch_id=batch.pk, user=examiner, enqueue=False)
    side.batch_decision = batches.batch_decision_run(decision_id=decision.pk)


def _negotiation(side: Side) -> None:
    listing = listings.listing_create(
        work=side.work,
        user=side.rh,
        data=listings.ListingInput(
            right_types=["translation", "ebook"],
            territories=["ASEAN"],
            languages=["vi", "th"],
            currency="USD",
            advance=Decimal("3000"),
            royalty_rate=Decimal("8"),
            headlines={"en": f"Side {side.name} novel"},
        ),
    )
    side.listing = listings.listing_publish(listing=listing, user=side.rh)
    side.inquiry = listings.inquiry_create(
        listing=side.listing,
        buyer=side.buyer_party,
        user=side.buyer,
        message="We would like the Thai translation rights.",
        right_types=["translation"],
        territories=["TH"],
        languages=["th"],
        message_language="en",
    )
    side.thread = deals.thread_open(user=side.buyer, party=side.buyer_party, inquiry=side.inquiry)
    side.offer = deals.offer_make(
        thread=side.thread,
        user=side.buyer,
        party=side.buyer_party,
        terms=make_terms(right={"territories": ["TH"], "languages": ["th"]}),
        valid_until=TODAY + dt.timedelta(days=30),
    )
    side.message = message_post(
        thread=side.thread,
        user=side.buyer,
        party=side.buyer_party,
        body="Our sample translation is attached.",
        language="en",
        attachments=[SimpleUploadedFile("sample.txt", b"sample", content_type="text/plain")],
    )
    side.attachment = side.message.attachments.get()


def _signed_contract(side: Side, licensee: Side, **right):
    """An active contract from ``side``'s rights holder to ``licensee``'s licensee."""
    rates = [{"channel": "print", "basis": "list_price", "rate": "10"}]
    contract = contract_create_draft(
        work=side.work,
        licensor=side.rh_party,
        licensee=licensee.licensee_party,
        terms=make_terms(royalty_rates=rates, right=right),
        origin="test",
        created_by=side.rh,
        licensee_language="vi",
    )
    contract = contract_send_for_signature(contract=contract)
    approve_co_owners(contract)
    for user, party in ((side.rh, side.rh_party), (licensee.licensee, licensee.licensee_party)):
        contract = contract_sign(
            contract=contract, user=user, party=party, ip_address="203.0.113.7", user_agent="t"
        )
    return contract


def _contract(side: Side) -> None:
    side.contract = _signed_contract(side, side)
    side.pending_contract = contract_send_for_signature(
        contract=contract_create_draft(
            work=side.work,
            licensor=side.rh_party,
            licensee=side.licensee_party,
            terms=make_terms(
                right={"right_type": "ebook", "territories": ["MY"], "languages": ["ms"]}
            ),
            origin="test",
            created_by=side.rh,
            licensee_language="ms",
        )
    )


def _usage_file(folder: Path, name: str, rows: list[str]) -> str:
    path = folder / f"usage-{name}.csv"
    path.write_text(",".join(HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def _stray_row(label: str) -> str:
    """A line no work matches (an ISBN nobody registered): it waits in the unmatched queue."""
    return f"{isbn13(next(_isbns))},Unknown {label},Nobody,VN,print,paperback,3,9.00,20,USD,"


def _cross_licence(side: Side, other: Side, folder: Path) -> None:
    """The other side's licensee also licenses this side's work and reports a stray line on
    it: the line the other side's rights holder must neither see in its queue nor move."""
    from licensing.royalties.services import usage_import

    side.cross_contract = _signed_contract(
        side, other, right_type="audio", territories=["TH"], languages=["th"]
    )
    path = _usage_file(folder, f"cross-{side.name}", [_stray_row(f"cross {side.name}")])
    report = usage_import(contract=side.cross_contract, period="2027-Q1", path=path)
    side.cross_unmatched = report.unmatched.get()


def _usage(side: Side, folder: Path) -> None:
    """A posted report with one matched and one unmatched line, then the closed statements."""
    from licensing.royalties.services import usage_import

    rows = [f"{side.isbn},Sunset,Author,VN,print,paperback,10,12.50,60,USD,", _stray_row(side.name)]
    path = _usage_file(folder, side.name, rows)
    side.report = usage_import(contract=side.contract, period="2027-Q1", path=path)
    side.unmatched = side.report.unmatched.get()
    statements = period_close(contracts=[side.contract], period="2027-Q1", enqueue_ledger=False)
    by_payee = {s.payee_id: s for s in statements}
    side.statement = by_payee[side.rh_party.pk]
    side.coowner_statement = by_payee[side.coowner_party.pk]
    side.line = StatementLine.objects.filter(statement=side.statement, kind="earnings").first()
    side.invoice = make_invoice(
        payer=side.licensee_party,
        payee=side.rh_party,
        subject=f"contract:{side.contract.reference}",
    )


def _finance(side: Side, examiner) -> None:
    pledge = pledges.pledge_apply(
        user=side.rh,
        data=pledges.PledgeInput(
            pledgor=side.rh_party,
            pledgee=side.bank_party,
            secured_amount=Decimal("500000.00"),
            currency="CNY",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2029, 12, 31),
            works=[side.work],
            contracts=[],
        ),
    )
    pledges.pledge_start_examination(pledge_id=pledge.pk, examiner=examiner)
    side.pledge = pledges.pledge_register(pledge_id=pledge.pk, examiner=examiner)
    side.pledge_certificate = pledge_certificate_issue(pledge_id=pledge.pk)
    side.valuation = valuation_save(
        works=[side.work],
        currency="CNY",
        assumptions=Assumptions(scenarios=200, min_fit_points=4),
        user=side.bank,
        pledge=side.pledge,
    )
    side.pool = pool_create(
        user=side.bank,
        name=f"Pool {side.name}",
        currency="CNY",
        trustee=side.bank_party,
        participants=[side.bank_party],
        works=[side.work],
    )
    _valuation_reports(side)


def _stream(side: Side) -> None:
    """The rights holder's draft royalty-stream offer on its (pledged) work: private until
    opened; its pledgee may consent to it."""
    side.stream_offer = stream_offer_create(
        user=side.rh,
        holder=side.rh_party,
        works=[side.work],
        title=f"Stream {side.name}",
        share_percent=Decimal("20"),
        term_periods=8,
        mode="fixed",
        currency="USD",
        price=Decimal("5000"),
    )


def _valuation_reports(side: Side) -> None:
    """The bank's valuation report on the work (consented, issued) and a second request
    still awaiting the holder's consent."""
    ask = dict(
        user=side.bank,
        requester=side.bank_party,
        works=[side.work],
        currency="CNY",
        loan_amount=Decimal("300000.00"),
        assumptions=Assumptions(scenarios=100, min_fit_points=4),
    )
    report = valuation_reports.valuation_report_request(**ask)
    valuation_reports.valuation_report_consent(report_id=report.pk, user=side.rh)
    side.valuation_report = valuation_reports.valuation_report_run(report_id=report.pk)
    side.pending_report = valuation_reports.valuation_report_request(**ask)


def _payout_file(side: Side) -> None:
    """A bank file of a payout run: only staff download it."""
    payee = bank_payee(name=f"Payee {side.name}", country="VN")
    owe(payee, "VND", "3000000", f"matrix-payout-{side.name}")
    run = payout_run_execute(run=payout_run_start(provider="pain001", currency="VND"))
    side.payout_file = run.files.get()


def _tax(side: Side) -> None:
    """The rights holder's tax residency awaiting review and its 2027-Q1 withholding
    certificate (its statements are closed by ``_usage``)."""
    side.tax_residency = submit_residency(side.rh_party, side.rh)
    side.withholding_certificate = withholding_certificate_issue(
        user=side.rh, party=side.rh_party, period="2027-Q1"
    )


def _case(side: Side, staff, *, summary: str):
    case = case_file(
        case_type="infringement",
        claimant=PartyInput(
            name=side.rh_party.name, party=side.rh_party, user=side.rh, language="en"
        ),
        # The buyer acts for the respondent party; no account is named at filing.
        respondent=PartyInput(
            name=side.buyer_party.name, party=side.buyer_party, email=side.buyer.email
        ),
        works=[side.work],
        summary=summary,
        claimed_amount=Decimal("5000"),
        currency="CNY",
        remedies=["takedown"],
        filed_by=side.rh,
    )
    case = case_accept(case=case, actor=staff)
    return case_assign_mediator(case=case, actor=staff, mediator=side.mediator)


def _disputes(side: Side, staff) -> None:
    side.case = _case(side, staff, summary=f"Copies of side {side.name}'s novel")
    side.evidence = evidence_upload(
        case=side.case,
        actor=side.rh,
        file=SimpleUploadedFile("listing.pdf", b"%PDF-1.4 pirated copy on sale"),
        description="Screenshot of the listing",
    )
    # The respondent's link to join, and the claimant's agent (an authority it confirmed).
    respondent = side.case.parties.get(role="respondent")
    invitation = identity.invitation_send(case_party=respondent, actor=staff)
    side.case_row, side.case_invitation_token = respondent, tokens.invitation_token(invitation.pk)
    side.agency = identity.agent_appoint(
        case=side.case, user=side.rh, name=f"Agent {side.name}", email=f"agent{side.name}@ex.com"
    )
    side.settlement = settlement_propose(
        case=side.case,
        actor=side.mediator,
        data=SettlementInput(terms_text="The respondent removes the copies."),
    )
    side.case.refresh_from_db()
    failed = _case(side, staff, summary=f"Side {side.name}: no agreement")
    failed = case_fail(case=failed, actor=side.mediator, note="Respondent refuses")
    side.failed_case = case_export_court_file(case=failed, actor=side.mediator)
    batched = [_case(side, staff, summary=f"Side {side.name}: batch {i}") for i in (1, 2)]
    side.batch = batch_create(mediator=side.mediator, cases=batched)
    side.evidence_entry = (
        EvidenceEntry.objects.filter(subject=f"dispute:{side.case.number}").first()
        or EvidenceEntry.objects.order_by("-seq").first()
    )


def _organisation(side: Side) -> None:
    """A pending request to join the rights holder's party, and an invitation to the buyer."""
    side.join_request = membership.membership_request_create(
        party=side.rh_party, user=side.licensee, message="We also sell for you."
    )
    side.invitation = membership.party_invite(
        party=side.rh_party,
        email=side.buyer.email,
        role="member",
        invited_by=side.rh,
        accept_url=lambda token: f"https://example.com/{token}",
    )
    side.invitation_token = membership.invitation_token(side.invitation)
    side.api_key = api_key_create(
        party=side.rh_party, user=side.rh, name="ERP", scopes=["read"], expires_on=None
    ).key


def _catalogue_upload(side: Side, folder: Path) -> None:
    """The rights holder's catalogue upload, waiting for its import job."""
    path = folder / f"catalogue-{side.name}.csv"
    path.write_text("reference,isbn,original_title,original_language\nR1,9787020002207,T,en\n")
    side.catalogue_upload = catalogue_upload_create(
        party=side.rh_party,
        user=side.rh,
        path=str(path),
        file_name=path.name,
        mode="quarantine",
    )


def _seizure(side: Side) -> None:
    side.seizure = pledges.seizure_record(
        user=side.court,
        court=side.court_party,
        case_number=f"(2026) Jing 0491 Min Chu {side.name}",
        works=[side.work],
        starts_on=TODAY - dt.timedelta(days=1),
        right_types=["adaptation"],  # frees the contract's translation right
        document=SimpleUploadedFile("order.pdf", b"%PDF-1.4 ruling", "application/pdf"),
    )


def _people(name: str) -> Side:
    side = Side(name)
    country = {"A": "CN", "B": "TH"}[name]
    for role, roles, category, party_country in (
        ("rh", ["rights_holder"], "publisher", country),
        ("buyer", ["buyer"], "publisher", "VN"),
        ("licensee", ["buyer"], "publisher", "VN"),
        ("coowner", ["rights_holder"], "creator", country),
        ("bank", ["bank"], "bank", country),
        ("court", ["court"], "court", country),
    ):
        user = make_user(roles=roles, email=f"{role}.{name.lower()}@example.com")
        setattr(side, role, user)
        setattr(
            side,
            f"{role}_party",
            make_party(
                name=f"{role} {name}", country=party_country, category=category, member=user
            ),
        )
    side.mediator = make_user(roles=["mediator"], email=f"mediator.{name.lower()}@example.com")
    return side


def build_world() -> World:
    examiner = make_user(roles=["examiner"], email="examiner@example.com")
    staff = make_user(roles=["staff"], is_staff=True, email="staff@example.com")
    usd_cny(on=dt.date(2027, 3, 31))  # statements in USD, pledges valued in CNY
    home_page_ensure(title={"en": "Home"}, headline={"en": "Rights"}, intro={"en": "Find"})
    folder = Path(tempfile.mkdtemp(prefix="matrix-usage-"))
    sides = []
    for name in ("A", "B"):
        side = _people(name)
        shares = [
            ShareInput(side.rh_party, Decimal(70)),
            ShareInput(side.coowner_party, Decimal(30)),
        ]
        _registered(side, examiner, shares=shares)
        _registration_batch(side, examiner)
        sides.append(side)
    for side in sides:
        _negotiation(side)
        _contract(side)
    _cross_licence(sides[1], sides[0], folder)  # side A's licensee on side B's work
    for side in sides:
        _usage(side, folder)
        _finance(side, examiner)
        _stream(side)
        _tax(side)
        _payout_file(side)
        _disputes(side, staff)
        _organisation(side)
        _seizure(side)
        _catalogue_upload(side, folder)
    return World(a=sides[0], b=sides[1], examiner=examiner, staff=staff)
