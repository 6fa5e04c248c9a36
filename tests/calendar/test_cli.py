"""flask calendar sync and flask calendar import FILE."""
from datetime import date

from hall.calendar import services
from hall.calendar.models import CalendarDay, CalendarYear
from hall.core.extensions import db
from tests.calendar import EXAMPLE_CSV, audit_count, count


def test_sync_loads_the_package_years(runner):
    result = runner.invoke(args=["calendar", "sync"])
    assert result.exit_code == 0, result.output
    assert "已载入2004–2026年的节假日安排" in result.output
    assert count(CalendarYear) == 23
    again = runner.invoke(args=["calendar", "sync"])
    assert "2004–2026年已是最新，未改动" in again.output


def test_sync_keeps_an_imported_year_unless_forced(runner, tmp_path):
    path = tmp_path / "2026.csv"
    path.write_text("date,kind,name\n2026-03-04,holiday,本地假日\n", encoding="utf-8")
    assert runner.invoke(args=["calendar", "import", str(path)]).exit_code == 0
    kept = runner.invoke(args=["calendar", "sync"])
    assert "2026年为 CSV 导入或手工修改，未覆盖（--force 可覆盖）" in kept.output
    assert db.session.get(CalendarYear, 2026).source == "csv"
    forced = runner.invoke(args=["calendar", "sync", "--force"])
    assert "已载入2026年的节假日安排" in forced.output
    db.session.expire_all()
    assert db.session.get(CalendarYear, 2026).source == "chinesecalendar"
    assert db.session.get(CalendarDay, date(2026, 3, 4)) is None


def test_import_the_example_file(runner):
    runner.invoke(args=["calendar", "sync"])
    result = runner.invoke(args=["calendar", "import", str(EXAMPLE_CSV)])
    assert result.exit_code == 0, result.output
    assert "已导入2027年节假日安排：放假 29 天，调休上班 6 天" in result.output
    assert db.session.get(CalendarYear, 2027).source == "csv"
    assert services.due_date(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_import_reads_a_file_saved_by_excel_in_gb18030(runner, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_bytes("date,kind,name\r\n2027-01-01,holiday,元旦\r\n".encode("gb18030"))
    result = runner.invoke(args=["calendar", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.get(CalendarDay, date(2027, 1, 1)).name == "元旦"


def test_a_bad_file_changes_nothing(runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-32,holiday,元旦\n",
                    encoding="utf-8")
    before = audit_count()
    result = runner.invoke(args=["calendar", "import", str(path)])
    assert result.exit_code == 1
    assert "第 3 行" in result.output and "未导入任何内容" in result.output
    assert count(CalendarDay) == 0 and count(CalendarYear) == 0 and audit_count() == before


def test_a_missing_file_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(args=["calendar", "import", str(tmp_path / "none.csv")])
    assert result.exit_code == 2
