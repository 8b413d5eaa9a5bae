"""The flashcard pages through the test client: deck list, deck, study session, rating, bad input."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quiz import scheduling
from quiz.models import Attempt, Card, CardState, Deck, Direction, Question, ReviewLog
from quiz.ownership import Learner
from tests.factories import answer_post, make_card, make_deck, make_fact, make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user():
    return make_user()


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def learner_of(user) -> Learner:
    return Learner(user_id=user.pk, anon_key="")


def cards_of(deck) -> list[Card]:
    return list(deck.cards.order_by("position", "id"))


def give_state(user, card, direction=Direction.FACT, due=T0, reps=1) -> CardState:
    state = scheduling.new_state(card, direction, learner_of(user).owner_fields(), T0)
    state.due, state.reps = due, reps
    state.save()
    return state


def study_url(deck, direction=Direction.FACT, lang="en") -> str:
    return f"/{lang}/decks/{deck.slug}/study/{direction}/"


def text(response) -> str:
    """The page's main content as a reader sees it: tags dropped, whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


def shown_card(response) -> int:
    return int(re.search(r'name="card" value="(\d+)"', response.content.decode()).group(1))


def rate(client, deck, card_id, rating, *, reps=0, direction=Direction.FACT, lang="en", **extra):
    data = {"card": card_id, "direction": direction, "reps": reps, "rating": rating, **extra}
    return client.post(study_url(deck, direction, lang), data)


# --- Deck list and deck page ------------------------------------------------------------------


def test_deck_list_shows_due_and_new_counts_in_english(signed_in, user):
    deck = make_deck(cards=15, title_en="Crews", title_ru="Экипажи")
    for card in cards_of(deck)[:3]:
        give_state(user, card)
    give_state(user, cards_of(deck)[3], due=T0 + timedelta(days=2))  # seen, not due: neither due nor new
    page = text(signed_in.get("/en/decks/"))
    assert "Crews" in page
    assert "15 cards" in page
    assert "3 cards due · 10 new" in page


def test_deck_list_shows_due_and_new_counts_in_russian(signed_in, user):
    deck = make_deck(cards=15, title_en="Crews", title_ru="Экипажи")
    for card in cards_of(deck)[:3]:
        give_state(user, card)
    page = text(signed_in.get("/ru/decks/"))
    assert "Экипажи" in page
    assert "Crews" not in page
    assert "3 карточки к повторению · 10 новых" in page


@pytest.mark.parametrize(
    ("due", "new", "russian"),
    [
        (1, 1, "1 карточка к повторению · 1 новая"),
        (2, 4, "2 карточки к повторению · 4 новых"),
        (5, 0, "5 карточек к повторению · 0 новых"),
        (21, 21, "21 карточка к повторению · 21 новая"),
    ],
)
def test_deck_page_counts_use_russian_plurals(signed_in, user, due, new, russian):
    deck = make_deck(cards=due + new, new_per_day=30)
    for card in cards_of(deck)[:due]:
        give_state(user, card)
    assert russian in text(signed_in.get(f"/ru/decks/{deck.slug}/"))


def test_new_count_is_limited_by_what_is_left_of_today(signed_in, user):
    deck = make_deck(cards=30, new_per_day=10)
    for card in cards_of(deck)[:4]:  # four cards met for the first time today
        scheduling.rate(scheduling.new_state(card, Direction.FACT, learner_of(user).owner_fields()), EASY, 0)
    page = text(signed_in.get(f"/en/decks/{deck.slug}/"))
    assert "0 cards due · 6 new" in page
    assert "up to 10 new cards a day" in page


def test_a_new_visitor_sees_every_deck_as_new(client):
    deck = make_deck(cards=3)
    assert "0 cards due · 3 new" in text(client.get(f"/en/decks/{deck.slug}/"))
    assert "learner" not in client.session  # looking stores nothing


def test_vocabulary_deck_offers_both_directions_in_either_language(client):
    deck = make_deck(cards=5, kind=Deck.Kind.VOCABULARY)
    for lang, labels in (
        ("en", ["English → Russian", "Russian → English"]),
        ("ru", ["английский → русский", "русский → английский"]),
    ):
        response = client.get(f"/{lang}/decks/{deck.slug}/")
        html = response.content.decode()
        for label in labels:
            assert label in text(response)
        assert f'href="/{lang}/decks/{deck.slug}/study/en-ru/"' in html
        assert f'href="/{lang}/decks/{deck.slug}/study/ru-en/"' in html


