"""Made-up applicants for the simulation: names, valid 身份证号 and credit codes, phones.

Every number passes the checks the real acceptance form applies (GB 11643, GB 32100), so
the cases go through hall/cases/services.py unchanged. None of them belongs to anybody:
the sequence digits are random and the names are drawn from common characters.
"""
import random
from datetime import date, timedelta

from hall.core.validators import CREDIT_CHARSET, credit_check_char, id_check_char

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
            "肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈姚卢")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国文斌"
         "辉鹏飞宇浩然欣怡子涵雨轩佳琪晨阳海燕志强春梅德胜")
REGIONS = ("620524", "620502", "620503", "620521", "620522", "620523", "620525", "620102")
ORG_PLACES = ("安宁县", "安宁", "天水", "甘肃")
ORG_WORDS = ("恒泰", "瑞丰", "金穗", "华盛", "鑫源", "宏达", "秦风", "陇原", "麦积", "嘉禾",
             "同心", "兴农", "远航", "康宁", "润泽", "德信", "长青", "和顺", "博远", "广利")
ORG_TRADES = ("商贸有限公司", "农业科技有限公司", "建筑工程有限公司", "餐饮管理有限公司",
              "食品有限公司", "物流有限公司", "房地产开发有限公司", "果业农民专业合作社",
              "医药连锁有限公司", "信息技术有限公司", "建材有限责任公司", "旅游开发有限公司")
# Items whose applicants are mostly organisations (by department code in the item code).
ORG_DEPARTMENTS = ("FGJ", "SCJ", "ZJJ", "HBJ", "SLJ", "JTJ", "ZRJ", "SWJ", "WJJ", "NYJ")


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def id_number(rng: random.Random) -> str:
    """A valid 18-character 身份证号 of someone born 1950-2006."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 56))
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


def mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "17", "18", "19")) + f"{rng.randrange(10**9):09d}"


def credit_code(rng: random.Random) -> str:
    """A valid 统一社会信用代码: registered by market regulation (9, 1) in the county."""
    body = "".join(rng.choice(CREDIT_CHARSET) for _ in range(9))
    first17 = "91" + rng.choice(REGIONS) + body
    return first17 + credit_check_char(first17)


def org_name(rng: random.Random) -> str:
    return rng.choice(ORG_PLACES) + rng.choice(ORG_WORDS) + rng.choice(ORG_TRADES)


def applicant(rng: random.Random, item_code: str) -> dict:
    """A person, or for business items mostly an organisation, as the acceptance form sends it."""
    business = any(f"00{code}-" in item_code for code in ORG_DEPARTMENTS)
    if business and rng.random() < 0.7:
        return {"type": "org", "name": org_name(rng), "credit_code": credit_code(rng),
                "contact": person_name(rng), "phone": mobile(rng)}
    return {"type": "person", "name": person_name(rng), "id_number": id_number(rng),
            "phone": mobile(rng)}
