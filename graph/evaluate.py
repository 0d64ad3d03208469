"""Precision, recall and F1 of a built graph against gold facts: `fupin eval`.

The matching rules are those of the shared scorer (shared/tools/score_gold.py), kept identical so that
a number printed here is the number the project is judged by: a value matches within 1 %, enterprise
names ignore 股份/有限/责任 and spacing, a post matches when the gold role is contained in the title as
written, program names match ignoring quotation marks or by a containment of at least half the length,
traditional characters are compared as simplified. A test runs both on the same graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Node

from fupin.graph.store import union_graph
from fupin.graph.vocab import CONTRACT_INDICATORS, FP, RDF

FACT_TYPES = ("county", "measures", "observations", "enterprises", "officials", "programs", "exit_date")
INDICATORS = frozenset(CONTRACT_INDICATORS)
PREFIXES = """
PREFIX fp: <https://w3id.org/fupin/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_LIST_KEYS = (
    "officials",
    "officials_optional",
    "observations",
    "observations_optional",
    "enterprises",
    "enterprises_optional",
    "programs",
    "programs_optional",
)


def _converter() -> Callable[[str], str]:
    """Traditional -> simplified when opencc is importable, as the shared scorer does; else identity."""
    try:
        from opencc import OpenCC

        return OpenCC("t2s").convert
    except Exception:  # any import or configuration failure means: compare as written
        return str


t2s = _converter()


# ---------------------------------------------------------------- matching rules


def norm_program(name: object) -> str:
    return re.sub(r"[\s“”‘’\"'「」『』《》]", "", t2s(str(name)))


def program_match(pred: object, gold: object) -> bool:
    """Equal without quotes, or the shorter contained in the longer and at least half its length."""
    a, b = norm_program(pred), norm_program(gold)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and short in long_ and len(short) / len(long_) >= 0.5


def norm_name(name: object) -> str:
    return re.sub(r"(股份|有限|责任)", "", re.sub(r"\s+", "", t2s(str(name))))


def close(a: object, b: object) -> bool:
    """Within 1 % of the gold value `b`."""
    x, y = float(a), float(b)  # type: ignore[arg-type]
    return abs(x - y) <= 0.01 * max(abs(y), 1e-9)


# ---------------------------------------------------------------- tallies


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, tp: int, fp: int, fn: int, misses: Iterable[str] = (), extras: Iterable[str] = ()) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn
        self.misses += list(misses)
        self.extras += list(extras)

    def prf(self) -> tuple[float, float, float]:
        """Precision is 1 with nothing predicted and nothing missed, 0 with nothing predicted but misses."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def merge_gold(docs: list[dict]) -> dict[str, dict]:
    """Gold documents merged per county code: several reports about one county are scored together."""
    by_code: dict[str, dict] = {}
    for d in docs:
        code = d["county"]["code"]
        m = by_code.setdefault(
            code,
            {
                "county": d["county"],
                "files": [],
                "exit_date": None,
                "has_programs": False,
                "measures": set(),
                "measures_optional": set(),
                **{k: [] for k in _LIST_KEYS},
            },
        )
        m["has_programs"] |= "programs" in d
        m["files"].append(d["file"])
        for k in _LIST_KEYS:
            m[k] += d.get(k, [])
        m["measures"] |= set(d.get("measures", []))
        m["measures_optional"] |= set(d.get("measures_optional", []))
        m["exit_date"] = m["exit_date"] or d.get("exit_date")
    return by_code


# ---------------------------------------------------------------- per fact type


def _query(g: Graph, sparql: str, **bindings: Node) -> list[Any]:
    return list(g.query(PREFIXES + sparql, initBindings=bindings))


def county_iris(g: Graph, code: str) -> set[Node]:
    rows = _query(
        g, "SELECT ?c WHERE { ?c fp:divisionCode ?code . FILTER(STR(?code) = STR(?k)) }", k=Literal(code)
    )
    return {row.c for row in rows}


def values_for(g: Graph, sparql: str, counties: set[Node]) -> list[Any]:
    out: list[Any] = []
    for c in counties:
        out.extend(_query(g, sparql, c=c))
    return out


def score_county(g: Graph, gd: dict, tally: Tally) -> None:
    """Each gold file's report must be about the gold county (file names compared by base name)."""
    code, name = gd["county"]["code"], gd["county"]["name"]
    about = "SELECT ?code WHERE { ?r fp:sourceFile ?f ; fp:about ?c . ?c fp:divisionCode ?code }"
    for f in gd["files"]:
        got = {str(r.code) for r in _query(g, about, f=Literal(f))}
        if not got:
            rows = _query(
                g, "SELECT ?f2 ?code WHERE { ?r fp:sourceFile ?f2 ; fp:about ?c . ?c fp:divisionCode ?code }"
            )
            got = {str(r.code) for r in rows if Path(str(r.f2)).name == f}
        ok = code in got
        tally.add(
            int(ok),
            len(got - {code}),
            int(not ok),
            [] if ok else [f"{f}: {code} {name}"],
            [f"{f}: {x}" for x in got - {code}],
        )


