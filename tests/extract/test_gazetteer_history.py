"""GB/T 2260 history in the gazetteer: every county-level code and name retired since 2000 resolves to
today's code (or is flagged), from ontology/division-history.tsv, generated from the areacodes data."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from fupin.extract.gazetteer import Gazetteer
from fupin.graph.build import add_county, county_iri
from fupin.graph.vocab import FP, RDFS
from fupin.resources import folder

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import gazetteer_history  # noqa: E402


@pytest.fixture(scope="module")
def history() -> list[dict[str, str]]:
    with (folder("ontology") / "division-history.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_every_county_level_record_retired_since_2000_is_in_the_history(history) -> None:
    records = gazetteer_history.read_records(folder("ontology") / "links" / "sources" / "areacodes.csv")
    retired = {
        (r.code, r.name) for r in records if r.level == "县级" and r.status != "在用" and (r.end or 0) > 2000
    }
    assert retired <= {(h["code"], h["name"]) for h in history}
    assert {h["status"] for h in history} <= {"resolved", "split", "lost", "name-taken", "not-in-gazetteer"}


def test_every_resolved_rename_since_2000_finds_todays_code(history, gazetteer) -> None:
    """Each resolved former name, looked up within today's province, gives today's code."""
    failures = []
    for item in history:
        if item["status"] != "resolved":
            continue
        today = gazetteer.get(item["current_code"])
        assert today is not None, item
        found = {d.code for d in gazetteer.lookup(item["name"], within=today.province_code)}
        if item["current_code"] not in found:
            failures.append(item)
    assert not failures, failures[:5]


def test_yunxian_is_yunyang_today(history, gazetteer) -> None:
    (row,) = [h for h in history if h["code"] == "420321"]
    assert (row["name"], row["valid_from"], row["valid_until"], row["current_code"]) == (
        "郧县",
        "1994",
        "2014",
        "420304",
    )
    assert [d.code for d in gazetteer.lookup("郧县")] == ["420304"]
    assert [d.code for d in gazetteer.lookup("开县")] == ["500154"]


def test_a_split_is_flagged_not_guessed(history, gazetteer) -> None:
    splits = [h for h in history if h["status"] == "split"]
    assert splits and all(h["current_code"] == "" for h in splits)
    # 石家庄's 桥东区 (130103) was split between 长安区 and 桥西区 in 2014: no division took its name
    (qiaodong,) = [h for h in history if h["code"] == "130103"]
    assert qiaodong["status"] == "split"
    assert "130103" not in {d.code for d in gazetteer.lookup("桥东区", within="130000")}


def test_a_rename_with_transfers_follows_the_newly_created_code(history) -> None:
    # 遵义县 became the new 播州区 (520304) in 2016 while some townships went to existing districts
    (zunyi,) = [h for h in history if h["code"] == "520321" and h["name"] == "遵义县"]
    assert (zunyi["status"], zunyi["current_code"]) == ("resolved", "520304")


def test_a_name_in_two_provinces_is_left_to_the_province_to_decide(history, gazetteer) -> None:
    # 东乡县 was 江西's 361029 until 2016 (now 东乡区) and is what 甘肃's 东乡族自治县 is called for short
    assert [h["current_code"] for h in history if h["name"] == "东乡县" and h["code"] == "361029"] == [
        "361003"
    ]
    assert {d.code for d in gazetteer.lookup("东乡县")} == {"361003", "622926"}
    assert [d.code for d in gazetteer.lookup("东乡县", within="360000")] == ["361003"]
    assert [d.code for d in gazetteer.lookup("东乡县", within="620000")] == ["622926"]


def test_the_county_in_the_graph_carries_its_former_codes_and_names(gazetteer) -> None:
    graph = Graph()
    add_county(graph, "420304", gazetteer)
    formers = list(graph.objects(county_iri("420304"), FP.formerly))
    described = {
        (str(graph.value(f, FP.formerCode)), str(graph.value(f, RDFS.label)), str(graph.value(f, FP.validFrom)),
         str(graph.value(f, FP.validUntil)))
        for f in formers
    }  # fmt: skip
    assert ("420321", "郧县", "1994", "2014") in described
