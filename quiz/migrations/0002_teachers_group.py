from django.db import migrations

# The Teachers group is kept by one mechanism: QuizConfig's post_migrate handler
# (quiz.roles.sync_teachers_group), which runs after every migrate, once the permissions exist, and
# so also restores the group after a flush. This migration once created the group; it now does
# nothing, and stays so that databases that applied it keep a consistent history.


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
