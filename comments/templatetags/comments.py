"""{% comment_section article %}: the article's comments and the form to join them.

The article page (templates/blog/article_detail.html) pulls the thread in with this tag, so
blog never imports comments. A form handed back after a refused post (`comment_form` in the
page's context) is shown again with the member's text.
"""

from django import template

from ..models import Comment
from ..threads import build_thread, render_thread
from ..views import posting_context

register = template.Library()

# What comments/threads.py reads of a comment and its author (User.public_name, the avatar):
# the rest of the author's row (password, e-mail, dates) is not converted into Python for each
# comment.
THREAD_FIELDS = (
    "parent_id",
    "author_id",
    "body_html",
    "status",
    "is_deleted",
    "created_at",
    "edited_at",
    "author__username",
    "author__display_name",
    "author__first_name",
    "author__last_name",
    "author__avatar",
)


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    request = context["request"]
    user = request.user
    replies_open = article.is_public and article.comments_open

    def thread():  # called by the template only when the thread is not in the cache
        comments = Comment.objects.thread(article).only(*THREAD_FIELDS)
        nodes = build_thread(comments, user=user, replies_open=replies_open)
        return render_thread(nodes, article=article)

    # A reader's own comments show while pending, with Edit and Delete: such a thread is
    # theirs alone. Without any, it is the same for everyone and kept as a fragment.
    own = user.is_authenticated and Comment.objects.filter(article=article, author=user).exists()
    next_url = f"{article.get_absolute_url()}#comments"
    return {
        "article": article,
        "thread": thread,
        "thread_is_shared": not own,
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "content_version": context.get("content_version"),
        "cache_seconds": context.get("cache_seconds"),
        **posting_context(request, article, form=context.get("comment_form"), next_url=next_url),
    }
