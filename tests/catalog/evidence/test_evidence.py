"""The evidence chain: deposits, database refusals, tamper detection, roots, certificate, CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from catalog.evidence.models import GENESIS_HASH, DailyRoot, EvidenceEntry
from catalog.evidence.selectors import kind_label
from catalog.evidence.services import (
    EvidenceItem,
    evidence_deposit_bytes,
    evidence_deposit_file,
    evidence_deposit_many,
    evidence_record_daily_root,
    evidence_record_due_roots,
)
from catalog.evidence.verification import (
    EMPTY_ROOT,
    compute_entry_hash,
    merkle_root,
    verify_chain,
)


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()  # days are UTC, like the database clock's


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _documented_entry_hash(row: EvidenceEntry) -> str:
    """The entry hash as verification.py documents it, written out independently."""
    payload = {
        "seq": row.seq,
        "kind": row.kind,
        "subject": row.subject,
        "sha256": row.sha256,
        "size": row.size,
        "metadata": row.metadata,
        "prev_hash": row.prev_hash,
        "created_at": row.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _sha(text.encode("utf-8"))


def _backdated_chain(day: dt.date, count: int) -> list[EvidenceEntry]:
    """``count`` valid entries dated ``day`` (noon UTC onwards), appended to the chain."""
    last = EvidenceEntry.objects.order_by("-seq").first()
    seq, prev = (last.seq, last.entry_hash) if last else (0, GENESIS_HASH)
    start = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    rows = []
    for i in range(count):
        seq += 1
        data = f"old deposit {seq}".encode()
        row = EvidenceEntry(
            seq=seq,
            kind="work_file",
            subject=f"catalog.workfile:{seq}",
            sha256=_sha(data),
            size=len(data),
            metadata={"i": i},
            prev_hash=prev,
            created_at=start + dt.timedelta(seconds=i),
        )
        row.entry_hash = _documented_entry_hash(row)
        prev = row.entry_hash
        rows.append(row)
    return EvidenceEntry.objects.bulk_create(rows)


def _sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params or [])


def _with_triggers_disabled(statement: str, params: list | None = None) -> None:
    """What a superuser could do behind the application's back."""
    _sql("ALTER TABLE evidence_evidenceentry DISABLE TRIGGER USER")
    _sql("ALTER TABLE evidence_dailyroot DISABLE TRIGGER USER")
    try:
        _sql(statement, params)
    finally:
        # Other packages' deferred foreign keys to evidence entries queue checks on a
        # DELETE; run them now, or ALTER TABLE refuses ("pending trigger events").
        _sql("SET CONSTRAINTS ALL IMMEDIATE")
        _sql("SET CONSTRAINTS ALL DEFERRED")
        _sql("ALTER TABLE evidence_evidenceentry ENABLE TRIGGER USER")
        _sql("ALTER TABLE evidence_dailyroot ENABLE TRIGGER USER")


@pytest.fixture(autouse=True)
def _own_private_root(private_root):
    # Stored evidence files outlive each test's database rollback; keep them apart.
    return private_root


@pytest.fixture
def three_entries(db) -> list[EvidenceEntry]:
    default_storage.save("works/manuscript.txt", ContentFile(b"chapter one"))
    return [
        evidence_deposit_bytes(kind="work_file", subject="catalog.workfile:1", data=b"hello"),
        evidence_deposit_bytes(
            kind="contract.signature",
            subject="licensing.contract:7",
            data=b"signature payload",
            metadata={"signer": "合同方", "order": [1, 2], "ok": True, "none": None},
            store=False,
        ),
        evidence_deposit_file(
            kind="deals.attachment",
            subject="marketplace.message:3",
            storage_name="works/manuscript.txt",
            metadata={"original_name": "manuscript.txt"},
        ),
    ]


# --- the chain -----------------------------------------------------------------


