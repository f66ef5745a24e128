"""Domain services notify users through the kernel; the project package stores the notice."""

from __future__ import annotations

import pytest

from catalog.kernel import notifications
from marketplace.listings.models import Notification
from tests.factories.catalog import make_user

pytestmark = pytest.mark.django_db


def test_the_marketplace_notifier_stores_the_notice_cut_to_its_columns():
    user = make_user()
    notifications.notify(user=user, kind="pledge_ltv", text="x" * 600, url="/en/valuation/")
    notice = Notification.objects.get(user=user)
    assert notice.kind == "pledge_ltv" and len(notice.text) == 500
    assert notice.url == "/en/valuation/"


def test_without_a_notifier_a_notice_is_refused_not_dropped(monkeypatch):
    monkeypatch.setattr(notifications, "_notifier", None)
    with pytest.raises(RuntimeError, match="no notifier"):
        notifications.notify(user=make_user(), kind="x", text="y")
