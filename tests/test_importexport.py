"""Import and export of the question bank: JSON in the fixtures format (round trip without loss) and
CSV from a spreadsheet; a broken row saves nothing and names the row and the problem."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from quiz import importexport
from quiz.models import Choice, Fact, Question, Topic
from tests.factories import make_fact, make_question, make_teacher, make_topic, make_user

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"


@pytest.fixture
def bank():
    """The shipped bank without the quizzes (whose questions could not be deleted then)."""
    files = sorted(str(p) for p in FIXTURES.glob("*.json") if "quizzes" not in p.name)
    call_command("loaddata", *files, verbosity=0)


@pytest.fixture
def teacher_client(client):
    client.force_login(make_teacher())
    return client


def bank_state() -> list:
    return [
        list(Topic.objects.order_by("pk").values()),
        list(Fact.objects.order_by("pk").values()),
        list(Question.objects.order_by("pk").values()),
        list(Choice.objects.order_by("pk").values()),
    ]


def empty_the_bank():
    Choice.objects.all().delete()
    Question.objects.all().delete()
    Fact.objects.all().delete()
    Topic.objects.all().delete()


# JSON --------------------------------------------------------------------------------------------


def test_json_export_is_in_the_fixtures_format(bank):
    data = json.loads(importexport.export_json())
    assert {item["model"] for item in data} == {"quiz.topic", "quiz.fact", "quiz.question", "quiz.choice"}
    question = next(item for item in data if item["model"] == "quiz.question")
    assert "text_en" in question["fields"] and "text_ru" in question["fields"]
    assert "text" not in question["fields"] and "explanation" not in question["fields"]
    assert "«" in importexport.export_json()  # Cyrillic and quotes as they are, not \u escapes


def test_json_export_agrees_with_the_shipped_fixtures(bank):
    exported = {(item["model"], item["pk"]): item["fields"] for item in json.loads(importexport.export_json())}
    for path in FIXTURES.glob("0*.json"):
        for item in json.loads(path.read_text()):
            if item["model"] in ("quiz.topic", "quiz.fact", "quiz.question", "quiz.choice"):
                fields = exported[item["model"], item["pk"]]
                for name, value in item["fields"].items():
                    if name in ("number_answer", "number_tolerance") and value is not None:
                        assert Decimal(fields[name]) == Decimal(value), (path.name, item["pk"], name)
                    else:
                        assert fields[name] == value, (path.name, item["pk"], name)


def test_json_round_trip_loses_nothing(bank):
    before, first = bank_state(), importexport.export_json()
    empty_the_bank()
    assert Question.objects.count() == 0
    result = importexport.import_json(first)
    assert result.created == sum(len(rows) for rows in before) and result.updated == 0
    assert bank_state() == before
    assert importexport.export_json() == first
    make_question()  # the id sequences were reset past the imported ids (PostgreSQL)


def test_json_import_again_updates_in_place(bank):
    first = importexport.export_json()
    result = importexport.import_json(first)
    assert result.created == 0 and result.updated > 200
    assert importexport.export_json() == first


def broken_json(question_pk_base=990000):
    topic = {
        "model": "quiz.topic",
        "pk": 99,
        "fields": {
            "slug": "new-topic",
            "position": 99,
            "title_en": "New",
            "title_ru": "Новая",
            "description_en": "",
            "description_ru": "",
        },
    }
    good = {
        "model": "quiz.question",
        "pk": question_pk_base,
        "fields": {
            "topic": 99,
            "fact": None,
            "kind": "true_false",
            "text_en": "Soyuz docked first?",
            "text_ru": "Верно?",
            "explanation_en": "Apollo was the active ship.",
            "explanation_ru": "Активным был «Аполлон».",
            "difficulty": 2,
            "number_answer": None,
            "number_tolerance": "0",
            "is_published": True,
        },
    }
    two_correct = [
        {
            "model": "quiz.choice",
            "pk": question_pk_base * 10 + 1,
            "fields": {
                "question": question_pk_base,
                "text_en": "True",
                "text_ru": "Верно",
                "is_correct": True,
                "position": 1,
            },
        },
        {
            "model": "quiz.choice",
            "pk": question_pk_base * 10 + 2,
            "fields": {
                "question": question_pk_base,
                "text_en": "False",
                "text_ru": "Неверно",
                "is_correct": True,
                "position": 2,
            },
        },
    ]
    return [topic, good, *two_correct]


def test_failing_json_import_saves_nothing_and_names_the_object(bank):
    before = bank_state()
    data = broken_json()
    data.append({"model": "quiz.question", "pk": 990001, "fields": {**data[1]["fields"], "topic": 12345}})
    with pytest.raises(importexport.ImportFailed) as failure:
        importexport.import_json(json.dumps(data, ensure_ascii=False))
    errors = failure.value.errors
    assert any(e.startswith("Object 5: topic:") for e in errors), errors
    assert bank_state() == before
    del data[4]
    with pytest.raises(importexport.ImportFailed) as failure:
        importexport.import_json(json.dumps(data, ensure_ascii=False))
    assert failure.value.errors == ["Object 2: question 990000: Mark exactly one choice as correct."]
    assert bank_state() == before
    assert not Topic.objects.filter(slug="new-topic").exists()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{not json", "The file is not valid JSON"),
        ('{"model": "quiz.topic"}', "A fixtures file holds a list of objects"),
        ('[{"model": "quiz.deck", "pk": 1, "fields": {}}]', "Object 1: “quiz.deck” cannot be imported here"),
        ('[{"model": "auth.user", "pk": 1, "fields": {"username": "x"}}]', "Object 1: “auth.user” cannot be imported"),
        ("[42]", "Object 1: not a fixtures object"),
        (
            '[{"model": "quiz.topic", "pk": 5, "fields": {"slug": "x", "title_en": "", "title_ru": "Т"}}]',
            "Object 1: title_en is empty.",
        ),
    ],
)
def test_bad_json_is_refused_with_a_reason(db, text, error):
    with pytest.raises(importexport.ImportFailed) as failure:
        importexport.import_json(text)
    assert any(e.startswith(error) for e in failure.value.errors), failure.value.errors
    assert Topic.objects.count() == 0


# CSV ---------------------------------------------------------------------------------------------

HEADER = (
    "id;topic;fact;kind;difficulty;published;text_en;text_ru;explanation_en;explanation_ru;correct;tolerance;"
    "choice1_en;choice1_ru;choice2_en;choice2_ru;choice3_en;choice3_ru"
)


def sheet(*rows) -> str:
    """A sheet as Russian Excel saves "CSV UTF-8": a byte-order mark, semicolons."""
    return "\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n"


@pytest.fixture
def crews():
    topic = make_topic(slug="crews")
    make_fact(topic=topic, slug="crews-five-people")
    return topic


def test_csv_import_creates_questions_of_every_kind(crews):
    text = sheet(
        ";crews;crews-five-people;single;1;yes;Who commanded Apollo?;Кто командовал «Аполлоном»?;"
        "Thomas Stafford. He had flown three times.;Томас Стаффорд. До этого он летал трижды.;1;;"
        "Thomas Stafford;Томас Стаффорд;Vance Brand;Вэнс Брэнд;Deke Slayton;Дональд Слейтон",
        ";crews;;multiple;2;yes;Select all that flew on Apollo;Выберите всех, кто летел на «Аполлоне»;E.;П.;1, 3;;"
        "Stafford;Стаффорд;Leonov;Леонов;Brand;Брэнд",
        ";crews;;number;3;no;How many people flew?;Сколько человек летало?;Five.;Пять.;5;0;;;;;;",
        ";crews;;order;2;да;Earliest first;Начиная с самого раннего;E.;П.;;;Launch;Старт;Docking;Стыковка;"
        "Splashdown;Приводнение",
        ";crews;;true_false;2;yes;Leonov flew Soyuz 19?;Леонов летел на «Союзе-19»?;Yes.;Да.;1;;True;Верно;False;Неверно;;",
    )
    result = importexport.import_csv(text)
    assert (result.created, result.updated) == (5, 0)
    single = Question.objects.get(text_en="Who commanded Apollo?")
    assert single.text_ru == "Кто командовал «Аполлоном»?"
    assert single.fact.slug == "crews-five-people"
    assert list(single.choices.values_list("text_ru", "is_correct", "position")) == [
        ("Томас Стаффорд", True, 1),
        ("Вэнс Брэнд", False, 2),
        ("Дональд Слейтон", False, 3),
    ]
    multiple = Question.objects.get(kind="multiple")
    assert list(multiple.choices.values_list("is_correct", flat=True)) == [True, False, True]
    number = Question.objects.get(kind="number")
    assert (number.number_answer, number.is_published, number.difficulty) == (5, False, 3)
    assert not number.choices.exists()
    order = Question.objects.get(kind="order")
    assert list(order.choices.values_list("text_en", "position")) == [("Launch", 1), ("Docking", 2), ("Splashdown", 3)]


def test_failing_csv_import_saves_nothing_and_names_each_row(crews):
    text = sheet(
        ";crews;;single;2;yes;Fine question?;Хороший вопрос?;E.;П.;1;;A;А;B;Б;;",
        ";nope;;single;2;yes;Unknown topic?;?;E.;П.;1;;A;А;B;Б;;",
        ";crews;;single;2;yes;Two right?;Два верных?;E.;П.;4;;A;А;B;Б;;",
        ";crews;;number;2;yes;Number?;Число?;E.;П.;nineteen;;;;;;;",
        ";crews;;single;5;maybe;;Только по-русски;E.;П.;1;;A;А;;Б;;",
        "777777;crews;;single;2;yes;Unknown id?;?;E.;П.;1;;A;А;B;Б;;",
    )
    with pytest.raises(importexport.ImportFailed) as failure:
        importexport.import_csv(text)
    assert failure.value.errors == [
        "Row 3: unknown topic “nope”: use a topic’s slug, for example “crews”.",
        "Row 4: “correct” gives the number of the right choice (1 to 2); for several right choices, "
        "numbers separated by commas.",
        "Row 5: “correct” gives the number answer of a number question, for example 1975.",
        "Row 6: difficulty is 1, 2 or 3.",
        "Row 6: published is yes or no.",
        "Row 6: text_en is empty.",
        "Row 6: choice 2 has a translation but no text in English.",
        "Row 7: there is no question with the id 777777 (leave id empty for a new question).",
    ]
    assert not Question.objects.exists()  # not even row 2, which was right


def test_csv_with_an_unknown_or_missing_column_is_refused(crews):
    with pytest.raises(importexport.ImportFailed) as failure:
        importexport.import_csv("topic,kind,text_en,answer\ncrews,single,Q?,1\n")
    assert failure.value.errors == ["Row 1: unknown column “answer”.", "Row 1: the column “explanation_en” is missing."]


def test_csv_round_trip_updates_in_place_without_change(bank):
    before = bank_state()
    rows = importexport.export_csv_rows()
    text = "\n".join(",".join(_quote(cell) for cell in row) for row in rows)
    result = importexport.import_csv(text)
    assert (result.created, result.updated) == (0, Question.objects.count())
    after = bank_state()
    strip = [{k: v for k, v in row.items() if k != "updated_at"} for row in after[2]]
    assert strip == [{k: v for k, v in row.items() if k != "updated_at"} for row in before[2]]
    assert after[3] == before[3]  # every choice kept its id, text and place


def _quote(cell) -> str:
    text = str(cell)
    return '"' + text.replace('"', '""') + '"'


def test_csv_update_of_the_english_only_marks_the_russian(crews):
    question = make_question(topic=crews, text_en="Old English?", text_ru="Старый русский?")
    rows = importexport.export_csv_rows()
    header, row = rows[0], rows[1]
    row[header.index("text_en")] = "New English?"
    importexport.import_csv("\n".join(",".join(_quote(c) for c in r) for r in (header, row)))
    question.refresh_from_db()
    assert (question.text_en, question.text_ru, question.outdated_language) == ("New English?", "Старый русский?", "ru")


def test_csv_that_is_not_utf8_is_refused():
    with pytest.raises(importexport.ImportFailed) as failure:
        importexport.decode("Вопрос".encode("cp1251"))
    assert "The file is not UTF-8 text" in failure.value.errors[0]


# From the admin ----------------------------------------------------------------------------------


def upload(name: str, text: str):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_teacher_imports_a_json_file_from_the_admin(teacher_client, bank):
    exported = importexport.export_json()
    empty_the_bank()
    response = teacher_client.post(
        "/en/admin/quiz/question/import/", {"file": upload("bank.json", exported)}, follow=True
    )
    assert response.redirect_chain[-1] == ("/en/admin/quiz/question/", 302)
    assert "Imported:" in response.content.decode()
    assert importexport.export_json() == exported


def test_failing_import_in_the_admin_lists_the_rows_and_saves_nothing(teacher_client, crews):
    text = sheet(
        ";crews;;single;2;yes;Fine?;Хорошо?;E.;П.;1;;A;А;B;Б;;", ";crews;;single;2;yes;Bad?;Плохо?;E.;П.;9;;A;А;B;Б;;"
    )
    response = teacher_client.post("/en/admin/quiz/question/import/", {"file": upload("sheet.csv", text)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 1 problem must be fixed first." in page
    assert "Row 3: “correct” gives the number of the right choice (1 to 2)" in page
    assert not Question.objects.exists()


def test_failing_import_in_russian(client, crews):
    client.force_login(make_teacher())
    text = sheet(";nope;;single;2;yes;Bad?;Плохо?;E.;П.;1;;A;А;B;Б;;")
    page = client.post("/ru/admin/quiz/question/import/", {"file": upload("sheet.csv", text)}).content.decode()
    assert "Ничего не импортировано: сначала нужно исправить 1 ошибку." in page
    assert "Строка 2: неизвестная тема «nope»" in page
    assert not Question.objects.exists()


def test_import_refuses_other_file_types(teacher_client):
    response = teacher_client.post("/en/admin/quiz/question/import/", {"file": upload("bank.xlsx", "PK")})
    assert response.status_code == 400
    assert "Choose a .json or a .csv file." in response.content.decode()


def test_exports_download_from_the_admin(teacher_client, bank):
    csv_response = teacher_client.get("/en/admin/quiz/question/export.csv")
    csv_text = b"".join(csv_response.streaming_content).decode("utf-8")  # both stream (tests/test_perf_exports.py)
    assert csv_text.startswith("\ufeffid,topic,fact,kind,")
    assert "Томас Стаффорд" in csv_text
    json_response = teacher_client.get("/en/admin/quiz/question/export.json")
    assert json_response["Content-Type"] == "application/json; charset=utf-8"
    assert b"".join(json_response.streaming_content).decode() == importexport.export_json()
    changelist = teacher_client.get("/en/admin/quiz/question/").content.decode()
    assert "/en/admin/quiz/question/import/" in changelist and "/en/admin/quiz/question/export.csv" in changelist


def test_staff_without_the_teachers_role_cannot_import(client):
    client.force_login(make_user(is_staff=True))
    assert client.get("/en/admin/quiz/question/import/").status_code == 403
    assert client.get("/en/admin/quiz/question/export.json").status_code == 403
