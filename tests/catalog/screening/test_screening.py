"""Sensitive-word screening: normalisation, matching per script, cache, list sync, commands."""

from __future__ import annotations

import json
import unicodedata
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from catalog.screening.models import Origin, SensitiveTerm, Severity, TermListVersion
from catalog.screening.normalise import normalise
from catalog.screening.services import (
    read_wordlists,
    screening_check_fields,
    screening_check_texts,
    sensitive_terms_sync,
)

pytestmark = pytest.mark.django_db

ZWSP = "\u200b"


def term(language: str, text: str, *, severity: str = "review", category: str = "piracy"):
    return SensitiveTerm.objects.create(
        language=language, term=text, category=category, severity=severity
    )


def found(result) -> set[str]:
    return {hit.term for hit in result.hits}


def version() -> int:
    return TermListVersion.objects.get().version


# --- scripts without spaces ---------------------------------------------------------


def test_chinese_term_inside_unsegmented_sentence():
    text = "本店专营高仿名牌手袋欢迎选购"
    result = screening_check_texts(texts={"zh-hans": text})
    (hit,) = [h for h in result.hits if h.term == "高仿"]
    assert text[hit.start : hit.end] == "高仿"
    assert result.blocked


def test_traditional_text_is_caught_by_the_simplified_list():
    text = "全新正品原單，另有盜版光碟"
    result = screening_check_texts(texts={"zh-hant": text})
    hits = {h.term: h for h in result.hits}
    assert hits["正品原单"].list_language == "zh-hans"
    assert text[hits["正品原单"].start : hits["正品原单"].end] == "正品原單"
    assert hits["盗版"].matched_text == "盜版"


def test_zh_hant_list_also_covers_simplified_text():
    result = screening_check_texts(texts={"zh-hans": "街边卖的冒牌货"})
    assert "冒牌貨" in found(result)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("th", "ร้านนี้ขายแผ่นผีราคาถูกมาก", "แผ่นผี"),
        ("km", "ហាងនេះលក់ទំនិញក្លែងក្លាយជាច្រើន", "ក្លែងក្លាយ"),
        ("lo", "ຮ້ານນີ້ຂາຍສິນຄ້າປອມຫຼາຍ", "ສິນຄ້າປອມ"),
        ("my", "ဤဆိုင်တွင်ပစ္စည်းအတုများရောင်းသည်", "ပစ္စည်းအတု"),
    ],
)
def test_terms_found_inside_unsegmented_sentences(language, text, expected):
    result = screening_check_texts(texts={language: text})
    (hit,) = [h for h in result.hits if h.term == expected]
    assert hit.matched_text == expected
    assert text.index(expected) == hit.start


def test_zero_width_space_inside_a_khmer_term_does_not_hide_it():
    disguised = f"ក្លែង{ZWSP}ក្លាយ"
    text = f"លក់ទំនិញ{disguised}នៅទីនេះ"
    (hit,) = screening_check_texts(texts={"km": text}).hits
    assert hit.term == "ក្លែងក្លាយ"
    assert hit.matched_text == disguised


def test_a_hit_may_not_end_inside_a_cluster():
    term("th", "กิ")
    # "กิ่ง" (branch): the tone mark belongs to the same cluster, so "กิ" is not a hit.
    assert "กิ" not in found(screening_check_texts(texts={"th": "กิ่งไม้"}))
    assert "กิ" in found(screening_check_texts(texts={"th": "ไปกินข้าว"}))


# --- spaced scripts -----------------------------------------------------------------


def test_english_terms_match_on_word_boundaries_only():
    term("en", "crack")
    assert not screening_check_texts(texts={"en": "A cookbook of crackers and nutcrackers"}).hits
    assert "crack" in found(screening_check_texts(texts={"en": "Download the crack, here."}))


def test_latin_term_next_to_han_characters_is_on_a_boundary():
    result = screening_check_texts(texts={"zh-hans": "这款ＲＥＰＬＩＣＡ手表"})
    (hit,) = [h for h in result.hits if h.term == "replica"]
    assert hit.list_language == "*"
    assert hit.matched_text == "ＲＥＰＬＩＣＡ"


