from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from finance.pledges.models import Pledge, PledgeStatus
from finance.valuation.services import pledge_ltv_recompute


class Command(BaseCommand):
    help = "Revalue every registered pledge with its last assumptions and alert on LTV crossings."

    def handle(self, *args, **options):
        ids = list(
            Pledge.objects.filter(status=PledgeStatus.REGISTERED).values_list("pk", flat=True)
        )
        alerts = 0
        for pledge_id in tqdm(ids, desc="pledges", unit="pledge"):
            _, crossed = pledge_ltv_recompute(pledge_id=pledge_id, reason="recompute")
            alerts += crossed
        self.stdout.write(f"revalued {len(ids)} pledges, {alerts} LTV alerts")
