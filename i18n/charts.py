"""Charts as inline SVG, the same markup for pages and WeasyPrint PDFs.

Matplotlib draws; text stays text (``svg.fonttype = none``) so the browser or
WeasyPrint shapes it with the vendored Noto fonts — Myanmar, Khmer, Lao,
Thai and CJK labels render as they do in the page. Callers format numbers,
dates and money with ``i18n.formatting`` before they become labels, e.g.
``ax.yaxis.set_major_formatter(money_formatter("USD"))``.

    fig, ax = figure()
    ax.plot(periods, amounts)
    html = to_svg(fig, title=_("Earnings by period"))
"""

from __future__ import annotations

import io
import logging
import re
import warnings

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from i18n.formatting import format_money, format_number

# The CSS font stack of the site (i18n/static/i18n/fonts.css): one family per script.
FONT_STACK = [
    "Noto Sans",
    "Noto Sans SC",
    "Noto Sans TC",
    "Noto Sans Thai",
    "Noto Sans Lao",
    "Noto Sans Khmer",
    "Noto Sans Myanmar",
    "sans-serif",
]
PALETTE = ["#1f6f8b", "#e07a2e", "#4c9a2a", "#a23b72", "#6c5b7b", "#c9a227", "#3d5a80", "#999"]

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.family": FONT_STACK,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.grid": True,
        "grid.alpha": 0.25,
        "figure.dpi": 96,
    }
)
# Matplotlib measures text with the fonts it finds and warns about scripts it
# has none for; the SVG keeps the text and the page's fonts render it.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", message="Glyph .* missing from font")
matplotlib.rcParams["svg.hashsalt"] = "marketplace"  # stable ids → reproducible SVG


def figure(width: float = 7.0, height: float = 3.2) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


# Matplotlib writes every property as ``style="…"`` plus one ``<style>`` rule; the site's
# Content-Security-Policy (no 'unsafe-inline' styles) drops both. Each property it writes is
# also an SVG presentation attribute, which CSP leaves alone: rewrite to those.
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>\*\{([^}]*)\}</style>")


def _presentation_attributes(declarations: str) -> str:
    pairs = (part.split(":", 1) for part in declarations.split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def to_svg(fig: Figure, *, title: str = "") -> str:
    """The figure as an ``<svg>`` element (no XML prolog), scaled to its container."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _STYLE_ATTRIBUTE.sub(lambda m: _presentation_attributes(m.group(1)), svg)
    # The ``*{…}`` defaults become attributes of the root, which every element inherits.
    defaults = _STYLE_ELEMENT.search(svg)
    if defaults:
        svg = svg.replace(defaults.group(0), "", 1)
        svg = svg.replace("<svg", "<svg" + _presentation_attributes(defaults.group(1)), 1)
    svg = re.sub(r'(<svg[^>]*?) width="[^"]+" height="[^"]+"', r'\1 width="100%"', svg, count=1)
    if title:
        label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        svg = svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
    return svg


def number_formatter(language: str | None = None) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: format_number(value, language=language))


def money_formatter(currency: str, language: str | None = None) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: format_money(value, currency, language=language))
