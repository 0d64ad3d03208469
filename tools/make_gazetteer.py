"""Generate ontology/divisions.tsv and ontology/townships.tsv from jionlp's bundled gazetteer.

Dev-only: run by hand after `pip install jionlp` (it is never imported at run time; the runtime reader is
`fupin.extract.gazetteer`, which only reads the TSVs written here). Usage:

    .venv/bin/python tools/make_gazetteer.py [--out ontology]

Why generate rather than hand-type: ~3,000 six-digit codes are exactly the kind of data that must come
from a maintained source, and regenerating is how a newer jionlp release (new 撤县设区 changes) gets in.
The source is jionlp's `dictionary/china_location.zip` (NBS statistical division codes, which agree with
GB/T 2260 for real divisions) and `dictionary/china_location_change.txt` (changes since 2018, plus a few
older ones). Its change table has a gap between 2010 and 2017, the years most poverty reports cover: the
GB/T 2260 history of every county-level code since 2000 (the areacodes data, CC0) fills it, through
tools/gazetteer_history.py, which main() runs on the written divisions.tsv (it replaced a hand-typed
rename table).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from fupin.extract.gazetteer import REQUIRED_COLUMNS

LEVELS = ("province", "prefecture", "county")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

# Sub-divisions of 台湾/香港/澳门 carry jionlp-made codes outside GB/T 2260 (which lists only 710000,
# 810000, 820000), and their names (中山区, 东区) would collide with mainland ones.
PROVINCE_ONLY = ("71", "81", "82")

# NBS codes whose 5th digit is 7 are 经济开发区/管理区/新区 that NBS files as county-level for statistics;
# they are not administrative divisions in GB/T 2260. Pseudo rows 省直辖/市直辖行政区划 are dropped too.
NOT_A_DIVISION_MARKERS = ("直辖行政区划", "行政委员会", "开发区", "管委会")
# NBS-only county-level codes with an ordinary-looking code: 四川天府新区 and the four 区 that 大兴安岭地区
# runs on land of 内蒙古 (加格达奇 etc.); the MCA's GB/T 2260 list has none of them.
NOT_IN_GB2260 = frozenset({"510156", "232761", "232762", "232763", "232764"})

ETHNIC_GROUPS = (
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各",
)
AUTONOMOUS_SUFFIXES = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
GENERIC_SUFFIXES = ("新区", "地区", "县", "区", "市", "旗", "盟")
# The only 特区 (with 万山特区, now 万山区) and 林区; as general suffixes they would cut 万柏林区 to 万柏.
SPECIAL_SHORT_NAMES = {"六枝特区": "六枝", "万山特区": "万山", "神农架林区": "神农架"}
# A banner's name minus 旗 that ends in one of these (察哈尔右翼中, 杭锦后) is not a form anyone writes.
BANNER_FRAGMENT_ENDINGS = ("左", "右", "前", "中", "后", "翼", "联合")

# A short form is an ordinary word when jionlp's corpus word counts (jiojio-segmented news and web text) show
# it often (COMMON_MIN_COUNT) and far more often than its place-name forms (COMMON_MIN_RATIO): 资源 vs
# 资源县, 会同 vs 会同县, 商城 vs 商城县; 洛阳 (3.6× 洛阳市) stays. Matching such words in running text
# would tag every "资源" or "会同有关部门" as a county, so they get no short_name.
COMMON_MIN_COUNT = 40_000
COMMON_MIN_RATIO = 40
# Words the counts miss, reviewed by hand from the generated list: set phrases of poverty reports (安居乐业,
# 同心协力, 富民产业, 城中村, 金山银山, 沿河), or frequent words whose ratio is just under the cut.
COMMON_WORDS = frozenset(
    {
        "乐业",
        "同心",
        "安居",
        "富民",
        "康乐",
        "长寿",
        "和顺",
        "城中",
        "城东",
        "城西",
        "城北",
        "城南",
        "新城",
        "向阳",
        "平和",
        "安定",
        "清水",
        "安宁",
        "沿河",
        "城关",
        "古城",
        "南部",
        "南海",
        "金山",
        "东海",
        "解放",
        "牡丹",
        "长安",
        "滨海",
        "滨江",
        "市中",
        "桥东",
        "桥西",
    }
)

# jionlp's change table misspells two new names; the spelling in its own division list is the right one.
CHANGE_TABLE_TYPOS = {"云岗区": "云冈区", "大菁山县": "大箐山县", "玉环区": "玉环市"}
# Old names too generic to keep: 城区/郊区/矿区 still name live districts elsewhere.
GENERIC_OLD_NAMES = frozenset({"城区", "郊区", "矿区", "南郊区", "市辖区"})


@dataclass
class Row:
    """One division as written to divisions.tsv; mutable while names are being worked out."""

    code: str
    name: str
    level: str
    parent_code: str
    prefecture_code: str
    province_code: str
    source_alias: str
    short_name: str = ""
    former_names: list[str] = field(default_factory=list)
    renamed_to: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def jionlp_dictionary_dir() -> Path:
    """Locate jionlp's dictionary folder without importing jionlp (its import is slow and noisy)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("jionlp is not installed: .venv/bin/pip install jionlp")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


