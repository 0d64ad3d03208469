"""Running a matched question on a graph, and saying honestly what came of it.

Four outcomes, each with its own reply: answered (rows, the SPARQL that gave them and, per row, the
sentence it rests on), empty (the graph has no such rows: the reply says what was asked), ambiguous (a
name with several referents: the candidates are listed, none is chosen), unmatched ("I cannot answer
this yet" and the closest templates). Parameters are bound as RDF terms by the query module's own
mechanism (Oxigraph substitutions, rdflib initBindings), never pasted into the SPARQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from fupin.ask.matcher import Match, match
from fupin.ask.vocabulary import PLACE_KINDS, Vocabulary, vocabulary
from fupin.graph.query import QueryResult, format_table, run, run_on, text_table

EVIDENCE = "evidence"
SUGGESTIONS = 3
QUOTE_WIDTH = 120
_EVIDENCE_CELL = re.compile(r"^(?P<file>.*?):(?P<start>\d+)(?:#(?P<figure>\d+))? (?P<text>.*)$", re.S)


@dataclass
class Answer:
    """What `fupin ask` prints and `fupin.ask` returns: `status` is answered, empty, ambiguous or
    unmatched; `result` the rows as RDF terms (hidden parameter columns and evidence removed),
    `evidence` one quote per row, `sparql` and `bindings` what ran."""

    question: str
    status: str
    message: str = ""
    template: str | None = None
    title: str = ""
    params: dict[str, str] = field(default_factory=dict)
    sparql: str = ""
    bindings: dict[str, Node] = field(default_factory=dict)
    result: QueryResult | None = None
    evidence: list[Quote] = field(default_factory=list)
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    candidates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def rows(self) -> Any:
        """The rows as named tuples of Python values (see `fupin.api.Rows`); empty when no query ran."""
        from fupin.api import Rows

        return Rows(self.result or QueryResult([]))

    def text(self, *, evidence: bool = False, full: bool = False, fmt: str = "table") -> str:
        """The reply as `fupin ask` prints it."""
        if self.status != "answered":
            return self.message
        if fmt != "table":
            return format_table(self.result, fmt)
        lines = [
            f"{self.title}  [{self.template}: {_params_text(self.params)}]",
            text_table(self.result, full=full),
        ]
        if evidence:
            lines += [f"{i}. {quote.shown(full)}" for i, quote in enumerate(self.evidence, 1)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    __repr__ = __str__


@dataclass(frozen=True)
class Quote:
    """The sentence behind a row: its report file, offset, exact text, and where in it the figure
    stands (0 when the row is no figure)."""

    file: str
    start: int
    text: str
    figure_at: int = 0

    @classmethod
    def parse(cls, cell: str) -> Quote:
        """A template's evidence cell: `FILE:START#FIGURE QUOTE` (`#FIGURE` optional)."""
        found = _EVIDENCE_CELL.match(cell)
        if not found:
            return cls("", 0, cell)
        return cls(found["file"], int(found["start"]), found["text"], int(found["figure"] or 0))

    def shown(self, full: bool = False, width: int = QUOTE_WIDTH) -> str:
        """`FILE:START quote`, the quote cut to `width` characters around its figure unless `full`."""
        text = self.text
        if not full and len(text) > width:
            begin = max(0, min(self.figure_at - width // 3, len(text) - width))
            text = (
                ("…" if begin else "")
                + text[begin : begin + width]
                + ("…" if begin + width < len(text) else "")
            )
        return f"{self.file}:{self.start} {text}"

    def __str__(self) -> str:
        return self.shown(full=True)


def _params_text(params: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items()) or "no parameters"


def ask(graph: Any, question: str, *, timeout: float = 30, engine: str = "oxigraph") -> Answer:
    """The answer to `question` from `graph` (a graph file's path, an rdflib Dataset or Graph, or a
    pyoxigraph Store)."""
    vocab = vocabulary()
    found = match(question, vocab)
    if found.template is None:
        return _unmatched(found)
    if found.ambiguous:
        return _ambiguous(found, vocab)
    answer = prepare(found, vocab)
    raw = _run(graph, answer.sparql, answer.bindings, timeout, engine)
    _shape(answer, raw, found, vocab)
    if not answer.result.rows:
        answer.status = "empty"
        answer.message = _fill(found.template.empty, found.params, vocab) + f" ({found.template.id})"
    return answer


def prepare(found: Match, vocab: Vocabulary | None = None) -> Answer:
    """The SPARQL and RDF-term bindings of a matched question, before it runs (for the query page)."""
    vocab = vocab or vocabulary()
    template = found.template
    bindings = {name: term(template.slot(name).kind, value, vocab) for name, value in found.params.items()}
    bindings = {k: v for k, v in bindings.items() if v is not None and k in _declared(template.sparql)}
    return Answer(
        found.question,
        "answered",
        template=template.id,
        title=template.title,
        params=dict(found.params),
        sparql=template.sparql,
        bindings=bindings,
    )


def _declared(sparql: str) -> set[str]:
    from fupin.graph.query import parameters

    return set(parameters(sparql))


def term(kind: str, value: str, vocab: Vocabulary) -> Node | None:
    """The RDF term a slot's value stands for: a county, prefecture or province IRI, a measure or
    indicator concept, a decimal; None for values used outside the query (a limit, a year)."""
    from fupin.graph.build import county_iri, decimal_literal, prefecture_iri, province_iri
    from fupin.graph.vocab import FPI, FPM

    if kind == "county":
        return county_iri(value)
    if kind == "region":
        level = vocab.gazetteer.get(value).level
        return province_iri(value) if level == "province" else prefecture_iri(value)
    if kind == "measure":
        return FPM[value]
    if kind == "indicator":
        return FPI[value]
    if kind == "number":
        return decimal_literal(Decimal(value))
    return None


def _run(graph: Any, sparql: str, bindings: dict[str, Node], timeout: float, engine: str) -> QueryResult:
    if isinstance(graph, (str, Path)):
        return run(sparql, graph, engine=engine, bindings=bindings, timeout_s=timeout)
    return run_on(sparql, graph, bindings, timeout_s=timeout)


def _shape(answer: Answer, raw: QueryResult, found: Match, vocab: Vocabulary) -> None:
    """Rows kept where a parameter the query does not bind (a year, a figure) matches its column,
    ranked and cut as the template says; hidden columns and the evidence column taken out (the
    evidence kept aside, one quote per row)."""
    rows = list(raw.rows)
    for name, value in found.params.items():
        if name not in answer.bindings and name in raw.columns:
            at = raw.columns.index(name)
            rows = [r for r in rows if _same(r[at], value)]
    rows = _ranked(rows, raw.columns, found)
    keep = [i for i, c in enumerate(raw.columns) if c not in found.template.hide and c != EVIDENCE]
    if EVIDENCE in raw.columns:
        at = raw.columns.index(EVIDENCE)
        answer.evidence = [Quote.parse(str(r[at]) if r[at] is not None else "") for r in rows]
    answer.result = QueryResult([raw.columns[i] for i in keep], [tuple(r[i] for i in keep) for r in rows])


def _same(term: Node | None, value: str) -> bool:
    """Whether a cell holds the value a question gave: numerically for numbers (141281 = 141281.0,
    which rdflib's term matching would miss), else as text (a year)."""
    if term is None:
        return False
    try:
        return Decimal(str(term)) == Decimal(value)
    except ArithmeticError:
        return str(term) == value


def _ranked(rows: list[tuple], columns: list[str], found: Match) -> list[tuple]:
    """Rows sorted on the template's rank column (descending unless an ascending cue is in the
    question), cut to the limit asked (前五, top 5) or to one row when a single answer is asked (最多的县)."""
    rank = found.template.rank
    if not rank or rank.get("column") not in columns:
        return rows
    at = columns.index(rank["column"])
    ascending = any(cue in found.text for cue in rank.get("ascending", ()))
    rows = sorted(rows, key=lambda r: _number(r[at]), reverse=not ascending)
    limit = found.params.get("limit")
    if limit is None and any(cue in found.text for cue in rank.get("single", ())):
        limit = "1"
    return rows[: int(limit)] if limit else rows


def _number(value: Node | None) -> Decimal:
    try:
        return Decimal(str(value)) if isinstance(value, Literal) else Decimal("-Infinity")
    except ArithmeticError:
        return Decimal("-Infinity")


def _fill(text: str, params: dict[str, str], vocab: Vocabulary) -> str:
    """A message with `{slot}` replaced by the label of its value and `[ … {slot} … ]` sections left
    out when the slot is empty ("no county[ in {region}] used {measure}")."""
    from fupin.ask.templates import templates

    kinds = {s.name: s.kind for t in templates() for s in t.slots}

    def section(part: re.Match[str]) -> str:
        names = re.findall(r"\{(\w+)\}", part.group(1))
        return part.group(1) if all(n in params for n in names) else ""

    text = re.sub(r"\[([^\[\]]*)\]", section, text)
    return re.sub(
        r"\{(\w+)\}", lambda m: _label(kinds.get(m.group(1), ""), params.get(m.group(1), ""), vocab), text
    )


def _label(kind: str, value: str, vocab: Vocabulary) -> str:
    if kind in ("measure", "indicator", *PLACE_KINDS):
        return vocab.label(kind, value)
    return value


def _unmatched(found: Match) -> Answer:
    close = [(t.id, t.example) for s, t in found.ranked[:SUGGESTIONS]]
    lines = ["I cannot answer this yet. Closest questions I can answer:"]
    lines += [f"  {example}   ({tid})" for tid, example in close]
    return Answer(found.question, "unmatched", "\n".join(lines), suggestions=close)


def _ambiguous(found: Match, vocab: Vocabulary) -> Answer:
    """Every candidate of each ambiguous slot, with where it is, and no choice made."""
    candidates: dict[str, list[tuple[str, str]]] = {}
    lines = []
    for name, values in found.ambiguous.items():
        kind = found.template.slot(name).kind
        said = found.ambiguous_text[name]
        listed = [(v, _describe(kind, v, vocab)) for v in values]
        candidates[name] = listed
        lines.append(
            f"“{said}” could mean {len(listed)} {'places' if kind in PLACE_KINDS else 'things'}; say which:"
        )
        lines += [f"  {value}  {text}" for value, text in listed]
    return Answer(
        found.question,
        "ambiguous",
        "\n".join(lines),
        template=found.template.id,
        title=found.template.title,
        params=dict(found.params),
        candidates=candidates,
    )


def _describe(kind: str, value: str, vocab: Vocabulary) -> str:
    """A candidate as a reader tells it apart: a county with its prefecture and province."""
    if kind not in PLACE_KINDS:
        return vocab.label(kind, value)
    chain = vocab.gazetteer.enclosing(value, include_self=True)
    return " ".join(d.name for d in reversed(chain))


def runnable(answer: Answer) -> str:
    """The answer's SPARQL with its parameters as a trailing VALUES clause, for a SPARQL endpoint that
    cannot bind parameters (the query page). The terms are written by rdflib (`n3`) from notations and
    codes of the lexicon and gazetteer, never from the question's text; a trailing VALUES joins the
    solutions as the engines' parameter binding does."""
    if not answer.bindings:
        return answer.sparql.strip() + "\n"
    names = " ".join(f"?{name}" for name in answer.bindings)
    terms = " ".join(term.n3() for term in answer.bindings.values())
    return f"{answer.sparql.strip()}\nVALUES ({names}) {{ ({terms}) }}\n"


def for_page(question: str) -> dict[str, Any]:
    """What the query page's ask box shows (`fupin serve`, GET /ask?q=…): the status, the reply for a
    question it cannot answer or a name it cannot settle, else the runnable SPARQL for the editor and
    the message to show when it gives no rows."""
    vocab = vocabulary()
    found = match(question, vocab)
    if found.template is None:
        reply = _unmatched(found)
    elif found.ambiguous:
        reply = _ambiguous(found, vocab)
    else:
        reply = prepare(found, vocab)
        reply.message = _fill(found.template.empty, found.params, vocab)
    return {
        "status": reply.status,
        "template": reply.template,
        "title": reply.title,
        "params": reply.params,
        "message": reply.message,
        "sparql": runnable(reply) if reply.status == "answered" else "",
    }
