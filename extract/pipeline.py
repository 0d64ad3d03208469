"""The extraction pipeline: document → matching view → spaCy Doc → report context → extractors → facts.

`ReportExtractor.context` drops the page chrome and reads the text through a matching view
(`normalise.make_view`: simplified script, offsets kept to the original). spaCy's blank Chinese
pipeline (character segmenter) marks county names (gazetteer) and measure labels (the Lexicon's
ontology labels) in `doc.spans`; sentences (`split_sentences`, character offsets: no extractor reads
token spans of them), figures, dates and the subject county are read beside it, once per report, into
a `ReportContext`. The extractors (one module per fact type, `EXTRACTORS`) read that context and
return typed records (extract/facts.py); nothing here knows of RDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from operator import itemgetter

import numpy as np

from fupin.extract.actors import extract_enterprises, extract_officials
from fupin.extract.chrome import find_chrome
from fupin.extract.codepoints import code_points
from fupin.extract.context import _MEASURE_MENTIONS as MEASURE_MENTIONS
from fupin.extract.context import ReportContext
from fupin.extract.dates import DateMention, find_dates, latest_year, publication_date
from fupin.extract.exit_date import extract_exit
from fupin.extract.facts import Document, DocumentFacts, EnterpriseFact, Fact, InterventionFact, ReportFact
from fupin.extract.gazetteer import Gazetteer
from fupin.extract.heading import read_heading
from fupin.extract.indicators import extract_indicators
from fupin.extract.lexicon import Lexicon, load_lexicon
from fupin.extract.measure_lists import ListReader
from fupin.extract.measures import extract_measures
from fupin.extract.nlp import LANG, ORTH, SPACY, Doc, Language, PhraseMatcher, Vocab, spacy
from fupin.extract.nlp import Span as SpacySpan
from fupin.extract.normalise import make_view
from fupin.extract.places import PlaceMention, county_surfaces, resolve_mentions
from fupin.extract.programs import extract_programs
from fupin.extract.quantities import find_quantities
from fupin.extract.scripts import Script, to_simplified
from fupin.extract.segmenter import load_dictionary
from fupin.extract.sentences import TextSpan, split_sentences
from fupin.extract.subject import resolve_subject
from fupin.extract.townships import extract_places

Extractor = Callable[[ReportContext], list[Fact]]
EXTRACTORS: tuple[Extractor, ...] = (
    extract_measures,
    extract_indicators,
    extract_enterprises,
    extract_officials,
    extract_programs,
    extract_exit,
    extract_places,
)


def _phrase_matcher(nlp: Language, terms: Iterable[tuple[str, str]]) -> PhraseMatcher:
    """A matcher whose match ids are the terms' keys (notations or place surfaces).

    Each pattern is given as its tokens' orth ids (`CharTokenizer.orth_lists`, `build_nlp`'s tokenizer),
    all the matcher reads of a pattern Doc: making 7,000 pattern Docs was a sixth of a build's
    start-up. The matcher has a vocabulary of its own, without lexical attributes: `PhraseMatcher.add`
    makes a lexeme of every key, computing its twenty attributes, and no key is ever a token. It
    matches the pipeline's Docs all the same (it compares orth ids, the same hash in any vocabulary);
    the keys' strings go to the pipeline's StringStore, from which the spans' labels are read."""
    tokenizer, matcher = nlp.tokenizer, PhraseMatcher(Vocab())
    by_key: dict[str, set[str]] = {}
    for surface, key in terms:
        by_key.setdefault(key, set()).add(surface)
    groups = [(key, sorted(surfaces)) for key, surfaces in sorted(by_key.items())]
    patterns = iter(tokenizer.orth_lists([s for _key, surfaces in groups for s in surfaces]))
    for key, surfaces in groups:
        tokenizer.vocab.strings.add(key)
        matcher.add(key, list(islice(patterns, len(surfaces))))
    return matcher


Match = tuple[int, int, int]
"""A phrase matcher's match: key (the label's hash), start and end token."""


