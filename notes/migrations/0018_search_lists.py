"""A speaker's claims by id, so search's ``speaker:`` list reads the newest few by index.

Without it PostgreSQL either walks the whole primary key backwards until enough of the speaker's
claims turn up, or reads every claim of the speaker and sorts them (see notes/search/plain.py).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notes", "0017_page_rows")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["speaker", "id"], name="claim_speaker_newest"),
        ),
    ]
