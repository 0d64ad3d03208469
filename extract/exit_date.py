"""The county's exit date: a sentence naming an approval (批准, 同意) of the exit (退出贫困县, 摘帽) with
a full date, 今年 resolved against the report's year, or a report stating the exit itself on a full date.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from fupin.extract.context import ReportContext
from fupin.extract.dates import DateMention, find_dates
from fupin.extract.facts import ExitFact
from fupin.extract.lexicon import longest_first
from fupin.extract.places import higher_in, names_subject, others_in
from fupin.extract.scan import any_of
from fupin.extract.sentences import TextSpan

_GROUP = re.compile(r"(\d+|[两二三四五六七八九十]+)(?:个|批)?[\u4e00-\u9fff]{0,5}?[县旗]|上述")
GROUP_WINDOW = 3
MAX_ISSUER = 24


def extract_exit(ctx: ReportContext) -> list[ExitFact]:
    """The exit date: an approval of the exit (批准, 公告, 正式退出) concerning the subject, or a report
    stating the exit itself on a full date (2018年2月23日，某县退出贫困县); the first one found."""
    exits = any_of(ctx.lexicon.exit_cues)
    if ctx.county is None or exits.search(ctx.view.text) is None:
        return []  # each sentence is a piece of the view: none holds a cue the view does not
    approvals = any_of(ctx.lexicon.approval_cues)
    published: list[DateMention | None] = []
    for index, sentence in enumerate(ctx.sentences):
        text = sentence.text
        if exits.search(text) is None:
            continue
        rule = "report.exit-approval"
        if approvals.search(text) is not None:
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


def _stated_exit(ctx: ReportContext, sentence: TextSpan) -> tuple[datetime.date, float] | None:
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


def _only_subject_and_adverbs(ctx: ReportContext, sentence: TextSpan, start: int, end: int) -> bool:
    between = sentence.text[start:end]
    for place in ctx.places:
        if sentence.start + start <= place.start < sentence.start + end:
            if ctx.county not in place.codes:
                return False
            between = between.replace(place.surface, "")
    between = _without_selves_and_adverbs(between, ctx.lexicon.self_reference, ctx.lexicon.exit_adverbs)
    return re.fullmatch(r"[\s,，]*", between) is not None


def _without_selves_and_adverbs(
    text: str, self_reference: tuple[str, ...], exit_adverbs: tuple[str, ...]
) -> str:
    """`text` less the subject's self-references (我县, 该区) and the exit adverbs, longest first."""
    selves, adverbs = _selves_and_adverbs(self_reference, exit_adverbs)
    text = selves.sub("", text)
    for word in adverbs:
        text = text.replace(word, "")
    return text


@lru_cache(maxsize=4)
def _selves_and_adverbs(
    self_reference: tuple[str, ...], exit_adverbs: tuple[str, ...]
) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The pattern of the subject's self-references (我县, 该区) and the exit adverbs longest first,
    made once per word list rather than on each date read before an exit cue."""
    selves = "|".join(map(re.escape, self_reference)) or "(?!)"
    return re.compile(rf"(?:{selves})[县区旗市]"), longest_first(exit_adverbs)