def _longest(matches: list[Match]) -> list[Match]:
    """Overlapping matches resolved to the longest (袜业扶贫车间 over 扶贫车间), in start order, as
    `spacy.util.filter_spans` resolves their spans (the first longest wins; a match is dropped when its
    first or last token is taken). Read on the matcher's tuples, so that a Span is made only for each
    match kept, not for every match (a third of the measure matches overlap a longer one)."""
    ordered = sorted(matches, key=lambda match: (match[2] - match[1], -match[1]), reverse=True)
    kept: list[Match] = []
    taken: set[int] = set()
    for match in ordered:
        _key, start, end = match
        if start not in taken and end - 1 not in taken:
            kept.append(match)
            taken.update(range(start, end))
    kept.sort(key=itemgetter(1))
    return kept


def _spans(doc: Doc, matches: list[Match]) -> list[SpacySpan]:
    return [SpacySpan(doc, start, end, label=key) for key, start, end in matches]


_TEXT = "fupin.text"
_DATES = "fupin.dates"  # every date mention of the text (find_dates), read once per report
# (start, end) characters of each span of doc.spans["places"], in its order, kept as `annotate` makes
# the group: reading the group again makes a Span per item and joins its tokens for its text.
_PLACES = "fupin.places"
_CHAR_MARKS = (_PLACES, MEASURE_MENTIONS)  # the character-offset tuples a joined Doc carries over
_WHITE = re.compile(r"\s+")


