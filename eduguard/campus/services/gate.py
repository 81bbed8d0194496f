"""The gate screen (门卫登记, domain.md §4.5 and §5.4): who may work a school's gate, what the
screen loads to find people and decide on its own while the network is down, and the recording of
one passage with its decision.

The decision combines the person's return status (screening.services.entry, the system's reading:
the guard is shown the decision and its reason, not the records behind it) with what the gate sees:
the temperature, symptoms and health code. The five rules are data (`campus.five_rules`); the ones
with a check code are enforced here:

    return_approval       a person not cleared to return is deferred or denied, as the entry rules say
    identity_temperature  an entry needs a temperature and an identity check
    fever_isolation       a fever or symptoms at the gate open a fever event (response app)
    visitor_approval      visitors need the approvals of `campus.visit_approval_chain` (services.visits)

Severity: deny over defer over allow. The gate screen's script applies the same table offline
(static/campus/gate.js); on sync the server decides again and notes where the two differ.
"""

import datetime as dt
import functools
import logging
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypinyin import Style, lazy_pinyin

from eduguard.campus.managers import GateSchoolQuerySet
from eduguard.campus.models import Direction, GateDecision, GateEntry, LeavePass
from eduguard.core.rules import get_rule
from eduguard.health.choices import HealthCode
from eduguard.health.services.values import check_symptoms, clean_check_symptoms, parse_temperature
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, School
from eduguard.response.choices import ReadingMethod
from eduguard.screening.services.entry import Decision, entry_statuses

log = logging.getLogger(__name__)

GATE_SCHOOLS = GateSchoolQuerySet(model=School)
SEVERITY = {GateDecision.ALLOW: 0, GateDecision.DEFER: 1, GateDecision.DENY: 2}
CARD_SALT = "eduguard.gate.card"
DEFAULT_METHOD = ReadingMethod.FOREHEAD


def gate_schools(user):
    """The schools whose gate `user` works (all of them for the administrator)."""
    return GATE_SCHOOLS.visible_to(user)


def may_work_gate(user, school: School) -> bool:
    return gate_schools(user).filter(pk=school.pk).exists()


def enforced(day: dt.date) -> set[str]:
    """The check codes of the five rules in force on `day`."""
    return {r["check"] for r in get_rule("campus.five_rules", day) if r.get("check")}


def card_token(person_id: int) -> str:
    """What a person's gate card QR code holds: their id, signed, so a card cannot be made up."""
    return signing.Signer(salt=CARD_SALT, sep=".").sign(f"EG{person_id}")


def person_of_card(token: str) -> int | None:
    try:
        value = signing.Signer(salt=CARD_SALT, sep=".").unsign(token.strip())
    except signing.BadSignature:
        return None
    return int(value[2:]) if value.startswith("EG") and value[2:].isdigit() else None


@functools.lru_cache(maxsize=100_000)  # names recur day after day; pinyin is the roster's slowest part
def initials(name: str) -> str:
    """Pinyin initials of a name, lower case: 张三 → zs."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


def thresholds(day: dt.date) -> dict:
    fever = Decimal(str(get_rule("health.fever_threshold", day)))
    screen = {m: Decimal(str(v)) for m, v in get_rule("campus.gate_screen_thresholds", day).items()}
    return {"fever": fever, "screen": screen}


@dataclass
class Reading:
    temperature: Decimal | None = None
    method: str = DEFAULT_METHOD
    symptoms: list[str] = field(default_factory=list)
    code_colour: str = ""
    id_checked: bool = False


@dataclass
class Verdict:
    decision: str = GateDecision.ALLOW
    reasons: list[dict] = field(default_factory=list)
    fever: bool = False  # open a fever event

    def add(self, decision: str, code: str, text: str) -> None:
        self.reasons.append({"code": code, "decision": decision, "text": text})
        if SEVERITY[decision] > SEVERITY[self.decision]:
            self.decision = decision


# What the gate is told of a reason whose full text carries health details (a diagnosis, a reported
# temperature, a risk category): the guard needs the decision and what to do, not the record.
GATE_TEXT = {
    "return_certificate": "因病缺勤，须持校医审核的复课证明",
    "fever": "近日报告发热，须先就医排查",
    "symptoms": "近日报告有症状，须先就医排查",
    "category": "未完成规定的居家隔离",
}


def gate_reasons(status) -> list[dict]:
    """A person's entry status as the gate shows it: reason code, decision and plain words."""
    return [
        {"code": r.code, "decision": r.decision, "text": GATE_TEXT.get(r.code, r.text)}
        for r in status.reasons
    ]


