"""graph/history.py: former codes and names on the county, and evidence that quotes a former name."""

from __future__ import annotations

from rdflib import Graph, Literal

from fupin.graph.history import former_divisions, former_node, mark_former_names, uses_name
from fupin.graph.vocab import FP, FPD


def test_a_quote_with_a_former_name_is_marked() -> None:
    graph = Graph()
    old, new, other = FPD["evidence/a"], FPD["evidence/b"], FPD["evidence/c"]
    graph.add((old, FP.quote, Literal("郧县累计投入扶贫资金12亿元")))
    graph.add((new, FP.quote, Literal("郧阳区累计投入扶贫资金12亿元")))
    graph.add((other, FP.quote, Literal("开县新建扶贫车间8个")))
    mark_former_names(graph, {"420304"})
    (yunxian,) = [row for row in former_divisions()["420304"] if row["name"] == "郧县"]
    assert list(graph.objects(old, FP.formerNameUsed)) == [former_node(yunxian)]
    assert not list(graph.objects(new, FP.formerNameUsed))
    assert not list(graph.objects(other, FP.formerNameUsed))  # 开县 is not a former name of 郧阳区


def test_todays_longer_form_is_not_a_former_name() -> None:
    assert uses_name("赣县人民政府", "赣县")
    assert not uses_name("赣县区人民政府", "赣县")
    assert uses_name("赣县区由原赣县改设", "赣县")


def test_a_build_of_a_report_naming_a_former_county_gives_todays_code(tmp_path) -> None:
    """End to end: a report written before the 2014 rename (郧县) is about 420304 郧阳区, and the
    evidence that quotes the old name says so."""
    from fupin.builder import build_corpus
    from fupin.graph.store import load_graph, union_graph

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "old.txt").write_text(
        "郧县二〇一三年扶贫开发工作总结\n\n郧县人民政府\n\n"
        "2013年，郧县新建扶贫车间12个，全县减少贫困人口1.2万人。\n",
        encoding="utf-8",
    )
    out = tmp_path / "kg.trig"
    build_corpus([folder], out, cache=None)
    graph = union_graph(load_graph(out))
    reports = list(graph.subjects(FP.sourceFile, None))
    assert [str(graph.value(graph.value(r, FP.about), FP.divisionCode)) for r in reports] == ["420304"]
    marked = [e for e in graph.subjects(FP.formerNameUsed, None) if "郧县" in str(graph.value(e, FP.quote))]
    assert marked
