"""``demo_mfa`` lets someone trying the demo pass the second-factor step as a demo user."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.factories.catalog import make_user

pytestmark = pytest.mark.django_db


def _code(username: str) -> dict:
    out = StringIO()
    call_command("demo_mfa", username, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_printed_code_passes_allauths_mfa_step(client):
    examiner = make_user(roles=["examiner"])
    first = _code(examiner.username)
    assert Authenticator.objects.filter(user=examiner, type="totp").count() == 1
    assert _code(examiner.username)["secret"] == first["secret"]  # paired once

    client.force_login(examiner)
    queue = reverse("registration:examiner_queue")
    assert client.get(queue).status_code == 302  # the role needs a second factor
    response = client.post(
        reverse("mfa_reauthenticate") + f"?next={queue}", {"code": _code(examiner.username)["code"]}
    )
    assert response.status_code == 302
    assert client.get(queue).status_code == 200


def test_refused_where_demo_data_is_refused(settings):
    settings.DEMO_SEED_ALLOWED = False
    user = make_user(roles=["examiner"])
    with pytest.raises(CommandError, match="DEMO_SEED_ALLOWED"):
        call_command("demo_mfa", user.username)
    assert not Authenticator.objects.filter(user=user).exists()
