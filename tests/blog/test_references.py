"""Citation markers: [@key] in the body becomes a numbered link to the reference list and back,
is left alone inside code, and an unknown marker is refused with its name."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blog.models import Article, Reference
from blog.references import cited_keys, link_citations, markdownify, unknown_markers
from core.markdown import render, sanitize
from tests.blog.factories import ArticleFactory, CategoryFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def cited(body, keys):
    return link_citations(render(body).html, keys)


def test_a_marker_becomes_a_numbered_superscript_link_with_an_anchor_for_the_way_back():
    html = cited("Needles help [@b].", ["a", "b"])
    assert '<sup class="citation" id="cite-b-1"><a href="#ref-b">[2]</a></sup>' in html


def test_a_reference_cited_again_keeps_its_number_and_gets_a_second_anchor():
    html = cited("First [@a], then [@b], and [@a] again.", ["a", "b"])
    assert re.findall(r"\[(\d)\]</a>", html) == ["1", "2", "1"]
    assert 'id="cite-a-1"' in html and 'id="cite-a-2"' in html


def test_markers_inside_code_and_pre_stay_as_typed():
    body = "Use `[@a]` inline.\n\n```\n[@a] in a block\n```\n\nBut here [@a]."
    html = cited(body, ["a"])
    assert "<code>[@a]</code>" in html
    assert "[@a] in a block" in html
    assert html.count('class="citation"') == 1
    assert cited_keys(render("`[@ghost]`").html) == []


def test_a_marker_inside_a_link_address_is_not_touched():
    html = cited("[see](https://example.org/[@a]) and [@a]", ["a"])
    assert html.count('class="citation"') == 1


def test_the_only_difference_a_second_sanitising_pass_makes_is_the_anchors_ids():
    html = cited("Text [@a] <script>alert(1)</script> and [@a].", ["a"])
    assert "<script>" not in html
    without_ids = re.sub(r' id="cite-[a-z0-9-]+-\d+"', "", html)
    without_ids = without_ids.replace(' class="citation"', "")
    assert sanitize(html) == sanitize(without_ids)
    assert re.sub(r' rel="[^"]*"', "", sanitize(without_ids)) == re.sub(
        r' rel="[^"]*"', "", without_ids
    )


def test_unknown_markers_are_named_in_order_and_code_does_not_count():
    body = "[@known] [@missing-one] `[@in-code]` [@missing-two] [@missing-one]"
    assert unknown_markers(body, ["known"]) == ["missing-one", "missing-two"]


def test_the_live_preview_numbers_markers_in_order_of_use():
    html = markdownify("[@x] then [@y] then [@x]")
    assert re.findall(r"\[(\d)\]</a>", html) == ["1", "2", "1"]
    assert "id=" not in html


def test_the_stored_body_links_the_articles_references_once_they_exist():
    article = ArticleFactory(body="Claim [@trial].")
    assert "[@trial]" in article.body_html  # no reference yet: left as typed
    ReferenceFactory(article=article, key="trial")
    article.save()
    assert 'href="#ref-trial"' in article.body_html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doi", "11.1000/xyz", "A DOI starts with"),
        ("doi", "10.12/abc", "A DOI starts with"),
        ("pmid", "PMID:123", "A PMID is a number"),
        ("pmid", "123456789", "A PMID is a number"),
    ],
)
def test_malformed_doi_and_pmid_are_refused(field, value, message):
    reference = Reference(article=ArticleFactory(), key="r", title="T", **{field: value})
    with pytest.raises(ValidationError) as caught:
        reference.full_clean()
    assert message in str(caught.value.message_dict[field])


def test_a_reference_needs_a_doi_pmid_or_address_and_a_title():
    reference = Reference(article=ArticleFactory(), key="r", title="")
    with pytest.raises(ValidationError) as caught:
        reference.full_clean()
    assert "Give at least one of DOI, PMID or web address." in caught.value.message_dict["url"]
    assert "title" in caught.value.message_dict


def test_a_doi_pasted_as_an_address_is_stored_as_the_doi_alone():
    reference = Reference(
        article=ArticleFactory(), key="r", title="T", doi="https://doi.org/10.1000/xyz123"
    )
    reference.full_clean()
    assert reference.doi == "10.1000/xyz123"


# The admin: the article form and its reference rows are saved together.


def article_form(article=None, body="A claim [@trial].", references=()):
    category = article.category if article else CategoryFactory()
    data = {
        "title": "Needles and nerves",
        "slug": "needles-and-nerves",
        "summary": "How fine needles talk to the nervous system.",
        "body": body,
        "category": category.pk,
        "status": "draft",
        "cover_alt": "",
        "references-TOTAL_FORMS": str(len(references)),
        "references-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    for index, reference in enumerate(references):
        for name, value in reference.items():
            data[f"references-{index}-{name}"] = value
    return data


TRIAL = {"position": "1", "key": "trial", "title": "A trial", "doi": "10.5555/trial.1"}


def test_the_admin_refuses_a_body_citing_an_unknown_marker_and_keeps_what_was_typed(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:blog_article_add"),
        article_form(body="A claim [@trail] and [@trial].", references=[TRIAL]),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "The body cites [@trail], but no reference below has that marker. Add the reference, "
        "or correct the marker in the body." in page
    )
    assert "A claim [@trail] and [@trial]." in page
    assert not Article.objects.exists()


def test_the_admin_saves_references_and_links_the_markers_in_the_same_save(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:blog_article_add"), article_form(references=[TRIAL]))
    assert response.status_code == 302
    article = Article.objects.get()
    assert 'href="#ref-trial"' in article.body_html
    assert article.references.get().doi == "10.5555/trial.1"


def test_a_form_posted_without_reference_rows_keeps_the_stored_ones(client, editor):
    article = ArticleFactory(body="A claim [@trial].", draft=True, author=editor)
    ReferenceFactory(article=article, key="trial")
    client.force_login(editor)
    data = article_form(article)
    data = {k: v for k, v in data.items() if not k.startswith("references-")}
    data["slug"] = article.slug
    response = client.post(reverse("admin:blog_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert article.references.count() == 1


def test_the_editors_live_preview_shows_numbered_citations(client, author):
    client.force_login(author)
    response = client.post(reverse("markdownx_markdownify"), {"content": "Claim [@trial]."})
    assert response.content.decode().strip() == (
        '<p>Claim <sup class="citation"><a href="#ref-trial">[1]</a></sup>.</p>'
    )
