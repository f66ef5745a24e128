"""Content-Security-Policy: the site runs no inline script or style; only the admins relax it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from i18n.charts import figure, to_svg

BASE_DIR = Path(__file__).resolve().parents[2]
# Rendered by WeasyPrint into PDFs, never served as pages: their <style> blocks are fine.
PDF_TEMPLATE = re.compile(r"pdf|evidence/certificate\.html$")
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=|<style\b", re.I)
# Template tags inside an element ({% translate '…' %}) end in ">": blank them before the
# scan, or a handler after one (batch_new.html's onclick) goes unseen.
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.django_db
def test_site_pages_carry_a_policy_without_unsafe_inline(client):
    response = client.get(reverse("marketplace:login"))
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_the_admins_get_their_own_relaxed_policy(client):
    for url in ("/admin/login/", "/cms-admin/login/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert "'unsafe-inline'" in policy["script-src"], url
        assert policy["object-src"] == ["'none'"], url


def _site_templates() -> list[Path]:
    roots = ["catalog", "licensing", "finance", "marketplace", "cms", "i18n"]
    return [
        path
        for root in roots
        for path in (BASE_DIR / root).rglob("templates/**/*.html")
        if not PDF_TEMPLATE.search(path.as_posix())
    ]


def test_no_template_needs_unsafe_inline():
    """CSP would silently block these in the browser; the policy stays strict instead."""
    found = []
    for path in _site_templates():
        text = TEMPLATE_TAG.sub(lambda m: " " * len(m.group(0)), path.read_text())
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE):
            found += [
                f"{path.relative_to(BASE_DIR)}: {m.group(0)[:60]}" for m in pattern.finditer(text)
            ]
    assert not found, "\n".join(found)


def test_charts_carry_no_inline_style():
    fig, ax = figure()
    ax.plot([1, 2, 3], [3, 1, 2], linestyle="--", alpha=0.5, label="a")
    ax.legend()
    svg = to_svg(fig, title="t")
    assert "style=" not in svg and "<style" not in svg
    assert 'stroke-linejoin="round"' in svg.split(">", 1)[0]  # the defaults sit on the root
    assert 'font-size="9px"' in svg and 'stroke-dasharray="' in svg
