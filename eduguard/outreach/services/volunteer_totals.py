"""The volunteers' figures per township and in all, and the briefing's sentence (seed 004):
"教育系统共有459名志愿者参与志愿服务，累计参与疫情防控3000余人次，悬挂宣传条幅75副，发放宣传单20000余份，
劝返未采取防护措施出行人员100余人". Computed from the records each time, in four queries:

- volunteers: those registered by `until` (the service team's roster, active or not: someone who
  served in February and stood down in March still took part), by the township they serve;
- person-times: attended shift assignments whose shift starts in the period, by the shift's
  township; plus the person-times entered on activities of the period that have no shifts;
- banners, leaflets and people persuaded: the activities of the period, by their township.

The work briefing (issue 12) calls `volunteer_totals(county=…, since=…, until=…)` and
`volunteer_sentence(totals.total)`; the pages pass the user, so each sees their own scope.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, OuterRef, Sum, When
from django.utils import timezone
from django.utils.translation import gettext

from eduguard.core.numbers import approx
from eduguard.outreach.models import Shift, ShiftAssignment, Volunteer, VolunteerActivity


@dataclass
class Figures:
    """One township's figures (or the total row's, whose `township` is empty)."""

    township: str = ""
    volunteers: int = 0
    person_times: int = 0
    banners: int = 0
    leaflets: int = 0
    persuaded: int = 0

    def add(self, other: "Figures") -> None:
        self.volunteers += other.volunteers
        self.person_times += other.person_times
        self.banners += other.banners
        self.leaflets += other.leaflets
        self.persuaded += other.persuaded


@dataclass
class VolunteerTotals:
    rows: list[Figures] = field(default_factory=list)  # one per township, by name
    total: Figures = field(default_factory=Figures)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def volunteer_totals(
    *,
    county=None,
    schools=None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    user=None,
) -> VolunteerTotals:
    """The figures of `county` (all of its records, the bureau's included) or of `schools` only,
    for the days `since`..`until` (inclusive; open ends when None), of what `user` may see."""
    volunteers = Volunteer.objects.all()
    attended = ShiftAssignment.objects.attended()
    activities = VolunteerActivity.objects.all()
    if user is not None:
        volunteers = volunteers.visible_to(user)
        attended = attended.visible_to(user)
        activities = activities.visible_to(user)
    if county is not None:
        volunteers = volunteers.filter(county=county)
        attended = attended.filter(volunteer__county=county)
        activities = activities.filter(county=county)
    if schools is not None:
        volunteers = volunteers.filter(school__in=schools)
        attended = attended.filter(volunteer__school__in=schools)
        activities = activities.filter(school__in=schools)
    if since is not None:
        attended = attended.filter(shift__starts_at__gte=_day_start(since))
        activities = activities.filter(date__gte=since)
    if until is not None:
        volunteers = volunteers.filter(joined_on__lte=until)
        attended = attended.filter(shift__starts_at__lt=_day_start(until + dt.timedelta(days=1)))
        activities = activities.filter(date__lte=until)

    rows: dict[str, Figures] = {}

    def row(township: str) -> Figures:
        return rows.setdefault(township, Figures(township))

    for r in volunteers.order_by().values("township").annotate(n=Count("id")):
        row(r["township"]).volunteers = r["n"]
    for r in attended.order_by().values("shift__township").annotate(n=Count("id")):
        row(r["shift__township"]).person_times += r["n"]
    without_shifts = ~Exists(Shift.objects.filter(activity=OuterRef("pk")))
    sums = (
        activities.annotate(without_shifts=without_shifts)
        .order_by()
        .values("township")
        .annotate(
            banners=Sum("banners"),
            leaflets=Sum("leaflets"),
            persuaded=Sum("persuaded"),
            entered=Sum(Case(When(without_shifts=True, then=F("entered_person_times")), default=0)),
        )
    )
    for r in sums:
        f = row(r["township"])
        f.banners, f.leaflets, f.persuaded = r["banners"] or 0, r["leaflets"] or 0, r["persuaded"] or 0
        f.person_times += r["entered"] or 0
    result = VolunteerTotals(rows=[rows[k] for k in sorted(rows)])
    for f in result.rows:
        result.total.add(f)
    return result


def about(n: int) -> str:
    """A figure as the seed writes it: below 100 exactly; above, rounded down to two leading digits
    with 余 ("more than"): 3,046 → 3000余, 20,350 → 20000余, 106 → 100余 (core.numbers.approx)."""
    return approx(n, exact_below=100)


def volunteer_sentence(figures: Figures, subject: str | None = None) -> str:
    """The briefing's sentence from a row of figures (usually `totals.total`); a clause whose
    figure is 0 is left out, and there is no sentence without volunteers. The head count is exact
    (459名); the other figures go through `about` (75副 stays exact, 3,046 人次 reads 3000余)."""
    if not figures.volunteers:
        return ""
    subject = gettext("教育系统") if subject is None else subject
    parts = [gettext("{subject}共有{n}名志愿者参与志愿服务").format(subject=subject, n=figures.volunteers)]
    if figures.person_times:
        parts.append(gettext("累计参与疫情防控{n}人次").format(n=about(figures.person_times)))
    if figures.banners:
        parts.append(gettext("悬挂宣传条幅{n}副").format(n=about(figures.banners)))
    if figures.leaflets:
        parts.append(gettext("发放宣传单{n}份").format(n=about(figures.leaflets)))
    if figures.persuaded:
        parts.append(gettext("劝返未采取防护措施出行人员{n}人").format(n=about(figures.persuaded)))
    return gettext("，").join(parts)
