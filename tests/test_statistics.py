"""Question statistics (quiz.item_analysis, quiz.reports) on a small data set checked by hand, split by language.

The data set: six students, three one-point questions; A, B, C answered in English, D, E, F in Russian.

    student lang  q1 q2 q3  total
    A       en     1  1  1   3
    B       en     1  1  0   2
    C       en     0  0  0   0
    D       ru     1  0  1   2
    E       ru     0  1  0   1
    F       ru     1  0  0   1

Rest of test for an answer = (total − its points) / (3 − 1).

q1: x = 1 1 0 1 0 1 → facility 4/6 = 0.667.
    rest y = 1, .5, 0, .5, .5, 0 (mean 5/12); Σdx·dy = 1/3, Σdx² = 4/3, Σdy² = 17/24
    → r = (1/3) / √(4/3 · 17/24) = (1/3)·√(18/17) = 0.343.
    EN (A, B, C): x = 1 1 0, y = 1 .5 0 → Σdxdy = 1/2, Σdx² = 2/3, Σdy² = 1/2 → r = 0.5/√(1/3) = 0.866.
    RU (D, E, F): x = 1 0 1, y = .5 .5 0 → Σdxdy = −1/6, Σdx² = 2/3, Σdy² = 1/6 → r = −(1/6)/(1/3) = −0.5.
q2: x = 1 1 0 0 1 0 → facility 0.5. y = 1, .5, 0, 1, 0, .5 (mean .5);
    dx = ±.5, Σdx·dy = .25 + 0 + .25 − .25 − .25 + 0 = 0 → r = 0.0 (does not discriminate).
    EN: x = 1 1 0, y = 1 .5 0 → 0.866, facility 2/3.  RU: x = 0 1 0, y = 1 0 .5 → Σdxdy = −1/2 → −0.866, facility 1/3.
    The languages differ by 1/3 ≥ 0.25, but with 3 answers each chance explains it
    (z = (1/3) / √(½·½·(1/3 + 1/3)) = 0.82 < 2.58): no language flag.
q3: x = 1 0 0 1 0 0 → facility 1/3; y = 1, 1, 0, .5, .5, .5 → r = 0.343 (same sums as q1).
    EN: x = 1 0 0, y = 1 1 0 → Σdxdy = 1/3, Σdx² = 2/3, Σdy² = 2/3 → r = 0.5.
    RU: y = .5 .5 .5 does not vary → r undefined (None).
"""

import pytest

from quiz import item_analysis, reports
from quiz.models import Attempt, Question
from quiz.ownership import Learner
from quiz.taking import finish_attempt, record_answer, start_attempt
from tests.factories import make_classroom, make_question, make_quiz, make_teacher, make_user

SCORES = {  # student: (language, points on q1, q2, q3)
    "A": ("en", (1, 1, 1)),
    "B": ("en", (1, 1, 0)),
    "C": ("en", (0, 0, 0)),
    "D": ("ru", (1, 0, 1)),
    "E": ("ru", (0, 1, 0)),
    "F": ("ru", (1, 0, 0)),
}
# The wrong choice each wrong answer picked (2 = Plesetsk, 3 = Kapustin Yar in tests.factories).
WRONG = {("C", 2): 2, ("D", 2): 3, ("F", 2): 3}


def pure_data():
    ids = {name: n for n, name in enumerate(SCORES, start=1)}
    answers = [
        item_analysis.Answer(ids[name], q, float(p), lang, () if p else (WRONG.get((name, q), 2),))
        for name, (lang, points) in SCORES.items()
        for q, p in enumerate(points, start=1)
    ]
    totals = {ids[name]: (float(sum(points)), 3.0) for name, (_lang, points) in SCORES.items()}
    return answers, totals


def by_question(stats):
    return {s.question_id: s for s in stats}


# Pure functions ----------------------------------------------------------------------------------


def test_facility_and_discrimination_match_the_hand_calculation():
    stats = by_question(item_analysis.analyse(*pure_data(), min_responses=3))
    expected = {  # question: (facility, discrimination) overall, EN, RU
        1: ((4 / 6, 0.343), (2 / 3, 0.866), (2 / 3, -0.5)),
        2: ((0.5, 0.0), (2 / 3, 0.866), (1 / 3, -0.866)),
        3: ((1 / 3, 0.343), (1 / 3, 0.5), (1 / 3, None)),
    }
    for question, (overall, en, ru) in expected.items():
        got = stats[question]
        for group, (facility, discrimination) in (
            (got.overall, overall),
            (got.by_language["en"], en),
            (got.by_language["ru"], ru),
        ):
            assert group.responses == (6 if group is got.overall else 3)
            assert group.facility == pytest.approx(facility, abs=1e-3)
            if discrimination is None:
                assert group.discrimination is None
            else:
                assert group.discrimination == pytest.approx(discrimination, abs=1e-3)


