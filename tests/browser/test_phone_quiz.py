"""The quiz flow on a phone (390×844) and a laptop (1366×768), in both languages: the verdict and the
way on without scrolling, the question map, keys, order questions, the result page, axe, no JavaScript."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db.models.functions import Length
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from quiz.models import Attempt, Question
from tests.browser.checks import answer_correctly, horizontal_overflow
from tests.factories import make_quiz

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "laptop": (1366, 768)}
EVERY_SIZE_AND_LANGUAGE = [(size, lang) for size in SIZES for lang in ("en", "ru")]
ANSWER = re.compile("^(Answer|Ответить)$")


@pytest.fixture
def mixed_quiz(content):
    """Five shipped questions of different kinds, the one with the longest explanation first (the
    hardest case for "the way on is visible without scrolling"); choices keep their stored order."""
    published = Question.objects.published()
    longest = published.filter(kind="single").annotate(n=Length("explanation_ru")).order_by("-n").first()
    picked = [longest] + [
        published.filter(kind=kind).order_by("pk").first() for kind in ("true_false", "order", "multiple", "number")
    ]
    return make_quiz(
        picked,
        slug="mixed",
        title_en="Mixed",
        title_ru="Разное",
        description_en="Mixed.",
        description_ru="Разное.",
        shuffle_choices=False,
        pass_mark=60,
    )


def open_page(browser: Browser, size: str, javascript: bool = True) -> Page:
    width, height = SIZES[size]
    return browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript).new_page()


def start(page: Page, base: str, lang: str, slug: str = "mixed") -> Attempt:
    page.goto(f"{base}/{lang}/quizzes/{slug}/")
    page.get_by_role("button", name=re.compile("Start the quiz|Начать викторину")).click()
    attempt = Attempt.objects.latest("started_at")
    expect(page).to_have_url(re.compile(f"/{lang}/attempts/{attempt.public_id}/q/1/$"))
    return attempt


def in_viewport(page: Page, selector: str) -> bool:
    """The element is wholly inside the window as it is, without scrolling."""
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
             return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.height > 0; }""",
        selector,
    )


def axe_violations(page: Page) -> list[str]:
    """Every axe-core violation, whatever its impact: the student pages have none."""
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
    ]


def screenshot(page: Page, shot_dir, name: str) -> None:
    shot_dir.mkdir(exist_ok=True)
    page.screenshot(path=str(shot_dir / f"{name}.png"))  # the window as seen, not the whole page


@pytest.fixture
def shots():
    from tests.browser.conftest import SCREENSHOTS

    return SCREENSHOTS


@pytest.mark.parametrize(("size", "lang"), EVERY_SIZE_AND_LANGUAGE)
def test_after_answering_the_verdict_and_the_way_on_need_no_scrolling(
    live_server, browser, mixed_quiz, shots, size, lang
):
    page = open_page(browser, size)
    attempt = start(page, live_server.url, lang)
    assert axe_violations(page) == []
    screenshot(page, shots, f"flow-question-{lang}-{size}")
    question = Question.objects.get(pk=attempt.question_ids[0])
    with translation.override(lang):
        wrong = question.choices.filter(is_correct=False).order_by("position").first().text
    page.get_by_label(wrong, exact=True).check()
    page.get_by_role("button", name=ANSWER).click()
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Your answer is incorrect" if lang == "en" else "Ваш ответ неправильный")
    expect(verdict).to_contain_text("0 points out of 1" if lang == "en" else "0 баллов из 1")
    expect(verdict).to_be_focused()
    assert page.evaluate("scrollY") == 0
    assert in_viewport(page, "#verdict")
    assert in_viewport(page, ".action-bar .go-on")
    expect(page.locator(".action-bar .go-on")).to_have_text(re.compile("Next question|Следующий вопрос"))
    assert horizontal_overflow(page) <= 0
    assert axe_violations(page) == []
    screenshot(page, shots, f"flow-verdict-{lang}-{size}")
    # The bar stays in view at the bottom of the explanation too, and never covers its last line.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert in_viewport(page, ".action-bar .go-on")
    page.locator(".action-bar .go-on").click()
    expect(page).to_have_url(re.compile("/q/2/$"))
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_true_false_verdict_cannot_be_read_as_an_option(live_server, browser, mixed_quiz, lang):
    page = open_page(browser, "phone")
    attempt = start(page, live_server.url, lang)
    page.goto(f"{live_server.url}/{lang}/attempts/{attempt.public_id}/q/2/")
    question = Question.objects.get(pk=attempt.question_ids[1])
    assert question.kind == "true_false"
    with translation.override(lang):
        labels = [c.text for c in question.choices.order_by("position")]
        right = question.choices.get(is_correct=True).text
    expect(page.locator(".choice")).to_have_text(labels)
    page.get_by_label(right, exact=True).check()
    page.get_by_role("button", name=ANSWER).click()
    verdict = page.locator("#verdict").inner_text().lower()
    assert verdict.startswith("✓")
    for label in labels:
        assert label.lower() not in verdict
    page.context.close()


