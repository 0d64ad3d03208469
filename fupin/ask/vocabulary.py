"""What a question names: measures, indicators, counties, regions, numbers and years, found as mentions.

Every word comes from data the project already has, so a synonym added to the ontology or a county added
to the gazetteer is understood by `fupin ask` without a line of Python: measure and indicator labels are
the SKOS labels of ontology/measures.ttl and indicators.ttl (zh and en), place names the gazetteer's
names, short forms, former names, prefectures and provinces. An indicator is also found by the stem
of its label (扶贫车间数 → 扶贫车间, 脱贫人数 → 脱贫): a question asks "哪个县扶贫车间最多", not
"扶贫车间数".

A question is normalised the way the extractor normalises a report (`fupin.extract.normalise.make_view`:
traditional script to simplified, one character for one), so 扶貧車間 is 扶贫车间.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import tomllib

from fupin.extract.gazetteer import Division, Gazetteer
from fupin.extract.normalise import make_view
from fupin.extract.quantities import parse_number

# Kinds a mention can be of, and the class it competes in for overlapping text: a measure and an
# indicator may share a span (扶贫车间), a place never shares one with a concept.
CONCEPT_KINDS = ("measure", "indicator")
PLACE_KINDS = ("county", "region")
_STEM_ENDINGS = ("人数", "户数", "人次", "数量", "金额", "面积", "里程", "规模", "数")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．？！：　", "0123456789,.?!: ")
_CN_DIGITS = "零〇一二两三四五六七八九十百"
_LIMIT = re.compile(
    rf"(?:前|top\s*)(\d+|[{_CN_DIGITS}]+)|(\d+|[{_CN_DIGITS}]+)\s*(?:个|家|名)?(?:县|区|counties)"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*年|(?!\d))")
_NUMBER = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?\s*(?:万|亿)?|[一二两三四五六七八九十百千万亿点]{2,}")
_EN_WORD = re.compile(r"[a-z0-9]+")
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_EN_NUMBERS |= {"nine": 9, "ten": 10}
_EN_NUMBER = "|".join(_EN_NUMBERS)
_EN_LIMIT = re.compile(rf"\b(?:top\s+({_EN_NUMBER})|({_EN_NUMBER})\s+(?:counties|districts))\b")


@dataclass(frozen=True)
class Mention:
    """A stretch of the normalised question that names something: `values` are notations (measures,
    indicators), division codes (counties, regions; several when the name is ambiguous) or a number.

    `weak` marks a mention that may be an ordinary word (a two-character short form such as 东乡, a
    label's stem): it fills a slot but is not held against a template that has no use for it."""

    kind: str
    start: int
    end: int
    text: str
    values: tuple[str, ...]
    weak: bool = False
    parts: tuple[tuple[int, int], ...] = ()

    def overlaps(self, other: Mention) -> bool:
        """Whether the two share text (an English label's words leave the words between them free)."""
        mine = self.parts or ((self.start, self.end),)
        theirs = other.parts or ((other.start, other.end),)
        return any(a < d and c < b for a, b in mine for c, d in theirs)


@dataclass
class Vocabulary:
    """Surface forms by kind: Chinese forms as {text: values}, English forms as token tuples."""

    zh: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    weak: set[tuple[str, str]] = field(default_factory=set)
    en: dict[str, dict[tuple[str, ...], set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    derived: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    units: dict[str, str] = field(default_factory=dict)
    default_units: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    gazetteer: Gazetteer | None = None

    def label(self, kind: str, value: str) -> str:
        """The Chinese name of a measure or indicator notation or a division code, for messages."""
        if kind in PLACE_KINDS and self.gazetteer is not None:
            division = self.gazetteer.get(value)
            return division.name if division else value
        return self.labels.get((kind, value), value)


def normalise(question: str) -> str:
    """The question as the matcher reads it: simplified script, half-width digits and punctuation,
    lower-case Latin letters. The length may change only through case folding (none for CJK)."""
    return make_view(question.strip()).text.translate(_FULL_WIDTH).lower()


def en_tokens(text: str, vocabulary: Vocabulary) -> list[str]:
    """English words in a canonical form: synonyms folded (people → population), plurals and -ed cut,
    so that "workshops" meets the label "workshop" and "lifted" meets "lift"."""
    return [_stem(vocabulary.synonyms.get(w, w)) for w in _EN_WORD.findall(text.lower())]


def _stem(word: str) -> str:
    for ending in ("ies", "es", "s", "ed", "ing"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)] + ("y" if ending == "ies" else "")
    return word


def find_mentions(text: str, vocabulary: Vocabulary) -> list[Mention]:
    """Every mention in the normalised `text`: Chinese forms longest first, English forms by their
    words, numbers, years and ranking limits."""
    mentions = _zh_mentions(text, vocabulary) + _en_mentions(text, vocabulary)
    return _resolve(mentions) + _numbers(text)


def _zh_mentions(text: str, vocabulary: Vocabulary) -> list[Mention]:
    found = []
    for kind, forms in vocabulary.zh.items():
        longest = max((len(f) for f in forms), default=0)
        for start in range(len(text)):
            for end in range(min(len(text), start + longest), start + 1, -1):
                values = forms.get(text[start:end])
                if values:
                    weak = (kind, text[start:end]) in vocabulary.weak
                    found.append(Mention(kind, start, end, text[start:end], tuple(sorted(values)), weak))
                    break
    return found


def _en_mentions(text: str, vocabulary: Vocabulary) -> list[Mention]:
    """English labels found by their words, in any order and with words between (a label's content
    words all present): "people lifted out of poverty" names lifted-population."""
    spans = [(m.start(), m.end()) for m in _EN_WORD.finditer(text)]
    words = en_tokens(text, vocabulary)
    found = []
    for kind, forms in vocabulary.en.items():
        for form, values in forms.items():
            where = [i for i, w in enumerate(words) if w in form]
            if not form or not set(form) <= {words[i] for i in where}:
                continue
            parts = tuple(spans[i] for i in where)
            start, end = parts[0][0], parts[-1][1]
            mention = Mention(kind, start, end, text[start:end], tuple(sorted(values)), len(form) < 2, parts)
            found.append(mention)
    return found


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions settled: the longer wins across classes (a county name inside a measure
    label is no county); within the concept class a measure and an indicator of one span both stay,
    since only the template knows which it wants."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.weak, m.start, m.kind)):
        rivals = [k for k in kept if k.overlaps(mention)]
        if any(k.kind == mention.kind or _class(k) != _class(mention) for k in rivals):
            continue
        kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.kind))


