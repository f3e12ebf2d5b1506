"""{% shared %}: a piece of a template rendered once and shared by every reader it is shown to.

    {% load fragments %}
    {% shared "article-thread" article.pk when thread_is_shared %}
      … what is inside depends only on article.pk and on published content …
    {% endshared %}

The name and the values after it make the cache key; the content version keeps the piece fresh
(blog.cache.shared), as it does whole pages. With `when <condition>`, the piece is cached only
when the condition is true and rendered afresh otherwise: for parts that are the same for every
anonymous reader but hold a member's own buttons or comments. Nothing inside may depend on the
request or the reader (CSRF tokens, `user`, the query string) unless the condition rules it out.

Values the piece needs can be given as callables from the view (see ArticleDetailView): the
template calls them only when it renders the piece, so a cache hit spares their queries.
"""

from django import template

from blog.cache import shared

register = template.Library()


class SharedNode(template.Node):
    def __init__(self, nodelist, name, keys, condition):
        self.nodelist, self.name, self.keys, self.condition = nodelist, name, keys, condition

    def render(self, context):
        if not self.holds(context):
            return self.nodelist.render(context)
        parts = [self.name.resolve(context), *(key.resolve(context) for key in self.keys)]
        if any(part is None or part == "" for part in parts):
            # A key that did not resolve would make every reader's piece the same one.
            return self.nodelist.render(context)
        return shared(
            ":".join(map(str, parts)),
            lambda: self.nodelist.render(context),
            # Asked again after rendering: the reader's state may have changed meanwhile.
            keep=lambda: self.holds(context),
        )

    def holds(self, context):
        return self.condition is None or bool(self.condition.resolve(context, True))


@register.tag("shared")
def do_shared(parser, token):
    bits = token.split_contents()
    tag = bits.pop(0)
    condition = None
    if "when" in bits:
        at = bits.index("when")
        if at != len(bits) - 2:
            raise template.TemplateSyntaxError(f"'{tag}' takes one condition after 'when'.")
        condition = parser.compile_filter(bits[-1])
        bits = bits[:at]
    if not bits:
        raise template.TemplateSyntaxError(f"'{tag}' needs a name.")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    name, *keys = (parser.compile_filter(bit) for bit in bits)
    return SharedNode(nodelist, name, keys, condition)