def test_vietnamese_matches_with_or_without_diacritics():
    assert "hàng giả" in found(screening_check_texts(texts={"vi": "Bán hang gia giá rẻ"}))
    term("vi", "sach nhai")
    result = screening_check_texts(texts={"vi": "Cửa hàng bán Sách Nhái"})
    (hit,) = [h for h in result.hits if h.term == "sach nhai"]
    assert hit.matched_text == "Sách Nhái"


def test_vietnamese_decomposed_input_maps_back_to_the_original():
    text = unicodedata.normalize("NFD", "Đây là bản lậu")
    (hit,) = screening_check_texts(texts={"vi": text}).hits
    assert unicodedata.normalize("NFC", hit.matched_text) == "bản lậu"


# --- offsets (property) -------------------------------------------------------------

surrounding = st.text(
    alphabet=st.sampled_from([*"本店書籍 \t\n,.ab1", ZWSP, "\u3000", "\u00a0", "é"]),
    max_size=30,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=surrounding, suffix=surrounding, variant=st.sampled_from(["高仿", f"高{ZWSP}仿"]))
def test_offsets_point_into_the_original_text(prefix, suffix, variant):
    text = prefix + variant + suffix
    hits = [h for h in screening_check_texts(texts={"zh-hant": text}).hits if h.term == "高仿"]
    assert any(h.start == len(prefix) and h.end == len(prefix) + len(variant) for h in hits)
    for hit in hits:
        assert normalise(text[hit.start : hit.end]).text == "高仿"


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.text(alphabet=st.sampled_from([*"ហាងលក់ ", ZWSP]), max_size=20),
    suffix=st.text(alphabet=st.sampled_from([*"នៅទីនេះ ", ZWSP]), max_size=20),
    cut=st.integers(min_value=1, max_value=9),
)
def test_khmer_offsets_survive_zero_width_spaces(prefix, suffix, cut):
    word = "ក្លែងក្លាយ"
    disguised = word[:cut] + ZWSP + word[cut:]
    # A vowel sign right after the term joins its last syllable and makes another word.
    assume(unicodedata.category((suffix.lstrip(ZWSP) or " ")[0])[0] != "M")
    text = prefix + disguised + suffix
    hits = screening_check_texts(texts={"km": text}).hits
    assert [(h.start, h.end) for h in hits] == [(len(prefix), len(prefix) + len(disguised))]


# --- list maintenance and the cache -------------------------------------------------


def test_inactive_terms_are_ignored():
    SensitiveTerm.objects.filter(language="th", term="แผ่นผี").update(active=False)
    assert not screening_check_texts(texts={"th": "ขายแผ่นผี"}).hits


def test_editing_terms_invalidates_the_cached_matcher():
    text = "Sold as a genuine fauxbrand bag"
    assert not screening_check_texts(texts={"en": text}).hits
    before = version()
    row = term("en", "fauxbrand", severity=Severity.REVIEW)
    assert version() != before
    assert screening_check_texts(texts={"en": text}).needs_review
    # A bulk update bypasses save(); the database trigger still renews the version.
    SensitiveTerm.objects.filter(pk=row.pk).update(severity=Severity.BLOCK)
    assert screening_check_texts(texts={"en": text}).blocked
    row.delete()
    assert not screening_check_texts(texts={"en": text}).hits


