"""Login, password and account forms."""
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from hall.core.roles import ROLE_LABELS
from hall.web.helpers import HallForm as FlaskForm
from hall.web.helpers import choices

REQUIRED = "此项为必填项"


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired(REQUIRED), Length(max=40)])
    password = PasswordField("密码", validators=[DataRequired(REQUIRED), Length(max=128)])


class ChangePasswordForm(FlaskForm):
    old_password = PasswordField("原密码", validators=[DataRequired(REQUIRED)])
    new_password = PasswordField("新密码", validators=[DataRequired(REQUIRED), Length(max=128)],
                                 description="至少 8 位，包含大写字母、小写字母、数字、符号中的三类")
    confirm = PasswordField("确认新密码", validators=[
        DataRequired(REQUIRED), EqualTo("new_password", "两次输入的新密码不一致")])


class UserForm(FlaskForm):
    username = StringField("用户名", validators=[
        DataRequired(REQUIRED), Length(max=40),
        Regexp(r"^[A-Za-z0-9_.@-]+$", message="用户名只能包含英文字母、数字和 _ . @ -")])
    name = StringField("姓名", validators=[DataRequired(REQUIRED), Length(max=40)])
    staff_no = StringField("工号", validators=[Optional(), Length(max=20)])
    role = SelectField("角色", choices=choices(ROLE_LABELS.items()))
    password = PasswordField("初始密码", validators=[Optional(), Length(max=128)],
                             description="新建账户必填；用户首次登录须修改")
    windows = SelectMultipleField("所在窗口（A岗，已有A岗则为B岗）", coerce=int,
                                  validators=[Optional()])
    is_enabled = BooleanField("启用", default=True)


class ResetPasswordForm(FlaskForm):
    password = PasswordField("新密码", validators=[DataRequired(REQUIRED), Length(max=128)],
                             description="用户下次登录时须修改")
