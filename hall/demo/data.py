"""The demo county hall of docs/rules.md §1: departments, categories, windows, items."""

HALL = {
    "name": "安宁县政务服务中心",
    "region_code": "620524",
    "address": "安宁县城关镇民主东路168号",
    "phone": "0938-3216000",
    "open_time": "09:00",
    "close_time": "17:30",
}

# 16 departments: (code, name, phone); the code is a short upper-case pinyin abbreviation.
DEPARTMENTS = [
    ("FGJ", "县发展和改革局", "0938-3212201"),
    ("SCJ", "县市场监督管理局", "0938-3212315"),
    ("GAJ", "县公安局", "0938-3212110"),
    ("MZJ", "县民政局", "0938-3212402"),
    ("RSJ", "县人力资源和社会保障局", "0938-3212333"),
    ("ZRJ", "县自然资源局", "0938-3212506"),
    ("ZJJ", "县住房和城乡建设局", "0938-3212518"),
    ("JTJ", "县交通运输局", "0938-3212622"),
    ("SLJ", "县水利局", "0938-3212631"),
    ("NYJ", "县农业农村局", "0938-3212716"),
    ("WJJ", "县卫生健康局", "0938-3212720"),
    ("HBJ", "市生态环境局安宁分局", "0938-3212369"),
    ("SWJ", "县税务局", "0938-3212366"),
    ("YBJ", "县医疗保障局", "0938-3212809"),
    ("TYJ", "县退役军人事务局", "0938-3212817"),
    ("CLH", "县残疾人联合会", "0938-3212906"),
]

# Queue categories (业务类型): each draws tickets with its own prefix letter.
CATEGORIES = [
    {
        "code": "enterprise",
        "name": "企业开办",
        "prefix": "A",
        "description": "企业设立登记、食品经营许可、单位参保登记、发票领用等企业开办“一件事”",
        "items": [
            "62052400SCJ-XK-0001",
            "62052400SCJ-XK-0002",
            "62052400SCJ-BA-0001",
            "62052400SCJ-XK-0003",
            "62052400RSJ-GG-0003",
            "62052400SWJ-GG-0001",
            "62052400SWJ-GG-0002",
        ],
    },
    {
        "code": "construction",
        "name": "工程建设项目",
        "prefix": "B",
        "description": "项目备案核准、规划许可、施工许可、环评、水保、取水及涉路施工等工程建设审批",
        "items": [
            "62052400FGJ-BA-0001",
            "62052400FGJ-XK-0001",
            "62052400FGJ-QT-0001",
            "62052400ZRJ-XK-0001",
            "62052400ZRJ-XK-0002",
            "62052400ZJJ-XK-0001",
            "62052400ZJJ-XK-0002",
            "62052400ZJJ-XK-0003",
            "62052400ZJJ-BA-0001",
            "62052400HBJ-XK-0001",
            "62052400HBJ-BA-0001",
            "62052400SLJ-XK-0001",
            "62052400SLJ-XK-0002",
            "62052400JTJ-XK-0002",
        ],
    },
    {
        "code": "social",
        "name": "社保医保",
        "prefix": "C",
        "description": "养老保险、失业保险、就业创业、城乡居民医保参保及医保待遇办理",
        "items": [
            "62052400RSJ-JF-0001",
            "62052400RSJ-JF-0002",
            "62052400RSJ-GG-0001",
            "62052400RSJ-GG-0002",
            "62052400YBJ-GG-0001",
            "62052400YBJ-GG-0002",
            "62052400YBJ-QR-0001",
            "62052400YBJ-JF-0001",
        ],
    },
    {
        "code": "civil",
        "name": "社会事务",
        "prefix": "D",
        "description": "婚姻登记、社会救助、社会组织登记、退役军人服务及残疾人服务",
        "items": [
            "62052400MZJ-QR-0001",
            "62052400MZJ-QR-0002",
            "62052400MZJ-XK-0001",
            "62052400MZJ-JF-0001",
            "62052400TYJ-GG-0001",
            "62052400TYJ-JF-0001",
            "62052400CLH-QR-0001",
            "62052400CLH-GG-0001",
        ],
    },
    {
        "code": "police",
        "name": "户政出入境",
        "prefix": "E",
        "description": "居民身份证、户口迁移及因私出入境证件办理",
        "items": [
            "62052400GAJ-GG-0001",
            "62052400GAJ-QR-0001",
            "62052400GAJ-XK-0001",
        ],
    },
    {
        "code": "realestate",
        "name": "不动产登记",
        "prefix": "F",
        "description": "不动产转移登记、契税申报“一窗受理、并行办理”及土地权属争议处理",
        "items": [
            "62052400ZRJ-QR-0001",
            "62052400ZRJ-CJ-0001",
            "62052400SWJ-QT-0001",
        ],
    },
    {
        "code": "health",
        "name": "卫生健康",
        "prefix": "G",
        "description": "医疗机构执业登记、诊所备案、护士执业注册及公共场所卫生许可",
        "items": [
            "62052400WJJ-XK-0001",
            "62052400WJJ-XK-0002",
            "62052400WJJ-XK-0003",
            "62052400WJJ-BA-0001",
        ],
    },
    {
        "code": "rural",
        "name": "农业与交通运输",
        "prefix": "H",
        "description": "农药经营、动物防疫条件审查、农机购置补贴及道路运输经营许可",
        "items": [
            "62052400NYJ-XK-0001",
            "62052400NYJ-XK-0002",
            "62052400NYJ-JF-0001",
            "62052400JTJ-XK-0001",
            "62052400JTJ-QT-0001",
        ],
    },
    {
        "code": "fee",
        "name": "收费缴费",
        "prefix": "J",
        "description": "证件工本费、不动产登记费等行政事业性收费缴纳",
        "items": [
            "62052400GAJ-GG-0001",
            "62052400GAJ-XK-0001",
            "62052400ZRJ-QR-0001",
        ],
    },
]

# 24 numbered windows: 1-12 on the ground floor (一楼), 13-24 on the first floor (二楼).
WINDOWS = [
    {"no": 1, "name": "综合咨询导办窗口", "kind": "consult",
     "departments": ["MZJ", "RSJ", "YBJ", "TYJ", "CLH"], "categories": ["civil", "social"]},
    {"no": 2, "name": "帮办代办（绿色通道）窗口", "kind": "green",
     "departments": ["FGJ", "ZRJ", "ZJJ", "MZJ", "TYJ", "CLH"],
     "categories": ["construction", "civil"]},
    {"no": 3, "name": "企业开办综合窗口", "kind": "comprehensive",
     "departments": ["SCJ", "SWJ", "RSJ"], "categories": ["enterprise"]},
    {"no": 4, "name": "企业开办综合窗口", "kind": "comprehensive",
     "departments": ["SCJ", "SWJ", "RSJ"], "categories": ["enterprise"]},
    {"no": 5, "name": "市场监管窗口", "kind": "professional",
     "departments": ["SCJ"], "categories": ["enterprise"]},
    {"no": 6, "name": "工程建设项目综合窗口", "kind": "comprehensive",
     "departments": ["FGJ", "ZRJ", "ZJJ", "HBJ", "SLJ", "JTJ"], "categories": ["construction"]},
    {"no": 7, "name": "发展改革窗口", "kind": "professional",
     "departments": ["FGJ"], "categories": ["construction"]},
    {"no": 8, "name": "自然资源窗口", "kind": "professional",
     "departments": ["ZRJ"], "categories": ["construction"]},
    {"no": 9, "name": "住房城乡建设窗口", "kind": "professional",
     "departments": ["ZJJ"], "categories": ["construction"]},
    {"no": 10, "name": "生态环境窗口", "kind": "professional",
     "departments": ["HBJ"], "categories": ["construction"]},
    {"no": 11, "name": "不动产登记综合窗口", "kind": "comprehensive",
     "departments": ["ZRJ", "SWJ"], "categories": ["realestate"]},
    {"no": 12, "name": "不动产登记窗口", "kind": "professional",
     "departments": ["ZRJ"], "categories": ["realestate"]},
    {"no": 13, "name": "社会事务综合窗口", "kind": "comprehensive",
     "departments": ["MZJ", "TYJ", "CLH"], "categories": ["civil"]},
    {"no": 14, "name": "民政窗口", "kind": "professional",
     "departments": ["MZJ"], "categories": ["civil"]},
    {"no": 15, "name": "社会保险窗口", "kind": "professional",
     "departments": ["RSJ"], "categories": ["social"]},
    {"no": 16, "name": "就业服务窗口", "kind": "professional",
     "departments": ["RSJ"], "categories": ["social"]},
    {"no": 17, "name": "医疗保障窗口", "kind": "professional",
     "departments": ["YBJ"], "categories": ["social"]},
    {"no": 18, "name": "户政窗口", "kind": "professional",
     "departments": ["GAJ"], "categories": ["police"]},
    {"no": 19, "name": "出入境窗口", "kind": "professional",
     "departments": ["GAJ"], "categories": ["police"]},
    {"no": 20, "name": "税务窗口", "kind": "professional",
     "departments": ["SWJ"], "categories": ["enterprise", "realestate"]},
    {"no": 21, "name": "卫生健康窗口", "kind": "professional",
     "departments": ["WJJ"], "categories": ["health"]},
    {"no": 22, "name": "农业农村窗口", "kind": "professional",
     "departments": ["NYJ"], "categories": ["rural"]},
    {"no": 23, "name": "交通运输窗口", "kind": "professional",
     "departments": ["JTJ"], "categories": ["rural", "construction"]},
    {"no": 24, "name": "收费窗口", "kind": "fee",
     "departments": ["GAJ", "ZRJ"], "categories": ["fee"]},
]

