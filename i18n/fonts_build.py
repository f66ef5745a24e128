"""Rebuild the vendored fonts in this folder and the generated part of fonts.css.

Not used at run time. Needs npm, apt-get (Debian bookworm lists) and fontTools with Brotli:

    python3 -m venv /tmp/fontenv && /tmp/fontenv/bin/pip install 'fonttools[woff]'
    /tmp/fontenv/bin/python i18n/fonts_build.py

Takes ~8 minutes (merging ~200 CJK slices and subsetting the CJK collection dominate).
FONTS.md (i18n/FONTS.md) explains every choice made here.

Rule kept throughout: ONE file per (family, style[, weight]). WeasyPrint keys the fonts it
embeds in a PDF by family/weight/style, so two unicode-range slices of one family would share
one embedded font and print wrong glyphs.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fontTools.ttLib import TTFont, newTable, woff2
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

HERE = Path(__file__).resolve().parent / "static" / "i18n" / "fonts"

NPM_PACKAGES = {
    "sc": "@fontsource-variable/noto-sans-sc@5.3.1",
    "tc": "@fontsource-variable/noto-sans-tc@5.3.1",
    "thai": "@fontsource-variable/noto-sans-thai@5.3.0",
    "khmer": "@fontsource-variable/noto-sans-khmer@5.3.0",
    "myanmar": "@fontsource-variable/noto-sans-myanmar@5.3.0",
    "lao": "@fontsource-variable/noto-sans-lao@5.3.0",
    "latin": "@expo-google-fonts/noto-sans@0.4.2",
}
DEBIAN_CJK = "fonts-noto-cjk=1:20220127+repack1-1"
CJK_TTC = "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_SC_INDEX = 2  # face "Noto Sans CJK SC" in the collection
SUBSET = [sys.executable, "-m", "fontTools.subset"]  # pyftsubset of this interpreter

# Latin incl. Vietnamese, IPA, Greek, Cyrillic, general punctuation, currency, arrows, math.
LATIN_UNICODES = (
    "U+0000-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1AB0-1AFF,U+1D00-1DBF,"
    "U+1DC0-1DFF,U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20C0,U+2100-214F,U+2150-218F,"
    "U+2190-21FF,U+2200-22FF,U+25CC,U+2C60-2C7F,U+A720-A7FF,U+FB00-FB06,U+FEFF,U+FFFD"
)
LATIN_STATICS = [
    ("400", "normal", "400Regular"),
    ("500", "normal", "500Medium"),
    ("600", "normal", "600SemiBold"),
    ("700", "normal", "700Bold"),
    ("400", "italic", "400Regular_Italic"),
    ("700", "italic", "700Bold_Italic"),
]
SCRIPTS = ["thai", "khmer", "myanmar", "lao"]
# CJK fallback files: the blocks they take characters from (only those the SC/TC files lack).
# They come last in every stack, so fonts.css declares the whole blocks, not exact lists.
CJK_FALLBACKS = [
    (
        "Noto Sans CJK SC",
        "noto-sans-cjk-sc-400-normal.woff2",
        [
            (0x2E80, 0x2FDF),
            (0x3000, 0x303F),
            (0x3040, 0x30FF),
            (0x3100, 0x312F),
            (0x31A0, 0x31FF),
            (0x3200, 0x33FF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
            (0xFE10, 0xFE1F),
            (0xFE30, 0xFE4F),
            (0xFF00, 0xFFEF),
        ],
    ),
    (
        "Noto Sans CJK SC Ext",
        "noto-sans-cjk-sc-ext-400-normal.woff2",
        [(0x3400, 0x4DBF), (0x20000, 0x3FFFF)],
    ),
]
BEGIN = "/* BEGIN generated @font-face rules: i18n/fonts_build.py rewrites this part */\n"
END = "/* END generated @font-face rules */\n"


def cmap_of(path: Path) -> set[int]:
    font = TTFont(path, lazy=True)
    code_points = set(font.getBestCmap())
    font.close()
    return code_points


def format_ranges(code_points: set[int]) -> str:
    out: list[str] = []
    items = sorted(code_points)
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1] == items[j] + 1:
            j += 1
        out.append(f"U+{items[i]:04X}" if i == j else f"U+{items[i]:04X}-{items[j]:04X}")
        i = j + 1
    return ",".join(out)


def save_woff2(font: TTFont | bytes, dest: Path) -> None:
    """Write WOFF2 with the null glyf/loca transform.

    ~8% bigger than the default transform, but fontTools (which WeasyPrint uses to unpack
    WOFF2) rebuilds a transformed glyf table in pure Python: ~45 s for our CJK files, against
    a plain Brotli inflate (~0.5 s) untransformed. Browsers read both forms.
    """
    ttf = io.BytesIO()
    if isinstance(font, bytes):
        ttf.write(font)
    else:
        font.flavor = None
        font.save(ttf)
    ttf.seek(0)
    woff2.compress(ttf, str(dest), transform_tables=set())


def merge_slices(paths: list[Path], dest: Path, min_code_point: int) -> None:
    """Merge unicode-range slices of one variable font back into a single font.

    The slices are cut from one variable source (same axes, no composite glyphs), so each
    glyph's outline (glyf), deltas (gvar) and metrics (hmtx/vmtx) copy over as they are.
    Dropped: GSUB/GPOS (only vertical forms and punctuation spacing in these fonts) and
    HVAR/VVAR (advance deltas then come from gvar's phantom points).
    """
    slices = [TTFont(p) for p in paths]
    base = slices[0]
    axes = [(a.axisTag, a.minValue, a.defaultValue, a.maxValue) for a in base["fvar"].axes]
    cmap: dict[int, str] = {}
    source: dict[str, tuple[TTFont, str]] = {".notdef": (base, ".notdef")}
    for font in slices:
        font_axes = [(a.axisTag, a.minValue, a.defaultValue, a.maxValue) for a in font["fvar"].axes]
        if font_axes != axes or font["head"].unitsPerEm != base["head"].unitsPerEm:
            raise ValueError("slices come from different fonts")
        for code_point, glyph_name in font.getBestCmap().items():
            # Latin (< min_code_point) is left to "Noto Sans", but the spaces are kept: Pango
            # may give a space that starts an inline box to the stack's first font unchecked.
            if code_point in cmap or (code_point < min_code_point and code_point not in (32, 160)):
                continue
            cmap[code_point] = f"u{code_point:04X}"
            source[cmap[code_point]] = (font, glyph_name)
    # Glyph order = slice order, most frequent characters first: WeasyPrint subsets with
    # retained glyph ids and cuts after the highest id used, so everyday text keeps the
    # subset (and its per-weight instancing) small.
    order = list(source)

    glyf, gvar, hmtx = newTable("glyf"), newTable("gvar"), newTable("hmtx")
    glyf.glyphs, glyf.glyphOrder = {}, order
    gvar.version, gvar.reserved, gvar.variations = 1, 0, {}
    hmtx.metrics = {}
    vmtx = newTable("vmtx") if "vmtx" in base else None
    if vmtx is not None:
        vmtx.metrics = {}
    for name in order:
        font, glyph_name = source[name]
        glyph = font["glyf"][glyph_name]
        glyph.expand(font["glyf"])
        if glyph.isComposite():
            raise ValueError("composite glyphs are not handled")
        glyf.glyphs[name] = glyph
        gvar.variations[name] = font["gvar"].variations.get(glyph_name, [])
        hmtx.metrics[name] = font["hmtx"].metrics[glyph_name]
        if vmtx is not None:
            vmtx.metrics[name] = font["vmtx"].metrics[glyph_name]

    base.setGlyphOrder(order)
    base["glyf"], base["loca"], base["gvar"], base["hmtx"] = glyf, newTable("loca"), gvar, hmtx
    if vmtx is not None:
        base["vmtx"] = vmtx
        base["vhea"].numberOfVMetrics = len(order)
    for tag in ("GSUB", "GPOS", "HVAR", "VVAR"):
        if tag in base:
            del base[tag]
    new_cmap = newTable("cmap")
    new_cmap.tableVersion = 0
    bmp = {cp: g for cp, g in cmap.items() if cp <= 0xFFFF}
    new_cmap.tables = []
    for fmt, platform, encoding, mapping in ((4, 0, 3, bmp), (4, 3, 1, bmp), (12, 3, 10, cmap)):
        if fmt == 12 and len(mapping) == len(bmp):
            continue
        subtable = CmapSubtable.newSubtable(fmt)
        subtable.platformID, subtable.platEncID, subtable.language = platform, encoding, 0
        subtable.cmap = dict(mapping)
        new_cmap.tables.append(subtable)
    base["cmap"] = new_cmap
    base["post"].formatType, base["post"].extraNames, base["post"].mapping = 3.0, [], {}
    base["OS/2"].recalcUnicodeRanges(base)
    base["OS/2"].usFirstCharIndex = min(bmp)
    base["OS/2"].usLastCharIndex = max(bmp)
    base["maxp"].numGlyphs = base["hhea"].numberOfHMetrics = len(order)
    save_woff2(base, dest)


def fetch(work: Path) -> Path:
    """Download the source packages into ``work`` and return the extraction root."""
    root = work / "src"
    for key, spec in NPM_PACKAGES.items():
        tgz = subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=work,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        with tarfile.open(work / tgz) as archive:
            archive.extractall(root / key, filter="data")
    subprocess.run(["apt-get", "download", DEBIAN_CJK], cwd=work, check=True)
    deb = next(work.glob("fonts-noto-cjk_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root / "cjk")], check=True)
    return root


def face_css(family: str, style: str, weight: str, url: str, ranges: str, size: int) -> str:
    return (
        f"/* {url} ({size // 1024} KiB) */\n"
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        f"  font-style: {style};\n"
        f"  font-weight: {weight};\n"
        "  font-display: swap;\n"
        f'  src: url("{url}") format("woff2");\n'
        f"  unicode-range: {ranges};\n"
        "}\n"
    )


def build(src: Path, out: Path, work: Path) -> list[str]:
    faces: list[str] = []

    def add(family: str, style: str, weight: str, dest: Path, ranges: str) -> None:
        url = dest.relative_to(out).as_posix()
        faces.append(face_css(family, style, weight, url, ranges, dest.stat().st_size))
        print(f"{url:60} {dest.stat().st_size:>10,}")

    # Latin: static instances of Google's Noto Sans, subset, ~140 KB per weight. (Fontsource's
    # variable Noto Sans comes only as latin/latin-ext/vietnamese/... slices: see the rule.)
    (out / "noto-sans").mkdir(parents=True, exist_ok=True)
    for weight, style, name in LATIN_STATICS:
        ttf = work / f"latin-{name}.ttf"
        subprocess.run(
            [
                *SUBSET,
                str(src / "latin/package" / name / f"NotoSans_{name}.ttf"),
                f"--unicodes={LATIN_UNICODES}",
                "--layout-features=*",
                "--name-IDs=*",
                "--notdef-outline",
                f"--output-file={ttf}",
            ],
            check=True,
        )
        dest = out / "noto-sans" / f"noto-sans-{weight}-{style}.woff2"
        save_woff2(ttf.read_bytes(), dest)
        add("Noto Sans", style, weight, dest, format_ranges(cmap_of(dest)))

    # Thai, Khmer, Myanmar, Lao: each script is a single variable file in Fontsource.
    for script in SCRIPTS:
        files = src / script / "package/files"
        (out / f"noto-sans-{script}").mkdir(exist_ok=True)
        dest = out / f"noto-sans-{script}" / f"noto-sans-{script}-wght-normal.woff2"
        ttf = io.BytesIO()
        woff2.decompress(str(files / f"noto-sans-{script}-{script}-wght-normal.woff2"), ttf)
        save_woff2(ttf.getvalue(), dest)
        add(f"Noto Sans {script.title()}", "normal", "100 900", dest, format_ranges(cmap_of(dest)))

    # Noto Sans SC / TC: Google's ~100 variable slices each, merged back into one file.
    for region in ("sc", "tc"):
        files = src / region / "package/files"
        slices = sorted(
            (p for p in files.glob("*-wght-normal.woff2") if re.search(r"-\d+-wght", p.name)),
            key=lambda p: -int(re.search(r"-(\d+)-wght", p.name).group(1)),
        )  # Google numbers slices by frequency, the most frequent highest.
        (out / f"noto-sans-{region}").mkdir(exist_ok=True)
        dest = out / f"noto-sans-{region}" / f"noto-sans-{region}-wght-normal.woff2"
        merge_slices(slices, dest, min_code_point=0x2000)
        add(f"Noto Sans {region.upper()}", "normal", "100 900", dest, format_ranges(cmap_of(dest)))

    # CJK fallbacks: what the regional SC/TC subsets lack, from Noto Sans CJK SC (Debian).
    covered = cmap_of(out / "noto-sans-sc/noto-sans-sc-wght-normal.woff2") | cmap_of(
        out / "noto-sans-tc/noto-sans-tc-wght-normal.woff2"
    )
    ttc = src / "cjk" / CJK_TTC
    cjk = TTFont(ttc, fontNumber=CJK_SC_INDEX, lazy=True)
    cjk_cmap = set(cjk.getBestCmap())
    cjk.close()
    (out / "noto-sans-cjk-sc").mkdir(exist_ok=True)
    for family, filename, blocks in CJK_FALLBACKS:
        wanted = {cp for lo, hi in blocks for cp in range(lo, hi + 1)}
        unicodes = work / f"{filename}.txt"
        unicodes.write_text("\n".join(f"{cp:04X}" for cp in sorted((cjk_cmap & wanted) - covered)))
        dest = out / "noto-sans-cjk-sc" / filename
        # CFF outlines: WOFF2 has no transform for them. No hinting: CFF hints add 20% here
        # and matter little for rare characters.
        subprocess.run(
            [
                *SUBSET,
                str(ttc),
                f"--font-number={CJK_SC_INDEX}",
                f"--unicodes-file={unicodes}",
                "--flavor=woff2",
                "--layout-features=*",
                "--name-IDs=*",
                "--notdef-outline",
                "--no-hinting",
                "--desubroutinize",
                f"--output-file={dest}",
            ],
            check=True,
        )
        add(family, "normal", "400", dest, ",".join(f"U+{lo:04X}-{hi:04X}" for lo, hi in blocks))
    return faces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="font folder to write")
    parser.add_argument("--src", type=Path, help="already fetched sources (skip download)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = args.src or fetch(work)
        faces = build(src, args.out, work)
    css_path = args.out / "fonts.css"
    css = (HERE / "fonts.css").read_text(encoding="utf-8")
    head, rest = css.split(BEGIN)
    _, tail = rest.split(END)
    css_path.write_text(head + BEGIN + "\n".join(faces) + END + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
