"""Factories for pledges, seizures and registered works, built through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from catalog.registration import services as registration
from finance.pledges import services
from finance.pledges.services import PledgeInput
from tests.factories.catalog import image_upload, make_party, make_user, work_input
from tests.factories.rightsin import acquire_rights

_seed = iter(range(100, 100000))


def registered_work(user, party, **overrides):
    examiner = make_user(roles=["examiner"])
    app = registration.application_create(user=user, applicant=party, work=work_input(**overrides))
    registration.application_attach_file(
        application_id=app.pk, user=user, upload=image_upload(seed=next(_seed)), kind="image"
    )
    registration.application_submit(application_id=app.pk, user=user)
    registration.application_screen(application_id=app.pk)
    app.refresh_from_db()
    registration.application_register(
        application_id=app.pk, examiner=examiner, override_hold_reason="test" if app.held else ""
    )
    app.work.refresh_from_db()
    acquire_rights(app.work, user=user)  # the publisher's author contract
    return app.work


def make_bank(*, name: str = "Nanling Commercial Bank", country: str = "CN"):
    user = make_user(roles=["bank"])
    return user, make_party(category="bank", name=name, country=country, member=user)


def make_court(*, name: str = "Beijing Internet Court"):
    user = make_user(roles=["court"])
    return user, make_party(category="court", name=name, country="CN", member=user)


class Holder:
    def __init__(self):
        self.user = make_user(roles=["rights_holder"])
        self.party = make_party(name="长江文艺出版社", member=self.user)

    def work(self, **overrides):
        return registered_work(self.user, self.party, **overrides)


def make_pledge(holder: Holder, bank, *, works, contracts=(), amount="500000.00", register=True):
    _bank_user, bank_party = bank
    pledge = services.pledge_apply(
        user=holder.user,
        data=PledgeInput(
            pledgor=holder.party,
            pledgee=bank_party,
            secured_amount=Decimal(amount),
            currency="CNY",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2029, 12, 31),
            works=list(works),
            contracts=list(contracts),
        ),
    )
    if register:
        examiner = make_user(roles=["examiner"])
        services.pledge_start_examination(pledge_id=pledge.pk, examiner=examiner)
        pledge = services.pledge_register(pledge_id=pledge.pk, examiner=examiner)
    return pledge
