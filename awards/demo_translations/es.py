"""Spanish (es): the demo form and awards. English text -> Spanish."""

TEXTS = {
    # The awards
    "Excellence in School Leadership Award": "Premio a la Excelencia en el Liderazgo Escolar",
    "Honours a principal whose leadership has lifted teaching and learning for every student.": (
        "Reconoce a un director o una directora cuyo liderazgo ha mejorado la enseñanza y el "
        "aprendizaje de todos los estudiantes."
    ),
    "Opportunity Champion Award": "Premio Campeón de Oportunidades",
    "For grade 6-12 teachers and school staff at Title I schools who open doors for students.": (
        "Para maestros y personal de escuelas Título I, de 6.º a 12.º grado, que abren puertas "
        "a sus estudiantes."
    ),
    "Curiosity Prize for K-8 Science Teaching": (
        "Premio Curiosidad a la Enseñanza de Ciencias (de kínder a 8.º grado)"
    ),
    "Celebrates a K-8 teacher who makes science hands-on, joyful and rigorous.": (
        "Celebra a un maestro o una maestra, de kínder a 8.º grado, que enseña ciencias con "
        "actividades prácticas, con alegría y con exigencia."
    ),
    "Student Leadership Scholarship": "Beca de Liderazgo Estudiantil",
    "A scholarship for a graduating senior who has led change in their school or community.": (
        "Una beca para un estudiante de último año de preparatoria que ha impulsado cambios en "
        "su escuela o en su comunidad."
    ),
    # Step titles
    "Eligibility": "Requisitos",
    "Their story": "Su historia",
    "Supporting materials": "Documentos de apoyo",
    # Questions
    "Does the nominee currently work or study at a Lakeside public school?": (
        "¿La persona nominada trabaja o estudia ahora en una escuela pública de Lakeside?"
    ),
    "Only people who work or study at a Lakeside public school can be nominated for this award.": (
        "Solo se puede nominar para este premio a personas que trabajan o estudian en una "
        "escuela pública de Lakeside."
    ),
    "What has the nominee done that deserves this award?": (
        "¿Qué ha hecho la persona nominada para merecer este premio?"
    ),
    "Concrete examples help reviewers most.": (
        "Los ejemplos concretos son lo que más ayuda a quienes leen las nominaciones."
    ),
    "How have students or colleagues benefited?": (
        "¿Cómo se han beneficiado los estudiantes o los compañeros de trabajo?"
    ),
    "What is the nominee known for?": "¿Por qué es conocida la persona nominada?",
    "Innovation": "Innovación",
    "Equity": "Equidad",
    "Mentoring": "Guiar y apoyar a otros",
    "Family engagement": "Participación de las familias",
    "Other": "Otro",
    "Tell us what else they are known for": "Cuéntenos por qué otra cosa es conocida",
    "Supporting document": "Documento de apoyo",
    "A photo of a project, a newsletter, a student's note. Never a student's records.": (
        "Una foto de un proyecto, un boletín, una nota de un estudiante. Nunca los expedientes "
        "de un estudiante."
    ),
    "Letters of support": "Cartas de apoyo",
    "Colleagues, families or students who can speak to the nominee's work.": (
        "Compañeros de trabajo, familias o estudiantes que puedan hablar del trabajo de la "
        "persona nominada."
    ),
    "I confirm that what I wrote is true to the best of my knowledge.": (
        "Confirmo que lo que escribí es verdad, hasta donde yo sé."
    ),
    "The foundation can only accept a nomination whose nominator confirms it is true. Check "
    "your answers, then choose Yes.": (
        "La fundación solo puede aceptar una nominación si la persona que la envía confirma que "
        "es verdad. Revise sus respuestas y después elija Sí."
    ),
}