def test_fact_deck_is_studied_one_way(client):
    deck = make_deck(cards=2)
    html = client.get(f"/en/decks/{deck.slug}/").content.decode()
    assert f'href="/en/decks/{deck.slug}/study/fact/"' in html
    assert "/study/en-ru/" not in html


def test_unpublished_and_unknown_decks_are_404(client):
    hidden = make_deck(cards=2, is_published=False)
    assert client.get(f"/en/decks/{hidden.slug}/").status_code == 404
    assert client.get(study_url(hidden)).status_code == 404
    assert client.get("/en/decks/no-such-deck/").status_code == 404
    assert hidden.title_en not in text(client.get("/en/decks/"))


def test_navigation_links_to_flashcards(client):
    assert '<a href="/ru/decks/">Карточки</a>' in client.get("/ru/").content.decode()
    assert '<a href="/en/decks/">Flashcards</a>' in client.get("/en/").content.decode()


# --- The study session ------------------------------------------------------------------------


def test_study_page_shows_the_front_with_a_show_answer_link(client):
    deck = make_deck(cards=3)
    first = cards_of(deck)[0]
    response = client.get(study_url(deck))
    html = response.content.decode()
    assert response.status_code == 200
    assert first.front_en in text(response)
    assert f'href="?card={first.pk}&amp;answer=1">Show answer</a>' in html
    assert '<form method="post" class="rating-form" hidden>' in html  # no rating before the answer
    assert "Space" in text(response) and "1 – 4" in text(response)  # the shortcuts are on the page


def test_show_answer_link_turns_the_card_without_javascript(client):
    deck = make_deck(cards=3)
    first = cards_of(deck)[0]
    response = client.get(study_url(deck) + f"?card={first.pk}&answer=1")
    html = response.content.decode()
    assert 'class="flashcard is-flipped"' in html
    assert '<form method="post" class="rating-form">' in html
    assert first.back_en in text(response)
    page = text(response)
    for label, interval in (("Again", "1 min"), ("Hard", "6 min"), ("Good", "10 min"), ("Easy", "8 days")):
        assert f"{label} {interval}" in page


def test_rating_buttons_in_russian(client):
    deck = make_deck(cards=1)
    card = cards_of(deck)[0]
    page = text(client.get(study_url(deck, lang="ru") + f"?card={card.pk}&answer=1"))
    assert card.front_ru in page and card.back_ru in page
    for label, interval in (("Снова", "1 мин"), ("Трудно", "6 мин"), ("Хорошо", "10 мин"), ("Легко", "8 дн.")):
        assert f"{label} {interval}" in page
    assert "Показать ответ" not in page  # the answer shows already
    assert "Пробел" in page


def test_rating_a_card_schedules_it_and_moves_on(client):
    deck = make_deck(cards=3)
    first, second, _third = cards_of(deck)
    response = rate(client, deck, first.pk, GOOD)
    assert response.status_code == 302
    assert response["Location"] == study_url(deck)
    state = CardState.objects.get()
    assert (state.card_id, state.reps, state.due) == (first.pk, 1, T0 + timedelta(minutes=10))
    assert state.anon_key == client.session["learner"] and state.user_id is None
    assert ReviewLog.objects.get().rating == GOOD
    assert shown_card(client.get(study_url(deck))) == second.pk


def test_signed_in_learner_owns_their_states(signed_in, user):
    deck = make_deck(cards=1)
    rate(signed_in, deck, cards_of(deck)[0].pk, EASY)
    state = CardState.objects.get()
    assert (state.user_id, state.anon_key) == (user.pk, "")


def test_due_cards_come_before_new_ones(signed_in, user):
    deck = make_deck(cards=5)
    cards = cards_of(deck)
    give_state(user, cards[3], due=T0 - timedelta(hours=1))
    give_state(user, cards[4], due=T0 - timedelta(days=2))  # the longest overdue first
    give_state(user, cards[0], due=T0 + timedelta(days=1))  # not due yet
    assert shown_card(signed_in.get(study_url(deck))) == cards[4].pk
    rate(signed_in, deck, cards[4].pk, EASY, reps=1)
    assert shown_card(signed_in.get(study_url(deck))) == cards[3].pk
    rate(signed_in, deck, cards[3].pk, EASY, reps=1)
    assert shown_card(signed_in.get(study_url(deck))) == cards[1].pk  # then new cards, in deck order


