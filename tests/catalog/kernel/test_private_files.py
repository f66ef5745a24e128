"""Private files are never public; every download goes through a view that checks the reader.

The table at the top is the issue's "the same for every file download": for each kind
of file the platform hands out, a member of the party it belongs to gets it as a
saved attachment with the safe headers, a member of another party gets 404 and an
anonymous visitor is sent to the login page.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import (
    FileSystemStorage,
    Storage,
    default_storage,
    storages,
)
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import clear_url_caches, reverse
from storages.backends.s3 import S3Storage

from catalog.kernel.downloads import SANDBOX_CSP, private_file_response
from catalog.kernel.storage import PrivateFileHasNoURL, local_path, storages_from_env
from catalog.models import WorkFile
from catalog.registration.certificates import certificate_issue_first
from catalog.registration.models import Application
from catalog.services import work_create
from finance.pledges import services as pledges
from finance.pledges.certificates import pledge_certificate_issue
from licensing.disputes.cases import (
    case_accept,
    case_assign_mediator,
    case_export_court_file,
    case_fail,
)
from licensing.disputes.evidence import evidence_upload
from licensing.disputes.settlements import Installment, SettlementInput, settlement_propose
from licensing.royalties.models import UsageReport
from licensing.royalties.services import period_close, usage_import
from marketplace.deals.conversation import message_post
from tests.factories.catalog import image_upload, make_party, make_user, work_input
from tests.factories.contracts import Deal
from tests.factories.pledges import Holder, make_bank, make_court, make_pledge
from tests.factories.royalties import RoyaltyDeal, row, write_csv
from tests.finance.conftest import make_invoice
from tests.licensing.disputes.test_disputes import file_case, make_mediator
from tests.marketplace.deals.test_deals import Deal as Negotiation

pytestmark = pytest.mark.django_db

HEADERS = {
    "Content-Type": "application/octet-stream",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": SANDBOX_CSP,
    "Cache-Control": "private, no-store",
}


def verified(user):
    """Memberships count once the user's e-mail is verified (catalog.kernel.permissions)."""
    if not EmailAddress.objects.filter(user=user, primary=True, verified=True).exists():
        EmailAddress.objects.create(
            user=user, email=f"{user.username}@example.test", primary=True, verified=True
        )
    return user


def member_of_new_party():
    user = make_user()
    make_party(member=user)
    return user


@dataclass
class Download:
    url: str
    owner: object  # a member of a party the file belongs to


def _url(name: str, *args: object) -> str:
    return reverse(name, args=args)


# ---------------------------------------------------------------- one builder per kind


def contract_document(tmp_path) -> Download:
    deal = Deal()
    contract = deal.sent()
    return Download(_url("contracts:document", contract.pk), deal.buyer)


def contract_signed_copy(tmp_path) -> Download:
    deal = Deal()
    contract = deal.sent()
    return Download(_url("contracts:signed_copy", contract.pk), deal.seller)


def registration_certificate(tmp_path) -> Download:
    holder = Holder()
    work = holder.work()
    application = Application.objects.get(work=work)
    certificate_issue_first(application_id=application.pk)
    return Download(_url("registration:certificate", application.pk, 1), holder.user)


def pledge_certificate(tmp_path) -> Download:
    holder = Holder()
    pledge = make_pledge(holder, make_bank(), works=[holder.work()])
    certificate = pledge_certificate_issue(pledge_id=pledge.pk)
    return Download(_url("pledges:certificate", pledge.pk, certificate.version), holder.user)


def valuation_report(tmp_path) -> Download:
    holder = Holder()
    pledge = make_pledge(holder, make_bank(), works=[holder.work()])
    return Download(_url("valuation:pledge_pdf", pledge.pk), holder.user)


def seizure_order(tmp_path) -> Download:
    holder = Holder()
    court_user, court = make_court()
    seizure = pledges.seizure_record(
        user=court_user,
        court=court,
        case_number="(2026)京0491民初1号",
        works=[holder.work()],
        starts_on=dt.date(2026, 1, 1),
        document=SimpleUploadedFile("order.pdf", b"%PDF-1.4 ruling", "application/pdf"),
    )
    # The holder of the frozen work may read the order (the court's own users need a second
    # factor, tests/finance/pledges/test_court_portal.py).
    return Download(_url("pledges:seizure_document", seizure.pk), holder.user)