def score_measures(g: Graph, gd: dict, cs: set[Node], tally: Tally) -> None:
    name = gd["county"]["name"]
    rows = values_for(
        g,
        "SELECT DISTINCT ?n WHERE { ?i a fp:Intervention ; fp:county ?c ; fp:measure ?m . "
        "?m skos:notation ?n }",
        cs,
    )
    got = {str(r.n) for r in rows}
    req, opt = gd["measures"], gd["measures_optional"]
    tally.add(
        len(got & req),
        len(got - req - opt),
        len(req - got),
        [f"{name}: {m}" for m in sorted(req - got)],
        [f"{name}: {m}" for m in sorted(got - req - opt)],
    )


def _predicted_values(g: Graph, cs: set[Node]) -> dict[str, list[float]]:
    rows = values_for(
        g,
        """SELECT ?o ?n ?v WHERE { ?o a fp:Observation ; fp:county ?c ; fp:indicator ?i ;
             fp:value ?v . ?i skos:notation ?n . FILTER NOT EXISTS { ?o fp:status fp:Target } }""",
        cs,
    )
    pred: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if str(r.n) in INDICATORS:
            try:
                pred[str(r.n)].append(float(r.v))
            except ValueError:
                pred[str(r.n)].append(float("nan"))
    return pred


def score_observations(g: Graph, gd: dict, cs: set[Node], tally: Tally) -> None:
    """Achieved figures only; each gold figure consumes one predicted value, leftovers are spurious
    unless an optional gold figure (or an accepted alternative value) matches them."""
    name = gd["county"]["name"]
    pred = _predicted_values(g, cs)
    tp = fp = fn = 0
    misses: list[str] = []
    extras: list[str] = []
    for ind in sorted(INDICATORS):
        vals = list(pred.get(ind, []))
        for ob in [o for o in gd["observations"] if o["indicator"] == ind]:
            accepts = [ob["value"], *ob.get("also", [])]
            hit = next((v for v in vals if any(close(v, a) for a in accepts)), None)
            if hit is None:
                fn += 1
                misses.append(f"{name}: {ind}={ob['value']}")
            else:
                tp += 1
                vals.remove(hit)
        opts = [o["value"] for o in gd["observations_optional"] if o["indicator"] == ind]
        opts += [a for o in gd["observations"] if o["indicator"] == ind for a in o.get("also", [])]
        for v in vals:
            if not any(close(v, a) for a in opts):
                fp += 1
                extras.append(f"{name}: {ind}={v:g}")
    tally.add(tp, fp, fn, misses, extras)


def score_enterprises(g: Graph, gd: dict, cs: set[Node], tally: Tally) -> None:
    name = gd["county"]["name"]
    rows = values_for(g, "SELECT DISTINCT ?l WHERE { ?e a fp:Enterprise ; rdfs:label ?l ; fp:county ?c }", cs)
    got = {norm_name(r.l) for r in rows}
    req = {norm_name(e) for e in gd["enterprises"]}
    opt = {norm_name(e) for e in gd["enterprises_optional"]}
    tally.add(
        len(got & req),
        len(got - req - opt),
        len(req - got),
        [f"{name}: {e}" for e in sorted(req - got)],
        [f"{name}: {e}" for e in sorted(got - req - opt)],
    )


def score_officials(g: Graph, gd: dict, cs: set[Node], tally: Tally) -> None:
    """A (name, title) pair matches a gold official with the same name whose role is in the title."""
    name = gd["county"]["name"]
    rows = values_for(
        g,
        """SELECT DISTINCT ?name ?title WHERE { ?p a fp:Position ; fp:holder ?h ;
             fp:title ?title ; fp:county ?c . ?h rdfs:label ?name }""",
        cs,
    )
    got = {(t2s(str(r.name)), t2s(str(r.title))) for r in rows}

    def match(pair: tuple[str, str], gold_list: list[dict]) -> bool:
        return any(pair[0] == o["name"] and o["role"] in pair[1] for o in gold_list)

    req = gd["officials"]
    found = [o for o in req if any(n == o["name"] and o["role"] in ti for n, ti in got)]
    extra = [p for p in got if not match(p, req) and not match(p, gd["officials_optional"])]
    tally.add(
        len(found),
        len(extra),
        len(req) - len(found),
        [f"{name}: {o['name']} {o['role']}" for o in req if o not in found],
        [f"{name}: {n} {ti}" for n, ti in sorted(extra)],
    )


