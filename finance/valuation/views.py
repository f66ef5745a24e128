"""Valuation report of a pledge (page + PDF) and securitisation pools (page, CSV, XLSX). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from catalog.kernel.permissions import acting_parties
from finance.pledges.selectors import pledges_visible_to
from finance.valuation import charts, exports
from finance.valuation.forms import AssumptionsForm, PoolForm, PoolStructureForm, initial_from
from finance.valuation.inputs import ENGINE, SAVED, assumptions_of, saved_relief
from finance.valuation.poolmodel import NAMED_SCENARIO_LABELS
from finance.valuation.poolreport import pool_report
from finance.valuation.pools import (
    pool_actions,
    pool_create,
    pool_go_live,
    pool_update_structure,
    pools_visible_to,
)
from finance.valuation.selectors import PledgeReport, pledge_valuation_report
from finance.valuation.services import can_value_pledge, pledge_valuation_save, pledge_works
from i18n.languages import LANGUAGE_CODES
from i18n.pdf import render_pdf


def _assumptions_form(request: HttpRequest, pledge) -> AssumptionsForm:
    """The form, bound to the query when the user recalculated; otherwise showing what the
    report without a choice is computed from (the last saved valuation's inputs)."""
    works = pledge_works(pledge=pledge)
    previous = pledge.valuations.first()
    initial = {
        **initial_from(assumptions_of(previous)),
        "history_source": SAVED if previous else ENGINE,
    }
    if previous:
        relief = saved_relief(previous)
        initial.update({f"revenue_{i}": v for i, (v, _r) in relief.items()})
        initial.update({f"rate_{i}": r for i, (_v, r) in relief.items()})
    return AssumptionsForm(
        request.GET if "discount_rate" in request.GET else None,
        initial=initial,
        work_types=sorted({w.work_type for w in works}),
        relief_works=works,
    )


def _report_context(request: HttpRequest, pk: int) -> dict:
    pledge = get_object_or_404(pledges_visible_to(request.user), pk=pk)
    form = _assumptions_form(request, pledge)
    previous = pledge.valuations.first()
    if not form.is_bound:
        report = pledge_valuation_report(pledge=pledge, previous=previous)
    elif form.is_valid():
        report = pledge_valuation_report(pledge=pledge, previous=previous, **form.report_choice())
    else:
        report = PledgeReport(
            pledge=pledge, inputs=None, errors=[_("Correct the assumptions to recalculate.")]
        )
    result = report.result
    return {
        "pledge": pledge,
        "form": form,
        "report": report,
        "report_errors": report.errors,
        "assumptions": report.inputs.assumptions if report.inputs else None,
        "assumptions_source": report.inputs.assumptions_source if report.inputs else "",
        "history_source": report.inputs.history_source if report.inputs else "",
        "result": result,
        "inputs": report.stored,
        "relief_rows": report.relief_rows,
        "work_rows": report.work_rows,
        "ltv_p50": report.ltv_p50,
        "ltv_p10": report.ltv_p10,
        "history_svg": charts.history_vs_projection(result, pledge.currency) if result else "",
        "fan_svg": charts.fan_chart(result, pledge.currency) if result else "",
        "previous": previous,
        "can_save": can_value_pledge(user=request.user, pledge=pledge),
        "query": request.GET.urlencode(),
        "pdf_languages": _pdf_languages(request),
    }


def _pdf_languages(request: HttpRequest) -> list[str]:
    own = getattr(request.user, "preferred_language", "") or translation.get_language()
    return list(dict.fromkeys(["zh-hans", "en", own]))


@login_required
def pledge_report(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        pledge = get_object_or_404(pledges_visible_to(request.user), pk=pk)
        works = pledge_works(pledge=pledge)
        form = AssumptionsForm(
            request.POST, work_types=sorted({w.work_type for w in works}), relief_works=works
        )
        if not form.is_valid():
            messages.error(request, _("Correct the assumptions to recalculate."))
            return redirect("valuation:pledge", pk=pk)
        try:
            pledge_valuation_save(pledge=pledge, user=request.user, **form.report_choice())
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Valuation saved to the credit file."))
        return redirect("valuation:pledge", pk=pk)
    return render(request, "valuation/pledge_report.html", _report_context(request, pk))


@login_required
def pledge_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    language = request.GET.get("lang") or translation.get_language()
    if language not in LANGUAGE_CODES:
        language = "en"
    with translation.override(language):
        context = _report_context(request, pk)
        if context["report_errors"]:  # no figures to print: the page says why
            query = request.GET.copy()
            query.pop("lang", None)
            url = reverse("valuation:pledge", kwargs={"pk": pk})
            return redirect(f"{url}?{query.urlencode()}" if query else url)
        pdf = render_pdf("valuation/report_pdf.html", context, language=language)
    name = context["pledge"].number or f"pledge-{pk}"
    return private_file_response(pdf, filename=f"valuation-{name}-{language}.pdf")


@login_required
def pools(request: HttpRequest) -> HttpResponse:
    return render(request, "valuation/pools.html", {"pools": pools_visible_to(request.user)})


def _pool_and_report(request: HttpRequest, pk: int):
    pool = get_object_or_404(pools_visible_to(request.user), pk=pk)
    return pool, pool_report(pool)


@login_required
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pool = get_object_or_404(pools_visible_to(request.user), pk=pk)
    form = PoolStructureForm(request.POST or None, initial={**pool.structure, **pool.criteria})
    if request.method == "POST" and form.is_valid():
        structure, criteria = form.split()
        try:
            pool_update_structure(
                pool=pool, user=request.user, structure=structure, criteria=criteria
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Structure saved."))
            return redirect("valuation:pool", pk=pk)
    report = pool_report(pool)
    return render(
        request,
        "valuation/pool_detail.html",
        {
            "pool": pool,
            "report": report,
            "form": form,
            "actions": pool_actions(pool, request.user),
            "waterfall_svg": charts.waterfall_chart(report.periods, pool.currency)
            if report.periods
            else "",
            "named": list(NAMED_SCENARIO_LABELS.values()),
        },
    )


@login_required
def pool_csv(request: HttpRequest, pk: int) -> HttpResponse:
    pool, report = _pool_and_report(request, pk)
    return private_file_response(
        exports.waterfall_csv(report).encode("utf-8"), filename=f"pool-{pool.pk}-waterfall.csv"
    )


@login_required
def pool_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    pool, report = _pool_and_report(request, pk)
    return private_file_response(
        exports.waterfall_xlsx(report), filename=f"pool-{pool.pk}-waterfall.xlsx"
    )


@login_required
def pool_new(request: HttpRequest) -> HttpResponse:
    banks = acting_parties(request.user).filter(category="bank")
    if not banks.exists():
        raise PermissionDenied
    form = PoolForm(request.POST or None, banks=banks)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pool = pool_create(
                user=request.user,
                name=d["name"],
                currency=d["currency"],
                trustee=d["trustee"],
                participants=list({*d["participants"], d["trustee"]}),
                works=list(d["works"]),
                contracts=list(d["contracts"]),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            return redirect("valuation:pool", pk=pool.pk)
    return render(request, "valuation/pool_form.html", {"form": form})


@login_required
@require_POST
def pool_live(request: HttpRequest, pk: int) -> HttpResponse:
    pool = get_object_or_404(pools_visible_to(request.user), pk=pk)
    try:
        pool_go_live(pool=pool, user=request.user, live_from=timezone.localdate())
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The pool is live; collections are tracked from today."))
    return redirect("valuation:pool", pk=pk)
