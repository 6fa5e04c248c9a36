"""Ratings and 差评 follow-ups in the simulation, through hall/ratings/services.py.

About 60% of services are rated, most on the window's evaluator within a minute or two, the
rest by the ticket's QR code later that day; a quarter of closed cases are rated by their
receipt's QR code. Most ratings are 非常满意 or 满意; the few 差评 open follow-ups, which the
hall manager calls back the same or next working day and closes some days later. When the
complaints domain is installed, some 差评 also turn into complaints (complaints.py).
"""
import random
from datetime import datetime, timedelta

from hall.core import clock
from hall.core.extensions import db
from hall.demo.simulation.agenda import Agenda, Workdays
from hall.demo.simulation.complaints import Complaints
from hall.queue.models import Ticket
from hall.ratings import devices as evaluator_devices
from hall.ratings import services as ratings
from hall.ratings.models import FollowUp, Rating
from hall.windows.models import Window

RATED_SHARE = 0.6
CASE_RATED_SHARE = 0.25
LEVELS = (5, 4, 3, 2, 1)
LEVEL_WEIGHTS = (70, 21, 6, 2, 1)
PRAISE = ("", "", "", "服务热情，办事效率高", "一次就办好了，谢谢", "工作人员讲解很耐心",
          "流程清楚，不用来回跑")
COMPLAINTS = ("等了很久才叫到号", "材料要求没有一次说清楚", "窗口人员态度不太好",
              "来回跑了两次", "")
BAD_REASONS = ("等候时间长", "服务态度差", "一次性告知不清", "材料要求不明", "办理效率低")
CALLBACKS = ("已电话回访，申请人反映的问题已记录", "已回访，向申请人致歉并说明情况",
             "电话未接通，短信告知后再次回访，已沟通")
RESULTS = ("已对窗口人员进行提醒谈话，优化取号分流", "已修订一次性告知单，材料要求逐项列明",
           "已调整高峰时段窗口力量", "经核实已向申请人解释说明，申请人表示认可")


class Feedback:
    """Rates services as citizens would, and follows 差评 up as the manager."""

    def __init__(self, rng: random.Random, agenda: Agenda, days: Workdays, manager):
        self.rng, self.agenda, self.days, self.manager = rng, agenda, days, manager
        self.rated = 0
        self.complaints = Complaints(rng, agenda, days, manager) if Complaints.available() else None

    def _opinion(self) -> tuple[int, str, list[str]]:
        level = self.rng.choices(LEVELS, LEVEL_WEIGHTS)[0]
        if level <= 2:
            reasons = self.rng.sample(BAD_REASONS, self.rng.randint(1, 2))
            return level, self.rng.choice(COMPLAINTS), reasons
        return level, self.rng.choice(PRAISE) if level >= 4 else "", []

    def ticket_finished(self, ticket, window, now: datetime) -> None:
        if self.complaints:
            self.complaints.now_and_then(window.no, now)
        if self.rng.random() >= RATED_SHARE:
            return
        opinion = self._opinion()
        if self.rng.random() < 0.85:
            at = now + timedelta(seconds=self.rng.uniform(10, 150))
            ticket_id, window_id = ticket.id, window.id
            self.agenda.add(at, lambda moment: self._at_window(window_id, ticket_id, opinion,
                                                               moment), now)
        else:
            at = now + timedelta(minutes=self.rng.uniform(5, 120))
            token = ticket.token
            self.agenda.add(at, lambda moment: self._stored(ratings.rate_ticket(
                token, *opinion, "qr", moment), moment), now)

    def _at_window(self, window_id: int, ticket_id: int, opinion, now: datetime) -> None:
        window = db.session.get(Window, window_id)
        # as the window's tablet does: fetch the service's one-time key, then rate with it
        key = evaluator_devices.service_key(db.session.get(Ticket, ticket_id), now)
        if key is not None:
            self._stored(evaluator_devices.rate_with_key(
                window, key, *opinion, now, evaluator_devices.device_actor(window)), now)

    def case_closed(self, case, now: datetime) -> None:
        if self.rng.random() >= CASE_RATED_SHARE:
            return
        opinion = self._opinion()
        case_no, code = case.case_no, case.query_code
        at = now + timedelta(minutes=self.rng.uniform(10, 240))
        self.agenda.add(at, lambda moment: self._stored(ratings.rate_case(
            case_no, code, *opinion, "qr", moment), moment), now)

    def _stored(self, rating: Rating, now: datetime) -> None:
        self.rated += 1
        if not rating.is_bad:
            return
        if self.complaints:
            window = db.session.get(Window, rating.window_id) if rating.window_id else None
            self.complaints.after_bad_rating(window.no if window else None, now)
        if self.rng.random() < 0.9:
            today = clock.local(now).date()
            day = self.days.add(today, 0 if clock.local(now).hour < 15 else 1)
            follow_up_id = rating.follow_up.id
            self.agenda.on(day, lambda moment: self._callback(follow_up_id, moment), now)

    def _callback(self, follow_up_id: int, now: datetime) -> None:
        follow_up = db.session.get(FollowUp, follow_up_id)
        ratings.record_callback(self.manager, follow_up, self.rng.choice(CALLBACKS), now)
        if self.rng.random() < 0.85:
            day = self.days.add(clock.local(now).date(), self.rng.randint(1, 10))
            self.agenda.on(day, lambda moment: self._result(follow_up_id, moment), now)

    def _result(self, follow_up_id: int, now: datetime) -> None:
        follow_up = db.session.get(FollowUp, follow_up_id)
        ratings.record_result(self.manager, follow_up, self.rng.choice(RESULTS), now)

