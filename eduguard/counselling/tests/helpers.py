"""A counselling session in the test county (S1's counsellor by default)."""

from django.utils import timezone

from eduguard.counselling.services.sessions import record_session


def session(w, key="S1C1A", *, actor=None, **change):
    data = {
        "person": w.people[key],
        "held_at": timezone.now(),
        "kind": "individual",
        "category": "anxiety",
        "note": "担心家人感染，夜间失眠",
        **change,
    }
    return record_session(actor=actor or w.counsellor, **data)
