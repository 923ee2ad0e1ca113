"""Committee elections (居委会 / 村委会), their rolls, candidates, secret ballots, recalls and annual reviews.

The secret ballot (村组法第十五条, CW-12) shapes three tables. `RegisterMark` says that a voter took part in a
round, on which channel and on which day, never at what time. `Ballot` and `BallotMark` hold the choices with
no voter, no timestamp and random keys; at the close of voting they are mixed (re-inserted in random order
with fresh keys). Teller batches hold only counts.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yishi.audit.models import Channel


class CommitteeKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents' committee")
    VILLAGERS = "villagers", _("Villagers' committee")


class ProfileChoice(models.TextChoices):
    NATIONAL = "national", _("National (Villagers' Committees Organic Law)")
    BEIJING = "beijing", _("Beijing")
    SHANGHAI = "shanghai", _("Shanghai")
    ZHEJIANG = "zhejiang", _("Zhejiang")
    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee (by analogy, unconfirmed)")


class ThresholdChoice(models.TextChoices):
    """Thresholds an election may set where its profile's rule is unconfirmed or local (configurable)."""

    MORE_THAN_HALF = "more_than_half", _("More than half")
    TWO_THIRDS_OR_MORE = "two_thirds_or_more", _("Two thirds or more")
    ONE_THIRD_OR_MORE = "one_third_or_more", _("One third or more")


