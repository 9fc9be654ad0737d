"""Simplified Chinese (zh-hans): the demo form and awards. English text -> Chinese."""

# Chinese is punctuated with full-width commas, question marks and brackets, which ruff takes
# for look-alikes of the ASCII ones.
# ruff: noqa: RUF001

TEXTS = {
    # The awards
    "Excellence in School Leadership Award": "卓越学校领导奖",
    "Honours a principal whose leadership has lifted teaching and learning for every student.": (
        "表彰一位以出色的领导力提升了每一位学生的教与学的校长。"
    ),
    "Opportunity Champion Award": "机会推动者奖",
    "For grade 6-12 teachers and school staff at Title I schools who open doors for students.": (
        "颁给 Title I 学校中为学生打开机会之门的 6 至 12 年级教师和学校职员。"
    ),
    "Curiosity Prize for K-8 Science Teaching": "好奇心科学教学奖（幼儿园至八年级）",
    "Celebrates a K-8 teacher who makes science hands-on, joyful and rigorous.": (
        "表彰一位让科学课既能动手实践、又充满乐趣、而且严谨扎实的幼儿园至八年级教师。"
    ),
    "Student Leadership Scholarship": "学生领导力奖学金",
    "A scholarship for a graduating senior who has led change in their school or community.": (
        "颁给一位在学校或社区中带头推动改变的应届高中毕业生的奖学金。"
    ),
    # Step titles
    "Eligibility": "资格",
    "Their story": "被提名人的故事",
    "Supporting materials": "证明材料",
    # Questions
    "Does the nominee currently work or study at a Lakeside public school?": (
        "被提名人目前是否在 Lakeside 的公立学校工作或上学？"
    ),
    "Only people who work or study at a Lakeside public school can be nominated for this award.": (
        "只有在 Lakeside 公立学校工作或上学的人才能被提名本奖项。"
    ),
    "What has the nominee done that deserves this award?": "被提名人做了什么，值得获得这个奖项？",
    "Concrete examples help reviewers most.": "具体的例子对评审人员最有帮助。",
    "How have students or colleagues benefited?": "学生或同事从中得到了哪些帮助？",
    "What is the nominee known for?": "被提名人在哪些方面最为人称道？",
    "Innovation": "创新",
    "Equity": "公平",
    "Mentoring": "指导和帮助他人",
    "Family engagement": "与家庭合作",
    "Other": "其他",
    "Tell us what else they are known for": "请告诉我们被提名人在其他哪些方面为人称道",
    "Supporting document": "证明文件",
    "A photo of a project, a newsletter, a student's note. Never a student's records.": (
        "例如项目照片、简报、学生写的便条。请勿提交学生的档案记录。"
    ),
    "Letters of support": "推荐信",
    "Colleagues, families or students who can speak to the nominee's work.": (
        "能够介绍被提名人工作的同事、家长或学生。"
    ),
    "I confirm that what I wrote is true to the best of my knowledge.": (
        "我确认，据我所知，我所填写的内容真实无误。"
    ),
    "The foundation can only accept a nomination whose nominator confirms it is true. Check "
    "your answers, then choose Yes.": (
        "只有在提名人确认内容属实时，基金会才能接受提名。请检查您的回答，然后选择“是”。"
    ),
}