def jionlp_version() -> str:
    """The installed jionlp version, for GAZETTEER.md."""
    from importlib.metadata import version

    return version("jionlp")


def read_location_lines(dictionary: Path) -> list[str]:
    """The tab-indented 省/市/县/乡镇/村 outline inside china_location.zip."""
    with zipfile.ZipFile(dictionary / "china_location.zip") as archive:
        return archive.read("china_location.txt").decode("utf-8").splitlines()


def is_division(name: str, code: str) -> bool:
    """False for statistical-only units (development zones, 直辖 pseudo rows) that GB/T 2260 lacks."""
    if len(code) != 6 or not code.isdigit():
        return False
    if code in NOT_IN_GB2260 or any(marker in name for marker in NOT_A_DIVISION_MARKERS):
        return False
    return not (code[4] == "7" and code[2:4] != "00")


def parse_outline(lines: list[str]) -> tuple[list[Row], list[tuple[str, str]]]:
    """Turn the outline into division rows and (county code, township) pairs.

    Depth 0 is a province, 1 a prefecture, 2 a county, 3 a township, 4 a village (ignored). A municipality's
    single prefecture row repeats the province code and 省直辖行政区划 rows end in 9000: neither is a real
    prefecture, so their counties hang directly under the province with no prefecture_code.
    """
    rows: list[Row] = []
    townships: list[tuple[str, str]] = []
    province = prefecture = county = None
    for line in lines:
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth == 0:
            province = Row(parts[1], parts[0], "province", "", "", parts[1], parts[2])
            rows.append(province)
            prefecture = county = None
        elif province is None or province.code[:2] in PROVINCE_ONLY:
            continue
        elif depth == 1:
            prefecture = county = None
            real = len(parts) == 3 and is_division(*parts[:2]) and not parts[1].endswith("9000")
            if real and parts[1] != province.code:
                prefecture = Row(parts[1], parts[0], "prefecture", province.code, "", province.code, parts[2])
                rows.append(prefecture)
        elif depth == 2:
            county = None
            if len(parts) == 3 and is_division(*parts[:2]):
                parent = prefecture.code if prefecture else province.code
                county = Row(
                    parts[1],
                    parts[0],
                    "county",
                    parent,
                    prefecture.code if prefecture else "",
                    province.code,
                    parts[2],
                )
                rows.append(county)
        elif depth == 3 and county is not None and parts[0]:
            townships.append((county.code, parts[0]))
    return rows, townships


