"""Negotiation pages: offer forms (field-level errors through Terms.from_dict), access, diff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from marketplace.deals.forms import OfferForms
from marketplace.deals.models import Offer, OfferStatus
from tests.factories.catalog import make_party, make_user
from tests.marketplace.deals.test_deals import LATER, Deal
from tests.mfa import login_with_mfa


@pytest.fixture
def deal(db):
    return Deal()


def form_data(**overrides) -> dict:
    data = {
        "right_type": "translation",
        "territories": "VN, TH",
        "excluded_territories": "",
        "languages": "vi th",
        "media": "retail online",
        "start": "2027-01-01",
        "end": "2031-12-31",
        "exclusive": "on",
        "currency": "USD",
        "flat_fee": "",
        "advance": "3000",
        "minimum_guarantee": "1000",
        "reporting_period": "quarterly",
        "valid_until": LATER.isoformat(),
        "notes": "Cover art supplied by the licensor.",
        "rates-TOTAL_FORMS": "2",
        "rates-INITIAL_FORMS": "0",
        "rates-0-channel": "retail",
        "rates-0-basis": "list_price",
        "rates-0-rate": "8",
        "rates-0-territory": "",
        "rates-0-escalator_above": "5000",
        "rates-0-escalator_rate": "10",
        "rates-1-channel": "online",
        "rates-1-basis": "net_receipts",
        "rates-1-rate": "25",
        "rates-1-territory": "",
        "rates-1-escalator_above": "",
        "rates-1-escalator_rate": "",
        "payments-TOTAL_FORMS": "2",
        "payments-INITIAL_FORMS": "0",
        "payments-0-kind": "advance",
        "payments-0-amount": "1500",
        "payments-0-trigger": "signature",
        "payments-0-due": "",
        "payments-1-kind": "advance",
        "payments-1-amount": "1500",
        "payments-1-trigger": "date",
        "payments-1-due": "2027-06-30",
    }
    data.update(overrides)
    return data


def test_form_builds_full_terms():
    forms = OfferForms(form_data())
    assert forms.is_valid()
    terms = forms.terms()
    right = terms.rights[0]
    assert right.territories == ("VN", "TH") and right.languages == ("th", "vi")
    assert right.media == ("retail", "online") and right.exclusive
    assert [str(r.rate) for r in terms.royalty_rates] == ["8", "25"]
    assert terms.royalty_rates[0].escalators[0].above_units == 5000
    assert len(terms.payment_schedule) == 2 and str(terms.minimum_guarantee) == "1000"


@pytest.mark.parametrize(
    ("overrides", "where", "field", "text"),
    [
        ({"end": "2026-12-31"}, "form", "end", "before start"),
        ({"territories": "VN, XX"}, "form", "territories", "XX"),
        ({"languages": "vi, not a tag!"}, "form", "languages", "not a BCP 47"),
        ({"currency": "XYZ"}, "form", "currency", "XYZ"),
        ({"rates-1-rate": "120"}, "rates.1", "rate", "outside 0–100"),
        ({"rates-0-rate": "-1"}, "rates.0", "rate", "outside 0–100"),
        ({"rates-0-escalator_rate": "101"}, "rates.0", "escalator_rate", "outside 0–100"),
        ({"payments-1-due": ""}, "payments.1", "due", "due date"),
    ],
)
def test_bad_input_gets_a_field_error_and_saves_nothing(
    deal, client, overrides, where, field, text
):
    client.force_login(deal.buyer_user)
    url = reverse("deals:offer_new", kwargs={"pk": deal.thread.pk})
    response = client.post(url, form_data(**overrides))
    assert response.status_code == 200
    forms = response.context["forms"]
    if where == "form":
        errors = forms.form.errors[field]
    else:
        name, index = where.split(".")
        errors = (
            getattr(forms, "rates" if name == "rates" else "payments")
            .forms[int(index)]
            .errors[field]
        )
    assert any(text in e for e in errors), errors
    assert not Offer.objects.exists()


def test_offer_page_flow_counter_is_prefilled_and_diff_shown(deal, client):
    client.force_login(deal.buyer_user)
    response = client.post(reverse("deals:offer_new", kwargs={"pk": deal.thread.pk}), form_data())
    assert response.status_code == 302
    v1 = Offer.objects.get()
    client.force_login(deal.seller_user)
    counter_url = reverse("deals:offer_counter", kwargs={"pk": v1.pk})
    page = client.get(counter_url)
    assert page.context["forms"].form["advance"].value() == "3000"
    assert page.context["forms"].rates.forms[0]["escalator_above"].value() == 5000
    response = client.post(counter_url, form_data(advance="5000", **{"rates-1-rate": "30"}))
    assert response.status_code == 302
    detail = client.get(f"/en/deals/{deal.thread.pk}/")
    changes = {c["path"]: c for c in detail.context["offers"][0].changes}
    assert set(changes) == {"advance", "royalty_rates.1.rate"}
    assert changes["advance"]["label"] == "Advance"
    assert changes["royalty_rates.1.rate"]["label"] == "Royalty rate 2 · Rate"
    html = detail.content.decode()
    assert "Royalty rate 2 · Rate" in html and 'data-testid="accept-offer"' not in html
    # The seller made v2: the buyer sees accept / counter buttons.
    client.force_login(deal.buyer_user)
    html = client.get(reverse("deals:detail", kwargs={"pk": deal.thread.pk})).content.decode()
    assert 'data-testid="accept-offer"' in html and 'data-testid="counter-offer"' in html


def test_diff_money_is_formatted_by_babel_for_the_page_language(deal, client):
    deal.seller_counter(deal.buyer_offer(), advance="5000")
    client.force_login(deal.buyer_user)
    html = client.get(f"/en/deals/{deal.thread.pk}/").content.decode()
    assert "$3,000.00" in html and "$5,000.00" in html
    assert "Dec 31, 2031" in html  # dates too
    html = client.get(f"/vi/deals/{deal.thread.pk}/").content.decode()
    assert "5.000,00\xa0US$" in html


def test_outsider_and_anonymous_cannot_see_a_thread(deal, client):
    v1 = deal.buyer_offer()
    outsider = make_user()
    make_party(member=outsider)
    client.force_login(outsider)
    assert client.get(reverse("deals:detail", kwargs={"pk": deal.thread.pk})).status_code == 404
    assert client.get(reverse("deals:offer_counter", kwargs={"pk": v1.pk})).status_code == 404
    assert client.post(reverse("deals:offer_action", args=[v1.pk, "accept"])).status_code == 404
    assert deal.thread.pk not in [t.pk for t in client.get(reverse("deals:list")).context["buying"]]
    client.logout()
    assert client.get(reverse("deals:detail", kwargs={"pk": deal.thread.pk})).status_code == 302
    assert Offer.objects.get().status == OfferStatus.OPEN


def test_staff_can_read_but_not_act(deal, client):
    v1 = deal.buyer_offer()
    staff = make_user(is_staff=True)
    login_with_mfa(client, staff)
    assert client.get(reverse("deals:detail", kwargs={"pk": deal.thread.pk})).status_code == 200
    assert client.post(reverse("deals:offer_action", args=[v1.pk, "accept"])).status_code == 403


def test_accept_through_the_page_goes_to_the_contract(deal, client):
    v1 = deal.buyer_offer()
    client.force_login(deal.seller_user)
    response = client.post(reverse("deals:offer_action", args=[v1.pk, "accept"]))
    deal.thread.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", kwargs={"pk": deal.thread.contract_id})


def test_own_offer_accept_via_page_is_refused_with_message(deal, client):
    v1 = deal.buyer_offer()
    client.force_login(deal.buyer_user)
    response = client.post(f"/en/deals/offers/{v1.pk}/accept/", follow=True)
    assert "Only the other party" in response.content.decode()
    assert Offer.objects.get().status == OfferStatus.OPEN


def test_start_from_listing_reuses_the_inquiry(deal, client):
    client.force_login(deal.buyer_user)
    response = client.post(reverse("deals:start"), {"listing": deal.listing.pk})
    assert response.status_code == 302 and response.url.endswith(f"/deals/{deal.thread.pk}/offer/")
    # The seller opens the same thread from the inquiry on the dashboard.
    client.force_login(deal.seller_user)
    dashboard = client.get("/en/seller/").content.decode()
    assert 'data-testid="open-negotiation"' in dashboard
    response = client.post(reverse("deals:start"), {"inquiry": deal.inquiry.pk})
    assert response.url.endswith(f"/deals/{deal.thread.pk}/offer/")


def test_lists_show_both_sides(deal, client):
    deal.buyer_offer()
    client.force_login(deal.seller_user)
    context = client.get(reverse("deals:list")).context
    assert [t.pk for t in context["selling"]] == [deal.thread.pk] and not context["buying"]


def test_pages_render_in_every_language(deal, client):
    from i18n.languages import LANGUAGE_CODES

    v2 = deal.seller_counter(deal.buyer_offer(), advance="5000")
    client.force_login(deal.buyer_user)
    for code in LANGUAGE_CODES:
        for url in (
            f"/{code}/deals/",
            f"/{code}/deals/{deal.thread.pk}/",
            f"/{code}/deals/offers/{v2.pk}/counter/",
        ):
            assert client.get(url).status_code == 200, url


def test_conflicts_are_shown_and_no_accept_button(deal, client):
    import datetime as dt

    from licensing.services import grant_write

    v1 = deal.buyer_offer()
    grant_write(
        work=deal.work,
        licensee=make_party(country="VN"),
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=dt.date(2029, 1, 1),
        end=dt.date(2029, 12, 31),
        exclusive=True,
        source_ref="OTHER-7",
    )
    client.force_login(deal.seller_user)
    html = client.get(f"/en/deals/{deal.thread.pk}/").content.decode()
    assert 'data-testid="conflicts"' in html and "OTHER-7" in html and "Vietnam" in html
    assert "Jan 1, 2029" in html
    assert 'data-testid="accept-offer"' not in html
    assert v1.pk  # the offer is still open; the service refuses too (test_deals.py)
