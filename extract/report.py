"""What a report says of itself and of its county's status: title, author line, date, exit approval.

Titles and bylines stand on short lines before the body. A headline is recognised by what follows it
(a ——subtitle, a publication-date line) or by the byline after it; photo captions and masthead lines
(主办, 承办, web addresses) are passed over. The exit approval is a sentence naming an approval
(批准, 同意) of the exit (退出贫困县, 摘帽) with a full date, 今年 resolved against the report's year.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from fupin.extract.context import ReportContext
from fupin.extract.dates import DateMention, find_dates
from fupin.extract.facts import Evidence, ExitFact, PlaceFact
from fupin.extract.places import higher_in, names_subject, others_in, townships_in
from fupin.extract.sentences import Span, iter_lines

HEAD_LINES = 14
MAX_TITLE = 32
_MASTHEAD = re.compile(r"^(主办|承办|来源|编辑|责任编辑|www\.|http|T\d|\||第.{1,4}版)")
_BYLINE = re.compile(r"^(?:组稿|撰文|作者|文|本报记者|记者|本报通讯员|通讯员|特约记者|执笔)[:：\s]*(.+)$")
_DATE_LINE = re.compile(r"^[(（]?\s*(发布时间|发布日期|时间|日期)")
_GROUP = re.compile(r"(\d+|[两二三四五六七八九十]+)(?:个|批)?[\u4e00-\u9fff]{0,5}?[县旗]|上述")
GROUP_WINDOW = 3
MAX_ISSUER = 24
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
    """The exit date: an approval of the exit (批准, 公告, 正式退出) concerning the subject, or a report
    stating the exit itself on a full date (2018年2月23日，某县退出贫困县); the first one found."""
    if ctx.county is None:
        return []
    published: list[DateMention | None] = []
    for index, sentence in enumerate(ctx.sentences):
        text = sentence.text
        if not any(c in text for c in ctx.lexicon.exit_cues):
            continue
        rule = "report.exit-approval"
        if any(a in text for a in ctx.lexicon.approval_cues):
            concern = _concerns_subject(ctx, index)
            dated = _approval_date(ctx, index, published) if concern else None
        else:
            concern, dated, rule = 1.0, _stated_exit(ctx, sentence), "report.exit-statement"
        if dated is not None:
            day, confidence = dated
            evidence = ctx.evidence(sentence, rule, confidence * concern * ctx.county_confidence)
            return [ExitFact(ctx.county, day, evidence)]
    return []


def _concerns_subject(ctx: ReportContext, index: int) -> float:
    """How surely an approval sentence concerns the subject (0 when it does not).

    A sentence about the subject alone concerns it. A province approving several counties at once
    (泾源县等22个县, 固原5县, 全省最后8个贫困县) concerns the subject when it names the subject among
    them, names the subject's prefecture as the group, or a sentence close by places the subject in a
    group of that size (…的8个贫困县之一); a province-wide count alone does not (全省31个贫困县已全部摘帽).
    """
    sentence = ctx.sentences[index]
    if not ctx.about_elsewhere(sentence, sentence):
        return 1.0
    group = _GROUP.search(sentence.text)
    if group is None:
        return 0.0
    if names_subject(sentence, ctx.places, ctx.county):
        return 0.9
    prefecture = ctx.gazetteer.prefecture(ctx.county)
    alone = not others_in(sentence, ctx.places, ctx.county)
    if prefecture and alone and any(prefecture.code in m.codes for m in higher_in(sentence, ctx.places)):
        return 0.8
    member = re.compile(rf"(?<![\d两二三四五六七八九十]){re.escape(group.group(1))}个[^，,。；]*之一")
    near = ctx.sentences[max(0, index - GROUP_WINDOW) : index + GROUP_WINDOW + 1]
    if any(member.search(s.text) and names_subject(s, ctx.places, ctx.county) for s in near):
        return 0.85
    return 0.0


def _approval_date(
    ctx: ReportContext, index: int, published: list[DateMention | None]
) -> tuple[datetime.date, float] | None:
    """The date of an approval: a full date in its sentence (the one nearest the approval word), else a
    day and month in the year of the page's publication date (not after it), else the date line that
    closes an approval notice (…同意上述县退出贫困县。⏎四川省人民政府⏎2020年2月18日)."""
    text = ctx.sentences[index].text
    mentions = find_dates(text, ctx.base_year)
    approval_at = min(text.find(a) for a in ctx.lexicon.approval_cues if a in text)
    dated = [d for d in mentions if d.date is not None]
    if dated:
        best = min(dated, key=lambda d: abs(d.start - approval_at))
        return best.date, 0.9 if not best.relative else 0.75
    if not published:
        published.append(ctx.published)
    page = published[0].date if published[0] else None
    for mention in sorted(mentions, key=lambda d: abs(d.start - approval_at)):
        if page and mention.year is None and mention.month and mention.day:
            day = _in_year(page.year, mention.month, mention.day)
            if day and day <= page:
                return day, 0.75
    return _closing_date(ctx, index)


def _in_year(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _closing_date(ctx: ReportContext, index: int) -> tuple[datetime.date, float] | None:
    """A line holding only a full date right after the sentence (an issuer's line may stand between)."""
    for following in ctx.sentences[index + 1 : index + 3]:
        if len(following.text) > MAX_ISSUER:
            return None
        mentions = find_dates(following.text)
        if mentions and mentions[0].date and mentions[0].surface == following.text.strip():
            return mentions[0].date, 0.8
    return None


def _stated_exit(ctx: ReportContext, sentence: Span) -> tuple[datetime.date, float] | None:
    """A full date followed by the exit cue with only the subject's name, 我县/该县 or adverbs (顺利,
    一举 …) between them: the report states the exit as an event of that day (到…/确保… aim at it)."""
    text = sentence.text
    aims = (*ctx.lexicon.target_cues, "到")
    for mention in find_dates(text):
        if mention.date is None or text[max(0, mention.start - 4) : mention.start].endswith(aims):
            continue
        rest = text[mention.end :]
        cue = min((rest.find(c) for c in ctx.lexicon.exit_cues if c in rest), default=-1)
        if cue >= 0 and _only_subject_and_adverbs(ctx, sentence, mention.end, mention.end + cue):
            return mention.date, 0.8
    return None


def _only_subject_and_adverbs(ctx: ReportContext, sentence: Span, start: int, end: int) -> bool:
    between = sentence.text[start:end]
    for place in ctx.places:
        if sentence.start + start <= place.start < sentence.start + end:
            if ctx.county not in place.codes:
                return False
            between = between.replace(place.surface, "")
    selves = "|".join(map(re.escape, ctx.lexicon.self_reference)) or "(?!)"
    between = re.sub(rf"(?:{selves})[县区旗市]", "", between)
    for word in sorted(ctx.lexicon.exit_adverbs, key=len, reverse=True):
        between = between.replace(word, "")
    return re.fullmatch(r"[\s,，]*", between) is not None


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
