"""Benchmark the listing search: bulk index rate, and query latency against the engine's own.

Synthetic listings (no database) go through the real document builder into a throwaway index.
Then a mixed set of faceted multilingual queries runs twice each, in alternating order: through
the project's path (build the request, send it, read hits/facets/highlights) and as the very
same body sent straight to the engine. The ratio of the two is the project's overhead.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import unicodedata
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from elasticsearch.helpers import streaming_bulk
from modeltranslation.utils import build_localized_fieldname
from opencc import OpenCC
from stdnum import ean
from tqdm import tqdm

from i18n.languages import LANGUAGE_CODES
from marketplace.search.connection import ensure_connection
from marketplace.search.documents import listing_document, listing_index
from marketplace.search.query import build_search, execute, read_response


def _words(text: str) -> list[str]:
    return text.split("|")


# The same concepts in every language, so queries in one language find titles in another.
WORDS: dict[str, list[str]] = {
    "en": _words(
        "river|moon|dragon|garden|lantern|mountain|silk|tea|story|legend|city|"
        "night|rain|song|journey|spirit|island|forest|children|kingdom|secret|"
        "golden"
    ),
    "zh-hans": _words(
        "长河|月亮|巨龙|花园|灯笼|高山|丝绸|茶叶|故事|传说|城市|夜晚|雨水|歌曲|旅程|精灵|岛屿|森林|孩子|王国|秘密|黄金"
    ),
    "vi": _words(
        "sông|trăng|rồng|vườn|đèn lồng|núi|lụa|trà|truyện|huyền thoại|"
        "thành phố|đêm|mưa|bài hát|hành trình|linh hồn|đảo|rừng|trẻ em|"
        "vương quốc|bí mật|vàng"
    ),
    "th": _words(
        "แม่น้ำ|ดวงจันทร์|มังกร|สวน|โคมไฟ|ภูเขา|ผ้าไหม|ชา|นิทาน|ตำนาน|เมือง|"
        "กลางคืน|ฝน|เพลง|การเดินทาง|วิญญาณ|เกาะ|ป่า|เด็ก|อาณาจักร|ความลับ|"
        "ทองคำ"
    ),
    "ms": _words(
        "sungai|bulan|naga|taman|tanglung|gunung|sutera|teh|cerita|legenda|"
        "kota|malam|hujan|lagu|perjalanan|roh|pulau|hutan|anak|kerajaan|rahsia|"
        "emas"
    ),
    "id": _words(
        "sungai|bulan|naga|taman|lentera|gunung|sutra|teh|cerita|legenda|kota|"
        "malam|hujan|lagu|perjalanan|roh|pulau|hutan|anak|kerajaan|rahasia|"
        "emas"
    ),
    "fil": _words(
        "ilog|buwan|dragon|hardin|parol|bundok|seda|tsaa|kuwento|alamat|"
        "lungsod|gabi|ulan|awit|paglalakbay|espiritu|isla|gubat|bata|kaharian|"
        "lihim|ginto"
    ),
    "km": _words(
        "ទន្លេ|ព្រះចន្ទ|នាគ|សួនច្បារ|គោម|ភ្នំ|សូត្រ|តែ|រឿង|រឿងព្រេង|ទីក្រុង|"
        "យប់|ភ្លៀង|ចម្រៀង|ដំណើរ|ព្រលឹង|កោះ|ព្រៃ|កុមារ|នគរ|អាថ៌កំបាំង|មាស"
    ),
    "lo": _words(
        "ແມ່ນ້ຳ|ດວງເດືອນ|ມັງກອນ|ສວນ|ໂຄມໄຟ|ພູເຂົາ|ໄໝ|ຊາ|ນິທານ|ຕຳນານ|ເມືອງ|"
        "ກາງຄືນ|ຝົນ|ເພງ|ການເດີນທາງ|ວິນຍານ|ເກາະ|ປ່າ|ເດັກນ້ອຍ|ອານາຈັກ|ຄວາມລັບ|ຄຳ"
    ),
    "my": _words(
        "မြစ်|လ|နဂါး|ဥယျာဉ်|မီးအိမ်|တောင်|ပိုး|လက်ဖက်|ပုံပြင်|ဒဏ္ဍာရီ|မြို့|ည|"
        "မိုး|သီချင်း|ခရီး|ဝိညာဉ်|ကျွန်း|တော|ကလေး|နိုင်ငံ|လျှို့ဝှက်ချက်|ရွှေ"
    ),
}
# Scripts written without spaces: titles and synopses are written that way too.
UNSPACED = {"th", "lo", "km", "my", "zh-hans", "zh-hant"}
ZONE_RIGHTS = {
    "books": ["translation", "reprint", "audio", "ebook", "adaptation"],
    "comics": ["translation", "adaptation", "merchandising", "ebook"],
    "music": ["sync", "mechanical", "performance", "streaming"],
    "film": ["adaptation", "streaming", "performance"],
    "crafts": ["merchandising", "exhibition", "reprint"],
}
ZONE_TYPES = {
    "books": "literary",
    "comics": "comic",
    "music": "music",
    "film": "audiovisual",
    "crafts": "craft",
}
TERRITORY_CHOICES = [
    ["WORLD"],
    ["ASEAN"],
    ["GREATER_CHINA"],
    ["VN"],
    ["TH"],
    ["VN", "TH"],
    ["MY", "ID", "SG"],
    ["CN"],
    ["KH", "LA"],
    ["ASEAN", "GREATER_CHINA"],
]
TERRITORY_WEIGHTS = [2, 6, 3, 4, 4, 3, 3, 2, 2, 3]
HOLDER_COUNTRIES = ["CN", "VN", "TH", "MY", "ID", "PH", "KH", "LA", "MM", "SG", "TW", "HK"]
CURRENCIES = ["USD", "CNY", "VND", "THB", "MYR", "EUR"]
SITE = list(LANGUAGE_CODES)
QUERY_TIMEOUT = 300.0


class _Related(list):
    def all(self) -> _Related:  # the document builder reads managers as .all()
        return self


def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )


class Synth:
    """Deterministic synthetic listings (the real document builder reads them)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.s2t = OpenCC("s2t")
        self.isbns: list[str] = []

    def phrase(self, lang: str, n: int) -> str:
        source = "zh-hans" if lang == "zh-hant" else lang
        words = self.rng.sample(WORDS[source], n)
        text = ("" if lang in UNSPACED else " ").join(words)
        if lang == "zh-hant":
            text = self.s2t.convert(text)
        return text.capitalize() if lang not in UNSPACED else text

    def texts(self, obj: SimpleNamespace, field: str, langs: list[str], words: tuple[int, int]):
        for lang in langs:
            setattr(
                obj,
                build_localized_fieldname(field, lang),
                self.phrase(lang, self.rng.randint(*words)),
            )

    def listing(self, pk: int) -> SimpleNamespace:
        rng = self.rng
        zone = rng.choice(list(ZONE_RIGHTS))
        original = rng.choice(SITE)
        langs = list(dict.fromkeys([original, *rng.sample(SITE, rng.randint(1, 4))]))
        holder = SimpleNamespace(
            pk=pk % 5000 + 1,
            country=rng.choice(HOLDER_COUNTRIES),
            original_name=self.phrase(original, 2),
        )
        creator = SimpleNamespace(pk=pk % 7000 + 9000, original_name=self.phrase(original, 2))
        code = self._isbn(pk)
        work = SimpleNamespace(
            pk=pk,
            holder=holder,
            work_type=ZONE_TYPES[zone],
            original_language=original,
            country_of_origin=holder.country,
            identifiers=_Related([SimpleNamespace(value=code)]),
            creators=_Related([SimpleNamespace(party=creator)]),
        )
        self.texts(work, "title", langs, (2, 4))
        self.texts(work, "synopsis", langs[:2], (8, 16))
        work.original_title = getattr(work, build_localized_fieldname("title", original))
        amount = Decimal(rng.choice([None, 300, 900, 2500, 8000, 15000, 40000, 120000]) or 0)
        listing = SimpleNamespace(
            pk=pk,
            work=work,
            seller_id=holder.pk,
            zone=zone,
            right_types=rng.sample(ZONE_RIGHTS[zone], rng.randint(1, 3)),
            territories=rng.choices(TERRITORY_CHOICES, TERRITORY_WEIGHTS)[0],
            excluded_territories=[],
            languages=rng.sample(SITE, rng.randint(1, 3)),
            exclusivity=rng.choice(["exclusive", "non_exclusive", "either"]),
            currency=rng.choice(CURRENCIES),
            flat_fee=None,
            minimum_guarantee=None,
            advance=amount or None,
            published_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=pk),
            created_at=None,
        )
        self.texts(listing, "headline", langs[:2], (3, 6))
        return listing

    def _isbn(self, pk: int) -> str:
        stem = f"978{pk:09d}"
        value = stem + ean.calc_check_digit(stem)
        if len(self.isbns) < 500:
            self.isbns.append(value)
        return value

    def blocked(self, listing: SimpleNamespace) -> set[tuple[str, str, str]]:
        """About a fifth of the listings have an exclusive grant over part of their offer."""
        if self.rng.random() > 0.2:
            return set()
        right = self.rng.choice(listing.right_types)
        language = self.rng.choice(listing.languages)
        countries = self.rng.sample(["VN", "TH", "MY", "ID", "CN", "KH", "LA", "SG"], 3)
        return {(right, c, language) for c in countries}

    def query(self) -> dict:
        """One search as a buyer would make it: text in some script, filters, sort, page."""
        rng = self.rng
        lang = rng.choice(SITE)
        kind = rng.choices(
            ["words", "zh-hant", "unaccented", "typo", "isbn", "browse"], [35, 10, 10, 10, 5, 30]
        )[0]
        q = ""
        if kind == "words":
            q = self.phrase(lang, rng.randint(1, 2))
        elif kind == "zh-hant":
            q = self.phrase("zh-hant", 1)
        elif kind == "unaccented":
            q = _fold(self.phrase("vi", 2))
        elif kind == "typo":
            word = rng.choice(WORDS["en"] + WORDS["ms"])
            cut = rng.randrange(1, len(word))
            q = word[:cut] + word[cut + 1 :]
        elif kind == "isbn" and self.isbns:
            q = rng.choice(self.isbns)
        filters: dict[str, list[str]] = {}
        if rng.random() < 0.4:
            filters["zone"] = [rng.choice(list(ZONE_RIGHTS))]
        dims = rng.choices([0, 1, 2, 3], [35, 35, 20, 10])[0]
        for dim in rng.sample(["right", "territory", "language"], dims):
            filters[dim] = [
                {
                    "right": lambda: rng.choice(["translation", "audio", "ebook", "adaptation"]),
                    "territory": lambda: rng.choice(["VN", "TH", "MY", "CN", "ID"]),
                    "language": lambda: rng.choice(["vi", "th", "en", "zh-hans", "ms"]),
                }[dim]()
            ]
        if rng.random() < 0.15:
            filters["holder_country"] = [rng.choice(HOLDER_COUNTRIES)]
        if rng.random() < 0.1:
            filters["price_band"] = [rng.choice(["under_1k", "1k_5k", "5k_20k"])]
        sort = rng.choices(["relevance", "newest", "price"], [70, 15, 15])[0]
        return {
            "q": q,
            "lang": lang,
            "filters": filters,
            "sort": sort,
            "page": rng.choice([1, 1, 1, 2]),
            "per_page": 20,
        }


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Index N synthetic listings into a throwaway index and time mixed faceted queries."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--chunk-size", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=20261126)
        parser.add_argument("--keep", action="store_true", help="keep the benchmark index")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args: object, **options: object) -> None:
        if options["listings"] < 1 or options["queries"] < 1:
            raise CommandError("--listings and --queries must be positive")
        client = ensure_connection()
        name = f"{settings.SEARCH_INDEX_PREFIX}-bench-{os.getpid()}"
        listing_index(name).create(using=client)
        try:
            figures = self._run(client, name, options)
        finally:
            if not options["keep"]:
                client.indices.delete(index=name, ignore_unavailable=True)
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        for label, value in figures.items():
            self.stdout.write(f"{label:>28}: {value}")

    def _run(self, client, name: str, options: dict) -> dict[str, object]:
        synth = Synth(options["seed"])
        count = options["listings"]
        build_seconds = 0.0
        doc_bytes = 0

        def actions():
            nonlocal build_seconds, doc_bytes
            for pk in range(1, count + 1):
                started = time.perf_counter()
                listing = synth.listing(pk)
                doc = listing_document(
                    listing, blocked=synth.blocked(listing), flags=["registered"] if pk % 3 else []
                )
                build_seconds += time.perf_counter() - started
                if pk <= 1000:
                    doc_bytes += len(json.dumps(doc, ensure_ascii=False).encode())
                yield {"_index": name, "_id": str(pk), "_source": doc}

        started = time.perf_counter()
        with tqdm(
            total=count, desc="bulk indexing", unit="doc", file=sys.stderr, disable=options["json"]
        ) as bar:
            for _ok, _item in streaming_bulk(
                client.options(request_timeout=300),
                actions(),
                chunk_size=options["chunk_size"],
                raise_on_error=True,
            ):
                bar.update(1)
        index_seconds = time.perf_counter() - started
        client.indices.refresh(index=name)

        # The embedded engine scans: a faceted query over 100k listings can pass the web
        # timeout. Both paths get the same longer one.
        slow_client = client.options(request_timeout=QUERY_TIMEOUT)
        project: list[float] = []
        python: list[float] = []
        engine: list[float] = []
        ratios: list[float] = []
        totals = 0
        for n in tqdm(
            range(options["queries"]),
            desc="queries",
            unit="query",
            file=sys.stderr,
            disable=options["json"],
        ):
            params = synth.query()
            request = build_search(**params)
            body = request.body
            # Alternate which path goes first, so neither always meets a warmer engine.
            runs = {}
            order = ("project", "engine") if n % 2 else ("engine", "project")
            for path in order:
                started = time.perf_counter()
                if path == "project":
                    fresh = build_search(**params)
                    fresh_body = fresh.body
                    built = time.perf_counter()
                    answer = execute(fresh_body, index=name, timeout=QUERY_TIMEOUT)
                    answered = time.perf_counter()
                    result = read_response(fresh, answer)
                    # The project's own work: building the body and reading the answer.
                    python.append((built - started + time.perf_counter() - answered) * 1000)
                    totals += result.total
                else:
                    slow_client.search(index=name, body=body)
                runs[path] = time.perf_counter() - started
            project.append(runs["project"] * 1000)
            engine.append(runs["engine"] * 1000)
            ratios.append(runs["project"] / runs["engine"])

        p50_p, p95_p = _percentile(project, 50), _percentile(project, 95)
        p50_e, p95_e = _percentile(engine, 50), _percentile(engine, 95)
        return {
            "engine": settings.ELASTICSEARCH_URL,
            "listings": count,
            "avg_doc_bytes": round(doc_bytes / min(count, 1000)),
            "bulk_seconds": round(index_seconds, 1),
            "bulk_docs_per_second": round(count / index_seconds, 1),
            "doc_build_docs_per_second": round(count / build_seconds, 1) if build_seconds else None,
            "queries": len(project),
            "mean_hits": round(totals / len(project), 1),
            "project_p50_ms": round(p50_p, 1),
            "project_p95_ms": round(p95_p, 1),
            "engine_p50_ms": round(p50_e, 1),
            "engine_p95_ms": round(p95_e, 1),
            "overhead_ratio_p50": round(p50_p / p50_e, 3),
            "overhead_ratio_p95": round(p95_p / p95_e, 3),
            "overhead_ratio_median_per_query": round(statistics.median(ratios), 3),
            "python_build_and_read_p50_ms": round(_percentile(python, 50), 2),
            "python_build_and_read_p95_ms": round(_percentile(python, 95), 2),
        }
