"""Where a product's country comes from when the ONIX file does not state it.

``CountryOfPublication`` is optional in ONIX 3.0 and 3.1, but every work here needs a
country of origin and every party a country. The fallback, in this order (documented in
docs/catalogue.md, "ONIX import"):

1. ``PublishingDetail/CountryOfPublication`` when the product has one;
2. the country of the publisher's party, when the catalogue already knows the publisher
   by that name in exactly one country;
3. the country of the sender's party (``Header/Sender/SenderName``), likewise;
4. the ISBN registration group, when its agency serves one country
   (978-7 → CN, 978-604 → VN, 978-616 and 978-974 → TH, 978-967 and 978-983 → MY,
   978-602 and 978-623 → ID, 978-981 → SG …); language-area groups (978-0/1 English,
   978-2 French, 978-3 German) name no country and are skipped;
5. the default country the upload form or ``import_onix --country`` gives.

Steps 2 and 3 need the database and happen in the importer; the parser does 1, 4, 5.
"""

from __future__ import annotations

import functools

import pycountry
from stdnum import numdb

# Agency names in python-stdnum's ISBN ranges that pycountry does not know by that
# spelling. Regional and language-area agencies are absent on purpose.
_AGENCY_COUNTRIES = {
    "China, People's Republic": "CN",
    "Hong Kong, China": "HK",
    "Macau": "MO",
    "Korea, Republic": "KR",
    "Korea, P.D.R.": "KP",
    "Palestine": "PS",
}


@functools.cache
def _agency_country(agency: str) -> str:
    if agency in _AGENCY_COUNTRIES:
        return _AGENCY_COUNTRIES[agency]
    try:
        return pycountry.countries.lookup(agency).alpha_2
    except LookupError:
        return ""


def isbn_country(isbn13: str) -> str:
    """The country whose ISBN agency issued ``isbn13`` (compact), or "" if not one country."""
    parts = numdb.get("isbn").info(isbn13)
    if len(parts) < 2:
        return ""
    agency = parts[1][1].get("agency", "")
    return _agency_country(agency) if agency else ""
