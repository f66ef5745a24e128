"""The pledge and seizure pages offer exactly the actions the services accept (both ask the
workflow), and the royalty close learns of redirected receivables through a registered hook."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from finance.pledges import services
from finance.pledges.models import PledgeStatus
from finance.pledges.selectors import redirect_pledgees
from licensing.royalties.selectors import _payee_redirects, payee_redirects
from tests.factories.catalog import make_party, make_user
from tests.factories.pledges import Holder, make_bank, make_court, make_pledge
from tests.finance.pledges.test_pledges import _contract, _sign_both
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    """Rolls a probing service call back: we only ask whether it would be accepted."""


def _pledge_calls(contract):
    return {
        "examine": lambda pk, u: services.pledge_start_examination(pledge_id=pk, examiner=u),
        "register": lambda pk, u: services.pledge_register(pledge_id=pk, examiner=u),
        "reject": lambda pk, u: services.pledge_reject(pledge_id=pk, examiner=u, reason="no deed"),
        "change": lambda pk, u: services.pledge_change(pledge_id=pk, user=u, note="same"),
        "consent": lambda pk, u: services.pledge_consent_give(
            pledge_id=pk, contract=contract, user=u
        ),
        "redirect": lambda pk, u: services.pledge_redirect_receivables(pledge_id=pk, user=u),
        "release": lambda pk, u: services.pledge_release(pledge_id=pk, user=u),
        "enforce": lambda pk, u: services.pledge_enforce(pledge_id=pk, user=u, note="default"),
    }


def _accepted(call, *args) -> bool:
    try:
        with transaction.atomic():
            call(*args)
            raise _Undo
    except _Undo:
        return True
    except (ValidationError, PermissionDenied):
        return False


def _buttons(client, user, path: str, pattern: str) -> set[str]:
    login_with_mfa(client, user)
    page = client.get(path)
    assert page.status_code == 200
    return set(re.findall(pattern, page.content.decode()))


def test_the_pledge_page_offers_exactly_what_the_services_accept(client):
    holder = Holder()
    bank_user, bank = make_bank()
    examiner = make_user(roles=["examiner"])
    work = holder.work()
    contract, buyer, licensee = _contract(holder, work, exclusive=False)
    _sign_both(holder, contract, buyer, licensee)
    pledge = make_pledge(
        holder, (bank_user, bank), works=[work], contracts=[contract], register=False
    )
    calls = _pledge_calls(contract)
    steps = [
        lambda: None,
        lambda: services.pledge_start_examination(pledge_id=pledge.pk, examiner=examiner),
        lambda: services.pledge_register(pledge_id=pledge.pk, examiner=examiner),
        lambda: services.pledge_redirect_receivables(pledge_id=pledge.pk, user=bank_user),
        lambda: services.pledge_release(pledge_id=pledge.pk, user=bank_user),
    ]
    offered_somewhere: set[str] = set()
    for step in steps:
        step()
        for user in (holder.user, bank_user, examiner):
            shown = _buttons(
                client, user, f"/en/pledges/{pledge.pk}/", rf'/pledges/{pledge.pk}/([a-z]+)/"'
            )
            accepted = {name for name, call in calls.items() if _accepted(call, pledge.pk, user)}
            assert shown == accepted, (pledge.status, user.roles, shown, accepted)
            offered_somewhere |= shown
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.RELEASED
    assert offered_somewhere == set(calls)  # the walk met every action of the table


def test_the_seizures_page_offers_release_to_those_who_may_lift_the_order(client):
    holder = Holder()
    work = holder.work()
    court_user, court = make_court()
    other_user, _other = make_court(name="Shanghai Financial Court")
    staff = make_user(is_staff=True)
    examiner = make_user(roles=["examiner"])
    seizure = services.seizure_record(
        user=court_user,
        court=court,
        case_number="(2026)京0491民初7号",
        works=[work],
        starts_on=dt.date.today() - dt.timedelta(days=1),
        document=SimpleUploadedFile(
            "order.pdf", b"%PDF-1.4 ruling", content_type="application/pdf"
        ),
    )
    assert [(e.action, e.from_status, e.to_status) for e in seizure.events.all()] == [
        ("record", "", "active")
    ]
    pattern = rf"/seizures/({seizure.pk})/release/"

    def release(user):
        return services.seizure_release(seizure_id=seizure.pk, user=user)

    for user in (court_user, other_user, staff, examiner):
        shown = bool(_buttons(client, user, "/en/pledges/seizures/", pattern))
        assert shown == _accepted(release, user), user
    assert _accepted(release, court_user) and not _accepted(release, examiner)
    release(court_user)
    seizure.refresh_from_db()
    assert [(e.action, e.from_status, e.to_status) for e in seizure.events.all()][-1] == (
        "release",
        "active",
        "released",
    )
    assert not _buttons(client, court_user, "/en/pledges/seizures/", pattern)
    with pytest.raises(ValidationError, match="already released"):
        release(court_user)


def test_the_royalty_close_asks_the_registered_redirect_of_pledged_receivables():
    assert redirect_pledgees in _payee_redirects  # PledgesConfig.ready registered it
    holder = Holder()
    bank_user, bank = make_bank()
    work = holder.work()
    contract, buyer, licensee = _contract(holder, work, exclusive=False)
    _sign_both(holder, contract, buyer, licensee)
    pledge = make_pledge(holder, (bank_user, bank), works=[], contracts=[contract])
    assert payee_redirects([contract.number]) == {}
    services.pledge_redirect_receivables(pledge_id=pledge.pk, user=bank_user)
    assert payee_redirects([contract.number]) == {contract.number: bank.pk}
    with pytest.raises(ValidationError):  # asked once; a second time is refused, not repeated
        services.pledge_redirect_receivables(pledge_id=pledge.pk, user=bank_user)
    assert pledge.events.filter(kind="redirect").count() == 1
    outsider = make_user()
    make_party(member=outsider)
    with pytest.raises(PermissionDenied):
        services.pledge_release(pledge_id=pledge.pk, user=outsider)
