"""Staff download each bank file of a run from the payouts page; nobody else can."""

from __future__ import annotations

import pytest

from finance.payouts.services import payout_run_execute, payout_run_start
from tests.factories.catalog import make_user
from tests.factories.payouts import bank_payee, owe
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


def test_staff_download_each_file_as_a_private_attachment(client):
    vn = bank_payee(name="Nhà xuất bản Trẻ", country="VN")
    th = bank_payee(name="Siam Books", country="TH")
    owe(vn, "VND", "3000000", "vn")
    owe(th, "THB", "9000.00", "th")
    run = payout_run_execute(run=payout_run_start(provider="pain001"))
    files = list(run.files.order_by("currency"))
    assert [f.currency for f in files] == ["THB", "VND"]

    client.force_login(make_user(roles=["rights_holder"]))
    assert client.get(f"/en/finance/payouts/files/{files[0].pk}/").status_code == 403

    login_with_mfa(client, make_user(roles=["staff"]))
    page = client.get("/en/finance/payouts/").content.decode()
    for payout_file in files:
        assert f'href="/en/finance/payouts/files/{payout_file.pk}/"' in page
        response = client.get(f"/en/finance/payouts/files/{payout_file.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="{payout_file.message_id}.xml"'
        )
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).decode() == payout_file.xml
    assert client.get("/en/finance/payouts/files/999999/").status_code == 404