def test_flags_catch_the_weak_questions():
    stats = by_question(item_analysis.analyse(*pure_data(), min_responses=3))
    assert stats[1].flags == ("weak",)  # in Russian it discriminates the wrong way (−0.5)
    assert stats[1].overall.flags == ()
    assert stats[2].flags == ("weak",)  # 0.0 overall, −0.87 in Russian
    assert stats[2].by_language["en"].flags == ()
    assert stats[3].flags == ()


def gap_data(right_en, right_ru, n):
    """n answers in each language to question 1 (right_en and right_ru of them right), one question a test."""
    answers = [item_analysis.Answer(i, 1, float(i < right_en), "en") for i in range(n)]
    answers += [item_analysis.Answer(n + i, 1, float(i < right_ru), "ru") for i in range(n)]
    return answers, {a.attempt_id: (a.points, 1.0) for a in answers}


def test_a_language_gap_is_flagged_when_chance_does_not_explain_it():
    # 10 of 12 right in English, 2 of 12 in Russian: gap 0.67, pooled 0.5,
    # z = 0.67 / √(0.25 · (1/12 + 1/12)) = 3.27 ≥ 2.58.
    (stats,) = item_analysis.analyse(*gap_data(10, 2, 12))
    assert stats.flags == ("hard", "gap")  # and too hard in Russian: 2 of 12 is below 0.2
    assert stats.by_language["ru"].flags == ("hard",) and stats.overall.flags == ()
    # 5 of 6 against 1 of 6: the same gap, but z = 0.67 / √(0.25 · (1/6 + 1/6)) = 2.31: it could be chance.
    (stats,) = item_analysis.analyse(*gap_data(5, 1, 6))
    assert stats.flags == ()
    # 30 of 30 against 22 of 30: gap 0.27, z = 3.04: flagged. 95 of 100 against 80 of 100 is
    # no chance either (z = 3.21), but a gap of 0.15 is below 0.25: not worth a teacher's time.
    assert item_analysis.analyse(*gap_data(30, 22, 30))[0].flags == ("easy", "gap")  # 30 of 30 in English
    assert item_analysis.analyse(*gap_data(95, 80, 100))[0].flags == ()


def test_the_most_chosen_wrong_choice_per_language():
    stats = by_question(item_analysis.analyse(*pure_data(), min_responses=3))
    q2 = stats[2]
    assert (q2.overall.top_wrong, q2.overall.top_wrong_count) == (3, 2)
    assert (q2.by_language["en"].top_wrong, q2.by_language["en"].top_wrong_count) == (2, 1)
    assert (q2.by_language["ru"].top_wrong, q2.by_language["ru"].top_wrong_count) == (3, 2)
    assert stats[3].overall.top_wrong_count == 4


def test_too_easy_and_too_hard_need_ten_answers():
    easy = [item_analysis.Answer(n, 1, 1.0, "en") for n in range(1, 11)]
    hard = [item_analysis.Answer(n, 2, 1.0 if n == 1 else 0.0, "en") for n in range(1, 11)]
    totals = {n: (1.0 + hard[n - 1].points, 2.0) for n in range(1, 11)}
    stats = by_question(item_analysis.analyse(easy + hard, totals))
    assert stats[1].flags == ("easy",)
    assert stats[1].overall.discrimination is None  # everyone right: no variance, no correlation
    assert stats[2].flags == ("hard",)  # facility 0.1
    few = by_question(item_analysis.analyse(easy[:9] + hard[:9], totals))
    assert few[1].flags == few[2].flags == ()


def test_single_question_attempts_have_no_rest_of_test():
    answers = [item_analysis.Answer(n, 1, float(n % 2), "en") for n in range(1, 7)]
    stats = item_analysis.analyse(answers, {n: (float(n % 2), 1.0) for n in range(1, 7)})
    assert stats[0].overall.facility == 0.5
    assert stats[0].overall.discrimination is None


