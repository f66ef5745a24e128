"""Render a template to PDF with WeasyPrint, in a given language, with our vendored fonts.

Every PDF the platform issues (certificates, contracts, statements, reports)
goes through here so each one embeds fonts that cover CJK, Thai, Lao, Khmer
and Myanmar, whatever fonts the server has installed.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

BASE_PDF_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: var(--font-body); font-size: 10.5pt; line-height: var(--line-height-body);
       color: #1d2433; }
h1 { font-size: 17pt; margin: 0 0 6pt; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; }
.muted { color: #5b6476; }
"""


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """The PDF of ``template_name`` rendered with ``context`` in ``language``."""
    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint with the vendored fonts (the seam tests replace to skip font subsetting)."""
    # Heavy imports, only in the processes that make PDFs.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from i18n.fonts import font_face_css

    # Without a FontConfiguration WeasyPrint ignores @font-face and falls back to
    # system fonts, which a fresh server lacks for CJK and the Indic-derived scripts.
    font_config = FontConfiguration()
    stylesheets = [
        # Only the faces this document's text needs: a Latin PDF skips the CJK files.
        CSS(string=font_face_css(text=html), font_config=font_config),
        CSS(string=BASE_PDF_CSS, font_config=font_config),
    ]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=stylesheets, font_config=font_config
    )