def test_admin_edit_marks_the_row_customised_and_takes_effect(admin_client):
    row = SensitiveTerm.objects.get(language="th", term="ของปลอม")
    assert screening_check_texts(texts={"th": "ขายของปลอม"}).needs_review
    url = reverse("admin:screening_sensitiveterm_change", args=[row.pk])
    response = admin_client.post(
        url,
        {
            "language": "th",
            "term": "ของปลอม",
            "category": "counterfeit",
            "severity": "block",
            "active": "on",
            "notes": "",
            "customised": "",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.customised and row.severity == Severity.BLOCK
    assert screening_check_texts(texts={"th": "ขายของปลอม"}).blocked


def test_duplicate_after_normalisation_is_a_validation_error():
    candidate = SensitiveTerm(
        language="zh-hans", term="ａ貨", category="counterfeit", severity="block"
    )
    with pytest.raises(ValidationError) as error:
        candidate.full_clean()
    assert "term" in error.value.message_dict


def test_load_command_is_idempotent():
    out = StringIO()
    call_command("load_sensitive_terms", stdout=out)
    count, before = SensitiveTerm.objects.count(), version()
    out = StringIO()
    with translation.override("en"):  # the assertion reads the English summary
        call_command("load_sensitive_terms", stdout=out)
    assert "created 0, updated 0" in out.getvalue()
    assert SensitiveTerm.objects.count() == count == len(read_wordlists())
    assert version() == before  # a no-op sync keeps every process's cache warm


def test_sync_restores_unedited_rows_and_keeps_staff_edits():
    untouched = SensitiveTerm.objects.get(language="en", term="bootleg")
    edited = SensitiveTerm.objects.get(language="en", term="pirated")
    SensitiveTerm.objects.filter(pk=untouched.pk).update(severity="block")
    SensitiveTerm.objects.filter(pk=edited.pk).update(severity="block", customised=True)
    report = sensitive_terms_sync()
    assert (report.updated, report.created) == (1, 0)
    assert SensitiveTerm.objects.get(pk=untouched.pk).severity == "review"
    assert SensitiveTerm.objects.get(pk=edited.pk).severity == "block"


def test_sync_from_a_directory_adds_and_prunes(tmp_path):
    (tmp_path / "en.txt").write_text("# test list\nbootleg\tpiracy\treview\n", encoding="utf-8")
    report = sensitive_terms_sync(directory=tmp_path, prune=True)
    assert report.deactivated > 0
    assert SensitiveTerm.objects.get(language="en", term="bootleg").active
    assert not SensitiveTerm.objects.get(language="th", term="แผ่นผี").active
    staff = term("en", "staffterm")
    sensitive_terms_sync(directory=tmp_path, prune=True)
    assert SensitiveTerm.objects.get(pk=staff.pk).active  # staff rows are never pruned
    assert staff.origin == Origin.STAFF


def test_bad_word_list_line_is_rejected_with_its_location(tmp_path):
    (tmp_path / "th.txt").write_text("ของปลอม\tcounterfeit\tmaybe\n", encoding="utf-8")
    count = SensitiveTerm.objects.count()
    with pytest.raises(ValueError, match=r"th\.txt:1: severity"):
        sensitive_terms_sync(directory=tmp_path)
    assert SensitiveTerm.objects.count() == count


# --- API shape and commands ---------------------------------------------------------


def test_check_fields_reports_field_and_language():
    result = screening_check_fields(
        values={
            "title": {"en": "The Bootleg Years", "zh-hans": "岁月"},
            "synopsis": {"th": "เรื่องราวของแผ่นผี", "en": ""},
        }
    )
    assert {(h.field, h.language, h.term) for h in result.hits} == {
        ("title", "en", "bootleg"),
        ("synopsis", "th", "แผ่นผี"),
    }
    assert result.blocked and result.needs_review


def test_clean_text_and_unknown_language():
    result = screening_check_texts(texts={"en": "A history of the silk road", "km": ""})
    assert not result.hits and not result.blocked and not result.needs_review
    with pytest.raises(ValidationError):
        screening_check_texts(texts={"xx": "text"})


def test_screen_text_command_json_and_plain():
    out = StringIO()
    call_command("screen_text", "ร้านขายแผ่นผี", "--lang", "th", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["blocked"] is True
    assert data["hits"][0] | {"term_id": None} == {
        "field": "th",
        "language": "th",
        "list_language": "th",
        "term_id": None,
        "term": "แผ่นผี",
        "category": "piracy",
        "severity": "block",
        "start": 7,
        "end": 13,
        "matched_text": "แผ่นผี",
    }
    out = StringIO()
    with translation.override("en"):
        call_command("screen_text", "ร้านขายแผ่นผี", "--lang", "th", stdout=out)
    assert "ร้านขาย[แผ่นผี]" in out.getvalue()
    assert "1 hit(s): blocked" in out.getvalue()
