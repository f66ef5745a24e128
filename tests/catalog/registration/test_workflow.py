"""The application page offers exactly the moves the registration workflow would make."""

from __future__ import annotations

import pytest

from catalog.registration import services
from catalog.registration.models import Application, Status
from catalog.registration.workflow import WORKFLOW
from tests.factories.catalog import image_upload, make_party, make_user, work_input
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db

# workflow action → the last part of the URL its form posts to
FORMS = {
    "submit": "submit",
    "withdraw": "withdraw",
    "request_correction": "correction",
    "reject": "reject",
    "register": "register",
}


def _application(status: str) -> tuple[Application, object]:
    user = make_user(roles=["rights_holder"])
    party = make_party(country="VN", member=user)
    app = services.application_create(user=user, applicant=party, work=work_input())
    services.application_attach_file(
        application_id=app.pk, user=user, upload=image_upload(seed=app.pk), kind="image"
    )
    if status != Status.DRAFT:
        services.application_submit(application_id=app.pk, user=user)
        services.application_screen(application_id=app.pk)
    examiner = make_user(roles=["examiner"])
    if status == Status.NEEDS_CORRECTION:
        services.application_request_correction(
            application_id=app.pk, examiner=examiner, message="a clearer scan"
        )
    elif status == Status.REGISTERED:
        services.application_register(application_id=app.pk, examiner=examiner)
    app = Application.objects.get(pk=app.pk)
    assert app.status == status
    return app, user


def _posted_actions(html: str, app: Application) -> set[str]:
    return {name for name, url in FORMS.items() if f"/registration/{app.pk}/{url}/" in html}


@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.IN_EXAMINATION, Status.NEEDS_CORRECTION, Status.REGISTERED],
)
def test_each_viewer_sees_the_forms_of_the_actions_the_workflow_allows(client, home_page, status):
    app, applicant = _application(status)
    examiner = make_user(roles=["examiner"])
    for viewer, sign_in in ((applicant, client.force_login), (examiner, None)):
        if sign_in:
            sign_in(viewer)
        else:
            login_with_mfa(client, viewer)  # examiners need a second factor
        html = client.get(f"/en/registration/{app.pk}/").content.decode()
        allowed = {name for name in FORMS if not WORKFLOW.check(app, name, viewer)}
        assert _posted_actions(html, app) == allowed, (status, viewer.roles)
        reissue = f"/registration/{app.pk}/reissue/" in html
        assert reissue == (status == Status.REGISTERED)  # certificates exist for those only


def test_a_hidden_form_is_an_action_the_service_refuses(client, home_page):
    app, applicant = _application(Status.IN_EXAMINATION)
    client.force_login(applicant)
    html = client.get(f"/en/registration/{app.pk}/").content.decode()
    assert _posted_actions(html, app) == {"withdraw"}
    client.post(f"/en/registration/{app.pk}/submit/")  # no form for it: refused
    client.post(f"/en/registration/{app.pk}/register/")
    app.refresh_from_db()
    assert app.status == Status.IN_EXAMINATION
    assert app.transitions.count() == 3  # draft → submitted → screening → in examination