@pytest.mark.parametrize(("size", "lang"), [("phone", "ru"), ("laptop", "en")])
def test_a_skipped_question_is_reached_from_the_map(live_server, browser, mixed_quiz, shots, size, lang):
    page = open_page(browser, size)
    attempt = start(page, live_server.url, lang)
    page.get_by_role("link", name=re.compile("Skip for now|Пока пропустить")).click()
    expect(page).to_have_url(re.compile("/q/2/$"))
    answer_correctly(page, Question.objects.get(pk=attempt.question_ids[1]))
    tile = page.locator(".qmap .qtile").first
    expect(tile).to_have_accessible_name(re.compile("1.*(skipped|пропущен)"))
    expect(page.locator(".qmap .qtile").nth(1)).to_have_accessible_name(re.compile("2.*(answered|есть ответ)"))
    expect(page.locator(".qmap .qtile[aria-current=step]")).to_have_text(re.compile("^2"))
    page.locator(".qmap").scroll_into_view_if_needed()
    screenshot(page, shots, f"flow-map-{lang}-{size}")
    tile.click()
    expect(page).to_have_url(re.compile(f"/attempts/{attempt.public_id}/q/1/$"))
    expect(page.get_by_role("button", name=ANSWER)).to_be_visible()
    page.context.close()


def test_finishing_early_asks_and_says_how_many_are_left(live_server, browser, mixed_quiz, shots):
    page = open_page(browser, "phone")
    attempt = start(page, live_server.url, "ru")
    answer_correctly(page, Question.objects.get(pk=attempt.question_ids[0]))
    page.get_by_role("link", name="Завершить викторину").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("4 вопроса без ответа — всё равно завершить?")
    assert axe_violations(page) == []
    screenshot(page, shots, "flow-finish-ru-phone")
    page.get_by_role("link", name=re.compile("К первому вопросу без ответа")).click()
    expect(page).to_have_url(re.compile("/q/2/$"))
    page.go_back()
    page.get_by_role("button", name="Всё равно завершить").click()
    expect(page).to_have_url(re.compile("/result/$"))
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 1.0
    page.context.close()


