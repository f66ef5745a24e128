"""The contract document: every clause in Chinese and in the licensee's language (or English).

Clause texts are gettext strings rendered under ``translation.override`` for
each document language, so the two versions say the same thing; names of
countries and languages come from CLDR (Babel), amounts and dates are
formatted for each language. The document sent for signature is frozen by
its SHA-256; the signed copy adds the signature block and that hash.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.registration.certificates import absolute_url, qr_svg
from catalog.territories import GROUP_LABELS, country_name, group_members
from catalog.vocabulary import RightType
from i18n.formatting import (
    current_locale,
    format_date,
    format_datetime,
    format_money,
    format_number,
    format_percent,
)
from i18n.pdf import render_pdf
from licensing.contracts.models import Contract
from licensing.terms import (
    Channel,
    Format,
    PaymentKind,
    PaymentTrigger,
    RateBasis,
    ReportingPeriod,
    Terms,
)

GROUP_SPELLED_OUT = 20  # groups up to this size are listed country by country


def verify_url(contract: Contract) -> str:
    return absolute_url("contracts:verify", token=contract.verify_token)


def language_name(code: str, *, language: str) -> str:
    try:
        return Locale.parse(code, sep="-").get_display_name(current_locale(language)) or code
    except (UnknownLocaleError, ValueError):
        return code


def territory_names(codes, excluded, *, language: str) -> str:
    names = []
    for code in codes:
        members = group_members(code)
        if members is None:
            names.append(country_name(code, language=language))
        elif len(members) <= GROUP_SPELLED_OUT:
            spelled = ", ".join(sorted(country_name(c, language=language) for c in members))
            names.append(f"{GROUP_LABELS[code]} ({spelled})")
        else:
            names.append(str(GROUP_LABELS[code]))
    text = "; ".join(names)
    if excluded:
        left_out = ", ".join(country_name(c, language=language) for c in excluded)
        text += " " + _("excluding %(countries)s") % {"countries": left_out}
    return text


def _rate_text(rate, value: Decimal, currency: str, *, language: str) -> str:
    if rate.basis == RateBasis.PER_UNIT:
        return format_money(value, currency, language=language)
    return format_percent(value / 100, language=language)


def version_text(contract: Contract, terms: Terms, lang: str, parties: dict) -> dict:
    """Every label and clause of the document in ``lang`` (caller holds the override)."""
    cur = terms.currency
    period = ReportingPeriod(terms.reporting_period).label
    rights = [
        {
            "right": RightType(r.right_type).label,
            "territories": territory_names(r.territories, r.excluded_territories, language=lang),
            "countries": format_number(len(r.countries()), language=lang),
            "languages": ", ".join(language_name(code, language=lang) for code in r.languages),
            "window": _("%(start)s to %(end)s")
            % {
                "start": format_date(r.start, fmt="long", language=lang),
                "end": format_date(r.end, fmt="long", language=lang),
            },
            "exclusive": _("Exclusive") if r.exclusive else _("Non-exclusive"),
        }
        for r in terms.rights
    ]
    rates = [
        {
            # A rate names a channel and a format (licensing.terms): "Online retail · E-book".
            "channel": str(Channel(rate.channel).label)
            if rate.format == "*"
            else f"{Channel(rate.channel).label} · {Format(rate.format).label}",
            "basis": RateBasis(rate.basis).label,
            "territory": _("all territories")
            if rate.territory == "*"
            else country_name(rate.territory, language=lang),
            "rate": _rate_text(rate, rate.rate, cur, language=lang),
            "escalators": [
                _("from unit %(units)s: %(rate)s")
                % {
                    "units": format_number(step.above_units + 1, language=lang),
                    "rate": _rate_text(rate, step.rate, cur, language=lang),
                }
                for step in rate.escalators
            ],
        }
        for rate in terms.royalty_rates
    ]
    schedule = [
        {
            "kind": PaymentKind(item.kind).label,
            "amount": format_money(item.amount, cur, language=lang),
            "when": PaymentTrigger(item.trigger).label
            if item.due is None
            else format_date(item.due, fmt="long", language=lang),
        }
        for item in terms.installments()
    ]
    money = {
        "flat_fee": format_money(terms.flat_fee, cur, language=lang),
        "advance": format_money(terms.advance, cur, language=lang),
        "minimum_guarantee": format_money(terms.minimum_guarantee, cur, language=lang),
    }
    clauses = [
        _(
            "1. Grant. %(licensor)s (the Licensor) grants %(licensee)s (the Licensee) the "
            "rights listed in the table below, for the territories, languages and periods "
            "stated there, exclusively where the table says so."
        )
        % parties,
        _(
            "2. Reserved rights. Every right not expressly granted here stays with the "
            "Licensor. The Licensee may not sublicense without the Licensor's written consent."
        ),
        _(
            "3. Payment. The Licensee pays the flat fee of %(flat_fee)s and the advance of "
            "%(advance)s as the payment schedule below states. The advance is recouped from "
            "royalties; a minimum guarantee of %(minimum_guarantee)s applies to the term."
        )
        % money,
        _(
            "4. Royalties. The Licensee pays royalties at the rates below; where an escalator "
            "is stated, the higher rate applies from the unit named, counted cumulatively."
        ),
        _(
            "5. Reporting. The Licensee reports sales and usage %(period)s, within 30 days of "
            "the end of each period, and pays the royalties due with each report."
        )
        % {"period": str(period).lower()},
        _(
            "6. Ending. A party may terminate this contract for a material breach not cured "
            "within 30 days of notice. Rights end on the termination date; the grant record "
            "keeps the rights already enjoyed."
        ),
        _(
            "7. Languages. This contract is made in %(languages)s. Both versions are equally "
            "authentic; the parties signed the document identified by its SHA-256 hash."
        )
        % {
            "languages": _(" and ").join(
                language_name(code, language=lang) for code in contract.document_languages
            )
        },
    ]
    if terms.reserve_percent:
        clauses.insert(
            5,
            _(
                "5a. Reserve against returns. The Licensee may hold back %(percent)s of "
                "royalties against returns for %(periods)s reporting periods."
            )
            % {
                "percent": format_percent(terms.reserve_percent / 100, language=lang),
                "periods": format_number(terms.reserve_periods, language=lang),
            },
        )
    return {
        "lang": lang,
        "heading": _("Copyright Licence Contract"),
        "labels": {
            "number": _("Contract number"),
            "version": _("Version"),
            "licensor": _("Licensor"),
            "licensee": _("Licensee"),
            "work": _("Work"),
            "registration": _("Registration number"),
            "rights": _("Rights granted"),
            "right": _("Right"),
            "territories": _("Territories"),
            "countries": _("Countries"),
            "languages": _("Languages"),
            "window": _("Period"),
            "exclusivity": _("Exclusivity"),
            "royalties": _("Royalty rates"),
            "channel": _("Channel"),
            "basis": _("Basis"),
            "territory": _("Territory"),
            "rate": _("Rate"),
            "escalators": _("Escalators"),
            "schedule": _("Payment schedule"),
            "kind": _("Payment"),
            "amount": _("Amount"),
            "when": _("Due"),
            "reporting": _("Reporting period"),
            "currency": _("Currency"),
        },
        "reporting": period,
        "currency": cur,
        "clauses": clauses,
        "rights": rights,
        "rates": rates,
        "schedule": schedule,
        "notes": terms.notes,
    }


def registration_number(contract: Contract) -> str:
    from catalog.registration.models import Application, Status

    return (
        Application.objects.filter(work=contract.work, status=Status.REGISTERED)
        .values_list("number", flat=True)
        .first()
        or ""
    )


def contract_context(contract: Contract, *, signed_copy: bool = False) -> dict:
    terms = contract.get_terms()
    parties = {
        "licensor": contract.licensor.original_name,
        "licensee": contract.licensee.original_name,
    }
    versions = []
    signature_labels: dict[str, list[str]] = {}
    for lang in contract.document_languages:
        with translation.override(lang):
            versions.append(version_text(contract, terms, lang, parties))
            for key, text in {
                "signatures": _("Signatures"),
                "signed_by": _("Signed by"),
                "signed_at": _("Signed at"),
                "not_signed": _("Not yet signed"),
                "hash": _("Document SHA-256"),
                "verify": _("Verify this contract"),
            }.items():
                signature_labels.setdefault(key, []).append(text)
    signatures = []
    if signed_copy:
        by_party = {s.party_id: s for s in contract.signatures.select_related("party")}
        for party in contract.parties:
            sig = by_party.get(party.pk)
            signatures.append(
                {
                    "party": party.original_name,
                    "signer": sig.signer_name if sig else "",
                    "at": format_datetime(sig.signed_at, fmt="long", language="en") if sig else "",
                    "at_utc": sig.signed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
                    if sig
                    else "",
                }
            )
    url = verify_url(contract)
    return {
        "contract": contract,
        "work": contract.work,
        "registration_number": registration_number(contract),
        "versions": versions,
        "signature_labels": signature_labels,
        "signed_copy": signed_copy,
        "signatures": signatures,
        "parties": [contract.licensor, contract.licensee],
        "qr_svg": qr_svg(url),
        "verify_url": url,
        "rendered_at": timezone.now(),
    }


def render_contract_pdf(contract: Contract, *, signed_copy: bool = False) -> bytes:
    return render_pdf(
        "contracts/contract_pdf.html",
        contract_context(contract, signed_copy=signed_copy),
        language=contract.document_languages[0] if contract.document_languages else "zh-hans",
    )
