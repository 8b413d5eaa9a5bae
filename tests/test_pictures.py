"""The app's own pictures: each is well-formed SVG with a title and a description in both languages,
its labels are real text in the page's language, facts name them, and the timeline shows each once."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from pytest_django.asserts import assertContains

from quiz import pictures
from quiz.models import Attempt, Fact
from tests.factories import make_fact

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent


def render(name: str, lang: str) -> ElementTree.Element:
    with translation.override(lang):
        return ElementTree.fromstring(render_to_string(pictures.PICTURES[name].template).strip())


@pytest.mark.parametrize("name", list(pictures.PICTURES))
def test_each_picture_is_an_image_with_a_title_and_description_in_both_languages(name):
    texts = {}
    for lang in ("en", "ru"):
        svg = render(name, lang)
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        assert svg.find(f"{SVG}desc").get("id") == desc_id
        texts[lang] = [svg.find(f"{SVG}title").text, svg.find(f"{SVG}desc").text] + [
            "".join(t.itertext()) for t in svg.iter(f"{SVG}text")
        ]
    assert len(texts["en"]) > 3  # labels, not only a title
    assert all(re.search("[а-яё]", text, re.I) for text in texts["ru"]), texts["ru"]
    assert texts["en"] != texts["ru"]


def test_labels_name_the_parts_of_both_craft_in_russian():
    labels = " ".join("".join(t.itertext()) for t in render("craft", "ru").iter(f"{SVG}text"))
    for part in ("«Аполлон»", "командно-служебный модуль", "Стыковочный модуль", "бытовой отсек", "спускаемый аппарат"):
        assert part in labels


def test_the_map_follows_the_fact_sheet():
    labels = " ".join("".join(t.itertext()) for t in render("map", "en").iter(f"{SVG}text"))
    for place in (
        "Baikonur",
        "Kennedy Space Center",
        "Docking over the Atlantic, 17 July",
        "in Kazakhstan, 21 July",
        "in the Pacific near Hawaii, 24 July",
        "51.8°",
    ):
        assert place in labels
    assert "France" not in labels  # where the handshake happened is disputed (FACTS.md): never drawn


def test_the_atmospheres_follow_the_fact_sheet():
    labels = " ".join("".join(t.itertext()) for t in render("atmospheres", "en").iter(f"{SVG}text"))
    assert "pure oxygen" in labels and "about 34 kPa (5 psi)" in labels
    assert "nitrogen and oxygen" in labels and "about 68 kPa (10 psi)" in labels
    assert "with both hatches shut" in labels


def test_the_emblem_is_decorative_beside_the_name_and_an_image_alone():
    assert 'aria-hidden="true"' in render_to_string("quiz/pictures/emblem.svg.html", {"decorative": True})
    alone = render_to_string("quiz/pictures/emblem.svg.html")
    assert 'role="img"' in alone and "aria-label=" in alone and " id=" not in alone  # twice a page: no ids


def test_shipped_facts_name_only_known_pictures_and_use_each():
    named = set()
    for path in (ROOT / "fixtures" / "content").glob("*.json"):
        for row in json.loads(path.read_text(encoding="utf-8")):
            if row["model"] == "quiz.fact" and row["fields"].get("illustration"):
                named.add(row["fields"]["illustration"])
    assert named == set(pictures.PICTURES)


def test_a_fact_with_an_unknown_picture_is_invalid():
    fact = make_fact(illustration="moon")
    with pytest.raises(Exception, match="illustration"):
        fact.full_clean()


def test_the_timeline_shows_each_picture_once_beside_the_first_fact_naming_it(client):
    first = make_fact(happened_on="1975-07-15", illustration="map", title_en="Launch day")
    make_fact(happened_on="1975-07-21", illustration="map", title_en="Landing day")
    page = client.get("/en/timeline/").content.decode()
    assert page.count('class="picture-svg picture-map"') == 1
    assert page.index('id="fact-' + first.slug) < page.index("picture-map") < page.index("Landing day")
    assertContains(client.get("/ru/timeline/"), "Стыковка над Атлантикой, 17 июля")


def test_home_shows_the_craft_with_russian_labels(client):
    assertContains(client.get("/ru/"), "спускаемый аппарат")
    assert Fact.objects.count() == 0  # the picture needs no content


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_explanation_after_an_answer_shows_the_facts_picture(client, lang):
    from tests.factories import correct_post, make_question, make_quiz

    fact = make_fact(illustration="atmospheres")
    question = make_question(fact=fact)
    client.post(f"/{lang}/quizzes/{make_quiz([question]).slug}/")
    attempt = Attempt.objects.get()
    client.post(f"/{lang}/attempts/{attempt.public_id}/q/1/", correct_post(question, attempt))
    page = client.get(f"/{lang}/attempts/{attempt.public_id}/q/1/").content.decode()
    fact_box = page[page.index('class="fact-box"') :]
    assert 'class="picture picture-compact"' in fact_box
    with translation.override(lang):
        assert str(pictures.PICTURES["atmospheres"].title) in fact_box
