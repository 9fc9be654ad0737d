"""Translations of what a family sees first on the demo site's home page, award listing and
award pages (titles, headings, summaries, the call to action), each a mapping from the English
text, as cms/demo.py writes it, to the text in that language. The award pages' titles are the
awards' names, translated with the awards (awards/demo_translations/). Written in plain words a
parent uses, with the glossary's terms (locale/GLOSSARY.md), for native speakers to review.

The longer texts (the body, the questions and answers, who can be nominated) are copied in
English into each translation, for staff to translate in the admin.
"""

# Chinese is punctuated with full-width commas, question marks and brackets, which ruff takes
# for look-alikes of the ASCII ones.
# ruff: noqa: RUF001

SPANISH = {
    # The home page
    "Home": "Inicio",
    "Awards and scholarships for Lakeside schools": "Premios y becas para las escuelas de Lakeside",
    "Nominate an outstanding principal, teacher, staff member or student in Lakeside Public "
    "Schools.": (
        "Nomine a un director o una directora, a un maestro o una maestra, a un miembro del "
        "personal o a un estudiante de las Escuelas Públicas de Lakeside que se destaque."
    ),
    "Celebrating the people who make Lakeside schools shine": (
        "Celebramos a las personas que hacen brillar a las escuelas de Lakeside"
    ),
    "The Lakeside Schools Foundation honors principals, teachers, school staff and students "
    "every year. Know someone who goes above and beyond? Tell us about them.": (
        "Cada año, la Fundación de las Escuelas de Lakeside rinde homenaje a directores, "
        "maestros, personal escolar y estudiantes. ¿Conoce a alguien que da mucho más de lo que "
        "se espera? Cuéntenos sobre esa persona."
    ),
    # The award listing
    "Awards": "Premios",
    "<p>Every year the foundation honors the people who make Lakeside Public Schools a great "
    "place to learn. Anyone in our community can nominate a principal, teacher, staff member or "
    "student.</p>": (
        "<p>Cada año, la fundación rinde homenaje a las personas que hacen de las Escuelas "
        "Públicas de Lakeside un buen lugar para aprender. Cualquier persona de nuestra "
        "comunidad puede nominar a un director o una directora, a un maestro o una maestra, a "
        "un miembro del personal o a un estudiante.</p>"
    ),
    # The award pages
    "Honors a Lakeside principal whose leadership lifts students, staff and families alike. "
    "The winner receives $2,500 and $2,500 for a school project.": (
        "Rinde homenaje a un director o una directora de Lakeside cuyo liderazgo ayuda por "
        "igual a estudiantes, personal y familias. La persona ganadora recibe $2,500 y otros "
        "$2,500 para un proyecto de su escuela."
    ),
    "For grade 6-12 teachers and school staff at Title I schools who go far beyond their job "
    "description. Up to three winners receive $2,000 each.": (
        "Para maestros y personal de escuelas de Título I, de 6.º a 12.º grado, que hacen mucho "
        "más de lo que pide su trabajo. Hasta tres personas ganadoras reciben $2,000 cada una."
    ),
    "Celebrates a kindergarten to grade 8 teacher who makes science hands-on, curious and "
    "joyful. $1,000 for the teacher and $3,000 for classroom science.": (
        "Celebra a un maestro o una maestra, de kínder a 8.º grado, que enseña ciencias con "
        "actividades prácticas, curiosidad y alegría. $1,000 para el maestro o la maestra y "
        "$3,000 para las ciencias en su salón de clases."
    ),
    "Four $5,000 scholarships for graduating seniors who lead by example in their school and "
    "community, for college, career or technical training.": (
        "Cuatro becas de $5,000 para estudiantes de último año que dan el ejemplo en su escuela "
        "y en su comunidad, para la universidad, un oficio o una formación técnica."
    ),
    "Nominate a principal": "Nomine a un director o una directora",
    "Nominate an educator": "Nomine a un educador o una educadora",
    "Nominate a science teacher": "Nomine a un maestro o una maestra de ciencias",
    "Nominate a teacher": "Nomine a un maestro o una maestra",
    "Nominate a student": "Nomine a un estudiante",
    "It takes about 20 minutes. You can save and come back later.": (
        "Toma unos 20 minutos. Puede guardar y volver más tarde."
    ),
    "Tell us what they do for students, in your own words.": (
        "Cuéntenos con sus propias palabras lo que hace por los estudiantes."
    ),
    "Parents, colleagues and students aged 13 or older can nominate.": (
        "Pueden nominar los padres, los compañeros de trabajo y los estudiantes de 13 años o más."
    ),
    "You will need the student's school and a parent's or guardian's e-mail address.": (
        "Necesitará saber la escuela del estudiante y el correo electrónico de su madre, padre o "
        "tutor/a legal."
    ),
}

