"""Curated demo data for the China–ASEAN copyright marketplace.

Pure Python: no Django imports and no database access. The seeding command reads
these structures and creates parties, works, identifiers and CMS content from them.

Everything here is FICTIONAL: organisations, people, titles and identifiers are invented
for demonstration (e-mail and web addresses use ``example.<tld>`` host names).

Contents
--------
``LANGUAGES``
    The eleven interface languages, ``zh-hans`` first (the default).
``RIGHTS_HOLDERS`` / ``BUYERS`` / ``BANKS``
    Party dicts with the keys ``key``, ``kind``, ``category``, ``country``,
    ``original_name``, ``names`` (language code → name), ``email``, ``website`` and
    ``verified``.
``generate_works(n, seed)``
    Deterministic list of at least ``n`` work dicts: about forty hand-written "hero" works
    first, then works composed from translated title and synopsis fragments. Optional keys
    (``isbn``, ``isrc``, ``iswc``, ``folk``) are present only when they apply.
``NEWS``, ``HOME``, ``SITE_TAGLINE``
    Home-page and news content in all eleven languages (news bodies in ``en`` and
    ``zh-hans``).
"""

from __future__ import annotations

import random
import zlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

LANGUAGES: tuple[str, ...] = (
    "zh-hans",
    "zh-hant",
    "en",
    "vi",
    "th",
    "ms",
    "id",
    "my",
    "lo",
    "fil",
    "km",
)

# Original language (BCP 47) of works created in each country.
COUNTRY_LANGUAGE: dict[str, str] = {
    "CN": "zh-hans",
    "VN": "vi",
    "TH": "th",
    "MY": "ms",
    "ID": "id",
    "MM": "my",
    "LA": "lo",
    "PH": "fil",
    "KH": "km",
    "SG": "en",
    "BN": "ms",
}

_TLD: dict[str, str] = {
    "CN": "cn",
    "VN": "vn",
    "TH": "th",
    "MY": "my",
    "ID": "id",
    "MM": "mm",
    "LA": "la",
    "PH": "ph",
    "KH": "kh",
    "SG": "sg",
    "BN": "bn",
    "JP": "jp",
    "KR": "kr",
    "FR": "fr",
    "DE": "de",
    "GB": "uk",
    "US": "com",
}

Translations = dict[str, str]


def _t(**values: str) -> Translations:
    """Build a translation dict for all eleven languages.

    Keyword names use ``_`` for ``-`` (``zh_hans=...``). Every language is required, so a
    missing translation fails at import time rather than showing up as a blank title.
    """
    result = {key.replace("_", "-"): value for key, value in values.items()}
    missing = [lang for lang in LANGUAGES if lang not in result]
    extra = [lang for lang in result if lang not in LANGUAGES]
    if missing or extra:
        raise ValueError(f"translations: missing {missing}, unknown {extra}")
    return {lang: result[lang] for lang in LANGUAGES}


# --------------------------------------------------------------------------------------
# Parties
# --------------------------------------------------------------------------------------


def _party(
    key: str,
    kind: str,
    category: str,
    country: str,
    original_name: str,
    en: str,
    zh_hans: str,
    zh_hant: str,
    verified: bool = True,
) -> dict[str, Any]:
    """One party dict; ``names`` holds en, zh-hans, zh-hant and the local language."""
    names = {"en": en, "zh-hans": zh_hans, "zh-hant": zh_hant}
    local = COUNTRY_LANGUAGE.get(country)
    if local and local not in names:
        names[local] = original_name
    tld = _TLD[country]
    return {
        "key": key,
        "kind": kind,
        "category": category,
        "country": country,
        "original_name": original_name,
        "names": names,
        "email": f"{key}@example.{tld}",
        "website": f"https://{key}.example.{tld}",
        "verified": verified,
    }


_ORG, _PERSON, _COLLECTIVE = "organisation", "person", "collective"

RIGHTS_HOLDERS: list[dict[str, Any]] = [
    # --- China -----------------------------------------------------------------------
    _party(
        "qinghe-childrens-press",
        _ORG,
        "publisher",
        "CN",
        "青禾少儿出版社",
        "Qinghe Children's Press",
        "青禾少儿出版社",
        "青禾少兒出版社",
    ),
    _party(
        "yunxiu-literature-press",
        _ORG,
        "publisher",
        "CN",
        "云岫文艺出版社",
        "Yunxiu Literature & Art Press",
        "云岫文艺出版社",
        "雲岫文藝出版社",
    ),
    _party(
        "nanxi-book-company",
        _ORG,
        "publisher",
        "CN",
        "南溪书局",
        "Nanxi Book Company",
        "南溪书局",
        "南溪書局",
    ),
    _party(
        "mozhu-books", _ORG, "publisher", "CN", "墨竹图书", "Mozhu Books", "墨竹图书", "墨竹圖書"
    ),
    _party(
        "qingwa-animation",
        _ORG,
        "studio",
        "CN",
        "青瓦动漫工作室",
        "Qingwa Animation & Comics Studio",
        "青瓦动漫工作室",
        "青瓦動漫工作室",
    ),
    _party(
        "jinli-comics", _ORG, "studio", "CN", "锦鲤漫画", "Jinli Comics", "锦鲤漫画", "錦鯉漫畫"
    ),
    _party(
        "xiange-records", _ORG, "label", "CN", "弦歌唱片", "Xiange Records", "弦歌唱片", "弦歌唱片"
    ),
    _party(
        "cangling-pictures",
        _ORG,
        "producer",
        "CN",
        "苍岭影业",
        "Cangling Pictures",
        "苍岭影业",
        "蒼嶺影業",
    ),
    _party(
        "bainiao-embroidery-cooperative",
        _COLLECTIVE,
        "artisan",
        "CN",
        "百鸟衣刺绣合作社",
        "Hundred-Bird Embroidery Cooperative",
        "百鸟衣刺绣合作社",
        "百鳥衣刺繡合作社",
    ),
    _party(
        "qinglan-ceramics",
        _ORG,
        "artisan",
        "CN",
        "青岚陶艺工作室",
        "Qinglan Ceramics Studio",
        "青岚陶艺工作室",
        "青嵐陶藝工作室",
    ),
    _party("lin-xiaolan", _PERSON, "creator", "CN", "林晓岚", "Lin Xiaolan", "林晓岚", "林曉嵐"),
    _party("zhou-mobai", _PERSON, "creator", "CN", "周墨白", "Zhou Mobai", "周墨白", "周墨白"),
    # --- Viet Nam --------------------------------------------------------------------
    _party(
        "pho-co-comics",
        _ORG,
        "studio",
        "VN",
        "Xưởng Truyện Tranh Phố Cổ",
        "Old Quarter Comics Studio",
        "古街漫画工作室",
        "古街漫畫工作室",
    ),
    _party(
        "sen-hong-publishing",
        _ORG,
        "publisher",
        "VN",
        "Nhà xuất bản Sen Hồng",
        "Pink Lotus Publishing House",
        "红莲出版社",
        "紅蓮出版社",
    ),
    _party(
        "ban-may-indigo-cooperative",
        _COLLECTIVE,
        "artisan",
        "VN",
        "Hợp tác xã Dệt chàm Bản Mây",
        "Ban May Indigo Weaving Cooperative",
        "云寨靛染织布合作社",
        "雲寨靛染織布合作社",
    ),
    _party(
        "may-trang-records",
        _ORG,
        "label",
        "VN",
        "Hãng đĩa Mây Trắng",
        "White Cloud Records",
        "白云唱片",
        "白雲唱片",
    ),
    _party(
        "gio-nam-films",
        _ORG,
        "producer",
        "VN",
        "Hãng phim Gió Nam",
        "South Wind Films",
        "南风影业",
        "南風影業",
    ),
    _party(
        "tran-minh-khoa",
        _PERSON,
        "creator",
        "VN",
        "Trần Minh Khoa",
        "Trần Minh Khoa",
        "陈明科",
        "陳明科",
        verified=False,
    ),
    # --- Thailand --------------------------------------------------------------------
    _party(
        "ban-ton-yang-silk-collective",
        _COLLECTIVE,
        "artisan",
        "TH",
        "กลุ่มทอผ้าไหมบ้านต้นยาง",
        "Ban Ton Yang Silk Weaving Collective",
        "班东央丝绸织造合作社",
        "班東央絲綢織造合作社",
    ),
    _party(
        "dao-thung-records",
        _ORG,
        "label",
        "TH",
        "ค่ายเพลงดาวทุ่ง",
        "Dao Thung Records",
        "田野之星唱片",
        "田野之星唱片",
    ),
    _party(
        "bai-lan-press",
        _ORG,
        "publisher",
        "TH",
        "สำนักพิมพ์ใบลาน",
        "Bai Lan Press",
        "贝叶出版社",
        "貝葉出版社",
    ),
    _party(
        "chang-noi-studio",
        _ORG,
        "studio",
        "TH",
        "สตูดิโอการ์ตูนช้างน้อย",
        "Chang Noi Comics Studio",
        "小象漫画工作室",
        "小象漫畫工作室",
    ),
    _party(
        "rimnam-films", _ORG, "producer", "TH", "ริมน้ำฟิล์ม", "Rimnam Films", "水畔影业", "水畔影業"
    ),
    _party(
        "malee-kaewmanee",
        _PERSON,
        "creator",
        "TH",
        "มาลี แก้วมณี",
        "Malee Kaewmanee",
        "玛丽·盖瓦玛尼",
        "瑪麗·蓋瓦瑪尼",
    ),
    # --- Malaysia --------------------------------------------------------------------
    _party(
        "east-coast-batik-cooperative",
        _COLLECTIVE,
        "artisan",
        "MY",
        "Koperasi Batik Pantai Timur",
        "East Coast Batik Cooperative",
        "东海岸蜡染合作社",
        "東海岸蠟染合作社",
    ),
    _party(
        "cahaya-bulan-publishers",
        _ORG,
        "publisher",
        "MY",
        "Penerbit Cahaya Bulan",
        "Moonlight Publishers",
        "月光出版社",
        "月光出版社",
    ),
    _party(
        "studio-gasing",
        _ORG,
        "studio",
        "MY",
        "Studio Komik Gasing",
        "Gasing Comics Studio",
        "陀螺漫画工作室",
        "陀螺漫畫工作室",
        verified=False,
    ),
    _party(
        "seroja-records",
        _ORG,
        "label",
        "MY",
        "Rakaman Seroja",
        "Seroja Records",
        "莲韵唱片",
        "蓮韻唱片",
    ),
    # --- Indonesia -------------------------------------------------------------------
    _party(
        "lentera-nusa",
        _ORG,
        "publisher",
        "ID",
        "Penerbit Lentera Nusa",
        "Lentera Nusa Publishing",
        "群岛明灯出版社",
        "群島明燈出版社",
    ),
    _party(
        "sanggar-gunungan",
        _ORG,
        "studio",
        "ID",
        "Sanggar Komik Gunungan",
        "Gunungan Comics Workshop",
        "山形皮影漫画坊",
        "山形皮影漫畫坊",
    ),
    _party(
        "kampung-sogan-batik",
        _COLLECTIVE,
        "artisan",
        "ID",
        "Koperasi Batik Tulis Kampung Sogan",
        "Kampung Sogan Hand-Drawn Batik Cooperative",
        "索甘村手绘蜡染合作社",
        "索甘村手繪蠟染合作社",
    ),
    _party(
        "cakrawala-timur",
        _ORG,
        "producer",
        "ID",
        "Rumah Produksi Cakrawala Timur",
        "Eastern Horizon Productions",
        "东方地平线影视",
        "東方地平線影視",
    ),
    _party(
        "nada-kenanga-records",
        _ORG,
        "label",
        "ID",
        "Nada Kenanga Records",
        "Nada Kenanga Records",
        "依兰花唱片",
        "依蘭花唱片",
        verified=False,
    ),
    # --- Myanmar ---------------------------------------------------------------------
    _party(
        "ngwe-la-min-lacquer",
        _COLLECTIVE,
        "artisan",
        "MM",
        "ငွေလမင်း ယွန်းထည်အသင်း",
        "Ngwe La Min Lacquerware Association",
        "银月漆器协会",
        "銀月漆器協會",
    ),
    _party(
        "yadanar-melody",
        _ORG,
        "label",
        "MM",
        "ရတနာတေးသံ",
        "Yadanar Melody Records",
        "宝石之声唱片",
        "寶石之聲唱片",
    ),
    _party(
        "padauk-books",
        _ORG,
        "publisher",
        "MM",
        "ပိတောက်စာပေ",
        "Padauk Books",
        "紫檀花书社",
        "紫檀花書社",
    ),
    # --- Laos ------------------------------------------------------------------------
    _party(
        "ban-na-kham-weavers",
        _COLLECTIVE,
        "artisan",
        "LA",
        "ກຸ່ມແມ່ຍິງຕ່ຳຫູກບ້ານນາຄຳ",
        "Ban Na Kham Women's Weaving Group",
        "纳坎村妇女织布小组",
        "納坎村婦女織布小組",
    ),
    _party(
        "dok-champa-press",
        _ORG,
        "publisher",
        "LA",
        "ສຳນັກພິມດອກຈຳປາ",
        "Dok Champa Press",
        "占芭花出版社",
        "占芭花出版社",
    ),
    _party(
        "khaen-thong-records",
        _ORG,
        "label",
        "LA",
        "ຄ້າຍເພງແຄນທອງ",
        "Khaen Thong Records",
        "金笙唱片",
        "金笙唱片",
    ),
    # --- Philippines -----------------------------------------------------------------
    _party(
        "kuwadro-komiks",
        _ORG,
        "studio",
        "PH",
        "Kuwadro Komiks Studio",
        "Kuwadro Komiks Studio",
        "画格漫画工作室",
        "畫格漫畫工作室",
    ),
    _party(
        "bagwis-press",
        _ORG,
        "publisher",
        "PH",
        "Limbagang Bagwis",
        "Bagwis Press",
        "羽翼出版社",
        "羽翼出版社",
    ),
    _party(
        "baryo-dalan-weavers",
        _COLLECTIVE,
        "artisan",
        "PH",
        "Samahang Manghahabi ng Baryo Dalan",
        "Baryo Dalan Weavers' Association",
        "达兰村织布协会",
        "達蘭村織布協會",
    ),
    _party(
        "dapithapon-films",
        _ORG,
        "producer",
        "PH",
        "Dapithapon Films",
        "Dapithapon Films",
        "黄昏影业",
        "黃昏影業",
        verified=False,
    ),
    # --- Cambodia --------------------------------------------------------------------
    _party(
        "chan-reas-films",
        _ORG,
        "producer",
        "KH",
        "ផលិតកម្មភាពយន្តចន្ទរះ",
        "Chan Reas Film Production",
        "月升电影制作",
        "月昇電影製作",
    ),
    _party(
        "angkor-meas-silk",
        _COLLECTIVE,
        "artisan",
        "KH",
        "សហគមន៍ត្បាញសូត្រភូមិអង្គរមាស",
        "Angkor Meas Village Silk Weavers",
        "吴哥金村丝绸织造社",
        "吳哥金村絲綢織造社",
    ),
    _party(
        "moonlight-sbek-troupe",
        _COLLECTIVE,
        "producer",
        "KH",
        "ក្រុមល្ខោនស្បែកពន្លឺចន្ទ",
        "Moonlight Shadow Puppet Troupe",
        "月光皮影剧团",
        "月光皮影劇團",
    ),
    _party(
        "phka-chouk-press",
        _ORG,
        "publisher",
        "KH",
        "គ្រឹះស្ថានបោះពុម្ពផ្កាឈូក",
        "Phka Chouk Press",
        "莲花出版社",
        "蓮花出版社",
    ),
    # --- Singapore -------------------------------------------------------------------
    _party(
        "kopitiam-books",
        _ORG,
        "publisher",
        "SG",
        "Kopitiam Books",
        "Kopitiam Books",
        "咖啡店图书",
        "咖啡店圖書",
    ),
    _party(
        "harbourlight-animation",
        _ORG,
        "studio",
        "SG",
        "Harbourlight Animation",
        "Harbourlight Animation",
        "港光动画",
        "港光動畫",
    ),
    _party(
        "tanjong-records",
        _ORG,
        "label",
        "SG",
        "Tanjong Records",
        "Tanjong Records",
        "丹戎唱片",
        "丹戎唱片",
    ),
    _party("grace-koh", _PERSON, "creator", "SG", "Grace Koh", "Grace Koh", "许慧敏", "許慧敏"),
    # --- Brunei ----------------------------------------------------------------------
    _party(
        "seri-mulia-weavers",
        _COLLECTIVE,
        "artisan",
        "BN",
        "Koperasi Tenun Seri Mulia",
        "Seri Mulia Weaving Cooperative",
        "斯里慕利亚织锦合作社",
        "斯里慕利亞織錦合作社",
    ),
    _party(
        "teratai-emas-publishing",
        _ORG,
        "publisher",
        "BN",
        "Penerbitan Teratai Emas",
        "Golden Lotus Publishing",
        "金莲出版社",
        "金蓮出版社",
    ),
]

BUYERS: list[dict[str, Any]] = [
    _party(
        "truc-xanh-publishing",
        _ORG,
        "publisher",
        "VN",
        "Nhà xuất bản Trúc Xanh",
        "Green Bamboo Publishing House",
        "翠竹出版社",
        "翠竹出版社",
    ),
    _party(
        "may-nhac",
        _ORG,
        "platform",
        "VN",
        "Mây Nhạc",
        "May Nhac Music Cloud",
        "乐云音乐",
        "樂雲音樂",
    ),
    _party(
        "chom-stream", _ORG, "platform", "TH", "ชมสตรีม", "Chom Stream", "观赏流媒体", "觀賞串流"
    ),
    _party(
        "ruea-bai-press",
        _ORG,
        "publisher",
        "TH",
        "สำนักพิมพ์เรือใบ",
        "Sailboat Press",
        "帆船出版社",
        "帆船出版社",
    ),
    _party(
        "rumah-corak",
        _ORG,
        "brand",
        "MY",
        "Rumah Corak",
        "Rumah Corak Home",
        "纹样之家",
        "紋樣之家",
    ),
    _party(
        "siaran-nusantara",
        _ORG,
        "platform",
        "MY",
        "Siaran Nusantara",
        "Nusantara Broadcasting",
        "努山达拉广播",
        "努山達拉廣播",
    ),
    _party(
        "samudra-aksara",
        _ORG,
        "publisher",
        "ID",
        "Penerbit Samudra Aksara",
        "Samudra Aksara Publishers",
        "文字之海出版社",
        "文字之海出版社",
    ),
    _party(
        "layar-kita", _ORG, "platform", "ID", "Layar Kita", "Layar Kita", "我们的银幕", "我們的銀幕"
    ),
    _party(
        "bahaghari-books",
        _ORG,
        "publisher",
        "PH",
        "Bahaghari Books",
        "Bahaghari Books",
        "彩虹图书",
        "彩虹圖書",
    ),
    _party(
        "tanghalan-stream",
        _ORG,
        "platform",
        "PH",
        "Tanghalan Stream",
        "Tanghalan Stream",
        "舞台流媒体",
        "舞臺串流",
    ),
    _party(
        "straitscast", _ORG, "platform", "SG", "Straitscast", "Straitscast", "海峡之声", "海峽之聲"
    ),
    _party(
        "kampong-modern",
        _ORG,
        "brand",
        "SG",
        "Kampong Modern",
        "Kampong Modern",
        "甘榜摩登",
        "甘榜摩登",
    ),
    _party(
        "aksar-thmey-press",
        _ORG,
        "publisher",
        "KH",
        "គ្រឹះស្ថានបោះពុម្ពអក្សរថ្មី",
        "Aksar Thmey Press",
        "新字出版社",
        "新字出版社",
    ),
    _party(
        "shwe-screen",
        _ORG,
        "platform",
        "MM",
        "ရွှေမျက်နှာပြင်",
        "Shwe Screen",
        "金色银幕",
        "金色銀幕",
        verified=False,
    ),
    _party("mekong-home", _ORG, "brand", "LA", "ແມ່ຂອງໂຮມ", "Mekong Home", "湄公家居", "湄公家居"),
    _party(
        "tingfeng-audio",
        _ORG,
        "platform",
        "CN",
        "听风音频",
        "Tingfeng Audio",
        "听风音频",
        "聽風音頻",
    ),
    _party("qimu-home", _ORG, "brand", "CN", "栖木家居", "Qimu Home", "栖木家居", "棲木家居"),
    _party(
        "gekkodo-publishing",
        _ORG,
        "publisher",
        "JP",
        "月光堂出版",
        "Gekkodo Publishing",
        "月光堂出版",
        "月光堂出版",
    ),
    _party(
        "byeolbit-webtoon",
        _ORG,
        "platform",
        "KR",
        "별빛웹툰",
        "Byeolbit Webtoon",
        "星光网漫",
        "星光網漫",
    ),
    _party(
        "maison-lanterne",
        _ORG,
        "brand",
        "FR",
        "Maison Lanterne",
        "Maison Lanterne",
        "灯笼之家",
        "燈籠之家",
    ),
    _party(
        "editions-de-la-riziere",
        _ORG,
        "publisher",
        "FR",
        "Éditions de la Rizière",
        "Éditions de la Rizière",
        "稻田出版社",
        "稻田出版社",
    ),
    _party(
        "laternen-verlag",
        _ORG,
        "publisher",
        "DE",
        "Laternen Verlag",
        "Laternen Verlag",
        "灯笼出版社",
        "燈籠出版社",
    ),
    _party(
        "northlight-broadcasting",
        _ORG,
        "platform",
        "GB",
        "Northlight Broadcasting",
        "Northlight Broadcasting",
        "北光广播",
        "北光廣播",
    ),
    _party(
        "blue-harbor-media",
        _ORG,
        "platform",
        "US",
        "Blue Harbor Media",
        "Blue Harbor Media",
        "蓝港传媒",
        "藍港傳媒",
    ),
    _party(
        "cedar-and-kite-books",
        _ORG,
        "publisher",
        "US",
        "Cedar & Kite Books",
        "Cedar & Kite Books",
        "雪松与风筝图书",
        "雪松與風箏圖書",
    ),
]

BANKS: list[dict[str, Any]] = [
    _party(
        "nanling-commercial-bank",
        _ORG,
        "bank",
        "CN",
        "南岭商业银行",
        "Nanling Commercial Bank",
        "南岭商业银行",
        "南嶺商業銀行",
    ),
    _party(
        "straits-meridian-bank",
        _ORG,
        "bank",
        "SG",
        "Straits Meridian Bank",
        "Straits Meridian Bank",
        "海峡子午银行",
        "海峽子午銀行",
    ),
    _party(
        "ruang-khao-bank",
        _ORG,
        "bank",
        "TH",
        "ธนาคารรวงข้าว",
        "Ruang Khao Bank",
        "稻穗银行",
        "稻穗銀行",
    ),
]

# Work types an individual creator actually makes (other categories: _CATEGORY_TYPES).
_CREATOR_SPECIALTIES: dict[str, tuple[str, ...]] = {
    "lin-xiaolan": ("fine_art", "comic", "literary"),
    "zhou-mobai": ("literary",),
    "tran-minh-khoa": ("photography", "fine_art"),
    "malee-kaewmanee": ("photography", "literary"),
    "grace-koh": ("photography",),
}

_CATEGORY_TYPES: dict[str, tuple[str, ...]] = {
    "publisher": ("literary", "comic"),
    "label": ("music",),
    "studio": ("comic", "audiovisual"),
    "artisan": ("craft", "fine_art"),
    "producer": ("audiovisual",),
    "creator": (
        "literary",
        "comic",
        "music",
        "audiovisual",
        "craft",
        "fine_art",
        "photography",
    ),
}


def holder_work_types(holder: dict[str, Any]) -> tuple[str, ...]:
    """Work types a rights holder may list (publishers → books and comics, …)."""
    if holder["category"] == "creator" and holder["key"] in _CREATOR_SPECIALTIES:
        return _CREATOR_SPECIALTIES[holder["key"]]
    return _CATEGORY_TYPES.get(holder["category"], ())


# --------------------------------------------------------------------------------------
# Title fragments
# --------------------------------------------------------------------------------------
# Nouns are bare (no article). Vietnamese nouns are lower case; titles are capitalised
# after composition. English, Malay, Indonesian and Filipino nouns are in title case.

