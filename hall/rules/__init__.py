"""The hall manager's 大厅规则 page: one page for rules that reach across the hall (the
queue's no-show policy and spoken text, the legal clock, follow-ups, alerts, opening hours
and quotas). It sits above the domains it configures; their settings live in hall/settings
and hall/hours."""