def test_chain_grows_links_and_verifies(three_entries):
    first, second, third = three_entries
    assert [e.seq for e in three_entries] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.entry_hash and third.prev_hash == second.entry_hash
    assert first.storage_name == f"evidence/{_sha(b'hello')[:2]}/{_sha(b'hello')}"
    assert default_storage.open(first.storage_name).read() == b"hello"
    assert second.storage_name == "" and second.size == len(b"signature payload")
    assert third.sha256 == _sha(b"chapter one") and third.storage_name == "works/manuscript.txt"
    for row in EvidenceEntry.objects.all():  # as read back from PostgreSQL
        assert row.entry_hash == _documented_entry_hash(row)

    result = verify_chain()
    assert result.ok, result.first_problem
    assert (result.entries_checked, result.files_checked) == (3, 2)
    assert result.head_hash == third.entry_hash


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text())


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    seq=st.integers(1, 10**15),
    kind=st.text(),
    subject=st.text(),
    size=st.integers(0, 10**15),
    metadata=st.dictionaries(
        st.text(), st.one_of(json_scalars, st.lists(json_scalars, max_size=3)), max_size=4
    ),
    created_at=st.datetimes(timezones=st.just(dt.UTC)),
)
def test_entry_hash_is_the_documented_canonical_json(
    seq, kind, subject, size, metadata, created_at
):
    fields = {
        "seq": seq,
        "kind": kind,
        "subject": subject,
        "sha256": "a" * 64,
        "size": size,
        "metadata": metadata,
        "prev_hash": "b" * 64,
    }
    row = EvidenceEntry(**fields, created_at=created_at)
    assert compute_entry_hash(**fields, created_at=created_at) == _documented_entry_hash(row)


def test_identical_content_shares_one_stored_file(db):
    a = evidence_deposit_bytes(kind="work_file", subject="a:1", data=b"same")
    b = evidence_deposit_bytes(kind="work_file", subject="a:2", data=b"same")
    assert a.storage_name == b.storage_name and a.entry_hash != b.entry_hash
    assert verify_chain().ok


def test_tampered_shared_file_is_not_reused(db):
    a = evidence_deposit_bytes(kind="work_file", subject="a:1", data=b"same")
    Path(default_storage.path(a.storage_name)).write_bytes(b"altered")
    b = evidence_deposit_bytes(kind="work_file", subject="a:2", data=b"same")
    assert b.storage_name != a.storage_name
    assert default_storage.open(b.storage_name).read() == b"same"
    assert verify_chain().first_problem.seq == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "Work File"}, "kind"),
        ({"subject": ""}, "subject"),
        ({"metadata": {"price": 1.5}}, "metadata"),
        ({"metadata": {1: "x"}}, "metadata"),
    ],
)
def test_bad_deposit_is_refused_and_writes_nothing(db, kwargs, field):
    args = {"kind": "work_file", "subject": "a:1", "data": b"x", **kwargs}
    with pytest.raises(ValidationError) as exc:
        evidence_deposit_bytes(**args)
    assert field in exc.value.message_dict
    assert not EvidenceEntry.objects.exists()


def test_deposit_of_missing_file_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        evidence_deposit_file(kind="work_file", subject="a:1", storage_name="nope/missing.pdf")
    assert "storage_name" in exc.value.message_dict


def test_bulk_deposit_hashes_like_single_deposits(db):
    evidence_deposit_bytes(kind="work_file", subject="a:1", data=b"first", store=False)
    count = evidence_deposit_many(
        items=(EvidenceItem("bench", f"bench:{i}", f"{i}".encode(), {"i": i}) for i in range(50)),
        batch_size=7,
    )
    assert count == 50
    assert EvidenceEntry.objects.count() == 51
    for row in EvidenceEntry.objects.all():
        assert row.entry_hash == _documented_entry_hash(row)
    assert verify_chain().entries_checked == 51


# --- the database refuses changes ---------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE evidence_evidenceentry SET subject = 'forged' WHERE seq = 2",
        "DELETE FROM evidence_evidenceentry WHERE seq = 3",
        # CASCADE: other packages' tables reference evidence entries (FKs).
        "TRUNCATE evidence_evidenceentry CASCADE",
        "TRUNCATE evidence_evidenceentry, evidence_dailyroot CASCADE",
    ],
)
def test_database_refuses_update_delete_truncate(three_entries, statement):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        _sql("SET LOCAL evidence.allow_truncate = off")  # test databases allow it by default
        _sql(statement)
    assert EvidenceEntry.objects.get(seq=2).subject == "licensing.contract:7"
    assert EvidenceEntry.objects.count() == 3


def test_database_refuses_changing_a_daily_root(db):
    _backdated_chain(_today() - dt.timedelta(days=1), 2)
    root = evidence_record_daily_root(day=_today() - dt.timedelta(days=1))
    for statement in (
        "UPDATE evidence_dailyroot SET merkle_root = repeat('a', 64) WHERE id = %s",
        "DELETE FROM evidence_dailyroot WHERE id = %s",
        "TRUNCATE evidence_dailyroot CASCADE",
    ):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            _sql("SET LOCAL evidence.allow_truncate = off")
            _sql(statement, [root.pk] if "%s" in statement else [])


