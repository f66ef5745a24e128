"""Seizures, pledges and disputes in the one availability selector.

The property test: over random grants, pledges, seizures and a dispute on one work, what
``check_availability`` answers equals a day-by-day walk of every requested cell, and the
search documents' day view (``encumbered_cells``) says the same for each day.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.kernel.guards import refusals
from finance.pledges import services as pledges
from finance.pledges.services import PledgeInput
from licensing.availability import OVERLAP, check_availability, describe_conflicts
from licensing.disputes.cases import case_accept
from licensing.disputes.models import CaseType
from licensing.encumbrances import encumbered_cells
from licensing.services import GrantConflict, grant_write
from tests.factories.catalog import make_party, make_user
from tests.factories.pledges import Holder, make_bank, make_court
from tests.licensing.disputes.test_disputes import file_case

pytestmark = pytest.mark.django_db

BASE = dt.date(2030, 1, 1)
RIGHTS = ("translation", "audio")
COUNTRIES = ("FR", "TH", "VN")
LANGUAGES = ("th", "vi")
POLICY = {
    "infringement": "block",
    "ownership": "warn",
    "registration": "warn",
    "contract": "warn",
    "royalty": "block",
}
_numbers = itertools.count(1)


def day(n: int) -> dt.date:
    return BASE + dt.timedelta(days=n)


def _days(start: dt.date, last: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((last - start).days + 1)]


class World:
    """One registered work and the parties that encumber it (made once per test)."""

    def __init__(self) -> None:
        self.holder = Holder()
        self.work = self.holder.work()
        self.bank_user, self.bank = make_bank()
        self.court_user, self.court = make_court()
        self.examiner = make_user(roles=["examiner"])
        self.staff = make_user(roles=["staff"], is_staff=True)
        self.licensee = make_party(country="VN")

    def pledge(self, first: dt.date, last: dt.date):
        pledge = pledges.pledge_apply(
            user=self.holder.user,
            data=PledgeInput(
                pledgor=self.holder.party,
                pledgee=self.bank,
                secured_amount=Decimal("1000.00"),
                currency="CNY",
                starts_on=first,
                ends_on=last,
                works=[self.work],
                contracts=[],
            ),
        )
        pledges.pledge_start_examination(pledge_id=pledge.pk, examiner=self.examiner)
        return pledges.pledge_register(pledge_id=pledge.pk, examiner=self.examiner)

    def seize(self, first: dt.date, last: dt.date | None, rights=(), *, released=False):
        seizure = pledges.seizure_record(
            user=self.court_user,
            court=self.court,
            case_number=f"(2030)京0491民初{next(_numbers)}号",
            works=[self.work],
            starts_on=first,
            ends_on=last,
            right_types=list(rights),
        )
        if released:
            pledges.seizure_release(seizure_id=seizure.pk, user=self.court_user, note="lifted")
        return seizure

    def dispute(self, case_type: str, *, accepted: bool):
        case = file_case(work=self.work, case_type=case_type)
        return case_accept(case=case, actor=self.staff) if accepted else case


@pytest.fixture
def world():
    return World()


window = st.tuples(st.integers(0, 14), st.integers(0, 8))  # first day, days after it
grant_st = st.tuples(
    st.sampled_from(RIGHTS),
    st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(LANGUAGES), min_size=1, unique=True),
    window,
    st.booleans(),
)
seizure_st = st.tuples(
    st.integers(0, 14),
    st.one_of(st.none(), st.integers(0, 8)),
    st.lists(st.sampled_from(RIGHTS), max_size=1, unique=True),
    st.booleans(),  # released
)
pledge_st = st.tuples(st.integers(0, 14), st.integers(1, 8))
# Types with no subject to file against (a contract or statement dispute names one); the
# policy above blocks one and warns of the other.
dispute_st = st.one_of(
    st.none(), st.tuples(st.sampled_from(("infringement", "ownership")), st.booleans())
)


@override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    grants=st.lists(grant_st, max_size=3),
    seizures=st.lists(seizure_st, max_size=2),
    pledge_terms=st.lists(pledge_st, max_size=2),
    dispute=dispute_st,
    right=st.sampled_from(RIGHTS),
    countries=st.lists(st.sampled_from(COUNTRIES), min_size=1, unique=True),
    languages=st.lists(st.sampled_from(LANGUAGES), min_size=1, unique=True),
    request=window,
    exclusive=st.booleans(),
)
def test_the_selector_equals_a_day_by_day_walk_of_every_cell(
    world, grants, seizures, pledge_terms, dispute, right, countries, languages, request, exclusive
):
    w = world
    with transaction.atomic():
        accepted = []
        for i, (g_right, g_countries, g_languages, (s, n), g_excl) in enumerate(grants):
            try:
                with transaction.atomic():
                    grant_write(
                        work=w.work,
                        licensee=w.licensee,
                        right_type=g_right,
                        territories=g_countries,
                        languages=g_languages,
                        start=day(s),
                        end=day(s + n),
                        exclusive=g_excl,
                        source_ref=f"G{i}",
                    )
                accepted.append((g_right, set(g_countries), set(g_languages), s, s + n, g_excl))
            except GrantConflict:
                pass
        for s, n in pledge_terms:
            w.pledge(day(s), day(s + n))
        for s, n, rights, released in seizures:
            w.seize(day(s), None if n is None else day(s + n), rights, released=released)
        if dispute is not None:
            w.dispute(dispute[0], accepted=dispute[1])

        first, last = day(request[0]), day(request[0] + request[1])
        report = check_availability(
            work=w.work,
            right_type=right,
            territories=countries,
            languages=languages,
            start=first,
            end=last,
            exclusive=exclusive,
        )

        blocking_dispute = dispute is not None and dispute[1] and POLICY[dispute[0]] == "block"
        expected: set[tuple] = set()
        for today in _days(first, last):
            n = (today - BASE).days
            seized = any(
                not released
                and s <= n
                and (length is None or n <= s + length)
                and (not rights or right in rights)
                for s, length, rights, released in seizures
            )
            pledged = exclusive and any(s <= n <= s + length for s, length in pledge_terms)
            for country in countries:
                for language in languages:
                    cell = (country, language, today)
                    if seized:
                        expected.add((*cell, "seized"))
                    if pledged:
                        expected.add((*cell, "pledged_consent_needed"))
                    if blocking_dispute:
                        expected.add((*cell, "disputed"))
                    if any(
                        g_right == right
                        and country in g_countries
                        and language in g_languages
                        and s <= n <= e
                        and (exclusive or g_excl)
                        for g_right, g_countries, g_languages, s, e, g_excl in accepted
                    ):
                        expected.add((*cell, OVERLAP))
        found = {
            (c.territory, c.language, d, c.kind)
            for c in report.conflicts
            # An Overlap names its grant's whole period; count the requested days.
            for d in _days(max(c.start, first), min(c.end - dt.timedelta(days=1), last))
        }
        assert found == expected
        assert report.available == (not expected)
        warned = dispute is not None and not blocking_dispute
        assert [w.kind for w in report.warnings] == (["disputed"] if warned else [])

        # The search documents' view of each day: the same cells, from the same records.
        for today in _days(first, last):
            held = encumbered_cells(
                [("offer", w.work.pk, [right], countries, languages, exclusive)], on=today
            )["offer"]
            on_day = {(c, lang, kind) for c, lang, d, kind in expected if d == today}
            assert {(c, lang) for _r, c, lang in held.blocked} == {
                (c, lang) for c, lang, kind in on_day if kind in ("seized", "disputed")
            }
            assert {(c, lang) for _r, c, lang in held.consent} == {
                (c, lang) for c, lang, kind in on_day if kind == "pledged_consent_needed"
            }
        transaction.set_rollback(True)


# --- the reasons, the policy, the consent -------------------------------------------------------


def _check(work, **kw):
    args = {
        "right_type": "translation",
        "territories": ["VN"],
        "languages": ["vi"],
        "start": day(0),
        "end": day(9),
        "exclusive": True,
    }
    return check_availability(work=work, **(args | kw))


def test_each_conflict_says_why_in_words_and_in_a_code(world):
    seizure = world.seize(day(2), day(5))
    pledge = world.pledge(day(0), day(30))
    with translation.override("en"):
        body = _check(world.work).as_dict()
    codes = {c["conflict"] for c in body["conflicts"]}
    assert codes == {"seized", "pledged_consent_needed"}
    seized = next(c for c in body["conflicts"] if c["conflict"] == "seized")
    assert world.court.name in seized["reason"] and seizure.case_number in seized["reason"]
    assert "until" in seized["reason"] and (seized["from"], seized["to"]) == (
        "2030-01-03",
        "2030-01-06",
    )
    pledged = next(c for c in body["conflicts"] if c["conflict"] == "pledged_consent_needed")
    assert world.bank.name in pledged["reason"] and pledge.number in pledged["reason"]
    # Each encumbrance once in a refusal, however many cells it holds back.
    report = _check(world.work, territories=["ASEAN"])
    lines = describe_conflicts(right_type="translation", report=report)
    assert sum(seizure.case_number in line for line in lines) == 1
    # Non-exclusive: the pledge does not restrict, the seizure does.
    assert {c.kind for c in _check(world.work, exclusive=False).conflicts} == {"seized"}


def test_a_seizure_scoped_to_other_rights_leaves_this_one_available(world):
    world.seize(day(0), None, ["audio"])
    assert _check(world.work).available
    assert not _check(world.work, right_type="audio", exclusive=False).available


@override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY)
def test_dispute_policy_blocks_or_warns_by_type_and_a_filed_case_only_warns(world):
    case = world.dispute("infringement", accepted=False)
    report = _check(world.work, exclusive=False)
    assert report.available and [w.kind for w in report.warnings] == ["disputed"]
    assert case.number in report.warnings[0].reason
    case_accept(case=case, actor=world.staff)
    report = _check(world.work, exclusive=False)
    assert not report.available and {c.kind for c in report.conflicts} == {"disputed"}
    assert case.number in report.conflicts[0].reason
    with override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY | {"infringement": "warn"}):
        assert _check(world.work, exclusive=False).available


def test_a_policy_missing_a_case_type_fails_the_system_check():
    from licensing.disputes.encumbrances import check_dispute_policy

    with override_settings(DISPUTE_AVAILABILITY_POLICY={"infringement": "block"}):
        errors = check_dispute_policy(None)
    assert {e.id for e in errors} == {"disputes.E001"} and len(errors) == len(CaseType.values) - 1
    with override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY | {"ownership": "stop"}):
        assert len(check_dispute_policy(None)) == 1


def test_the_action_guard_reads_the_same_records(world):
    """pledge_guard: the seizure in force today refuses listing; a transfer reaches the pledge
    from today on; a non-exclusive licence does not need the pledgee."""
    today = dt.date.today()
    pledge = world.pledge(today + dt.timedelta(days=30), today + dt.timedelta(days=60))
    assert any(pledge.number in r for r in refusals(world.work, "transfer"))
    assert refusals(world.work, "license") == []
    world.seize(today + dt.timedelta(days=5), None)
    assert refusals(world.work, "list") == []  # not yet in force
    world.seize(today - dt.timedelta(days=1), today)
    assert len(refusals(world.work, "list")) == 1


# --- the API and the command say the same, with codes and reasons ---------------------------------


def _query(work, **extra) -> str:
    params = {
        "work": work.pk,
        "right": "translation",
        "territory": "VN",
        "language": "vi",
        "from": "2030-01-01",
        "to": "2030-01-10",
    } | extra
    return "&".join(f"{k}={v}" for k, v in params.items())


@override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY)
def test_the_api_returns_the_codes_and_the_reasons(world, client):
    seizure = world.seize(day(3), day(4))
    body = client.get(f"/api/v1/availability?{_query(world.work)}", HTTP_ACCEPT_LANGUAGE="en")
    body = body.json()
    assert body["available"] is False
    (conflict,) = body["conflicts"]
    assert conflict["conflict"] == "seized" and conflict["type"] == "Seized"
    assert seizure.case_number in conflict["reason"] and world.court.name in conflict["reason"]
    assert (conflict["from"], conflict["to"]) == ("2030-01-04", "2030-01-05")
    assert "source" not in conflict  # an anonymous caller: the reason, not the record
    pledge = world.pledge(day(0), day(30))
    body = client.get(f"/api/v1/availability?{_query(world.work, exclusive=1)}").json()
    codes = {c["conflict"] for c in body["conflicts"]}
    assert codes == {"seized", "pledged_consent_needed"}
    assert any(pledge.number in c["reason"] for c in body["conflicts"])
    case = world.dispute("ownership", accepted=True)  # the policy above only warns
    body = client.get(
        f"/api/v1/availability?{_query(world.work, **{'from': '2030-02-01', 'to': '2030-02-05'})}"
    )
    body = body.json()
    assert body["available"] is True
    assert [(w["warning"], case.number in w["reason"]) for w in body["warnings"]] == [
        ("disputed", True)
    ]


def _command(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_availability", *args, stdout=out, stderr=StringIO())
        code = 0
    except SystemExit as exc:
        code = int(exc.code)
    return code, out.getvalue()


@override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY)
def test_the_command_prints_the_reasons_and_exits_one(world):
    seizure = world.seize(day(3), None, ["translation"])
    args = ["--work", str(world.work.pk), "--right", "translation", "--territory", "VN"]
    args += ["--language", "vi", "--from", "2030-01-01", "--to", "2030-01-10"]
    with translation.override("en"):
        code, out = _command(*args)
    assert code == 1 and "available: no" in out
    assert "Seized: VN/vi 2030-01-04..2030-01-10" in out and seizure.case_number in out
    code, out = _command(*args, "--json")
    body = json.loads(out)
    assert code == 1 and {c["conflict"] for c in body["conflicts"]} == {"seized"}
    code, out = _command(*[a if a != "translation" else "audio" for a in args])
    assert code == 0  # the order is scoped to translation
    world.dispute("ownership", accepted=True)
    with translation.override("en"):
        code, out = _command(*[a if a != "translation" else "audio" for a in args])
    assert code == 0 and "warning: Disputed:" in out
