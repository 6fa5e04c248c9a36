"""Follow-ups name the staff member and the manager who called back, never login names."""
from hall.core import clock
from hall.core.extensions import db
from hall.dashboard import oversight
from hall.ratings import services


def test_the_follow_up_list_names_the_staff_and_the_manager_who_called_back(
        client, auth, ratings_hall):
    rating = services.rate_ticket(ratings_hall.ticket().token, 1, "等了一个小时", ["等候时间长"],
                                  "qr", clock.now())
    db.session.commit()
    ratings_hall.manager.staff_no = "S0002"
    db.session.commit()
    auth.login(ratings_hall.manager.username)
    listing = client.get("/followups").get_data(as_text=True)
    assert "<div>陈晓燕（工号 MZ0301）</div>" in listing
    client.post(f"/followups/{rating.follow_up.id}/callback", data={"note": "已电话回访"})
    listing = client.get("/followups").get_data(as_text=True)
    assert "回访：已电话回访（李主任（工号 S0002））" in listing
    assert f"（{ratings_hall.manager.username}）" not in listing
    board = oversight.follow_ups(clock.local().date())     # the manager's dashboard
    assert [row["staff"] for row in board["list"]] == ["陈晓燕（工号 MZ0301）"]
