# The leaderboards' covering index (see Attempt.Meta.indexes and bench/progress_bench.py).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("quiz", "0003_translation_care"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="attempt",
            index=models.Index(
                condition=models.Q(("submitted_at__isnull", False)),
                fields=["user", "quiz", "-score", "submitted_at", "max_score"],
                name="attempt_user_best_idx",
            ),
        ),
    ]
