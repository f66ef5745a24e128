"""The web registration form: creators with roles, co-owners with shares per right, folk art."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from catalog.models import Party, Work
from catalog.registration import services
from catalog.registration.models import Application
from catalog.vocabulary import PartyKind, SourceFlag
from tests.factories.catalog import make_party, make_user, work_input


@pytest.fixture
def applicant(db):
    user = make_user(roles=["rights_holder"], language="vi")
    party = make_party(country="VN", name="Nhà xuất bản Sao Mai", member=user)
    return user, party


def _rows(prefix: str, rows: list[dict]) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _post(client, party, *, title, creators=(), shares=(), **fields):
    data = {
        "applicant": party.pk,
        "work_type": "literary",
        "original_title": title,
        "original_language": "vi",
        "country_of_origin": "VN",
        "source_flag": "original",
        **fields,
        **_rows("creators", list(creators)),
        **_rows("shares", list(shares)),
    }
    return client.post("/en/registration/new/", data)


def test_creators_and_co_owner_shares_are_recorded(client, applicant):
    user, party = applicant
    client.force_login(user)
    response = _post(
        client,
        party,
        title="Dòng sông ký ức",
        creators=[
            {"name": "Nguyễn Văn An", "kind": "person", "role": "author", "country": ""},
            {"name": "Trần Thị Bích", "kind": "person", "role": "illustrator", "country": "VN"},
        ],
        shares=[
            {"name": "", "kind": "organisation", "country": "", "right": "all", "percent": "60"},
            {
                "name": "Nguyễn Văn An",
                "kind": "person",
                "country": "",
                "right": "all",
                "percent": "40",
            },
        ],
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    work = Work.objects.get(original_title="Dòng sông ký ức")
    creators = [(c.party.original_name, c.role) for c in work.creators.select_related("party")]
    assert creators == [("Nguyễn Văn An", "author"), ("Trần Thị Bích", "illustrator")]
    author = Party.objects.get(original_name="Nguyễn Văn An")
    assert author.kind == PartyKind.PERSON and author.country == "VN"
    shares = {(s.party_id, s.right): s.percent for s in work.shares.all()}
    # The author named as creator and as co-owner is one party, not two.
    assert shares == {(party.pk, "all"): Decimal("60"), (author.pk, "all"): Decimal("40")}


def test_share_sum_error_is_shown_on_each_share_of_that_right(client, applicant):
    user, party = applicant
    client.force_login(user)
    works = Work.objects.count()
    response = _post(
        client,
        party,
        title="Chia sai",
        shares=[
            {"name": "", "kind": "organisation", "country": "", "right": "all", "percent": "60"},
            {
                "name": "Co A",
                "kind": "organisation",
                "country": "",
                "right": "all",
                "percent": "30",
            },
            {
                "name": "",
                "kind": "organisation",
                "country": "",
                "right": "translation",
                "percent": "100",
            },
        ],
    )
    assert response.status_code == 200
    shares = response.context["shares"]
    message = "Shares of “All rights” sum to 90 %, not 100 %."
    assert shares.forms[0].errors["percent"] == [message]
    assert shares.forms[1].errors["percent"] == [message]
    assert "percent" not in shares.forms[2].errors  # translation sums to 100
    assert message in response.content.decode()
    assert Work.objects.count() == works and not Application.objects.exists()


def test_the_database_share_rule_is_a_field_error_not_a_failed_commit(applicant):
    """Python sums 33.33335 + 33.33335 + 33.3333 to exactly 100; the column keeps four
    decimals, so the database sees 100.0001 and its trigger refuses: a ShareSumRefused
    naming the right, raised inside the service, not an IntegrityError at commit."""
    user, party = applicant
    shares = [
        services.NamedShare(percent=Decimal("33.33335"), right="translation"),
        services.NamedShare(percent=Decimal("33.33335"), right="translation", name="Co B"),
        services.NamedShare(percent=Decimal("33.3333"), right="translation", name="Co C"),
    ]
    with pytest.raises(services.ShareSumRefused) as refused:
        services.application_create(user=user, applicant=party, work=work_input(), shares=shares)
    assert refused.value.right == "translation"
    assert "sum to 100.0001" in refused.value.messages[0]
    assert not isinstance(refused.value, IntegrityError)
    assert not Application.objects.exists()


def test_duplicate_co_owner_on_one_right_is_a_field_error(client, applicant):
    user, party = applicant
    client.force_login(user)
    row = {"name": "Co A", "kind": "organisation", "country": "", "right": "all", "percent": "50"}
    response = _post(client, party, title="Hai lần", shares=[row, row])
    assert response.status_code == 200
    assert response.context["shares"].forms[1].errors["name"] == [
        "This co-owner already has a share of this right."
    ]


def test_folk_art_needs_tradition_and_new_contribution(client, applicant):
    user, party = applicant
    client.force_login(user)
    response = _post(
        client,
        party,
        title="Tranh Đông Hồ mới",
        source_flag=SourceFlag.TRADITIONAL,
        traditional_element="",
        new_contribution="",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["traditional_element"] == ["Required for a work based on traditional culture."]
    assert errors["new_contribution"] == ["Required for a work based on traditional culture."]
    assert not Work.objects.filter(original_title="Tranh Đông Hồ mới").exists()


def test_folk_art_records_tradition_contribution_and_the_community(client, applicant):
    user, party = applicant
    client.force_login(user)
    response = _post(
        client,
        party,
        title="Tranh Đông Hồ mới",
        source_flag=SourceFlag.TRADITIONAL,
        traditional_element="Đông Hồ woodblock printing of Bắc Ninh",
        new_contribution="New compositions of city life in the traditional style",
        community="Làng tranh Đông Hồ",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    work = Work.objects.get(original_title="Tranh Đông Hồ mới")
    assert work.source_flag == SourceFlag.TRADITIONAL
    assert work.traditional_element == "Đông Hồ woodblock printing of Bắc Ninh"
    assert work.new_contribution.startswith("New compositions")
    assert work.community_holder.original_name == "Làng tranh Đông Hồ"
    assert work.community_holder.kind == PartyKind.COLLECTIVE
    assert work.holder == party  # the applicant files; the community is named, not the holder


def test_folk_art_without_a_named_community_is_filed_for_the_applicant(client, applicant):
    user, party = applicant
    client.force_login(user)
    response = _post(
        client,
        party,
        title="Gốm Bát Tràng",
        work_type="craft",
        source_flag=SourceFlag.TRADITIONAL,
        traditional_element="Bát Tràng glaze",
        new_contribution="Modern tableware forms",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Work.objects.get(original_title="Gốm Bát Tràng").community_holder == party


def test_creator_named_twice_in_one_role_and_a_bad_country_are_field_errors(client, applicant):
    user, party = applicant
    client.force_login(user)
    author = {"name": "Lê Minh", "kind": "person", "role": "author", "country": ""}
    response = _post(
        client,
        party,
        title="Hai tác giả",
        creators=[author, author, {**author, "name": "Phạm Hà", "country": "XX"}],
    )
    assert response.status_code == 200
    creators = response.context["creators"]
    assert creators.forms[2].errors["country"] == ["“XX” is not an ISO 3166-1 alpha-2 country code"]
    # The duplicate is checked once every row is valid.
    response = _post(client, party, title="Hai tác giả", creators=[author, author])
    assert response.context["creators"].forms[1].errors["role"] == [
        "This creator is already named in this role."
    ]
    assert not Work.objects.filter(original_title="Hai tác giả").exists()


def test_the_service_refuses_a_creator_twice_in_one_role(applicant):
    user, party = applicant
    twice = [services.NamedCreator(name="Lê Minh", role="author")] * 2
    with pytest.raises(ValidationError, match="named twice"):
        services.application_create(user=user, applicant=party, work=work_input(), creators=twice)
