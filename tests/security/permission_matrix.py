"""Who may reach what: one row per route of ours, a coarse row per third-party tree.

Read tests/security/spec.py for the cell syntax. In short, ``GET(kind, default,
role="own/other", ...)``: ``kind`` is the object the route is about
(tests/security/kinds.py, ``None`` for none), ``default`` the outcome of every
signed-in role not named, ``anon`` is ``login`` unless given. ``+`` allows a POST
to write; ``~owner`` marks a secure outcome another slice has still to deliver
(xfail, strict). ``data``/``query`` take a context ``c``: ``c.s`` is the side
probed (A for own, B for other), ``c.w`` the world, ``c.a`` side A (the signed-in
users' side), ``c.party`` the probing role's own party on the probed side.

Roles: anon, buyer, rh, licensee, coowner, examiner, mediator, bank, court, staff.
"""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.catalog import image_upload
from tests.security.spec import GET, POST

PUBLIC = {"anon": 200}
WORK_QUERY = "right=translation&territory=VN&language=vi&from=2027-01-01&to=2027-12-31"
RIGHTS_IN = {
    "basis": "acquired",
    "right_type": "audio",
    "territories": "TH",
    "languages": "th",
    "source_ref": "ACQ-MATRIX",
}


def _usage_file(c):
    return SimpleUploadedFile("usage.csv", f"isbn,units\n{c.s.isbn},5\n".encode(), "text/csv")


def _bulk_lines(c):
    return {"lines": f"#{c.s.work.pk}; translation; ASEAN; vi; exclusive; ", "currency": "USD"}


def _bulk_rows(c):
    cells = dict(
        zip(
            ("work", "rights", "territories", "languages", "exclusivity", "period"),
            (f"#{c.s.work.pk}", "translation", "ASEAN", "vi", "either", ""),
            strict=True,
        )
    )
    return {"rows": json.dumps([{"line": 1, "cells": cells}])}


def _catalogue_file(c):
    """A one-row template for the probed side's publisher: only its members (and staff)
    may upload for it; for anyone else the party is not a choice of the form."""
    data = "reference,isbn,original_title,original_language\nP1,9786167123455,Probe,en\n"
    file = SimpleUploadedFile("catalogue.csv", data.encode(), "text/csv")
    return {"party": c.s.rh_party.pk, "file": file, "mode": "quarantine", "default_country": "CN"}


def _upload(c):
    return {"file": image_upload(seed=97), "kind": "image"}


def _queue_match(c):
    """Own: side A's stray line onto A's work. Other: the line side A's licensee reported on
    side B's contract (B's to match, not A's) onto A's work."""
    line = c.s.unmatched if c.s is c.a else c.s.cross_unmatched
    return {"licensee": c.a.licensee_party.pk, "match_key": line.match_key, "work": c.a.work.pk}


def _residency_form(c):
    """A complete tax residency form with its certificate of residence."""
    return {
        "country": "CN",
        "valid_from": "2028-01-01",
        "valid_to": "2028-12-31",
        "certificate": SimpleUploadedFile(
            "residence.pdf", b"%PDF-1.4 residence", "application/pdf"
        ),
    }


# A valid assumptions form: a refusal must come from who posts it, not from a form error.
VALUATION = {
    "discount_rate": "0.05",
    "discount_rate_sd": "0.02",
    "horizon_years": "10",
    "periods_per_year": "4",
    "min_fit_points": "4",
    "min_annual_decay": "0",
    "decay_sd_multiplier": "1",
    "scenarios": "200",
    "seed": "7",
    "history_source": "engine",
}


def _valuation(c):
    return VALUATION


def _report_request(c):
    """Side A's own party asks (the bank for its bank, others for their holder) about the
    probed side's work: the holder's own request or a bank's, both allowed to write."""
    own = getattr(c.a, f"{c.role}_party", None) or c.a.rh_party
    return {
        "requester": own.pk,
        "holder": c.s.rh_party.pk,
        "works": [c.s.work.pk],
        "currency": "CNY",
        "loan_amount": "1000",
        "discount_rate": "0.1",
        "horizon_years": "10",
        "scenarios": "50",
        "seed": "1",
    }