NOUNS: dict[str, Translations] = {
    "moon": _t(
        en="Moon",
        zh_hans="月亮",
        zh_hant="月亮",
        vi="vầng trăng",
        th="ดวงจันทร์",
        ms="Bulan",
        id="Bulan",
        my="လမင်း",
        lo="ດວງເດືອນ",
        fil="Buwan",
        km="ព្រះចន្ទ",
    ),
    "river": _t(
        en="River",
        zh_hans="河流",
        zh_hant="河流",
        vi="dòng sông",
        th="แม่น้ำ",
        ms="Sungai",
        id="Sungai",
        my="မြစ်",
        lo="ແມ່ນ້ຳ",
        fil="Ilog",
        km="ទន្លេ",
    ),
    "dragon": _t(
        en="Dragon",
        zh_hans="龙",
        zh_hant="龍",
        vi="rồng",
        th="มังกร",
        ms="Naga",
        id="Naga",
        my="နဂါး",
        lo="ມັງກອນ",
        fil="Dragon",
        km="នាគ",
    ),
    "lantern": _t(
        en="Lantern",
        zh_hans="灯笼",
        zh_hant="燈籠",
        vi="đèn lồng",
        th="โคมไฟ",
        ms="Tanglung",
        id="Lentera",
        my="မီးအိမ်",
        lo="ໂຄມໄຟ",
        fil="Parol",
        km="គោម",
    ),
    "kite": _t(
        en="Kite",
        zh_hans="风筝",
        zh_hant="風箏",
        vi="cánh diều",
        th="ว่าว",
        ms="Layang-layang",
        id="Layang-layang",
        my="စွန်",
        lo="ວ່າວ",
        fil="Saranggola",
        km="ខ្លែង",
    ),
    "lotus": _t(
        en="Lotus",
        zh_hans="莲花",
        zh_hant="蓮花",
        vi="hoa sen",
        th="ดอกบัว",
        ms="Teratai",
        id="Teratai",
        my="ကြာပန်း",
        lo="ດອກບົວ",
        fil="Lotus",
        km="ផ្កាឈូក",
    ),
    "tea_house": _t(
        en="Tea House",
        zh_hans="茶馆",
        zh_hant="茶館",
        vi="quán trà",
        th="ร้านน้ำชา",
        ms="Kedai Teh",
        id="Kedai Teh",
        my="လက်ဖက်ရည်ဆိုင်",
        lo="ຮ້ານນ້ຳຊາ",
        fil="Tindahan ng Tsaa",
        km="ហាងតែ",
    ),
    "monsoon": _t(
        en="Monsoon",
        zh_hans="季风",
        zh_hant="季風",
        vi="gió mùa",
        th="มรสุม",
        ms="Monsun",
        id="Muson",
        my="မုတ်သုန်",
        lo="ມໍລະສຸມ",
        fil="Habagat",
        km="ខ្យល់មូសុង",
    ),
    "elephant": _t(
        en="Elephant",
        zh_hans="大象",
        zh_hant="大象",
        vi="chú voi",
        th="ช้าง",
        ms="Gajah",
        id="Gajah",
        my="ဆင်",
        lo="ຊ້າງ",
        fil="Elepante",
        km="ដំរី",
    ),
    "mountain": _t(
        en="Mountain",
        zh_hans="高山",
        zh_hant="高山",
        vi="ngọn núi",
        th="ภูเขา",
        ms="Gunung",
        id="Gunung",
        my="တောင်တန်း",
        lo="ພູເຂົາ",
        fil="Bundok",
        km="ភ្នំ",
    ),
    "island": _t(
        en="Island",
        zh_hans="海岛",
        zh_hant="海島",
        vi="hòn đảo",
        th="เกาะ",
        ms="Pulau",
        id="Pulau",
        my="ကျွန်း",
        lo="ເກາະ",
        fil="Isla",
        km="កោះ",
    ),
    "boat": _t(
        en="Boat",
        zh_hans="船",
        zh_hant="船",
        vi="con thuyền",
        th="เรือ",
        ms="Perahu",
        id="Perahu",
        my="လှေ",
        lo="ເຮືອ",
        fil="Bangka",
        km="ទូក",
    ),
    "star": _t(
        en="Star",
        zh_hans="星星",
        zh_hant="星星",
        vi="ngôi sao",
        th="ดวงดาว",
        ms="Bintang",
        id="Bintang",
        my="ကြယ်",
        lo="ດວງດາວ",
        fil="Bituin",
        km="ផ្កាយ",
    ),
    "garden": _t(
        en="Garden",
        zh_hans="花园",
        zh_hant="花園",
        vi="khu vườn",
        th="สวน",
        ms="Taman",
        id="Taman",
        my="ဥယျာဉ်",
        lo="ສວນ",
        fil="Hardin",
        km="សួនច្បារ",
    ),
    "peacock": _t(
        en="Peacock",
        zh_hans="孔雀",
        zh_hant="孔雀",
        vi="chim công",
        th="นกยูง",
        ms="Merak",
        id="Merak",
        my="ဒေါင်း",
        lo="ນົກຍູງ",
        fil="Paboreal",
        km="ក្ងោក",
    ),
    "tiger": _t(
        en="Tiger",
        zh_hans="老虎",
        zh_hant="老虎",
        vi="con hổ",
        th="เสือ",
        ms="Harimau",
        id="Harimau",
        my="ကျား",
        lo="ເສືອ",
        fil="Tigre",
        km="ខ្លា",
    ),
    "rain": _t(
        en="Rain",
        zh_hans="雨",
        zh_hant="雨",
        vi="cơn mưa",
        th="สายฝน",
        ms="Hujan",
        id="Hujan",
        my="မိုး",
        lo="ສາຍຝົນ",
        fil="Ulan",
        km="ភ្លៀង",
    ),
    "drum": _t(
        en="Drum",
        zh_hans="鼓",
        zh_hant="鼓",
        vi="chiếc trống",
        th="กลอง",
        ms="Gendang",
        id="Gendang",
        my="ဗုံ",
        lo="ກອງ",
        fil="Tambol",
        km="ស្គរ",
    ),
    "village": _t(
        en="Village",
        zh_hans="村庄",
        zh_hant="村莊",
        vi="ngôi làng",
        th="หมู่บ้าน",
        ms="Kampung",
        id="Desa",
        my="ရွာ",
        lo="ໝູ່ບ້ານ",
        fil="Nayon",
        km="ភូមិ",
    ),
    "harbour": _t(
        en="Harbour",
        zh_hans="港湾",
        zh_hant="港灣",
        vi="bến cảng",
        th="ท่าเรือ",
        ms="Pelabuhan",
        id="Pelabuhan",
        my="ဆိပ်ကမ်း",
        lo="ທ່າເຮືອ",
        fil="Daungan",
        km="កំពង់ផែ",
    ),
    "bridge": _t(
        en="Bridge",
        zh_hans="桥",
        zh_hant="橋",
        vi="cây cầu",
        th="สะพาน",
        ms="Jambatan",
        id="Jembatan",
        my="တံတား",
        lo="ຂົວ",
        fil="Tulay",
        km="ស្ពាន",
    ),
    "firefly": _t(
        en="Firefly",
        zh_hans="萤火虫",
        zh_hant="螢火蟲",
        vi="đom đóm",
        th="หิ่งห้อย",
        ms="Kelip-kelip",
        id="Kunang-kunang",
        my="ပိုးစုန်းကြူး",
        lo="ແມງໄຟ",
        fil="Alitaptap",
        km="អំពិលអំពែក",
    ),
    "fisherman": _t(
        en="Fisherman",
        zh_hans="渔夫",
        zh_hant="漁夫",
        vi="người đánh cá",
        th="ชาวประมง",
        ms="Nelayan",
        id="Nelayan",
        my="တံငါသည်",
        lo="ຊາວປະມົງ",
        fil="Mangingisda",
        km="អ្នកនេសាទ",
    ),
    "weaver": _t(
        en="Weaver",
        zh_hans="织女",
        zh_hant="織女",
        vi="cô thợ dệt",
        th="ช่างทอผ้า",
        ms="Penenun",
        id="Penenun",
        my="ယက်ကန်းသည်",
        lo="ຊ່າງຕ່ຳຫູກ",
        fil="Manghahabi",
        km="អ្នកត្បាញ",
    ),
    "princess": _t(
        en="Princess",
        zh_hans="公主",
        zh_hant="公主",
        vi="nàng công chúa",
        th="เจ้าหญิง",
        ms="Puteri",
        id="Putri",
        my="မင်းသမီး",
        lo="ເຈົ້າຍິງ",
        fil="Prinsesa",
        km="ព្រះនាង",
    ),
    "cat": _t(
        en="Cat",
        zh_hans="猫",
        zh_hant="貓",
        vi="chú mèo",
        th="แมว",
        ms="Kucing",
        id="Kucing",
        my="ကြောင်",
        lo="ແມວ",
        fil="Pusa",
        km="ឆ្មា",
    ),
    "sword": _t(
        en="Sword",
        zh_hans="剑",
        zh_hant="劍",
        vi="thanh kiếm",
        th="ดาบ",
        ms="Pedang",
        id="Pedang",
        my="ဓား",
        lo="ດາບ",
        fil="Espada",
        km="ដាវ",
    ),
    "bell": _t(
        en="Bell",
        zh_hans="钟声",
        zh_hant="鐘聲",
        vi="tiếng chuông",
        th="ระฆัง",
        ms="Loceng",
        id="Lonceng",
        my="ခေါင်းလောင်း",
        lo="ລະຄັງ",
        fil="Kampana",
        km="ជួង",
    ),
    "forest": _t(
        en="Forest",
        zh_hans="森林",
        zh_hant="森林",
        vi="khu rừng",
        th="ผืนป่า",
        ms="Hutan",
        id="Hutan",
        my="သစ်တော",
        lo="ປ່າໄມ້",
        fil="Gubat",
        km="ព្រៃ",
    ),
    "floating_market": _t(
        en="Floating Market",
        zh_hans="水上市场",
        zh_hant="水上市場",
        vi="chợ nổi",
        th="ตลาดน้ำ",
        ms="Pasar Terapung",
        id="Pasar Terapung",
        my="ရေပေါ်ဈေး",
        lo="ຕະຫຼາດນ້ຳ",
        fil="Lumulutang na Palengke",
        km="ផ្សារអណ្ដែតទឹក",
    ),
    "bamboo_grove": _t(
        en="Bamboo Grove",
        zh_hans="竹林",
        zh_hant="竹林",
        vi="rừng tre",
        th="ป่าไผ่",
        ms="Rumpun Buluh",
        id="Rumpun Bambu",
        my="ဝါးတော",
        lo="ປ່າໄຜ່",
        fil="Kawayanan",
        km="ព្រៃឫស្សី",
    ),
    "horse": _t(
        en="Horse",
        zh_hans="马",
        zh_hant="馬",
        vi="con ngựa",
        th="ม้า",
        ms="Kuda",
        id="Kuda",
        my="မြင်း",
        lo="ມ້າ",
        fil="Kabayo",
        km="សេះ",
    ),
    "sea": _t(
        en="Sea",
        zh_hans="大海",
        zh_hant="大海",
        vi="biển cả",
        th="ทะเล",
        ms="Laut",
        id="Laut",
        my="ပင်လယ်",
        lo="ທະເລ",
        fil="Dagat",
        km="សមុទ្រ",
    ),
    "rice_field": _t(
        en="Rice Field",
        zh_hans="稻田",
        zh_hant="稻田",
        vi="cánh đồng lúa",
        th="ทุ่งนา",
        ms="Sawah",
        id="Sawah",
        my="လယ်ကွင်း",
        lo="ທົ່ງນາ",
        fil="Palayan",
        km="វាលស្រែ",
    ),
    # Motifs used mainly for crafts and fine art.
    "naga": _t(
        en="Naga",
        zh_hans="那伽",
        zh_hant="那伽",
        vi="rắn thần Naga",
        th="พญานาค",
        ms="Naga",
        id="Naga",
        my="နဂါး",
        lo="ພະຍານາກ",
        fil="Naga",
        km="នាគ",
    ),
    "wave": _t(
        en="Wave",
        zh_hans="水波",
        zh_hant="水波",
        vi="sóng nước",
        th="คลื่น",
        ms="Ombak",
        id="Ombak",
        my="လှိုင်း",
        lo="ຄື້ນ",
        fil="Alon",
        km="រលក",
    ),
    "cloud": _t(
        en="Cloud",
        zh_hans="祥云",
        zh_hant="祥雲",
        vi="áng mây",
        th="เมฆ",
        ms="Awan",
        id="Awan",
        my="တိမ်",
        lo="ເມກ",
        fil="Ulap",
        km="ពពក",
    ),
    "fish": _t(
        en="Fish",
        zh_hans="鱼",
        zh_hant="魚",
        vi="cá",
        th="ปลา",
        ms="Ikan",
        id="Ikan",
        my="ငါး",
        lo="ປາ",
        fil="Isda",
        km="ត្រី",
    ),
    "butterfly": _t(
        en="Butterfly",
        zh_hans="蝴蝶",
        zh_hant="蝴蝶",
        vi="cánh bướm",
        th="ผีเสื้อ",
        ms="Rama-rama",
        id="Kupu-kupu",
        my="လိပ်ပြာ",
        lo="ແມງກະເບື້ອ",
        fil="Paruparo",
        km="មេអំបៅ",
    ),
    "deer": _t(
        en="Deer",
        zh_hans="鹿",
        zh_hant="鹿",
        vi="con hươu",
        th="กวาง",
        ms="Rusa",
        id="Rusa",
        my="သမင်",
        lo="ກວາງ",
        fil="Usa",
        km="ក្តាន់",
    ),
    "swan": _t(
        en="Swan",
        zh_hans="天鹅",
        zh_hant="天鵝",
        vi="thiên nga",
        th="หงส์",
        ms="Angsa",
        id="Angsa",
        my="ဟင်္သာ",
        lo="ຫົງ",
        fil="Sisne",
        km="ហង្ស",
    ),
    "bamboo": _t(
        en="Bamboo",
        zh_hans="翠竹",
        zh_hant="翠竹",
        vi="cây trúc",
        th="ต้นไผ่",
        ms="Buluh",
        id="Bambu",
        my="ဝါး",
        lo="ຕົ້ນໄຜ່",
        fil="Kawayan",
        km="ដើមឫស្សី",
    ),
    "rice_stalk": _t(
        en="Rice Stalk",
        zh_hans="稻穗",
        zh_hant="稻穗",
        vi="bông lúa",
        th="รวงข้าว",
        ms="Tangkai Padi",
        id="Bulir Padi",
        my="စပါးနှံ",
        lo="ຮວງເຂົ້າ",
        fil="Uhay",
        km="កួរស្រូវ",
    ),
}

# Nouns that name a place (used by "Return to the …" and "Journey to the …").
PLACE_NOUNS: frozenset[str] = frozenset(
    {
        "river",
        "mountain",
        "island",
        "village",
        "harbour",
        "garden",
        "forest",
        "tea_house",
        "floating_market",
        "bamboo_grove",
        "sea",
        "rice_field",
    }
)

# Modifier templates: "{n}" is replaced by the noun.
MODIFIERS: dict[str, Translations] = {
    "last": _t(
        en="The Last {n}",
        zh_hans="最后的{n}",
        zh_hant="最後的{n}",
        vi="{n} cuối cùng",
        th="{n}สุดท้าย",
        ms="{n} Terakhir",
        id="{n} Terakhir",
        my="နောက်ဆုံး {n}",
        lo="{n}ສຸດທ້າຍ",
        fil="Ang Huling {n}",
        km="{n}ចុងក្រោយ",
    ),
    "secret": _t(
        en="The Secret {n}",
        zh_hans="秘密的{n}",
        zh_hant="秘密的{n}",
        vi="{n} bí mật",
        th="{n}ลับ",
        ms="{n} Rahsia",
        id="{n} Rahasia",
        my="လျှို့ဝှက်သော {n}",
        lo="{n}ລຶກລັບ",
        fil="Ang Lihim na {n}",
        km="{n}អាថ៌កំបាំង",
    ),
    "little": _t(
        en="The Little {n}",
        zh_hans="小{n}",
        zh_hant="小{n}",
        vi="{n} nhỏ",
        th="{n}น้อย",
        ms="{n} Kecil",
        id="{n} Kecil",
        my="{n}လေး",
        lo="{n}ນ້ອຍ",
        fil="Ang Munting {n}",
        km="{n}តូច",
    ),
    "golden": _t(
        en="The Golden {n}",
        zh_hans="金色的{n}",
        zh_hant="金色的{n}",
        vi="{n} vàng",
        th="{n}สีทอง",
        ms="{n} Emas",
        id="{n} Emas",
        my="ရွှေ{n}",
        lo="{n}ສີຄຳ",
        fil="Ang Gintong {n}",
        km="{n}មាស",
    ),
    "midnight": _t(
        en="The Midnight {n}",
        zh_hans="午夜的{n}",
        zh_hant="午夜的{n}",
        vi="{n} nửa đêm",
        th="{n}ยามเที่ยงคืน",
        ms="{n} Tengah Malam",
        id="{n} Tengah Malam",
        my="သန်းခေါင်ယံ {n}",
        lo="{n}ຍາມທ່ຽງຄືນ",
        fil="Ang {n} ng Hatinggabi",
        km="{n}ពាក់កណ្ដាលអធ្រាត្រ",
    ),
    "silver": _t(
        en="The Silver {n}",
        zh_hans="银色的{n}",
        zh_hant="銀色的{n}",
        vi="{n} bạc",
        th="{n}สีเงิน",
        ms="{n} Perak",
        id="{n} Perak",
        my="ငွေ{n}",
        lo="{n}ສີເງິນ",
        fil="Ang Pilak na {n}",
        km="{n}ប្រាក់",
    ),
    "distant": _t(
        en="The Distant {n}",
        zh_hans="遥远的{n}",
        zh_hant="遙遠的{n}",
        vi="{n} xa xôi",
        th="{n}ที่ห่างไกล",
        ms="{n} yang Jauh",
        id="{n} yang Jauh",
        my="ဝေးလံသော {n}",
        lo="{n}ທີ່ຫ່າງໄກ",
        fil="Ang Malayong {n}",
        km="{n}ដ៏ឆ្ងាយ",
    ),
    "red": _t(
        en="The Red {n}",
        zh_hans="红色的{n}",
        zh_hant="紅色的{n}",
        vi="{n} đỏ",
        th="{n}สีแดง",
        ms="{n} Merah",
        id="{n} Merah",
        my="အနီရောင် {n}",
        lo="{n}ສີແດງ",
        fil="Ang Pulang {n}",
        km="{n}ក្រហម",
    ),
    "old": _t(
        en="The Old {n}",
        zh_hans="古老的{n}",
        zh_hant="古老的{n}",
        vi="{n} xưa",
        th="{n}โบราณ",
        ms="{n} Purba",
        id="{n} Kuno",
        my="ရှေးဟောင်း {n}",
        lo="{n}ບູຮານ",
        fil="Ang Sinaunang {n}",
        km="{n}បុរាណ",
    ),
    "forgotten": _t(
        en="The Forgotten {n}",
        zh_hans="被遗忘的{n}",
        zh_hant="被遺忘的{n}",
        vi="{n} bị lãng quên",
        th="{n}ที่ถูกลืม",
        ms="{n} yang Dilupakan",
        id="{n} yang Terlupakan",
        my="မေ့ပျောက်ခံရသော {n}",
        lo="{n}ທີ່ຖືກລືມ",
        fil="Ang Nakalimutang {n}",
        km="{n}ដែលត្រូវបានបំភ្លេច",
    ),
    "white": _t(
        en="The White {n}",
        zh_hans="白色的{n}",
        zh_hant="白色的{n}",
        vi="{n} trắng",
        th="{n}สีขาว",
        ms="{n} Putih",
        id="{n} Putih",
        my="အဖြူရောင် {n}",
        lo="{n}ສີຂາວ",
        fil="Ang Puting {n}",
        km="{n}ពណ៌ស",
    ),
    "indigo": _t(
        en="The Indigo {n}",
        zh_hans="靛蓝色的{n}",
        zh_hant="靛藍色的{n}",
        vi="{n} màu chàm",
        th="{n}สีคราม",
        ms="{n} Nila",
        id="{n} Nila",
        my="မဲနယ်ရောင် {n}",
        lo="{n}ສີຄາມ",
        fil="Ang Indigong {n}",
        km="{n}ពណ៌ខៀវចាស់",
    ),
}

# Noun/modifier pairs that read badly in at least one language ("小大象", "小大海", …).
_MODIFIER_EXCLUDES: dict[str, frozenset[str]] = {
    "little": frozenset({"mountain", "sea", "monsoon", "elephant", "bell", "rain"}),
}

# Wrapper patterns around a single noun; "{n}" is the noun.
WRAPPERS: dict[str, Translations] = {
    "tale": _t(
        en="Tale of the {n}",
        zh_hans="{n}的故事",
        zh_hant="{n}的故事",
        vi="Chuyện kể về {n}",
        th="เรื่องเล่าของ{n}",
        ms="Kisah {n}",
        id="Kisah {n}",
        my="{n}၏ ပုံပြင်",
        lo="ເລື່ອງເລົ່າຂອງ{n}",
        fil="Ang Kuwento ng {n}",
        km="រឿងនិទាន{n}",
    ),
    "return": _t(
        en="Return to the {n}",
        zh_hans="重返{n}",
        zh_hant="重返{n}",
        vi="Trở về {n}",
        th="กลับสู่{n}",
        ms="Kembali ke {n}",
        id="Kembali ke {n}",
        my="{n}သို့ ပြန်လာခြင်း",
        lo="ກັບຄືນສູ່{n}",
        fil="Pagbabalik sa {n}",
        km="ត្រឡប់ទៅ{n}វិញ",
    ),
    "legend": _t(
        en="Legend of the {n}",
        zh_hans="{n}传说",
        zh_hant="{n}傳說",
        vi="Truyền thuyết {n}",
        th="ตำนาน{n}",
        ms="Legenda {n}",
        id="Legenda {n}",
        my="{n} ဒဏ္ဍာရီ",
        lo="ຕຳນານ{n}",
        fil="Ang Alamat ng {n}",
        km="រឿងព្រេង{n}",
    ),
    "guardians": _t(
        en="Guardians of the {n}",
        zh_hans="{n}守护者",
        zh_hant="{n}守護者",
        vi="Những người bảo vệ {n}",
        th="ผู้พิทักษ์{n}",
        ms="Penjaga {n}",
        id="Para Penjaga {n}",
        my="{n} အစောင့်အရှောက်များ",
        lo="ຜູ້ປົກປ້ອງ{n}",
        fil="Ang mga Tagapagbantay ng {n}",
        km="អ្នកការពារ{n}",
    ),
    "journey": _t(
        en="Journey to the {n}",
        zh_hans="{n}之旅",
        zh_hant="{n}之旅",
        vi="Hành trình đến {n}",
        th="การเดินทางสู่{n}",
        ms="Perjalanan ke {n}",
        id="Perjalanan ke {n}",
        my="{n}ဆီသို့ ခရီး",
        lo="ການເດີນທາງສູ່{n}",
        fil="Paglalakbay sa {n}",
        km="ដំណើរទៅកាន់{n}",
    ),
    "song": _t(
        en="Song of the {n}",
        zh_hans="{n}之歌",
        zh_hant="{n}之歌",
        vi="Bài ca {n}",
        th="บทเพลงแห่ง{n}",
        ms="Lagu {n}",
        id="Lagu {n}",
        my="{n} တေးသီချင်း",
        lo="ບົດເພງແຫ່ງ{n}",
        fil="Awit ng {n}",
        km="បទចម្រៀង{n}",
    ),
    "dance": _t(
        en="Dance of the {n}",
        zh_hans="{n}之舞",
        zh_hant="{n}之舞",
        vi="Vũ điệu {n}",
        th="ระบำ{n}",
        ms="Tarian {n}",
        id="Tarian {n}",
        my="{n} အက",
        lo="ຟ້ອນ{n}",
        fil="Sayaw ng {n}",
        km="របាំ{n}",
    ),
    "motif": _t(
        en="{n} Motif",
        zh_hans="{n}纹样",
        zh_hant="{n}紋樣",
        vi="Họa tiết {n}",
        th="ลาย{n}",
        ms="Motif {n}",
        id="Motif {n}",
        my="{n}ပုံ ဒီဇိုင်း",
        lo="ລາຍ{n}",
        fil="Disenyong {n}",
        km="ក្បាច់{n}",
    ),
    "brocade": _t(
        en="{n} Brocade",
        zh_hans="{n}织锦",
        zh_hant="{n}織錦",
        vi="Thổ cẩm {n}",
        th="ผ้าทอลาย{n}",
        ms="Tenunan {n}",
        id="Tenun {n}",
        my="{n} ယက်ကန်းထည်",
        lo="ຜ້າຕ່ຳລາຍ{n}",
        fil="Habing {n}",
        km="សំពត់ត្បាញក្បាច់{n}",
    ),
    "dawn": _t(
        en="The {n} at Dawn",
        zh_hans="黎明的{n}",
        zh_hant="黎明的{n}",
        vi="{n} lúc bình minh",
        th="{n}ยามรุ่งอรุณ",
        ms="{n} pada Waktu Fajar",
        id="{n} di Kala Fajar",
        my="အရုဏ်ဦးရှိ {n}",
        lo="{n}ຍາມຮຸ່ງອາລຸນ",
        fil="Ang {n} sa Bukang-liwayway",
        km="{n}ពេលព្រឹកព្រលឹម",
    ),
    "dusk": _t(
        en="The {n} at Dusk",
        zh_hans="黄昏的{n}",
        zh_hant="黃昏的{n}",
        vi="{n} lúc hoàng hôn",
        th="{n}ยามสนธยา",
        ms="{n} pada Waktu Senja",
        id="{n} di Kala Senja",
        my="နေဝင်ချိန်ရှိ {n}",
        lo="{n}ຍາມແລງ",
        fil="Ang {n} sa Takipsilim",
        km="{n}ពេលព្រលប់",
    ),
}

# Wrappers that only make sense around a place noun.
_PLACE_WRAPPERS: frozenset[str] = frozenset({"return", "journey"})

# "The {a} and the {b}".
PAIR: Translations = _t(
    en="The {a} and the {b}",
    zh_hans="{a}与{b}",
    zh_hant="{a}與{b}",
    vi="{a} và {b}",
    th="{a}กับ{b}",
    ms="{a} dan {b}",
    id="{a} dan {b}",
    my="{a}နှင့် {b}",
    lo="{a}ກັບ{b}",
    fil="Ang {a} at ang {b}",
    km="{a} និង{b}",
)

_STORY_NOUNS: tuple[str, ...] = (
    "moon",
    "river",
    "dragon",
    "lantern",
    "kite",
    "lotus",
    "tea_house",
    "monsoon",
    "elephant",
    "mountain",
    "island",
    "boat",
    "star",
    "garden",
    "tiger",
    "rain",
    "village",
    "harbour",
    "bridge",
    "firefly",
    "fisherman",
    "weaver",
    "princess",
    "cat",
    "sword",
    "bell",
    "forest",
    "floating_market",
    "bamboo_grove",
    "horse",
)
_MUSIC_NOUNS: tuple[str, ...] = (
    "moon",
    "river",
    "monsoon",
    "rain",
    "star",
    "lotus",
    "kite",
    "island",
    "sea",
    "firefly",
    "rice_field",
    "drum",
    "bell",
    "lantern",
    "peacock",
    "mountain",
    "boat",
    "forest",
    "bamboo_grove",
)
_MOTIF_NOUNS: tuple[str, ...] = (
    "lotus",
    "peacock",
    "naga",
    "elephant",
    "star",
    "wave",
    "cloud",
    "fish",
    "butterfly",
    "deer",
    "swan",
    "bamboo",
    "rice_stalk",
    "tiger",
    "moon",
    "mountain",
    "horse",
    "lantern",
)
_PHOTO_NOUNS: tuple[str, ...] = (
    "river",
    "harbour",
    "floating_market",
    "rice_field",
    "mountain",
    "fisherman",
    "village",
    "monsoon",
    "sea",
    "island",
    "bridge",
    "tea_house",
    "boat",
    "forest",
    "weaver",
    "elephant",
    "lantern",
    "rain",
)
_STORY_MODIFIERS: tuple[str, ...] = (
    "last",
    "secret",
    "little",
    "golden",
    "midnight",
    "silver",
    "distant",
    "red",
    "old",
    "forgotten",
    "white",
)
_VISUAL_MODIFIERS: tuple[str, ...] = (*_STORY_MODIFIERS, "indigo")

# Per work type: nouns, modifiers and weighted patterns ("mod", "pair" or a wrapper).
TITLE_BANKS: dict[str, dict[str, Any]] = {
    "literary": {
        "nouns": _STORY_NOUNS,
        "modifiers": _STORY_MODIFIERS,
        "patterns": (("mod", 5), ("pair", 2), ("tale", 2), ("return", 1)),
    },
    "comic": {
        "nouns": _STORY_NOUNS,
        "modifiers": _STORY_MODIFIERS,
        "patterns": (("mod", 4), ("pair", 2), ("legend", 2), ("guardians", 2)),
    },
    "audiovisual": {
        "nouns": _STORY_NOUNS,
        "modifiers": _STORY_MODIFIERS,
        "patterns": (("mod", 4), ("pair", 2), ("journey", 2), ("legend", 1)),
    },
    "music": {
        "nouns": _MUSIC_NOUNS,
        "modifiers": _STORY_MODIFIERS,
        "patterns": (("mod", 4), ("pair", 2), ("song", 3), ("dance", 1)),
    },
    "craft": {
        "nouns": _MOTIF_NOUNS,
        "modifiers": _VISUAL_MODIFIERS,
        "patterns": (("mod", 3), ("motif", 4), ("brocade", 2), ("pair", 1)),
    },
    "fine_art": {
        "nouns": _MOTIF_NOUNS,
        "modifiers": _VISUAL_MODIFIERS,
        "patterns": (("mod", 4), ("pair", 2), ("dawn", 2), ("dusk", 2)),
    },
    "photography": {
        "nouns": _PHOTO_NOUNS,
        "modifiers": _VISUAL_MODIFIERS,
        "patterns": (("mod", 3), ("dawn", 3), ("dusk", 3), ("pair", 1)),
    },
}

# Suffix used only if a composed title would otherwise repeat.
VOLUME: Translations = _t(
    en="{t} (Vol. {k})",
    zh_hans="{t}（第{k}卷）",
    zh_hant="{t}（第{k}卷）",
    vi="{t} (Tập {k})",
    th="{t} (เล่ม {k})",
    ms="{t} (Jilid {k})",
    id="{t} (Jilid {k})",
    my="{t} (အတွဲ {k})",
    lo="{t} (ເຫຼັ້ມ {k})",
    fil="{t} (Tomo {k})",
    km="{t} (ភាគ {k})",
)


# --------------------------------------------------------------------------------------
# Synopsis fragments
# --------------------------------------------------------------------------------------
# A synopsis is one template sentence (genre + place + theme/motif), optionally followed
# by a short note. Genres are written as they appear at the start of a sentence.

SYNOPSIS_TEMPLATES: dict[str, Translations] = {
    "narrative": _t(
        en="{genre} set {place_at}, about {theme}.",
        zh_hans="{genre}，以{place}为背景，讲述{theme}。",
        zh_hant="{genre}，以{place}為背景，講述{theme}。",
        vi="{genre} lấy bối cảnh {place}, kể về {theme}.",
        th="{genre}ที่มีฉากอยู่ใน{place} เล่าเรื่อง{theme}",
        ms="{genre} berlatarkan {place}, mengisahkan {theme}.",
        id="{genre} berlatar {place}, mengisahkan {theme}.",
        my="{place}ကို နောက်ခံထားသည့် {genre}ဖြစ်ပြီး {theme}အကြောင်းကို ပြောပြထားသည်။",
        lo="{genre}ທີ່ມີສາກຢູ່{place} ເລົ່າເລື່ອງ{theme}",
        fil="{genre} na ang tagpuan ay {place}, tungkol sa {theme}.",
        km="{genre}ដែលមានសាច់រឿងកើតឡើងនៅ{place} និយាយអំពី{theme}។",
    ),
    "music": _t(
        en="{genre} inspired by {place}, about {theme}.",
        zh_hans="{genre}，灵感源于{place}，诉说{theme}。",
        zh_hant="{genre}，靈感源於{place}，訴說{theme}。",
        vi="{genre} lấy cảm hứng từ {place}, kể về {theme}.",
        th="{genre}ที่ได้แรงบันดาลใจจาก{place} ถ่ายทอดเรื่องราวของ{theme}",
        ms="{genre} yang diilhamkan oleh {place}, tentang {theme}.",
        id="{genre} yang terinspirasi oleh {place}, tentang {theme}.",
        my="{place}မှ စိတ်ကူးရယူထားသည့် {genre}ဖြစ်ပြီး {theme}အကြောင်းကို ဖော်ကျူးထားသည်။",
        lo="{genre}ທີ່ໄດ້ແຮງບັນດານໃຈຈາກ{place} ຖ່າຍທອດເລື່ອງລາວຂອງ{theme}",
        fil="{genre} na may inspirasyon mula sa {place}, tungkol sa {theme}.",
        km="{genre}ដែលបំផុសគំនិតដោយ{place} និយាយអំពី{theme}។",
    ),
    "visual": _t(
        en="{genre} drawing on {theme}, made {place_at}.",
        zh_hans="{genre}，取材于{theme}，创作于{place}。",
        zh_hant="{genre}，取材於{theme}，創作於{place}。",
        vi="{genre} lấy chất liệu từ {theme}, được sáng tác tại {place}.",
        th="{genre}ที่ได้แรงบันดาลใจจาก{theme} สร้างสรรค์ขึ้นที่{place}",
        ms="{genre} yang berinspirasikan {theme}, dihasilkan di {place}.",
        id="{genre} yang terinspirasi dari {theme}, dibuat di {place}.",
        my="{theme}ကို အခြေခံထားသည့် {genre}ဖြစ်ပြီး {place}တွင် ဖန်တီးထားသည်။",
        lo="{genre}ທີ່ໄດ້ແຮງບັນດານໃຈຈາກ{theme} ສ້າງສັນຂຶ້ນທີ່{place}",
        fil="{genre} na hango sa {theme}, nilikha sa {place}.",
        km="{genre}ដែលបំផុសគំនិតដោយ{theme} បង្កើតឡើងនៅ{place}។",
    ),
}

# Craft genres (first subject slug) each craft holder works in; others weave or embroider.
_CRAFT_GENRES: dict[str, tuple[str, ...]] = {
    "qinglan-ceramics": ("ceramics",),
    "ngwe-la-min-lacquer": ("lacquerware", "woodcarving"),
    "east-coast-batik-cooperative": ("textile",),
    "kampung-sogan-batik": ("textile",),
}
_DEFAULT_CRAFT_GENRES: tuple[str, ...] = ("textile", "embroidery")

_TEMPLATE_FOR_TYPE: dict[str, str] = {
    "literary": "narrative",
    "comic": "narrative",
    "audiovisual": "narrative",
    "music": "music",
    "craft": "visual",
    "fine_art": "visual",
    "photography": "visual",
}


def _frag(
    subjects: tuple[str, ...],
    roles: tuple[tuple[str, ...], ...] = (),
    en_at: str = "",
    **values: str,
) -> dict[str, Any]:
    """A translated fragment with subject slugs.

    Genres also carry creator role options; places carry ``en_at``, the English phrase
    with its preposition ("on a tea plantation"), used after "set" and "made".
    """
    text = _t(**values)
    return {
        "text": text,
        "subjects": subjects,
        "roles": roles,
        "en_at": en_at or f"in {text['en']}",
    }


_A, _I, _C, _L, _P = "author", "illustrator", "composer", "lyricist", "performer"
_D, _DS, _AR, _PH = "director", "designer", "artist", "photographer"

