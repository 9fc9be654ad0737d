import pytest

from awards.models import Award, NomineeCategory
from cms.models import AwardIndexPage, AwardPage


@pytest.fixture
def award_index(home_page):
    return home_page.add_child(
        instance=AwardIndexPage(
            title="Awards",
            slug="awards",
            intro="<p>Our yearly awards.</p>",
            show_in_menus=True,
        )
    )


@pytest.fixture
def make_award_page(award_index):
    """Adds an AwardPage (and its Award) under the award index; `live=False` makes a draft."""
    counter = iter(range(1, 1000))

    def make(title: str | None = None, live: bool = True, **fields) -> AwardPage:
        number = next(counter)
        title = title or f"Award {number}"
        award = Award.objects.create(
            name=title, slug=f"award-{number}", category=NomineeCategory.TEACHER
        )
        fields.setdefault("summary", f"Summary of {title}.")
        page = AwardPage(title=title, slug=f"award-{number}", award=award, live=live, **fields)
        return award_index.add_child(instance=page)

    return make
