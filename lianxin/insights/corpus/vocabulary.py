"""Words and short phrases that belong to one category, as training lines of their own (hand-written
for Lianxin from what the categories cover, not drawn from any evaluation text).

The composed corpus repeats its cores' words; an appeal written by someone else uses other ones
(电瓶车 for 电动车, 送清凉 for 防暑, 拔河比赛 for 文体活动). A word seen here once, labelled, gives the
model a weight for it. The lines of the topics lexicon (`lexicon.WORDS`, one line per category in
the taxonomy's order) serve the same way.
"""

from lianxin.cases.taxonomy import CATEGORIES
from lianxin.insights.lexicon import WORDS as LEXICON_WORDS

PHRASES: dict[str, str] = {
    "wages": """
        发工资 不发工资 工资拖着 欠工资 欠我工钱 讨薪 讨要工资 结工钱 算工资 少算工资 克扣工资 压工资
        押工资 工资打折 底薪 基本工资 计时工资 月薪 日结 工资单 银行流水 拖了三个月 老板跑路 包工头
        农民工工资 年终奖没发 提成不给 加班工资 双倍工资 扣工资 罚钱扣工资 扣绩效 发不出工资 白干了
        """,
    "contract": """
        劳动合同没签 不签合同 没签合同 补签合同 合同到期 续签合同 终止合同 解除合同 开除 被辞退 被炒
        劳动关系 用工协议 劳务协议 派遣工 外包工 临时工转正 试用期 转正 违约金 竞业协议 离职手续
        辞职不批 不让辞职 扣押身份证 扣证件 N+1 经济补偿金 赔偿金 调岗降薪 强迫调岗 末位淘汰 劳动仲裁
        """,
    "social_insurance": """
        社保没交 不交社保 五险一金 交社保 断缴社保 补缴社保 社保基数 按最低基数 养老保险 医保卡
        医疗报销 住房公积金 公积金没交 失业保险 生育保险报销 社保转移 异地社保 社保查询 社保记录
        退休手续 退休金 办退休 灵活就业社保 新农合 商业保险代替社保
        """,
    "injury_health": """
        工伤认定 申请工伤 不给报工伤 工伤赔偿 工伤待遇 工伤保险 伤残等级 劳动能力鉴定 停工留薪 手指被压
        手被机器绞了 砸伤 切伤 扭伤 烫伤 被机器夹 职业病诊断 职业病鉴定 尘肺病 噪声聋 职业体检 岗前体检
        离岗体检 中毒 化学品 皮肤过敏 腰肌劳损 颈椎病 干活受伤 在厂里受伤 医药费不给报 工伤私了
        """,
    "safety": """
        安全隐患 消防隐患 消防通道堵了 安全出口锁了 灭火器过期 没有安全帽 不发安全带 防护栏 护栏坏了
        机器没防护罩 电线裸露 私拉电线 漏电 配电箱 易燃易爆 危险品 气瓶乱放 脚手架不牢 高空作业没防护
        塔吊 叉车无证 违章指挥 冒险作业 有限空间 安全培训 应急演练 带病运行 井下 瓦斯 坍塌 爆炸 着火
        不发防护用品 没有护目镜 防护服 安全绳 差点出事 迟早出事 险些被砸 地面油滑 堆货太高
        """,
    "hours_leave": """
        天天加班 强制加班 加班太多 超时工作 一天干十二个小时 连轴转 没有休息日 单休 大小周 不让请假
        请假难 病假扣钱 年休假 带薪年假 调休 倒休 法定节假日上班 过年不让回家 春节值班 国庆加班
        婚假 丧假 探亲假 两班倒 三班倒 夜班连上 排班不合理 打卡 考勤 上厕所计时 午休时间 下班不让走
        """,
    "conditions": """
        车间太热 车间闷热 没有空调 空调坏了 电风扇 通风不好 排风扇坏了 高温作业 热得受不了 防暑降温
        送清凉 绿豆汤 藿香正气 中暑 没地方喝水 饮水机 没有开水 冬天太冷 没暖气 漏雨 照明太暗 灯坏了
        噪音太大 耳塞 口罩 手套 劳保用品 劳保鞋 工作服 没有休息室 没地方歇脚 没有座椅
        厕所太远 厕所太脏 更衣室 洗手池 工具坏了 设备老旧 环卫工休息点 爱心驿站 遮阳棚 雨棚 充电的地方
        """,
    "canteen_dorm": """
        食堂 饭菜难吃 饭菜太贵 伙食费 饭菜不卫生 吃出虫子 吃出头发 菜里有苍蝇 食物中毒 饭量少 打饭
        宿舍 宿舍太挤 上下铺 宿舍没空调 没热水 洗澡 宿舍漏水 宿舍断电 水电费太贵 住宿费 宿舍管理
        宿舍门锁坏了 蚊子 蟑螂 晾衣服 宿舍吵 班车 通勤车 停车难 无线网 小卖部
        """,
    "women": """
        怀孕 怀孕被辞退 孕妇 孕期加班 产检假 产假 产假工资 生育津贴 哺乳期 哺乳时间 喂奶 母婴室
        女职工 女工 女同事 性骚扰 言语骚扰 动手动脚 男女同工不同酬 女职工体检 妇科检查 两癌筛查
        经期 卫生用品 女厕所 婚育 招聘不要女的 生二胎 托儿所 带孩子
        """,
    "welfare": """
        过节费 节日福利 端午节粽子 中秋月饼 春节年货 慰问品 发福利 福利没发 福利取消 福利待遇
        生日会 生日福利 蛋糕卡 购物卡 电影票 职工体检 年度体检 疗休养 职工疗养 旅游 春游 秋游 团建
        文体活动 文艺汇演 联欢会 运动会 篮球赛 拔河比赛 乒乓球 羽毛球 健身房 职工书屋 阅览室
        兴趣小组 送温暖 困难补助 困难职工 帮扶 金秋助学 大病救助 互助保险 会员福利 工会经费
        """,
    "skills": """
        培训 技能培训 岗前培训 技术培训 考证 电工证 焊工证 叉车证 特种作业证 职业技能等级 技能鉴定
        评职称 技师 高级工 学徒 师傅带徒弟 技能比赛 技术比武 创新工作室 劳模 工匠 晋升 升职 转岗
        学历提升 夜校 培训费 培训补贴 学不到东西 没有发展
        """,
    "democracy": """
        职代会 职工代表大会 职工代表 厂务公开 公开栏 集体合同 集体协商 工资协商 工会选举 工会主席
        工会换届 工会不作为 工会会费 规章制度 制度没公示 民主管理 意见箱 合理化建议 企业改制 搬迁
        合并 公示 账目不公开 评优不公开 暗箱操作 民主评议 职工意见
        """,
    "gig_platform": """
        外卖骑手 送外卖 跑外卖 美团 饿了么 众包骑手 专送 快递员 快递网点 派件 揽件 网约车司机 滴滴
        货拉拉 代驾 平台 派单 抢单 接单 超时罚款 差评 投诉扣钱 封号 账号被封 申诉 配送费降了 单价降了
        算法 系统派单 站长 跑单 跑腿 服务分 罚款规则 平台抽成 保证金 押金不退 装备费 电动车租金
        """,
    "accident": """
        交通事故 车祸 出车祸 被车撞 撞车 被撞倒 撞了人 撞伤 剐蹭 追尾 闯红灯 逆行 电瓶车 电动车
        摩托车 小轿车 货车 大货车 侧翻 送餐路上摔了 雨天摔车 路滑摔倒 肇事 肇事逃逸 对方逃逸 交警
        事故认定书 责任认定 全责 主责 对方全责 私了 保险理赔 意外险 第三者险 保险公司拒赔 理赔材料
        理赔太慢 医药费垫付 误工费 修车费 车损 上下班途中
        """,
    "other": """
        咨询 问一下 打听 了解政策 入会 怎么入会 会员卡 办会员卡 法律援助 法律咨询 心理咨询 心理疏导
        压力大 睡不着 公租房 廉租房 孩子上学 子女入学 落户 户口 相亲 联谊 婚恋 感谢工会 表扬 锦旗
        建议 投诉热线 电话打不通 工会驿站在哪 找不到人
        """,
}


def lexicon_lines() -> dict[str, list[str]]:
    """The topics lexicon's words by category: its lines follow the taxonomy's order."""
    lines = [line.split() for line in LEXICON_WORDS.strip().splitlines()]
    assert len(lines) == len(CATEGORIES), "lexicon.WORDS has one line per category"
    return dict(zip(CATEGORIES, lines, strict=True))


def vocabulary_rows() -> list[tuple[str, str]]:
    """(text, key) pairs: each word or phrase of both lists as a line of its category."""
    rows = [(word, key) for key, words in lexicon_lines().items() for word in words]
    rows += [(phrase, key) for key, text in PHRASES.items() for phrase in text.split()]
    return rows
