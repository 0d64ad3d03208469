"""GB/T 2260 history for the gazetteer: every county-level code and name in use since 2000, resolved
to the code that holds its area today, from the areacodes data (ontology/links/sources/areacodes.csv,
a copy of yescallop/areacodes result.csv, CC0).

Used by tools/make_gazetteer.py in place of its former hand-typed rename table, and runnable alone to
update the shipped files without regenerating the rest of the gazetteer (no jionlp needed):

    .venv/bin/python tools/gazetteer_history.py      # adds former names to ontology/divisions.tsv,
                                                     # writes ontology/division-history.tsv

Resolution follows the 新代码 column: a record whose area went whole to one code (no `[YEAR]` part-
transfer), or to several of which only one was created that year (the renamed one), follows that
code, record by record, to the one in use today. A record whose area was split among several codes
is `split`: its name is flagged, never guessed. A former name that is today another
division's name in the same province (毕节市 was today's 七星关区) is `name-taken` and not added. Names
are only ever added to divisions.tsv, so no surface form the extractor matched before is lost.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREACODES = ROOT / "ontology" / "links" / "sources" / "areacodes.csv"
DIVISIONS = ROOT / "ontology" / "divisions.tsv"
HISTORY = ROOT / "ontology" / "division-history.tsv"
SINCE = 2000
GENERIC_OLD_NAMES = frozenset({"城区", "郊区", "矿区", "南郊区", "市辖区"})
# County-level records are what the issue asks for; prefecture-level ones (毕节地区 → 毕节市) keep the
# former names reports use for a prefecture.
LEVELS = ("县级", "地级")
HISTORY_COLUMNS = ("code", "name", "valid_from", "valid_until", "current_code", "status")


@dataclass(frozen=True)
class Record:
    code: str
    name: str
    level: str
    status: str
    start: int
    end: int | None
    successors: tuple[str, ...]


def read_records(path: Path = AREACODES) -> list[Record]:
    """result.csv rows; successors keep only whole-area moves (a `[YEAR]` entry is a part transfer)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Record(
            code=r["代码"],
            name=r["名称"],
            level=r["级别"],
            status=r["状态"],
            start=int(r["启用时间"]),
            end=int(r["变更/弃用时间"]) if r["变更/弃用时间"] else None,
            successors=tuple(c for c in r["新代码"].split(";") if c and "[" not in c),
        )
        for r in rows
    ]


def main_successor(record: Record, by_code: dict[str, list[Record]]) -> str | None:
    """The one code a record's area went to; of several, the one created that very year, when only one
    was (撤县设区: 遵义县 became the new 播州区 while some townships went to existing districts)."""
    if len(record.successors) == 1:
        return record.successors[0]
    created = [
        code for code in record.successors if any(r.start == record.end for r in by_code.get(code, []))
    ]
    return created[0] if len(created) == 1 else None


def resolve(record: Record, by_code: dict[str, list[Record]]) -> tuple[str, str]:
    """(today's code, status): `resolved`, `split` (several successors) or `lost` (no successor)."""
    seen = 0
    while record.status != "在用" and seen < 20:
        seen += 1
        year = record.end or 0
        successor = main_successor(record, by_code)
        if successor is None:
            return "", "split" if record.successors else "lost"
        candidates = [r for r in by_code.get(successor, []) if r.start <= year]
        live = [r for r in candidates if r.end is None or r.end > year]
        if not live:
            return "", "lost"
        record = max(live, key=lambda r: r.start)
    return (record.code, "resolved") if record.status == "在用" else ("", "lost")


def county_history(records: list[Record]) -> list[dict[str, str]]:
    """Every county- or prefecture-level record no longer in use that was in use after SINCE, with
    today's code."""
    by_code: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_code[record.code].append(record)
    out = []
    for record in records:
        if record.level not in LEVELS or record.status == "在用" or (record.end or 0) <= SINCE:
            continue
        current, status = resolve(record, by_code)
        out.append(
            {
                "code": record.code,
                "name": record.name,
                "valid_from": str(record.start),
                "valid_until": str(record.end),
                "current_code": current,
                "status": status,
            }
        )
    return sorted(out, key=lambda r: (r["code"], r["valid_from"], r["name"]))


def read_divisions(path: Path = DIVISIONS) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return list(reader.fieldnames or ()), list(reader)


def surface_forms(row: dict[str, str]) -> set[str]:
    cells = (row["former_names"], row.get("aliases", ""))
    return {row["name"], row["short_name"], *(n for cell in cells for n in cell.split("|"))} - {""}


def apply_history(rows: list[dict[str, str]], history: list[dict[str, str]]) -> list[str]:
    """Add each resolved former name to today's division; mark history rows the gazetteer cannot take.
    Returns warnings."""
    by_code = {row["code"]: row for row in rows}
    taken: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for form in surface_forms(row):
            taken[(row["province_code"], form)].add(row["code"])
    warnings = []
    for item in history:
        if item["status"] != "resolved":
            continue
        target = by_code.get(item["current_code"])
        if target is None:
            item["status"] = "not-in-gazetteer"
            warnings.append(f"{item['code']} {item['name']} -> {item['current_code']}: not in divisions.tsv")
            continue
        name, owners = item["name"], taken[(target["province_code"], item["name"])]
        if name in GENERIC_OLD_NAMES or (owners and owners != {target["code"]}):
            item["status"] = "name-taken"
            continue
        if name not in surface_forms(target):
            names = [n for n in target["former_names"].split("|") if n]
            target["former_names"] = "|".join([*names, name])
            taken[(target["province_code"], name)].add(target["code"])
    return warnings


def write_tsv(path: Path, columns: list[str] | tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--divisions", type=Path, default=DIVISIONS, help="read, and written back")
    parser.add_argument("--history", type=Path, default=HISTORY)
    args = parser.parse_args()
    columns, rows = read_divisions(args.divisions)
    history = county_history(read_records())
    for warning in apply_history(rows, history):
        print("warning:", warning, file=sys.stderr)
    write_tsv(args.divisions, columns, rows)
    write_tsv(args.history, HISTORY_COLUMNS, history)
    counts: dict[str, int] = defaultdict(int)
    for item in history:
        counts[item["status"]] += 1
    print(f"{len(history)} county-level records retired since {SINCE}: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
