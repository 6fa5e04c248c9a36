# Copy to instance/config.py and adjust. HALL_* environment variables override it.
# DATABASE_URL = "postgresql+psycopg://hall:secret@127.0.0.1:5432/hall"
# SECRET_KEY = "a long random string"
# TIMEZONE = "Asia/Shanghai"
# SESSION_COOKIE_SECURE = True   # behind HTTPS
# SMS_URL = "https://sms-gateway.example.gov.cn/hall/send"   # unset: SMS only go to the log
# SMS_SECRET = "shared with the gateway"                      # X-Hall-Signature (HMAC-SHA256)