def _class(mention: Mention) -> str:
    return "concept" if mention.kind in CONCEPT_KINDS else "place"


def _numbers(text: str) -> list[Mention]:
    """Ranking limits (前五, top 5, 3个县), years (2019年) and figures (141281, 16.3万) in the question."""
    found = []
    for match in _LIMIT.finditer(text):
        number = _integer(match.group(1) or match.group(2))
        if number:
            found.append(Mention("limit", match.start(), match.end(), match.group(), (str(number),)))
    for match in _EN_LIMIT.finditer(text):
        number = str(_EN_NUMBERS[match.group(1) or match.group(2)])
        found.append(Mention("limit", match.start(), match.end(), match.group(), (number,)))
    years = [Mention("year", m.start(), m.end(), m.group(), (m.group(1),)) for m in _YEAR.finditer(text)]
    taken = found + years
    for match in _NUMBER.finditer(text):
        if any(m.start <= match.start() < m.end for m in taken):
            continue
        try:
            value = parse_number(match.group().replace(" ", ""))
        except ValueError:
            continue
        found.append(Mention("number", match.start(), match.end(), match.group(), (str(value),)))
    return found + years


def _integer(text: str | None) -> int | None:
    try:
        return int(parse_number(text or ""))
    except ValueError:
        return None