def test_pearson_is_undefined_without_variance():
    assert item_analysis.pearson([1, 1, 1], [0, 0.5, 1]) is None
    assert item_analysis.pearson([1], [1]) is None
    assert item_analysis.pearson([0, 1], [0, 1]) == pytest.approx(1.0)
    assert item_analysis.pearson([0, 1], [1, 0]) == pytest.approx(-1.0)


def test_wrong_picks_per_kind():
    assert item_analysis.wrong_picks("single", {"choices": [5]}, [4], False) == (5,)
    assert item_analysis.wrong_picks("multiple", {"choices": [4, 6, 7]}, [4, 7], False) == (6,)
    assert item_analysis.wrong_picks("number", {"number": "1974.000"}, [], False) == ("1974",)
    assert item_analysis.wrong_picks("number", {"number": "1975"}, [], True) == ()
    assert item_analysis.wrong_picks("order", {"order": [3, 2, 1]}, [], False) == ()


# From the database -------------------------------------------------------------------------------


@pytest.fixture
def played(db):
    """The data set above, played twice through quiz.taking (12 students): real attempts and responses.
    Every (score, rest of test) pair twice over leaves the facility and the correlation as they were,
    and 12 answers are enough for the flags at the default minimum of 10."""
    questions = [make_question(Question.Kind.SINGLE) for _ in range(3)]
    quiz = make_quiz(questions)
    teacher = make_teacher("stats_teacher")
    students = {(name, copy): make_user(f"student_{name}{copy}") for name in SCORES for copy in (1, 2)}
    classroom = make_classroom(teacher, students=students.values(), quizzes=[quiz])
    assignment = classroom.assignments.get()
    for (name, _copy), student in students.items():
        lang, points = SCORES[name]
        learner = Learner(user_id=student.pk, anon_key="")
        attempt = start_attempt(quiz=quiz, learner=learner, assignment=assignment)
        for q, (question, point) in enumerate(zip(questions, points, strict=True), start=1):
            choices = list(question.choices.order_by("position"))
            position = 1 if point else WRONG.get((name, q), 2)
            chosen = next(c for c in choices if c.position == position)
            record_answer(
                attempt=attempt, question=question, choices=choices, answer={"choices": [chosen.pk]}, language=lang
            )
        finish_attempt(attempt)
    return {"quiz": quiz, "questions": questions, "teacher": teacher, "classroom": classroom}


def test_statistics_from_the_database_match_the_hand_calculation(played, django_assert_max_num_queries):
    # Every attempt: the mark of the kept counts, the sums, the questions' topics, the questions
    # with their choices, the mark and the wrong answers (quiz.answer_sums).
    with django_assert_max_num_queries(7):
        rows = reports.statistics_rows(Attempt.objects.all(), min_responses=3)
    q1, q2, q3 = played["questions"]
    by_id = {row.question.pk: row for row in rows}
    assert by_id[q1.pk].stats.overall.discrimination == pytest.approx(0.343, abs=1e-3)
    assert by_id[q2.pk].stats.by_language["ru"].facility == pytest.approx(1 / 3)
    assert by_id[q2.pk].stats.flags == ("weak",)
    assert by_id[q2.pk].top_wrong == {
        "all": "Kapustin Yar (4); Plesetsk (2)",
        "en": "Plesetsk (2)",
        "ru": "Kapustin Yar (4)",
    }
    assert [row.question.pk for row in rows] == [q1.pk, q2.pk, q3.pk]  # flagged first, then in order


def test_statistics_cost_the_same_queries_for_more_attempts(played, django_assert_max_num_queries):
    quiz = played["quiz"]
    for n in range(20):
        learner = Learner(user_id=make_user().pk, anon_key="")
        attempt = start_attempt(quiz=quiz, learner=learner)
        for question in played["questions"]:
            choices = list(question.choices.all())
            record_answer(
                attempt=attempt,
                question=question,
                choices=choices,
                answer={"choices": [choices[n % 3].pk]},
                language="en",
            )
        finish_attempt(attempt)
    # Every attempt: the mark of the kept counts, the sums, the questions' topics, the questions
    # with their choices, the mark and the wrong answers (quiz.answer_sums).
    with django_assert_max_num_queries(7):
        rows = reports.statistics_rows(Attempt.objects.all())
    assert sum(row.stats.overall.responses for row in rows) == 3 * 32


# The admin page ----------------------------------------------------------------------------------


