from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Publishing"

    def ready(self):
        from .cache import watch
        from .models import Article, Category, Comment, SlugRedirect, Tag

        # Everything a public page shows; other apps add theirs in their own ready().
        for model in (Article, Category, Tag, Comment, SlugRedirect):
            watch(model)

        from django.db.models.signals import post_delete, post_save

        from .comments import on_comment_changed

        post_save.connect(on_comment_changed, sender=Comment, dispatch_uid="folio-comment-count")
        post_delete.connect(on_comment_changed, sender=Comment, dispatch_uid="folio-comment-count")
