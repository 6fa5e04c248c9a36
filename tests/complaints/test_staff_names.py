"""A complaint's reply and resolution name the manager, never the login name."""
from hall.complaints import services
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db


def test_the_complaint_page_names_who_answered_and_resolved(client, auth, complaints_hall):
    complaint = complaints_hall.complaint()
    services.answer(Actor.of(complaints_hall.manager), complaint, "已核实，已约谈窗口负责人。", clock.now())
    services.set_resolved(Actor.of(complaints_hall.manager), complaint, True, clock.now())
    db.session.commit()
    auth.login(complaints_hall.manager.username)
    shown = client.get(f"/complaints/manage/{complaint.id}").get_data(as_text=True)
    assert shown.count(f"（李主任（工号 {complaints_hall.manager.staff_no}））</dd>") == 2
    assert f"（{complaints_hall.manager.username}）" not in shown