def test_daily_new_card_limit_ends_the_session_until_tomorrow(signed_in, user, frozen):
    deck = make_deck(cards=5, new_per_day=2)
    for _ in range(2):
        rate(signed_in, deck, shown_card(signed_in.get(study_url(deck))), EASY)
    done = signed_in.get(study_url(deck))
    assert done.status_code == 200
    page = text(done)
    assert "Done for now" in page
    assert "Today you studied 2 cards of this deck." in page
    assert "You have met today's 2 new cards: more tomorrow." in page
    assert ReviewLog.objects.count() == 2
    frozen.move_to(T0 + timedelta(days=1))
    assert "0 cards due · 2 new" in text(signed_in.get(f"/en/decks/{deck.slug}/"))
    assert shown_card(signed_in.get(study_url(deck))) == cards_of(deck)[2].pk


def test_finish_screen_says_when_the_next_card_is_due(signed_in, user):
    deck = make_deck(cards=2)
    for card in cards_of(deck):
        scheduling.rate(scheduling.new_state(card, Direction.FACT, learner_of(user).owner_fields()), EASY, 0)
    next_due = CardState.objects.order_by("due").first().due
    days = (next_due - T0).days
    page = text(signed_in.get(study_url(deck)))
    assert "Today you studied 2 cards of this deck." in page
    assert f"The next card is due in {days} days ({next_due.day} {next_due:%B} 2025)." in page
    ru = text(signed_in.get(study_url(deck, lang="ru")))
    assert "Пока всё" in ru
    assert "Сегодня вы повторили 2 карточки из этой колоды." in ru
    assert f"Следующая карточка — через {days} дн. ({next_due.day} марта 2025 г.)." in ru


def test_a_card_again_in_learning_comes_back_within_the_session(signed_in):
    deck = make_deck(cards=1)
    card = cards_of(deck)[0]
    rate(signed_in, deck, card.pk, AGAIN)
    # Nothing else to study: the card due in a minute is shown again rather than a finish screen.
    assert shown_card(signed_in.get(study_url(deck))) == card.pk
    rate(signed_in, deck, card.pk, EASY, reps=1)
    assert "The next card is due in" in text(signed_in.get(study_url(deck)))


def test_anonymous_learner_keeps_their_schedule_across_requests(client):
    deck = make_deck(cards=2)
    first, second = cards_of(deck)
    rate(client, deck, first.pk, EASY)
    again = Client()
    again.cookies = client.cookies
    assert shown_card(again.get(study_url(deck))) == second.pk
    assert shown_card(Client().get(study_url(deck))) == first.pk  # a stranger starts at the beginning


# --- Vocabulary in both directions -------------------------------------------------------------


def test_vocabulary_directions_are_scheduled_independently(signed_in, user):
    deck = make_deck(cards=2, kind=Deck.Kind.VOCABULARY, new_per_day=1)
    first, second = cards_of(deck)
    rate(signed_in, deck, first.pk, EASY, direction=Direction.EN_RU)
    assert "Done for now" in text(signed_in.get(study_url(deck, Direction.EN_RU)))  # one new card a day
    # The other way round the same term is still new, and has its own allowance.
    assert shown_card(signed_in.get(study_url(deck, Direction.RU_EN))) == first.pk
    rate(signed_in, deck, first.pk, AGAIN, direction=Direction.RU_EN)
    states = {s.direction: s for s in CardState.objects.filter(card=first)}
    assert set(states) == {Direction.EN_RU, Direction.RU_EN}
    assert states[Direction.RU_EN].due == T0 + timedelta(minutes=1)
    assert states[Direction.EN_RU].due >= T0 + timedelta(days=6)
    assert not CardState.objects.filter(card=second).exists()
    page = text(signed_in.get(f"/en/decks/{deck.slug}/"))
    assert page.count("0 cards due · 0 new") == 2