def _pool_form(c):
    return {**c.s.pool.structure, **c.s.pool.criteria}


def _counterpart(c):
    """The contract's party the probing role does not act for."""
    contract = c.s.pending_contract
    theirs = contract.licensee if c.party == contract.licensor else contract.licensor
    return {"party": theirs.pk}


def _start_for_buyer(c):
    return {"listing": c.s.listing.pk, "buyer": c.s.buyer_party.pk}


def _inquiry(c):
    return {
        "buyer": c.s.buyer_party.pk,
        "right_types": ["translation"],
        "territories": "TH",
        "languages": "th",
        "message": "Probe",
    }


def _pledge_form(c):
    """A complete application in the name of the side's rights holder."""
    return {
        "pledgor": c.s.rh_party.pk,
        "pledgee": c.s.bank_party.pk,
        "works": [c.s.work.pk],
        "secured_amount": "1000",
        "currency": "CNY",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
    }


def _agent(c):
    return {"name": "Second", "email": "second@example.com", "language": "en", "scope": "sign"}


def _case_form(c, **extra):
    return {
        "case_type": "infringement",
        "works": [c.a.work.pk],
        "summary": "Copies for sale",
        "respondent_name": "A shop",
        "respondent_email": "shop@example.com",
        "respondent_language": "en",
        "respondent_time_zone": "Asia/Shanghai",
        **extra,
    }


def _payee_party(c):
    return f"party={c.party.pk}"


def _payee_edit(c):
    return f"party={c.party.pk}&edit=1"


def _payee_form(c):
    """A valid Vietnamese account: a refusal must come from who posts it."""
    return {
        "party": c.party.pk,
        "method": "pain001",
        "bank_country": "VN",
        "account_holder": "Probe",
        "account_number": "0071000123456",
        "bic": "BFTVVNVX",
        "currency": "VND",
    }