def judge(reading: Reading, direction: str, day: dt.date, *, status=None, boarder=False, has_pass=True):
    """The gate's decision for one passage. `status`: the person's EntryStatus when not cleared."""
    v = Verdict()
    checks = enforced(day)
    if direction == Direction.OUT:
        if boarder and get_rule("campus.boarder_exit_needs_pass", day) and not has_pass:
            v.add(GateDecision.DENY, "no_pass", "住校生离校须持班主任签发的离校单")
        return v
    if "return_approval" in checks and status is not None:
        for r in gate_reasons(status):
            decision = GateDecision.DENY if r["decision"] == Decision.DENY else GateDecision.DEFER
            v.add(decision, r["code"], r["text"])
    limits = thresholds(day)
    t = reading.temperature
    if t is not None:
        screen = limits["screen"].get(reading.method, limits["fever"])
        if t >= limits["fever"]:
            v.add(GateDecision.DEFER, "gate_fever", f"校门测温 {t}℃，发热，须到临时隔离室由校医处置")
            v.fever = True
        elif t >= screen:
            v.add(GateDecision.DEFER, "gate_recheck", f"校门测温 {t}℃（≥{screen}℃），请稍候用腋温复测")
    if reading.symptoms:
        labels = check_symptoms(day)
        names = "、".join(labels.get(s, s) for s in reading.symptoms)
        v.add(GateDecision.DEFER, "gate_symptoms", f"有{names}症状，须医学隔离观察")
        v.fever = True
    if reading.code_colour == HealthCode.RED:
        v.add(GateDecision.DENY, "red_code", "健康码为红码")
    elif reading.code_colour == HealthCode.YELLOW:
        v.add(GateDecision.DEFER, "yellow_code", "健康码为黄码")
    v.fever = v.fever and "fever_isolation" in checks and t is not None
    return v


def statuses(people, day: dt.date) -> dict:
    """{person id: EntryStatus} of the people not cleared to return on `day`, when the rule applies."""
    if "return_approval" not in enforced(day):
        return {}
    return entry_statuses(people, None, day)


def usable_passes(passes, day: dt.date):
    """Passes good on `day`: not cancelled, not back yet, from their day until the expected return."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return passes.valid().filter(leaves_on__lte=day, expected_back__gte=start)


def _plan_gates(school: School) -> list[str]:
    """The gates of the school's 一校一策 in force (inspection app), for the screen's gate picker."""
    from eduguard.inspection.services.plans import plan_gates

    return plan_gates(school)


def roster(school: School, day: dt.date) -> dict:
    """What the gate screen keeps on the device for the day: the school's people (name, class,
    pinyin initials, last four characters of the ID, card token), the status of those not cleared
    with its reason in plain words, the boarders' usable passes, the thresholds and the rules."""
    people = Person.objects.filter(school=school, is_active=True)
    held = statuses(people, day)
    passes = {}
    for p in usable_passes(LeavePass.objects.filter(school=school), day):
        passes.setdefault(p.person_id, {"id": p.pk, "out": p.out_at is not None})
    categories = dict(PersonCategory.choices)
    rows = []
    for p in people.order_by("school_class__grade__level", "school_class__number", "name").values(
        "id", "name", "category", "boarding", "id_masked", "school_class__name"
    ):
        pid = p["id"]
        row = {
            "id": pid,
            "name": p["name"],
            "klass": p["school_class__name"] or categories.get(p["category"], ""),
            "py": initials(p["name"]),
            "id4": p["id_masked"][-4:] if p["id_masked"] else "",
            "card": card_token(pid),
            "boarder": p["boarding"],
        }
        status = held.get(pid)
        if status is not None:
            row["status"] = status.decision
            row["reasons"] = gate_reasons(status)
        if pid in passes:
            row["pass"] = passes[pid]
        rows.append(row)
    limits = thresholds(day)
    return {
        "school": {"id": school.pk, "name": school.name},
        "day": day.isoformat(),
        "generated_at": timezone.now().isoformat(),
        "rules": get_rule("campus.five_rules", day),
        "gates": _plan_gates(school),
        "checks": sorted(enforced(day)),
        "fever": str(limits["fever"]),
        "screen": {m: str(v) for m, v in limits["screen"].items()},
        "range": [get_rule("health.temperature_min", day), get_rule("health.temperature_max", day)],
        "boarder_pass": bool(get_rule("campus.boarder_exit_needs_pass", day)),
        "symptoms": [[c, label] for c, label in check_symptoms(day).items() if c != "fever"],
        "people": rows,
    }


