"""Rights-availability chart of a work: territory × language rows, one bar per grant over time."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import matplotlib.dates as mdates
from django.utils.translation import gettext as _
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from catalog.models import Work
from catalog.vocabulary import RightType
from i18n.charts import figure, to_svg
from i18n.formatting import format_date
from licensing.models import Grant

EXCLUSIVE_COLOUR = "#a23b72"
NON_EXCLUSIVE_COLOUR = "#1f6f8b"


@dataclass(frozen=True)
class GrantRow:
    grant: Grant
    label: str  # territories (as written) × language
    start: dt.date
    end: dt.date  # last day included
    title: str  # hover text


def grant_rows(work: Work, *, right_type: str | None = None) -> list[GrantRow]:
    grants = Grant.objects.filter(work=work, revoked_at__isnull=True).select_related("licensee")
    if right_type:
        grants = grants.filter(right_type=right_type)
    rows = []
    for grant in grants.order_by("right_type", "period", "pk"):
        end = grant.period.upper - dt.timedelta(days=1)
        territories = ", ".join(grant.territories)
        if grant.excluded_territories:
            territories += " − " + ", ".join(grant.excluded_territories)
        for language in grant.languages:
            kind = _("exclusive") if grant.exclusive else _("non-exclusive")
            rows.append(
                GrantRow(
                    grant=grant,
                    label=f"{RightType(grant.right_type).label} · {territories} · {language}",
                    start=grant.period.lower,
                    end=end,
                    title=_("%(ref)s — %(licensee)s, %(kind)s, %(start)s – %(end)s")
                    % {
                        "ref": grant.source_ref or _("grant %(id)s") % {"id": grant.pk},
                        "licensee": grant.licensee.name,
                        "kind": kind,
                        "start": format_date(grant.period.lower),
                        "end": format_date(end),
                    },
                )
            )
    return rows


def availability_svg(rows: list[GrantRow]) -> str:
    """A Gantt-like SVG; each bar carries a <title> (hover) naming its contract."""
    labels = list(dict.fromkeys(row.label for row in rows))
    fig, ax = figure(width=8.0, height=max(1.6, 0.42 * len(labels) + 1.0))
    for i, row in enumerate(rows):
        y = labels.index(row.label)
        left = mdates.date2num(row.start)
        width = mdates.date2num(row.end + dt.timedelta(days=1)) - left
        colour = EXCLUSIVE_COLOUR if row.grant.exclusive else NON_EXCLUSIVE_COLOUR
        bars = ax.barh(y, width, left=left, height=0.6, color=colour, alpha=0.85, edgecolor="white")
        bars.patches[0].set_gid(f"grant-bar-{i}")
    ax.set_yticks(range(len(labels)), labels=labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: format_date(mdates.num2date(value).date(), fmt="yyyy"))
    )
    today = mdates.date2num(dt.date.today())
    ax.axvline(today, color="#333", linewidth=0.8, linestyle="--")
    ax.legend(
        handles=[
            Patch(color=EXCLUSIVE_COLOUR, label=_("Exclusive")),
            Patch(color=NON_EXCLUSIVE_COLOUR, label=_("Non-exclusive")),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=2,
        frameon=False,
        fontsize=8,
    )
    svg = to_svg(fig, title=_("Rights granted over time"))
    for i, row in enumerate(rows):
        tag = f'<g id="grant-bar-{i}">'
        svg = svg.replace(tag, f"{tag}<title>{html.escape(row.title)}</title>", 1)
    return svg