def strip_ethnic(stem: str) -> str:
    """Remove trailing ethnic-group names (镇宁布依族苗族 → 镇宁); keep the stem when nothing would remain."""
    while True:
        for group in sorted(ETHNIC_GROUPS, key=len, reverse=True):
            forms = (group + "族", group) if len(group) > 1 else (group + "族",)
            hit = next((f for f in forms if stem.endswith(f) and len(stem) > len(f)), None)
            if hit:
                stem = stem[: -len(hit)]
                break
        else:
            return stem


def base_short_name(row: Row) -> str:
    """The name without its generic suffix, before any ambiguity check (may be one character).

    Ethnic names go too (镇宁布依族苗族自治县 → 镇宁, 管城回族区 → 管城). A suffix is only taken off when at
    least two characters remain, so 清新区 is 清新, not 清.
    """
    if row.level == "province":
        return row.source_alias
    if row.name in SPECIAL_SHORT_NAMES:
        return SPECIAL_SHORT_NAMES[row.name]
    for suffix in AUTONOMOUS_SUFFIXES:
        if row.name.endswith(suffix):
            stem = row.name[: -len(suffix)]
            stripped = strip_ethnic(stem)
            if stripped == stem and stem.endswith("族"):
                return stem[:-1]
            return "" if stripped.endswith("翼") else stripped
    for suffix in GENERIC_SUFFIXES:
        stem = row.name[: -len(suffix)]
        if row.name.endswith(suffix) and len(stem) >= 2:
            if suffix == "旗" and stem.endswith(BANNER_FRAGMENT_ENDINGS):
                return ""
            return strip_ethnic(stem) if stem.endswith("族") else stem
    return ""


def load_word_counts(dictionary: Path) -> dict[str, int]:
    """jionlp's corpus word counts (one JSON `[word, count]` per line), used to spot ordinary words."""
    with zipfile.ZipFile(dictionary / "word_distribution.zip") as archive:
        lines = archive.read("word_distribution.json").decode("utf-8").splitlines()
    counts: dict[str, int] = {}
    for line in lines:
        try:
            word, count = json.loads(line)
        except ValueError:
            continue
        counts[word] = int(count)
    return counts


def is_common_word(short: str, row: Row, counts: dict[str, int]) -> bool:
    """True if `short` is an everyday word rather than mostly this place's name."""
    if short in COMMON_WORDS:
        return True
    as_place = max([counts.get(row.name, 0)] + [counts.get(short + g, 0) for g in "县区市州旗盟"])
    seen = counts.get(short, 0)
    return seen >= COMMON_MIN_COUNT and seen >= COMMON_MIN_RATIO * (as_place + 50)


def assign_short_names(rows: list[Row], counts: dict[str, int]) -> None:
    """Fill short_name, leaving it empty when single-character, a common word, or ambiguous.

    Ambiguous means shared inside one province (two 市中区 in 山东); when the sharers differ in level the
    higher one keeps it (吉林省 keeps 吉林, 吉林市 gets none), because that is what 吉林 means in a report.
    A county whose short form is a province's (河南蒙古族自治县 → 河南) also gets none.
    """
    province_shorts = {r.source_alias for r in rows if r.level == "province"}
    candidates: dict[str, str] = {}
    for row in rows:
        short = base_short_name(row)
        if len(short) < 2 or short == row.name:
            continue
        if row.level != "province" and (short in province_shorts or is_common_word(short, row, counts)):
            continue
        candidates[row.code] = short
    by_key: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        if row.code in candidates:
            by_key[(row.province_code, candidates[row.code])].append(row)
    for (_, short), sharers in by_key.items():
        top = min(LEVEL_RANK[r.level] for r in sharers)
        winners = [r for r in sharers if LEVEL_RANK[r.level] == top]
        if len(winners) == 1:
            winners[0].short_name = short