def test_teacher_reads_the_statistics_of_their_class(client, played):
    client.force_login(played["teacher"])
    page = client.get(f"/en/admin/quiz/question/statistics/?classroom={played['classroom'].pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "does not discriminate" in html
    assert "0.34" in html and "0.87" in html and "-0.87" in html
    assert "Kapustin Yar (4)" in html
    assert "3 questions answered" in html and "1 flagged" in html  # q2: 0.00 over 12 answers


def test_statistics_page_in_russian(client, played):
    client.force_login(played["teacher"])
    html = client.get("/ru/admin/quiz/question/statistics/").content.decode()
    assert "Капустин Яр (4)" in html
    assert "0,34" in html
    assert "Статистика вопросов" in html
    assert "не различает" in html


def test_another_teachers_class_is_404_in_statistics(client, played):
    client.force_login(make_teacher())
    response = client.get(f"/en/admin/quiz/question/statistics/?classroom={played['classroom'].pk}")
    assert response.status_code == 404
    assert client.get("/en/admin/quiz/question/statistics/?classroom=abc").status_code == 404


def test_statistics_csv_has_a_bom_and_every_question(client, played):
    client.force_login(played["teacher"])
    response = client.get(f"/en/admin/quiz/question/statistics.csv?quiz={played['quiz'].pk}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming  # written while it is sent, whatever the size of the bank
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("id,question,kind,answers all,facility all,discrimination all")
    assert len(lines) == 4
    q2 = played["questions"][1]
    row = next(line for line in lines if line.startswith(f"{q2.pk},"))
    assert ",12,0.50,0.00,Kapustin Yar (4); Plesetsk (2),6,0.67,0.87,Plesetsk (2),6,0.33,-0.87,Kapustin Yar (4)," in row
    assert row.endswith("does not discriminate")


def test_students_are_sent_to_log_in_from_statistics(client, played):
    client.force_login(make_user())
    response = client.get("/en/admin/quiz/question/statistics/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")


# Filters, pages and a cost that does not grow -----------------------------------------------------


def test_statistics_filter_by_topic_and_flag(client, played):
    client.force_login(played["teacher"])
    q1, q2, q3 = played["questions"]
    other = make_question(Question.Kind.SINGLE)  # another topic, never answered
    html = client.get(f"/en/admin/quiz/question/statistics/?topic={other.topic_id}").content.decode()
    assert "No question matches these filters." in html
    html = client.get(f"/en/admin/quiz/question/statistics/?topic={q2.topic_id}&flag=weak").content.decode()
    assert "1 question answered" in html and f"#{q2.pk} " in html and f"#{q1.pk} " not in html
    html = client.get("/en/admin/quiz/question/statistics/?flag=easy").content.decode()
    assert "No question matches these filters." in html
    assert client.get("/en/admin/quiz/question/statistics/?flag=nonsense").status_code == 404
    assert client.get("/en/admin/quiz/question/statistics/?page=0").status_code == 404


def test_statistics_csv_keeps_the_filters(client, played):
    client.force_login(played["teacher"])
    response = client.get("/en/admin/quiz/question/statistics.csv?flag=any")
    lines = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [str(played["questions"][1].pk)]


def answer_many(questions, students: int, language: str = "en"):
    """`students` finished attempts of one quiz over `questions`, every other answer wrong."""
    quiz = make_quiz(questions)
    for n in range(students):
        attempt = start_attempt(quiz=quiz, learner=Learner(user_id=make_user().pk, anon_key=""))
        for i, question in enumerate(questions):
            choices = list(question.choices.order_by("position"))
            record_answer(
                attempt=attempt,
                question=question,
                choices=choices,
                answer={"choices": [choices[(n + i) % 2].pk]},
                language=language,
            )
        finish_attempt(attempt)
    return quiz


@pytest.mark.parametrize("questions", [3, 60])
def test_statistics_page_shows_one_page_in_the_same_queries(admin_client, db, questions, django_assert_max_num_queries):
    answer_many([make_question(Question.Kind.SINGLE) for _ in range(questions)], students=4)
    # Session and user, the filter form's three lists, the figures (the mark of the kept counts,
    # the counts with the newer answers, the topics), a page of questions with their choices, the
    # wrong answers and the fairness test's counts (the mark and the counts each): the same for 3
    # questions or 60 over two pages.
    with django_assert_max_num_queries(14):
        page = admin_client.get("/en/admin/quiz/question/statistics/")
    html = page.content.decode()
    assert f"{questions} questions answered" in html
    assert html.count('scope="rowgroup"') == min(questions, reports.STATISTICS_PAGE_SIZE)
    assert ("page 1 of 2" in html) == (questions > reports.STATISTICS_PAGE_SIZE)
    if questions > reports.STATISTICS_PAGE_SIZE:
        second = admin_client.get("/en/admin/quiz/question/statistics/?page=2").content.decode()
        assert second.count('scope="rowgroup"') == questions - reports.STATISTICS_PAGE_SIZE


def test_statistics_csv_streams_every_question_in_chunks(admin_client, db, monkeypatch):
    monkeypatch.setattr(reports, "STATISTICS_CHUNK", 2)
    questions = [make_question(Question.Kind.SINGLE) for _ in range(5)]
    answer_many(questions, students=2)
    response = admin_client.get("/en/admin/quiz/question/statistics.csv")
    lines = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff").splitlines()
    assert sorted(int(line.split(",")[0]) for line in lines[1:]) == sorted(q.pk for q in questions)
    assert all(",2,0.50," in line for line in lines[1:])


def test_sums_from_the_database_equal_the_pure_calculation(played):
    """The SQL sums and the Python ones (item_analysis.analyse over every answer) agree."""
    from quiz.models import Response

    attempts = Attempt.objects.finished()
    totals = {a.pk: (a.score, a.max_score) for a in attempts}
    answers = [
        item_analysis.Answer(r.attempt_id, r.question_id, r.points, r.language)
        for r in Response.objects.order_by("question_id", "attempt_id")
    ]
    pure = by_question(item_analysis.analyse(answers, totals))
    for figure in reports.question_figures(Attempt.objects.all()):
        expected = pure[figure.question_id]
        assert figure.stats.flags == expected.flags
        for got, want in (
            (figure.stats.overall, expected.overall),
            *((figure.stats.by_language[k], expected.by_language[k]) for k in ("en", "ru")),
        ):
            assert got.responses == want.responses
            assert got.facility == pytest.approx(want.facility)
            assert got.discrimination == pytest.approx(want.discrimination)


def test_discrimination_from_sums_allows_for_rounding_in_large_groups():
    """A million answers whose rest of test never varies: the sums' spread is rounding noise, not
    variance, and must not become a correlation."""
    n, rest = 1_000_000, 0.7
    answers = [(float(i % 2), rest) for i in range(n)]
    sums = item_analysis.Sums(
        n=n,
        points=sum(x for x, _ in answers),
        pairs=n,
        x=sum(x for x, _ in answers),
        y=sum(y for _, y in answers),
        xy=sum(x * y for x, y in answers),
        xx=sum(x * x for x, _ in answers),
        yy=sum(y * y for _, y in answers),
    )
    assert sums.discrimination is None
    varied = item_analysis.Sums.of(
        [item_analysis.Answer(i, 1, float(i % 2), "en") for i in range(1, 5)],
        {1: (1.0, 3.0), 2: (2.0, 3.0), 3: (1.0, 3.0), 4: (3.0, 3.0)},
    )
    assert varied.discrimination == pytest.approx(item_analysis.pearson([1, 0, 1, 0], [0, 1, 0, 1.5]))


def test_statistics_page_reads_the_responses_once_in_a_while(client, played):
    """Paging or filtering again within STATISTICS_CACHE_SECONDS reads no response: the sums and the
    page's wrong answers come from the cache; a new cache (or after the time) counts again."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(played["teacher"])
    url = f"/en/admin/quiz/question/statistics/?classroom={played['classroom'].pk}"
    client.get(url)
    # The sums from the cache; this page's wrong answers read, and its counts for the fairness test:
    # from the class's answers, added up by the database (not one row an answer).
    with CaptureQueriesContext(connection) as flagged:
        html = client.get(url + "&flag=weak").content.decode()
    reads = [q["sql"] for q in flagged.captured_queries if "quiz_response" in q["sql"]]
    assert len(reads) == 2 and reads[0].count("GROUP BY") == 1
    with CaptureQueriesContext(connection) as again:  # the same page again: nothing read
        second = client.get(url + "&flag=weak").content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", second) == token.sub("", html)
    assert not [q for q in again.captured_queries if "quiz_response" in q["sql"]]
    assert "1 question answered" in html and "counted at" in html
