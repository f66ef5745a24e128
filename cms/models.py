"""Wagtail pages: home, news, help. Translated with wagtail-modeltranslation."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from catalog.selectors import featured_works, zone_counts


class HomePage(Page):
    headline = models.CharField(max_length=255, blank=True)
    intro = models.TextField(blank=True)
    body = RichTextField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("headline"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    max_count = 1

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["zones"] = zone_counts()
        context["featured_works"] = featured_works(limit=8)
        context["news"] = NewsPage.objects.live().public().order_by("-first_published_at")[:4]
        return context


class NewsIndexPage(Page):
    intro = models.TextField(blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.NewsPage"]

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["items"] = (
            self.get_children().live().public().specific().order_by("-first_published_at")
        )
        return context


class NewsPage(Page):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        CASE_STUDY = "case", _("Case study")
        EVENT = "event", _("Event")

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.NEWS)
    date = models.DateField()
    summary = models.TextField(blank=True)
    body = RichTextField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]


class HelpPage(Page):
    body = RichTextField(blank=True)
    content_panels = [*Page.content_panels, FieldPanel("body")]