def test_keys_choose_and_send_and_the_hint_needs_a_keyboard(live_server, browser, mixed_quiz):
    page = open_page(browser, "laptop")
    attempt = start(page, live_server.url, "en")
    expect(page.locator(".key-hint")).to_be_visible()  # a laptop: a fine pointer that hovers
    question = Question.objects.get(pk=attempt.question_ids[0])
    second = question.choices.order_by("position")[1]
    page.keyboard.press("2")
    expect(page.get_by_label(second.text_en, exact=True)).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator("#verdict")).to_be_focused()
    assert attempt.responses.get().answer == {"choices": [second.pk]}
    page.keyboard.press("Enter")  # on the verdict, Enter goes on
    expect(page).to_have_url(re.compile("/q/2/$"))
    page.goto(f"{live_server.url}/en/attempts/{attempt.public_id}/q/4/")  # several answers: keys toggle
    first = page.locator(".choices input").first
    page.keyboard.press("1")
    expect(first).to_be_checked()
    page.keyboard.press("1")
    expect(first).not_to_be_checked()
    page.keyboard.press("9")  # no ninth choice: nothing happens
    expect(page.locator(".choices input:checked")).to_have_count(0)
    page.context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True).new_page()
    phone.goto(f"{live_server.url}/en/attempts/{attempt.public_id}/q/3/")
    expect(phone.locator(".key-hint")).to_be_hidden()  # a touch screen: no keys to tell about
    phone.context.close()


def test_order_items_move_up_and_down_in_one_tap(live_server, browser, mixed_quiz, shots):
    page = open_page(browser, "phone")
    attempt = start(page, live_server.url, "en")
    page.goto(f"{live_server.url}/en/attempts/{attempt.public_id}/q/3/")
    question = Question.objects.get(pk=attempt.question_ids[2])
    correct = [c.text_en for c in question.choices.order_by("position")]
    rows = page.locator(".order-board .order-row .order-text")
    expect(page.locator(".order-list")).to_be_hidden()
    screenshot(page, shots, "flow-order-en-phone")
    # Put each item in its place from the top down, by its "Move up" button only.
    for place, text in enumerate(correct):
        while rows.all_inner_texts().index(text) > place:
            page.get_by_role("button", name=f"Move up: {text}").click()
    expect(rows).to_have_text(correct)
    expect(page.get_by_role("button", name=f"Move up: {correct[0]}")).to_be_disabled()
    page.get_by_role("button", name=ANSWER).click()
    expect(page.locator("#verdict")).to_contain_text("Your answer is correct")
    assert attempt.responses.get(question=question).points == 1.0
    page.context.close()


def test_order_items_can_be_dragged(live_server, browser, mixed_quiz):
    page = open_page(browser, "laptop")
    attempt = start(page, live_server.url, "en")
    page.goto(f"{live_server.url}/en/attempts/{attempt.public_id}/q/3/")
    rows = page.locator(".order-board .order-row")
    before = rows.locator(".order-text").all_inner_texts()
    # The fourth item onto the first: both inside the window, clear of the header and the bar at the bottom.
    rows.first.evaluate('(row) => row.scrollIntoView({block: "center"})')
    handle = rows.nth(3).locator(".order-handle").bounding_box()
    target = rows.first.bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 20, target["y"] + 2, steps=8)
    page.mouse.up()
    expect(rows.locator(".order-text")).to_have_text([before[3], *before[:3], *before[4:]])
    places = page.locator(".order-list select").evaluate_all("(selects) => selects.map((s) => s.value)")
    assert sorted(places) == [str(n) for n in range(1, len(before) + 1)]
    page.context.close()


@pytest.mark.parametrize(("size", "lang"), EVERY_SIZE_AND_LANGUAGE)
def test_the_result_page_leads_with_the_score_and_the_tiles(live_server, browser, mixed_quiz, shots, size, lang):
    page = open_page(browser, size)
    attempt = start(page, live_server.url, lang)
    for number in (1, 2):  # two right, then finish with three unanswered
        answer_correctly(page, Question.objects.get(pk=attempt.question_ids[number - 1]))
        page.locator(".action-bar .go-on").click()
    page.get_by_role("link", name=re.compile("Finish the quiz|Завершить викторину")).click()
    page.get_by_role("button", name=re.compile("Finish anyway|Всё равно завершить")).click()
    expect(page.locator(".score-points")).to_have_text("2 points out of 5" if lang == "en" else "2 балла из 5")
    expect(page.locator(".score-big")).to_have_text(re.compile(r"^40\s?%$"))
    assert in_viewport(page, ".score-card")
    assert in_viewport(page, ".result-tiles .qmap-tiles")
    expect(page.locator(".rtile")).to_have_count(5)
    expect(page.locator(".review-item")).to_have_count(3)  # only the mistakes, by default
    assert axe_violations(page) == []
    screenshot(page, shots, f"flow-result-{lang}-{size}")
    page.locator(".rtile").first.click()  # a right answer: the link shows every answer and jumps to it
    expect(page).to_have_url(re.compile(r"\?all=1#q1$"))
    expect(page.locator(".review-item")).to_have_count(5)
    assert axe_violations(page) == []
    page.context.close()


