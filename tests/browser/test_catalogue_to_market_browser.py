"""Issue 17's acceptance path, timed: a publisher uploads an ONIX 3.0 feed of 50 products,
registers them as one batch, an examiner decides the batch, the publisher lists their
rights from a territory-string sheet, and a buyer in Thailand finds them searching in Thai.

Every step goes through the pages as that role would; Celery runs inline (celery_eager),
the search engine is the embedded one; certificate PDFs are faked (fast_pdf): rendered for
real, 49 of them take minutes inline (docs/catalogue.md). One product's English title
carries a term of the shipped review list ("replica"): screening holds it, the decision
reports it with its reason, the bulk preview refuses to list it, and the 49 others reach
the market.
The step times are printed and written to test-artifacts/catalogue_to_market.txt.
"""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from contextlib import contextmanager
from xml.sax.saxutils import escape

import pytest
from django.utils import translation

from catalog.models import Work
from catalog.registration.models import Application, Batch
from catalog.screening.services import sensitive_terms_sync
from catalog.vocabulary import RightType
from licensing.models import HeldRight
from marketplace.listings.models import Listing
from marketplace.search import indexing
from marketplace.search.documents import index_alias
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_party, make_user
from tests.mfa import enrol_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLISHER = "Lotus River Press"
# (Chinese, English, Thai): the 10 subjects × 5 settings make 50 distinct titles.
SUBJECTS = [
    ("灯笼", "Lantern", "โคมไฟ"),
    ("风筝", "Kite", "ว่าว"),
    ("茶园", "Tea Garden", "สวนชา"),
    ("渔船", "Fishing Boat", "เรือประมง"),
    ("古琴", "Zither", "พิณโบราณ"),
    ("稻田", "Rice Fields", "ทุ่งนา"),
    ("白象", "White Elephant", "ช้างเผือก"),
    ("月光", "Moonlight", "แสงจันทร์"),
    ("铜鼓", "Bronze Drum", "กลองสำริด"),
    ("织布机", "Loom", "กี่ทอผ้า"),
]
SETTINGS = [
    ("湄公河", "the Mekong", "แม่น้ำโขง"),
    ("清迈", "Chiang Mai", "เชียงใหม่"),
    ("云南", "Yunnan", "ยูนนาน"),
    ("曼谷", "Bangkok", "กรุงเทพฯ"),
    ("西双版纳", "Xishuangbanna", "สิบสองปันนา"),
]
SURNAMES = ["李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
GIVEN = ["晓明", "雨桐", "子涵", "建国", "秀英"]
# Rights lines of the sheet, by product number modulo 5: every one is offered in Thailand.
SHEET_LINES = [
    ("translation", "ASEAN ex SG", "th, vi", "exclusive", "2027-01-01..2031-12-31"),
    ("translation, audio", "World ex CN, HK, MO, TW", "L ex zh-hans", "non-exclusive", "5 years"),
    ("e-book", "TH, LA, KH, MM", "th, lo, km, my", "exclusive", "2027..2030"),
    ("translation", "TH", "th", "exclusive", "7 years"),
    ("film/TV, translation", "ASEAN", "th, en", "non-exclusive", "2027-01-01..2032-12-31"),
]
HELD = 43  # the Fishing Boat of Xishuangbanna: its English title says "Replica"


def isbn13(stem: str) -> str:
    """``stem`` (12 digits) with its ISBN-13 check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(stem))
    return stem + str((10 - total % 10) % 10)


def products() -> list[dict[str, str]]:
    found = []
    for n in range(50):
        (zh, en, th), (zh_place, en_place, th_place) = SUBJECTS[n % 10], SETTINGS[n // 10]
        english = f"The {en} of {en_place}"
        if n == HELD:
            english = f"The {en} Replica of {en_place}"
        found.append(
            {
                "reference": f"com.lotusriver.{n + 1:04d}",
                "isbn": isbn13(f"97875321{n + 1:04d}"),
                "zh": f"{zh_place}的{zh}",
                "en": english,
                "th": f"{th}แห่ง{th_place}",
                "author": SURNAMES[n % 10] + GIVEN[n // 10],
                "synopsis_zh": f"一部关于{zh_place}{zh}与三代手艺人的长篇小说（第{n + 1}部）。",
                "synopsis_th": f"นวนิยายเกี่ยวกับ{th}และช่างฝีมือสามรุ่นแห่ง{th_place}",
            }
        )
    return found


def onix_feed(items: list[dict[str, str]]) -> bytes:
    """ONIX for Books 3.0, reference tags, as a Chinese publisher sends its backlist."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<ONIXMessage xmlns="http://ns.editeur.org/onix/3.0/reference" release="3.0">',
        f"<Header><Sender><SenderName>{escape(PUBLISHER)}</SenderName></Sender>"
        "<SentDateTime>20261207T0900+0800</SentDateTime>"
        "<DefaultLanguageOfText>chi</DefaultLanguageOfText></Header>",
    ]
    for n, p in enumerate(items):
        titles = "".join(
            "<TitleDetail><TitleType>06</TitleType><TitleElement>"
            f"<TitleElementLevel>01</TitleElementLevel>"
            f'<TitleText language="{code}">{escape(p[key])}</TitleText>'
            "</TitleElement></TitleDetail>"
            for code, key in (("eng", "en"), ("tha", "th"))
        )
        contributor = (
            "<Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole>"
            f"<PersonName>{p['author']}</PersonName>"
            "<ContributorPlace><ContributorPlaceRelator>04</ContributorPlaceRelator>"
            "<CountryCode>CN</CountryCode></ContributorPlace></Contributor>"
        )
        if n % 4 == 0:  # an illustrator on every fourth book
            contributor += (
                "<Contributor><SequenceNumber>2</SequenceNumber>"
                "<ContributorRole>A12</ContributorRole>"
                f"<PersonName>{SURNAMES[(n + 3) % 10]}小雨</PersonName></Contributor>"
            )
        out.append(
            "<Product>"
            f"<RecordReference>{p['reference']}</RecordReference>"
            "<NotificationType>03</NotificationType>"
            "<ProductIdentifier><ProductIDType>15</ProductIDType>"
            f"<IDValue>{p['isbn']}</IDValue></ProductIdentifier>"
            "<DescriptiveDetail><ProductComposition>00</ProductComposition>"
            "<ProductForm>BC</ProductForm>"
            "<TitleDetail><TitleType>01</TitleType><TitleElement>"
            f"<TitleElementLevel>01</TitleElementLevel><TitleText>{p['zh']}</TitleText>"
            f"</TitleElement></TitleDetail>{titles}{contributor}"
            "<Language><LanguageRole>01</LanguageRole><LanguageCode>chi</LanguageCode>"
            "<ScriptCode>Hans</ScriptCode></Language>"
            "<Subject><SubjectSchemeIdentifier>10</SubjectSchemeIdentifier>"
            "<SubjectCode>FIC019000</SubjectCode></Subject>"
            "</DescriptiveDetail>"
            "<CollateralDetail>"
            "<TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience>"
            f'<Text language="chi">{p["synopsis_zh"]}</Text></TextContent>'
            "<TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience>"
            f'<Text language="tha">{p["synopsis_th"]}</Text></TextContent>'
            "</CollateralDetail>"
            "<PublishingDetail><Publisher><PublishingRole>01</PublishingRole>"
            f"<PublisherName>{escape(PUBLISHER)}</PublisherName></Publisher>"
            "<CountryOfPublication>CN</CountryOfPublication>"
            "<PublishingDate><PublishingDateRole>01</PublishingDateRole>"
            f'<Date dateformat="00">2025{(n % 12) + 1:02d}15</Date></PublishingDate>'
            "<SalesRights><SalesRightsType>01</SalesRightsType><Territory>"
            "<CountriesIncluded>CN HK MO TW</CountriesIncluded></Territory></SalesRights>"
            "</PublishingDetail>"
            "</Product>"
        )
    out.append("</ONIXMessage>")
    return "\n".join(out).encode()