SOMALI = {
    # The home page
    "Home": "Bogga hore",
    "Awards and scholarships for Lakeside schools": (
        "Abaalmarinno iyo deeqo waxbarasho oo loogu talagalay dugsiyada Lakeside"
    ),
    "Nominate an outstanding principal, teacher, staff member or student in Lakeside Public "
    "Schools.": (
        "Magacaab maamule, macallin, shaqaale ama arday si gaar ah u wanaagsan oo ka tirsan "
        "Dugsiyada Dawladda ee Lakeside."
    ),
    "Celebrating the people who make Lakeside schools shine": (
        "Waxaan u dabaaldegaynaa dadka ka dhiga dugsiyada Lakeside kuwo iftiimaya"
    ),
    "The Lakeside Schools Foundation honors principals, teachers, school staff and students "
    "every year. Know someone who goes above and beyond? Tell us about them.": (
        "Sannad kasta, Hay'adda Dugsiyada Lakeside waxay sharaftaa maamulayaasha, macallimiinta, "
        "shaqaalaha dugsiga iyo ardayda. Ma taqaannaa qof ka badan inta laga filayo sameeya? "
        "Noogu sheeg."
    ),
    # The award listing
    "Awards": "Abaalmarinnada",
    "<p>Every year the foundation honors the people who make Lakeside Public Schools a great "
    "place to learn. Anyone in our community can nominate a principal, teacher, staff member or "
    "student.</p>": (
        "<p>Sannad kasta, hay'addu waxay sharaftaa dadka ka dhiga Dugsiyada Dawladda ee Lakeside "
        "meel wanaagsan oo wax lagu barto. Qof kasta oo bulshadeenna ka mid ah wuxuu magacaabi "
        "karaa maamule, macallin, shaqaale ama arday.</p>"
    ),
    # The award pages
    "Honors a Lakeside principal whose leadership lifts students, staff and families alike. "
    "The winner receives $2,500 and $2,500 for a school project.": (
        "Waxay sharaftaa maamule dugsi oo Lakeside ah, oo hoggaamintiisu ay kor u qaaddo ardayda, "
        "shaqaalaha iyo qoysaska. Qofka ku guuleysta wuxuu helaa $2,500 iyo $2,500 kale oo loogu "
        "talagalay mashruuc dugsiga ah."
    ),
    "For grade 6-12 teachers and school staff at Title I schools who go far beyond their job "
    "description. Up to three winners receive $2,000 each.": (
        "Waxaa loogu talagalay macallimiinta iyo shaqaalaha dugsiyada Title I ee fasallada 6 ilaa "
        "12, ee qabta wax aad uga badan shaqadooda. Ilaa saddex qof oo guuleysta ayaa mid kasta "
        "helaa $2,000."
    ),
    "Celebrates a kindergarten to grade 8 teacher who makes science hands-on, curious and "
    "joyful. $1,000 for the teacher and $3,000 for classroom science.": (
        "Waxay dabaaldegtaa macallin dhiga fasalka hoose ilaa fasalka 8aad, oo sayniska ka dhiga "
        "wax gacanta lagu sameeyo, xiiso iyo farxad leh. $1,000 macallinka ayaa loo siiyaa, "
        "$3,000 na sayniska fasalka."
    ),
    "Four $5,000 scholarships for graduating seniors who lead by example in their school and "
    "community, for college, career or technical training.": (
        "Afar deeq waxbarasho oo mid kastaa tahay $5,000, oo loogu talagalay ardayda fasalka ugu "
        "dambeeya ka qalin-jabinaya ee tusaale u ah dugsigooda iyo bulshadooda. Waxaa loogu "
        "talagalay jaamacad, shaqo ama tababar farsamo."
    ),
    "Nominate a principal": "Magacaab maamule dugsi",
    "Nominate an educator": "Magacaab macallin ama shaqaale dugsi",
    "Nominate a science teacher": "Magacaab macallin saynis",
    "Nominate a teacher": "Magacaab macallin",
    "Nominate a student": "Magacaab arday",
    "It takes about 20 minutes. You can save and come back later.": (
        "Waxay qaadataa qiyaastii 20 daqiiqo. Waad kaydin kartaa oo dib ayaad u soo laaban kartaa."
    ),
    "Tell us what they do for students, in your own words.": (
        "Erayadaada noogu sheeg waxa ay ardayda u qabtaan."
    ),
    "Parents, colleagues and students aged 13 or older can nominate.": (
        "Waalidiinta, asxaabta shaqada iyo ardayda da'doodu tahay 13 ama ka weyn ayaa magacaabi "
        "kara."
    ),
    "You will need the student's school and a parent's or guardian's e-mail address.": (
        "Waxaad u baahan doontaa dugsiga ardayga iyo ciwaanka iimaylka waalidka ama mas'uulka."
    ),
}

