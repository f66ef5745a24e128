"""Pledge portfolio, pledge pages, the public pledge verify page and court seizures (thin)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import error_text
from catalog.kernel.permissions import acting_courts, acting_parties, is_examiner
from catalog.kernel.ratelimit import rate_limited
from catalog.vocabulary import RightType
from finance.pledges import selectors, services
from finance.pledges.effects import escrow_held
from finance.pledges.forms import PledgeForm, SeizureForm
from finance.valuation.reports import pledge_apply_with_report
from licensing.contracts.selectors import contract_find


def _visible(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.pledges_visible_to(request.user), pk=pk)


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    pledges = list(selectors.pledges_visible_to(request.user).prefetch_related("works"))
    for pledge in pledges:
        pledge.latest_valuation = pledge.valuations.first()
    return render(
        request,
        "pledges/portfolio.html",
        {
            "pledges": pledges,
            "is_examiner": is_examiner(request.user),
            "can_record_seizures": acting_courts(request.user).exists(),
        },
    )


@login_required
def pledge_new(request: HttpRequest) -> HttpResponse:
    parties = acting_parties(request.user)
    form = PledgeForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pledge = pledge_apply_with_report(
                user=request.user,
                report=d["valuation_report"],
                data=services.PledgeInput(
                    pledgor=d["pledgor"],
                    pledgee=d["pledgee"],
                    secured_amount=d["secured_amount"],
                    currency=d["currency"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    works=list(d["works"]),
                    contracts=list(d["contracts"]),
                ),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Pledge application filed."))
            return redirect("pledges:detail", pk=pledge.pk)
    return render(request, "pledges/pledge_form.html", {"form": form})


@login_required
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _visible(request, pk)
    return render(
        request,
        "pledges/pledge_detail.html",
        {
            "pledge": pledge,
            "works": pledge.works.all(),
            "contracts": pledge.contracts.all(),
            "events": pledge.events.select_related("actor"),
            "consents": pledge.consents.select_related("contract", "given_by"),
            "certificates": pledge.certificates.all(),
            "valuations": pledge.valuations.all()[:5],
            "actions": selectors.pledge_actions(pledge, request.user),
            "consent_contracts": selectors.consent_candidates(pledge),
        },
    )


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value.strip() else None
    except InvalidOperation as exc:
        raise ValidationError(
            {"amount": _("“%(value)s” is not a number") % {"value": value}}
        ) from exc


def _contract(contract_id: str | None):
    contract = contract_find(contract_id)
    if contract is None:
        raise Http404
    return contract


@login_required
@require_POST
def pledge_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _visible(request, pk)
    user, text = request.user, request.POST.get("text", "")
    actions = {
        "examine": lambda: services.pledge_start_examination(pledge_id=pk, examiner=user),
        "register": lambda: services.pledge_register(pledge_id=pk, examiner=user),
        "reject": lambda: services.pledge_reject(pledge_id=pk, examiner=user, reason=text),
        "release": lambda: services.pledge_release(pledge_id=pk, user=user, note=text),
        "enforce": lambda: services.pledge_enforce(pledge_id=pk, user=user, note=text),
        "redirect": lambda: services.pledge_redirect_receivables(pledge_id=pk, user=user),
        "consent": lambda: services.pledge_consent_give(
            pledge_id=pk, contract=_contract(request.POST.get("contract")), user=user, note=text
        ),
        "change": lambda: services.pledge_change(
            pledge_id=pk,
            user=user,
            secured_amount=_decimal(request.POST.get("secured_amount", "")),
            ltv_threshold=_decimal(request.POST.get("ltv_threshold", "")),
            note=text,
        ),
    }
    if action not in actions:
        raise Http404
    try:
        actions[action]()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("pledges:detail", pk=pk)


@login_required
def certificate_download(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    pledge = _visible(request, pk)
    certificate = get_object_or_404(pledge.certificates, version=version)
    return private_file_response(certificate.pdf, filename=f"{pledge.number}-v{version}.pdf")


def verify(request: HttpRequest, number: str) -> HttpResponse:
    pledge = selectors.pledge_by_number(number)
    if pledge is None:
        raise Http404
    return render(
        request,
        "pledges/verify.html",
        {
            "pledge": pledge,
            "works": pledge.works.all(),
            "contracts": pledge.contracts.all(),
            "certificate": pledge.certificates.first(),
        },
    )


@login_required
def seizures(request: HttpRequest) -> HttpResponse:
    seizures = list(selectors.seizures_visible_to(request.user).prefetch_related("works")[:200])
    for seizure in seizures:
        seizure.actions = selectors.seizure_actions(seizure, request.user)
    return render(
        request,
        "pledges/seizures.html",
        {"seizures": seizures, "can_record": acting_courts(request.user).exists()},
    )


@login_required
@rate_limited("uploads", rate="RATE_LIMIT_UPLOADS")
def seizure_new(request: HttpRequest) -> HttpResponse:
    courts = acting_courts(request.user)
    if not courts.exists():
        raise PermissionDenied
    form = SeizureForm(request.POST or None, request.FILES or None, courts=courts)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            seizure = services.seizure_record(
                user=request.user,
                court=d["court"],
                case_number=d["case_number"],
                works=list(d["works"]),
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                right_types=d["right_types"],
                document=d["document"],
                note=d["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            if seizure.in_force:
                messages.success(request, _("Seizure order recorded; it is in force now."))
            else:
                messages.success(
                    request, _("Seizure order recorded; it takes effect on its first day.")
                )
            return redirect("pledges:seizure_detail", pk=seizure.pk)
    return render(request, "pledges/seizure_form.html", {"form": form})


@login_required
def seizure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One order in the court portal: its scope, dates, whether it is in force, what the
    court's escrow holds of the frozen works' royalties, its history and the release."""
    seizure = get_object_or_404(selectors.seizures_visible_to(request.user), pk=pk)
    return render(
        request,
        "pledges/seizure_detail.html",
        {
            "seizure": seizure,
            "works": seizure.works.select_related("holder").order_by("pk"),
            "rights": [RightType(code).label for code in seizure.right_types],
            "escrow": sorted(escrow_held(seizure).items()),
            "events": seizure.events.select_related("actor"),
            "actions": selectors.seizure_actions(seizure, request.user),
        },
    )


@login_required
def seizure_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The court order: for its court, examiners, staff and the holders of the works it
    freezes."""
    seizure = get_object_or_404(selectors.seizure_orders_readable_by(request.user), pk=pk)
    if not seizure.document:
        raise Http404
    return private_file_response(
        seizure.document, filename=seizure.document.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def seizure_release(request: HttpRequest, pk: int) -> HttpResponse:
    # Unseen orders are 404; a reader who may not lift one (an examiner) gets the service's 403.
    seizure = get_object_or_404(selectors.seizures_visible_to(request.user), pk=pk)
    try:
        services.seizure_release(
            seizure_id=seizure.pk, user=request.user, note=request.POST.get("text", "")
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Seizure released."))
    return redirect("pledges:seizure_detail", pk=seizure.pk)