def score_programs(g: Graph, gd: dict, cs: set[Node], tally: Tally) -> None:
    """Scored only where the gold annotates programs; each gold program is matched at most once."""
    if not gd["has_programs"]:
        return
    name = gd["county"]["name"]
    rows = values_for(g, "SELECT DISTINCT ?l WHERE { ?p a fp:Program ; rdfs:label ?l ; fp:county ?c }", cs)
    preds = sorted({str(r.l) for r in rows})
    unmatched = list(gd["programs"])
    tp = fp = 0
    extras: list[str] = []
    for pl in preds:
        hit = next((x for x in unmatched if program_match(pl, x)), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
        elif not any(program_match(pl, x) for x in gd["programs"] + gd["programs_optional"]):
            fp += 1
            extras.append(f"{name}: {pl}")
    tally.add(tp, fp, len(unmatched), [f"{name}: {x}" for x in unmatched], extras)


def score_exit_date(g: Graph, gd: dict, cs: set[Node], tally: Tally) -> None:
    name = gd["county"]["name"]
    got = {str(r.d)[:10] for r in values_for(g, "SELECT DISTINCT ?d WHERE { ?c fp:exitDate ?d }", cs)}
    want = {gd["exit_date"]} if gd["exit_date"] else set()
    tally.add(
        len(got & want),
        len(got - want),
        len(want - got),
        [f"{name}: {d}" for d in want - got],
        [f"{name}: {d}" for d in got - want],
    )


# ---------------------------------------------------------------- the whole score


def check_evidence(g: Graph, docs_dir: Path) -> dict:
    """Every evidence of a gold source file must satisfy text[start:end] == quote."""
    texts: dict[str, str] = {}
    for p in Path(docs_dir).rglob("*"):
        if p.is_file():
            with suppress(UnicodeDecodeError, OSError):
                texts[p.name] = p.read_text(encoding="utf-8")
    total = ok = 0
    bad: list[str] = []
    for r in _query(
        g,
        """SELECT ?e ?f ?q ?s ?t WHERE { ?e fp:source ?r ; fp:quote ?q ; fp:start ?s ;
                          fp:end ?t . ?r fp:sourceFile ?f }""",
    ):
        name = Path(str(r.f)).name
        if name not in texts:
            continue
        total += 1
        s, e = int(r.s), int(r.t)
        if texts[name][s:e] == str(r.q):
            ok += 1
        elif len(bad) < 10:
            bad.append(f"{name}[{s}:{e}] != {str(r.q)[:30]!r}")
    facts = with_ev = 0
    for cls in (FP.Intervention, FP.Observation, FP.Enterprise, FP.Position, FP.Program):
        for x in g.subjects(RDF.type, cls):
            facts += 1
            with_ev += int((x, FP.evidence, None) in g)
    return {
        "evidence_checked": total,
        "evidence_exact": ok,
        "bad": bad,
        "facts": facts,
        "facts_with_evidence": with_ev,
    }


def _prf_dict(tally: Tally) -> dict:
    p, r, f = tally.prf()
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def score(graph: Graph, gold: dict, docs_dir: Path | None = None) -> dict:
    """Scores per fact type and overall (micro-averaged), in the shared scorer's result shape.

    `graph` may be a Dataset (its graphs are scored as one) or a Graph; with `docs_dir`, evidence
    spans of the gold's source files are checked against the text.
    """
    g = union_graph(graph)
    tallies = {k: Tally() for k in FACT_TYPES}
    for gd in merge_gold(gold["documents"]).values():
        cs = county_iris(g, gd["county"]["code"])
        score_county(g, gd, tallies["county"])
        score_measures(g, gd, cs, tallies["measures"])
        score_observations(g, gd, cs, tallies["observations"])
        score_enterprises(g, gd, cs, tallies["enterprises"])
        score_officials(g, gd, cs, tallies["officials"])
        score_programs(g, gd, cs, tallies["programs"])
        score_exit_date(g, gd, cs, tallies["exit_date"])
    result: dict = {"per_type": {}, "evidence": check_evidence(g, docs_dir) if docs_dir else None}
    total = Tally()
    for kind, t in tallies.items():
        result["per_type"][kind] = {
            **_prf_dict(t),
            "tp": t.tp,
            "fp": t.fp,
            "fn": t.fn,
            "missed": t.misses,
            "spurious": t.extras,
        }
        total.add(t.tp, t.fp, t.fn)
    result["overall"] = _prf_dict(total)
    return result


def format_score(result: dict) -> str:
    """The report `fupin eval` prints: P/R/F1 per fact type with missed and spurious items."""
    lines = []
    for kind, v in result["per_type"].items():
        lines.append(
            f"{kind:13s} P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f}  "
            f"(tp {v['tp']}, fp {v['fp']}, fn {v['fn']})"
        )
        lines += [f"    missed   {m}" for m in v["missed"]]
        lines += [f"    spurious {m}" for m in v["spurious"]]
    ev = result.get("evidence")
    if ev:
        lines.append(
            f"evidence: {ev['evidence_exact']}/{ev['evidence_checked']} spans exact; "
            f"{ev['facts_with_evidence']}/{ev['facts']} facts carry evidence"
        )
        lines += [f"    bad span {b}" for b in ev["bad"]]
    o = result["overall"]
    lines.append(f"overall P={o['precision']:.3f} R={o['recall']:.3f} F1={o['f1']:.3f}")
    return "\n".join(lines)
