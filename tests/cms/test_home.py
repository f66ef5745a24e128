from __future__ import annotations

import pytest

from i18n.languages import LANGUAGE_CODES


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_home_page_in_every_language(client, home_page, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    assert "fonts.css" in html
    # The switcher links to the same page in all 11 languages.
    for other in LANGUAGE_CODES:
        assert f'hreflang="{other}"' in html


def test_root_redirects_to_a_language(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/")


def test_home_shows_translated_headline(client, home_page):
    assert "ការផ្តល់អាជ្ញាប័ណ្ណរក្សាសិទ្ធិ" in client.get("/km/").content.decode()
    assert "跨境版权交易" in client.get("/zh-hans/").content.decode()
