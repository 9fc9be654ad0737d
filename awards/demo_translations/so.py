"""Somali (so): the demo form and awards. English text -> Somali."""

TEXTS = {
    # The awards
    "Excellence in School Leadership Award": "Abaalmarinta Hoggaaminta Dugsiga ee Heerka Sare",
    "Honours a principal whose leadership has lifted teaching and learning for every student.": (
        "Waxay sharaftaa maamule dugsi oo hoggaamintiisu horumarisay waxbarista iyo barashada "
        "arday kasta."
    ),
    "Opportunity Champion Award": "Abaalmarinta Horseedka Fursadaha",
    "For grade 6-12 teachers and school staff at Title I schools who open doors for students.": (
        "Waxaa loogu talagalay macallimiinta iyo shaqaalaha dugsiyada Title I ee fasallada 6 ilaa "
        "12, ee ardayda u fura albaabada fursadaha."
    ),
    "Curiosity Prize for K-8 Science Teaching": (
        "Abaalmarinta Xiisaha ee Barashada Sayniska (fasalka hoose ilaa fasalka 8aad)"
    ),
    "Celebrates a K-8 teacher who makes science hands-on, joyful and rigorous.": (
        "Waxay dabaaldegtaa macallin dhiga fasalka hoose ilaa fasalka 8aad, oo sayniska ka dhiga "
        "wax gacanta lagu sameeyo, farxad leh, heer sarena ah."
    ),
    "Student Leadership Scholarship": "Deeqda Waxbarasho ee Hoggaaminta Ardayda",
    "A scholarship for a graduating senior who has led change in their school or community.": (
        "Deeq waxbarasho oo loogu talagalay arday fasalka ugu dambeeya ka qalin-jabinaya, oo "
        "isbeddel ka horseeday dugsigiisa ama bulshadiisa."
    ),
    # Step titles
    "Eligibility": "Shuruudaha",
    "Their story": "Sheekadooda",
    "Supporting materials": "Dukumentiyada taageerada",
    # Questions
    "Does the nominee currently work or study at a Lakeside public school?": (
        "Qofka la magacaabay ma hadda ka shaqeeyaa ama wax ma ka bartaa dugsi dawladeed oo "
        "Lakeside ku yaal?"
    ),
    "Only people who work or study at a Lakeside public school can be nominated for this award.": (
        "Abaalmarintan waxaa loo magacaabi karaa oo keliya dadka ka shaqeeya ama wax ka barta "
        "dugsi dawladeed oo Lakeside ku yaal."
    ),
    "What has the nominee done that deserves this award?": (
        "Maxay sameeyeen qofka la magacaabay oo ay ku mutaysteen abaalmarintan?"
    ),
    "Concrete examples help reviewers most.": (
        "Tusaalooyin cad ayaa ugu badan caawiya dadka akhrinaya magacaabista."
    ),
    "How have students or colleagues benefited?": (
        "Sidee bay uga faa'iideysteen ardaydu ama asxaabta shaqadu?"
    ),
    "What is the nominee known for?": "Maxaa lagu yaqaannaa qofka la magacaabay?",
    "Innovation": "Hal-abuur",
    "Equity": "Caddaalad iyo sinnaan",
    "Mentoring": "Hagidda iyo taageeridda dadka kale",
    "Family engagement": "Ka-qaybgelinta qoysaska",
    "Other": "Wax kale",
    "Tell us what else they are known for": "Noo sheeg waxa kale ee lagu yaqaan",
    "Supporting document": "Dukumenti taageero ah",
    "A photo of a project, a newsletter, a student's note. Never a student's records.": (
        "Sawir mashruuc, war-side, ama qoraal arday. Weligaa ha soo dirin diiwaannada ardayga."
    ),
    "Letters of support": "Warqadaha taageerada",
    "Colleagues, families or students who can speak to the nominee's work.": (
        "Asxaab shaqo, qoysas ama arday ka hadli kara shaqada qofka la magacaabay."
    ),
    "I confirm that what I wrote is true to the best of my knowledge.": (
        "Waxaan xaqiijinayaa in waxa aan qoray ay run yihiin inta aan ogahay."
    ),
    "The foundation can only accept a nomination whose nominator confirms it is true. Check "
    "your answers, then choose Yes.": (
        "Hay'addu waxay aqbali kartaa oo keliya magacaabis uu qofka soo diray xaqiijiyo inay run "
        "tahay. Hubi jawaabahaaga, kadibna dooro Haa."
    ),
}
