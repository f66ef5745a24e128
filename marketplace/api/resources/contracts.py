"""Contracts the key's party is a party to (scope: read). Anyone else's is a 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from licensing.contracts.models import Contract
from marketplace.api.auth import KeyAuth
from marketplace.api.errors import Id, responses

router = Router(tags=["contracts"])


class ContractOut(Schema):
    id: int
    reference: str
    version: int
    work_id: int
    licensor_id: int
    licensee_id: int
    status: str
    payment_status: str
    currency: str
    terms: dict
    created_at: dt.datetime
    activated_at: dt.datetime | None
    ended_at: dt.datetime | None


class ContractPage(Schema):
    total: int
    page: int
    results: list[ContractOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=10_000)
    status: str | None = Field(None, max_length=12)


PER_PAGE = 50


def _of_party(party_id: int):
    return Contract.objects.filter(Q(licensor_id=party_id) | Q(licensee_id=party_id)).order_by(
        "-created_at", "-pk"
    )


@router.get(
    "/contracts",
    url_name="contracts",
    response=responses({200: ContractPage}, 400, 401, 403, 429),
    auth=KeyAuth("read"),
    summary="The key's party's contracts, newest first (scope: read)",
)
def contract_list(request: HttpRequest, params: Query[PageQuery]):
    contracts = _of_party(request.auth.party_id)
    if params.status:
        contracts = contracts.filter(status=params.status)
    start = (params.page - 1) * PER_PAGE
    return {
        "total": contracts.count(),
        "page": params.page,
        "results": list(contracts[start : start + PER_PAGE]),
    }


@router.get(
    "/contracts/{contract_id}",
    url_name="contract",
    response=responses({200: ContractOut}, 400, 401, 403, 404, 429),
    auth=KeyAuth("read"),
    summary="One contract of the key's party (scope: read)",
)
def contract_detail(request: HttpRequest, contract_id: Id):
    contract = _of_party(request.auth.party_id).filter(pk=contract_id).first()
    if contract is None:
        raise Http404
    return contract
