"""Actors: enterprises and cooperatives taking part, and named officials with their posts.

Enterprise names end in a legal or organisational suffix (公司, 集团有限公司, 合作社 …). Their left edge is
the last word that cannot open a name — a particle, pronoun, preposition, conjunction or common verb
(走访的, 见到, 入股, 和) — after which the rest still carries a name of its own; a bracketed place or
legal word (中藜高科(上海)科技公司, 怡海集团(控股)有限公司) and a mirror's pinyin glosses (牧业(yè)) are
read through. A name must also show that it is proper — a place prefix, a legal form, a quoted brand,
a role word introducing it — so that generic phrases such as 村扶贫开发公司 or 保险公司 are not taken for
names. Officials are read as TITLE + NAME (区委书记谭海华, 区长 胡先平) and as NAME … 任 TITLE in a
profile (口述人：X … 任某县委书记); see `extract_officials`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from fupin.extract.context import ReportContext
from fupin.extract.dates import find_dates
from fupin.extract.facts import EnterpriseFact, PositionFact
from fupin.extract.gazetteer import Gazetteer
from fupin.extract.lexicon import Lexicon, longest_first
from fupin.extract.measures import measures_in
from fupin.extract.scan import any_of
from fupin.extract.segmenter import jieba, tag
from fupin.extract.sentences import TextSpan

_CJK = r"[\u4e00-\u9fff]"
_SHARE = re.compile(r"持股(\d+(?:\.\d+)?)[%％]")
_NAME_TAGS = ("nr",)
_MAX_NAME = 18
_MAX_PLACE = 20
_BOUNDARY = re.compile(r"[，,；;。、：:“”\"《》（）()\s\d+＋‘’「」·|/]")
# A pinyin gloss a mirror site inserts after a character: 牧业(yè), 经(jīng).
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[)）]")
_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fff]{2,8})[”\"]")
# Word classes (jieba tags) that cannot be part of a name: particles, pronouns, prepositions,
# conjunctions, adverbs, modal particles, interjections, the agent suffix 者.
_STOP_TAGS = ("u", "r", "p", "c", "d", "y", "e", "k")
# Of these, a name never holds the particles, pronouns, prepositions and adverbs; it may hold a
# common verb (开发, 制造, 种植) and a conjunction that does not join two names (明发和牛公司).
_INNER_STOP_TAGS = ("u", "r", "p", "d", "y", "e", "k")
# A verb is a word of the text, not part of a name, when jieba's dictionary knows it as a common word;
# an unknown token tagged v (加道 in 加道食品有限公司) is usually a brand.
_COMMON_WORD = 100
_VILLAGE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:村|镇|乡|街道)")


@lru_cache(maxsize=8192)
def _cut(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's (word, tag) pairs for `text`, cached: candidates and their rests are cut many times."""
    return tag(text)


def _is_stop(word: str, flag: str) -> bool:
    """A word that ends whatever stands before it: the name starts after it. Only words jieba's
    dictionary knows count as one-character words (a rare character it guesses a tag for, 陜, is
    no particle)."""
    if len(word) == 1 and jieba.dt.FREQ.get(word) is None:
        return False
    if flag.startswith(_STOP_TAGS):
        return True
    return flag == "v" and (jieba.dt.FREQ.get(word) or 0) >= _COMMON_WORD


def _opens_badly(word: str, flag: str) -> bool:
    """A word no name starts with: a stop word, a common verb or verbal noun, a numeral word (两个,
    一批; a single character tagged so, such as 多 or 日, often opens a transliterated name)."""
    if not word or _is_stop(word, flag) or (flag.startswith(("m", "q")) and len(word) > 1):
        return True
    return flag.startswith("v") and (jieba.dt.FREQ.get(word) or 0) >= _COMMON_WORD