def test_vocabulary_terms_carry_their_language_whatever_the_interface(client):
    deck = make_deck(kind=Deck.Kind.VOCABULARY)
    card = make_card(
        deck,
        front_en="docking",
        front_ru="стыковка",
        back_en="Docking took place on 17 July.",
        back_ru="Стыковка состоялась 17 июля.",
    )
    for lang in ("en", "ru"):
        html = client.get(study_url(deck, Direction.RU_EN, lang) + f"?card={card.pk}&answer=1").content.decode()
        assert '<p class="flashcard-prompt" lang="ru">стыковка</p>' in html
        assert '<p class="flashcard-answer" lang="en">docking</p>' in html
        assert 'lang="en">Docking took place on 17 July.</p>' in html
        assert 'lang="ru">Стыковка состоялась 17 июля.</p>' in html
        html = client.get(study_url(deck, Direction.EN_RU, lang)).content.decode()
        assert '<p class="flashcard-prompt" lang="en">docking</p>' in html


def test_vocabulary_deck_has_no_fact_direction(client):
    deck = make_deck(cards=1, kind=Deck.Kind.VOCABULARY)
    assert client.get(study_url(deck, Direction.FACT)).status_code == 404
    assert client.get(study_url(deck, "de-ru")).status_code == 404


# --- Bad input: a message or a 4xx, the schedule unchanged -------------------------------------


@pytest.fixture
def studied(signed_in, user):
    """A deck whose first card the learner has rated once (Good: due in ten minutes)."""
    deck = make_deck(cards=3)
    first = cards_of(deck)[0]
    rate(signed_in, deck, first.pk, GOOD)
    return deck, first, CardState.objects.get()


def assert_unchanged(state):
    before = (state.reps, state.due, state.stability, state.difficulty, state.state)
    state.refresh_from_db()
    assert (state.reps, state.due, state.stability, state.difficulty, state.state) == before
    assert ReviewLog.objects.filter(card_state=state).count() == state.reps


@pytest.mark.parametrize("rating", ["0", "5", "-1", "good", ""])
def test_rating_outside_1_to_4_is_refused(signed_in, studied, rating):
    deck, first, state = studied
    response = rate(signed_in, deck, first.pk, rating, reps=1)
    assert response.status_code == 400
    assert "Choose how well you remembered: Again, Hard, Good or Easy." in text(response)
    assert_unchanged(state)


def test_rating_outside_1_to_4_is_refused_in_russian(signed_in, studied):
    deck, first, state = studied
    response = rate(signed_in, deck, first.pk, "7", reps=1, lang="ru")
    assert response.status_code == 400
    assert "Выберите, насколько хорошо вы вспомнили: «Снова», «Трудно», «Хорошо» или «Легко»." in text(response)
    assert_unchanged(state)


def test_a_card_of_another_deck_is_refused(signed_in, studied):
    deck, _first, state = studied
    stranger = make_card(make_deck())
    response = rate(signed_in, deck, stranger.pk, GOOD)
    assert response.status_code == 400
    assert "That card is not in this deck." in text(response)
    assert not CardState.objects.filter(card=stranger).exists()
    assert_unchanged(state)
    response = rate(signed_in, deck, 999999, GOOD)
    assert response.status_code == 400


def test_a_direction_the_deck_does_not_have_is_refused(signed_in, studied):
    deck, first, state = studied
    post = {"card": first.pk, "reps": 1, "rating": GOOD}
    response = signed_in.post(study_url(deck), {**post, "direction": "en-ru"})
    assert response.status_code == 400
    assert "That rating was for another direction of this deck." in text(response)
    response = signed_in.post(
        study_url(deck, Direction.EN_RU), {"card": first.pk, "direction": "en-ru", "reps": 1, "rating": GOOD}
    )
    assert response.status_code == 404
    response = signed_in.post(study_url(deck), {**post, "direction": "sideways"})
    assert response.status_code == 400
    assert_unchanged(state)


def test_a_vocabulary_rating_for_the_other_direction_is_refused(signed_in, user):
    deck = make_deck(cards=1, kind=Deck.Kind.VOCABULARY)
    card = cards_of(deck)[0]
    response = signed_in.post(
        study_url(deck, Direction.EN_RU), {"card": card.pk, "direction": Direction.RU_EN, "reps": 0, "rating": GOOD}
    )
    assert response.status_code == 400
    assert not CardState.objects.exists()