def flag(value) -> bool:
    """A yes/no from JSON or a form: true, 1, "true", "True", "on", "yes"."""
    return value is True or value == 1 or str(value).lower() in ("true", "1", "on", "yes")


def _clean(data: dict, school: School, operator, now: dt.datetime, offline: bool) -> dict:
    """The entry's fields, checked; every problem at once as a ValidationError. An entry sent live
    happens now (the server's clock); one kept offline carries the time it was made at the gate."""
    errors: dict[str, list[str]] = {}
    out: dict = {}
    raw_at = data.get("at") if offline else None
    at = now
    if raw_at:
        try:
            at = dt.datetime.fromisoformat(str(raw_at).replace("Z", "+00:00"))
            at = at if timezone.is_aware(at) else timezone.make_aware(at)
        except ValueError:
            errors["at"] = ["时间格式不正确"]
    if at > now + dt.timedelta(minutes=5):
        errors["at"] = ["登记时间不能晚于现在"]
    elif now - at > dt.timedelta(days=get_rule("health.max_backdate_days")):
        errors["at"] = [f"离线登记超过{get_rule('health.max_backdate_days')}天，不能再上传"]
    day = timezone.localtime(at).date() if "at" not in errors else timezone.localdate()
    out["at"], out["day"] = at, day
    direction = data.get("direction") or Direction.IN
    if direction not in Direction.values:
        errors["direction"] = ["方向应为 in（入校）或 out（离校）"]
    out["direction"] = direction
    out["gate"] = str(data.get("gate") or "").strip()[:30]
    out["found_by"] = str(data.get("found_by") or "")[:10]
    person = None
    pid = str(data.get("person") or "")
    if re.fullmatch(r"\d{1,15}", pid, re.ASCII):
        person = Person.objects.filter(pk=int(pid), school=school, is_active=True).first()
    if person is None:
        errors["person"] = ["本校名册中没有此人"]
    out["person"] = person
    method = data.get("method") or DEFAULT_METHOD
    if method not in ReadingMethod.values:
        errors["method"] = ["未知的测温方式"]
    try:
        temperature = parse_temperature(data.get("temperature"), day)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        temperature = None
    checks = enforced(day)
    entering = direction == Direction.IN
    if entering and "identity_temperature" in checks and temperature is None and "temperature" not in errors:
        errors["temperature"] = ["入校须测量体温（五个一律）"]
    id_checked = flag(data.get("id_checked"))
    if entering and "identity_temperature" in checks and not id_checked:
        errors["id_checked"] = ["入校须核验身份（五个一律）"]
    colour = data.get("code_colour") or ""
    if colour not in HealthCode.values + [""]:
        errors["code_colour"] = ["健康码应为 green、yellow、red 或 none"]
    try:
        symptoms = clean_check_symptoms(data.get("symptoms") or [], day)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        symptoms = []
    shown = data.get("shown") or ""
    if shown and shown not in GateDecision.values:
        errors["shown"] = ["未知的结果"]
    try:
        out["client_id"] = uuid.UUID(str(data["client_id"])) if data.get("client_id") else uuid.uuid4()
    except ValueError:
        errors["client_id"] = ["终端记录号格式不正确"]
    if errors:
        raise ValidationError(errors)
    out["reading"] = Reading(temperature, method, symptoms, colour, id_checked)
    out["shown"] = shown
    return out


