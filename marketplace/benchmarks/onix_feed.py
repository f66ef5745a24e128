"""A synthetic, schema-valid ONIX 3.0 feed of N products for ``bench_onix`` and its test.

Products are written the way publishers' systems send them (reference tags, one
<Product> per ISBN, titles in the publisher's language with an English title, two or
three contributors drawn from a pool so authors recur across books, BISAC and Thema
subjects, a synopsis and sales rights). One product in ten has no
CountryOfPublication (optional in the standard): the importer's fallback decides.
"""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

from stdnum import isbn as stdnum_isbn

# (ONIX language, publisher country, ISBN group, words for titles)
_LANGUAGES = [
    ("chi", "CN", "7", ["山", "海", "风", "月", "江", "南", "城", "雨", "梦", "家"]),
    ("tha", "TH", "616", ["ฟ้า", "ทะเล", "ภูเขา", "ดาว", "บ้าน", "เมือง", "ฝน", "ลม"]),
    ("vie", "VN", "604", ["Sông", "Núi", "Biển", "Mưa", "Nhà", "Gió", "Trăng", "Phố"]),
    ("may", "MY", "967", ["Laut", "Gunung", "Hujan", "Rumah", "Bulan", "Angin", "Kota"]),
    ("ind", "ID", "602", ["Laut", "Gunung", "Hujan", "Rumah", "Bulan", "Angin", "Kota"]),
    ("eng", "SG", "981", ["River", "Mountain", "Sea", "Rain", "House", "Wind", "Moon"]),
]
_ENGLISH = ["River", "Mountain", "Sea", "Rain", "House", "Wind", "Moon", "City", "Star"]
_BISAC = ["FIC019000", "FIC014000", "JUV001000", "CGN004010", "FIC027000", "HIS008000"]
_THEMA = ["FBA", "FV", "YFB", "XAM", "FRD", "NHF"]


def _isbn13(group: str, serial: int) -> str:
    body = f"978{group}{serial:0{9 - len(group)}d}"
    return body + _check(body)


def _check(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return str((10 - total % 10) % 10)


def _product(index: int, rng: random.Random) -> str:
    code, country, group, words = _LANGUAGES[index % len(_LANGUAGES)]
    isbn = _isbn13(group, index)
    assert stdnum_isbn.is_valid(isbn), isbn
    title = " ".join(rng.choice(words) for _ in range(3)) + f" {index}"
    english = " ".join(rng.choice(_ENGLISH) for _ in range(3)) + f" {index}"
    authors = rng.sample(range(2000), k=rng.choice((1, 2, 3)))
    contributors = "".join(
        f"<Contributor><SequenceNumber>{n}</SequenceNumber>"
        f"<ContributorRole>{'A01' if n == 1 else rng.choice(('A12', 'B06', 'A01'))}"
        f"</ContributorRole><PersonName>{escape(words[a % len(words)])} Author {a}</PersonName>"
        "</Contributor>"
        for n, a in enumerate(authors, start=1)
    )
    english_title = (
        "<TitleDetail><TitleType>06</TitleType><TitleElement>"
        "<TitleElementLevel>01</TitleElementLevel>"
        f'<TitleText language="eng">{escape(english)}</TitleText></TitleElement></TitleDetail>'
        if code != "eng"
        else ""
    )
    place = "" if index % 10 == 9 else f"<CountryOfPublication>{country}</CountryOfPublication>"
    publisher = f"Bench Publisher {country} {index % 50}"
    return (
        "<Product>"
        f"<RecordReference>bench.{index}</RecordReference>"
        "<NotificationType>03</NotificationType>"
        "<ProductIdentifier><ProductIDType>15</ProductIDType>"
        f"<IDValue>{isbn}</IDValue></ProductIdentifier>"
        "<DescriptiveDetail><ProductComposition>00</ProductComposition>"
        "<ProductForm>BC</ProductForm>"
        "<TitleDetail><TitleType>01</TitleType><TitleElement>"
        "<TitleElementLevel>01</TitleElementLevel>"
        f"<TitleText>{escape(title)}</TitleText></TitleElement></TitleDetail>"
        f"{english_title}{contributors}"
        f"<Language><LanguageRole>01</LanguageRole><LanguageCode>{code}</LanguageCode></Language>"
        "<Subject><MainSubject/><SubjectSchemeIdentifier>10</SubjectSchemeIdentifier>"
        f"<SubjectCode>{rng.choice(_BISAC)}</SubjectCode></Subject>"
        "<Subject><SubjectSchemeIdentifier>93</SubjectSchemeIdentifier>"
        f"<SubjectCode>{rng.choice(_THEMA)}</SubjectCode></Subject>"
        "</DescriptiveDetail>"
        "<CollateralDetail><TextContent><TextType>03</TextType>"
        "<ContentAudience>00</ContentAudience>"
        f'<Text textformat="06">{escape(title)} — {escape(english)}.</Text>'
        "</TextContent></CollateralDetail>"
        "<PublishingDetail><Publisher><PublishingRole>01</PublishingRole>"
        f"<PublisherName>{publisher}</PublisherName></Publisher>{place}"
        "<PublishingDate><PublishingDateRole>01</PublishingDateRole>"
        f"<Date>{2000 + index % 25}{1 + index % 12:02d}15</Date></PublishingDate>"
        "<SalesRights><SalesRightsType>01</SalesRightsType>"
        f"<Territory><CountriesIncluded>{country}</CountriesIncluded></Territory></SalesRights>"
        "<SalesRights><SalesRightsType>02</SalesRightsType>"
        "<Territory><RegionsIncluded>WORLD</RegionsIncluded>"
        f"<CountriesExcluded>{country}</CountriesExcluded></Territory></SalesRights>"
        "</PublishingDetail>"
        "</Product>\n"
    )


def write_feed(path: Path, products: int, *, seed: int = 17) -> Path:
    """Write ``products`` ONIX 3.0 products to ``path``; the same seed gives the same file."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<ONIXMessage xmlns="http://ns.editeur.org/onix/3.0/reference" release="3.0">\n')
        out.write(
            "<Header><Sender><SenderName>Bench Sender</SenderName></Sender>"
            "<SentDateTime>20260101T0900+0000</SentDateTime></Header>\n"
        )
        for index in range(products):
            out.write(_product(index, rng))
        out.write("</ONIXMessage>\n")
    return path
