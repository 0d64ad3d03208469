"""Measures from the ontology's labels: top concept plus detail, frameworks and other counties excluded."""

from __future__ import annotations

from fupin.extract.facts import InterventionFact
from fupin.extract.measures import ancestors


def _measures(result) -> dict[str, set]:
    found: dict[str, set] = {}
    for fact in result.facts:
        if isinstance(fact, InterventionFact):
            found.setdefault(fact.measure, set()).add(fact.detail)
    return found


def test_narrower_label_gives_top_measure_with_detail(extract) -> None:
    found = _measures(extract("在20个乡镇场各至少建设一个袜业扶贫车间。", "郧阳区"))
    assert found["workshop"] == {"sock-workshop"}


def test_synonyms_from_the_ontology(extract) -> None:
    found = _measures(extract("推进“扶贫作坊”建设，发放扶贫小额信贷，选聘生态护林员。", "茅箭区"))
    assert {"workshop", "microcredit", "eco-ranger"} <= set(found)


def test_generic_words_do_not_fire(extract) -> None:
    found = _measures(extract("配套医疗、文化、生活等各项服务设施。", "郧阳区"))
    assert "health" not in found


def test_framework_names_are_not_measures(extract) -> None:
    found = _measures(extract("扎实推进“五个一批”工程。"))
    assert found == {}


def test_a_sentence_about_another_county_gives_no_measure(extract) -> None:
    found = _measures(extract("竹山县大力发展光伏扶贫。", "咸安区"))
    assert "photovoltaic" not in found


def test_ancestors_stop_on_cycles() -> None:
    assert ancestors("a", {"a": "b", "b": "a"}) == ["a", "b"]
    assert ancestors("sock-workshop", {"sock-workshop": "workshop"}) == ["sock-workshop", "workshop"]