class CharTokenizer:
    """spaCy's blank Chinese tokenizer (character segmentation) with the same tokens, made faster:
    one word per non-space character, a single space after a character kept as that word's trailing
    space, any other run of white space one word of its own.

    spaCy gets the words from `list(text)` by `util.get_words_and_spaces`, which slices the rest of
    the text for every character. Here the Doc is given each word's orth id rather than its string
    (`Doc` then looks the lexeme up by id, `Vocab.get_by_orth`, instead of hashing the string again),
    and the ids of all characters come at once from a table indexed by code point (numpy), filled as
    characters are first seen: neither a one-character string nor a hash is made per character. White
    space runs, a few a report, are spliced in between (tests/extract/test_char_tokens.py compares
    the tokens with spaCy's)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._table = np.zeros(0x10000, dtype=np.uint64)  # code point -> orth id, 0 when unseen
        self._white = np.zeros(0x10000, dtype=bool)  # code point -> white space, for those seen

    def __call__(self, text: str) -> Doc:
        words, spaces = self._words(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def orth_lists(self, texts: list[str]) -> list[list[int]]:
        """The orth ids of the tokens of each text, as its Doc would have them. The characters of all
        the texts are looked up at once: the table's lookup costs more than the characters of a
        short text (a phrase matcher's pattern); a text with white space is tokenized alone (none
        is, when the joined text has none: the patterns are labels and names)."""
        joined = "".join(texts)
        chars, at, found, white = self._char_orths(joined), 0, [], _WHITE.search(joined) is not None
        for text in texts:
            end = at + len(text)
            found.append(self._words(text)[0] if white and _WHITE.search(text) else chars[at:end])
            at = end
        return found

    def _words(self, text: str) -> tuple[list[int], list[bool]]:
        """The orth id of every token of `text`, and whether a space follows it."""
        codes = code_points(text)
        chars = self._orths(codes)
        words: list[int] = []
        trailing: list[int] = []  # the words followed by a single space
        at = 0
        for start, end in _runs(np.flatnonzero(self._white[codes]).tolist()):
            words += chars[at:start]
            run = text[start:end]
            if words and run[0] == " ":
                trailing.append(len(words) - 1)
                run = run[1:]
            if run:
                words.append(self.vocab.strings.add(run))
            at = end
        words += chars[at:]
        spaces = [False] * len(words)
        for index in trailing:
            spaces[index] = True
        return words, spaces

    def _char_orths(self, text: str) -> list[int]:
        """The orth id of every character of `text`, white space included."""
        return self._orths(code_points(text))

    def _orths(self, codes: np.ndarray) -> list[int]:
        """The orth id of every code point of `codes`; a character first seen is added to the
        vocabulary's strings, and marked as white space or not (`str.isspace`, which is what `\\s`
        matches: the runs `_WHITE` finds)."""
        if codes.size and int(codes.max()) >= len(self._table):
            size = int(codes.max()) + 1
            self._table = np.concatenate([self._table, np.zeros(size - len(self._table), np.uint64)])
            self._white = np.concatenate([self._white, np.zeros(size - len(self._white), bool)])
        orths = self._table[codes]
        unseen = orths == 0
        if unseen.any():
            for code in sorted(set(codes[unseen].tolist())):  # np.unique would import numpy.ma
                self._table[code] = self.vocab.strings.add(chr(code))
                self._white[code] = chr(code).isspace()
            orths = self._table[codes]
        return orths.tolist()

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        return (self(text) for text in texts)


def _runs(positions: list[int]) -> Iterator[tuple[int, int]]:
    """The (start, end) of each run of consecutive positions, in order."""
    if not positions:
        return
    start = end = positions[0]
    for at in positions[1:]:
        if at != end + 1:
            yield start, end + 1
            start = at
        end = at
    yield start, end + 1


def _text(doc: Doc) -> str:
    """The Doc's text as `annotate` was given it: `Doc.text` joins every token anew on each call,
    which cost more than the spaCy tokenizer itself."""
    text = doc.user_data.get(_TEXT)
    return text if text is not None else doc.text


Component = Callable[[Doc], Doc]


def components(nlp: Language) -> tuple[Component, ...]:
    """The pipeline's enabled components in order, as `nlp(text)` runs them. `Language.pipeline` makes
    a new frozen list of them on every call: `ReportExtractor` reads it once and hands it to
    `annotate` for every report."""
    return tuple(component for _name, component in nlp.pipeline)


def _doc(nlp: Language, text: str, pipes: Iterable[Component]) -> Doc:
    """`nlp(text)`, the text kept on the Doc for the components (see `_text`)."""
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT] = text
    for component in pipes:
        doc = component(doc)
    return doc


@Language.factory("fupin_phrases", default_config={"terms": [], "heads": [], "joiners": []})
def make_phrases(
    nlp: Language, name: str, terms: list[list[str]], heads: list[str], joiners: list[str]
) -> Callable[[Doc], Doc]:
    """County-level names from the gazetteer in doc.spans["places"] (label = the surface form), and
    measure labels from the ontology in doc.spans["measures"] (label = measure notation) with the
    items of coordinated lists that share a matched label's head (产业、教育、健康扶贫).

    One phrase matcher holds both vocabularies, so the Doc is walked once; its matches are told
    apart by key (a place's key is its surface, a measure's its notation: never the same string) and
    each kind is resolved to its longest matches on its own, as a matcher of its own would."""
    surfaces = county_surfaces(Gazetteer.load())
    notations = {k for _s, k in terms}
    if notations & surfaces.keys():
        raise ValueError(f"measure notations that are place names: {sorted(notations & surfaces.keys())}")
    matcher = _phrase_matcher(nlp, [*((s, s) for s in surfaces), *((s, k) for s, k in terms)])
    places = frozenset(nlp.vocab.strings[s] for s in surfaces)
    lists = ListReader({s: k for s, k in terms}, heads, joiners)

    def annotate(doc: Doc) -> Doc:
        matches = matcher(doc)
        found = doc.spans["places"] = _spans(doc, _longest([m for m in matches if m[0] in places]))
        doc.user_data[_PLACES] = [(span.start_char, span.end_char) for span in found]
        _mark_measures(doc, _longest([m for m in matches if m[0] not in places]), lists)
        return doc

    return annotate


def _mark_measures(doc: Doc, matches: list[Match], lists: ListReader) -> None:
    """doc.spans["measures"]: the matched labels and the list items `lists` reads around them."""
    matched = _spans(doc, matches)
    found = [(s.start_char, s.end_char, s.label_) for s in matched]
    kept = list(zip(matched, found, strict=True))
    for start, end, notation in lists.mentions(_text(doc), found):
        span = doc.char_span(start, end, label=notation)
        if span is not None:
            kept.append((span, (start, end, notation)))
    # Span order (start, end, label id) without comparing Span objects, and the mentions kept as the
    # tuples the extractors read (ReportContext.measure_mentions), not rebuilt from the group.
    kept.sort(key=lambda pair: (pair[1][0], pair[1][1], pair[0].label))
    doc.spans["measures"] = [span for span, _mention in kept]
    doc.user_data[MEASURE_MENTIONS] = [mention for _span, mention in kept]


def build_nlp(lexicon: Lexicon) -> Language:
    """spaCy's blank Chinese pipeline (character segmenter) with the fupin components.

    The component's config is not validated: its type check walks every one of the 649 terms, a
    tenth of making the pipeline, and the config is made right here from the compiled lexicon.

    A character's lexeme is given its language alone (`lang_only`), not spaCy's twenty-odd lexical
    attributes (lower case, shape, stop word, like_num...): no component or extractor reads a token's
    lexical attributes (the phrase matcher compares orth ids, the extractors read text and offsets),
    and computing them was a third of making each report's Doc, where a character is first seen."""
    nlp = spacy.blank("zh")
    nlp.vocab.lex_attr_getters = lang_only(nlp.vocab.lex_attr_getters)
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe(
        "fupin_phrases",
        config={
            "terms": [list(t) for t in lexicon.measures],
            "heads": list(lexicon.measure_heads),
            "joiners": list(lexicon.list_joiners),
        },
        validate=False,
    )
    return nlp


