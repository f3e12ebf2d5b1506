"""Arrange an article's comments the way its page shows them, from one list loaded in one query,
and render them.

Replies nest two levels deep; a reply to a reply at the second level stays at that level, just
after the comment it answers, marked "replying to <name>". A comment that is deleted or not shown
but has replies stays in place as a short notice, so the thread keeps its shape.

`render_thread()` writes the HTML in plain Python rather than with a template: a thread is the
one list on the site that grows with its readers, and rendering each comment through the
template engine (about twenty variable lookups, an include and three URL reversals each) was
most of the time of an article page with twenty comments. It joins strings (format_html per
piece cost as much again) and reverses each kind of link once per thread. Everything it writes
is escaped (html.escape, as Django's escape) but the comment's stored, sanitised body.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from django.urls import reverse
from django.utils.safestring import mark_safe

from core.avatars import avatar_html
from core.templatetags.dates import time_element

from .models import Comment
from .services import can_still_edit

MAX_DEPTH = 2
NOTICES = {
    Comment.Status.PENDING: "Comment awaiting approval",
    Comment.Status.HIDDEN: "Comment removed by a moderator",
    Comment.Status.SPAM: "Comment removed by a moderator",
}


@dataclass
class Node:
    comment: Comment
    depth: int
    notice: str = ""
    replying_to: str = ""
    can_reply: bool = False
    can_edit: bool = False
    can_delete: bool = False
    children: list = field(default_factory=list)

    @property
    def pending(self):
        return not self.notice and self.comment.status == Comment.Status.PENDING


def author_name(comment):
    if comment.is_deleted:
        return "a deleted comment"
    return comment.author.public_name if comment.author else "a former member"


def build_thread(comments, *, user, replies_open):
    """The top-level nodes of the thread, each with its displayed replies in `children`."""
    comments = list(comments)
    by_id = {comment.pk: comment for comment in comments}
    replies = defaultdict(list)
    for comment in comments:
        replies[comment.parent_id].append(comment)

    def is_shown(comment):
        if comment.is_visible:
            return True
        own = user.is_authenticated and comment.author_id == user.pk
        return own and not comment.is_deleted and comment.status == Comment.Status.PENDING

    # A comment is on the page when it, or anything replying to it, is shown.
    on_page = set()
    for comment in filter(is_shown, comments):
        pk = comment.pk
        while pk is not None and pk not in on_page:
            on_page.add(pk)
            pk = by_id[pk].parent_id

    roots = []
    # Depth-first, oldest first, so a flattened reply follows the comment it answers.
    stack = [(comment, 0, roots) for comment in reversed(replies[None])]
    while stack:
        comment, depth, container = stack.pop()
        if comment.pk not in on_page:
            continue
        node = _node(comment, depth, user=user, shown=is_shown(comment), open_=replies_open)
        if depth > MAX_DEPTH:
            node.replying_to = author_name(by_id[comment.parent_id])
        container.append(node)
        inner = node.children if depth < MAX_DEPTH else container
        stack.extend((reply, depth + 1, inner) for reply in reversed(replies[comment.pk]))
    return roots


def _node(comment, depth, *, user, shown, open_):
    node = Node(comment=comment, depth=min(depth, MAX_DEPTH))
    if not shown:
        node.notice = "Comment deleted" if comment.is_deleted else NOTICES[comment.status]
        return node
    own = user.is_authenticated and comment.author_id == user.pk
    node.can_reply = open_ and comment.is_visible
    node.can_edit = own and can_still_edit(comment)
    node.can_delete = own
    return node


def render_thread(nodes, *, article):
    """The thread's HTML: nested lists of comments (templates/comments/section.html shows it),
    or the empty-thread message."""
    if not nodes:
        return mark_safe('<p class="comments__empty">No comments yet.</p>')  # noqa: S308
    links = _Links(article.slug)
    parts = []
    _render_list(nodes, parts, links, "comment-list")
    return mark_safe("".join(parts))  # noqa: S308 - every value in it escaped below


class _Links:
    """The reply, edit and delete addresses of the article's comments, from one reverse() each:
    only the comment's pk differs between two comments' links."""

    PK = 987654321  # stands for the pk; the slug comes before it, so the last one is the pk

    def __init__(self, slug):
        self.slug = slug
        self.patterns = {}

    def __call__(self, name, pk):
        pattern = self.patterns.get(name)
        if pattern is None:
            url = reverse(f"comments:{name}", args=[self.slug, self.PK])
            pattern = self.patterns[name] = url.rpartition(str(self.PK))[::2]
        return f"{pattern[0]}{pk}{pattern[1]}"


def _render_list(nodes, parts, links, css):
    parts.append(f'<ol class="{css}">\n')
    last = len(nodes) - 1
    for index, node in enumerate(nodes):
        parts.append("<li>")
        _render_comment(node, parts, links)
        if node.children:
            _render_list(node.children, parts, links, "comment-list comment-list--replies")
        parts.append("</li>\n" if index < last else "</li>")
    parts.append("\n</ol>")


def _render_comment(node, parts, links):
    comment = node.comment
    anchor = comment.anchor
    if node.notice:
        parts.append(
            f'<article class="comment comment--notice" id="{anchor}">'
            f'<p class="comment__notice">{escape(node.notice)}</p></article>'
        )
        return
    pending = node.pending
    name = escape(comment.author.public_name) if comment.author else ""
    meta = f"{avatar_html(comment.author)}" if comment.author else ""
    meta += f'<span class="comment__author">{name or "Former member"}</span>'
    if node.replying_to:
        meta += f' <span class="comment__replying">replying to {escape(node.replying_to)}</span>'
    meta += (
        f' <a class="comment__permalink" href="#{anchor}" title="Link to this comment">'
        f"{time_element(comment.created_at, with_time=True)}</a>"
    )
    if comment.edited_at:
        meta += ' <span class="comment__edited">(edited)</span>'
    if pending:
        meta += ' <strong class="badge">Awaiting approval</strong>'
    parts.append(
        f'<article class="comment{" comment--pending" if pending else ""}" id="{anchor}">'
        f'<header class="comment__meta">{meta}</header>\n'
        # The body was sanitised when saved (core.markdown).
        f'<div class="comment__body">{comment.body_html}</div>'
    )
    _render_actions(node, parts, links, name)
    parts.append("</article>")


def _render_actions(node, parts, links, name):
    pk = node.comment.pk
    actions = []
    if node.can_reply:
        actions.append(
            f'<li><a class="comment__reply" href="{escape(links("reply", pk))}"'
            f' data-reply-to="comment-{pk}">Reply'
            f'<span class="visually-hidden"> to {name or "this comment"}</span></a></li>'
        )
    if node.can_edit:
        actions.append(f'<li><a href="{escape(links("edit", pk))}">Edit</a></li>')
    if node.can_delete:
        actions.append(f'<li><a href="{escape(links("delete", pk))}">Delete</a></li>')
    if actions:
        parts.append(f'\n<ul class="comment__actions">{"".join(actions)}</ul>')
