"""Valuation reports before lending: request, the holder's consent, the job, attachment.

Access rule (docs/valuation.md): the holder of the works (members of the party holding
them) may value its own works at once. A bank may ask to value a holder's works, but
the report reads the holder's royalty statements, so nothing is computed until the
holder consents; a declined request never reads them. Requester and holder read the
report; the pledgee and pledgor of the pledge it is attached to, examiners of that
pledge and staff read it too. Nobody else learns it exists.

The job (``tasks.run_valuation_report``) values the works on the platform statements
plus the uploaded external history, with the requested assumptions, and issues the
report: a yearly number, a stored valuation with its LTV against the proposed loan,
the chart series. An issued report never changes (database triggers, migration 0003);
it may be attached once to a pledge application over the same works.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from catalog.kernel.money import round_money, validate_currency
from catalog.kernel.notifications import notify
from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import (
    AnyUser,
    acting_members,
    may_act_for,
)
from catalog.kernel.workflow import SYSTEM
from catalog.models import Party, Work
from catalog.vocabulary import PartyCategory
from finance.pledges.models import Pledge
from finance.pledges.services import PledgeInput, pledge_apply
from finance.valuation.history_csv import read_history
from finance.valuation.inputs import History, royalty_history
from finance.valuation.model import Assumptions
from finance.valuation.models import (
    ValuationReport,
    ValuationReportEvent,
    ValuationReportSequence,
)
from finance.valuation.report_access import AWAITING, ISSUED, QUEUED, REPORT_WORKFLOW
from finance.valuation.services import validate_assumptions, valuation_compute, valuation_record

NUMBER_PREFIX = "VAL"
# --- writes -----------------------------------------------------------------------------
ASKED = gettext_lazy("%(bank)s asks to value your works with your royalty statements")
CONSENTED = gettext_lazy("%(holder)s consented to the valuation of its works")
DECLINED = gettext_lazy("%(holder)s declined the valuation of its works")
ISSUED_TEXT = gettext_lazy("Valuation report %(number)s is issued")


def _tell(party_ids: list[int], message, params: dict, report: ValuationReport) -> None:
    url = reverse("valuation:report", kwargs={"pk": report.pk})
    for membership in acting_members(party_ids):
        with override(membership.user.preferred_language):
            text = str(message) % params
        notify(user=membership.user, kind="valuation_report", text=text, url=url)


def _enqueue(report: ValuationReport) -> None:
    from finance.valuation.tasks import run_valuation_report  # tasks import this module

    transaction.on_commit(lambda: run_valuation_report.delay(report.pk))


def _validate(requester: Party, works: list[Work], currency: str, loan: Decimal) -> str:
    errors: dict[str, str] = {}
    holders = {w.holder_id for w in works}
    if not works:
        errors["works"] = _("Choose at least one work.")
    elif len(holders) != 1:
        errors["works"] = _("A catalogue is the works of one holder; these have several.")
    elif requester.pk not in holders and requester.category != PartyCategory.BANK:
        errors["requester"] = _("Only the holder of the works or a bank may ask for a valuation.")
    try:
        currency = validate_currency(currency)
    except ValidationError:
        errors["currency"] = _("“%(code)s” is not an ISO 4217 currency code.") % {"code": currency}
        currency = ""
    if loan is None or loan <= 0:
        errors["loan_amount"] = _("The proposed loan must be a positive amount.")
    elif currency and round_money(loan, currency) != loan:
        errors["loan_amount"] = _("%(amount)s has more decimals than %(currency)s allows.") % {
            "amount": loan,
            "currency": currency,
        }
    if errors:
        raise ValidationError(errors)
    return currency


@transaction.atomic
def valuation_report_request(
    *,
    user: AnyUser,
    requester: Party,
    works: list[Work],
    currency: str,
    loan_amount: Decimal,
    assumptions: Assumptions | None = None,
    history_file: object | None = None,
) -> ValuationReport:
    """Ask for a report. The holder's own request is queued at once; a bank's waits for
    the holder's consent (the holder's members are told)."""
    if not may_act_for(user, requester.pk):
        raise PermissionDenied(_("You can ask only for an organisation you belong to."))
    currency = _validate(requester, works, currency, loan_amount)
    assumptions = validate_assumptions(assumptions or Assumptions())
    external = []
    if history_file is not None:
        external = read_history(
            file=history_file, work_ids={w.pk for w in works}, currency=currency
        )
    holder_id = works[0].holder_id
    own = requester.pk == holder_id
    report = ValuationReport.objects.create(
        holder_id=holder_id,
        requester=requester,
        currency=currency,
        loan_amount=loan_amount,
        external_history=external,
        assumptions=dataclasses.asdict(assumptions),
        status=QUEUED if own else AWAITING,
        created_by=user,
    )
    report.works.set(works)
    ValuationReportEvent.objects.create(
        report=report, action="request", from_status="", to_status=report.status, actor=user
    )
    if own:
        _enqueue(report)
    else:
        _tell([holder_id], ASKED, {"bank": requester.name}, report)
    return report


def _locked(report_id: int) -> ValuationReport:
    return (
        ValuationReport.objects.select_for_update(of=("self",))
        .select_related("holder")
        .get(pk=report_id)
    )


@transaction.atomic
def valuation_report_consent(*, report_id: int, user: AnyUser) -> ValuationReport:
    report = _locked(report_id)
    REPORT_WORKFLOW.apply(report, "consent", user=user)
    _enqueue(report)
    _tell([report.requester_id], CONSENTED, {"holder": report.holder.name}, report)
    return report


@transaction.atomic
def valuation_report_decline(*, report_id: int, user: AnyUser, note: str = "") -> ValuationReport:
    report = _locked(report_id)
    REPORT_WORKFLOW.apply(report, "decline", user=user, note=note[:2000])
    _tell([report.requester_id], DECLINED, {"holder": report.holder.name}, report)
    return report


def combined_history(report: ValuationReport, platform: History) -> History:
    """Platform statements plus the external rows, summed per work and period start."""
    sums: dict[int, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for work_id, periods in platform.items():
        for day, amount in periods:
            sums[work_id][day] += amount
    for row in report.external_history:
        sums[row["work_id"]][dt.date.fromisoformat(row["start"])] += Decimal(row["converted"])
    return {w: sorted(periods.items()) for w, periods in sums.items()}


def _series(result) -> dict:
    return {
        "ppy": result.assumptions.periods_per_year,
        "as_of": result.as_of.isoformat(),
        "history": {str(k): v for k, v in sorted(result.history.items())},
        "deterministic": [float(v) for v in result.cash_deterministic],
        "p10": [float(v) for v in result.cash_p10],
        "p50": [float(v) for v in result.cash_p50],
        "p90": [float(v) for v in result.cash_p90],
    }


def valuation_report_run(*, report_id: int) -> ValuationReport:
    """The job: value and issue a queued report (a report in any other status is left as it
    is, so a redelivered task does nothing). An input that fails (no FX rate for a period
    of the statements) fails the report with the reason."""
    with transaction.atomic():
        report = _locked(report_id)
        if report.status != QUEUED:
            return report
        report.progress = 10  # reading the statements: the page shows the job started
        report.save(update_fields=["progress"])
    try:
        with transaction.atomic():
            return _issue(report_id)
    except ValidationError as exc:
        with transaction.atomic():
            report = _locked(report_id)
            report.error = " ".join(exc.messages)[:2000]
            report.progress = 100
            REPORT_WORKFLOW.apply(report, "fail", user=SYSTEM, update_fields=["error", "progress"])
        return report


def _issue(report_id: int) -> ValuationReport:
    report = _locked(report_id)
    if report.status != QUEUED:
        return report
    works = list(report.works.order_by("pk"))
    history = combined_history(report, royalty_history([w.pk for w in works], report.currency))
    result, inputs = valuation_compute(
        works=works,
        currency=report.currency,
        assumptions=Assumptions(**report.assumptions),
        history=history,
    )
    inputs["external_rows"] = len(report.external_history)
    report.valuation = valuation_record(
        works=works,
        currency=report.currency,
        result=result,
        inputs=inputs,
        user=None,
        claim=report.loan_amount,
        reason="report",
    )
    now = timezone.now()
    report.number = (
        f"{NUMBER_PREFIX}-{now.year}-{next_value(ValuationReportSequence, now.year):06d}"
    )
    report.series, report.issued_at, report.progress = _series(result), now, 100
    REPORT_WORKFLOW.apply(
        report,
        "issue",
        user=SYSTEM,
        update_fields=["valuation", "number", "series", "issued_at", "progress"],
    )
    parties = {report.requester_id, report.holder_id}
    _tell(sorted(parties), ISSUED_TEXT, {"number": report.number}, report)
    return report


@transaction.atomic
def valuation_report_attach(
    *, report: ValuationReport, pledge: Pledge, user: AnyUser
) -> ValuationReport:
    """Attach an issued report to a pledge application (inside the caller's transaction).

    The report must be of the pledgor's works, all of them pledged (directly or through
    a contract's receivables), in the pledge's currency, asked by the pledgor or by the
    pledgee; a report is attached once."""
    report = _locked(report.pk)
    pledged = set(pledge.works.values_list("pk", flat=True))
    pledged |= set(pledge.contracts.values_list("work_id", flat=True))
    errors = []
    if report.status != ISSUED or report.pledge_id is not None:
        errors.append(_("Only an issued report not yet attached to a pledge can be attached."))
    if report.holder_id != pledge.pledgor_id:
        errors.append(_("The report values works of another holder than the pledgor."))
    if report.requester_id not in (pledge.pledgor_id, pledge.pledgee_id):
        errors.append(_("The report was asked for by a party other than the pledgor or pledgee."))
    if not set(report.works.values_list("pk", flat=True)) <= pledged:
        errors.append(_("The report values works this pledge does not cover."))
    if report.currency != pledge.currency:
        errors.append(_("The report is in another currency than the secured claim."))
    if errors:
        raise ValidationError({"valuation_report": errors})
    report.pledge = pledge
    report.save(update_fields=["pledge"])
    ValuationReportEvent.objects.create(
        report=report,
        action="attach",
        from_status=ISSUED,
        to_status=ISSUED,
        actor=user,
        note=str(pledge),
    )
    return report


@transaction.atomic
def pledge_apply_with_report(
    *, user: AnyUser, data: PledgeInput, report: ValuationReport | None
) -> Pledge:
    """File a pledge application and attach an issued valuation report to it, or neither."""
    pledge = pledge_apply(user=user, data=data)
    if report is not None:
        valuation_report_attach(report=report, pledge=pledge, user=user)
    return pledge
