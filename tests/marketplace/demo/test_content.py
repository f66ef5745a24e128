"""The demo content files and the works generated from them (no database)."""

from __future__ import annotations

import json
import shutil

import pytest

from catalog.identifiers import normalise_identifier
from marketplace.demo import loader
from marketplace.demo.loader import LANGUAGES, ContentError, demo_content
from marketplace.demo.works import generate_works


def test_generated_works_are_deterministic_with_unique_keys_titles_and_valid_identifiers():
    works = generate_works()
    assert works == generate_works()
    assert len(works) == 320
    assert len({w["key"] for w in works}) == len(works)
    assert len({w["titles"]["en"] for w in works}) == len(works)
    assert [w["key"] for w in works[: len(demo_content().hero_works)]] == [
        h["key"] for h in demo_content().hero_works
    ]
    holders = {p["key"] for p in demo_content().rights_holders}
    for work in works:
        assert work["holder"] in holders
        assert set(work["titles"]) == set(LANGUAGES)
        assert sum(float(s["percent"]) for s in work["shares"]) == pytest.approx(100)
        for scheme in ("isbn", "isrc", "iswc"):
            if scheme in work:
                # The check digits the generator computed pass the catalogue's validation.
                assert normalise_identifier(scheme, work[scheme])
    assert sum("iswc" in w for w in works) > 10


@pytest.fixture
def content_copy(tmp_path, monkeypatch):
    copy = tmp_path / "content"
    shutil.copytree(loader.CONTENT_DIR, copy)
    monkeypatch.setattr(loader, "CONTENT_DIR", copy)
    demo_content.cache_clear()
    yield copy
    demo_content.cache_clear()


def test_a_lexicon_entry_missing_in_one_language_is_refused_by_name(content_copy):
    path = content_copy / "lexicon" / "th.json"
    words = json.loads(path.read_text(encoding="utf-8"))
    del words["nouns"]["moon"]
    path.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ContentError, match=r"lexicon/th\.json \.nouns: keys \['moon'\]"):
        demo_content()


def test_a_hero_title_without_every_language_is_refused(content_copy):
    path = content_copy / "hero_works.json"
    heroes = json.loads(path.read_text(encoding="utf-8"))
    del heroes[0]["titles"]["km"]
    path.write_text(json.dumps(heroes, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ContentError, match=r"missing \['km'\]"):
        demo_content()