def lang_only(getters: dict[int, Callable[[str], object]]) -> dict[int, Callable[[str], object]]:
    """Of a vocabulary's lexical attribute getters, the language's alone (see `build_nlp`)."""
    return {attr: getter for attr, getter in getters.items() if attr == LANG}


# The character tokenizer keeps spaces out of tokens, so 郧 阳 区 (PDF text) matches 郧阳区 with its
# spaces inside the span's text; the name is looked up without them.
_SPACE = re.compile(r"\s+")


PIECE = 4_000  # characters per spaCy call; see `annotate`

# A report with no confident subject county keeps its facts: those of a sentence that names one county
# go to it, with this confidence; the others go to no county (see `ReportExtractor.extract`).
NAMED_CONFIDENCE = 0.7
UNATTRIBUTED_CONFIDENCE = 0.5
MAX_NAMED_COUNTIES = 8  # passes over a subject-less report, most-named counties first


def annotate(nlp: Language, text: str, pipes: tuple[Component, ...] | None = None) -> Doc:
    """The pipeline's Doc of `text`, made piece by piece for long texts, with exact offsets.

    spaCy refuses texts over `nlp.max_length` (E088: 1,000,000 characters) and its Chinese tokenizer
    aligns each token by slicing the rest of the text (`get_words_and_spaces`), which makes one call
    quadratic in the text's length: 100k characters took 10 s, 990k never finished. Pieces of at
    most PIECE characters, cut after a line break (else a sentence end) so that no place name or
    measure label is split, are annotated alone and joined with `Doc.from_docs`, which keeps the text
    exactly and shifts every span's offsets (`_joined`). `pipes` is `components(nlp)` when the
    caller has it."""
    pipes = components(nlp) if pipes is None else pipes
    if len(text) <= PIECE:
        return _doc(nlp, text, pipes)
    doc = _joined(nlp, (_doc(nlp, piece, pipes) for piece in _pieces(text)))
    doc.user_data[_TEXT] = text
    return doc


def _joined(nlp: Language, pieces: Iterable[Doc]) -> Doc:
    """One Doc of consecutive pieces, their span groups moved by token offsets and the groups' character
    offsets (`_CHAR_MARKS`) by character offsets. `Doc.from_docs` does the same but re-reads every
    piece's text and finds each span again by characters: slower than annotating the text in the
    first place."""
    words: list[str] = []
    spaces: list[bool] = []
    groups: dict[str, list[tuple[int, int, int]]] = {}
    marks: dict[str, list[tuple] | None] = {key: [] for key in _CHAR_MARKS}  # None: a piece lacks them
    at = 0  # the piece's first character in the joined text
    for piece in pieces:
        offset = len(words)
        array = piece.to_array([ORTH, SPACY])
        words.extend(nlp.vocab.strings[int(orth)] for orth in array[:, 0])
        spaces.extend(bool(space) for space in array[:, 1])
        for key, group in piece.spans.items():
            groups.setdefault(key, []).extend((s.start + offset, s.end + offset, s.label) for s in group)
        for key, found in marks.items():
            own = piece.user_data.get(key)
            if found is None or own is None:
                marks[key] = None
            else:
                found.extend((start + at, end + at, *rest) for start, end, *rest in own)
        at += len(_text(piece))
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    for key, items in groups.items():
        doc.spans[key] = [SpacySpan(doc, start, end, label=label) for start, end, label in items]
    doc.user_data.update((key, found) for key, found in marks.items() if found is not None)
    return doc


