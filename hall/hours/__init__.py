"""Opening hours (办公时间), ticketing hours and daily quotas (每日限号)."""
