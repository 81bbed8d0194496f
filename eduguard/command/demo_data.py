"""What the demo county's meetings decided and which departments it works with (seed 000 (一)(二))."""

# (days before today, topic, chair key, [(decision, owner key, days to deadline, done?)])
BUREAU_MEETINGS = [
    (
        27,
        "研究部署教育系统新冠肺炎疫情防控工作",
        "leader",
        [
            ("成立局疫情防控和开学工作专班，明确24小时联络员", "leader", 1, True),
            ("组织全县师生员工开展人员大排查", "keshi", 5, True),
            ("通知各校推迟开学，落实校园封闭管理", "grid1", 2, True),
        ],
    ),
    (
        22,
        "部署“停课不停学”线上教学工作",
        "leader",
        [
            ("制定线上教学工作方案并下发各校", "keshi", 4, True),
            ("统计各校师生参与线上教学情况", "grid2", 7, True),
        ],
    ),
    (
        17,
        "研究开学疫情防控物资储备",
        "grid1",
        [
            ("核定各校口罩、消毒剂、体温计储备需求", "keshi", 3, True),
            ("启动防疫物资集中采购", "leader", 10, True),
        ],
    ),
    (
        13,
        "研究制定中小学复学工作实施方案",
        "leader",
        [
            ("制定印发《本溪县中小学复学工作实施方案》", "leader", 4, True),
            ("督促各校制定“一校一策”开学工作方案", "grid3", 6, True),
            ("各校层层成立学校疫情防控工作专班", "grid4", 3, True),
        ],
    ),
    (
        9,
        "联防联控工作对接会",
        "leader",
        [
            ("商请县卫健局派出医护人员驻校指导", "leader", 5, True),
            ("联合县疾控中心开展教职工全员培训", "keshi", 6, True),
            ("商请县公安局护送返校学生乘车", "grid2", 5, True),
            ("建立部门联络人通讯录并报县指挥部", "grid2", 4, False),
        ],
    ),
    (
        5,
        "部署开学前督导验收",
        "grid1",
        [
            ("成立督导工作组，对首批学校开展验收", "duban", 3, True),
            ("对验收发现问题逐校督办整改", "duban", 2, False),
        ],
    ),
    (
        1,
        "开学前工作调度会",
        "leader",
        [
            ("检查首批学校开学准备情况", "grid1", 2, False),
            ("完善开学当日应急处置预案", "keshi", 3, False),
        ],
    ),
]
SCHOOL_MEETINGS = [
    (
        20,
        "学校疫情防控工作部署会",
        [("成立学校疫情防控工作专班", "principal", 1, True), ("开展教职工健康排查", "doctor", 3, True)],
    ),
    (
        6,
        "开学准备工作推进会",
        [
            ("设置临时隔离室并配齐物品", "doctor", 2, False),
            ("组织班主任开展入校测温演练", "gradelead", 3, False),
            ("完成班级开学前消毒通风", "banzhuren", 8, False),
        ],
    ),
]
DEPARTMENTS = [
    ("health", "本溪县卫生健康局", "赵建军", "副局长"),
    ("cdc", "本溪县疾病预防控制中心", "孙丽华", "主任"),
    ("police", "本溪县公安局", "周志强", "治安大队大队长"),
    ("market", "本溪县市场监督管理局", "吴海燕", "食品安全科科长"),
    ("transport", "本溪县交通运输局", "郑国庆", "运输管理站站长"),
    ("township", "小市镇人民政府", "冯玉梅", "副镇长"),
]
