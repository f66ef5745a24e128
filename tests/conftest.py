from __future__ import annotations

import pytest

from cms.services import home_page_ensure


@pytest.fixture
def home_page(db):
    return home_page_ensure(
        title={"en": "Home", "zh-hans": "首页"},
        headline={
            "en": "License copyright across Asia",
            "zh-hans": "跨境版权交易",
            "km": "ការផ្តល់អាជ្ញាប័ណ្ណរក្សាសិទ្ធិ",
            "my": "မူပိုင်ခွင့် လိုင်စင်",
        },
        intro={"en": "Find rights that are still available."},
    )


@pytest.fixture
def celery_eager():
    """Run tasks inline in this test (the worker test covers the real broker path)."""
    from marketplace.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
