# Copy to instance/config.py and adjust. HALL_* environment variables override it.
# DATABASE_URL = "postgresql+psycopg://hall:secret@127.0.0.1:5432/hall"
# SECRET_KEY = "a long random string"
# TIMEZONE = "Asia/Shanghai"
# SESSION_COOKIE_SECURE = True   # behind HTTPS