def _bracket_skip(text: str, pos: int, ctx: ReportContext) -> int | None:
    """Where a bracket group ending at `pos` opens, when a name reads through it: a pinyin gloss, a
    place (中藜高科(上海)科技) or a legal word (怡海集团(控股)有限公司)."""
    opening = max(text.rfind("(", max(0, pos - 9), pos), text.rfind("（", max(0, pos - 9), pos))
    if opening < 0:
        return None
    inner = text[opening + 1 : pos - 1]
    if _PINYIN.fullmatch(text[opening:pos]) or inner in ctx.lexicon.enterprise_bracket_words:
        return opening
    return opening if inner in _region_set(ctx.gazetteer) else None


def _walk_left(text: str, start: int, ctx: ReportContext) -> int:
    """The furthest left a name ending at suffix `start` can reach: the nearest punctuation, bracket
    or digit, reading through bracket groups that belong to names, at most _MAX_NAME characters."""
    left = start
    while left > 0:
        if text[left - 1] in ")）":
            opening = _bracket_skip(text, left, ctx)
            if opening is None:
                break
            left = opening
            continue
        if _BOUNDARY.match(text[left - 1]) or len(_PINYIN.sub("", text[left - 1 : start])) > _MAX_NAME:
            break
        left -= 1
    return left


def _core(name: str, ctx: ReportContext) -> str:
    """What a name carries of its own: without its suffix and without generic words."""
    core = _PINYIN.sub("", name)
    for suffix in longest_first(ctx.lexicon.enterprise_suffixes):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    for word in longest_first(ctx.lexicon.generic_org_words):
        core = core.replace(word, "")
    return core


def _left_edge(raw: str, ctx: ReportContext) -> int | None:
    """Offset in `raw` where the name starts: after the last word that cannot belong to a name, such
    that the rest opens well, holds no such word and still has two characters of its own; None when
    no cut leaves one. Words are read with the pinyin glosses taken out (牧业(yè)经(jīng)济 is 牧业经济)."""
    clean, where = _unglossed(raw)
    words = _cut(clean)
    cuts, at = [(0, 0)], 0
    stops = []
    for index, (word, flag) in enumerate(words[:-1]):
        at += len(word)
        if _is_stop(word, flag):
            cuts.append((at, index + 1))
            if flag.startswith(_INNER_STOP_TAGS) or _joins_names(clean[at:], ctx):
                stops.append(at)
    for cut, index in reversed(cuts):
        if _opens_badly(*words[index]) or any(stop > cut for stop in stops):
            continue
        if len(_core(clean[cut:], ctx)) >= 2:
            return where[cut]
    return None


def _figure_tail(text: str, left: int, ctx: ReportContext) -> int:
    """1 when the character at `left` ends the figure before it (2019年青禾集团, 3家…): its unit or the
    year or month of a date, as the date grammar and the unit table read them; else 0."""
    if left == 0 or not text[left - 1].isdigit() or left >= len(text):
        return 0
    if text[left] in ctx.lexicon.units:
        return 1
    window = max(0, left - 12)
    return int(any(window + m.end == left + 1 for m in find_dates(text[window : left + 2])))


def _joins_names(rest: str, ctx: ReportContext) -> bool:
    """Whether a conjunction before `rest` joins two names: what follows it is more than one
    character before the suffix (农户和村扶贫开发公司), unlike 明发和牛公司."""
    bare = next(
        (rest[: -len(s)] for s in longest_first(ctx.lexicon.enterprise_suffixes) if rest.endswith(s)), rest
    )
    return len(bare) >= 2


def _unglossed(raw: str) -> tuple[str, list[int]]:
    """`raw` without pinyin glosses, and for each of its characters the offset in `raw` it came from."""
    kept: list[int] = []
    at = 0
    for gloss in _PINYIN.finditer(raw):
        kept.extend(range(at, gloss.start()))
        at = gloss.end()
    kept.extend(range(at, len(raw)))
    return "".join(raw[i] for i in kept), [*kept, len(raw)]


