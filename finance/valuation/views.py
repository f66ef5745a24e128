"""Valuation report of a pledge (page + PDF) and securitisation pools (page, CSV, XLSX). Thin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from finance.pledges.selectors import pledges_visible_to, user_parties
from finance.valuation import charts, exports
from finance.valuation.forms import AssumptionsForm, PoolForm, PoolStructureForm, initial_from
from finance.valuation.poolmodel import NAMED_SCENARIO_LABELS
from finance.valuation.poolreport import pool_report
from finance.valuation.pools import (
    can_manage_pool,
    pool_create,
    pool_go_live,
    pool_update_structure,
    pools_visible_to,
)
from finance.valuation.services import (
    assumptions_of,
    can_value_pledge,
    ltv,
    pledge_works,
    valuation_compute,
    valuation_save,
)
from i18n.languages import LANGUAGE_CODES
from i18n.pdf import render_pdf


def _saved_history(valuation) -> dict:
    return {
        int(work_id): [(dt.date.fromisoformat(d), Decimal(v)) for d, v in periods]
        for work_id, periods in valuation.inputs.get("history", {}).items()
    }


def _saved_relief(valuation) -> dict:
    return {
        r["work_id"]: (Decimal(r["annual_revenue"]), Decimal(r["royalty_rate"]))
        for r in valuation.inputs.get("relief", [])
    }


def _report_context(request: HttpRequest, pk: int) -> dict:
    """Without parameters the last saved valuation is re-run from its recorded inputs (same
    figures); the form changes any assumption, the relief inputs and the history source."""
    pledge = get_object_or_404(pledges_visible_to(request.user), pk=pk)
    works = pledge_works(pledge)
    previous = pledge.valuations.first()
    initial = {
        **initial_from(assumptions_of(previous)),
        "history_source": "saved" if previous else "engine",
    }
    if previous:
        initial.update({f"revenue_{i}": v for i, (v, _r) in _saved_relief(previous).items()})
        initial.update({f"rate_{i}": r for i, (_v, r) in _saved_relief(previous).items()})
    data = request.GET if "discount_rate" in request.GET else None
    form = AssumptionsForm(
        data, initial=initial, work_types=sorted({w.work_type for w in works}), relief_works=works
    )
    if data is not None and form.is_valid():
        assumptions, source = form.assumptions(), form.cleaned_data["history_source"]
        overrides = form.relief_overrides()
    else:
        assumptions, source = assumptions_of(previous), initial["history_source"]
        overrides = _saved_relief(previous) if previous else None
    saved = source == "saved" and previous is not None
    history = _saved_history(previous) if saved else None
    as_of = previous.as_of if saved and data is None else None
    try:
        result, inputs = valuation_compute(
            works=works,
            currency=pledge.currency,
            assumptions=assumptions,
            history=history,
            relief_overrides=overrides,
            as_of=as_of,
        )
    except ValidationError as exc:
        form.add_error(None, "; ".join(exc.messages))  # e.g. a missing FX rate of the history
        assumptions = assumptions_of(None)
        result, inputs = valuation_compute(
            works=works, currency=pledge.currency, assumptions=assumptions, history={}
        )
    titles = {w.pk: w for w in works}
    return {
        "pledge": pledge,
        "form": form,
        "assumptions": assumptions,
        "result": result,
        "inputs": inputs,
        "relief_rows": [
            {
                "work": titles.get(r["work_id"]),
                "annual_revenue": Decimal(r["annual_revenue"]),
                "royalty_rate": Decimal(r["royalty_rate"]),
                "comparables": r["comparables"],
            }
            for r in inputs["relief"]
        ],
        "history_source": "saved" if saved else "engine",
        "work_rows": [
            {"work": titles[w], "method": m, "value": result.work_values.get(w)}
            for w, m in zip(result.basis.work_ids, result.basis.method, strict=True)
        ],
        "ltv_p50": ltv(pledge.secured_amount, result.p50),
        "ltv_p10": ltv(pledge.secured_amount, result.p10),
        "history_svg": charts.history_vs_projection(result, pledge.currency),
        "fan_svg": charts.fan_chart(result, pledge.currency),
        "previous": previous,
        "can_save": can_value_pledge(request.user, pledge),
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
        works = pledge_works(pledge)
        form = AssumptionsForm(
            request.POST, work_types=sorted({w.work_type for w in works}), relief_works=works
        )
        previous = pledge.valuations.first()
        if form.is_valid():
            saved = form.cleaned_data["history_source"] == "saved" and previous is not None
            try:
                valuation_save(
                    works=works,
                    currency=pledge.currency,
                    assumptions=form.assumptions(),
                    user=request.user,
                    pledge=pledge,
                    relief_overrides=form.relief_overrides(),
                    history=_saved_history(previous) if saved else None,
                )
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
            "can_manage": can_manage_pool(request.user, pool),
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
    banks = user_parties(request.user).filter(category="bank")
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