# ---------------------------------------------------------------- building the vocabulary


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The packaged vocabulary, built once per process from the ontology and the gazetteer."""
    words = _words_file()
    vocab = Vocabulary(
        synonyms=dict(words.get("en_synonyms", {})),
        stopwords=frozenset(words.get("en_stopwords", ())),
        gazetteer=Gazetteer.load(),
    )
    _add_concepts(vocab)
    _merge_derived(vocab)
    _add_places(vocab, vocab.gazetteer)
    return vocab


def _words_file() -> dict:
    """queries/ask/_words.toml: the few English words a question uses for a label's word (data)."""
    from fupin.resources import folder

    path = folder("queries") / "ask" / "_words.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _add_concepts(vocab: Vocabulary) -> None:
    """Measure and indicator labels from the ontology's SKOS concept schemes, and the unit words
    (fp:unitLabel: 人, 户 …) that tell 脱贫了多少人 from 脱贫了多少户. The ontology is read directly, not
    through the extractor's lexicon, which would load the NLP pipeline's modules for nothing."""
    from rdflib import Literal
    from rdflib.namespace import SKOS

    from fupin.graph.build import load_ontology
    from fupin.graph.vocab import FP, FPI, FPM, FPU

    graph = load_ontology(None, links=False)
    for concept in set(graph.subjects(FP.unitLabel, None)):
        for label in graph.objects(concept, FP.unitLabel):
            vocab.units[str(label)] = str(concept)[len(str(FPU)) :]
    for kind, namespace in (("measure", str(FPM)), ("indicator", str(FPI))):
        for concept in set(graph.subjects(SKOS.inScheme, None)):
            if not str(concept).startswith(namespace):
                continue
            notation = str(concept)[len(namespace) :]
            for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                for label in graph.objects(concept, predicate):
                    if isinstance(label, Literal):
                        _add_label(vocab, kind, notation, str(label).strip(), label.language or "zh")
                        if predicate == SKOS.prefLabel and (label.language or "zh") == "zh":
                            vocab.labels[(kind, notation)] = str(label)
            _add_en(vocab, kind, notation, notation.replace("-", " "))
            unit = graph.value(concept, FP.defaultUnit)
            if kind == "indicator" and unit is not None:
                vocab.default_units[notation] = str(unit)[len(str(FPU)) :]


def _add_label(vocab: Vocabulary, kind: str, notation: str, label: str, language: str) -> None:
    if language.startswith("en"):
        _add_en(vocab, kind, notation, label)
        return
    text = normalise(label)
    vocab.zh[kind][text].add(notation)
    if kind == "indicator":
        for form in _derived(text):
            vocab.derived[form].add(notation)


def _derived(label: str) -> set[str]:
    """Shorter forms a question uses for an indicator label: its stem without a counting ending
    (脱贫人数 → 脱贫) and its tails of four characters or more (农民人均可支配收入 → 人均可支配收入)."""
    stem = next((label.removesuffix(e) for e in _STEM_ENDINGS if label.endswith(e)), label)
    forms = {stem} if len(stem) >= 2 else set()
    for word in {label, stem}:
        forms |= {word[i:] for i in range(1, len(word) - 3)}
    return forms - {label}


def _merge_derived(vocab: Vocabulary) -> None:
    """Derived forms join the indicator vocabulary as weak mentions, never over an exact label."""
    exact = vocab.zh["indicator"]
    for form, notations in vocab.derived.items():
        if form not in exact:
            exact[form] = set(notations)
            vocab.weak.add(("indicator", form))


def _add_en(vocab: Vocabulary, kind: str, notation: str, label: str) -> None:
    form = tuple(dict.fromkeys(w for w in en_tokens(label, vocab) if w not in vocab.stopwords))
    if form:
        vocab.en[kind][form].add(notation)


def _add_places(vocab: Vocabulary, gazetteer: Gazetteer) -> None:
    """Counties (county level) and regions (prefectures, provinces) by every name the gazetteer knows."""
    for division in gazetteer:
        kind = "county" if division.level == "county" else "region"
        for name in division.names():
            vocab.zh[kind][name].add(division.code)
            if _is_weak(name, division):
                vocab.weak.add((kind, name))


def _is_weak(name: str, division: Division) -> bool:
    """A two-character form that is not the official name (东乡 for 东乡区) can be an ordinary word."""
    return len(name) <= 2 and name != division.name
