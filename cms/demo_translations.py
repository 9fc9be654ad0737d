"""Translations of what a family sees first on the demo site's home page, award listing and
award pages (titles, headings, summaries, the call to action), then every other text of the
demo's pages and footer, each a mapping from the English text, as cms/demo.py writes it, to the
text in that language. The award pages' titles are the awards' names, translated with the awards
(awards/demo_translations/). Written in plain words a parent uses, with the glossary's terms
(locale/GLOSSARY.md), for native speakers to review. Place names, the street address and the
e-mail address stay as they are.
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


# The rest of every demo page (the bodies, who can be nominated, the questions and answers, the
# milestones, the results, about, contact and privacy pages) and the footer: each English text
# with its Spanish, Somali, Vietnamese and Chinese translations, side by side so none is missed.
CONTACT_EMAIL = "awards@lakeside-foundation.example"
MAILTO = f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>'

LONG_TEXTS: tuple[tuple[str, str, str, str, str], ...] = (
    # The foundation, in the header and footer
    (
        "Lakeside Schools Foundation",
        "Fundación de las Escuelas de Lakeside",
        "Hay'adda Dugsiyada Lakeside",
        "Quỹ các Trường Lakeside",
        "Lakeside 学校基金会",
    ),
    (
        "Lakeside Schools Foundation is an independent nonprofit supporting the students and "
        "staff of Lakeside Public Schools. This is a demonstration site.",
        "La Fundación de las Escuelas de Lakeside es una organización independiente sin fines de "
        "lucro que apoya a los estudiantes y al personal de las Escuelas Públicas de Lakeside. "
        "Este es un sitio de demostración.",
        "Hay'adda Dugsiyada Lakeside waa hay'ad madax-bannaan oo aan faa'iido doon ahayn, oo "
        "taageerta ardayda iyo shaqaalaha Dugsiyada Dawladda ee Lakeside. Kani waa bog tusaale ah.",
        "Quỹ các Trường Lakeside là một tổ chức phi lợi nhuận độc lập, hỗ trợ học sinh và nhân "
        "viên của Hệ thống Trường Công lập Lakeside. Đây là trang web minh họa.",
        "Lakeside 学校基金会是一个独立的非营利组织，支持 Lakeside 公立学校的学生和教职员工。"
        "本网站仅作演示之用。",
    ),
    # The home page
    (
        "How the awards work",
        "Cómo funcionan los premios",
        "Sida abaalmarinnadu u shaqeeyaan",
        "Giải thưởng được trao như thế nào",
        "奖项如何评选",
    ),
    (
        "<p>Anyone in the Lakeside community can nominate: parents, students, colleagues and "
        "neighbors. Nominations are read by a volunteer panel of retired educators, parents and "
        "local business leaders. Reviewers never score someone they know.</p>",
        "<p>Cualquier persona de la comunidad de Lakeside puede nominar: padres, estudiantes, "
        "compañeros de trabajo y vecinos. Las nominaciones las lee un grupo de voluntarios: "
        "educadores jubilados, padres y dueños de negocios de la zona. Los evaluadores nunca "
        "califican a alguien que conocen.</p>",
        "<p>Qof kasta oo ka mid ah bulshada Lakeside wuu magacaabi karaa: waalidiinta, ardayda, "
        "asxaabta shaqada iyo deriskaba. Magacaabisyada waxaa akhriya guddi tabarruc ah oo ka "
        "kooban macallimiin hawlgab ah, waalidiin iyo ganacsato deegaanka ah. Qiimeeyayaashu "
        "weligood ma qiimeeyaan qof ay yaqaanaan.</p>",
        "<p>Bất kỳ ai trong cộng đồng Lakeside cũng có thể đề cử: phụ huynh, học sinh, đồng "
        "nghiệp và hàng xóm. Các đề cử được đọc bởi một nhóm tình nguyện gồm các nhà giáo đã nghỉ "
        "hưu, phụ huynh và các chủ doanh nghiệp địa phương. Người chấm điểm không bao giờ chấm "
        "điểm người mà họ quen biết.</p>",
        "<p>Lakeside 社区的任何人都可以提名：家长、学生、同事和邻居。提名由一个志愿者评审小组"
        "阅读，成员包括退休教育工作者、家长和本地企业负责人。评审员从不给自己认识的人评分。</p>",
    ),
    (
        "Being nominated by my students' families meant more to me than the award itself.",
        "Que las familias de mis estudiantes me nominaran significó para mí más que el premio.",
        "In ay qoysaska ardaydaydu i magacaabeen ayaa iiga qiimo badnaa abaalmarinta lafteeda.",
        "Được gia đình của các học sinh đề cử có ý nghĩa với tôi hơn cả chính giải thưởng.",
        "能被学生的家人提名，对我来说比奖项本身更有意义。",
    ),
    (
        "A past Title I Educator Award winner",
        "Ganadora de un Premio para Educadores de Título I en años anteriores",
        "Qof hore ugu guuleystay Abaalmarinta Macallimiinta Title I",
        "Một người từng đoạt Giải thưởng Nhà giáo dục Title I",
        "一位往届 Title I 教育工作者奖得主",
    ),
    (
        "Nominations are confidential",
        "Las nominaciones son confidenciales",
        "Magacaabisyadu waa sir",
        "Các đề cử đều được giữ kín",
        "提名内容保密",
    ),
    (
        "<p>Nominees are not told who nominated them, and we never publish anything about a "
        "nominee who does not win.</p>",
        "<p>A la persona nominada no se le dice quién la nominó, y nunca publicamos nada sobre "
        "una persona nominada que no gana.</p>",
        "<p>Qofka la magacaabay looma sheego cidda magacaabtay, mana daabacno wax ku saabsan qof "
        "la magacaabay oo aan guuleysan.</p>",
        "<p>Người được đề cử không được biết ai đã đề cử họ, và chúng tôi không bao giờ công bố "
        "bất cứ điều gì về người được đề cử mà không đoạt giải.</p>",
        "<p>我们不会告诉被提名人是谁提名了他们，也从不公布未获奖被提名人的任何信息。</p>",
    ),
    # The award pages: the milestones
    (
        "Finalist school visits",
        "Visitas a las escuelas finalistas",
        "Booqashooyinka dugsiyada u soo baxay wareegga kama dambaysta ah",
        "Thăm các trường vào vòng chung kết",
        "走访入围学校",
    ),
    (
        "Awards celebration",
        "Celebración de los premios",
        "Xafladda abaalmarinta",
        "Lễ trao giải",
        "颁奖典礼",
    ),
    (
        "Winners are honored in person.",
        "Se rinde homenaje a las personas ganadoras en persona.",
        "Kuwa guuleysta waxaa lagu sharfaa xaflad fool-ka-fool ah.",
        "Những người đoạt giải được vinh danh trực tiếp.",
        "获奖者将在现场接受表彰。",
    ),
    (
        "Finalists told",
        "Aviso a las personas finalistas",
        "Kuwa u soo baxay wareegga kama dambaysta ah waa loo sheegaa",
        "Thông báo cho những người vào vòng chung kết",
        "通知入围者",
    ),
    (
        "Classroom visits",
        "Visitas a los salones de clases",
        "Booqashooyinka fasallada",
        "Thăm lớp học",
        "课堂走访",
    ),
    (
        "Two reviewers visit each finalist's class.",
        "Dos evaluadores visitan la clase de cada finalista.",
        "Laba qiimeeye ayaa booqda fasalka qof kasta oo u soo baxay wareegga kama dambaysta ah.",
        "Hai người chấm điểm đến thăm lớp của mỗi người vào vòng chung kết.",
        "两位评审员会走访每位入围者的课堂。",
    ),
    (
        "Interviews",
        "Entrevistas",
        "Wareysiyada",
        "Phỏng vấn",
        "面试",
    ),
    (
        "Held at Lakeside High School.",
        "En la escuela secundaria Lakeside High School.",
        "Waxaa lagu qabtaa dugsiga sare ee Lakeside High School.",
        "Tổ chức tại trường trung học Lakeside High School.",
        "在 Lakeside 高中举行。",
    ),
    (
        "Scholars are honored in person.",
        "Se rinde homenaje a los becados en persona.",
        "Ardayda deeqda hela waxaa lagu sharfaa xaflad fool-ka-fool ah.",
        "Những học sinh nhận học bổng được vinh danh trực tiếp.",
        "获得奖学金的学生将在现场接受表彰。",
    ),
    # The Excellence in Leadership Award
    (
        "<p>Any principal or assistant principal currently leading a Lakeside Public Schools "
        "campus, from elementary through high school.</p>",
        "<p>Cualquier director o subdirector, hombre o mujer, que dirija hoy una escuela de las "
        "Escuelas Públicas de Lakeside, desde primaria hasta secundaria.</p>",
        "<p>Maamule kasta ama ku-xigeenka maamulaha oo hadda maamula dugsi ka tirsan Dugsiyada "
        "Dawladda ee Lakeside, laga bilaabo dugsiga hoose ilaa dugsiga sare.</p>",
        "<p>Bất kỳ hiệu trưởng hoặc hiệu phó nào hiện đang lãnh đạo một trường thuộc Hệ thống "
        "Trường Công lập Lakeside, từ tiểu học đến trung học.</p>",
        "<p>目前在 Lakeside 公立学校任何一所学校（从小学到高中）任职的校长或副校长。</p>",
    ),
    (
        "<p>Foundation board members and their families cannot be nominated.</p>",
        "<p>No se puede nominar a los miembros de la junta directiva de la fundación ni a sus "
        "familiares.</p>",
        "<p>Xubnaha guddiga hay'adda iyo qoysaskooda lama magacaabi karo.</p>",
        "<p>Không thể đề cử thành viên hội đồng quản trị của quỹ và gia đình của họ.</p>",
        "<p>基金会董事会成员及其家人不能被提名。</p>",
    ),
    (
        "Can I nominate my own child's principal?",
        "¿Puedo nominar al director o la directora de la escuela de mi hijo o hija?",
        "Ma magacaabi karaa maamulaha dugsiga ilmahayga?",
        "Tôi có thể đề cử hiệu trưởng của con mình không?",
        "我可以提名我孩子学校的校长吗？",
    ),
    (
        "<p>Yes. Parents and guardians write many of our strongest nominations.</p>",
        "<p>Sí. Muchas de nuestras mejores nominaciones las escriben madres, padres y tutores "
        "legales.</p>",
        "<p>Haa. Waalidiinta iyo mas'uuliyiintu waxay qoraan qaar badan oo ka mid ah "
        "magacaabisyadayada ugu wanaagsan.</p>",
        "<p>Có. Nhiều đề cử hay nhất của chúng tôi do cha mẹ và người giám hộ viết.</p>",
        "<p>可以。我们收到的许多最出色的提名都是家长和监护人写的。</p>",
    ),
    (
        "Does the principal know they have been nominated?",
        "¿Sabe el director o la directora que ha sido nominado?",
        "Maamuluhu ma ogyahay in la magacaabay?",
        "Hiệu trưởng có biết mình được đề cử không?",
        "校长会知道自己被提名了吗？",
    ),
    (
        "<p>Yes. Once you send the nomination we e-mail the principal, who can accept it and add "
        "a short statement in their own words. We never tell them who nominated them.</p>",
        "<p>Sí. Cuando usted envía la nominación, le enviamos un correo electrónico al director o "
        "la directora, que puede aceptarla y añadir unas palabras propias. Nunca le decimos quién "
        "lo nominó.</p>",
        "<p>Haa. Marka aad dirto magacaabista, iimayl ayaan u dirnaa maamulaha, oo aqbali kara "
        "oo ku dari kara qoraal gaaban oo erayadiisa ah. Weligeen uma sheegno cidda "
        "magacaabtay.</p>",
        "<p>Có. Khi bạn gửi đề cử, chúng tôi sẽ gửi e-mail cho hiệu trưởng. Họ có thể chấp nhận "
        "và viết thêm vài dòng bằng lời của mình. Chúng tôi không bao giờ cho họ biết ai đã đề "
        "cử họ.</p>",
        "<p>会。您提交提名后，我们会发电子邮件通知校长。校长可以接受提名，并用自己的话写一段"
        "简短的陈述。我们从不告诉他们是谁提名的。</p>",
    ),
    (
        "Who writes the letters of support?",
        "¿Quién escribe las cartas de apoyo?",
        "Yaa qora warqadaha taageerada?",
        "Ai viết thư ủng hộ?",
        "推荐信由谁来写？",
    ),
    (
        "<p>On the form you invite one to three people to write a letter. They get a private "
        "link by e-mail; you do not need to collect the letters.</p>",
        "<p>En el formulario usted invita a entre una y tres personas a escribir una carta. "
        "Ellas reciben un enlace privado por correo electrónico; usted no tiene que reunir las "
        "cartas.</p>",
        "<p>Foomka dhexdiisa waxaad ku casuumaysaa hal ilaa saddex qof si ay warqad u qoraan. "
        "Waxay iimayl ahaan u helaan link gaar ah; uma baahnid inaad warqadaha ururiso.</p>",
        "<p>Trong mẫu đơn, bạn mời từ một đến ba người viết thư. Họ sẽ nhận được một đường link "
        "riêng qua e-mail; bạn không cần tự đi thu thập thư.</p>",
        "<p>您在表格中邀请一到三个人写推荐信。他们会通过电子邮件收到一个专用链接；您不需要"
        "自己收集推荐信。</p>",
    ),
    (
        "How is the $2,500 school project chosen?",
        "¿Cómo se elige el proyecto escolar de $2,500?",
        "Sidee loo doortaa mashruuca dugsiga ee $2,500?",
        "Dự án $2,500 cho trường được chọn như thế nào?",
        "2,500 美元的学校项目是怎样选定的？",
    ),
    (
        "<p>The winner proposes a project with their school community, and the foundation pays "
        "the costs directly.</p>",
        "<p>La persona ganadora propone un proyecto junto con su comunidad escolar, y la "
        "fundación paga los gastos directamente.</p>",
        "<p>Qofka guuleystay wuxuu bulshada dugsigiisa la soo jeediyaa mashruuc, hay'adduna "
        "si toos ah ayay u bixisaa kharashka.</p>",
        "<p>Người đoạt giải cùng cộng đồng nhà trường đề xuất một dự án, và quỹ trực tiếp chi "
        "trả các chi phí.</p>",
        "<p>获奖者与学校社区一起提出一个项目，由基金会直接支付费用。</p>",
    ),
    (
        "What the panel looks for",
        "Lo que busca el grupo de evaluadores",
        "Waxa guddigu raadiyo",
        "Hội đồng chấm điểm tìm kiếm điều gì",
        "评审小组看重什么",
    ),
    (
        "<p>Leadership that shows: a school culture where staff want to stay, students feel they "
        "belong and families feel welcome. Tell us specific stories, in your own words.</p>",
        "<p>Un liderazgo que se nota: una escuela donde el personal quiere quedarse, los "
        "estudiantes sienten que forman parte y las familias se sienten bienvenidas. Cuéntenos "
        "historias concretas, con sus propias palabras.</p>",
        "<p>Hoggaamin muuqata: dugsi ay shaqaaluhu doonayaan inay ku sii jiraan, ardaydu "
        "dareemaan inay ka mid yihiin, qoysaskuna dareemaan in la soo dhoweeyay. Noogu sheeg "
        "sheekooyin gaar ah, erayadaada.</p>",
        "<p>Tài lãnh đạo thể hiện rõ: một ngôi trường nơi nhân viên muốn gắn bó, học sinh thấy "
        "mình thuộc về và các gia đình cảm thấy được chào đón. Hãy kể cho chúng tôi những câu "
        "chuyện cụ thể, bằng lời của bạn.</p>",
        "<p>看得见的领导力：教职员工愿意留下，学生有归属感，家庭感到受欢迎。请用您自己的话，"
        "告诉我们具体的事例。</p>",
    ),
    # The Title I Educator Award
    (
        "<p>Teachers and staff working with students in grades 6 to 12 at a Lakeside Title I "
        "school: classroom teachers, counselors, librarians, paraeducators, office staff, "
        "custodians, bus drivers and cafeteria staff.</p>",
        "<p>Maestros y personal que trabajan con estudiantes de 6.º a 12.º grado en una escuela "
        "de Título I de Lakeside: maestros de clase, consejeros, bibliotecarios, asistentes de "
        "maestro, personal de oficina, conserjes, conductores de autobús y personal de la "
        "cafetería.</p>",
        "<p>Macallimiinta iyo shaqaalaha la shaqeeya ardayda fasallada 6 ilaa 12 ee dugsi Title "
        "I ah oo Lakeside ku yaal: macallimiinta fasalka, la-taliyayaasha, shaqaalaha maktabadda, "
        "kaaliyayaasha macallinka, shaqaalaha xafiiska, nadiifiyayaasha, darawallada baska iyo "
        "shaqaalaha maqaayadda dugsiga.</p>",
        "<p>Giáo viên và nhân viên làm việc với học sinh từ lớp 6 đến lớp 12 tại một trường "
        "Title I ở Lakeside: giáo viên đứng lớp, cố vấn học đường, thủ thư, trợ giảng, nhân viên "
        "văn phòng, nhân viên vệ sinh, tài xế xe buýt và nhân viên nhà ăn.</p>",
        "<p>在 Lakeside 的 Title I 学校与 6 至 12 年级学生一起工作的教师和职员：任课教师、"
        "辅导员、图书管理员、助教、办公室职员、校工、校车司机和食堂员工。</p>",
    ),
    (
        "<p>Works at least half time with students. Not sure whether a school is Title I? Open "
        "the list of schools below.</p>",
        "<p>Trabaja con estudiantes al menos medio tiempo. ¿No sabe si una escuela es de Título "
        "I? Abra la lista de escuelas más abajo.</p>",
        "<p>Wuxuu la shaqeeyaa ardayda ugu yaraan nus-waqti. Ma hubtid in dugsi uu yahay Title "
        "I? Fur liiska dugsiyada ee hoose.</p>",
        "<p>Làm việc với học sinh ít nhất nửa thời gian. Bạn không chắc một trường có phải là "
        "trường Title I không? Hãy mở danh sách các trường ở bên dưới.</p>",
        "<p>至少有一半工作时间与学生在一起。不确定某所学校是否属于 Title I 学校？请打开下面的"
        "学校名单。</p>",
    ),
    (
        "Can I nominate someone who is not a teacher?",
        "¿Puedo nominar a alguien que no sea maestro o maestra?",
        "Ma magacaabi karaa qof aan macallin ahayn?",
        "Tôi có thể đề cử một người không phải là giáo viên không?",
        "我可以提名不是教师的人吗？",
    ),
    (
        "<p>Yes. This award is for everyone who works with students, and staff nominees win "
        "often.</p>",
        "<p>Sí. Este premio es para todas las personas que trabajan con estudiantes, y el "
        "personal nominado gana a menudo.</p>",
        "<p>Haa. Abaalmarintan waxaa loogu talagalay qof kasta oo la shaqeeya ardayda, shaqaalaha "
        "la magacaabona inta badan way guuleystaan.</p>",
        "<p>Có. Giải thưởng này dành cho tất cả những ai làm việc với học sinh, và nhân viên được "
        "đề cử thường xuyên đoạt giải.</p>",
        "<p>可以。这个奖项面向所有与学生一起工作的人，被提名的职员也经常获奖。</p>",
    ),
    (
        "Can students nominate?",
        "¿Pueden nominar los estudiantes?",
        "Ardaydu ma magacaabi karaan?",
        "Học sinh có thể đề cử không?",
        "学生可以提名吗？",
    ),
    (
        "<p>Yes. Students aged 13 or older can nominate with a parent's or guardian's knowledge; "
        "younger students can ask an adult to nominate.</p>",
        "<p>Sí. Los estudiantes de 13 años o más pueden nominar si su madre, padre o tutor/a "
        "legal lo sabe; los estudiantes más jóvenes pueden pedirle a un adulto que nomine.</p>",
        "<p>Haa. Ardayda da'doodu tahay 13 ama ka weyn way magacaabi karaan haddii waalidkood ama "
        "mas'uulkoodu ogyahay; ardayda ka yar waxay ka codsan karaan qof weyn inuu "
        "magacaabo.</p>",
        "<p>Có. Học sinh từ 13 tuổi trở lên có thể đề cử khi cha mẹ hoặc người giám hộ biết; học "
        "sinh nhỏ tuổi hơn có thể nhờ một người lớn đề cử.</p>",
        "<p>可以。13 岁或以上的学生在家长或监护人知情的情况下可以提名；年龄更小的学生可以请"
        "一位成年人来提名。</p>",
    ),
    (
        "Can I nominate more than one person?",
        "¿Puedo nominar a más de una persona?",
        "Ma magacaabi karaa in ka badan hal qof?",
        "Tôi có thể đề cử nhiều hơn một người không?",
        "我可以提名不止一个人吗？",
    ),
    (
        "<p>Yes, one nomination per person. Please do not nominate the same person twice; tell "
        "us everything in one nomination.</p>",
        "<p>Sí, una nominación por persona. Por favor, no nomine dos veces a la misma persona; "
        "cuéntenos todo en una sola nominación.</p>",
        "<p>Haa, hal magacaabis qof kasta. Fadlan ha magacaabin isla qofka laba jeer; wax walba "
        "hal magacaabis nagu soo sheeg.</p>",
        "<p>Có, mỗi người một đề cử. Xin đừng đề cử cùng một người hai lần; hãy kể hết mọi điều "
        "trong một đề cử.</p>",
        "<p>可以，每人一份提名。请不要重复提名同一个人；请把所有内容写在一份提名里。</p>",
    ),
    (
        "<p>Title I schools serve many families facing financial hardship. The adults in these "
        "buildings often carry far more than their job description. This award says thank "
        "you.</p>",
        "<p>Las escuelas de Título I atienden a muchas familias con dificultades económicas. Los "
        "adultos que trabajan en ellas a menudo hacen mucho más de lo que pide su trabajo. Este "
        "premio les da las gracias.</p>",
        "<p>Dugsiyada Title I waxay u adeegaan qoysas badan oo dhaqaale xumo la kulmaya. Dadka "
        "waaweyn ee dugsiyadan ka shaqeeya inta badan waxay qabtaan wax aad uga badan shaqadooda. "
        "Abaalmarintani waa mahadnaq.</p>",
        "<p>Các trường Title I phục vụ nhiều gia đình gặp khó khăn về tài chính. Những người lớn "
        "làm việc ở đây thường gánh vác nhiều hơn hẳn công việc của mình. Giải thưởng này là lời "
        "cảm ơn.</p>",
        "<p>Title I 学校服务于许多经济困难的家庭。在这些学校工作的成年人付出的往往远远超出"
        "本职工作。这个奖项是我们的一份感谢。</p>",
    ),
    # The K-8 Science Teaching Award
    (
        "<p>Teachers of kindergarten to grade 8 in Lakeside Public Schools who teach science, "
        "whether as a specialist or as part of a general classroom.</p>",
        "<p>Maestros y maestras de kínder a 8.º grado de las Escuelas Públicas de Lakeside que "
        "enseñan ciencias, ya sea como especialistas o como parte de una clase general.</p>",
        "<p>Macallimiinta fasalka hoose ilaa fasalka 8aad ee Dugsiyada Dawladda ee Lakeside ee "
        "dhiga sayniska, ha ahaadaan macallin saynis oo keliya ama macallin dhiga dhammaan "
        "maaddooyinka.</p>",
        "<p>Giáo viên từ mẫu giáo đến lớp 8 của Hệ thống Trường Công lập Lakeside có dạy khoa "
        "học, dù là giáo viên chuyên môn hay giáo viên chủ nhiệm dạy nhiều môn.</p>",
        "<p>在 Lakeside 公立学校教授科学的幼儿园至八年级教师，无论是科学专任教师，还是在普通"
        "班级中兼教科学的教师。</p>",
    ),
    (
        "<p>Teaches science to students in kindergarten to grade 8 for at least part of the "
        "week, and holds a current teaching certificate.</p>",
        "<p>Enseña ciencias a estudiantes de kínder a 8.º grado al menos parte de la semana y "
        "tiene un certificado de maestro vigente.</p>",
        "<p>Wuxuu sayniska u dhigaa ardayda fasalka hoose ilaa fasalka 8aad ugu yaraan qayb ka "
        "mid ah toddobaadka, wuxuuna haystaa shahaado macallinnimo oo shaqaynaysa.</p>",
        "<p>Dạy khoa học cho học sinh từ mẫu giáo đến lớp 8 ít nhất một phần thời gian trong "
        "tuần, và có chứng chỉ giảng dạy còn hiệu lực.</p>",
        "<p>每周至少有一部分时间为幼儿园至八年级学生教授科学，并持有有效的教师资格证书。</p>",
    ),
    (
        "What does the $3,000 classroom grant cover?",
        "¿Para qué sirve la ayuda de $3,000 para el salón de clases?",
        "Maxay daboolaysaa deeqda fasalka ee $3,000?",
        "Khoản tài trợ $3,000 cho lớp học dùng vào việc gì?",
        "3,000 美元的课堂资助可以用来做什么？",
    ),
    (
        "<p>Equipment, materials, field trips or visiting scientists: whatever the teacher needs "
        "to teach science well.</p>",
        "<p>Equipos, materiales, excursiones o visitas de científicos: lo que el maestro o la "
        "maestra necesite para enseñar bien las ciencias.</p>",
        "<p>Qalab, agab, socdaalo waxbarasho ama saynisyahanno booqasho u yimaada: wax kasta oo "
        "macallinku u baahan yahay si uu sayniska si fiican u dhigo.</p>",
        "<p>Dụng cụ, vật liệu, chuyến đi thực tế hoặc mời nhà khoa học đến lớp: bất cứ thứ gì "
        "giáo viên cần để dạy khoa học thật tốt.</p>",
        "<p>设备、材料、校外参观或邀请科学家来访：只要是教师教好科学所需要的都可以。</p>",
    ),
    (
        "Can I include photos of classroom projects?",
        "¿Puedo incluir fotos de proyectos de la clase?",
        "Ma ku dari karaa sawirro mashaariicda fasalka?",
        "Tôi có thể gửi kèm ảnh các dự án của lớp không?",
        "我可以附上课堂项目的照片吗？",
    ),
    (
        "<p>Yes, you can upload up to five photos. Please do not include photos in which "
        "students can be recognized.</p>",
        "<p>Sí, puede subir hasta cinco fotos. Por favor, no incluya fotos en las que se pueda "
        "reconocer a los estudiantes.</p>",
        "<p>Haa, waxaad soo gelin kartaa ilaa shan sawir. Fadlan ha ku darin sawirro lagu garan "
        "karo ardayda.</p>",
        "<p>Có, bạn có thể tải lên tối đa năm ảnh. Xin đừng gửi ảnh có thể nhận ra mặt học "
        "sinh.</p>",
        "<p>可以，您最多可以上传五张照片。请不要附上能认出学生的照片。</p>",
    ),
    (
        "Are general classroom teachers eligible?",
        "¿Cumplen los requisitos los maestros de clase general?",
        "Macallimiinta dhiga dhammaan maaddooyinka ma u qalmaan?",
        "Giáo viên chủ nhiệm dạy nhiều môn có đủ điều kiện không?",
        "普通班级的教师符合资格吗？",
    ),
    (
        "<p>Yes. Many of our winners teach every subject and make science the highlight of the "
        "week.</p>",
        "<p>Sí. Muchos de nuestros ganadores enseñan todas las materias y hacen de las ciencias "
        "el mejor momento de la semana.</p>",
        "<p>Haa. Qaar badan oo ka mid ah kuwa ku guuleystay waxay dhigaan dhammaan maaddooyinka, "
        "waxayna sayniska ka dhigaan waqtiga ugu xiisaha badan toddobaadka.</p>",
        "<p>Có. Nhiều người đoạt giải của chúng tôi dạy tất cả các môn và biến giờ khoa học "
        "thành điểm nhấn của tuần.</p>",
        "<p>符合。我们的许多获奖者教授所有科目，并让科学课成为一周中最精彩的时光。</p>",
    ),
    (
        "New this year",
        "Novedad de este año",
        "Waxa cusub sannadkan",
        "Điểm mới năm nay",
        "今年的新变化",
    ),
    (
        "<p>The classroom grant has grown from $2,000 to $3,000 thanks to the Lakeside Science "
        "Partners.</p>",
        "<p>La ayuda para el salón de clases ha subido de $2,000 a $3,000 gracias a Lakeside "
        "Science Partners.</p>",
        "<p>Deeqda fasalka waxay ka kacday $2,000 oo waxay noqotay $3,000, waxaana mahad iska "
        "leh Lakeside Science Partners.</p>",
        "<p>Nhờ Lakeside Science Partners, khoản tài trợ cho lớp học đã tăng từ $2,000 lên "
        "$3,000.</p>",
        "<p>多亏了 Lakeside Science Partners，课堂资助已从 2,000 美元增加到 3,000 美元。</p>",
    ),
    # The Student Leadership Scholarship
    (
        "<p>Seniors graduating this school year from a Lakeside Public Schools high school. "
        "Students are nominated by an adult who knows their leadership: a teacher, counselor, "
        "coach, employer or community leader.</p>",
        "<p>Estudiantes de último año que se gradúan este año escolar en una escuela secundaria "
        "de las Escuelas Públicas de Lakeside. Los nomina un adulto que conoce su liderazgo: un "
        "maestro, consejero, entrenador, empleador o líder de la comunidad.</p>",
        "<p>Ardayda fasalka ugu dambeeya ee sannad-dugsiyeedkan ka qalin-jabinaya dugsi sare oo "
        "ka tirsan Dugsiyada Dawladda ee Lakeside. Ardayda waxaa magacaaba qof weyn oo yaqaan "
        "hoggaamintooda: macallin, la-taliye, tababare, loo-shaqeeye ama hoggaamiye bulsho.</p>",
        "<p>Học sinh lớp 12 tốt nghiệp trong năm học này tại một trường trung học thuộc Hệ thống "
        "Trường Công lập Lakeside. Học sinh được đề cử bởi một người lớn biết rõ tài lãnh đạo "
        "của các em: giáo viên, cố vấn học đường, huấn luyện viên, chủ lao động hoặc người lãnh "
        "đạo cộng đồng.</p>",
        "<p>本学年从 Lakeside 公立学校的高中毕业的高四学生。学生由了解其领导力的成年人提名："
        "教师、辅导员、教练、雇主或社区领袖。</p>",
    ),
    (
        "<ul><li>Enrolled as a senior at a Lakeside high school and on track to graduate this "
        "school year.</li><li>Planning to enroll in college, an apprenticeship or a technical "
        "training program.</li><li>Students cannot nominate themselves, and family members "
        "cannot nominate.</li></ul>",
        "<ul><li>Está inscrito en el último año en una escuela secundaria de Lakeside y va "
        "camino de graduarse este año escolar.</li><li>Piensa inscribirse en la universidad, en "
        "un programa de aprendiz o en una formación técnica.</li><li>Los estudiantes no pueden "
        "nominarse a sí mismos, y los familiares no pueden nominar.</li></ul>",
        "<ul><li>Wuxuu ka diiwaan gashan yahay fasalka ugu dambeeya ee dugsi sare oo Lakeside "
        "ah, wuxuuna ku socdaa inuu qalin-jabiyo sannad-dugsiyeedkan.</li><li>Wuxuu qorsheynayaa "
        "inuu iska diiwaan geliyo jaamacad, barnaamij shaqo-barasho ama tababar farsamo.</li>"
        "<li>Ardaydu isma magacaabi karaan, xubnaha qoyskuna ma magacaabi karaan.</li></ul>",
        "<ul><li>Đang học lớp 12 tại một trường trung học ở Lakeside và sẽ tốt nghiệp trong năm "
        "học này.</li><li>Dự định học đại học, học việc hoặc theo một chương trình đào tạo kỹ "
        "thuật.</li><li>Học sinh không thể tự đề cử mình, và người trong gia đình không thể đề "
        "cử.</li></ul>",
        "<ul><li>目前在 Lakeside 的一所高中读最后一年，并有望在本学年毕业。</li><li>计划上大学、"
        "参加学徒项目或技术培训课程。</li><li>学生不能提名自己，家人也不能提名。</li></ul>",
    ),
    (
        "Is financial need considered?",
        "¿Se tiene en cuenta la necesidad económica?",
        "Baahida dhaqaale miyaa la tixgeliyaa?",
        "Hoàn cảnh tài chính có được xem xét không?",
        "会考虑经济困难情况吗？",
    ),
    (
        "<p>No. The scholarship rewards leadership. Grades and family income are not part of "
        "the review.</p>",
        "<p>No. La beca premia el liderazgo. Las calificaciones y los ingresos de la familia no "
        "se tienen en cuenta en la evaluación.</p>",
        "<p>Maya. Deeqda waxbarasho waxay abaalmarisaa hoggaaminta. Darajooyinka iyo dakhliga "
        "qoysku kama mid aha qiimeynta.</p>",
        "<p>Không. Học bổng ghi nhận tài lãnh đạo. Điểm số và thu nhập của gia đình không được "
        "xét đến.</p>",
        "<p>不会。奖学金奖励的是领导力。成绩和家庭收入不在评审范围内。</p>",
    ),
    (
        "How is a student's information protected?",
        "¿Cómo se protege la información del estudiante?",
        "Sidee loo ilaaliyaa macluumaadka ardayga?",
        "Thông tin của học sinh được bảo vệ như thế nào?",
        "学生的信息如何受到保护？",
    ),
    (
        "<p>Most nominees are under 18. Their details are seen only by foundation staff and the "
        "review panel. The student is not contacted by us, and their name or photo is never "
        "published without a parent's or guardian's written consent.</p>",
        "<p>La mayoría de las personas nominadas son menores de 18 años. Sus datos solo los ven "
        "el personal de la fundación y el grupo de evaluadores. Nosotros no nos comunicamos con "
        "el estudiante, y nunca publicamos su nombre ni su foto sin el consentimiento por escrito "
        "de su madre, padre o tutor/a legal.</p>",
        "<p>Inta badan kuwa la magacaabay waxay ka yar yihiin 18 sano. Macluumaadkooda waxaa "
        "arka oo keliya shaqaalaha hay'adda iyo guddiga qiimeynta. Annagu lama xiriirno ardayga, "
        "magaciisa ama sawirkiisana weligeen ma daabacno la'aanteed oggolaansho qoraal ah oo ka "
        "timid waalidka ama mas'uulka.</p>",
        "<p>Hầu hết người được đề cử đều dưới 18 tuổi. Chỉ nhân viên của quỹ và hội đồng chấm "
        "điểm mới được xem thông tin của các em. Chúng tôi không liên lạc với học sinh, và không "
        "bao giờ công bố tên hay ảnh của các em khi chưa có sự đồng ý bằng văn bản của cha mẹ "
        "hoặc người giám hộ.</p>",
        "<p>大多数被提名人未满 18 岁。他们的资料只有基金会工作人员和评审小组能看到。我们不会"
        "联系学生本人；未经家长或监护人书面同意，绝不公布学生的姓名或照片。</p>",
    ),
    (
        "How is the scholarship paid?",
        "¿Cómo se paga la beca?",
        "Sidee loo bixiyaa deeqda waxbarasho?",
        "Học bổng được trả như thế nào?",
        "奖学金如何发放？",
    ),
    (
        "<p>Directly to the college or training program, in two installments.</p>",
        "<p>Directamente a la universidad o al programa de formación, en dos pagos.</p>",
        "<p>Si toos ah ayaa loogu bixiyaa jaamacadda ama barnaamijka tababarka, laba qaybood.</p>",
        "<p>Trả trực tiếp cho trường đại học hoặc chương trình đào tạo, chia làm hai đợt.</p>",
        "<p>分两期直接支付给大学或培训项目。</p>",
    ),
    (
        "Can the scholarship be deferred?",
        "¿Se puede aplazar la beca?",
        "Deeqda waxbarasho dib ma loo dhigi karaa?",
        "Có thể hoãn nhận học bổng không?",
        "奖学金可以延期使用吗？",
    ),
    (
        "<p>Yes, for up to one year, for example for a gap year of service.</p>",
        "<p>Sí, hasta un año, por ejemplo para un año de servicio a la comunidad.</p>",
        "<p>Haa, ilaa hal sano, tusaale ahaan sannad loogu adeegayo bulshada.</p>",
        "<p>Có, tối đa một năm, ví dụ để dành một năm làm công việc phục vụ cộng đồng.</p>",
        "<p>可以，最多延期一年，例如用一年时间参加志愿服务。</p>",
    ),
    (
        "<p>Leadership is not only about titles. Tell us about the student who organized the "
        "food drive, mentored younger students, or held a team together through a hard "
        "season.</p>",
        "<p>El liderazgo no se trata solo de cargos. Cuéntenos sobre el estudiante que organizó "
        "la colecta de alimentos, ayudó a estudiantes más jóvenes o mantuvo unido a un equipo "
        "en una temporada difícil.</p>",
        "<p>Hoggaamintu kuma koobna jagooyin. Noogu sheeg ardayga abaabulay ururinta cuntada, "
        "hagay ardayda ka yar, ama kooxda isku hayay xilli adag.</p>",
        "<p>Lãnh đạo không chỉ là chức danh. Hãy kể cho chúng tôi về học sinh đã tổ chức quyên "
        "góp thực phẩm, kèm cặp các em nhỏ hơn, hoặc giữ cho cả đội gắn kết qua một mùa giải "
        "khó khăn.</p>",
        "<p>领导力不只在于头衔。请告诉我们那位组织食物募捐、帮助低年级同学，或在艰难赛季里让"
        "球队团结在一起的学生。</p>",
    ),
    # The results page
    (
        "Results",
        "Resultados",
        "Natiijooyinka",
        "Kết quả",
        "评选结果",
    ),
    (
        "<p>Winners are announced each spring, once every nominee has been told privately.</p>",
        "<p>Las personas ganadoras se anuncian cada primavera, después de avisar en privado a "
        "cada persona nominada.</p>",
        "<p>Kuwa guuleystay waxaa la shaaciyaa gu' kasta, kadib marka qof kasta oo la magacaabay "
        "si gaar ah loogu sheego.</p>",
        "<p>Người đoạt giải được công bố vào mùa xuân hằng năm, sau khi mọi người được đề cử đã "
        "được thông báo riêng.</p>",
        "<p>获奖者在每年春季公布，在此之前我们会先私下通知每一位被提名人。</p>",
    ),
    # The about page
    (
        "About",
        "Quiénes somos",
        "Nagu saabsan",
        "Giới thiệu",
        "关于我们",
    ),
    (
        "<p>The Lakeside Schools Foundation is an independent nonprofit that supports the "
        "students and staff of Lakeside Public Schools.</p>",
        "<p>La Fundación de las Escuelas de Lakeside es una organización independiente sin fines "
        "de lucro que apoya a los estudiantes y al personal de las Escuelas Públicas de "
        "Lakeside.</p>",
        "<p>Hay'adda Dugsiyada Lakeside waa hay'ad madax-bannaan oo aan faa'iido doon ahayn, oo "
        "taageerta ardayda iyo shaqaalaha Dugsiyada Dawladda ee Lakeside.</p>",
        "<p>Quỹ các Trường Lakeside là một tổ chức phi lợi nhuận độc lập, hỗ trợ học sinh và "
        "nhân viên của Hệ thống Trường Công lập Lakeside.</p>",
        "<p>Lakeside 学校基金会是一个独立的非营利组织，支持 Lakeside 公立学校的学生和教职"
        "员工。</p>",
    ),
    (
        "Our awards",
        "Nuestros premios",
        "Abaalmarinnadayada",
        "Các giải thưởng của chúng tôi",
        "我们的奖项",
    ),
    (
        "<p>Since 2009 the foundation has given more than 200 awards and scholarships to "
        "principals, teachers, school staff and students. The awards are paid for by local "
        "families and businesses, and every dollar goes to the winners and their schools.</p>",
        "<p>Desde 2009, la fundación ha entregado más de 200 premios y becas a directores, "
        "maestros, personal escolar y estudiantes. Los premios los pagan familias y negocios de "
        "la zona, y cada dólar va a las personas ganadoras y a sus escuelas.</p>",
        "<p>Laga soo bilaabo 2009, hay'addu waxay siisay in ka badan 200 abaalmarinno iyo deeqo "
        "waxbarasho maamulayaasha, macallimiinta, shaqaalaha dugsiga iyo ardayda. "
        "Abaalmarinnada waxaa bixiya qoysaska iyo ganacsiyada deegaanka, doollar kastana wuxuu "
        "gaaraa kuwa guuleysta iyo dugsiyadooda.</p>",
        "<p>Từ năm 2009, quỹ đã trao hơn 200 giải thưởng và học bổng cho các hiệu trưởng, giáo "
        "viên, nhân viên nhà trường và học sinh. Các giải thưởng do các gia đình và doanh nghiệp "
        "địa phương đóng góp, và từng đồng đều đến tay người đoạt giải và trường của họ.</p>",
        "<p>自 2009 年以来，基金会已向校长、教师、学校职员和学生颁发了 200 多个奖项和奖学金。"
        "奖金由本地家庭和企业捐助，每一分钱都用于获奖者和他们的学校。</p>",
    ),
    (
        "How winners are chosen",
        "Cómo se elige a las personas ganadoras",
        "Sida loo doorto kuwa guuleysta",
        "Người đoạt giải được chọn như thế nào",
        "获奖者是如何选出的",
    ),
    (
        "<p>A panel of volunteer reviewers reads every nomination against a published rubric. "
        "Reviewers declare any connection to a nominee and never score someone they know. The "
        "foundation board confirms the panel's choices.</p>",
        "<p>Un grupo de evaluadores voluntarios lee cada nominación con una guía de evaluación "
        "publicada. Los evaluadores declaran cualquier relación con una persona nominada y nunca "
        "califican a alguien que conocen. La junta directiva de la fundación confirma lo que "
        "elige el grupo.</p>",
        "<p>Guddi qiimeeyayaal tabarruc ah ayaa akhriya magacaabis kasta iyagoo raacaya "
        "shuruudo qiimeyn oo la daabacay. Qiimeeyayaashu waxay sheegaan xiriir kasta oo ay la "
        "leeyihiin qof la magacaabay, weligoodna ma qiimeeyaan qof ay yaqaanaan. Guddiga "
        "hay'addu wuxuu xaqiijiyaa doorashada guddiga qiimeynta.</p>",
        "<p>Một hội đồng gồm những người chấm điểm tình nguyện đọc từng đề cử theo một bảng "
        "tiêu chí đã được công bố. Người chấm điểm phải khai báo mọi mối quan hệ với người được "
        "đề cử và không bao giờ chấm điểm người mà họ quen biết. Hội đồng quản trị của quỹ xác "
        "nhận lựa chọn của hội đồng chấm điểm.</p>",
        "<p>由志愿评审员组成的小组按照公开的评分标准阅读每一份提名。评审员须申报与被提名人的"
        "任何关系，并且从不给自己认识的人评分。基金会董事会确认评审小组的选择。</p>",
    ),
    # The contact page
    (
        "Contact",
        "Contacto",
        "Nala soo xiriir",
        "Liên hệ",
        "联系我们",
    ),
    (
        "<p>We are happy to help with nominations, letters and eligibility.</p>",
        "<p>Con gusto le ayudamos con las nominaciones, las cartas y los requisitos.</p>",
        "<p>Waan ku faraxsanahay inaan kaa caawinno magacaabisyada, warqadaha iyo shuruudaha "
        "ku-habboonaanta.</p>",
        "<p>Chúng tôi sẵn lòng giúp bạn về đề cử, thư ủng hộ và điều kiện tham gia.</p>",
        "<p>关于提名、推荐信和参选资格的问题，我们都乐意为您解答。</p>",
    ),
    (
        f"<p>E-mail {MAILTO} and we will reply within two school days.</p>",
        f"<p>Escríbanos a {MAILTO} y le responderemos en un plazo de dos días de clases.</p>",
        f"<p>Iimayl u dir {MAILTO} waxaanan kuugu jawaabi doonaa laba maalmood oo dugsi "
        "gudahood.</p>",
        f"<p>Hãy gửi e-mail đến {MAILTO}, chúng tôi sẽ trả lời trong vòng hai ngày học.</p>",
        f"<p>请发电子邮件至 {MAILTO}，我们会在两个上学日内回复。</p>",
    ),
    (
        "<p>Lakeside Schools Foundation<br/>400 Harbor Street, Suite 2<br/>Lakeside</p>",
        "<p>Fundación de las Escuelas de Lakeside<br/>400 Harbor Street, Suite 2<br/>Lakeside</p>",
        "<p>Hay'adda Dugsiyada Lakeside<br/>400 Harbor Street, Suite 2<br/>Lakeside</p>",
        "<p>Quỹ các Trường Lakeside<br/>400 Harbor Street, Suite 2<br/>Lakeside</p>",
        "<p>Lakeside 学校基金会<br/>400 Harbor Street, Suite 2<br/>Lakeside</p>",
    ),
    # The privacy page
    (
        "Privacy",
        "Privacidad",
        "Arrimaha gaarka ah",
        "Quyền riêng tư",
        "隐私",
    ),
    (
        "<p>How we look after the information in nominations. Many student nominees are under "
        "18, so we keep everything private by default.</p>",
        "<p>Cómo cuidamos la información de las nominaciones. Muchos de los estudiantes "
        "nominados son menores de 18 años, por eso mantenemos todo en privado.</p>",
        "<p>Sida aan u ilaalinno macluumaadka ku jira magacaabisyada. Arday badan oo la "
        "magacaabay waxay ka yar yihiin 18 sano, sidaas darteed wax walba si gaar ah ayaan u "
        "haynaa.</p>",
        "<p>Cách chúng tôi bảo vệ thông tin trong các đề cử. Nhiều học sinh được đề cử dưới 18 "
        "tuổi, vì vậy chúng tôi luôn giữ kín mọi thông tin.</p>",
        "<p>我们如何保护提名中的信息。许多被提名的学生未满 18 岁，所以我们默认对所有信息保密。</p>",
    ),
    (
        "What we collect",
        "Qué información reunimos",
        "Waxa aan ururinno",
        "Chúng tôi thu thập những gì",
        "我们收集哪些信息",
    ),
    (
        "<p>The nominator's name and e-mail address, the nominee's name, school and role, the "
        "nomination answers, letters of support and any uploaded files.</p>",
        "<p>El nombre y el correo electrónico de la persona que nomina; el nombre, la escuela y "
        "el puesto de la persona nominada; las respuestas de la nominación, las cartas de apoyo "
        "y los archivos que se suban.</p>",
        "<p>Magaca iyo iimaylka qofka magacaabaya; magaca, dugsiga iyo doorka qofka la "
        "magacaabay; jawaabaha magacaabista, warqadaha taageerada iyo faylal kasta oo la soo "
        "geliyo.</p>",
        "<p>Tên và địa chỉ e-mail của người đề cử; tên, trường và vai trò của người được đề cử; "
        "các câu trả lời trong đề cử, thư ủng hộ và mọi tệp được tải lên.</p>",
        "<p>提名人的姓名和电子邮件地址，被提名人的姓名、学校和职务，提名的答案、推荐信以及"
        "上传的任何文件。</p>",
    ),
    (
        "Who can see it",
        "Quién puede verla",
        "Cidda arki karta",
        "Ai có thể xem",
        "谁能看到这些信息",
    ),
    (
        "<p>Only foundation staff and the reviewers assigned to a nomination. Reviewers must "
        "declare any conflict of interest before reading. We never sell or share nomination "
        "information.</p>",
        "<p>Solo el personal de la fundación y los evaluadores asignados a una nominación. Los "
        "evaluadores deben declarar cualquier conflicto de intereses antes de leer. Nunca "
        "vendemos ni compartimos la información de las nominaciones.</p>",
        "<p>Oo keliya shaqaalaha hay'adda iyo qiimeeyayaasha loo xilsaaray magacaabis. "
        "Qiimeeyayaashu waa inay sheegaan wax kasta oo danahooda ka hor imaan kara ka hor inta "
        "aysan akhrin. Weligeen ma iibinno, lamana wadaagno macluumaadka magacaabisyada.</p>",
        "<p>Chỉ nhân viên của quỹ và những người chấm điểm được giao đề cử đó. Người chấm điểm "
        "phải khai báo mọi xung đột lợi ích trước khi đọc. Chúng tôi không bao giờ bán hay chia "
        "sẻ thông tin đề cử.</p>",
        "<p>只有基金会工作人员和被分配到该提名的评审员。评审员在阅读前必须申报任何利益冲突。"
        "我们从不出售或分享提名信息。</p>",
    ),
    (
        "Student nominees",
        "Estudiantes nominados",
        "Ardayda la magacaabay",
        "Học sinh được đề cử",
        "被提名的学生",
    ),
    (
        "<p>Most student nominees are minors. We publish a student's name or photo only if they "
        "win and a parent or guardian agrees in writing. Nothing about students who do not win "
        "is ever published.</p>",
        "<p>La mayoría de los estudiantes nominados son menores de edad. Publicamos el nombre o "
        "la foto de un estudiante solo si gana y su madre, padre o tutor/a legal lo acepta por "
        "escrito. Nunca se publica nada sobre los estudiantes que no ganan.</p>",
        "<p>Inta badan ardayda la magacaabay waa carruur aan qaan-gaarin. Magaca ama sawirka "
        "ardayga waxaan daabacnaa oo keliya haddii uu guuleysto oo waalid ama mas'uul uu qoraal "
        "ku oggolaado. Weligeen wax kama daabacno ardayda aan guuleysan.</p>",
        "<p>Hầu hết học sinh được đề cử đều chưa thành niên. Chúng tôi chỉ công bố tên hoặc ảnh "
        "của học sinh nếu em đoạt giải và cha mẹ hoặc người giám hộ đồng ý bằng văn bản. Chúng "
        "tôi không bao giờ công bố bất cứ điều gì về những học sinh không đoạt giải.</p>",
        "<p>大多数被提名的学生都是未成年人。只有当学生获奖，并且家长或监护人书面同意时，我们才"
        "会公布学生的姓名或照片。关于未获奖学生的任何信息都绝不会公布。</p>",
    ),
    (
        "How long we keep it",
        "Cuánto tiempo la guardamos",
        "Muddada aan haynno",
        "Chúng tôi lưu giữ trong bao lâu",
        "我们保存多久",
    ),
    (
        "<p>Nominations that do not win are deleted two years after the award cycle closes. "
        "Winners' names and a short citation are kept as part of the foundation's history.</p>",
        "<p>Las nominaciones que no ganan se borran dos años después de que cierra el ciclo del "
        "premio. Los nombres de las personas ganadoras y una breve mención se guardan como parte "
        "de la historia de la fundación.</p>",
        "<p>Magacaabisyada aan guuleysan waa la tirtiraa laba sano kadib marka wareegga "
        "abaalmarintu xirmo. Magacyada kuwa guuleystay iyo qoraal gaaban oo lagu sharfayo waa "
        "la hayaa, iyagoo qayb ka ah taariikhda hay'adda.</p>",
        "<p>Các đề cử không đoạt giải sẽ bị xóa hai năm sau khi đợt trao giải kết thúc. Tên "
        "người đoạt giải và một đoạn vinh danh ngắn được lưu giữ như một phần lịch sử của "
        "quỹ.</p>",
        "<p>未获奖的提名会在该届评选结束两年后删除。获奖者的姓名和简短的获奖词会作为基金会"
        "历史的一部分保留。</p>",
    ),
    (
        "Your choices",
        "Sus opciones",
        "Doorashooyinkaaga",
        "Lựa chọn của bạn",
        "您的选择",
    ),
    (
        f"<p>To see, correct or delete information about you or your child, e-mail {MAILTO}.</p>",
        "<p>Para ver, corregir o borrar información sobre usted o su hijo o hija, escriba a "
        f"{MAILTO}.</p>",
        "<p>Si aad u aragto, u saxdo ama u tirtirto macluumaad adiga ama ilmahaaga ku saabsan, "
        f"iimayl u dir {MAILTO}.</p>",
        f"<p>Để xem, sửa hoặc xóa thông tin về bạn hoặc con bạn, hãy gửi e-mail đến {MAILTO}.</p>",
        f"<p>如需查看、更正或删除关于您或您孩子的信息，请发电子邮件至 {MAILTO}。</p>",
    ),
)


# By language code (settings.LANGUAGES), in LONG_TEXTS' order.
LANGUAGE_CODES = ("es", "so", "vi", "zh-hans")

SHORT_TEXTS = (SPANISH, SOMALI, VIETNAMESE, CHINESE)

PAGE_TRANSLATIONS: dict[str, dict[str, str]] = {
    code: {**short, **{english: texts[n] for english, *texts in LONG_TEXTS}}
    for n, (code, short) in enumerate(zip(LANGUAGE_CODES, SHORT_TEXTS, strict=True))
}
