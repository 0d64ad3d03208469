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

from fupin.extract.context import ReportContext
from fupin.extract.facts import ProgramFact
from fupin.extract.lexicon import Lexicon
from fupin.extract.measures import measures_in
from fupin.extract.sentences import Span

_QUOTE = re.compile(r"[“「『\"]([^“”「」『』\"\n]{1,30})[”」』\"]")
MAX_NAME = 16
MAX_TAIL = 10
MAX_LINK = 10
_PLAIN_TAIL = re.compile(r"^[\u4e00-\u9fff]*")
_NUMBERED = re.compile(r"^([两二三四五六七八九十]+)(?:大|个|项|条)")
_CN_DIGITS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
PARTS_WINDOW = 1500


@dataclass(frozen=True)
class ProgramMention:
    """A program name as found: `start`/`end` cover the quotes and the kind word (view offsets)."""

    name: str
    start: int
    end: int
    suffix: str


def _ends_with(text: str, suffixes: tuple[str, ...]) -> str | None:
    return next((s for s in sorted(suffixes, key=len, reverse=True) if text.endswith(s)), None)


def _tail(text: str, suffixes: tuple[str, ...], blockers: tuple[str, ...]) -> tuple[str, str] | None:
    """The modifier + kind word right after a closing quote (产业脱贫模式), if the kind word ends it.

    A modifier holding a blocker (人员, 群众, 的, 和 …) shows the quote names people or a phrase, not a
    program: “三留守”人员帮扶活动, “五位一体”和党的建设.
    """
    run = _PLAIN_TAIL.match(text[:MAX_TAIL]).group()
    for cut in range(len(run), 0, -1):
        suffix = _ends_with(run[:cut], suffixes)
        if suffix:
            tail = run[:cut]
            tail = tail[1:] if tail.startswith("等") else tail
            modifier = tail[: -len(suffix)]
            return None if any(b in modifier for b in blockers) else (tail, suffix)
    return None


def find_programs(text: str, lex: Lexicon) -> list[ProgramMention]:
    """Program mentions in a sentence (offsets relative to `text`), in order."""
    quotes = list(_QUOTE.finditer(text))
    mentions: list[ProgramMention] = []
    pending: list[re.Match[str]] = []
    for index, match in enumerate(quotes):
        inner = match.group(1).strip()
        if _skip(inner, lex):
            pending = []
            continue
        inner_suffix = _ends_with(inner, lex.program_inner_suffixes)
        tail = _tail(text[match.end() :], lex.program_suffixes, lex.program_tail_blockers)
        if tail and text[match.end() :].startswith("等") and len(inner) <= MAX_NAME:
            mentions.extend(_examples([*pending, match], tail, match.end()))
            pending = []
        elif inner_suffix and len(inner) <= MAX_NAME + 4 and not (tail and tail[0] == tail[1]):
            mentions.append(ProgramMention(inner, match.start(), match.end(), inner_suffix))
            pending = []
        elif tail and len(inner) <= MAX_NAME and "，" not in inner:
            name, suffix = inner + tail[0], tail[1]
            end = match.end() + text[match.end() :].find(tail[0]) + len(tail[0])
            mentions.extend(
                ProgramMention(p.group(1).strip() + suffix, p.start(), p.end(), suffix) for p in pending
            )
            mentions.append(ProgramMention(name, match.start(), end, suffix))
            pending = []
        elif index + 1 < len(quotes) and _linked(text[match.end() : quotes[index + 1].start()]):
            pending.append(match)
        else:
            pending = []
    return mentions


def _examples(items: list[re.Match[str]], tail: tuple[str, str], after: int) -> list[ProgramMention]:
    """“A”、“B”等八大产业扶贫模式: A and B are programs by their own names; the collective name after 等
    is one too when it says more than the bare kind word."""
    found = [ProgramMention(m.group(1).strip(), m.start(), m.end(), tail[1]) for m in items]
    name, suffix = tail
    if name != suffix:
        found.append(ProgramMention(name, after + 1, after + 1 + len(name), suffix))
    return found


def _skip(inner: str, lex: Lexicon) -> bool:
    """National frameworks, common words and long slogans are not program names."""
    bare = inner.strip()
    return (
        not bare
        or bare in lex.frameworks
        or bare in lex.not_programs
        or len(bare) > MAX_NAME + 4
        or any(p in bare for p in "，。；！？")
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


def extract_programs(ctx: ReportContext) -> list[ProgramFact]:
    """ProgramFacts with the measures their sentence names and, for numbered programs, their parts."""
    if ctx.county is None:
        return []
    found: list[tuple[ProgramMention, Span]] = []
    for sentence in ctx.sentences:
        for mention in find_programs(sentence.text, ctx.lexicon):
            clause = next(
                (c for c in ctx.clauses(sentence) if c.start <= sentence.start + mention.start < c.end),
                sentence,
            )
            if not ctx.about_elsewhere(sentence, clause):
                found.append((mention, sentence))
    facts = []
    for i, (mention, sentence) in enumerate(found):
        later = _names_within(found, i + 1, sentence.start + PARTS_WINDOW)
        facts.append(
            ProgramFact(
                name=mention.name,
                county_code=ctx.county,
                evidence=ctx.evidence(sentence, "programs.quoted-name", 0.8 * ctx.county_confidence),
                measures=measures_in(ctx, sentence),
                parts=_parts(mention.name, mention.suffix, later),
            )
        )
    return facts


def _names_within(found: list[tuple[ProgramMention, Span]], first: int, limit: int) -> list[str]:
    """Names of the programs from `found[first]` on whose sentence starts before `limit`: `found` is in
    text order, so the scan stops at the first one past it instead of reading every later program
    (which made a long report quadratic in its programs)."""
    names = []
    at = first
    while at < len(found) and found[at][1].start < limit:
        names.append(found[at][0].name)
        at += 1
    return names
