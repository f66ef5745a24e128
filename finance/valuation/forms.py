"""Every valuation and pool assumption as an editable form field (GET: shareable links)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Party, Work
from catalog.vocabulary import PartyCategory, WorkType
from finance.valuation.model import Assumptions
from licensing.contracts.selectors import active_contracts


class AssumptionsForm(forms.Form):
    discount_rate = forms.FloatField(label=_("Discount rate (annual)"), initial=0.10)
    discount_rate_sd = forms.FloatField(
        label=_("Uncertainty of the rate (σ)"), initial=0.02, min_value=0
    )
    horizon_years = forms.IntegerField(
        label=_("Horizon (years)"), initial=10, min_value=1, max_value=50
    )
    periods_per_year = forms.TypedChoiceField(
        label=_("Periods per year"),
        coerce=int,
        initial=4,
        choices=[(1, "1"), (2, "2"), (4, "4"), (12, "12")],
    )
    min_fit_points = forms.IntegerField(
        label=_("Minimum periods to fit a decay"), initial=6, min_value=2
    )
    min_annual_decay = forms.FloatField(label=_("Minimum annual decay λ"), initial=0.0)
    decay_sd_multiplier = forms.FloatField(
        label=_("Decay uncertainty multiplier"), initial=1.0, min_value=0
    )
    scenarios = forms.IntegerField(
        label=_("Monte Carlo scenarios"), initial=2000, min_value=1, max_value=20000
    )
    seed = forms.IntegerField(label=_("Random seed"), initial=20260101)

    history_source = forms.ChoiceField(
        label=_("Royalty history"),
        choices=[
            ("engine", _("current royalty statements")),
            ("saved", _("as recorded in the last saved valuation")),
        ],
        initial="engine",
    )

    def __init__(self, *args, work_types=(), relief_works=(), **kwargs):
        super().__init__(*args, **kwargs)
        for work in relief_works:
            self.fields[f"revenue_{work.pk}"] = forms.DecimalField(
                label=_("Projected annual revenue: %(work)s") % {"work": work.original_title},
                required=False,
                min_value=0,
            )
            self.fields[f"rate_{work.pk}"] = forms.DecimalField(
                label=_("Royalty rate (fraction): %(work)s") % {"work": work.original_title},
                required=False,
                min_value=0,
                max_value=1,
            )
        for code in work_types:
            self.fields[f"decay_{code}"] = forms.FloatField(
                label=_("Annual decay override: %(type)s") % {"type": WorkType(code).label},
                required=False,
            )

    def report_choice(self) -> dict:
        """The keyword arguments of the report and of saving it: what the user chose."""
        return {
            "assumptions": self.assumptions(),
            "history_source": self.cleaned_data["history_source"],
            "relief_overrides": self.relief_overrides(),
        }

    def relief_overrides(self) -> dict:
        d = self.cleaned_data
        ids = {int(n.split("_")[1]) for n in d if n.startswith(("revenue_", "rate_"))}
        return {i: (d.get(f"revenue_{i}"), d.get(f"rate_{i}")) for i in ids}

    def assumptions(self) -> Assumptions:
        d = self.cleaned_data
        overrides = {
            name[len("decay_") :]: value
            for name, value in d.items()
            if name.startswith("decay_") and name != "decay_sd_multiplier" and value is not None
        }
        return Assumptions(
            discount_rate=d["discount_rate"],
            discount_rate_sd=d["discount_rate_sd"],
            horizon_years=d["horizon_years"],
            periods_per_year=d["periods_per_year"],
            min_fit_points=d["min_fit_points"],
            min_annual_decay=d["min_annual_decay"],
            decay_sd_multiplier=d["decay_sd_multiplier"],
            scenarios=d["scenarios"],
            seed=d["seed"],
            decay_overrides=overrides,
        )


def initial_from(a: Assumptions) -> dict:
    data = {
        "discount_rate": a.discount_rate,
        "discount_rate_sd": a.discount_rate_sd,
        "horizon_years": a.horizon_years,
        "periods_per_year": a.periods_per_year,
        "min_fit_points": a.min_fit_points,
        "min_annual_decay": a.min_annual_decay,
        "decay_sd_multiplier": a.decay_sd_multiplier,
        "scenarios": a.scenarios,
        "seed": a.seed,
    }
    data.update({f"decay_{k}": v for k, v in a.decay_overrides.items()})
    return data


class PoolStructureForm(forms.Form):
    senior_share = forms.FloatField(label=_("Senior tranche (share of pool value)"), min_value=0)
    mezz_share = forms.FloatField(label=_("Mezzanine tranche (share of pool value)"), min_value=0)
    senior_coupon = forms.FloatField(label=_("Senior coupon (annual)"), min_value=0)
    mezz_coupon = forms.FloatField(label=_("Mezzanine coupon (annual)"), min_value=0)
    fee_rate = forms.FloatField(label=_("Senior fees (annual, on notes)"), min_value=0)
    fixed_fee = forms.FloatField(label=_("Fixed fee per period"), min_value=0)
    reserve_target = forms.FloatField(label=_("Reserve target (share of senior)"), min_value=0)
    reserve_initial_share = forms.FloatField(
        label=_("Initial reserve (share of pool value)"), min_value=0
    )
    guarantee_share = forms.FloatField(label=_("Guarantee cap (share of senior)"), min_value=0)
    discount_rate = forms.FloatField(label=_("Discount rate (annual)"))
    horizon_years = forms.IntegerField(label=_("Horizon (years)"), min_value=1, max_value=40)
    stress_scenarios = forms.IntegerField(label=_("Stress scenarios"), min_value=1, max_value=5000)
    stress_decay_sd = forms.FloatField(label=_("Stress: σ of the decay shock"), min_value=0)
    stress_max_hazard = forms.FloatField(
        label=_("Stress: maximum default rate per period"), min_value=0, max_value=0.5
    )
    seed = forms.IntegerField(label=_("Random seed"))
    min_history_periods = forms.IntegerField(
        label=_("Eligibility: minimum history periods"), min_value=0
    )
    max_originator_share = forms.FloatField(label=_("Limit per originator"), min_value=0)
    max_work_type_share = forms.FloatField(label=_("Limit per work type"), min_value=0)
    max_territory_share = forms.FloatField(label=_("Limit per territory"), min_value=0)

    CRITERIA = (
        "min_history_periods",
        "max_originator_share",
        "max_work_type_share",
        "max_territory_share",
    )

    def split(self) -> tuple[dict, dict]:
        d = self.cleaned_data
        criteria = {k: d[k] for k in self.CRITERIA}
        return {k: v for k, v in d.items() if k not in self.CRITERIA}, criteria


class PoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    trustee = forms.ModelChoiceField(queryset=Party.objects.none(), label=_("Trustee bank"))
    participants = forms.ModelMultipleChoiceField(
        queryset=Party.objects.filter(category=PartyCategory.BANK), label=_("Participating banks")
    )
    works = forms.ModelMultipleChoiceField(
        queryset=Work.objects.filter(applications__status="registered").distinct(),
        required=False,
        label=_("Works"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    contracts = forms.ModelMultipleChoiceField(
        queryset=active_contracts(),
        required=False,
        label=_("Receivables of contracts"),
    )

    def __init__(self, *args, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trustee"].queryset = banks
