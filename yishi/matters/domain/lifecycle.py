"""The status machine of a matter, from proposal through the "five-people" steps to closing.

The main path: proposed → triaged → deliberating → outcome_reviewed → deciding → implementing →
evaluating → closed, where deciding is skipped when the outcome needs no vote, and evaluating
ends in closed or reopened. Beside it: big matters go triaged → referred → replied → evaluating;
direct answers go triaged → answered_directly; declined ones triaged → declined; a new matter may
be merged into a similar one; urgent matters may go triaged → implementing at once (seed 004:
"紧急事项要立即组织协商,确保群众诉求及时解决"). Closed, declined and directly answered matters
can be reopened, and a reopened matter is triaged again or resumes its class's path.
"""

from enum import StrEnum

from yishi.matters.domain.errors import ErrorCode, MatterDomainError, Message
from yishi.matters.domain.triage import DELIBERATED_CLASSES, TriageClass


class MatterStatus(StrEnum):
    """Where a matter stands."""

    PROPOSED = "proposed"
    TRIAGED = "triaged"
    DELIBERATING = "deliberating"
    OUTCOME_REVIEWED = "outcome_reviewed"
    DECIDING = "deciding"
    IMPLEMENTING = "implementing"
    EVALUATING = "evaluating"
    CLOSED = "closed"
    REOPENED = "reopened"
    DECLINED = "declined"
    ANSWERED_DIRECTLY = "answered_directly"
    REFERRED = "referred"
    REPLIED = "replied"
    MERGED = "merged"

    @property
    def label(self) -> Message:
        """The status's name in both languages."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[MatterStatus, Message] = {
    MatterStatus.PROPOSED: Message(zh_hans="已提出", en="proposed"),
    MatterStatus.TRIAGED: Message(zh_hans="已分流", en="triaged"),
    MatterStatus.DELIBERATING: Message(zh_hans="协商中", en="deliberating"),
    MatterStatus.OUTCOME_REVIEWED: Message(zh_hans="协商成果已审核", en="outcome reviewed"),
    MatterStatus.DECIDING: Message(zh_hans="表决中", en="deciding"),
    MatterStatus.IMPLEMENTING: Message(zh_hans="实施中", en="implementing"),
    MatterStatus.EVALUATING: Message(zh_hans="评议中", en="evaluating"),
    MatterStatus.CLOSED: Message(zh_hans="已办结", en="closed"),
    MatterStatus.REOPENED: Message(zh_hans="已重新办理", en="reopened"),
    MatterStatus.DECLINED: Message(zh_hans="不予受理", en="declined"),
    MatterStatus.ANSWERED_DIRECTLY: Message(zh_hans="已直接答复", en="answered directly"),
    MatterStatus.REFERRED: Message(zh_hans="已转街道办理", en="referred to the street"),
    MatterStatus.REPLIED: Message(zh_hans="街道已答复", en="street replied"),
    MatterStatus.MERGED: Message(zh_hans="已合并", en="merged"),
}

# Statuses in which nothing is pending; they may still be reopened (see the table below).
FINISHED_STATUSES: frozenset[MatterStatus] = frozenset(
    {MatterStatus.CLOSED, MatterStatus.DECLINED, MatterStatus.ANSWERED_DIRECTLY, MatterStatus.MERGED}
)
# Statuses of matters still open: the ones offered as "similar open matters" when a new one is raised.
OPEN_STATUSES: frozenset[MatterStatus] = frozenset(MatterStatus) - FINISHED_STATUSES

_S = MatterStatus

# Where a triaged or reopened matter may go next, by its class.
_START_BY_CLASS: dict[TriageClass, frozenset[MatterStatus]] = {
    TriageClass.BIG: frozenset({_S.REFERRED}),
    TriageClass.SMALL: frozenset({_S.DELIBERATING}),
    TriageClass.MICRO: frozenset({_S.DELIBERATING}),
    TriageClass.URGENT: frozenset({_S.DELIBERATING, _S.IMPLEMENTING}),
    TriageClass.DIRECT_ANSWER: frozenset({_S.ANSWERED_DIRECTLY}),
    TriageClass.DECLINED: frozenset({_S.DECLINED}),
}

# Transitions that do not depend on the triage class.
_FIXED: dict[MatterStatus, frozenset[MatterStatus]] = {
    # A new matter is triaged, or merged into a similar one (its proposer is kept informed there).
    _S.PROPOSED: frozenset({_S.TRIAGED, _S.MERGED}),
    _S.DELIBERATING: frozenset({_S.OUTCOME_REVIEWED}),
    # The party organisation's review may send the outcome back; an outcome that needs no vote goes
    # straight to implementation; one that agrees to do nothing is published and closed.
    _S.OUTCOME_REVIEWED: frozenset({_S.DELIBERATING, _S.DECIDING, _S.IMPLEMENTING, _S.CLOSED}),
    # A motion that passes is implemented; one that fails goes back to deliberation or is closed.
    _S.DECIDING: frozenset({_S.IMPLEMENTING, _S.DELIBERATING, _S.CLOSED}),
    _S.IMPLEMENTING: frozenset({_S.EVALUATING}),
    # "服务谁、谁评价": the satisfaction survey closes the matter or reopens it.
    _S.EVALUATING: frozenset({_S.CLOSED, _S.REOPENED}),
    _S.REFERRED: frozenset({_S.REPLIED}),
    # Seed 004: residents evaluate what the street and departments carried out, too.
    _S.REPLIED: frozenset({_S.EVALUATING}),
    # A finished matter can be reopened when residents show it is not settled; merged ones cannot,
    # the matter they were merged into carries on.
    _S.CLOSED: frozenset({_S.REOPENED}),
    _S.DECLINED: frozenset({_S.REOPENED}),
    _S.ANSWERED_DIRECTLY: frozenset({_S.REOPENED}),
    _S.MERGED: frozenset(),
}


def allowed_transitions(*, status: MatterStatus, triage_class: TriageClass | None) -> frozenset[MatterStatus]:
    """The statuses a matter may move to next; raises if the status needs a triage class and has none."""
    if status not in (_S.TRIAGED, _S.REOPENED):
        return _FIXED[status]
    if triage_class is None:
        raise MatterDomainError(
            code=ErrorCode.LIFECYCLE_TRIAGE_CLASS_REQUIRED,
            zh_hans=f"“{status.label.zh_hans}”状态的议题必须有分流类别。",
            en=f"A matter that is {status.label.en} must have a triage class.",
        )
    if status is _S.TRIAGED:
        return _START_BY_CLASS[triage_class]
    # A reopened matter may be triaged again (its class may change) or resume its class's path: a big
    # matter goes back to the street, a deliberated one to deliberation or, when the agreed plan
    # stands and only the work fell short, straight back to implementation. Answering or declining
    # it again needs a fresh triage.
    if triage_class is TriageClass.BIG:
        return frozenset({_S.TRIAGED, _S.REFERRED})
    if triage_class in DELIBERATED_CLASSES:
        return frozenset({_S.TRIAGED, _S.DELIBERATING, _S.IMPLEMENTING})
    return frozenset({_S.TRIAGED})


def check_transition(
    *, from_status: MatterStatus, to_status: MatterStatus, triage_class: TriageClass | None = None
) -> None:
    """Raise MatterDomainError unless the matter may move from one status to the other."""
    if to_status in allowed_transitions(status=from_status, triage_class=triage_class):
        return
    raise MatterDomainError(
        code=ErrorCode.LIFECYCLE_TRANSITION_NOT_ALLOWED,
        zh_hans=f"议题不能从“{from_status.label.zh_hans}”转为“{to_status.label.zh_hans}”。",
        en=f"A matter cannot go from {from_status.label.en} to {to_status.label.en}.",
    )


# A matter is triaged when it is new, or again after residents reopened it; any other triage would
# overwrite the joint meeting's decision, which only a re-classification with a reason may change.
TRIAGEABLE_STATUSES: frozenset[MatterStatus] = frozenset({_S.PROPOSED, _S.REOPENED})

# While a matter is in one of these statuses the responsible body owes residents its response
# (a deliberation, the street's reply): the service-level clock runs and reminders go out.
AWAITING_RESPONSE_STATUSES: frozenset[MatterStatus] = frozenset({_S.TRIAGED, _S.REFERRED, _S.DELIBERATING})

# A class may be corrected while no body has yet produced a result under it: before deliberation
# starts, while the street has not replied, or after a decline or direct answer that residents
# contest. Once deliberation or a reply exists, the matter is reopened and triaged again instead.
RECLASSIFIABLE_STATUSES: frozenset[MatterStatus] = frozenset(
    {_S.TRIAGED, _S.REFERRED, _S.DECLINED, _S.ANSWERED_DIRECTLY}
)


def check_triage(*, status: MatterStatus) -> None:
    """Raise MatterDomainError unless a matter in `status` may be triaged now."""
    if status in TRIAGEABLE_STATUSES:
        return
    raise MatterDomainError(
        code=ErrorCode.LIFECYCLE_ALREADY_TRIAGED,
        zh_hans=f"该议题已分流(“{status.label.zh_hans}”),不能再次分流;如需改变类别,请说明理由重新分类。",
        en=f"This matter was already triaged ({status.label.en}); to change its class, re-classify it with a reason.",
    )


def check_reclassification(*, status: MatterStatus) -> None:
    """Raise MatterDomainError unless a matter in `status` may have its triage class corrected."""
    if status in RECLASSIFIABLE_STATUSES:
        return
    raise MatterDomainError(
        code=ErrorCode.LIFECYCLE_RECLASSIFICATION_NOT_ALLOWED,
        zh_hans=f"“{status.label.zh_hans}”状态的议题不能重新分类。",
        en=f"A matter that is {status.label.en} cannot be re-classified.",
    )


def status_after_triage(*, triage_class: TriageClass) -> MatterStatus:
    """Where the triage itself leaves a matter: big ones go on to the street, answers and declines finish."""
    return {
        TriageClass.BIG: _S.REFERRED,
        TriageClass.DIRECT_ANSWER: _S.ANSWERED_DIRECTLY,
        TriageClass.DECLINED: _S.DECLINED,
    }.get(triage_class, _S.TRIAGED)
