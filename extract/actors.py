"""Actors: enterprises and cooperatives taking part, and named officials with their posts.

Enterprise names end in a legal or organisational suffix (公司, 集团有限公司, 合作社 …); their left edge is
found with jieba's part-of-speech tags (a verb such as 依托 or 运用 is not part of a name) and a name must
carry something of its own — a place prefix or a distinctive word — so that generic phrases such as
村扶贫开发公司 or 保险公司 are not taken for names. Officials are read as TITLE + NAME (区委书记谭海华,
区长 胡先平), the name confirmed by jieba's person tag or a surname list.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from fupin.extract.context import ReportContext
from fupin.extract.facts import EnterpriseFact, PositionFact
from fupin.extract.gazetteer import Gazetteer
from fupin.extract.measures import measures_in
from fupin.extract.segmenter import posseg

_CJK = r"[\u4e00-\u9fff]"
_SHARE = re.compile(r"持股(\d+(?:\.\d+)?)[%％]")
_NAME_TAGS = ("nr",)
_MAX_NAME = 18
_BOUNDARY = re.compile(r"[，,；;。、：:“”\"《》（）()\s\d和及与+＋]")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易"
    "乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和"
    "仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)


def _candidate_names(text: str, suffixes: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of stretches ending in an enterprise suffix, cut at the nearest boundary to the left.

    A stretch inside a longer one is dropped: 温氏食品集团 is part of 温氏食品集团股份有限公司.
    """
    found = []
    pattern = re.compile("(?:" + "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True)) + ")")
    for match in pattern.finditer(text):
        left = match.start()
        while left > 0 and match.end() - left < _MAX_NAME and not _BOUNDARY.match(text[left - 1]):
            left -= 1
        found.append((left, match.end()))
    return [(a, b) for a, b in found if not any(a2 <= a and b < b2 and a2 < b for a2, b2 in found)]


def _trim_left(name: str, roles: tuple[str, ...]) -> tuple[str, str | None]:
    """Cut verbs, prepositions and role words off the front of a candidate name; return (name, role)."""
    role = None
    for r in sorted(roles, key=len, reverse=True):
        at = name.rfind(r)
        if at >= 0 and at + len(r) < len(name) - 2:
            role, name = r, name[at + len(r) :]
            break
    words = list(posseg.cut(name))
    while words and (
        words[0].flag[:1] in ("v", "p", "d", "c", "u", "r", "m", "q", "f")
        or (words[0].flag in ("a", "ad") and len(words) > 1 and words[1].flag.startswith("v"))
    ):
        words.pop(0)
    return "".join(w.word for w in words), role


def _is_name(name: str, role: str | None, ctx: ReportContext) -> bool:
    """Whether a candidate names one organisation rather than a kind of organisation.

    It needs something of its own (two characters beyond generic words such as 扶贫开发, 专业, 家庭)
    and a sign that it is proper: a place opening it (湖北…, 竹山县…), a legal form (…有限公司, …集团),
    or a role word introducing it (依托, 引进). 社区工厂, 信用合作社 and 保险公司 have none.
    """
    core = name
    for suffix in sorted(ctx.lexicon.enterprise_suffixes, key=len, reverse=True):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    if any(core.startswith(p) and len(core) > len(p) for p in _place_prefixes(ctx)):
        return True
    for word in sorted(ctx.lexicon.generic_org_words, key=len, reverse=True):
        core = core.replace(word, "")
    if len(core) < 2:
        return False
    return role is not None or name.endswith(ctx.lexicon.legal_forms)


def _place_prefixes(ctx: ReportContext) -> tuple[str, ...]:
    """Division names and short names, which open many company names (湖北…, 浙江…, 竹山县…)."""
    return _region_names(ctx.gazetteer)


@lru_cache(maxsize=4)
def _region_names(gazetteer: Gazetteer) -> tuple[str, ...]:
    forms = gazetteer.surface_forms("all")
    return tuple(sorted({surface for surface, _code in forms if len(surface) >= 2}, key=len, reverse=True))