VIETNAMESE = {
    # The home page
    "Home": "Trang chủ",
    "Awards and scholarships for Lakeside schools": (
        "Giải thưởng và học bổng dành cho các trường ở Lakeside"
    ),
    "Nominate an outstanding principal, teacher, staff member or student in Lakeside Public "
    "Schools.": (
        "Đề cử một hiệu trưởng, giáo viên, nhân viên hoặc học sinh xuất sắc của Hệ thống Trường "
        "Công lập Lakeside."
    ),
    "Celebrating the people who make Lakeside schools shine": (
        "Tôn vinh những người làm cho các trường ở Lakeside tỏa sáng"
    ),
    "The Lakeside Schools Foundation honors principals, teachers, school staff and students "
    "every year. Know someone who goes above and beyond? Tell us about them.": (
        "Mỗi năm, Quỹ các Trường Lakeside vinh danh các hiệu trưởng, giáo viên, nhân viên nhà "
        "trường và học sinh. Bạn biết một người luôn làm nhiều hơn những gì được mong đợi? Hãy "
        "kể cho chúng tôi nghe về người đó."
    ),
    # The award listing
    "Awards": "Giải thưởng",
    "<p>Every year the foundation honors the people who make Lakeside Public Schools a great "
    "place to learn. Anyone in our community can nominate a principal, teacher, staff member or "
    "student.</p>": (
        "<p>Mỗi năm, quỹ vinh danh những người giúp Hệ thống Trường Công lập Lakeside trở thành "
        "một nơi học tập tốt. Bất kỳ ai trong cộng đồng của chúng ta cũng có thể đề cử một hiệu "
        "trưởng, giáo viên, nhân viên hoặc học sinh.</p>"
    ),
    # The award pages
    "Honors a Lakeside principal whose leadership lifts students, staff and families alike. "
    "The winner receives $2,500 and $2,500 for a school project.": (
        "Vinh danh một hiệu trưởng ở Lakeside có tài lãnh đạo giúp ích cho cả học sinh, nhân viên "
        "và gia đình. Người đoạt giải nhận $2,500 và thêm $2,500 cho một dự án của trường."
    ),
    "For grade 6-12 teachers and school staff at Title I schools who go far beyond their job "
    "description. Up to three winners receive $2,000 each.": (
        "Dành cho giáo viên và nhân viên từ lớp 6 đến lớp 12 tại các trường Title I, những người "
        "làm nhiều hơn hẳn công việc của mình. Tối đa ba người đoạt giải, mỗi người nhận $2,000."
    ),
    "Celebrates a kindergarten to grade 8 teacher who makes science hands-on, curious and "
    "joyful. $1,000 for the teacher and $3,000 for classroom science.": (
        "Tôn vinh một giáo viên từ mẫu giáo đến lớp 8 giúp môn khoa học trở nên thực hành, gợi "
        "tò mò và vui vẻ. $1,000 cho giáo viên và $3,000 cho môn khoa học của lớp học."
    ),
    "Four $5,000 scholarships for graduating seniors who lead by example in their school and "
    "community, for college, career or technical training.": (
        "Bốn học bổng $5,000 dành cho học sinh lớp 12 sắp tốt nghiệp là tấm gương ở trường và "
        "trong cộng đồng, để học đại học, học nghề hoặc học kỹ thuật."
    ),
    "Nominate a principal": "Đề cử một hiệu trưởng",
    "Nominate an educator": "Đề cử một nhà giáo dục",
    "Nominate a science teacher": "Đề cử một giáo viên khoa học",
    "Nominate a teacher": "Đề cử một giáo viên",
    "Nominate a student": "Đề cử một học sinh",
    "It takes about 20 minutes. You can save and come back later.": (
        "Mất khoảng 20 phút. Bạn có thể lưu lại và quay lại sau."
    ),
    "Tell us what they do for students, in your own words.": (
        "Hãy dùng lời của bạn để kể cho chúng tôi những gì họ làm cho học sinh."
    ),
    "Parents, colleagues and students aged 13 or older can nominate.": (
        "Phụ huynh, đồng nghiệp và học sinh từ 13 tuổi trở lên đều có thể đề cử."
    ),
    "You will need the student's school and a parent's or guardian's e-mail address.": (
        "Bạn sẽ cần biết trường của học sinh và địa chỉ e-mail của cha mẹ hoặc người giám hộ."
    ),
}

