"""What a report says of itself and of its county's status: title, author line, date, exit approval.

Titles and bylines stand on short lines before the body. A headline is recognised by what follows it
(a ——subtitle, a publication-date line) or by the byline after it; photo captions and masthead lines
(主办, 承办, web addresses) are passed over. The exit approval is a sentence naming an approval
(批准, 同意) of the exit (退出贫困县, 摘帽) with a full date, 今年 resolved against the report's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fupin.extract.context import ReportContext
from fupin.extract.dates import find_dates
from fupin.extract.facts import Evidence, ExitFact, PlaceFact
from fupin.extract.places import townships_in
from fupin.extract.sentences import Span, iter_lines

HEAD_LINES = 14
MAX_TITLE = 32
_MASTHEAD = re.compile(r"^(主办|承办|来源|编辑|责任编辑|www\.|http|T\d|\||第.{1,4}版)")
_BYLINE = re.compile(r"^(?:组稿|撰文|作者|文|本报记者|记者|本报通讯员|通讯员|特约记者|执笔)[:：\s]*(.+)$")
_DATE_LINE = re.compile(r"^[(（]?\s*(发布时间|发布日期|时间|日期)")
_VILLAGE = re.compile(r"([\u4e00-\u9fff]{2,3})村")
_VILLAGE_LIST = re.compile(r"[（(]([\u4e00-\u9fff]{2,3}村(?:[、,，][\u4e00-\u9fff]{2,3}村)+)[)）]")


@dataclass(frozen=True)
class Heading:
    """The report's own title and author line, each with the span it was read from."""

    title: Span | None
    author: Span | None


def _is_byline(line: str, ctx: ReportContext) -> bool:
    """An author line: 撰文:…, 记者…, or an office and post ending in a person's name (…区长 胡先平)."""
    if _BYLINE.match(line):
        return True
    titles = "|".join(sorted(map(re.escape, ctx.lexicon.official_titles), key=len, reverse=True))
    return (
        len(line) <= MAX_TITLE
        and re.search(f"(?:{titles})[\\s\u3000]*[\u4e00-\u9fff]{{2,3}}$", line) is not None
    )


def _is_caption(line: str) -> bool:
    return "在" in line and any(w in line for w in ("调研", "检查", "慰问", "走访", "察看", "落实", "看望"))


def read_heading(ctx: ReportContext) -> Heading:
    """Title and author line from the report's head."""
    lines = []
    for span in iter_lines(ctx.view.text):
        if len(span.text) > 60 and "。" in span.text:
            break
        lines.append(span)
        if len(lines) >= HEAD_LINES:
            break
    author = next((s for s in lines if _is_byline(s.text, ctx) and not _is_caption(s.text)), None)
    if author is None:
        author = next((s for s in iter_lines(ctx.view.text) if _BYLINE.match(s.text)), None)
    candidates = [
        (i, s)
        for i, s in enumerate(lines)
        if len(s.text) <= MAX_TITLE
        and not _MASTHEAD.match(s.text)
        and not _DATE_LINE.match(s.text)
        and not s.text.startswith("——")
        and not _is_byline(s.text, ctx)
        and not _is_caption(s.text)
        and "。" not in s.text
    ]
    return Heading(title=_pick_title(candidates, lines, author), author=author)


def _pick_title(candidates: list[tuple[int, Span]], lines: list[Span], author: Span | None) -> Span | None:
    def followed_by(i: int, test) -> bool:
        return i + 1 < len(lines) and test(lines[i + 1].text)

    for test in (
        lambda t: t.startswith("——"),
        lambda t: bool(_DATE_LINE.match(t)),
        lambda t: author is not None and t == author.text,
    ):
        for i, span in candidates:
            if followed_by(i, test):
                return span
    return candidates[0][1] if candidates else None


def extract_exit(ctx: ReportContext) -> list[ExitFact]:
    """The exit approval date: an approval of the exit, with a full date, in a sentence about the subject."""
    if ctx.county is None:
        return []
    facts = []
    for sentence in ctx.sentences:
        text = sentence.text
        if not any(c in text for c in ctx.lexicon.exit_cues) or not any(
            a in text for a in ctx.lexicon.approval_cues
        ):
            continue
        if ctx.about_elsewhere(sentence, sentence):
            continue
        dated = [d for d in find_dates(text, ctx.base_year) if d.date is not None]
        if not dated:
            continue
        approval_at = min(text.find(a) for a in ctx.lexicon.approval_cues if a in text)
        best = min(dated, key=lambda d: abs(d.start - approval_at))
        confidence = (0.9 if not best.relative else 0.75) * ctx.county_confidence
        facts.append(
            ExitFact(ctx.county, best.date, ctx.evidence(sentence, "report.exit-approval", confidence))
        )
    return facts[:1]


def extract_places(ctx: ReportContext) -> list[PlaceFact]:
    """Townships the gazetteer files under the county, and villages named after them or in lists."""
    if ctx.county is None:
        return []
    known = ctx.gazetteer.townships(ctx.county)
    facts = []
    for sentence in ctx.sentences:
        evidence: Evidence | None = None
        ends = []
        for _start, end, name in townships_in(sentence.text, known):
            evidence = evidence or ctx.evidence(sentence, "places.gazetteer-township", 0.9)
            facts.append(PlaceFact(name, "township", ctx.county, evidence))
            ends.append(end)
        for name in _villages(sentence.text, ends):
            evidence = evidence or ctx.evidence(sentence, "places.village-name", 0.7)
            facts.append(PlaceFact(name, "village", ctx.county, evidence))
    return facts


def _villages(text: str, township_ends: list[int]) -> list[str]:
    """Village names right after a township name (双溪桥镇杨堡村) or in a parenthesised list."""
    names = []
    for end in township_ends:
        match = _VILLAGE.match(text, end)
        if match:
            names.append(match.group())
    for match in _VILLAGE_LIST.finditer(text):
        names.extend(re.split(r"[、,，]", match.group(1)))
    return names
