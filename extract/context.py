"""What every extractor needs to know about one report, computed once by the pipeline."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc

from fupin.extract.facts import Document, Evidence
from fupin.extract.gazetteer import Gazetteer
from fupin.extract.lexicon import Lexicon
from fupin.extract.normalise import TextView
from fupin.extract.places import PlaceMention, higher_in, names_subject, others_in
from fupin.extract.quantities import Quantity
from fupin.extract.sentences import Span, split_clauses


@dataclass
class ReportContext:
    """One report seen by the extractors: the matching view, its sentences and its subject county."""

    document: Document
    view: TextView
    doc: Doc
    sentences: list[Span]
    lexicon: Lexicon
    gazetteer: Gazetteer
    places: list[PlaceMention]
    county: str | None
    county_confidence: float
    base_year: int | None
    quantities: list[Quantity] = field(default_factory=list)
    _clauses: dict[int, list[Span]] = field(default_factory=dict)
    _measure_marks: tuple[list[int], list[str]] | None = None
    _sorted_places: list[PlaceMention] = field(default_factory=list)
    _place_starts: list[int] | None = None

    def clauses(self, sentence: Span) -> list[Span]:
        """The clauses of a sentence (cached: several extractors ask for them)."""
        if sentence.start not in self._clauses:
            self._clauses[sentence.start] = split_clauses(sentence)
        return self._clauses[sentence.start]

    def measure_marks(self) -> tuple[list[int], list[str]]:
        """Start offsets (sorted) and notations of the measure mentions, computed once: spaCy builds
        a Span object per item each time a span group is iterated, so a scan of them for every
        program or enterprise sentence made a report's extraction quadratic in its length."""
        if self._measure_marks is None:
            marks = sorted((s.start_char, s.label_) for s in self.doc.spans.get("measures", []))
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

    def sentence_at(self, offset: int) -> Span | None:
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

    def previous_sentence(self, sentence: Span) -> Span | None:
        """The sentence before `sentence`, which often carries the topic a figure is about."""
        index = self.sentences.index(sentence)
        return self.sentences[index - 1] if index > 0 else None

    def evidence(self, span: Span, rule: str, confidence: float = 1.0) -> Evidence:
        """Evidence cut from the ORIGINAL text for a view span, so that text[start:end] == quote."""
        start, end, quote = self.view.quote(span.start, span.end)
        return Evidence(self.document.source, start, end, quote, rule, round(confidence, 3))

    def about_elsewhere(self, sentence: Span, clause: Span, ignore: tuple[int, int] | None = None) -> bool:
        """Whether a clause speaks of somewhere other than the subject county.

        True when the sentence names another county and the clause does not name the subject (or names
        the other county too), and when the clause names a prefecture or province without the subject:
        十堰市累计脱贫… reports the prefecture's figure, not the county's. Place names inside `ignore`
        (a span known to be something else, such as a person's name: 蔡建昌 holds 建昌) do not count.
        """
        places = self._places_in(min(sentence.start, clause.start), max(sentence.end, clause.end))
        if ignore is not None:
            places = [m for m in places if not (ignore[0] <= m.start < ignore[1])]
        in_clause = names_subject(clause, places, self.county)
        if higher_in(clause, places) and not in_clause:
            return True
        if not others_in(sentence, places, self.county):
            return False
        return not in_clause or bool(others_in(clause, places, self.county))
