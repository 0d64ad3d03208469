"""Typed fact records: the only output of `fupin.extract` and the only input of `fupin.graph`.

Every record carries its `Evidence`, so that the graph writer never has to go back to the text and
a reader can check any fact against the document: ``text[start:end] == quote``. Records are frozen
and hashable so that duplicates collapse and output order can be made stable by sorting.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Literal, TypeVar

Status = Literal["achieved", "target"]
_R = TypeVar("_R", bound=type)


def filled_directly(cls: _R) -> _R:
    """`cls`, a frozen dataclass, with an __init__ that stores each field in the instance's __dict__.

    A frozen dataclass's own __init__ sets each field through object.__setattr__ (its __setattr__
    refuses): a slot-wrapper call that builds a bound wrapper and an argument tuple, ~1,500 machine
    instructions a field, where a store into the __dict__ costs a tenth of that; a report makes
    thousands of records (a figure, an Evidence and an observation per figure). The new __init__
    takes the same parameters with the same defaults and fills the same __dict__ in the same order,
    so equality, hash, order, repr and pickles are the dataclass's own, and the instance stays
    frozen: its __setattr__ still refuses. A slotted dataclass (no __dict__) is filled through each
    slot's own setter, about half the cost of object.__setattr__ with the name looked up. Only for
    plain fields (no default_factory, no __post_init__), as a dataclass's __init__ would otherwise do
    more."""
    own = fields(cls)
    if hasattr(cls, "__post_init__") or not cls.__dataclass_params__.frozen:
        raise TypeError(f"{cls.__name__}: filled_directly is for plain frozen dataclasses")
    if any(f.default_factory is not MISSING or not f.init or f.kw_only for f in own):
        raise TypeError(f"{cls.__name__}: filled_directly takes plain fields only")
    defaults = {f"_default_{f.name}": f.default for f in own if f.default is not MISSING}
    params = "".join(f", {f.name}" if f.default is MISSING else f", {f.name}=_default_{f.name}" for f in own)
    namespace = dict(defaults)
    if "__slots__" in cls.__dict__:
        namespace.update({f"_set_{f.name}": getattr(cls, f.name).__set__ for f in own})
        body = "".join(f"\n    _set_{f.name}(self, {f.name})" for f in own) or "\n    pass"
    else:
        body = "\n    values = self.__dict__" + "".join(f"\n    values[{f.name!r}] = {f.name}" for f in own)
    exec(f"def __init__(self{params}):{body}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init
    return cls


@filled_directly
@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact was read: offsets index the decoded document text (Python string indices).

    `figure_start`/`figure_end` locate the figure itself inside the quote's span (same text, so
    ``text[figure_start:figure_end]`` is the figure as written), for an observation.
    """

    source: str
    start: int
    end: int
    quote: str
    rule: str
    confidence: float = 1.0
    figure_start: int | None = None
    figure_end: int | None = None


@filled_directly
@dataclass(frozen=True)
class Document:
    """A decoded report: `text` is what every offset in its facts refers to."""

    source: str
    text: str
    sha256: str = ""
    encoding: str = "utf-8"
    format: str = "txt"
    notes: tuple[str, ...] = ()  # repairs made while reading (damaged bytes replaced), one line each


@filled_directly
@dataclass(frozen=True, order=True)
class ReportFact:
    """The report itself: which county it is about, and what it says of itself.

    `subject_rule` and `subject_reason` say how the subject county was chosen, or why none was
    (subject.none, subject.region): a report without a subject is kept and says so."""

    source: str
    county_code: str | None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    sha256: str = ""
    evidence: tuple[Evidence, ...] = ()
    subject_rule: str | None = None
    subject_reason: str | None = None


@filled_directly
@dataclass(frozen=True, order=True)
class InterventionFact:
    """A county's use of a measure: `measure` is a top (contract) notation, `detail` a narrower one."""

    county_code: str | None
    measure: str
    evidence: Evidence
    partners: tuple[str, ...] = ()
    detail: str | None = None


@filled_directly
@dataclass(frozen=True, order=True)
class ObservationFact:
    """One figure for an indicator, in base units (16.3万人 -> 163000 person)."""

    county_code: str | None
    indicator: str
    value: Decimal
    unit: str
    evidence: Evidence
    status: Status = "achieved"
    approximate: bool = False
    period_start: int | None = None
    period_end: int | None = None
    target_year: int | None = None
    place: str | None = None


@filled_directly
@dataclass(frozen=True, order=True)
class EnterpriseFact:
    """A company, group or cooperative named as taking part, with its role (依托, 引进, 持股 …)."""

    name: str
    county_code: str | None
    evidence: Evidence
    role: str | None = None
    share_percent: Decimal | None = None
    measures: tuple[str, ...] = ()


@filled_directly
@dataclass(frozen=True, order=True)
class ProgramFact:
    """A named local program, campaign, model or working method (“四大工程”, 雨露计划 …)."""

    name: str
    county_code: str | None
    evidence: Evidence
    measures: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()


@filled_directly
@dataclass(frozen=True, order=True)
class PositionFact:
    """A named official holding a post, as written (“区委副书记、区长”)."""

    person: str
    title: str
    county_code: str
    evidence: Evidence


@filled_directly
@dataclass(frozen=True, order=True)
class ExitFact:
    """The date the province approved the county's exit from the poverty-county list."""

    county_code: str
    exit_date: date
    evidence: Evidence


@filled_directly
@dataclass(frozen=True, order=True)
class PlaceFact:
    """A township or village named in the report, part of a county."""

    name: str
    kind: Literal["township", "village"]
    county_code: str
    evidence: Evidence


Fact = InterventionFact | ObservationFact | EnterpriseFact | ProgramFact | PositionFact | ExitFact | PlaceFact


@dataclass
class DocumentFacts:
    """Everything read from one document: the report record and its facts."""

    report: ReportFact
    facts: list[Fact] = field(default_factory=list)

    def of_type(self, kind: type) -> list:
        """The facts of one record type, in document order."""
        return [f for f in self.facts if isinstance(f, kind)]