def test_empty_tables_may_be_truncated(db):
    # Django's flush between transactional tests truncates every table at once.
    _sql("SET LOCAL evidence.allow_truncate = off")
    _sql("TRUNCATE evidence_evidenceentry, evidence_dailyroot CASCADE")


def test_database_refuses_forks_and_gaps(three_entries):
    third = three_entries[2]
    base = {
        "kind": "work_file",
        "subject": "x:1",
        "sha256": _sha(b"x"),
        "size": 1,
        "metadata": {},
        "entry_hash": "f" * 64,
        "created_at": third.created_at,
    }
    # A second entry 3 (a fork at the same height) is a duplicate key…
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceEntry.objects.bulk_create(
            [EvidenceEntry(seq=3, prev_hash=three_entries[1].entry_hash, **base)]
        )
    # …linking entry 4 to anything but entry 3 is refused…
    with pytest.raises(IntegrityError, match="prev_hash"), transaction.atomic():
        EvidenceEntry.objects.bulk_create(
            [EvidenceEntry(seq=4, prev_hash=three_entries[1].entry_hash, **base)]
        )
    # …and so is skipping a number.
    with pytest.raises(IntegrityError, match="no gaps"), transaction.atomic():
        EvidenceEntry.objects.bulk_create(
            [EvidenceEntry(seq=5, prev_hash=third.entry_hash, **base)]
        )


# --- tampering is detected ----------------------------------------------------------


def test_modified_stored_file_fails_verification_naming_the_entry(three_entries):
    first = three_entries[0]
    Path(default_storage.path(first.storage_name)).write_bytes(b"hellO")
    result = verify_chain()
    assert not result.ok
    assert result.first_problem.seq == 1
    assert str(result.first_problem) == f"entry 1: stored file {first.storage_name} hash mismatch"


def test_deleted_stored_file_fails_verification(three_entries):
    Path(default_storage.path("works/manuscript.txt")).unlink()
    problem = verify_chain().first_problem
    assert problem.seq == 3 and "missing" in problem.what


def test_row_altered_with_triggers_disabled_is_detected(three_entries):
    _with_triggers_disabled(
        "UPDATE evidence_evidenceentry SET metadata = %s WHERE seq = 2",
        ['{"signer": "someone else"}'],
    )
    result = verify_chain()
    assert not result.ok
    assert str(result.first_problem) == "entry 2: entry hash mismatch (row altered)"
    assert result.entries_checked == 1


def test_rehashed_row_breaks_the_next_link(three_entries):
    # A forger who also recomputes entry 2's hash is caught at entry 3's link.
    second = EvidenceEntry.objects.get(seq=2)
    second.subject = "forged"
    _with_triggers_disabled(
        "UPDATE evidence_evidenceentry SET subject = %s, entry_hash = %s WHERE seq = 2",
        ["forged", _documented_entry_hash(second)],
    )
    problem = verify_chain().first_problem
    assert problem.seq == 3 and "prev_hash" in problem.what


def test_deleted_row_is_detected(three_entries):
    _with_triggers_disabled("DELETE FROM evidence_evidenceentry WHERE seq = 2")
    assert str(verify_chain().first_problem) == "entry 2: missing (the next stored entry is 3)"


def test_first_problem_is_the_lowest_seq(three_entries):
    # Row 3 altered and file of entry 1 altered: entry 1 is reported.
    _with_triggers_disabled("UPDATE evidence_evidenceentry SET size = 999 WHERE seq = 3")
    Path(default_storage.path(three_entries[0].storage_name)).write_bytes(b"x")
    assert verify_chain(batch_size=2).first_problem.seq == 1


# --- concurrency ----------------------------------------------------------------------


@pytest.fixture
def flushable_evidence(transactional_db):
    # Django empties tables between transactional tests with TRUNCATE. Databases named
    # test_* allow it by default; say so explicitly in case TEST_DATABASE_NAME differs.
    _sql("SET evidence.allow_truncate = on")


