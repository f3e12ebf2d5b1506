"""On PostgreSQL, give articles a weighted full-text vector.

The `search_vector` column exists only on PostgreSQL, so the model does not declare it: a
trigger keeps it current on every INSERT and UPDATE (bulk_create and queryset updates
included), and a GIN index serves `search_vector @@ query`. blog/search.py reads it.
Weights: A title, B summary, C body text. If a column named here is renamed, update the
trigger function in a new migration.
"""

from django.db import migrations

CREATE_SQL = """
ALTER TABLE blog_article ADD COLUMN search_vector tsvector;
CREATE FUNCTION blog_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(NEW.body_text, '')), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER blog_article_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, body_text ON blog_article
    FOR EACH ROW EXECUTE FUNCTION blog_article_search_vector();
UPDATE blog_article SET title = title;
CREATE INDEX blog_article_search_idx ON blog_article USING gin (search_vector);
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS blog_article_search_vector ON blog_article;
DROP FUNCTION IF EXISTS blog_article_search_vector();
ALTER TABLE blog_article DROP COLUMN IF EXISTS search_vector;
"""


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("blog", "0002_editorial_roles")]

    operations = [migrations.RunPython(add_search_vector, drop_search_vector)]