def rights_sheet(items: list[dict[str, str]]) -> bytes:
    """The publisher's CSV: ISBN, Frankfurt category, territory string, languages, …"""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["isbn", "category", "territory", "languages", "exclusivity", "term"])
    for n, p in enumerate(items):
        writer.writerow([p["isbn"], *SHEET_LINES[n % 5]])
    return buffer.getvalue().encode("utf-8")


def sample_text(p: dict[str, str]) -> bytes:
    """The work's text sample filed with its application (each distinct)."""
    return (
        f"{p['zh']}\n{p['author']} 著\n\n{p['synopsis_zh']}\n"
        f"第一章\n清晨，{p['zh']}的故事从一位老手艺人开始。ISBN {p['isbn']}\n"
    ).encode()


class Clock:
    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []
        self.started = time.perf_counter()

    @contextmanager
    def step(self, name: str):
        start = time.perf_counter()
        yield
        self.steps.append((name, time.perf_counter() - start))

    def report(self) -> str:
        lines = [f"{name:<58} {seconds:7.1f} s" for name, seconds in self.steps]
        total = time.perf_counter() - self.started
        lines.append(f"{'end to end (50 products)':<58} {total:7.1f} s")
        return "\n".join(lines)


@pytest.fixture
def search_index(settings):
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    yield index_alias()
    indexing.drop_indices()


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_fifty_onix_products_from_upload_to_a_thai_buyers_search(
    live_server, browser, celery_eager, search_index, artifacts, fast_pdf
):
    base = live_server.url
    # The shipped word lists, as migration 0002 loads them (a flush between transactional
    # tests empties the table; --reuse-db would then serialise it empty).
    sensitive_terms_sync()
    items = products()
    publisher = make_user(roles=["rights_holder"])
    party = make_party(name=PUBLISHER, country="CN", member=publisher)
    examiner = make_user(roles=["examiner"])
    enrol_totp(examiner)  # examiners need a second factor (catalog.kernel.mfa)
    buyer = make_user(roles=["buyer"], language="th")
    make_party(name="Chao Phraya Books", country="TH", member=buyer)
    blocked: list[str] = []

    def new_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                blocked.append(f"{page.url}: {m.text}")
                if "Content Security Policy" in m.text
                else None
            ),
        )
        return page

    clock = Clock()
    page = new_page()
    browser_login(page, base, publisher)

    with clock.step("1. publisher uploads the ONIX file, import to 100 %"):
        page.goto(f"{base}/en/catalogue/uploads/")
        form = page.locator("[data-testid=catalogue-upload]")
        form.locator("select[name=party]").select_option(str(party.pk))
        form.locator("input[name=file]").set_input_files(
            {"name": "lotus-river-backlist.xml", "mimeType": "text/xml", "buffer": onix_feed(items)}
        )
        form.locator("input[name=mode][value=all_or_nothing]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/catalogue/uploads/*/")
        page.wait_for_function("document.querySelector('[data-testid=job-progress]').value === 100")
        page.reload()  # the results table is drawn once the job is done
    status = page.inner_text("[data-testid=job-status]")
    assert status == "Imported", page.inner_text("main")[:3000]
    assert page.inner_text("[data-field=created]") == "50"
    assert page.inner_text("[data-field=refused]") == "0"
    works = Work.objects.filter(holder=party)
    assert works.count() == 50
    bangkok_drum = works.get(identifiers__value=items[HELD]["isbn"])
    assert (bangkok_drum.title_th, bangkok_drum.title_en) == (items[HELD]["th"], items[HELD]["en"])
    assert bangkok_drum.creators.get().party.original_name == items[HELD]["author"]

    with clock.step("2. publisher files the upload as one registration batch"):
        page.click("[data-testid=register-batch]")
        page.wait_for_selector("[data-testid=upload]")
        assert "Works on this filter: 50." in page.inner_text("[data-testid=matching]")
        page.check("[data-testid=select-all]")  # batch_select.js, not an inline handler
        assert page.locator("input[name=works]:checked").count() == 50
        page.fill("input[name=contact_name]", "Chen Yutong")
        page.fill("input[name=contact_email]", "rights@lotusriver.example")
        page.check("input[name=declared]")
        page.click("[data-testid=batch-file]")
        page.wait_for_url("**/registration/batches/*/")
    batch = Batch.objects.get(applicant=party)
    assert batch.applications.count() == 50
    assert "50 waiting for files" in page.inner_text("body")

    with clock.step("3. publisher attaches a text sample to each of the 50 drafts"):
        links = page.locator("table a[href*='/registration/']").evaluate_all(
            "links => links.map(a => [a.getAttribute('href'), a.textContent.trim()])"
        )
        assert len(links) == 50
        by_title = {p["zh"]: p for p in items}
        for href, title in links:
            product = by_title[title]
            page.goto(f"{base}{href}")
            upload = page.locator("form[action$='/upload/']")
            upload.locator("select[name=kind]").select_option("text")
            upload.locator("input[name=file]").set_input_files(
                {
                    "name": f"{product['isbn']}-sample.txt",
                    "mimeType": "text/plain",
                    "buffer": sample_text(product),
                }
            )
            upload.locator("button[type=submit]").click()
            page.wait_for_load_state()
    assert Work.objects.filter(holder=party, files__isnull=False).distinct().count() == 50

    with clock.step("4. publisher submits the batch (screening runs)"):
        page.goto(f"{base}/en/registration/batches/{batch.pk}/")
        page.click("text=Submit the drafts whose files are attached")
        page.wait_for_load_state()
    assert "50 applications submitted." in page.inner_text("body")
    assert page.inner_text("[data-testid=count-held]") == "1"
    assert page.inner_text("[data-testid=count-clear]") == "49"
    page.context.close()

    page = new_page()
    browser_login(page, base, examiner)
    with clock.step("5. examiner finds the batch in the queue and decides it"):
        page.goto(f"{base}/en/registration/examiner/")
        row = page.locator(f"[data-testid=batch-{batch.pk}]")
        assert PUBLISHER in row.inner_text()
        row.locator("a").first.click()
        page.wait_for_selector("[data-testid=batch-decide]")
        page.fill("textarea[name=note]", "Please confirm the title.")
        # Inline Celery: the 49 registrations and their certificates run in this request.
        page.click("text=Register all that pass screening, hold the rest", timeout=120_000)
        page.wait_for_url("**/decisions/*/")
        page.wait_for_function("document.querySelector('[data-testid=job-progress]').value === 100")
        page.reload()
    assert page.inner_text("[data-field=registered]") == "49"
    assert page.inner_text("[data-field=held]") == "1"
    held_row = page.locator("tr", has_text=items[HELD]["zh"])
    assert "replica" in held_row.inner_text() and "Please confirm the title." in (
        held_row.inner_text()
    )
    registered = Application.objects.filter(batch=batch, status="registered")
    assert registered.count() == 49
    assert len(set(registered.values_list("number", flat=True))) == 49
    page.context.close()

    page = new_page()
    browser_login(page, base, publisher)
    # A publisher holds nothing by default (only a creator-holder does): it records what its
    # author contracts transferred on each work's rights-in page before it lists.
    with clock.step("6a. publisher records the author contracts' rights in"):
        for work in Work.objects.filter(holder=party).order_by("pk"):
            page.goto(f"{base}/en/rights-in/works/{work.pk}/")
            page.select_option("select[name=basis]", "acquired")
            page.select_option("select[name=right_type]", "*")
            page.fill("input[name=territories]", "*")
            page.fill("input[name=languages]", "*")
            page.check("input[name=exclusive]")
            page.fill("input[name=source_ref]", f"AC-{work.pk}")
            page.fill("input[name=acquired_from]", "the author")
            page.get_by_role("button", name="Record", exact=True).click()
            page.wait_for_selector("[data-testid=rights-in]")
    assert HeldRight.objects.filter(work__holder=party, basis="acquired").count() == 50
    with clock.step("6. publisher previews the rights sheet (held work refused)"):
        page.goto(f"{base}/en/seller/bulk-rights/")
        page.set_input_files(
            "input[name=file]",
            {"name": "rights.csv", "mimeType": "text/csv", "buffer": rights_sheet(items)},
        )
        page.select_option("select[name=currency]", "USD")
        page.check("input[name=publish]")
        page.click("[data-testid=bulk-preview]")
        page.wait_for_selector("[data-testid=bulk-lines]")
    errors = page.locator("[data-testid=bulk-errors] tbody tr")
    assert errors.count() == 1, page.inner_text("[data-testid=bulk-errors]")
    assert items[HELD]["isbn"] in errors.inner_text()
    assert page.locator("[data-testid=bulk-create]").count() == 0

    listed = [p for n, p in enumerate(items) if n != HELD]
    with clock.step("7. publisher previews the sheet without it and creates 49"):
        page.set_input_files(
            "input[name=file]",
            {
                "name": "rights.csv",
                "mimeType": "text/csv",
                "buffer": rights_sheet(listed),
            },
        )
        page.check("input[name=publish]")
        page.click("text=Preview again")
        page.wait_for_selector("[data-testid=bulk-create]")
        assert "World ex CN, HK, MO, TW" in page.inner_text("[data-testid=bulk-lines]")
        page.click("[data-testid=bulk-create]")
        page.wait_for_url("**/seller/")
    assert "Listings created: 49." in page.inner_text("body")
    assert Listing.objects.filter(seller=party, status="published").count() == 49
    page.context.close()

    page = new_page()
    browser_login(page, base, buyer, lang="th")
    with translation.override("th"):
        thai_translation = str(RightType.TRANSLATION.label)
        thai_right = "สิทธิ์"
    assert thai_translation != "Translation"
    mekong = [p["th"] for p in listed if p["th"].endswith("แม่น้ำโขง")]
    with clock.step("8. buyer searches in Thai and sees the Mekong titles"):
        page.goto(f"{base}/th/search/")
        for _ in range(30):  # the index refreshes about once a second
            page.fill("input[name=q]", "แม่น้ำโขง")
            page.press("input[name=q]", "Enter")
            page.wait_for_load_state()
            if page.locator(".hit").count() >= len(mekong):
                break
            time.sleep(0.5)
    titles = page.locator(".hit h3").all_inner_texts()
    assert sorted(titles) == sorted(mekong), titles
    assert number(page.inner_text("#total")) == 10
    assert all(p["zh"] in page.inner_text(".results") for p in listed[:10])
    rights = page.locator('[data-facet="right"]')
    assert thai_right in rights.locator("h3").inner_text()
    assert thai_translation in rights.locator('a[data-key="translation"]').inner_text()
    assert "ไทย" in page.locator('[data-facet="territory"] a[data-key="TH"]').inner_text()
    assert "ไทย" in page.locator('[data-facet="language"] a[data-key="th"]').inner_text()

    with clock.step("9. buyer browses everything on offer in Thailand"):
        page.goto(f"{base}/th/search/")
        page.click('[data-facet="territory"] a[data-key="TH"]')
        page.wait_for_selector('[data-facet="territory"] a.selected')
    assert number(page.inner_text("#total")) == 49
    assert items[HELD]["th"] not in page.inner_text(".results")
    page.screenshot(path=str(artifacts / "catalogue-to-market-th.png"))
    page.context.close()

    report = clock.report()
    (artifacts / "catalogue_to_market.txt").write_text(report + "\n", encoding="utf-8")
    print("\n" + report)
    assert not blocked, "\n".join(blocked)
