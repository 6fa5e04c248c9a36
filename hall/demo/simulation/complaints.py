"""Complaints, suggestions and praise in the simulation, when hall/complaints is installed.

Some citizens who gave a 差评 also file a complaint about the window; now and then somebody
leaves a suggestion or a praise. The manager answers within a few working days and marks
most complaints resolved.
"""
import random
from datetime import datetime, timedelta

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.demo.simulation import people
from hall.demo.simulation.agenda import Agenda, Workdays

try:
    from hall.complaints import services as complaint_services
    from hall.complaints.models import Complaint
except ImportError:          # the complaints domain is optional
    complaint_services = Complaint = None

COMPLAINT_TEXTS = ("取号后等了一个多小时，窗口只开了一个", "工作人员没有一次性告知需要的材料，又跑了一趟",
                   "窗口人员态度生硬，问了两遍才回答", "自助机打印不出号票，没人指导")
SUGGESTION_TEXTS = ("建议中午时段多开几个窗口", "建议在等候区增加老花镜和充电座",
                    "建议办事指南里附上填好的样表")
PRAISE_TEXTS = ("窗口工作人员耐心细致，帮老人填表，点赞", "帮办代办服务很贴心，一次就办好了")
ANSWERS = {"complaint": "您好，已核实情况并对相关窗口人员进行了提醒，感谢您的监督。",
           "suggestion": "您好，您的建议已收到，我们将研究改进。",
           "praise": "您好，感谢您的肯定，我们会继续做好服务。"}


class Complaints:
    """Files and answers complaints through hall/complaints/services.py."""

    def __init__(self, rng: random.Random, agenda: Agenda, days: Workdays, manager):
        self.rng, self.agenda, self.days, self.manager = rng, agenda, days, manager
        self.filed = 0

    @staticmethod
    def available() -> bool:
        return complaint_services is not None

    def after_bad_rating(self, window_no: int | None, now: datetime) -> None:
        if self.rng.random() < 0.3:
            self._file("complaint", self.rng.choice(COMPLAINT_TEXTS), window_no, now)

    def now_and_then(self, window_no: int | None, now: datetime) -> None:
        roll = self.rng.random()
        if roll < 0.002:
            self._file("suggestion", self.rng.choice(SUGGESTION_TEXTS), None, now)
        elif roll < 0.004:
            self._file("praise", self.rng.choice(PRAISE_TEXTS), window_no, now)

    def _file(self, kind: str, text: str, window_no: int | None, now: datetime) -> None:
        data = {"kind": kind, "content": text, "window": window_no,
                "name": people.person_name(self.rng), "phone": people.mobile(self.rng)}
        at = now + timedelta(minutes=self.rng.uniform(2, 60))
        self.agenda.add(at, lambda moment: self._submit(data, moment), now)

    def _submit(self, data: dict, now: datetime) -> None:
        draft = complaint_services.check(data)
        channel = self.rng.choice(("kiosk", "phone"))
        complaint = complaint_services.submit(draft, channel, now, complaint_services.citizen())
        self.filed += 1
        if self.rng.random() < 0.9:
            day = self.days.add(clock.local(now).date(), self.rng.randint(1, 4))
            complaint_id = complaint.id
            self.agenda.on(day, lambda moment: self._answer(complaint_id, moment), now)

    def _answer(self, complaint_id: int, now: datetime) -> None:
        complaint = db.session.get(Complaint, complaint_id)
        complaint_services.answer(Actor.of(self.manager), complaint, ANSWERS[complaint.kind], now)
        if complaint.kind == "complaint" and self.rng.random() < 0.7:
            complaint_services.set_resolved(Actor.of(self.manager), complaint, True, now)
