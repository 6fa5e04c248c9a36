"""What a case tells its applicant by SMS: 补正 needed, and 办结. Written to the outbox in
the transaction that changes the case; a landline number gets no SMS."""
from datetime import datetime

from hall.cases.models import Case
from hall.notify import messages
from hall.notify.outbox import enqueue
from hall.settings import services as settings

# Results the applicant comes back for; a withdrawn case was the applicant's own doing.
TOLD_RESULTS = ("approved", "rejected")


def tell_supplement(case: Case, now: datetime, occasion: str) -> None:
    """补正 needed: on the 一次性告知书 at the window, or when the clock stops for it."""
    if not case.phone:
        return
    text = messages.case_supplement(settings.get("hall_name"), case.case_no, case.item.name)
    enqueue("case_supplement", case.phone, text, f"case_supplement:{case.id}:{occasion}", now)


def tell_closed(case: Case, now: datetime) -> None:
    if not case.phone or case.result not in TOLD_RESULTS:
        return
    text = messages.case_closed(settings.get("hall_name"), case.case_no, case.item.name)
    enqueue("case_closed", case.phone, text, f"case_closed:{case.id}", now)
