"""Named local programs: “四大工程”, “1+2+N”产业脱贫模式, “双挂点”、“双包联”制度, 雨露计划 …

Reports put a program's proper name in quotation marks and follow it with (or end it in) a kind word:
工程, 模式, 机制, 行动, 活动, 计划, 制度, 工作法, 体系 … (the ontology's program suffixes). Three shapes:
1. the kind word inside the quotes: “四带工作法”, “雨露计划”;
2. after the quotes, with a short modifier: “1+2+N”产业脱贫模式, “三员三长”工作机制;
3. coordinated quotes sharing one kind word: “双挂点”、县直部门“双包联”制度;
4. named examples of a collective: “园区+”、“三金链接”等八大产业扶贫模式 (each example and the collective).
National frameworks the report only cites (五个一批, 两不愁三保障) and common words (“一把手”) are not
programs. A numbered program (四大工程) takes as parts the next programs of the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from fupin.extract.context import ReportContext
from fupin.extract.dates import MAX_YEAR, MIN_YEAR
from fupin.extract.facts import ProgramFact
from fupin.extract.lexicon import Lexicon, longest_first
from fupin.extract.measures import measures_in
from fupin.extract.scan import any_of
from fupin.extract.sentences import TextSpan

_QUOTE = re.compile(r"[“「『\"]([^“”「」『』\"\n]{1,30})[”」』\"]")
MAX_NAME = 16
MAX_INNER = 24
MIN_BARE = 3
MAX_LIST = 120
_CHAIN = re.compile(r"^\w{1,10}(?:\s*[+＋]\s*\w{1,10})+$")
_FORMULA = re.compile(r"^(?=[^\d]*\d)[\dA-Za-z+＋\s]+$")
# Digits joined by + (1+2+N) or three or more, not inside a longer number or formula. The look-behind
# follows the first digit so that the regex engine can skip ahead to digits.
_FORMULA_RUN = re.compile(r"\d(?<![\d.+＋A-Za-z]\d)(?:\d*(?:[+＋][\dA-Za-z]+)+|\d{2,})(?![\d.%+＋])")
_MULTIPLIERS = "十百千万亿年月日号余多"
_NUMBERED_NAME = re.compile(r"^[两二三四五六七八九十双]")
MAX_TAIL = 10
MAX_LINK = 10
_PLAIN_TAIL = re.compile(r"^[\u4e00-\u9fff]*")
_NUMBERED = re.compile(r"^([两二三四五六七八九十]+)(?:大|个|项|条)")
_CN_DIGITS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
PARTS_WINDOW = 1500
# What every program name `find_programs` reads opens with: a quotation mark, a digit or a numeral.
# A sentence holding none has no program, and most sentences are passed over with one scan of the text.
_OPENERS = re.compile(r"[“「『\"\d两二三四五六七八九十]")
_START = attrgetter("start")  # mentions are put in the order of their start
# A mark that makes a quote a slogan or a sentence, not a name: one scan instead of a test per mark.
_SLOGAN_MARK = re.compile("[，。；！？,;!?]")


@dataclass(frozen=True)
class ProgramMention:
    """A program name as found: `start`/`end` cover the quotes and the kind word (view offsets)."""

    name: str
    start: int
    end: int
    suffix: str
    rule: str = "programs.quoted-name"
    confidence: float = 0.8


def _ends_with(text: str, suffixes: tuple[str, ...]) -> str | None:
    """The longest of `suffixes` that `text` ends with (one C-level test first: most texts end in none)."""
    if not text.endswith(suffixes):
        return None
    return next(s for s in longest_first(suffixes) if text.endswith(s))


def _tail(text: str, suffixes: tuple[str, ...], blockers: tuple[str, ...]) -> tuple[str, str] | None:
    """The modifier + kind word right after a closing quote (产业脱贫模式), if the kind word ends it.

    A modifier holding a blocker (人员, 群众, 的, 和 …) shows the quote names people or a phrase, not a
    program: “三留守”人员帮扶活动, “五位一体”和党的建设.
    """
    text = text.lstrip(" \u3000")
    run = _PLAIN_TAIL.match(text[:MAX_TAIL]).group()
    for cut in range(len(run), 0, -1):
        suffix = _ends_with(run[:cut], suffixes) if run.endswith(suffixes, 0, cut) else None
        if suffix:
            tail = run[:cut]
            tail = tail[1:] if tail.startswith("等") else tail
            modifier = tail[: -len(suffix)]
            return None if any(b in modifier for b in blockers) else (tail, suffix)
    return None


def find_programs(text: str, lex: Lexicon) -> list[ProgramMention]:
    """Program mentions in a sentence (offsets relative to `text`), in order. Most sentences quote
    nothing, and only unquoted names can be found in them."""
    quotes = list(_QUOTE.finditer(text))
    if not quotes:
        return sorted(_unquoted(text, lex, []), key=_START)
    mentions: list[ProgramMention] = []
    pending: list[re.Match[str]] = []
    used: set[int] = set()
    blockers = lex.program_tail_blockers
    for index, match in enumerate(quotes):
        inner = match.group(1).strip()
        if _skip(inner, lex):
            used.add(match.start())
            pending = []
            continue
        inner_suffix = _ends_with(inner, lex.program_inner_suffixes)
        suffixes = lex.program_suffixes + (lex.program_formula_suffixes if _FORMULA.match(inner) else ())
        tail = _tail(text[match.end() :], suffixes, lex.program_tail_blockers)
        if tail and text[match.end() :].startswith("等") and len(inner) <= MAX_NAME:
            mentions.extend(_examples([*pending, match], tail, match.end()))
            used.update(m.start() for m in (*pending, match))
            pending = []
        elif inner_suffix and len(inner) <= MAX_INNER and not (tail and tail[0] == tail[1]):
            mentions.append(ProgramMention(inner, match.start(), match.end(), inner_suffix))
            used.add(match.start())
            pending = []
        elif tail and len(inner) <= MAX_NAME and "，" not in inner:
            name, suffix = inner + tail[0], tail[1]
            end = match.end() + text[match.end() :].find(tail[0]) + len(tail[0])
            mentions.extend(
                ProgramMention(p.group(1).strip() + suffix, p.start(), p.end(), suffix) for p in pending
            )
            mentions.append(ProgramMention(name, match.start(), end, suffix))
            used.update(m.start() for m in (*pending, match))
            pending = []
        elif index + 1 < len(quotes) and _linked(text[match.end() : quotes[index + 1].start()]):
            pending.append(match)
        else:
            pending = []
    for quote in quotes:
        if quote.start() in used:
            continue
        after = text[quote.end() :]
        blocked = _tail(after, lex.program_suffixes, ()) and not _tail(after, lex.program_suffixes, blockers)
        mentions.extend(_bare(quote, bool(blocked)) or _listed(quote, after, lex))
    taken = [(q.start(), q.end()) for q in quotes] + [(m.start, m.end) for m in mentions]
    mentions.extend(_unquoted(text, lex, taken))
    return sorted(mentions, key=_START)


def _bare(match: re.Match[str], blocked: bool) -> list[ProgramMention]:
    """A quoted name with no kind word that is a program by its shape: a numbered name (“五新同步”,
    “两包三到”, “四个围绕、四个确保”) or a chain of partners (“公司+合作社+农户”), each chain of a list.

    A list that is not all chains (“党员、网格员、技术安全员+中心户长”) enumerates people, not models;
    a numbered name before a blocked tail (“十星级”文明农户创建) names a category of people.
    """
    inner = match.group(1).strip()
    items = [i.strip() for i in re.split(r"[、,，]", inner)]
    if all(_CHAIN.match(i) for i in items):
        names = [re.sub(r"\s*([+＋])\s*", r"\1", i) for i in items]
    elif not blocked and len(inner) >= MIN_BARE and all(_NUMBERED_NAME.match(i) for i in items):
        names = [inner]
    else:
        names = []
    rule = "programs.partner-chain" if names and _CHAIN.match(names[0]) else "programs.numbered-name"
    return [ProgramMention(n, match.start(), match.end(), "", rule, 0.7) for n in names]


def _listed(match: re.Match[str], after: str, lex: Lexicon) -> list[ProgramMention]:
    """A quoted item of a list that a kind word closes: “村村过、户户查”、整村搬迁、“三自一带”…8项总攻行动
    or “双组长”、责任双签…等工作制度 — the quoted items are the programs the list names."""
    inner = match.group(1).strip()
    if len(inner) > MAX_NAME or "，" in inner or not _list_pattern(lex).match(after[:MAX_LIST]):
        return []
    return [ProgramMention(inner, match.start(), match.end(), "", "programs.listed-example", 0.7)]


@lru_cache(maxsize=8)
def _list_pattern_for(suffixes: tuple[str, ...], collective: str) -> re.Pattern[str]:
    kinds = "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True)) or "(?!)"
    item = r"[、\s]*[\u4e00-\u9fff]{0,6}“[^“”]{1,16}”[\u4e00-\u9fff]{0,4}|、[\u4e00-\u9fff]{1,10}?"
    close = rf"等[\u4e00-\u9fff]{{0,6}}?(?:{kinds})|等?(?:{collective})"
    return re.compile(rf"(?:{item})*?[、\s]*(?:{close})(?![\u4e00-\u9fff])")


def _list_pattern(lex: Lexicon) -> re.Pattern[str]:
    collective = _collective_pattern(lex.program_collective_suffixes).pattern
    return _list_pattern_for(lex.program_suffixes, collective)


def _unquoted(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[ProgramMention]:
    """Numbered collectives (九大扶贫工程, 八大工程二十一项行动) and numeric formulas with a kind word
    (4433改革路径) written without quotation marks, outside every quote and every mention found.
    Each ends in a kind word (a collective's or a program's), which most sentences hold none of: one
    search tells them."""
    if _any_kind(lex.program_suffixes, lex.program_collective_suffixes).search(text) is None:
        return []
    found = []
    for pattern, suffixes in (
        (_collective_pattern(lex.program_collective_suffixes), lex.program_collective_suffixes),
        (_FORMULA_RUN, lex.program_suffixes),
    ):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            if pattern is _FORMULA_RUN:
                after = text[match.end() :]
                if _is_quantity(match.group(), after, lex):
                    continue
                tail = _tail(after, suffixes, lex.program_tail_blockers)
                if not tail or not after.startswith(tail[0]):
                    continue
                name, suffix = match.group() + tail[0], tail[1]
            else:
                name, suffix = match.group(), _ends_with(match.group(), suffixes) or ""
            if not _skip(name, lex):
                end = match.start() + len(name)
                found.append(ProgramMention(name, match.start(), end, suffix, "programs.unquoted-name", 0.7))
    return found


@lru_cache(maxsize=4)
def _any_kind(suffixes: tuple[str, ...], collective: tuple[str, ...]) -> re.Pattern[str]:
    """Any program or collective kind word."""
    return any_of(tuple(sorted({*suffixes, *collective})))


@lru_cache(maxsize=8)
def _collective_pattern(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """One or two numbered collectives in a row: 五大举措, 八大工程二十一项行动.

    Arabic counts take only 大, 项 or 场, since 3个项目 counts things rather than naming a collective.
    """
    kinds = "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True)) or "(?!)"
    count = "(?:[两二三四五六七八九十][一两二三四五六七八九十]{0,2}(?:大|项|个|场|条)|\\d{1,2}(?:大|项|场))"
    # The first count, not inside a larger number: the look-behind follows its first character so
    # that the regex engine can skip ahead to a numeral (one leading the pattern made it try each one).
    numeral, before = "两二三四五六七八九十", "一两二三四五六七八九十百千万\\d."
    first = (
        f"(?:[{numeral}](?<![{before}][{numeral}])[一两二三四五六七八九十]{{0,2}}(?:大|项|个|场|条)"
        f"|\\d(?<![{before}]\\d)\\d?(?:大|项|场))"
    )
    kind = f"[\u4e00-\u9fff]{{0,4}}?(?:{kinds})"
    return re.compile(f"{first}{kind}(?:{count}{kind})?")


def _is_quantity(digits: str, after: str, lex: Lexicon) -> bool:
    """Digits that are a year, or an amount with a multiplier or unit (300万元建设), are no formula."""
    year = len(digits) == 4 and digits.isdigit() and MIN_YEAR <= int(digits) <= MAX_YEAR
    return year or after[:1] in _MULTIPLIERS or any(after[:n] in lex.units for n in (1, 2, 3))


def _examples(items: list[re.Match[str]], tail: tuple[str, str], after: int) -> list[ProgramMention]:
    """“A”、“B”等八大产业扶贫模式: A and B are programs by their own names; the collective after 等 is
    one too when it is numbered (八大…), not a bare category such as 等工作制度."""
    found = [ProgramMention(m.group(1).strip(), m.start(), m.end(), tail[1]) for m in items]
    name, suffix = tail
    if _NUMBERED.match(name):
        found.append(ProgramMention(name, after + 1, after + 1 + len(name), suffix))
    return found


def _skip(inner: str, lex: Lexicon) -> bool:
    """National frameworks, common words and long slogans are not program names."""
    bare = inner.strip()
    return (
        not bare
        or bare in lex.frameworks
        or bare in lex.not_programs
        or len(bare) > MAX_INNER
        or _SLOGAN_MARK.search(bare) is not None
    )


def _linked(between: str) -> bool:
    """Two quotes belong to one coordination: only 、/和/及 and a short plain modifier lie between them."""
    return (
        len(between) <= MAX_LINK
        and (between == "" or between[0] in "、和及与")
        and not re.search(r"[，。；]", between)
    )


def _parts(name: str, suffix: str, later: list[str]) -> tuple[str, ...]:
    """For 四大工程: the next four programs of the same kind, when the report lists them."""
    match = _NUMBERED.match(name)
    if not match:
        return ()
    digits = match.group(1)
    count = _CN_DIGITS.get(digits) if len(digits) == 1 else None
    if not count:
        return ()
    same_kind = [n for n in later if n.endswith(suffix) and n != name]
    return tuple(same_kind[:count]) if len(same_kind) >= count else ()


def _place_models(ctx: ReportContext) -> list[tuple[ProgramMention, TextSpan]]:
    """The subject county's own name with a model word (郧阳模式): a named model of the county."""
    found = []
    for place in ctx.places:
        after = ctx.view.text[place.end : place.end + 4]
        suffix = next((s for s in ctx.lexicon.place_model_suffixes if after.startswith(s)), None)
        if not suffix or ctx.county not in place.codes:
            continue
        sentence = ctx.sentence_at(place.start)
        if sentence is not None:
            start, name = place.start - sentence.start, place.surface + suffix
            found.append(
                (
                    ProgramMention(name, start, start + len(name), suffix, "programs.place-model", 0.7),
                    sentence,
                )
            )
    return found