def test_concurrent_deposits_form_one_chain(flushable_evidence):
    threads = 20
    barrier = threading.Barrier(threads)

    def deposit(i: int) -> int:
        try:
            barrier.wait(timeout=30)
            entry = evidence_deposit_bytes(
                kind="attachment",
                subject=f"marketplace.message:{i}",
                data=f"attachment {i}".encode(),
                store=i % 2 == 0,
            )
            return entry.seq
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        seqs = list(pool.map(deposit, range(threads)))

    assert sorted(seqs) == list(range(1, threads + 1))
    subjects = set(EvidenceEntry.objects.values_list("subject", flat=True))
    assert subjects == {f"marketplace.message:{i}" for i in range(threads)}
    result = verify_chain()
    assert result.ok, result.first_problem
    assert (result.entries_checked, result.files_checked) == (threads, threads // 2)


# --- Merkle roots ---------------------------------------------------------------------

A = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"  # sha256("a")
B = "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"  # sha256("b")
C = "2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6"  # sha256("c")


def test_merkle_root_known_answers():
    assert merkle_root([]) == EMPTY_ROOT == _sha(b"")
    assert merkle_root([A]) == A
    assert merkle_root([A, B]) == "e5a01fee14e0ed5c48714f22180f25ad8365b53f9779f79dc4a3d7e93963f94a"
    # Odd last node promoted: sha256(sha256(a||b) || c), not sha256(ab || sha256(c||c)).
    assert (
        merkle_root([A, B, C]) == "7075152d03a5cd92104887b476862778ec0c87be5c2fa1c0a90f87c49fad6eff"
    )
    assert merkle_root([A, B, C]) != merkle_root([A, B, C, C])


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(min_size=32, max_size=32), min_size=1, max_size=40), st.data())
def test_merkle_root_changes_with_any_leaf(leaves, data):
    i = data.draw(st.integers(0, len(leaves) - 1))
    changed = [*leaves]
    changed[i] = hashlib.sha256(leaves[i]).digest()
    assert merkle_root(changed) != merkle_root(leaves)
    assert merkle_root([*leaves, leaves[-1]]) != merkle_root(leaves)


def test_daily_root_is_recorded_once_and_anchored(db):
    yesterday = _today() - dt.timedelta(days=1)
    old = _backdated_chain(yesterday, 3)
    root = evidence_record_daily_root(day=yesterday)
    assert root.merkle_root == merkle_root([e.entry_hash for e in old])
    assert (root.first_seq, root.last_seq, root.entry_count) == (1, 3, 3)
    anchor = EvidenceEntry.objects.get(seq=root.anchor_seq)
    assert anchor.kind == "daily_root" and anchor.metadata["merkle_root"] == root.merkle_root

    assert evidence_record_daily_root(day=yesterday) == root  # idempotent
    assert EvidenceEntry.objects.count() == 4
    with pytest.raises(ValidationError):
        evidence_record_daily_root(day=_today())

    # A closed day takes no more entries, even correctly chained ones.
    with pytest.raises(IntegrityError, match="closed"), transaction.atomic():
        _backdated_chain(yesterday, 1)

    evidence_deposit_bytes(kind="work_file", subject="a:1", data=b"today", store=False)
    result = verify_chain()
    assert result.ok, result.first_problem
    assert result.roots_checked == 1


def test_altered_daily_root_is_detected(db):
    yesterday = _today() - dt.timedelta(days=1)
    _backdated_chain(yesterday, 2)
    root = evidence_record_daily_root(day=yesterday)
    _with_triggers_disabled(
        "UPDATE evidence_dailyroot SET merkle_root = %s WHERE id = %s", ["b" * 64, root.pk]
    )
    problem = verify_chain().first_problem
    assert problem.day == yesterday and "Merkle root mismatch" in problem.what


def test_deleted_daily_root_is_detected_through_its_anchor(db):
    yesterday = _today() - dt.timedelta(days=1)
    _backdated_chain(yesterday, 2)
    root = evidence_record_daily_root(day=yesterday)
    _with_triggers_disabled("DELETE FROM evidence_dailyroot WHERE id = %s", [root.pk])
    problem = verify_chain().first_problem
    assert problem.seq == root.anchor_seq and "missing" in problem.what


def test_altered_empty_daily_root_is_detected(db):
    day = _today() - dt.timedelta(days=2)
    root = evidence_record_daily_root(day=day)
    assert root.entry_count == 0 and root.merkle_root == EMPTY_ROOT
    _with_triggers_disabled(
        "UPDATE evidence_dailyroot SET merkle_root = %s WHERE id = %s", ["c" * 64, root.pk]
    )
    assert verify_chain().first_problem.day == day


