"""What browser tests check on a page, and how they answer a question as a student would."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import Page

from quiz.models import Question

SIZES = {"phone": (375, 812), "laptop": (1280, 800)}
PASSWORD = "orbit-1975-handshake"  # tests.factories.make_user's


def log_in(page: Page, base: str, username: str, lang: str = "en"):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (empty when none)."""
    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 or less when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def answer_correctly(page: Page, question: Question, lang: str | None = None):
    """Answer through the page as a student would, using what the database says is right.
    Choice texts are read in `lang` (default: the language of the page)."""
    lang = lang or page.locator("html").get_attribute("lang")
    with translation.override(lang):
        choices = list(question.choices.order_by("position"))
        if question.kind in ("single", "true_false"):
            page.get_by_label(next(c for c in choices if c.is_correct).text, exact=True).check()
        elif question.kind == "multiple":
            for choice in choices:
                if choice.is_correct:
                    page.get_by_label(choice.text, exact=True).check()
        elif question.kind == "number":
            page.locator("input[name=number]").fill(f"{question.number_answer:f}".rstrip("0").rstrip("."))
        elif question.kind == "typed":
            page.locator("input[name=text]").fill(choices[0].text.split("|")[0].strip())
        elif question.kind == "matching":
            _match_every_pair(page, choices)
        elif question.kind == "diagram":
            right = next(c for c in choices if c.is_correct)
            radio = page.get_by_label(right.text, exact=True)
            page.locator(f'.diagram-region[data-region="{right.region}"]').first.click()  # ticks it, with JavaScript
            if not radio.is_checked():
                radio.check()
        else:
            _order_every_item(page, choices)
    page.get_by_role("button", name=re.compile("^(Ответить|Answer)$")).click()


def _order_every_item(page: Page, choices) -> None:
    """Order: one tap on ↑ per step where JavaScript built the list (from the top down, each item is
    raised to its place); the selects otherwise."""
    if page.locator(".order-board").count():
        texts = page.locator(".order-board .order-text")
        for place, choice in enumerate(sorted(choices, key=lambda c: c.position)):
            while texts.all_inner_texts().index(choice.text) > place:
                page.locator(".order-row", has=page.locator(".order-text", has_text=choice.text)).locator(
                    ".order-up"
                ).click()
        return
    for choice in choices:
        page.get_by_label(choice.text, exact=True).select_option(str(choice.position))


def _match_every_pair(page: Page, choices) -> None:
    """Matching: one tap on the item, one on its match, where JavaScript built the tap board;
    the selects otherwise."""
    if page.locator(".match-board").count():
        for choice in choices:
            page.locator(".match-item-button", has_text=choice.text).click()
            page.locator(".match-answer", has_text=re.compile(f"^{re.escape(choice.match)}$")).click()
        return
    for choice in choices:
        page.get_by_label(choice.text, exact=True).select_option(label=choice.match)


def finish_with_every_answer_right(page: Page, attempt) -> None:
    """From the attempt's first question: answer each one correctly, go on, finish, see 100 %."""
    from playwright.sync_api import expect

    for number, question_id in enumerate(attempt.question_ids, start=1):
        answer_correctly(page, Question.objects.get(pk=question_id))
        expect(page.locator(".feedback-verdict")).to_contain_text(
            re.compile("Your answer is correct|Ваш ответ правильный")
        )
        if number < attempt.question_total:
            page.locator(".action-bar a.go-on").click()
    page.locator(".action-bar form button.go-on").click()
    expect(page.locator(".score-big")).to_have_text(re.compile(r"^100\s?%$"))