def _candidates(text: str, ctx: ReportContext) -> list[tuple[int, int]]:
    """(start, end) of names ending in an enterprise suffix, overlaps resolved to the longer reading.

    One name may hold several suffixes (温氏食品集团股份有限公司, 合作社联合社, 丽达集团安徽公司): the
    reading that ends later wins. A name never reaches back over an earlier name and a stop word
    between them (X公司和Y合作社).
    """
    matches = list(_suffix_pattern(ctx.lexicon.enterprise_suffixes).finditer(text))
    found = []
    for match in matches:
        left = _walk_left(text, match.start(), ctx)
        for earlier in matches:
            if left < earlier.end() < match.start() and _has_stop(text[earlier.end() : match.start()]):
                left = earlier.end()
        left += _figure_tail(text, left, ctx)
        cut = _left_edge(text[left : match.end()], ctx)
        if cut is not None:
            found.append((left + cut, match.end()))
    return [(a, b) for a, b in found if not any(a2 < b and b < b2 and (a2, b2) != (a, b) for a2, b2 in found)]


_BRACKETED = re.compile(r"[(（][^()（）]{1,8}[)）]")


@lru_cache(maxsize=4)
def _suffix_pattern(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `suffixes` (longest first), compiled once per word list."""
    return re.compile("|".join(map(re.escape, longest_first(suffixes))))


def _has_stop(text: str) -> bool:
    """Whether a stop word stands in `text` (outside brackets: 集团(控股)有限公司 is one name)."""
    return any(_is_stop(word, flag) for word, flag in _cut(_BRACKETED.sub("", text)))


def _locator(name: str, ctx: ReportContext) -> tuple[int, int, bool]:
    """The chain of full place names opening `name` (宁夏回族自治区西吉县…, 某县某镇某村…): where it ends, how
    many places it holds, and whether one is a province, township or village."""
    at, parts, minor = 0, 0, False
    full = _full_names(ctx.gazetteer)
    while at < len(name):
        place = _prefix_in(name, at, full)
        village = _VILLAGE.match(name, at) if place is None else None
        if place is None and village is None:
            break
        minor = minor or village is not None or place in _province_names(ctx.gazetteer)
        at = at + len(place) if place else village.end()
        parts += 1
    return at, parts, minor


def _strip_locator(name: str, ctx: ReportContext) -> str:
    """Drop a chain of places that locates rather than names: two or more full place names, one of
    them a province, township or village, before a name of its own (某县某村日升合作社 → 日升合作社),
    or a full name before a name that opens with a place itself (某某县某某农场 → 某某农场)."""
    at, parts, minor = _locator(name, ctx)
    rest = name[at:]
    if len(_core(rest, ctx)) < 2 or _opens_badly(*_first_word(rest)):
        return name
    if parts >= 2 and minor:
        return rest
    opens_with_place = _prefix_in(rest, 0, _region_set(ctx.gazetteer), shorter_than=len(rest)) is not None
    return rest if parts == 1 and opens_with_place else name


def _only_located(name: str, ctx: ReportContext) -> bool:
    """A kind of organisation at a place (某县某镇某村扶贫工厂), not a name: after a chain ending in a
    township or village nothing of its own is left."""
    at, parts, minor = _locator(name, ctx)
    return parts >= 1 and minor and len(_core(name[at:], ctx)) < 2


def _first_word(text: str) -> tuple[str, str]:
    words = _cut(text)
    return words[0] if words else ("", "x")


def _is_name(name: str, role: str | None, quoted: bool, ctx: ReportContext) -> bool:
    """Whether a candidate names one organisation rather than a kind of organisation.

    It needs something of its own (two characters beyond generic words such as 扶贫开发, 专业, 家庭)
    and a sign that it is proper: a place opening it (湖北…, 泾源县…, or a village for a cooperative:
    某村牧业经济合作社), a legal form (…有限公司, …集团), a quoted brand (“天地人”公司) or a role word
    introducing it (依托, 引进). 社区工厂, 信用合作社 and 保险公司 have none.
    """
    plain = _PINYIN.sub("", name)
    collective = plain.endswith(ctx.lexicon.collective_suffixes)
    if collective and _VILLAGE.match(plain) and "村" in plain[:5] and len(_core(name, ctx)) >= 2:
        return True
    if _only_located(plain, ctx):
        return False
    bare = next(
        (plain[: -len(s)] for s in longest_first(ctx.lexicon.enterprise_suffixes) if plain.endswith(s)),
        plain,
    )
    if _prefix_in(bare, 0, _region_set(ctx.gazetteer), shorter_than=len(bare)) is not None:
        return True
    core = _core(name, ctx)
    if len(core) < 2:
        return False
    return quoted or role is not None or plain.endswith(ctx.lexicon.legal_forms)


@lru_cache(maxsize=4)
def _region_names(gazetteer: Gazetteer) -> tuple[str, ...]:
    forms = gazetteer.surface_forms("all")
    return tuple(sorted({surface for surface, _code in forms if len(surface) >= 2}, key=len, reverse=True))


@lru_cache(maxsize=4)
def _region_set(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(_region_names(gazetteer))


@lru_cache(maxsize=4)
def _full_names(gazetteer: Gazetteer) -> frozenset[str]:
    """Official names of divisions (宁夏回族自治区, 西吉县): the forms a locator chain uses."""
    return frozenset(
        d.name for d in (gazetteer.get(code) for _s, code in gazetteer.surface_forms("all")) if d
    )


def _prefix_in(text: str, at: int, names: frozenset[str], shorter_than: int | None = None) -> str | None:
    """The longest of `names` that `text` holds at `at` (shorter than `shorter_than` characters)."""
    longest = min(len(text) - at, _MAX_PLACE if shorter_than is None else min(_MAX_PLACE, shorter_than - 1))
    return next((text[at : at + k] for k in range(longest, 1, -1) if text[at : at + k] in names), None)


@lru_cache(maxsize=4)
def _province_names(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(d.name for d in (gazetteer.get(c) for _s, c in gazetteer.surface_forms("province")) if d)


def _subject_names(gazetteer: Gazetteer, code: str) -> tuple[str, ...]:
    return _county_names(gazetteer).get(code, ())


@lru_cache(maxsize=4)
def _county_names(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """County code -> its names of two characters or more, indexed once: listing the gazetteer's
    surface forms for each new subject cost more than extracting its report."""
    names: dict[str, list[str]] = {}
    for surface, code in gazetteer.surface_forms("county"):
        if len(surface) >= 2:
            names.setdefault(code, []).append(surface)
    return {code: tuple(found) for code, found in names.items()}


def _is_credit(sentence: TextSpan, ctx: ReportContext) -> bool:
    """A site's credit line (版权所有, 主办, 技术支持 …): the company named there runs the web site."""
    return any_of(ctx.lexicon.site_credit_words).search(sentence.text) is not None


def _names_in(sentence: TextSpan, ctx: ReportContext) -> list[tuple[int, int, str, bool]]:
    """(start, end, name, quoted) of the enterprise names of one sentence, offsets in the sentence."""
    found = [(a, b, _PINYIN.sub("", sentence.text[a:b]), False) for a, b in _candidates(sentence.text, ctx)]
    suffixes = longest_first(ctx.lexicon.enterprise_suffixes)
    for match in _QUOTED.finditer(sentence.text):
        suffix = next((s for s in suffixes if sentence.text.startswith(s, match.end())), None)
        if suffix is not None:
            end = match.end() + len(suffix)
            found = [f for f in found if not (match.start() < f[1] <= end)]
            found.append((match.start(), end, match.group(1) + suffix, True))
    taken = [(a, b) for a, b, _n, _q in found]
    return found + [
        f for f in _listed_names(sentence, ctx) if not any(a < f[1] and f[0] < b for a, b in taken)
    ]


_LIST_JOIN = re.compile(r"以及|、")
_COUNT = r"(?:\d+|[一二两三四五六七八九十百几]+)?(?:余|多)?[家个]?"
_PROPER_TAGS = ("nr", "nz", "ns", "nt")


@lru_cache(maxsize=4)
def _list_pattern(heads: tuple[str, ...]) -> re.Pattern[str]:
    """甲、乙以及丙等20余家电商和企业: names listed before 等 + a count + a head noun."""
    head = "|".join(longest_first(heads))
    item = f"{_CJK}{{2,10}}"
    return re.compile(f"({item}(?:(?:以及|、|及|和|与){item})+)等{_COUNT}{_CJK}{{0,4}}?(?:{head})")


def _listed_names(sentence: TextSpan, ctx: ReportContext) -> list[tuple[int, int, str, bool]]:
    """Names in a list closed by 等 and an enterprise head noun (永和…、天津…等6个项目), each proper:
    it holds a person, place or brand word or a word jieba does not know, and is neither a place nor
    a measure."""
    heads = ctx.lexicon.enterprise_list_heads
    if not heads or "等" not in sentence.text or any_of(heads).search(sentence.text) is None:
        return []  # the pattern needs 等 and a head noun; most sentences lack one, and it is slow
    found = []
    for match in _list_pattern(heads).finditer(sentence.text):
        at = match.start(1)
        for piece in _list_items(match.group(1)):
            start = sentence.text.index(piece, at)
            at = start + len(piece)
            cut = _left_edge(piece, ctx)
            if cut is not None and _looks_proper(piece[cut:], ctx):
                found.append((start + cut, at, piece[cut:], True))
    return found


def _list_items(text: str) -> list[str]:
    """The items of 甲、乙以及丙 or 甲、乙和丙: split at 、 and 以及, and at a word jieba reads as a
    conjunction (和 in 永和豆浆 is part of a name)."""
    items = []
    for piece in _LIST_JOIN.split(text):
        part = ""
        for word, flag in _cut(piece):
            if flag == "c" and part:
                items.append(part)
                part = ""
            else:
                part += word
        items.append(part)
    return [item for item in items if item]


def _looks_proper(item: str, ctx: ReportContext) -> bool:
    if item in _region_set(ctx.gazetteer) or any(
        item in term or term in item for term, _n in ctx.lexicon.measures
    ):
        return False
    return any(flag.startswith(_PROPER_TAGS) or not jieba.dt.FREQ.get(word) for word, flag in _cut(item))


def extract_enterprises(ctx: ReportContext) -> list[EnterpriseFact]:
    """Named enterprises and cooperatives, with role, share and the measures of their sentence (county
    None when the report has no subject county and the sentence names no place)."""
    facts = []
    suffixes = _occurrences(ctx.view.text, ctx.lexicon.enterprise_suffixes)
    for sentence in ctx.sentences:
        if not (_holds(suffixes, sentence) or "等" in sentence.text) or _is_credit(sentence, ctx):
            continue  # a name needs a suffix (or a list closed by 等: _listed_names)
        names = _names_in(sentence, ctx)
        seen = _without_places_in(ctx, sentence, [(a, b) for a, b, _n, _q in names])
        for start, end, name, quoted in names:
            cue = _role_before(sentence.text[:start], _cue_words(ctx.lexicon))
            share = _SHARE.match(sentence.text[end : end + 12])
            role = cue if cue in ctx.lexicon.enterprise_roles else ("持股" if share else None)
            if not _is_name(name, cue or role, quoted, ctx):
                continue
            if _elsewhere(seen, sentence, start, name):
                continue
            facts.append(
                EnterpriseFact(
                    name=_strip_locator(name, ctx),
                    county_code=ctx.county,
                    evidence=ctx.evidence(sentence, "actors.enterprise-suffix", 0.85 * ctx.county_confidence),
                    role=role,
                    share_percent=Decimal(share.group(1)) if share else None,
                    measures=measures_in(ctx, sentence),
                )
            )
    return facts


def _occurrences(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of each word in `text`, sorted: which sentences hold one is
    then a bisection rather than a scan of each sentence."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return sorted(found)


def _holds(occurrences: list[tuple[int, int]], span: TextSpan) -> bool:
    """Whether one of the sorted `occurrences` lies wholly inside `span`."""
    at = bisect_left(occurrences, (span.start,))
    while at < len(occurrences) and occurrences[at][0] < span.end:
        if occurrences[at][1] <= span.end:
            return True
        at += 1
    return False


def _without_places_in(ctx: ReportContext, sentence: TextSpan, names: list[tuple[int, int]]) -> ReportContext:
    """The context seen without the place names inside this sentence's enterprise names: 永和豆浆 or
    浙江诸暨袜业 name companies, not the places their clauses speak of."""
    if not names:
        return ctx
    inside = [
        m for m in ctx.places
        if any(sentence.start + a <= m.start < sentence.start + b for a, b in names)
    ]  # fmt: skip
    return replace(ctx, places=[m for m in ctx.places if m not in inside]) if inside else ctx


def _elsewhere(ctx: ReportContext, sentence: TextSpan, start: int, name: str) -> bool:
    """Whether the name's clause speaks of another place; a name bearing the subject's own name
    (宁夏回族自治区西吉县某合作社 in a report on 西吉县) is the subject's whatever else its clause names."""
    if any(s in name for s in _subject_names(ctx.gazetteer, ctx.county)):
        return False
    at = sentence.start + start
    clause = next((c for c in ctx.clauses(sentence) if c.start <= at < c.end), sentence)
    return ctx.about_elsewhere(sentence, clause)


def _cue_words(lexicon: Lexicon) -> tuple[str, ...]:
    """The words that, just before a name, mark it as an enterprise's: role verbs (依托, 引进) and the
    prepositions that introduce a name without saying what part it plays (由 X 持股, 与 X 签约)."""
    return lexicon.enterprise_roles + lexicon.enterprise_prepositions


def _role_before(text: str, roles: tuple[str, ...]) -> str | None:
    """A cue word just before the name (依托 X, 引进 X, 由 X 持股, 组建了 X)."""
    words = list(_cut(text[-6:]))
    while words and words[-1][1].startswith("u"):
        words.pop()
    tail = "".join(word for word, _flag in words)
    return next((r for r in longest_first(roles) if tail.endswith(r)), None)


@lru_cache(maxsize=4)
def _title_pattern(titles: tuple[str, ...], companions: tuple[str, ...]) -> re.Pattern[str]:
    """TITLE(、[place]TITLE)* NAME: joined posts may name their place (市委常委、隆德县委书记) and may
    include a designation that is no post of its own (县委常务副书记、援藏干部). Built once per word
    list: joining the alternatives and finding the pattern in re's cache by its long text cost more
    than a sentence's search."""
    alternatives = "|".join(longest_first(titles))
    joinable = "|".join(longest_first(titles + companions))
    joined = f"(?:[、和兼]{_CJK}{{0,4}}?(?:{joinable}))*"
    return re.compile(f"((?:{alternatives}){joined})[\\s　]*({_CJK}{{2,4}})")


@lru_cache(maxsize=4)
def _appointment_pattern(
    verbs: tuple[str, ...], titles: tuple[str, ...], companions: tuple[str, ...]
) -> re.Pattern[str]:
    """任 [place or unit] TITLE chain, closed by punctuation: a post named without a name after it."""
    alternatives = "|".join(longest_first(titles))
    joinable = "|".join(longest_first(titles + companions))
    joined = f"(?:[、和兼]{_CJK}{{0,4}}?(?:{joinable}))*"
    verb = "|".join(longest_first(verbs))
    return re.compile(f"({verb})({_CJK}{{0,12}}?)((?:{alternatives}){joined})(?=[，,。；;、！!\\s]|$)")


def _person_name(candidate: str, followers: tuple[str, ...], surnames: frozenset[str]) -> str | None:
    """The person name opening `candidate`: a surname (one character, or two: 欧阳) and one or two
    given characters, then a word that follows names (在, 说, 强调, 主持 … — the ontology's name
    followers) or the end of the text.

    When both a shorter and a longer name fit (曹健在调研), a last character that is itself a follower
    (在) ends the name; otherwise the longer one is taken (罗平伟在调研). jieba's person tag decides when
    no surname fits.
    """
    family = 2 if candidate[:2] in surnames else 1 if candidate[:1] in surnames else 0
    fits = [
        candidate[:length] for length in (family + 2, family + 1)
        if family and len(candidate) >= length
        and all("\u4e00" <= ch <= "\u9fff" for ch in candidate[:length])
        and _ends_name(candidate[length:], followers)
    ]  # fmt: skip
    if len(fits) == 2 and candidate[len(fits[1])] in followers:
        return fits[1]
    if fits:
        return fits[0]
    words = _cut(candidate)
    if words and words[0][1] in _NAME_TAGS and 2 <= len(words[0][0]) <= 3:
        return words[0][0]
    return None


def _ends_name(rest: str, followers: tuple[str, ...]) -> bool:
    return not rest or not ("\u4e00" <= rest[0] <= "\u9fff") or rest.startswith(followers)


_UNIT_STOP_TAGS = ("u", "r", "p", "c", "d", "y", "e", "k", "m", "q", "x", "ns")
_PLACE_END = tuple("县市区镇乡州旗省")
_UNIT_WINDOW = 12
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?、\s“”]")


def _unit_of(before: str, title: str, ctx: ReportContext) -> str | None:
    """The unit a head's post belongs to (扶贫开发局 for 彭阳县扶贫开发局局长): the words just before the
    title back to a place name or a word that cannot be part of a unit's name; '' when the title heads
    no named unit, None when the unit lies outside the county administration (村委会主任, 公司…主任)."""
    window = _CLAUSE_BREAK.split(before[-_UNIT_WINDOW:])[-1]
    if any(unit in window for unit in ctx.lexicon.non_county_units):
        return None
    if not title.startswith(ctx.lexicon.unit_head_titles):
        return ""
    taken: list[str] = []
    for word, flag in reversed(_cut(window)):
        if flag.startswith(_UNIT_STOP_TAGS) or word.endswith(_PLACE_END):
            break
        taken.insert(0, word)
    unit = "".join(taken)
    return unit if unit.endswith(ctx.lexicon.unit_endings) else ""


def _title_facts(ctx: ReportContext, sentence: TextSpan) -> list[PositionFact]:
    """TITLE + NAME: 区委副书记、区长李文波, 彭阳县扶贫开发局局长周明远 (the unit kept in the title)."""
    pattern = _title_pattern(ctx.lexicon.official_titles, ctx.lexicon.title_companions)
    facts = []
    for match in pattern.finditer(sentence.text):
        name = _person_name(
            sentence.text[match.start(2) : match.start(2) + 9],
            ctx.lexicon.name_followers,
            ctx.lexicon.surnames,
        )
        unit = _unit_of(sentence.text[: match.start()], match.group(1), ctx)
        if name is None or unit is None:
            continue
        name_at = sentence.start + match.start(2)
        if _post_elsewhere(ctx, sentence, sentence.start + match.start(), (name_at, name_at + len(name))):
            continue
        evidence = ctx.evidence(sentence, "actors.title-name", 0.85 * ctx.county_confidence)
        facts.append(
            PositionFact(person=name, title=unit + match.group(1), county_code=ctx.county, evidence=evidence)
        )
    return facts


def _post_elsewhere(ctx: ReportContext, sentence: TextSpan, at: int, ignore: tuple[int, int] | None) -> bool:
    """Whether a post at view offset `at` is another place's. A post belongs to the county named last
    before it in its sentence (…援助泾源县的干部，某某来到泾源县，挂职副县长); with none named there,
    its clause decides as for any fact."""
    before = [
        m for m in ctx.places
        if sentence.start <= m.start < at and m.level == "county"
        and (ignore is None or not ignore[0] <= m.start < ignore[1])
    ]  # fmt: skip
    if before and ctx.county in max(before, key=lambda m: m.start).codes:
        return False
    clause = next((c for c in ctx.clauses(sentence) if c.start <= at < c.end), sentence)
    return ctx.about_elsewhere(sentence, clause, ignore=ignore)


_PROFILE_REACH = 240


def _holder(text: str, ctx: ReportContext) -> tuple[int, str] | None:
    """The person a profile is about, last named in `text`: after a name introducer (口述人：马文山,
    叫李明 — any length, since minority names are long) or opening a clause (曹某某，2018年…)."""
    found: list[tuple[int, str]] = []
    introducers = "|".join(longest_first(ctx.lexicon.name_introducers))
    if introducers:
        for match in re.finditer(f"(?:{introducers})[：:\\s]*({_CJK}{{2,5}})(?=[，,。；;、（(\\s]|$)", text):
            found.append((match.start(1), match.group(1)))
    for match in re.finditer(f"(?:^|(?<=[，,。；;：:\\s]))({_CJK}{{2,4}})", text):
        name = _person_name(
            text[match.start(1) : match.start(1) + 6], ctx.lexicon.name_followers, ctx.lexicon.surnames
        )
        rest = text[match.start(1) + len(name) :] if name else ""
        if name and rest[:1] and not ("\u4e00" <= rest[0] <= "\u9fff"):
            found.append((match.start(1), name))
    return max(found, default=None)


def _token_bounds(text: str) -> set[int]:
    bounds, at = {0}, 0
    for word in jieba.cut(text):
        at += len(word)
        bounds.add(at)
    return bounds


def _profile_facts(ctx: ReportContext, sentence: TextSpan) -> list[PositionFact]:
    """NAME … 任 TITLE: a post named in a profile or portrait (口述人：X。2012年至2017年，任某县委书记;
    叫李明，他是某局副局长), held by the person last named before it in the paragraph."""
    lex = ctx.lexicon
    pattern = _appointment_pattern(lex.appointment_verbs, lex.official_titles, lex.title_companions)
    facts = []
    bounds: set[int] | None = None
    for match in pattern.finditer(sentence.text):
        bounds = bounds if bounds is not None else _token_bounds(sentence.text)
        if match.start() not in bounds or match.end(1) not in bounds:
            continue
        unit = _unit_of(sentence.text[: match.start(3)], match.group(3), ctx)
        if unit is None:
            continue
        begin = max(ctx.view.text.rfind("\n", 0, sentence.start) + 1, sentence.start - _PROFILE_REACH)
        holder = _holder(ctx.view.text[begin : sentence.start + match.start()], ctx)
        if holder is None or _post_elsewhere(ctx, sentence, sentence.start + match.start(3), None):
            continue
        start = begin + holder[0]
        span = TextSpan(start, sentence.end, ctx.view.text[start : sentence.end])
        evidence = ctx.evidence(span, "actors.profile-post", 0.75 * ctx.county_confidence)
        facts.append(
            PositionFact(
                person=holder[1], title=unit + match.group(3), county_code=ctx.county, evidence=evidence
            )
        )
    return facts


def extract_officials(ctx: ReportContext) -> list[PositionFact]:
    """Officials named with their posts; the post is kept as written (区委副书记、区长)."""
    if ctx.county is None:
        return []
    any_title = _suffix_pattern(ctx.lexicon.official_titles)
    facts = []
    for sentence in ctx.sentences:
        if any_title.search(sentence.text):
            facts.extend(_title_facts(ctx, sentence))
            facts.extend(_profile_facts(ctx, sentence))
    return facts
