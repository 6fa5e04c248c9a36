"""A complaint's reply and resolution name the manager, never the login name."""
from hall.core import clock
from hall.complaints import services
from hall.core.extensions import db


def test_the_complaint_page_names_who_answered_and_resolved(client, auth, hall):
    complaint = hall.complaint()
    services.answer(hall.manager, complaint, "已核实，已约谈窗口负责人。", clock.now())
    services.set_resolved(hall.manager, complaint, True, clock.now())
    db.session.commit()
    auth.login(hall.manager.username)
    shown = client.get(f"/complaints/manage/{complaint.id}").get_data(as_text=True)
    assert shown.count(f"（李主任（工号 {hall.manager.staff_no}））</dd>") == 2
    assert f"（{hall.manager.username}）" not in shown
