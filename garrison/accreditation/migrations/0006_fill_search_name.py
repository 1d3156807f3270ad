"""Fill ``Person.search_name`` for people accredited before it existed.

The folding is copied here, not imported: a migration must keep doing what it did the day it
was written, whatever ``people.names`` becomes.
"""

import unicodedata

from django.db import migrations


def _fold(text):
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("đ", "d").split())


def fill(apps, schema_editor):
    Person = apps.get_model("accreditation", "Person")
    batch = []
    for person in Person.objects.only("pk", "full_name", "organisation").iterator(chunk_size=1000):
        person.search_name = f"{_fold(person.full_name)}\n{_fold(person.organisation)}"
        batch.append(person)
        if len(batch) >= 1000:
            Person.objects.bulk_update(batch, ["search_name"])
            batch = []
    Person.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0005_selection_search_printed")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