def test_a_replayed_rating_form_counts_once(signed_in, studied):
    deck, first, state = studied
    response = rate(signed_in, deck, first.pk, EASY)  # the same form as the first rating, sent again
    assert response.status_code == 409
    assert "That card had been rated already" in text(response)
    assert_unchanged(state)
    assert ReviewLog.objects.count() == 1


def test_a_double_click_on_a_new_card_counts_once(client):
    deck = make_deck(cards=2)
    first = cards_of(deck)[0]
    assert rate(client, deck, first.pk, GOOD).status_code == 302
    assert rate(client, deck, first.pk, GOOD).status_code == 409
    assert CardState.objects.get().reps == 1
    assert ReviewLog.objects.count() == 1


def test_a_stale_form_in_russian_says_so(signed_in, studied):
    deck, first, state = studied
    response = rate(signed_in, deck, first.pk, EASY, lang="ru")
    assert response.status_code == 409
    assert "Эту карточку уже оценили" in text(response)
    assert_unchanged(state)


def test_someone_elses_state_cannot_be_rated(studied):
    deck, first, state = studied  # the signed-in user's state, reviewed once
    stranger = Client()
    response = rate(stranger, deck, first.pk, AGAIN, reps=1)  # their review count, our card
    assert response.status_code == 409
    assert_unchanged(state)
    assert CardState.objects.count() == 1
    other = make_user()
    stranger.force_login(other)
    assert rate(stranger, deck, first.pk, AGAIN, reps=1).status_code == 409
    assert_unchanged(state)
    assert not CardState.objects.filter(user=other).exists()


@pytest.mark.parametrize("query", ["?card=abc", "?card=-3", "?card=999999&answer=1"])
def test_a_bad_card_in_the_show_answer_link_is_404(client, query):
    deck = make_deck(cards=1)
    assert client.get(study_url(deck) + query).status_code == 404


def test_show_answer_for_a_card_of_another_deck_is_404(client):
    deck, other = make_deck(cards=1), make_deck(cards=1)
    assert client.get(study_url(deck) + f"?card={cards_of(other)[0].pk}&answer=1").status_code == 404


def test_study_url_accepts_only_get_and_post(client):
    deck = make_deck(cards=1)
    assert client.put(study_url(deck)).status_code == 405


# --- Quizzes feed the schedule -----------------------------------------------------------------


def test_a_wrong_quiz_answer_makes_the_facts_cards_due(signed_in, user):
    fact = make_fact(title_en="The handshake", title_ru="Рукопожатие")
    deck = make_deck(title_en="Handshake", title_ru="Рукопожатие")
    linked = [make_card(deck, fact=fact), make_card(deck, fact=fact)]
    unrelated = make_card(deck)
    already = give_state(user, linked[0], due=T0 + timedelta(days=20), reps=3)
    question = make_question(Question.Kind.SINGLE, fact=fact)
    quiz = make_quiz([question])
    signed_in.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get()
    wrong = question.choices.get(is_correct=False, position=2)
    signed_in.post(f"/en/attempts/{attempt.public_id}/q/1/", answer_post(question, attempt, [wrong]))
    due = CardState.objects.owned_by(learner_of(user)).due()
    assert sorted(due.values_list("card_id", flat=True)) == sorted(c.pk for c in linked)
    already.refresh_from_db()
    assert already.reps == 3  # the history stays; only the due date moved
    assert not CardState.objects.filter(card=unrelated).exists()
    assert "2 cards due · 1 new" in text(signed_in.get(f"/en/decks/{deck.slug}/"))
    assert shown_card(signed_in.get(study_url(deck))) in {c.pk for c in linked}
    signed_in.post(f"/en/attempts/{attempt.public_id}/finish/")
    result = signed_in.get(f"/en/attempts/{attempt.public_id}/result/")
    assert "2 cards about this are waiting for you" in text(result)
    assert f'href="{study_url(deck)}"' in result.content.decode()
    result_ru = text(signed_in.get(f"/ru/attempts/{attempt.public_id}/result/"))
    assert "2 карточки об этом ждут вас" in result_ru


