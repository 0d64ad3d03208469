"""`fupin eval` scores like the shared scorer: same numbers, same missed and spurious items."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sample_facts import F000, YUNYANG, Reader, sample_docs, yunyang

from fupin.extract.facts import EnterpriseFact, ProgramFact
from fupin.graph.build import build_dataset
from fupin.graph.evaluate import close, format_score, norm_name, program_match, score
from fupin.graph.store import write_graph

GOLD_FILE = Path(__file__).parents[1] / "data" / "gold-seeds.json"
SCORER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score_gold.py"


@pytest.fixture
def gold() -> dict:
    return json.loads(GOLD_FILE.read_text(encoding="utf-8"))


def run_scorer(graph_file: Path, *extra: str) -> str:
    if not SCORER.is_file():
        pytest.skip(f"shared scorer not found at {SCORER}")
    done = subprocess.run(
        [sys.executable, str(SCORER), str(graph_file), str(GOLD_FILE), *extra],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    return done.stdout


@pytest.mark.parametrize("suffix", [".nt", ".ttl"])
def test_agrees_with_the_shared_scorer(tmp_path, gold, gazetteer, ontology, corpus_dir, suffix):
    ds = build_dataset(sample_docs(), gazetteer=gazetteer, ontology=ontology)
    graph_file = write_graph(ds, tmp_path / f"g{suffix}")
    theirs = json.loads(run_scorer(graph_file, "--docs", str(corpus_dir), "--json"))
    ours = score(ds, gold, corpus_dir)
    assert ours == theirs
    assert format_score(ours) + "\n" == run_scorer(graph_file, "--docs", str(corpus_dir))


def test_agrees_on_a_graph_with_misses_and_spurious_items(tmp_path, gold, gazetteer, ontology, corpus_dir):
    doc = yunyang()
    r = Reader(F000)
    doc.facts = [f for f in doc.facts if not isinstance(f, EnterpriseFact)] + [
        EnterpriseFact("湖北裕佳菇業有限公司", YUNYANG, r.ev("湖北裕佳菇业公司", "actors.enterprise")),
        EnterpriseFact("区城投公司", YUNYANG, r.ev("郧阳区", "actors.enterprise")),
        EnterpriseFact("谭家湾镇", YUNYANG, r.ev("谭家湾镇", "actors.enterprise")),
        ProgramFact("“五化”同步", YUNYANG, r.ev("“五化”同步", "programs.quoted")),
        ProgramFact("精准扶贫", YUNYANG, r.ev("精准扶贫", "programs.quoted")),
    ]
    doc.facts.append(replace(doc.facts[0], evidence=replace(doc.facts[0].evidence, start=1, end=3)))
    ds = build_dataset([doc, *sample_docs()[1:]], gazetteer=gazetteer, ontology=ontology)
    graph_file = write_graph(ds, tmp_path / "g.nq")
    nt_file = write_graph(ds, tmp_path / "g.nt")
    ours = score(ds, gold, corpus_dir)
    assert ours == json.loads(run_scorer(nt_file, "--docs", str(corpus_dir), "--json"))
    enterprises = ours["per_type"]["enterprises"]
    assert enterprises["spurious"] == ["郧阳区: 谭家湾镇"], "optional 区城投公司 is not spurious"
    assert enterprises["tp"] == 1 and "郧阳区: 浙江诸暨袜业公司" in enterprises["missed"]
    assert "郧阳区: 精准扶贫" in ours["per_type"]["programs"]["spurious"]
    assert ours["evidence"]["evidence_exact"] == ours["evidence"]["evidence_checked"] - 1
    assert graph_file.is_file()


def test_known_outcomes_on_the_fixture_graph(gold, gazetteer, ontology, corpus_dir):
    result = score(build_dataset(sample_docs(), gazetteer=gazetteer, ontology=ontology), gold, corpus_dir)
    per = result["per_type"]
    assert per["exit_date"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 2,
        "fp": 0,
        "fn": 0,
        "missed": [],
        "spurious": [],
    }
    assert per["officials"]["missed"] == ["咸安区: 许关欣 区委副书记"]
    assert per["observations"]["spurious"] == ["郧阳区: workshop-count=20"]
    # 咸安区's target figure (确保2017年…80%) is not scored as an outcome
    assert not any("=80" in s for s in per["observations"]["spurious"])
    assert per["county"]["tp"] == 5
    assert result["evidence"]["evidence_exact"] == result["evidence"]["evidence_checked"] > 0
    text = format_score(result)
    assert "officials     P=1.000 R=0.857 F1=0.923  (tp 6, fp 0, fn 1)" in text
    assert "    missed   咸安区: 许关欣 区委副书记" in text
    assert text.splitlines()[-1].startswith("overall P=")


def test_matching_rules():
    assert close(163500, 163000) and not close(165000, 163000)
    assert norm_name("湖北寿康永乐商贸集团有限公司") == norm_name("湖北寿康永乐商贸集团公司")
    assert program_match("“1+2+N”产业脱贫模式", "1+2+N产业脱贫模式")
    assert program_match("舒心", "舒心工程")
    assert not program_match("工程", "四大工程建设项目")
