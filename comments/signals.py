"""What the comments app tells the rest of the site, without knowing who listens.

`comment_published` is sent once a comment becomes visible to readers (posted under an open
policy, or approved by a moderator), after the transaction that did it has committed, with
`comment` (author, article and parent within reach). The accounts app e-mails the people who
asked to hear about it; a receiver's failure must not undo or hide the comment.
"""

from django.dispatch import Signal

comment_published = Signal()
