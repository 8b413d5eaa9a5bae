"""The look: the compact header and its menu, the design tokens and themes, the self-hosted fonts (size,
subsets, far-future caching), a home page that leads to action, the timeline's chapters and topics,
and a leaderboard in whole numbers with a podium."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from quiz.models import CardState, Direction, Profile
from tests.factories import (
    make_attempt,
    make_card,
    make_deck,
    make_fact,
    make_question,
    make_quiz,
    make_topic,
    make_user,
)
from tests.test_production import PRODUCTION, run_python

pytestmark = pytest.mark.django_db

FONTS = Path(finders.find("quiz/site.css")).parent / "fonts"
CSS = Path(finders.find("quiz/site.css")).read_text(encoding="utf-8")


# Header -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_header_is_brand_language_and_a_details_menu_holding_every_link(client, lang):
    page = client.get(f"/{lang}/").content.decode()
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    menu = header[header.index('<details class="menu">') :]
    assert header.index('class="brand"') < header.index('class="lang-switch"') < header.index('<details class="menu">')
    for path in ("timeline/", "quizzes/", "decks/", "leaderboard/", "progress/", "accounts/login/", "accounts/signup/"):
        assert f'href="/{lang}/{path}' in menu, path
    assert "<summary" in menu and ("Menu" if lang == "en" else "Меню") in menu


def test_language_buttons_are_short_on_screen_with_their_full_name_for_screen_readers(client):
    page = client.get("/en/").content.decode()
    assert '<span class="lang-short" aria-hidden="true">RU</span><span class="lang-long">Русский</span>' in page


def test_signed_in_menu_has_classes_and_log_out(client):
    client.force_login(make_user())
    page = client.get("/en/").content.decode()
    assert 'href="/en/classes/"' in page and 'action="/en/accounts/logout/"' in page
    assertNotContains(client.get("/en/"), 'href="/en/accounts/signup/"')


# Tokens, themes, fonts ----------------------------------------------------------------------------


def test_design_tokens_are_defined_for_the_light_and_the_dark_theme():
    light = CSS[CSS.index(":root {") : CSS.index("@media (prefers-color-scheme: dark)")]
    dark = CSS[CSS.index("@media (prefers-color-scheme: dark)") :]
    dark = dark[: dark.index("\n}\n")]
    for token in (
        "--c-right",
        "--c-wrong",
        "--c-partial",
        "--c-accent",
        "--c-surface",
        "--c-surface-2",
        "--c-text",
        "--c-muted",
    ):
        assert re.search(rf"{token}:\s*#", light), token
        assert re.search(rf"{token}:\s*#", dark), token
    assert "--radius:" in light
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "content"
    slugs = {
        row["fields"]["slug"]
        for path in fixtures.glob("0*.json")
        for row in json.loads(path.read_text(encoding="utf-8"))
        if row["model"] == "quiz.topic"
    }
    for slug in slugs:
        assert f"--topic-{slug}:" in light and f"--topic-{slug}:" in dark, slug
        assert f".topic-{slug} {{ --topic: var(--topic-{slug}); }}" in CSS


def test_motion_is_reduced_on_request():
    assert "@media (prefers-reduced-motion: reduce) { *, *::before, *::after { animation: none !important;" in CSS


def test_at_most_two_woff2_files_of_at_most_80_kb_with_their_licence():
    fonts = sorted(FONTS.glob("*.woff2"))
    assert [f.name for f in fonts] == ["nunito-cyrillic-wght-normal.woff2", "nunito-latin-wght-normal.woff2"]
    assert sum(f.stat().st_size for f in fonts) <= 80 * 1024
    assert all(f.read_bytes()[:4] == b"wOF2" for f in fonts)
    assert "SIL Open Font License" in (FONTS / "OFL-Nunito.txt").read_text(encoding="utf-8")


def test_each_font_file_covers_only_its_script():
    faces = re.findall(r"@font-face \{(.*?)\}", CSS, re.S)
    assert len(faces) == 2
    ranges = {
        re.search(r"fonts/([\w-]+)\.woff2", face).group(1): re.search(r"unicode-range: ([^;]+);", face).group(1)
        for face in faces
    }
    assert "U+0400-045F" in ranges["nunito-cyrillic-wght-normal"]
    assert "U+0400" not in ranges["nunito-latin-wght-normal"] and "U+0000-00FF" in ranges["nunito-latin-wght-normal"]


def test_a_page_preloads_the_font_of_its_own_language(client):
    assertContains(client.get("/ru/"), 'href="/static/quiz/fonts/nunito-cyrillic-wght-normal.woff2" as="font"')
    assertContains(client.get("/en/"), 'href="/static/quiz/fonts/nunito-latin-wght-normal.woff2" as="font"')


FONT_HEADERS = """
import json, os, re
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'asts_site.settings')
import django
django.setup()
from django.core.management import call_command
call_command('migrate', verbosity=0)
call_command('collectstatic', interactive=False, verbosity=0)
from django.test import Client
client = Client(HTTP_X_FORWARDED_PROTO='https', HTTP_HOST='quiz.example.org')
page = client.get('/ru/').content.decode()
css_url = re.search(r'href="(/static/quiz/site\\.[0-9a-f]{12}\\.css)"', page).group(1)
font_url = re.search(r'href="(/static/quiz/fonts/nunito-cyrillic-wght-normal\\.[0-9a-f]{12}\\.woff2)"', page).group(1)
css = b''.join(client.get(css_url).streaming_content).decode()
font = client.get(font_url)
print(json.dumps({'font': dict(font.headers), 'css_names_hashed_fonts': len(re.findall(r'nunito-[a-z]+-wght-normal\\.[0-9a-f]{12}\\.woff2', css))}))
"""


def test_production_serves_hashed_fonts_with_far_future_cache_headers(tmp_path):
    result = run_python(
        FONT_HEADERS, {**PRODUCTION, "LOG_FORMAT": "plain", "STATIC_ROOT": str(tmp_path / "static")}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["css_names_hashed_fonts"] == 2
    cache_control = found["font"]["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600


# Home ---------------------------------------------------------------------------------------------


def test_home_leads_a_new_visitor_to_a_quiz_or_the_timeline(client):
    page = client.get("/en/").content.decode()
    assert "Take a quiz, or read the story first" in page
    assertNotContains(client.get("/en/"), "Continue your quiz")
    assertNotContains(client.get("/en/"), "Today&#x27;s goal")  # nothing to count yet: no nagging


def test_home_offers_the_open_quiz_and_the_cards_due_today_first(client):
    user = make_user()
    client.force_login(user)
    quiz = make_quiz([make_question()], title_en="Docking basics")
    attempt = make_attempt(quiz, user=user, finished_at=False)
    deck = make_deck()
    for _n in range(3):
        CardState.objects.create(card=make_card(deck), direction=Direction.FACT, user=user, due=timezone.now())
    page = client.get("/ru/").content.decode()
    assert f'href="/ru/attempts/{attempt.public_id}/"' in page
    assert "Продолжите викторину" in page
    assert "3 карточки на сегодня" in page
    assert page.index("Продолжите викторину") < page.index("3 карточки на сегодня") < page.index("Цель на сегодня")


def test_each_topic_links_to_its_quizzes_its_deck_and_its_part_of_the_timeline(client):
    topic = make_topic(slug="engineering", title_en="Engineering")
    make_fact(topic=topic, happened_on="1975-07-15")
    quiz = make_quiz([make_question(topic=topic)], title_en="Engineering quiz")
    quiz.topics.add(topic)
    deck = make_deck(topic=topic)
    page = client.get("/en/").content.decode()
    card = page[page.index('class="card topic-card topic-engineering"') :]
    card = card[: card.index("</li>\n    \n  </ul>") if "</li>\n    \n  </ul>" in card else len(card)]
    assert f'href="/en/quizzes/{quiz.slug}/"' in card
    assert f'href="/en/decks/{deck.slug}/"' in card
    assert 'href="/en/timeline/?topic=engineering"' in card


def test_home_costs_the_same_queries_for_a_few_or_many_quizzes_and_topics(django_assert_max_num_queries):
    user = make_user()
    client = Client()
    client.force_login(user)
    make_attempt(make_quiz([make_question()]), user=user, finished_at=False)

    def cost() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/").status_code == 200
        return len(queries)

    few = cost()
    for _n in range(12):
        topic = make_topic()
        make_deck(topic=topic)
        make_fact(topic=topic, happened_on="1975-07-17")
        quiz = make_quiz([make_question(topic=topic)])
        quiz.topics.add(topic)
    assert cost() == few
    assert few <= 10


# Timeline -----------------------------------------------------------------------------------------


def test_timeline_has_chapter_links_and_a_topic_filter(client):
    road, flight = make_topic(slug="road"), make_topic(slug="flight")
    make_fact(topic=road, happened_on="1963-09-20", title_en="Kennedy at the UN")
    make_fact(topic=flight, happened_on="1975-07-17", title_en="Docking")
    page = client.get("/en/timeline/").content.decode()
    assert '<a href="#chapter-road">' in page and '<a href="#chapter-flight">' in page
    only = client.get("/en/timeline/?topic=flight").content.decode()
    assert "Docking" in only and "Kennedy at the UN" not in only
    assert client.get("/en/timeline/?topic=no-such-topic").status_code == 404


# Leaderboard --------------------------------------------------------------------------------------


def test_leaderboard_has_a_podium_in_words_and_whole_points(client):
    quiz = make_quiz([make_question(), make_question()])
    for name, score in (("Anna", 2), ("Boris", 1.5), ("Vera", 1), ("Gleb", 0.5)):
        user = make_user()
        Profile.objects.create(user=user, display_name=name)
        make_attempt(quiz, user=user, score=score)
    page = client.get("/ru/leaderboard/").content.decode()
    podium = page[page.index('<ol class="podium"') : page.index("</ol>", page.index('<ol class="podium"'))]
    assert [re.sub(r"\s+", " ", n).strip() for n in re.findall(r'class="podium-name">([^<]+)', podium)] == [
        "Anna",
        "Boris",
        "Vera",
    ]
    assert "1-е место" in podium and "2 очка" in podium  # Boris's 1.5 points read as a whole number
    main = page[page.index("<main") : page.index("</main>")]
    assert "1,5" not in main and "1.5" not in main
    assert "Gleb" in page[page.index("</ol>", page.index('<ol class="podium"')) :]  # the rest in the table


@pytest.mark.parametrize("language", ["en", "ru"])
def test_leaderboard_table_rows_below_the_podium_show_whole_points_and_whole_percentages(client, language):
    """Rows from place 4 (and the viewer's own row) read like the podium: "3 points", "83%", never "2,50"."""
    quiz = make_quiz([make_question() for _n in range(3)])
    scores = (3, 2.75, 2.5, 2.5, 2.25, 1.75)
    users = []
    for n, score in enumerate(scores):
        user = make_user()
        Profile.objects.create(user=user, display_name=f"Student {n}")
        make_attempt(quiz, user=user, score=score, max_score=3)
        users.append(user)
    client.force_login(users[-1])  # the viewer, in the table
    for url in (f"/{language}/leaderboard/", f"/{language}/leaderboard/{quiz.slug}/"):
        page = client.get(url).content.decode()
        table = page[page.index("<tbody>") : page.index("</tbody>")]
        cells = [re.sub(r"<[^>]+>|\s+", " ", c).split() for c in re.findall(r'class="board-score">(.*?)</span>', table)]
        assert len(cells) == 3
        assert not re.search(r"\d[.,]\d", re.sub(r"<[^>]+>", " ", table))  # what is read, not attributes
        if url.endswith("/leaderboard/"):
            assert [c[0] for c in cells] == ["3", "2", "2"]  # 2.5, 2.25 and 1.75 points: halves round up
        else:
            assert [c[0].rstrip("%") for c in cells] == ["83", "75", "58"]  # 2.5, 2.25, 1.75 of 3
            assert all("%" in "".join(c) for c in cells)