# Approval items (事项) with their service guides (办事指南).
ITEMS = [
    # ---- 县发展和改革局 (FGJ) ----
    {
        "code": "62052400FGJ-BA-0001",
        "name": "企业投资项目备案",
        "type": "filing",
        "department": "FGJ",
        "legal_basis": (
            "《企业投资项目核准和备案管理条例》（国务院令第673号）第三条：对关系国家安全、涉及全国重大生产力布局、"
            "战略性资源开发和重大公共利益等项目，实行核准管理……对前款规定以外的项目，实行备案管理。\n"
            "《企业投资项目核准和备案管理条例》第十三条：实行备案管理的项目，企业应当在开工建设前通过在线平台将"
            "企业基本情况，项目名称、建设地点、建设规模、建设内容，项目总投资额，项目符合产业政策的声明等信息告知备案机关。\n"
            "《企业投资项目核准和备案管理办法》（国家发展和改革委员会令第2号）"
        ),
        "conditions": (
            "1.申请人为在本县行政区域内投资建设固定资产投资项目的企业；\n"
            "2.项目不属于《政府核准的投资项目目录》规定实行核准管理的范围；\n"
            "3.项目不属于产业政策禁止投资建设的项目；\n"
            "4.通过全国投资项目在线审批监管平台如实、完整填报项目信息，并对信息真实性负责。"
        ),
        "procedure": ["在线填报", "备案机关核对信息", "出具备案证明", "信息公开"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼7号窗口",
        "consult_phone": "0938-3212201",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "企业投资项目备案信息表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "通过投资项目在线审批监管平台在线填报，内容完整准确"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖企业公章；可通过数据共享获取的免于提交"},
            {"name": "项目符合产业政策的声明", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "法定代表人签字并加盖企业公章"},
            {"name": "授权委托书", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "委托他人办理时提供，附经办人居民身份证复印件"},
        ],
    },
    {
        "code": "62052400FGJ-XK-0001",
        "name": "企业投资项目核准",
        "type": "licensing",
        "department": "FGJ",
        "legal_basis": (
            "《企业投资项目核准和备案管理条例》（国务院令第673号）第三条：对关系国家安全、涉及全国重大生产力布局、"
            "战略性资源开发和重大公共利益等项目，实行核准管理。具体项目范围以及核准机关、核准权限依照政府核准的投资项目目录执行。\n"
            "《国务院关于发布政府核准的投资项目目录（2016年本）的通知》（国发〔2016〕72号）\n"
            "《企业投资项目核准和备案管理办法》（国家发展和改革委员会令第2号）"
        ),
        "conditions": (
            "1.项目属于《政府核准的投资项目目录》及本省实施目录规定由县级核准机关核准的范围；\n"
            "2.项目不危害经济安全、社会安全、生态安全等国家安全；\n"
            "3.项目符合相关发展建设规划、产业政策和技术标准；\n"
            "4.项目合理开发并有效利用资源，不对重大公共利益产生不利影响；\n"
            "5.依法应当办理的用地预审与选址意见书等前置手续已办结。"
        ),
        "procedure": ["申请", "受理", "委托评估", "审查", "决定", "送达"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼7号窗口",
        "consult_phone": "0938-3212201",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["expert_review"],
        "materials": [
            {"name": "项目核准申请报告", "form": "original", "copies": 3, "required": True, "deferrable": False,
             "requirements": "包括企业基本情况、项目情况、资源利用和生态环境影响分析、经济和社会影响分析，加盖企业公章"},
            {"name": "建设项目用地预审与选址意见书", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "由自然资源主管部门出具；不涉及新增用地的项目提供说明"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖企业公章"},
            {"name": "项目申请报告真实性承诺书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "法定代表人签字并加盖企业公章"},
            {"name": "法律法规规定的其他前置文件", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "法律、行政法规规定作为核准前置条件的，提交已办理相关手续的证明文件"},
        ],
    },
    {
        "code": "62052400FGJ-QT-0001",
        "name": "固定资产投资项目节能审查",
        "type": "other_power",
        "department": "FGJ",
        "legal_basis": (
            "《中华人民共和国节约能源法》第十五条：国家实行固定资产投资项目节能评估和审查制度。不符合强制性节能标准的项目，"
            "建设单位不得开工建设；已经建成的，不得投入生产、使用。\n"
            "《固定资产投资项目节能审查办法》（国家发展和改革委员会令2023年第2号）"
        ),
        "conditions": (
            "1.项目年综合能源消费量1000吨标准煤及以上，或者年电力消费量500万千瓦时及以上（改扩建项目按增量计算）；\n"
            "2.按照省级节能审查权限划分，由县级节能审查机关负责审查；\n"
            "3.已编制符合要求的固定资产投资项目节能报告；\n"
            "4.项目用能符合国家和本省能源消费总量和强度控制要求及强制性能效标准。"
        ),
        "procedure": ["申请", "受理", "专家评审", "审查", "出具审查意见"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼7号窗口",
        "consult_phone": "0938-3212201",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["expert_review"],
        "materials": [
            {"name": "节能审查申请文件", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖建设单位公章"},
            {"name": "固定资产投资项目节能报告", "form": "original", "copies": 3, "required": True, "deferrable": False,
             "requirements": "按照节能报告编制要求编制，附电子版"},
            {"name": "项目备案证明或核准文件", "form": "copy", "copies": 1, "required": True, "deferrable": True,
             "requirements": "可容缺受理，在出具审查意见前补齐"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖建设单位公章"},
        ],
    },
    # ---- 县市场监督管理局 (SCJ) ----
    {
        "code": "62052400SCJ-XK-0001",
        "name": "有限责任公司设立登记",
        "type": "licensing",
        "department": "SCJ",
        "legal_basis": (
            "《中华人民共和国公司法》第二十九条：设立公司，应当依法向公司登记机关申请设立登记。\n"
            "《中华人民共和国市场主体登记管理条例》第三条：市场主体应当依照本条例办理登记。未经登记，不得以市场主体名义从事经营活动。\n"
            "《中华人民共和国市场主体登记管理条例》第十九条：登记机关应当对申请材料进行形式审查。对申请材料齐全、"
            "符合法定形式的予以确认并当场登记。不能当场登记的，应当在3个工作日内予以登记。\n"
            "《中华人民共和国市场主体登记管理条例实施细则》（国家市场监督管理总局令第52号）"
        ),
        "conditions": (
            "1.股东符合法定人数，出资符合公司章程规定；\n"
            "2.有符合公司法规定的公司章程；\n"
            "3.有公司名称，建立符合有限责任公司要求的组织机构；\n"
            "4.有公司住所，住所位于本县行政区域内；\n"
            "5.申请材料齐全、符合法定形式。"
        ),
        "procedure": ["申请", "受理", "审核", "核准登记", "发照"],
        "legal_days": 3,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼3号、4号窗口",
        "consult_phone": "0938-3212315",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "公司登记（备案）申请书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "全体股东签字（盖章），可通过全程电子化系统在线签署"},
            {"name": "公司章程", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "全体股东签字（盖章）"},
            {"name": "股东主体资格证明或自然人身份证件", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "自然人股东提交居民身份证复印件，法人股东提交营业执照复印件并加盖公章"},
            {"name": "法定代表人、董事、监事和高级管理人员的任职文件", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "依据公司章程规定的程序产生，由股东会决议或者相关人员签字"},
            {"name": "住所（经营场所）申报承诺书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人承诺住所真实、合法、可用，并对承诺内容负责"},
            {"name": "指定代表或者共同委托代理人授权委托书", "form": "original", "copies": 1, "required": False,
             "deferrable": False, "requirements": "委托代理人办理时提供，附代理人身份证件复印件"},
        ],
    },
    {
        "code": "62052400SCJ-XK-0002",
        "name": "食品经营许可（新办）",
        "type": "licensing",
        "department": "SCJ",
        "legal_basis": (
            "《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，"
            "应当依法取得许可。但是，销售食用农产品和仅销售预包装食品的，不需要取得许可。\n"
            "《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）"
        ),
        "conditions": (
            "1.已取得营业执照等合法主体资格；\n"
            "2.具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，并与有毒、有害场所以及其他污染源保持规定的距离；\n"
            "3.具有与经营的食品品种、数量相适应的经营设备或者设施；\n"
            "4.有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；\n"
            "5.具有合理的设备布局和工艺流程，防止交叉污染。"
        ),
        "procedure": ["申请", "受理", "审查", "现场核查", "决定", "发证"],
        "legal_days": 10,
        "promised_days": 5,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼5号窗口",
        "consult_phone": "0938-3212315",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey"],
        "materials": [
            {"name": "食品经营许可申请书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "法定代表人（负责人）签字并加盖公章"},
            {"name": "营业执照或者其他主体资格证明文件", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过数据共享获取的免于提交"},
            {"name": "主要设备设施、经营布局和操作流程等文件", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "包括经营场所平面图、设备布局图和主要设备设施清单"},
            {"name": "保证食品安全的规章制度目录清单", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "包括食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等制度"},
            {"name": "食品安全管理人员基本情况", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "附食品安全管理人员身份证件复印件"},
        ],
    },
    {
        "code": "62052400SCJ-BA-0001",
        "name": "仅销售预包装食品备案",
        "type": "filing",
        "department": "SCJ",
        "legal_basis": (
            "《中华人民共和国食品安全法》第三十五条：仅销售预包装食品的，应当报所在地县级以上地方人民政府食品安全监督管理部门备案。\n"
            "《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）"
        ),
        "conditions": (
            "1.已取得营业执照等合法主体资格；\n"
            "2.经营项目仅为销售预包装食品（含冷藏冷冻、不含冷藏冷冻）；\n"
            "3.具有与销售的食品品种、数量相适应的经营场所和贮存条件。"
        ),
        "procedure": ["提交备案信息", "核对", "备案公开"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼3号、4号窗口",
        "consult_phone": "0938-3212315",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "仅销售预包装食品备案信息采集表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "经营者签字或者盖章"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过数据共享获取的免于提交"},
        ],
    },
    {
        "code": "62052400SCJ-XK-0003",
        "name": "特种设备使用登记",
        "type": "licensing",
        "department": "SCJ",
        "legal_basis": (
            "《中华人民共和国特种设备安全法》第三十三条：特种设备使用单位应当在特种设备投入使用前或者投入使用后三十日内，"
            "向负责特种设备安全监督管理的部门办理使用登记，取得使用登记证书。登记标志应当置于该特种设备的显著位置。\n"
            "《特种设备使用管理规则》（TSG 08-2017）"
        ),
        "conditions": (
            "1.特种设备已经安装、改造、修理监督检验合格或者按规定定期检验合格；\n"
            "2.使用单位已配备相应的安全管理人员和持证作业人员；\n"
            "3.在特种设备投入使用前或者投入使用后30日内申请办理。"
        ),
        "procedure": ["申请", "受理", "审查", "发证"],
        "legal_days": 15,
        "promised_days": 3,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼5号窗口",
        "consult_phone": "0938-3212315",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "特种设备使用登记表", "form": "original", "copies": 2, "required": True, "deferrable": False,
             "requirements": "使用单位加盖公章"},
            {"name": "使用单位统一社会信用代码证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "营业执照或者其他主体资格证明，加盖公章"},
            {"name": "特种设备产品合格证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "含产品数据表"},
            {"name": "监督检验证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "安装、改造、重大修理监督检验证书；无需监督检验的设备提交定期检验报告"},
            {"name": "安全管理人员和作业人员资格证书", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "锅炉、压力容器、电梯等需要持证作业的设备提供"},
        ],
    },
    # ---- 县公安局 (GAJ) ----
    {
        "code": "62052400GAJ-GG-0001",
        "name": "居民身份证申领（首次申领、换领、补领）",
        "type": "public_service",
        "department": "GAJ",
        "legal_basis": (
            "《中华人民共和国居民身份证法》第八条：居民身份证由居民常住户口所在地的县级人民政府公安机关签发。\n"
            "《中华人民共和国居民身份证法》第十条：申请领取居民身份证，应当填写《居民身份证申领登记表》，交验居民户口簿。\n"
            "《中华人民共和国居民身份证法》第十一条：居民身份证有效期满、公民姓名变更或者证件严重损坏不能辨认的，应当换领新证；"
            "居民身份证丢失的，应当申请补领。"
        ),
        "conditions": (
            "1.居住在中华人民共和国境内的年满十六周岁的中国公民应当申领居民身份证；未满十六周岁的公民，可以依照规定申领；\n"
            "2.有效期满、姓名变更、证件严重损坏不能辨认或者登记项目错误的，应当换领；\n"
            "3.居民身份证丢失的，应当申请补领；\n"
            "4.在户籍所在地以外办理的，按照居民身份证异地受理（跨省通办）规定办理。"
        ),
        "procedure": ["申请", "人像及指纹采集", "受理", "审核签发", "制证", "领证"],
        "legal_days": 60,
        "promised_days": 20,
        "charges_fee": True,
        "fee_basis": (
            "《国家发展改革委 财政部关于第二代居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）\n"
            "《中华人民共和国居民身份证法》第二十条"
        ),
        "fee_standard": (
            "首次申领、有效期满换领每证20元；丢失补领、损坏换领每证40元；临时居民身份证每证10元。"
            "城市领取最低生活保障金的居民、农村有特殊生活困难的居民首次申领和换领免收工本费"
        ),
        "place": "县政务服务中心二楼18号窗口",
        "consult_phone": "0938-3212110",
        "complaint_phone": "0938-12345",
        "online": False,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "居民户口簿", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "首次申领时交验；异地办理时交验居民身份证即可"},
            {"name": "居民身份证申领登记表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "现场填写，申请人签字确认"},
            {"name": "原居民身份证", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "换领时交回原证"},
            {"name": "监护人居民身份证", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "未满十六周岁的公民申领时由监护人陪同并交验"},
        ],
    },
    {
        "code": "62052400GAJ-QR-0001",
        "name": "户口迁移（迁入登记）",
        "type": "confirmation",
        "department": "GAJ",
        "legal_basis": (
            "《中华人民共和国户口登记条例》第十条：公民迁出本户口管辖区，由本人或者户主在迁出前向户口登记机关申报迁出登记，"
            "领取迁移证件，注销户口。\n"
            "《中华人民共和国户口登记条例》第十三条：公民迁移，从到达迁入地的时候起，城市在三日以内，农村在十日以内，"
            "由本人或者户主持迁移证件向户口登记机关申报迁入登记，缴销迁移证件。\n"
            "《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）"
        ),
        "conditions": (
            "1.在本县城区、建制镇有合法稳定住所（含租赁）的人员，本人及其共同居住生活的配偶、子女、父母可以申请落户；\n"
            "2.投靠本县常住户口的配偶、子女、父母的；\n"
            "3.大中专院校毕业生、在本县就业的人员及其他符合本县落户政策的人员；\n"
            "4.本省范围内迁移实行“一站式”办理，由迁入地公安机关直接办理迁移手续。"
        ),
        "procedure": ["申请", "受理", "审核", "办理迁入登记"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼18号窗口",
        "consult_phone": "0938-3212110",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "居民户口簿", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "迁出人及迁入户的居民户口簿"},
            {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "迁移人员本人居民身份证，未满十六周岁的可不提供"},
            {"name": "合法稳定住所证明", "form": "original_and_copy", "copies": 1, "required": False,
             "deferrable": False, "requirements": "以住所落户的提供不动产权证书、购房合同或者租赁合同"},
            {"name": "亲属关系证明", "form": "original_and_copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "投靠落户的提供结婚证、出生医学证明等能够证明亲属关系的材料"},
        ],
    },
    {
        "code": "62052400GAJ-XK-0001",
        "name": "普通护照签发",
        "type": "licensing",
        "department": "GAJ",
        "legal_basis": (
            "《中华人民共和国护照法》第五条：公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国的，"
            "由本人向户籍所在地的县级以上地方人民政府公安机关出入境管理机构申请普通护照。\n"
            "《中华人民共和国护照法》第六条：公安机关出入境管理机构应当自收到申请材料之日起十五日内签发普通护照；"
            "对不符合规定不予签发的，应当书面说明理由，并告知申请人享有依法申请行政复议或者提起行政诉讼的权利。"
        ),
        "conditions": (
            "1.申请人为中国公民，可在全国任一出入境管理机构申请（全国通办）；\n"
            "2.不具有《中华人民共和国护照法》第十三条规定的不予签发情形；\n"
            "3.国家工作人员申请的，应当按照有关规定提交所在单位或者上级主管单位出具的意见；\n"
            "4.未满十六周岁的，由监护人陪同申请。"
        ),
        "procedure": ["预约", "申请", "照片及指纹采集", "受理", "审批签发", "领取证件"],
        "legal_days": 15,
        "promised_days": 7,
        "charges_fee": True,
        "fee_basis": "《国家发展改革委 财政部关于降低因私普通护照等出入境证件收费标准的通知》（发改价格规〔2019〕914号）",
        "fee_standard": "普通护照每本120元",
        "place": "县政务服务中心二楼19号窗口",
        "consult_phone": "0938-3212110",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "中国公民出入境证件申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "现场采集照片后打印，申请人签字确认"},
            {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
            {"name": "原普通护照", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "持有有效护照申请换发的提供"},
            {"name": "国家工作人员出境审批意见", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "登记备案的国家工作人员提供所在单位或者上级主管单位出具的意见"},
            {"name": "监护人身份证明及监护关系证明", "form": "original_and_copy", "copies": 1, "required": False,
             "deferrable": False, "requirements": "未满十六周岁的申请人提供，监护人陪同办理"},
        ],
    },
    # ---- 县民政局 (MZJ) ----
    {
        "code": "62052400MZJ-QR-0001",
        "name": "婚姻登记（结婚登记）",
        "type": "confirmation",
        "department": "MZJ",
        "legal_basis": (
            "《中华人民共和国民法典》第一千零四十六条：结婚应当男女双方完全自愿，禁止任何一方对另一方加以强迫，禁止任何组织或者个人加以干涉。\n"
            "《中华人民共和国民法典》第一千零四十七条：结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。\n"
            "《中华人民共和国民法典》第一千零四十九条：要求结婚的男女双方应当亲自到婚姻登记机关申请结婚登记。"
            "符合本法规定的，予以登记，发给结婚证。完成结婚登记，即确立婚姻关系。\n"
            "《婚姻登记条例》"
        ),
        "conditions": (
            "1.男女双方完全自愿；\n"
            "2.男方年满二十二周岁，女方年满二十周岁；\n"
            "3.双方均无配偶；\n"
            "4.双方不属于直系血亲或者三代以内的旁系血亲；\n"
            "5.双方当事人共同亲自到婚姻登记机关申请。"
        ),
        "procedure": ["申请", "受理", "审查", "登记", "颁证"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼14号窗口（婚姻登记处）",
        "consult_phone": "0938-3212402",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "男女双方居民身份证", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内，双方各自提供"},
            {"name": "申请结婚登记声明书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "双方在婚姻登记员面前亲自签署无配偶及无禁止结婚亲属关系的声明"},
            {"name": "双方近期半身免冠合影照片", "form": "original", "copies": 3, "required": True, "deferrable": False,
             "requirements": "2寸红底彩色照片"},
        ],
    },
    {
        "code": "62052400MZJ-QR-0002",
        "name": "城乡居民最低生活保障审核确认",
        "type": "confirmation",
        "department": "MZJ",
        "legal_basis": (
            "《社会救助暂行办法》第九条：国家对共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定的家庭，"
            "给予最低生活保障。\n"
            "《社会救助暂行办法》第十一条：申请最低生活保障，由共同生活的家庭成员向户籍所在地的乡镇人民政府、街道办事处提出书面申请……\n"
            "《最低生活保障审核确认办法》（民发〔2021〕57号）"
        ),
        "conditions": (
            "1.申请人持有本县常住户口，以家庭为单位提出申请；\n"
            "2.共同生活的家庭成员人均收入低于本县城乡最低生活保障标准；\n"
            "3.家庭财产状况符合本县最低生活保障家庭财产状况规定；\n"
            "4.申请人及家庭成员如实申报家庭收入、财产状况，并授权核对家庭经济状况。"
        ),
        "procedure": ["申请", "受理", "家庭经济状况调查核对", "民主评议及公示", "审核确认", "发放"],
        "legal_days": 30,
        "promised_days": 20,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼13号窗口",
        "consult_phone": "0938-3212402",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey", "publicity"],
        "materials": [
            {"name": "最低生活保障申请书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人签字或者按手印，写明家庭基本情况和申请理由"},
            {"name": "家庭成员居民身份证和户口簿", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "共同生活家庭成员的身份证件和户口簿"},
            {"name": "家庭经济状况核对授权书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "共同生活家庭成员逐一签字"},
            {"name": "家庭收入和财产状况申报材料", "form": "original", "copies": 1, "required": True, "deferrable": True,
             "requirements": "如实申报工资、经营、财产性收入等；部分证明材料可容缺后补"},
            {"name": "残疾、重病等特殊情况证明", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "家庭成员有残疾、重病情况的提供残疾人证或者二级以上医院诊断证明"},
        ],
    },
    {
        "code": "62052400MZJ-XK-0001",
        "name": "社会团体成立登记",
        "type": "licensing",
        "department": "MZJ",
        "legal_basis": (
            "《社会团体登记管理条例》第三条：成立社会团体，应当经其业务主管单位审查同意，并依照本条例的规定进行登记。\n"
            "《社会团体登记管理条例》第十条：成立社会团体，应当具备下列条件：（一）有50个以上的个人会员或者30个以上的单位会员……"
        ),
        "conditions": (
            "1.有50个以上的个人会员或者30个以上的单位会员，个人会员、单位会员混合组成的，会员总数不得少于50个；\n"
            "2.有规范的名称和相应的组织机构；\n"
            "3.有固定的住所；\n"
            "4.有与其业务活动相适应的专职工作人员；\n"
            "5.有合法的资产和经费来源，地方性的社会团体和跨行政区域的社会团体有3万元以上活动资金；\n"
            "6.有独立承担民事责任的能力，并经业务主管单位审查同意。"
        ),
        "procedure": ["申请", "受理", "审查", "核准登记", "公告", "发证"],
        "legal_days": 60,
        "promised_days": 20,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼14号窗口",
        "consult_phone": "0938-3212402",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "社会团体成立登记申请书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "发起人签字"},
            {"name": "业务主管单位批准文件", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "业务主管单位出具的同意成立的审查文件"},
            {"name": "验资报告", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "由会计师事务所出具，活动资金不少于3万元"},
            {"name": "住所使用权证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "产权证明或者租赁（借用）协议"},
            {"name": "发起人和拟任负责人的基本情况及身份证明", "form": "copy", "copies": 1, "required": True,
             "deferrable": False, "requirements": "附居民身份证复印件"},
            {"name": "章程草案", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "经会员大会或者会员代表大会通过"},
        ],
    },
    {
        "code": "62052400MZJ-JF-0001",
        "name": "困难残疾人生活补贴和重度残疾人护理补贴给付",
        "type": "payment",
        "department": "MZJ",
        "legal_basis": (
            "《中华人民共和国残疾人保障法》\n"
            "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）"
        ),
        "conditions": (
            "1.申请人持有第二代中华人民共和国残疾人证，户籍在本县；\n"
            "2.困难残疾人生活补贴对象为最低生活保障家庭中的残疾人，有条件的可逐步扩大到低收入残疾人及其他困难残疾人；\n"
            "3.重度残疾人护理补贴对象为残疾等级被评定为一级、二级且需要长期照护的重度残疾人；\n"
            "4.已享受其他同类性质补贴的，按照就高原则不重复享受。"
        ),
        "procedure": ["申请", "受理", "审核", "审定", "公示", "发放"],
        "legal_days": 30,
        "promised_days": 15,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼13号窗口",
        "consult_phone": "0938-3212402",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["publicity"],
        "materials": [
            {"name": "残疾人两项补贴申请审批表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人或者其监护人签字"},
            {"name": "中华人民共和国残疾人证", "form": "original_and_copy", "copies": 1, "required": True,
             "deferrable": False, "requirements": "第二代残疾人证，核验原件留存复印件"},
            {"name": "居民身份证或户口簿", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人本人的身份证件"},
            {"name": "社会保障卡或银行账户信息", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "用于补贴资金发放，须为申请人本人或监护人账户"},
        ],
    },
    # ---- 县人力资源和社会保障局 (RSJ) ----
    {
        "code": "62052400RSJ-JF-0001",
        "name": "失业保险金申领",
        "type": "payment",
        "department": "RSJ",
        "legal_basis": (
            "《中华人民共和国社会保险法》第四十五条：失业人员符合下列条件的，从失业保险基金中领取失业保险金：（一）失业前用人单位和本人"
            "已经缴纳失业保险费满一年的；（二）非因本人意愿中断就业的；（三）已经进行失业登记，并有求职要求的。\n"
            "《中华人民共和国社会保险法》第五十条：失业人员应当持本单位为其出具的终止或者解除劳动关系的证明，"
            "及时到指定的公共就业服务机构办理失业登记。\n"
            "《失业保险条例》\n"
            "《失业保险金申领发放办法》"
        ),
        "conditions": (
            "1.失业前用人单位和本人已经缴纳失业保险费满一年；\n"
            "2.非因本人意愿中断就业；\n"
            "3.已经进行失业登记，并有求职要求；\n"
            "4.未领取基本养老金、未重新就业、未应征服兵役。"
        ),
        "procedure": ["申请", "受理", "审核", "核定待遇", "按月发放"],
        "legal_days": 10,
        "promised_days": 3,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼16号窗口",
        "consult_phone": "0938-3212333",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "失业保险金申领登记表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人签字，可通过网上服务平台在线填报"},
            {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
            {"name": "终止或者解除劳动关系证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "原用人单位出具并加盖公章；已实现数据共享的免于提交"},
            {"name": "社会保障卡", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "金融功能已激活，用于发放失业保险金"},
        ],
    },
    {
        "code": "62052400RSJ-JF-0002",
        "name": "企业职工基本养老保险待遇申领（正常退休）",
        "type": "payment",
        "department": "RSJ",
        "legal_basis": (
            "《中华人民共和国社会保险法》第十六条：参加基本养老保险的个人，达到法定退休年龄时累计缴费满十五年的，按月领取基本养老金。\n"
            "《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》\n"
            "《国务院关于完善企业职工基本养老保险制度的决定》（国发〔2005〕38号）"
        ),
        "conditions": (
            "1.参加本县企业职工基本养老保险；\n"
            "2.达到法定退休年龄；\n"
            "3.累计缴费年限（含视同缴费年限）达到国家规定的最低缴费年限；\n"
            "4.已办理退休审批手续。"
        ),
        "procedure": ["申请", "受理", "退休审批", "待遇核定", "发放"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼15号窗口",
        "consult_phone": "0938-3212333",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "基本养老保险待遇申领表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "由用人单位或者本人填报，单位申报的须加盖单位公章"},
            {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
            {"name": "职工人事档案", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "需要认定出生时间、参加工作时间或者视同缴费年限的提供"},
            {"name": "社会保障卡", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "金融功能已激活，用于发放养老金"},
        ],
    },
    {
        "code": "62052400RSJ-GG-0001",
        "name": "就业创业证申领",
        "type": "public_service",
        "department": "RSJ",
        "legal_basis": (
            "《中华人民共和国就业促进法》\n"
            "《就业服务与就业管理规定》\n"
            "《人力资源社会保障部关于进一步完善就业失业登记管理办法的通知》（人社部发〔2014〕97号）"
        ),
        "conditions": (
            "1.在法定劳动年龄内、有劳动能力和就业要求的城乡劳动者；\n"
            "2.已办理就业登记或者失业登记；\n"
            "3.此前未申领过《就业创业证》或者原证遗失、损毁需补办。"
        ),
        "procedure": ["申请", "受理", "核验", "发证"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼16号窗口",
        "consult_phone": "0938-3212333",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "就业创业证申领登记表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人签字，可在线填报"},
            {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
        ],
    },
    {
        "code": "62052400RSJ-GG-0002",
        "name": "城乡居民基本养老保险参保登记",
        "type": "public_service",
        "department": "RSJ",
        "legal_basis": (
            "《中华人民共和国社会保险法》第二十条：国家建立和完善新型农村社会养老保险制度。\n"
            "《中华人民共和国社会保险法》第二十二条：国家建立和完善城镇居民社会养老保险制度。\n"
            "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）"
        ),
        "conditions": (
            "1.年满16周岁（不含在校学生）；\n"
            "2.非国家机关和事业单位工作人员，且不属于职工基本养老保险制度覆盖范围；\n"
            "3.在本县户籍所在地参保。"
        ),
        "procedure": ["申请", "受理", "登记", "告知缴费"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼15号窗口",
        "consult_phone": "0938-3212333",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "城乡居民基本养老保险参保登记表", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "参保人签字或者按手印"},
            {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
            {"name": "居民户口簿", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "身份证件信息与户籍信息不一致时提供"},
        ],
    },
    {
        "code": "62052400RSJ-GG-0003",
        "name": "单位参保登记（社会保险登记）",
        "type": "public_service",
        "department": "RSJ",
        "legal_basis": (
            "《中华人民共和国社会保险法》第五十七条：用人单位应当自成立之日起三十日内凭营业执照、登记证书或者单位印章，"
            "向当地社会保险经办机构申请办理社会保险登记。\n"
            "《社会保险费征缴暂行条例》"
        ),
        "conditions": (
            "1.在本县依法设立的企业、个体工商户、民办非企业单位等用人单位；\n"
            "2.自成立之日起三十日内申请办理；\n"
            "3.企业设立登记时已勾选“多证合一”社保登记的，通过数据共享自动完成，无需另行申请。"
        ),
        "procedure": ["申请", "受理", "登记", "告知"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼3号、4号窗口",
        "consult_phone": "0938-3212333",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "社会保险登记表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖单位公章"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过数据共享获取的免于提交"},
            {"name": "法定代表人居民身份证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖单位公章"},
        ],
    },
    # ---- 县自然资源局 (ZRJ) ----
    {
        "code": "62052400ZRJ-XK-0001",
        "name": "建设用地规划许可证核发",
        "type": "licensing",
        "department": "ZRJ",
        "legal_basis": (
            "《中华人民共和国城乡规划法》第三十七条：在城市、镇规划区内以划拨方式提供国有土地使用权的建设项目，经有关部门批准、核准、"
            "备案后，建设单位应当向城市、县人民政府城乡规划主管部门提出建设用地规划许可申请。\n"
            "《中华人民共和国城乡规划法》第三十八条：以出让方式取得国有土地使用权的建设项目，建设单位在取得建设项目的批准、核准、备案文件"
            "和签订国有土地使用权出让合同后，向城市、县人民政府城乡规划主管部门领取建设用地规划许可证。\n"
            "《自然资源部关于以“多规合一”为基础推进规划用地“多审合一、多证合一”改革的通知》（自然资规〔2019〕2号）"
        ),
        "conditions": (
            "1.建设项目位于本县城市、镇规划区内；\n"
            "2.以划拨方式取得土地的，已取得建设项目批准、核准或者备案文件；\n"
            "3.以出让方式取得土地的，已签订国有建设用地使用权出让合同；\n"
            "4.建设项目符合国土空间规划和详细规划确定的规划条件。"
        ),
        "procedure": ["申请", "受理", "审查", "决定", "发证"],
        "legal_days": 20,
        "promised_days": 5,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼8号窗口",
        "consult_phone": "0938-3212506",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "建设用地规划许可申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖建设单位公章"},
            {"name": "国有建设用地使用权出让合同或划拨决定书", "form": "copy", "copies": 1, "required": True,
             "deferrable": False, "requirements": "出让方式提供出让合同，划拨方式提供划拨决定书"},
            {"name": "建设项目批准、核准或备案文件", "form": "copy", "copies": 1, "required": True, "deferrable": True,
             "requirements": "可容缺受理，在核发许可证前补齐"},
            {"name": "宗地勘测定界报告及界址点坐标", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "由具有相应资质的测绘单位出具，附电子数据"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖建设单位公章"},
        ],
    },
    {
        "code": "62052400ZRJ-XK-0002",
        "name": "建设工程规划许可证核发",
        "type": "licensing",
        "department": "ZRJ",
        "legal_basis": (
            "《中华人民共和国城乡规划法》第四十条：在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当"
            "向城市、县人民政府城乡规划主管部门或者省、自治区、直辖市人民政府确定的镇人民政府申请办理建设工程规划许可证。\n"
            "《甘肃省城乡规划条例》"
        ),
        "conditions": (
            "1.已取得建设用地规划许可证或者不动产权证书等使用土地的有关证明文件；\n"
            "2.建设工程设计方案符合控制性详细规划和规划条件；\n"
            "3.建设工程设计方案符合相关技术标准和规范；\n"
            "4.设计方案已按规定进行批前公示，利害关系人无合理异议。"
        ),
        "procedure": ["申请", "受理", "方案审查", "批前公示", "决定", "发证"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼8号窗口",
        "consult_phone": "0938-3212506",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["expert_review", "publicity"],
        "materials": [
            {"name": "建设工程规划许可申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖建设单位公章"},
            {"name": "使用土地的有关证明文件", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "建设用地规划许可证或者不动产权证书"},
            {"name": "建设工程设计方案", "form": "original", "copies": 2, "required": True, "deferrable": False,
             "requirements": "含总平面图、建筑单体平立剖面图及经济技术指标，由设计单位签章，附电子文件"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖建设单位公章"},
            {"name": "人防、消防等专项意见", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "按规定需要征求相关部门意见的建设项目提供"},
        ],
    },
    {
        "code": "62052400ZRJ-QR-0001",
        "name": "国有建设用地使用权及房屋所有权转移登记",
        "type": "confirmation",
        "department": "ZRJ",
        "legal_basis": (
            "《中华人民共和国民法典》第二百零九条：不动产物权的设立、变更、转让和消灭，经依法登记，发生效力；未经登记，不发生效力，但是法律另有规定的除外。\n"
            "《中华人民共和国民法典》第二百一十条：不动产登记，由不动产所在地的登记机构办理。\n"
            "《不动产登记暂行条例》第二十条：不动产登记机构应当自受理登记申请之日起30个工作日内办结不动产登记手续，法律另有规定的除外。\n"
            "《不动产登记暂行条例实施细则》"
        ),
        "conditions": (
            "1.已依法取得国有建设用地使用权及房屋所有权，并办理首次登记；\n"
            "2.因买卖、互换、赠与、继承、受遗赠、作价出资（入股）等原因导致权属发生转移；\n"
            "3.不动产未被查封，或者存在抵押的已取得抵押权人书面同意；\n"
            "4.已依法申报缴纳相关税费；\n"
            "5.双方当事人共同申请，继承、受遗赠等情形可以单方申请。"
        ),
        "procedure": ["申请", "受理", "审核", "登簿", "缮证发证"],
        "legal_days": 30,
        "promised_days": 5,
        "charges_fee": True,
        "fee_basis": (
            "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）\n"
            "《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》（财税〔2016〕79号）"
        ),
        "fee_standard": (
            "住宅类不动产登记费每件80元，非住宅类不动产登记费每件550元；核发一本不动产权属证书的不收取工本费，"
            "每增加一本证书加收工本费10元；小微企业（含个体工商户）申请不动产登记的免收登记费"
        ),
        "place": "县政务服务中心一楼11号、12号窗口",
        "consult_phone": "0938-3212506",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "不动产登记申请书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请双方签字（盖章）"},
            {"name": "申请人身份证明", "form": "original_and_copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "个人提供居民身份证，单位提供营业执照及法定代表人身份证明"},
            {"name": "不动产权属证书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "原不动产权证书或者房屋所有权证、国有土地使用证，登记完成后收回"},
            {"name": "不动产权属转移的材料", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "买卖合同、赠与合同、生效法律文书或者继承公证书等"},
            {"name": "完税凭证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "“一窗受理”已由税务部门推送完税信息的免于提交"},
            {"name": "授权委托书", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "委托代理人办理的提供，境外委托书须经公证或者认证"},
        ],
    },
    {
        "code": "62052400ZRJ-CJ-0001",
        "name": "土地权属争议行政裁决",
        "type": "adjudication",
        "department": "ZRJ",
        "legal_basis": (
            "《中华人民共和国土地管理法》第十四条：土地所有权和使用权争议，由当事人协商解决；协商不成的，由人民政府处理。"
            "单位之间的争议，由县级以上人民政府处理；个人之间、个人与单位之间的争议，由乡级人民政府或者县级以上人民政府处理。\n"
            "《土地权属争议调查处理办法》（国土资源部令第17号）"
        ),
        "conditions": (
            "1.申请人与争议的土地有直接利害关系；\n"
            "2.有明确的请求处理对象、具体的处理请求和事实根据；\n"
            "3.争议土地位于本县行政区域内，属于县级人民政府处理的范围；\n"
            "4.争议未经人民法院受理或者处理。"
        ),
        "procedure": ["申请", "受理", "调查取证", "调解", "作出处理决定", "送达"],
        "legal_days": 120,
        "promised_days": 60,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼12号窗口",
        "consult_phone": "0938-3212506",
        "complaint_phone": "0938-12345",
        "online": False,
        "visits": 2,
        "special_steps": ["site_survey"],
        "materials": [
            {"name": "土地权属争议调查处理申请书", "form": "original", "copies": 2, "required": True, "deferrable": False,
             "requirements": "写明申请人和对方当事人基本情况、请求事项、事实和理由，按对方当事人人数提交副本"},
            {"name": "申请人身份证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "个人提供居民身份证，单位提供营业执照及法定代表人身份证明"},
            {"name": "土地权属来源证明材料", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "土地权属证书、批准用地文件、协议等能够证明权属来源的材料"},
            {"name": "争议土地四至及面积示意图", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "标明争议地块位置、四至界线和面积"},
            {"name": "授权委托书", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "委托代理人参加处理的提供"},
        ],
    },
    # ---- 县住房和城乡建设局 (ZJJ) ----
    {
        "code": "62052400ZJJ-XK-0001",
        "name": "建筑工程施工许可证核发",
        "type": "licensing",
        "department": "ZJJ",
        "legal_basis": (
            "《中华人民共和国建筑法》第七条：建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门"
            "申请领取施工许可证。\n"
            "《中华人民共和国建筑法》第八条：建设行政主管部门应当自收到申请之日起七日内，对符合条件的申请颁发施工许可证。\n"
            "《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）"
        ),
        "conditions": (
            "1.工程投资额在30万元以上或者建筑面积在300平方米以上（本省另有规定的从其规定）；\n"
            "2.依法应当办理用地批准手续的，已经办理；\n"
            "3.依法应当办理建设工程规划许可证的，已经取得；\n"
            "4.施工场地已经基本具备施工条件，需要征收房屋的，其进度符合施工要求；\n"
            "5.已经确定施工企业，有满足施工需要的资金安排、施工图纸及技术资料。"
        ),
        "procedure": ["申请", "受理", "审查", "决定", "发证"],
        "legal_days": 7,
        "promised_days": 3,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼9号窗口",
        "consult_phone": "0938-3212518",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "建筑工程施工许可证申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "建设单位加盖公章，法定代表人签字"},
            {"name": "用地批准手续", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "不动产权证书或者国有建设用地使用权出让合同、划拨决定书"},
            {"name": "建设工程规划许可证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过数据共享获取的免于提交"},
            {"name": "施工合同及中标通知书", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "依法必须招标的工程提交中标通知书"},
            {"name": "施工图设计文件审查合格书", "form": "copy", "copies": 1, "required": True, "deferrable": True,
             "requirements": "可容缺受理，开工前补齐"},
            {"name": "建设资金已经落实承诺书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "建设单位法定代表人签字并加盖公章"},
            {"name": "监理合同", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "按规定应当委托监理的工程提供"},
        ],
    },
    {
        "code": "62052400ZJJ-XK-0002",
        "name": "商品房预售许可",
        "type": "licensing",
        "department": "ZJJ",
        "legal_basis": (
            "《中华人民共和国城市房地产管理法》第四十五条：商品房预售，应当符合下列条件：（一）已交付全部土地使用权出让金，取得土地使用权证书；"
            "（二）持有建设工程规划许可证；（三）按提供预售的商品房计算，投入开发建设的资金达到工程建设总投资的百分之二十五以上，"
            "并已经确定施工进度和竣工交付日期；（四）向县级以上人民政府房产管理部门办理预售登记，取得商品房预售许可证明。\n"
            "《城市商品房预售管理办法》"
        ),
        "conditions": (
            "1.已交付全部土地使用权出让金，取得土地使用权证书；\n"
            "2.持有建设工程规划许可证和施工许可证；\n"
            "3.按提供预售的商品房计算，投入开发建设的资金达到工程建设总投资的25%以上，并已确定施工进度和竣工交付日期；\n"
            "4.已按规定开设商品房预售资金监管账户。"
        ),
        "procedure": ["申请", "受理", "现场查勘", "审查", "决定", "发证"],
        "legal_days": 10,
        "promised_days": 5,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼9号窗口",
        "consult_phone": "0938-3212518",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey"],
        "materials": [
            {"name": "商品房预售许可申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "开发企业加盖公章"},
            {"name": "营业执照和房地产开发企业资质证书", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖公章"},
            {"name": "土地使用权证书", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "不动产权证书，核验原件"},
            {"name": "建设工程规划许可证和施工许可证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过数据共享获取的免于提交"},
            {"name": "工程施工合同及施工进度说明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "载明施工进度和竣工交付日期，附监理单位出具的形象进度证明"},
            {"name": "商品房预售方案", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "包括房屋位置、面积、竣工交付日期、预售资金监管账户等，附分层平面图"},
        ],
    },
    {
        "code": "62052400ZJJ-XK-0003",
        "name": "特殊建设工程消防设计审查",
        "type": "licensing",
        "department": "ZJJ",
        "legal_basis": (
            "《中华人民共和国消防法》第十一条：国务院住房和城乡建设主管部门规定的特殊建设工程，建设单位应当将消防设计文件报送"
            "住房和城乡建设主管部门审查，住房和城乡建设主管部门依法对审查的结果负责。\n"
            "《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）"
        ),
        "conditions": (
            "1.属于《建设工程消防设计审查验收管理暂行规定》规定的特殊建设工程；\n"
            "2.消防设计文件编制符合国家工程建设消防技术标准；\n"
            "3.采用特殊消防设计的，已按规定组织专家评审；\n"
            "4.依法需要办理建设工程规划许可的，已取得规划许可。"
        ),
        "procedure": ["申请", "受理", "技术审查", "专家评审", "决定", "送达"],
        "legal_days": 15,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼9号窗口",
        "consult_phone": "0938-3212518",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["expert_review"],
        "materials": [
            {"name": "消防设计审查申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "建设单位加盖公章"},
            {"name": "消防设计文件", "form": "original", "copies": 2, "required": True, "deferrable": False,
             "requirements": "由具有相应资质的设计单位编制并签章，附电子文件"},
            {"name": "建设工程规划许可文件", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "依法需要办理建设工程规划许可的提供"},
            {"name": "临时性建筑批准文件", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "依法需要批准的临时性建筑提供"},
            {"name": "特殊消防设计技术资料", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "采用特殊消防设计的提供设计技术说明、论证报告等"},
        ],
    },
    {
        "code": "62052400ZJJ-BA-0001",
        "name": "房屋建筑和市政基础设施工程竣工验收备案",
        "type": "filing",
        "department": "ZJJ",
        "legal_basis": (
            "《建设工程质量管理条例》第四十九条：建设单位应当自建设工程竣工验收合格之日起15日内，将建设工程竣工验收报告和规划、公安消防、"
            "环保等部门出具的认可文件或者准许使用文件报建设行政主管部门或者其他有关部门备案。\n"
            "《房屋建筑和市政基础设施工程竣工验收备案管理办法》"
        ),
        "conditions": (
            "1.工程已按设计和合同约定完成全部建设内容；\n"
            "2.工程已组织竣工验收并验收合格；\n"
            "3.自竣工验收合格之日起15日内申请备案。"
        ),
        "procedure": ["提交备案材料", "核验", "出具备案证明"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼9号窗口",
        "consult_phone": "0938-3212518",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "工程竣工验收备案表", "form": "original", "copies": 2, "required": True, "deferrable": False,
             "requirements": "建设、勘察、设计、施工、监理单位签章"},
            {"name": "工程竣工验收报告", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "含验收组人员签署的竣工验收意见"},
            {"name": "规划、消防、人防等认可文件或准许使用文件", "form": "copy", "copies": 1, "required": True,
             "deferrable": False, "requirements": "实行联合验收的提交联合验收意见书"},
            {"name": "施工单位签署的工程质量保修书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "施工单位加盖公章"},
            {"name": "住宅质量保证书和住宅使用说明书", "form": "original", "copies": 1, "required": False,
             "deferrable": False, "requirements": "商品住宅工程提供"},
        ],
    },
    # ---- 县交通运输局 (JTJ) ----
    {
        "code": "62052400JTJ-XK-0001",
        "name": "道路货物运输经营许可（除使用4500千克及以下普通货运车辆从事普通货运经营外）",
        "type": "licensing",
        "department": "JTJ",
        "legal_basis": (
            "《中华人民共和国道路运输条例》\n"
            "《道路货物运输及站场管理规定》"
        ),
        "conditions": (
            "1.有与其经营业务相适应并经检测合格的车辆；\n"
            "2.有符合规定条件的驾驶人员：取得相应的机动车驾驶证，年龄不超过60周岁，经考试合格取得相应的从业资格证件；\n"
            "3.有健全的安全生产管理制度，包括安全生产责任制度、安全生产业务操作规程、安全生产监督检查制度、驾驶员和车辆安全生产管理制度等。"
        ),
        "procedure": ["申请", "受理", "审查", "决定", "发证"],
        "legal_days": 20,
        "promised_days": 5,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼23号窗口",
        "consult_phone": "0938-3212622",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "道路货物运输经营申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人签字或者加盖公章"},
            {"name": "负责人及经办人身份证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "委托办理的附授权委托书"},
            {"name": "机动车行驶证及车辆技术等级评定结论", "form": "copy", "copies": 1, "required": False,
             "deferrable": False, "requirements": "已购置车辆的提供；尚未购置车辆的提交拟投入车辆承诺书"},
            {"name": "拟投入车辆承诺书", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "包括车辆数量、类型、技术性能、外廓尺寸、总质量等内容"},
            {"name": "驾驶人员机动车驾驶证和从业资格证", "form": "copy", "copies": 1, "required": True, "deferrable": True,
             "requirements": "聘用或者拟聘用驾驶员的证件，可容缺受理，发证前补齐"},
            {"name": "安全生产管理制度文本", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖公章"},
        ],
    },
    {
        "code": "62052400JTJ-XK-0002",
        "name": "涉路施工许可",
        "type": "licensing",
        "department": "JTJ",
        "legal_basis": (
            "《中华人民共和国公路法》第四十四条：因修建铁路、机场、电站、通信设施、水利工程和进行其他建设工程需要占用、挖掘公路"
            "或者使公路改线的，建设单位应当事先征得有关交通主管部门的同意。\n"
            "《中华人民共和国公路法》第四十五条：跨越、穿越公路修建桥梁、渡槽或者架设、埋设管道、电缆等设施的，应当事先经有关交通主管部门同意。\n"
            "《公路安全保护条例》第二十七条"
        ),
        "conditions": (
            "1.涉路工程位于本县管养的县道、乡道及公路用地范围内；\n"
            "2.施工方案符合有关技术标准和规范，不影响公路结构安全和通行安全；\n"
            "3.有保障公路、公路附属设施质量和安全的技术评价报告；\n"
            "4.有处置施工险情和意外事故的应急方案。"
        ),
        "procedure": ["申请", "受理", "现场勘验", "审查", "决定", "送达"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼23号窗口",
        "consult_phone": "0938-3212622",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey"],
        "materials": [
            {"name": "涉路施工许可申请书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "写明施工路段、桩号、施工内容和期限，加盖公章"},
            {"name": "符合有关技术标准、规范要求的设计和施工方案", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "由设计单位签章"},
            {"name": "保障公路、公路附属设施质量和安全的技术评价报告", "form": "original", "copies": 1,
             "required": True, "deferrable": False, "requirements": "由具备相应能力的技术单位出具"},
            {"name": "处置施工险情和意外事故的应急方案", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "加盖施工单位公章"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖公章"},
        ],
    },
    {
        "code": "62052400JTJ-QT-0001",
        "name": "道路运输证配发",
        "type": "other_power",
        "department": "JTJ",
        "legal_basis": (
            "《中华人民共和国道路运输条例》\n"
            "《道路货物运输及站场管理规定》\n"
            "《道路旅客运输及客运站管理规定》"
        ),
        "conditions": (
            "1.申请人已取得道路运输经营许可；\n"
            "2.车辆经检测合格，技术等级达到规定要求；\n"
            "3.总质量12吨及以上的普通货运车辆已按规定安装具有行驶记录功能的卫星定位装置。"
        ),
        "procedure": ["申请", "核验", "配发"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼23号窗口",
        "consult_phone": "0938-3212622",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "道路运输经营许可证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
            {"name": "机动车行驶证", "form": "original_and_copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "核验原件，留存复印件"},
            {"name": "车辆综合性能检测报告", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "由具备资质的检验检测机构出具"},
            {"name": "卫星定位装置安装证明", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "总质量12吨及以上普通货运车辆提供"},
        ],
    },
    # ---- 县水利局 (SLJ) ----
    {
        "code": "62052400SLJ-XK-0001",
        "name": "取水许可",
        "type": "licensing",
        "department": "SLJ",
        "legal_basis": (
            "《中华人民共和国水法》第七条：国家对水资源依法实行取水许可制度和有偿使用制度。\n"
            "《中华人民共和国水法》第四十八条：直接从江河、湖泊或者地下取用水资源的单位和个人，应当按照国家取水许可制度和水资源有偿使用制度的规定，"
            "向水行政主管部门或者流域管理机构申请领取取水许可证，并缴纳水资源费，取得取水权。\n"
            "《取水许可和水资源费征收管理条例》\n"
            "《取水许可管理办法》"
        ),
        "conditions": (
            "1.取水地点位于本县行政区域内，取水量在县级审批权限内；\n"
            "2.符合流域综合规划、区域水资源规划和用水总量控制指标；\n"
            "3.已按规定编制建设项目水资源论证报告书（表）并通过技术审查；\n"
            "4.取水、退水不对第三者合法权益造成损害。"
        ),
        "procedure": ["申请", "受理", "技术审查", "现场勘验", "决定", "发证"],
        "legal_days": 45,
        "promised_days": 20,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼6号窗口",
        "consult_phone": "0938-3212631",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["expert_review", "site_survey"],
        "materials": [
            {"name": "取水许可申请书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人签字或者加盖公章"},
            {"name": "建设项目水资源论证报告书（表）", "form": "original", "copies": 3, "required": True, "deferrable": False,
             "requirements": "按照水资源论证导则编制"},
            {"name": "与第三者利害关系的相关说明", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "取水涉及第三者利害关系的，提交相关说明或者协议"},
            {"name": "营业执照或身份证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "单位提供营业执照，个人提供居民身份证"},
            {"name": "项目核准或备案文件", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "属于建设项目取水的提供"},
        ],
    },
    {
        "code": "62052400SLJ-XK-0002",
        "name": "生产建设项目水土保持方案审批",
        "type": "licensing",
        "department": "SLJ",
        "legal_basis": (
            "《中华人民共和国水土保持法》第二十五条：在山区、丘陵区、风沙区以及水土保持规划确定的容易发生水土流失的其他区域开办可能造成水土流失的"
            "生产建设项目，生产建设单位应当编制水土保持方案，报县级以上人民政府水行政主管部门审批，并按照经批准的水土保持方案，采取水土流失预防和治理措施。\n"
            "《水利部关于进一步深化“放管服”改革全面加强水土保持监管的意见》（水保〔2019〕160号）"
        ),
        "conditions": (
            "1.生产建设项目位于本县行政区域内，属于县级水行政主管部门审批权限；\n"
            "2.征占地面积在5公顷以上或者挖填土石方总量在5万立方米以上的编制水土保持方案报告书，"
            "征占地面积在0.5公顷以上5公顷以下或者挖填土石方总量在1千立方米以上5万立方米以下的编制报告表；\n"
            "3.水土保持方案符合水土保持法律法规和技术标准。"
        ),
        "procedure": ["申请", "受理", "技术评审", "审查", "决定", "送达"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼6号窗口",
        "consult_phone": "0938-3212631",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["expert_review"],
        "materials": [
            {"name": "水土保持方案审批申请文件", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖生产建设单位公章"},
            {"name": "水土保持方案报告书（报告表）", "form": "original", "copies": 3, "required": True, "deferrable": False,
             "requirements": "按照生产建设项目水土保持技术标准编制，附电子文件"},
            {"name": "项目立项文件", "form": "copy", "copies": 1, "required": True, "deferrable": True,
             "requirements": "项目核准、备案或者审批文件，可容缺受理，审批决定前补齐"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖公章"},
        ],
    },
    # ---- 县农业农村局 (NYJ) ----
    {
        "code": "62052400NYJ-XK-0001",
        "name": "农药经营许可",
        "type": "licensing",
        "department": "NYJ",
        "legal_basis": (
            "《农药管理条例》第二十四条：国家实行农药经营许可制度，但经营卫生用农药的除外。\n"
            "《农药经营许可管理办法》"
        ),
        "conditions": (
            "1.有具备农药和病虫害防治专业知识，熟悉农药管理规定，能够指导安全合理使用农药的经营人员；\n"
            "2.有与其他商品以及饮用水水源、生活区域等有效隔离的营业场所和仓储场所，并配备与所申请经营农药相适应的防护设施；\n"
            "3.有与所申请经营农药相适应的质量管理、台账记录、安全防护、应急处置、仓储管理等制度和岗位操作规程；\n"
            "4.有农药采购、销售可追溯管理系统。"
        ),
        "procedure": ["申请", "受理", "审查", "现场核查", "决定", "发证"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼22号窗口",
        "consult_phone": "0938-3212716",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey"],
        "materials": [
            {"name": "农药经营许可证申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人签字或者加盖公章"},
            {"name": "法定代表人（负责人）身份证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "居民身份证复印件"},
            {"name": "经营人员学历或培训证明", "form": "copy", "copies": 1, "required": True, "deferrable": True,
             "requirements": "农学、植保、农药等相关专业学历证明或者培训合格证明，可容缺受理，发证前补齐"},
            {"name": "营业场所和仓储场所说明材料", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "包括地址、面积、平面图及照片"},
            {"name": "可追溯电子信息码扫描识别设备说明", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "说明计算机管理系统和扫描设备配备情况"},
            {"name": "经营管理制度和岗位操作规程目录", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "附制度文本"},
        ],
    },
    {
        "code": "62052400NYJ-XK-0002",
        "name": "动物防疫条件合格证核发",
        "type": "licensing",
        "department": "NYJ",
        "legal_basis": (
            "《中华人民共和国动物防疫法》第二十四条：动物饲养场和隔离场所、动物屠宰加工场所以及动物和动物产品无害化处理场所，应当符合动物防疫条件。\n"
            "《中华人民共和国动物防疫法》第二十五条\n"
            "《动物防疫条件审查办法》"
        ),
        "conditions": (
            "1.场所的位置与居民生活区、生活饮用水水源地、学校、医院等公共场所的距离符合国务院农业农村主管部门的规定；\n"
            "2.生产经营区域封闭隔离，工程设计和有关流程符合动物防疫要求；\n"
            "3.有与其规模相适应的污水、污物处理设施，病死动物、病害动物产品无害化处理设施设备或者冷藏冷冻设施设备，以及清洗消毒设施设备；\n"
            "4.有与其规模相适应的执业兽医或者动物防疫技术人员；\n"
            "5.有完善的隔离消毒、购销台账、日常巡查等动物防疫制度。"
        ),
        "procedure": ["申请", "受理", "材料审查", "现场核查", "决定", "发证"],
        "legal_days": 15,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼22号窗口",
        "consult_phone": "0938-3212716",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey"],
        "materials": [
            {"name": "动物防疫条件审查申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人签字或者加盖公章"},
            {"name": "场所地理位置图和各功能区布局平面图", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "标明与周边居民区、水源地等的距离"},
            {"name": "设施设备清单", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "包括消毒、无害化处理、污水污物处理等设施设备"},
            {"name": "管理制度文本", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "隔离消毒、购销台账、日常巡查等动物防疫制度"},
            {"name": "人员信息", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "执业兽医或者动物防疫技术人员的资格证明"},
        ],
    },
    {
        "code": "62052400NYJ-JF-0001",
        "name": "农机购置与应用补贴",
        "type": "payment",
        "department": "NYJ",
        "legal_basis": (
            "《中华人民共和国农业机械化促进法》第二十七条：中央财政、省级财政应当分别安排专项资金，对农民和农业生产经营组织"
            "购买国家支持推广的先进适用的农业机械给予补贴。\n"
            "《农机购置与应用补贴实施指导意见》"
        ),
        "conditions": (
            "1.申请人为从事农业生产的个人和农业生产经营组织；\n"
            "2.购置的机具属于本省农机购置与应用补贴范围，且已纳入补贴机具信息系统；\n"
            "3.购机行为真实，机具已在本县投入使用；\n"
            "4.在当年补贴资金申请期限内提出申请。"
        ),
        "procedure": ["申请", "受理", "机具核验", "公示", "资金兑付"],
        "legal_days": 30,
        "promised_days": 15,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼22号窗口",
        "consult_phone": "0938-3212716",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey", "publicity"],
        "materials": [
            {"name": "农机购置补贴申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过补贴申请手机APP在线填报，申请人签字确认"},
            {"name": "购机发票", "form": "original_and_copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "机动车发票或者增值税发票，发票信息与机具信息一致"},
            {"name": "申请人身份证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "个人提供居民身份证，组织提供营业执照"},
            {"name": "银行账户信息", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "惠农“一卡通”或者本人银行账户"},
            {"name": "机具铭牌及人机合影照片", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "清晰显示机具铭牌、出厂编号"},
        ],
    },
    # ---- 县卫生健康局 (WJJ) ----
    {
        "code": "62052400WJJ-XK-0001",
        "name": "医疗机构执业登记",
        "type": "licensing",
        "department": "WJJ",
        "legal_basis": (
            "《医疗机构管理条例》第十五条：医疗机构执业，必须进行登记，领取《医疗机构执业许可证》；诊所按照国务院卫生行政部门的规定"
            "向所在地的县级人民政府卫生行政部门备案后，可以执业。\n"
            "《医疗机构管理条例实施细则》"
        ),
        "conditions": (
            "1.按照规定应当办理设置审批的，已取得设置医疗机构批准书；\n"
            "2.符合医疗机构的基本标准；\n"
            "3.有适合的名称、组织机构和场所；\n"
            "4.有与其开展的业务相适应的经费、设施、设备和专业卫生技术人员；\n"
            "5.有相应的规章制度，能够独立承担民事责任。"
        ),
        "procedure": ["申请", "受理", "审查", "现场核查", "决定", "发证"],
        "legal_days": 45,
        "promised_days": 20,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼21号窗口",
        "consult_phone": "0938-3212720",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey"],
        "materials": [
            {"name": "医疗机构申请执业登记注册书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "法定代表人或者主要负责人签字并加盖公章"},
            {"name": "医疗机构用房产权证明或使用证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "不动产权证书或者租赁合同，租期不少于一年"},
            {"name": "医疗机构建筑设计平面图", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "标明各功能科室布局及面积"},
            {"name": "验资证明或资产评估报告", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "由会计师事务所或者资产评估机构出具"},
            {"name": "医疗机构规章制度", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "含医疗质量安全核心制度"},
            {"name": "负责人及卫生技术人员名录和执业资格证书", "form": "copy", "copies": 1, "required": True,
             "deferrable": False, "requirements": "附医师、护士执业证书复印件"},
        ],
    },
    {
        "code": "62052400WJJ-XK-0002",
        "name": "护士执业注册（首次注册）",
        "type": "licensing",
        "department": "WJJ",
        "legal_basis": (
            "《护士条例》第七条：护士执业，应当经执业注册取得护士执业证书。\n"
            "《护士条例》第八条：申请护士执业注册的，应当向批准设立拟执业医疗机构或者为该医疗机构备案的卫生主管部门提出申请。"
            "收到申请的卫生主管部门应当自收到申请之日起20个工作日内作出决定。\n"
            "《护士执业注册管理办法》"
        ),
        "conditions": (
            "1.具有完全民事行为能力；\n"
            "2.在中等职业学校、高等学校完成国务院教育主管部门和国务院卫生主管部门规定的普通全日制3年以上的护理、助产专业课程学习，"
            "包括在教学、综合医院完成8个月以上护理临床实习，并取得相应学历证书；\n"
            "3.通过国家护士执业资格考试；\n"
            "4.符合规定的健康标准；\n"
            "5.拟执业机构为本县卫生健康部门批准设立或者备案的医疗机构。"
        ),
        "procedure": ["申请", "受理", "审核", "决定", "发证"],
        "legal_days": 20,
        "promised_days": 5,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼21号窗口",
        "consult_phone": "0938-3212720",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "护士执业注册申请审核表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "通过护士电子化注册系统填报，拟执业机构签署意见"},
            {"name": "居民身份证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
            {"name": "学历证书及临床实习证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "护理、助产专业学历证书及8个月以上临床实习证明"},
            {"name": "护士执业资格考试成绩合格证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过考试系统核验的免于提交"},
            {"name": "健康体检证明", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请前6个月内县级以上医疗机构出具"},
            {"name": "医疗机构拟聘用证明", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "加盖拟执业医疗机构公章"},
        ],
    },
    {
        "code": "62052400WJJ-XK-0003",
        "name": "公共场所卫生许可（新办）",
        "type": "licensing",
        "department": "WJJ",
        "legal_basis": (
            "《公共场所卫生管理条例》第八条：除公园、体育场（馆）、公共交通工具外的公共场所，经营单位应当及时向卫生行政部门申请办理“卫生许可证”。\n"
            "《公共场所卫生管理条例实施细则》"
        ),
        "conditions": (
            "1.经营住宿场所、沐浴场所、美容美发场所、游泳场所等依法需要取得卫生许可的公共场所；\n"
            "2.场所选址、布局、设施设备符合公共场所卫生标准和卫生规范；\n"
            "3.有健全的卫生管理制度和卫生管理人员；\n"
            "4.从业人员取得有效健康合格证明。"
        ),
        "procedure": ["申请", "受理", "审查", "现场核查", "决定", "发证"],
        "legal_days": 20,
        "promised_days": 5,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼21号窗口",
        "consult_phone": "0938-3212720",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["site_survey"],
        "materials": [
            {"name": "公共场所卫生许可申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "法定代表人或者负责人签字并加盖公章"},
            {"name": "营业执照", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过数据共享获取的免于提交"},
            {"name": "场所地址方位示意图和卫生设施平面布局图", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "标明卫生设施位置"},
            {"name": "公共场所卫生检测或评价报告", "form": "original", "copies": 1, "required": True, "deferrable": True,
             "requirements": "实行告知承诺的可容缺受理，在承诺期限内补交"},
            {"name": "公共场所卫生管理制度", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "包括从业人员健康管理、清洗消毒、卫生检测等制度"},
        ],
    },
    {
        "code": "62052400WJJ-BA-0001",
        "name": "诊所备案",
        "type": "filing",
        "department": "WJJ",
        "legal_basis": (
            "《医疗机构管理条例》第十五条：诊所按照国务院卫生行政部门的规定向所在地的县级人民政府卫生行政部门备案后，可以执业。\n"
            "《诊所备案管理暂行办法》"
        ),
        "conditions": (
            "1.诊所符合《诊所基本标准》；\n"
            "2.诊所主要负责人具有相应的执业资格和执业年限要求；\n"
            "3.诊所名称、执业地点、诊疗科目符合规定；\n"
            "4.备案材料齐全，备案人对材料真实性负责。"
        ),
        "procedure": ["提交备案材料", "核对", "发放备案凭证"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼21号窗口",
        "consult_phone": "0938-3212720",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "诊所备案信息表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "备案人签字或者加盖公章"},
            {"name": "诊所房屋平面布局图", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "标明诊室、治疗室、处置室等功能布局"},
            {"name": "诊所用房产权证明或使用证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "不动产权证书或者租赁合同"},
            {"name": "诊所人员名录及执业证书", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "医师、护士执业证书复印件"},
            {"name": "诊所规章制度", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "含医疗质量安全管理制度"},
        ],
    },
    # ---- 市生态环境局安宁分局 (HBJ) ----
    {
        "code": "62052400HBJ-XK-0001",
        "name": "建设项目环境影响报告表审批",
        "type": "licensing",
        "department": "HBJ",
        "legal_basis": (
            "《中华人民共和国环境保护法》第十九条：编制有关开发利用规划，建设对环境有影响的项目，应当依法进行环境影响评价。\n"
            "《中华人民共和国环境影响评价法》第二十二条：审批部门应当自收到环境影响报告书之日起六十日内，收到环境影响报告表之日起三十日内，"
            "分别作出审批决定并书面通知建设单位。\n"
            "《建设项目环境保护管理条例》"
        ),
        "conditions": (
            "1.建设项目属于《建设项目环境影响评价分类管理名录》规定应当编制环境影响报告表的项目；\n"
            "2.建设项目类型及其选址、布局、规模等符合环境保护法律法规和相关法定规划；\n"
            "3.所在区域环境质量满足功能区要求，采取的措施能够满足区域环境质量改善目标管理要求；\n"
            "4.拟采取的污染防治措施能确保污染物排放达到国家和地方排放标准。"
        ),
        "procedure": ["申请", "受理公示", "技术评估", "审查", "拟批准公示", "决定"],
        "legal_days": 30,
        "promised_days": 15,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼10号窗口",
        "consult_phone": "0938-3212369",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["expert_review", "publicity"],
        "materials": [
            {"name": "建设项目环境影响报告表审批申请书", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "加盖建设单位公章"},
            {"name": "建设项目环境影响报告表", "form": "original", "copies": 2, "required": True, "deferrable": False,
             "requirements": "由编制单位和编制人员签章，附电子文件"},
            {"name": "环境影响报告表公开版本", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "删除涉及国家秘密、商业秘密和个人隐私等内容的版本，附删除说明"},
            {"name": "项目备案或核准文件", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "已取得的提供"},
        ],
    },
    {
        "code": "62052400HBJ-BA-0001",
        "name": "建设项目环境影响登记表备案",
        "type": "filing",
        "department": "HBJ",
        "legal_basis": (
            "《中华人民共和国环境影响评价法》第十六条：建设单位应当按照下列规定组织编制环境影响报告书、环境影响报告表或者填报环境影响登记表……"
            "（三）对环境影响很小、不需要进行环境影响评价的，应当填报环境影响登记表。\n"
            "《建设项目环境影响登记表备案管理办法》（环境保护部令第41号）"
        ),
        "conditions": (
            "1.建设项目属于《建设项目环境影响评价分类管理名录》规定应当填报环境影响登记表的项目；\n"
            "2.建设单位在建设项目建成并投入生产运营前通过备案系统填报；\n"
            "3.建设单位对备案内容的真实性、准确性和完整性负责。"
        ),
        "procedure": ["在线填报", "系统备案", "生成备案回执"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼10号窗口",
        "consult_phone": "0938-3212369",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "建设项目环境影响登记表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "通过建设项目环境影响登记表备案系统在线填报"},
            {"name": "建设单位承诺书", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在线签署，承诺落实环境保护措施"},
        ],
    },
    # ---- 县税务局 (SWJ) ----
    {
        "code": "62052400SWJ-QT-0001",
        "name": "契税申报",
        "type": "other_power",
        "department": "SWJ",
        "legal_basis": (
            "《中华人民共和国契税法》第一条：在中华人民共和国境内转移土地、房屋权属，承受的单位和个人为契税的纳税人，应当依照本法规定缴纳契税。\n"
            "《中华人民共和国契税法》第十条：纳税人应当在依法办理土地、房屋权属登记手续前申报缴纳契税。\n"
            "《中华人民共和国税收征收管理法》"
        ),
        "conditions": (
            "1.承受本县行政区域内土地、房屋权属的单位和个人；\n"
            "2.已签订土地、房屋权属转移合同或者取得其他具有土地、房屋权属转移合同性质的凭证；\n"
            "3.在办理不动产权属登记手续前申报缴纳。"
        ),
        "procedure": ["申报", "受理", "计税", "缴税", "开具完税凭证"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心一楼11号窗口",
        "consult_phone": "0938-3212366",
        "complaint_phone": "0938-12366",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "财产和行为税纳税申报表及契税税源明细表", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "纳税人签字或者盖章"},
            {"name": "土地、房屋权属转移合同", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "或者具有土地、房屋权属转移合同性质的凭证"},
            {"name": "纳税人身份证件", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "个人提供居民身份证，单位提供营业执照"},
            {"name": "契税减免相关证明材料", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "享受家庭唯一住房、第二套改善性住房等契税优惠的提供"},
        ],
    },
    {
        "code": "62052400SWJ-GG-0001",
        "name": "发票领用",
        "type": "public_service",
        "department": "SWJ",
        "legal_basis": (
            "《中华人民共和国发票管理办法》\n"
            "《中华人民共和国发票管理办法实施细则》"
        ),
        "conditions": (
            "1.已办理设立登记并完成税务信息确认的纳税人；\n"
            "2.首次领用发票的，已按规定刻制发票专用章；\n"
            "3.无未按规定缴销的发票和尚未处理的税收违法行为。"
        ),
        "procedure": ["申请", "受理", "核定", "发放"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼20号窗口",
        "consult_phone": "0938-3212366",
        "complaint_phone": "0938-12366",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "经办人身份证件", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "经办人须已完成实名信息采集"},
            {"name": "发票专用章印模", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "首次领用发票时提供"},
            {"name": "发票领用申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过电子税务局在线申请"},
        ],
    },
    {
        "code": "62052400SWJ-GG-0002",
        "name": "代开增值税发票",
        "type": "public_service",
        "department": "SWJ",
        "legal_basis": (
            "《中华人民共和国发票管理办法》\n"
            "《中华人民共和国增值税暂行条例》\n"
            "《国家税务总局关于加强和规范税务机关代开普通发票工作的通知》"
        ),
        "conditions": (
            "1.已办理税务登记或者临时税务登记的小规模纳税人、自然人等，依法不能自行开具发票；\n"
            "2.发生增值税应税行为，需要开具发票；\n"
            "3.已按规定申报缴纳相关税款。"
        ),
        "procedure": ["申请", "审核", "缴纳税款", "开具发票"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼20号窗口",
        "consult_phone": "0938-3212366",
        "complaint_phone": "0938-12366",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "代开增值税发票缴纳税款申报单", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人签字或者盖章"},
            {"name": "纳税人身份证件", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "自然人提供居民身份证，单位提供营业执照"},
            {"name": "合同或业务往来证明", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "税务机关需要核实业务真实性时提供"},
        ],
    },
    # ---- 县医疗保障局 (YBJ) ----
    {
        "code": "62052400YBJ-GG-0001",
        "name": "城乡居民基本医疗保险参保登记",
        "type": "public_service",
        "department": "YBJ",
        "legal_basis": (
            "《中华人民共和国社会保险法》第二十五条：国家建立和完善城镇居民基本医疗保险制度。城镇居民基本医疗保险实行个人缴费和政府补贴相结合。\n"
            "《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）"
        ),
        "conditions": (
            "1.本县户籍或者持有本县居住证的城乡居民；\n"
            "2.未参加职工基本医疗保险；\n"
            "3.新生儿、在校学生可按规定随时参保。"
        ),
        "procedure": ["申请", "受理", "登记", "告知缴费"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼17号窗口",
        "consult_phone": "0938-3212809",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "城乡居民基本医疗保险参保登记表", "form": "original", "copies": 1, "required": True,
             "deferrable": False, "requirements": "参保人或者监护人签字"},
            {"name": "居民身份证或户口簿", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "新生儿可凭出生医学证明办理"},
            {"name": "居住证", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "非本县户籍居民在本县参保时提供"},
        ],
    },
    {
        "code": "62052400YBJ-GG-0002",
        "name": "跨省异地就医备案",
        "type": "public_service",
        "department": "YBJ",
        "legal_basis": (
            "《中华人民共和国社会保险法》\n"
            "《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）"
        ),
        "conditions": (
            "1.参加本县基本医疗保险且处于正常参保状态；\n"
            "2.属于异地长期居住人员、临时外出就医人员（含异地转诊人员、急诊抢救人员等）；\n"
            "3.拟在就医地跨省定点医药机构直接结算医疗费用。"
        ),
        "procedure": ["申请", "审核", "备案"],
        "legal_days": 0,
        "promised_days": 0,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼17号窗口",
        "consult_phone": "0938-3212809",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "跨省异地就医登记备案表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "可通过国家医保服务平台APP在线填报"},
            {"name": "医保电子凭证或社会保障卡", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "或者有效居民身份证"},
            {"name": "异地长期居住个人承诺书", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "异地长期居住人员提供，可以承诺书替代居住证明"},
        ],
    },
    {
        "code": "62052400YBJ-QR-0001",
        "name": "门诊慢特病待遇认定",
        "type": "confirmation",
        "department": "YBJ",
        "legal_basis": (
            "《中华人民共和国社会保险法》\n"
            "《国家医疗保障局 财政部关于建立医疗保障待遇清单制度的意见》\n"
            "《全国医疗保障经办政务服务事项清单》"
        ),
        "conditions": (
            "1.参加本县基本医疗保险且处于正常参保状态；\n"
            "2.患有本省门诊慢特病病种目录内的疾病；\n"
            "3.病情符合本省规定的病种认定标准。"
        ),
        "procedure": ["申请", "受理", "专家评审", "认定", "结果告知"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼17号窗口",
        "consult_phone": "0938-3212809",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["expert_review"],
        "materials": [
            {"name": "门诊慢特病待遇认定申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "参保人签字"},
            {"name": "医保电子凭证或社会保障卡", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "或者有效居民身份证"},
            {"name": "二级及以上医疗机构诊断证明及病历资料", "form": "copy", "copies": 1, "required": True,
             "deferrable": False, "requirements": "包括出院记录、门诊病历等"},
            {"name": "相关检查检验报告", "form": "copy", "copies": 1, "required": True, "deferrable": True,
             "requirements": "病种认定标准要求的检查检验结果，可容缺受理，评审前补齐"},
        ],
    },
    {
        "code": "62052400YBJ-JF-0001",
        "name": "生育津贴支付",
        "type": "payment",
        "department": "YBJ",
        "legal_basis": (
            "《中华人民共和国社会保险法》第五十四条：用人单位已经缴纳生育保险费的，其职工享受生育保险待遇。\n"
            "《中华人民共和国社会保险法》第五十六条：职工有下列情形之一的，可以按照国家规定享受生育津贴：（一）女职工生育享受产假；"
            "（二）享受计划生育手术休假；（三）法律、法规规定的其他情形。生育津贴按照职工所在用人单位上年度职工月平均工资计发。"
        ),
        "conditions": (
            "1.用人单位已按规定参加生育保险并足额缴费；\n"
            "2.职工生育或者实施计划生育手术，依法享受产假或者计划生育手术休假；\n"
            "3.在规定期限内提出申请。"
        ),
        "procedure": ["申请", "受理", "审核", "待遇核定", "支付"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼17号窗口",
        "consult_phone": "0938-3212809",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 0,
        "special_steps": [],
        "materials": [
            {"name": "生育津贴申领表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "用人单位加盖公章"},
            {"name": "居民身份证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "职工本人身份证件"},
            {"name": "出生医学证明", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "生育的提供；已实现数据共享的免于提交"},
            {"name": "出院记录或计划生育手术证明", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "由医疗机构出具"},
        ],
    },
    # ---- 县退役军人事务局 (TYJ) ----
    {
        "code": "62052400TYJ-GG-0001",
        "name": "退役军人优待证申领",
        "type": "public_service",
        "department": "TYJ",
        "legal_basis": (
            "《中华人民共和国退役军人保障法》\n"
            "《退役军人、其他优抚对象优待证管理办法（试行）》"
        ),
        "conditions": (
            "1.户籍在本县的退役军人，或者在本县居住的其他优抚对象；\n"
            "2.已在退役军人事务部门完成信息采集；\n"
            "3.不属于被取消或者暂停优待资格的情形。"
        ),
        "procedure": ["申请", "信息核验", "审核", "制证", "发放"],
        "legal_days": 30,
        "promised_days": 20,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼13号窗口",
        "consult_phone": "0938-3212817",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "优待证申领表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "本人签字，可通过手机扫码在线申请"},
            {"name": "居民身份证", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
            {"name": "退役证件", "form": "original_and_copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "退伍证、转业证、复员证或者退出现役证等"},
            {"name": "近期免冠彩色证件照", "form": "original", "copies": 1, "required": False, "deferrable": False,
             "requirements": "未完成电子照片采集的提供"},
        ],
    },
    {
        "code": "62052400TYJ-JF-0001",
        "name": "自主就业退役士兵一次性经济补助金给付",
        "type": "payment",
        "department": "TYJ",
        "legal_basis": (
            "《中华人民共和国退役军人保障法》\n"
            "《退役士兵安置条例》"
        ),
        "conditions": (
            "1.选择自主就业方式安置的退役士兵；\n"
            "2.安置地为本县，并在规定时限内到县退役军人事务局报到；\n"
            "3.未因违纪违法等原因被取消安置待遇。"
        ),
        "procedure": ["报到申请", "受理", "审核", "公示", "发放"],
        "legal_days": 30,
        "promised_days": 15,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼13号窗口",
        "consult_phone": "0938-3212817",
        "complaint_phone": "0938-12345",
        "online": False,
        "visits": 1,
        "special_steps": ["publicity"],
        "materials": [
            {"name": "退役士兵安置介绍信", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "由部队或者上级退役军人事务部门开具"},
            {"name": "退出现役证", "form": "original_and_copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "核验原件，留存复印件"},
            {"name": "居民身份证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "在有效期内"},
            {"name": "社会保障卡或本人银行账户", "form": "copy", "copies": 1, "required": True, "deferrable": True,
             "requirements": "用于发放补助金，可容缺受理，发放前补齐"},
        ],
    },
    # ---- 县残疾人联合会 (CLH) ----
    {
        "code": "62052400CLH-QR-0001",
        "name": "残疾人证核发（新办）",
        "type": "confirmation",
        "department": "CLH",
        "legal_basis": (
            "《中华人民共和国残疾人保障法》第二条：残疾人是指在心理、生理、人体结构上，某种组织、功能丧失或者不正常，"
            "全部或者部分丧失以正常方式从事某种活动能力的人。\n"
            "《中华人民共和国残疾人证管理办法》"
        ),
        "conditions": (
            "1.具有本县户籍的中国公民；\n"
            "2.符合《残疾人残疾分类和分级》国家标准；\n"
            "3.经县残联指定的评定机构残疾评定，符合残疾标准。"
        ),
        "procedure": ["申请", "受理", "残疾评定", "审核", "公示", "发证"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼13号窗口",
        "consult_phone": "0938-3212906",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": ["appraisal"],
        "materials": [
            {"name": "残疾人证申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人或者其监护人签字"},
            {"name": "居民身份证或户口簿", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人本人身份证件"},
            {"name": "近期2寸免冠白底彩色照片", "form": "original", "copies": 3, "required": True, "deferrable": False,
             "requirements": "用于制作残疾人证"},
            {"name": "监护人身份证明", "form": "copy", "copies": 1, "required": False, "deferrable": False,
             "requirements": "未成年人或者无民事行为能力人由监护人代为申请时提供"},
        ],
    },
    {
        "code": "62052400CLH-GG-0001",
        "name": "残疾人基本型辅助器具适配",
        "type": "public_service",
        "department": "CLH",
        "legal_basis": (
            "《中华人民共和国残疾人保障法》\n"
            "《残疾预防和残疾人康复条例》"
        ),
        "conditions": (
            "1.持有第二代中华人民共和国残疾人证，户籍在本县；\n"
            "2.经评估确有辅助器具适配需求；\n"
            "3.同一类型辅助器具在规定使用年限内未享受过适配补贴。"
        ),
        "procedure": ["申请", "需求评估", "审核", "适配发放", "回访"],
        "legal_days": 20,
        "promised_days": 10,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "县政务服务中心二楼13号窗口",
        "consult_phone": "0938-3212906",
        "complaint_phone": "0938-12345",
        "online": True,
        "visits": 1,
        "special_steps": [],
        "materials": [
            {"name": "辅助器具适配申请表", "form": "original", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人或者其监护人签字"},
            {"name": "中华人民共和国残疾人证", "form": "original_and_copy", "copies": 1, "required": True,
             "deferrable": False, "requirements": "第二代残疾人证"},
            {"name": "居民身份证", "form": "copy", "copies": 1, "required": True, "deferrable": False,
             "requirements": "申请人本人身份证件"},
        ],
    },
]

# Each item's 常用名 (the words citizens search with) and the queue category its 取号 button
# issues. Where two categories list an item, it is the one that does the work (收费 comes after).
ITEM_SEARCH = {
    "62052400FGJ-BA-0001": ("construction", ["项目备案", "投资备案", "备案证明"]),
    "62052400FGJ-XK-0001": ("construction", ["项目核准", "立项"]),
    "62052400FGJ-QT-0001": ("construction", ["节能审查", "能评", "节能报告"]),
    "62052400SCJ-XK-0001": ("enterprise", ["营业执照", "企业设立", "公司注册", "开公司",
                                           "企业开办"]),
    "62052400SCJ-XK-0002": ("enterprise", ["食品经营许可证", "餐饮许可证", "开饭店", "开超市"]),
    "62052400SCJ-BA-0001": ("enterprise", ["预包装食品", "小卖部备案", "便利店备案"]),
    "62052400SCJ-XK-0003": ("enterprise", ["特种设备", "锅炉登记", "电梯登记", "叉车登记"]),
    "62052400GAJ-GG-0001": ("police", ["身份证", "办身份证", "换身份证", "补身份证",
                                       "身份证丢了"]),
    "62052400GAJ-QR-0001": ("police", ["户口", "落户", "迁户口", "户口迁移"]),
    "62052400GAJ-XK-0001": ("police", ["护照", "办护照", "出国证件"]),
    "62052400MZJ-QR-0001": ("civil", ["结婚证", "结婚", "领证", "婚姻登记"]),
    "62052400MZJ-QR-0002": ("civil", ["低保", "最低生活保障", "申请低保"]),
    "62052400MZJ-XK-0001": ("civil", ["成立社团", "协会登记", "社团登记"]),
    "62052400MZJ-JF-0001": ("civil", ["残疾人两项补贴", "护理补贴", "残疾补贴"]),
    "62052400RSJ-JF-0001": ("social", ["失业金", "失业保险", "领失业金"]),
    "62052400RSJ-JF-0002": ("social", ["退休", "办退休", "养老金", "退休手续"]),
    "62052400RSJ-GG-0001": ("social", ["就业创业证", "失业证", "就业失业登记证"]),
    "62052400RSJ-GG-0002": ("social", ["社保卡", "社保", "居民养老保险", "养老保险参保",
                                       "新农保"]),
    "62052400RSJ-GG-0003": ("enterprise", ["社保开户", "单位社保", "社保登记", "社保"]),
    "62052400ZRJ-XK-0001": ("construction", ["用地规划许可证", "用地许可"]),
    "62052400ZRJ-XK-0002": ("construction", ["工程规划许可证", "规划许可"]),
    "62052400ZRJ-QR-0001": ("realestate", ["房产证", "不动产证", "不动产权证书", "过户",
                                           "房屋过户", "二手房过户"]),
    "62052400ZRJ-CJ-0001": ("realestate", ["土地纠纷", "土地争议", "宅基地纠纷"]),
    "62052400ZJJ-XK-0001": ("construction", ["施工许可证", "开工许可"]),
    "62052400ZJJ-XK-0002": ("construction", ["预售证", "商品房预售证", "卖房许可"]),
    "62052400ZJJ-XK-0003": ("construction", ["消防审查", "消防设计", "消防报审"]),
    "62052400ZJJ-BA-0001": ("construction", ["竣工验收", "竣工备案"]),
    "62052400JTJ-XK-0001": ("rural", ["货运许可", "道路运输经营许可证", "跑运输"]),
    "62052400JTJ-XK-0002": ("construction", ["占道施工", "挖路许可", "公路施工"]),
    "62052400JTJ-QT-0001": ("rural", ["营运证", "道路运输证", "货车营运证"]),
    "62052400SLJ-XK-0001": ("construction", ["取水证", "打井取水", "用水许可"]),
    "62052400SLJ-XK-0002": ("construction", ["水保方案", "水土保持"]),
    "62052400NYJ-XK-0001": ("rural", ["卖农药", "农药店", "农药经营许可证"]),
    "62052400NYJ-XK-0002": ("rural", ["动物防疫合格证", "养殖场防疫", "防疫条件"]),
    "62052400NYJ-JF-0001": ("rural", ["农机补贴", "买农机补贴", "购机补贴"]),
    "62052400WJJ-XK-0001": ("health", ["医疗机构执业许可证", "开医院", "开诊所执业"]),
    "62052400WJJ-XK-0002": ("health", ["护士证", "护士注册", "护士执业证书"]),
    "62052400WJJ-XK-0003": ("health", ["卫生许可证", "健康证", "理发店卫生许可",
                                       "宾馆卫生许可"]),
    "62052400WJJ-BA-0001": ("health", ["开诊所", "诊所"]),
    "62052400HBJ-XK-0001": ("construction", ["环评", "环评审批", "环境影响评价"]),
    "62052400HBJ-BA-0001": ("construction", ["环评登记", "环评备案"]),
    "62052400SWJ-QT-0001": ("realestate", ["契税", "买房交税", "房产税费"]),
    "62052400SWJ-GG-0001": ("enterprise", ["领发票", "申领发票", "个体户领发票", "税务"]),
    "62052400SWJ-GG-0002": ("enterprise", ["代开发票", "开发票", "个体工商户开票", "税务"]),
    "62052400YBJ-GG-0001": ("social", ["医保", "农村医保", "新农合", "居民医保", "医保参保"]),
    "62052400YBJ-GG-0002": ("social", ["异地就医", "异地医保", "外地看病报销"]),
    "62052400YBJ-QR-0001": ("social", ["慢病", "慢性病", "门特", "慢特病"]),
    "62052400YBJ-JF-0001": ("social", ["生育津贴", "生育保险", "产假工资"]),
    "62052400TYJ-GG-0001": ("civil", ["优待证", "军人优待证", "退役军人证"]),
    "62052400TYJ-JF-0001": ("civil", ["退伍补助", "退役士兵补助", "自主就业补助"]),
    "62052400CLH-QR-0001": ("civil", ["残疾证", "办残疾证", "残疾人证"]),
    "62052400CLH-GG-0001": ("civil", ["轮椅", "助听器", "辅具", "残疾人辅具"]),
}
