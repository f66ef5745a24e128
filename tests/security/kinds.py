"""What each kind of object of the table is, as URL kwargs of one side's instance.

A kind is ``(side, role) -> kwargs``; the role matters where "own" depends on who
asks (the co-owner's own statement is the one paid to it). A route takes the
kwargs its pattern captures; POST bodies reach the side through ``data``.
"""

from __future__ import annotations


def _statement(side, role):
    return side.coowner_statement if role == "coowner" else side.statement


KINDS = {
    "application": lambda s, r: {"pk": s.application.pk},
    "certificate": lambda s, r: {"pk": s.application.pk, "version": s.certificate.version},
    "registration_number": lambda s, r: {"number": s.application.number},
    "registration_batch": lambda s, r: {"pk": s.registration_batch.pk},
    "batch_decision": lambda s, r: {
        "pk": s.registration_batch.pk,
        "decision": s.batch_decision.pk,
    },
    "work_file": lambda s, r: {
        "number": s.application.number,
        "file_id": s.work.files.values_list("pk", flat=True).first(),
    },
    "work": lambda s, r: {"work_id": s.work.pk},
    "held_right": lambda s, r: {"pk": s.work.rights_in.order_by("pk").first().pk},
    "listing": lambda s, r: {"pk": s.listing.pk},
    "evidence_entry": lambda s, r: {"seq": s.evidence_entry.seq},
    "thread": lambda s, r: {"pk": s.thread.pk},
    "offer": lambda s, r: {"pk": s.offer.pk},
    "message": lambda s, r: {"pk": s.message.pk},
    "attachment": lambda s, r: {"pk": s.attachment.pk},
    "contract": lambda s, r: {"pk": s.contract.pk},
    "pending_contract": lambda s, r: {"pk": s.pending_contract.pk},
    "contract_token": lambda s, r: {"token": s.contract.verify_token},
    "report": lambda s, r: {"pk": s.report.pk},
    "catalogue_upload": lambda s, r: {"pk": s.catalogue_upload.pk},
    "licensee_party": lambda s, r: {"party": s.licensee_party.pk},
    "statement": lambda s, r: {"pk": _statement(s, r).pk},
    "statement_line": lambda s, r: {"pk": _statement(s, r).lines.first().pk},
    "case": lambda s, r: {"pk": s.case.pk},
    "failed_case": lambda s, r: {"pk": s.failed_case.pk},
    "case_evidence": lambda s, r: {"pk": s.evidence.pk},
    "batch": lambda s, r: {"pk": s.batch.pk},
    "case_row": lambda s, r: {"pk": s.case.pk, "row": s.case_row.pk},
    "case_invitation": lambda s, r: {"token": s.case_invitation_token},
    "agency": lambda s, r: {"pk": s.agency.pk},
    "invoice": lambda s, r: {"pk": s.invoice.pk},
    "tax_residency": lambda s, r: {"pk": s.tax_residency.pk},
    "withholding_certificate": lambda s, r: {"pk": s.withholding_certificate.pk},
    "payout_file": lambda s, r: {"pk": s.payout_file.pk},
    "pledge": lambda s, r: {"pk": s.pledge.pk},
    "pledge_certificate": lambda s, r: {
        "pk": s.pledge.pk,
        "version": s.pledge_certificate.version,
    },
    "pledge_number": lambda s, r: {"number": s.pledge.number},
    "seizure": lambda s, r: {"pk": s.seizure.pk},
    "pool": lambda s, r: {"pk": s.pool.pk},
    "valuation_report": lambda s, r: {"pk": s.valuation_report.pk},
    "stream_offer": lambda s, r: {"pk": s.stream_offer.pk},
    "stream_consent": lambda s, r: {"pk": s.stream_offer.pk, "pledge": s.pledge.pk},
    "pending_report": lambda s, r: {"pk": s.pending_report.pk},
    "party": lambda s, r: {"party_id": s.rh_party.pk},
    "api_key": lambda s, r: {"party_id": s.rh_party.pk, "pk": s.api_key.pk},
    "api_listing": lambda s, r: {"listing_id": s.listing.pk},
    "api_contract": lambda s, r: {"contract_id": s.contract.pk},
    "join_request": lambda s, r: {"pk": s.join_request.pk},
    "invitation": lambda s, r: {"token": s.invitation_token},
    "inquiry": lambda s, r: {},  # reached through the POST body
}
