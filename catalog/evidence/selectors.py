"""Reads of the evidence chain, and the deposit certificate (a rendering, no writes)."""

from __future__ import annotations

import datetime as dt

import segno
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalog.evidence.models import DailyRoot, EvidenceEntry
from i18n.formatting import format_datetime, format_number
from i18n.pdf import render_pdf

CHINESE = "zh-hans"

# Names for the kinds we know of; other packages may deposit new kinds, shown by code.
KIND_LABELS = {
    "work_file": (_("Work file"), "作品文件"),
    "certificate": (_("Registration certificate"), "登记证书"),
    "contract.signature": (_("Contract signature"), "合同签署"),
    "dispute.evidence": (_("Dispute evidence"), "争议证据"),
    "deals.attachment": (_("Message attachment"), "消息附件"),
    "dispute.settlement": (_("Settlement"), "和解协议"),
    "dispute.signature": (_("Settlement signature"), "和解协议签署"),
    "dispute.minutes": (_("Mediation minutes"), "调解笔录"),
    "dispute.court_file": (_("Case file for the court"), "移送法院的案卷"),
    "contract.document": (_("Contract document"), "合同文本"),
    "pledge_certificate": (_("Pledge registration certificate"), "质押登记证书"),
    "seizure_order": (_("Court seizure order"), "法院查封裁定"),
    "daily_root": (_("Daily Merkle root"), "每日默克尔根"),
}

# The certificate is bilingual by design: the Chinese line is part of the document,
# not a translation, so it is written here and never depends on a catalog being complete.
CERTIFICATE_LABELS = {
    "title": (_("Evidence deposit certificate"), "存证证书"),
    "seq": (_("Sequence number"), "存证序号"),
    "kind": (_("Kind"), "类型"),
    "subject": (_("Subject"), "存证对象"),
    "sha256": (_("Content SHA-256"), "内容 SHA-256 哈希值"),
    "size": (_("Size (bytes)"), "大小（字节）"),
    "stored": (_("Stored file"), "存储文件"),
    "prev_hash": (_("Previous entry hash"), "前一条目哈希值"),
    "entry_hash": (_("Entry hash"), "本条目哈希值"),
    "created_at": (_("Deposited at"), "存证时间"),
    "daily_root": (_("Daily Merkle root"), "当日默克尔根"),
    "daily_root_none": (
        _("Not recorded yet: roots are recorded after the day ends (UTC)."),
        "尚未记录：当日（UTC）结束后记录。",
    ),
    "entries": (_("Entries"), "条目"),
    "verify": (_("Check this entry online"), "在线核验"),
    "yes": (_("yes"), "是"),
    "no": (_("no (metadata only)"), "否（仅元数据）"),
    "explain": (
        _(
            "This entry is part of an append-only SHA-256 hash chain: its entry hash covers "
            "the content hash, the deposit time and the previous entry's hash, so altering any "
            "earlier entry or file breaks every later link. Each day's entries are summarised "
            "in a Merkle root, itself deposited in the chain."
        ),
        "本条目属于只可追加的 SHA-256 哈希链：条目哈希值涵盖内容哈希值、存证时间及前一条目的"
        "哈希值，任何在先条目或文件被篡改都会使其后的所有链接失效。每日条目汇总为默克尔根，"
        "该根本身亦存入哈希链。",
    ),
}


def evidence_entry_get(*, seq: int) -> EvidenceEntry | None:
    return EvidenceEntry.objects.filter(seq=seq).first()


def evidence_chain_head() -> EvidenceEntry | None:
    return EvidenceEntry.objects.order_by("-seq").first()


def evidence_entries_for_subject(*, subject: str, kind: str | None = None) -> QuerySet:
    entries = EvidenceEntry.objects.filter(subject=subject)
    return entries.filter(kind=kind) if kind else entries


def evidence_entries_with_sha256(*, sha256: str) -> QuerySet:
    """Entries whose content hash is ``sha256``: "was this exact file deposited, and when?"."""
    return EvidenceEntry.objects.filter(sha256=sha256.lower())


def evidence_next_seq(*, entry: EvidenceEntry) -> int | None:
    return EvidenceEntry.objects.filter(seq=entry.seq + 1).values_list("seq", flat=True).first()


def evidence_daily_root_for(*, entry: EvidenceEntry) -> DailyRoot | None:
    day: dt.date = entry.created_at.astimezone(dt.UTC).date()
    return DailyRoot.objects.filter(day=day).first()


def evidence_entry_url(*, seq: int, language: str) -> str:
    """Absolute URL of the public entry page in ``language`` (what the QR code points at)."""
    with translation.override(language):
        path = reverse("evidence:entry", kwargs={"seq": seq})
    return settings.SITE_URL.rstrip("/") + path


def kind_label(kind: str, *, language: str) -> tuple[str, str]:
    primary, chinese = KIND_LABELS.get(kind, (kind, kind))
    with translation.override(language):
        return str(primary), chinese


def _bilingual(language: str) -> dict[str, dict[str, str | None]]:
    """Each label as {"text": in ``language``, "zh": the Chinese line or None when redundant}."""
    chinese_only = language == CHINESE
    labels = {}
    with translation.override(language):
        for key, (text, chinese) in CERTIFICATE_LABELS.items():
            labels[key] = (
                {"text": chinese, "zh": None}
                if chinese_only
                else {"text": str(text), "zh": chinese}
            )
    return labels


def evidence_certificate_context(*, entry: EvidenceEntry, language: str) -> dict:
    url = evidence_entry_url(seq=entry.seq, language=language)
    qr = segno.make(url, error="m")
    kind_text, kind_zh = kind_label(entry.kind, language=language)
    return {
        "entry": entry,
        "language": language,
        "labels": _bilingual(language),
        "kind_text": kind_text if language != CHINESE else kind_zh,
        "kind_zh": None if language == CHINESE else kind_zh,
        "created_at_text": format_datetime(entry.created_at, fmt="long", language=language),
        "created_at_zh": None
        if language == CHINESE
        else format_datetime(entry.created_at, fmt="long", language=CHINESE),
        "created_at_iso": entry.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "size_text": format_number(entry.size, language=language),
        "daily_root": evidence_daily_root_for(entry=entry),
        "entry_url": url,
        "qr_data_uri": qr.svg_data_uri(scale=4, border=2, dark="#1d2433"),
    }


def evidence_certificate_pdf(*, entry: EvidenceEntry, language: str) -> bytes:
    """The deposit certificate of ``entry`` in ``language`` with Chinese alongside."""
    context = evidence_certificate_context(entry=entry, language=language)
    return render_pdf("evidence/certificate.html", context, language=language)