def extract_programs(ctx: ReportContext) -> list[ProgramFact]:
    """ProgramFacts with the measures their sentence names and, for numbered programs, their parts
    (county None when the report has no subject county and the sentence names no place)."""
    found: list[tuple[ProgramMention, TextSpan]] = []
    text = ctx.view.text
    for sentence in ctx.sentences:
        # A search that stops at the sentence's first opener, rather than a list of every opener of
        # the report (digits are many) to bisect.
        if _OPENERS.search(text, sentence.start, sentence.end) is None:
            continue  # nothing can open a program name here (see _OPENERS)
        for mention in find_programs(sentence.text, ctx.lexicon):
            clause = next(
                (c for c in ctx.clauses(sentence) if c.start <= sentence.start + mention.start < c.end),
                sentence,
            )
            if not ctx.about_elsewhere(sentence, clause):
                found.append((mention, sentence))
    found.extend(_place_models(ctx))
    found.sort(key=lambda f: (f[1].start, f[0].start))
    facts = []
    for i, (mention, sentence) in enumerate(found):
        later = _names_within(found, i + 1, sentence.start + PARTS_WINDOW)
        confidence = mention.confidence * ctx.county_confidence
        facts.append(
            ProgramFact(
                name=mention.name,
                county_code=ctx.county,
                evidence=ctx.evidence(sentence, mention.rule, confidence),
                measures=measures_in(ctx, sentence),
                parts=_parts(mention.name, mention.suffix, later),
            )
        )
    return facts


def _names_within(found: list[tuple[ProgramMention, TextSpan]], first: int, limit: int) -> list[str]:
    """Names of the programs from `found[first]` on whose sentence starts before `limit`: `found` is in
    text order, so the scan stops at the first one past it instead of reading every later program
    (which made a long report quadratic in its programs)."""
    names = []
    at = first
    while at < len(found) and found[at][1].start < limit:
        names.append(found[at][0].name)
        at += 1
    return names