def test_without_javascript_the_flow_still_works(live_server, browser, mixed_quiz):
    page = open_page(browser, "phone", javascript=False)
    attempt = start(page, live_server.url, "en")
    page.get_by_role("link", name="Skip for now").click()
    page.get_by_role("link", name="Skip for now").click()
    expect(page).to_have_url(re.compile("/q/3/$"))
    selects = page.locator(".order-list select")
    expect(selects.first).to_have_value("")  # an untouched order question is no answer
    page.get_by_role("button", name="Answer").click()
    expect(page.locator(".form-errors")).to_contain_text("Give every item a place.")
    answer_correctly(page, Question.objects.get(pk=attempt.question_ids[2]))
    expect(page.locator("#verdict")).to_contain_text("Your answer is correct")
    assert in_viewport(page, "#verdict") and in_viewport(page, ".action-bar .go-on")
    page.locator(".qmap .qtile").first.click()
    expect(page).to_have_url(re.compile("/q/1/$"))
    page.get_by_role("link", name="Finish the quiz").click()
    page.get_by_role("button", name="Finish anyway").click()
    expect(page.locator(".score-points")).to_have_text("1 point out of 5")
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_dark_theme_passes_axe_on_the_question_and_result_pages(live_server, browser, mixed_quiz, shots, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    attempt = start(page, live_server.url, lang)
    assert axe_violations(page) == []
    answer_correctly(page, Question.objects.get(pk=attempt.question_ids[0]))
    page.locator(".action-bar .go-on").click()
    question = Question.objects.get(pk=attempt.question_ids[1])
    with translation.override(lang):
        wrong = question.choices.get(is_correct=False).text
    page.get_by_label(wrong, exact=True).check()
    page.get_by_role("button", name=ANSWER).click()
    expect(page.locator("#verdict")).to_have_class(re.compile("verdict-wrong"))
    assert axe_violations(page) == []
    screenshot(page, shots, f"flow-verdict-dark-{lang}-phone")
    page.goto(f"{live_server.url}/{lang}/attempts/{attempt.public_id}/finish/")
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile("Finish anyway|Всё равно завершить")).click()
    expect(page.locator(".score-card")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, shots, f"flow-result-dark-{lang}-phone")
    page.goto(page.url + "?all=1")
    page.locator(".review-details summary").first.click()
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_timed_one_question_practice_fits_a_phone_and_can_be_finished(live_server, browser, content, shots, lang):
    make_quiz(
        [Question.objects.published().order_by("pk").first()],
        slug="timed",
        title_en="Timed",
        title_ru="На время",
        description_en="Quick.",
        description_ru="Быстро.",
        time_limit_minutes=5,
        shuffle_choices=True,
    )
    page = open_page(browser, "phone")
    start(page, live_server.url, lang, slug="timed")
    expect(page.locator(".timer")).to_be_visible()
    assert horizontal_overflow(page) <= 0
    screenshot(page, shots, f"flow-timed-{lang}-phone")
    page.get_by_role("link", name=re.compile("Finish the quiz|Завершить викторину")).click()
    page.get_by_role("button", name=re.compile("Finish anyway|Всё равно завершить")).click()
    expect(page.locator(".score-points")).to_have_text("0 points out of 1" if lang == "en" else "0 баллов из 1")
    page.context.close()