def _pieces(text: str) -> Iterator[str]:
    """`text` in consecutive pieces of at most PIECE characters, each ending at the last line break
    (or failing that the last 。) inside its window; a window with neither is cut where it ends."""
    start = 0
    while len(text) - start > PIECE:
        window = text[start : start + PIECE]
        cut = window.rfind("\n") + 1 or window.rfind("。") + 1 or PIECE
        yield text[start : start + cut]
        start += cut
    yield text[start:]


def _place_mentions(
    text: str,
    doc: Doc,
    table: dict[str, tuple[tuple[str, ...], bool]],
    gazetteer: Gazetteer,
    lexicon: Lexicon,
) -> list[PlaceMention]:
    raw = []
    for start, end in _place_marks(doc):
        surface = _SPACE.sub("", text[start:end])
        if surface not in table:
            continue
        codes, short = table[surface]
        raw.append(PlaceMention(start, end, surface, codes, short))
    return resolve_mentions(text, raw, gazetteer, lexicon.enterprise_suffixes, lexicon.place_phrase_heads)


def _place_marks(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) characters of doc.spans["places"], as `annotate` kept them (read from the group
    for a Doc made elsewhere). A span's text is the Doc's text between them."""
    known = doc.user_data.get(_PLACES)
    return known if known is not None else [(s.start_char, s.end_char) for s in doc.spans["places"]]


def report_year(text: str, lexicon: Lexicon, dates: list[DateMention] | None = None) -> int | None:
    """The year a report speaks from when it carries no date: the latest year it names as a present or
    past, not as an aim (到2025年, 确保2021年 look ahead), falling back to the latest year named.
    `dates` is find_dates(text) when the caller has it already."""
    aims = (*lexicon.target_cues, "到")
    dates = find_dates(text) if dates is None else dates
    years = []
    for mention in dates:
        lead = text[max(0, mention.start - 4) : mention.start]
        if mention.year and not lead.endswith(aims):
            years.append(mention.year)
    return max(years, default=None) or latest_year(text, mentions=dates)


def link_partners(facts: list[Fact]) -> list[Fact]:
    """Interventions named in the same sentence as an enterprise serving that measure get it as partner.
    Most reports name no enterprise that serves a measure: their facts are given back as they are,
    without a second pass over them."""
    partners: dict[tuple[int, str], set[str]] = {}
    for fact in facts:
        if isinstance(fact, EnterpriseFact):
            for measure in fact.measures:
                partners.setdefault((fact.evidence.start, measure), set()).add(fact.name)
    if not partners:
        return facts
    linked: list[Fact] = []
    for fact in facts:
        names = (
            partners.get((fact.evidence.start, fact.measure)) if isinstance(fact, InterventionFact) else None
        )
        linked.append(replace(fact, partners=tuple(sorted(names))) if names else fact)
    return linked


def named_county_facts(ctx: ReportContext) -> list[Fact]:
    """The facts of a report with no subject county that a sentence credits to a county it names.

    With no subject the extractors keep only what names no place (county None: never a guessed
    county). Each county the report names is then tried as the subject, and a fact is kept for it only
    when its evidence names that county and no other, and a figure's county stands before the figure
    (a place named after a figure never takes it: 全县脱贫3万人，其中某县… is no county's)."""
    counts: dict[str, int] = {}
    for m in ctx.places:
        if m.level == "county" and len(m.codes) == 1:
            counts[m.codes[0]] = counts.get(m.codes[0], 0) + 1
    named = sorted(counts, key=lambda c: (-counts[c], c))[:MAX_NAMED_COUNTIES]
    places = [(*ctx.view.original_span(m.start, m.end), m) for m in ctx.places if m.level == "county"]
    facts: list[Fact] = []
    for code in named:
        as_subject = replace(ctx, county=code, county_confidence=NAMED_CONFIDENCE)
        for extractor in EXTRACTORS:
            facts.extend(f for f in extractor(as_subject) if _names_only(f, code, places))
    return facts


def _names_only(fact: Fact, code: str, places: list[tuple[int, int, PlaceMention]]) -> bool:
    """Whether the fact's evidence names county `code`, no other county, and `code` before its figure."""
    ev = fact.evidence
    inside = [m for start, _end, m in places if ev.start <= start < ev.end]
    if not inside or any(code not in m.codes for m in inside):
        return False
    anchor = ev.figure_start if ev.figure_start is not None else ev.end
    return any(start < anchor for start, _end, _m in places if ev.start <= start < ev.end)


class ReportExtractor:
    """Runs the pipeline over documents; holds the spaCy pipeline and the word lists, built once."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer | None = None) -> None:
        load_dictionary()  # before any extractor's first jieba call would load it the slow way
        self.lexicon = lexicon
        self.gazetteer = gazetteer or Gazetteer.load()
        self.nlp = build_nlp(lexicon)
        self.pipes = components(self.nlp)
        self.surfaces = county_surfaces(self.gazetteer)

    def chrome(self, text: str, script: Script | None = None) -> list[tuple[int, int]]:
        """The web-page chrome lines of `text` (see `fupin.extract.chrome`), judged in simplified script;
        `script` is `Script.of(text)` when the caller has it."""
        simplified = to_simplified(text) if (script or Script.of(text)).is_traditional() else text
        return find_chrome(simplified, self.lexicon, self._names_place)

    def _names_place(self, line: str) -> bool:
        """Whether a short line holds a division's name (a site's or a title's county)."""
        return any(line[i:j] in self.surfaces for i in range(len(line)) for j in range(i + 2, len(line) + 1))

    def context(self, document: Document) -> ReportContext:
        """Everything the extractors need about one document."""
        script = Script.of(document.text)
        view = make_view(document.text, self.chrome(document.text, script), script)
        doc = annotate(self.nlp, view.text, self.pipes)
        sentences = split_sentences(view.text)
        places = _place_mentions(view.text, doc, self.surfaces, self.gazetteer, self.lexicon)
        subject = resolve_subject(view.text, places, self.gazetteer, self.lexicon)
        dates = doc.user_data[_DATES] = find_dates(view.text)
        published = publication_date(view.text, dates)
        base_year = (published.year if published else None) or report_year(view.text, self.lexicon, dates)
        return ReportContext(
            document=document,
            view=view,
            doc=doc,
            sentences=sentences,
            lexicon=self.lexicon,
            gazetteer=self.gazetteer,
            places=places,
            county=subject.code,
            county_confidence=subject.confidence if subject.code else UNATTRIBUTED_CONFIDENCE,
            subject=subject,
            base_year=base_year,
            quantities=find_quantities(view.text, self.lexicon.units, dates),
            published=published,
        )

    def extract(self, document: Document) -> DocumentFacts:
        """The report record and every fact of one document."""
        ctx = self.context(document)
        facts: list[Fact] = []
        for extractor in EXTRACTORS:
            facts.extend(extractor(ctx))
        if ctx.county is None:
            facts.extend(named_county_facts(ctx))
        return DocumentFacts(report=self._report(ctx), facts=link_partners(facts))

    def _report(self, ctx: ReportContext) -> ReportFact:
        heading = read_heading(ctx)
        published = ctx.published
        evidence = tuple(
            ctx.evidence(span, rule, 0.8)
            for span, rule in ((heading.title, "report.title"), (heading.author, "report.author"))
            if span is not None
        )
        subject = ctx.subject
        if subject is not None and subject.span is not None:
            start, end = subject.span
            mention = TextSpan(start, end, ctx.view.text[start:end])
            evidence += (ctx.evidence(mention, subject.rule, subject.confidence),)
        return ReportFact(
            source=ctx.document.source,
            county_code=ctx.county,
            title=evidence[0].quote if heading.title else None,
            author=ctx.view.quote(heading.author.start, heading.author.end)[2] if heading.author else None,
            published=published.date if published else None,
            sha256=ctx.document.sha256,
            evidence=evidence,
            subject_rule=subject.rule if subject else None,
            subject_reason=subject.reason if subject else None,
        )


@lru_cache(maxsize=1)
def default_extractor() -> ReportExtractor:
    """The extractor of the packaged (compiled) lexicon, once per process: building it takes longer
    than extracting a report, and it holds no per-document state. Builds, workers, the API and the
    callable `fupin.extract` all share this one."""
    return ReportExtractor(load_lexicon())