GENRES: dict[str, list[dict[str, Any]]] = {
    "literary": [
        _frag(
            ("fiction", "novel"),
            ((_A,),),
            en="A novel",
            zh_hans="一部长篇小说",
            zh_hant="一部長篇小說",
            vi="Tiểu thuyết",
            th="นวนิยาย",
            ms="Sebuah novel",
            id="Sebuah novel",
            my="ဝတ္ထုရှည်",
            lo="ນະວະນິຍາຍ",
            fil="Isang nobela",
            km="ប្រលោមលោក",
        ),
        _frag(
            ("children", "picture-book"),
            ((_A, _I), (_A, _I)),
            en="A children's picture book",
            zh_hans="一本儿童绘本",
            zh_hant="一本兒童繪本",
            vi="Sách tranh thiếu nhi",
            th="หนังสือภาพสำหรับเด็ก",
            ms="Sebuah buku bergambar kanak-kanak",
            id="Sebuah buku cerita bergambar anak",
            my="ကလေးများအတွက် ရုပ်ပုံစာအုပ်",
            lo="ປຶ້ມພາບສຳລັບເດັກ",
            fil="Isang aklat-larawan para sa mga bata",
            km="សៀវភៅរូបភាពសម្រាប់កុមារ",
        ),
        _frag(
            ("fiction", "short-stories"),
            ((_A,),),
            en="A short-story collection",
            zh_hans="一部短篇小说集",
            zh_hant="一部短篇小說集",
            vi="Tập truyện ngắn",
            th="รวมเรื่องสั้น",
            ms="Sebuah kumpulan cerpen",
            id="Sebuah kumpulan cerpen",
            my="ဝတ္ထုတိုပေါင်းချုပ်",
            lo="ຮວມເລື່ອງສັ້ນ",
            fil="Isang koleksiyon ng maiikling kuwento",
            km="បណ្ដុំរឿងខ្លី",
        ),
        _frag(
            ("young-adult", "fiction"),
            ((_A,),),
            en="A young-adult novel",
            zh_hans="一部青少年小说",
            zh_hant="一部青少年小說",
            vi="Tiểu thuyết tuổi mới lớn",
            th="นวนิยายวัยรุ่น",
            ms="Sebuah novel remaja",
            id="Sebuah novel remaja",
            my="လူငယ်ဝတ္ထု",
            lo="ນະວະນິຍາຍສຳລັບໄວໜຸ່ມ",
            fil="Isang nobelang pangkabataan",
            km="ប្រលោមលោកសម្រាប់យុវវ័យ",
        ),
        _frag(
            ("poetry",),
            ((_A,),),
            en="A poetry collection",
            zh_hans="一部诗集",
            zh_hant="一部詩集",
            vi="Tập thơ",
            th="รวมบทกวี",
            ms="Sebuah kumpulan puisi",
            id="Sebuah kumpulan puisi",
            my="ကဗျာပေါင်းချုပ်",
            lo="ຮວມບົດກະວີ",
            fil="Isang koleksiyon ng mga tula",
            km="បណ្ដុំកំណាព្យ",
        ),
    ],
    "comic": [
        _frag(
            ("graphic-novel",),
            ((_A, _I), (_A,)),
            en="A graphic novel",
            zh_hans="一部图像小说",
            zh_hant="一部圖像小說",
            vi="Tiểu thuyết đồ họa",
            th="นิยายภาพ",
            ms="Sebuah novel grafik",
            id="Sebuah novel grafis",
            my="ရုပ်ပြဝတ္ထု",
            lo="ນະວະນິຍາຍພາບ",
            fil="Isang graphic novel",
            km="ប្រលោមលោករូបភាព",
        ),
        _frag(
            ("webcomic",),
            ((_A, _I), (_A,)),
            en="A webcomic series",
            zh_hans="一部网络连载漫画",
            zh_hant="一部網路連載漫畫",
            vi="Bộ truyện tranh mạng",
            th="การ์ตูนออนไลน์",
            ms="Sebuah siri komik web",
            id="Sebuah serial komik web",
            my="အွန်လိုင်းရုပ်ပြ ဇာတ်လမ်းတွဲ",
            lo="ກາຕູນອອນລາຍ",
            fil="Isang serye ng webcomic",
            km="ស៊េរីរឿងគំនូរតាមអ៊ីនធឺណិត",
        ),
        _frag(
            ("children", "comics"),
            ((_A, _I),),
            en="A children's comic",
            zh_hans="一部儿童漫画",
            zh_hant="一部兒童漫畫",
            vi="Truyện tranh thiếu nhi",
            th="การ์ตูนสำหรับเด็ก",
            ms="Sebuah komik kanak-kanak",
            id="Sebuah komik anak",
            my="ကလေးရုပ်ပြ",
            lo="ກາຕູນສຳລັບເດັກ",
            fil="Isang komiks pambata",
            km="រឿងគំនូរសម្រាប់កុមារ",
        ),
        _frag(
            ("comics", "series"),
            ((_A, _I), (_A,)),
            en="A comic series",
            zh_hans="一部系列漫画",
            zh_hant="一部系列漫畫",
            vi="Bộ truyện tranh nhiều tập",
            th="การ์ตูนชุด",
            ms="Sebuah siri komik",
            id="Sebuah serial komik",
            my="ရုပ်ပြ ဇာတ်လမ်းတွဲ",
            lo="ກາຕູນຊຸດ",
            fil="Isang serye ng komiks",
            km="ស៊េរីរឿងគំនូរ",
        ),
    ],
    "audiovisual": [
        _frag(
            ("feature-film",),
            ((_D,), (_D, _A)),
            en="A feature film",
            zh_hans="一部剧情长片",
            zh_hant="一部劇情長片",
            vi="Phim điện ảnh",
            th="ภาพยนตร์ขนาดยาว",
            ms="Sebuah filem cereka",
            id="Sebuah film panjang",
            my="ရုပ်ရှင်ဇာတ်ကား",
            lo="ຮູບເງົາ",
            fil="Isang pelikula",
            km="ខ្សែភាពយន្ត",
        ),
        _frag(
            ("documentary",),
            ((_D,),),
            en="A documentary",
            zh_hans="一部纪录片",
            zh_hant="一部紀錄片",
            vi="Phim tài liệu",
            th="ภาพยนตร์สารคดี",
            ms="Sebuah dokumentari",
            id="Sebuah film dokumenter",
            my="မှတ်တမ်းရုပ်ရှင်",
            lo="ສາລະຄະດີ",
            fil="Isang dokumentaryo",
            km="ភាពយន្តឯកសារ",
        ),
        _frag(
            ("animation", "series"),
            ((_D, _A), (_D,)),
            en="An animated series",
            zh_hans="一部动画剧集",
            zh_hant="一部動畫劇集",
            vi="Loạt phim hoạt hình",
            th="ซีรีส์แอนิเมชัน",
            ms="Sebuah siri animasi",
            id="Sebuah serial animasi",
            my="ကာတွန်းဇာတ်လမ်းတွဲ",
            lo="ຊຸດກາຕູນແອນິເມຊັນ",
            fil="Isang animated na serye",
            km="ស៊េរីគំនូរជីវចល",
        ),
        _frag(
            ("tv-drama", "series"),
            ((_D, _A),),
            en="A TV drama series",
            zh_hans="一部电视剧",
            zh_hant="一部電視劇",
            vi="Bộ phim truyền hình",
            th="ละครโทรทัศน์",
            ms="Sebuah drama bersiri",
            id="Sebuah serial drama televisi",
            my="တီဗီဇာတ်လမ်းတွဲ",
            lo="ລະຄອນໂທລະທັດ",
            fil="Isang teleserye",
            km="រឿងភាគទូរទស្សន៍",
        ),
        _frag(
            ("short-film",),
            ((_D,),),
            en="A short film",
            zh_hans="一部短片",
            zh_hant="一部短片",
            vi="Phim ngắn",
            th="ภาพยนตร์สั้น",
            ms="Sebuah filem pendek",
            id="Sebuah film pendek",
            my="ရုပ်ရှင်တို",
            lo="ຮູບເງົາສັ້ນ",
            fil="Isang maikling pelikula",
            km="ភាពយន្តខ្លី",
        ),
    ],
    "music": [
        _frag(
            ("album",),
            ((_C, _L, _P), (_C, _P)),
            en="An album",
            zh_hans="一张专辑",
            zh_hant="一張專輯",
            vi="Album",
            th="อัลบั้ม",
            ms="Sebuah album",
            id="Sebuah album",
            my="အယ်လ်ဘမ်",
            lo="ອັນລະບັ້ມ",
            fil="Isang album",
            km="អាល់ប៊ុម",
        ),
        _frag(
            ("single",),
            ((_C, _L, _P), (_C, _L), (_P,)),
            en="A single",
            zh_hans="一首单曲",
            zh_hant="一首單曲",
            vi="Đĩa đơn",
            th="ซิงเกิล",
            ms="Sebuah single",
            id="Sebuah singel",
            my="တစ်ပုဒ်တည်းထွက် သီချင်း",
            lo="ເພງຊິງເກິລ",
            fil="Isang single",
            km="បទចម្រៀងទោល",
        ),
        _frag(
            ("instrumental",),
            ((_C, _P), (_C,)),
            en="An instrumental album",
            zh_hans="一张器乐专辑",
            zh_hant="一張器樂專輯",
            vi="Album nhạc không lời",
            th="อัลบั้มดนตรีบรรเลง",
            ms="Sebuah album instrumental",
            id="Sebuah album instrumental",
            my="တူရိယာသီးသန့် အယ်လ်ဘမ်",
            lo="ອັນລະບັ້ມດົນຕີບັນເລງ",
            fil="Isang instrumental na album",
            km="អាល់ប៊ុមភ្លេងសុទ្ធ",
        ),
        _frag(
            ("folk-music",),
            ((_C, _L, _P), (_P,)),
            en="A folk-song cycle",
            zh_hans="一组民谣组曲",
            zh_hant="一組民謠組曲",
            vi="Liên khúc dân ca",
            th="ชุดเพลงพื้นบ้าน",
            ms="Sebuah rangkaian lagu rakyat",
            id="Sebuah rangkaian lagu rakyat",
            my="ရိုးရာတေးသီချင်းအစုံ",
            lo="ຊຸດເພງພື້ນເມືອງ",
            fil="Isang serye ng mga awiting-bayan",
            km="បណ្ដុំបទចម្រៀងប្រជាប្រិយ",
        ),
    ],
    "craft": [
        _frag(
            ("textile",),
            ((_DS,), (_DS, _AR)),
            en="A textile pattern",
            zh_hans="一款织物图案",
            zh_hant="一款織物圖案",
            vi="Mẫu hoa văn dệt",
            th="ลวดลายผ้า",
            ms="Sebuah corak tekstil",
            id="Sebuah motif tekstil",
            my="ယက်ကန်းပုံစံ",
            lo="ລວດລາຍຜ້າ",
            fil="Isang disenyo ng tela",
            km="លំនាំក្បាច់វាយនភណ្ឌ",
        ),
        _frag(
            ("embroidery",),
            ((_DS,),),
            en="An embroidery design",
            zh_hans="一款刺绣图样",
            zh_hant="一款刺繡圖樣",
            vi="Mẫu thêu",
            th="ลายปักผ้า",
            ms="Sebuah reka bentuk sulaman",
            id="Sebuah desain sulaman",
            my="ပန်းထိုး ဒီဇိုင်း",
            lo="ລາຍປັກ",
            fil="Isang disenyo ng burda",
            km="គំរូប៉ាក់",
        ),
        _frag(
            ("ceramics",),
            ((_DS,), (_DS, _AR)),
            en="A ceramic design",
            zh_hans="一款陶瓷纹饰",
            zh_hant="一款陶瓷紋飾",
            vi="Mẫu hoa văn gốm",
            th="ลวดลายเครื่องปั้นดินเผา",
            ms="Sebuah reka bentuk seramik",
            id="Sebuah desain keramik",
            my="မြေထည် ဒီဇိုင်း",
            lo="ລວດລາຍເຄື່ອງປັ້ນດິນເຜົາ",
            fil="Isang disenyo ng palayok",
            km="ក្បាច់គ្រឿងស្មូន",
        ),
        _frag(
            ("silverwork",),
            ((_DS,),),
            en="A silverwork design",
            zh_hans="一款银饰纹样",
            zh_hant="一款銀飾紋樣",
            vi="Mẫu chạm bạc",
            th="ลวดลายเครื่องเงิน",
            ms="Sebuah reka bentuk kraf perak",
            id="Sebuah desain kerajinan perak",
            my="ငွေထည် ဒီဇိုင်း",
            lo="ລວດລາຍເຄື່ອງເງິນ",
            fil="Isang disenyo ng alahas na pilak",
            km="ក្បាច់គ្រឿងប្រាក់",
        ),
        _frag(
            ("lacquerware",),
            ((_DS,), (_DS, _AR)),
            en="A lacquerware design",
            zh_hans="一款漆器设计",
            zh_hant="一款漆器設計",
            vi="Mẫu thiết kế sơn mài",
            th="ลวดลายเครื่องเขิน",
            ms="Sebuah reka bentuk barangan lakuer",
            id="Sebuah desain kerajinan pernis",
            my="ယွန်းထည် ဒီဇိုင်း",
            lo="ລວດລາຍເຄື່ອງເຂີນ",
            fil="Isang disenyo ng lacquerware",
            km="ការរចនាគ្រឿងម្រ័ក្សណ៍",
        ),
        _frag(
            ("woodcarving",),
            ((_DS,), (_DS, _AR)),
            en="A woodcarving design",
            zh_hans="一款木雕图样",
            zh_hant="一款木雕圖樣",
            vi="Mẫu chạm khắc gỗ",
            th="ลายแกะสลักไม้",
            ms="Sebuah reka bentuk ukiran kayu",
            id="Sebuah desain ukiran kayu",
            my="သစ်သားပန်းပု ဒီဇိုင်း",
            lo="ລາຍແກະສະຫຼັກໄມ້",
            fil="Isang disenyo ng ukit sa kahoy",
            km="ក្បាច់ចម្លាក់ឈើ",
        ),
    ],
    "fine_art": [
        _frag(
            ("ink-painting",),
            ((_AR,),),
            en="A series of ink paintings",
            zh_hans="一组水墨画",
            zh_hant="一組水墨畫",
            vi="Loạt tranh thủy mặc",
            th="ชุดภาพวาดหมึก",
            ms="Satu siri lukisan dakwat",
            id="Serangkaian lukisan tinta",
            my="မင်ပန်းချီကားစုံ",
            lo="ຊຸດພາບແຕ້ມໝຶກ",
            fil="Isang serye ng mga pintang tinta",
            km="ស៊េរីគំនូរទឹកខ្មៅ",
        ),
        _frag(
            ("printmaking",),
            ((_AR,),),
            en="A set of woodcut prints",
            zh_hans="一组木刻版画",
            zh_hant="一組木刻版畫",
            vi="Bộ tranh khắc gỗ",
            th="ชุดภาพพิมพ์แกะไม้",
            ms="Satu set cetakan blok kayu",
            id="Serangkaian cukil kayu",
            my="သစ်သားပုံနှိပ် ပန်းချီကားစုံ",
            lo="ຊຸດພາບພິມແກະໄມ້",
            fil="Isang set ng woodcut print",
            km="ស៊េរីគំនូរពុម្ពឈើ",
        ),
        _frag(
            ("watercolour",),
            ((_AR,),),
            en="A watercolour series",
            zh_hans="一组水彩画",
            zh_hant="一組水彩畫",
            vi="Loạt tranh màu nước",
            th="ชุดภาพสีน้ำ",
            ms="Satu siri lukisan cat air",
            id="Serangkaian lukisan cat air",
            my="ရေဆေးပန်းချီကားစုံ",
            lo="ຊຸດພາບສີນ້ຳ",
            fil="Isang serye ng mga watercolor",
            km="ស៊េរីគំនូរពណ៌ទឹក",
        ),
        _frag(
            ("mural",),
            ((_AR,), (_AR, _DS)),
            en="A mural design",
            zh_hans="一幅壁画设计",
            zh_hant="一幅壁畫設計",
            vi="Thiết kế tranh tường",
            th="งานออกแบบจิตรกรรมฝาผนัง",
            ms="Sebuah reka bentuk mural",
            id="Sebuah desain mural",
            my="နံရံပန်းချီ ဒီဇိုင်း",
            lo="ການອອກແບບຮູບແຕ້ມຝາ",
            fil="Isang disenyo ng mural",
            km="ការរចនាគំនូរលើជញ្ជាំង",
        ),
    ],
    "photography": [
        _frag(
            ("photo-series",),
            ((_PH,),),
            en="A photo series",
            zh_hans="一组摄影作品",
            zh_hant="一組攝影作品",
            vi="Bộ ảnh",
            th="ชุดภาพถ่าย",
            ms="Satu siri foto",
            id="Serangkaian foto",
            my="ဓာတ်ပုံစုံ",
            lo="ຊຸດພາບຖ່າຍ",
            fil="Isang serye ng mga larawan",
            km="ស៊េរីរូបថត",
        ),
        _frag(
            ("photo-essay",),
            ((_PH,),),
            en="A photo essay",
            zh_hans="一篇图片故事",
            zh_hant="一篇圖片故事",
            vi="Phóng sự ảnh",
            th="สารคดีภาพถ่าย",
            ms="Sebuah esei foto",
            id="Sebuah esai foto",
            my="ဓာတ်ပုံဆောင်းပါး",
            lo="ສາລະຄະດີພາບຖ່າຍ",
            fil="Isang sanaysay na larawan",
            km="អត្ថបទរូបថត",
        ),
        _frag(
            ("black-and-white",),
            ((_PH,),),
            en="A black-and-white photo series",
            zh_hans="一组黑白摄影",
            zh_hant="一組黑白攝影",
            vi="Bộ ảnh đen trắng",
            th="ชุดภาพถ่ายขาวดำ",
            ms="Satu siri foto hitam putih",
            id="Serangkaian foto hitam putih",
            my="အဖြူအမည်း ဓာတ်ပုံစုံ",
            lo="ຊຸດພາບຖ່າຍຂາວດຳ",
            fil="Isang serye ng mga larawang itim at puti",
            km="ស៊េរីរូបថតសខ្មៅ",
        ),
    ],
}

PLACES: list[dict[str, Any]] = [
    _frag(
        ("river",),
        en="a river town",
        zh_hans="一座河畔小镇",
        zh_hant="一座河畔小鎮",
        vi="một thị trấn ven sông",
        th="เมืองเล็กริมแม่น้ำ",
        ms="sebuah pekan di tepi sungai",
        id="sebuah kota kecil di tepi sungai",
        my="မြစ်ကမ်းဘေးရှိ မြို့ငယ်တစ်မြို့",
        lo="ເມືອງນ້ອຍແຄມແມ່ນ້ຳ",
        fil="isang bayan sa tabi ng ilog",
        km="ទីប្រជុំជនតូចមួយនៅមាត់ទន្លេ",
    ),
    _frag(
        ("mountains",),
        en="a mountain village",
        zh_hans="一个山村",
        zh_hant="一個山村",
        vi="một bản làng miền núi",
        th="หมู่บ้านบนภูเขา",
        ms="sebuah kampung di pergunungan",
        id="sebuah desa di pegunungan",
        my="တောင်ပေါ်ရွာလေးတစ်ရွာ",
        lo="ບ້ານນ້ອຍເທິງພູ",
        fil="isang nayon sa kabundukan",
        km="ភូមិមួយនៅតំបន់ភ្នំ",
    ),
    _frag(
        ("city", "sea"),
        en="a harbour city",
        zh_hans="一座港口城市",
        zh_hant="一座港口城市",
        vi="một thành phố cảng",
        th="เมืองท่า",
        ms="sebuah bandar pelabuhan",
        id="sebuah kota pelabuhan",
        my="ဆိပ်ကမ်းမြို့တစ်မြို့",
        lo="ເມືອງທ່າເຮືອ",
        fil="isang lungsod-daungan",
        km="ទីក្រុងកំពង់ផែមួយ",
    ),
    _frag(
        ("tea",),
        en_at="on a tea plantation",
        en="a tea plantation",
        zh_hans="一片茶园",
        zh_hant="一片茶園",
        vi="một đồi chè",
        th="ไร่ชา",
        ms="sebuah ladang teh",
        id="sebuah perkebunan teh",
        my="လက်ဖက်ခင်းတစ်ခု",
        lo="ສວນຊາ",
        fil="isang taniman ng tsaa",
        km="ចម្ការតែមួយ",
    ),
    _frag(
        ("city", "history"),
        en="the old quarter of a capital city",
        zh_hans="一座首都的老城区",
        zh_hant="一座首都的老城區",
        vi="khu phố cổ của một thủ đô",
        th="ย่านเมืองเก่าของเมืองหลวง",
        ms="kawasan lama sebuah ibu kota",
        id="kawasan kota tua sebuah ibu kota",
        my="မြို့တော်တစ်ခု၏ မြို့ဟောင်းရပ်ကွက်",
        lo="ເຂດເມືອງເກົ່າຂອງນະຄອນຫຼວງ",
        fil="lumang distrito ng isang kabisera",
        km="តំបន់ក្រុងចាស់នៃរាជធានីមួយ",
    ),
    _frag(
        ("markets",),
        en_at="at a floating market",
        en="a floating market",
        zh_hans="一个水上市场",
        zh_hant="一個水上市場",
        vi="một khu chợ nổi",
        th="ตลาดน้ำแห่งหนึ่ง",
        ms="sebuah pasar terapung",
        id="sebuah pasar terapung",
        my="ရေပေါ်ဈေးတစ်ခု",
        lo="ຕະຫຼາດນ້ຳແຫ່ງໜຶ່ງ",
        fil="isang lumulutang na palengke",
        km="ផ្សារអណ្ដែតទឹកមួយ",
    ),
    _frag(
        ("sea", "fishing"),
        en_at="on a fishing island",
        en="a fishing island",
        zh_hans="一座渔岛",
        zh_hant="一座漁島",
        vi="một hòn đảo làng chài",
        th="เกาะของชาวประมง",
        ms="sebuah pulau nelayan",
        id="sebuah pulau nelayan",
        my="တံငါသည်များနေထိုင်သော ကျွန်းတစ်ကျွန်း",
        lo="ເກາະຂອງຊາວປະມົງ",
        fil="isang isla ng mga mangingisda",
        km="កោះអ្នកនេសាទមួយ",
    ),
    _frag(
        ("agriculture",),
        en="a rice-farming valley",
        zh_hans="一片种植水稻的山谷",
        zh_hant="一片種植水稻的山谷",
        vi="một thung lũng trồng lúa",
        th="หุบเขาที่ปลูกข้าว",
        ms="sebuah lembah sawah padi",
        id="sebuah lembah persawahan",
        my="စပါးစိုက်ပျိုးသော ချိုင့်ဝှမ်းတစ်ခု",
        lo="ຮ່ອມພູທີ່ປູກເຂົ້າ",
        fil="isang lambak ng palayan",
        km="ជ្រលងភ្នំដាំស្រូវមួយ",
    ),
    _frag(
        ("borderlands",),
        en="a border town",
        zh_hans="一座边境小城",
        zh_hant="一座邊境小城",
        vi="một thị trấn biên giới",
        th="เมืองชายแดน",
        ms="sebuah pekan sempadan",
        id="sebuah kota perbatasan",
        my="နယ်စပ်မြို့လေးတစ်မြို့",
        lo="ເມືອງຊາຍແດນ",
        fil="isang bayan sa hangganan",
        km="ទីប្រជុំជនព្រំដែនមួយ",
    ),
    _frag(
        ("weaving",),
        en="a weaving village",
        zh_hans="一个织布村",
        zh_hant="一個織布村",
        vi="một làng dệt",
        th="หมู่บ้านทอผ้า",
        ms="sebuah kampung tenun",
        id="sebuah desa tenun",
        my="ယက်ကန်းရွာတစ်ရွာ",
        lo="ບ້ານຕ່ຳຫູກ",
        fil="isang nayon ng mga manghahabi",
        km="ភូមិត្បាញមួយ",
    ),
    _frag(
        ("temples",),
        en="a temple town",
        zh_hans="一座寺庙小镇",
        zh_hant="一座寺廟小鎮",
        vi="một thị trấn nhiều đền chùa",
        th="เมืองแห่งวัดวาอาราม",
        ms="sebuah pekan kuil",
        id="sebuah kota candi",
        my="စေတီပုထိုးများရှိသော မြို့တစ်မြို့",
        lo="ເມືອງແຫ່ງວັດວາອາຮາມ",
        fil="isang bayan ng mga templo",
        km="ទីក្រុងប្រាសាទមួយ",
    ),
    _frag(
        ("markets", "city"),
        en_at="on a night-market street",
        en="a night-market street",
        zh_hans="一条夜市街",
        zh_hant="一條夜市街",
        vi="một con phố chợ đêm",
        th="ถนนตลาดกลางคืน",
        ms="sebuah jalan pasar malam",
        id="sebuah jalan pasar malam",
        my="ညဈေးလမ်းတစ်လမ်း",
        lo="ຖະໜົນຕະຫຼາດກາງຄືນ",
        fil="isang kalye ng night market",
        km="ផ្លូវផ្សាររាត្រីមួយ",
    ),
]

# Places where visual works are made (indices into PLACES).
_VISUAL_PLACES: tuple[int, ...] = (0, 1, 2, 4, 6, 7, 9, 10)

