"""The manager's forms for wall-screen links: name a new one, or revoke them all."""
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from hall.dashboard.screens import NAME_MAX
from hall.web.helpers import HallForm


class ScreenLinkForm(HallForm):
    name = StringField("大屏名称", validators=[
        DataRequired("请填写大屏名称，例如“值班室大屏”"),
        Length(max=NAME_MAX, message=f"大屏名称不能超过 {NAME_MAX} 个字")])


class RevokeForm(HallForm):
    """Only the CSRF token: the button is the whole request."""