def test_a_right_quiz_answer_leaves_the_schedule_alone(client):
    fact = make_fact()
    make_card(make_deck(), fact=fact)
    question = make_question(Question.Kind.SINGLE, fact=fact)
    quiz = make_quiz([question])
    client.post(f"/en/quizzes/{quiz.slug}/")
    attempt = Attempt.objects.get()
    client.post(
        f"/en/attempts/{attempt.public_id}/q/1/",
        answer_post(question, attempt, [question.choices.get(is_correct=True)]),
    )
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert not CardState.objects.exists()
    assert "waiting for you" not in text(client.get(f"/en/attempts/{attempt.public_id}/result/"))


def test_an_anonymous_wrong_answer_brings_cards_back_for_that_browser(client):
    fact = make_fact()
    deck = make_deck()
    card = make_card(deck, fact=fact)
    question = make_question(Question.Kind.TRUE_FALSE, fact=fact)
    client.post(f"/en/quizzes/{make_quiz([question]).slug}/")
    attempt = Attempt.objects.get()
    client.post(
        f"/en/attempts/{attempt.public_id}/q/1/",
        answer_post(question, attempt, [question.choices.get(is_correct=False)]),
    )
    state = CardState.objects.get()
    assert (state.card_id, state.anon_key, state.due) == (card.pk, client.session["learner"], T0)
    client.post(f"/en/attempts/{attempt.public_id}/finish/")
    assert "1 card about this is waiting for you" in text(client.get(f"/en/attempts/{attempt.public_id}/result/"))


# --- Query budgets -----------------------------------------------------------------------------


def count(client, method, url, data=None, status=(200, 302)):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in status, url
    return len(queries)


def page_costs(size: int) -> dict[str, int]:
    user = make_user()
    client = Client()
    client.force_login(user)
    deck = make_deck(cards=size, new_per_day=size)
    vocabulary = make_deck(cards=size, kind=Deck.Kind.VOCABULARY)
    cards = cards_of(deck)
    for card in cards[: size // 2]:  # half studied, half of those due
        give_state(user, card, due=T0 - timedelta(hours=1) if card.pk % 2 else T0 + timedelta(days=3))
    shown = shown_card(client.get(study_url(deck)))
    state = CardState.objects.filter(user=user, card_id=shown).first()
    costs = {
        "deck list": count(client, "get", "/en/decks/"),
        "deck": count(client, "get", f"/ru/decks/{deck.slug}/"),
        "vocabulary deck": count(client, "get", f"/en/decks/{vocabulary.slug}/"),
        "study": count(client, "get", study_url(deck)),
        "study answer": count(client, "get", study_url(deck) + f"?card={shown}&answer=1"),
        "study vocabulary": count(client, "get", study_url(vocabulary, Direction.RU_EN, "ru")),
        "study a deck not started": count(client, "get", study_url(vocabulary, Direction.EN_RU)),
        "rate": count(
            client,
            "post",
            study_url(deck),
            {"card": shown, "direction": "fact", "rating": GOOD, "reps": state.reps if state else 0},
        ),
        "bad rating": count(
            client, "post", study_url(deck), {"card": shown, "direction": "fact", "rating": 9, "reps": 0}, status=(400,)
        ),
    }
    newcomer = Client()
    newcomer.get(study_url(deck))
    costs["first rating of a new visitor"] = count(
        newcomer, "post", study_url(deck), {"card": cards[-1].pk, "direction": "fact", "rating": GOOD, "reps": 0}
    )
    finished = make_deck(cards=size)
    for card in cards_of(finished)[:3]:
        give_state(user, card, due=T0 + timedelta(days=1))
    finished.new_per_day = 0
    finished.save()
    costs["finish screen"] = count(client, "get", study_url(finished))
    return costs


def test_flashcard_pages_cost_the_same_for_10_and_1000_cards():
    small = page_costs(10)
    large = page_costs(1000)
    assert small == large
    assert max(large.values()) <= 10, large


def test_a_deck_not_started_needs_no_query_for_the_states_it_cannot_have(signed_in, user):
    """Session, user, deck, the learner's counts, the first new card: no look-up of due cards or of
    the day's first reviews, since the counts say there are none (the page once sent 7 queries)."""
    studied = make_deck(cards=2)
    give_state(user, cards_of(studied)[0])  # a state elsewhere changes nothing here
    deck = make_deck(cards=3)
    assert count(signed_in, "get", study_url(deck)) == 5
    assert shown_card(signed_in.get(study_url(deck))) == cards_of(deck)[0].pk