def deal_attachment(tmp_path) -> Download:
    deal = Negotiation()
    message = message_post(
        thread=deal.thread,
        user=deal.buyer_user,
        party=deal.buyer,
        body="Hợp đồng mẫu",
        language="vi",
        attachments=[image_upload(name="mau.png")],
    )
    return Download(_url("deals:attachment", message.attachments.get().pk), deal.seller_user)


def _running_case(claimant):
    staff = make_user(roles=["staff"], is_staff=True)
    case = file_case(claimant_user=claimant, respondent_country="US")
    case = case_accept(case=case, actor=staff)
    return case_assign_mediator(case=case, actor=staff, mediator=make_mediator())


def dispute_evidence(tmp_path) -> Download:
    claimant = make_user()
    make_party(member=claimant)
    case = file_case(claimant_user=claimant)
    item = evidence_upload(
        case=case, actor=claimant, file=image_upload(name="copy.png"), description="Copy"
    )
    return Download(_url("disputes:evidence", item.pk), claimant)


def dispute_settlement(tmp_path) -> Download:
    claimant = make_user()
    make_party(member=claimant)
    case = _running_case(claimant)
    settlement_propose(
        case=case,
        actor=case.mediator,
        data=SettlementInput(
            amount=Decimal("1000"),
            currency="USD",
            schedule=[Installment(dt.date(2026, 12, 15), Decimal("1000"))],
        ),
    )
    return Download(_url("disputes:settlement_pdf", case.pk), claimant)


def dispute_court_file(tmp_path) -> Download:
    claimant = make_user()
    make_party(member=claimant)
    case = _running_case(claimant)
    case = case_fail(case=case, actor=case.mediator, note="No agreement")
    case_export_court_file(case=case, actor=case.mediator)
    return Download(_url("disputes:court_file", case.pk), claimant)


def _royalties(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    rows = [row(deal, units="100"), row(deal, units="not a number")]
    path = write_csv(tmp_path / "usage-2027-Q1.csv", rows)
    report = usage_import(contract=contract, period="2027-Q1", path=str(path), keep_file=True)
    (statement,) = period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    return deal, report, statement


def statement_file(fmt: str) -> Callable[[object], Download]:
    def build(tmp_path) -> Download:
        deal, _report, statement = _royalties(tmp_path)
        return Download(_url(f"royalties:statement_{fmt}", statement.pk), deal.seller)

    build.__name__ = f"statement_{fmt}"
    return build


def usage_file(tmp_path) -> Download:
    deal, report, _statement = _royalties(tmp_path)
    return Download(_url("royalties:report_file", report.pk), deal.buyer)


def quarantine_report(tmp_path) -> Download:
    deal, report, _statement = _royalties(tmp_path)
    return Download(_url("royalties:quarantine_csv", report.pk), deal.seller)


def invoice_pdf(tmp_path) -> Download:
    payer_user = make_user()
    invoice = make_invoice(payer=make_party(member=payer_user, country="VN"))
    return Download(_url("finance:invoice_pdf", invoice.pk), payer_user)


DOWNLOADS = [
    contract_document,
    contract_signed_copy,
    registration_certificate,
    pledge_certificate,
    valuation_report,
    seizure_order,
    deal_attachment,
    dispute_evidence,
    dispute_settlement,
    dispute_court_file,
    statement_file("pdf"),
    statement_file("csv"),
    statement_file("xlsx"),
    usage_file,
    quarantine_report,
    invoice_pdf,
]


@pytest.mark.usefixtures("fast_pdf", "private_root")
@pytest.mark.parametrize("build", DOWNLOADS, ids=lambda build: build.__name__)
def test_every_download_is_for_its_parties_only_and_saved_never_rendered(client, build, tmp_path):
    download = build(tmp_path)

    anonymous = client.get(download.url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]

    client.force_login(verified(member_of_new_party()))
    assert client.get(download.url).status_code == 404

    client.force_login(verified(download.owner))
    response = client.get(download.url)
    assert response.status_code == 200
    assert {name: response[name] for name in HEADERS} == HEADERS
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content)


