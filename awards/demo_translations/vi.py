"""Vietnamese (vi): the demo form and awards. English text -> Vietnamese."""

TEXTS = {
    # The awards
    "Excellence in School Leadership Award": "Giải thưởng Lãnh đạo Trường học Xuất sắc",
    "Honours a principal whose leadership has lifted teaching and learning for every student.": (
        "Vinh danh một hiệu trưởng có tài lãnh đạo đã nâng cao việc dạy và học cho mọi học sinh."
    ),
    "Opportunity Champion Award": "Giải thưởng Người Mở ra Cơ hội",
    "For grade 6-12 teachers and school staff at Title I schools who open doors for students.": (
        "Dành cho giáo viên và nhân viên từ lớp 6 đến lớp 12 tại các trường Title I, những người "
        "mở ra cơ hội cho học sinh."
    ),
    "Curiosity Prize for K-8 Science Teaching": (
        "Giải thưởng Ham Hiểu biết cho việc Dạy Khoa học (từ mẫu giáo đến lớp 8)"
    ),
    "Celebrates a K-8 teacher who makes science hands-on, joyful and rigorous.": (
        "Tôn vinh một giáo viên từ mẫu giáo đến lớp 8 giúp môn khoa học trở nên thực hành, "
        "vui vẻ và nghiêm túc."
    ),
    "Student Leadership Scholarship": "Học bổng Lãnh đạo dành cho Học sinh",
    "A scholarship for a graduating senior who has led change in their school or community.": (
        "Học bổng dành cho một học sinh lớp 12 sắp tốt nghiệp đã dẫn đầu những thay đổi ở trường "
        "hoặc trong cộng đồng của mình."
    ),
    # Step titles
    "Eligibility": "Điều kiện",
    "Their story": "Câu chuyện của họ",
    "Supporting materials": "Tài liệu kèm theo",
    # Questions
    "Does the nominee currently work or study at a Lakeside public school?": (
        "Người được đề cử hiện có đang làm việc hoặc học tại một trường công lập ở Lakeside không?"
    ),
    "Only people who work or study at a Lakeside public school can be nominated for this award.": (
        "Chỉ những người đang làm việc hoặc học tại một trường công lập ở Lakeside mới có thể "
        "được đề cử cho giải thưởng này."
    ),
    "What has the nominee done that deserves this award?": (
        "Người được đề cử đã làm gì để xứng đáng với giải thưởng này?"
    ),
    "Concrete examples help reviewers most.": (
        "Những ví dụ cụ thể giúp ích nhiều nhất cho người xét duyệt."
    ),
    "How have students or colleagues benefited?": (
        "Học sinh hoặc đồng nghiệp đã được giúp đỡ như thế nào?"
    ),
    "What is the nominee known for?": "Người được đề cử được biết đến nhờ điều gì?",
    "Innovation": "Đổi mới",
    "Equity": "Công bằng",
    "Mentoring": "Hướng dẫn và kèm cặp người khác",
    "Family engagement": "Gắn kết với gia đình học sinh",
    "Other": "Khác",
    "Tell us what else they are known for": (
        "Hãy cho chúng tôi biết họ còn được biết đến nhờ điều gì khác"
    ),
    "Supporting document": "Tài liệu hỗ trợ",
    "A photo of a project, a newsletter, a student's note. Never a student's records.": (
        "Một tấm ảnh về dự án, một bản tin, một lời nhắn của học sinh. Tuyệt đối không gửi hồ sơ "
        "của học sinh."
    ),
    "Letters of support": "Thư ủng hộ",
    "Colleagues, families or students who can speak to the nominee's work.": (
        "Đồng nghiệp, phụ huynh hoặc học sinh có thể nói về công việc của người được đề cử."
    ),
    "I confirm that what I wrote is true to the best of my knowledge.": (
        "Tôi xác nhận rằng những gì tôi viết là đúng theo hiểu biết của tôi."
    ),
    "The foundation can only accept a nomination whose nominator confirms it is true. Check "
    "your answers, then choose Yes.": (
        "Quỹ chỉ có thể nhận một đề cử khi người đề cử xác nhận rằng thông tin là đúng sự thật. "
        "Hãy kiểm tra lại câu trả lời, rồi chọn Có."
    ),
}