CHINESE = {
    # The home page
    "Home": "首页",
    "Awards and scholarships for Lakeside schools": "Lakeside 学校的奖项和奖学金",
    "Nominate an outstanding principal, teacher, staff member or student in Lakeside Public "
    "Schools.": "提名 Lakeside 公立学校中一位出色的校长、教师、职员或学生。",
    "Celebrating the people who make Lakeside schools shine": "向让 Lakeside 学校闪光的人们致敬",
    "The Lakeside Schools Foundation honors principals, teachers, school staff and students "
    "every year. Know someone who goes above and beyond? Tell us about them.": (
        "Lakeside 学校基金会每年表彰校长、教师、学校职员和学生。您认识一位总是付出超出本职的"
        "人吗？请告诉我们他们的故事。"
    ),
    # The award listing
    "Awards": "奖项",
    "<p>Every year the foundation honors the people who make Lakeside Public Schools a great "
    "place to learn. Anyone in our community can nominate a principal, teacher, staff member or "
    "student.</p>": (
        "<p>基金会每年表彰让 Lakeside 公立学校成为良好学习场所的人们。社区中的任何人都可以提名"
        "一位校长、教师、职员或学生。</p>"
    ),
    # The award pages
    "Honors a Lakeside principal whose leadership lifts students, staff and families alike. "
    "The winner receives $2,500 and $2,500 for a school project.": (
        "表彰一位以领导力同时帮助学生、职员和家庭的 Lakeside 校长。获奖者获得 2,500 美元，"
        "另有 2,500 美元用于一个学校项目。"
    ),
    "For grade 6-12 teachers and school staff at Title I schools who go far beyond their job "
    "description. Up to three winners receive $2,000 each.": (
        "颁给 Title I 学校中付出远超本职工作的 6 至 12 年级教师和学校职员。最多三位获奖者，"
        "每人获得 2,000 美元。"
    ),
    "Celebrates a kindergarten to grade 8 teacher who makes science hands-on, curious and "
    "joyful. $1,000 for the teacher and $3,000 for classroom science.": (
        "表彰一位让科学课能动手实践、激发好奇心、充满乐趣的幼儿园至八年级教师。教师获得 "
        "1,000 美元，另有 3,000 美元用于班级的科学教学。"
    ),
    "Four $5,000 scholarships for graduating seniors who lead by example in their school and "
    "community, for college, career or technical training.": (
        "四份各 5,000 美元的奖学金，颁给在学校和社区中以身作则的应届高中毕业生，用于上大学、"
        "职业培训或技术培训。"
    ),
    "Nominate a principal": "提名一位校长",
    "Nominate an educator": "提名一位教育工作者",
    "Nominate a science teacher": "提名一位科学教师",
    "Nominate a teacher": "提名一位教师",
    "Nominate a student": "提名一位学生",
    "It takes about 20 minutes. You can save and come back later.": (
        "大约需要 20 分钟。您可以先保存，稍后再回来继续。"
    ),
    "Tell us what they do for students, in your own words.": (
        "请用您自己的话告诉我们，他们为学生做了什么。"
    ),
    "Parents, colleagues and students aged 13 or older can nominate.": (
        "家长、同事以及 13 岁或以上的学生都可以提名。"
    ),
    "You will need the student's school and a parent's or guardian's e-mail address.": (
        "您需要知道学生就读的学校，以及家长或监护人的电子邮件地址。"
    ),
}

# By language code (settings.LANGUAGES).
PAGE_TRANSLATIONS: dict[str, dict[str, str]] = {
    "es": SPANISH,
    "so": SOMALI,
    "vi": VIETNAMESE,
    "zh-hans": CHINESE,
}