def read_change_table(dictionary: Path) -> list[tuple[str, str, str, str]]:
    """(province, new prefecture, new name, old name) from china_location_change.txt.

    County lines look like `date dept 省 省简 旧市 旧市简 旧县 旧县简=>省 新市 新县`; prefecture lines
    (襄樊市 => 襄阳市) lack the county fields, and then the prefecture itself is what was renamed.
    """
    changes = []
    for line in (dictionary / "china_location_change.txt").read_text(encoding="utf-8").splitlines():
        if "=>" not in line:
            continue
        old, new = (side.split("\t") for side in line.split("=>"))
        if len(old) == 8 and len(new) == 3:
            changes.append((new[0], new[1], CHANGE_TABLE_TYPOS.get(new[2], new[2]), old[6]))
        elif len(old) == 6 and len(new) == 2:
            changes.append((new[0], "", new[1], old[4]))
    return changes


def resolve(rows: list[Row], province: str, prefecture: str, name: str) -> Row:
    """The one current division called `name` in `province` (and under `prefecture` if given)."""
    by_code = {r.code: r for r in rows}
    prov = [r for r in rows if r.level == "province" and province in (r.name, r.source_alias)]
    if len(prov) != 1:
        raise LookupError(f"province {province!r} not found")
    hits = [r for r in rows if r.name == name and r.province_code == prov[0].code]
    if prefecture and len(hits) > 1:
        hits = [r for r in hits if r.prefecture_code and by_code[r.prefecture_code].name == prefecture]
    if len(hits) != 1:
        raise LookupError(f"{province} {prefecture} {name}: {len(hits)} matches")
    return hits[0]


def drop_stale_twin(rows: list[Row], target: Row, old: str) -> str | None:
    """Remove a row still listed under its old name beside its renamed self (澄江县 530422 next to 澄江市
    530481 under 玉溪市); returns a warning naming the row removed."""
    if target.level != "county" or not target.prefecture_code:
        return None
    twins = [r for r in rows if r.name == old and r.prefecture_code == target.prefecture_code]
    for twin in twins:
        rows.remove(twin)
    return f"dropped stale {twins[0].code} {old}, now {target.code} {target.name}" if twins else None


def assign_former_names(rows: list[Row], dictionary: Path) -> list[str]:
    """Attach former names from jionlp's change table; returns warnings. (GB/T 2260 history since 2000,
    from the areacodes data, is added afterwards by tools/gazetteer_history.py.)

    An old name is dropped when it is generic (城区) or is today the name of another division in the same
    province (毕节市 was the county now called 七星关区): keeping it would send lookups to the wrong place.
    """
    warnings: list[str] = []
    changes = read_change_table(dictionary)
    for province, prefecture, new, old in changes:
        if old == new or old in GENERIC_OLD_NAMES:
            continue
        try:
            target = resolve(rows, province, prefecture, new)
        except LookupError as err:
            warnings.append(note_later_rename(rows, province, prefecture, old, new, err))
            continue
        stale = drop_stale_twin(rows, target, old)
        if stale:
            warnings.append(stale)
        if any(r.province_code == target.province_code and r.name == old for r in rows):
            continue
        if old not in target.former_names:
            target.former_names.append(old)
    return warnings


def note_later_rename(
    rows: list[Row], province: str, prefecture: str, old: str, new: str, err: LookupError
) -> str:
    """Handle a change the division list has not caught up with (无为县 → 无为市 in 2019).

    The old row and its code stay as the source has them (the new code is not in the source, and reports
    from before the change use the old name); the new name becomes an alias so lookups still find it.
    """
    try:
        stale = resolve(rows, province, prefecture, old)
    except LookupError:
        return f"change {old} → {new} skipped: {err}"
    stale.renamed_to.append(new)
    return f"change {old} → {new}: source still lists {stale.code} {old}; {new} added as its alias"


def alias_proposals(row: Row, counts: dict[str, int]) -> list[str]:
    """Candidate aliases of one division, before checking them against the rest of its province."""
    found = [*row.renamed_to]
    found += [a for a in row.source_alias.split("/") if len(a) >= 2 and a != row.name[:-1]]
    short = base_short_name(row)
    found += [
        short + generic
        for suffix, generic in AUTONOMOUS_SUFFIXES.items()
        if row.name.endswith(suffix) and len(short) >= 2
    ]
    for former in row.former_names:
        former_short = base_short_name(replace(row, name=former))
        if len(former_short) >= 2 and not is_common_word(former_short, row, counts):
            found.append(former_short)
    taken = {row.name, row.short_name, short, *row.former_names}
    return list(dict.fromkeys(a for a in found if a not in taken))