class Post(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("election", "Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    WOMEN_MEMBER = "women_member", _("Women's member")


class Phase(models.TextChoices):
    PLANNING = "planning", _("Planning and registration")
    ROLL_PUBLISHED = "roll_published", _("Voter roll published")
    CANDIDATES_PUBLISHED = "candidates_published", _("Candidate list published")
    ANNOUNCED = "announced", _("Result announced")


class DistrictProfile(models.Model):
    """The election rule profile a district (区/县) applies unless an election chooses another."""

    district = models.OneToOneField(
        "places.Place", verbose_name=_("district"), on_delete=models.PROTECT, related_name="election_profile"
    )
    profile = models.CharField(_("village election profile"), max_length=30, choices=ProfileChoice.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("district election profile")
        verbose_name_plural = _("district election profiles")

    def __str__(self) -> str:
        return f"{self.district} · {self.get_profile_display()}"


class Election(models.Model):
    """One general election (换届选举) of a community's committee, with its timetable and rules."""

    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="elections"
    )
    kind = models.CharField(_("committee"), max_length=20, choices=CommitteeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    profile = models.CharField(
        _("rule profile (blank: the district's)"), max_length=30, choices=ProfileChoice.choices, blank=True
    )
    turnout_rule = models.CharField(
        _("turnout threshold (blank: the profile's)"), max_length=30, choices=ThresholdChoice.choices, blank=True
    )
    winning_rule = models.CharField(
        _("winning threshold (blank: the profile's)"), max_length=30, choices=ThresholdChoice.choices, blank=True
    )
    proxy_cap = models.PositiveSmallIntegerField(
        _("proxies one person may hold (blank: the profile's)"), null=True, blank=True
    )
    multi_ethnic = models.BooleanField(_("several ethnic groups live here"), default=False)
    registration_opens_on = models.DateField(_("registration opens on"))
    election_day = models.DateField(_("election day"))
    term_years = models.PositiveSmallIntegerField(_("term in years"), default=5)
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices, default=Phase.PLANNING)
    eligible_count = models.PositiveIntegerField(_("residents with the right to vote"), null=True, blank=True)
    roll_published_on = models.DateField(_("roll published on"), null=True, blank=True)
    roll_notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=pgettext_lazy("election", "roll notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    candidates_published_on = models.DateField(_("candidate list published on"), null=True, blank=True)
    candidate_notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("candidate list notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proxies_published_on = models.DateField(_("proxy lists published on"), null=True, blank=True)
    proxy_notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("proxy list notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    announced_on = models.DateField(_("result announced on"), null=True, blank=True)
    result_notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("result notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-election_day", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registration_opens_on__lte=models.F("election_day")),
                name="election_registration_before_day",
            ),
            models.CheckConstraint(condition=models.Q(term_years__gte=1), name="election_term_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("elections:detail", args=[self.pk])

    @property
    def is_village(self) -> bool:
        return self.kind == CommitteeKind.VILLAGERS


class SeatPlan(models.Model):
    """How many seats one post has in an election."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="seat_plans"
    )
    post = models.CharField(pgettext_lazy("election", "post"), max_length=20, choices=Post.choices)
    seats = models.PositiveSmallIntegerField(pgettext_lazy("election", "seats"))

    class Meta:
        verbose_name = _("seats of a post")
        verbose_name_plural = _("seats of posts")
        ordering = ["election_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "post"], name="seatplan_unique_post"),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="seatplan_seats_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} × {self.seats}"


class CommitteeMember(models.Model):
    """A member of the election committee (村民选举委员会 / 居民选举委员会), CW-2."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="committee_members"
    )
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    is_chair = models.BooleanField(_("chairs the committee"), default=False)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("election committee member")
        verbose_name_plural = _("election committee members")
        ordering = ["-is_chair", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="committee_member_unique")]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class RegistrationCategory(models.TextChoices):
    HUKOU_AND_RESIDENT = "hukou_and_resident", _("Household registered here and living here")
    HUKOU_AWAY = "hukou_away", _("Household registered here, living elsewhere, asked to vote")
    NON_HUKOU_RESIDENT = "non_hukou_resident", _("Living here without household registration")


class AssemblyBody(models.TextChoices):
    VILLAGERS_ASSEMBLY = "villagers_assembly", _("Villagers' assembly")
    REPRESENTATIVES = "representatives", _("Representatives' assembly")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    REMOVED = "removed", _("Removed from the roll")


class VoterRegistration(models.Model):
    """A person on an election's roll (登记参加选举的村民/居民), with the category and its evidence."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="voter_registrations"
    )
    category = models.CharField(
        pgettext_lazy("election", "category"), max_length=30, choices=RegistrationCategory.choices
    )
    expressed_wish = models.BooleanField(_("asked to vote here"), default=False)
    applied = models.BooleanField(_("applied to vote here"), default=False)
    # CW-4 (c): the 村民会议 or 村民代表会议 agreed; the decision is recorded with its date and reference.
    approval_body = models.CharField(
        pgettext_lazy("election", "approved by"), max_length=30, choices=AssemblyBody.choices, blank=True
    )
    approval_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_reference = models.CharField(_("approval reference (minutes)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    registered_on = models.DateField(_("registered on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("reason for removal"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ASSISTED)

    class Meta:
        verbose_name = _("voter registration")
        verbose_name_plural = _("voter registrations")
        ordering = ["election_id", "person__name", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="registration_unique_person")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.election_id}"

    @property
    def is_registered(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED


class RegistrationDay(models.Model):
    """One day of an election period on which a person is registered (CW-4: never on two rolls at once).

    A registration claims every day from registration opening to election day; the unique constraint
    makes the database itself refuse a second registration of the same kind on an overlapping period.
    """

    registration = models.ForeignKey(
        VoterRegistration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="days"
    )
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("committee"), max_length=20, choices=CommitteeKind.choices)
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("registered day")
        verbose_name_plural = _("registered days")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "day"], name="registration_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.day}"


class ObjectionKind(models.TextChoices):
    OMITTED = "omitted", _("Someone is missing from the roll")
    WRONGLY_LISTED = "wrongly_listed", _("Someone should not be on the roll")
    DETAILS = "details", _("The details on the roll are wrong")


class ObjectionDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


class RollObjection(models.Model):
    """A complaint about the published roll (CW-5): lodged within 5 days, decided within 3."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="objections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ObjectionKind.choices)
    subject = models.ForeignKey(
        "people.Person", verbose_name=_("about"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lodged_by = models.ForeignKey(
        "people.Person", verbose_name=_("lodged by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grounds = models.TextField(_("grounds"))
    lodged_on = models.DateField(_("lodged on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    decision = models.CharField(
        pgettext_lazy("election", "decision"),
        max_length=20,
        choices=ObjectionDecision.choices,
        default=ObjectionDecision.PENDING,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_in_time = models.BooleanField(_("decided within the period"), null=True, blank=True)
    decision_notice = models.ForeignKey(
        "disclosure.Notice",
        verbose_name=_("decision notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("roll objection")
        verbose_name_plural = _("roll objections")
        ordering = ["-lodged_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class CandidateStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("election", "Declined")


class Candidate(models.Model):
    """A person nominated for a post (CW-6). One post per person per election."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="candidates"
    )
    post = models.CharField(pgettext_lazy("election", "post"), max_length=20, choices=Post.choices)
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.NOMINATED
    )
    statement = models.TextField(_("plans for the office"), blank=True)
    nominated_on = models.DateField(_("nominated on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    ballot_order = models.PositiveSmallIntegerField(_("order on the ballot"), default=0)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election_id", "ballot_order", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="candidate_one_post_per_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_post_display()}"


class Nomination(models.Model):
    """A registered voter who nominated a candidate (直接提名, CW-6)."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="nominations"
    )
    nominator = models.ForeignKey(
        VoterRegistration, verbose_name=_("nominator"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominated_on = models.DateField(_("nominated on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [models.UniqueConstraint(fields=["candidate", "nominator"], name="nomination_unique")]

    def __str__(self) -> str:
        return f"{self.nominator_id} → {self.candidate_id}"


class CandidateMeeting(models.Model):
    """A meeting of the candidates with the voters (CW-6: 组织候选人与村民见面)."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("held on"))
    location = models.CharField(_("location"), max_length=200)
    attendees = models.PositiveIntegerField(_("voters attending"))
    notes = models.TextField(_("questions and answers"), blank=True)

    class Meta:
        verbose_name = _("candidates' meeting with voters")
        verbose_name_plural = _("candidates' meetings with voters")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.location}"


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other")


class Proxy(models.Model):
    """A written proxy (委托投票, CW-13): an absent voter lets a close relative vote for them."""

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="proxies")
    grantor = models.ForeignKey(
        VoterRegistration, verbose_name=_("absent voter"), on_delete=models.PROTECT, related_name="proxies_given"
    )
    holder = models.ForeignKey(
        VoterRegistration, verbose_name=_("proxy holder"), on_delete=models.PROTECT, related_name="proxies_held"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    written_reference = models.CharField(_("written authorisation (reference)"), max_length=200)
    arranged_on = models.DateField(_("arranged on"))
    # CW-13: the election committee publishes the lists of those giving and holding proxies.
    listed_on = models.DateField(_("published in the proxy lists on"), null=True, blank=True)
    is_revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["election_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "grantor"], condition=models.Q(is_revoked=False), name="proxy_one_per_grantor"
            ),
            models.CheckConstraint(condition=~models.Q(grantor=models.F("holder")), name="proxy_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.holder}"


class RoundKind(models.TextChoices):
    FIRST = "first", pgettext_lazy("election", "Vote")
    REVOTE = "revote", _("Re-vote among tied candidates")
    RUNOFF = "runoff", _("Run-off (另行选举)")
    RECALL = "recall", _("Recall vote")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Closed and mixed")
    COUNTED = "counted", _("Counted")


class Round(models.Model):
    """One round of voting on the roll of an election: the vote, a re-vote, a run-off or a recall vote."""

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(pgettext_lazy("election", "number"))
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    voting_day = models.DateField(_("voting day"))
    recall = models.ForeignKey(
        "RecallRequest",
        verbose_name=_("recall"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    registered = models.PositiveIntegerField(_("registered voters"), default=0)
    voters = models.PositiveIntegerField(_("voters"), null=True, blank=True)
    ballots_in_box = models.PositiveIntegerField(_("ballots in the boxes"), null=True, blank=True)
    blank_ballots = models.PositiveIntegerField(_("blank ballots"), null=True, blank=True)
    spoiled_ballots = models.PositiveIntegerField(_("spoiled ballots"), null=True, blank=True)
    is_valid = models.BooleanField(_("valid"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    counted_on = models.DateField(_("counted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("round of voting")
        verbose_name_plural = _("rounds of voting")
        ordering = ["election_id", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="round_unique_number")]

    def __str__(self) -> str:
        return f"{self.election} · {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class RoundSeat(models.Model):
    """Seats a round fills for one post; a recall round has one question instead."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="seats")
    post = models.CharField(pgettext_lazy("election", "post"), max_length=20)
    seats = models.PositiveSmallIntegerField(pgettext_lazy("election", "seats"))

    class Meta:
        verbose_name = _("seats in a round")
        verbose_name_plural = _("seats in rounds")
        ordering = ["round_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "post"], name="roundseat_unique_post")]

    def __str__(self) -> str:
        return f"{self.post} × {self.seats}"


class OptionKind(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    APPROVE = "approve", _("Approve the recall")
    REJECT = "reject", _("Reject the recall")


class RoundOption(models.Model):
    """What a ballot of a round may mark: a candidate for a post, or approve/reject in a recall."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="options")
    post = models.CharField(pgettext_lazy("election", "post"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=OptionKind.choices, default=OptionKind.CANDIDATE)
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), null=True, blank=True, on_delete=models.PROTECT, related_name="options"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    votes = models.PositiveIntegerField(pgettext_lazy("election", "votes"), null=True, blank=True)
    is_elected = models.BooleanField(_("elected"), default=False)

    class Meta:
        verbose_name = _("ballot option")
        verbose_name_plural = _("ballot options")
        ordering = ["round_id", "order", "id"]

    def __str__(self) -> str:
        if self.candidate is not None:
            return str(self.candidate.person)
        return str(self.get_kind_display())


class VotingChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    STATION = "station", _("Polling station")
    MOBILE_BOX = "mobile_box", _("Mobile ballot box")


class MobileBox(models.Model):
    """A mobile ballot box (流动票箱, CW-14) with its monitors; the voters it served are on the register."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="mobile_boxes")
    name = models.CharField(pgettext_lazy("election", "name"), max_length=100)
    township_approved = models.BooleanField(_("approved by the township"), default=False)
    voter_list_published = models.BooleanField(_("list of voters served published"), default=False)

    class Meta:
        verbose_name = _("mobile ballot box")
        verbose_name_plural = _("mobile ballot boxes")
        ordering = ["round_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="mobilebox_unique_name")]

    def __str__(self) -> str:
        return self.name


class MobileBoxMonitor(models.Model):
    """A vote monitor (监票人) who accompanied a mobile box."""

    box = models.ForeignKey(MobileBox, verbose_name=_("box"), on_delete=models.CASCADE, related_name="monitors")
    person = models.ForeignKey("people.Person", verbose_name=_("monitor"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("mobile box monitor")
        verbose_name_plural = _("mobile box monitors")
        constraints = [models.UniqueConstraint(fields=["box", "person"], name="mobilebox_monitor_unique")]

    def __str__(self) -> str:
        return str(self.person)


class RegisterMark(models.Model):
    """The register: this voter took part in this round, on this channel and day. Nothing more.

    One mark per voter per round, across every channel, enforced by the unique constraint. There is no
    time of day and no link to a ballot: the choices are in `Ballot`, which knows no voter.
    """

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="register_marks")
    registration = models.ForeignKey(
        VoterRegistration, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="register_marks"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=VotingChannel.choices)
    voted_on = models.DateField(_("voted on"))
    by_proxy = models.BooleanField(_("by proxy"), default=False)
    mobile_box = models.ForeignKey(
        MobileBox, verbose_name=_("mobile box"), null=True, blank=True, on_delete=models.PROTECT, related_name="served"
    )

    class Meta:
        verbose_name = _("register mark")
        verbose_name_plural = _("register marks")
        constraints = [
            models.UniqueConstraint(fields=["round", "registration"], name="register_one_mark_per_voter"),
            models.CheckConstraint(
                condition=models.Q(mobile_box__isnull=True) | models.Q(channel="mobile_box"),
                name="register_box_only_for_mobile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.round_id}"


class Ballot(models.Model):
    """One online ballot in the box: a random key and receipt, no voter, no time. Mixed at the close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(_("receipt code"), max_length=20)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        # Lists read ballots by receipt, never by insertion order.
        ordering = ["receipt"]
        constraints = [models.UniqueConstraint(fields=["round", "receipt"], name="ballot_unique_receipt")]

    def __str__(self) -> str:
        return self.receipt


class BallotMark(models.Model):
    """One option marked on a ballot; random key, mixed together with the ballots."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="marks")
    option = models.ForeignKey(RoundOption, verbose_name=_("option"), on_delete=models.PROTECT, related_name="marks")

    class Meta:
        verbose_name = _("ballot mark")
        verbose_name_plural = _("ballot marks")
        constraints = [models.UniqueConstraint(fields=["ballot", "option"], name="ballotmark_unique_option")]

    def __str__(self) -> str:
        return f"{self.option_id}"


class TellerBatch(models.Model):
    """Paper ballots of one box counted by the tellers: totals only, checked to add up."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="batches")
    label = models.CharField(_("ballot box"), max_length=100)
    mobile_box = models.OneToOneField(
        MobileBox, verbose_name=_("mobile box"), null=True, blank=True, on_delete=models.PROTECT, related_name="batch"
    )
    ballots_in_box = models.PositiveIntegerField(_("ballots in the box"))
    blank = models.PositiveIntegerField(_("blank ballots"))
    spoiled = models.PositiveIntegerField(_("spoiled ballots"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_on = models.DateField(_("entered on"))

    class Meta:
        verbose_name = _("teller batch")
        verbose_name_plural = _("teller batches")
        ordering = ["round_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "label"], name="batch_unique_label")]

    def __str__(self) -> str:
        return self.label


class BatchCount(models.Model):
    """Votes one option received in a batch."""

    batch = models.ForeignKey(TellerBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="counts")
    option = models.ForeignKey(
        RoundOption, verbose_name=_("option"), on_delete=models.PROTECT, related_name="batch_counts"
    )
    votes = models.PositiveIntegerField(pgettext_lazy("election", "votes"))

    class Meta:
        verbose_name = _("batch count")
        verbose_name_plural = _("batch counts")
        constraints = [models.UniqueConstraint(fields=["batch", "option"], name="batchcount_unique_option")]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.votes}"


class EndReason(models.TextChoices):
    TERM = "term", _("Term ended")
    RECALLED = "recalled", _("Recalled")
    REVIEW = "review", _("Rated unfit twice in a row (CW-28)")
    RESIGNED = "resigned", _("Resigned")


class Mandate(models.Model):
    """A seat on the committee won in an election or a by-election, until the term ends or office ends early."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="mandates"
    )
    person = models.ForeignKey("people.Person", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    post = models.CharField(pgettext_lazy("election", "post"), max_length=20, choices=Post.choices)
    starts_on = models.DateField(pgettext_lazy("election", "starts on"))
    term_ends_on = models.DateField(_("term ends on"))
    ended_on = models.DateField(_("office ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why office ended"), max_length=20, choices=EndReason.choices, blank=True)
    is_flagged_unfit = models.BooleanField(_("rated unfit twice in a row"), default=False)
    role_assignment = models.ForeignKey(
        "people.RoleAssignment",
        verbose_name=_("role"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_election = models.ForeignKey(
        "ByElection",
        verbose_name=_("by-election"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
    )

    class Meta:
        verbose_name = _("committee mandate")
        verbose_name_plural = _("committee mandates")
        ordering = ["election_id", "id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_post_display()}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class RecallStatus(models.TextChoices):
    COLLECTING = "collecting", _("Collecting signatures")
    STARTED = "started", _("Recall started; vote to be held")
    RECALLED = "recalled", _("Member recalled")
    KEPT = "kept", _("Recall failed; member stays")


class RecallRequest(models.Model):
    """A request to recall a committee member (罢免, CW-15) with its reasons, signers and the member's reply."""

    mandate = models.ForeignKey(Mandate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="recalls")
    reasons = models.TextField(_("reasons"))
    lodged_on = models.DateField(_("lodged on"))
    status = models.CharField(_("status"), max_length=20, choices=RecallStatus.choices, default=RecallStatus.COLLECTING)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    response = models.TextField(_("the member's response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recall request")
        verbose_name_plural = _("recall requests")
        ordering = ["-lodged_on", "-id"]

    def __str__(self) -> str:
        return f"{self.mandate} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("elections:recall", args=[self.pk])


class RecallSigner(models.Model):
    """A voter or representative who signed a recall request."""

    request = models.ForeignKey(
        RecallRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="signers"
    )
    person = models.ForeignKey("people.Person", verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+")
    as_representative = models.BooleanField(_("signed as a representative"), default=False)
    signed_on = models.DateField(_("signed on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)

    class Meta:
        verbose_name = _("recall signer")
        verbose_name_plural = _("recall signers")
        constraints = [models.UniqueConstraint(fields=["request", "person"], name="recall_signer_unique")]

    def __str__(self) -> str:
        return str(self.person)


class ByElectionBody(models.TextChoices):
    VILLAGERS_ASSEMBLY = "villagers_assembly", _("Villagers' assembly")
    VILLAGER_REPRESENTATIVES = "villager_representatives", _("Villager representatives' assembly")
    RESIDENTS_ASSEMBLY = "residents_assembly", _("Residents' assembly")


class ByElection(models.Model):
    """A by-election (补选, CW-17) held by an assembly; its figures are entered from the meeting's record."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="by_elections"
    )
    recall = models.ForeignKey(
        RecallRequest, verbose_name=_("after recall"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.CharField(_("held by"), max_length=30, choices=ByElectionBody.choices)
    post = models.CharField(pgettext_lazy("election", "post"), max_length=20, choices=Post.choices)
    seats = models.PositiveSmallIntegerField(pgettext_lazy("election", "seats"))
    held_on = models.DateField(_("held on"))
    members = models.PositiveIntegerField(_("members of the assembly"))
    voters = models.PositiveIntegerField(_("members who voted"))
    is_valid = models.BooleanField(_("valid"), default=False)

    class Meta:
        verbose_name = _("by-election")
        verbose_name_plural = _("by-elections")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.election} · {self.held_on}"


class ByElectionVote(models.Model):
    """Votes a person received in a by-election."""

    by_election = models.ForeignKey(
        ByElection, verbose_name=_("by-election"), on_delete=models.CASCADE, related_name="votes"
    )
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField(pgettext_lazy("election", "votes"))
    is_elected = models.BooleanField(_("elected"), default=False)

    class Meta:
        verbose_name = _("by-election votes")
        verbose_name_plural = _("by-election votes")
        constraints = [models.UniqueConstraint(fields=["by_election", "person"], name="byelection_vote_unique")]

    def __str__(self) -> str:
        return f"{self.person}: {self.votes}"


class ReviewBody(models.TextChoices):
    RESIDENTS = "residents", _("Residents (registered voters)")
    REPRESENTATIVES = "representatives", pgettext_lazy("election", "Representatives")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open for ratings")
    CLOSED = "closed", pgettext_lazy("election", "Closed")


class Rating(models.TextChoices):
    COMPETENT = "competent", _("Competent (称职)")
    BASICALLY_COMPETENT = "basically_competent", _("Basically competent (基本称职)")
    INCOMPETENT = "incompetent", _("Unfit (不称职)")


class AnnualReview(models.Model):
    """The yearly democratic review of committee members (述职评议, CW-28), run by the supervision committee."""

    community = models.ForeignKey(
        "places.Place", verbose_name=_("community"), on_delete=models.PROTECT, related_name="annual_reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    body = models.CharField(_("who rates"), max_length=20, choices=ReviewBody.choices, default=ReviewBody.RESIDENTS)
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["community", "year"], name="review_one_per_year")]

    def __str__(self) -> str:
        return f"{self.community} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("elections:review", args=[self.pk])


class ReviewReport(models.Model):
    """A member's report of their year's work (述职报告)."""

    review = models.ForeignKey(AnnualReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="reports")
    mandate = models.ForeignKey(Mandate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="reports")
    text = models.TextField(_("report"))
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        constraints = [models.UniqueConstraint(fields=["review", "mandate"], name="report_one_per_member")]

    def __str__(self) -> str:
        return f"{self.mandate} {self.review.year}"


class ReviewRating(models.Model):
    """One resident's or representative's rating of one member."""

    review = models.ForeignKey(AnnualReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="ratings")
    mandate = models.ForeignKey(Mandate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="ratings")
    rater = models.ForeignKey("people.Person", verbose_name=_("rater"), on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("rating"), max_length=30, choices=Rating.choices)
    rated_on = models.DateField(_("rated on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.UniqueConstraint(fields=["review", "mandate", "rater"], name="rating_one_per_rater")]

    def __str__(self) -> str:
        return f"{self.mandate_id} {self.rating}"


class ReviewResult(models.Model):
    """A member's result in one annual review."""

    review = models.ForeignKey(AnnualReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="results")
    mandate = models.ForeignKey(Mandate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="results")
    rating = models.CharField(_("result"), max_length=30, choices=Rating.choices)
    competent = models.PositiveIntegerField(_("competent"))
    basically_competent = models.PositiveIntegerField(_("basically competent"))
    incompetent = models.PositiveIntegerField(_("unfit"))

    class Meta:
        verbose_name = _("review result")
        verbose_name_plural = _("review results")
        ordering = ["review_id", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "mandate"], name="result_one_per_member")]

    def __str__(self) -> str:
        return f"{self.mandate} {self.rating}"


def label_of(value: Any, choices: type[models.TextChoices]) -> str:
    """The display label of a stored choice value."""
    return str(dict(choices.choices).get(value, value))