def extract_enterprises(ctx: ReportContext) -> list[EnterpriseFact]:
    """Named enterprises and cooperatives, with role, share and the measures of their sentence."""
    if ctx.county is None:
        return []
    facts = []
    for sentence in ctx.sentences:
        for start, end in _candidate_names(sentence.text, ctx.lexicon.enterprise_suffixes):
            raw = sentence.text[start:end]
            name, role = _trim_left(raw, ctx.lexicon.enterprise_roles)
            role = role or _role_before(sentence.text[: end - len(name)], ctx.lexicon.enterprise_roles)
            share = _SHARE.match(sentence.text[end : end + 12])
            if not name or not _is_name(name, role or ("持股" if share else None), ctx):
                continue
            name_start = sentence.start + end - len(name)
            clause = next((c for c in ctx.clauses(sentence) if c.start <= name_start < c.end), sentence)
            if ctx.about_elsewhere(sentence, clause):
                continue
            facts.append(
                EnterpriseFact(
                    name=name,
                    county_code=ctx.county,
                    evidence=ctx.evidence(sentence, "actors.enterprise-suffix", 0.85 * ctx.county_confidence),
                    role=role or ("持股" if share else None),
                    share_percent=Decimal(share.group(1)) if share else None,
                    measures=measures_in(ctx, sentence),
                )
            )
    return facts


def _role_before(text: str, roles: tuple[str, ...]) -> str | None:
    """A role word just before the name (依托 X, 引进 X, 由 X 持股)."""
    tail = text[-4:]
    return next((r for r in sorted(roles, key=len, reverse=True) if tail.endswith(r)), None)


def _title_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    """TITLE(、[place]TITLE)* NAME: joined posts may name their place (市委常委、镇雄县委书记)."""
    alternatives = "|".join(sorted(map(re.escape, titles), key=len, reverse=True))
    joined = f"(?:[、和兼]{_CJK}{{0,4}}?(?:{alternatives}))*"
    return re.compile(f"((?:{alternatives}){joined})[\\s　]*({_CJK}{{2,4}})")


def _person_name(candidate: str, followers: tuple[str, ...]) -> str | None:
    """The person name opening `candidate`: a surname and one or two given characters, then a word that
    follows names (在, 说, 强调, 主持 … — the ontology's name followers) or the end of the text.

    When both a two- and a three-character name fit (曹健在调研), a third character that is itself a
    follower (在) ends the name; otherwise the longer one is taken (罗平伟在调研). jieba's person tag
    decides when no surname fits.
    """
    fits = [
        candidate[:length] for length in (3, 2)
        if len(candidate) >= length and candidate[0] in _SURNAMES
        and all("\u4e00" <= ch <= "\u9fff" for ch in candidate[:length])
        and _ends_name(candidate[length:], followers)
    ]  # fmt: skip
    if len(fits) == 2 and candidate[2] in followers:
        return fits[1]
    if fits:
        return fits[0]
    words = list(posseg.cut(candidate))
    if words and words[0].flag in _NAME_TAGS and 2 <= len(words[0].word) <= 3:
        return words[0].word
    return None


def _ends_name(rest: str, followers: tuple[str, ...]) -> bool:
    return not rest or not ("\u4e00" <= rest[0] <= "\u9fff") or rest.startswith(followers)


def extract_officials(ctx: ReportContext) -> list[PositionFact]:
    """Officials named with their posts; the post is kept as written (区委副书记、区长)."""
    if ctx.county is None:
        return []
    pattern = _title_pattern(ctx.lexicon.official_titles)
    facts = []
    for sentence in ctx.sentences:
        for match in pattern.finditer(sentence.text):
            name = _person_name(
                sentence.text[match.start(2) : match.start(2) + 9], ctx.lexicon.name_followers
            )
            if name is None:
                continue
            title = match.group(1)
            clause = next(
                (c for c in ctx.clauses(sentence) if c.start <= sentence.start + match.start() < c.end),
                sentence,
            )
            name_at = sentence.start + match.start(2)
            if ctx.about_elsewhere(sentence, clause, ignore=(name_at, name_at + len(name))):
                continue
            evidence = ctx.evidence(sentence, "actors.title-name", 0.85 * ctx.county_confidence)
            facts.append(PositionFact(person=name, title=title, county_code=ctx.county, evidence=evidence))
    return facts
