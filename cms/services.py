"""Writes of the CMS: the page tree the site needs to exist."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, NewsIndexPage, NewsPage
from i18n.languages import LANGUAGE_CODES


def _set_translations(page: Page, field: str, values: dict[str, str]) -> None:
    for code, value in values.items():
        setattr(page, build_localized_fieldname(field, code), value)


def _tree_root() -> Page:
    """Wagtail's tree root; its migration makes one, a flushed database has none."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        page = Page(
            locale=Locale.objects.first(), content_type=ContentType.objects.get_for_model(Page)
        )
        _set_translations(page, "title", {code: "Root" for code in LANGUAGE_CODES})
        _set_translations(page, "slug", {code: "root" for code in LANGUAGE_CODES})
        root = Page.add_root(instance=page)
    return root


@transaction.atomic
def home_page_ensure(
    *, title: dict[str, str], headline: dict[str, str], intro: dict[str, str]
) -> HomePage:
    """The site's root HomePage, created once; texts updated on every call."""
    # Every language needs a title (Wagtail requires one in the default language).
    fallback = title.get("en") or next(iter(title.values()))
    title = {code: title.get(code) or fallback for code in LANGUAGE_CODES}
    home = HomePage.objects.first()
    if home is None:
        root = _tree_root()
        home = HomePage(title=title.get("en", "Home"))
        _set_translations(home, "title", title)
        # One slug for every language: it is never shown (the home page is "/<lang>/").
        _set_translations(home, "slug", {code: "marketplace-home" for code in LANGUAGE_CODES})
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Copyright Exchange",
            )
        else:
            old_root = site.root_page
            site.root_page = home
            site.save()
            # Wagtail's own "Welcome" page is no content of ours.
            if old_root.specific_class is Page and old_root.depth == 2:
                old_root.delete()
        home.refresh_from_db()
    _set_translations(home, "title", title)
    _set_translations(home, "headline", headline)
    _set_translations(home, "intro", intro)
    home.save_revision().publish()
    return home


@transaction.atomic
def news_page_upsert(
    *,
    slug: str,
    kind: str,
    date: dt.date,
    title: dict[str, str],
    summary: dict[str, str],
    body: dict[str, str],
) -> NewsPage:
    home = HomePage.objects.get()
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsIndexPage(title="News")
        _set_translations(index, "slug", {code: "news" for code in LANGUAGE_CODES})
        _set_translations(
            index,
            "title",
            {
                "en": "News",
                "zh-hans": "新闻动态",
                "zh-hant": "新聞動態",
                "vi": "Tin tức",
                "th": "ข่าวสาร",
                "ms": "Berita",
                "id": "Berita",
                "my": "သတင်း",
                "lo": "ຂ່າວ",
                "fil": "Balita",
                "km": "ព័ត៌មាន",
            },
        )
        home.add_child(instance=index)
    page = NewsPage.objects.child_of(index).filter(slug=slug).first()
    if page is None:
        page = NewsPage(title=title.get("en", slug), kind=kind, date=date)
        _set_translations(page, "title", title)
        _set_translations(page, "slug", {code: slug for code in LANGUAGE_CODES})
        index.add_child(instance=page)
    page.kind, page.date = kind, date
    _set_translations(page, "title", title)
    _set_translations(page, "summary", summary)
    _set_translations(page, "body", body)
    page.save_revision().publish()
    return page
