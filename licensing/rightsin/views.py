"""Rights-in pages of a work's holder (thin: HTTP ↔ services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.forms import add_service_errors
from catalog.models import Work
from licensing.contracts.consent import consent_rule_set
from licensing.models import ConsentRule, HeldRight
from licensing.rightsin import selectors, services
from licensing.rightsin.forms import ConsentRuleForm, HeldRightForm


def _work(request: HttpRequest, work_id: int) -> Work:
    work = get_object_or_404(Work.objects.select_related("holder"), pk=work_id)
    if not selectors.can_see_rights_in(request.user, work):
        raise Http404
    return work


@login_required
def work_rights_in(request: HttpRequest, work_id: int) -> HttpResponse:
    work = _work(request, work_id)
    form = HeldRightForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.held_right_add(work=work, user=request.user, **form.service_kwargs())
        except PermissionDenied:
            raise
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The rights held are recorded."))
            return redirect("rightsin:work", work_id=work.pk)
    return _page(request, work, form=form)


def _page(request: HttpRequest, work: Work, *, form=None, rule_form=None) -> HttpResponse:
    rule = ConsentRule.objects.filter(work=work).first()
    rule_form = rule_form or ConsentRuleForm(
        initial={"rule": rule.rule, "majority_percent": rule.majority_percent} if rule else None
    )
    form = form or HeldRightForm()
    return render(
        request,
        "rightsin/work_rights_in.html",
        {
            "work": work,
            "rows": selectors.held_rows(work),
            "form": form,
            "rule_form": rule_form,
            "shares": work.shares.select_related("party").order_by("right", "-percent"),
        },
        status=400 if form.errors or rule_form.errors else 200,
    )


@login_required
@require_POST
def consent_rule(request: HttpRequest, work_id: int) -> HttpResponse:
    """The co-owners' agreement on approving licences, recorded by the holder."""
    work = _work(request, work_id)
    rule_form = ConsentRuleForm(request.POST)
    if rule_form.is_valid():
        try:
            consent_rule_set(work=work, user=request.user, **rule_form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                rule_form.add_error(name if name in rule_form.fields else None, errors)
        else:
            messages.success(request, _("The co-owners' consent rule is recorded."))
            return redirect("rightsin:work", work_id=work.pk)
    return _page(request, work, rule_form=rule_form)


@login_required
@require_POST
def held_right_remove(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(HeldRight.objects.select_related("work"), pk=pk)
    _work(request, held.work_id)
    try:
        services.held_right_remove(held=held, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The record of rights held is removed."))
    return redirect("rightsin:work", work_id=held.work_id)
