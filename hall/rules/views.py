"""The 大厅规则 page, on the settings blueprint (its address is /admin/settings/rules)."""
from hall.core.roles import Permission
from hall.rules.forms import HallRulesForm
from hall.rules.hours_views import rules_context
from hall.settings.views import bp as settings
from hall.settings.views import settings_page
from hall.web.access import permission_required


@settings.route("/rules", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_HALL)
def rules():
    """The hall manager's rules: no-show policy, spoken text, warning thresholds, and the
    opening hours and quotas (whose forms post to hours_views)."""
    return settings_page(HallRulesForm, "settings/rules.html", "大厅规则", ".rules",
                          rules_context)
