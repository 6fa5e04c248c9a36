"""Only the hall manager sees the dashboard: page, API, nav and workbench; the API answers
a bearer token as well as the page's session; /api/v1/stats/today has the satisfaction rate."""
import pytest

from hall.core import clock
from hall.core.extensions import db
from hall.queue import tickets
from hall.ratings.services import rate
from tests.dashboard.morning import at, move
from tests.factories import PASSWORD


def test_the_anonymous_go_to_the_login_and_get_401_from_the_api(client):
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.get("/api/v1/dashboard")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("role", ["admin", "staff", "auditor"])
def test_other_roles_are_refused(client, login_as, role):
    login_as(role)
    assert client.get("/dashboard").status_code == 403
    response = client.get("/api/v1/dashboard")
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == "无权执行此操作"


def test_the_manager_sees_the_page_drawn_by_the_server(client, login_as, busy_hall):
    login_as("manager")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "大厅监控" in page and 'data-dashboard' in page
    assert "A004" in page and "刘洋（B岗）" in page             # window 3, served by B
    assert "已超期 5 个工作日" in page and "剩 1 个工作日" in page
    assert "建设工程规划许可" in page and "王**" in page and "王小明" not in page
    assert "11010519491231002X" not in page and "13912345678" not in page
    assert 'src="/static/js/dashboard.js"' in page
    assert '<rect class="bar issued"' in page                    # the chart, server-side


def test_the_page_session_reads_the_api_without_csrf(client, login_as, busy_hall):
    login_as("manager")
    response = client.get("/api/v1/dashboard")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["figures"]["tickets_issued"] == 5
    assert body["cases"]["list"][0]["remaining"] == "已超期 5 个工作日"


def test_a_manager_token_reads_the_api(client, make, busy_hall):
    manager = make.user(role="manager")
    db.session.commit()
    token = client.post("/api/v1/auth/token", json={"username": manager.username,
                                                   "password": PASSWORD}).get_json()["token"]
    fresh = client.application.test_client()
    response = fresh.get("/api/v1/dashboard", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json()["windows"][0]["no"] == 3


def test_the_nav_and_the_workbench_link_to_it_for_the_manager_only(client, login_as, auth):
    login_as("manager")
    page = client.get("/staff").get_data(as_text=True)
    assert page.count('href="/dashboard"') == 2                  # nav and tile
    auth.logout()
    login_as("staff")
    assert 'href="/dashboard"' not in client.get("/staff").get_data(as_text=True)


def test_the_openapi_description_names_it(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/dashboard"]["get"]
    assert {"200", "401", "403"} <= set(operation["responses"])
    assert "DashboardSnapshot" in spec["components"]["schemas"]


def test_stats_today_has_the_satisfaction_rate(client, login_as, busy_hall):
    done = [t for t in db.session.scalars(db.select(tickets.Ticket)) if t.status == "done"]
    rate(done[0], 5, "", [], "evaluator", move(at("10:01")))
    rate(done[1], 1, "", [], "evaluator", clock.now())
    db.session.commit()
    login_as("manager")
    body = client.get("/api/v1/stats/today").get_json()
    assert body["satisfaction_rate"] == 0.5 and body["ratings"] == 2
    assert body["tickets_issued"] == 5 and body["cases_accepted"] == 2


def test_stats_today_without_ratings_has_no_rate(client, login_as):
    login_as("manager")
    body = client.get("/api/v1/stats/today").get_json()
    assert body["satisfaction_rate"] is None and body["ratings"] == 0
