"""Arrange an article's comments the way its page shows them, from one list loaded in one query.

Replies nest two levels deep; a reply to a reply at the second level stays at that level, just
after the comment it answers, marked "replying to <name>". A comment that is deleted or not shown
but has replies stays in place as a short notice, so the thread keeps its shape.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from .comments import can_still_edit
from .models import Comment

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
