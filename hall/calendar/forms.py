"""The calendar page's upload form (the other buttons carry only the CSRF token)."""
from flask_wtf.file import FileAllowed, FileField, FileRequired

from hall.web.helpers import HallForm


class ImportForm(HallForm):
    file = FileField("CSV 文件", validators=[
        FileRequired("请选择要导入的 CSV 文件"),
        FileAllowed(["csv", "txt"], "只能导入 .csv 文件")],
        description="首行为表头 date,kind,name；每行一个日期，kind 为 holiday（放假）或 "
                    "workday（调休上班），name 为节日名称；每个文件只含一年，导入后替换该年原有安排。")