THEMES: list[dict[str, Any]] = [
    _frag(
        ("friendship",),
        en="a friendship that crosses borders",
        zh_hans="一段跨越国界的友谊",
        zh_hant="一段跨越國界的友誼",
        vi="một tình bạn vượt qua biên giới",
        th="มิตรภาพที่ข้ามพรมแดน",
        ms="persahabatan yang merentas sempadan",
        id="persahabatan yang melintasi batas negara",
        my="နယ်နိမိတ်ကို ကျော်လွန်သော ခင်မင်မှု",
        lo="ມິດຕະພາບທີ່ຂ້າມຜ່ານຊາຍແດນ",
        fil="isang pagkakaibigang tumatawid sa mga hangganan",
        km="មិត្តភាពដែលឆ្លងកាត់ព្រំដែន",
    ),
    _frag(
        ("family", "mystery"),
        en="a family's long-kept secret",
        zh_hans="一个家族埋藏多年的秘密",
        zh_hant="一個家族埋藏多年的秘密",
        vi="bí mật được giấu kín nhiều năm của một gia đình",
        th="ความลับที่ครอบครัวหนึ่งเก็บงำมานาน",
        ms="rahsia sebuah keluarga yang lama tersimpan",
        id="rahasia sebuah keluarga yang lama terpendam",
        my="မိသားစုတစ်စု၏ နှစ်ရှည်လများ ဖုံးကွယ်ထားသော လျှို့ဝှက်ချက်",
        lo="ຄວາມລັບທີ່ຄອບຄົວໜຶ່ງເກັບງຳມາດົນນານ",
        fil="isang lihim na matagal nang itinatago ng isang pamilya",
        km="អាថ៌កំបាំងដែលគ្រួសារមួយលាក់ទុកជាយូរមកហើយ",
    ),
    _frag(
        ("heritage", "coming-of-age"),
        en="a girl who learns her grandmother's craft",
        zh_hans="一个女孩向祖母学习传统手艺的故事",
        zh_hant="一個女孩向祖母學習傳統手藝的故事",
        vi="một cô bé học nghề thủ công truyền thống của bà",
        th="เด็กหญิงที่เรียนรู้งานฝีมือจากยาย",
        ms="seorang gadis yang mempelajari kraf neneknya",
        id="seorang gadis yang mempelajari kerajinan neneknya",
        my="အဖွားထံမှ ရိုးရာလက်မှုပညာကို သင်ယူသော မိန်းကလေးတစ်ဦး",
        lo="ເດັກຍິງຜູ້ຮຽນຮູ້ສິລະປະຫັດຖະກຳຈາກແມ່ຕູ້",
        fil="isang batang babaeng nag-aaral ng sining ng kanyang lola",
        km="ក្មេងស្រីម្នាក់ដែលរៀនសិប្បកម្មពីជីដូនរបស់នាង",
    ),
    _frag(
        ("romance",),
        en="first love in the rainy season",
        zh_hans="雨季里的初恋",
        zh_hant="雨季裡的初戀",
        vi="mối tình đầu trong mùa mưa",
        th="รักแรกในฤดูฝน",
        ms="cinta pertama pada musim hujan",
        id="cinta pertama di musim hujan",
        my="မိုးရာသီအတွင်း ပထမဆုံးအချစ်",
        lo="ຮັກແຮກໃນລະດູຝົນ",
        fil="unang pag-ibig sa tag-ulan",
        km="ស្នេហាដំបូងក្នុងរដូវវស្សា",
    ),
    _frag(
        ("food", "family"),
        en="a young chef reviving her family's restaurant",
        zh_hans="一位年轻厨师重振家族餐馆的故事",
        zh_hant="一位年輕廚師重振家族餐館的故事",
        vi="một nữ đầu bếp trẻ vực dậy nhà hàng của gia đình",
        th="เชฟสาวที่ฟื้นฟูร้านอาหารของครอบครัว",
        ms="seorang cef muda yang menghidupkan semula restoran keluarganya",
        id="seorang koki muda yang menghidupkan kembali restoran keluarganya",
        my="မိသားစုစားသောက်ဆိုင်ကို ပြန်လည်ရှင်သန်စေသော စားဖိုမှူးမလေးတစ်ဦး",
        lo="ແມ່ຄົວໜຸ່ມທີ່ຟື້ນຟູຮ້ານອາຫານຂອງຄອບຄົວ",
        fil="isang batang kusinerang muling bumubuhay sa restawran ng kanyang pamilya",
        km="ចុងភៅវ័យក្មេងម្នាក់ដែលស្ដារភោជនីយដ្ឋានរបស់គ្រួសារនាងឡើងវិញ",
    ),
    _frag(
        ("adventure", "mythology"),
        en="two brothers searching for a lost river spirit",
        zh_hans="两兄弟寻找失落河神的冒险",
        zh_hant="兩兄弟尋找失落河神的冒險",
        vi="hai anh em đi tìm thần sông đã mất tích",
        th="สองพี่น้องที่ออกตามหาเทพแห่งสายน้ำที่หายสาบสูญ",
        ms="dua beradik yang mencari semangat sungai yang hilang",
        id="dua bersaudara yang mencari roh sungai yang hilang",
        my="ပျောက်ဆုံးနေသော မြစ်စောင့်နတ်ကို ရှာဖွေသည့် ညီအစ်ကိုနှစ်ဦး",
        lo="ສອງອ້າຍນ້ອງທີ່ອອກຊອກຫາເທວະດາແຫ່ງແມ່ນ້ຳທີ່ສູນຫາຍ",
        fil="dalawang magkapatid na naghahanap sa nawawalang diwata ng ilog",
        km="បងប្អូនប្រុសពីរនាក់ដែលស្វែងរកទេវតាទន្លេដែលបាត់ខ្លួន",
    ),
    _frag(
        ("music", "ageing"),
        en="an old musician's last tour",
        zh_hans="一位老音乐人的最后一次巡演",
        zh_hant="一位老音樂人的最後一次巡演",
        vi="chuyến lưu diễn cuối cùng của một nhạc sĩ già",
        th="การออกทัวร์ครั้งสุดท้ายของนักดนตรีชรา",
        ms="jelajah terakhir seorang pemuzik tua",
        id="tur terakhir seorang musisi tua",
        my="ဂီတသမားအိုတစ်ဦး၏ နောက်ဆုံး ဖျော်ဖြေရေးခရီး",
        lo="ການສະແດງທົວຄັ້ງສຸດທ້າຍຂອງນັກດົນຕີເຖົ້າ",
        fil="huling tour ng isang matandang musikero",
        km="ដំណើរសម្ដែងចុងក្រោយរបស់តន្ត្រីករចំណាស់ម្នាក់",
    ),
    _frag(
        ("identity", "migration"),
        en="growing up between two languages",
        zh_hans="在两种语言之间成长的经历",
        zh_hant="在兩種語言之間成長的經歷",
        vi="hành trình lớn lên giữa hai ngôn ngữ",
        th="การเติบโตระหว่างสองภาษา",
        ms="membesar di antara dua bahasa",
        id="tumbuh besar di antara dua bahasa",
        my="ဘာသာစကားနှစ်မျိုးကြားတွင် ကြီးပြင်းလာခြင်း",
        lo="ການເຕີບໃຫຍ່ລະຫວ່າງສອງພາສາ",
        fil="paglaki sa pagitan ng dalawang wika",
        km="ការធំធាត់នៅចន្លោះភាសាពីរ",
    ),
    _frag(
        ("crime", "mystery"),
        en="a retired detective's final case",
        zh_hans="一位退休侦探的最后一案",
        zh_hant="一位退休偵探的最後一案",
        vi="vụ án cuối cùng của một thám tử đã nghỉ hưu",
        th="คดีสุดท้ายของนักสืบที่เกษียณแล้ว",
        ms="kes terakhir seorang detektif bersara",
        id="kasus terakhir seorang detektif pensiunan",
        my="အငြိမ်းစား စုံထောက်တစ်ဦး၏ နောက်ဆုံးအမှု",
        lo="ຄະດີສຸດທ້າຍຂອງນັກສືບທີ່ກະສຽນແລ້ວ",
        fil="huling kaso ng isang retiradong detektib",
        km="សំណុំរឿងចុងក្រោយរបស់អ្នកស៊ើបអង្កេតចូលនិវត្តន៍ម្នាក់",
    ),
    _frag(
        ("environment", "community"),
        en="a village that protects its forest",
        zh_hans="一个村庄守护森林的故事",
        zh_hant="一個村莊守護森林的故事",
        vi="một ngôi làng bảo vệ khu rừng của mình",
        th="หมู่บ้านที่ปกป้องผืนป่าของตน",
        ms="sebuah kampung yang melindungi hutannya",
        id="sebuah desa yang melindungi hutannya",
        my="မိမိတို့၏ သစ်တောကို ကာကွယ်သော ရွာတစ်ရွာ",
        lo="ໝູ່ບ້ານທີ່ປົກປ້ອງປ່າໄມ້ຂອງຕົນ",
        fil="isang nayong nagtatanggol sa kanyang gubat",
        km="ភូមិមួយដែលការពារព្រៃឈើរបស់ខ្លួន",
    ),
    _frag(
        ("martial-arts", "adventure"),
        en="a swordswoman avenging her master",
        zh_hans="一位女侠为师父复仇的故事",
        zh_hant="一位女俠為師父復仇的故事",
        vi="một nữ kiếm khách báo thù cho sư phụ",
        th="นักดาบหญิงที่ล้างแค้นให้อาจารย์",
        ms="seorang pendekar wanita yang menuntut bela atas kematian gurunya",
        id="seorang pendekar perempuan yang membalas dendam untuk gurunya",
        my="ဆရာ့အတွက် လက်စားချေသော ဓားသမားမတစ်ဦး",
        lo="ນັກດາບຍິງທີ່ແກ້ແຄ້ນແທນອາຈານ",
        fil="isang babaeng mandirigmang naghihiganti para sa kanyang guro",
        km="អ្នកដាវនារីម្នាក់ដែលសងសឹកជំនួសគ្រូរបស់នាង",
    ),
    _frag(
        ("children", "animals", "humour"),
        en="a cat who guards a night market",
        zh_hans="一只猫守护夜市的故事",
        zh_hant="一隻貓守護夜市的故事",
        vi="chú mèo canh giữ khu chợ đêm",
        th="แมวที่เฝ้าตลาดกลางคืน",
        ms="seekor kucing yang menjaga pasar malam",
        id="seekor kucing yang menjaga pasar malam",
        my="ညဈေးကို စောင့်ရှောက်သော ကြောင်တစ်ကောင်",
        lo="ແມວທີ່ເຝົ້າຕະຫຼາດກາງຄືນ",
        fil="isang pusang nagbabantay sa night market",
        km="ឆ្មាមួយក្បាលដែលយាមផ្សាររាត្រី",
    ),
    _frag(
        ("family", "resilience"),
        en="a family rebuilding their life after a flood",
        zh_hans="一个家庭在洪水后重建生活的故事",
        zh_hant="一個家庭在洪水後重建生活的故事",
        vi="một gia đình làm lại cuộc sống sau trận lũ",
        th="ครอบครัวหนึ่งที่เริ่มต้นชีวิตใหม่หลังน้ำท่วม",
        ms="sebuah keluarga yang membina semula hidup selepas banjir",
        id="sebuah keluarga yang membangun kembali hidup setelah banjir",
        my="ရေကြီးပြီးနောက် ဘဝကို ပြန်လည်တည်ဆောက်သော မိသားစုတစ်စု",
        lo="ຄອບຄົວໜຶ່ງທີ່ສ້າງຊີວິດໃໝ່ຫຼັງນ້ຳຖ້ວມ",
        fil="isang pamilyang muling bumubuo ng buhay matapos ang baha",
        km="គ្រួសារមួយដែលកសាងជីវិតឡើងវិញក្រោយទឹកជំនន់",
    ),
]

MOTIFS: list[dict[str, Any]] = [
    _frag(
        ("river", "everyday-life"),
        en="river life",
        zh_hans="河畔生活",
        zh_hant="河畔生活",
        vi="cuộc sống ven sông",
        th="วิถีชีวิตริมน้ำ",
        ms="kehidupan di tepi sungai",
        id="kehidupan di tepi sungai",
        my="မြစ်ကမ်းဘေး လူနေမှုဘဝ",
        lo="ວິຖີຊີວິດແຄມນ້ຳ",
        fil="buhay sa tabi ng ilog",
        km="ជីវភាពតាមមាត់ទន្លេ",
    ),
    _frag(
        ("festivals", "agriculture"),
        en="harvest festivals",
        zh_hans="丰收节庆",
        zh_hant="豐收節慶",
        vi="lễ hội mùa gặt",
        th="ประเพณีฉลองการเก็บเกี่ยว",
        ms="pesta menuai",
        id="pesta panen",
        my="စပါးရိတ်သိမ်းပွဲတော်များ",
        lo="ບຸນສະຫຼອງການເກັບກ່ຽວ",
        fil="mga pista ng anihan",
        km="ពិធីបុណ្យច្រូតកាត់",
    ),
    _frag(
        ("architecture", "temples"),
        en="temple architecture",
        zh_hans="寺庙建筑",
        zh_hant="寺廟建築",
        vi="kiến trúc đền chùa",
        th="สถาปัตยกรรมวัด",
        ms="seni bina kuil",
        id="arsitektur candi",
        my="ဘုရားကျောင်း ဗိသုကာ",
        lo="ສະຖາປັດຕະຍະກຳວັດ",
        fil="arkitektura ng mga templo",
        km="ស្ថាបត្យកម្មប្រាសាទ",
    ),
    _frag(
        ("weather", "nature"),
        en="the monsoon rains",
        zh_hans="季风雨季",
        zh_hant="季風雨季",
        vi="những cơn mưa gió mùa",
        th="สายฝนมรสุม",
        ms="hujan monsun",
        id="hujan muson",
        my="မုတ်သုန်မိုး",
        lo="ສາຍຝົນມໍລະສຸມ",
        fil="ulan ng habagat",
        km="ភ្លៀងរដូវមូសុង",
    ),
    _frag(
        ("mythology", "heritage"),
        en="ancestral legends",
        zh_hans="祖先传说",
        zh_hant="祖先傳說",
        vi="truyền thuyết tổ tiên",
        th="ตำนานบรรพบุรุษ",
        ms="legenda nenek moyang",
        id="legenda leluhur",
        my="ဘိုးဘွားဒဏ္ဍာရီများ",
        lo="ຕຳນານບັນພະບຸລຸດ",
        fil="mga alamat ng mga ninuno",
        km="រឿងព្រេងដូនតា",
    ),
    _frag(
        ("markets", "everyday-life"),
        en="morning markets",
        zh_hans="清晨集市",
        zh_hant="清晨市集",
        vi="những phiên chợ sớm",
        th="ตลาดเช้า",
        ms="pasar pagi",
        id="pasar pagi",
        my="မနက်ဈေး",
        lo="ຕະຫຼາດເຊົ້າ",
        fil="mga palengke sa umaga",
        km="ផ្សារពេលព្រឹក",
    ),
    _frag(
        ("night-sky",),
        en="the night sky",
        zh_hans="夜空",
        zh_hant="夜空",
        vi="bầu trời đêm",
        th="ท้องฟ้ายามค่ำคืน",
        ms="langit malam",
        id="langit malam",
        my="ညကောင်းကင်",
        lo="ທ້ອງຟ້າຍາມກາງຄືນ",
        fil="kalangitan sa gabi",
        km="មេឃពេលយប់",
    ),
    _frag(
        ("nature", "wildlife"),
        en="forest plants and animals",
        zh_hans="森林中的动植物",
        zh_hant="森林中的動植物",
        vi="động thực vật trong rừng",
        th="พืชและสัตว์ในป่า",
        ms="flora dan fauna hutan",
        id="flora dan fauna hutan",
        my="တောတွင်းရှိ အပင်များနှင့် တိရစ္ဆာန်များ",
        lo="ພືດ ແລະ ສັດໃນປ່າ",
        fil="mga halaman at hayop sa gubat",
        km="រុក្ខជាតិ និងសត្វក្នុងព្រៃ",
    ),
    _frag(
        ("weddings", "heritage"),
        en="wedding traditions",
        zh_hans="传统婚俗",
        zh_hant="傳統婚俗",
        vi="phong tục cưới hỏi truyền thống",
        th="ประเพณีการแต่งงาน",
        ms="adat perkahwinan",
        id="adat pernikahan",
        my="ရိုးရာမင်္ဂလာဆောင် ဓလေ့များ",
        lo="ຮີດຄອງປະເພນີການແຕ່ງງານ",
        fil="mga tradisyon sa kasal",
        km="ប្រពៃណីរៀបអាពាហ៍ពិពាហ៍",
    ),
    _frag(
        ("sea", "fishing"),
        en="the sea and fishing boats",
        zh_hans="大海与渔船",
        zh_hant="大海與漁船",
        vi="biển cả và những con thuyền đánh cá",
        th="ทะเลและเรือประมง",
        ms="laut dan perahu nelayan",
        id="laut dan perahu nelayan",
        my="ပင်လယ်နှင့် ငါးဖမ်းလှေများ",
        lo="ທະເລ ແລະ ເຮືອຫາປາ",
        fil="dagat at mga bangkang pangisda",
        km="សមុទ្រ និងទូកនេសាទ",
    ),
]

NOTES: dict[str, list[Translations]] = {
    "narrative": [
        _t(
            en="A bestseller in its home market.",
            zh_hans="在本土市场为畅销作品。",
            zh_hant="在本土市場為暢銷作品。",
            vi="Tác phẩm bán chạy tại thị trường trong nước.",
            th="เป็นผลงานขายดีในประเทศต้นทาง",
            ms="Karya terlaris di pasaran tempatan.",
            id="Karya terlaris di pasar dalam negeri.",
            my="မူရင်းနိုင်ငံတွင် အရောင်းရဆုံး လက်ရာတစ်ခု ဖြစ်သည်။",
            lo="ເປັນຜົນງານຂາຍດີໃນປະເທດຕົ້ນທາງ",
            fil="Isang bestseller sa sariling bansa.",
            km="ជាស្នាដៃលក់ដាច់បំផុតនៅក្នុងប្រទេសដើម។",
        ),
        _t(
            en="Praised by critics for its warmth and humour.",
            zh_hans="因其温情与幽默广受评论界好评。",
            zh_hant="因其溫情與幽默廣受評論界好評。",
            vi="Được giới phê bình khen ngợi vì sự ấm áp và hài hước.",
            th="ได้รับคำชมจากนักวิจารณ์ถึงความอบอุ่นและอารมณ์ขัน",
            ms="Dipuji pengkritik kerana kehangatan dan humornya.",
            id="Dipuji para kritikus karena kehangatan dan humornya.",
            my="နွေးထွေးမှုနှင့် ဟာသဉာဏ်ကြောင့် ဝေဖန်ရေးဆရာများ၏ ချီးကျူးခြင်းကို ခံရသည်။",
            lo="ໄດ້ຮັບຄຳຊົມຈາກນັກວິຈານເຖິງຄວາມອົບອຸ່ນ ແລະ ອາລົມຂັນ",
            fil="Pinuri ng mga kritiko dahil sa init at katatawanan nito.",
            km="ទទួលបានការកោតសរសើរពីអ្នករិះគន់ចំពោះភាពកក់ក្ដៅ និងភាពកំប្លែងរបស់វា។",
        ),
        _t(
            en="Inspired by true events.",
            zh_hans="根据真实事件改编。",
            zh_hant="根據真實事件改編。",
            vi="Dựa trên những sự kiện có thật.",
            th="สร้างจากเรื่องจริง",
            ms="Diilhamkan daripada kisah benar.",
            id="Terinspirasi dari kisah nyata.",
            my="အဖြစ်မှန်များကို အခြေခံထားသည်။",
            lo="ສ້າງຈາກເລື່ອງຈິງ",
            fil="Hango sa mga tunay na pangyayari.",
            km="ផ្អែកលើព្រឹត្តិការណ៍ពិត។",
        ),
    ],
    "music": [
        _t(
            en="Recorded with traditional instruments.",
            zh_hans="采用传统乐器录制。",
            zh_hant="採用傳統樂器錄製。",
            vi="Được thu âm với các nhạc cụ truyền thống.",
            th="บันทึกเสียงด้วยเครื่องดนตรีพื้นบ้าน",
            ms="Dirakam menggunakan alat muzik tradisional.",
            id="Direkam dengan alat musik tradisional.",
            my="ရိုးရာတူရိယာများဖြင့် အသံသွင်းထားသည်။",
            lo="ບັນທຶກສຽງດ້ວຍເຄື່ອງດົນຕີພື້ນເມືອງ",
            fil="Inirekord gamit ang mga tradisyonal na instrumento.",
            km="ថតសំឡេងជាមួយឧបករណ៍ភ្លេងប្រពៃណី។",
        ),
        _t(
            en="Popular on streaming platforms across the region.",
            zh_hans="在区域内各大流媒体平台广受欢迎。",
            zh_hant="在區域內各大串流平台廣受歡迎。",
            vi="Được yêu thích trên các nền tảng nghe nhạc trực tuyến trong khu vực.",
            th="ได้รับความนิยมบนแพลตฟอร์มสตรีมมิงทั่วภูมิภาค",
            ms="Popular di platform penstriman di seluruh rantau.",
            id="Populer di platform streaming di seluruh kawasan.",
            my="ဒေသတစ်ဝန်းရှိ စထရီးမင်းပလက်ဖောင်းများတွင် ရေပန်းစားသည်။",
            lo="ເປັນທີ່ນິຍົມໃນແພລັດຟອມສະຕຣີມມິງທົ່ວພາກພື້ນ",
            fil="Patok sa mga streaming platform sa buong rehiyon.",
            km="ពេញនិយមនៅលើវេទិកាស្ទ្រីមមីងទូទាំងតំបន់។",
        ),
    ],
    "visual": [
        _t(
            en="Available as high-resolution digital files.",
            zh_hans="提供高分辨率数字文件。",
            zh_hant="提供高解析度數位檔案。",
            vi="Có sẵn tệp kỹ thuật số độ phân giải cao.",
            th="มีไฟล์ดิจิทัลความละเอียดสูง",
            ms="Tersedia dalam fail digital beresolusi tinggi.",
            id="Tersedia dalam berkas digital beresolusi tinggi.",
            my="ရုပ်ထွက်ကြည်လင်သော ဒစ်ဂျစ်တယ်ဖိုင်များ ရရှိနိုင်သည်။",
            lo="ມີໄຟລ໌ດິຈິຕອນຄວາມລະອຽດສູງ",
            fil="Makukuha bilang mga high-resolution na digital file.",
            km="មានជាឯកសារឌីជីថលកម្រិតច្បាស់ខ្ពស់។",
        ),
        _t(
            en="Suited to fashion, homeware and packaging.",
            zh_hans="适用于服装、家居用品和包装设计。",
            zh_hant="適用於服裝、家居用品和包裝設計。",
            vi="Phù hợp cho thời trang, đồ gia dụng và bao bì.",
            th="เหมาะสำหรับแฟชั่น ของแต่งบ้าน และบรรจุภัณฑ์",
            ms="Sesuai untuk fesyen, barangan rumah dan pembungkusan.",
            id="Cocok untuk mode, perlengkapan rumah, dan kemasan.",
            my="ဖက်ရှင်၊ အိမ်သုံးပစ္စည်းနှင့် ထုပ်ပိုးမှုများအတွက် သင့်လျော်သည်။",
            lo="ເໝາະສຳລັບແຟຊັ່ນ, ເຄື່ອງໃຊ້ໃນເຮືອນ ແລະ ບັນຈຸພັນ",
            fil="Angkop para sa fashion, gamit sa bahay, at packaging.",
            km="សមរម្យសម្រាប់ម៉ូដ គ្រឿងប្រើប្រាស់ក្នុងផ្ទះ និងការវេចខ្ចប់។",
        ),
    ],
}

# Traditional sources for folk-based craft works, by country (English).
TRADITIONAL_ELEMENTS: dict[str, str] = {
    "CN": "Miao embroidery motifs of butterflies and birds, passed down by the women of "
    "the village",
    "VN": "Hmong wax-resist batik drawn with beeswax and dyed in home-grown indigo",
    "TH": "Northern Thai teen jok, the supplementary-weft hem of the pha sin skirt",
    "MY": "The awan larat (trailing cloud) scroll of Malay woodcarving and Kelantan batik",
    "ID": "The classical Javanese parang and kawung batik motifs, drawn by hand with a canting",
    "MM": "Bagan yun lacquerware, engraved by hand and filled with red and green pigment",
    "LA": "The naga and diamond motifs of Lao sinh skirts woven on traditional looms",
    "PH": "Ilocano inabel binakul weaving, whose swirling patterns were believed to ward "
    "off evil spirits",
    "KH": "Khmer hol silk, in which the threads are tied and dyed before weaving (ikat)",
    "BN": "Brunei jong sarat songket, woven with gold thread for weddings and ceremonies",
}

NEW_CONTRIBUTIONS: tuple[str, ...] = (
    "A new colour palette and a seamless repeat designed for contemporary fabrics.",
    "The motif is redrawn at a larger scale for wallpaper and interior use.",
    "A simplified geometric version adapted for digital printing.",
    "New motifs of local wildlife added alongside the traditional border.",
    "A modular layout designed by younger members of the collective for stationery and packaging.",
)


# --------------------------------------------------------------------------------------
# Creator names (fictional combinations of common given and family names)
# --------------------------------------------------------------------------------------

_NamePair = tuple[str, str]  # (romanised, original script)

_CN_FAMILY: tuple[_NamePair, ...] = (
    ("Li", "李"),
    ("Wang", "王"),
    ("Zhang", "张"),
    ("Chen", "陈"),
    ("Liu", "刘"),
    ("Lin", "林"),
    ("Zhou", "周"),
    ("Wu", "吴"),
    ("Xu", "许"),
    ("He", "何"),
    ("Guo", "郭"),
    ("Su", "苏"),
    ("Shen", "沈"),
    ("Tang", "唐"),
)
_CN_GIVEN: tuple[_NamePair, ...] = (
    ("Xiaoming", "晓明"),
    ("Yutong", "雨桐"),
    ("Zihan", "子涵"),
    ("Siyuan", "思远"),
    ("Jiayi", "嘉怡"),
    ("Wenbo", "文博"),
    ("Ruoxi", "若溪"),
    ("Haoran", "浩然"),
    ("Qingyun", "青云"),
    ("Mengyao", "梦瑶"),
    ("Zhiyuan", "致远"),
    ("Shuning", "书宁"),
)
_VN_FAMILY: tuple[str, ...] = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Phan",
)
_VN_GIVEN: tuple[str, ...] = (
    "Thị Mai",
    "Văn Hùng",
    "Minh Anh",
    "Thu Hà",
    "Quốc Bảo",
    "Ngọc Lan",
    "Đức Thắng",
    "Thanh Hương",
    "Hải Yến",
    "Gia Huy",
    "Khánh Linh",
    "Tuấn Kiệt",
)
_TH_GIVEN: tuple[_NamePair, ...] = (
    ("Somchai", "สมชาย"),
    ("Ratana", "รัตนา"),
    ("Pricha", "ปรีชา"),
    ("Wanphen", "วันเพ็ญ"),
    ("Arunee", "อรุณี"),
    ("Kitti", "กิตติ"),
    ("Napha", "นภา"),
    ("Thana", "ธนา"),
    ("Siriporn", "ศิริพร"),
    ("Anan", "อนันต์"),
    ("Kanokwan", "กนกวรรณ"),
    ("Chatchai", "ฉัตรชัย"),
)
_TH_FAMILY: tuple[_NamePair, ...] = (
    ("Srisuk", "ศรีสุข"),
    ("Wongyai", "วงศ์ใหญ่"),
    ("Kaewmanee", "แก้วมณี"),
    ("Thongdee", "ทองดี"),
    ("Boonma", "บุญมา"),
    ("Chanphen", "จันทร์เพ็ญ"),
    ("Saengthong", "แสงทอง"),
    ("Phromma", "พรหมมา"),
)
_ID_GIVEN: tuple[str, ...] = (
    "Ayu",
    "Budi",
    "Rina",
    "Agus",
    "Putri",
    "Wahyu",
    "Indah",
    "Rizky",
    "Fajar",
    "Sekar",
    "Bayu",
    "Laras",
)
_ID_FAMILY: tuple[str, ...] = (
    "Pratiwi",
    "Santoso",
    "Wulandari",
    "Setiawan",
    "Maharani",
    "Hidayat",
    "Kusuma",
    "Saputra",
    "Wibowo",
    "Permata",
    "Siregar",
    "Nasution",
)
_MM_PARTS_1: tuple[_NamePair, ...] = (
    ("Aung", "အောင်"),
    ("Khin", "ခင်"),
    ("Zaw", "ဇော်"),
    ("Thiri", "သီရိ"),
    ("Hnin", "နှင်း"),
    ("Kyaw", "ကျော်"),
    ("Myat", "မြတ်"),
    ("Win", "ဝင်း"),
    ("Su", "စု"),
    ("Moe", "မိုး"),
    ("Htet", "ထက်"),
    ("Yadanar", "ရတနာ"),
)
_MM_PARTS_2: tuple[_NamePair, ...] = (
    ("Min", "မင်း"),
    ("Wai", "ဝေ"),
    ("Naing", "နိုင်"),
    ("Thu", "သူ"),
    ("Tun", "ထွန်း"),
    ("Zin", "ဇင်"),
    ("Lwin", "လွင်"),
    ("Phyu", "ဖြူ"),
    ("Nwe", "နွယ်"),
    ("Oo", "ဦး"),
    ("Thant", "သန့်"),
    ("Myint", "မြင့်"),
)
_LA_GIVEN: tuple[_NamePair, ...] = (
    ("Somphone", "ສົມພອນ"),
    ("Bounmy", "ບຸນມີ"),
    ("Khamphone", "ຄຳພອນ"),
    ("Vanna", "ວັນນາ"),
    ("Sida", "ສີດາ"),
    ("Phonsavanh", "ພອນສະຫວັນ"),
    ("Sengdao", "ແສງດາວ"),
    ("Chanthala", "ຈັນທະລາ"),
    ("Noy", "ນ້ອຍ"),
    ("Keo", "ແກ້ວ"),
)
_LA_FAMILY: tuple[_NamePair, ...] = (
    ("Phommavong", "ພົມມະວົງ"),
    ("Sisouvanh", "ສີສຸວັນ"),
    ("Keomany", "ແກ້ວມະນີ"),
    ("Vongsa", "ວົງສາ"),
    ("Khounphila", "ຄຸນພິລາ"),
    ("Souliya", "ສຸລິຍະ"),
    ("Inthavong", "ອິນທະວົງ"),
    ("Xayavong", "ໄຊຍະວົງ"),
)
_PH_GIVEN: tuple[str, ...] = (
    "Andres",
    "Liza",
    "Paolo",
    "Joanna",
    "Ramon",
    "Bea",
    "Carlo",
    "Mika",
    "Jose",
    "Ana",
    "Miguel",
    "Teresa",
)
_PH_FAMILY: tuple[str, ...] = (
    "Dela Cruz",
    "Santos",
    "Reyes",
    "Bautista",
    "Mendoza",
    "Villanueva",
    "Garcia",
    "Navarro",
    "Ocampo",
    "Manalo",
    "Soriano",
    "Pascual",
)
_KH_FAMILY: tuple[_NamePair, ...] = (
    ("Sok", "សុខ"),
    ("Chan", "ចាន់"),
    ("Keo", "កែវ"),
    ("Heng", "ហេង"),
    ("Meas", "មាស"),
    ("Chhim", "ឈឹម"),
    ("Prak", "ប្រាក់"),
    ("Ouk", "អ៊ុក"),
)
_KH_GIVEN: tuple[_NamePair, ...] = (
    ("Sreypov", "ស្រីពៅ"),
    ("Dara", "ដារ៉ា"),
    ("Sophea", "សុភា"),
    ("Vichet", "វិចិត្រ"),
    ("Chanthou", "ចន្ធូ"),
    ("Rathana", "រតនា"),
    ("Bora", "បូរ៉ា"),
    ("Sophal", "សុផល"),
    ("Pisey", "ពិសី"),
    ("Sokha", "សុខា"),
)
_FULL_NAMES: dict[str, tuple[str, ...]] = {
    "MY": (
        "Aisyah Rahman",
        "Farid Ismail",
        "Siti Hajar Yusof",
        "Tan Mei Ling",
        "Kavitha Raj",
        "Hafiz Kamarudin",
        "Lim Wei Jie",
        "Zulaikha Hamid",
        "Arjun Pillai",
        "Amirul Hakim",
        "Wong Siew Lan",
        "Nadia Zainal",
    ),
    "SG": (
        "Tan Wei Ming",
        "Nurhidayah Salleh",
        "Priya Nair",
        "Lim Jia Hui",
        "Daniel Ong",
        "Siti Rahimah",
        "Marcus Chua",
        "Rachel Goh",
        "Farhan Aziz",
        "Vanessa Teo",
        "Ravi Subramaniam",
        "Chloe Ng",
    ),
    "BN": (
        "Awang Khairul Azmi",
        "Dayang Siti Aminah",
        "Awang Hazwan",
        "Dayang Nurul Ain",
        "Dayang Rosnah",
        "Awang Firdaus",
        "Dayang Zuraidah",
        "Awang Haziq",
    ),
}


def _person_name(country: str, rng: random.Random) -> _NamePair:
    """A fictional personal name as (romanised, original script) for ``country``."""
    if country == "CN":
        family, given = rng.choice(_CN_FAMILY), rng.choice(_CN_GIVEN)
        return f"{family[0]} {given[0]}", family[1] + given[1]
    if country == "VN":
        name = f"{rng.choice(_VN_FAMILY)} {rng.choice(_VN_GIVEN)}"
        return name, name
    if country == "TH":
        given, family = rng.choice(_TH_GIVEN), rng.choice(_TH_FAMILY)
        return f"{given[0]} {family[0]}", f"{given[1]} {family[1]}"
    if country == "ID":
        name = f"{rng.choice(_ID_GIVEN)} {rng.choice(_ID_FAMILY)}"
        return name, name
    if country == "MM":
        parts = [rng.choice(_MM_PARTS_1), rng.choice(_MM_PARTS_2)]
        if rng.random() < 0.4:
            parts.append(rng.choice(_MM_PARTS_2))
        return " ".join(p[0] for p in parts), "".join(p[1] for p in parts)
    if country == "LA":
        given, family = rng.choice(_LA_GIVEN), rng.choice(_LA_FAMILY)
        return f"{given[0]} {family[0]}", f"{given[1]} {family[1]}"
    if country == "PH":
        name = f"{rng.choice(_PH_GIVEN)} {rng.choice(_PH_FAMILY)}"
        return name, name
    if country == "KH":
        family, given = rng.choice(_KH_FAMILY), rng.choice(_KH_GIVEN)
        return f"{family[0]} {given[0]}", f"{family[1]} {given[1]}"
    name = rng.choice(_FULL_NAMES[country])
    return name, name


