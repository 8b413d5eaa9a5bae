"""Mantel–Haenszel DIF (quiz/fairness.py), checked against statsmodels' StratifiedTable, and the
ETS categories at their boundaries."""

import random

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import StratifiedTable

from quiz import fairness
from quiz.fairness import ItemAnswer, Table


def _statsmodels(tables: list[Table]) -> StratifiedTable:
    array = np.array([[[t.ref_right, t.ref_wrong], [t.focal_right, t.focal_wrong]] for t in tables], dtype=float)
    return StratifiedTable(np.moveaxis(array, 0, -1))


@pytest.mark.parametrize("seed", range(6))
def test_mantel_haenszel_agrees_with_statsmodels(seed):
    rng = random.Random(seed)
    tables = [Table(rng.randint(1, 30), rng.randint(1, 30), rng.randint(1, 30), rng.randint(1, 30)) for _ in range(5)]
    ours = fairness.mantel_haenszel(tables)
    theirs = _statsmodels(tables)
    null = theirs.test_null_odds(correction=True)
    assert ours["odds_ratio"] == pytest.approx(theirs.oddsratio_pooled, rel=1e-9)
    assert ours["log_se"] == pytest.approx(theirs.logodds_pooled_se, rel=1e-9)
    assert ours["chi2"] == pytest.approx(null.statistic, rel=1e-9)
    assert ours["p_value"] == pytest.approx(null.pvalue, rel=1e-7)


def test_a_textbook_table():
    """Two strata, worked by hand: α = (10·20/50 + 15·5/40) / (10·10/50 + 10·10/40) = 5.875 / 4.5."""
    tables = [Table(10, 10, 10, 20), Table(15, 10, 10, 5)]
    result = fairness.mantel_haenszel(tables)
    assert result["odds_ratio"] == pytest.approx(5.875 / 4.5)
    assert result["odds_ratio"] == pytest.approx(_statsmodels(tables).oddsratio_pooled)


def test_bands_with_one_group_only_are_left_out_and_nothing_is_claimed_without_both():
    assert fairness.mantel_haenszel([Table(5, 5, 0, 0)]) is None
    assert fairness.mantel_haenszel([Table(5, 0, 5, 0)]) is None  # everyone right: no odds ratio


@pytest.mark.parametrize(
    ("delta", "se", "p", "category"),
    [
        (-0.99, 0.1, 0.0001, "A"),  # small
        (-2.0, 0.3, 0.2, "A"),  # large but not significant
        (-1.2, 0.2, 0.001, "B"),
        (-1.6, 0.5, 0.001, "B"),  # ≥ 1.5 but not significantly above 1
        (-1.6, 0.2, 0.001, "C"),
        (1.6, 0.2, 0.001, "C"),  # harder in English works the same way
    ],
)
def test_ets_categories(delta, se, p, category):
    assert fairness.ets_category(delta, se, p) == category


def _simulate(n_per_group: int, focal_penalty: float, seed: int = 1) -> tuple[list[ItemAnswer], dict]:
    """Students of every ability in both languages; question 1 is harder in Russian by
    `focal_penalty` (a share of right answers lost), question 2 the same in both."""
    rng = random.Random(seed)
    answers, totals = [], {}
    for i in range(2 * n_per_group):
        language = "en" if i % 2 else "ru"
        ability = rng.random()
        totals[i] = (round(10 * ability), 10)
        p1 = ability - (focal_penalty if language == "ru" else 0)
        answers.append(ItemAnswer(i, 1, language, rng.random() < p1))
        answers.append(ItemAnswer(i, 2, language, rng.random() < ability))
    return answers, totals


def test_a_question_harder_in_russian_is_flagged_c_and_a_fair_one_is_not():
    answers, totals = _simulate(400, focal_penalty=0.35)
    results = {r.question_id: r for r in fairness.analyse(answers, totals, "en", "ru")}
    assert results[1].category == "C" and results[1].delta < -1.5 and results[1].harder_in == "ru"
    assert results[2].category == "A" and not results[2].flagged and results[2].harder_in is None


def test_below_the_minimum_sample_nothing_is_claimed():
    answers, totals = _simulate(10, focal_penalty=0.6)
    results = fairness.analyse(answers, totals, "en", "ru", min_per_group=20)
    assert {r.category for r in results} == {None}
    assert {(r.n_reference, r.n_focal) for r in results} == {(10, 10)}


def test_matching_by_score_removes_a_difference_in_ability():
    """Russian-speaking students here are weaker overall, and the question is equally hard for equal
    ability: the raw share right differs, the MH statistic does not flag it."""
    rng = random.Random(7)
    answers, totals = [], {}
    for i in range(800):
        language = "en" if i % 2 else "ru"
        ability = rng.random() * (1.0 if language == "en" else 0.6)
        totals[i] = (round(10 * ability), 10)
        answers.append(ItemAnswer(i, 1, language, rng.random() < ability))
    (result,) = fairness.analyse(answers, totals, "en", "ru")
    raw = {lang: sum(a.correct for a in answers if a.language == lang) / 400 for lang in ("en", "ru")}
    assert raw["en"] - raw["ru"] > 0.15
    assert result.category == "A"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "badge", "harder"), [("en", "C: large difference", "harder in Russian"), ("ru", None, None)]
)
def test_the_question_statistics_show_a_question_harder_in_russian_with_both_versions(client, lang, badge, harder):
    from django.utils import translation

    from quiz.models import Response
    from tests.factories import make_attempt, make_question, make_quiz, make_teacher, make_user

    unfair = make_question(text_en="Who commanded Soyuz 19?", text_ru="Кто был командиром «Союза-19»?")
    fair = make_question()
    quiz = make_quiz([unfair, fair])
    rows = []
    for stratum in range(5):  # students matched by total score: the same scores in both languages
        for language, right_in_stratum in (("en", 8), ("ru", 2)):
            for i in range(10):
                attempt = make_attempt(quiz, user=make_user(), score=2 * stratum, max_score=10)
                rows += [
                    Response(
                        attempt=attempt,
                        question=unfair,
                        answer={},
                        language=language,
                        is_correct=i < right_in_stratum,
                        points=float(i < right_in_stratum),
                    ),
                    Response(
                        attempt=attempt,
                        question=fair,
                        answer={},
                        language=language,
                        is_correct=i < 5,
                        points=float(i < 5),
                    ),
                ]
    Response.objects.bulk_create(rows)
    client.force_login(make_teacher())
    page = " ".join(client.get(f"/{lang}/admin/quiz/question/statistics/").content.decode().split())
    fairness_part = page[page.index('class="fairness"') : page.index('class="stats-table"')]
    with translation.override(lang):
        badge = badge or translation.gettext("C: large difference")
        harder = harder or translation.gettext("harder in Russian")
    assert badge in fairness_part and harder in fairness_part
    assert "Who commanded Soyuz 19?" in fairness_part and "Кто был командиром «Союза-19»?" in fairness_part
    assert f"Question {fair.pk}<" not in fairness_part and f"Вопрос {fair.pk}<" not in fairness_part