ROUTES = {
    # --- platform --------------------------------------------------------------------------
    "healthz": GET(None, "200|503", anon="200|503", court="200|503"),
    "healthz_live": GET(None, 200, anon=200, court=200),
    "healthz_ready": GET(None, "200|503", anon="200|503", court="200|503"),
    "stripe:webhook": (
        POST(None, 400, anon=400, data=lambda c: {"id": "evt_forged", "type": "x"}),
        GET(None, 405, anon=405),
    ),
    "api:availability": GET(
        "work", 200, **PUBLIC, query=lambda c: f"work={c.s.work.pk}&{WORK_QUERY}"
    ),
    # The REST API (marketplace/api): public reads for anyone; the rest only with an API
    # key (tests/marketplace/api probe keys of own and other parties), so a browser
    # session — whatever its role — gets 401.
    "api:api-root": GET(None, 404, anon=404),  # ninja's root: nothing there, see docs
    "api:openapi-json": GET(None, 200, **PUBLIC),
    "api:openapi-view": GET(None, 200, **PUBLIC),
    "api:listings": GET(None, "200|503", anon="200|503"),
    "api:listing": GET("api_listing", 200, **PUBLIC),
    "api:inquiries": POST("api_listing", 401, anon=401, data=lambda c: {}),
    "api:contracts": GET(None, 401, anon=401),
    "api:contract": GET("api_contract", 401, anon=401),
    # The party's API keys page: its owners and administrators; creating and revoking
    # need a second factor (the probing sessions have used one). Others: 404, as for
    # any party they do not act for.
    "api_keys:list": (
        GET("party", 404, rh="200/404"),
        POST("party", 404, rh="200+/404", data=lambda c: {"name": "x", "scopes": ["read"]}),
    ),
    "api_keys:revoke": POST("api_key", 404, rh="302+/404"),
    # --- accounts and organisations ---------------------------------------------------------
    "marketplace:profile": GET(None, 200, court=200),
    "marketplace:organisations": GET(None, 200),
    "marketplace:organisation_join": (
        GET(None, 200),
        POST("party", "302+", data=lambda c: {"party": c.s.rh_party.pk}),
    ),
    "marketplace:organisation_invite": POST(
        "party", "302|403|404", rh="302+/302|403|404", data=lambda c: {"email": "new@example.com"}
    ),
    "marketplace:membership_request_decide": POST(
        "join_request", "403|404", rh="302+/403|404", kwargs={"decision": "approve"}
    ),
    "marketplace:invitation_accept": (
        GET("invitation", 200),
        POST("invitation", 400, buyer="302+/400"),
    ),
    # --- registration -----------------------------------------------------------------------
    "registration:mine": GET(None, 200),
    "registration:new": (
        GET(None, 200),
        POST(
            "application",
            200,
            data=lambda c: {"applicant": c.s.rh_party.pk, "original_title": "Probe"},
        ),
    ),
    "registration:examiner_queue": GET(None, 403, examiner=200),
    "registration:detail": GET("application", 404, rh="200/404", examiner=200),
    "registration:upload": POST("application", 404, rh="302+/404", examiner=302, data=_upload),
    "registration:certificate": GET("certificate", 404, rh="200/404", examiner=200),
    "registration:action": POST(
        "application", 404, rh="302+/404", examiner=302, kwargs={"action": "withdraw"}
    ),
    # Batches: the applicant's members and staff read them, examiners read and decide them.
    "registration:batches": GET(None, 200),
    "registration:batch_new": (
        GET(None, 200),
        # No declaration: a form error, nothing filed, whoever posts it.
        POST(None, 200, data=lambda c: {"applicant": c.s.rh_party.pk, "all_matching": "on"}),
    ),
    "registration:batch": GET("registration_batch", 404, rh="200/404", examiner=200, staff=200),
    "registration:batch_status": GET(
        "registration_batch", 404, rh="200/404", examiner=200, staff=200
    ),
    "registration:batch_submit": POST(
        "registration_batch", 404, rh="302+/404", examiner=302, staff=302
    ),
    "registration:batch_decide": POST(
        "registration_batch", 404, rh="403/404", examiner="302+", staff=403
    ),
    "registration:batch_decision": GET(
        "batch_decision", 404, rh="200/404", examiner=200, staff=200
    ),
    "registration:batch_decision_status": GET(
        "batch_decision", 404, rh="200/404", examiner=200, staff=200
    ),
    "registration:verify": GET("registration_number", 200, court=200, **PUBLIC),
    "registration:verify_sample": GET("work_file", 200, court=200, **PUBLIC),
    # --- catalogue uploads (the uploading party's members and staff; others 404) --------------
    "catalogue:upload": (
        GET(None, 200),
        POST("party", 200, rh="302+/200", staff="302+", data=_catalogue_file),
    ),
    "catalogue:job": GET("catalogue_upload", 404, rh="200/404", staff=200),
    "catalogue:status": GET("catalogue_upload", 404, rh="200/404", staff=200),
    "catalogue:errors_csv": GET("catalogue_upload", 404, rh="200/404", staff=200),
    "catalogue:template": GET(None, 200, kwargs={"format": "csv"}),
    # --- listings ---------------------------------------------------------------------------
    # 503: the search index is a projection, filled after commit; the world never commits.
    "listings:search": GET(None, "200|503", anon="200|503"),
    "listings:suggest": GET(None, "200|503", anon="200|503", query=lambda c: "q=Sun"),
    "listings:seller": GET(None, 200),
    "listings:new": (
        GET("work", 404, rh="200/404"),
        POST("work", 404, rh="200|302+/404"),
    ),
    # Bulk rights: members of a party holding works, and staff; the listing service decides
    # per work (staff act for no holder here: every line is refused, nothing written).
    "listings:bulk_rights": (
        GET(None, 403, rh=200, staff=200),
        POST(None, 403, rh=200, staff=200, data=_bulk_lines),
    ),
    "listings:bulk_rights_create": POST(
        None, 403, rh="302+", staff=200, data=lambda c: {**_bulk_rows(c), "currency": "USD"}
    ),
    "listings:detail": GET("listing", 200, **PUBLIC),
    "listings:edit": (
        GET("listing", 404, rh="200/404"),
        POST("listing", 404, rh="200|302+/404"),
    ),
    # On behalf of the side's buyer: only that buyer's own inquiry may be stored.
    "listings:inquire": POST("listing", 302, buyer="302+/302", data=_inquiry),
    "listings:shortlist_toggle": POST("listing", "302+"),
    "listings:action": POST("listing", "403|404", rh="302+/403|404", kwargs={"action": "pause"}),
    "listings:shortlist": GET(None, 200),
    # --- evidence chain (public by design: hashes and kinds, no metadata) --------------------
    "evidence:entry": GET("evidence_entry", 200, **PUBLIC),
    "evidence:certificate": GET("evidence_entry", 200, **PUBLIC),
    # --- negotiation ------------------------------------------------------------------------
    "deals:list": GET(None, 200),
    "deals:start": (
        POST(
            "inquiry",
            404,
            buyer="302/404",
            rh="302/404",
            data=lambda c: {"inquiry": c.s.inquiry.pk},
        ),
        # Opening a negotiation from a listing on behalf of a buyer party one does not act for.
        POST("listing", 403, buyer="302/403", data=_start_for_buyer),
    ),
    "deals:detail": GET("thread", 404, buyer="200/404", rh="200/404", staff=200),
    "deals:offer_new": (
        GET("thread", 404, buyer="200/404", rh="200/404", staff=403),
        POST("thread", 404, buyer="200|302+/404", rh="200|302+/404", staff=403),
    ),
    "deals:message_send": POST(
        "thread",
        404,
        buyer="302+/404",
        rh="302+/404",
        staff=403,
        data=lambda c: {"body": "probe"},
    ),
    "deals:offer_counter": (
        GET("offer", 404, buyer="403/404", rh="200/404", staff=403),
        POST("offer", 404, buyer="403/404", rh="200|302+/404", staff=403),
    ),
    "deals:offer_action": POST(
        "offer", 404, buyer="302/404", rh="302+/404", staff=403, kwargs={"action": "decline"}
    ),
    "deals:translate": POST(
        "message",
        404,
        buyer="302+/404",
        rh="302+/404",
        staff="302+",
        data=lambda c: {"language": "th", "body": "probe"},
    ),
    "deals:attachment": GET("attachment", 404, buyer="200/404", rh="200/404", staff=200),
    # --- contracts --------------------------------------------------------------------------
    "contracts:list": GET(None, 200),
    "contracts:detail": GET("contract", 404, rh="200/404", licensee="200/404", staff=200),
    "contracts:send": POST("contract", 404, rh="302/404", licensee="302/404", staff=302),
    # Each side signs an unsigned contract in the other party's name: refused, nothing stored.
    "contracts:sign": POST(
        "pending_contract", 404, rh="302/404", licensee="302/404", staff=302, data=_counterpart
    ),
    "contracts:activate": POST("contract", 404, rh="302/404", licensee="302/404", staff=302),
    "contracts:terminate": POST("contract", 404, rh="302+/404", staff="302+"),
    "contracts:amend": (
        GET("contract", 404, rh="200/404", licensee="200/404", staff=200),
        POST("contract", 404, rh="400|302+/404", licensee="400|302+/404", staff="400|302+"),
    ),
    "contracts:document": GET("contract", 404, rh="200/404", licensee="200/404", staff=200),
    "contracts:signed_copy": GET("contract", 404, rh="200/404", licensee="200/404", staff=200),
    "contracts:verify": GET("contract_token", 200, court=200, **PUBLIC),
    "contracts:work_availability": GET("work", 404, rh="200/404", staff=200),
    # Co-owners' approvals: the list is per user; a decision only by a co-owner asked (the
    # pending contract's co-owner has not decided yet, so its own POST records one).
    "contracts:approvals": GET(None, 200),
    "contracts:approve": POST(
        "pending_contract",
        404,
        coowner="302+/404",
        data=lambda c: {"party": c.party.pk, "decision": "approved", "note": "agreed"},
    ),
    # Rights in: the holder's page. Staff read it but cannot write for the holder (403); the
    # probed "everything" carries the side's active licences, so removing it is refused (302,
    # nothing written).
    "rightsin:work": (
        GET("work", 404, rh="200/404", staff=200),
        POST("work", 404, rh="302+/404", staff=403, data=lambda c: RIGHTS_IN),
    ),
    "rightsin:remove": POST("held_right", 404, rh="302/404", staff=403),
    "rightsin:consent_rule": POST(
        "work",
        404,
        rh="302+/404",
        staff=403,
        data=lambda c: {"rule": "majority", "majority_percent": "50"},
    ),
    # --- usage and royalties ----------------------------------------------------------------
    "royalties:reports": (
        GET(None, 200),
        POST(
            "contract",
            200,
            licensee="302+/200",
            data=lambda c: {
                "contract": c.s.contract.pk,
                "period": "2027-Q2",
                "file": _usage_file(c),
            },
        ),
    ),
    "royalties:report": GET("report", 404, rh="200/404", licensee="200/404", staff=200),
    "royalties:report_status": GET("report", 404, rh="200/404", licensee="200/404", staff=200),
    # The licensee's review of a report that stopped before posting; the probed report is
    # posted, so its own licensee is sent back to the report page and a decision is refused.
    "royalties:report_review": (
        GET("report", 404, licensee="302/404", staff=302),
        POST("report", 404, licensee="302/404", staff=302, data=lambda c: {"decision": "skip"}),
    ),
    # Retrying a failed import (stranded.py): the licensee and staff; the probed report is
    # posted, so the retry is refused with a message and a redirect to the report.
    "royalties:report_retry": POST("report", 404, rh="403/404", licensee="302/404", staff=302),
    "royalties:report_file": GET("report", 404, rh="200/404", licensee="200/404", staff=200),
    "royalties:quarantine_csv": GET("report", 404, rh="200/404", licensee="200/404", staff=200),
    "royalties:queue": (
        GET(None, 200),
        POST("report", "302|403|404", rh="302+/302|403|404", data=_queue_match),
    ),
    # The licensor's out-of-licence queue; a POST naming no line changes nothing.
    "royalties:held_usage": (
        GET("contract", 404, rh="200/404", staff=200),
        POST("contract", 404, rh="302/404", staff=302, data=lambda c: {"action": "accept"}),
    ),
    "royalties:column_mapping": (
        GET(None, 200),
        POST(
            "report",
            200,
            licensee="302+/200",
            data=lambda c: {"party": c.s.licensee_party.pk, "format": "csv", "col_units": "Qty"},
        ),
    ),
    # The licensee's own words for channels, formats and territories (valuemap_views.py):
    # only its members and staff; the delete probe names no existing map.
    "royalties:value_maps_home": GET(None, "200|302"),
    "royalties:value_maps": (
        GET("licensee_party", 404, licensee="200/404", staff=200),
        POST(
            "licensee_party",
            404,
            licensee="302+/404",
            staff="302+",
            data=lambda c: {"kind": "channel", "value": "bookshop chain", "target": "retail"},
        ),
    ),
    "royalties:value_map_delete": POST("licensee_party", 404, kwargs={"pk": 987654}),
    "royalties:report_place_held": POST("report", 404, licensee="302+/404", staff="302+"),
    "royalties:statements": GET(None, 200),
    "royalties:close_period": POST(
        "contract",
        404,
        rh="302+/404",
        data=lambda c: {"contract": c.s.contract.pk, "period": "2027-Q2"},
    ),
    "royalties:statement": GET(
        "statement", 404, rh="200/404", licensee="200/404", coowner="200/404", staff=200
    ),
    "royalties:statement_pdf": GET(
        "statement", 404, rh="200/404", licensee="200/404", coowner="200/404", staff=200
    ),
    "royalties:statement_csv": GET(
        "statement", 404, rh="200/404", licensee="200/404", coowner="200/404", staff=200
    ),
    "royalties:statement_xlsx": GET(
        "statement", 404, rh="200/404", licensee="200/404", coowner="200/404", staff=200
    ),
    "royalties:line_usage": GET(
        "statement_line", 404, rh="200/404", licensee="200/404", coowner="200/404", staff=200
    ),
    # --- disputes ---------------------------------------------------------------------------
    "disputes:mine": GET(None, 200),
    "disputes:file": (
        GET(None, 200),
        POST(
            "contract",
            200,
            rh="302+/200",
            data=lambda c: _case_form(c, case_type="contract", subject_ref=c.s.contract.number),
        ),
    ),
    "disputes:detail": GET(
        "case", 404, rh="200/404", buyer="200/404", mediator="200/404", staff=200
    ),
    "disputes:settlement_pdf": GET(
        "case", 404, rh="200/404", buyer="200/404", mediator="200/404", staff=200
    ),
    "disputes:court_file": GET(
        "failed_case", 404, rh="200/404", buyer="200/404", mediator="200/404", staff=200
    ),
    "disputes:action": (
        POST(
            "case",
            404,
            rh="302+/404",
            buyer="403/404",
            mediator="302+/404",
            staff="302+",
            kwargs={"action": "withdraw"},
        ),
        # The settlement: its two sides sign; the mediator and staff who read it may not.
        POST(
            "case",
            404,
            rh="302+/404",
            buyer="302+/404",
            mediator="302/404",
            staff=302,
            kwargs={"action": "sign"},
        ),
    ),
    "disputes:evidence": GET(
        "case_evidence", 404, rh="200/404", buyer="200/404", mediator="200/404", staff=200
    ),
    "disputes:parties": GET(
        "case", 404, rh="200/404", buyer="200/404", mediator="200/404", staff=200
    ),
    "disputes:invite": POST(
        "case_row", 404, rh="302+/404", buyer="403/404", mediator="302+/404", staff="302+"
    ),
    "disputes:appoint_agent": POST(
        "case", 404, rh="302/404", buyer="403/404", mediator="403/404", staff=403, data=_agent
    ),
    "disputes:join": (
        GET("case_invitation", 200),
        POST("case_invitation", 400, buyer="302+/400"),
    ),
    "disputes:agency": POST(
        "agency",
        404,
        rh="302+/404",
        buyer="403/404",
        mediator="403/404",
        staff=403,
        kwargs={"action": "revoke"},
    ),
    "disputes:queue": GET(None, 403, mediator=200, staff=200),
    "disputes:batch_new": POST(None, 403, mediator=302),
    "disputes:batch": (
        GET("batch", 404, mediator="200/404", staff=200),
        POST("batch", 404, mediator="302+/404", staff="302+"),
    ),
    "disputes:dashboard": GET(None, 403, staff=200),
    "disputes:statistics": GET(None, 200, **PUBLIC),
    # --- money ------------------------------------------------------------------------------
    "finance:statement": (
        GET(None, 200),
        GET(
            "invoice",
            "200/403",
            examiner=403,
            mediator=403,
            staff=200,
            query=lambda c: f"party={c.party.pk}",
        ),
    ),
    "finance:invoice_list": GET(None, 200),
    "finance:invoice_detail": GET("invoice", 404, rh="200/404", licensee="200/404", staff=200),
    "finance:invoice_pay": (
        GET("invoice", 404, rh="403/404", licensee="200/404", staff=403),
        POST("invoice", 404, rh="403/404", licensee="302+/404", staff=403),
    ),
    "finance:invoice_pdf": GET("invoice", 404, rh="200/404", licensee="200/404", staff=200),
    # The world's invoice is unpaid: no receipt yet, for anyone (tests/finance/invoices).
    "finance:invoice_receipt": GET("invoice", 404),
    "finance:invoice_refund": (
        GET("invoice", 403, staff=200),
        POST("invoice", 403, staff=200),  # an empty form: refused, nothing recorded
    ),
    "finance:payouts": GET(None, 403, staff=200),
    "finance:payout_file": GET("payout_file", 403, staff=200),
    "finance:trial_balance": GET(None, 403, staff=200),
    # --- tax residency and withholding certificates (the payee's members and staff) ---------
    # Members of a party see its page; its owners submit and correct; staff decide (403 on
    # what only owners do); another party's page, residency or certificate is a 404.
    "tax:home": GET(None, 302, examiner=404, mediator=404),
    "tax:party": (
        GET("party", 404, rh="200/404", staff=200),
        POST("party", 404, rh="302+/404", staff=403, data=_residency_form),
    ),
    "tax:residency_correct": (
        GET("tax_residency", 404, rh="200/404", staff=403),
        POST("tax_residency", 404, rh="302+/404", staff=403, data=_residency_form),
    ),
    "tax:residency_certificate": GET("tax_residency", 404, rh="200/404", staff=200),
    "tax:queue": GET(None, 403, staff=200),
    "tax:review": POST("tax_residency", 403, staff="302+", kwargs={"action": "accept"}),
    "tax:certificate_issue": POST(
        "party", 404, rh="302+/404", staff="302+", data=lambda c: {"period": "2027-Q1"}
    ),
    "tax:certificate_pdf": GET("withholding_certificate", 404, rh="200/404", staff=200),
    # The payee page: members read their party's masked payout details, staff any party's;
    # owners and administrators change them after a recent second factor (each role owns
    # its own party on side A; examiners, mediators and staff probe side's rights holder).
    "finance:payee": (
        GET(None, 200),
        GET("party", "200/403", examiner=403, mediator=403, staff=200, query=_payee_party),
        GET("party", "200|302/403", examiner=403, mediator=403, staff=403, query=_payee_edit),
        POST("party", "302+/403", examiner=403, mediator=403, staff=403, data=_payee_form),
    ),
    # Stripe Connect onboarding of the probed rights holder's party (connect_views): its owner
    # starts it and renews the link (the recorded Stripe responses answer); its members and
    # staff read the state, staff change nothing; anyone else 404.
    "finance:connect_start": POST("party", 404, rh="302+/404", staff=403),
    "finance:connect_return": GET("party", 404, rh="200/404", staff=200),
    "finance:connect_refresh": GET("party", 404, rh="302/404", staff=403),
    # --- pledges and seizures ---------------------------------------------------------------
    "pledges:list": GET(None, 200),
    "pledges:new": (
        GET(None, 200),
        POST("pledge", 200, rh="200|302+/200", data=_pledge_form),
    ),
    "pledges:verify": GET("pledge_number", 200, court=200, **PUBLIC),
    # The court portal: the court's orders; the affected holder may read the order itself.
    "pledges:seizures": GET(None, 200, court=200),
    "pledges:seizure_new": GET(None, 403, court=200, staff=200),
    "pledges:seizure_release": POST("seizure", 404, court="302+/404", examiner=403, staff="302+"),
    "pledges:seizure_detail": GET("seizure", 404, court="200/404", examiner=200, staff=200),
    "pledges:seizure_document": GET(
        "seizure", 404, court="200/404", rh="200/404", examiner=200, staff=200
    ),
    "pledges:detail": GET("pledge", 404, rh="200/404", bank="200/404", examiner=200),
    "pledges:certificate": GET(
        "pledge_certificate", 404, rh="200/404", bank="200/404", examiner=200
    ),
    "pledges:action": POST(
        "pledge", 404, rh="302/404", bank="302+/404", examiner=302, kwargs={"action": "release"}
    ),
    # --- valuation and pools ----------------------------------------------------------------
    "valuation:pledge": (
        GET("pledge", 404, rh="200/404", bank="200/404", examiner=200),
        POST("pledge", 404, rh="302/404", bank="302+/404", examiner="302+", data=_valuation),
    ),
    "valuation:pledge_pdf": GET("pledge", 404, rh="200/404", bank="200/404", examiner=200),
    "valuation:reports": GET(None, 200),
    "valuation:report_new": (
        GET("party", 403, rh="200/403", bank=200, query=lambda c: f"holder={c.s.rh_party.pk}"),
        POST(
            "party",
            403,
            rh="302+/403",
            bank="302+",
            data=_report_request,
            query=lambda c: f"holder={c.s.rh_party.pk}",
        ),
    ),
    "valuation:history_template": GET(None, 200),
    "valuation:report": GET("valuation_report", 404, rh="200/404", bank="200/404", staff=200),
    "valuation:report_status": GET(
        "valuation_report", 404, rh="200/404", bank="200/404", staff=200
    ),
    "valuation:report_action": POST(
        "pending_report",
        404,
        rh="302+/404",
        bank="302/404",
        staff=302,
        kwargs={"action": "consent"},
    ),
    "valuation:pools": GET(None, 200),
    "valuation:pool_new": GET(None, 403, bank=200),
    "valuation:pool": (
        GET("pool", 404, bank="200/404", examiner=200, staff=200),
        POST("pool", 404, bank="302+/404", examiner=200, staff=200, data=_pool_form),
    ),
    "valuation:pool_live": POST("pool", 404, bank="302+/404", examiner=302, staff=302),
    "valuation:pool_csv": GET("pool", 404, bank="200/404", examiner=200, staff=200),
    "valuation:pool_xlsx": GET("pool", 404, bank="200/404", examiner=200, staff=200),
    # --- royalty-stream sales (finance.streams) ---------------------------------------------
    # Open offers are public listings; the probed offer is a draft: its holder's members,
    # its work's pledgee and staff read it, anyone else 404. Bids and purchases need a party
    # of one's own (the form's choices); the holder's consent to its own pledge is refused.
    "streams:list": GET(None, 200, **PUBLIC),
    "streams:mine": GET(None, 200),
    "streams:new": GET(None, 200, examiner=403, mediator=403, staff=403),
    "streams:detail": GET("stream_offer", 404, anon=404, rh="200/404", bank="200/404", staff=200),
    "streams:bid": POST("stream_offer", 404, rh="302/404", bank="302/404", staff=302),
    "streams:buy": POST("stream_offer", 404, rh="403/404", bank="403/404", staff=403),
    "streams:consent": POST("stream_consent", 404, rh="302/404", bank="302+/404", staff=302),
    "streams:verify": POST("stream_offer", 403, staff=302),
    "streams:action": POST(
        "stream_offer", 404, rh="302/404", bank="403/404", staff=302, kwargs={"action": "open"}
    ),
}

# Third-party trees: one coarse probe of each, by path. Signed-in non-staff users are
# turned away (to a login page or 403); anonymous users are sent to log in.
THIRD_PARTY = {
    "admin": GET(None, "login|403", court="login|403", staff=200, path="/admin/"),
    # Wagtail admits staff with its own access permission (editor groups), not is_staff.
    "cms-admin": GET(None, "login|403", court="login|403", staff="200|login", path="/cms-admin/"),
    "documents": GET(None, 404, anon=404, court=404, path="/documents/999999/missing.pdf"),
    "i18n": POST(None, "302", anon="302", court="302", path="/i18n/setlang/"),
    "allauth": GET(None, "200|302", anon=200, court="200|302", path="/en/accounts/login/"),
    # The home page sends a court user to the court portal.
    "wagtail": GET(None, 200, anon=200, court=302, path="/en/"),
    # Served only with DEBUG on; a private file's guessable name must never be a public URL.
    "media": GET(None, 404, anon=404, court=404, path="/media/contracts/2026/LIC-2026-000001.pdf"),
}
