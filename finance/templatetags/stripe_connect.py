"""The Connect partial's filters: Stripe's requirement paths as labels the account holder
recognises (``stripe_requirements``), a country code as its name (``country_label``)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.territories import country_name

register = template.Library()

# Stripe's requirement paths (Account.requirements), by prefix, most specific first.
REQUIREMENT_LABELS = (
    ("external_account", gettext_lazy("Bank account for payouts")),
    ("tos_acceptance.", gettext_lazy("Acceptance of Stripe's terms of service")),
    ("individual.verification.", gettext_lazy("Identity document")),
    ("individual.dob.", gettext_lazy("Date of birth")),
    ("individual.id_number", gettext_lazy("Personal identification number")),
    ("individual.address.", gettext_lazy("Address")),
    ("individual.", gettext_lazy("Personal details")),
    ("business_profile.", gettext_lazy("Business profile (website, description)")),
    ("company.", gettext_lazy("Company details")),
    ("representative.", gettext_lazy("Company representative")),
    ("owners.", gettext_lazy("Owners and directors")),
    ("directors.", gettext_lazy("Owners and directors")),
    ("executives.", gettext_lazy("Owners and directors")),
    ("business_type", gettext_lazy("Business type")),
)


@register.filter
def stripe_requirements(fields: list[str] | None) -> list[str]:
    """One translated label per group of requirement paths, in the order given."""
    labels: list[str] = []
    for field in fields or []:
        label = next(
            (str(text) for prefix, text in REQUIREMENT_LABELS if field.startswith(prefix)),
            _("Other details Stripe asks for (%(field)s)") % {"field": field},
        )
        if label not in labels:
            labels.append(label)
    return labels


@register.filter
def country_label(code: str) -> str:
    return country_name(code) if code else ""
