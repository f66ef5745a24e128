"""Offer forms: the browser shape of ``licensing.terms.Terms``.

The fields are deliberately lenient (text in, text out): every rule lives in
``Terms.from_dict``, and its field paths (``rights.0.end``,
``royalty_rates.1.rate``) are mapped back onto the field or formset row that
produced them, so the person sees each message next to what they typed.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import RightType
from licensing.terms import Channel, PaymentKind, PaymentTrigger, RateBasis, ReportingPeriod, Terms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT = forms.TextInput(attrs={"inputmode": "decimal", "size": 12})


def split_codes(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


def _text(label, *, required: bool = False, widget=None, initial=None) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=widget or forms.TextInput, initial=initial
    )


class OfferForm(forms.Form):
    right_type = _text(_("Right type"), widget=forms.Select(choices=RightType.choices))
    territories = _text(_("Territories"))
    excluded_territories = _text(_("Excluded territories"))
    languages = _text(_("Languages"))
    media = _text(_("Channels"))
    formats = _text(_("Formats"))
    start = _text(_("Start"), widget=DATE)
    end = _text(_("End (last day included)"), widget=DATE)
    exclusive = forms.BooleanField(label=_("Exclusive"), required=False)
    currency = _text(_("Currency"), widget=forms.TextInput(attrs={"list": "stripe-currencies"}))
    flat_fee = _text(_("Flat fee"), widget=AMOUNT)
    advance = _text(_("Advance"), widget=AMOUNT)
    minimum_guarantee = _text(_("Minimum guarantee"), widget=AMOUNT)
    reporting_period = _text(
        _("Reporting period"),
        widget=forms.Select(choices=ReportingPeriod.choices),
        initial=ReportingPeriod.QUARTERLY,
    )
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    notes = _text(_("Other terms"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        hints = {
            "territories": _("Country codes or groups (ASEAN, WORLD), comma or space separated"),
            "excluded_territories": _("Countries or groups left out, comma or space separated"),
            "languages": _("Language codes, e.g. vi th"),
            "media": _("Sales channels licensed, e.g. retail online library; empty: every channel"),
            "formats": _("Formats licensed, e.g. hardback paperback ebook; empty: every format"),
        }
        for name, hint in hints.items():
            self.fields[name].help_text = hint


class RateForm(forms.Form):
    channel = _text(_("Channel"), widget=forms.Select(choices=Channel.choices))
    basis = _text(
        _("Basis"), widget=forms.Select(choices=RateBasis.choices), initial=RateBasis.NET_RECEIPTS
    )
    rate = _text(_("Rate"), widget=AMOUNT)
    territory = _text(_("Territory"), widget=forms.TextInput(attrs={"size": 6}))
    escalator_above = _text(_("Above units"), widget=AMOUNT)
    escalator_rate = _text(_("Then rate"), widget=AMOUNT)

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("rate") or "").strip()


class InstallmentForm(forms.Form):
    kind = _text(_("Payment kind"), widget=forms.Select(choices=PaymentKind.choices))
    amount = _text(_("Amount"), widget=AMOUNT)
    trigger = _text(
        _("Due"), widget=forms.Select(choices=PaymentTrigger.choices), initial="signature"
    )
    due = _text(_("Due date"), widget=DATE)

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("amount") or "").strip()


class RowFormSet(forms.BaseFormSet):
    """Every row is cleaned: a pre-filled row left unchanged is still part of the offer."""

    def get_form_kwargs(self, index):
        return {"empty_permitted": False}


RateFormSet = forms.formset_factory(RateForm, formset=RowFormSet, extra=1, max_num=20)
InstallmentFormSet = forms.formset_factory(InstallmentForm, formset=RowFormSet, extra=1, max_num=20)

RIGHT_FIELDS = {"right_type", "territories", "excluded_territories", "languages", "media"}
RIGHT_FIELDS |= {"formats"}
RIGHT_FIELDS |= {"start", "end"}
TOP_FIELDS = {"currency", "flat_fee", "advance", "minimum_guarantee", "reporting_period", "notes"}
RATE_FIELDS = {"channel", "basis", "rate", "territory"}


class OfferForms:
    """The offer form and its two formsets, validated together through ``Terms.from_dict``."""

    def __init__(
        self, data=None, *, initial_terms: dict | None = None, initial: dict | None = None
    ):
        main, rates, payments = _initial(initial_terms) if initial_terms else ({}, [], [])
        main.update(initial or {})
        self.form = OfferForm(data, initial=main)
        self.rates = RateFormSet(data, prefix="rates", initial=rates or None)
        self.payments = InstallmentFormSet(data, prefix="payments", initial=payments or None)
        self._rate_rows: list[int] = []
        self._payment_rows: list[int] = []

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.rates.is_valid(), self.payments.is_valid()])

    def as_dict(self) -> dict:
        d = self.form.cleaned_data
        rates, payments = [], []
        self._rate_rows, self._payment_rows = [], []
        for i, row in enumerate(self.rates.forms):
            if row.cleaned_data and not row.is_blank():
                self._rate_rows.append(i)
                rates.append(_rate(row.cleaned_data))
        for i, row in enumerate(self.payments.forms):
            if row.cleaned_data and not row.is_blank():
                self._payment_rows.append(i)
                p = row.cleaned_data
                payments.append(
                    {
                        "kind": p["kind"],
                        "amount": p["amount"],
                        "trigger": p["trigger"] or "signature",
                    }
                    | ({"due": p["due"]} if p["due"] else {})
                )
        return {
            "rights": [
                {
                    "right_type": d["right_type"],
                    "territories": [c.upper() for c in split_codes(d["territories"])],
                    "excluded_territories": [
                        c.upper() for c in split_codes(d["excluded_territories"])
                    ],
                    "languages": split_codes(d["languages"]),
                    "media": [c.lower() for c in split_codes(d["media"])],
                    "formats": [c.lower() for c in split_codes(d["formats"])],
                    "start": d["start"],
                    "end": d["end"],
                    "exclusive": d["exclusive"],
                }
            ],
            "currency": d["currency"].strip().upper(),
            "flat_fee": d["flat_fee"] or "0",
            "advance": d["advance"] or "0",
            "minimum_guarantee": d["minimum_guarantee"] or "0",
            "royalty_rates": rates,
            "payment_schedule": payments,
            "reporting_period": d["reporting_period"] or ReportingPeriod.QUARTERLY,
            "notes": d["notes"],
        }

    def terms(self) -> Terms:
        """Terms from the submitted data; field errors are put on the forms, then re-raised."""
        try:
            return Terms.from_dict(self.as_dict())
        except ValidationError as exc:
            self.add_errors(exc)
            raise

    @property
    def valid_until(self) -> dt.date:
        return self.form.cleaned_data["valid_until"]

    def add_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.form.add_error(None, exc.messages)
            return
        for path, messages in exc.message_dict.items():
            form, name = self._locate(path)
            form.add_error(name, messages)

    def _locate(self, path: str) -> tuple[forms.Form, str | None]:
        parts = path.split(".")
        if parts[0] == "rights" and len(parts) == 3 and parts[2] in RIGHT_FIELDS:
            return self.form, parts[2]
        if parts[0] in TOP_FIELDS | {"valid_until"}:
            return self.form, parts[0]
        rows = {"royalty_rates": (self.rates, self._rate_rows)}
        rows["payment_schedule"] = (self.payments, self._payment_rows)
        if parts[0] in rows and len(parts) >= 3 and parts[1].isdigit():
            formset, index = rows[parts[0]]
            row = formset.forms[index[int(parts[1])]]
            if parts[2] == "escalators":
                return row, "escalator_above" if parts[-1] == "above_units" else "escalator_rate"
            return row, parts[2] if parts[2] in row.fields else None
        return self.form, None

    @property
    def errors_count(self) -> int:
        return (
            len(self.form.errors)
            + sum(len(e) for e in self.rates.errors)
            + sum(len(e) for e in self.payments.errors)
        )


def _rate(r: dict) -> dict:
    rate = {"channel": r["channel"] or "*", "basis": r["basis"], "rate": r["rate"]}
    if r["territory"]:
        rate["territory"] = r["territory"].strip().upper()
    if (r["escalator_above"] or "").strip():
        rate["escalators"] = [{"above_units": r["escalator_above"], "rate": r["escalator_rate"]}]
    return rate


def _initial(terms: dict) -> tuple[dict, list[dict], list[dict]]:
    """Form initial data from a previous version's Terms dict (the counter-offer starts there)."""
    right = (terms.get("rights") or [{}])[0]
    main = {
        "right_type": right.get("right_type"),
        "territories": ", ".join(right.get("territories", [])),
        "excluded_territories": ", ".join(right.get("excluded_territories", [])),
        "languages": ", ".join(right.get("languages", [])),
        "media": ", ".join(right.get("media", [])),
        "formats": ", ".join(right.get("formats", [])),
        "start": right.get("start"),
        "end": right.get("end"),
        "exclusive": right.get("exclusive", False),
        "currency": terms.get("currency"),
        "reporting_period": terms.get("reporting_period"),
        "notes": terms.get("notes", ""),
    }
    for name in ("flat_fee", "advance", "minimum_guarantee"):
        main[name] = "" if terms.get(name) in (None, "0") else terms.get(name)
    rates = []
    for r in terms.get("royalty_rates", []):
        step = (r.get("escalators") or [{}])[0]
        rates.append(
            {
                "channel": r.get("channel"),
                "basis": r.get("basis"),
                "rate": r.get("rate"),
                "territory": "" if r.get("territory") == "*" else r.get("territory"),
                "escalator_above": step.get("above_units", ""),
                "escalator_rate": step.get("rate", ""),
            }
        )
    payments = [
        {"kind": p["kind"], "amount": p["amount"], "trigger": p["trigger"], "due": p.get("due")}
        for p in terms.get("payment_schedule", [])
    ]
    return main, rates, payments