def assign_aliases(rows: list[Row], counts: dict[str, int]) -> None:
    """Other names in use: later renames, jionlp's abbreviations (科右中旗, 塔县), 恩施州/威宁县 forms, and
    the bare form of a former name (襄樊 for 襄樊市 → 襄阳市).

    An alias is dropped when, in the same province, it is another division's full name, bare form or alias
    (遵义 from 遵义县 → 播州区 would collide with 遵义市), or when it is a province's bare form.
    """
    proposals = {row.code: alias_proposals(row, counts) for row in rows}
    province_shorts = {r.source_alias for r in rows if r.level == "province"}
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for form in (row.name, base_short_name(row), *proposals[row.code]):
            owners[(row.province_code, form)].add(row.code)
    for row in rows:
        row.aliases = [
            a
            for a in proposals[row.code]
            if owners[(row.province_code, a)] == {row.code}
            and (row.level == "province" or a not in province_shorts)
        ]


COLUMNS = (*REQUIRED_COLUMNS, "aliases")


def write_divisions(rows: list[Row], path: Path) -> None:
    """divisions.tsv, sorted by code, `|` joining multi-valued cells."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in sorted(rows, key=lambda r: r.code):
            writer.writerow(
                (
                    r.code,
                    r.name,
                    r.short_name,
                    r.level,
                    r.parent_code,
                    r.prefecture_code,
                    r.province_code,
                    "|".join(r.former_names),
                    "|".join(r.aliases),
                )
            )


def write_townships(townships: list[tuple[str, str]], path: Path) -> None:
    """townships.tsv: one (county_code, township) pair per line, sorted, duplicates removed."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(("county_code", "township"))
        writer.writerows(sorted(set(townships)))


def check(rows: list[Row]) -> None:
    """Fail loudly on data that would break the runtime reader's assumptions."""
    codes = [r.code for r in rows]
    assert len(codes) == len(set(codes)), "duplicate codes"
    by_code = {r.code: r for r in rows}
    for r in rows:
        assert len(r.code) == 6 and r.code.isdigit(), r
        assert r.level == "province" or r.parent_code in by_code, r


def add_history(out: Path) -> None:
    """Former names and codes since 2000 from the areacodes data (tools/gazetteer_history.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import gazetteer_history as history

    columns, rows = history.read_divisions(out / "divisions.tsv")
    retired = history.county_history(history.read_records())
    for warning in history.apply_history(rows, retired):
        print("warning:", warning, file=sys.stderr)
    history.write_tsv(out / "divisions.tsv", columns, rows)
    history.write_tsv(out / "division-history.tsv", history.HISTORY_COLUMNS, retired)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "ontology")
    args = parser.parse_args()
    dictionary = jionlp_dictionary_dir()
    rows, townships = parse_outline(read_location_lines(dictionary))
    for warning in assign_former_names(rows, dictionary):
        print("warning:", warning, file=sys.stderr)
    counts = load_word_counts(dictionary)
    assign_short_names(rows, counts)
    assign_aliases(rows, counts)
    check(rows)
    write_divisions(rows, args.out / "divisions.tsv")
    add_history(args.out)
    county_codes = {r.code for r in rows if r.level == "county"}
    kept = [t for t in townships if t[0] in county_codes]
    write_townships(kept, args.out / "townships.tsv")
    per_level = {level: sum(r.level == level for r in rows) for level in LEVELS}
    print(f"jionlp {jionlp_version()} · {date.today()} · {per_level} · townships {len(set(kept))}")


if __name__ == "__main__":
    main()
