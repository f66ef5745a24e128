"""Applicant, examiner and public pages of the registration service (thin: forms ↔ services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response, public_file_response
from catalog.kernel.forms import add_service_errors, error_text
from catalog.kernel.permissions import acting_parties, acts_for, is_examiner
from catalog.kernel.ratelimit import rate_limited
from catalog.registration import selectors, services
from catalog.registration.certificates import certificate_reissue
from catalog.registration.forms import (
    ApplicationForm,
    CommentForm,
    CreatorFormSet,
    FileForm,
    ReasonForm,
    ShareFormSet,
)
from catalog.registration.models import Application, Status
from catalog.registration.workflow import WORKFLOW, accepts_files, assignable, certifiable
from catalog.services import WorkInput


def _own_application(request: HttpRequest, pk: int) -> Application:
    app = get_object_or_404(Application.objects.select_related("work", "applicant"), pk=pk)
    if not (is_examiner(request.user) or acts_for(request.user, app.applicant_id)):
        raise Http404
    return app


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/my_applications.html",
        {"applications": selectors.applications_for_user(request.user)},
    )


def _named_creators(formset: CreatorFormSet) -> list[services.NamedCreator]:
    return [
        services.NamedCreator(
            name=f.cleaned_data["name"],
            role=f.cleaned_data["role"],
            kind=f.cleaned_data["kind"],
            country=f.cleaned_data["country"].upper(),
        )
        for f in formset.forms
        if f.has_changed() and f.cleaned_data
    ]


def _named_shares(formset: ShareFormSet) -> list[services.NamedShare]:
    return [
        services.NamedShare(
            name=f.cleaned_data["name"],
            kind=f.cleaned_data["kind"],
            country=f.cleaned_data["country"].upper(),
            right=f.cleaned_data["right"],
            percent=f.cleaned_data["percent"],
        )
        for f in formset.filled_forms()
    ]


def _work_input(d: dict) -> WorkInput:
    titles = {
        code: d[f"title_{code.replace('-', '_')}"]
        for code in ("en", "zh-hans")
        if d[f"title_{code.replace('-', '_')}"]
    }
    return WorkInput(
        work_type=d["work_type"],
        original_title=d["original_title"],
        original_language=d["original_language"],
        country_of_origin=d["country_of_origin"],
        titles=titles,
        synopses={d["original_language"]: d["synopsis"]} if d["synopsis"] else {},
        created_on=d["created_on"],
        published_on=d["published_on"],
        identifiers=[(d["identifier_scheme"], d["identifier_value"])]
        if d["identifier_scheme"]
        else [],
        source_flag=d["source_flag"],
        traditional_element=d["traditional_element"],
        new_contribution=d["new_contribution"],
        # A tradition without a named community is filed for the applicant.
        community_holder=d["applicant"] if d["source_flag"] == "traditional" else None,
    )


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    parties = acting_parties(request.user)
    data = request.POST or None
    form = ApplicationForm(data, parties=parties)
    creators = CreatorFormSet(data, prefix="creators")
    shares = ShareFormSet(data, prefix="shares")
    if request.method == "POST" and all([form.is_valid(), creators.is_valid(), shares.is_valid()]):
        d = form.cleaned_data
        try:
            app = services.application_create(
                user=request.user,
                applicant=d["applicant"],
                work=_work_input(d),
                fast_track=d["fast_track"],
                creators=_named_creators(creators),
                shares=_named_shares(shares) or None,
                community=d["community"] if d["source_flag"] == "traditional" else "",
            )
        except services.ShareSumRefused as exc:
            shares.add_right_error(exc.right, " ".join(exc.messages))
        except ValidationError as exc:
            # "shares"/"creators": a rule over the whole formset (e.g. two names that are one
            # party), shown above the form.
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. Attach the work's files, then submit."))
            return redirect("registration:detail", pk=app.pk)
    return render(
        request,
        "registration/application_form.html",
        {"form": form, "creators": creators, "shares": shares},
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own_application(request, pk)
    examiner = is_examiner(request.user)
    comments = app.comments.select_related("author")
    if not examiner:
        comments = comments.filter(internal=False)
    return render(
        request,
        "registration/application_detail.html",
        {
            "app": app,
            "is_examiner": examiner,
            "comments": comments,
            "transitions": app.transitions.select_related("actor"),
            "files": app.work.files.all(),
            "file_form": FileForm(),
            "reason_form": ReasonForm(),
            "comment_form": CommentForm(),
            "certificates": app.certificates.all(),
            "can_attach": accepts_files(app),
            "can_assign": assignable(app),
            "can_reissue": certifiable(app),
            "actions": WORKFLOW.available_action_names(app, request.user),
        },
    )


def _act(request: HttpRequest, pk: int, action) -> HttpResponse:
    try:
        action()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("registration:detail", pk=pk)


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _own_application(request, pk)
    user, text = request.user, request.POST.get("text", "")
    actions = {
        "submit": lambda: services.application_submit(application_id=pk, user=user),
        "withdraw": lambda: services.application_withdraw(
            application_id=pk, user=user, reason=text
        ),
        "assign": lambda: services.application_assign_examiner(
            application_id=pk, examiner=user, assigned_by=user
        ),
        "correction": lambda: services.application_request_correction(
            application_id=pk, examiner=user, message=text
        ),
        "reject": lambda: services.application_reject(
            application_id=pk, examiner=user, reason=text
        ),
        "register": lambda: services.application_register(
            application_id=pk, examiner=user, override_hold_reason=text
        ),
        "comment": lambda: services.application_comment(
            application_id=pk,
            author=user,
            body=request.POST.get("body", ""),
            internal=bool(request.POST.get("internal")),
        ),
        "reissue": lambda: certificate_reissue(application_id=pk, user=user, reason=text),
    }
    if action not in actions:
        raise Http404
    return _act(request, pk, actions[action])


@login_required
@require_POST
@rate_limited("uploads", rate="RATE_LIMIT_UPLOADS")
def application_upload(request: HttpRequest, pk: int) -> HttpResponse:
    _own_application(request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("registration:detail", pk=pk)
    return _act(
        request,
        pk,
        lambda: services.application_attach_file(
            application_id=pk,
            user=request.user,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        ),
    )


@login_required
def certificate_download(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    # Private, not public: the verify page already proves a registration to anyone (its
    # record and the current certificate's SHA-256, against which a copy the holder hands
    # out can be checked); the PDF itself is the holder's document, as are old versions.
    app = _own_application(request, pk)
    certificate = get_object_or_404(app.certificates, version=version)
    return private_file_response(certificate.pdf, filename=f"{app.number}-v{version}.pdf")


@login_required
def examiner_queue(request: HttpRequest) -> HttpResponse:
    if not is_examiner(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    mine = request.GET.get("mine") == "1"
    overdue = request.GET.get("overdue") == "1"
    queue = selectors.examiner_queue(
        status=status, overdue_only=overdue, examiner=request.user if mine else None
    )
    return render(
        request,
        "registration/examiner_queue.html",
        {
            "applications": queue[:200],
            "status": status,
            "mine": mine,
            "overdue": overdue,
            "statuses": Status.choices,
            "overdue_count": selectors.overdue_applications().count(),
            "batches": selectors.batch_queue()[:100],
        },
    )


def verify_sample(request: HttpRequest, number: str, file_id: int) -> HttpResponse:
    """Public: a sample shown on the verify page (works with DEBUG off, unlike /media/)."""
    sample = selectors.published_sample(number=number, file_id=file_id)
    if sample is None:
        raise Http404
    return public_file_response(sample.file, filename=sample.original_name)


def verify(request: HttpRequest, number: str) -> HttpResponse:
    application = selectors.registration_by_number(number)
    if application is None:
        return render(request, "registration/verify_missing.html", {"number": number}, status=404)
    return render(request, "registration/verify.html", selectors.verify_context(application))
