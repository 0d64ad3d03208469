"""What every extractor needs to know about one report, computed once by the pipeline."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from fupin.extract.dates import DateMention
from fupin.extract.facts import Document, Evidence
from fupin.extract.gazetteer import Gazetteer
from fupin.extract.lexicon import Lexicon
from fupin.extract.nlp import Doc
from fupin.extract.normalise import TextView
from fupin.extract.places import PlaceMention, higher_in, names_subject, others_in
from fupin.extract.quantities import Quantity
from fupin.extract.scan import any_of
from fupin.extract.segmenter import jieba
from fupin.extract.sentences import TextSpan, split_clauses
from fupin.extract.subject import Subject

_NUMERAL_CHARS = "一二三四五六七八九十两几多"
_MEASURE_MENTIONS = "fupin.measure_mentions"
_ROUNDED: dict[float, float] = {}
"""round(confidence, 3) by confidence: a float's round to digits formats it as decimal digits, and an
extractor's few confidences (0.9 * a county's) come back for every piece of evidence."""


def _rounded(confidence: float) -> float:
    """round(confidence, 3), remembered (`_ROUNDED`; a zero, whose sign the rounding keeps, is not)."""
    known = _ROUNDED.get(confidence)
    if known is None:
        known = round(confidence, 3)
        if confidence and len(_ROUNDED) < 4096:
            _ROUNDED[confidence] = known
    return known


def _whole_words(text: str, at: int, words: str) -> bool:
    """Whether `words` at `at` ends on a word boundary (9个县累计 but not 75个县级部门), judged by
    segmenting a short window around it."""
    start, end = max(0, at - 3), at + len(words)
    cut = start
    for token in jieba.lcut(text[start : end + 3]):
        cut += len(token)
        if cut >= end:
            return cut == end
    return True


@dataclass
class ReportContext:
    """One report seen by the extractors: the matching view, its sentences and its subject county."""

    document: Document
    view: TextView
    doc: Doc
    sentences: list[TextSpan]
    lexicon: Lexicon
    gazetteer: Gazetteer
    places: list[PlaceMention]
    county: str | None
    county_confidence: float
    base_year: int | None
    quantities: list[Quantity] = field(default_factory=list)
    subject: Subject | None = None
    published: DateMention | None = None
    _clauses: dict[int, list[TextSpan]] = field(default_factory=dict)
    _measure_marks: tuple[list[int], list[str]] | None = None
    # Indexes made on first use; not init fields, so a copy with other places (dataclasses.replace)
    # makes its own.
    _sorted_places: list[PlaceMention] = field(default_factory=list, init=False, repr=False)
    _place_starts: list[int] | None = field(default=None, init=False, repr=False)
    _by_start: tuple[list[int], list[PlaceMention]] | None = field(default=None, init=False, repr=False)
    _figure_starts: list[int] | None = field(default=None, init=False, repr=False)
    _sentence_index: dict[int, int] | None = field(default=None, init=False, repr=False)
    _scopes: dict[tuple[int, int], bool | None] = field(default_factory=dict, init=False, repr=False)
    _self_names: tuple[bool, str, re.Pattern[str]] | None = field(default=None, init=False, repr=False)
    _elsewhere: dict[tuple[int, int], bool] = field(default_factory=dict, init=False, repr=False)
    _townships: frozenset[str] | None = field(default=None, init=False, repr=False)
    _scope_words: tuple[re.Pattern[str], re.Pattern[str]] | None = field(default=None, init=False, repr=False)

    def clauses(self, sentence: TextSpan) -> list[TextSpan]:
        """The clauses of a sentence (cached: several extractors ask for them, one look-up each)."""
        known = self._clauses.get(sentence.start)
        if known is None:
            known = self._clauses[sentence.start] = split_clauses(sentence)
        return known

    def measure_mentions(self) -> list[tuple[int, int, str]]:
        """(start, end, notation) of each measure mention in doc.spans["measures"], in its order, read
        once per Doc: spaCy makes a Span object per item each time the group is iterated."""
        known = self.doc.user_data.get(_MEASURE_MENTIONS)
        if known is None:
            spans = self.doc.spans.get("measures", [])
            known = self.doc.user_data[_MEASURE_MENTIONS] = [
                (s.start_char, s.end_char, s.label_) for s in spans
            ]
        return known

    def measure_marks(self) -> tuple[list[int], list[str]]:
        """Start offsets (sorted) and notations of the measure mentions, computed once: spaCy builds
        a Span object per item each time a span group is iterated, so a scan of them for every
        program or enterprise sentence made a report's extraction quadratic in its length."""
        if self._measure_marks is None:
            marks = sorted((start, label) for start, _end, label in self.measure_mentions())
            self._measure_marks = ([start for start, _ in marks], [label for _, label in marks])
        return self._measure_marks

    def _places_in(self, start: int, end: int) -> list[PlaceMention]:
        """The place mentions starting in [start, end), by bisection over them sorted once by start:
        each clause test read every mention of the report, quadratic on a long one."""
        if self._place_starts is None:
            self._sorted_places = sorted(self.places, key=lambda m: m.start)
            self._place_starts = [m.start for m in self._sorted_places]
        starts = self._place_starts
        return self._sorted_places[bisect_left(starts, start) : bisect_left(starts, end)]

    def sentence_at(self, offset: int) -> TextSpan | None:
        """The sentence holding view offset `offset`."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= offset:
            return self.sentences[lo]
        return None

    def previous_sentence(self, sentence: TextSpan) -> TextSpan | None:
        """The sentence before `sentence`, which often carries the topic a figure is about."""
        if self._sentence_index is None:
            self._sentence_index = {}
            for at, known in enumerate(self.sentences):
                self._sentence_index.setdefault(known.start, at)
        index = self._sentence_index.get(sentence.start, -1)
        if index < 0 or self.sentences[index] != sentence:
            index = self.sentences.index(sentence)
        return self.sentences[index - 1] if index > 0 else None

    def evidence(
        self, span: TextSpan, rule: str, confidence: float = 1.0, figure: tuple[int, int] | None = None
    ) -> Evidence:
        """Evidence cut from the ORIGINAL text for a view span, so that text[start:end] == quote; a
        figure's own view span (an observation's number and unit) is mapped the same way."""
        start, end, quote = self.view.quote(span.start, span.end)
        figure_start = figure_end = None
        if figure is not None:
            figure_start, figure_end, _ = self.view.quote(*figure)
        return Evidence(
            self.document.source, start, end, quote, rule, _rounded(confidence), figure_start, figure_end
        )

    def townships(self) -> frozenset[str]:
        """The gazetteer's township names of the subject county (none without one), looked up once:
        every figure's place is read against them."""
        if self._townships is None:
            self._townships = self.gazetteer.townships(self.county) if self.county else frozenset()
        return self._townships

    def _subject_names(self) -> tuple[bool, str, re.Pattern[str]]:
        """Whether the subject is a known division, its level word, and a pattern of the words that
        name it without its name (each self-reference prefix with the level word: 我县, 全区); worked
        out once per context, since every clause of the report asks."""
        if self._self_names is None:
            division = self.gazetteer.get(self.county) if self.county else None
            level = division.name[-1] if division else "县"
            words = [re.escape(prefix + level) for prefix in self.lexicon.self_reference]
            self._self_names = (division is not None, level, re.compile("|".join(words) or "(?!)"))
        return self._self_names

    def refers_to_subject(self, span: TextSpan) -> bool:
        """Whether `span` refers to the subject without its name: 我县, 该县, 全县, 本县 (区, 旗, 市 for
        a district, banner or county-level city: the level word is the last character of its name)."""
        known, _level, names = self._subject_names()
        return known and names.search(span.text) is not None

    def about_elsewhere(
        self, sentence: TextSpan, clause: TextSpan, ignore: tuple[int, int] | None = None
    ) -> bool:
        """Whether a clause speaks of somewhere other than the subject county.

        True when the sentence names another county and the clause does not name the subject (or names
        the other county too), and when the clause names a prefecture or province without the subject:
        十堰市累计脱贫… reports the prefecture's figure, not the county's. Place names inside `ignore`
        (a span known to be something else, such as a person's name: 蔡建昌 holds 建昌) do not count.
        """
        places = self._places_in(min(sentence.start, clause.start), max(sentence.end, clause.end))
        if ignore is not None:
            places = [m for m in places if not (ignore[0] <= m.start < ignore[1])]
        if not places:
            return False  # no place named, none other than the subject: most sentences
        in_clause = names_subject(clause, places, self.county) or self.refers_to_subject(clause)
        if higher_in(clause, places) and not in_clause:
            return True
        if not others_in(sentence, places, self.county):
            return False
        return not in_clause or bool(others_in(clause, places, self.county))

    def level_word(self) -> str:
        """The subject's own level word (县, 区, 市, 旗): 全区 in a district's report names the district."""
        return self._subject_names()[1]

    def names_self(self, text: str) -> bool:
        """Whether `text` refers to the subject by a prefix and its level word (全县, 我县, 该区)."""
        return self._subject_names()[2].search(text) is not None

    def names_wider(self, text: str) -> bool:
        """Whether `text` names a wider area (全省, 全市 for a county) or a group of counties (这9个县)."""
        if not (self._scope_words or self._scope_patterns())[1].search(text):
            return False  # most clauses hold none of the words: one search says so
        level = self.level_word()
        if any(w in text and not w.endswith(level) for w in self.lexicon.wider_scopes):
            return True
        for group in self.lexicon.county_groups:
            at = text.find(group)
            while at > 0:
                counted = text[at - 1].isdigit() or text[at - 1] in _NUMERAL_CHARS
                if counted and _whole_words(text, at + 1, group[1:]):
                    return True
                at = text.find(group, at + 1)
        return False

    def clause_scope(self, clause: TextSpan) -> bool | None:
        """`_clause_scope`, once per clause: each figure of a sentence asks it of every clause before its
        own."""
        key = (clause.start, clause.end)
        if key not in self._scopes:
            self._scopes[key] = self._clause_scope(clause)
        return self._scopes[key]

    def _clause_scope(self, clause: TextSpan) -> bool | None:
        """True when a clause speaks of somewhere else, False when it names the subject, None when neither.

        Another county named in the clause makes it elsewhere; a prefecture or province, a wider scope
        word or a group of counties (十堰市, 全省, 这9个县) does when the clause gives a figure and does not
        name the subject too (十堰市郧阳区…). A clause that only names a prefecture (宁夏固原市某县按照…
        要求) decides nothing for the clauses after it.
        """
        places = self._starting_in(clause.start, clause.end)
        if places and others_in(clause, places, self.county):
            return True
        named = bool(places) and names_subject(clause, places, self.county)
        subject = named or self.names_self(clause.text)
        if (self._scope_words or self._scope_patterns())[0].search(clause.text):
            return None
        if subject:
            return False
        has_figure = self._has_figure(clause.start, clause.end)
        if places and higher_in(clause, places):
            return True if has_figure else None
        return True if has_figure and self.names_wider(clause.text) else None

    def _scope_patterns(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """`any_of` the membership words, and `any_of` the wider-scope and county-group words, made
        once per context: every clause asks, and `any_of`'s cache hashed the words (and the two
        tuples were joined) each time."""
        self._scope_words = (
            any_of(self.lexicon.membership_cues),
            any_of((*self.lexicon.wider_scopes, *self.lexicon.county_groups)),
        )
        return self._scope_words

    def _starting_in(self, start: int, end: int) -> list[PlaceMention]:
        """This context's place mentions starting in [start, end), by bisection: each clause read
        every mention of the report, quadratic in a long one."""
        if self._by_start is None:
            ordered = sorted(self.places, key=lambda m: m.start)
            self._by_start = ([m.start for m in ordered], ordered)
        starts, ordered = self._by_start
        return ordered[bisect_left(starts, start) : bisect_left(starts, end)]

    def _has_figure(self, start: int, end: int) -> bool:
        """Whether a figure starts in [start, end)."""
        if self._figure_starts is None:
            self._figure_starts = sorted(q.start for q in self.quantities)
        at = bisect_left(self._figure_starts, start)
        return at < len(self._figure_starts) and self._figure_starts[at] < end

    def figure_elsewhere(self, sentence: TextSpan, clause: TextSpan) -> bool:
        """Whether a figure's clause is about somewhere other than the subject, judged per clause.

        A clause that names a place decides for itself; one that names none continues the clause before
        it (凯里市累计脱贫3万人，贫困发生率降至1%: both are 凯里市's). A place named in a LATER clause
        never takes an earlier figure away: 全县搬迁3.85万人，其中跨区域搬迁到凯里市安置2600人 keeps the
        county's 4.96万人.

        So the clause up to the figure's that decides last decides: the clauses are read from the
        figure's back, and those before the one that decides are never judged. The answer is kept
        per clause: figures written together share one.
        """
        key = (sentence.start, clause.start)
        known = self._elsewhere.get(key)
        if known is None:
            known = self._elsewhere[key] = self._figure_elsewhere(sentence, clause)
        return known

    def _figure_elsewhere(self, sentence: TextSpan, clause: TextSpan) -> bool:
        for part in reversed(self.clauses(sentence)):
            if part.start <= clause.start and (verdict := self.clause_scope(part)) is not None:
                return verdict
        return False