def record_entry(*, school: School, data: dict, operator, offline: bool = False) -> tuple[GateEntry, bool]:
    """Record one passage through the gate. Returns (entry, created): an entry whose client id is
    already stored (a re-sent offline entry) is returned as it was, not stored twice."""
    if not may_work_gate(operator, school):
        raise ValidationError({"school": ["您不是该校的校门值守人员，不能在此登记"]})
    known = _already(data.get("client_id"), operator, school)
    if known is not None:
        return known, False
    clean = _clean(data, school, operator, timezone.now(), offline)
    try:
        with transaction.atomic():
            return _create(school, clean, operator, offline), True
    except IntegrityError:
        known = _already(str(clean["client_id"]), operator, school)
        if known is None:
            raise
        return known, False


def _already(client_id, operator, school) -> GateEntry | None:
    if not client_id:
        return None
    try:
        key = uuid.UUID(str(client_id))
    except ValueError:
        return None
    entry = GateEntry.objects.filter(client_id=key).first()
    if entry is not None and (entry.operator_id != operator.pk or entry.school_id != school.pk):
        raise ValidationError({"client_id": ["该终端记录号已用于另一条登记"]})
    return entry


def _create(school: School, c: dict, operator, offline: bool) -> GateEntry:
    from eduguard.response.services.fever import detect_fever

    person, day, at, reading, direction = c["person"], c["day"], c["at"], c["reading"], c["direction"]
    usable = None
    if person.boarding:
        passes = LeavePass.objects.select_for_update().filter(person=person)
        if direction == Direction.OUT:
            usable = usable_passes(passes, day).filter(out_at__isnull=True).order_by("leaves_on").first()
        else:
            usable = passes.valid().filter(out_at__isnull=False, out_at__lte=at).first()
    status = statuses(Person.objects.filter(pk=person.pk), day).get(person.pk)
    verdict = judge(
        reading, direction, day, status=status, boarder=person.boarding, has_pass=usable is not None
    )
    if usable is not None and direction == Direction.IN and at > usable.expected_back:
        verdict.reasons.append({"code": "late_return", "decision": "allow", "text": "逾期返校"})
    if offline and c["shown"] and c["shown"] != verdict.decision:
        verdict.reasons.append(
            {
                "code": "offline_mismatch",
                "decision": verdict.decision,
                "text": f"离线时显示「{GateDecision(c['shown']).label}」，按规则应为「{GateDecision(verdict.decision).label}」",
            }
        )
    entry = GateEntry(
        school=school,
        person=person,
        direction=direction,
        at=at,
        gate=str(c.get("gate") or "")[:30],
        temperature=reading.temperature,
        method=reading.method if reading.temperature is not None else "",
        symptoms=reading.symptoms,
        code_colour=reading.code_colour,
        id_checked=reading.id_checked,
        found_by=c["found_by"],
        decision=verdict.decision,
        reasons=verdict.reasons,
        operator=operator,
        client_id=c["client_id"],
        offline=offline,
    )
    if usable is not None and (direction == Direction.IN or verdict.decision == GateDecision.ALLOW):
        if direction == Direction.OUT:
            usable.out_at = at
        else:
            usable.back_at = at
        usable.save(update_fields=["out_at", "back_at"])
        entry.leave_pass = usable
    if verdict.fever:
        try:
            entry.fever_event = detect_fever(
                person=person,
                source="gate",
                temperature=reading.temperature,
                symptoms=reading.symptoms,
                actor=operator,
                place=entry.gate or "校门",
                at=at,
                automatic=True,
            )
        except ValidationError as exc:  # the entry stands; the doctor can still record it by hand
            log.warning("gate fever for person %s not opened: %s", person.pk, exc)
    entry.save()
    return entry
