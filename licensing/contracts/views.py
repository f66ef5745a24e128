"""Contract pages (thin: HTTP ↔ services). Members of the two parties and staff only."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import error_text
from catalog.kernel.mfa import mfa_redirect
from catalog.kernel.permissions import acting_party_ids
from catalog.models import Party, Work
from licensing.contracts import selectors, services
from licensing.contracts.charts import availability_svg, grant_rows
from licensing.contracts.documents import render_contract_pdf, version_text
from licensing.contracts.models import Contract, ContractStatus
from licensing.contracts.workflow import WORKFLOW, amendment_refusals, open_for_signature
from licensing.terms import Terms


def _contract(request: HttpRequest, pk: int) -> Contract:
    contract = get_object_or_404(
        Contract.objects.select_related("work", "licensor", "licensee"), pk=pk
    )
    if not selectors.can_view(request.user, contract):
        raise Http404  # outsiders do not learn that the contract exists
    return contract


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the first X-Forwarded-For hop when a trusted proxy sets it."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "CONTRACTS_TRUST_X_FORWARDED_FOR", False):
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


@login_required
def my_contracts(request: HttpRequest) -> HttpResponse:
    contracts = list(selectors.contracts_for_user(request.user))
    mine = acting_party_ids(request.user)
    return render(
        request,
        "contracts/my_contracts.html",
        {
            "as_licensor": [c for c in contracts if c.licensor_id in mine],
            "as_licensee": [c for c in contracts if c.licensee_id in mine],
        },
    )


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    user = request.user
    signatures = list(contract.signatures.select_related("party").order_by("signed_at"))
    signed = {s.party_id for s in signatures}
    mine = acting_party_ids(user)
    can_sign_for = (
        [p for p in contract.parties if p.pk in mine and p.pk not in signed]
        if open_for_signature(contract)
        else []
    )
    terms = contract.get_terms()
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "terms": terms,
            "doc": version_text(
                contract,
                terms,
                get_language(),
                {
                    "licensor": contract.licensor.original_name,
                    "licensee": contract.licensee.original_name,
                },
            ),
            "signatures": signatures,
            "events": contract.events.select_related("actor"),
            "can_sign_for": can_sign_for,
            "actions": WORKFLOW.available_action_names(contract, user),
            "can_amend": selectors.can_amend(user, contract) and not amendment_refusals(contract),
            "amendment": Contract.objects.filter(supersedes=contract).first(),
            "can_see_grants": selectors.can_see_work_grants(user, contract.work),
            "today": dt.date.today(),
        },
    )


def _act(request: HttpRequest, contract: Contract, action) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("contracts:detail", pk=contract.pk)


@login_required
@require_POST
def contract_send(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return _act(
        request,
        contract,
        lambda: services.contract_send_for_signature(contract=contract, actor=request.user),
    )


@login_required
@require_POST
def contract_sign_view(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if (second_factor := mfa_redirect(request)) is not None:
        return second_factor
    party = Party.objects.filter(pk=request.POST.get("party") or 0).first()
    if party is None:
        messages.error(request, _("Choose the organisation you sign for."))
        return redirect("contracts:detail", pk=contract.pk)

    def sign() -> None:
        signed = services.contract_sign(
            contract=contract,
            user=request.user,
            party=party,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        if signed.status == ContractStatus.ACTIVE:
            messages.success(request, _("Signed. The contract is now active."))
        else:
            messages.success(request, _("Signed. Waiting for the other party."))

    return _act(request, contract, sign)


@login_required
@require_POST
def contract_activate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Retry an activation that a conflict or a guard refused earlier."""
    contract = _contract(request, pk)
    return _act(
        request,
        contract,
        lambda: services.contract_activate(contract=contract, actor=request.user),
    )


@login_required
@require_POST
def contract_terminate_view(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if not selectors.can_terminate(request.user, contract):
        raise Http404
    raw = request.POST.get("effective_on") or ""
    try:
        effective_on = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw})
        return redirect("contracts:detail", pk=contract.pk)
    return _act(
        request,
        contract,
        lambda: services.contract_terminate(
            contract=contract,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            effective_on=effective_on,
        ),
    )


@login_required
def contract_amend_view(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if not selectors.can_amend(request.user, contract):
        raise Http404
    text = request.POST.get("terms") or json.dumps(contract.terms, indent=2, ensure_ascii=False)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            data = json.loads(text)
            amendment = services.contract_amend(
                contract=contract, terms=Terms.from_dict(data), actor=request.user
            )
        except json.JSONDecodeError as exc:
            errors = {"terms": [_("Not valid JSON: %(error)s") % {"error": exc}]}
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            messages.success(request, _("Amendment drafted."))
            return redirect("contracts:detail", pk=amendment.pk)
    return render(
        request,
        "contracts/contract_amend.html",
        {"contract": contract, "text": text, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def contract_document(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if not contract.document:
        raise Http404
    return private_file_response(
        contract.document, filename=f"{contract.reference.replace('/', '-')}.pdf"
    )


@login_required
def contract_signed_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """The document with the signature block filled in and the signed document's hash."""
    contract = _contract(request, pk)
    if not contract.document_sha256:
        raise Http404
    return private_file_response(
        render_contract_pdf(contract, signed_copy=True),
        filename=f"{contract.reference.replace('/', '-')}-signed.pdf",
    )


def contract_verify(request: HttpRequest, token) -> HttpResponse:
    """Public: the QR on paper leads here; shows status, signatures and the document hash."""
    contract = get_object_or_404(
        Contract.objects.select_related("work", "licensor", "licensee"), verify_token=token
    )
    return render(
        request,
        "contracts/verify.html",
        {
            "contract": contract,
            "signatures": contract.signatures.select_related("party").order_by("signed_at"),
        },
    )


@login_required
def work_availability(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_object_or_404(Work, pk=work_id)
    if not selectors.can_see_work_grants(request.user, work):
        raise Http404
    rows = grant_rows(work)
    contracts = {c.reference: c for c in Contract.objects.filter(work=work)}
    return render(
        request,
        "contracts/work_availability.html",
        {
            "work": work,
            "rows": rows,
            "chart": availability_svg(rows) if rows else "",
            "table": [(row, contracts.get(row.grant.source_ref)) for row in rows],
        },
    )
