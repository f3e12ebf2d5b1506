"""The pages that post, reply to, edit and delete comments (the thread on the article page is
the `{% comment_section %}` tag: templatetags/comments.py).

Everything works as plain HTML forms; static/js/comments.js only opens the reply form in place.
Every refusal re-renders the form with the member's text and a message saying why.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from blog.models import Article
from blog.views import ArticleDetailView
from core.throttle import client_ip

from .forms import CommentForm, CommentPostForm
from .models import Comment
from .services import (
    CommentRefused,
    can_still_edit,
    comment_delete,
    comment_edit,
    comment_post,
    refusal_to_post,
)


def login_url(next_url):
    """The sign-in page, coming back to `next_url` (a fragment included) afterwards."""
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}"


def posting_context(request, article, *, form=None, next_url):
    """The comment form, or why there is none: comments closed, not signed in, or e-mail not
    yet confirmed. A `form` given back after a refused POST is always shown, text and all."""
    refusal = refusal_to_post(article, request.user)
    context = {"comment_form": form, "comment_refusal": refusal}
    if form is None and refusal is None:
        context["comment_form"] = CommentPostForm()
    if refusal is not None and refusal.code == "anonymous":
        context["login_url"] = login_url(next_url)
    elif refusal is not None and refusal.code == "unverified":
        context["account_url"] = resolve_url(settings.LOGIN_REDIRECT_URL)
    return context


class ArticleCommentView(ArticleDetailView):
    """POST /articles/<slug>/comments/: a new top-level comment on the article. Posted, it
    leads to the comment; refused, the article page comes back with the member's text in the
    form and a message saying why, with the refusal's status."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not request.user.is_authenticated:
            return redirect_to_login(f"{self.object.get_absolute_url()}#comments")
        form = CommentPostForm(request.POST)
        comment, status = submit(request, form, article=self.object)
        if comment:
            return redirect(comment)
        response = self.render_to_response(self.get_context_data(comment_form=form), status=status)
        return with_retry_after(response, form)


def with_retry_after(response, form):
    """A refusal over a posting budget (429) says when to try again."""
    if getattr(form, "retry_after", None):
        response["Retry-After"] = str(form.retry_after)
    return response


def submit(request, form, *, article, parent=None):
    """Post the form's comment: (comment, None) on success, (None, HTTP status) if refused;
    a refusal over a posting budget leaves its wait in seconds on `form.retry_after`."""
    if not form.is_valid():
        return None, 400
    try:
        comment = comment_post(
            article=article,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            honeypot=form.cleaned_data["website"],
            client=client_ip(request),
        )
    except CommentRefused as refusal:
        form.add_error(None, refusal.message)
        form.retry_after = refusal.retry_after
        return None, refusal.status
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None, 400
    if comment.is_visible:
        messages.success(request, "Your comment is published.")
    else:
        messages.info(
            request,
            "Thank you. Your comment is awaiting approval: only you can see it until a "
            "moderator has read it.",
        )
    return comment, None


def _comment_or_404(slug, pk, **filters):
    queryset = Comment.objects.select_related("article", "author", "article__category")
    return get_object_or_404(queryset, pk=pk, article__slug=slug, **filters)


@require_http_methods(["GET", "POST"])
def comment_reply(request, slug, pk):
    """The reply form on a page of its own (without JavaScript), under the comment it answers."""
    parent = _comment_or_404(
        slug,
        pk,
        status=Comment.Status.VISIBLE,
        is_deleted=False,
        article__in=Article.objects.published(),
    )
    article = parent.article
    here = request.get_full_path()
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(here)
    form, status = None, 200
    if request.method == "POST":
        form = CommentPostForm(request.POST)
        comment, status = submit(request, form, article=article, parent=parent)
        if comment:
            return redirect(comment)
    context = posting_context(request, article, form=form, next_url=here)
    context.update(article=article, parent=parent)
    response = render(request, "comments/comment_reply.html", context, status=status)
    return with_retry_after(response, form)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit_view(request, slug, pk):
    """Change the text of one's own comment during the first 15 minutes."""
    comment = _comment_or_404(slug, pk, author=request.user, is_deleted=False)
    editable = can_still_edit(comment)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status
        except ValidationError as error:
            form.add_error(None, error.messages)
            status = 400
        else:
            if comment.status == Comment.Status.PENDING:
                messages.info(
                    request,
                    "Your comment is updated and awaiting approval: only you can see it until "
                    "a moderator has read it.",
                )
            else:
                messages.success(request, "Your comment is updated.")
            return redirect(comment)
    elif request.method == "POST":
        status = 400
    context = {"comment": comment, "article": comment.article, "form": form, "editable": editable}
    return render(request, "comments/comment_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete_view(request, slug, pk):
    """Ask, then delete one's own comment."""
    comment = _comment_or_404(slug, pk, author=request.user, is_deleted=False)
    if request.method == "POST":
        comment_delete(comment=comment, by=request.user)
        messages.success(request, "Your comment is deleted.")
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    return render(
        request,
        "comments/comment_confirm_delete.html",
        {"comment": comment, "article": comment.article},
    )


class MyCommentsView(LoginRequiredMixin, ListView):
    """/comments/mine/: the member's own comments, newest first, with links into each thread."""

    template_name = "comments/my_comments.html"
    context_object_name = "comments"
    paginate_by = 20

    def get_queryset(self):
        return (
            Comment.objects.filter(author=self.request.user, is_deleted=False)
            .select_related("article")
            .order_by("-created_at", "-pk")
        )
