"""Platform roles (ARCHITECTURE.md, "Who uses it")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RIGHTS_HOLDER = "rights_holder", _("Rights holder")
    BUYER = "buyer", _("Buyer")
    EXAMINER = "examiner", _("Examiner")
    MEDIATOR = "mediator", _("Mediator")
    BANK = "bank", _("Bank / investor")
    STAFF = "staff", _("Staff / editor")
    # A court's clerk or judge: the court portal only, no marketplace rights (marketplace.court).
    COURT = "court", _("Court")
