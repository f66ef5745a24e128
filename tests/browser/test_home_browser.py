"""The home page renders every script with our fonts in a real browser."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SAMPLES = {"km": "ការផ្តល់អាជ្ញាប័ណ្ណរក្សាសិទ្ធិ", "my": "မူပိုင်ခွင့် လိုင်စင်"}


@pytest.mark.parametrize("code", ["km", "my", "th", "lo", "zh-hans"])
def test_home_page_renders_script_with_vendored_fonts(live_server, page, artifacts, code):
    from cms.services import home_page_ensure

    home_page_ensure(
        title={"en": "Home"},
        headline={
            "km": SAMPLES["km"],
            "my": SAMPLES["my"],
            "th": "ซื้อขายลิขสิทธิ์ข้ามพรมแดน",
            "lo": "ການຊື້ຂາຍລິຂະສິດ",
            "zh-hans": "跨境版权交易",
            "en": "Copyright",
        },
        intro={"en": "Find rights that are still available."},
    )
    page.goto(f"{live_server.url}/{code}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == code
    # The browser actually loaded our font for this script (not a system fallback).
    family = {
        "km": "Noto Sans Khmer",
        "my": "Noto Sans Myanmar",
        "th": "Noto Sans Thai",
        "lo": "Noto Sans Lao",
        "zh-hans": "Noto Sans SC",
    }[code]
    loaded = page.evaluate(
        """family => document.fonts.ready.then(() => Array.from(document.fonts)
            .filter(f => f.family.replaceAll('"', '') === family && f.status === 'loaded')
            .length)""",
        family,
    )
    assert loaded >= 1, f"{family} was not loaded"
    page.screenshot(path=str(artifacts / f"home-{code}.png"), full_page=False)
