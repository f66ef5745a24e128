"""The licensee's value maps page: its own words for channels, formats and territories.

Thin: the form parses, ``services.usage_value_map_save`` / ``usage_value_map_delete`` /
``usage_unmapped_resolve`` decide (and refuse a user who does not act for the
licensee); the page lists the maps, the values its reports hold rows for, and offers
to place those rows once mapped. Reachable from the usage reports page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.kernel.forms import add_service_errors
from catalog.kernel.permissions import acting_party_ids, staff_or_acts_for
from catalog.models import Party
from catalog.territories import all_countries, country_name
from i18n.formatting import format_number
from licensing.royalties import selectors, services, unmapped
from licensing.royalties.models import UsageReport, UsageValueMap, ValueKind
from licensing.terms import Channel, Format


def _targets() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every code a value may mean, grouped by kind (the select's optgroups)."""
    countries = sorted(
        ((code, f"{country_name(code)} ({code})") for code in all_countries()),
        key=lambda item: item[1],
    )
    return [
        (str(ValueKind.CHANNEL.label), [c for c in Channel.choices if c[0] != "*"]),
        (str(ValueKind.FORMAT.label), [c for c in Format.choices if c[0] != "*"]),
        (str(ValueKind.TERRITORY.label), countries),
    ]


class ValueMapForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ValueKind.choices)
    value = forms.CharField(
        label=gettext_lazy("As your files write it"),
        max_length=200,
        help_text=gettext_lazy("Case, spaces and punctuation do not matter."),
    )
    target = forms.ChoiceField(label=gettext_lazy("Means"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = _targets()


def _licensee(request: HttpRequest, party: int) -> Party:
    """The licensee the page is for: one the user acts for (staff: any); else 404."""
    party = get_object_or_404(Party, pk=party)
    if not staff_or_acts_for(request.user, party.pk):
        raise Http404
    return party


def _held_reports(party: Party) -> list[tuple[UsageReport, list[tuple[str, str, int]]]]:
    reports = UsageReport.objects.filter(
        licensee=party, status__in=unmapped.RESOLVABLE, unmapped_rows__gt=0
    ).order_by("-created_at")[:50]
    return [(report, selectors.unmapped_values(report)) for report in reports]


@login_required
def value_maps_home(request: HttpRequest) -> HttpResponse:
    """The value maps of the user's first licensee (the page names the others)."""
    party = Party.objects.filter(pk__in=acting_party_ids(request.user)).order_by("name").first()
    if party is not None:
        return redirect("royalties:value_maps", party=party.pk)
    return render(request, "royalties/value_maps.html", {"party": None})


@login_required
def value_maps(request: HttpRequest, party: int) -> HttpResponse:
    party = _licensee(request, party)
    form = ValueMapForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            services.usage_value_map_save(
                licensee=party,
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                target=form.cleaned_data["target"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Saved: “%(value)s” now means %(target)s.")
                % {"value": form.cleaned_data["value"], "target": form.cleaned_data["target"]},
            )
            return redirect("royalties:value_maps", party=party.pk)
    return render(
        request,
        "royalties/value_maps.html",
        {
            "form": form,
            "party": party,
            "parties": Party.objects.filter(pk__in=acting_party_ids(request.user)).order_by("name"),
            "maps": selectors.licensee_value_maps(licensee_id=party.pk),
            "held": _held_reports(party),
        },
    )


@require_POST
@login_required
def value_map_delete(request: HttpRequest, party: int, pk: int) -> HttpResponse:
    party = _licensee(request, party)
    value_map = get_object_or_404(UsageValueMap, pk=pk, licensee=party)
    services.usage_value_map_delete(value_map=value_map, user=request.user)
    messages.success(request, _("The value map is deleted."))
    return redirect("royalties:value_maps", party=party.pk)


@require_POST
@login_required
def report_place_held(request: HttpRequest, pk: int) -> HttpResponse:
    """Check a report's rows held for unmapped values again, with the maps as they are now."""
    report = get_object_or_404(UsageReport, pk=pk)
    if not staff_or_acts_for(request.user, report.licensee_id):
        raise Http404
    try:
        joined, still = services.usage_unmapped_resolve(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(joined)s rows joined report %(report)s; %(still)s still wait for a map.")
            % {"joined": format_number(joined), "report": report.pk, "still": format_number(still)},
        )
    return redirect("royalties:value_maps", party=report.licensee_id)
