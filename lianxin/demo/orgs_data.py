"""The demo city: Jiaozuo's federation (../shared/seeds/001), its districts, streets and enterprises.

天香面业 is the enterprise in the report; the other enterprises are made up for the demo.
"""

CITY = {"code": "JZ", "name": "焦作市总工会", "short_name": "焦作市总", "region": "河南省焦作市",
        "region_code": "410800", "case_prefix": "JZ"}  # fmt: skip

# district code → (name, region code, {street/industry union code → (name, [enterprises])})
DISTRICTS = {
    "JZ-SY": ("山阳区总工会", "410811", {
        "JZ-SY-YH": ("艺新街道工会", ["焦作市天香面业有限公司", "焦作恒信机械制造有限公司", "山阳区万和物流有限公司", "焦作鑫源食品有限公司"]),
        "JZ-SY-DS": ("定和街道工会", ["焦作宏达汽配有限公司", "焦作市顺安建筑工程有限公司", "焦作云台山商贸有限公司"]),
    }),
    "JZ-JF": ("解放区总工会", "410802", {
        "JZ-JF-JN": ("焦南街道工会", ["焦作市锦华纺织有限公司", "焦作同心家政服务有限公司", "解放区快鸟同城配送站"]),
        "JZ-JF-MX": ("民生街道工会", ["焦作润泽印务有限公司", "焦作市康达医药连锁有限公司", "焦作华瑞电子科技有限公司"]),
    }),
    "JZ-ZZ": ("中站区总工会", "410803", {
        "JZ-ZZ-XQ": ("西王封街道工会", ["焦作金石化工有限公司", "焦作中站热电有限公司", "焦作市瑞通铝材有限公司", "焦作晨光耐火材料有限公司"]),
        "JZ-ZZ-CY": ("中站区化工产业工会", ["焦作联创新材料有限公司", "焦作市博远环保科技有限公司"]),
    }),
    "JZ-MC": ("马村区总工会", "410804", {
        "JZ-MC-DJ": ("待王街道工会", ["焦作市马村煤机配件有限公司", "焦作佳禾农产品加工有限公司", "焦作安泰物业服务有限公司"]),
        "JZ-MC-JX": ("九里山街道工会", ["焦作众诚汽车运输有限公司", "焦作市乐途网约车服务有限公司", "焦作东方陶瓷有限公司"]),
    }),
    "JZ-SF": ("城乡一体化示范区总工会", "410871", {
        "JZ-SF-WF": ("文昌街道工会", ["焦作智联软件有限公司", "焦作德众制药有限公司", "焦作市明珠酒店管理有限公司"]),
        "JZ-SF-YY": ("阳庙镇工会", ["焦作盛世包装材料有限公司", "焦作新科电池有限公司"]),
    }),
}  # fmt: skip

TEAMS = ["生产一班", "生产二班", "仓储物流班", "设备维修班"]

# partner type → (code, name)
PARTNERS = {
    "court": ("JZ-P-COURT", "焦作市中级人民法院"),
    "procuratorate": ("JZ-P-PROC", "焦作市人民检察院"),
    "hrss": ("JZ-P-HRSS", "焦作市人力资源和社会保障局"),
    "justice": ("JZ-P-JUST", "焦作市司法局"),
    "petition": ("JZ-P-PETI", "焦作市信访局"),
    "deputy": ("JZ-P-DEPU", "焦作市人大代表联络站"),
    "cppcc": ("JZ-P-CPPCC", "焦作市政协委员工作室"),
    "transport": ("JZ-P-TRAN", "焦作市交通运输局"),
    "emergency": ("JZ-P-EMER", "焦作市应急管理局"),
    "market": ("JZ-P-MARK", "焦作市市场监督管理局"),
    "red_cross": ("JZ-P-REDC", "焦作市红十字会"),
    "hospital": ("JZ-P-HOSP", "焦作市人民医院"),
}

# district code → (code, name) of its community partner: a rider's 随手拍 about a manhole cover or a
# dirty corner in the district is suggested to it (cases.routing)
COMMUNITIES = {
    "JZ-SY": ("JZ-SY-P-COMM", "艺新社区居委会"),
    "JZ-JF": ("JZ-JF-P-COMM", "焦南社区居委会"),
    "JZ-ZZ": ("JZ-ZZ-P-COMM", "西王封社区居委会"),
    "JZ-MC": ("JZ-MC-P-COMM", "九里山社区居委会"),
    "JZ-SF": ("JZ-SF-P-COMM", "文昌社区居委会"),
}

DEMO_PASSWORD = "lianxin-demo"

# username → (display name, role, org code)
ACCOUNTS = {
    "chair": ("王秀梅", "chair", "JZ-SY-YH-01"),
    "staff": ("李建国", "staff", "JZ-SY"),
    "supervisor": ("赵红英", "supervisor", "JZ-SY"),
    "partner": ("孙志强", "partner", "JZ-P-HRSS"),
    "judge": ("周明", "judge", "JZ-P-COURT"),
    "community": ("刘桂兰", "partner", "JZ-SY-P-COMM"),
    "leader": ("柴英杰", "leader", "JZ"),
    "admin": ("系统管理员", "admin", "JZ"),
}