def test_forged_daily_root_is_detected(db):
    yesterday = _today() - dt.timedelta(days=1)
    _backdated_chain(yesterday, 2)
    entries = list(EvidenceEntry.objects.values_list("entry_hash", flat=True))
    # Inserted behind the service's back: right root, but no anchor entry vouches for it.
    _sql(
        "INSERT INTO evidence_dailyroot (day, merkle_root, first_seq, last_seq, entry_count,"
        " anchor_seq, recorded_at) VALUES (%s, %s, 1, 2, 2, 2, now())",
        [yesterday, merkle_root(entries)],
    )
    problem = verify_chain().first_problem
    assert problem.day == yesterday and "forged" in problem.what


def test_truncated_tail_is_detected_through_the_daily_root(db):
    yesterday = _today() - dt.timedelta(days=1)
    _backdated_chain(yesterday, 3)
    evidence_record_daily_root(day=yesterday)
    _with_triggers_disabled("DELETE FROM evidence_evidenceentry WHERE seq >= 3")
    assert verify_chain().first_problem.seq == 3


def test_due_roots_catch_up_every_ended_day(db):
    today = _today()
    _backdated_chain(today - dt.timedelta(days=3), 2)
    _backdated_chain(today - dt.timedelta(days=1), 1)
    roots = evidence_record_due_roots()
    assert [r.day for r in roots] == [today - dt.timedelta(days=d) for d in (3, 2, 1)]
    assert [r.entry_count for r in roots] == [2, 0, 1]
    assert roots[1].merkle_root == EMPTY_ROOT and roots[1].first_seq is None
    assert evidence_record_due_roots() == []
    assert verify_chain().roots_checked == 2  # the empty day has no leaves to re-hash


# --- pages and certificate ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh-hans", "km"])
def test_entry_page(client, three_entries, lang):
    second = three_entries[1]
    response = client.get(f"/{lang}/evidence/2/")
    assert response.status_code == 200
    body = response.content.decode()
    assert second.entry_hash in body and second.prev_hash in body
    assert f"/{lang}/evidence/1/" in body and f"/{lang}/evidence/3/" in body
    assert f"/{lang}/evidence/2/certificate.pdf" in body
    assert "合同方" not in body  # metadata is not published
    label = {"en": "Contract signature", "zh-hans": "合同签署", "km": "ហត្ថលេខាលើកិច្ចសន្យា"}
    assert label[lang] in body  # the kind by its name, beside its code


# Every kind the platform deposits (grep "kind=" next to evidence_deposit_*).
DEPOSITED_KINDS = [
    "work_file",
    "certificate",
    "contract.document",
    "contract.signature",
    "deals.attachment",
    "dispute.evidence",
    "dispute.minutes",
    "dispute.settlement",
    "dispute.signature",
    "dispute.court_file",
    "pledge_certificate",
    "seizure_order",
    "daily_root",
]


@pytest.mark.parametrize("lang", ["th", "my", "lo"])
def test_every_deposited_kind_has_a_name_in_each_language(lang):
    for kind in DEPOSITED_KINDS:
        name, chinese = kind_label(kind, language=lang)
        assert name != kind and chinese != kind, kind
        assert not name.isascii(), f"{kind} is not translated into {lang}: {name}"


def test_missing_entry_is_404(client, db):
    assert client.get("/en/evidence/99/").status_code == 404


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh-hans", "km"])
def test_certificate_pdf(client, three_entries, lang):
    response = client.get(f"/{lang}/evidence/1/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- the command ----------------------------------------------------------------------


def test_verify_command_exit_codes(three_entries, capsys):
    call_command("verify_evidence", "--no-progress")
    assert "evidence chain intact: 3 entries" in capsys.readouterr().out

    call_command("verify_evidence", "--no-progress", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["entries_checked"] == 3 and data["files_checked"] == 2

    _with_triggers_disabled("UPDATE evidence_evidenceentry SET kind = 'settlement' WHERE seq = 2")
    with pytest.raises(CommandError) as exc:
        call_command("verify_evidence", "--no-progress")
    assert exc.value.returncode == 1
    assert str(exc.value) == "entry 2: entry hash mismatch (row altered)"
    assert "BROKEN" in capsys.readouterr().out

    with pytest.raises(CommandError) as exc:
        call_command("verify_evidence", "--no-progress", "--json")
    assert exc.value.returncode == 1
    assert json.loads(capsys.readouterr().out)["first_problem"]["seq"] == 2


def test_daily_root_command(db, capsys):
    yesterday = _today() - dt.timedelta(days=1)
    _backdated_chain(yesterday, 2)
    call_command("evidence_daily_root")
    assert yesterday.isoformat() in capsys.readouterr().out
    call_command("evidence_daily_root", "--day", yesterday.isoformat())  # idempotent
    assert DailyRoot.objects.count() == 1