# ---------------------------------------------------------------- no public path


@pytest.fixture
def debug_urls(settings):
    """The URL conf as `make run` builds it (DEBUG on adds the media route)."""
    import marketplace.urls

    settings.DEBUG = True
    importlib.reload(marketplace.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(marketplace.urls)
    clear_url_caches()


@pytest.mark.usefixtures("fast_pdf")
def test_a_signed_contract_is_not_served_from_media_even_with_debug_on(client, debug_urls):
    deal = Deal()
    contract = deal.active()
    assert default_storage.exists(contract.document.name)  # e.g. contracts/2026/LIC-….pdf
    assert client.get(f"/media/{contract.document.name}").status_code == 404
    # The route that remains reaches the public root only.
    storages["public"].save("images/banner.png", ContentFile(image_upload().read()))
    assert client.get("/media/images/banner.png").status_code == 200


def test_a_private_file_has_no_url():
    name = default_storage.save("contracts/probe.txt", ContentFile(b"x"))
    with pytest.raises(PrivateFileHasNoURL):
        default_storage.url(name)
    # Django's own "has a URL?" checks (the admin's file widget) see none.
    file = WorkFile(file=name)
    assert getattr(file.file, "url", None) is None
    default_storage.delete(name)


def test_settings_refuse_a_private_root_the_media_route_would_serve(tmp_path):
    with pytest.raises(ImproperlyConfigured):
        storages_from_env(
            {},
            private_root=tmp_path / "media" / "private",
            media_root=tmp_path / "media",
            media_url="/media/",
        )
    with pytest.raises(ImproperlyConfigured):
        storages_from_env(
            {"STORAGE_BACKEND": "ftp"},
            private_root=tmp_path / "p",
            media_root=tmp_path / "m",
            media_url="/media/",
        )


@pytest.mark.usefixtures("fast_pdf", "private_root")
def test_admin_pages_of_objects_with_private_files_render(tmp_path):
    """The admin cannot link a private file; it shows the stored name instead of failing."""
    claimant = make_user()
    make_party(member=claimant)
    case = _running_case(claimant)
    case = case_fail(case=case, actor=case.mediator, note="No agreement")
    case_export_court_file(case=case, actor=case.mediator)
    holder = Holder()
    work = holder.work()
    application = Application.objects.get(work=work)
    certificate_issue_first(application_id=application.pk)
    deal = RoyaltyDeal()
    path = write_csv(tmp_path / "usage.csv", [row(deal)])
    report = usage_import(
        contract=deal.royalty_contract(), period="2027-Q1", path=str(path), keep_file=True
    )
    superuser = make_user(is_staff=True, is_superuser=True)
    for model, obj in (
        (type(case), case),
        (Application, application),
        (type(work), work),
        (UsageReport, report),
    ):
        request = RequestFactory().get("/admin/")
        request.user = superuser
        response = admin.site._registry[model].change_view(request, str(obj.pk))
        response.render()
        assert response.status_code == 200


# ---------------------------------------------------------------- object storage


S3_ENV = {
    "STORAGE_BACKEND": "s3",
    "S3_BUCKET": "rights-files",
    "S3_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "S3_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "S3_REGION": "ap-southeast-1",
    "S3_ENDPOINT_URL": "https://s3.example.test",
    "S3_URL_EXPIRE_SECONDS": "90",
}


def _s3(alias: str, env=S3_ENV) -> S3Storage:
    config = storages_from_env(env, private_root="/p", media_root="/m", media_url="/media/")
    assert config[alias]["BACKEND"] == "storages.backends.s3.S3Storage"
    return S3Storage(**config[alias]["OPTIONS"])


def test_s3_private_storage_signs_short_lived_urls_without_network():
    private = _s3("default")
    assert private.querystring_auth is True and private.querystring_expire == 90
    assert private.default_acl == "private" and private.location == "private"
    url = private.url("contracts/2026/LIC-2026-000001.pdf")
    assert "X-Amz-Expires=90" in url and "X-Amz-Signature=" in url
    assert "/private/contracts/2026/" in url
    public = _s3("public")
    assert public.querystring_auth is False and public.location == "public"


def test_s3_settings_refuse_missing_bucket_or_long_expiry():
    with pytest.raises(ImproperlyConfigured):
        storages_from_env(
            {**S3_ENV, "S3_BUCKET": ""}, private_root="/p", media_root="/m", media_url="/media/"
        )
    with pytest.raises(ImproperlyConfigured):
        storages_from_env(
            {**S3_ENV, "S3_URL_EXPIRE_SECONDS": "86400"},
            private_root="/p",
            media_root="/m",
            media_url="/media/",
        )


def test_on_s3_a_checked_download_redirects_to_a_signed_attachment_url():
    response = private_file_response(
        "contracts/2026/LIC-2026-000001.pdf", filename="LIC-2026-000001.pdf", storage=_s3("default")
    )
    assert response.status_code == 302
    location = response["Location"]
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=90" in location
    assert "response-content-disposition=attachment" in location
    assert "response-content-type=application%2Foctet-stream" in location
    assert response["Cache-Control"] == "private, no-store"


# ---------------------------------------------------------------- verify page samples


@pytest.fixture
def registered(private_root):
    holder = Holder()
    work = holder.work()  # registered, with one image sample
    application = Application.objects.get(work=work)
    return application, work.files.get()


def _sample_url(application, file) -> str:
    return reverse("registration:verify_sample", args=[application.number, file.pk])


def test_verify_page_shows_samples_to_anyone_with_debug_off(client, settings, registered):
    settings.DEBUG = False
    application, sample = registered
    page = client.get(reverse("registration:verify", args=[application.number]))
    assert page.status_code == 200
    assert _sample_url(application, sample) in page.content.decode()
    response = client.get(_sample_url(application, sample))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX_CSP
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_only_published_samples_of_registered_works_are_public(client, registered):
    application, sample = registered
    sample.is_sample = False
    sample.save(update_fields=["is_sample"])
    assert client.get(_sample_url(application, sample)).status_code == 404
    # A file of a work whose application is not registered, under a registered number.
    holder = Holder()
    draft = work_create(holder=holder.party, data=work_input())
    unpublished = WorkFile.objects.create(
        work=draft,
        kind="image",
        file=ContentFile(image_upload().read(), name="draft.png"),
        original_name="draft.png",
        sha256="0" * 64,
        size=1,
    )
    assert client.get(_sample_url(application, unpublished)).status_code == 404


def test_a_sample_that_is_not_a_raster_image_is_saved_not_shown(client, registered):
    application, sample = registered
    svg = WorkFile.objects.create(
        work=sample.work,
        kind="image",  # claimed an image; its content is script
        file=ContentFile(
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            name="cover.svg",
        ),
        original_name="cover.svg",
        sha256="1" * 64,
        size=70,
    )
    response = client.get(_sample_url(application, svg))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == SANDBOX_CSP


class _ObjectStorage(Storage):
    """Like S3: bytes behind open(), no path on this machine."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def _save(self, name: str, content) -> str:
        self.blobs[name] = content.read()
        return name

    def _open(self, name: str, mode: str = "rb") -> ContentFile:
        return ContentFile(self.blobs[name], name=name)

    def exists(self, name: str) -> bool:
        return name in self.blobs


def test_readers_get_a_local_copy_of_a_file_on_storage_without_paths():
    """Object storage has no ``path``: the usage import reads a temporary copy instead."""
    store = _ObjectStorage()
    name = store.save("usage/report.csv", ContentFile(b"isbn,units\n9780000000002,3\n"))
    with pytest.raises(NotImplementedError):
        store.path(name)
    with local_path(store, name) as path:
        with open(path, "rb") as handle:
            assert handle.read() == b"isbn,units\n9780000000002,3\n"
        assert path.endswith(".csv")
    assert not os.path.exists(path)


def test_a_file_on_disk_is_read_where_it_is(tmp_path):
    target = tmp_path / "report.csv"
    target.write_bytes(b"x")
    with local_path(FileSystemStorage(location=tmp_path), "report.csv") as path:
        assert path == str(target)
    assert target.exists()
