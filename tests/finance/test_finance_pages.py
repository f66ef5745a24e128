"""Pages (statement, invoices, pay in test mode, PDF, payouts, trial balance) and commands."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Membership
from catalog.services import party_add_member
from finance.fx.selectors import fx_rate
from finance.models import FxRate
from tests.factories.catalog import make_user
from tests.finance.conftest import make_invoice
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer_invoice():
    invoice = make_invoice(amounts=("1234.50",), tax_rate="7", language="th")
    user = make_user(roles=["buyer"], language="th")
    party_add_member(party=invoice.payer, user=user, role=Membership.Role.OWNER)
    return invoice, user


def test_statement_shows_running_balance_and_chart_to_members_only(client, buyer_invoice):
    invoice, user = buyer_invoice
    client.force_login(user)
    page = client.get(f"/en/finance/?party={invoice.payer.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "US$1,320.92" in html or "$1,320.92" in html  # receivable, Babel-formatted
    assert "<svg" in html
    assert client.get(f"/en/finance/?party={invoice.payee.pk}").status_code == 403
    staff = make_user(roles=["staff"])
    login_with_mfa(client, staff)
    assert client.get(f"/en/finance/?party={invoice.payee.pk}").status_code == 200


def test_invoice_pages_and_pdf_in_buyer_language(client, buyer_invoice):
    invoice, user = buyer_invoice
    client.force_login(user)
    assert invoice.number in client.get("/th/finance/invoices/").content.decode()
    detail = client.get(f"/th/finance/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="pay-invoice"' in detail
    pdf = client.get(f"/en/finance/invoices/{invoice.pk}/pdf/")
    # A private download: saved, never rendered on the site (catalog.kernel.downloads).
    assert pdf["Content-Type"] == "application/octet-stream"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    stranger = make_user()
    client.force_login(stranger)
    assert client.get(f"/en/finance/invoices/{invoice.pk}/").status_code == 404


def test_pay_page_in_test_mode_confirms_server_side(client, buyer_invoice, stripe_local, settings):
    settings.STRIPE_LOCAL_WEBHOOKS = False  # the webhook is posted by the test harness elsewhere
    invoice, user = buyer_invoice
    login_with_mfa(client, user)  # paying needs a second factor
    page = client.get(f"/en/finance/invoices/{invoice.pk}/pay/").content.decode()
    assert 'data-testid="test-mode"' in page and "js.stripe.com" not in page
    response = client.post(f"/en/finance/invoices/{invoice.pk}/pay/")
    assert response.status_code == 302
    import stripe

    intent = stripe.PaymentIntent.retrieve(invoice.attempts.get().payment_intent_id)
    assert intent["status"] == "succeeded" and intent["amount"] == 132092


def test_pay_page_with_real_keys_uses_payment_element(client, buyer_invoice, settings, monkeypatch):
    from finance import views
    from finance.payments import services as payments

    invoice, user = buyer_invoice
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_51Realistic"
    attempt = invoice.attempts.model(
        invoice=invoice,
        number=1,
        payment_intent_id="pi_1",
        client_secret="pi_1_secret_x",
        amount_minor=132092,
    )
    monkeypatch.setattr(payments, "payment_intent_for_invoice", lambda invoice: attempt)
    assert views.payments is payments
    login_with_mfa(client, user)
    response = client.get(f"/en/finance/invoices/{invoice.pk}/pay/")
    page = response.content.decode()
    assert "https://js.stripe.com/v3/" in page and "pi_1_secret_x" in page
    assert 'data-testid="test-mode"' not in page
    assert '<script id="elements-locale" type="application/json">"en"</script>' in page
    # Stripe has no Khmer: a Khmer payer's Payment Element speaks English, a zh-hant one zh-TW.
    km = client.get(f"/km/finance/invoices/{invoice.pk}/pay/").content.decode()
    assert '<script id="elements-locale" type="application/json">"en"</script>' in km
    zh = client.get(f"/zh-hant/finance/invoices/{invoice.pk}/pay/").content.decode()
    assert '<script id="elements-locale" type="application/json">"zh-TW"</script>' in zh
    # The Payment Element is driven by a static script; only this page lets Stripe in.
    assert "finance/pay.js" in page and "<script>" not in page
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "https://js.stripe.com" in policy["script-src"]
    assert "https://js.stripe.com" in policy["frame-src"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_staff_pages(client, buyer_invoice):
    _invoice, user = buyer_invoice
    client.force_login(user)
    assert client.get("/en/finance/trial-balance/").status_code == 403
    assert client.get("/en/finance/payouts/").status_code == 403
    login_with_mfa(client, make_user(roles=["staff"]))
    page = client.get("/en/finance/trial-balance/").content.decode()
    assert 'data-testid="balanced">✓' in page
    assert client.get("/en/finance/payouts/").status_code == 200


def test_trial_balance_command(monkeypatch):
    make_invoice()
    out = io.StringIO()
    call_command("trial_balance", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["balanced"] is True and report["currencies"] == {"USD": "0.0000"}
    from finance.management.commands import trial_balance as command

    monkeypatch.setattr(command, "trial_balance", lambda: {"USD": Decimal("0.01")})
    with pytest.raises(SystemExit) as exited:
        call_command("trial_balance", stdout=io.StringIO())
    assert exited.value.code == 1


def test_load_fx_rates_all_or_nothing(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        "base,quote,as_of,rate,source\n"
        "USD,VND,2026-01-01,25410,demo\nEUR,USD,2026-01-01,1.0412,demo\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "base,quote,as_of,rate,source\n"
        "USD,THB,2026-01-01,35.2,demo\nUSD,XXX,2026-01-01,1,demo\nUSD,JPY,2026-13-01,150,demo\n"
    )
    with pytest.raises(CommandError) as err:
        call_command("load_fx_rates", str(bad))
    assert "line 3" in str(err.value) and "line 4" in str(err.value)
    assert FxRate.objects.count() == 0
    call_command("load_fx_rates", str(good), stdout=io.StringIO())
    call_command("load_fx_rates", str(good), stdout=io.StringIO())  # idempotent
    assert FxRate.objects.count() == 2
    assert fx_rate(base="VND", quote="USD", on=__import__("datetime").date(2026, 2, 1)).source == (
        "demo (inverse)"
    )