# --------------------------------------------------------------------------------------
# Hero works: hand-written titles and synopses, listed first
# --------------------------------------------------------------------------------------


def _hero(
    key: str,
    holder: str,
    work_type: str,
    year: int,
    roles: tuple[str, ...],
    subjects: tuple[str, ...],
    titles: Translations,
    synopsis: dict[str, str],
    folk: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A hero work spec; ``generate_works`` adds dates, creators, shares and identifiers."""
    return {
        "key": key,
        "holder": holder,
        "work_type": work_type,
        "year": year,
        "roles": roles,
        "subjects": list(subjects),
        "titles": titles,
        "synopsis": synopsis,
        "folk": folk,
    }


HERO_WORKS: list[dict[str, Any]] = [
    # --- China -----------------------------------------------------------------------
    _hero(
        "lone-sword-cold-river",
        "zhou-mobai",
        "literary",
        2016,
        (_A,),
        ("wuxia", "martial-arts", "history", "fiction"),
        _t(
            zh_hans="孤剑寒江",
            zh_hant="孤劍寒江",
            en="Lone Sword, Cold River",
            vi="Cô kiếm hàn giang",
            th="กระบี่เดียวดายกลางสายน้ำเย็น",
            ms="Pedang Tunggal di Sungai Dingin",
            id="Pedang Tunggal di Sungai yang Dingin",
            my="မြစ်အေးပေါ်က ဓားတစ်စင်း",
            lo="ດາບດຽວດາຍແຫ່ງແມ່ນ້ຳເຢັນ",
            fil="Ang Nag-iisang Espada sa Malamig na Ilog",
            km="ដាវឯកានៅទន្លេត្រជាក់",
        ),
        {
            "zh-hans": "南宋末年，一位隐居江南的剑客为保护一部失传的琴谱，被迫重出江湖。",
            "en": "In the last years of the Southern Song, a swordsman living in seclusion "
            "south of the Yangtze is drawn back into the martial world to protect a "
            "lost zither score.",
        },
    ),
    _hero(
        "grandmas-moon-boat",
        "qinghe-childrens-press",
        "literary",
        2019,
        (_A, _I),
        ("children", "picture-book", "family", "festivals"),
        _t(
            zh_hans="外婆的月亮船",
            zh_hant="外婆的月亮船",
            en="Grandma's Moon Boat",
            vi="Con thuyền trăng của bà ngoại",
            th="เรือพระจันทร์ของคุณยาย",
            ms="Perahu Bulan Nenek",
            id="Perahu Bulan Milik Nenek",
            my="အဖွား၏ လမင်းလှေ",
            lo="ເຮືອດວງເດືອນຂອງແມ່ຕູ້",
            fil="Ang Bangkang-Buwan ni Lola",
            km="ទូកព្រះចន្ទរបស់លោកយាយ",
        ),
        {
            "zh-hans": "每逢中秋，外婆都会折一只纸船，说它能把思念送到月亮上。"
            "小满决定坐上这只船，去看望远方的妈妈。",
            "en": "Every Mid-Autumn Festival, Grandma folds a paper boat that she says can "
            "carry longing to the moon. Xiaoman decides to ride it to visit her mother "
            "far away.",
        },
    ),
    _hero(
        "star-river-postman",
        "yunxiu-literature-press",
        "literary",
        2021,
        (_A,),
        ("science-fiction", "fiction", "loneliness"),
        _t(
            zh_hans="星河邮差",
            zh_hant="星河郵差",
            en="The Star River Postman",
            vi="Người đưa thư sông Ngân",
            th="บุรุษไปรษณีย์แห่งทางช้างเผือก",
            ms="Posmen Bima Sakti",
            id="Tukang Pos Bima Sakti",
            my="နဂါးငွေ့တန်းမှ စာပို့သမား",
            lo="ບຸລຸດໄປສະນີແຫ່ງທາງຊ້າງເຜືອກ",
            fil="Ang Kartero ng Ilog ng mga Bituin",
            km="អ្នកនាំសំបុត្រនៃទន្លេផ្កាយ",
        ),
        {
            "zh-hans": "在一座被遗弃的空间站上，最后一位邮差仍在为远行的人们投递来自地球的信件。",
            "en": "On an abandoned space station, the last postman is still delivering "
            "letters from Earth to people who have travelled on.",
        },
    ),
    _hero(
        "canteen-of-mountains-and-seas",
        "qingwa-animation",
        "comic",
        2020,
        (_A, _I),
        ("mythology", "food", "fantasy", "comics"),
        _t(
            zh_hans="山海食堂",
            zh_hant="山海食堂",
            en="Canteen of Mountains and Seas",
            vi="Quán ăn Sơn Hải",
            th="โรงอาหารแห่งขุนเขาและท้องทะเล",
            ms="Kantin Gunung dan Laut",
            id="Kantin Gunung dan Lautan",
            my="တောင်နှင့် ပင်လယ် စားသောက်ဆိုင်",
            lo="ໂຮງອາຫານແຫ່ງພູເຂົາ ແລະ ທະເລ",
            fil="Ang Kantina ng Bundok at Dagat",
            km="អាហារដ្ឋានភ្នំ និងសមុទ្រ",
        ),
        {
            "zh-hans": "一家只在深夜营业的小食堂，专为《山海经》里的神兽做饭。",
            "en": "A tiny canteen that opens only after midnight cooks for the mythical "
            "beasts of the Classic of Mountains and Seas.",
        },
    ),
    _hero(
        "little-stone-lion",
        "qingwa-animation",
        "audiovisual",
        2022,
        (_D, _A),
        ("animation", "children", "festivals", "series"),
        _t(
            zh_hans="小石狮",
            zh_hant="小石獅",
            en="The Little Stone Lion",
            vi="Chú sư tử đá nhỏ",
            th="สิงโตหินน้อย",
            ms="Singa Batu Kecil",
            id="Si Singa Batu Kecil",
            my="ကျောက်ခြင်္သေ့လေး",
            lo="ສິງໂຕຫີນນ້ອຍ",
            fil="Ang Munting Leong Bato",
            km="សត្វតោថ្មតូច",
        ),
        {
            "zh-hans": "一只守护胡同的小石狮在元宵夜醒来，和邻居孩子们一起寻找丢失的灯笼。",
            "en": "A little stone lion guarding a Beijing hutong wakes on Lantern Festival "
            "night and joins the neighbourhood children in searching for a lost "
            "lantern.",
        },
    ),
    _hero(
        "ballads-of-the-tea-hills",
        "xiange-records",
        "music",
        2018,
        (_C, _L, _P),
        ("folk-music", "tea", "album"),
        _t(
            zh_hans="茶山谣",
            zh_hant="茶山謠",
            en="Ballads of the Tea Hills",
            vi="Khúc ca đồi chè",
            th="บทเพลงแห่งดอยชา",
            ms="Balada Bukit Teh",
            id="Balada Perbukitan Teh",
            my="လက်ဖက်တောင်တန်း တေးသံများ",
            lo="ບົດເພງແຫ່ງພູຊາ",
            fil="Mga Awit ng Burol ng Tsaa",
            km="បទចម្រៀងភ្នំតែ",
        ),
        {
            "zh-hans": "以福建茶区采茶调为灵感的民谣专辑，由茶农与城市乐手共同录制。",
            "en": "A folk album inspired by the tea-picking songs of Fujian, recorded by "
            "tea farmers together with city musicians.",
        },
    ),
    _hero(
        "photo-studio-by-the-river",
        "cangling-pictures",
        "audiovisual",
        2023,
        (_D, _A),
        ("feature-film", "memory", "city"),
        _t(
            zh_hans="江边照相馆",
            zh_hant="江邊照相館",
            en="The Photo Studio by the River",
            vi="Tiệm ảnh bên sông",
            th="ร้านถ่ายรูปริมแม่น้ำ",
            ms="Studio Foto di Tepi Sungai",
            id="Studio Foto Tepi Sungai",
            my="မြစ်ကမ်းဘေးက ဓာတ်ပုံဆိုင်",
            lo="ຮ້ານຖ່າຍຮູບແຄມແມ່ນ້ຳ",
            fil="Ang Studio ng Larawan sa Tabing-Ilog",
            km="ហាងថតរូបនៅមាត់ទន្លេ",
        ),
        {
            "zh-hans": "一家即将拆迁的老照相馆里，摄影师整理三十年来未被取走的照片，"
            "并逐一寻找照片的主人。",
            "en": "In an old photo studio facing demolition, a photographer sorts through "
            "thirty years of uncollected portraits and sets out to find their owners.",
        },
    ),
    _hero(
        "butterfly-mother-embroidery",
        "bainiao-embroidery-cooperative",
        "craft",
        2017,
        (_DS,),
        ("embroidery", "textile", "mythology", "heritage"),
        _t(
            zh_hans="蝴蝶妈妈刺绣纹样",
            zh_hant="蝴蝶媽媽刺繡紋樣",
            en="Butterfly Mother Embroidery Pattern",
            vi="Họa tiết thêu Mẹ Bướm",
            th="ลายปักแม่ผีเสื้อ",
            ms="Corak Sulaman Ibu Rama-rama",
            id="Motif Sulaman Ibu Kupu-kupu",
            my="လိပ်ပြာမိခင် ပန်းထိုးဒီဇိုင်း",
            lo="ລາຍປັກແມ່ແມງກະເບື້ອ",
            fil="Burda ng Inang Paruparo",
            km="ក្បាច់ប៉ាក់មេអំបៅម្ដាយ",
        ),
        {
            "zh-hans": "取材于苗族创世传说中的“蝴蝶妈妈”，"
            "以贵州苗族盛装上的挑花针法重新设计的刺绣图样。",
            "en": "An embroidery pattern based on the Butterfly Mother of Miao creation "
            "stories, redesigned from the cross-stitch of Guizhou Miao festival "
            "jackets.",
        },
        folk={
            "traditional_element": "The Butterfly Mother of Miao creation stories and the "
            "dense cross-stitch of Guizhou Miao festival jackets",
            "new_contribution": "Redrawn as a single large-scale panel with a restricted "
            "five-colour palette for fashion prints",
        },
    ),
    _hero(
        "after-the-rain-tea-set",
        "qinglan-ceramics",
        "craft",
        2021,
        (_DS, _AR),
        ("ceramics", "tea", "design"),
        _t(
            zh_hans="雨过天青茶器",
            zh_hant="雨過天青茶器",
            en="After the Rain: Celadon Tea Set Design",
            vi="Bộ ấm trà Trời xanh sau mưa",
            th="ชุดน้ำชาฟ้าหลังฝน",
            ms="Set Teh Langit Selepas Hujan",
            id="Set Teh Langit Setelah Hujan",
            my="မိုးတိတ်ပြီးနောက် ကောင်းကင် လက်ဖက်ရည်အစုံ",
            lo="ຊຸດຈອກຊາທ້ອງຟ້າຫຼັງຝົນ",
            fil="Set ng Tsaa na Langit Pagkatapos ng Ulan",
            km="ឈុតតែមេឃក្រោយភ្លៀង",
        ),
        {
            "zh-hans": "以“雨过天青”的青瓷釉色为灵感设计的一套茶器，器型简洁，适合日常使用。",
            "en": "A tea set design inspired by the sky-after-rain celadon glaze, with "
            "simple forms made for everyday use.",
        },
    ),
    _hero(
        "twenty-four-solar-terms",
        "lin-xiaolan",
        "fine_art",
        2020,
        (_AR,),
        ("watercolour", "seasons", "nature"),
        _t(
            zh_hans="二十四节气水彩",
            zh_hant="二十四節氣水彩",
            en="The Twenty-Four Solar Terms in Watercolour",
            vi="Hai mươi bốn tiết khí qua tranh màu nước",
            th="ภาพสีน้ำ 24 ช่วงฤดูกาลตามปฏิทินจีน",
            ms="Dua Puluh Empat Musim Suria dalam Cat Air",
            id="Dua Puluh Empat Musim Matahari dalam Cat Air",
            my="ရာသီဥတု အပိုင်း နှစ်ဆယ့်လေးပိုင်း ရေဆေးပန်းချီ",
            lo="ພາບສີນ້ຳ 24 ລະດູການຕາມປະຕິທິນຈີນ",
            fil="Ang Dalawampu't Apat na Panahon sa Watercolor",
            km="គំនូរពណ៌ទឹកនៃរដូវកាលទាំង ២៤ តាមប្រតិទិនចិន",
        ),
        {
            "zh-hans": "二十四幅水彩画，描绘每个节气里的花草、农事与餐桌。",
            "en": "Twenty-four watercolours showing the plants, farm work and meals of "
            "each solar term of the Chinese calendar.",
        },
    ),
    # --- Viet Nam --------------------------------------------------------------------
    _hero(
        "thach-sanh-magic-lute",
        "pho-co-comics",
        "comic",
        2019,
        (_A, _I),
        ("folklore", "children", "comics"),
        _t(
            vi="Thạch Sanh và cây đàn thần",
            zh_hans="石生与神琴",
            zh_hant="石生與神琴",
            en="Thach Sanh and the Magic Lute",
            th="Thach Sanh กับพิณวิเศษ",
            ms="Thach Sanh dan Kecapi Ajaib",
            id="Thach Sanh dan Kecapi Sakti",
            my="Thach Sanh နှင့် မှော်စောင်း",
            lo="Thach Sanh ກັບພິນວິເສດ",
            fil="Si Thach Sanh at ang Mahiwagang Lute",
            km="Thach Sanh និងចាប៉ីវេទមន្ត",
        ),
        {
            "vi": "Truyện cổ tích Thạch Sanh được kể lại bằng tranh màu nước, theo chân chàng "
            "tiều phu hiền lành cùng cây đàn thần có thể hóa giải chiến tranh.",
            "en": "The Vietnamese folk tale of Thach Sanh retold in watercolour panels, "
            "following the gentle woodcutter and his magic lute that can end a war.",
            "zh-hans": "以水彩漫画重新讲述越南民间故事《石生》：善良的樵夫和他能平息战争的神琴。",
        },
    ),
    _hero(
        "last-kapok-season",
        "sen-hong-publishing",
        "literary",
        2015,
        (_A,),
        ("fiction", "family", "rural-life"),
        _t(
            vi="Mùa hoa gạo cuối cùng",
            zh_hans="最后的木棉花季",
            zh_hant="最後的木棉花季",
            en="The Last Kapok Season",
            th="ฤดูดอกงิ้วสุดท้าย",
            ms="Musim Bunga Kekabu Terakhir",
            id="Musim Bunga Randu Terakhir",
            my="နောက်ဆုံး လက်ပံပွင့်ရာသီ",
            lo="ລະດູດອກງິ້ວສຸດທ້າຍ",
            fil="Ang Huling Panahon ng Kapok",
            km="រដូវផ្ការកាចុងក្រោយ",
        ),
        {
            "vi": "Ở một làng ven sông Đà, ba thế hệ phụ nữ chờ người đàn ông đi xa trở về "
            "trong mùa hoa gạo cuối cùng trước khi làng chìm dưới lòng hồ thủy điện.",
            "en": "In a village on the Da River, three generations of women wait for a man "
            "to return during the last kapok season before the village is flooded by "
            "a hydroelectric reservoir.",
            "zh-hans": "在沱江边的一个村庄，三代女性在村子被水电站水库淹没前的最后一个木棉花季里，"
            "等待远行的男人归来。",
        },
    ),
    _hero(
        "indigo-snail-spiral",
        "ban-may-indigo-cooperative",
        "craft",
        2018,
        (_DS,),
        ("batik", "textile", "indigo", "heritage"),
        _t(
            vi="Hoa văn xoắn ốc chàm",
            zh_hans="靛蓝螺旋纹",
            zh_hant="靛藍螺旋紋",
            en="Indigo Snail Spiral",
            th="ลายก้นหอยสีคราม",
            ms="Motif Pilin Siput Nila",
            id="Motif Spiral Siput Nila",
            my="မဲနယ်ရောင် ခရုခွံဝဲပုံ",
            lo="ລາຍກົ້ນຫອຍສີຄາມ",
            fil="Indigong Espiral ng Suso",
            km="ក្បាច់ខ្យងវិលពណ៌ខៀវចាស់",
        ),
        {
            "vi": "Hoa văn xoắn ốc vẽ bằng sáp ong trên vải lanh nhuộm chàm, biểu tượng cho sự "
            "nối tiếp của gia đình trong văn hóa người Hmông.",
            "en": "A spiral drawn in beeswax on indigo-dyed hemp, the Hmong symbol of family "
            "continuity.",
            "zh-hans": "在靛蓝染的麻布上以蜂蜡绘制的螺旋纹，是赫蒙族象征家族延续的图案。",
        },
        folk={
            "traditional_element": "Hmong wax-resist batik drawn with beeswax and dyed in "
            "home-grown indigo, using the snail-shell spiral that "
            "stands for family continuity",
            "new_contribution": "Spirals re-spaced into a repeat suitable for bed linen and "
            "cushion covers, with a second colourway in ochre",
        },
    ),
    _hero(
        "lullabies-of-the-flood-season",
        "may-trang-records",
        "music",
        2022,
        (_C, _P),
        ("folk-music", "lullaby", "mekong", "album"),
        _t(
            vi="Ru con mùa nước nổi",
            zh_hans="汛期摇篮曲",
            zh_hant="汛期搖籃曲",
            en="Lullabies of the Flood Season",
            th="เพลงกล่อมลูกฤดูน้ำหลาก",
            ms="Lagu Dodoi Musim Air Bah",
            id="Lagu Nina Bobo Musim Banjir",
            my="ရေကြီးရာသီ ပုခက်တေးများ",
            lo="ເພງກ່ອມລູກລະດູນ້ຳຫຼາກ",
            fil="Mga Oyayi sa Panahon ng Baha",
            km="ចម្រៀងបំពេរកូនរដូវទឹកឡើង",
        ),
        {
            "vi": "Những điệu hò và lời ru Nam Bộ được phối mới với đàn kìm, đàn tranh và "
            "tiếng mưa thật thu tại miền Tây.",
            "en": "Southern Vietnamese work songs and lullabies re-arranged for moon lute, "
            "zither and field recordings of rain in the Mekong Delta.",
            "zh-hans": "越南南部的号子与摇篮曲，以月琴、筝和湄公河三角洲实地录制的雨声重新编曲。",
        },
    ),
    _hero(
        "ferryman-of-the-bassac",
        "gio-nam-films",
        "audiovisual",
        2024,
        (_D, _A),
        ("feature-film", "mekong", "ageing"),
        _t(
            vi="Người lái đò sông Hậu",
            zh_hans="后江摆渡人",
            zh_hant="後江擺渡人",
            en="The Ferryman of the Bassac River",
            th="คนแจวเรือจ้างแห่งแม่น้ำบาสัก",
            ms="Tukang Perahu Sungai Bassac",
            id="Tukang Perahu dari Sungai Bassac",
            my="ဘာဆက်မြစ်မှ ကူးတို့သမား",
            lo="ຄົນແຈວເຮືອຈ້າງແຫ່ງແມ່ນ້ຳບາສັກ",
            fil="Ang Bangkero ng Ilog Bassac",
            km="អ្នកចែវទូកចម្លងនៃទន្លេបាសាក់",
        ),
        {
            "vi": "Một người lái đò già trên sông Hậu chở khách qua sông suốt bốn mươi năm, "
            "cho đến ngày cây cầu mới khánh thành.",
            "en": "An old ferryman has carried passengers across the Hau River for forty "
            "years, until the day a new bridge opens.",
            "zh-hans": "一位老摆渡人在后江上摆渡了四十年，直到新桥通车的那一天。",
        },
    ),
    # --- Thailand --------------------------------------------------------------------
    _hero(
        "letters-from-the-rice-fields",
        "dao-thung-records",
        "music",
        2021,
        (_C, _L, _P),
        ("luk-thung", "migration", "album"),
        _t(
            th="จดหมายจากท้องนา",
            zh_hans="来自稻田的信",
            zh_hant="來自稻田的信",
            en="Letters from the Rice Fields",
            vi="Những lá thư từ cánh đồng",
            ms="Surat dari Sawah",
            id="Surat-surat dari Sawah",
            my="လယ်ကွင်းမှ စာများ",
            lo="ຈົດໝາຍຈາກທົ່ງນາ",
            fil="Mga Liham mula sa Palayan",
            km="សំបុត្រពីវាលស្រែ",
        ),
        {
            "th": "อัลบั้มลูกทุ่งที่เล่าเรื่องหนุ่มสาวอีสานซึ่งจากบ้านไปทำงานในกรุงเทพฯ "
            "ผ่านเสียงพิณ แคน และเครื่องสายสมัยใหม่",
            "en": "A luk thung album about young people from Isan who leave home to work "
            "in Bangkok, told through phin, khaen and modern strings.",
            "zh-hans": "一张泰国乡村音乐（Luk Thung）专辑，以弹拨乐器“宾”、竹笙与现代弦乐，"
            "讲述离开伊森家乡前往曼谷打工的年轻人。",
        },
    ),
    _hero(
        "twin-birds-teen-jok",
        "ban-ton-yang-silk-collective",
        "craft",
        2019,
        (_DS,),
        ("silk", "textile", "weddings", "heritage"),
        _t(
            th="ผ้าซิ่นตีนจกลายนกคู่",
            zh_hans="双鸟纹挑花裙边图样",
            zh_hant="雙鳥紋挑花裙邊圖樣",
            en="Twin Birds Teen Jok Pattern",
            vi="Họa tiết đôi chim trên viền váy Teen Jok",
            ms="Corak Burung Berpasangan Teen Jok",
            id="Motif Sepasang Burung Teen Jok",
            my="ငှက်စုံ တင်ဂျော့ ဒီဇိုင်း",
            lo="ລາຍນົກຄູ່ຕີນຈົກ",
            fil="Disenyong Magkapares na Ibon ng Teen Jok",
            km="ក្បាច់បក្សីគូ Teen Jok",
        ),
        {
            "th": "ลายตีนจกรูปนกคู่ที่ใช้ในงานแต่งงานแบบล้านนา ทอด้วยไหมย้อมสีธรรมชาติ",
            "en": "A teen jok hem with the twin-bird layout used at Lanna weddings, woven "
            "in naturally dyed silk.",
            "zh-hans": "兰纳婚礼上使用的双鸟纹“底缘挑花”裙边，以天然染色的丝线织成。",
        },
        folk={
            "traditional_element": "Northern Thai teen jok, the supplementary-weft hem of the "
            "pha sin skirt, in the twin-bird layout used at Lanna "
            "weddings",
            "new_contribution": "Birds redrawn in a lighter line and the hem extended into an "
            "all-over repeat in three colourways for scarves",
        },
    ),
    _hero(
        "little-elephant-postman",
        "chang-noi-studio",
        "comic",
        2020,
        (_A, _I),
        ("children", "animals", "comics"),
        _t(
            th="ช้างน้อยส่งจดหมาย",
            zh_hans="小象邮递员",
            zh_hant="小象郵遞員",
            en="The Little Elephant Postman",
            vi="Chú voi nhỏ đưa thư",
            ms="Posmen Gajah Kecil",
            id="Gajah Kecil Pengantar Surat",
            my="စာပို့ဆင်ကလေး",
            lo="ຊ້າງນ້ອຍສົ່ງຈົດໝາຍ",
            fil="Ang Munting Elepanteng Kartero",
            km="ដំរីតូចអ្នកនាំសំបុត្រ",
        ),
        {
            "th": "ช้างน้อยตัวหนึ่งรับหน้าที่ส่งจดหมายให้หมู่บ้านบนดอยในฤดูฝน เมื่อถนนถูกน้ำพัดขาด",
            "en": "When monsoon floods wash out the road, a little elephant takes on the job "
            "of delivering the mail to a hill village.",
            "zh-hans": "雨季山路被冲断后，一头小象担起了为山村送信的任务。",
        },
    ),
    _hero(
        "canal-of-memories",
        "rimnam-films",
        "audiovisual",
        2023,
        (_D,),
        ("feature-film", "family", "city"),
        _t(
            th="คลองแห่งความทรงจำ",
            zh_hans="记忆中的运河",
            zh_hant="記憶中的運河",
            en="Canal of Memories",
            vi="Con kênh của ký ức",
            ms="Terusan Kenangan",
            id="Kanal Kenangan",
            my="အမှတ်တရ တူးမြောင်း",
            lo="ຄອງແຫ່ງຄວາມຊົງຈຳ",
            fil="Ang Kanal ng mga Alaala",
            km="ព្រែកនៃអនុស្សាវរីយ៍",
        ),
        {
            "th": "ครอบครัวชาวสวนริมคลองฝั่งธนบุรีต้องตัดสินใจว่าจะขายที่ดินผืนสุดท้ายให้โครงการคอนโดหรือไม่",
            "en": "A family of Thonburi canal-side orchard keepers must decide whether to "
            "sell their last plot of land to a condominium developer.",
            "zh-hans": "吞武里运河边的一户果园人家，必须决定是否把最后一块土地卖给公寓开发商。",
        },
    ),
    _hero(
        "wooden-house-at-the-fields-edge",
        "bai-lan-press",
        "literary",
        2017,
        (_A,),
        ("fiction", "education", "rural-life"),
        _t(
            th="บ้านไม้ชายทุ่ง",
            zh_hans="田边的木屋",
            zh_hant="田邊的木屋",
            en="The Wooden House at the Field's Edge",
            vi="Ngôi nhà gỗ bên cánh đồng",
            ms="Rumah Kayu di Pinggir Sawah",
            id="Rumah Kayu di Tepi Sawah",
            my="လယ်ကွင်းစပ်က သစ်သားအိမ်",
            lo="ເຮືອນໄມ້ແຄມທົ່ງ",
            fil="Ang Bahay na Kahoy sa Gilid ng Bukid",
            km="ផ្ទះឈើនៅជាយវាលស្រែ",
        ),
        {
            "th": "เรื่องราวของครูสาวที่ย้ายไปสอนในโรงเรียนเล็ก ๆ ในภาคอีสาน และค่อย ๆ กลายเป็นส่วนหนึ่งของหมู่บ้าน",
            "en": "A young teacher moves to a small school in Isan and slowly becomes part "
            "of the village.",
            "zh-hans": "一位年轻女教师调到伊森一所小学任教，渐渐融入了村庄的生活。",
        },
    ),
    # --- Malaysia --------------------------------------------------------------------
    _hero(
        "morning-cloud-scroll-batik",
        "east-coast-batik-cooperative",
        "craft",
        2020,
        (_DS,),
        ("batik", "textile", "heritage"),
        _t(
            ms="Batik Awan Larat Pagi",
            zh_hans="晨云蔓卷纹蜡染",
            zh_hant="晨雲蔓捲紋蠟染",
            en="Morning Cloud-Scroll Batik",
            vi="Batik mây cuộn buổi sớm",
            th="ผ้าบาติกลายเมฆม้วนยามเช้า",
            id="Batik Awan Larat di Pagi Hari",
            my="နံနက်ခင်း တိမ်လိပ် ဘတ်တိတ်",
            lo="ຜ້າບາຕິກລາຍເມກມ້ວນຍາມເຊົ້າ",
            fil="Batik ng Umiikot na Ulap sa Umaga",
            km="បាទិកក្បាច់ពពករមូរពេលព្រឹក",
        ),
        {
            "ms": "Corak batik lukis tangan yang menggabungkan motif awan larat dengan "
            "warna laut pantai timur pada waktu pagi.",
            "en": "A hand-drawn batik that pairs the trailing-cloud scroll with the colours "
            "of the east-coast sea in the morning.",
            "zh-hans": "手绘蜡染图案，将蔓卷云纹与东海岸清晨的海色相结合。",
        },
        folk={
            "traditional_element": "The awan larat (trailing cloud) scroll of Malay "
            "woodcarving and Kelantan hand-drawn batik",
            "new_contribution": "Canting lines thinned and the scroll opened into an airy "
            "half-drop repeat in a sea-glass palette",
        },
    ),
    _hero(
        "moon-kite-kid",
        "studio-gasing",
        "comic",
        2022,
        (_A, _I),
        ("kites", "family", "coming-of-age", "comics"),
        _t(
            ms="Budak Wau Bulan",
            zh_hans="月亮风筝少年",
            zh_hant="月亮風箏少年",
            en="The Moon-Kite Kid",
            vi="Cậu bé diều trăng",
            th="เด็กชายว่าวพระจันทร์",
            id="Bocah Layangan Bulan",
            my="လစွန်ကလေး",
            lo="ເດັກຊາຍວ່າວເດືອນ",
            fil="Ang Batang may Saranggolang Buwan",
            km="ក្មេងប្រុសខ្លែងព្រះចន្ទ",
        ),
        {
            "ms": "Seorang budak di Kelantan bertekad memenangi pertandingan wau bulan "
            "dengan wau buatan arwah datuknya.",
            "en": "A boy in Kelantan is determined to win the moon-kite contest with the "
            "kite his late grandfather built.",
            "zh-hans": "吉兰丹的一个男孩决心用已故祖父亲手做的月亮风筝赢得风筝比赛。",
        },
    ),
    _hero(
        "afternoon-rain-keroncong",
        "seroja-records",
        "music",
        2024,
        (_C, _L, _P),
        ("keroncong", "single"),
        _t(
            ms="Keroncong Hujan Petang",
            zh_hans="午后雨中的克隆宗",
            zh_hant="午後雨中的克隆宗",
            en="Afternoon Rain Keroncong",
            vi="Keroncong mưa chiều",
            th="เกอรนจงสายฝนยามบ่าย",
            id="Keroncong Hujan Sore",
            my="နေ့လယ်မိုး ကရွန်ကွန်း",
            lo="ເກີຣົງຈົງສາຍຝົນຍາມບ່າຍ",
            fil="Keroncong ng Ulan sa Hapon",
            km="កេរ៉ុងចុងភ្លៀងពេលរសៀល",
        ),
        {
            "ms": "Single keroncong moden yang menggabungkan ukulele, selo dan suara "
            "penyanyi muda dari Melaka.",
            "en": "A modern keroncong single that pairs ukulele and cello with a young "
            "singer from Malacca.",
            "zh-hans": "一首现代克隆宗单曲，"
            "把尤克里里、大提琴与来自马六甲的年轻歌手的声音融合在一起。",
        },
    ),
    # --- Indonesia -------------------------------------------------------------------
    _hero(
        "punakawan-take-the-train",
        "sanggar-gunungan",
        "comic",
        2021,
        (_A, _I),
        ("wayang", "humour", "city", "comics"),
        _t(
            id="Punakawan Naik Kereta",
            zh_hans="潘纳卡万坐火车",
            zh_hant="潘納卡萬坐火車",
            en="The Punakawan Take the Train",
            vi="Bốn chú hề Punakawan đi tàu",
            th="ปูนากาวันขึ้นรถไฟ",
            ms="Punakawan Naik Kereta Api",
            my="ပူနာကာဝမ် ရထားစီးခြင်း",
            lo="ປູນາກາວັນຂຶ້ນລົດໄຟ",
            fil="Ang mga Punakawan sa Tren",
            km="ពួកពូណាកាវ៉ាន់ជិះរថភ្លើង",
        ),
        {
            "id": "Semar, Gareng, Petruk dan Bagong keluar dari layar wayang dan tersesat di "
            "jalur kereta komuter Jakarta.",
            "en": "Semar, Gareng, Petruk and Bagong step out of the shadow-puppet screen and "
            "get lost on Jakarta's commuter trains.",
            "zh-hans": "塞玛、加朗、佩特鲁克和巴贡从皮影幕布中走出来，在雅加达的通勤列车上迷了路。",
        },
        folk={
            "traditional_element": "The Punakawan clown-servants of Javanese wayang kulit",
            "new_contribution": "New comic adventures set in present-day Jakarta, drawn in "
            "a flat-colour style",
        },
    ),
    _hero(
        "starlit-kawung-batik",
        "kampung-sogan-batik",
        "craft",
        2022,
        (_DS,),
        ("batik", "textile", "heritage"),
        _t(
            id="Batik Kawung Lintang",
            zh_hans="星光卡旺纹蜡染",
            zh_hant="星光卡旺紋蠟染",
            en="Starlit Kawung Batik",
            vi="Batik Kawung ánh sao",
            th="บาติกลายกาวุงแสงดาว",
            ms="Batik Kawung Bintang",
            my="ကြယ်ရောင် ကာဝွန်း ဘတ်တိတ်",
            lo="ຜ້າບາຕິກລາຍກາວຸງແສງດາວ",
            fil="Batik na Kawung ng mga Bituin",
            km="បាទិកក្បាច់កាវុងពន្លឺផ្កាយ",
        ),
        {
            "id": "Batik tulis bermotif kawung dengan bintang kecil di setiap kelopak, "
            "dalam warna sogan dan biru malam.",
            "en": "A hand-drawn kawung batik with a small star in each petal, in sogan "
            "brown and midnight blue.",
            "zh-hans": "手绘卡旺纹蜡染，每片花瓣里都藏着一颗小星星，配以索甘棕与午夜蓝。",
        },
        folk={
            "traditional_element": "The kawung four-petal motif of classical Javanese "
            "batik, traditionally drawn by hand with a canting",
            "new_contribution": "Each petal carries a small star, and the sogan brown is "
            "paired with midnight blue for a night-market collection",
        },
    ),
    _hero(
        "house-at-the-end-of-the-pier",
        "lentera-nusa",
        "literary",
        2018,
        (_A,),
        ("fiction", "family", "islands"),
        _t(
            id="Rumah di Ujung Dermaga",
            zh_hans="码头尽头的房子",
            zh_hant="碼頭盡頭的房子",
            en="The House at the End of the Pier",
            vi="Ngôi nhà cuối cầu tàu",
            th="บ้านสุดปลายท่าเรือ",
            ms="Rumah di Hujung Jeti",
            my="ဆိပ်ခံတံတားအဆုံးက အိမ်",
            lo="ເຮືອນທີ່ປາຍທ່າເຮືອ",
            fil="Ang Bahay sa Dulo ng Pantalan",
            km="ផ្ទះនៅចុងផែ",
        ),
        {
            "id": "Di sebuah pulau kecil di Maluku, seorang perempuan pulang untuk menjual "
            "rumah keluarganya dan menemukan surat-surat ayahnya yang tak pernah "
            "dikirim.",
            "en": "On a small island in Maluku, a woman returns to sell her family home and "
            "finds her father's unsent letters.",
            "zh-hans": "在马鲁古的一座小岛上，一名女子回乡出售老宅，却发现了父亲从未寄出的信。",
        },
    ),
    _hero(
        "lighthouse-keepers-daughter",
        "cakrawala-timur",
        "audiovisual",
        2025,
        (_D, _A),
        ("feature-film", "children", "sea"),
        _t(
            id="Putri Penjaga Mercusuar",
            zh_hans="灯塔守护人的女儿",
            zh_hant="燈塔守護人的女兒",
            en="The Lighthouse Keeper's Daughter",
            vi="Con gái người gác hải đăng",
            th="ลูกสาวผู้เฝ้าประภาคาร",
            ms="Anak Perempuan Penjaga Rumah Api",
            my="မီးပြတိုက်စောင့်၏ သမီး",
            lo="ລູກສາວຜູ້ເຝົ້າປະພາຄານ",
            fil="Ang Anak ng Tagabantay ng Parola",
            km="កូនស្រីអ្នកយាមប៉មភ្លើងហ្វារ",
        ),
        {
            "id": "Seorang gadis berusia dua belas tahun menjaga mercusuar di Selat Sunda "
            "seorang diri ketika ayahnya jatuh sakit.",
            "en": "A twelve-year-old girl keeps a lighthouse in the Sunda Strait running on "
            "her own when her father falls ill.",
            "zh-hans": "父亲病倒后，一个十二岁的女孩独自守护着巽他海峡的灯塔。",
        },
    ),
    # --- Myanmar ---------------------------------------------------------------------
    _hero(
        "lotus-and-hamsa-lacquerware",
        "ngwe-la-min-lacquer",
        "craft",
        2016,
        (_DS, _AR),
        ("lacquerware", "heritage", "design"),
        _t(
            my="ကြာပန်းနှင့် ဟင်္သာ ယွန်းထည်ဒီဇိုင်း",
            zh_hans="莲花与神鹅漆器设计",
            zh_hant="蓮花與神鵝漆器設計",
            en="Lotus and Hamsa Lacquerware Design",
            vi="Thiết kế sơn mài Hoa sen và Thiên nga thần",
            th="ลวดลายเครื่องเขินดอกบัวและหงส์",
            ms="Reka Bentuk Lakuer Teratai dan Hamsa",
            id="Desain Pernis Teratai dan Hamsa",
            lo="ລວດລາຍເຄື່ອງເຂີນດອກບົວ ແລະ ຫົງ",
            fil="Disenyong Lacquerware ng Lotus at Hamsa",
            km="ការរចនាគ្រឿងម្រ័ក្សណ៍ផ្កាឈូក និងហង្ស",
        ),
        {
            "my": "ပုဂံယွန်းထည် လက်ရာဖြင့် ကြာပန်းနှင့် ဟင်္သာငှက်ကို ထွင်းထုထားသော ဒီဇိုင်း ဖြစ်သည်။",
            "en": "A Bagan lacquerware design in which lotus flowers and the hamsa bird are "
            "engraved by hand.",
            "zh-hans": "以蒲甘漆器手工刻绘莲花与神鹅（罕萨鸟）的设计。",
        },
        folk={
            "traditional_element": "Bagan yun lacquerware, engraved by hand through layers "
            "of black lacquer and filled with red and green pigment, "
            "with the hamsa bird of Mon and Bamar tradition",
            "new_contribution": "The engraved frieze is adapted into a flat vector pattern "
            "for tableware and stationery, with a reduced three-colour "
            "scheme",
        },
    ),
    _hero(
        "night-songs-of-the-irrawaddy",
        "yadanar-melody",
        "music",
        2023,
        (_C, _P),
        ("hsaing-waing", "electronic", "album"),
        _t(
            my="ဧရာဝတီ ညတေး",
            zh_hans="伊洛瓦底江夜曲",
            zh_hant="伊洛瓦底江夜曲",
            en="Night Songs of the Irrawaddy",
            vi="Dạ khúc sông Irrawaddy",
            th="เพลงราตรีแห่งแม่น้ำอิระวดี",
            ms="Lagu Malam Sungai Irrawaddy",
            id="Lagu Malam Sungai Irawadi",
            lo="ເພງລາຕີແຫ່ງແມ່ນ້ຳອິລະວະດີ",
            fil="Mga Awit sa Gabi ng Irrawaddy",
            km="បទចម្រៀងរាត្រីនៃទន្លេអ៊ីរ៉ាវ៉ាឌី",
        ),
        {
            "my": "ဆိုင်းဝိုင်းနှင့် စောင်းတို့ကို ခေတ်ပေါ် အီလက်ထရောနစ်အသံများနှင့် ပေါင်းစပ်ထားသော အယ်လ်ဘမ် ဖြစ်သည်။",
            "en": "An album that blends the hsaing waing ensemble and the Burmese harp with "
            "modern electronic textures.",
            "zh-hans": "一张将缅甸赛因威因（hsaing waing）合奏与缅甸竖琴融入现代电子音色的专辑。",
        },
    ),
    _hero(
        "yangon-circle-line",
        "padauk-books",
        "literary",
        2019,
        (_A,),
        ("fiction", "city", "short-stories"),
        _t(
            my="ရန်ကုန် မြို့ပတ်ရထား",
            zh_hans="仰光环城火车",
            zh_hant="仰光環城火車",
            en="The Yangon Circle Line",
            vi="Chuyến tàu vòng quanh Yangon",
            th="รถไฟวงแหวนย่างกุ้ง",
            ms="Kereta Api Lingkaran Yangon",
            id="Kereta Lingkar Yangon",
            lo="ລົດໄຟວົງແຫວນຢ່າງກຸ້ງ",
            fil="Ang Tren na Paikot sa Yangon",
            km="រថភ្លើងជុំវិញទីក្រុងយ៉ាំងហ្គោន",
        ),
        {
            "my": "ရန်ကုန်မြို့ပတ်ရထားပေါ်တွင် တစ်နေ့တာအတွင်း ဆုံတွေ့ကြသော ခရီးသည်ဆယ်ဦး၏ ဇာတ်လမ်းများ။",
            "en": "Ten passengers whose lives cross during a single day on Yangon's "
            "circular railway.",
            "zh-hans": "十位乘客在仰光环城火车上度过的一天里，命运彼此交织。",
        },
    ),
    # --- Laos ------------------------------------------------------------------------
    _hero(
        "twin-naga-of-the-mekong",
        "ban-na-kham-weavers",
        "craft",
        2018,
        (_DS,),
        ("textile", "naga", "heritage", "mekong"),
        _t(
            lo="ລາຍນາກຄູ່ແມ່ນ້ຳຂອງ",
            zh_hans="湄公河双那伽织纹",
            zh_hant="湄公河雙那伽織紋",
            en="Twin Naga of the Mekong",
            vi="Họa tiết đôi rắn thần Naga sông Mê Kông",
            th="ลายนาคคู่แม่น้ำโขง",
            ms="Corak Naga Berkembar Mekong",
            id="Motif Naga Kembar Mekong",
            my="မဲခေါင်မြစ် နဂါးအစုံ ဒီဇိုင်း",
            fil="Disenyong Kambal na Naga ng Mekong",
            km="ក្បាច់នាគគូនៃទន្លេមេគង្គ",
        ),
        {
            "lo": "ລາຍນາກຄູ່ທີ່ເຝົ້າຮັກສາແມ່ນ້ຳ ຕ່ຳດ້ວຍມືຕາມແບບສິ້ນລາວ ບ້ານນາຄຳ ຫຼວງພະບາງ",
            "en": "A pair of naga guarding the river, hand-woven in the style of Lao sinh "
            "skirts by the women of Ban Na Kham near Luang Prabang.",
            "zh-hans": "一对守护河流的那伽，"
            "由琅勃拉邦附近纳坎村的妇女按老挝筒裙（sinh）传统手工织成。",
        },
        folk={
            "traditional_element": "Lao sinh skirt weaving with paired naga guarding the "
            "river, a motif woven for generations around Luang "
            "Prabang",
            "new_contribution": "The naga pair is redrawn with a modern line weight and set "
            "in a wide border suitable for table runners and wall "
            "hangings",
        },
    ),
    _hero(
        "khaen-at-dusk",
        "khaen-thong-records",
        "music",
        2020,
        (_P,),
        ("lam", "folk-music", "mekong", "album"),
        _t(
            lo="ແຄນຍາມແລງ",
            zh_hans="黄昏寮笙",
            zh_hant="黃昏寮笙",
            en="Khaen at Dusk",
            vi="Tiếng khèn lúc hoàng hôn",
            th="แคนยามเย็น",
            ms="Khaen pada Waktu Senja",
            id="Khaen di Kala Senja",
            my="နေဝင်ချိန် Khaen တေးသံ",
            fil="Khaen sa Takipsilim",
            km="សំឡេងខែនពេលព្រលប់",
        ),
        {
            "lo": "ອັນລະບັ້ມດົນຕີລຳພື້ນເມືອງລາວ ທີ່ບັນທຶກສຽງສົດໃນໝູ່ບ້ານແຄມແມ່ນ້ຳຂອງ",
            "en": "An album of Lao lam folk music recorded live in a village on the banks "
            "of the Mekong.",
            "zh-hans": "一张在湄公河畔村庄现场录制的老挝“兰”（lam）民间音乐专辑。",
        },
    ),
    _hero(
        "little-elephant-and-the-frangipani",
        "dok-champa-press",
        "literary",
        2021,
        (_A, _I),
        ("children", "picture-book", "festivals", "animals"),
        _t(
            lo="ຊ້າງນ້ອຍກັບດອກຈຳປາ",
            zh_hans="小象与占芭花",
            zh_hant="小象與占芭花",
            en="The Little Elephant and the Frangipani",
            vi="Voi con và hoa chăm pa",
            th="ช้างน้อยกับดอกจำปาลาว",
            ms="Anak Gajah dan Bunga Kemboja",
            id="Anak Gajah dan Bunga Kamboja",
            my="ဆင်ကလေးနှင့် တရုတ်စကားပန်း",
            fil="Ang Munting Elepante at ang Kalachuchi",
            km="កូនដំរី និងផ្កាចំប៉ា",
        ),
        {
            "lo": "ຊ້າງນ້ອຍໂຕໜຶ່ງອອກເດີນທາງໄປຊອກຫາດອກຈຳປາ ເພື່ອມອບໃຫ້ແມ່ໃນວັນບຸນປີໃໝ່",
            "en": "A little elephant sets out to find a frangipani blossom for his mother "
            "in time for Lao New Year.",
            "zh-hans": "一头小象踏上旅程，要在老挝新年前为妈妈找到一朵占芭花。",
        },
    ),
    # --- Philippines -----------------------------------------------------------------
    _hero(
        "jeepney-fairy",
        "kuwadro-komiks",
        "comic",
        2023,
        (_A, _I),
        ("komiks", "fantasy", "city", "comics"),
        _t(
            fil="Diwata ng Jeepney",
            zh_hans="吉普尼仙子",
            zh_hant="吉普尼仙子",
            en="The Jeepney Fairy",
            vi="Nàng tiên xe Jeepney",
            th="นางฟ้าแห่งรถจี๊ปนีย์",
            ms="Pari-pari Jeepney",
            id="Peri Jeepney",
            my="ဂျစ်ပနီ နတ်သမီး",
            lo="ນາງຟ້າລົດຈີບນີ",
            km="ទេពអប្សរឡានជីបនី",
        ),
        {
            "fil": "Isang diwatang naninirahan sa lumang jeepney ang tumutulong sa mga "
            "pasaherong naliligaw sa gabi-gabing biyahe sa Maynila.",
            "en": "A fairy living in an old jeepney helps lost passengers on Manila's "
            "late-night routes.",
            "zh-hans": "一位住在老吉普尼里的仙子，在马尼拉的深夜线路上帮助迷路的乘客。",
        },
    ),
    _hero(
        "binakul-waves",
        "baryo-dalan-weavers",
        "craft",
        2019,
        (_DS,),
        ("textile", "weaving", "heritage", "sea"),
        _t(
            fil="Binakul na Alon",
            zh_hans="比纳库尔波纹织布",
            zh_hant="比納庫爾波紋織布",
            en="Binakul Waves Weave",
            vi="Vải dệt Binakul sóng nước",
            th="ผ้าทอบินากุลลายคลื่น",
            ms="Tenunan Binakul Ombak",
            id="Tenun Binakul Ombak",
            my="ဘီနာကူးလ် လှိုင်းပုံ ယက်ကန်းထည်",
            lo="ຜ້າຕ່ຳບີນາກຸນລາຍຄື້ນ",
            km="សំពត់ត្បាញប៊ីណាគុលក្បាច់រលក",
        ),
        {
            "fil": "Isang habing inabel na ang umiikot na disenyong binakul ay ginawang alon "
            "na hango sa kalapit na baybayin.",
            "en": "An inabel weave in which the swirling binakul design becomes a wave "
            "inspired by the nearby coast.",
            "zh-hans": "一款伊洛卡诺“伊纳贝尔”织布，把旋涡状的比纳库尔纹样化为海岸的波浪。",
        },
        folk={
            "traditional_element": "Ilocano inabel binakul weaving, whose swirling optical "
            "patterns were traditionally believed to ward off evil "
            "spirits",
            "new_contribution": "The swirl is stretched into a wave form inspired by the "
            "nearby coast and woven in cotton-abaca blends for home "
            "textiles",
        },
    ),
    _hero(
        "letters-to-mother-from-dubai",
        "bagwis-press",
        "literary",
        2020,
        (_A,),
        ("fiction", "migration", "family"),
        _t(
            fil="Mga Liham kay Inay mula sa Dubai",
            zh_hans="从迪拜寄给妈妈的信",
            zh_hant="從杜拜寄給媽媽的信",
            en="Letters to Mother from Dubai",
            vi="Những lá thư gửi mẹ từ Dubai",
            th="จดหมายถึงแม่จากดูไบ",
            ms="Surat untuk Ibu dari Dubai",
            id="Surat-surat untuk Ibu dari Dubai",
            my="ဒူဘိုင်းမှ အမေ့ထံ စာများ",
            lo="ຈົດໝາຍເຖິງແມ່ຈາກດູໄບ",
            km="សំបុត្រផ្ញើជូនម្ដាយពីឌូបៃ",
        ),
        {
            "fil": "Sa pamamagitan ng mga liham, isinalaysay ng isang kasambahay sa Dubai ang "
            "sampung taon ng pangungulila at pag-asa para sa kanyang pamilya sa Samar.",
            "en": "Through her letters, a domestic worker in Dubai tells of ten years of "
            "homesickness and hope for her family in Samar.",
            "zh-hans": "一位在迪拜做家政工作的女子，"
            "通过一封封家书讲述了她十年来对萨马岛家人的思念与希望。",
        },
    ),
    _hero(
        "pick-me-up-at-the-pier",
        "dapithapon-films",
        "audiovisual",
        2024,
        (_D, _A),
        ("feature-film", "romance", "islands"),
        _t(
            fil="Sunduin Mo Ako sa Pantalan",
            zh_hans="来码头接我",
            zh_hant="來碼頭接我",
            en="Pick Me Up at the Pier",
            vi="Đón em ở bến tàu",
            th="มารับฉันที่ท่าเรือ",
            ms="Jemput Aku di Jeti",
            id="Jemput Aku di Dermaga",
            my="ဆိပ်ကမ်းမှာ လာကြိုပါ",
            lo="ມາຮັບຂ້ອຍທີ່ທ່າເຮືອ",
            km="មកទទួលខ្ញុំនៅកំពង់ផែ",
        ),
        {
            "fil": "Isang nars na umuwi mula London at ang bangkerong minsan niyang minahal "
            "ang muling nagkita sa pista ng kanilang isla.",
            "en": "A nurse home from London and the boatman she once loved meet again at "
            "their island's fiesta.",
            "zh-hans": "从伦敦回乡的护士与她曾深爱的船夫，在小岛的节庆上重逢。",
        },
    ),
    # --- Cambodia --------------------------------------------------------------------
    _hero(
        "sbek-thom-hanuman-crosses-the-sea",
        "moonlight-sbek-troupe",
        "audiovisual",
        2017,
        (_D, _P),
        ("shadow-puppetry", "mythology", "heritage", "performance"),
        _t(
            km="ស្បែកធំ៖ ហនុមានឆ្លងសមុទ្រ",
            zh_hans="大皮影戏：哈努曼渡海",
            zh_hant="大皮影戲：哈努曼渡海",
            en="Sbek Thom: Hanuman Crosses the Sea",
            vi="Sbek Thom: Hanuman vượt biển",
            th="หนังใหญ่: หนุมานข้ามสมุทร",
            ms="Sbek Thom: Hanuman Menyeberangi Lautan",
            id="Sbek Thom: Hanuman Menyeberangi Samudra",
            my="စဘက်သုံ: ဟနုမာန် ပင်လယ်ဖြတ်ကူးခြင်း",
            lo="ໜັງໃຫຍ່: ຫະນຸມານຂ້າມສະໝຸດ",
            fil="Sbek Thom: Ang Pagtawid ni Hanuman sa Dagat",
        ),
        {
            "km": "ខ្សែភាពយន្តដែលថតការសម្ដែងល្ខោនស្បែកធំ រឿងរាមកេរ្តិ៍ ដោយប្រើពន្លឺភ្លើង និងភ្លេងពិណពាទ្យ។",
            "en": "A film of a large shadow-puppet (sbek thom) performance of the Reamker, "
            "lit by firelight and accompanied by a pinpeat ensemble.",
            "zh-hans": "以篝火照明、由宾拜乐队伴奏的柬埔寨大皮影戏（Sbek Thom）《林给》演出影片。",
        },
        folk={
            "traditional_element": "Khmer sbek thom shadow theatre and the Reamker epic, "
            "with pinpeat music",
            "new_contribution": "A new staging and camera work designed for screen, with "
            "subtitles and a narrated introduction",
        },
    ),
    _hero(
        "morning-lotus-hol",
        "angkor-meas-silk",
        "craft",
        2021,
        (_DS,),
        ("silk", "ikat", "textile", "heritage"),
        _t(
            km="សំពត់ហូលក្បាច់ផ្កាឈូកពេលព្រឹក",
            zh_hans="晨莲扎经丝绸",
            zh_hant="晨蓮紮經絲綢",
            en="Morning Lotus Hol Silk",
            vi="Lụa Hol hoa sen buổi sớm",
            th="ผ้าโฮลลายบัวยามเช้า",
            ms="Sutera Hol Teratai Pagi",
            id="Sutra Hol Teratai Pagi",
            my="နံနက်ခင်း ကြာပန်း ဟိုး ပိုးထည်",
            lo="ຜ້າໄໝໂຮນລາຍບົວຍາມເຊົ້າ",
            fil="Sedang Hol ng Lotus sa Umaga",
        ),
        {
            "km": "សំពត់ហូលសូត្រដែលមានក្បាច់ផ្កាឈូកកំពុងរីក ដកស្រង់ពីចម្លាក់ប្រាសាទ។",
            "en": "A hol silk with opening lotus buds taken from temple carvings.",
            "zh-hans": "一款柬埔寨“霍尔”扎经丝绸，图案是取自寺庙浮雕的含苞莲花。",
        },
        folk={
            "traditional_element": "Khmer hol silk, in which the threads are tied and dyed "
            "before weaving (ikat), with lotus buds drawn from temple "
            "carvings",
            "new_contribution": "A softer pastel palette and a larger lotus repeat designed "
            "for contemporary scarves and cushion covers",
        },
    ),
    _hero(
        "my-mothers-song",
        "chan-reas-films",
        "audiovisual",
        2025,
        (_D, _A),
        ("feature-film", "music", "memory"),
        _t(
            km="ចម្រៀងរបស់ម្ដាយខ្ញុំ",
            zh_hans="母亲的歌",
            zh_hant="母親的歌",
            en="My Mother's Song",
            vi="Bài hát của mẹ tôi",
            th="เพลงของแม่ฉัน",
            ms="Lagu Ibuku",
            id="Lagu untuk Ibuku",
            my="ကျွန်ုပ်အမေ၏ သီချင်း",
            lo="ເພງຂອງແມ່ຂ້ອຍ",
            fil="Ang Awit ng Aking Ina",
        ),
        {
            "km": "យុវជនម្នាក់នៅភ្នំពេញស្វែងរកខ្សែអាត់ចាស់ៗ ដើម្បីស្ដាប់សំឡេងច្រៀងរបស់ម្ដាយដែលគាត់មិនដែលបានស្គាល់។",
            "en": "A young man in Phnom Penh hunts for old cassette tapes to hear the "
            "singing voice of the mother he never knew.",
            "zh-hans": "金边的一位年轻人四处寻找旧磁带，只为听到他素未谋面的母亲的歌声。",
        },
    ),
    # --- Singapore -------------------------------------------------------------------
    _hero(
        "last-kopitiam-on-carpenter-lane",
        "kopitiam-books",
        "literary",
        2022,
        (_A,),
        ("fiction", "family", "food", "city"),
        _t(
            en="The Last Kopitiam on Carpenter Lane",
            zh_hans="木匠巷最后的咖啡店",
            zh_hant="木匠巷最後的咖啡店",
            vi="Quán kopitiam cuối cùng trên phố Carpenter",
            th="ร้านโกปี๊เตี่ยมร้านสุดท้ายบนถนนคาร์เพนเตอร์",
            ms="Kopitiam Terakhir di Lorong Carpenter",
            id="Kopitiam Terakhir di Gang Carpenter",
            my="Carpenter လမ်းပေါ်က နောက်ဆုံး ကော်ဖီဆိုင်",
            lo="ຮ້ານກາເຟສຸດທ້າຍໃນຊອຍຄາເພັນເຕີ",
            fil="Ang Huling Kopitiam sa Carpenter Lane",
            km="ហាងកាហ្វេចុងក្រោយនៅផ្លូវ Carpenter",
        ),
        {
            "en": "Three generations of a Hainanese family run the last traditional coffee "
            "shop on their street while the neighbourhood around them is rebuilt.",
            "zh-hans": "海南人家族三代经营着街上最后一家传统咖啡店，而周围的街区正在被重建。",
        },
    ),
    _hero(
        "otah-and-the-sea-dragon",
        "harbourlight-animation",
        "audiovisual",
        2024,
        (_D, _A),
        ("animation", "children", "series", "sea"),
        _t(
            en="Otah and the Sea Dragon",
            zh_hans="乌打与海龙",
            zh_hant="烏打與海龍",
            vi="Otah và rồng biển",
            th="โอตะกับมังกรทะเล",
            ms="Otah dan Naga Laut",
            id="Otah dan Sang Naga Laut",
            my="အိုတာနှင့် ပင်လယ်နဂါး",
            lo="ໂອຕ້າກັບມັງກອນທະເລ",
            fil="Si Otah at ang Dragon ng Dagat",
            km="អូតា និងនាគសមុទ្រ",
        ),
        {
            "en": "An animated series about a cheerful fish-cake mascot who befriends a shy "
            "sea dragon living under the Marina.",
            "zh-hans": "一部动画剧集：一个乐观的鱼饼吉祥物与住在滨海湾下的害羞海龙成为朋友。",
        },
    ),
    _hero(
        "void-deck-mornings",
        "grace-koh",
        "photography",
        2021,
        (_PH,),
        ("black-and-white", "city", "everyday-life"),
        _t(
            en="Void Deck Mornings",
            zh_hans="组屋楼下的清晨",
            zh_hant="組屋樓下的清晨",
            vi="Buổi sáng dưới tầng trệt chung cư",
            th="เช้าวันใหม่ใต้ตึกแฟลต",
            ms="Pagi di Kolong Blok",
            id="Pagi di Lantai Dasar Rusun",
            my="တိုက်ခန်းအောက်ထပ်၏ နံနက်ခင်းများ",
            lo="ຍາມເຊົ້າໃຕ້ຕຶກແຟລັດ",
            fil="Mga Umaga sa Void Deck",
            km="ពេលព្រឹកនៅជាន់ក្រោមអគារល្វែង",
        ),
        {
            "en": "A black-and-white photo series of the open ground floors of Singapore's "
            "public housing blocks, where neighbours meet, play and mourn.",
            "zh-hans": "一组黑白摄影作品，记录新加坡组屋底层空地上邻里相聚、嬉戏与送别的日常。",
        },
    ),
    # --- Brunei ----------------------------------------------------------------------
    _hero(
        "scattered-blossom-jong-sarat",
        "seri-mulia-weavers",
        "craft",
        2020,
        (_DS,),
        ("songket", "textile", "weddings", "heritage"),
        _t(
            ms="Kain Jong Sarat Bunga Bertabur",
            zh_hans="散花纹金线织锦",
            zh_hant="散花紋金線織錦",
            en="Scattered Blossom Jong Sarat",
            vi="Vải Jong Sarat hoa rải",
            th="ผ้าจองซารัตลายดอกไม้โปรย",
            id="Kain Jong Sarat Motif Bunga Bertabur",
            my="ပန်းပွင့်ကြဲ ဂျောင်ဆာရတ် ပိတ်ထည်",
            lo="ຜ້າຈອງຊາຣັດລາຍດອກໄມ້ໂປຍ",
            fil="Jong Sarat na may Nakakalat na Bulaklak",
            km="សំពត់ជុងសារ៉ាត់ក្បាច់ផ្កាពង្រាយ",
        ),
        {
            "ms": "Kain tenunan jong sarat bermotif bunga bertabur, ditenun dengan benang "
            "gangsa untuk pemakaian harian.",
            "en": "A jong sarat cloth with a scattered-flower layout, woven with bronze "
            "thread for everyday wear.",
            "zh-hans": "一款散花纹“Jong Sarat”织锦，以古铜色丝线织成，适合日常穿着。",
        },
        folk={
            "traditional_element": "Brunei jong sarat songket, woven with gold thread for "
            "weddings and royal ceremonies, with the scattered-flower "
            "(bunga bertabur) layout",
            "new_contribution": "Gold thread replaced by a matte bronze yarn and the flowers "
            "scaled down for everyday wear and accessories",
        },
    ),
    _hero(
        "children-of-the-water-village",
        "teratai-emas-publishing",
        "literary",
        2018,
        (_A, _I),
        ("children", "friendship", "rivers"),
        _t(
            ms="Anak-anak Kampong Air",
            zh_hans="水村的孩子们",
            zh_hant="水村的孩子們",
            en="Children of the Water Village",
            vi="Những đứa trẻ làng nổi",
            th="เด็ก ๆ แห่งหมู่บ้านกลางน้ำ",
            id="Anak-anak Desa Air",
            my="ရေပေါ်ရွာမှ ကလေးများ",
            lo="ເດັກນ້ອຍແຫ່ງໝູ່ບ້ານກາງນ້ຳ",
            fil="Ang mga Bata ng Nayon sa Tubig",
            km="កុមារនៃភូមិលើទឹក",
        ),
        {
            "ms": "Kisah lima sahabat yang membesar di rumah-rumah bertiang di atas sungai, "
            "berkayuh perahu ke sekolah setiap pagi.",
            "en": "Five friends grow up in stilt houses above the river, paddling to school "
            "every morning.",
            "zh-hans": "五个好朋友在河上的高脚屋里长大，每天清晨划船去上学。",
        },
    ),
]


# --------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------

# ISBN registration group and the digits used for publisher code and item number.
_ISBN_GROUPS: dict[str, tuple[str, int, int]] = {
    "CN": ("7", 4, 4),
    "VN": ("604", 3, 3),
    "TH": ("616", 3, 3),
    "MY": ("967", 3, 3),
    "ID": ("623", 3, 3),
    "MM": ("99971", 2, 2),
    "LA": ("9932", 2, 3),
    "PH": ("621", 3, 3),
    "KH": ("9924", 2, 3),
    "SG": ("981", 3, 3),
    "BN": ("99917", 2, 2),
}

_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def isbn13_check_digit(first12: str) -> str:
    """Check digit of an ISBN-13 (weights 1, 3, 1, 3, …; modulus 10)."""
    total = sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def iswc_check_digit(digits: str) -> str:
    """Check digit of an ISWC ``T-DDD.DDD.DDD-C``.

    ``1`` (for the ``T``) plus each of the nine digits times its position (1–9); the check
    digit brings that sum up to a multiple of ten. ``T-034.524.680-1`` is the standard
    example.
    """
    total = 1 + sum(i * int(d) for i, d in enumerate(digits, 1))
    return str((10 - total % 10) % 10)


def format_iswc(digits: str) -> str:
    """``T-DDD.DDD.DDD-C`` for nine digits, with the check digit computed."""
    return f"T-{digits[:3]}.{digits[3:6]}.{digits[6:]}-{iswc_check_digit(digits)}"


def _crc(text: str) -> int:
    """Stable (unlike ``hash``) number derived from a string."""
    return zlib.crc32(text.encode("utf-8"))


def _isrc_registrant(holder_key: str) -> str:
    """A stable three-character ISRC registrant code derived from the holder key."""
    value = _crc(holder_key)
    first = _ALNUM[value % 24]  # a letter
    value //= 24
    return first + _ALNUM[value % 34] + _ALNUM[(value // 34) % 34]


# --------------------------------------------------------------------------------------
# Work generation
# --------------------------------------------------------------------------------------

_TYPE_SHARES: tuple[tuple[str, float], ...] = (
    ("literary", 0.35),
    ("comic", 0.20),
    ("music", 0.15),
    ("audiovisual", 0.10),
    ("craft", 0.11),
    ("fine_art", 0.05),
    ("photography", 0.04),
)
_PUBLISHED_LIMIT = date(2026, 6, 30)
_FOLK_SHARE = 0.1  # generated craft works by collectives; with the hero works ~1/3 overall
_SPLIT_SHARE = 0.22  # organisations' works whose ownership is split with creators


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uniq(items: list[str]) -> list[str]:
    """Drop repeated items, keeping the first occurrence."""
    return list(dict.fromkeys(items))


class _Generator:
    """Builds works with one seeded RNG, keeping titles and identifiers unique."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.holders = {h["key"]: h for h in RIGHTS_HOLDERS}
        self.counts: dict[str, int] = {key: 0 for key in self.holders}
        self.original_titles: set[str] = set()
        self.english_titles: set[str] = set()
        self.isbns: set[str] = set()
        self.isrcs: set[str] = set()
        self.iswcs: set[str] = set()
        self.isbn_next: dict[str, int] = {}
        self.isrc_next: dict[str, int] = {}
        self.people: dict[str, list[_NamePair]] = {}
        self.music_works = 0

    # -- parties ----------------------------------------------------------------------
    def _pool(self, country: str) -> list[_NamePair]:
        if country not in self.people:
            pool: list[_NamePair] = []
            for _ in range(200):
                person = _person_name(country, self.rng)
                if person not in pool:
                    pool.append(person)
                if len(pool) == 12:
                    break
            self.people[country] = pool
        return self.people[country]

    def _creators(self, holder: dict[str, Any], roles: tuple[str, ...]) -> list[dict[str, str]]:
        country = holder["country"]
        people = self.rng.sample(self._pool(country), len(roles))
        creators = [
            {"name": name, "original_name": original, "role": role, "country": country}
            for (name, original), role in zip(people, roles, strict=True)
        ]
        if holder["kind"] == "person":
            creators[0]["name"] = holder["names"]["en"]
            creators[0]["original_name"] = holder["original_name"]
        return creators

    def _shares(
        self,
        holder: dict[str, Any],
        creators: list[dict[str, str]],
    ) -> list[dict[str, Any]]:
        rng = self.rng
        if holder["kind"] == "person" or rng.random() >= _SPLIT_SHARE:
            return [{"party": "holder", "right": "all", "percent": "100"}]
        parties: list[str | int]
        if len(creators) >= 2 and rng.random() < 0.5:
            split = rng.choice(
                (("50", "30", "20"), ("40", "30", "30"), ("33.34", "33.33", "33.33"))
            )
            parties = ["holder", 0, 1]
        else:
            split = rng.choice((("60", "40"), ("70", "30"), ("50", "50"), ("75", "25")))
            parties = ["holder", 0]
        assert sum(Decimal(p) for p in split) == Decimal("100")
        return [
            {"party": party, "right": "all", "percent": percent}
            for party, percent in zip(parties, split, strict=True)
        ]

    def _pick_holder(self, work_type: str) -> dict[str, Any]:
        best: tuple[float, str] | None = None
        for key, holder in self.holders.items():
            if work_type not in holder_work_types(holder):
                continue
            weight = 0.5 if holder["kind"] == "person" else 1.0
            score = self.counts[key] / weight + self.rng.random() * 0.01
            if best is None or score < best[0]:
                best = (score, key)
        if best is None:
            raise ValueError(f"no rights holder can list {work_type!r} works")
        return self.holders[best[1]]

    # -- identifiers ------------------------------------------------------------------
    def _isbn(self, holder: dict[str, Any]) -> str:
        group, pub_len, item_len = _ISBN_GROUPS[holder["country"]]
        value = _crc(holder["key"])
        publisher = str(value % 10**pub_len).zfill(pub_len)
        item = self.isbn_next.get(holder["key"], (value // 7) % (10**item_len // 2))
        while True:
            first12 = "978" + group + publisher + str(item % 10**item_len).zfill(item_len)
            isbn = first12 + isbn13_check_digit(first12)
            item += 1
            if isbn not in self.isbns:
                self.isbn_next[holder["key"]] = item
                self.isbns.add(isbn)
                return isbn

    def _isrc(self, holder: dict[str, Any], year: int) -> str:
        seq = self.isrc_next.get(holder["key"], _crc(holder["key"]) % 900 + 1)
        while True:
            isrc = f"{holder['country']}{_isrc_registrant(holder['key'])}{year % 100:02d}{seq:05d}"
            seq += 1
            if isrc not in self.isrcs:
                self.isrc_next[holder["key"]] = seq
                self.isrcs.add(isrc)
                return isrc

    def _iswc(self) -> str:
        while True:
            iswc = format_iswc(f"{self.rng.randrange(10**7, 10**9):09d}")
            if iswc not in self.iswcs:
                self.iswcs.add(iswc)
                return iswc

    # -- titles and synopses ----------------------------------------------------------
    def _compose_title(self, work_type: str) -> tuple[Translations, list[str]]:
        bank = TITLE_BANKS[work_type]
        rng = self.rng
        nouns: tuple[str, ...] = bank["nouns"]
        patterns = [p for p, _ in bank["patterns"]]
        weights = [w for _, w in bank["patterns"]]
        pattern = rng.choices(patterns, weights)[0]
        if pattern == "mod":
            modifier = rng.choice(bank["modifiers"])
            excluded = _MODIFIER_EXCLUDES.get(modifier, frozenset())
            noun = rng.choice([n for n in nouns if n not in excluded])
            template = MODIFIERS[modifier]
            titles = {lang: template[lang].format(n=NOUNS[noun][lang]) for lang in LANGUAGES}
            used = [noun]
        elif pattern == "pair":
            first, second = rng.sample(nouns, 2)
            titles = {
                lang: PAIR[lang].format(a=NOUNS[first][lang], b=NOUNS[second][lang])
                for lang in LANGUAGES
            }
            used = [first, second]
        else:
            candidates = [n for n in nouns if n in PLACE_NOUNS or pattern not in _PLACE_WRAPPERS]
            noun = rng.choice(candidates)
            titles = {
                lang: WRAPPERS[pattern][lang].format(n=NOUNS[noun][lang]) for lang in LANGUAGES
            }
            used = [noun]
        titles["vi"] = _cap_first(titles["vi"])
        return titles, used

    def _unique_title(self, work_type: str, language: str) -> tuple[Translations, list[str]]:
        for _ in range(80):
            titles, used = self._compose_title(work_type)
            if self._title_free(titles, language):
                return titles, used
        volume = 2
        while True:
            numbered = {lang: VOLUME[lang].format(t=titles[lang], k=volume) for lang in LANGUAGES}
            if self._title_free(numbered, language):
                return numbered, used
            volume += 1

    def _title_free(self, titles: Translations, language: str) -> bool:
        return (
            titles[language] not in self.original_titles and titles["en"] not in self.english_titles
        )

    def _claim_title(self, titles: Translations, language: str) -> None:
        if not self._title_free(titles, language):
            raise ValueError(f"duplicate title {titles[language]!r}")
        self.original_titles.add(titles[language])
        self.english_titles.add(titles["en"])

    def _synopsis(
        self,
        work_type: str,
        holder: dict[str, Any],
    ) -> tuple[Translations, list[str], dict[str, Any]]:
        rng = self.rng
        group = _TEMPLATE_FOR_TYPE[work_type]
        genres = GENRES[work_type]
        if work_type == "craft":
            allowed = _CRAFT_GENRES.get(holder["key"], _DEFAULT_CRAFT_GENRES)
            genres = [g for g in genres if g["subjects"][0] in allowed]
        genre = rng.choice(genres)
        if group == "visual":
            place = PLACES[rng.choice(_VISUAL_PLACES)]
            theme = rng.choice(MOTIFS)
        else:
            place = rng.choice(PLACES)
            theme = rng.choice(THEMES)
        note = rng.choice(NOTES[group]) if rng.random() < 0.5 else None
        synopsis: Translations = {}
        for lang in LANGUAGES:
            text = SYNOPSIS_TEMPLATES[group][lang].format(
                genre=genre["text"][lang],
                place=place["text"][lang],
                theme=theme["text"][lang],
                place_at=place["en_at"],
            )
            if note:
                text += ("" if lang in ("zh-hans", "zh-hant") else " ") + note[lang]
            synopsis[lang] = text
        subjects = [*genre["subjects"], *theme["subjects"], *place["subjects"]]
        return synopsis, subjects, genre

    def _dates(self, year: int | None = None) -> tuple[date, date]:
        rng = self.rng
        if year is None:
            start, end = date(2005, 1, 1), date(2025, 10, 31)
            created = start + timedelta(days=rng.randrange((end - start).days))
        else:
            created = date(year, 1, 1) + timedelta(days=rng.randrange(300))
        latest = min(420, (_PUBLISHED_LIMIT - created).days)
        published = created + timedelta(days=rng.randrange(min(30, latest), latest + 1))
        return created, published

    # -- works ------------------------------------------------------------------------
    def _finish(
        self,
        work: dict[str, Any],
        holder: dict[str, Any],
        roles: tuple[str, ...],
        *,
        year: int | None,
        always_isbn: bool,
    ) -> dict[str, Any]:
        rng = self.rng
        created, published = self._dates(year)
        creators = self._creators(holder, roles)
        work.update(
            {
                "created_on": created.isoformat(),
                "published_on": published.isoformat(),
                "creators": creators,
                "shares": self._shares(holder, creators),
            }
        )
        work_type = work["work_type"]
        if work_type in ("literary", "comic") and (always_isbn or rng.random() < 0.7):
            work["isbn"] = self._isbn(holder)
        if work_type == "music":
            work["isrc"] = self._isrc(holder, published.year)
            self.music_works += 1
            if self.music_works % 2:  # every other musical work has a registered ISWC
                work["iswc"] = self._iswc()
        self.counts[holder["key"]] += 1
        return work

    def hero(self, spec: dict[str, Any]) -> dict[str, Any]:
        holder = self.holders[spec["holder"]]
        if spec["work_type"] not in holder_work_types(holder):
            raise ValueError(f"{spec['key']}: {holder['key']} cannot list {spec['work_type']}")
        language = COUNTRY_LANGUAGE[holder["country"]]
        titles = dict(spec["titles"])
        self._claim_title(titles, language)
        work: dict[str, Any] = {
            "key": spec["key"],
            "holder": holder["key"],
            "work_type": spec["work_type"],
            "country_of_origin": holder["country"],
            "original_language": language,
            "original_title": titles[language],
            "titles": titles,
            "synopsis": dict(spec["synopsis"]),
            "subjects": list(spec["subjects"]),
            "featured": True,
        }
        if spec["folk"]:
            work["folk"] = dict(spec["folk"])
        return self._finish(work, holder, spec["roles"], year=spec["year"], always_isbn=True)

    def generated(self, work_type: str) -> dict[str, Any]:
        holder = self._pick_holder(work_type)
        language = COUNTRY_LANGUAGE[holder["country"]]
        titles, nouns = self._unique_title(work_type, language)
        self._claim_title(titles, language)
        synopsis, subjects, genre = self._synopsis(work_type, holder)
        subjects += [noun.replace("_", "-") for noun in nouns]
        sequence = self.counts[holder["key"]] + 1
        work: dict[str, Any] = {
            "key": f"{holder['key']}-{sequence:03d}",
            "holder": holder["key"],
            "work_type": work_type,
            "country_of_origin": holder["country"],
            "original_language": language,
            "original_title": titles[language],
            "titles": titles,
            "synopsis": synopsis,
            "subjects": _uniq(subjects),
            "featured": False,
        }
        if (
            work_type == "craft"
            and holder["kind"] == "collective"
            and self.rng.random() < _FOLK_SHARE
        ):
            work["folk"] = {
                "traditional_element": TRADITIONAL_ELEMENTS[holder["country"]],
                "new_contribution": self.rng.choice(NEW_CONTRIBUTIONS),
            }
        roles: tuple[str, ...] = self.rng.choice(genre["roles"])
        return self._finish(work, holder, roles, year=None, always_isbn=False)


def _type_plan(total: int, heroes: list[dict[str, Any]], rng: random.Random) -> list[str]:
    """Work types of the generated works, so that the whole list follows _TYPE_SHARES."""
    remaining = total - len(heroes)
    if remaining <= 0:
        return []
    hero_counts: dict[str, int] = {}
    for spec in heroes:
        hero_counts[spec["work_type"]] = hero_counts.get(spec["work_type"], 0) + 1
    need = {t: max(0, round(total * share) - hero_counts.get(t, 0)) for t, share in _TYPE_SHARES}
    while sum(need.values()) > remaining:
        largest = max(need, key=lambda t: need[t])
        need[largest] -= 1
    need["literary"] += remaining - sum(need.values())
    plan = [t for t, _ in _TYPE_SHARES for _ in range(need[t])]
    rng.shuffle(plan)
    return plan


def generate_works(n: int = 320, seed: int = 7) -> list[dict[str, Any]]:
    """Return at least ``n`` demo works (hero works first), deterministically for ``seed``.

    Each work has ``key``, ``holder`` (a ``RIGHTS_HOLDERS`` key), ``work_type``,
    ``country_of_origin``, ``original_language``, ``original_title``, ``titles`` (all eleven
    languages), ``synopsis`` (original language, ``en`` and ``zh-hans`` at least),
    ``subjects``, ``created_on``/``published_on`` (ISO dates), ``creators``, ``shares``
    (percent strings summing to exactly 100) and ``featured``; plus ``isbn``, ``isrc``,
    ``iswc`` and ``folk`` where they apply.
    """
    generator = _Generator(seed)
    works = [generator.hero(spec) for spec in HERO_WORKS]
    for work_type in _type_plan(max(n, len(HERO_WORKS)), HERO_WORKS, generator.rng):
        works.append(generator.generated(work_type))
    return works


# --------------------------------------------------------------------------------------
# Home page, tagline and news
# --------------------------------------------------------------------------------------

SITE_TAGLINE: Translations = _t(
    zh_hans="中国—东盟版权交易平台",
    zh_hant="中國—東協版權交易平台",
    en="China–ASEAN Copyright Exchange",
    vi="Sàn giao dịch bản quyền Trung Quốc – ASEAN",
    th="ตลาดซื้อขายลิขสิทธิ์จีน–อาเซียน",
    ms="Bursa Hak Cipta China–ASEAN",
    id="Bursa Hak Cipta Tiongkok–ASEAN",
    my="တရုတ်–အာဆီယံ မူပိုင်ခွင့် အရောင်းအဝယ်စင်တာ",
    lo="ຕະຫຼາດແລກປ່ຽນລິຂະສິດ ຈີນ–ອາຊຽນ",
    fil="Palitan ng Karapatang-ari ng China–ASEAN",
    km="ផ្សារជួញដូរសិទ្ធិអ្នកនិពន្ធ ចិន–អាស៊ាន",
)

HOME: dict[str, Translations] = {
    "headline": _t(
        zh_hans="让好作品跨越国界",
        zh_hant="讓好作品跨越國界",
        en="Take great works across borders",
        vi="Đưa tác phẩm hay vượt qua biên giới",
        th="พาผลงานดี ๆ ข้ามพรมแดน",
        ms="Bawa karya hebat merentas sempadan",
        id="Bawa karya terbaik melintasi batas negara",
        my="ကောင်းမွန်သော လက်ရာများကို နယ်စပ်ဖြတ်ကျော်စေပါ",
        lo="ນຳຜົນງານດີໆ ຂ້າມຜ່ານຊາຍແດນ",
        fil="Dalhin ang mahuhusay na akda lampas sa mga hangganan",
        km="នាំស្នាដៃល្អៗឆ្លងកាត់ព្រំដែន",
    ),
    "intro": _t(
        zh_hans="在这里，中国与东盟的出版社、唱片公司、工作室和手工艺人发布作品版权，"
        "全球买家可一站式洽谈翻译、改编、音乐与衍生品授权，并完成合同签署、付款和版税结算。",
        zh_hant="在這裡，中國與東協的出版社、唱片公司、工作室和手工藝人發布作品版權，"
        "全球買家可一站式洽談翻譯、改編、音樂與衍生品授權，並完成合約簽署、付款和版稅結算。",
        en="A marketplace where publishers, labels, studios and artisans in China and ASEAN "
        "list the rights to their works, and buyers worldwide license translation, "
        "adaptation, music and merchandising rights — with contracts, payments and "
        "royalty statements in one place.",
        vi="Nơi các nhà xuất bản, hãng đĩa, xưởng sáng tác và nghệ nhân tại Trung Quốc và "
        "ASEAN giới thiệu bản quyền tác phẩm, và người mua trên toàn thế giới được cấp phép "
        "quyền dịch thuật, chuyển thể, âm nhạc và hàng hóa — với hợp đồng, thanh toán và "
        "báo cáo tiền bản quyền ở cùng một nơi.",
        th="ตลาดที่สำนักพิมพ์ ค่ายเพลง สตูดิโอ และช่างฝีมือในจีนและอาเซียนนำเสนอลิขสิทธิ์ผลงาน "
        "ให้ผู้ซื้อทั่วโลกขออนุญาตใช้สิทธิ์การแปล การดัดแปลง ดนตรี และสินค้า "
        "พร้อมสัญญา การชำระเงิน และรายงานค่าลิขสิทธิ์ในที่เดียว",
        ms="Pasaran tempat penerbit, syarikat rakaman, studio dan artisan di China dan ASEAN "
        "menyenaraikan hak karya mereka, dan pembeli di seluruh dunia melesenkan hak "
        "terjemahan, adaptasi, muzik dan barangan — dengan kontrak, pembayaran dan penyata "
        "royalti di satu tempat.",
        id="Pasar tempat penerbit, label musik, studio, dan perajin di Tiongkok dan ASEAN "
        "menawarkan hak atas karya mereka, dan pembeli dari seluruh dunia melisensikan hak "
        "terjemahan, adaptasi, musik, dan merchandise — lengkap dengan kontrak, pembayaran, "
        "dan laporan royalti di satu tempat.",
        my="တရုတ်နှင့် အာဆီယံရှိ ထုတ်ဝေသူများ၊ ဂီတကုမ္ပဏီများ၊ စတူဒီယိုများနှင့် "
        "လက်မှုပညာရှင်များက ၎င်းတို့၏ လက်ရာမူပိုင်ခွင့်များကို တင်ပြပြီး "
        "ကမ္ဘာတစ်ဝန်းရှိ ဝယ်ယူသူများက ဘာသာပြန်ခွင့်၊ ပြုပြင်ဖန်တီးခွင့်၊ ဂီတနှင့် "
        "ကုန်ပစ္စည်းထုတ်လုပ်ခွင့်များကို လိုင်စင်ရယူနိုင်သည့် ဈေးကွက် — စာချုပ်၊ "
        "ငွေပေးချေမှုနှင့် မူပိုင်ခရှင်းတမ်းများကို တစ်နေရာတည်းတွင် ရရှိနိုင်သည်။",
        lo="ຕະຫຼາດທີ່ສຳນັກພິມ, ຄ້າຍເພງ, ສະຕູດິໂອ ແລະ ຊ່າງຫັດຖະກຳໃນຈີນ ແລະ ອາຊຽນ "
        "ນຳສະເໜີລິຂະສິດຜົນງານຂອງຕົນ ແລະ ຜູ້ຊື້ທົ່ວໂລກສາມາດຂໍອະນຸຍາດສິດແປ, ດັດແປງ, "
        "ດົນຕີ ແລະ ສິນຄ້າ — ພ້ອມສັນຍາ, ການຊຳລະເງິນ ແລະ ໃບລາຍງານຄ່າລິຂະສິດໃນບ່ອນດຽວ.",
        fil="Isang pamilihan kung saan inilalahad ng mga publisher, record label, studio at "
        "artisan sa China at ASEAN ang mga karapatan sa kanilang mga akda, at kumukuha ng "
        "lisensiya ang mga mamimili sa buong mundo para sa salin, adaptasyon, musika at "
        "merchandise — kasama ang kontrata, bayad at ulat ng royalty sa iisang lugar.",
        km="ទីផ្សារដែលគ្រឹះស្ថានបោះពុម្ព ក្រុមហ៊ុនផលិតតន្ត្រី ស្ទូឌីយោ និងសិប្បករនៅប្រទេសចិន "
        "និងអាស៊ាន ដាក់បង្ហាញសិទ្ធិលើស្នាដៃរបស់ពួកគេ ហើយអ្នកទិញមកពីជុំវិញពិភពលោក "
        "អាចទទួលអាជ្ញាប័ណ្ណសិទ្ធិបកប្រែ សម្រួល តន្ត្រី និងទំនិញ — ព្រមទាំងកិច្ចសន្យា "
        "ការទូទាត់ និងរបាយការណ៍កម្រៃសិទ្ធិនៅកន្លែងតែមួយ។",
    ),
}

NEWS: list[dict[str, Any]] = [
    {
        "key": "rights-centre-opens-at-book-fair",
        "kind": "news",
        "date": "2026-03-18",
        "title": _t(
            zh_hans="中国—东盟图书博览会版权中心正式启用",
            zh_hant="中國—東協圖書博覽會版權中心正式啟用",
            en="Rights centre opens at the China–ASEAN Book Fair",
            vi="Trung tâm bản quyền khai trương tại Hội chợ Sách Trung Quốc – ASEAN",
            th="ศูนย์ลิขสิทธิ์เปิดตัวที่งานมหกรรมหนังสือจีน–อาเซียน",
            ms="Pusat hak cipta dibuka di Pesta Buku China–ASEAN",
            id="Pusat hak cipta dibuka di Pameran Buku Tiongkok–ASEAN",
            my="တရုတ်–အာဆီယံ စာအုပ်ပြပွဲတွင် မူပိုင်ခွင့်စင်တာ ဖွင့်လှစ်",
            lo="ສູນລິຂະສິດເປີດຕົວທີ່ງານວາງສະແດງປຶ້ມ ຈີນ–ອາຊຽນ",
            fil="Binuksan ang rights centre sa China–ASEAN Book Fair",
            km="មជ្ឈមណ្ឌលសិទ្ធិអ្នកនិពន្ធបើកដំណើរការនៅពិព័រណ៍សៀវភៅចិន–អាស៊ាន",
        ),
        "summary": _t(
            zh_hans="来自中国和东盟各国的出版社可在专设的版权洽谈区与买家会面，"
            "平台上的全部作品均可在展会现场查询。",
            zh_hant="來自中國和東協各國的出版社可在專設的版權洽談區與買家會面，"
            "平台上的全部作品均可在展會現場查詢。",
            en="Publishers from China and across ASEAN can now meet buyers at a dedicated "
            "rights table, with every listing on the marketplace available at the fair.",
            vi="Các nhà xuất bản từ Trung Quốc và khắp ASEAN có thể gặp gỡ người mua tại khu "
            "vực bản quyền riêng, với toàn bộ tác phẩm trên sàn được giới thiệu ngay tại "
            "hội chợ.",
            th="สำนักพิมพ์จากจีนและทั่วอาเซียนสามารถพบผู้ซื้อได้ที่โต๊ะเจรจาลิขสิทธิ์โดยเฉพาะ "
            "และค้นหาผลงานทั้งหมดในตลาดได้ภายในงาน",
            ms="Penerbit dari China dan seluruh ASEAN kini boleh bertemu pembeli di meja hak "
            "cipta khas, dan semua karya dalam pasaran boleh dirujuk di pesta buku.",
            id="Penerbit dari Tiongkok dan seluruh ASEAN kini dapat bertemu pembeli di meja "
            "hak cipta khusus, dan seluruh karya di pasar dapat dilihat langsung di "
            "pameran.",
            my="တရုတ်နှင့် အာဆီယံတစ်ဝန်းမှ ထုတ်ဝေသူများသည် သီးသန့် မူပိုင်ခွင့်စားပွဲတွင် "
            "ဝယ်ယူသူများနှင့် တွေ့ဆုံနိုင်ပြီး ဈေးကွက်ရှိ လက်ရာအားလုံးကို ပြပွဲတွင် "
            "ကြည့်ရှုနိုင်သည်။",
            lo="ສຳນັກພິມຈາກຈີນ ແລະ ທົ່ວອາຊຽນ ສາມາດພົບຜູ້ຊື້ທີ່ໂຕະເຈລະຈາລິຂະສິດໂດຍສະເພາະ "
            "ແລະ ຄົ້ນຫາຜົນງານທັງໝົດໃນຕະຫຼາດໄດ້ພາຍໃນງານ.",
            fil="Makikipagkita na ang mga publisher mula sa China at buong ASEAN sa mga "
            "mamimili sa isang nakalaang rights table, at makikita sa fair ang lahat ng "
            "akda sa pamilihan.",
            km="គ្រឹះស្ថានបោះពុម្ពមកពីប្រទេសចិន និងទូទាំងអាស៊ាន អាចជួបអ្នកទិញនៅតុចរចាសិទ្ធិ"
            "ដាច់ដោយឡែក ហើយស្នាដៃទាំងអស់នៅលើទីផ្សារអាចស្វែងរកបាននៅក្នុងពិព័រណ៍។",
        ),
        "body": {
            "en": "<p>The China–ASEAN Book Fair in Nanning opened its first permanent rights "
            "centre this spring. Rights managers can book 30-minute meetings, browse "
            "the marketplace catalogue on shared screens and sign licence offers on the "
            "spot.</p><p>More than 40 publishers, studios and labels from China and "
            "across ASEAN have already reserved tables for the autumn session.</p>",
            "zh-hans": "<p>今年春天，南宁中国—东盟图书博览会启用了首个常设版权中心。"
            "版权经理可预约30分钟洽谈，在共享屏幕上浏览平台作品目录，并现场签署授权要约。"
            "</p><p>来自中国和东盟各国的40余家出版社、工作室和唱片公司已预订秋季场次的洽谈桌。</p>",
        },
    },
    {
        "key": "case-grandmas-moon-boat-vietnamese",
        "kind": "case",
        "date": "2026-02-10",
        "title": _t(
            zh_hans="案例：《外婆的月亮船》越南语版权输出",
            zh_hant="案例：《外婆的月亮船》越南語版權輸出",
            en="Case study: Grandma's Moon Boat sails into Vietnamese",
            vi="Nghiên cứu điển hình: “Con thuyền trăng của bà ngoại” đến với độc giả Việt Nam",
            th="กรณีศึกษา: “เรือพระจันทร์ของคุณยาย” ฉบับภาษาเวียดนาม",
            ms="Kajian kes: Perahu Bulan Nenek kini dalam bahasa Vietnam",
            id="Studi kasus: Perahu Bulan Milik Nenek hadir dalam bahasa Vietnam",
            my="ဖြစ်ရပ်လေ့လာချက်: “အဖွား၏ လမင်းလှေ” ဗီယက်နမ်ဘာသာပြန်",
            lo="ກໍລະນີສຶກສາ: “ເຮືອດວງເດືອນຂອງແມ່ຕູ້” ສະບັບພາສາຫວຽດນາມ",
            fil="Case study: Ang Bangkang-Buwan ni Lola, isinalin sa Vietnamese",
            km="ករណីសិក្សា៖ “ទូកព្រះចន្ទរបស់លោកយាយ” ជាភាសាវៀតណាម",
        ),
        "summary": _t(
            zh_hans="青禾少儿出版社与越南翠竹出版社如何在五周内完成翻译与有声书授权。",
            zh_hant="青禾少兒出版社與越南翠竹出版社如何在五週內完成翻譯與有聲書授權。",
            en="How Qinghe Children's Press and Green Bamboo Publishing House closed a "
            "translation and audiobook licence in five weeks.",
            vi="Cách Qinghe Children's Press và Nhà xuất bản Trúc Xanh hoàn tất hợp đồng bản "
            "quyền dịch và sách nói chỉ trong năm tuần.",
            th="Qinghe Children's Press และ Green Bamboo Publishing House "
            "ปิดดีลลิขสิทธิ์การแปลและหนังสือเสียงได้ภายในห้าสัปดาห์อย่างไร",
            ms="Bagaimana Qinghe Children's Press dan Green Bamboo Publishing House "
            "memeterai lesen terjemahan dan buku audio dalam lima minggu.",
            id="Bagaimana Qinghe Children's Press dan Green Bamboo Publishing House "
            "menuntaskan lisensi terjemahan dan buku audio dalam lima minggu.",
            my="Qinghe Children's Press နှင့် Green Bamboo Publishing House တို့သည် "
            "ဘာသာပြန်နှင့် အသံစာအုပ် လိုင်စင်ကို ငါးပတ်အတွင်း မည်သို့ "
            "အပြီးသတ်ခဲ့ကြသနည်း။",
            lo="ວິທີທີ່ Qinghe Children's Press ແລະ Green Bamboo Publishing House "
            "ປິດສັນຍາອະນຸຍາດການແປ ແລະ ປຶ້ມສຽງພາຍໃນຫ້າອາທິດ.",
            fil="Paano natapos ng Qinghe Children's Press at Green Bamboo Publishing House "
            "ang lisensiya sa salin at audiobook sa loob ng limang linggo.",
            km="របៀបដែល Qinghe Children's Press និង Green Bamboo Publishing House "
            "បានបញ្ចប់អាជ្ញាប័ណ្ណបកប្រែ និងសៀវភៅជាសំឡេងក្នុងរយៈពេលប្រាំសប្ដាហ៍។",
        ),
        "body": {
            "en": "<p>Green Bamboo Publishing House found <em>Grandma's Moon Boat</em> through "
            "a search for Mid-Autumn picture books. After a sample translation was "
            "approved, both sides agreed a five-year licence for Vietnamese print, "
            "e-book and audio rights, with a 7% royalty and an advance paid through "
            "escrow.</p><p>The Vietnamese edition is scheduled for the Mid-Autumn "
            "season.</p>",
            "zh-hans": "<p>越南翠竹出版社在搜索中秋主题绘本时发现了《外婆的月亮船》。"
            "试译稿获得认可后，"
            "双方签订了为期五年的越南语纸书、电子书和有声书授权，版税率为7%，"
            "预付金通过托管账户支付。</p><p>越南语版计划于中秋季上市。</p>",
        },
    },
    {
        "key": "webinar-sync-licensing",
        "kind": "event",
        "date": "2026-05-20",
        "title": _t(
            zh_hans="线上研讨会：影视、游戏与广告的同步授权",
            zh_hant="線上研討會：影視、遊戲與廣告的同步授權",
            en="Webinar: Sync licensing for film, games and advertising",
            vi="Hội thảo trực tuyến: Cấp phép đồng bộ cho phim, trò chơi và quảng cáo",
            th="สัมมนาออนไลน์: การอนุญาตใช้เพลงประกอบภาพยนตร์ เกม และโฆษณา",
            ms="Webinar: Pelesenan penyegerakan untuk filem, permainan dan pengiklanan",
            id="Webinar: Lisensi sinkronisasi untuk film, gim, dan iklan",
            my="ဝက်ဘ်ဆင်မီနာ: ရုပ်ရှင်၊ ဂိမ်းနှင့် ကြော်ငြာများအတွက် ဂီတတွဲဖက်အသုံးပြုခွင့်",
            lo="ສຳມະນາອອນລາຍ: ການອະນຸຍາດໃຊ້ເພງປະກອບຮູບເງົາ, ເກມ ແລະ ໂຄສະນາ",
            fil="Webinar: Sync licensing para sa pelikula, laro at patalastas",
            km="សិក្ខាសាលាអនឡាញ៖ អាជ្ញាប័ណ្ណប្រើតន្ត្រីជាមួយខ្សែភាពយន្ត ហ្គេម និងពាណិជ្ជកម្ម",
        ),
        "summary": _t(
            zh_hans="音乐版权方与音乐总监讲解同步授权费用如何报价、哪些地区最重要，"
            "以及如何同时清理录音与词曲权利。",
            zh_hant="音樂版權方與音樂總監講解同步授權費用如何報價、哪些地區最重要，"
            "以及如何同時清理錄音與詞曲權利。",
            en="Music publishers and supervisors explain how sync fees are quoted, which "
            "territories matter and how to clear both master and composition rights.",
            vi="Các nhà xuất bản âm nhạc và giám sát âm nhạc chia sẻ cách báo giá phí đồng bộ, "
            "những vùng lãnh thổ quan trọng và cách xử lý cả quyền bản ghi lẫn quyền tác "
            "phẩm.",
            th="ผู้จัดพิมพ์เพลงและผู้ควบคุมดนตรีอธิบายวิธีเสนอราคาค่าซิงก์ เขตพื้นที่ที่สำคัญ "
            "และวิธีเคลียร์สิทธิ์ทั้งงานบันทึกเสียงและงานประพันธ์",
            ms="Penerbit muzik dan penyelia muzik menerangkan cara yuran penyegerakan "
            "ditetapkan, wilayah yang penting dan cara mendapatkan kebenaran bagi hak "
            "rakaman serta gubahan.",
            id="Penerbit musik dan penata musik menjelaskan cara menentukan tarif "
            "sinkronisasi, wilayah yang penting, serta cara membereskan hak rekaman dan "
            "hak ciptaan lagu.",
            my="ဂီတထုတ်ဝေသူများနှင့် ဂီတကြီးကြပ်သူများက တွဲဖက်အသုံးပြုခွင့်ခ "
            "သတ်မှတ်ပုံ၊ အရေးကြီးသော နယ်မြေများနှင့် အသံသွင်းမူပိုင်ခွင့်နှင့် "
            "တေးရေးမူပိုင်ခွင့် နှစ်ခုလုံးကို ရယူပုံကို ရှင်းပြမည်။",
            lo="ຜູ້ຈັດພິມເພງ ແລະ ຜູ້ຄວບຄຸມດົນຕີ ອະທິບາຍວິທີສະເໜີລາຄາຄ່າຊິງ, "
            "ເຂດພື້ນທີ່ທີ່ສຳຄັນ ແລະ ວິທີເຄລຍສິດທັງການບັນທຶກສຽງ ແລະ ບົດປະພັນ.",
            fil="Ipapaliwanag ng mga music publisher at music supervisor kung paano "
            "kinukuwenta ang sync fee, aling mga teritoryo ang mahalaga, at paano kunin ang "
            "karapatan sa master at sa komposisyon.",
            km="អ្នកបោះពុម្ពតន្ត្រី និងអ្នកគ្រប់គ្រងតន្ត្រីពន្យល់អំពីរបៀបកំណត់តម្លៃថ្លៃ sync "
            "តំបន់ណាដែលសំខាន់ និងរបៀបទទួលបានសិទ្ធិទាំងលើការថតសំឡេង និងលើបទនិពន្ធ។",
        ),
        "body": {
            "en": "<p>Join us online on 20 May 2026 at 15:00 (UTC+8) for a one-hour session "
            "on synchronisation licensing. Speakers from a Singapore label and a Bangkok "
            "post-production house will walk through real quotes, most-favoured-nation "
            "clauses and cue-sheet reporting.</p><p>The session is free for registered "
            "members; recordings will be available in English and Chinese.</p>",
            "zh-hans": "<p>2026年5月20日15:00（UTC+8），我们将举办一小时的线上同步授权专题会。"
            "来自新加坡唱片公司和曼谷后期制作公司的嘉宾将结合真实报价，"
            "讲解最惠待遇条款与配乐清单（cue sheet）报告。</p>"
            "<p>注册会员可免费参加，会后提供中英文回放。</p>",
        },
    },
    {
        "key": "chiang-mai-silk-pattern-registration",
        "kind": "news",
        "date": "2026-04-08",
        "title": _t(
            zh_hans="清迈织工一个月内登记120款丝绸纹样",
            zh_hant="清邁織工一個月內登記120款絲綢紋樣",
            en="Chiang Mai weavers register 120 silk patterns in one month",
            vi="Thợ dệt Chiang Mai đăng ký 120 mẫu hoa văn lụa trong một tháng",
            th="ช่างทอเชียงใหม่ขึ้นทะเบียนลายผ้าไหม 120 ลายในหนึ่งเดือน",
            ms="Penenun Chiang Mai mendaftarkan 120 corak sutera dalam sebulan",
            id="Penenun Chiang Mai mendaftarkan 120 motif sutra dalam sebulan",
            my="ချင်းမိုင် ယက်ကန်းသည်များ တစ်လအတွင်း ပိုးထည်ဒီဇိုင်း ၁၂၀ မှတ်ပုံတင်",
            lo="ຊ່າງຕ່ຳຫູກຊຽງໃໝ່ຂຶ້ນທະບຽນລາຍຜ້າໄໝ 120 ລາຍໃນໜຶ່ງເດືອນ",
            fil="Nagparehistro ang mga manghahabi ng Chiang Mai ng 120 disenyo ng seda sa "
            "loob ng isang buwan",
            km="អ្នកត្បាញនៅឈៀងម៉ៃចុះបញ្ជីក្បាច់សូត្រចំនួន ១២០ ក្នុងរយៈពេលមួយខែ",
        ),
        "summary": _t(
            zh_hans="与当地织造合作社联合开展的登记活动，记录了传统纹样及在其基础上的新设计，"
            "让社区能够以清晰的署名进行授权。",
            zh_hant="與當地織造合作社聯合開展的登記活動，記錄了傳統紋樣及在其基礎上的新設計，"
            "讓社區能夠以清晰的署名進行授權。",
            en="A registration drive with local weaving collectives documents traditional "
            "motifs and the new designs built on them, so communities can license them "
            "with clear attribution.",
            vi="Chiến dịch đăng ký cùng các hợp tác xã dệt địa phương ghi nhận họa tiết truyền "
            "thống và những thiết kế mới dựa trên chúng, giúp cộng đồng cấp phép với ghi "
            "công rõ ràng.",
            th="โครงการขึ้นทะเบียนร่วมกับกลุ่มทอผ้าในท้องถิ่นบันทึกลวดลายดั้งเดิม"
            "และงานออกแบบใหม่ที่ต่อยอดจากลายเหล่านั้น "
            "เพื่อให้ชุมชนอนุญาตใช้สิทธิ์ได้พร้อมการระบุที่มาอย่างชัดเจน",
            ms="Kempen pendaftaran bersama koperasi tenun tempatan merekodkan motif "
            "tradisional dan reka bentuk baharu berasaskannya, supaya komuniti boleh "
            "melesenkannya dengan atribusi yang jelas.",
            id="Program pendaftaran bersama kelompok tenun setempat mendokumentasikan motif "
            "tradisional dan desain baru yang dikembangkan darinya, agar komunitas dapat "
            "melisensikannya dengan atribusi yang jelas.",
            my="ဒေသခံ ယက်ကန်းအဖွဲ့များနှင့် ပူးပေါင်း၍ ရိုးရာဒီဇိုင်းများနှင့် "
            "၎င်းတို့အပေါ် အခြေခံထားသော ဒီဇိုင်းသစ်များကို မှတ်တမ်းတင်ခြင်းဖြင့် "
            "အသိုင်းအဝိုင်းများက ရင်းမြစ်ကို ရှင်းလင်းစွာ ဖော်ပြ၍ လိုင်စင်ပေးနိုင်မည်။",
            lo="ໂຄງການຂຶ້ນທະບຽນຮ່ວມກັບກຸ່ມຕ່ຳຫູກທ້ອງຖິ່ນ ບັນທຶກລວດລາຍດັ້ງເດີມ "
            "ແລະ ການອອກແບບໃໝ່ທີ່ພັດທະນາຈາກລາຍເຫຼົ່ານັ້ນ "
            "ເພື່ອໃຫ້ຊຸມຊົນອະນຸຍາດນຳໃຊ້ໄດ້ພ້ອມການລະບຸທີ່ມາຢ່າງຈະແຈ້ງ.",
            fil="Itinatala ng isang registration drive kasama ang mga lokal na kooperatiba ng "
            "manghahabi ang mga tradisyonal na motif at ang mga bagong disenyong batay sa "
            "mga ito, upang malisensiyahan ito ng mga komunidad nang may malinaw na "
            "pagkilala.",
            km="យុទ្ធនាការចុះបញ្ជីរួមជាមួយសហគមន៍ត្បាញក្នុងតំបន់ កត់ត្រាក្បាច់ប្រពៃណី "
            "និងការរចនាថ្មីៗដែលផ្អែកលើក្បាច់ទាំងនោះ ដើម្បីឱ្យសហគមន៍អាចផ្ដល់អាជ្ញាប័ណ្ណ"
            "ដោយមានការបញ្ជាក់ប្រភពច្បាស់លាស់។",
        ),
        "body": {
            "en": "<p>Over four weekends, volunteers photographed sample cloths, recorded the "
            "names weavers use for each motif and marked which elements are traditional "
            "and which are new. Each pattern is listed under the collective that keeps "
            "it, with the traditional source flagged.</p><p>Licence income is paid to "
            "the collective's account, and buyers see a cultural-respect note on every "
            "listing.</p>",
            "zh-hans": "<p>在四个周末里，志愿者为样布拍照，记录织工对每种纹样的叫法，"
            "并标注哪些元素属于传统、哪些是新的创作。每款纹样都登记在负责传承它的合作社名下，"
            "并标明其传统来源。</p><p>授权收入直接支付到合作社账户，"
            "买家在每个作品页面都能看到文化尊重提示。</p>",
        },
    },
    {
        "key": "royalty-statements-languages-currencies",
        "kind": "news",
        "date": "2026-01-22",
        "title": _t(
            zh_hans="版税结算单现支持十一种语言和五种货币",
            zh_hant="版稅結算單現支援十一種語言和五種貨幣",
            en="Royalty statements now in eleven languages and five currencies",
            vi="Báo cáo tiền bản quyền nay có mười một ngôn ngữ và năm loại tiền tệ",
            th="รายงานค่าลิขสิทธิ์รองรับสิบเอ็ดภาษาและห้าสกุลเงินแล้ว",
            ms="Penyata royalti kini dalam sebelas bahasa dan lima mata wang",
            id="Laporan royalti kini tersedia dalam sebelas bahasa dan lima mata uang",
            my="မူပိုင်ခရှင်းတမ်းများကို ယခု ဘာသာစကား ဆယ့်တစ်မျိုးနှင့် ငွေကြေး ငါးမျိုးဖြင့် ရရှိနိုင်ပြီ",
            lo="ໃບລາຍງານຄ່າລິຂະສິດຮອງຮັບສິບເອັດພາສາ ແລະ ຫ້າສະກຸນເງິນແລ້ວ",
            fil="Nasa labing-isang wika at limang pera na ang mga ulat ng royalty",
            km="របាយការណ៍កម្រៃសិទ្ធិឥឡូវមានជាដប់មួយភាសា និងរូបិយប័ណ្ណប្រាំ",
        ),
        "summary": _t(
            zh_hans="版权方可下载PDF或电子表格格式的季度结算单，销售数据按地区列示，"
            "并按合同约定汇率换算。",
            zh_hant="版權方可下載PDF或試算表格式的季度結算單，銷售數據按地區列示，"
            "並按合約約定匯率換算。",
            en="Rights holders can download quarterly statements as PDF or spreadsheet, with "
            "sales reported per territory and converted at the exchange rate agreed in "
            "the contract.",
            vi="Chủ sở hữu quyền có thể tải báo cáo hằng quý dưới dạng PDF hoặc bảng tính, với "
            "doanh số theo từng vùng lãnh thổ được quy đổi theo tỷ giá đã thỏa thuận trong "
            "hợp đồng.",
            th="เจ้าของลิขสิทธิ์ดาวน์โหลดรายงานรายไตรมาสเป็น PDF หรือสเปรดชีตได้ "
            "พร้อมยอดขายแยกตามพื้นที่และแปลงค่าตามอัตราแลกเปลี่ยนที่ตกลงไว้ในสัญญา",
            ms="Pemegang hak boleh memuat turun penyata suku tahunan dalam bentuk PDF atau "
            "hamparan, dengan jualan dilaporkan mengikut wilayah dan ditukar pada kadar "
            "pertukaran yang dipersetujui dalam kontrak.",
            id="Pemegang hak dapat mengunduh laporan triwulanan dalam format PDF atau "
            "spreadsheet, dengan penjualan per wilayah yang dikonversi sesuai kurs yang "
            "disepakati dalam kontrak.",
            my="မူပိုင်ခွင့်ရှင်များသည် သုံးလပတ် ရှင်းတမ်းများကို PDF သို့မဟုတ် spreadsheet "
            "အဖြစ် ဒေါင်းလုဒ်ရယူနိုင်ပြီး အရောင်းများကို နယ်မြေအလိုက် ဖော်ပြကာ "
            "စာချုပ်တွင် သဘောတူထားသော ငွေလဲနှုန်းဖြင့် ပြောင်းလဲတွက်ချက်ထားသည်။",
            lo="ເຈົ້າຂອງລິຂະສິດສາມາດດາວໂຫຼດໃບລາຍງານປະຈຳໄຕມາດເປັນ PDF ຫຼື ສະເປຣດຊີດ "
            "ພ້ອມຍອດຂາຍແຍກຕາມເຂດພື້ນທີ່ ແລະ ປ່ຽນຄ່າຕາມອັດຕາແລກປ່ຽນທີ່ຕົກລົງໃນສັນຍາ.",
            fil="Maaaring i-download ng mga may-hawak ng karapatan ang quarterly statement "
            "bilang PDF o spreadsheet, na may benta bawat teritoryo na kinuwenta ayon sa "
            "exchange rate na napagkasunduan sa kontrata.",
            km="ម្ចាស់សិទ្ធិអាចទាញយករបាយការណ៍ប្រចាំត្រីមាសជា PDF ឬសៀវភៅបញ្ជី "
            "ដោយមានការលក់តាមដែនដី និងប្ដូរតាមអត្រាប្ដូរប្រាក់ដែលបានព្រមព្រៀងក្នុងកិច្ចសន្យា។",
        ),
        "body": {
            "en": "<p>Statements now show units, gross receipts, deductions and the royalty "
            "due for each licence, in the language of your choice. Amounts are "
            "converted from the licensee's reporting currency (CNY, SGD, THB, USD or "
            "EUR) at the rate fixed in the contract.</p><p>Statements can be exported "
            "as PDF for accountants or as spreadsheets for your own systems.</p>",
            "zh-hans": "<p>结算单现在按每份授权列示销量、总收入、扣除项和应付版税，"
            "并可选择显示语言。"
            "金额按合同约定的汇率，从被许可方的申报货币（人民币、新加坡元、泰铢、美元或欧元）"
            "换算。</p><p>结算单可导出为PDF交给会计，或导出为电子表格导入您自己的系统。</p>",
        },
    },
    {
        "key": "case-lao-naga-pattern-french-homeware",
        "kind": "case",
        "date": "2026-06-03",
        "title": _t(
            zh_hans="案例：老挝那伽纹样走进法国家居",
            zh_hant="案例：寮國那伽紋樣走進法國家居",
            en="Case study: A Lao naga pattern comes to French homeware",
            vi="Nghiên cứu điển hình: Họa tiết rắn thần Naga của Lào đến với đồ gia dụng Pháp",
            th="กรณีศึกษา: ลายนาคลาวสู่ของแต่งบ้านฝรั่งเศส",
            ms="Kajian kes: Corak naga Laos dalam hiasan rumah Perancis",
            id="Studi kasus: Motif naga Laos hadir di perabot rumah Prancis",
            my="ဖြစ်ရပ်လေ့လာချက်: လာအို နဂါးဒီဇိုင်း ပြင်သစ် အိမ်အလှပစ္စည်းများဆီသို့",
            lo="ກໍລະນີສຶກສາ: ລາຍນາກລາວສູ່ເຄື່ອງຕົບແຕ່ງເຮືອນຝຣັ່ງ",
            fil="Case study: Isang disenyong naga ng Laos sa mga gamit-bahay sa France",
            km="ករណីសិក្សា៖ ក្បាច់នាគឡាវទៅកាន់គ្រឿងតុបតែងផ្ទះបារាំង",
        ),
        "summary": _t(
            zh_hans="纳坎村妇女织布小组将“湄公河双那伽”纹样授权给灯笼之家用于靠垫和桌布，"
            "批发收入的8%回流村庄。",
            zh_hant="納坎村婦女織布小組將「湄公河雙那伽」紋樣授權給燈籠之家用於靠墊和桌布，"
            "批發收入的8%回流村莊。",
            en="Ban Na Kham Women's Weaving Group licensed its Twin Naga of the Mekong "
            "pattern to Maison Lanterne for cushions and table linen, with 8% of "
            "wholesale revenue returning to the village.",
            vi="Nhóm phụ nữ dệt Bản Na Khăm đã cấp phép họa tiết Đôi rắn thần Naga sông Mê "
            "Kông cho Maison Lanterne để làm gối tựa và khăn trải bàn, với 8% doanh thu "
            "bán sỉ trở về làng.",
            th="กลุ่มแม่บ้านทอผ้าบ้านนาคำอนุญาตให้ Maison Lanterne ใช้ลายนาคคู่แม่น้ำโขง"
            "บนหมอนอิงและผ้าปูโต๊ะ โดยรายได้ขายส่ง 8% กลับคืนสู่หมู่บ้าน",
            ms="Kumpulan Tenun Wanita Ban Na Kham melesenkan corak Naga Berkembar Mekong "
            "kepada Maison Lanterne untuk kusyen dan alas meja, dengan 8% hasil jualan "
            "borong kembali kepada kampung.",
            id="Kelompok Tenun Perempuan Ban Na Kham melisensikan motif Naga Kembar Mekong "
            "kepada Maison Lanterne untuk bantal dan taplak meja, dengan 8% pendapatan "
            "grosir kembali ke desa.",
            my="Ban Na Kham အမျိုးသမီး ယက်ကန်းအဖွဲ့သည် မဲခေါင်မြစ် နဂါးအစုံ ဒီဇိုင်းကို "
            "Maison Lanterne သို့ ကူရှင်နှင့် စားပွဲခင်းများအတွက် လိုင်စင်ပေးခဲ့ပြီး "
            "လက်ကားရောင်းရငွေ၏ ၈% ကို ရွာသို့ ပြန်ပေးမည်။",
            lo="ກຸ່ມແມ່ຍິງຕ່ຳຫູກບ້ານນາຄຳ ໄດ້ອະນຸຍາດໃຫ້ Maison Lanterne ນຳໃຊ້ລາຍນາກຄູ່ແມ່ນ້ຳຂອງ "
            "ໃນໝອນອີງ ແລະ ຜ້າປູໂຕະ ໂດຍລາຍຮັບຂາຍຍົກ 8% ກັບຄືນສູ່ໝູ່ບ້ານ.",
            fil="Nilisensiyahan ng Ban Na Kham Women's Weaving Group ang disenyong Kambal na "
            "Naga ng Mekong sa Maison Lanterne para sa mga unan at mantel, at 8% ng kita "
            "sa wholesale ang babalik sa nayon.",
            km="ក្រុមស្ត្រីត្បាញភូមិណាខាំ បានផ្ដល់អាជ្ញាប័ណ្ណក្បាច់នាគគូនៃទន្លេមេគង្គ ដល់ "
            "Maison Lanterne សម្រាប់ខ្នើយ និងកម្រាលតុ ដោយ ៨% នៃចំណូលលក់ដុំត្រឡប់ទៅភូមិវិញ។",
        ),
        "body": {
            "en": "<p>The French homeware brand Maison Lanterne discovered the pattern in the "
            "crafts zone and asked for a custom colourway. The weavers approved the new "
            "palette, and the licence records that the naga motif is traditional Lao "
            "heritage, with the new border credited to the group.</p><p>The first "
            "collection of cushions and table runners goes on sale in Lyon and online "
            "this autumn.</p>",
            "zh-hans": "<p>法国家居品牌灯笼之家在手工艺专区发现了这一纹样，并请求定制配色。"
            "织工们认可了新的配色方案；授权合同注明那伽纹样属于老挝传统文化遗产，"
            "新设计的边饰则署名为该小组。</p><p>首批靠垫与桌旗将于今年秋季在里昂及网上发售。</p>",
        },
    },
    {
        "key": "komiks-manhua-pitch-day-manila",
        "kind": "event",
        "date": "2026-09-12",
        "title": _t(
            zh_hans="马尼拉漫画版权提案日",
            zh_hant="馬尼拉漫畫版權提案日",
            en="Komiks & Manhua Pitch Day in Manila",
            vi="Ngày thuyết trình Komiks & Manhua tại Manila",
            th="วันนำเสนอการ์ตูนโคมิกส์และหม่านฮว่าที่มะนิลา",
            ms="Hari Pembentangan Komiks & Manhua di Manila",
            id="Hari Presentasi Komiks & Manhua di Manila",
            my="မနီလာတွင် ကော်မစ်နှင့် မန်ဟွာ ရုပ်ပြ တင်ပြပွဲနေ့",
            lo="ມື້ນຳສະເໜີກາຕູນໂຄມິກສ໌ ແລະ ມານຮວາ ທີ່ມະນີລາ",
            fil="Komiks at Manhua Pitch Day sa Maynila",
            km="ថ្ងៃបង្ហាញគម្រោងរឿងគំនូរ Komiks និង Manhua នៅទីក្រុងម៉ានីល",
        ),
        "summary": _t(
            zh_hans="来自菲律宾和中国的二十家漫画工作室将以每场十分钟的形式，"
            "向流媒体平台和海外出版社推介作品。",
            zh_hant="來自菲律賓和中國的二十家漫畫工作室將以每場十分鐘的形式，"
            "向串流平台和海外出版社推介作品。",
            en="Twenty comic studios from the Philippines and China will pitch series to "
            "streaming platforms and foreign publishers in ten-minute sessions.",
            vi="Hai mươi xưởng truyện tranh từ Philippines và Trung Quốc sẽ giới thiệu các bộ "
            "truyện tới nền tảng phát trực tuyến và nhà xuất bản nước ngoài trong các phiên "
            "mười phút.",
            th="สตูดิโอการ์ตูนยี่สิบแห่งจากฟิลิปปินส์และจีนจะนำเสนอผลงานต่อแพลตฟอร์มสตรีมมิง"
            "และสำนักพิมพ์ต่างประเทศในรอบละสิบนาที",
            ms="Dua puluh studio komik dari Filipina dan China akan membentangkan siri mereka "
            "kepada platform penstriman dan penerbit asing dalam sesi sepuluh minit.",
            id="Dua puluh studio komik dari Filipina dan Tiongkok akan mempresentasikan serial "
            "mereka kepada platform streaming dan penerbit asing dalam sesi sepuluh menit.",
            my="ဖိလစ်ပိုင်နှင့် တရုတ်မှ ရုပ်ပြစတူဒီယို နှစ်ဆယ်သည် စထရီးမင်းပလက်ဖောင်းများနှင့် "
            "နိုင်ငံခြားထုတ်ဝေသူများထံ ဆယ်မိနစ်စီ ၎င်းတို့၏ ဇာတ်လမ်းတွဲများကို တင်ပြမည်။",
            lo="ສະຕູດິໂອກາຕູນຊາວແຫ່ງຈາກຟີລິບປິນ ແລະ ຈີນ ຈະນຳສະເໜີຜົນງານຕໍ່ແພລັດຟອມສະຕຣີມມິງ "
            "ແລະ ສຳນັກພິມຕ່າງປະເທດ ໃນຮອບລະສິບນາທີ.",
            fil="Dalawampung komiks studio mula sa Pilipinas at China ang magpi-pitch ng "
            "kanilang mga serye sa mga streaming platform at dayuhang publisher sa "
            "tig-sampung minutong sesyon.",
            km="ស្ទូឌីយោរឿងគំនូរចំនួនម្ភៃមកពីហ្វីលីពីន និងចិន នឹងបង្ហាញស្នាដៃរបស់ពួកគេ"
            "ទៅកាន់វេទិកាស្ទ្រីមមីង និងគ្រឹះស្ថានបោះពុម្ពបរទេស ក្នុងវគ្គដប់នាទីម្ដងៗ។",
        ),
        "body": {
            "en": "<p>Studios will present a one-page synopsis, sample pages and a rights grid "
            "showing which territories and formats are available. Buyers can request a "
            "follow-up meeting directly from each listing.</p><p>Applications to pitch "
            "close on 15 August 2026.</p>",
            "zh-hans": "<p>各工作室将展示一页故事梗概、样章以及标明可授权地区和形式的版权清单。"
            "买家可直接在作品页面申请后续洽谈。</p><p>提案报名将于2026年8月15日截止。</p>",
        },
    },
]
